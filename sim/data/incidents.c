/* incidents.c - CSV incident import (libcsv) with layout detection, filters and row checks. */
#include "data/incidents.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "base/num.h"
#include "data/csvrd.h"
#include "data/record.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const format_names[INC_NFORMATS] = {"auto", "ucdp", "acled", "gtd", "csv",
                                                          "record"};
static const char *const skip_names[INC_NSKIP] = {"unknown date", "malformed", "actor",
                                                  "country", "date range", "bbox",
                                                  "kind"};

const char *incidents_format_name(int format)
{
    return format >= 0 && format < INC_NFORMATS ? format_names[format] : "?";
}

int incidents_format_find(const char *name)
{
    for (int i = 0; i < INC_NFORMATS; i++)
        if (strcasecmp(name, format_names[i]) == 0) return i;
    return -1;
}

const char *incidents_format_choices(void) { return "auto, ucdp, acled, gtd, csv or record"; }

const char *incidents_skip_name(int reason)
{
    return reason >= 0 && reason < INC_NSKIP ? skip_names[reason] : "?";
}

void incidents_destroy(incidents *set)
{
    if (!set) return;
    for (int i = 0; i < set->n; i++) sim_free(set->items[i].actor);
    sim_free(set->items);
    sim_free(set);
}

/* ---- dates ----------------------------------------------------------------------------- */

/* Reads exactly `width` digits at *s (advancing it). Returns -1 when they are not digits. */
static int read_digits(const char **s, int width)
{
    int v = 0;
    for (int i = 0; i < width; i++, (*s)++) {
        if (!isdigit((unsigned char)**s)) return -1;
        v = v * 10 + (**s - '0');
    }
    return v;
}

/* "YYYY-MM-DD" optionally followed by " time" or "Ttime". Fills y, m, d without checking
 * that they make a date. Returns 0 or SIM_EPARSE. */
static int split_iso(const char *s, int *y, int *m, int *d)
{
    *y = read_digits(&s, 4);
    if (*y < 0 || *s++ != '-') return SIM_EPARSE;
    *m = read_digits(&s, 2);
    if (*m < 0 || *s++ != '-') return SIM_EPARSE;
    *d = read_digits(&s, 2);
    if (*d < 0) return SIM_EPARSE;
    return *s == '\0' || *s == ' ' || *s == 'T' ? 0 : SIM_EPARSE;
}

static int month_from_name(const char *name, size_t len)
{
    static const char *const months[12] = {"january", "february", "march", "april", "may",
                                           "june", "july", "august", "september", "october",
                                           "november", "december"};
    if (len < 3) return 0;
    for (int i = 0; i < 12; i++)
        if ((len == 3 || len == strlen(months[i])) && strncasecmp(name, months[i], len) == 0)
            return i + 1;
    return 0;
}

/* "D Month YYYY" or "D-Mon-YYYY" (ACLED's export). Returns 0 or SIM_EPARSE. */
static int split_dmy(const char *s, int *y, int *m, int *d)
{
    char *end;
    long dd = strtol(s, &end, 10);
    if (end == s || !isdigit((unsigned char)*s) || (*end != ' ' && *end != '-'))
        return SIM_EPARSE;
    const char *name = end + 1, *p = name;
    while (isalpha((unsigned char)*p)) p++;
    *m = month_from_name(name, (size_t)(p - name));
    if (*m == 0 || (*p != ' ' && *p != '-')) return SIM_EPARSE;
    p++;
    *y = read_digits(&p, 4);
    if (*y < 0 || *p != '\0' || dd > 99) return SIM_EPARSE;
    *d = (int)dd;
    return 0;
}

/* Splits any accepted date form into y, m, d (unchecked). */
static int split_date(const char *s, int *y, int *m, int *d)
{
    if (split_iso(s, y, m, d) == 0) return 0;
    return split_dmy(s, y, m, d);
}

