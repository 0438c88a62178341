/* test_abc.c - ABC-SMC on problems whose posterior is known in closed form. */
#include "analysis/abc.h"
#include "base/err.h"
#include "engine/rng.h"
#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

/* The toy: theta ~ U(-5, 5) (or log-uniform sigma), the statistics the mean (and log of
 * the standard deviation) of 20 normal draws. Runs the sampler to the end; the "model"
 * draws with stream (seed, candidate index): common random numbers like calibrate's. */
typedef struct toy {
    int two;            /* 0: mean only (sd 1 known); 1: mean and sd */
    double obs[2];
} toy;

static void toy_stats(const toy *t, const double *x, gsl_rng *r, double *s)
{
    double sd = t->two ? x[1] : 1.0, sum = 0, ss = 0, v[20];
    for (int i = 0; i < 20; i++) sum += (v[i] = x[0] + gsl_ran_gaussian(r, sd));
    double m = sum / 20;
    for (int i = 0; i < 20; i++) ss += (v[i] - m) * (v[i] - m);
    s[0] = m;
    if (t->two) s[1] = log(sqrt(ss / 19));
}

static abc *toy_run(const toy *t, long n, int pops, uint64_t seed)
{
    abc_config c = {.d = 1 + t->two, .k = 1 + t->two, .n = n, .populations = pops,
                    .alpha = 0.5, .max_sims = 200 * n, .seed = seed};
    c.prior[0] = (abc_prior){-5, 5, 0, 0};
    c.prior[1] = (abc_prior){0.2, 5, 1, 0};
    c.observed[0] = t->obs[0];
    c.observed[1] = t->obs[1];
    int err = 0;
    abc *a = abc_create(&c, &err);
    cr_assert_not_null(a, "abc_create: %d", err);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    while (!abc_done(a)) {
        long m = abc_round_size(a), first;
        double *x = malloc((size_t)m * 2 * sizeof *x), *s = malloc((size_t)m * 2 * sizeof *s);
        cr_assert_eq(abc_candidates(a, m, x, &first), 0);
        for (long i = 0; i < m; i++) {
            gsl_rng_set(r, (unsigned long)rng_stream_seed(seed, (uint64_t)(first + i), "toy"));
            toy_stats(t, x + i * c.d, r, s + i * c.k);
        }
        cr_assert_eq(abc_round_done(a, m, s), 0);
        free(x);
        free(s);
    }
    gsl_rng_free(r);
    return a;
}

/* Mean of N(theta, 1) from 20 draws, flat prior: the posterior is N(ybar, 1/20), sd 0.2236.
 * After 6 populations the tolerance is a small fraction of that sd, so the ABC posterior's
 * mean and sd match the closed form; tolerances: the mean's Monte Carlo error with ESS >=
 * 300 is about 0.013, the ABC sd exceeds the exact one by sqrt(1 + eps^2/3)-ish (< 5% at
 * the final eps), so 0.05 and 15% leave room without hiding a wrong weight (which moves the
 * sd by tens of percent). */
Test(abc, the_posterior_of_a_normal_mean_matches_the_closed_form)
{
    toy t = {0, {1.3, 0}};
    abc *a = toy_run(&t, 800, 6, 11);
    cr_assert_eq(abc_finished(a), 6);
    cr_assert(!abc_stopped_early(a));
    double mean = 0, m2 = 0, x[2];
    for (long i = 0; i < abc_n(a); i++) {
        abc_particle(a, i, x);
        mean += abc_weight(a, i) * x[0];
        m2 += abc_weight(a, i) * x[0] * x[0];
    }
    double sd = sqrt(m2 - mean * mean);
    cr_assert(fabs(mean - 1.3) < 0.05, "mean %g", mean);
    cr_assert(fabs(sd / sqrt(1.0 / 20) - 1) < 0.15, "sd %g against %g", sd, sqrt(1.0 / 20));
    for (int p = 1; p < 6; p++)
        cr_assert_lt(abc_pop_at(a, p)->eps, abc_pop_at(a, p - 1)->eps, "tolerances shrink");
    cr_assert_gt(abc_pop_at(a, 5)->ess, 300);
    abc_destroy(a);
}

/* Coverage: over 40 data sets simulated from known (mu, sigma), the 90% posterior interval
 * of each parameter holds the truth about 90% of the time. The count is binomial(40, 0.9)
 * if the posterior is right: P(count <= 31) is about 4%; we require >= 31 for both (a
 * posterior half as wide would cover about 59%, failing it). */
