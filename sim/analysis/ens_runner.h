/* ens_runner.h - items 0..n-1 run on J threads, claimed in increasing order, so the finished
 * ones are always a prefix. The ensemble, comparisons, sweeps and forecasts run on it. */
#ifndef FRONTIER_ENS_RUNNER_H
#define FRONTIER_ENS_RUNNER_H

/* Runs item index; called from worker threads, concurrently for different indices. It must
 * only write state that belongs to that index. Returns 0 or a SIM_E* code. */
typedef int (*ens_item_fn)(void *ctx, long index);
/* Told, from the calling thread about ten times a second, how many items are finished. */
typedef void (*ens_progress_fn)(void *ctx, long done);

/* Runs fn for items 0..n-1 on jobs threads (jobs < 1 means 1). When *stop (may be NULL)
 * becomes nonzero no new item is claimed and claimed ones finish, so the finished items are
 * always the prefix 0..*done-1. Returns 0, SIM_EINTR when stopped early, SIM_ENOMEM when a
 * thread could not start, or the error of the failing item (then *done is its index). */
int ens_run_items(long n, int jobs, ens_item_fn fn, void *ctx, volatile const int *stop,
                  ens_progress_fn progress, void *progress_ctx, long *done);

/* The same, for items that reuse per-thread state: fn is told which worker runs the item
 * (0 <= worker < ENS_JOBS_MAX and < jobs; one worker runs one item at a time). */
#define ENS_JOBS_MAX 256
typedef int (*ens_worker_fn)(void *ctx, int worker, long index);
int ens_run_workers(long n, int jobs, ens_worker_fn fn, void *ctx, volatile const int *stop,
                    ens_progress_fn progress, void *progress_ctx, long *done);

#endif
