/* record.h - the record of a conflict: dated, sourced events (strikes, clashes, closures,
 * delegations, warnings, talks, ceasefires, offers, pivotal attacks) read from CSV.
 *
 * The layout is that of a researcher's working file (docs/data.md, "The record format"):
 *
 *   date,end_date,kind,place,lat,lon,actor,target,killed,description,source_url,
 *   source_title,confidence
 *
 * with header names matched case-insensitively, columns in any order and extra columns
 * ignored (an `id` column, when present, names each row). Required: date, kind, source_url
 * and confidence; the others may be absent or blank. A date is YYYY-MM-DD, or YYYY-MM where
 * no day was reported (kept as a month: the first and last day it may have been). killed is
 * text ("44-47", "1 (+5 Afghan per reports)"): its leading number or range, when it has
 * one, is read into killed_lo..killed_hi; anything else leaves them NaN and the text is kept.
 *
 * Every problem names file:line:column (column = the 1-based field number) and what was
 * expected, in the style of the incident importer. In strict mode the first malformed row
 * fails the load; otherwise malformed rows are reported and skipped. */
#ifndef FRONTIER_RECORD_H
#define FRONTIER_RECORD_H
#include <stddef.h>

#define RECORD_KINDS(XX)                       \
    XX(STRIKE, "strike")                       \
    XX(CLASH, "clash")                         \
    XX(CLOSURE, "closure")                     \
    XX(REOPENING, "reopening")                 \
    XX(DELEGATION, "delegation")               \
    XX(ULTIMATUM, "ultimatum")                 \
    XX(DEMARCHE, "demarche")                   \
    XX(DEPORTATION, "deportation")             \
    XX(TALKS, "talks")                         \
    XX(CEASEFIRE, "ceasefire")                 \
    XX(CEASEFIRE_END, "ceasefire_end")         \
    XX(ATTACK, "attack")                       \
    XX(OFFER, "offer")

enum record_kind {
#define RECORD_KIND_ENUM(name, text) RECORD_##name,
    RECORD_KINDS(RECORD_KIND_ENUM)
#undef RECORD_KIND_ENUM
    RECORD_NKINDS
};
/* "strike", "clash", ...; "?" for an unknown kind. */
const char *record_kind_name(int kind);
/* The kind named name (exact, ignoring case), or -1. */
int record_kind_find(const char *name);

enum record_confidence { RECORD_REPORTED, RECORD_CONFIRMED, RECORD_DISPUTED, RECORD_NCONF };
/* "reported" (one source), "confirmed" (two or more, or an official statement), "disputed"
 * (the sides' accounts differ). */
const char *record_confidence_name(int c);

/* One row. Days count from 1970-01-01 (sim/base/date.h). */
typedef struct record_event {
    long day, day_last;       /* the date: day == day_last unless only the month is known */
    int has_end;
    long end, end_last;       /* end_date likewise, when has_end */
    int kind;                 /* enum record_kind */
    int confidence;           /* enum record_confidence */
    double lat, lon;          /* NaN when not given */
    double killed_lo, killed_hi;  /* the leading number or range of killed, or NaN */
    char *id, *place, *actor, *target, *killed, *description, *source_url, *source_title;
                              /* owned by the record; "" when absent, never NULL */
    long line;                /* line of the row in the file */
} record_event;

typedef struct record {
    record_event *ev;         /* sorted by day, stable (rows of one day keep file order) */
    int n;
} record;

void record_destroy(record *r); /* accepts NULL */

#define RECORD_MSG_MAX 12         /* messages kept; later ones are only counted */
#define RECORD_MSG_LEN 320

typedef struct record_report {
    long rows_read, rows_used, rows_malformed;
    int n_msgs;
    long n_problems;
    char msg[RECORD_MSG_MAX][RECORD_MSG_LEN];
    char error[RECORD_MSG_LEN];   /* why the load failed, when it did */
} record_report;

/* Loads path. Returns 0 and *out (free with record_destroy; it may hold no row), SIM_EIO
 * (cannot open or read), SIM_EPARSE (no header, a required column missing, or in strict
 * mode a malformed row; rep->error says where and why) or SIM_ENOMEM; *out is NULL on
 * error. rep is filled in either case. */
int record_load(const char *path, int strict, record **out, record_report *rep);

/* Parses a record date, "YYYY-MM-DD" or "YYYY-MM": sets *first and *last (equal for a
 * day, the month's first and last day otherwise). Returns 0 or SIM_EPARSE. */
int record_parse_date(const char *s, long *first, long *last);

/* Reads the leading number or range of a killed text ("7", "44-47", "0-5 reported",
 * "90 (Radio Pakistan)") into *lo and *hi. Returns 1 when there is one, else 0 (both NaN). */
int record_parse_killed(const char *s, double *lo, double *hi);

#endif
