/* test_scoring.c - scoring rules against closed forms and known distributions, and the
 * forecast simulator's parts (drift, counts). */
#include "forecast/predict.h"
#include "forecast/scoring.h"
#include "base/alloc.h"
#include "engine/rng.h"
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

static void setup(void) { gsl_set_error_handler_off(); }
TestSuite(scoring, .init = setup);

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* n Poisson(lambda) draws, sorted (caller frees). */
static double *poisson_sample(double lambda, size_t n, unsigned long seed)
{
    gsl_rng *r = rng_create(seed, 0, "test-scoring");
    double *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = gsl_ran_poisson(r, lambda);
    rng_destroy(r);
    qsort(x, n, sizeof *x, cmp_double);
    return x;
}

Test(scoring, the_crps_of_a_point_mass_is_the_absolute_error)
{
    double x[5] = {7, 7, 7, 7, 7};
    cr_assert(fabs(scoring_crps_sample(x, 5, 7) - 0) < 1e-15);
    cr_assert(fabs(scoring_crps_sample(x, 5, 3.5) - 3.5) < 1e-12);
    cr_assert(fabs(scoring_crps_sample(x, 1, 12) - 5) < 1e-12);
    scoring_nb zero = {0, INFINITY};
    cr_assert(fabs(scoring_crps_nb(&zero, 4) - 4) < 1e-12, "a Poisson of mean 0 is a point mass");
    cr_assert(fabs(scoring_crps_poisson(0, 4) - 4) < 1e-12);
}

Test(scoring, the_crps_of_a_sample_is_that_of_its_empirical_distribution)
{
    /* For the empirical law of {1, 2, 4}: sum over k of (F(k) - 1{y <= k})^2 at y = 3 is
     * (1/3)^2 + (2/3)^2 + (2/3 - 0)^2 ... computed by hand: k=1: (1/3)^2, k=2: (2/3)^2,
     * k=3: (2/3 - 1)^2, k>=4: 0. */
    double x[3] = {1, 2, 4};
    double want = 1.0 / 9 + 4.0 / 9 + 1.0 / 9;
    cr_assert(fabs(scoring_crps_sample(x, 3, 3) - want) < 1e-12, "expected: %.12g, got: %.12g",
              want, scoring_crps_sample(x, 3, 3));
}

Test(scoring, the_poisson_crps_closed_form_matches_the_sum_and_a_large_sample)
{
    const double lambda[4] = {0.7, 3.2, 18.5, 140.0};
    for (int i = 0; i < 4; i++) {
        scoring_nb p = {lambda[i], INFINITY};
        double *x = poisson_sample(lambda[i], 200000, 31 + (unsigned long)i);
        for (double y = 0; y < 3 * lambda[i] + 3; y += 1 + floor(lambda[i] / 7)) {
            double closed = scoring_crps_poisson(lambda[i], y), sum = scoring_crps_nb(&p, y);
            cr_assert(fabs(closed - sum) < 1e-9 * fmax(1, sum), "lambda %g, y %g: closed %.12g, "
                      "sum %.12g", lambda[i], y, closed, sum);
            /* The sample's CRPS converges at about 1/sqrt(n) of the spread sqrt(lambda). */
            double s = scoring_crps_sample(x, 200000, y);
            cr_assert(fabs(s - closed) < 0.02 * sqrt(lambda[i]) + 1e-3, "lambda %g, y %g: "
                      "sample %.6g, closed %.6g", lambda[i], y, s, closed);
        }
        free(x);
    }
}

