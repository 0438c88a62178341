/* bench_hawkes.c - `frontier bench hawkes`: a plain exponential Hawkes process simulated by
 * Ogata thinning as engine events, against the same thinning as a bare loop. Both draw
 * the same numbers from the same stream, so they must accept the same events; the
 * benchmark checks that before it reports. They run in alternating rounds, timed in thread
 * CPU seconds, so other load on a shared machine falls on both alike. */
#include "bench.h"
#include "engine/engine.h"
#include "engine/rng.h"
#include "opt.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>

typedef struct {
    double mu, kappa, beta;
    double excite, t0;   /* excitation at t0 */
    long accepted, target;
    double last;         /* time of the last accepted event */
    gsl_rng *r;
} hawkes;

/* Ogata's test of a candidate at t drawn under bound: accept with probability
 * lambda(t)/bound. Shared by both loops so they do the same arithmetic. */
static void thin_test(hawkes *h, double t, double bound)
{
    h->excite *= exp(-h->beta * (t - h->t0));
    h->t0 = t;
    if (gsl_rng_uniform(h->r) * bound <= h->mu + h->excite) {
        h->excite += h->kappa * h->beta;
        h->accepted++;
        h->last = t;
    }
}

/* The next candidate after t: the bound mu + excitation(t) holds until the next jump
 * because the excitation only decays. */
static sim_event next_candidate(hawkes *h, double t)
{
    double bound = h->mu + h->excite;
    sim_event ev = {t + gsl_ran_exponential(h->r, 1.0 / bound), 0, -1, 0, bound};
    return ev;
}

static int on_candidate(engine *e, const sim_event *ev, void *ctx)
{
    hawkes *h = ctx;
    if (ev->value > 0) thin_test(h, ev->time, ev->value); /* value 0: the start event */
    sim_event next = next_candidate(h, ev->time);
    return engine_schedule(e, &next, NULL);
}

#define ROUNDS 10

/* Thread CPU seconds to bring h to `upto` accepted events on the engine. */
static double engine_round(engine *e, hawkes *h, long upto)
{
    h->target = upto;
    double t0 = bench_thread_seconds();
    while (h->accepted < h->target && engine_step(e) == 1) {}
    return bench_thread_seconds() - t0;
}

/* The same for the bare loop; *c is its pending candidate between rounds. */
static double bare_round(hawkes *h, sim_event *c, long upto)
{
    double t0 = bench_thread_seconds();
    while (h->accepted < upto) {
        thin_test(h, c->time, c->value);
        *c = next_candidate(h, c->time);
    }
    return bench_thread_seconds() - t0;
}

/* Runs both in alternating rounds; *te and *tb get their CPU seconds. Returns 0 or -1. */
static int run_both(hawkes *a, hawkes *b, long events, double *te, double *tb)
{
    engine *e = engine_create(1);
    if (!e || engine_on(e, 0, on_candidate, a)) {
        engine_destroy(e);
        return -1;
    }
    a->target = events;
    sim_event start = {0.0, 0, -1, 0, 0.0};
    engine_schedule(e, &start, NULL);
    sim_event c = next_candidate(b, 0.0);
    *te = *tb = 0;
    for (int r = 1; r <= ROUNDS; r++) {
        long upto = events * r / ROUNDS;
        *te += engine_round(e, a, upto);
        *tb += bare_round(b, &c, upto);
    }
    engine_destroy(e);
    return 0;
}

double bench_bare_thinning_seconds(long n, unsigned long long seed)
{
    /* The defaults of bench hawkes: background 0.3 a day, branching 0.5, decay 1 a day. */
    hawkes h = {0.3, 0.5, 1.0, 0, 0, 0, 0, 0, rng_create(seed, 0, "attacks")};
    if (!h.r) return -1;
    sim_event c = next_candidate(&h, 0.0);
    double t0 = bench_thread_seconds();
    for (long k = 0; k < n; k++) {
        thin_test(&h, c.time, c.value);
        c = next_candidate(&h, c.time);
    }
    double t = bench_thread_seconds() - t0;
    rng_destroy(h.r);
    return t;
}

int bench_hawkes(int argc, char **argv)
{
    long events = 1000000;
    double mu = 0.3, kappa = 0.5, beta = 1.0;
    unsigned long long seed = 1;
    opt_spec specs[] = {
        {"events", 0, OPT_INT, &events, "N", "accepted events to simulate (default 1000000)"},
        {"mu", 0, OPT_DOUBLE, &mu, "M", "background rate per day (default 0.3)"},
        {"branching", 0, OPT_DOUBLE, &kappa, "K", "branching ratio (default 0.5)"},
        {"beta", 0, OPT_DOUBLE, &beta, "B", "decay per day (default 1)"},
        {"seed", 's', OPT_UINT64, &seed, "S", "random seed (default 1)"},
    };
    static const opt_cmd c = {"bench hawkes", "[options]", "Hawkes thinning: engine vs bare loop.",
                              {"frontier bench hawkes --events 200000 --branching 0.8"}};
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    int n_pos, rc = opt_parse_cmd(&c, argc, argv, specs, ns, pos, 0, 0, &n_pos, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    if (events <= 0 || !(mu > 0) || !(kappa >= 0 && kappa < 1) || !(beta > 0)) {
        fprintf(stderr, "frontier bench hawkes: need --events > 0, --mu > 0, 0 <= --branching "
                        "< 1, --beta > 0\n");
        return 2;
    }
    hawkes a = {mu, kappa, beta, 0, 0, 0, events, 0, rng_create(seed, 0, "attacks")};
    hawkes b = a;
    b.r = rng_create(seed, 0, "attacks");
    if (!a.r || !b.r) {
        rng_destroy(a.r);
        rng_destroy(b.r);
        return 1;
    }
    double te = 0, tb = 0;
    int failed = run_both(&a, &b, events, &te, &tb);
    int same = a.accepted == b.accepted && a.last == b.last;
    rng_destroy(a.r);
    rng_destroy(b.r);
    if (failed || !same) {
        fprintf(stderr, "frontier bench hawkes: engine and bare loop disagree\n");
        return 1;
    }
    printf("bench=hawkes events=%ld seconds=%.4f eps=%.0f bare_eps=%.0f ratio=%.3f "
           "horizon_days=%.0f timing=thread_cpu rounds=%d\n", a.accepted, te, a.accepted / te, b.accepted / tb,
           tb / te, a.last, ROUNDS);
    return 0;
}
