/* fuzz_record.c - libFuzzer target for the conflict record reader (record_load, the reader
 * behind `--format record` and the project's record file).
 *
 * The first input byte picks strict mode (bit 0); the rest is the CSV file. Its first line
 * is also given to the date and killed-text parsers. A load returns a record whose every row
 * holds what record.h promises (sorted by day and stable, dates in order, codes in range,
 * coordinates in bounds or both absent, no NULL string, counts that add up) or an error with
 * a message and no record; a strict load that succeeds skipped no row. */
#include "base/err.h"
#include "data/record.h"
#include "fuzz_util.h"
#include <math.h>

static void check_event(const record_event *e)
{
    if (e->day > e->day_last) abort();
    if (e->has_end && (e->end > e->end_last || e->end_last < e->day)) abort();
    if (e->kind < 0 || e->kind >= RECORD_NKINDS || strcmp(record_kind_name(e->kind), "?") == 0)
        abort();
    if (e->confidence < 0 || e->confidence >= RECORD_NCONF) abort();
    if (isnan(e->lat) != isnan(e->lon)) abort();
    if (!isnan(e->lat) && (fabs(e->lat) > 90 || fabs(e->lon) > 180)) abort();
    if (isnan(e->killed_lo) != isnan(e->killed_hi)) abort();
    if (!isnan(e->killed_lo) &&
        !(e->killed_lo >= 0 && e->killed_lo <= e->killed_hi && isfinite(e->killed_hi)))
        abort();
    const char *s[] = {e->id, e->place, e->actor, e->target, e->killed, e->description,
                       e->source_url, e->source_title};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        if (!s[i]) abort();
    /* Lines count newlines: in a file whose records end in a lone CR every row is on line 1. */
    if (!e->source_url[0] || e->line < 1) abort();
}

static void check_record(const record *r, const record_report *rep, int strict)
{
    if (r->n < 0 || (r->n > 0 && !r->ev)) abort();
    for (int i = 0; i < r->n; i++) {
        check_event(&r->ev[i]);
        if (i == 0) continue;
        const record_event *a = &r->ev[i - 1], *b = &r->ev[i];
        if (b->day < a->day || (b->day == a->day && b->line <= a->line)) abort();
    }
    if (rep->rows_used != r->n || rep->rows_read != rep->rows_used + rep->rows_malformed)
        abort();
    if (strict && rep->rows_malformed != 0) abort();
    if (rep->n_msgs < 0 || rep->n_msgs > RECORD_MSG_MAX || rep->n_problems < rep->n_msgs)
        abort();
}

static void parse_first_line(const uint8_t *data, size_t size)
{
    char line[256];
    size_t n = 0;
    while (n < size && n + 1 < sizeof line && data[n] != '\n' && data[n] != '\0') {
        line[n] = (char)data[n];
        n++;
    }
    line[n] = '\0';
    long first, last;
    if (record_parse_date(line, &first, &last) == 0 && (first > last || last - first > 30))
        abort(); /* a day, or a month of at most 31 days */
    double lo, hi;
    int has = record_parse_killed(line, &lo, &hi);
    if (has && !(lo >= 0 && lo <= hi && isfinite(hi))) abort();
    if (!has && !(isnan(lo) && isnan(hi))) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int strict = data[0] & 1;
    parse_first_line(data + 1, size - 1);
    char path[600];
    if (fuzz_write("r.csv", data + 1, size - 1, path, sizeof path) != 0) return 0;
    record *r = NULL;
    record_report rep;
    int rc = record_load(path, strict, &r, &rep);
    if (rc == 0) {
        if (!r) abort();
        check_record(r, &rep, strict);
    } else if (r || !rep.error[0]) {
        abort(); /* an error leaves no record and says why */
    }
    record_destroy(r);
    return 0;
}