Test(scoring, a_negative_binomial_of_huge_size_is_the_poisson)
{
    scoring_nb nb = {12.5, 1e9}, p = {12.5, INFINITY};
    for (double y = 0; y < 40; y += 3) {
        cr_assert(fabs(scoring_crps_nb(&nb, y) - scoring_crps_nb(&p, y)) < 1e-5);
        cr_assert(fabs(scoring_log_nb(&nb, y) - scoring_log_nb(&p, y)) < 1e-5);
    }
    /* Variance m + m^2/r: the fit by moments recovers a dispersed sample's size. */
    gsl_rng *r = rng_create(5, 0, "test-scoring");
    double c[4000];
    for (int i = 0; i < 4000; i++) c[i] = gsl_ran_negative_binomial(r, 2.0 / (2.0 + 10.0), 2.0);
    rng_destroy(r);
    scoring_nb fit = scoring_nb_fit(c, 4000);
    cr_assert(fabs(fit.mean - 10) < 0.3 && fabs(fit.size - 2) < 0.3, "mean %.3f, size %.3f",
              fit.mean, fit.size);
    scoring_nb year = scoring_nb_scale(&fit, 12);
    cr_assert(fabs(year.mean - 12 * fit.mean) < 1e-9 && fabs(year.size - 12 * fit.size) < 1e-9);
}

Test(scoring, the_log_score_is_minus_the_log_probability)
{
    scoring_nb p = {4.2, INFINITY}, nb = {4.2, 1.5};
    cr_assert(fabs(scoring_log_nb(&p, 3) + log(gsl_ran_poisson_pdf(3, 4.2))) < 1e-12);
    cr_assert(fabs(scoring_log_nb(&nb, 3) +
                   log(gsl_ran_negative_binomial_pdf(3, 1.5 / 5.7, 1.5))) < 1e-12);
    /* A large sample's smoothed probability approaches the pmf (a smooth one: mean 40).
     * Tolerance: 4 standard errors of the log of an empirical frequency, sqrt((1 - p) / (n p)),
     * plus the kernel's bias (its half-count bandwidth widens the variance 40 by 0.25, which
     * moves the log pmf by at most 0.01 at 10 counts from the mean). */
    enum { NS = 1000000 };
    double *x = poisson_sample(40, NS, 9);
    for (double y = 30; y <= 50; y += 5) {
        double pm = gsl_ran_poisson_pdf((unsigned)y, 40), want = -log(pm);
        double tol = 4 * sqrt((1 - pm) / (NS * pm)) + 0.01;
        cr_assert(fabs(scoring_log_sample(x, NS, y) - want) < tol, "y %g: %.4f vs %.4f", y,
                  scoring_log_sample(x, NS, y), want);
    }
    /* A count the sample never reached still gets a finite score, worse than any seen. */
    double far = scoring_log_sample(x, NS, 200);
    cr_assert(isfinite(far) && far > 50, "%g", far);
    free(x);
}

Test(scoring, the_pit_of_the_true_distribution_is_uniform)
{
    /* Counts drawn from Poisson(6.3) and scored against Poisson(6.3): the non-randomised PIT
     * histogram's 10 bins each hold 0.1 of the mass, up to the sampling error of 3000
     * counts (sd below 0.0055 a bin): 0.02 is about 3.6 sd. A forecast twice too wide fills
     * the middle bins instead. */
    enum { N = 3000, BINS = 10 };
    gsl_rng *r = rng_create(21, 0, "test-scoring");
    double lo[N], hi[N], wlo[N], whi[N];
    scoring_nb truth = {6.3, INFINITY}, wide = {6.3, 1.2};
    for (int i = 0; i < N; i++) {
        double y = gsl_ran_poisson(r, 6.3);
        scoring_pit_nb(&truth, y, &lo[i], &hi[i]);
        scoring_pit_nb(&wide, y, &wlo[i], &whi[i]);
        cr_assert(lo[i] <= hi[i] && lo[i] >= 0 && hi[i] <= 1);
    }
    rng_destroy(r);
    double prev = 0, wprev = 0, middle = 0;
    for (int b = 1; b <= BINS; b++) {
        double F = 0, W = 0, u = (double)b / BINS;
        for (int i = 0; i < N; i++) {
            F += scoring_pit_cdf(lo[i], hi[i], u) / N;
            W += scoring_pit_cdf(wlo[i], whi[i], u) / N;
        }
        cr_assert(fabs(F - prev - 0.1) < 0.02, "bin %d holds %.4f", b, F - prev);
        if (b > 3 && b <= 7) middle += W - wprev;
        prev = F;
        wprev = W;
    }
    cr_assert_gt(middle, 0.55, "an over-dispersed forecast puts %.3f in the middle 40%%", middle);
}

