/* test_engine.c - the engine: clock, dispatch by kind, run_until bounds, bad times. */
#include "base/err.h"
#include "engine/engine.h"
#include <criterion/criterion.h>
#include <math.h>

typedef struct {
    double times[64];
    int kinds[64];
    int n;
    int reschedule; /* handler schedules one more at +1 while > 0 */
} trace;

static int record(engine *e, const sim_event *ev, void *ctx)
{
    trace *tr = ctx;
    tr->times[tr->n] = engine_now(e);
    tr->kinds[tr->n++] = ev->kind;
    if (tr->reschedule > 0) {
        tr->reschedule--;
        sim_event next = {ev->time + 1.0, ev->kind, -1, 0, 0};
        return engine_schedule(e, &next, NULL);
    }
    return 0;
}

static int fail(engine *e, const sim_event *ev, void *ctx)
{
    (void)e, (void)ev, (void)ctx;
    return SIM_EINVAL;
}

static engine *make(trace *tr)
{
    engine *e = engine_create(3);
    cr_assert_not_null(e);
    engine_on(e, 0, record, tr);
    engine_on(e, 1, record, tr);
    engine_on(e, 2, fail, NULL);
    return e;
}

static void at(engine *e, double t, int kind)
{
    sim_event ev = {t, kind, -1, 0, 0};
    cr_assert_eq(engine_schedule(e, &ev, NULL), 0);
}

TestSuite(engine);

Test(engine, dispatches_by_kind_and_advances_the_clock)
{
    trace tr = {0};
    engine *e = make(&tr);
    at(e, 2.5, 1);
    at(e, 1.25, 0);
    cr_assert_eq(engine_step(e), 1);
    cr_assert_eq(tr.kinds[0], 0);
    cr_assert(engine_now(e) == 1.25);
    cr_assert_eq(engine_step(e), 1);
    cr_assert_eq(tr.kinds[1], 1);
    cr_assert_eq(engine_step(e), 0, "empty queue");
    cr_assert_eq(engine_events_run(e), 2);
    engine_destroy(e);
}

Test(engine, run_until_includes_events_exactly_at_the_bound)
{
    trace tr = {0};
    engine *e = make(&tr);
    at(e, 1.0, 0);
    at(e, 2.0, 0);
    at(e, 2.0000001, 0);
    cr_assert_eq(engine_run_until(e, 2.0), 0);
    cr_assert_eq(tr.n, 2, "expected: 2, got: %d", tr.n);
    cr_assert(engine_now(e) == 2.0);
    cr_assert_eq(engine_pending(e), 1);
    cr_assert_eq(engine_run_until(e, 1.5), SIM_EPAST);
    engine_destroy(e);
}

Test(engine, events_scheduled_by_handlers_up_to_the_bound_also_run)
{
    trace tr = {0};
    tr.reschedule = 10;
    engine *e = make(&tr);
    at(e, 0.5, 0);
    cr_assert_eq(engine_run_until(e, 3.5), 0);
    cr_assert_eq(tr.n, 4); /* 0.5 1.5 2.5 3.5 */
    cr_assert(engine_next_time(e) == 4.5);
    engine_destroy(e);
}

Test(engine, rejects_past_nan_infinite_and_unknown_kinds)
{
    trace tr = {0};
    engine *e = make(&tr);
    at(e, 5.0, 0);
    engine_run_until(e, 5.0);
    sim_event ev = {4.999, 0, -1, 0, 0};
    cr_assert_eq(engine_schedule(e, &ev, NULL), SIM_EPAST);
    ev.time = NAN;
    cr_assert_eq(engine_schedule(e, &ev, NULL), SIM_EBADTIME);
    ev.time = INFINITY;
    cr_assert_eq(engine_schedule(e, &ev, NULL), SIM_EBADTIME);
    ev.time = 6;
    ev.kind = 7;
    cr_assert_eq(engine_schedule(e, &ev, NULL), SIM_EINVAL);
    cr_assert_eq(engine_pending(e), 0);
    cr_assert_eq(engine_run_until(e, NAN), SIM_EBADTIME);
    engine_destroy(e);
}

Test(engine, handler_error_stops_the_run_and_is_returned)
{
    trace tr = {0};
    engine *e = make(&tr);
    at(e, 1.0, 2);
    at(e, 2.0, 0);
    cr_assert_eq(engine_run_until(e, 10), SIM_EINVAL);
    cr_assert_eq(tr.n, 0);
    cr_assert_eq(engine_pending(e), 1);
    engine_destroy(e);
}

Test(engine, cancel_through_the_engine)
{
    trace tr = {0};
    engine *e = make(&tr);
    sim_event ev = {1.0, 0, -1, 0, 0};
    evq_id id;
    cr_assert_eq(engine_schedule(e, &ev, &id), 0);
    cr_assert_eq(engine_cancel(e, id), 0);
    cr_assert_eq(engine_cancel(e, id), SIM_ENOENT);
    cr_assert_eq(engine_run_until(e, 2), 0);
    cr_assert_eq(tr.n, 0);
    engine_destroy(e);
}

