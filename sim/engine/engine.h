/* engine.h - discrete-event engine: a clock, a future-event list and handlers by kind.
 *
 * GSL-style initialise / iterate / test: engine_step runs one event, engine_run_until runs
 * every event up to a time. No global state: each engine is independent. */
#ifndef FRONTIER_ENGINE_H
#define FRONTIER_ENGINE_H
#include "engine/evq.h"

typedef struct engine engine;

/* Runs one event. ctx is the pointer given to engine_on. A nonzero return stops the
 * current engine_step / engine_run_until, which returns it. */
typedef int (*engine_handler)(engine *e, const sim_event *ev, void *ctx);

/* Returns an engine at time 0 with handler slots for kinds 0..n_kinds-1, or NULL. */
engine *engine_create(int n_kinds);
void engine_destroy(engine *e); /* accepts NULL */

/* Sets the handler of kind. Returns 0 or SIM_EINVAL for a kind out of range. */
int engine_on(engine *e, int kind, engine_handler h, void *ctx);

/* Queues a copy of ev. Returns 0; SIM_EBADTIME for NaN or infinite time; SIM_EPAST for a
 * time before the clock; SIM_EINVAL for a kind without a handler; SIM_ENOMEM. */
int engine_schedule(engine *e, const sim_event *ev, evq_id *id);

/* Held events: up to ENGINE_HELD events kept outside the queue, one in each slot, for the
 * recurring events of a model (its daily tick, its one pending attack candidate). A held
 * event runs in the queue's order of (time, seq), its seq taken when it is held as a push
 * would take it, so events run in the order engine_schedule would give them; holding,
 * replacing and releasing cost no heap operation. A held event has no id: it leaves its
 * slot when it runs (before its handler, which may hold the next one) or is released. */
#define ENGINE_HELD 2
/* Holds ev in slot (0 .. ENGINE_HELD - 1), replacing the event held there. Returns what
 * engine_schedule returns; SIM_EINVAL also for a slot out of range. */
int engine_hold(engine *e, int slot, const sim_event *ev);
/* Drops the event held in slot, if any (a slot out of range holds nothing). */
void engine_release(engine *e, int slot);

/* Cancels a queued event. Returns 0 or SIM_ENOENT (already run or cancelled). */
int engine_cancel(engine *e, evq_id id);

/* Bounds what engine_run_until may do: at most max_events events since creation (0 means no
 * limit; the default), and when stop is not NULL it is read every ENGINE_STOP_EVERY events,
 * so that an interrupt takes effect inside a busy stretch of simulated time, not only at the
 * caller's next call. */
#define ENGINE_STOP_EVERY 1024
void engine_set_limits(engine *e, uint64_t max_events, volatile const int *stop);

/* Runs the earliest event. Returns 1 if one ran, 0 if none was queued, or the handler's
 * nonzero (negative) return. */
int engine_step(engine *e);

/* Runs every event with time <= t (also those that events scheduled up to t), then sets the
 * clock to t. Returns 0, SIM_EPAST / SIM_EBADTIME for a bad t, a handler's error, or, with
 * the clock left at the last event run: SIM_ELIMIT when the next event would pass the limit
 * of events, SIM_EINTR when *stop was set (engine_set_limits). */
int engine_run_until(engine *e, double t);

/* Back to time 0 with no event queued and none run, handlers and limits kept: the engine of
 * a model reused for its next replication. */
void engine_reset(engine *e);

double engine_now(const engine *e);
size_t engine_pending(const engine *e);
/* Time of the next event, or INFINITY when none is queued. */
double engine_next_time(const engine *e);
/* Events run since creation. */
uint64_t engine_events_run(const engine *e);

#endif
