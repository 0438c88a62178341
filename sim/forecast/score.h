/* score.h - rolling-origin validation of count forecasts against naive baselines.
 *
 * For each origin o (from, from + step, ..., up to to): fit the attack process to the dates
 * of the window [o - window, o) (fit_dates.h, with the background spec), forecast the count
 * of events in [o, o + horizon) by n replications (predict.h, or the scenario's model with
 * the fitted attack parameters), and score it against the observed count (scoring.h); the
 * same for two baselines on the same window: a Poisson at the window's rate, and a negative
 * binomial fitted by moments to the window's 30-day counts (summed over horizon / 30
 * independent periods). Origins are independent (origin k uses the streams of
 * (seed, k) for its fit and of (seed ^ k, r) for its replications), so any order or thread
 * count gives the same rows. */
#ifndef FRONTIER_SCORE_H
#define FRONTIER_SCORE_H
#include "data/fit_dates.h"
#include "scenario/scenario.h"
#include <stdint.h>

#define SCORE_LEVELS 9          /* central intervals of 10%, 20%, ..., 90% */
#define SCORE_MIN_EVENTS 10     /* a window with fewer events cannot be fitted */

enum { SCORE_MODEL, SCORE_POISSON, SCORE_NEGBIN, SCORE_NFORECASTERS };

typedef struct score_opts {
    long from, to;              /* first and last origin (calendar days) */
    int step;                   /* days between origins (>= 1) */
    int horizon;                /* days forecast (>= 1) */
    int window;                 /* days of history fitted (>= 30) */
    long n;                     /* replications per origin (>= 10) */
    fit_spec spec;              /* the fits' background */
    double drift_prior;         /* the level's random walk: prior variance per year ... */
    double drift_weight;        /* ... and its weight in years (predict.h, pred_drift) */
    uint64_t seed;
    const scenario *model;      /* NULL: the fitted process; else this scenario's model */
} score_opts;

/* The incident days (calendar days, sorted) of the whole series, and the last day it
 * covers (>= the last incident). */
typedef struct score_data {
    const long *day;
    int n;
    long first, last;
} score_data;

typedef struct score_row {
    long origin;
    int events;                 /* in the window */
    double observed;            /* in [origin, origin + horizon) */
    double drift;               /* the level's variance per year used */
    double mean[SCORE_NFORECASTERS], q05, q95;
    double crps[SCORE_NFORECASTERS], logs[SCORE_NFORECASTERS];
    double pit[SCORE_NFORECASTERS][2];              /* (F(y - 1), F(y)) */
    unsigned char inside[SCORE_NFORECASTERS][SCORE_LEVELS];
    fit_params est;             /* the window's fit (constant-shape levels omitted) */
} score_row;

/* Checks o against d: origins in order, every window inside the data (o - window >=
 * d->first) and every horizon too (o + horizon - 1 <= d->last). Returns 0, or SIM_EINVAL
 * with a sentence in why. */
int score_check(const score_data *d, const score_opts *o, char *why, size_t n);

/* Number of origins. */
long score_origins(const score_opts *o);

/* Scores origin k (0-based) into row. Returns 0, SIM_EINVAL (fewer than SCORE_MIN_EVENTS
 * events in the window), SIM_ENOMEM or a fit's error. */
int score_origin(const score_data *d, const score_opts *o, long k, score_row *row);

/* Mean scores over rows[0..n-1]: crps and logs per forecaster, and the share of origins
 * inside the 90% interval (also for 50% in cover50). */
typedef struct score_summary {
    long n;
    double crps[SCORE_NFORECASTERS], logs[SCORE_NFORECASTERS];
    double cover50[SCORE_NFORECASTERS], cover90[SCORE_NFORECASTERS];
    double skill;               /* 1 - crps_model / crps_poisson */
} score_summary;
void score_summarise(const score_row *rows, long n, score_summary *out);

/* The non-randomised PIT histogram of forecaster f over the rows: bins equal bins of
 * [0, 1], each the share of the PIT mass in it (they sum to 1). */
void score_pit_histogram(const score_row *rows, long n, int f, int bins, double *out);

/* Coverage of the central intervals of levels 0.1..0.9 by forecaster f (SCORE_LEVELS
 * shares). */
void score_reliability(const score_row *rows, long n, int f, double *out);

#endif
