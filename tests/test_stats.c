/* test_stats.c - moments, quantiles, intervals and Kaplan-Meier against known answers. */
#include "analysis/stats.h"
#include "base/err.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

static void setup(void) { gsl_set_error_handler_off(); }

TestSuite(stats, .init = setup);

static int near(double a, double b, double tol) { return fabs(a - b) <= tol; }

Test(stats, moments_of_a_known_sample)
{
    const double v[] = {2, 4, 4, 4, 5, 5, 7, 9};
    stats_moments m;
    stats_moments_init(&m);
    for (int i = 0; i < 8; i++) stats_moments_add(&m, v[i]);
    stats_moments_add(&m, NAN); /* missing values are skipped */
    cr_assert(m.n == 8, "expected: 8, got: %ld", m.n);
    cr_assert(near(stats_mean(&m), 5, 1e-12), "expected: 5, got: %.17g", stats_mean(&m));
    cr_assert(near(stats_var(&m), 32.0 / 7.0, 1e-12), "got: %.17g", stats_var(&m));
    cr_assert(m.min == 2 && m.max == 9);
}

Test(stats, moments_stay_accurate_with_a_large_offset)
{
    stats_moments m;
    stats_moments_init(&m);
    for (int i = 0; i < 1000; i++) stats_moments_add(&m, 1e9 + (i % 2 ? 2.385 : -2.385));
    cr_assert(near(stats_mean(&m), 1e9, 1e-6));
    cr_assert(near(stats_var(&m), 2.385 * 2.385 * 1000.0 / 999.0, 1e-6), "got: %.17g",
              stats_var(&m));
}

Test(stats, empty_and_single_samples_give_nan_not_nonsense)
{
    stats_moments m;
    double lo, hi;
    stats_moments_init(&m);
    cr_assert(isnan(stats_mean(&m)));
    stats_moments_add(&m, 3.5);
    cr_assert(isnan(stats_var(&m)));
    stats_mean_ci(&m, 0.95, &lo, &hi);
    cr_assert(isnan(lo) && isnan(hi));
}

Test(stats, mean_interval_uses_student_t)
{
    const double v[] = {2, 4, 4, 4, 5, 5, 7, 9};
    stats_moments m;
    double lo, hi;
    stats_moments_init(&m);
    for (int i = 0; i < 8; i++) stats_moments_add(&m, v[i]);
    stats_mean_ci(&m, 0.95, &lo, &hi);
    /* t(0.975, 7) = 2.364624; sd = sqrt(32/7) */
    double half = 2.364624252 * sqrt(32.0 / 7.0) / sqrt(8.0);
    cr_assert(near(lo, 5 - half, 1e-6) && near(hi, 5 + half, 1e-6), "got: [%g, %g]", lo, hi);
}

Test(stats, quantiles_interpolate_like_r_type_7)
{
    double v[10];
    for (int i = 0; i < 10; i++) v[i] = 10 - i; /* 10..1, unsorted on purpose */
    stats_sort(v, 10);
    cr_assert(near(stats_quantile_sorted(v, 10, 0.25), 3.25, 1e-12));
    cr_assert(near(stats_quantile_sorted(v, 10, 0.5), 5.5, 1e-12));
    cr_assert(near(stats_quantile_sorted(v, 10, 0.95), 9.55, 1e-12));
    cr_assert(near(stats_quantile_sorted(v, 10, 0), 1, 1e-12));
    cr_assert(near(stats_quantile_sorted(v, 10, 1), 10, 1e-12));
    cr_assert(isnan(stats_quantile_sorted(v, 0, 0.5)));
}

Test(stats, sorted_finite_drops_missing_values)
{
    const double v[] = {3, NAN, 1, INFINITY, 2};
    double out[5];
    size_t k = stats_sorted_finite(v, 5, out);
    cr_assert(k == 3 && out[0] == 1 && out[1] == 2 && out[2] == 3, "got k = %zu", k);
}

Test(stats, wilson_interval_known_values)
{
    double lo, hi;
    stats_wilson(0, 10, 0.95, &lo, &hi);
    cr_assert(near(lo, 0, 1e-12) && near(hi, 0.2775328, 1e-6), "0/10 got: [%g, %g]", lo, hi);
    stats_wilson(5, 10, 0.95, &lo, &hi);
    cr_assert(near(lo, 0.2365931, 1e-6) && near(hi, 0.7634069, 1e-6), "5/10 got: [%g, %g]", lo, hi);
    stats_wilson(10, 10, 0.95, &lo, &hi);
    cr_assert(near(lo, 1 - 0.2775328, 1e-6) && near(hi, 1, 1e-12), "10/10 got: [%g, %g]", lo, hi);
    stats_wilson(0, 0, 0.95, &lo, &hi);
    cr_assert(lo == 0 && hi == 1);
}

