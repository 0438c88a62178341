/* reality.h - "what really happened": the strikes, clashes, closures and ceasefires of the
 * record a scenario names (`record:`, data/record.h) beside those of a run.
 *
 * Only these four kinds are compared: they are the ones the model has too (a record's
 * `strike` is the model's strike, `clash` its border clash, `closure` a crossing closed,
 * `ceasefire` a ceasefire). A record event belongs to a run's period when its first day is
 * one of the days the run has covered; the run's events are counted over the days the
 * record covers as well (up to the last day of its latest date), and those after that day
 * separately, since the record says nothing of them. The view's strip (viz/panels/reality.h)
 * and the debrief's section "What really happened" are both made from here. */
#ifndef FRONTIER_REALITY_H
#define FRONTIER_REALITY_H
#include "data/record.h"
#include "model/model.h"
#include <stdio.h>

enum reality_kind { REALITY_STRIKE, REALITY_CLASH, REALITY_CLOSURE, REALITY_CEASEFIRE,
                    REALITY_NKINDS };

/* "Strikes", "Border clashes", "Closures", "Ceasefires"; "?" for another value. */
const char *reality_kind_title(int k);
/* The reality kind of a record kind (enum record_kind) or of a model record kind (enum
 * model_record_kind), or -1 when it is none of the four. */
int reality_of_record_kind(int record_kind);
int reality_of_model_kind(int model_kind);
/* The reality kind of one of a run's records, or -1: as reality_of_model_kind, except that a
 * closure kept in place longer ("closure extended") is not a new closure, as in the run's
 * totals. */
int reality_of_run_record(const model_record *e);

/* Loads the record scenario s names (s->record, relative to s's file), strictly. Returns 0
 * with *out NULL when s names none, 0 with *out (free with record_destroy), or the error of
 * record_load with the reason in why (n bytes). */
int reality_load(const scenario *s, record **out, char *why, size_t n);

/* The run day (days from s's start date) of the first day of record event e. */
long reality_day(const scenario *s, const record_event *e);
/* The run day after the record's coverage ends: one past the last day of its latest date
 * (0 for an empty record before the start). */
long reality_record_end(const scenario *s, const record *r);
/* Nonzero when record event e is in the period of a run that has reached day now: its
 * first day d has 0 <= d < now. */
int reality_in_run(const scenario *s, const record_event *e, double now);

typedef struct reality_counts {
    double now;                    /* the run's clock */
    long end;                      /* reality_record_end */
    int record[REALITY_NKINDS];    /* record events in the run's period */
    int run[REALITY_NKINDS];       /* the run's events before end (and before now) */
    int scripted[REALITY_NKINDS];  /* of run[]: from the timeline, a knob or an inject */
    int after[REALITY_NKINDS];     /* the run's events from end on, where the record is silent */
} reality_counts;

/* Counts the record's and the run's events of model m (its records, MODEL_KEEP_EVENTS, up
 * to model_now) by kind. */
void reality_count(const model *m, const record *r, reality_counts *out);

/* Writes the debrief section "What really happened" of model m against record r: the counts
 * record vs run, then a table per kind of the record's events in the run's period (date, day,
 * what, source, confidence). Returns 0 or SIM_EIO (a write failed). */
int reality_write_md(const model *m, const record *r, FILE *f);

#endif
