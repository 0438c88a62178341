/* incidents.h - import of real incident records from CSV (UCDP GED, ACLED, GTD, plain).
 *
 * A loader reads one CSV file with a header row, works out (or is told) its column layout,
 * keeps the rows that pass the filters and returns them as incidents sorted by date (stable:
 * rows of one day keep their file order). Nothing is guessed: a row whose day or month is
 * unknown (GTD writes 0) is counted and skipped; a malformed row (a bad number or date, a
 * wrong number of fields, a year 0000) is reported with file:line:column, where column is
 * the 1-based field number, and is skipped, or fails the load in strict mode. A column the
 * layout reads may appear once in the header. The file must be a regular file
 * (io/infile.h).
 *
 * Layouts (header names are matched case-insensitively; extra columns are ignored):
 *   ucdp   date_start, latitude, longitude, side_b, best, country
 *   acled  event_date ("30 January 2023" or "2023-01-30"), latitude, longitude, actor1,
 *          fatalities, country
 *   gtd    iyear, imonth, iday (or one `date` column), latitude, longitude, gname, nkill,
 *          country_txt
 *   csv    date, lat, lon, actor, casualties (and optionally country)
 *   record the conflict record (data/record.h): its `attack` rows, with killed read as the
 *          middle of its leading number or range (NaN when it has none); rows of other
 *          kinds are skipped as "kind", rows dated by month only as "unknown date"
 * Only the date column(s) are required (for record: those record_load requires). A missing or empty latitude, longitude or
 * casualties field is read as NaN (unknown); a missing actor as "". A filter that needs a
 * column the file lacks is an error. Dates may carry a time after the day
 * ("2019-01-03 00:00:00.000", as UCDP exports do); the time is ignored. */
#ifndef FRONTIER_INCIDENTS_H
#define FRONTIER_INCIDENTS_H
#include <gsl/gsl_rng.h>
#include <stddef.h>

enum incidents_format {
    INC_FMT_AUTO, INC_FMT_UCDP, INC_FMT_ACLED, INC_FMT_GTD, INC_FMT_CSV, INC_FMT_RECORD,
    INC_NFORMATS
};
/* "auto", "ucdp", "acled", "gtd", "csv", "record". */
const char *incidents_format_name(int format);
/* The format named name, or -1. */
int incidents_format_find(const char *name);
/* The names a --format accepts, for messages: "auto, ucdp, acled, gtd, csv or record". */
const char *incidents_format_choices(void);

/* One incident. casualties is NaN when the source leaves it blank (unknown, not zero);
 * lat and lon are NaN when the source has no location. */
typedef struct incident {
    long day;           /* days since 1970-01-01 (sim/base/date.h) */
    double lat, lon;    /* degrees */
    double casualties;  /* killed, as the source counts them, or NaN */
    char *actor;        /* owned by the incidents set; never NULL */
    long line;          /* line of the row in the file */
} incident;

typedef struct incidents {
    incident *items;    /* sorted by day, stable */
    int n;
    int format;         /* the layout read (never INC_FMT_AUTO) */
} incidents;

void incidents_destroy(incidents *set); /* accepts NULL */

/* Filters and mode. Zero-initialise, then set what is wanted. */
typedef struct incidents_opts {
    int format;             /* enum incidents_format; INC_FMT_AUTO detects from the header */
    const char *actor;      /* keep rows whose actor contains this (case-insensitive) */
    const char *country;    /* keep rows whose country equals this (case-insensitive) */
    int has_from, has_to;   /* date window, inclusive, in days since 1970-01-01 */
    long from, to;
    int has_bbox;           /* keep rows inside lon0 <= lon <= lon1, lat0 <= lat <= lat1 */
    double lon0, lat0, lon1, lat1;
    int strict;             /* a malformed row fails the load */
} incidents_opts;

/* Why rows were skipped. */
enum incidents_skip {
    INC_SKIP_UNKNOWN_DATE,  /* day or month 0 / blank: unknown, never guessed */
    INC_SKIP_MALFORMED,     /* bad number, bad date, wrong field count */
    INC_SKIP_ACTOR, INC_SKIP_COUNTRY, INC_SKIP_DATE, INC_SKIP_BBOX, /* filtered out */
    INC_SKIP_KIND,          /* a record row that is not an attack */
    INC_NSKIP
};
/* "unknown date", "malformed", "actor", "country", "date range", "bbox", "kind". */
const char *incidents_skip_name(int reason);

/* Limits of one file: a row (a record, quoted newlines included) of at most 1 MiB and
 * 10,000 fields; a longer one fails the load at its line, before it is buffered. */
#define INC_RECORD_MAX (1 << 20)
#define INC_FIELDS_MAX 10000

#define INC_MSG_MAX 12     /* messages kept; later ones are only counted */
#define INC_MSG_LEN 320

/* What a load did. Every message reads "file:line:column: what was expected, found what"
 * (":column" is left out when no single field is at fault). */
typedef struct incidents_report {
    int format;                   /* layout read or detected */
    long rows_read;               /* data rows (the header is not counted) */
    long rows_used;
    long skipped[INC_NSKIP];
    int n_msgs;                   /* messages kept in msg[] */
    long n_problems;              /* all problems, kept or not */
    char msg[INC_MSG_MAX][INC_MSG_LEN];
    char error[INC_MSG_LEN];      /* why the load failed, when it did */
} incidents_report;

/* Loads path. On success returns 0 and *out (free with incidents_destroy), which may hold
 * no incident when every row was skipped or the file has only a header. Returns
 * SIM_EIO (cannot open or read; rep->error says why), SIM_EPARSE (no header row, a layout
 * that cannot be detected, a required column missing, a filter needing an absent column, or
 * a malformed row in strict mode: rep->error names file:line:column), SIM_EINVAL (bad
 * options) or SIM_ENOMEM; *out is NULL on error. rep is filled in either case. */
int incidents_load(const char *path, const incidents_opts *opts, incidents **out,
                   incidents_report *rep);

/* Parses one date as the loaders do: "YYYY-MM-DD" (optionally followed by a time after a
 * space or 'T'), or "D Month YYYY" / "D-Mon-YYYY" with English month names (full or first
 * three letters). Returns 0 and sets *day, or SIM_EPARSE. */
int incidents_parse_date(const char *s, long *day);

/* Parses a bounding box "lon0,lat0,lon1,lat1" into o (has_bbox set). Returns 0 or
 * SIM_EPARSE (not four numbers, out of range, or lon0 > lon1 / lat0 > lat1). */
int incidents_parse_bbox(const char *s, incidents_opts *o);

/* Date-only data gives no order within a day, so each incident is placed uniformly at random
 * within its day: t[i] = (day_i - day0) + u_i, with the u of one day drawn from r, sorted
 * and given to that day's incidents in file order (t stays sorted and t[i] belongs to
 * set->items[i]). *tie_days and *tie_events (either may be NULL) get the number of days
 * with two or more incidents and the incidents on them. t needs set->n slots. */
void incidents_jitter_times(const incidents *set, long day0, gsl_rng *r, double *t,
                            int *tie_days, int *tie_events);

/* The days of the incidents inside [day0, day1], counted from day0 (0-based, sorted), into
 * out (set->n slots); returns their number. *tie_days and *tie_events (either may be NULL)
 * get the days with two or more of them and the incidents on those days. */
int incidents_days(const incidents *set, long day0, long day1, int *out, int *tie_days,
                   int *tie_events);

#endif
