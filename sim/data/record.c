/* record.c - the conflict record reader (CSV through csvrd): columns by name, checked rows. */
#include "data/record.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "base/num.h"
#include "data/csvrd.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const kind_names[RECORD_NKINDS] = {
#define RECORD_KIND_NAME(name, text) text,
    RECORD_KINDS(RECORD_KIND_NAME)
#undef RECORD_KIND_NAME
};
static const char *const conf_names[RECORD_NCONF] = {"reported", "confirmed", "disputed"};

const char *record_kind_name(int kind)
{
    return kind >= 0 && kind < RECORD_NKINDS ? kind_names[kind] : "?";
}

int record_kind_find(const char *name)
{
    for (int i = 0; i < RECORD_NKINDS; i++)
        if (strcasecmp(name, kind_names[i]) == 0) return i;
    return -1;
}

const char *record_confidence_name(int c)
{
    return c >= 0 && c < RECORD_NCONF ? conf_names[c] : "?";
}

static void event_free(record_event *e)
{
    char **s[] = {&e->id, &e->place, &e->actor, &e->target, &e->killed, &e->description,
                  &e->source_url, &e->source_title};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) sim_free(*s[i]);
}

void record_destroy(record *r)
{
    if (!r) return;
    for (int i = 0; i < r->n; i++) event_free(&r->ev[i]);
    sim_free(r->ev);
    sim_free(r);
}

/* ---- values ---------------------------------------------------------------------------- */

static int digits(const char **s, int width)
{
    int v = 0;
    for (int i = 0; i < width; i++, (*s)++) {
        if (!isdigit((unsigned char)**s)) return -1;
        v = v * 10 + (**s - '0');
    }
    return v;
}

int record_parse_date(const char *s, long *first, long *last)
{
    int y = digits(&s, 4), m, d;
    if (y < 0 || *s++ != '-' || (m = digits(&s, 2)) < 0 || m < 1 || m > 12) return SIM_EPARSE;
    if (*s == '\0') {
        *first = date_from_ymd(y, m, 1);
        *last = (m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1)) - 1;
        return 0;
    }
    if (*s++ != '-' || (d = digits(&s, 2)) < 0 || *s || !date_valid(y, m, d)) return SIM_EPARSE;
    *first = *last = date_from_ymd(y, m, d);
    return 0;
}

/* A number at *s (digits with an optional decimal part), advancing *s; -1 when none. */
static double leading_number(const char **s)
{
    double v;
    int n = isdigit((unsigned char)**s) ? num_scan_double(*s, &v) : -1;   /* no "0x" */
    if (n <= 0) return -1;
    *s += n;
    return v;
}

int record_parse_killed(const char *s, double *lo, double *hi)
{
    *lo = *hi = NAN;
    if (!s) return 0;
    while (isspace((unsigned char)*s)) s++;
    double a = leading_number(&s);
    if (a < 0) return 0;
    double b = a;
    if (*s == '-' && isdigit((unsigned char)s[1])) {
        s++;
        b = leading_number(&s);
        if (b < a) return 0;
    }
    *lo = a;
    *hi = b;
    return 1;
}

/* ---- the loader ------------------------------------------------------------------------ */

enum { COL_ID, COL_DATE, COL_END, COL_KIND, COL_PLACE, COL_LAT, COL_LON, COL_ACTOR,
       COL_TARGET, COL_KILLED, COL_DESC, COL_URL, COL_TITLE, COL_CONF, NCOLS };
static const char *const col_names[NCOLS] = {
    "id", "date", "end_date", "kind", "place", "lat", "lon", "actor", "target", "killed",
    "description", "source_url", "source_title", "confidence"};
static const int col_required[NCOLS] = {[COL_DATE] = 1, [COL_KIND] = 1, [COL_URL] = 1,
                                        [COL_CONF] = 1};

typedef struct loader {
    const char *path;
    int strict;
    record_report *rep;
    char **f;
    int nf, n_header, header_done;
    int col[NCOLS];
    long line;
    int failed;
    record_event *ev;
    int n, cap;
} loader;

