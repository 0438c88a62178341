/* test_sobol.c - Saltelli's design and Jansen's estimators against the closed-form Sobol
 * indices of the Ishigami function and of an additive function, the bootstrap intervals'
 * coverage, and a dummy factor. */
#include "analysis/sobol.h"
#include "base/alloc.h"
#include "base/err.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

static void setup(void) { gsl_set_error_handler_off(); }

TestSuite(sobol, .init = setup);

/* Ishigami and Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3, with
 * a = 7, b = 0.1. Its variance and partial variances are known in closed form:
 * V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V3 = 0,
 * V13 = 8 b^2 pi^8/225; so S1 = V1/V, S2 = V2/V, S3 = 0, ST1 = (V1 + V13)/V, ST2 = S2,
 * ST3 = V13/V. Factors past the third (dummies) are not read. */
static double ishigami(const double *u)
{
    double x1 = M_PI * (2 * u[0] - 1), x2 = M_PI * (2 * u[1] - 1), x3 = M_PI * (2 * u[2] - 1);
    return sin(x1) + 7 * sin(x2) * sin(x2) + 0.1 * pow(x3, 4) * sin(x1);
}

static void ishigami_truth(double first[3], double total[3])
{
    const double a = 7, b = 0.1, p4 = pow(M_PI, 4), p8 = pow(M_PI, 8);
    double v = a * a / 8 + b * p4 / 5 + b * b * p8 / 18 + 0.5;
    double v1 = 0.5 * (1 + b * p4 / 5) * (1 + b * p4 / 5), v2 = a * a / 8;
    double v13 = 8 * b * b * p8 / 225;
    first[0] = v1 / v;
    first[1] = v2 / v;
    first[2] = 0;
    total[0] = (v1 + v13) / v;
    total[1] = v2 / v;
    total[2] = v13 / v;
}

/* Evaluates f at every item of a d-factor design of n rows; the caller frees the values. */
static double *evaluate(int d, long n, int kind, uint64_t seed, double (*f)(const double *))
{
    int err = 0;
    sobol_design *s = sobol_design_create(d, n, kind, seed, &err);
    cr_assert(s, "design: %s", sim_strerror(err));
    long m = sobol_design_items(s);
    double *y = sim_malloc((size_t)m * sizeof *y), u[SOBOL_D_MAX];
    cr_assert(y);
    for (long e = 0; e < m; e++) {
        sobol_design_point(s, e, u);
        y[e] = f(u);
    }
    sobol_design_destroy(s);
    return y;
}

Test(sobol, jansen_estimators_match_a_hand_computed_design)
{
    /* One factor, two rows of (f(A), f(B), f(AB_1)): (1, 3, 2) and (4, 0, 5). The four
     * values of f(A) and f(B) have mean 2 and sample variance 10/3; sum (f(B) - f(AB))^2 =
     * 26 and sum (f(A) - f(AB))^2 = 2, each divided by 2n = 4. */
    const double y[] = {1, 3, 2, 4, 0, 5};
    sobol_index o;
    cr_assert(sobol_estimate(1, 2, y, 0, 0.95, 1, &o) == 0);
    cr_assert(fabs(o.first - (10.0 / 3 - 6.5) / (10.0 / 3)) < 1e-12, "got: %g", o.first);
    cr_assert(fabs(o.total - 0.5 / (10.0 / 3)) < 1e-12, "got: %g", o.total);
    cr_assert(isnan(o.first_lo) && isnan(o.total_hi), "no resamples, no interval");
}

Test(sobol, random_points_recover_the_ishigami_indices)
{
    /* 20,000 rows (100,000 evaluations). Over 50 seeds the root-mean-square error of the
     * worst index (S3) at this size was 0.0114 (the others 0.003 to 0.011): 0.05 is more
     * than four of those, so a correct estimator fails about once in 10^4 runs, while a
     * wrong formula (V_i against V - V_i, a swapped A and B, 2n against n) misses by 0.1
     * or more. */
    double s[3], st[3];
    ishigami_truth(s, st);
    long n = 20000;
    double *y = evaluate(3, n, SOBOL_RANDOM, 2385, ishigami);
    sobol_index o[3];
    cr_assert(sobol_estimate(3, n, y, 0, 0.95, 1, o) == 0);
    for (int i = 0; i < 3; i++) {
        cr_expect(fabs(o[i].first - s[i]) < 0.05, "S%d: expected: %.4f, got: %.4f", i + 1,
                  s[i], o[i].first);
        cr_expect(fabs(o[i].total - st[i]) < 0.05, "ST%d: expected: %.4f, got: %.4f", i + 1,
                  st[i], o[i].total);
    }
    sim_free(y);
}

