/* evq.c - future-event list: array 4-ary min-heap with slot back-pointers.
 *
 * Speed notes. Heap entries are 16 bytes (time as an ordered integer, 32-bit sequence,
 * slot) and the heap is aligned so that the four children of a node fill one cache line:
 * a 4-ary heap is half as deep as a binary one, so a sift touches half the lines and writes
 * half the back-pointers, which is what costs once the queue outgrows the cache. Back-
 * pointers live in an array of their own (4 bytes a slot) rather than beside the events, so
 * a sift's writes stay in few lines. Comparisons have no branches. Ties compare sequence
 * numbers in serial-number arithmetic (RFC 1982): correct while tied events pending
 * together were pushed fewer than 2^31 pushes apart, which memory rules out long before.
 * Removal is Floyd's bottom-up: the hole runs to a leaf along the smallest children, then
 * the last entry sifts up from there. The order of (time, seq) is total, so the order in
 * which events leave does not depend on the heap's shape. */
#include "engine/evq.h"
#include "base/alloc.h"
#include "base/err.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Heap entries carry their keys so sifting touches only the heap array. */
typedef struct {
    uint64_t key;   /* the time as an order-preserving integer (time_key) */
    uint32_t seq;
    uint32_t slot;
} heap_entry;

#define FREE_POS UINT32_MAX
#define ARITY 4
#define LINE 64

struct evq {
    heap_entry *heap;     /* &heap[1] on a cache line: children 4i+1..4i+4 share one */
    void *heap_mem;       /* what heap points into */
    sim_event *ev;        /* per slot: the event */
    uint32_t *pos;        /* per slot: index in the heap while queued; FREE_POS when not */
    uint32_t *gen;        /* per slot: bumped each time the slot is released (stale ids) */
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
    return evq_order_less(a->key, a->seq, b->key, b->seq);
}

/* A heap array of cap entries whose entry 1 starts a cache line (into *mem, to free). */
static heap_entry *heap_alloc(size_t cap, void **mem)
{
    *mem = sim_malloc(cap * sizeof(heap_entry) + LINE);
    if (!*mem) return NULL;
    uintptr_t a = (uintptr_t)*mem + sizeof(heap_entry);
    a = (a + LINE - 1) & ~(uintptr_t)(LINE - 1);
    return (heap_entry *)(a - sizeof(heap_entry));
}

static void free_arrays(evq *q)
{
    sim_free(q->heap_mem);
    sim_free(q->ev);
    sim_free(q->pos);
    sim_free(q->gen);
    sim_free(q->free_list);
}

evq *evq_create(size_t capacity)
{
    evq *q = sim_calloc(1, sizeof *q);
    if (!q) return NULL;
    q->cap = capacity < 16 ? 16 : capacity;
    q->heap = heap_alloc(q->cap, &q->heap_mem);
    q->ev = sim_malloc(q->cap * sizeof *q->ev);
    q->pos = sim_malloc(q->cap * sizeof *q->pos);
    q->gen = sim_malloc(q->cap * sizeof *q->gen);
    q->free_list = sim_malloc(q->cap * sizeof *q->free_list);
    if (!q->heap || !q->ev || !q->pos || !q->gen || !q->free_list) {
        evq_destroy(q);
        return NULL;
    }
    for (size_t i = 0; i < q->cap; i++) {
        q->free_list[i] = (uint32_t)(q->cap - 1 - i);
        q->pos[i] = FREE_POS;
        q->gen[i] = 1;
    }
    q->n_free = q->cap;
    return q;
}

void evq_destroy(evq *q)
{
    if (!q) return;
    free_arrays(q);
    sim_free(q);
}

/* Doubles every array; on failure nothing the queue relies on has changed. */
static int grow(evq *q)
{
    size_t cap = q->cap * 2;
    if (cap >= FREE_POS) return SIM_ENOMEM;
    void *mem;
    heap_entry *h = heap_alloc(cap, &mem);
    if (!h) return SIM_ENOMEM;
    sim_event *ev = sim_realloc(q->ev, cap * sizeof *ev);
    if (!ev) return sim_free(mem), SIM_ENOMEM;
    q->ev = ev;
    uint32_t *pos = sim_realloc(q->pos, cap * sizeof *pos);
    if (!pos) return sim_free(mem), SIM_ENOMEM;
    q->pos = pos;
    uint32_t *gen = sim_realloc(q->gen, cap * sizeof *gen);
    if (!gen) return sim_free(mem), SIM_ENOMEM;
    q->gen = gen;
    uint32_t *f = sim_realloc(q->free_list, cap * sizeof *f);
    if (!f) return sim_free(mem), SIM_ENOMEM;
    q->free_list = f;
    memcpy(h, q->heap, q->n * sizeof *h);
    sim_free(q->heap_mem);
    q->heap = h;
    q->heap_mem = mem;
    for (size_t i = q->cap; i < cap; i++) {
        q->pos[i] = FREE_POS;
        q->gen[i] = 1;
    }
    for (size_t i = cap; i > q->cap; i--) q->free_list[q->n_free++] = (uint32_t)(i - 1);
    q->cap = cap;
    return 0;
}

static inline void place(evq *q, size_t i, heap_entry e)
{
    q->heap[i] = e;
    q->pos[e.slot] = (uint32_t)i;
}

static void sift_up(evq *q, size_t i, heap_entry e)
{
    while (i > 0) {
        size_t parent = (i - 1) / ARITY;
        if (!entry_less(&e, &q->heap[parent])) break;
        place(q, i, q->heap[parent]);
        i = parent;
    }
    place(q, i, e);
}

