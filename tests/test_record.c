/* test_record.c - the conflict record reader: the shared layout, the project's file, errors
 * with file:line:column, and the importer's `record` layout. */
#include "base/date.h"
#include "base/err.h"
#include "data/incidents.h"
#include "data/record.h"
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#define FIX "tests/fixtures/"
#define PROJECT_RECORD "scenarios/record/af-pk-2021-2024.csv"

static long ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

static record *load_ok(const char *path, int strict, record_report *rep)
{
    record *r = NULL;
    int rc = record_load(path, strict, &r, rep);
    cr_assert_eq(rc, 0, "%s: expected: 0, got: %d (%s)", path, rc, rep->error);
    cr_assert_not_null(r);
    return r;
}

static int any_msg_has(const record_report *rep, const char *s)
{
    for (int i = 0; i < rep->n_msgs; i++)
        if (strstr(rep->msg[i], s)) return 1;
    return 0;
}

static int count_kind(const record *r, int kind)
{
    int n = 0;
    for (int i = 0; i < r->n; i++) n += r->ev[i].kind == kind;
    return n;
}

Test(record, the_shared_layout_is_read_as_it_is_with_extra_columns_ignored)
{
    record_report rep;
    record *r = load_ok(FIX "record-shared.csv", 1, &rep);
    cr_assert_eq(r->n, 7);
    cr_assert_eq(rep.rows_read, 7);
    /* sorted by day; the month-only clash (April 2022) sorts at the 1st of its month */
    cr_assert_eq(r->ev[0].day, ymd(2021, 11, 9));
    cr_assert(r->ev[0].has_end);
    cr_assert_eq(r->ev[0].end, ymd(2021, 12, 9));
    cr_assert_eq(r->ev[1].kind, RECORD_CLASH);
    cr_assert_eq(r->ev[1].day, ymd(2022, 4, 1));
    cr_assert_eq(r->ev[1].day_last, ymd(2022, 4, 30), "a month-only date spans the month");
    const record_event *s = &r->ev[3];
    cr_assert_eq(s->kind, RECORD_STRIKE);
    cr_assert_eq(s->day, s->day_last);
    cr_assert_eq(s->killed_lo, 44);
    cr_assert_eq(s->killed_hi, 47);
    cr_assert_str_eq(s->killed, "44-47");
    cr_assert_str_eq(s->description, "Predawn strikes, \"two\" provinces");
    cr_assert_eq(s->confidence, RECORD_DISPUTED);
    cr_assert_str_eq(s->source_url, "https://example.org/a");
    cr_assert_str_eq(s->id, "", "no id column: ids are blank");
    cr_assert(isnan(s->lat) && isnan(s->lon));
    cr_assert_eq(r->ev[6].killed_lo, 8, "a leading number is read from text: %g",
                 r->ev[6].killed_lo);
    cr_assert_eq(r->ev[6].killed_hi, 8);
    record_destroy(r);
}

Test(record, the_projects_record_has_the_events_the_readme_counts)
{
    record_report rep;
    record *r = load_ok(PROJECT_RECORD, 1, &rep);
    cr_assert_eq(r->n, 42);
    /* scenarios/record/README.md: 3 strikes (the two 16 April 2022 rows are one), 10
     * clashes, 5 closures, 7 attacks, 1 demarche, 1 deportation order, no ultimatum */
    cr_assert_eq(count_kind(r, RECORD_STRIKE), 3);
    cr_assert_eq(count_kind(r, RECORD_CLASH), 10);
    cr_assert_eq(count_kind(r, RECORD_CLOSURE), 5);
    cr_assert_eq(count_kind(r, RECORD_ATTACK), 7);
    cr_assert_eq(count_kind(r, RECORD_DEMARCHE), 1);
    cr_assert_eq(count_kind(r, RECORD_DEPORTATION), 1);
    cr_assert_eq(count_kind(r, RECORD_ULTIMATUM), 0);
    for (int i = 0; i < r->n; i++) {
        cr_assert(r->ev[i].id[0], "line %ld has no id", r->ev[i].line);
        cr_assert(r->ev[i].source_url[0] && r->ev[i].source_title[0]);
        cr_assert(i == 0 || r->ev[i].day >= r->ev[i - 1].day);
        cr_assert(r->ev[i].day >= ymd(2021, 8, 15) && r->ev[i].day_last <= ymd(2024, 12, 31));
    }
    record_destroy(r);
}