Test(scoring, quantiles_and_intervals_follow_the_distribution_function)
{
    scoring_nb p = {9.0, INFINITY};
    for (double q = 0.05; q < 1; q += 0.1) {
        double k = scoring_quantile_nb(&p, q);
        cr_assert(gsl_cdf_poisson_P((unsigned)k, 9.0) >= q);
        cr_assert(k == 0 || gsl_cdf_poisson_P((unsigned)k - 1, 9.0) < q, "q %g: %g", q, k);
    }
    double x[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    cr_assert_eq(scoring_quantile_sample(x, 10, 0.5), 5);
    cr_assert_eq(scoring_quantile_sample(x, 10, 0.05), 1);
    cr_assert_eq(scoring_quantile_sample(x, 10, 0.95), 10);
    cr_assert(scoring_inside_sample(x, 10, 0.8, 2) && !scoring_inside_sample(x, 10, 0.2, 2));
    double lo, hi;
    scoring_pit_sample(x, 10, 4, &lo, &hi);
    cr_assert(fabs(lo - 0.3) < 1e-12 && fabs(hi - 0.4) < 1e-12);
}

Test(scoring, the_drift_estimate_pools_the_years_with_its_prior)
{
    double flat[6] = {120, 120, 120, 120, 120, 120}, swing[6] = {60, 150, 70, 160, 60, 150};
    cr_assert(fabs(pred_drift(flat, 1, 0.3, 0.09, 2) - 0.09) < 1e-12, "one block: the prior");
    /* Equal years: the excess is negative noise, clamped: the prior weighted over 2 + 5. */
    cr_assert(fabs(pred_drift(flat, 6, 0.3, 0.09, 2) - 0.09 * 2 / 7) < 1e-12);
    double s = pred_drift(swing, 6, 0.3, 0.09, 2);
    cr_assert(s > 0.3 && s < 0.7, "swings of a factor 2.3 a year: %.3f", s);
}

Test(scoring, a_forecast_of_a_known_process_has_the_right_mean_count)
{
    /* No history, no drift, no parameter uncertainty: the count over 400 days of a process
     * with background 0.5 and branching 0.4 has mean 0.5 x 400 / 0.6 less the edge effect
     * mu kappa / (beta (1 - kappa)^2) = 0.56, and its variance exceeds the mean (clusters). */
    int day[3] = {0, 1, 2};
    fit_days d = {day, 3, 10, 1, 0};
    fit_result fit = {0};
    fit.est.mu = 0.5;
    fit.est.kappa = 0.4;
    fit.est.beta = 2;
    fit.np = 3;
    fit.n_levels = 1;
    double sets[3] = {-1e9, -1e9, -1e9};   /* history too old to matter */
    pred_history h = {&d, &fit, sets, 1};
    pred_spec ps = {400, 0, 77};
    enum { R = 2000 };
    double m = 0, v = 0, c[R];
    for (long r = 0; r < R; r++) {
        cr_assert_eq(pred_count(&h, &ps, r, &c[r]), 0);
        m += c[r] / R;
    }
    for (int r = 0; r < R; r++) v += (c[r] - m) * (c[r] - m) / (R - 1);
    double want = 0.5 * 400 / 0.6 - 0.5 * 0.4 / (2 * 0.36);
    cr_assert(fabs(m - want) < 4 * sqrt(v / R), "mean %.2f, expected %.2f (se %.2f)", m, want,
              sqrt(v / R));
    cr_assert(v > 1.8 * m, "variance %.1f over mean %.1f (1/(1-kappa)^2 = 2.8)", v, m);
    double again;
    cr_assert_eq(pred_count(&h, &ps, 17, &again), 0);
    cr_assert_eq(again, c[17], "replication 17 draws the same counts whenever it runs");
}
