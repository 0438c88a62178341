/* evq.c - future-event list: array binary min-heap with slot back-pointers.
 *
 * Speed notes. Heap entries are 16 bytes (time as an ordered integer, 32-bit sequence,
 * slot) so four fit a cache line, and comparisons have no branches. Ties compare sequence numbers in serial-number arithmetic (RFC 1982): correct while
 * tied events pending together were pushed fewer than 2^31 pushes apart, which memory
 * rules out long before. Removal is Floyd's bottom-up: the hole runs to a leaf along the
 * smaller children (one comparison per level), then the last entry sifts up from there. */
#include "engine/evq.h"
#include "base/alloc.h"
#include "base/err.h"
#include <math.h>
#include <string.h>

/* Heap entries carry their keys so sifting touches only the heap array. */
typedef struct {
    uint64_t key;   /* the time as an order-preserving integer (time_key) */
    uint32_t seq;
    uint32_t slot;
} heap_entry;

typedef struct {
    sim_event ev;
    uint32_t pos;  /* index in the heap while queued; FREE_POS when not */
    uint32_t gen;  /* bumped each time the slot is released, so old ids go stale */
} slot;

#define FREE_POS UINT32_MAX

struct evq {
    heap_entry *heap;
    slot *slots;
    uint32_t *free_list;  /* stack of unused slot indices */
    size_t n, cap, n_free;
    uint32_t seq;
    int dead_root;        /* heap[0] is running (evq_begin_pop) and awaits replacement */
};

/* Maps a double to an integer with the same order (IEEE 754 total order), so the heap
 * compares integers without branches. Callers pass +0.0 for zero. */
static inline uint64_t time_key(double t)
{
    uint64_t b;
    memcpy(&b, &t, sizeof b);
    return b ^ ((uint64_t)((int64_t)b >> 63) | 0x8000000000000000ULL);
}

static inline int entry_less(const heap_entry *a, const heap_entry *b)
{
    return (a->key < b->key) | ((a->key == b->key) & ((int32_t)(a->seq - b->seq) < 0));
}

evq *evq_create(size_t capacity)
{
    evq *q = sim_calloc(1, sizeof *q);
    if (!q) return NULL;
    q->cap = capacity < 16 ? 16 : capacity;
    q->heap = sim_malloc(q->cap * sizeof *q->heap);
    q->slots = sim_malloc(q->cap * sizeof *q->slots);
    q->free_list = sim_malloc(q->cap * sizeof *q->free_list);
    if (!q->heap || !q->slots || !q->free_list) {
        evq_destroy(q);
        return NULL;
    }
    for (size_t i = 0; i < q->cap; i++) {
        q->free_list[i] = (uint32_t)(q->cap - 1 - i);
        q->slots[i].pos = FREE_POS;
        q->slots[i].gen = 1;
    }
    q->n_free = q->cap;
    return q;
}

void evq_destroy(evq *q)
{
    if (!q) return;
    sim_free(q->heap);
    sim_free(q->slots);
    sim_free(q->free_list);
    sim_free(q);
}

/* Doubles every array; on failure nothing the queue relies on has changed. */
static int grow(evq *q)
{
    size_t cap = q->cap * 2;
    if (cap >= FREE_POS) return SIM_ENOMEM;
    heap_entry *h = sim_realloc(q->heap, cap * sizeof *h);
    if (!h) return SIM_ENOMEM;
    q->heap = h;
    slot *s = sim_realloc(q->slots, cap * sizeof *s);
    if (!s) return SIM_ENOMEM;
    q->slots = s;
    uint32_t *f = sim_realloc(q->free_list, cap * sizeof *f);
    if (!f) return SIM_ENOMEM;
    q->free_list = f;
    for (size_t i = q->cap; i < cap; i++) {
        q->slots[i].pos = FREE_POS;
        q->slots[i].gen = 1;
    }
    for (size_t i = cap; i > q->cap; i--) q->free_list[q->n_free++] = (uint32_t)(i - 1);
    q->cap = cap;
    return 0;
}

static inline void place(evq *q, size_t i, heap_entry e)
{
    q->heap[i] = e;
    q->slots[e.slot].pos = (uint32_t)i;
}

static void sift_up(evq *q, size_t i, heap_entry e)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!entry_less(&e, &q->heap[parent])) break;
        place(q, i, q->heap[parent]);
        i = parent;
    }
    place(q, i, e);
}

/* Moves the hole at i down to a leaf along the smaller children; returns the leaf. */
static size_t hole_to_leaf(evq *q, size_t i)
{
    size_t n = q->n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) return i;
        /* The four grandchildren are contiguous: fetch them while the children compare. */
        if (4 * i + 3 < n) __builtin_prefetch(&q->heap[4 * i + 3]);
        c += c + 1 < n && entry_less(&q->heap[c + 1], &q->heap[c]);
        place(q, i, q->heap[c]);
        i = c;
    }
}

