/* fit_dates.h - the Hawkes fit of events known only by their date.
 *
 * Incident data give the day of each event, not its time. The likelihood of the dates is
 * that of the exact-times model integrated over the unknown position of every event within
 * its day (an interval-censored likelihood). It has no closed form, so it is maximised by
 * Monte Carlo EM: a Gibbs sampler draws the positions within each day from their
 * conditional distribution given all the dates and the current parameters (one
 * Metropolis-Hastings move per event and sweep, uniform proposals inside the event's day;
 * the exponential kernel makes the effect of a day's positions on later days a function of
 * one number, the excitation at the end of the day), and the M-step maximises the mean
 * complete-data log-likelihood over the imputed sets, from 2 sets at first to 25 near the
 * end. The standard errors come from Louis' identity: observed information = mean
 * complete-data information - covariance of the complete-data scores over the imputations,
 * so they carry the information the missing times take away. The log-likelihood of the
 * dates at the estimate (for likelihood-ratio tests and AIC) comes from a particle filter
 * whose state is the excitation at the start of each day.
 *
 * Placing events uniformly at random within their day and treating the result as exact
 * (what fit_hawkes of jittered times does) biases the decay low, because offspring that
 * follow their parent within hours are spread over the whole day; see docs/data.md for the
 * measurements behind the choice. */
#ifndef FRONTIER_FIT_DATES_H
#define FRONTIER_FIT_DATES_H
#include "data/fit.h"
#include <stdint.h>

/* Dates of the events in a window of ndays whole days. */
typedef struct fit_days {
    const int *day;     /* each event's day, 0-based from the window's first day, sorted */
    int n;
    int ndays;          /* the window is days [0, ndays): T = ndays */
    double doy0;        /* day of the year of day 0 (1-based) */
    long date0;         /* calendar day of day 0 (days since 1970-01-01) */
} fit_days;

typedef struct fit_dates_opts {
    int iterations;     /* EM iterations; 0: 30 */
    int imputations;    /* final imputations for the estimate, its information and the KS
                           statistic; 0: 200 */
    int particles;      /* particle-filter size for the log-likelihood of the dates; 0: 1000,
                           < 0: not computed (loglik and aic are then those of the imputed
                           complete data, for speed where only estimates are wanted) */
    int ks_sets;        /* imputations whose KS statistic is averaged into ks_D; 0: 20,
                           < 0: none */
    uint64_t seed;      /* random streams "impute" and "particles" of this seed */
} fit_dates_opts;

/* Fits spec to the dates d. out->loglik is the log-likelihood of the dates (with its Monte
 * Carlo standard error in loglik_se), out->cov the inverse of the observed information,
 * out->missing_beta the share of the complete-data information on log beta that the unknown
 * times take away, out->ks_D the mean KS time-rescaling statistic of imputed times at the
 * estimate. The same seed gives the same result. Returns 0, SIM_EINVAL (fewer than 3 events,
 * days unsorted or outside the window, a bad spec), SIM_ENOMEM or SIM_ENUMERIC. */
int fit_dates(const fit_days *d, const fit_spec *spec, const fit_dates_opts *o,
              fit_result *out);

/* Log-likelihood of the dates d under p, by R = 4 independent particle filters of
 * `particles` particles each: *ll their mean, *se its standard error. Returns 0, SIM_EINVAL
 * or SIM_ENOMEM. */
int fit_dates_loglik(const fit_days *d, const fit_params *p, int particles, uint64_t seed,
                     double *ll, double *se);

/* Log-likelihood of the dates under the best homogeneous Poisson process (rate n / ndays):
 * the probability of the daily counts, comparable with fit_dates's loglik. */
double fit_dates_poisson_loglik(const fit_days *d);

/* K sets of times for the dates d imputed at the estimate of r (a chain of the Gibbs
 * sampler, stream "history" of seed, one sweep apart after a burn-in). *sets receives K n
 * times, set k at offset k n, each sorted (free with sim_free). Returns 0, SIM_EINVAL or
 * SIM_ENOMEM. */
int fit_dates_impute(const fit_days *d, const fit_result *r, int K, uint64_t seed,
                     double **sets);

#endif