Test(record, malformed_rows_name_file_line_column_and_what_was_expected)
{
    record_report rep;
    record *r = load_ok(FIX "record-bad.csv", 0, &rep);
    cr_assert_eq(r->n, 2, "the two good rows are kept: %d", r->n);
    cr_assert_eq(rep.rows_malformed, 7);
    cr_assert(any_msg_has(&rep, "record-bad.csv:3:1: date: expected a date YYYY-MM-DD, or "
                                "YYYY-MM when the day is unknown, found '2022-13-01'"));
    cr_assert(any_msg_has(&rep, "record-bad.csv:4:3: kind: expected a kind: strike"));
    cr_assert(any_msg_has(&rep, "record-bad.csv:5:2: end_date: expected an end date on or "
                                "after the date, found '2022-04-30'"));
    cr_assert(any_msg_has(&rep, "record-bad.csv:6:6: lon: expected a latitude and a longitude "
                                "together, or neither"));
    cr_assert(any_msg_has(&rep, "record-bad.csv:7:11: source_url: expected the address of "
                                "the row's source, found ''"));
    cr_assert(any_msg_has(&rep, "record-bad.csv:8:13: confidence: expected reported, "
                                "confirmed or disputed, found 'probable'"));
    cr_assert(any_msg_has(&rep, "record-bad.csv:9: expected 13 fields (as in the header), "
                                "found 7"));
    record_destroy(r);
}

Test(record, strict_mode_stops_at_the_first_malformed_row)
{
    record_report rep;
    record *r = (record *)1;
    cr_assert_eq(record_load(FIX "record-bad.csv", 1, &r, &rep), SIM_EPARSE);
    cr_assert_null(r);
    cr_assert(strstr(rep.error, "record-bad.csv:3:1: date:"), "%s", rep.error);
}

Test(record, a_header_without_the_required_columns_is_refused)
{
    record_report rep;
    record *r = NULL;
    cr_assert_eq(record_load(FIX "record-no-source.csv", 0, &r, &rep), SIM_EPARSE);
    cr_assert(strstr(rep.error, "record-no-source.csv:1: record: expected a column "
                                "'source_url'"), "%s", rep.error);
    cr_assert_eq(record_load(FIX "empty.csv", 0, &r, &rep), SIM_EPARSE);
    cr_assert(strstr(rep.error, "expected a header row"), "%s", rep.error);
    cr_assert_eq(record_load(FIX "no-such-file.csv", 0, &r, &rep), SIM_EIO);
}

Test(record, dates_and_killed_texts)
{
    long a, b;
    cr_assert_eq(record_parse_date("2024-02", &a, &b), 0);
    cr_assert_eq(a, ymd(2024, 2, 1));
    cr_assert_eq(b, ymd(2024, 2, 29), "a leap February ends on the 29th");
    cr_assert_eq(record_parse_date("2023-12", &a, &b), 0);
    cr_assert_eq(b, ymd(2023, 12, 31));
    const char *bad[] = {"2023-02-29", "2023-2-01", "2023-00", "23-01-01", "2023-01-01x", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(record_parse_date(bad[i], &a, &b), SIM_EPARSE, "'%s'", bad[i]);
    double lo, hi;
    cr_assert(record_parse_killed("4-5 (+3 attackers)", &lo, &hi) && lo == 4 && hi == 5);
    cr_assert(record_parse_killed("0", &lo, &hi) && lo == 0 && hi == 0);
    cr_assert(!record_parse_killed("", &lo, &hi) && isnan(lo) && isnan(hi));
    cr_assert(!record_parse_killed("about ten", &lo, &hi));
    cr_assert(!record_parse_killed("9-3", &lo, &hi), "a range that runs backwards is not read");
    cr_assert(record_parse_killed("1 Pakistani (per Pak) / 19", &lo, &hi) && lo == 1 && hi == 1);
}

Test(record, the_importer_reads_the_attacks_of_a_record)
{
    incidents_report rep;
    incidents *set = NULL;
    incidents_opts o = {.format = INC_FMT_AUTO};
    cr_assert_eq(incidents_load(FIX "record-shared.csv", &o, &set, &rep), 0, "%s", rep.error);
    cr_assert_eq(rep.format, INC_FMT_RECORD, "the header tells a record");
    cr_assert_eq(set->n, 2);
    cr_assert_eq(rep.skipped[INC_SKIP_KIND], 4, "a strike, a ceasefire and two clashes");
    cr_assert_eq(rep.skipped[INC_SKIP_UNKNOWN_DATE], 1, "the attack dated by month only");
    cr_assert_eq(set->items[0].day, ymd(2022, 4, 14));
    cr_assert_eq(set->items[1].casualties, 95, "the middle of 90-100");
    cr_assert_eq(set->items[1].line, 5);
    incidents_destroy(set);
    o = (incidents_opts){.format = INC_FMT_RECORD, .country = "Pakistan"};
    cr_assert_eq(incidents_load(FIX "record-shared.csv", &o, &set, &rep), SIM_EPARSE);
    cr_assert(strstr(rep.error, "expected a column 'country'"), "%s", rep.error);
    o = (incidents_opts){.format = INC_FMT_RECORD, .strict = 1};
    cr_assert_eq(incidents_load(FIX "record-bad.csv", &o, &set, &rep), SIM_EPARSE);
    cr_assert(strstr(rep.error, "record-bad.csv:3:1: date:"), "%s", rep.error);
}