/* The smallest of the k (1..4) entries from c. */
static inline size_t min_child(const heap_entry *h, size_t c, size_t k)
{
    if (k == ARITY) { /* a tournament: three comparisons, no branch on their outcome */
        size_t a = c + entry_less(&h[c + 1], &h[c]);
        size_t b = c + 2 + entry_less(&h[c + 3], &h[c + 2]);
        return entry_less(&h[b], &h[a]) ? b : a;
    }
    size_t m = c;
    for (size_t j = c + 1; j < c + k; j++)
        if (entry_less(&h[j], &h[m])) m = j;
    return m;
}

/* Moves the hole at i down to a leaf along the smallest children; returns the leaf. */
static size_t hole_to_leaf(evq *q, size_t i)
{
    size_t n = q->n;
    for (;;) {
        size_t c = ARITY * i + 1;
        if (c >= n) return i;
        /* The children's children fill the next four lines: fetch them while these compare. */
        size_t g = ARITY * c + 1;
        if (g < n) {
            __builtin_prefetch(&q->heap[g]);
            __builtin_prefetch(&q->heap[g + ARITY]);
            __builtin_prefetch(&q->heap[g + 2 * ARITY]);
            __builtin_prefetch(&q->heap[g + 3 * ARITY]);
        }
        c = min_child(q->heap, c, n - c < ARITY ? n - c : ARITY);
        place(q, i, q->heap[c]);
        if (i == 0) { /* the next root: fetch its event while the sift goes on */
            __builtin_prefetch(&q->ev[q->heap[0].slot]);
            __builtin_prefetch(&q->gen[q->heap[0].slot], 1);
        }
        i = c;
    }
}

static inline evq_id make_id(const evq *q, uint32_t s) { return ((uint64_t)q->gen[s] << 32) | s; }

/* Puts ev in the running root's slot and sifts it down from the root. */
static void replace_root(evq *q, const sim_event *ev, evq_id *id)
{
    uint32_t s = q->heap[0].slot;
    q->ev[s] = *ev;
    heap_entry e = {time_key(ev->time + 0.0), q->seq++, s};
    q->dead_root = 0;
    sift_up(q, hole_to_leaf(q, 0), e);
    if (id) *id = make_id(q, s);
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
    q->ev[s] = *ev;
    heap_entry e = {time_key(ev->time + 0.0), q->seq++, s}; /* + 0.0 turns -0 into +0 */
    sift_up(q, q->n++, e);
    if (id) *id = make_id(q, s);
    return 0;
}

static void release(evq *q, uint32_t s)
{
    q->pos[s] = FREE_POS;
    q->gen[s]++;
    q->free_list[q->n_free++] = s;
}

/* Removes the heap entry at i and restores the heap. */
static void remove_at(evq *q, size_t i)
{
    heap_entry last = q->heap[--q->n];
    if (i == q->n) return;
    if (i > 0 && entry_less(&last, &q->heap[(i - 1) / ARITY]))
        sift_up(q, i, last);
    else
        sift_up(q, hole_to_leaf(q, i), last); /* stops at i: last >= parent(i) */
}

int evq_pop(evq *q, sim_event *out)
{
    if (q->n == 0) return SIM_EEMPTY;
    uint32_t s = q->heap[0].slot;
    *out = q->ev[s];
    remove_at(q, 0);
    release(q, s);
    return 0;
}

int evq_begin_pop(evq *q, sim_event *out)
{
    if (q->n == 0) return SIM_EEMPTY;
    uint32_t s = q->heap[0].slot;
    *out = q->ev[s];
    q->gen[s]++; /* the running event's id goes stale now */
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

/* The root unless it is running, else the smallest of its children. */
static const heap_entry *live_min(const evq *q)
{
    if (!q->dead_root) return q->n ? &q->heap[0] : NULL;
    if (q->n < 2) return NULL;
    return &q->heap[min_child(q->heap, 1, q->n - 1 < ARITY ? q->n - 1 : ARITY)];
}

const sim_event *evq_peek(const evq *q)
{
    const heap_entry *h = live_min(q);
    return h ? &q->ev[h->slot] : NULL;
}

int evq_cancel(evq *q, evq_id id)
{
    uint32_t s = (uint32_t)(id & 0xffffffffu);
    uint32_t gen = (uint32_t)(id >> 32);
    if (s >= q->cap || q->gen[s] != gen || q->pos[s] == FREE_POS) return SIM_ENOENT;
    remove_at(q, q->pos[s]);
    release(q, s);
    return 0;
}

size_t evq_size(const evq *q) { return q->n - (size_t)q->dead_root; }

uint32_t evq_take_seq(evq *q) { return q->seq++; }

uint64_t evq_time_key(double t) { return time_key(t + 0.0); }

int evq_first_key(const evq *q, uint64_t *key, uint32_t *seq)
{
    const heap_entry *h = live_min(q);
    if (!h) return 0;
    *key = h->key;
    *seq = h->seq;
    return 1;
}

void evq_clear(evq *q)
{
    for (size_t i = 0; i < q->n; i++) {
        uint32_t s = q->heap[i].slot;
        q->pos[s] = FREE_POS;
        q->gen[s]++;
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
        uint32_t s = q->heap[i].slot;
        if (q->pos[s] != i) return SIM_EINVAL;
        if (time_key(q->ev[s].time + 0.0) != q->heap[i].key) return SIM_EINVAL;
        if (i > 0 && entry_less(&q->heap[i], &q->heap[(i - 1) / ARITY])) return SIM_EINVAL;
    }
    return q->n + q->n_free == q->cap ? 0 : SIM_EINVAL;
}
