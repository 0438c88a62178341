/* fit.h - maximum-likelihood fit of an exponential Hawkes process to event times.
 *
 * Model: lambda(t) = mu(t) + sum_{t_i < t} kappa beta exp(-beta (t - t_i)) with background
 *   mu(t) = mu f(day(t)) (1 + A cos(2 pi (doy(t) - peak_day) / 365.25)),
 * where f is a background shape (data/bg.h: constant, piecewise or spline, a factor per
 * calendar day) and the seasonal term is 1 unless fitted. Times are days since the start of
 * the observation window [0, T]; day(t) = date0 + floor(t) is the calendar day and
 * doy(t) = doy0 + t the day of the year (doy0 is that of the window's first day, 1-based).
 * kappa is the branching ratio (mean direct offspring of an event), beta the decay per day
 * (mean lag 1/beta days).
 *
 * The log-likelihood and its gradient cost O(n + days) through the exponential-kernel
 * recursion. The fit maximises it with GSL's BFGS (vector_bfgs2) over log kappa, log beta,
 * the log levels of the background (one for a constant) and, for a seasonal fit, a
 * tanh-bounded amplitude, from several starting points; a spline's levels carry a roughness
 * penalty (rho/2 times the integral of the squared second derivative of the log curve)
 * whose weight rho is chosen by AIC. Standard errors come from the inverse of the observed
 * (penalised) information, a central-difference Hessian of the analytic gradient.
 *
 * This is the likelihood of exact times. Incident data give dates only: fit_dates.h fits
 * the same model to the dates themselves. */
#ifndef FRONTIER_FIT_H
#define FRONTIER_FIT_H
#include "data/bg.h"
#include <gsl/gsl_rng.h>
#include <stddef.h>

#define FIT_YEAR_DAYS 365.25

/* Parameters on their natural scale. Zero-initialised bg is the constant background. */
typedef struct fit_params {
    double mu;          /* background events/day where the background factor is 1 */
    double kappa;       /* branching ratio */
    double beta;        /* decay, 1/day */
    double amplitude;   /* seasonal amplitude A in [0, 1) */
    double peak_day;    /* day of the year of the seasonal peak, in [1, 366] */
    bg_shape bg;        /* the background factor by calendar day */
} fit_params;

/* The data of a fit: sorted event times in [0, T]. The caller owns t. */
typedef struct fit_data {
    const double *t;
    int n;
    double T;
    double doy0;        /* day of the year at t = 0 (1-based, may be fractional) */
    long date0;         /* calendar day (days since 1970-01-01) of t in [0, 1) */
} fit_data;

/* The background shapes a fit can estimate. */
enum fit_shape { FIT_CONSTANT, FIT_SEASONAL, FIT_PIECEWISE, FIT_SPLINE, FIT_NSHAPES };

typedef struct fit_spec {
    int shape;          /* enum fit_shape */
    int days;           /* piecewise: days per block */
    int knots;          /* spline: number of knots K (>= 3) */
    double penalty;     /* spline: roughness weight rho; < 0 chooses it by AIC */
} fit_spec;

/* Parses "constant", "seasonal", "piecewise:DAYS" (DAYS 7..36525) or "spline:K"
 * (K 3..BG_LEVELS_MAX). Returns 0, or SIM_EPARSE with a sentence in why (n bytes). */
int fit_spec_parse(const char *s, fit_spec *out, char *why, size_t n);
/* Writes the spec as fit_spec_parse reads it ("piecewise:365"). */
void fit_spec_format(const fit_spec *s, char *out, size_t n);

/* The background of spec on a window of T days starting on calendar day date0, with every
 * level 1: piecewise blocks are laid out backwards from the window's end, so the last block
 * is whole (n = round(T / DAYS) blocks; the first one takes what is left over, from half a
 * block to one and a half); spline knots run from the start of the first day to the end of
 * the last. Returns 0, or SIM_EINVAL when the window holds fewer than two blocks. */
int fit_spec_shape(const fit_spec *s, long date0, double T, bg_shape *out);

typedef struct fit_result {
    fit_spec spec;      /* as fitted, with the penalty chosen */
    fit_params est;     /* est.mu is the background at the window's end (last level);
                           est.bg holds the levels relative to it */
    fit_params se;      /* standard errors of mu, kappa, beta, amplitude, peak_day */
    double mean_lag, se_mean_lag;
    double loglik;      /* log-likelihood at est (of the dates, for a date-only fit) */
    double loglik_se;   /* its Monte Carlo standard error (0 for exact times) */
    double penalty;     /* rho/2 x roughness at est (0 unless spline) */
    double edf;         /* effective number of parameters (trace formula for a spline) */
    double aic;         /* -2 loglik + 2 edf */
    int np;             /* coordinates of x: log kappa, log beta, log levels, [a, b] */
    int n_levels;
    double *x;          /* the estimate in those coordinates (levels absolute, per day) */
    double *cov;        /* np x np covariance of x, row-major; NULL when singular */
    double *chol;       /* its lower Cholesky factor (for draws), or NULL */
    int starts, converged;
    long evals;         /* log-likelihood evaluations */
    /* date-only fits (fit_dates.h) */
    int dates;          /* 1 when fitted to dates */
    int em_iterations, imputations;
    double missing_beta;/* share of the information on beta lost to unknown times */
    double ks_D;        /* mean KS statistic over imputed times (NaN when not computed) */
} fit_result;

