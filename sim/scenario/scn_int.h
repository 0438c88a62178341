/* scn_int.h - internals shared by the scenario module's files (scenario.c, scn_params.c,
 * scn_yaml.c): source marks for diagnostics, the validator that can name them, helpers. */
#ifndef FRONTIER_SCN_INT_H
#define FRONTIER_SCN_INT_H
#include "scenario/scenario.h"
#include <stdarg.h>

/* Errors kept per load; one more says that the rest were dropped (garbage input). */
#define SCN_ERRORS_MAX 100

/* Where a value came from: file (NULL = unknown) and 1-based line/column (0 = none). */
typedef struct scn_mark {
    const char *file;
    int line, col;
} scn_mark;

/* Marks of one timeline item's fields, parallel to scenario.timeline, and its name in
 * messages ("timeline[3]"; empty for "timeline"). */
typedef struct scn_tl_marks {
    scn_mark date, zone, key, value;
    char label[32];
} scn_tl_marks;

/* Mark of one zone (its name) and its name in messages ("zones[2]"; empty for "zones"). */
typedef struct scn_zone_marks {
    scn_mark name;
    char label[32];
} scn_zone_marks;

/* Marks of a loaded scenario for the validator. Any pointer may be NULL; then (and for
 * marks with file NULL) errors are reported at fallback. */
typedef struct scn_marks {
    const scn_mark *params;          /* scenario_param_count() entries */
    const scn_zone_marks *zones;     /* n_zones entries */
    const scn_tl_marks *timeline;    /* n_timeline entries */
    scn_mark days;
    scn_mark background;             /* militants.background (its shape or levels) */
    scn_mark fallback;
} scn_marks;

/* Adds one error and returns 1 (one problem), so that callers can count problems even when
 * the error cannot be stored for want of memory. Past SCN_ERRORS_MAX errors it adds a
 * single "too many errors" line and drops the rest. */
int scn_errors_add(scn_errors *errs, const scn_mark *at, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* scenario_validate with marks for the messages (m may be NULL). */
int scn_validate_marked(const scenario *s, scn_errors *errs, const scn_marks *m);

/* Levenshtein distance, capped: strings longer than 127 bytes compare as far apart. */
int scn_edit_distance(const char *a, const char *b);
/* Index of key in the parameter table, or -1. */
int scn_param_index(const char *key);
/* Fills p with every parameter's default. */
void scn_params_default(scn_params *p);
/* Value of parameter pi in p (int parameters converted). */
double scn_param_value(const scn_params *p, const scn_param_info *pi);
/* Stores v into parameter pi of p without range checks. */
void scn_param_store(scn_params *p, const scn_param_info *pi, double v);
/* Nonzero when v is finite and within pi's range. */
int scn_param_in_range(const scn_param_info *pi, double v);
/* "a number in [0, 1]", "a number > 0", "true or false", ... for messages. */
void scn_param_expect(const scn_param_info *pi, char *buf, size_t n);
/* Shortest "%.*g" text of v that reads back as exactly v. */
void scn_format_double(double v, char *buf, size_t n);
/* Copies text into buf for a "found '...'" message, shortened and with control bytes
 * shown as '?'. */
void scn_found_text(const char *text, char *buf, size_t n);

#endif