int incidents_parse_date(const char *s, long *day)
{
    int y, m, d;
    if (split_date(s, &y, &m, &d) != 0 || !date_valid(y, m, d)) return SIM_EPARSE;
    *day = date_from_ymd(y, m, d);
    return 0;
}

/* ---- loader state ---------------------------------------------------------------------- */

enum { COL_DATE, COL_YEAR, COL_MONTH, COL_DAY, COL_LAT, COL_LON, COL_ACTOR, COL_CAS,
       COL_COUNTRY, NCOLS };

/* Returned by the header callback when the file is a record: record_load reads it. */
enum { SWITCH_TO_RECORD = 1 };

typedef struct loader {
    const char *path;
    const incidents_opts *o;
    incidents_report *rep;
    char **f;              /* fields of the record being read (the reader's) */
    int nf;
    int header_done, n_header;
    int col[NCOLS];        /* field index of each role, or -1 */
    char **names;          /* header names, for messages */
    long rec_line;         /* line the record starts on */
    int failed;            /* SIM_E* code that stops the load, or 0 */
    incident *items;
    int n, cap;
} loader;

static void add_msg(loader *L, const char *fmt, ...)
{
    char buf[INC_MSG_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    L->rep->n_problems++;
    if (L->rep->n_msgs < INC_MSG_MAX) memcpy(L->rep->msg[L->rep->n_msgs++], buf, sizeof buf);
}

static void set_error(loader *L, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(L->rep->error, sizeof L->rep->error, fmt, ap);
    va_end(ap);
    L->failed = code;
}

/* ---- header ---------------------------------------------------------------------------- */

typedef struct layout {
    const char *col[NCOLS];   /* header name of each role ("" = none); "a|b" = either */
} layout;

static const layout layouts[INC_NFORMATS] = {
    [INC_FMT_UCDP] = {{"date_start", "", "", "", "latitude", "longitude", "side_b", "best",
                       "country"}},
    [INC_FMT_ACLED] = {{"event_date", "", "", "", "latitude", "longitude", "actor1",
                        "fatalities", "country"}},
    [INC_FMT_GTD] = {{"date", "iyear", "imonth", "iday", "latitude", "longitude", "gname",
                      "nkill", "country_txt"}},
    [INC_FMT_CSV] = {{"date", "", "", "", "lat|latitude", "lon|longitude", "actor",
                      "casualties", "country"}},
};

/* Index of the header field named by alternatives "a|b", or -1. */
static int header_find(const loader *L, const char *alts)
{
    while (*alts) {
        size_t len = strcspn(alts, "|");
        for (int i = 0; i < L->n_header; i++)
            if (strlen(L->names[i]) == len && strncasecmp(L->names[i], alts, len) == 0)
                return i;
        alts += len + (alts[len] == '|');
    }
    return -1;
}

static int detect_format(const loader *L)
{
    if (header_find(L, "kind") >= 0 && header_find(L, "source_url") >= 0) return INC_FMT_RECORD;
    if (header_find(L, "gname") >= 0) return INC_FMT_GTD;
    if (header_find(L, "event_date") >= 0) return INC_FMT_ACLED;
    if (header_find(L, "date_start") >= 0) return INC_FMT_UCDP;
    if (header_find(L, "date") >= 0) return INC_FMT_CSV;
    return -1;
}

/* Copies the header names (trimmed, BOM removed) for lookups and messages. */
static int keep_header(loader *L)
{
    L->names = sim_calloc((size_t)(L->nf ? L->nf : 1), sizeof *L->names);
    if (!L->names) return SIM_ENOMEM;
    L->n_header = L->nf;
    for (int i = 0; i < L->nf; i++) {
        if (!(L->names[i] = sim_strdup(L->f[i]))) return SIM_ENOMEM;
    }
    return 0;
}

/* Checks that the columns the layout and the filters need are present. */
static void check_columns(loader *L)
{
    const incidents_opts *o = L->o;
    int has_ymd = L->col[COL_YEAR] >= 0 && L->col[COL_MONTH] >= 0 && L->col[COL_DAY] >= 0;
    const char *missing = NULL;
    if (L->col[COL_DATE] < 0 && !(L->rep->format == INC_FMT_GTD && has_ymd))
        missing = L->rep->format == INC_FMT_GTD ? "date (or iyear, imonth, iday)"
                                                : layouts[L->rep->format].col[COL_DATE];
    else if (o->actor && L->col[COL_ACTOR] < 0) missing = layouts[L->rep->format].col[COL_ACTOR];
    else if (o->country && L->col[COL_COUNTRY] < 0)
        missing = layouts[L->rep->format].col[COL_COUNTRY];
    else if (o->has_bbox && (L->col[COL_LAT] < 0 || L->col[COL_LON] < 0))
        missing = "latitude and longitude";
    if (missing)
        set_error(L, SIM_EPARSE, "%s:%ld: layout %s: expected a column '%s' in the header "
                  "(needed%s), not found", L->path, L->rec_line,
                  incidents_format_name(L->rep->format), missing,
                  L->col[COL_DATE] < 0 ? " for the date" : " by a filter");
}

/* Nonzero when header name matches one of the alternatives "a|b". */
static int name_is(const char *name, const char *alts)
{
    while (*alts) {
        size_t len = strcspn(alts, "|");
        if (strlen(name) == len && strncasecmp(name, alts, len) == 0) return 1;
        alts += len + (alts[len] == '|');
    }
    return 0;
}

/* A column the layout reads may appear once: with two, which one is meant is a guess. */
static void check_repeated(loader *L, int fmt)
{
    for (int c = 0; c < NCOLS && !L->failed; c++) {
        if (L->col[c] < 0) continue;
        for (int i = L->col[c] + 1; i < L->n_header; i++)
            if (name_is(L->names[i], layouts[fmt].col[c])) {
                set_error(L, SIM_EPARSE, "%s:%ld:%d: expected one column '%s', found a second "
                          "one '%s' (column %d)", L->path, L->rec_line, i + 1,
                          L->names[L->col[c]], L->names[i], L->col[c] + 1);
                break;
            }
    }
}

static void on_header(loader *L)
{
    int rc = keep_header(L);
    if (rc) { L->failed = rc; return; }
    int fmt = L->o->format == INC_FMT_AUTO ? detect_format(L) : L->o->format;
    if (fmt < 0) {
        set_error(L, SIM_EPARSE, "%s:%ld: cannot tell the layout from the header: expected a "
                  "column gname (GTD), event_date (ACLED), date_start (UCDP), kind and "
                  "source_url (record) or date (plain csv); name the layout with --format",
                  L->path, L->rec_line);
        return;
    }
    L->rep->format = fmt;
    if (fmt == INC_FMT_RECORD) { L->failed = SWITCH_TO_RECORD; return; }
    for (int c = 0; c < NCOLS; c++)
        L->col[c] = layouts[fmt].col[c][0] ? header_find(L, layouts[fmt].col[c]) : -1;
    check_repeated(L, fmt);
    if (!L->failed) check_columns(L);
}

/* ---- rows ------------------------------------------------------------------------------ */

typedef struct row {
    long day;
    int unknown_date;
    double lat, lon, cas;
    const char *actor, *country;
} row;

static const char *cell(const loader *L, int role)
{
    return L->col[role] >= 0 ? L->f[L->col[role]] : NULL;
}

/* Reports a bad field; returns SIM_EPARSE. */
static int bad_field(loader *L, int role, const char *expected)
{
    add_msg(L, "%s:%ld:%d: %s: expected %s, found '%.40s'", L->path, L->rec_line,
            L->col[role] + 1, L->names[L->col[role]], expected, cell(L, role));
    return SIM_EPARSE;
}

/* Reads an optional number field within [lo, hi]: blank or absent gives NaN. */
static int read_number(loader *L, int role, double lo, double hi, const char *expected,
                       double *out)
{
    const char *s = cell(L, role);
    *out = NAN;
    if (!s || !*s) return 0;
    double v;   /* decimal only: hexadecimal, "inf" and "nan" are not numbers of a record */
    if (num_parse_padded(s, &v) != 0 || v < lo || v > hi) return bad_field(L, role, expected);
    *out = v;
    return 0;
}

static int read_int(loader *L, int role, int *out)
{
    double v;
    if (read_number(L, role, 0, 1e5, "a whole number", &v)) return SIM_EPARSE;
    if (isnan(v)) { *out = 0; return 0; }   /* blank month or day: unknown */
    if (v != floor(v)) return bad_field(L, role, "a whole number");
    *out = (int)v;
    return 0;
}

/* Fills r->day, or sets r->unknown_date when day or month is 0 or the date blank. */
static int read_date(loader *L, row *r)
{
    int y, m, d, role = L->col[COL_DATE] >= 0 ? COL_DATE : COL_YEAR;
    if (role == COL_DATE) {
        const char *s = cell(L, COL_DATE);
        if (!*s) { r->unknown_date = 1; return 0; }
        if (split_date(s, &y, &m, &d))
            return bad_field(L, COL_DATE, "a date YYYY-MM-DD or '30 January 2023'");
    } else if (read_int(L, COL_YEAR, &y) || read_int(L, COL_MONTH, &m) ||
               read_int(L, COL_DAY, &d)) {
        return SIM_EPARSE;
    }
    if (y == 0 || y > 9999) {
        /* GTD writes 0 for an unknown month or day, never for the year: a year 0000 is a
         * broken row, not an unknown date. */
        add_msg(L, "%s:%ld:%d: %s: expected a year from 0001 to 9999, found %04d", L->path,
                L->rec_line, L->col[role] + 1, L->names[L->col[role]], y);
        return SIM_EPARSE;
    }
    if (m == 0 || d == 0) { r->unknown_date = 1; return 0; }
    if (!date_valid(y, m, d)) {
        add_msg(L, "%s:%ld:%d: %s: expected a calendar date, found %04d-%02d-%02d", L->path,
                L->rec_line, L->col[role] + 1, L->names[L->col[role]], y, m, d);
        return SIM_EPARSE;
    }
    r->day = date_from_ymd(y, m, d);
    return 0;
}

static int read_row(loader *L, row *r)
{
    memset(r, 0, sizeof *r);
    if (L->nf != L->n_header) {
        add_msg(L, "%s:%ld: expected %d fields (as in the header), found %d", L->path,
                L->rec_line, L->n_header, L->nf);
        return SIM_EPARSE;
    }
    if (read_date(L, r) ||
        read_number(L, COL_LAT, -90, 90, "a latitude in [-90, 90]", &r->lat) ||
        read_number(L, COL_LON, -180, 180, "a longitude in [-180, 180]", &r->lon) ||
        read_number(L, COL_CAS, 0, HUGE_VAL, "a number of casualties >= 0", &r->cas))
        return SIM_EPARSE;
    r->actor = cell(L, COL_ACTOR) ? cell(L, COL_ACTOR) : "";
    r->country = cell(L, COL_COUNTRY);
    return 0;
}

/* Case-insensitive substring test. */
static int contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return 1;
    return n == 0;
}

