/* bench_evq.c - `frontier bench evq`: the engine's hold loop against a bare binary heap.
 *
 * The classic hold model: keep `pending` events queued; each step pops the earliest and
 * pushes it back at time + Exp(1). The bare heap is the least a correct (time, seq) queue
 * must do; ratio = engine_eps / bare_heap_eps says what the engine's slots, ids, clock and
 * handler dispatch cost on top. Both loops read their increments from the same table of
 * exponential draws, so the random number generator's cost does not dilute the ratio. The
 * two run in alternating rounds and are timed in thread CPU seconds, so load from other
 * programs on a shared machine falls on both alike. */
#include "bench.h"
#include "engine/engine.h"
#include "engine/rng.h"
#include "opt.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define INC_N 65536 /* a power of two */
#define ROUNDS 10

typedef struct {
    double time;
    uint64_t seq;
} bare_entry;

typedef struct {
    bare_entry *a;
    size_t n, k;
    uint64_t seq;
    const double *inc;
} bare_heap;

typedef struct {
    const double *inc;
    size_t k;
} hold_ctx;

static int bare_less(const bare_entry *x, const bare_entry *y)
{
    return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

static void bare_push(bare_heap *h, double t)
{
    bare_entry e = {t, h->seq++};
    size_t i = h->n++;
    while (i > 0 && bare_less(&e, &h->a[(i - 1) / 2])) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = e;
}

static bare_entry bare_pop(bare_heap *h)
{
    bare_entry top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= h->n) break;
        if (c + 1 < h->n && bare_less(&h->a[c + 1], &h->a[c])) c++;
        if (!bare_less(&h->a[c], &last)) break;
        h->a[i] = h->a[c];
        i = c;
    }
    h->a[i] = last;
    return top;
}

/* CPU seconds of `steps` bare hold steps. */
static double bare_round(bare_heap *h, long steps)
{
    double t0 = bench_thread_seconds();
    for (long k = 0; k < steps; k++) {
        bare_entry e = bare_pop(h);
        bare_push(h, e.time + h->inc[h->k++ & (INC_N - 1)]);
    }
    return bench_thread_seconds() - t0;
}

static int hold_handler(engine *e, const sim_event *ev, void *ctx)
{
    hold_ctx *h = ctx;
    sim_event next = *ev;
    next.time += h->inc[h->k++ & (INC_N - 1)];
    return engine_schedule(e, &next, NULL);
}

/* CPU seconds of `steps` engine steps, or -1 when a step fails. */
static double engine_round(engine *e, long steps)
{
    double t0 = bench_thread_seconds();
    for (long k = 0; k < steps; k++)
        if (engine_step(e) != 1) return -1;
    return bench_thread_seconds() - t0;
}

/* Runs one case; prints its line. Returns 0 or 1. */
static int run_case(long pending, long events, const double *inc)
{
    bare_heap h = {malloc((size_t)pending * sizeof(bare_entry)), 0, 0, 0, inc};
    hold_ctx ctx = {inc, 0};
    engine *e = engine_create(1);
    int ok = h.a && e && engine_on(e, 0, hold_handler, &ctx) == 0;
    for (long i = 0; ok && i < pending; i++) {
        sim_event ev = {inc[i & (INC_N - 1)], 0, -1, 0, 0.0};
        bare_push(&h, ev.time);
        ok = engine_schedule(e, &ev, NULL) == 0;
    }
    double tb = 0, te = 0;
    for (int r = 0; ok && r < ROUNDS; r++) {
        long steps = events / ROUNDS + (r < events % ROUNDS);
        tb += bare_round(&h, steps);
        double t = engine_round(e, steps);
        ok = t >= 0;
        te += t;
    }
    if (ok)
        printf("bench=evq pending=%ld events=%ld engine_eps=%.0f bare_heap_eps=%.0f ratio=%.3f "
               "timing=thread_cpu rounds=%d\n", pending, events, events / te, events / tb,
               tb / te, ROUNDS);
    fflush(stdout);
    free(h.a);
    engine_destroy(e);
    return ok ? 0 : 1;
}

/* A table of INC_N Exp(1) increments from stream "bench" of seed, or NULL on no memory. */
static double *make_increments(unsigned long long seed)
{
    double *inc = malloc(INC_N * sizeof *inc);
    gsl_rng *r = rng_create(seed, 0, "bench");
    for (size_t i = 0; inc && r && i < INC_N; i++) inc[i] = gsl_ran_exponential(r, 1.0);
    if (!r) {
        free(inc);
        inc = NULL;
    }
    rng_destroy(r);
    return inc;
}

double bench_bare_heap_seconds(long pending, long n, unsigned long long seed)
{
    double *inc = make_increments(seed);
    bare_heap h = {malloc((size_t)(pending > 0 ? pending : 1) * sizeof(bare_entry)), 0, 0, 0,
                   inc};
    double t = -1;
    if (inc && h.a) {
        for (long i = 0; i < pending; i++) bare_push(&h, inc[i & (INC_N - 1)]);
        t = bare_round(&h, n);
    }
    free(h.a);
    free(inc);
    return t;
}

int bench_evq(int argc, char **argv)
{
    long events = 20000000, pending = 0;
    unsigned long long seed = 1;
    opt_spec specs[] = {
        {"events", 0, OPT_INT, &events, "N", "events per case (default 20000000)"},
        {"pending", 0, OPT_INT, &pending, "P", "one case with P pending (default: 1000 and 100000)"},
        {"seed", 's', OPT_UINT64, &seed, "S", "random seed (default 1)"},
    };
    static const opt_cmd cmd = {"bench evq", "[--events N] [--pending P] [-s S]",
                              "Engine hold loop vs bare heap.",
                              {"frontier bench evq --events 2000000 --pending 1000"}};
    const char *pos[1];
    int n_pos, rc = opt_parse_cmd(&cmd, argc, argv, specs, 3, pos, 0, 0, &n_pos, NULL);
    if (rc) return rc < 0 ? 0 : rc;
    if (events < ROUNDS || pending < 0) {
        fprintf(stderr, "frontier bench evq: --events must be at least %d, --pending positive\n",
                ROUNDS);
        return 2;
    }
    long cases[2] = {1000, 100000};
    int n_cases = 2;
    if (pending > 0) { cases[0] = pending; n_cases = 1; }
    double *inc = make_increments(seed);
    int status = inc ? 0 : 1;
    for (int c = 0; !status && c < n_cases; c++) status = run_case(cases[c], events, inc);
    if (status) fprintf(stderr, "frontier bench evq: out of memory\n");
    free(inc);
    return status;
}