/* Puts ev in the running root's slot and sifts it down from the root. */
static void replace_root(evq *q, const sim_event *ev, evq_id *id)
{
    uint32_t s = q->heap[0].slot;
    q->slots[s].ev = *ev;
    heap_entry e = {time_key(ev->time + 0.0), q->seq++, s};
    q->dead_root = 0;
    sift_up(q, hole_to_leaf(q, 0), e);
    if (id) *id = ((uint64_t)q->slots[s].gen << 32) | s;
}

int evq_push(evq *q, const sim_event *ev, evq_id *id)
{
    if (!isfinite(ev->time)) return SIM_EBADTIME;
    if (q->dead_root) {
        replace_root(q, ev, id);
        return 0;
    }
    if (q->n_free == 0) {
        int rc = grow(q);
        if (rc) return rc;
    }
    uint32_t s = q->free_list[--q->n_free];
    q->slots[s].ev = *ev;
    heap_entry e = {time_key(ev->time + 0.0), q->seq++, s}; /* + 0.0 turns -0 into +0 */
    sift_up(q, q->n++, e);
    if (id) *id = ((uint64_t)q->slots[s].gen << 32) | s;
    return 0;
}

static void release(evq *q, uint32_t s)
{
    q->slots[s].pos = FREE_POS;
    q->slots[s].gen++;
    q->free_list[q->n_free++] = s;
}

/* Removes the heap entry at i and restores the heap. */
static void remove_at(evq *q, size_t i)
{
    heap_entry last = q->heap[--q->n];
    if (i == q->n) return;
    if (i > 0 && entry_less(&last, &q->heap[(i - 1) / 2]))
        sift_up(q, i, last);
    else
        sift_up(q, hole_to_leaf(q, i), last); /* stops at i: last >= parent(i) */
}

int evq_pop(evq *q, sim_event *out)
{
    if (q->n == 0) return SIM_EEMPTY;
    uint32_t s = q->heap[0].slot;
    *out = q->slots[s].ev;
    remove_at(q, 0);
    release(q, s);
    return 0;
}

int evq_begin_pop(evq *q, sim_event *out)
{
    if (q->n == 0) return SIM_EEMPTY;
    slot *sl = &q->slots[q->heap[0].slot];
    *out = sl->ev;
    sl->gen++; /* the running event's id goes stale now */
    q->dead_root = 1;
    return 0;
}

void evq_end_pop(evq *q)
{
    if (!q->dead_root) return;
    q->dead_root = 0;
    uint32_t s = q->heap[0].slot;
    remove_at(q, 0);
    release(q, s);
}

/* The root unless it is running, else the smaller of its children. */
static const heap_entry *live_min(const evq *q)
{
    if (!q->dead_root) return q->n ? &q->heap[0] : NULL;
    if (q->n < 2) return NULL;
    if (q->n == 2 || entry_less(&q->heap[1], &q->heap[2])) return &q->heap[1];
    return &q->heap[2];
}

const sim_event *evq_peek(const evq *q)
{
    const heap_entry *h = live_min(q);
    return h ? &q->slots[h->slot].ev : NULL;
}

int evq_cancel(evq *q, evq_id id)
{
    uint32_t s = (uint32_t)(id & 0xffffffffu);
    uint32_t gen = (uint32_t)(id >> 32);
    if (s >= q->cap || q->slots[s].gen != gen || q->slots[s].pos == FREE_POS)
        return SIM_ENOENT;
    remove_at(q, q->slots[s].pos);
    release(q, s);
    return 0;
}

size_t evq_size(const evq *q) { return q->n - (size_t)q->dead_root; }

void evq_clear(evq *q)
{
    for (size_t i = 0; i < q->n; i++) {
        slot *sl = &q->slots[q->heap[i].slot];
        sl->pos = FREE_POS;
        sl->gen++;
    }
    for (size_t i = 0; i < q->cap; i++) q->free_list[i] = (uint32_t)(q->cap - 1 - i);
    q->n = 0;
    q->n_free = q->cap;
    q->seq = 0;
    q->dead_root = 0;
}

int evq_check(const evq *q)
{
    for (size_t i = 0; i < q->n; i++) {
        if (q->slots[q->heap[i].slot].pos != i) return SIM_EINVAL;
        if (time_key(q->slots[q->heap[i].slot].ev.time + 0.0) != q->heap[i].key) return SIM_EINVAL;
        if (i > 0 && entry_less(&q->heap[i], &q->heap[(i - 1) / 2])) return SIM_EINVAL;
    }
    return q->n + q->n_free == q->cap ? 0 : SIM_EINVAL;
}