/* The reason a well-formed row is skipped, or -1 to keep it. */
static int skip_reason(const loader *L, const row *r)
{
    const incidents_opts *o = L->o;
    if (o->actor && !contains_nocase(r->actor, o->actor)) return INC_SKIP_ACTOR;
    if (o->country && strcasecmp(r->country, o->country) != 0) return INC_SKIP_COUNTRY;
    if (o->has_bbox && !(r->lon >= o->lon0 && r->lon <= o->lon1 && r->lat >= o->lat0 &&
                         r->lat <= o->lat1))
        return INC_SKIP_BBOX;
    if (r->unknown_date) return INC_SKIP_UNKNOWN_DATE;
    if ((o->has_from && r->day < o->from) || (o->has_to && r->day > o->to))
        return INC_SKIP_DATE;
    return -1;
}

static int push_incident(loader *L, const row *r)
{
    if (sim_grow(&L->items, &L->cap, L->n, sizeof *L->items, 256)) return SIM_ENOMEM;
    incident *it = &L->items[L->n];
    it->actor = sim_strdup(r->actor);
    if (!it->actor) return SIM_ENOMEM;
    it->day = r->day;
    it->lat = r->lat;
    it->lon = r->lon;
    it->casualties = r->cas;
    it->line = L->rec_line;
    L->n++;
    return 0;
}

