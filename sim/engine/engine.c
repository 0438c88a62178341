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
};

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

int engine_cancel(engine *e, evq_id id) { return evq_cancel(e->q, id); }

int engine_step(engine *e)
{
    sim_event ev;
    if (evq_begin_pop(e->q, &ev)) return 0;
    e->now = ev.time;
    e->n_run++;
    const handler *h = &e->handlers[ev.kind];
    int rc = h->fn(e, &ev, h->ctx);
    evq_end_pop(e->q);
    return rc ? rc : 1;
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
    for (;;) {
        const sim_event *next = evq_peek(e->q);
        if (!next || next->time > t) break;
        if (e->max_events && e->n_run >= e->max_events) return SIM_ELIMIT;
        if (e->stop && e->n_run % ENGINE_STOP_EVERY == 0 && *e->stop) return SIM_EINTR;
        int rc = engine_step(e);
        if (rc < 0) return rc;
    }
    if (isfinite(t)) e->now = t;
    return 0;
}

void engine_reset(engine *e)
{
    evq_clear(e->q);
    e->now = 0;
    e->n_run = 0;
}

double engine_now(const engine *e) { return e->now; }
size_t engine_pending(const engine *e) { return evq_size(e->q); }
uint64_t engine_events_run(const engine *e) { return e->n_run; }

double engine_next_time(const engine *e)
{
    const sim_event *next = evq_peek(e->q);
    return next ? next->time : INFINITY;
}
