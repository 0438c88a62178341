/* test_evq.c - the future-event list: order, FIFO ties, cancel, heap invariant. */
#include "base/err.h"
#include "engine/evq.h"
#include "engine/rng.h"
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

static evq *q;
static gsl_rng *r;

static void setup(void)
{
    q = evq_create(4);
    r = rng_create(42, 0, "test");
}

static void teardown(void)
{
    evq_destroy(q);
    rng_destroy(r);
}

TestSuite(evq, .init = setup, .fini = teardown);

static evq_id push(double t, int arg)
{
    sim_event ev = {t, 0, -1, arg, 0.0};
    evq_id id = 0;
    cr_assert_eq(evq_push(q, &ev, &id), 0);
    return id;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

Test(evq, pops_in_the_order_of_a_reference_sort)
{
    enum { N = 100000 };
    double *ref = malloc(N * sizeof *ref);
    for (int i = 0; i < N; i++) {
        ref[i] = gsl_rng_uniform(r) * 1000.0;
        push(ref[i], i);
    }
    qsort(ref, N, sizeof *ref, cmp_double);
    sim_event ev;
    for (int i = 0; i < N; i++) {
        cr_assert_eq(evq_pop(q, &ev), 0);
        cr_assert(ev.time == ref[i], "at %d expected: %.17g, got: %.17g", i, ref[i], ev.time);
    }
    cr_assert_eq(evq_pop(q, &ev), SIM_EEMPTY);
    free(ref);
}

Test(evq, equal_times_are_fifo)
{
    for (int i = 0; i < 1000; i++) push(i % 3 == 0 ? 2.385 : 7.25, i);
    sim_event ev;
    int last_a = -1, last_b = -1;
    for (int i = 0; i < 1000; i++) {
        evq_pop(q, &ev);
        int *last = ev.time == 2.385 ? &last_a : &last_b;
        cr_assert(ev.arg > *last, "expected FIFO: %d after %d", ev.arg, *last);
        *last = ev.arg;
    }
}

Test(evq, cancel_head_middle_last_and_stale)
{
    evq_id ids[5];
    for (int i = 0; i < 5; i++) ids[i] = push(1.5 + i, i);
    cr_assert_eq(evq_cancel(q, ids[0]), 0); /* head */
    cr_assert_eq(evq_cancel(q, ids[2]), 0); /* middle */
    cr_assert_eq(evq_cancel(q, ids[4]), 0); /* last */
    cr_assert_eq(evq_cancel(q, ids[2]), SIM_ENOENT, "cancelled twice");
    cr_assert_eq(evq_check(q), 0);
    sim_event ev;
    evq_pop(q, &ev);
    cr_assert_eq(ev.arg, 1);
    cr_assert_eq(evq_cancel(q, ids[1]), SIM_ENOENT, "already run");
    evq_pop(q, &ev);
    cr_assert_eq(ev.arg, 3);
    cr_assert_eq(evq_size(q), 0);
    /* a reused slot must not honour an old id */
    push(9.0, 9);
    cr_assert_eq(evq_cancel(q, ids[3]), SIM_ENOENT);
    cr_assert_eq(evq_size(q), 1);
}

Test(evq, rejects_nan_and_infinite_times)
{
    sim_event ev = {NAN, 0, -1, 0, 0};
    cr_assert_eq(evq_push(q, &ev, NULL), SIM_EBADTIME);
    ev.time = INFINITY;
    cr_assert_eq(evq_push(q, &ev, NULL), SIM_EBADTIME);
    ev.time = -INFINITY;
    cr_assert_eq(evq_push(q, &ev, NULL), SIM_EBADTIME);
    cr_assert_eq(evq_size(q), 0);
}

/* Randomised differential test against a plain array kept as the reference. */
Test(evq, random_push_pop_cancel_matches_a_reference)
{
    enum { CAP = 4096 };
    double ref_t[CAP];
    int ref_arg[CAP];
    evq_id ref_id[CAP];
    int n = 0, next_arg = 0;
    for (int step = 0; step < 60000; step++) {
        double u = gsl_rng_uniform(r);
        if ((u < 0.5 && n < CAP) || n == 0) {
            double t = floor(gsl_rng_uniform(r) * 50) / 4; /* many ties */
            ref_t[n] = t;
            ref_arg[n] = next_arg;
            ref_id[n] = push(t, next_arg++);
            n++;
        } else if (u < 0.8) {
            int best = 0;
            for (int i = 1; i < n; i++)
                if (ref_t[i] < ref_t[best] || (ref_t[i] == ref_t[best] && ref_arg[i] < ref_arg[best]))
                    best = i;
            sim_event ev;
            cr_assert_eq(evq_pop(q, &ev), 0);
            cr_assert_eq(ev.arg, ref_arg[best], "step %d expected: %d, got: %d", step,
                         ref_arg[best], ev.arg);
            ref_t[best] = ref_t[--n], ref_arg[best] = ref_arg[n], ref_id[best] = ref_id[n];
        } else {
            int k = (int)gsl_rng_uniform_int(r, (unsigned long)n);
            cr_assert_eq(evq_cancel(q, ref_id[k]), 0);
            ref_t[k] = ref_t[--n], ref_arg[k] = ref_arg[n], ref_id[k] = ref_id[n];
        }
        if (step % 997 == 0) cr_assert_eq(evq_check(q), 0, "heap invariant broken at %d", step);
        cr_assert_eq(evq_size(q), (size_t)n);
    }
    cr_assert_eq(evq_check(q), 0);
}

/* Engine-style steps (begin_pop, pushes and cancels while the event runs, end_pop) against
 * the same reference: the replaced root must never change the order. */
Test(evq, two_phase_steps_match_a_reference)
{
    enum { CAP = 2048 };
    double ref_t[CAP];
    int ref_arg[CAP];
    evq_id ref_id[CAP];
    int n = 0, next_arg = 0;
    double now = 0;
    for (int i = 0; i < 300; i++) {
        ref_t[n] = floor(gsl_rng_uniform(r) * 40) / 4;
        ref_arg[n] = next_arg;
        ref_id[n] = push(ref_t[n], next_arg++);
        n++;
    }
    for (int step = 0; step < 20000 && n > 0; step++) {
        int best = 0;
        for (int i = 1; i < n; i++)
            if (ref_t[i] < ref_t[best] || (ref_t[i] == ref_t[best] && ref_arg[i] < ref_arg[best]))
                best = i;
        sim_event ev;
        cr_assert_eq(evq_begin_pop(q, &ev), 0);
        cr_assert_eq(ev.arg, ref_arg[best], "step %d expected: %d, got: %d", step, ref_arg[best], ev.arg);
        now = ev.time;
        ref_t[best] = ref_t[--n], ref_arg[best] = ref_arg[n], ref_id[best] = ref_id[n];
        int pushes = (int)gsl_rng_uniform_int(r, 3);
        for (int k = 0; k < pushes && n < CAP; k++) {
            ref_t[n] = now + floor(gsl_rng_uniform(r) * 8) / 4;
            ref_arg[n] = next_arg;
            ref_id[n] = push(ref_t[n], next_arg++);
            n++;
        }
        if (n > 0 && gsl_rng_uniform(r) < 0.2) {
            int k = (int)gsl_rng_uniform_int(r, (unsigned long)n);
            cr_assert_eq(evq_cancel(q, ref_id[k]), 0);
            ref_t[k] = ref_t[--n], ref_arg[k] = ref_arg[n], ref_id[k] = ref_id[n];
        }
        cr_assert_eq(evq_size(q), (size_t)n);
        evq_end_pop(q);
        cr_assert_eq(evq_size(q), (size_t)n);
        if (step % 499 == 0) cr_assert_eq(evq_check(q), 0, "heap invariant broken at %d", step);
    }
}
