/* predict.h - forecasts of attack counts from a fitted Hawkes process, with the fit's
 * uncertainty.
 *
 * A forecast starts at the end of the fitted window (the origin) and simulates the process
 * forward, one replication r at a time, each from its own random streams (seed, r), so the
 * counts are the same whatever order or thread runs them. Replication r
 *   - draws its parameters from the fit's asymptotic normal (fit_draw): the level at the
 *     origin, the branching ratio, the decay and the seasonal term;
 *   - takes the history's times from imputation r mod K of the dates (fit_dates_impute),
 *     whose excitation at the origin, under r's parameters, carries into the forecast;
 *   - lets the level change: the log level follows a random walk from the origin (a
 *     martingale in the level: log L(s) = log mu + sigma W(s) - sigma^2 s / 2, one Gaussian
 *     step a day) with sigma^2 per year `drift` (pred_drift estimates it);
 *   - simulates the process exactly (cluster construction), counting the events in
 *     [0, horizon). */
#ifndef FRONTIER_PREDICT_H
#define FRONTIER_PREDICT_H
#include "data/fit_dates.h"
#include "scenario/scenario.h"
#include <stdint.h>

typedef struct pred_spec {
    int horizon;        /* days after the origin */
    double drift;       /* variance per year of the log level's random walk (>= 0) */
    uint64_t seed;
} pred_spec;

/* The history a forecast conditions on: the fit of the window's dates and K imputed sets of
 * its times (K n values, set k at offset k n, on the window's time axis [0, d->ndays)). */
typedef struct pred_history {
    const fit_days *d;
    const fit_result *fit;
    const double *sets;
    int K;
} pred_history;

/* The count of events in [0, horizon) of replication r. Returns 0, SIM_EINVAL or
 * SIM_ENOMEM. */
int pred_count(const pred_history *h, const pred_spec *ps, long r, double *count);

/* The parameters of replication r (its draw of fit_draw, stream "forecast-params") and its
 * history's excitation at the origin, sum over past events of exp(-beta (T - t_i)) with
 * r's beta; the model-based forecast (frontier forecast --fit) uses them. */
void pred_params(const pred_history *h, const pred_spec *ps, long r, fit_params *p,
                 double *excitation);

/* The daily level factors of replication r's random walk over the horizon, relative to the
 * level at the origin (out[s] for day s, horizon slots; stream "forecast-level"). */
void pred_level_path(const pred_spec *ps, long r, double *out);

/* The drift variance per year from the yearly counts before the origin: whole 365-day
 * blocks counted back from the origin (counts[0] the oldest, B blocks). The log ratios of
 * consecutive blocks, less what a stationary Hawkes process with branching kappa gives them
 * by chance (var log N ~ 1 / (N (1 - kappa)^2)), are pooled with a prior of `prior` per year
 * worth `weight` blocks: (weight prior + max(0, sum of the excesses)) / (weight + B - 1)
 * (a negative sum is noise: the data cannot argue the variance below zero). With fewer than
 * two blocks it is the prior. */
double pred_drift(const double *counts, int B, double kappa, double prior, double weight);

/* Moves scenario s to start on calendar day date for horizon days: past `set` items of the
 * timeline are applied to the parameters (a policy in force stays in force), other past
 * items dropped (the real history stands in for them), later ones shifted and those past
 * the horizon dropped. Returns 0 or SIM_ERANGE (a past `set` does not apply). */
int pred_rebase(scenario *s, long date, double horizon);

/* Replication r's fitted attack process in scenario s (rebased on the origin): its drawn
 * parameters (into *p) as militants.base_rate (divided by the initial cooperation damping
 * 1 - e_C C0, since the fit saw the damped rate), branching, decay and season, and its
 * random-walk level (level: ps->horizon slots of scratch) as a piecewise background from
 * the origin (daily blocks up to BG_LEVELS_MAX days, longer ones beyond). */
void pred_apply(scenario *s, const pred_history *h, const pred_spec *ps, long r,
                fit_params *p, double *level);

#endif
