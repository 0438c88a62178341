/* test_fit_long.c - the long statistical checks of the fit of dates (make check-long):
 * coverage and bias over 100 series, the two ways of handling dates compared, and the size
 * of the parametric-bootstrap KS test over 100 series. Each prints the figures it measured
 * (docs/data.md quotes them). */
#include "base/alloc.h"
#include "data/fit_boot.h"
#include "data/fit_dates.h"
#include "engine/rng.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void setup(void) { gsl_set_error_handler_off(); }

TestSuite(fit_long, .init = setup, .timeout = 3600);

#define Z95 1.959963984540054
#define SERIES 100
#define DAYS 4018            /* eleven years */

static const fit_params truth = {.mu = 0.234, .kappa = 0.34, .beta = 1.0};

/* Series s (seed 1000 + s) of the GTD-like process, rounded to dates. */
static fit_days series(int s, double **t, int T)
{
    gsl_rng *r = rng_create(1000 + (uint64_t)s, 0, "long-fit");
    double *x;
    int n;
    cr_assert_eq(fit_simulate(r, &truth, T, 1, 0, &x, &n), 0);
    rng_destroy(r);
    int *day = malloc((size_t)(n ? n : 1) * sizeof *day);
    for (int i = 0; i < n; i++) day[i] = (int)x[i];
    *t = x;
    fit_days d = {day, n, T, 1, 0};
    return d;
}

static void field(const fit_params *p, double v[3])
{
    v[0] = p->mu;
    v[1] = p->kappa;
    v[2] = p->beta;
}

/* Coverage counts and mean relative errors of one method. */
typedef struct tally {
    int cover[3];
    double bias[3];
} tally;

static void add(tally *t, const double est[3], const double se[3])
{
    double want[3];
    field(&truth, want);
    for (int k = 0; k < 3; k++) {
        double s = se[k] / est[k];
        t->cover[k] += want[k] >= est[k] * exp(-Z95 * s) && want[k] <= est[k] * exp(Z95 * s);
        t->bias[k] += (est[k] - want[k]) / want[k] / SERIES;
    }
}

/* Jitter m of series s: each date placed uniformly in its day, then fitted as exact. */
static void jitter_fit(const fit_days *d, double *t, int s, int m, fit_result *r)
{
    fit_spec c = {FIT_CONSTANT, 0, 0, -1};
    gsl_rng *g = rng_create((uint64_t)s, (uint64_t)m, "jitter");
    for (int i = 0; i < d->n; i++) t[i] = d->day[i] + gsl_rng_uniform(g);
    for (int i = 1; i < d->n; i++)
        for (int k = i; k > 0 && t[k] < t[k - 1]; k--) {
            double x = t[k];
            t[k] = t[k - 1];
            t[k - 1] = x;
        }
    rng_destroy(g);
    fit_data jd = {t, d->n, d->ndays, 1, 0};
    cr_assert_eq(fit_hawkes(&jd, &c, r), 0);
}

/* Rubin's rules over M uniform jitters fitted as exact times, on the log scale; the first
 * jitter alone goes to one (what `frontier fit` did before). */
static void rubin(const fit_days *d, double *t, int s, double est[3], double se[3],
                  double one_est[3], double one_se[3])
{
    enum { M = 10 };
    double q[M][3], mean[3] = {0}, within[3] = {0};
    for (int m = 0; m < M; m++) {
        fit_result r;
        jitter_fit(d, t, s, m, &r);
        double e[3], u[3];
        field(&r.est, e);
        field(&r.se, u);
        if (m == 0)
            for (int k = 0; k < 3; k++) {
                one_est[k] = e[k];
                one_se[k] = u[k];
            }
        for (int k = 0; k < 3; k++) {
            q[m][k] = log(e[k]);
            mean[k] += q[m][k] / M;
            within[k] += (u[k] / e[k]) * (u[k] / e[k]) / M;
        }
        fit_result_free(&r);
    }
    for (int k = 0; k < 3; k++) {
        double between = 0;
        for (int m = 0; m < M; m++) between += (q[m][k] - mean[k]) * (q[m][k] - mean[k]) / (M - 1);
        est[k] = exp(mean[k]);
        se[k] = est[k] * sqrt(within[k] + (1 + 1.0 / M) * between);
    }
}