Test(abc, ninety_percent_intervals_cover_the_truth, .timeout = 120)
{
    int cover[2] = {0, 0};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (int rep = 0; rep < 40; rep++) {
        gsl_rng_set(r, 1000 + (unsigned long)rep);
        double truth[2] = {gsl_ran_flat(r, -3, 3), exp(gsl_ran_flat(r, log(0.5), log(2)))};
        toy t = {1, {0, 0}};
        toy_stats(&t, truth, r, t.obs);
        abc *a = toy_run(&t, 300, 5, 100 + (uint64_t)rep);
        for (int j = 0; j < 2; j++)
            cover[j] += abc_quantile(a, j, 0.05) <= truth[j] && truth[j] <= abc_quantile(a, j, 0.95);
        abc_destroy(a);
    }
    gsl_rng_free(r);
    cr_assert_geq(cover[0], 31, "mu covered %d of 40", cover[0]);
    cr_assert_geq(cover[1], 31, "sigma covered %d of 40", cover[1]);
    cr_assert_leq(cover[0], 40);
}

Test(abc, the_same_seed_gives_the_same_populations)
{
    toy t = {1, {0.4, log(1.2)}};
    abc *a = toy_run(&t, 200, 3, 5), *b = toy_run(&t, 200, 3, 5);
    double x[2], y[2];
    for (long i = 0; i < 200; i++) {
        abc_particle(a, i, x);
        abc_particle(b, i, y);
        cr_assert(x[0] == y[0] && x[1] == y[1] && abc_weight(a, i) == abc_weight(b, i));
    }
    abc_destroy(a);
    abc_destroy(b);
}

Test(abc, log_uniform_and_whole_number_priors_stay_in_their_box)
{
    abc_config c = {.d = 2, .k = 1, .n = 100, .populations = 1, .alpha = 0.5,
                    .max_sims = 1000, .seed = 3, .observed = {0}};
    c.prior[0] = (abc_prior){0.01, 100, 1, 0};
    c.prior[1] = (abc_prior){3, 9, 0, 1};
    abc *a = abc_create(&c, NULL);
    cr_assert_not_null(a);
    long m = abc_round_size(a), first;
    cr_assert_eq(m, 200, "population 1 draws n / alpha");
    double x[400];
    cr_assert_eq(abc_candidates(a, m, x, &first), 0);
    int below1 = 0, seen[10] = {0};
    for (long i = 0; i < m; i++) {
        cr_assert(x[2 * i] >= 0.01 && x[2 * i] <= 100);
        below1 += x[2 * i] < 1;
        cr_assert(x[2 * i + 1] == floor(x[2 * i + 1]) && x[2 * i + 1] >= 3 && x[2 * i + 1] <= 9);
        seen[(int)x[2 * i + 1]] = 1;
    }
    /* log-uniform on [0.01, 100]: half the mass below 1 (binomial sd 7 of 200) */
    cr_assert(below1 > 70 && below1 < 130, "%d below 1", below1);
    for (int v = 3; v <= 9; v++) cr_assert(seen[v], "value %d never drawn", v);
    abc_destroy(a);
    abc_config bad = c;
    bad.prior[1].log = 1; /* log with a whole number */
    int err = 0;
    cr_assert_null(abc_create(&bad, &err));
    cr_assert_eq(err, SIM_EINVAL);
}

/* A rule between the parameters: valid only where x0 + x1 <= limit. */
static int sum_at_most(void *ctx, const double *x) { return x[0] + x[1] <= *(double *)ctx; }

/* Points the validity rule rejects are redrawn, so every candidate is valid; when the box
 * holds no valid point at all, abc_candidates refuses (SIM_ERANGE) instead of handing an
 * invalid point to the runs, and abc_invalid_point gives the last draw, inside the box. */
Test(abc, invalid_points_are_redrawn_and_a_box_without_one_is_an_error)
{
    double limit = 1;
    abc_config c = {.d = 2, .k = 1, .n = 50, .populations = 1, .alpha = 0.5,
                    .max_sims = 1000, .seed = 5, .observed = {0}, .valid = sum_at_most,
                    .valid_ctx = &limit};
    c.prior[0] = (abc_prior){0, 1, 0, 0};
    c.prior[1] = (abc_prior){0, 1, 0, 0};
    abc *a = abc_create(&c, NULL);
    cr_assert_not_null(a);
    long m = abc_round_size(a), first;
    double x[200], p[2];
    cr_assert_eq(abc_candidates(a, m, x, &first), 0);
    for (long i = 0; i < m; i++)
        cr_assert(x[2 * i] + x[2 * i + 1] <= 1, "candidate %ld: %g + %g", i, x[2 * i],
                  x[2 * i + 1]);
    cr_assert_eq(abc_invalid_point(a, p), 0, "no invalid point while valid ones exist");
    abc_destroy(a);
    limit = -1; /* nothing in [0, 1)^2 is valid */
    a = abc_create(&c, NULL);
    cr_assert_not_null(a);
    cr_assert_eq(abc_candidates(a, abc_round_size(a), x, &first), SIM_ERANGE);
    cr_assert_eq(abc_invalid_point(a, p), 1);
    cr_assert(p[0] >= 0 && p[0] < 1 && p[1] >= 0 && p[1] < 1, "the last draw %g %g", p[0],
              p[1]);
    cr_assert_gt(p[0] + p[1], limit);
    abc_destroy(a);
}
