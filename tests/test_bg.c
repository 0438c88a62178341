/* test_bg.c - background shapes: factors by day, the fit's weights, checks, roughness. */
#include "base/err.h"
#include "data/bg.h"
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

TestSuite(bg);

static bg_shape piecewise3(void)
{
    bg_shape b;
    memset(&b, 0, sizeof b);
    b.kind = BG_PIECEWISE;
    b.from = 1000;
    b.step = 10;
    b.n = 3;
    b.level[0] = 1.5;
    b.level[1] = 0.75;
    b.level[2] = 2.25;
    return b;
}

Test(bg, a_zeroed_shape_is_the_constant_background)
{
    bg_shape b;
    memset(&b, 0, sizeof b);
    cr_assert_eq(bg_factor(&b, 12345), 1.0);
    cr_assert_eq(bg_check(&b, (char[80]){0}, 80), 0);
    cr_assert_eq(bg_weights(&b, 3, (int[4]){0}, (double[4]){0}), 0);
    cr_assert_str_eq(bg_kind_name(BG_SPLINE), "spline");
    cr_assert_eq(bg_kind_find("piecewise"), BG_PIECEWISE);
    cr_assert_eq(bg_kind_find("flat"), -1);
}

Test(bg, piecewise_levels_hold_over_their_blocks_and_carry_on_past_the_ends)
{
    bg_shape b = piecewise3();
    cr_assert_eq(bg_factor(&b, 1000), 1.5);
    cr_assert_eq(bg_factor(&b, 1009), 1.5);
    cr_assert_eq(bg_factor(&b, 1010), 0.75);
    cr_assert_eq(bg_factor(&b, 1029), 2.25);
    cr_assert_eq(bg_factor(&b, 900), 1.5, "before the first block: the first level");
    cr_assert_eq(bg_factor(&b, 5000), 2.25, "after the last block: the last level");
    cr_assert_eq(bg_factor_max(&b, 1000, 1015), 1.5);
    cr_assert_eq(bg_factor_max(&b, 1011, 1040), 2.25);
}

Test(bg, the_weights_reproduce_the_log_factor_of_every_day)
{
    bg_shape b = piecewise3();
    b.kind = BG_SPLINE;
    b.n = 5;
    b.step = 7.5;
    double lv[5] = {0.3, -0.2, 0.1, 0.45, -0.35};
    for (int k = 0; k < 5; k++) b.level[k] = exp(lv[k]);
    for (int kind = BG_PIECEWISE; kind <= BG_SPLINE; kind++) {
        b.kind = kind;
        for (long day = 990; day < 1050; day++) {
            int idx[4];
            double w[4], lg = 0, wsum = 0;
            int m = bg_weights(&b, day, idx, w);
            cr_assert(m >= 1 && m <= 4);
            for (int j = 0; j < m; j++) {
                lg += w[j] * lv[idx[j]];
                wsum += w[j];
            }
            cr_assert(fabs(lg - log(bg_factor(&b, day))) < 1e-12, "%s day %ld",
                      bg_kind_name(kind), day);
            cr_assert(fabs(wsum - 1) < 1e-12, "weights of a day sum to one (a constant stays)");
        }
    }
}

Test(bg, the_spline_passes_through_its_knots_and_is_flat_outside_them)
{
    bg_shape b;
    memset(&b, 0, sizeof b);
    b.kind = BG_SPLINE;
    b.from = 0;
    b.step = 10;
    b.n = 4;
    double lv[4] = {0.2, 0.5, -0.1, 0.3};
    for (int k = 0; k < 4; k++) b.level[k] = exp(lv[k]);
    /* Days 9 and 10 have their middles at x = 0.95 and 1.05 knot steps: their mean log
     * factor is the knot's value up to f'' 0.05^2 / 2 (|f''| < 8 here, so < 0.01). */
    double mid = 0.5 * (log(bg_factor(&b, 9)) + log(bg_factor(&b, 10)));
    cr_assert(fabs(mid - lv[1]) < 0.01, "near knot 1: %.5f, knot value %.5f", mid, lv[1]);
    cr_assert(fabs(log(bg_factor(&b, -5)) - lv[0]) < 1e-12);
    cr_assert(fabs(log(bg_factor(&b, 31)) - lv[3]) < 1e-12);
    cr_assert(fabs(log(bg_factor(&b, 400)) - lv[3]) < 1e-12);
}

Test(bg, a_straight_line_has_no_roughness_and_the_gradient_is_exact)
{
    double line[6] = {0.1, 0.3, 0.5, 0.7, 0.9, 1.1}, g[6];
    cr_assert(fabs(bg_roughness(6, line, g)) < 1e-20);
    for (int k = 0; k < 6; k++) cr_assert(fabs(g[k]) < 1e-12);
    double v[6] = {0.3, -0.2, 0.4, 0.1, -0.5, 0.2};
    double r = bg_roughness(6, v, g);
    cr_assert_gt(r, 0);
    for (int k = 0; k < 6; k++) {
        double h = 1e-6, up[6], dn[6];
        memcpy(up, v, sizeof up);
        memcpy(dn, v, sizeof dn);
        up[k] += h;
        dn[k] -= h;
        double num = (bg_roughness(6, up, NULL) - bg_roughness(6, dn, NULL)) / (2 * h);
        cr_assert(fabs(num - g[k]) < 1e-5 * fmax(1, fabs(num)), "component %d: expected: %.8g, "
                  "got: %.8g", k, num, g[k]);
    }
}

Test(bg, the_roughness_is_the_integral_of_the_squared_second_derivative)
{
    /* Check against a numerical second derivative of the curve itself. */
    bg_shape b;
    memset(&b, 0, sizeof b);
    b.kind = BG_SPLINE;
    b.from = 0;
    b.step = 1000;   /* 1000 days a knot step: days sample the curve finely */
    b.n = 5;
    double v[5] = {0.3, -0.2, 0.4, 0.1, -0.5};
    for (int k = 0; k < 5; k++) b.level[k] = exp(v[k]);
    double num = 0, h = 1.0 / 1000;
    for (long d = 1; d < 4000 - 1; d++) {
        if (d % 1000 == 0 || d % 1000 == 999) continue;   /* the knots' kinks */
        double f0 = log(bg_factor(&b, d - 1)), f1 = log(bg_factor(&b, d)),
               f2 = log(bg_factor(&b, d + 1));
        double s = (f2 - 2 * f1 + f0) / (h * h);
        num += s * s * h;
    }
    double r = bg_roughness(5, v, NULL);
    cr_assert(fabs(num - r) < 0.01 * r, "numerical %.6g, closed form %.6g", num, r);
}

Test(bg, bad_shapes_are_refused_with_a_reason)
{
    char why[160];
    bg_shape b = piecewise3();
    b.n = 1;
    cr_assert_eq(bg_check(&b, why, sizeof why), SIM_EINVAL);
    cr_assert(strstr(why, "2 to"), "%s", why);
    b = piecewise3();
    b.level[1] = 0;
    cr_assert_eq(bg_check(&b, why, sizeof why), SIM_EINVAL);
    cr_assert(strstr(why, "level 2"), "%s", why);
    b = piecewise3();
    b.step = 0.5;
    cr_assert_eq(bg_check(&b, why, sizeof why), SIM_EINVAL);
    b = piecewise3();
    b.kind = 7;
    cr_assert_eq(bg_check(&b, why, sizeof why), SIM_EINVAL);
}