Test(engine, two_engines_are_independent)
{
    trace a = {0}, b = {0};
    engine *ea = make(&a), *eb = make(&b);
    at(ea, 1.0, 0);
    at(eb, 3.0, 1);
    engine_run_until(ea, 5);
    cr_assert_eq(a.n, 1);
    cr_assert_eq(b.n, 0);
    cr_assert(engine_now(eb) == 0);
    engine_destroy(ea);
    engine_destroy(eb);
}

typedef struct {
    evq_id self, other;
    int cancel_self, cancel_other;
    size_t pending_seen;
    double next_seen;
} probe;

static int probing(engine *e, const sim_event *ev, void *ctx)
{
    probe *p = ctx;
    (void)ev;
    p->cancel_self = engine_cancel(e, p->self);
    p->pending_seen = engine_pending(e);
    p->next_seen = engine_next_time(e);
    p->cancel_other = engine_cancel(e, p->other);
    return 0;
}

Test(engine, a_running_event_is_gone_for_cancel_peek_and_pending)
{
    probe p = {0};
    engine *e = engine_create(1);
    engine_on(e, 0, probing, &p);
    sim_event a = {1.0, 0, -1, 0, 0}, b = {2.0, 0, -1, 0, 0}, c = {3.0, 0, -1, 0, 0};
    engine_schedule(e, &a, &p.self);
    engine_schedule(e, &b, &p.other);
    engine_schedule(e, &c, NULL);
    cr_assert_eq(engine_step(e), 1);
    cr_assert_eq(p.cancel_self, SIM_ENOENT, "the running event cannot be cancelled");
    cr_assert_eq(p.pending_seen, 2, "expected: 2 pending, got: %zu", p.pending_seen);
    cr_assert(p.next_seen == 2.0, "expected: 2, got: %g", p.next_seen);
    cr_assert_eq(p.cancel_other, 0);
    cr_assert_eq(engine_pending(e), 1);
    cr_assert(engine_next_time(e) == 3.0);
    engine_destroy(e);
}

Test(engine, negative_zero_and_zero_keep_fifo_order)
{
    trace tr = {0};
    engine *e = make(&tr);
    at(e, 0.0, 0);
    at(e, -0.0, 1);
    engine_run_until(e, 0);
    cr_assert_eq(tr.n, 2);
    cr_assert_eq(tr.kinds[0], 0, "scheduled first, runs first");
    engine_destroy(e);
}

Test(engine, reset_forgets_every_event_and_starts_again_at_zero)
{
    trace tr = {.n = 0};
    engine *e = make(&tr);
    at(e, 2.0, 0);
    at(e, 5.0, 1);
    evq_id id = 0;
    sim_event ev = {7.0, 0, -1, 0, 0};
    cr_assert_eq(engine_schedule(e, &ev, &id), 0);
    cr_assert_eq(engine_run_until(e, 3.0), 0);
    engine_reset(e);
    cr_assert_eq(engine_now(e), 0.0);
    cr_assert_eq(engine_pending(e), 0);
    cr_assert_eq(engine_events_run(e), 0);
    cr_assert_eq(engine_cancel(e, id), SIM_ENOENT, "ids from before the reset are stale");
    tr.n = 0;
    at(e, 1.0, 1);
    at(e, 1.0, 0); /* same time: pushed second, runs second */
    cr_assert_eq(engine_run_until(e, 10.0), 0);
    cr_assert_eq(tr.n, 2);
    cr_assert(tr.kinds[0] == 1 && tr.kinds[1] == 0 && tr.times[0] == 1.0);
    engine_destroy(e);
}

/* The held event (engine_hold): a daily tick that holds the next one. It must run in the
 * order engine_schedule would give it, ties by the order of the calls included. */
typedef struct {
    trace *tr;
    int ticks;      /* holds the next tick at +1 while > 0 */
    int also_at;    /* the first tick also schedules an event of kind 1 at time +1 */
} ticker;

static int tick_handler(engine *e, const sim_event *ev, void *ctx)
{
    ticker *k = ctx;
    trace *tr = k->tr;
    tr->times[tr->n] = engine_now(e);
    tr->kinds[tr->n++] = ev->kind;
    if (k->also_at) {
        k->also_at = 0;
        sim_event x = {ev->time + 1.0, 1, -1, 0, 0}; /* after the next tick's hold: runs after it */
        sim_event next = {ev->time + 1.0, 2, -1, 0, 0};
        int rc = engine_hold(e, 0, &next);
        if (!rc) rc = engine_schedule(e, &x, NULL);
        k->ticks--;
        return rc;
    }
    if (k->ticks-- <= 0) return 0;
    sim_event next = {ev->time + 1.0, 2, -1, 0, 0};
    return engine_hold(e, 0, &next);
}