Test(sobol, quasi_random_points_recover_the_ishigami_indices_closely)
{
    /* The Sobol sequence is deterministic, so this error is a fixed number: at 16,384 rows
     * it was at most 0.00034 (random points: about 0.01 at 20,000 rows). 0.002 leaves a
     * margin for other floating-point orders and would catch a design that lost its
     * low-discrepancy structure (a repeated or shifted coordinate). */
    double s[3], st[3];
    ishigami_truth(s, st);
    long n = 16384;
    double *y = evaluate(3, n, SOBOL_QMC, 0, ishigami);
    sobol_index o[3];
    cr_assert(sobol_estimate(3, n, y, 0, 0.95, 1, o) == 0);
    for (int i = 0; i < 3; i++) {
        cr_expect(fabs(o[i].first - s[i]) < 0.002, "S%d: expected: %.5f, got: %.5f", i + 1,
                  s[i], o[i].first);
        cr_expect(fabs(o[i].total - st[i]) < 0.002, "ST%d: expected: %.5f, got: %.5f", i + 1,
                  st[i], o[i].total);
    }
    sim_free(y);
}

/* Counts, over seeds, how often each 95% interval covers the closed-form index, and sums
 * the intervals' widths. */
static void coverage(int seeds, long n, int n_boot, int cover[6], double *width)
{
    double s[3], st[3];
    ishigami_truth(s, st);
    memset(cover, 0, 6 * sizeof *cover);
    *width = 0;
    for (int k = 0; k < seeds; k++) {
        double *y = evaluate(3, n, SOBOL_RANDOM, 1000 + (uint64_t)k, ishigami);
        sobol_index o[3];
        cr_assert(sobol_estimate(3, n, y, n_boot, 0.95, 77 + (uint64_t)k, o) == 0);
        for (int i = 0; i < 3; i++) {
            cover[i] += o[i].first_lo <= s[i] && s[i] <= o[i].first_hi;
            cover[3 + i] += o[i].total_lo <= st[i] && st[i] <= o[i].total_hi;
            *width += (o[i].first_hi - o[i].first_lo) + (o[i].total_hi - o[i].total_lo);
        }
        sim_free(y);
    }
    *width /= 6.0 * seeds;
}

Test(sobol, bootstrap_intervals_cover_the_ishigami_indices_about_95_percent)
{
    /* 100 designs of 1,000 rows, 200 resamples each. A 95% interval covers in about 95 of
     * 100 (binomial sd 2.2); the percentile bootstrap runs slightly short at this size (200
     * designs with 500 resamples: 188 to 194 of 200). At least 85 of 100 is 4.5 sd below
     * 95. The mean width (measured 0.12) must stay under 0.2, so an interval cannot pass by
     * being wide. tests/long/test_sobol_long.c checks 1,000 designs. */
    int cover[6];
    double width;
    coverage(100, 1000, 200, cover, &width);
    for (int i = 0; i < 6; i++)
        cr_expect(cover[i] >= 85, "%s%d: expected: about 95 of 100 covered, got: %d",
                  i < 3 ? "S" : "ST", i % 3 + 1, cover[i]);
    cr_expect(width < 0.2, "expected: mean width about 0.12, got: %.3f", width);
}

Test(sobol, a_dummy_factor_has_no_total_effect_and_a_first_order_index_near_zero)
{
    /* Factor 4 is never read: f(AB_4) = f(A) in every row, so its total index is exactly
     * 0; its first-order estimate is pure noise around 0 (sd about 0.05 at 1,000 rows, as
     * for S3), and its 95% interval holds 0. */
    long n = 1000;
    double *y = evaluate(4, n, SOBOL_RANDOM, 4242, ishigami);
    sobol_index o[4];
    cr_assert(sobol_estimate(4, n, y, 500, 0.95, 9, o) == 0);
    cr_expect(o[3].total == 0 && o[3].total_lo == 0 && o[3].total_hi == 0,
              "expected: total 0 exactly, got: %g [%g, %g]", o[3].total, o[3].total_lo,
              o[3].total_hi);
    cr_expect(fabs(o[3].first) < 0.2 && o[3].first_lo <= 0 && o[3].first_hi >= 0,
              "expected: first near 0 with 0 inside its interval, got: %g [%g, %g]",
              o[3].first, o[3].first_lo, o[3].first_hi);
    cr_expect(o[3].first_hi - o[3].first_lo > 0.05, "the noise floor shows as a width");
    sim_free(y);
}

static double additive(const double *u) { return 2 * u[0] + u[1]; }

Test(sobol, an_additive_function_has_equal_first_and_total_indices)
{
    /* y = 2 u1 + u2 with uniform u: V1 = 4/12, V2 = 1/12, no interactions, so S1 = ST1 =
     * 0.8 and S2 = ST2 = 0.2. Quasi-random points at 4,096 rows give them to 0.01. */
    double *y = evaluate(2, 4096, SOBOL_QMC, 0, additive);
    sobol_index o[2];
    cr_assert(sobol_estimate(2, 4096, y, 0, 0.95, 1, o) == 0);
    const double want[2] = {0.8, 0.2};
    for (int i = 0; i < 2; i++)
        cr_expect(fabs(o[i].first - want[i]) < 0.01 && fabs(o[i].total - want[i]) < 0.01,
                  "factor %d: expected: %.1f, got: first %g, total %g", i + 1, want[i],
                  o[i].first, o[i].total);
    sim_free(y);
}