static void add_msg(loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_msg(loader *L, const char *fmt, ...)
{
    char buf[RECORD_MSG_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    L->rep->n_problems++;
    if (L->rep->n_msgs < RECORD_MSG_MAX) memcpy(L->rep->msg[L->rep->n_msgs++], buf, sizeof buf);
    if (L->strict && !L->failed) {
        snprintf(L->rep->error, sizeof L->rep->error, "%s", buf);
        L->failed = SIM_EPARSE;
    }
}

static const char *cell(const loader *L, int role)
{
    return L->col[role] >= 0 ? L->f[L->col[role]] : "";
}

static int bad(loader *L, int role, const char *expected)
{
    add_msg(L, "%s:%ld:%d: %s: expected %s, found '%.60s'", L->path, L->line,
            L->col[role] + 1, col_names[role], expected, cell(L, role));
    return SIM_EPARSE;
}

static void on_header(loader *L)
{
    L->n_header = L->nf;
    for (int c = 0; c < NCOLS; c++) {
        L->col[c] = -1;
        for (int i = 0; i < L->nf && L->col[c] < 0; i++) {
            const char *h = L->f[i];
            while (isspace((unsigned char)*h)) h++;
            size_t len = strlen(h);
            while (len && isspace((unsigned char)h[len - 1])) len--;
            if (len == strlen(col_names[c]) && strncasecmp(h, col_names[c], len) == 0)
                L->col[c] = i;
        }
        if (col_required[c] && L->col[c] < 0 && !L->failed) {
            snprintf(L->rep->error, sizeof L->rep->error,
                     "%s:%ld: record: expected a column '%s' in the header (the record "
                     "layout: date, kind, source_url and confidence are required), not found",
                     L->path, L->line, col_names[c]);
            L->failed = SIM_EPARSE;
        }
    }
}

static int read_dates(loader *L, record_event *e)
{
    if (record_parse_date(cell(L, COL_DATE), &e->day, &e->day_last))
        return bad(L, COL_DATE, "a date YYYY-MM-DD, or YYYY-MM when the day is unknown");
    const char *end = cell(L, COL_END);
    if (!*end) return 0;
    if (record_parse_date(end, &e->end, &e->end_last))
        return bad(L, COL_END, "a blank, or an end date YYYY-MM-DD or YYYY-MM");
    if (e->end_last < e->day) return bad(L, COL_END, "an end date on or after the date");
    e->has_end = 1;
    return 0;
}

static int read_coord(loader *L, int role, double lim, double *out)
{
    const char *s = cell(L, role);
    *out = NAN;
    if (!*s) return 0;
    double v;
    if (num_parse_padded(s, &v) != 0 || fabs(v) > lim)
        return bad(L, role, role == COL_LAT ? "a latitude in [-90, 90]"
                                            : "a longitude in [-180, 180]");
    *out = v;
    return 0;
}

static int read_codes(loader *L, record_event *e)
{
    e->kind = record_kind_find(cell(L, COL_KIND));
    if (e->kind < 0)
        return bad(L, COL_KIND, "a kind: strike, clash, closure, reopening, delegation, "
                                "ultimatum, demarche, deportation, talks, ceasefire, "
                                "ceasefire_end, attack or offer");
    e->confidence = -1;
    for (int i = 0; i < RECORD_NCONF; i++)
        if (strcasecmp(cell(L, COL_CONF), conf_names[i]) == 0) e->confidence = i;
    if (e->confidence < 0) return bad(L, COL_CONF, "reported, confirmed or disputed");
    if (!*cell(L, COL_URL)) return bad(L, COL_URL, "the address of the row's source");
    return 0;
}

static int read_row(loader *L, record_event *e)
{
    memset(e, 0, sizeof *e);
    if (L->nf != L->n_header) {
        add_msg(L, "%s:%ld: expected %d fields (as in the header), found %d", L->path,
                L->line, L->n_header, L->nf);
        return SIM_EPARSE;
    }
    if (read_dates(L, e) || read_codes(L, e) || read_coord(L, COL_LAT, 90, &e->lat) ||
        read_coord(L, COL_LON, 180, &e->lon))
        return SIM_EPARSE;
    if (isnan(e->lat) != isnan(e->lon))
        return bad(L, isnan(e->lat) ? COL_LAT : COL_LON,
                   "a latitude and a longitude together, or neither");
    record_parse_killed(cell(L, COL_KILLED), &e->killed_lo, &e->killed_hi);
    e->line = L->line;
    return 0;
}

static int keep_strings(loader *L, record_event *e)
{
    static const int roles[] = {COL_ID, COL_PLACE, COL_ACTOR, COL_TARGET, COL_KILLED,
                                COL_DESC, COL_URL, COL_TITLE};
    char **dst[] = {&e->id, &e->place, &e->actor, &e->target, &e->killed, &e->description,
                    &e->source_url, &e->source_title};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (!(*dst[i] = sim_strdup(cell(L, roles[i])))) return SIM_ENOMEM;
    return 0;
}

static void on_row(loader *L)
{
    record_event e;
    L->rep->rows_read++;
    if (read_row(L, &e)) {
        L->rep->rows_malformed++;
        return;
    }
    if (sim_grow(&L->ev, &L->cap, L->n, sizeof *L->ev, 64)) { L->failed = SIM_ENOMEM; return; }
    if (keep_strings(L, &e)) {
        event_free(&e);
        L->failed = SIM_ENOMEM;
        return;
    }
    L->ev[L->n++] = e;
    L->rep->rows_used++;
}

static int on_record(void *ctx, char **fields, int nf, long line)
{
    loader *L = ctx;
    L->f = fields;
    L->nf = nf;
    L->line = line;
    if (!L->header_done) {
        L->header_done = 1;
        on_header(L);
    } else {
        on_row(L);
    }
    return L->failed;
}

static int cmp_event(const void *a, const void *b)
{
    const record_event *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

int record_load(const char *path, int strict, record **out, record_report *rep)
{
    memset(rep, 0, sizeof *rep);
    *out = NULL;
    loader L = {.path = path, .strict = strict, .rep = rep};
    int rc = csvrd_read_file(path, on_record, &L, rep->error, sizeof rep->error);
    record *r = NULL;
    if (!rc && !(r = sim_calloc(1, sizeof *r))) rc = SIM_ENOMEM;
    if (rc) {
        for (int i = 0; i < L.n; i++) event_free(&L.ev[i]);
        sim_free(L.ev);
        if (rc == SIM_ENOMEM && !rep->error[0])
            snprintf(rep->error, sizeof rep->error, "%s: out of memory", path);
        return rc;
    }
    if (L.n > 1) qsort(L.ev, (size_t)L.n, sizeof *L.ev, cmp_event);
    r->ev = L.ev;
    r->n = L.n;
    *out = r;
    return 0;
}
