/* fit_int.h - the likelihood machinery shared by fit.c, fit_dates.c and fit_boot.c (private
 * to sim/data).
 *
 * A workspace holds what one window and one background spec fix: the layout of the levels
 * over the days, each day's exposure and seasonal integrals. The likelihood is evaluated in
 * the coordinates z = (log kappa, log beta, v_1..v_m, [a, b]), where v are the log levels
 * (absolute: background events per day at each block or knot) and (a, b) the seasonal
 * term's linear coefficients. Like the levels, the seasonal factor is that of the middle of
 * each day. Several sets of times on the same window (imputations) can be
 * evaluated at once: the value is their mean. */
#ifndef FRONTIER_FIT_INT_H
#define FRONTIER_FIT_INT_H
#include "data/fit.h"

typedef struct fit_ws {
    fit_spec spec;
    bg_shape shape;     /* the levels' layout (every level 1) */
    long date0;
    double T, doy0;
    int nd;             /* days in the window: ceil(T) */
    int m;              /* levels */
    int seasonal;
    int np;             /* 2 + m + 2 seasonal */
    double rho;         /* roughness weight (spline) */
    int *wn, *widx;     /* per day: number of weights and their 4 level indices */
    double *ww;         /* per day: 4 weights */
    double *E, *C, *S;  /* per day: time inside [0, T]; E times cos and sin of the phase */
    double *cs, *sn;    /* per day: cos and sin of the phase at the middle of the day */
    double *L, *G;      /* scratch: each day's level, each day's share of the event gradient */
    long evals;
} fit_ws;

/* A workspace for spec on [0, T] from calendar day date0. Returns NULL with *err set
 * (SIM_EINVAL for a bad spec or window, SIM_ENOMEM). */
fit_ws *fit_ws_create(const fit_spec *spec, long date0, double T, double doy0, int *err);
void fit_ws_destroy(fit_ws *w); /* accepts NULL */

/* Mean over the K sets of times (each of n sorted times in [0, T]) of the log-likelihood at
 * z, minus the roughness penalty. g (np slots, may be NULL) gets the gradient in z. Returns
 * -inf when an intensity is not positive or z is out of range. */
double fit_ws_eval(fit_ws *w, const double *const *sets, int K, int n, const double *z,
                   double *g);

/* The level of each day (w->L) at z, the natural parameters at z, and the seasonal factor
 * at time t. */
void fit_ws_levels(fit_ws *w, const double *z);
double fit_ws_season(const fit_ws *w, const double *z, double t);

/* Maximises fit_ws_eval over z from the starting point z (overwritten with the optimum).
 * Returns 1 when converged, 0 when it stopped early with a finite value, -1 on failure;
 * *f gets the maximum. */
int fit_ws_maximise(fit_ws *w, const double *const *sets, int K, int n, double *z, double *f);

/* Negative Hessian of fit_ws_eval at z (np x np, row-major, symmetrised) by central
 * differences of the gradient. Returns 0 or SIM_ENOMEM. */
int fit_ws_information(fit_ws *w, const double *const *sets, int K, int n, const double *z,
                       double *info);

/* The penalty's Hessian (rho/2 times that of the roughness) added into the np x np info
 * when sign is +1, removed when -1. */
void fit_ws_penalty_hessian(const fit_ws *w, double *info, double sign);

/* Inverts the symmetric positive definite np x np matrix a into cov (Cholesky). Returns 0
 * or -1 when a is not positive definite. */
int fit_invert(const double *a, int np, double *cov);

/* Fills out (already holding spec, np, x, and cov or NULL) with the natural estimates, the
 * standard errors and the background shape. */
void fit_result_fill(const fit_ws *w, fit_result *out);

/* A multi-start exact-times fit on w of one set of times: out gets x, cov, loglik, edf, AIC
 * (the penalty chosen by AIC when w->spec.penalty < 0). Returns 0 or a SIM_E* code. */
int fit_ws_fit(fit_ws *w, const fit_data *d, fit_result *out);

/* Sets the penalty weight of w (spline only). */
void fit_ws_set_rho(fit_ws *w, double rho);

#endif
