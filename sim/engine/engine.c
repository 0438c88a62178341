/* engine.c - discrete-event engine: clock, future-event list, handler dispatch. */
#include "engine/engine.h"
#include "base/alloc.h"
#include "base/err.h"
#include <math.h>

typedef struct {
    engine_handler fn;
    void *ctx;
} handler;

struct engine {
    evq *q;
    handler *handlers;
    int n_kinds;
    double now;
    uint64_t n_run;
    uint64_t max_events;        /* 0: no limit */
    volatile const int *stop;   /* NULL: never stopped */
    sim_event held[ENGINE_HELD];    /* engine_hold's events, where has_held */
    uint64_t held_key[ENGINE_HELD]; /* their times' order keys (evq_time_key) */
    uint32_t held_seq[ENGINE_HELD];
    int has_held[ENGINE_HELD];
    int n_held;
};

/* next_source's answers besides a slot. */
enum { SRC_NONE = -1, SRC_QUEUE = -2 };

engine *engine_create(int n_kinds)
{
    if (n_kinds <= 0) return NULL;
    engine *e = sim_calloc(1, sizeof *e);
    if (!e) return NULL;
    e->q = evq_create(256);
    e->handlers = sim_calloc((size_t)n_kinds, sizeof *e->handlers);
    if (!e->q || !e->handlers) {
        engine_destroy(e);
        return NULL;
    }
    e->n_kinds = n_kinds;
    return e;
}

void engine_destroy(engine *e)
{
    if (!e) return;
    evq_destroy(e->q);
    sim_free(e->handlers);
    sim_free(e);
}

int engine_on(engine *e, int kind, engine_handler h, void *ctx)
{
    if (kind < 0 || kind >= e->n_kinds) return SIM_EINVAL;
    e->handlers[kind].fn = h;
    e->handlers[kind].ctx = ctx;
    return 0;
}

int engine_schedule(engine *e, const sim_event *ev, evq_id *id)
{
    if (!isfinite(ev->time)) return SIM_EBADTIME;
    if (ev->time < e->now) return SIM_EPAST;
    if (ev->kind < 0 || ev->kind >= e->n_kinds || !e->handlers[ev->kind].fn) return SIM_EINVAL;
    return evq_push(e->q, ev, id);
}

int engine_hold(engine *e, int slot, const sim_event *ev)
{
    if (slot < 0 || slot >= ENGINE_HELD) return SIM_EINVAL;
    if (!isfinite(ev->time)) return SIM_EBADTIME;
    if (ev->time < e->now) return SIM_EPAST;
    if (ev->kind < 0 || ev->kind >= e->n_kinds || !e->handlers[ev->kind].fn) return SIM_EINVAL;
    e->n_held += !e->has_held[slot];
    e->held[slot] = *ev;
    e->held_key[slot] = evq_time_key(ev->time);
    e->held_seq[slot] = evq_take_seq(e->q);
    e->has_held[slot] = 1;
    return 0;
}

void engine_release(engine *e, int slot)
{
    if (slot < 0 || slot >= ENGINE_HELD || !e->has_held[slot]) return;
    e->has_held[slot] = 0;
    e->n_held--;
}

int engine_cancel(engine *e, evq_id id) { return evq_cancel(e->q, id); }

/* The key of the next event to run into *key; returns its slot when it is held, SRC_QUEUE
 * when it is the queue's first, SRC_NONE when nothing is pending. Compares keys only: no
 * event is read. */
static int next_source(const engine *e, uint64_t *key)
{
    uint32_t seq = 0;
    int src = evq_first_key(e->q, key, &seq) ? SRC_QUEUE : SRC_NONE;
    for (int i = 0; i < ENGINE_HELD; i++) {
        if (!e->has_held[i]) continue;
        if (src != SRC_NONE && !evq_order_less(e->held_key[i], e->held_seq[i], *key, seq))
            continue;
        *key = e->held_key[i];
        seq = e->held_seq[i];
        src = i;
    }
    return src;
}

static int dispatch(engine *e, const sim_event *ev)
{
    e->now = ev->time;
    e->n_run++;
    const handler *h = &e->handlers[ev->kind];
    return h->fn(e, ev, h->ctx);
}

/* Runs the event next_source named: held in slot src, or the queue's first. */
static int step_from(engine *e, int src)
{
    sim_event ev;
    int rc;
    if (src >= 0) {
        ev = e->held[src];
        engine_release(e, src); /* its handler may hold the next one */
        rc = dispatch(e, &ev);
    } else {
        if (evq_begin_pop(e->q, &ev)) return 0;
        rc = dispatch(e, &ev);
        evq_end_pop(e->q);
    }
    return rc ? rc : 1;
}

int engine_step(engine *e)
{
    uint64_t key;
    int src = next_source(e, &key);
    return src == SRC_NONE ? 0 : step_from(e, src);
}

void engine_set_limits(engine *e, uint64_t max_events, volatile const int *stop)
{
    e->max_events = max_events;
    e->stop = stop;
}

int engine_run_until(engine *e, double t)
{
    if (isnan(t)) return SIM_EBADTIME;
    if (t < e->now) return SIM_EPAST;
    uint64_t until = evq_time_key(t), key;
    for (;;) {
        int src = next_source(e, &key);
        if (src == SRC_NONE || key > until) break;
        if (e->max_events && e->n_run >= e->max_events) return SIM_ELIMIT;
        if (e->stop && e->n_run % ENGINE_STOP_EVERY == 0 && *e->stop) return SIM_EINTR;
        int rc = step_from(e, src);
        if (rc < 0) return rc;
    }
    if (isfinite(t)) e->now = t;
    return 0;
}

void engine_reset(engine *e)
{
    evq_clear(e->q);
    for (int i = 0; i < ENGINE_HELD; i++) e->has_held[i] = 0;
    e->n_held = 0;
    e->now = 0;
    e->n_run = 0;
}

double engine_now(const engine *e) { return e->now; }
size_t engine_pending(const engine *e) { return evq_size(e->q) + (size_t)e->n_held; }
uint64_t engine_events_run(const engine *e) { return e->n_run; }

double engine_next_time(const engine *e)
{
    const sim_event *next = evq_peek(e->q);
    double t = next ? next->time : INFINITY;
    for (int i = 0; i < ENGINE_HELD; i++)
        if (e->has_held[i] && e->held[i].time < t) t = e->held[i].time;
    return t;
}
