/* fit.h - maximum-likelihood fit of an exponential Hawkes process to event times.
 *
 * Model: lambda(t) = mu(t) + sum_{t_i < t} kappa beta exp(-beta (t - t_i)), with background
 * mu(t) = mu (1 + A cos(2 pi (doy(t) - peak_day) / 365.25)) (A = 0: constant background).
 * Times are days since the start of the observation window [0, T]; doy(t) = doy0 + t, where
 * doy0 is the day of the year of the window's first day (1-based), so the phase follows the
 * calendar to within a day over any span. kappa is the branching ratio (mean direct
 * offspring of an event), beta the decay per day (mean lag 1/beta days).
 *
 * The log-likelihood and its gradient cost O(n) through the exponential-kernel recursion.
 * The fit minimises the negative log-likelihood with GSL's BFGS (vector_bfgs2) over
 * log mu, log kappa, log beta (and a tanh-bounded amplitude, so that mu(t) >= 0) from several
 * starting points, keeps the best, and takes standard errors from the inverse of the
 * observed information (a central-difference Hessian of the analytic gradient). */
#ifndef FRONTIER_FIT_H
#define FRONTIER_FIT_H
#include <gsl/gsl_rng.h>

#define FIT_YEAR_DAYS 365.25

/* Parameters on their natural scale. */
typedef struct fit_params {
    double mu;          /* background events/day */
    double kappa;       /* branching ratio */
    double beta;        /* decay, 1/day */
    double amplitude;   /* seasonal amplitude A in [0, 1) */
    double peak_day;    /* day of the year of the seasonal peak, in [1, 366] */
} fit_params;

/* The data of a fit: sorted event times in [0, T]. The caller owns t. */
typedef struct fit_data {
    const double *t;
    int n;
    double T;
    double doy0;        /* day of the year at t = 0 (1-based, may be fractional) */
} fit_data;

typedef struct fit_result {
    int seasonal;       /* 1 when amplitude and peak_day were fitted */
    fit_params est;
    fit_params se;      /* standard errors; NaN when the information is singular */
    double mean_lag, se_mean_lag;
    double loglik;
    int starts;         /* starting points tried */
    int converged;      /* starting points whose minimiser converged */
    long evals;         /* log-likelihood evaluations, all starts and the Hessian */
} fit_result;

/* Log-likelihood of p (amplitude 0 for a constant background) on d, in O(n). When grad is
 * not NULL it receives the gradient with respect to (mu, kappa, beta, a, b), where
 * a = A cos(2 pi peak/365.25) and b = A sin(2 pi peak/365.25); grad needs 5 slots. Returns
 * -inf when the intensity is not positive at some event. */
double fit_loglik(const fit_data *d, const fit_params *p, double grad[5]);

/* The same log-likelihood by the direct double sum, O(n^2): the benchmark's baseline and a
 * test of the recursion. */
double fit_loglik_naive(const fit_data *d, const fit_params *p);

/* Log-likelihood of the best homogeneous Poisson process, n log(n/T) - n. */
double fit_poisson_loglik(const fit_data *d);

/* Fits the model (seasonal when seasonal is nonzero). Returns 0, SIM_EINVAL (fewer than 3
 * events, T <= 0, or times unsorted or outside [0, T]), SIM_ENOMEM or SIM_ENUMERIC (no
 * starting point gave a finite optimum). */
int fit_hawkes(const fit_data *d, int seasonal, fit_result *out);

/* Likelihood-ratio test of the seasonal against the constant background: statistic
 * 2 (l_seasonal - l_constant), clamped at 0, and its chi-square (2 df) p-value. */
void fit_lr_test(const fit_result *constant, const fit_result *seasonal, double *stat,
                 double *p_value);

/* Time-rescaling goodness of fit: under the model the compensator gaps
 * Lambda(t_i) - Lambda(t_{i-1}) are Exp(1). Gives the Kolmogorov-Smirnov statistic of
 * 1 - exp(-gap) against U(0, 1) and its asymptotic p-value. A Poisson model is p with
 * kappa = 0. Returns 0, SIM_EINVAL (no events) or SIM_ENOMEM. */
int fit_ks(const fit_data *d, const fit_params *p, double *D, double *p_value);

/* P(K > x) of the Kolmogorov distribution, for the KS test with n points: evaluated at
 * (sqrt(n) + 0.12 + 0.11/sqrt(n)) D (Stephens' small-sample correction). */
double fit_ks_pvalue(double D, int n);

/* Simulates the process p on [0, T] exactly (cluster construction: background events from
 * a Poisson process, thinned for the seasonal term, each event with Poisson(kappa) children
 * at Exp(beta) lags). *t receives n sorted times (free with sim_free). Needs kappa < 1.
 * Returns 0, SIM_EINVAL or SIM_ENOMEM. */
int fit_simulate(gsl_rng *r, const fit_params *p, double T, double doy0, double **t, int *n);

#endif