Test(stats, mean_interval_covers_the_true_mean_about_95_percent_of_the_time)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 42);
    int covered = 0;
    const double mu = 2.385;
    for (int rep = 0; rep < 1000; rep++) {
        stats_moments m;
        double lo, hi;
        stats_moments_init(&m);
        for (int i = 0; i < 30; i++) stats_moments_add(&m, mu + gsl_ran_gaussian(r, 1.7));
        stats_mean_ci(&m, 0.95, &lo, &hi);
        covered += lo <= mu && mu <= hi;
    }
    gsl_rng_free(r);
    /* Normal data, n = 30: the t interval is exact, so coverage is 95% up to sampling
     * noise (binomial sd of the count: about 7). */
    cr_assert(covered >= 930 && covered <= 970, "expected: about 950 of 1000, got: %d", covered);
}

Test(stats, wilson_interval_covers_about_95_percent_of_the_time)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    int covered = 0;
    const double p = 0.3;
    for (int rep = 0; rep < 1000; rep++) {
        unsigned k = gsl_ran_binomial(r, p, 200);
        double lo, hi;
        stats_wilson((long)k, 200, 0.95, &lo, &hi);
        covered += lo <= p && p <= hi;
    }
    gsl_rng_free(r);
    cr_assert(covered >= 930 && covered <= 970, "expected: about 950 of 1000, got: %d", covered);
}

Test(stats, kaplan_meier_matches_a_hand_computed_case_with_censoring)
{
    /* Events at 1, 3, 3, 5; censored at 2, 3 (tied with events: still at risk) and 4. */
    const double t[] = {3, 1, 2, 3, 5, 3, 4};
    const int e[] = {1, 1, 0, 0, 1, 1, 0};
    stats_km_row rows[7];
    size_t n = 0;
    cr_assert(stats_km(t, e, 7, 0.95, rows, &n) == 0);
    cr_assert(n == 3, "expected: 3 rows, got: %zu", n);
    cr_assert(rows[0].t == 1 && rows[0].at_risk == 7 && rows[0].events == 1);
    cr_assert(near(rows[0].surv, 6.0 / 7.0, 1e-12));
    /* Log-log band: sigma = sqrt(1/42) / |log(6/7)|, [S^exp(z sigma), S^exp(-z sigma)]. */
    cr_assert(near(rows[0].lo, 0.3340539, 1e-6) && near(rows[0].hi, 0.9785611, 1e-6),
              "got: [%.7f, %.7f]", rows[0].lo, rows[0].hi);
    cr_assert(rows[1].t == 3 && rows[1].at_risk == 5 && rows[1].events == 2,
              "expected: t 3, 5 at risk, 2 events; got: t %g, %ld, %ld", rows[1].t,
              rows[1].at_risk, rows[1].events);
    cr_assert(near(rows[1].surv, 18.0 / 35.0, 1e-12), "got: %g", rows[1].surv);
    cr_assert(near(rows[1].lo, 0.1177596, 1e-6) && near(rows[1].hi, 0.8132486, 1e-6),
              "got: [%g, %g]", rows[1].lo, rows[1].hi);
    cr_assert(rows[2].t == 5 && rows[2].at_risk == 1 && rows[2].surv == 0 && rows[2].lo == 0 &&
              rows[2].hi == 0);
}

/* Survival estimate and band at t0 from KM rows: the last row at or before t0 (S = 1 and
 * a band [1, 1] before the first event). */
static void km_at(const stats_km_row *rows, size_t n, double t0, double *s, double *lo, double *hi)
{
    *s = *lo = *hi = 1;
    for (size_t i = 0; i < n && rows[i].t <= t0; i++) {
        *s = rows[i].surv;
        *lo = rows[i].lo;
        *hi = rows[i].hi;
    }
}

