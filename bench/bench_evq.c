/* bench_evq.c - `frontier bench evq`: the engine's hold loop against a bare binary heap.
 *
 * The classic hold model: keep `pending` events queued; each step pops the earliest and
 * pushes it back at time + Exp(1). The bare heap is the least a correct (time, seq) queue
 * must do; ratio = engine_eps / bare_heap_eps says what the engine's slots, ids, clock and
 * handler dispatch cost on top. Both loops read their increments from the same table of
 * exponential draws, so the random number generator's cost does not dilute the ratio. */
#include "bench.h"
#include "engine.h"
#include "opt.h"
#include "rng.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define INC_N 65536 /* a power of two */

typedef struct {
    double time;
    uint64_t seq;
} bare_entry;

typedef struct {
    const double *inc;
    size_t k;
} hold_ctx;

typedef struct {
    bare_entry *a;
    size_t n;
    uint64_t seq;
} bare_heap;

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

/* Returns events per second of the bare hold loop, or -1 on no memory. */
static double run_bare(size_t pending, long events, const double *inc, double *sink)
{
    bare_heap h = {malloc(pending * sizeof(bare_entry)), 0, 0};
    if (!h.a) return -1;
    for (size_t i = 0; i < pending; i++) bare_push(&h, inc[i & (INC_N - 1)]);
    double t0 = bench_seconds();
    for (long k = 0; k < events; k++) {
        bare_entry e = bare_pop(&h);
        bare_push(&h, e.time + inc[(size_t)k & (INC_N - 1)]);
    }
    double dt = bench_seconds() - t0;
    *sink += h.a[0].time;
    free(h.a);
    return (double)events / dt;
}

static int hold_handler(engine *e, const sim_event *ev, void *ctx)
{
    hold_ctx *h = ctx;
    sim_event next = *ev;
    next.time += h->inc[h->k++ & (INC_N - 1)];
    return engine_schedule(e, &next, NULL);
}

/* Returns events per second of the engine's hold loop, or -1 on failure. */
static double run_engine(size_t pending, long events, const double *inc, double *sink)
{
    hold_ctx h = {inc, 0};
    engine *e = engine_create(1);
    if (!e || engine_on(e, 0, hold_handler, &h)) {
        engine_destroy(e);
        return -1;
    }
    for (size_t i = 0; i < pending; i++) {
        sim_event ev = {inc[i & (INC_N - 1)], 0, -1, 0, 0.0};
        if (engine_schedule(e, &ev, NULL)) {
            engine_destroy(e);
            return -1;
        }
    }
    double t0 = bench_seconds();
    for (long k = 0; k < events; k++)
        if (engine_step(e) != 1) break;
    double dt = bench_seconds() - t0;
    *sink += engine_now(e);
    double eps = engine_events_run(e) == (uint64_t)events ? (double)events / dt : -1;
    engine_destroy(e);
    return eps;
}

int bench_evq(int argc, char **argv)
{
    long events = 20000000, pending = 0;
    unsigned long long seed = 1;
    opt_spec specs[] = {
        {"events", 0, OPT_INT, &events, "N", "events per case (default 20000000)"},
        {"pending", 0, OPT_INT, &pending, "P", "one case with P pending (default: 1000 and 100000)"},
        {"seed", 0, OPT_UINT64, &seed, "S", "random seed (default 1)"},
    };
    const char *pos[1];
    int n_pos, help, rc = opt_parse("bench evq", argc, argv, specs, 3, pos, 0, &n_pos, &help);
    if (rc) return rc;
    if (help) {
        opt_usage("bench evq", "[--events N] [--pending P]", "Engine hold loop vs bare heap.",
                  specs, 3);
        return 0;
    }
    if (events <= 0 || pending < 0) {
        fprintf(stderr, "frontier bench evq: --events and --pending must be positive\n");
        return 2;
    }
    long cases[2] = {1000, 100000};
    int n_cases = 2;
    if (pending > 0) { cases[0] = pending; n_cases = 1; }
    double sink = 0;
    for (int c = 0; c < n_cases; c++) {
        double *inc = malloc(INC_N * sizeof *inc);
        gsl_rng *r = rng_create(seed, 0, "bench");
        if (inc && r)
            for (size_t i = 0; i < INC_N; i++) inc[i] = gsl_ran_exponential(r, 1.0);
        double bare = inc && r ? run_bare((size_t)cases[c], events, inc, &sink) : -1;
        double eng = inc && r ? run_engine((size_t)cases[c], events, inc, &sink) : -1;
        rng_destroy(r);
        free(inc);
        if (bare <= 0 || eng <= 0) {
            fprintf(stderr, "frontier bench evq: out of memory\n");
            return 1;
        }
        printf("bench=evq pending=%ld events=%ld engine_eps=%.0f bare_heap_eps=%.0f ratio=%.3f\n",
               cases[c], events, eng, bare, eng / bare);
        fflush(stdout);
    }
    return sink == -1.0 ? 1 : 0; /* sink keeps the loops from being optimised away */
}
