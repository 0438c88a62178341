/* evq.h - future-event list: array 4-ary min-heap ordered by (time, seq).
 *
 * Events at equal times leave in the order they were pushed (seq is the queue's own
 * counter), so runs are deterministic. Each queued event sits in a slot that remembers its
 * heap position, which makes cancel O(log n). Payloads are small values copied in and out. */
#ifndef FRONTIER_EVQ_H
#define FRONTIER_EVQ_H
#include <stddef.h>
#include <stdint.h>

/* One event. Caller-owned value type: copied by value into and out of the queue. */
typedef struct sim_event {
    double time;   /* days since the scenario start */
    int kind;      /* handler index */
    int zone;      /* zone index or -1 */
    int arg;       /* small integer argument (type, timeline index, ...) */
    double value;  /* numeric argument (casualties, days, ...) */
} sim_event;

/* Names one queued event; 0 is never a valid id. Stale ids (run or cancelled) are detected. */
typedef uint64_t evq_id;

typedef struct evq evq;

/* Returns a queue with room for capacity events before it grows, or NULL on no memory. */
evq *evq_create(size_t capacity);
void evq_destroy(evq *q); /* accepts NULL */

/* Copies ev into the queue. Stores its id in *id when id is not NULL.
 * Returns 0, SIM_EBADTIME for a NaN or infinite time, or SIM_ENOMEM. */
int evq_push(evq *q, const sim_event *ev, evq_id *id);

/* Removes the earliest event into *out. Returns 0, or SIM_EEMPTY when the queue is empty. */
int evq_pop(evq *q, sim_event *out);

/* Two-phase pop for an engine step. evq_begin_pop copies the earliest event into *out and
 * marks it as running: from then on its id is stale and it no longer counts in size or
 * peek. The first evq_push before evq_end_pop takes its place in the heap (one sift instead
 * of a removal and an insertion: the common "handle one, schedule one" step); evq_end_pop
 * removes it if no push did. Returns 0, or SIM_EEMPTY when the queue is empty. */
int evq_begin_pop(evq *q, sim_event *out);
void evq_end_pop(evq *q);

/* The earliest event, or NULL when empty. The pointer is valid until the next change. */
const sim_event *evq_peek(const evq *q);

/* Removes the event named id. Returns 0, or SIM_ENOENT if it already ran or was cancelled. */
int evq_cancel(evq *q, evq_id id);

size_t evq_size(const evq *q);

/* For an event held outside the queue (engine_hold): the next sequence number, as a push
 * would take it; the order key of a time (times compare as their keys do; +0.0 and -0.0
 * are one key); and the earliest queued event's key and sequence number (returns 0 when
 * the queue is empty). An event (k1, s1) runs before (k2, s2) when evq_order_less says so. */
uint32_t evq_take_seq(evq *q);
uint64_t evq_time_key(double t);
int evq_first_key(const evq *q, uint64_t *key, uint32_t *seq);
static inline int evq_order_less(uint64_t k1, uint32_t s1, uint64_t k2, uint32_t s2)
{
    return (k1 < k2) | ((k1 == k2) & ((int32_t)(s1 - s2) < 0));
}

/* Empties the queue as if it were new (the next push gets sequence number 0); every id
 * handed out before goes stale. Keeps the memory. */
void evq_clear(evq *q);

/* Checks the heap order and the slot back-pointers. Returns 0 when consistent, else
 * SIM_EINVAL. For tests; O(n). */
int evq_check(const evq *q);

#endif