Test(stats, kaplan_meier_band_stays_inside_0_1_without_clipping)
{
    /* Where 0 < S < 1 the log-log band is strictly inside (0, 1) and strictly around S;
     * a linear band S +- z se clipped to [0, 1] touches 1 after the first event of 7. */
    const double t[] = {1, 2, 3, 4, 5, 6, 7, 8};
    const int e[] = {1, 1, 0, 1, 1, 0, 1, 0};
    stats_km_row rows[8];
    size_t n = 0;
    cr_assert(stats_km(t, e, 8, 0.95, rows, &n) == 0 && n == 5);
    for (size_t i = 0; i < n; i++)
        cr_expect(rows[i].lo > 0 && rows[i].lo < rows[i].surv && rows[i].hi > rows[i].surv &&
                  rows[i].hi < 1, "row %zu: S %g, band [%g, %g]", i, rows[i].surv, rows[i].lo,
                  rows[i].hi);
}

Test(stats, kaplan_meier_band_covers_in_the_tails)
{
    /* 30 to 35 runs with exponential event times (rate 1), the band read where the true
     * S is 0.9 and where it is 0.1 (few events, or few at risk): 2,000 samples per size
     * and point. The log-log band covers about 93% there (92-96% for each size in a
     * separate simulation), the linear Greenwood band clipped to [0, 1] about 84% (81-87%).
     * At least 90% of the 12,000 trials of each point (binomial sd 0.25 points) separates
     * them by more than ten sd either way. */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2385);
    const double s0[2] = {0.9, 0.1};
    double t[35];
    int e[35];
    stats_km_row rows[35];
    for (int i = 0; i < 35; i++) e[i] = 1;
    for (int p = 0; p < 2; p++) {
        long covered = 0, trials = 0;
        for (int n = 30; n <= 35; n++)
            for (int k = 0; k < 2000; k++, trials++) {
                for (int i = 0; i < n; i++) t[i] = gsl_ran_exponential(r, 1.0);
                size_t nr = 0;
                cr_assert(stats_km(t, e, (size_t)n, 0.95, rows, &nr) == 0);
                double s, lo, hi;
                km_at(rows, nr, -log(s0[p]), &s, &lo, &hi);
                covered += lo <= s0[p] && s0[p] <= hi;
            }
        double c = (double)covered / (double)trials;
        cr_log_info("S = %g: %.1f%% covered", s0[p], 100 * c);
        cr_expect(c >= 0.90, "S = %g: expected: about 93%% covered, got: %.1f%%", s0[p], 100 * c);
    }
    gsl_rng_free(r);
}

Test(stats, kaplan_meier_median_and_its_interval_are_read_off_the_curve_and_band)
{
    /* The hand case above: S = 6/7 at 1, 18/35 at 3, 0 at 5; band upper 0.979, 0.813, 0;
     * lower 0.334, 0.118, 0. S first <= 1/2 at 5 (18/35 > 1/2), the upper bound at 5 and
     * the lower bound at 1. */
    const double t[] = {3, 1, 2, 3, 5, 3, 4};
    const int e[] = {1, 1, 0, 0, 1, 1, 0};
    stats_km_row rows[7];
    size_t n = 0;
    cr_assert(stats_km(t, e, 7, 0.95, rows, &n) == 0);
    stats_km_median m = stats_km_median_get(rows, n);
    cr_assert(m.median == 5 && m.lo == 1 && m.hi == 5, "got: %g [%g, %g]", m.median, m.lo,
              m.hi);
    /* Ten runs, two struck (days 4 and 9), eight censored at 365: not reached. */
    const double t2[] = {4, 9, 365, 365, 365, 365, 365, 365, 365, 365};
    const int e2[] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    stats_km_row r2[10];
    cr_assert(stats_km(t2, e2, 10, 0.95, r2, &n) == 0 && n == 2);
    m = stats_km_median_get(r2, n);
    cr_assert(isnan(m.median) && isnan(m.hi), "S = 0.8 never reaches 1/2");
    /* At day 4 S = 0.9 with 10 at risk: its lower bound 0.9^exp(z sigma) = 0.47. */
    cr_assert(m.lo == 4, "expected: 4, got: %g", m.lo);
}

Test(stats, kaplan_meier_median_of_uncensored_times_is_the_sample_median)
{
    /* No censoring: S(t) = share of times > t, so S <= 1/2 first at the n/2-th order
     * statistic: for 1..100, at 50. Its 95% interval should be near the distribution-free
     * one, order statistics 50 -+ 1.96 sqrt(100/4), about the 40th to the 60th. */
    double t[100];
    int e[100];
    for (int i = 0; i < 100; i++) {
        t[i] = 100 - i;
        e[i] = 1;
    }
    stats_km_row rows[100];
    size_t n = 0;
    cr_assert(stats_km(t, e, 100, 0.95, rows, &n) == 0 && n == 100);
    stats_km_median m = stats_km_median_get(rows, n);
    cr_assert(m.median == 50, "got: %g", m.median);
    cr_assert(m.lo >= 38 && m.lo <= 42 && m.hi >= 58 && m.hi <= 62, "got: [%g, %g]", m.lo, m.hi);
}