static void on_row(loader *L)
{
    row r;
    L->rep->rows_read++;
    if (read_row(L, &r)) {
        L->rep->skipped[INC_SKIP_MALFORMED]++;
        if (L->o->strict)
            set_error(L, SIM_EPARSE, "%s (strict mode)", L->rep->msg[L->rep->n_msgs - 1]);
        return;
    }
    int why = skip_reason(L, &r);
    if (why >= 0) { L->rep->skipped[why]++; return; }
    int rc = push_incident(L, &r);
    if (rc) { L->failed = rc; return; }
    L->rep->rows_used++;
}

static int on_record(void *data, char **fields, int nf, long line)
{
    loader *L = data;
    L->f = fields;
    L->nf = nf;
    L->rec_line = line;
    if (!L->header_done) {
        L->header_done = 1;
        on_header(L);
    } else {
        on_row(L);
    }
    return L->failed;
}

/* ---- driver ---------------------------------------------------------------------------- */

static int cmp_incident(const void *a, const void *b)
{
    const incident *x = a, *y = b;
    if (x->day != y->day) return x->day < y->day ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

static void loader_free(loader *L)
{
    for (int i = 0; L->names && i < L->n_header; i++) sim_free(L->names[i]);
    sim_free(L->names);
    for (int i = 0; i < L->n; i++) sim_free(L->items[i].actor);
    sim_free(L->items);
}

static int check_opts(const incidents_opts *o, incidents_report *rep)
{
    if (o->format < 0 || o->format >= INC_NFORMATS)
        snprintf(rep->error, sizeof rep->error, "unknown layout %d", o->format);
    else if (o->has_from && o->has_to && o->from > o->to)
        snprintf(rep->error, sizeof rep->error, "the date window ends before it starts");
    else if (o->has_bbox && (o->lon0 > o->lon1 || o->lat0 > o->lat1))
        snprintf(rep->error, sizeof rep->error,
                 "bounding box: expected lon0 <= lon1 and lat0 <= lat1");
    else
        return 0;
    return SIM_EINVAL;
}

/* Moves the kept rows into a sorted incidents set. */
static int finish(loader *L, incidents **out)
{
    incidents *set = sim_calloc(1, sizeof *set);
    if (!set) return SIM_ENOMEM;
    if (L->n > 1) qsort(L->items, (size_t)L->n, sizeof *L->items, cmp_incident);
    set->items = L->items;
    set->n = L->n;
    set->format = L->rep->format;
    L->items = NULL;
    L->n = 0;
    *out = set;
    return 0;
}

/* The record's attack rows as incidents, through the same filters as every layout. */
static int record_rows(loader *L, const record *r)
{
    for (int i = 0; i < r->n; i++) {
        const record_event *e = &r->ev[i];
        if (e->kind != RECORD_ATTACK) { L->rep->skipped[INC_SKIP_KIND]++; continue; }
        row rw = {.day = e->day, .unknown_date = e->day != e->day_last, .lat = e->lat,
                  .lon = e->lon, .cas = 0.5 * (e->killed_lo + e->killed_hi), .actor = e->actor};
        L->rec_line = e->line;
        int why = skip_reason(L, &rw);
        if (why >= 0) { L->rep->skipped[why]++; continue; }
        int rc = push_incident(L, &rw);
        if (rc) return rc;
        L->rep->rows_used++;
    }
    return 0;
}

static int load_record(loader *L)
{
    incidents_report *rep = L->rep;
    if (L->o->country) {
        snprintf(rep->error, sizeof rep->error, "%s:1: layout record: expected a column "
                 "'country' in the header (needed by a filter), not found", L->path);
        return SIM_EPARSE;
    }
    record *r = NULL;
    record_report rr;
    int rc = record_load(L->path, L->o->strict, &r, &rr);
    rep->format = INC_FMT_RECORD;
    rep->rows_read = rr.rows_read;
    rep->skipped[INC_SKIP_MALFORMED] = rr.rows_malformed;
    rep->n_problems = rr.n_problems;
    rep->n_msgs = rr.n_msgs < INC_MSG_MAX ? rr.n_msgs : INC_MSG_MAX;
    for (int i = 0; i < rep->n_msgs; i++) snprintf(rep->msg[i], INC_MSG_LEN, "%s", rr.msg[i]);
    snprintf(rep->error, sizeof rep->error, "%s", rr.error);
    if (!rc) rc = record_rows(L, r);
    record_destroy(r);
    return rc;
}

int incidents_load(const char *path, const incidents_opts *opts, incidents **out,
                   incidents_report *rep)
{
    static const incidents_opts none;
    const incidents_opts *o = opts ? opts : &none;
    memset(rep, 0, sizeof *rep);
    *out = NULL;
    rep->format = o->format;
    int rc = check_opts(o, rep);
    if (rc) return rc;
    loader L = {.path = path, .o = o, .rep = rep};
    rc = csvrd_read_file(path, on_record, &L, rep->error, sizeof rep->error);
    if (rc == SWITCH_TO_RECORD) rc = load_record(&L);
    if (!rc) rc = finish(&L, out);
    if (rc == SIM_ENOMEM && !rep->error[0])
        snprintf(rep->error, sizeof rep->error, "%s: out of memory", path);
    loader_free(&L);
    return rc;
}

int incidents_parse_bbox(const char *s, incidents_opts *o)
{
    double v[4];
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        int n = num_scan_double(p, &v[i]);
        if (n <= 0 || p[n] != (i < 3 ? ',' : '\0')) return SIM_EPARSE;
        p += n + 1;
    }
    if (v[0] > v[2] || v[1] > v[3] || fabs(v[0]) > 180 || fabs(v[2]) > 180 ||
        fabs(v[1]) > 90 || fabs(v[3]) > 90)
        return SIM_EPARSE;
    o->has_bbox = 1;
    o->lon0 = v[0];
    o->lat0 = v[1];
    o->lon1 = v[2];
    o->lat1 = v[3];
    return 0;
}

