/* backtest.h - a scenario run free from a date and compared with the record of what
 * happened (`frontier backtest`).
 *
 * The scenario's timeline is kept up to the day before --from (items on or after it are
 * dropped: from then on the model decides alone) and its horizon cut after --to. The window
 * is the days from..to (both included). For three kinds of event it compares the record with
 * the runs:
 *
 *   strike_episodes  strikes at most BT_EPISODE_GAP days apart are one episode (the gap is
 *                    between consecutive strikes, so an episode may last longer)
 *   clashes          border clashes
 *   closures         closures of crossings (by either side)
 *
 * Counts in the window: the observed one, the runs' median and 5% / 95% quantiles (type 1,
 * bt_quantile)
 * and the mid-PIT of the observation, P(X < y) + P(X = y) / 2 over the runs: for counts the
 * PIT is a step function, and the mid-PIT is its deterministic middle (uniform on average
 * when the model is right, as the randomised PIT is, without a random draw).
 *
 * Months: every calendar month the window touches (the first and last only in part). For
 * each kind, whether the record has one in the month (for strikes: a strike, not only an
 * episode's first) and the share of runs that do: the model's monthly probability. Its
 * Brier score is the mean of (p - o)^2 over the months; the climatology is the base rate of
 * months with one in the record before --from (from the month of the record's first row to
 * the last month ending before --from). With fewer than BT_CLIM_MIN_MONTHS such months the
 * window's own base rate is used instead, which flatters the baseline (it knows the
 * answer's rate): the results say which. Skill = 1 - Brier / Brier of the climatology.
 *
 * Gaps: the days between the starts of consecutive episodes in the window, observed and
 * pooled over the runs.
 *
 * Record rows dated by month only count on the month's first day. */
#ifndef FRONTIER_BACKTEST_H
#define FRONTIER_BACKTEST_H
#include "analysis/ensemble.h"
#include "data/record.h"
#include <stddef.h>
#include <stdint.h>

#define BT_EPISODE_GAP 30.0
#define BT_CLIM_MIN_MONTHS 12

enum { BT_STRIKE_EPISODES, BT_CLASHES, BT_CLOSURES, BT_NKINDS };
/* "strike_episodes", "clashes", "closures". */
const char *bt_kind_name(int kind);
/* What a month's event is for each kind: "strike", "clash", "closure". */
const char *bt_kind_event(int kind);

/* Episodes of strikes on days[0..n-1] (ascending): a strike more than gap days after the
 * previous one starts an episode. Writes the starts into starts (room for n; NULL: not
 * written) and returns their number. */
int bt_episodes(const double *days, int n, double gap, double *starts);
/* P(X < y) + P(X = y) / 2 over sim[0..n-1]; NaN when n == 0. */
double bt_mid_pit(const double *sim, long n, double y);
/* The p-quantile of sorted[0..n-1] as the inverse of the empirical distribution (type 1:
 * the smallest value x with F(x) >= p), so quantiles of counts are counts; NaN when n == 0. */
double bt_quantile(const double *sorted, long n, double p);
/* Mean of (p[i] - o[i])^2 over n months; NaN when n == 0. */
double bt_brier(const double *p, const double *o, int n);

typedef struct bt_study bt_study;

/* A backtest of scenario s (borrowed; it must outlive the study) on record r (borrowed) over
 * the window from..to (dates, days since 1970-01-01), with n runs seeded with seed. Returns
 * NULL with *err (SIM_EINVAL: a window outside the scenario, from after to; SIM_ENOMEM) and
 * a message in why. */
bt_study *bt_create(const scenario *s, const record *r, long from, long to, long n,
                    uint64_t seed, int *err, char *why, size_t why_len);
void bt_destroy(bt_study *st); /* accepts NULL */

/* The batch to run (ens_batch_run), with its probe set; set per-item parameters (a
 * posterior) on it before running. */
ens_batch *bt_batch(bt_study *st);
const ens_batch *bt_batch_const(const bt_study *st);
/* The scenario the runs use: s with its timeline cut at --from and its horizon after --to. */
const scenario *bt_scenario(const bt_study *st);
/* Timeline items dropped (on or after --from). */
int bt_dropped(const bt_study *st);
long bt_from(const bt_study *st);
long bt_to(const bt_study *st);

/* Results over the finished runs. */
typedef struct bt_count {
    double observed;
    double mean, median, q05, q95, pit;
} bt_count;

typedef struct bt_brier_score {
    double model, climatology, skill;   /* skill NaN when the climatology scores 0 */
    double base_rate;                   /* the climatology's monthly probability */
    int clim_months;                    /* months it is the rate of */
    int in_sample;                      /* 1: the window's own rate (too few months before) */
} bt_brier_score;

typedef struct bt_gaps {
    int n_observed;
    double observed[64];                /* the first 64 observed gaps, in order */
    long n_sim;                         /* pooled simulated gaps */
    double median, q05, q95;            /* of the pooled gaps; NaN when none */
    double share_at_least_min;          /* share of simulated gaps >= the shortest observed */
    long runs_enough;                   /* runs with at least n_observed gaps ... */
    long runs_all_long;                 /* ... of which every gap >= the shortest observed */
} bt_gaps;

typedef struct bt_results {
    long runs;
    bt_count count[BT_NKINDS];
    bt_brier_score brier[BT_NKINDS];
    int n_months;
    long *month_first;                  /* first day (date) of each month */
    double *observed;                   /* BT_NKINDS x n_months: 0 or 1 */
    double *prob;                       /* BT_NKINDS x n_months: share of runs */
    bt_gaps gaps;
} bt_results;

/* Computes the results over the finished runs (at least one). Returns 0, SIM_EINVAL (no
 * finished run) or SIM_ENOMEM. */
int bt_results_compute(const bt_study *st, bt_results *out);
void bt_results_free(bt_results *r); /* accepts NULL and a zeroed struct */

#endif