Test(fit_long, dates_are_fitted_without_bias_and_with_honest_intervals_over_100_series)
{
    /* The criterion: each 95% interval covers the truth in at least 90 of 100
     * series and beta's bias is under 5%. Rubin's rules over jittered times, measured on the
     * same series, fail it (beta 15% low, covered in about 80%): the assertion on them
     * keeps docs/data.md's account of the choice true. */
    tally em = {{0}, {0}}, rb = {{0}, {0}}, one = {{0}, {0}};
    for (int s = 0; s < SERIES; s++) {
        double *t;
        fit_days d = series(s, &t, DAYS);
        fit_spec c = {FIT_CONSTANT, 0, 0, -1};
        fit_dates_opts o = {0, 0, -1, -1, (uint64_t)s};
        fit_result r;
        cr_assert_eq(fit_dates(&d, &c, &o, &r), 0, "series %d", s);
        double est[3], se[3];
        field(&r.est, est);
        field(&r.se, se);
        add(&em, est, se);
        fit_result_free(&r);
        double oe[3], os[3];
        rubin(&d, t, s, est, se, oe, os);
        add(&rb, est, se);
        add(&one, oe, os);
        sim_free(t);
        free((void *)d.day);
    }
    printf("fit of dates (Monte Carlo EM): covered mu %d, kappa %d, beta %d of %d; bias "
           "%+.3f %+.3f %+.3f\n", em.cover[0], em.cover[1], em.cover[2], SERIES, em.bias[0],
           em.bias[1], em.bias[2]);
    printf("one jitter taken as exact times: covered mu %d, kappa %d, beta %d of %d; bias "
           "%+.3f %+.3f %+.3f\n", one.cover[0], one.cover[1], one.cover[2], SERIES, one.bias[0],
           one.bias[1], one.bias[2]);
    printf("Rubin's rules over 10 jitters: covered mu %d, kappa %d, beta %d of %d; bias "
           "%+.3f %+.3f %+.3f\n", rb.cover[0], rb.cover[1], rb.cover[2], SERIES, rb.bias[0],
           rb.bias[1], rb.bias[2]);
    static const char *names[3] = {"mu", "kappa", "beta"};
    for (int k = 0; k < 3; k++)
        cr_assert_geq(em.cover[k], 90, "%s covered in %d of %d", names[k], em.cover[k],
                      SERIES);
    cr_assert(fabs(em.bias[2]) < 0.05, "beta's bias %.3f", em.bias[2]);
    cr_assert_lt(rb.bias[2], -0.08, "Rubin's rules over jitters: beta's bias %.3f", rb.bias[2]);
}

Test(fit_long, the_bootstrap_ks_test_rejects_a_true_model_about_as_often_as_its_level)
{
    /* 100 two-year series from the model, 39 bootstrap samples each. Under the null the
     * p-values are uniform on {1/40, ..., 1}: at the 10% level (p <= 0.1) a true model is
     * rejected with probability 4/40, about 10 of 100 (sd 3); 3 to 19 is the 99.9% range.
     * The asymptotic Kolmogorov p-value of the same statistic rejects far fewer. */
    enum { B = 39 };
    int reject = 0, reject_asym = 0;
    for (int s = 0; s < SERIES; s++) {
        double *t;
        fit_days d = series(200 + s, &t, 730);
        sim_free(t);
        fit_spec c = {FIT_CONSTANT, 0, 0, -1};
        fit_dates_opts o = {6, 20, -1, 10, (uint64_t)s};
        fit_result r;
        cr_assert_eq(fit_dates(&d, &c, &o, &r), 0);
        double D, Db[B];
        cr_assert_eq(fit_boot_statistic_dates(&d, &c, (uint64_t)s, &D), 0);
        for (int b = 0; b < B; b++)
            cr_assert_eq(fit_boot_sample_dates(&d, &c, &r, (uint64_t)s, b, &Db[b]), 0);
        reject += fit_boot_pvalue(D, Db, B) <= 0.1;
        reject_asym += fit_ks_pvalue(D, d.n) <= 0.1;
        fit_result_free(&r);
        free((void *)d.day);
    }
    printf("bootstrap KS at 10%%: %d of %d true models rejected (asymptotic p-value: %d)\n",
           reject, SERIES, reject_asym);
    cr_assert(reject >= 3 && reject <= 19, "%d of %d rejected at 10%%", reject, SERIES);
    cr_assert_lt(reject_asym, reject, "the asymptotic p-value is the conservative one");
}