/* Frees x, cov and chol (the struct itself is the caller's). Accepts NULL. */
void fit_result_free(fit_result *r);
/* Replaces r's covariance with a copy of cov (np x np; NULL for none) and its Cholesky
 * factor. Returns 0 or SIM_ENOMEM. */
int fit_result_set_cov(fit_result *r, const double *cov);

/* Standard error of the log of background level k (0-based) of r; NaN when singular. */
double fit_se_log_level(const fit_result *r, int k);

/* Log-likelihood of p on d in O(n + days). When grad is not NULL it receives the gradient
 * with respect to (mu, kappa, beta, a, b), where a = A cos(2 pi peak/365.25) and
 * b = A sin(2 pi peak/365.25), at a fixed background shape; grad needs 5 slots. Returns
 * -inf when the intensity is not positive at some event. */
double fit_loglik(const fit_data *d, const fit_params *p, double grad[5]);

/* The same log-likelihood by the direct double sum, O(n^2): the benchmark's baseline and a
 * test of the recursion. */
double fit_loglik_naive(const fit_data *d, const fit_params *p);

/* Log-likelihood of the best homogeneous Poisson process, n log(n/T) - n. */
double fit_poisson_loglik(const fit_data *d);

/* Fits the model with background spec to exact times. Returns 0, SIM_EINVAL (fewer than 3
 * events, T <= 0, times unsorted or outside [0, T], a bad spec or a window too short for
 * it), SIM_ENOMEM or SIM_ENUMERIC (no starting point gave a finite optimum). out is filled
 * (free it with fit_result_free) on success and zeroed on error. */
int fit_hawkes(const fit_data *d, const fit_spec *spec, fit_result *out);

/* Likelihood-ratio test of a larger fit against a nested smaller one: statistic
 * 2 (l_big - l_small), clamped at 0, referred to a chi-square with edf_big - edf_small
 * degrees of freedom (at least 1). */
void fit_lr_test(const fit_result *small, const fit_result *big, double *stat, double *df,
                 double *p_value);

/* Time-rescaling goodness of fit: under the model the compensator gaps
 * Lambda(t_i) - Lambda(t_{i-1}) are Exp(1). Gives the Kolmogorov-Smirnov statistic of
 * 1 - exp(-gap) against U(0, 1) and its asymptotic p-value, which is conservative when p
 * was estimated from the same data (fit_boot.h calibrates it). A Poisson model is p with
 * kappa = 0. Returns 0, SIM_EINVAL (no events) or SIM_ENOMEM. */
int fit_ks(const fit_data *d, const fit_params *p, double *D, double *p_value);

/* The compensator Lambda(t_i) (the expected number of events up to t_i under p) at every
 * event into lam[0..n-1]: the time-rescaling figure of `frontier fit` draws it against the
 * count. A Poisson model is p with kappa = 0. */
void fit_compensator(const fit_data *d, const fit_params *p, double *lam);

/* P(K > x) of the Kolmogorov distribution, for the KS test with n points: evaluated at
 * (sqrt(n) + 0.12 + 0.11/sqrt(n)) D (Stephens' small-sample correction). */
double fit_ks_pvalue(double D, int n);

/* Simulates the process p on [0, T] exactly (cluster construction: background events from
 * a Poisson process at the largest background rate, thinned to the background, each event
 * with Poisson(kappa) children at Exp(beta) lags); day(t) = date0 + floor(t) for the
 * background shape. *t receives n sorted times (free with sim_free). Needs kappa < 1.
 * Returns 0, SIM_EINVAL or SIM_ENOMEM. */
int fit_simulate(gsl_rng *r, const fit_params *p, double T, double doy0, long date0,
                 double **t, int *n);

/* Draws parameters from the fit's asymptotic normal distribution (on the scale of r->x:
 * log kappa, log beta, log levels, a, b), for forecasts that carry the estimates'
 * uncertainty. The branching ratio is redrawn when it reaches 0.99 (at most 100 times, then
 * clamped) and the amplitude clamped to 0.99. Without a covariance it returns the estimate.
 * out->bg is the fitted shape with the drawn levels relative to the last. */
void fit_draw(const fit_result *r, gsl_rng *g, fit_params *out);

#endif