Test(stats, within_n_days_is_one_minus_survival_just_before_day_n)
{
    /* "Within N days" means T < N (day d is [d, d+1)): events on the day-30 tick (t = 30)
     * are not within 30 days. S(30-) counts them as still at risk, S(30) does not. */
    const double t[] = {12, 30, 30, 31.5, 365, 365};
    const int e[] = {1, 1, 1, 1, 0, 0};
    stats_km_row rows[6];
    size_t n = 0;
    cr_assert(stats_km(t, e, 6, 0.95, rows, &n) == 0);
    cr_assert(fabs(1 - stats_km_surv_before(rows, n, 30) - 1.0 / 6) < 1e-12,
              "within 30 days: only the event at 12");
    cr_assert(fabs(1 - stats_km_surv_before(rows, n, 31) - 3.0 / 6) < 1e-12,
              "within 31 days: 12 and the two at 30");
    cr_assert(stats_km_surv_before(rows, n, 12) == 1, "nothing before day 12");
    cr_assert(fabs(stats_km_surv_before(rows, n, 400) - 2.0 / 6) < 1e-12);
}

Test(stats, kaplan_meier_without_events_is_empty_and_rejects_nan_times)
{
    const double t[] = {365, 365};
    const int e[] = {0, 0};
    const double bad[] = {1, NAN};
    stats_km_row rows[2];
    size_t n = 9;
    cr_assert(stats_km(t, e, 2, 0.95, rows, &n) == 0 && n == 0);
    cr_assert(stats_km(bad, e, 2, 0.95, rows, &n) == SIM_EINVAL);
}

Test(stats, selection_quantiles_equal_sorted_quantiles_with_and_without_ties)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2385);
    static const double p[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    for (int trial = 0; trial < 300; trial++) {
        size_t n = 1 + gsl_rng_uniform_int(r, 400);
        double v[400], sorted[400], got[5];
        int ties = trial % 3 == 0;
        for (size_t i = 0; i < n; i++)
            v[i] = ties ? (double)gsl_rng_uniform_int(r, 5) : gsl_ran_gaussian(r, 3.0);
        memcpy(sorted, v, n * sizeof *v);
        stats_sort(sorted, n);
        stats_quantiles(v, n, p, 5, got);
        for (int q = 0; q < 5; q++) {
            double want = stats_quantile_sorted(sorted, n, p[q]);
            cr_assert(near(got[q], want, 1e-12), "n %zu p %g: expected: %.17g, got: %.17g", n,
                      p[q], want, got[q]);
        }
    }
    gsl_rng_free(r);
}

/* The radix-sorted quantiles of the ensemble's fans select the same order statistics as
 * stats_quantiles: equal to the last bit, on floats with ties, negatives, -0 and one value. */
Test(stats, key_quantiles_equal_selection_quantiles_exactly)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 4417);
    static const double p[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    for (int trial = 0; trial < 300; trial++) {
        size_t n = 1 + gsl_rng_uniform_int(r, 3000);
        static double v[3000];
        static uint32_t key[3000], tmp[3000];
        double want[5], got[5];
        for (size_t i = 0; i < n; i++) {
            float x = trial % 3 == 0 ? (float)gsl_rng_uniform_int(r, 6)
                      : trial % 3 == 1 ? (float)gsl_ran_gaussian(r, 3.0)
                                       : (float)gsl_rng_uniform(r) * 1e-3f;
            if (i % 97 == 5) x = -0.0f;
            v[i] = x;
            key[i] = stats_float_key(x);
            cr_assert(stats_key_float(key[i]) == x);
        }
        stats_quantiles(v, n, p, 5, want);
        stats_quantiles_keys(key, tmp, n, p, 5, got);
        for (int q = 0; q < 5; q++)
            cr_assert(got[q] == want[q], "n %zu p %g: expected: %.17g, got: %.17g", n, p[q],
                      want[q], got[q]);
    }
    double none[5];
    stats_quantiles_keys(NULL, NULL, 0, p, 5, none);
    cr_assert(isnan(none[0]) && isnan(none[4]));
    cr_assert(stats_float_key(-1.0f) < stats_float_key(-0.0f) &&
              stats_float_key(-0.0f) < stats_float_key(0.0f) &&
              stats_float_key(0.0f) < stats_float_key(1e-30f));
    gsl_rng_free(r);
}
