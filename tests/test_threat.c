/* test_threat.c - the threat's comparison with a level through inverted bounds
 * (model/threat.h) gives the answer of the comparison itself, near the level and far from
 * it, for levels and scales across their ranges. */
#include "model/threat.h"
#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <math.h>

TestSuite(threat);

/* One comparison both ways; returns 1 when they agree. */
static int agrees(threat_level *c, double P, double s, double L)
{
    return threat_at_least(c, P, s, L) == (threat_value(P, s) >= L);
}

Test(threat, agrees_with_the_exponential_next_to_the_level_and_far_from_it)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 5);
    threat_level c = {NAN, NAN, NAN, NAN};
    long n = 0, near = 0;
    for (int i = 0; i < 200000; i++) {
        double L = i % 7 == 0 ? gsl_rng_uniform(r) * 1e-6 : gsl_rng_uniform(r);
        double s = exp(gsl_rng_uniform(r) * 12 - 6);      /* scales from 0.0025 to 400 */
        double P0 = s * -log1p(-L);                         /* where the threat is L */
        /* The pressure at the level, a few ulps from it, inside the band, and far off. */
        double rel[] = {0, 1e-16, -1e-16, 4e-16, -4e-16, 1e-12, -1e-12, 1e-9, -1e-9,
                        1e-6, -1e-6, 0.3, -0.3};
        for (size_t k = 0; k < sizeof rel / sizeof rel[0]; k++) {
            double P = P0 * (1 + rel[k]);
            cr_assert(agrees(&c, P, s, L), "P %.17g s %.17g L %.17g: %d against %d", P, s, L,
                      threat_at_least(&c, P, s, L), threat_value(P, s) >= L);
            n++;
        }
        /* Pressures stepped by ulps across the level: where the computed threat crosses. */
        double P = P0;
        for (int k = 0; k < 8; k++, P = nextafter(P, INFINITY), n++) {
            near++;
            cr_assert(agrees(&c, P, s, L), "P %.17g s %.17g L %.17g", P, s, L);
        }
    }
    cr_assert(n > 4000000 && near == 1600000);
    gsl_rng_free(r);
}

Test(threat, edges_fall_back_to_the_exponential)
{
    threat_level c = {NAN, NAN, NAN, NAN};
    double Ls[] = {0, -0.5, 1, 1.5, 5e-10, 1 - 5e-10, NAN, INFINITY};
    double Ps[] = {0, -1, 1e-300, 1e-12, 0.5, 3, 40, 1e300, INFINITY, NAN};
    double ss[] = {1, 0.3, 0, -2, INFINITY, NAN};
    for (size_t a = 0; a < 8; a++)
        for (size_t b = 0; b < 10; b++)
            for (size_t d = 0; d < 6; d++)
                cr_assert(agrees(&c, Ps[b], ss[d], Ls[a]), "P %g s %g L %g", Ps[b], ss[d],
                          Ls[a]);
    threat_level_set(&c, 1.0, 1.0);
    cr_assert(isnan(c.lo) && isnan(c.hi), "no bounds at L = 1: S rounds to 1 for large P");
    threat_level_set(&c, 0.5, 1.0);
    cr_assert(c.lo < log(2) && log(2) < c.hi && c.hi - c.lo < 1e-8,
              "bounds %.17g %.17g around ln 2", c.lo, c.hi);
}

Test(threat, bounds_follow_a_new_level_or_scale)
{
    threat_level c = {NAN, NAN, NAN, NAN};
    cr_assert_eq(threat_at_least(&c, 1.0, 1.0, 0.6), 1);  /* S(1) = 0.632 */
    cr_assert_eq(threat_at_least(&c, 1.0, 1.0, 0.7), 0);  /* level changed */
    cr_assert_eq(threat_at_least(&c, 1.0, 0.5, 0.7), 1);  /* scale changed: S = 0.865 */
    cr_assert(c.L == 0.7 && c.scale == 0.5);
}