Test(engine, a_held_tick_runs_in_the_order_a_scheduled_one_would)
{
    trace tr = {0};
    ticker k = {&tr, 3, 1};
    engine *e = engine_create(3);
    engine_on(e, 0, record, &tr);
    engine_on(e, 1, record, &tr);
    engine_on(e, 2, tick_handler, &k);
    at(e, 1.0, 0);                     /* queued before the tick at 1: runs before it */
    sim_event first = {1.0, 2, -1, 0, 0};
    sim_event early = {0.5, 2, -1, 0, 0};
    cr_assert_eq(engine_hold(e, 0, &early), 0);
    cr_assert_eq(engine_hold(e, 0, &first), 0, "replaces the tick at 0.5");
    cr_assert_eq(engine_hold(e, ENGINE_HELD, &first), SIM_EINVAL, "no such slot");
    at(e, 1.0, 1);                     /* queued after: runs after it */
    at(e, 2.5, 0);
    cr_assert_eq(engine_pending(e), 4);
    cr_assert(engine_next_time(e) == 1.0);
    cr_assert_eq(engine_run_until(e, 10.0), 0);
    /* 1:0 1:tick 1:1 2:tick 2:1 2.5:0 3:tick 4:tick */
    int kinds[] = {0, 2, 1, 2, 1, 0, 2, 2};
    double times[] = {1, 1, 1, 2, 2, 2.5, 3, 4};
    cr_assert_eq(tr.n, 8, "expected: 8 events, got: %d", tr.n);
    for (int i = 0; i < 8; i++)
        cr_assert(tr.kinds[i] == kinds[i] && tr.times[i] == times[i],
                  "event %d: expected kind %d at %g, got kind %d at %g", i, kinds[i], times[i],
                  tr.kinds[i], tr.times[i]);
    cr_assert_eq(engine_pending(e), 0);
    cr_assert_eq(engine_events_run(e), 8);
    engine_destroy(e);
}

Test(engine, a_held_event_is_checked_bounded_by_run_until_and_forgotten_by_reset)
{
    trace tr = {0};
    engine *e = make(&tr);
    sim_event ev = {NAN, 0, -1, 0, 0};
    cr_assert_eq(engine_hold(e, 1, &ev), SIM_EBADTIME);
    ev.time = 3.0;
    ev.kind = 7;
    cr_assert_eq(engine_hold(e, 1, &ev), SIM_EINVAL, "a kind without a handler");
    ev.kind = 0;
    cr_assert_eq(engine_hold(e, 1, &ev), 0);
    cr_assert_eq(engine_run_until(e, 2.0), 0);
    cr_assert_eq(tr.n, 0, "the held event at 3 is after the bound 2");
    cr_assert_eq(engine_pending(e), 1);
    cr_assert(engine_next_time(e) == 3.0);
    sim_event past = {1.0, 0, -1, 0, 0};
    cr_assert_eq(engine_step(e), 1, "engine_step runs a held event when nothing is queued");
    cr_assert_eq(tr.n, 1);
    cr_assert(engine_now(e) == 3.0);
    cr_assert_eq(engine_hold(e, 1, &past), SIM_EPAST);
    ev.time = 4.0;
    cr_assert_eq(engine_hold(e, 1, &ev), 0);
    cr_assert_eq(engine_pending(e), 1);
    engine_release(e, 1);
    cr_assert_eq(engine_pending(e), 0, "released");
    engine_release(e, 1); /* nothing held: no effect */
    engine_release(e, -1);
    cr_assert_eq(engine_hold(e, 1, &ev), 0);
    engine_reset(e);
    cr_assert_eq(engine_pending(e), 0);
    cr_assert_eq(engine_step(e), 0, "nothing held after the reset");
    engine_destroy(e);
}

Test(engine, two_slots_and_the_queue_run_by_time_then_by_the_order_of_holding)
{
    trace tr = {0};
    engine *e = make(&tr);
    sim_event a = {2.0, 0, -1, 0, 0}, b = {2.0, 1, -1, 0, 0}, c = {1.5, 1, -1, 0, 0};
    cr_assert_eq(engine_hold(e, 1, &a), 0);  /* seq 0 */
    at(e, 2.0, 1);                           /* seq 1 */
    cr_assert_eq(engine_hold(e, 0, &b), 0);  /* seq 2 */
    cr_assert_eq(engine_hold(e, 1, &a), 0);  /* replaced: seq 3, now after the other two */
    at(e, 1.5, 0);                           /* seq 4, but earlier */
    cr_assert_eq(engine_hold(e, 0, &c), 0);  /* replaces b: 1.5, seq 5 */
    cr_assert_eq(engine_pending(e), 4);
    cr_assert_eq(engine_run_until(e, 5.0), 0);
    int kinds[] = {0, 1, 1, 0}; /* 1.5 queue, 1.5 slot 0, 2.0 queue, 2.0 slot 1 */
    double times[] = {1.5, 1.5, 2.0, 2.0};
    cr_assert_eq(tr.n, 4, "expected: 4 events, got: %d", tr.n);
    for (int i = 0; i < 4; i++)
        cr_assert(tr.kinds[i] == kinds[i] && tr.times[i] == times[i],
                  "event %d: expected kind %d at %g, got kind %d at %g", i, kinds[i], times[i],
                  tr.kinds[i], tr.times[i]);
    engine_destroy(e);
}
