/* bench_fit.c - `frontier bench fit`: a full Hawkes fit of simulated events, and the O(n)
 * likelihood recursion against the direct O(n^2) sum as the in-process baseline. */
#include "base/alloc.h"
#include "bench.h"
#include "data/fit.h"
#include "engine/rng.h"
#include "opt.h"
#include <stdio.h>

#define CMD "bench fit"
#define NAIVE_MAX 20000

typedef struct bench_fit_args {
    long events;
    unsigned long long seed;
    int help;
} bench_fit_args;

/* Seconds per call of one O(n) likelihood evaluation, timed over enough calls. */
static double time_recursion(const fit_data *d, const fit_params *p, double *sink)
{
    int reps = 0;
    double t0 = bench_seconds(), t1;
    do {
        *sink += fit_loglik(d, p, NULL);
        reps++;
        t1 = bench_seconds();
    } while (t1 - t0 < 0.05);
    return (t1 - t0) / reps;
}

static int run(const bench_fit_args *a)
{
    fit_params truth = {.mu = 0.23, .kappa = 0.34, .beta = 1.0};   /* the GTD TTP fit (DESIGN.md section 3) */
    /* Simulate a longer span, keep exactly the first `events` events and end the window
     * at the next one, so that every run fits the same number of events. */
    double T = 1.3 * (double)a->events * (1 - truth.kappa) / truth.mu, *t, sink = 0;
    int n;
    gsl_rng *r = rng_create(a->seed, 0, "bench-fit");
    if (!r || fit_simulate(r, &truth, T, 1, 0, &t, &n) != 0 || n <= a->events) {
        rng_destroy(r);
        sim_free(t);
        fprintf(stderr, "frontier " CMD ": could not simulate %ld events\n", a->events);
        return 1;
    }
    rng_destroy(r);
    fit_data d = {t, (int)a->events, t[a->events], 1, 0};
    n = d.n;
    fit_result c = {0}, s = {0};
    fit_spec constant = {FIT_CONSTANT, 0, 0, -1}, seasonal = {FIT_SEASONAL, 0, 0, -1};
    double t0 = bench_seconds();
    int rc = fit_hawkes(&d, &constant, &c);
    double t1 = bench_seconds();
    if (!rc) rc = fit_hawkes(&d, &seasonal, &s);
    double t2 = bench_seconds(), seasonal_s = t2 - t1;
    /* The O(n^2) baseline on at most NAIVE_MAX events (both sides on the same events). */
    fit_data dn = d;
    if (dn.n > NAIVE_MAX) {
        dn.n = NAIVE_MAX;
        dn.T = t[NAIVE_MAX];
    }
    t2 = bench_seconds();
    sink += fit_loglik_naive(&dn, &truth);
    double t3 = bench_seconds(), per_eval = time_recursion(&dn, &truth, &sink);
    sim_free(t);
    (void)sink; /* the calls are in another file, so they are not optimised away */
    if (rc) {
        fit_result_free(&c);
        fprintf(stderr, "frontier " CMD ": the fit failed\n");
        return 1;
    }
    printf("bench=fit events=%d seconds=%.4f loglik_evals=%ld mu=%.4f kappa=%.4f beta=%.4f "
           "seasonal_seconds=%.4f seasonal_evals=%ld naive_events=%d naive_seconds=%.4f "
           "recursion_seconds=%.6f ratio=%.0f\n", n, t1 - t0, c.evals, c.est.mu, c.est.kappa,
           c.est.beta, seasonal_s, s.evals, dn.n, t3 - t2, per_eval, (t3 - t2) / per_eval);
    fit_result_free(&c);
    fit_result_free(&s);
    return 0;
}

int bench_fit(int argc, char **argv)
{
    bench_fit_args a = {10000, 1, 0};
    const opt_spec specs[] = {
        {"events", 'n', OPT_INT, &a.events, "N", "expected number of events (default 10000)"},
        {"seed", 's', OPT_UINT64, &a.seed, "S", "seed of the simulated data (default 1)"},
    };
    const int n_specs = (int)(sizeof specs / sizeof specs[0]);
    static const opt_cmd c = {CMD, "[-n N] [-s S]", "Times a maximum-likelihood Hawkes fit "
                              "of simulated events against one O(n^2) likelihood evaluation.",
                              {"frontier bench fit -n 2000"}};
    int n_pos = 0;
    int rc = opt_parse_cmd(&c, argc, argv, specs, n_specs, NULL, 0, 0, &n_pos, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    if (a.events < 100 || a.events > 10000000) {
        fprintf(stderr, "frontier " CMD ": --events: expected 100..10000000, found %ld\n",
                a.events);
        return 2;
    }
    return run(&a);
}