Test(sobol, the_design_is_saltellis_layout_and_reproducible)
{
    sobol_design *s = sobol_design_create(3, 10, SOBOL_RANDOM, 5, NULL);
    sobol_design *t = sobol_design_create(3, 10, SOBOL_RANDOM, 5, NULL);
    sobol_design *o = sobol_design_create(3, 10, SOBOL_RANDOM, 6, NULL);
    cr_assert(s && t && o);
    cr_assert(sobol_design_items(s) == 50 && sobol_design_d(s) == 3 && sobol_design_n(s) == 10);
    double a[3], b[3], ab[3], u[3], v[3];
    long row = 7 * 5; /* items of row 7: A, B, AB_1, AB_2, AB_3 */
    sobol_design_point(s, row, a);
    sobol_design_point(s, row + 1, b);
    for (int i = 0; i < 3; i++) {
        sobol_design_point(s, row + 2 + i, ab);
        for (int c = 0; c < 3; c++) {
            cr_assert(ab[c] == (c == i ? b[c] : a[c]), "AB_%d column %d", i + 1, c + 1);
            cr_assert(sobol_design_from_b(s, row + 2 + i, c) == (c == i));
        }
        cr_assert(a[i] != b[i] && a[i] >= 0 && a[i] < 1);
    }
    cr_assert(!sobol_design_from_b(s, row, 0) && sobol_design_from_b(s, row + 1, 2));
    sobol_design_point(t, row, u);
    sobol_design_point(o, row, v);
    cr_assert(memcmp(a, u, sizeof a) == 0, "same seed, same points");
    cr_assert(memcmp(a, v, sizeof a) != 0, "another seed, other points");
    sobol_design_destroy(s);
    sobol_design_destroy(t);
    sobol_design_destroy(o);
    sobol_design_destroy(NULL);
}

Test(sobol, a_design_cut_short_is_the_smaller_design)
{
    /* Rows are drawn in order, so the first 50 rows of a 100-row design are the 50-row
     * design, and estimates from a run interrupted after 50 rows are those of n = 50. */
    double *y100 = evaluate(3, 100, SOBOL_RANDOM, 31, ishigami);
    double *y50 = evaluate(3, 50, SOBOL_RANDOM, 31, ishigami);
    cr_assert(memcmp(y100, y50, 50 * 5 * sizeof *y50) == 0);
    sobol_index a[3], b[3];
    cr_assert(sobol_estimate(3, 50, y100, 100, 0.9, 3, a) == 0);
    cr_assert(sobol_estimate(3, 50, y50, 100, 0.9, 3, b) == 0);
    cr_assert(memcmp(a, b, sizeof a) == 0);
    sim_free(y100);
    sim_free(y50);
}

Test(sobol, quasi_random_designs_skip_the_origin)
{
    sobol_design *s = sobol_design_create(2, 4, SOBOL_QMC, 0, NULL);
    double u[2];
    sobol_design_point(s, 0, u);
    cr_assert(u[0] == 0.5 && u[1] == 0.5, "expected: the point after the origin, (0.5, ...), "
              "got: (%g, %g)", u[0], u[1]);
    sobol_design_point(s, 4, u);
    cr_assert(u[0] == 0.75 && u[1] == 0.25, "expected: the next point, got: (%g, %g)", u[0], u[1]);
    sobol_design_destroy(s);
}

Test(sobol, bad_arguments_and_flat_outputs)
{
    int err = 0;
    cr_assert(!sobol_design_create(0, 10, SOBOL_RANDOM, 1, &err) && err == SIM_EINVAL);
    cr_assert(!sobol_design_create(SOBOL_D_MAX + 1, 10, SOBOL_RANDOM, 1, &err));
    cr_assert(!sobol_design_create(2, 1, SOBOL_RANDOM, 1, &err) && err == SIM_EINVAL);
    cr_assert(!sobol_design_create(2, 10, 7, 1, &err) && err == SIM_EINVAL);
    double y[6] = {1, 3, 2, 4, 0, 5};
    sobol_index o;
    cr_assert(sobol_estimate(1, 1, y, 0, 0.95, 1, &o) == SIM_EINVAL, "one row: no variance");
    cr_assert(sobol_estimate(1, 2, y, 0, 1.5, 1, &o) == SIM_EINVAL);
    y[4] = NAN;
    cr_assert(sobol_estimate(1, 2, y, 0, 0.95, 1, &o) == SIM_EINVAL);
    const double flat[6] = {2, 2, 5, 2, 2, 1};
    cr_assert(sobol_estimate(1, 2, flat, 50, 0.95, 1, &o) == 0);
    cr_assert(isnan(o.first) && isnan(o.total) && isnan(o.first_lo) && isnan(o.total_hi),
              "V(Y) = 0: the indices are undefined, not 0");
}
