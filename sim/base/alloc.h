/* alloc.h - allocation wrappers with a fault-injection hook for tests.
 *
 * Every sim/ and viz/ allocation goes through these so that a test can make the k-th
 * allocation fail (SQLite's faultsim idea) and check that the caller cleans up. The hook is
 * the one piece of process-wide state in the project, and only tests set it. */
#ifndef FRONTIER_ALLOC_H
#define FRONTIER_ALLOC_H
#include <stddef.h>

void *sim_malloc(size_t n);             /* NULL on failure (or injected failure) */
void *sim_calloc(size_t count, size_t n);
void *sim_realloc(void *p, size_t n);   /* on failure p is left untouched */
/* sim_calloc for a large array that is written soon, all of it: the system is asked to back
 * it with huge pages where it can (Linux's transparent huge pages), so that filling it takes
 * one page fault per 2 MiB instead of per 4 KiB. Freed with sim_free. */
void *sim_calloc_big(size_t count, size_t n);
char *sim_strdup(const char *s);        /* NULL in, NULL out */
void sim_free(void *p);

/* Makes room in a growable array: when n has reached *cap, doubles the capacity (to first
 * when it is 0) of the array whose pointer is at arrp (a T **, passed as void *), elements
 * of size bytes. Returns 0, or SIM_ENOMEM with the array and *cap unchanged. */
int sim_grow(void *arrp, int *cap, int n, size_t size, int first);

/* Makes allocation number k (counting from 1 after this call) and every later one fail when
 * sticky is nonzero, or only the k-th when sticky is zero. k = 0 turns injection off. */
void sim_alloc_fail_at(long k, int sticky);
/* Allocations attempted since the last sim_alloc_fail_at call. */
long sim_alloc_count(void);

#endif