static int cmp_offset(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void incidents_jitter_times(const incidents *set, long day0, gsl_rng *r, double *t,
                            int *tie_days, int *tie_events)
{
    int days = 0, events = 0;
    for (int i = 0; i < set->n;) {
        int k = 1;
        while (i + k < set->n && set->items[i + k].day == set->items[i].day) k++;
        for (int j = 0; j < k; j++) t[i + j] = gsl_rng_uniform(r);
        qsort(t + i, (size_t)k, sizeof *t, cmp_offset);
        for (int j = 0; j < k; j++) t[i + j] += (double)(set->items[i].day - day0);
        if (k > 1) {
            days++;
            events += k;
        }
        i += k;
    }
    if (tie_days) *tie_days = days;
    if (tie_events) *tie_events = events;
}

int incidents_days(const incidents *set, long day0, long day1, int *out, int *tie_days,
                   int *tie_events)
{
    int n = 0, days = 0, events = 0;
    for (int i = 0; i < set->n; i++) {
        long d = set->items[i].day;
        if (d < day0 || d > day1) continue;
        out[n++] = (int)(d - day0);
    }
    for (int i = 0; i < n;) {
        int k = 1;
        while (i + k < n && out[i + k] == out[i]) k++;
        days += k > 1;
        events += k > 1 ? k : 0;
        i += k;
    }
    if (tie_days) *tie_days = days;
    if (tie_events) *tie_events = events;
    return n;
}
