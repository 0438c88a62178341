/* alloc.c - allocation wrappers with a fault-injection hook. */
#define _DEFAULT_SOURCE /* madvise's MADV_HUGEPAGE */
#include "base/alloc.h"
#include "base/err.h"
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Test-only hook; atomics keep it race-free when an ensemble runs on threads. */
static atomic_long fail_at;
static atomic_long counter;
static atomic_int fail_sticky;

void sim_alloc_fail_at(long k, int sticky)
{
    atomic_store(&counter, 0);
    atomic_store(&fail_sticky, sticky);
    atomic_store(&fail_at, k);
}

long sim_alloc_count(void) { return atomic_load(&counter); }

static int should_fail(void)
{
    long k = atomic_load(&fail_at);
    long n = atomic_fetch_add(&counter, 1) + 1;
    if (k <= 0) return 0;
    return atomic_load(&fail_sticky) ? n >= k : n == k;
}

void *sim_malloc(size_t n)
{
    if (should_fail()) return NULL;
    return malloc(n ? n : 1);
}

void *sim_calloc(size_t count, size_t n)
{
    if (should_fail()) return NULL;
    return calloc(count ? count : 1, n ? n : 1);
}

void *sim_calloc_big(size_t count, size_t n)
{
    void *p = sim_calloc(count, n);
#ifdef MADV_HUGEPAGE
    enum { HUGE = 2 << 20 };
    size_t bytes = count && n ? count * n : 0;
    uintptr_t lo = ((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
    uintptr_t hi = ((uintptr_t)p + bytes) & ~(uintptr_t)(HUGE - 1);
    if (p && hi > lo) (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE); /* a hint only */
#endif
    return p;
}

void *sim_realloc(void *p, size_t n)
{
    if (should_fail()) return NULL;
    return realloc(p, n ? n : 1);
}

char *sim_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = sim_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

void sim_free(void *p) { free(p); }

int sim_grow(void *arrp, int *cap, int n, size_t size, int first)
{
    if (n < *cap) return 0;
    if (*cap > INT_MAX / 2) return SIM_ENOMEM;
    int ncap = *cap ? 2 * *cap : first;
    void *old;
    memcpy(&old, arrp, sizeof old); /* memcpy: the caller's T * is not a void * object */
    void *q = sim_realloc(old, (size_t)ncap * size);
    if (!q) return SIM_ENOMEM;
    memcpy(arrp, &q, sizeof q);
    *cap = ncap;
    return 0;
}
