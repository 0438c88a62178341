/* ens_int.h - the batch's storage, shared by ensemble.c and ens_mpi.c only. */
#ifndef FRONTIER_ENS_INT_H
#define FRONTIER_ENS_INT_H
#include "analysis/ensemble.h"
#include <stddef.h>

struct ens_batch {
    const scenario *const *variants;
    int k;
    uint64_t seed;
    long n, done;
    model_totals *totals;   /* n * k, item order */
    long first;             /* replication index of item 0 (ens_batch_set_first) */
    int days;               /* series days per replication, 0 without series */
    long keep;              /* series are kept for replications first + r < keep */
    long kept;              /* replications of this batch whose series are kept */
    ens_item_hook hook;     /* called with every finished model (ens_batch_set_hook) */
    void *hook_ctx;
    float *series;          /* kept * days * ENS_NSERIES */
    double gather_seconds;  /* wall time of the last MPI gather at this rank */
    /* Under MPI a rank other than 0 stores only its own items (i % share_size ==
     * share_rank), compactly: rank 0 and a lone process store all (share_size 1). */
    int share_rank, share_size;
    volatile const int *stop;  /* of the ens_batch_run in progress: read inside each run */
    ens_params_fn params;   /* per-item parameters, or NULL (ens_batch_set_params) */
    void *params_ctx;
    uint64_t params_key;
    /* One model per worker thread and variant, reset for each replication (model_reset)
     * instead of created: ENS_JOBS_MAX x k slots, filled as workers start; NULL when k is
     * larger than ENS_CACHE_K (sweeps: a worker seldom meets the same grid point twice). */
    model **cache;
    ens_probe_fn probe;     /* per-item probe, or NULL (ens_batch_set_probe) */
    void *probe_ctx;
    int probe_width;
    double *probe_rows;     /* stored items * probe_width */
    uint64_t probe_key;
    /* The daily fans of every series, computed in one pass by the first ens_fan after a
     * run and reused by the others (fan.csv and the plots): fan[(w * 6 + j) * days + d],
     * quantile j < 5 or the mean (j = 5) of series w on day d, over fan_reps runs. */
    double *fan;
    long fan_reps; /* -1: not computed */
};

#define ENS_CACHE_K 8

/* Number of items i < n with i % size == rank. */
static inline long ens_share_count(long n, int rank, int size)
{
    return n > rank ? (n - rank + size - 1) / size : 0;
}

/* Where item (or, with series, replication) i is stored. */
static inline size_t ens_share_slot(const ens_batch *b, long i)
{
    return (size_t)((i - b->share_rank) / b->share_size);
}

/* Runs item i of the batch (replication i / k of variant i % k) on worker's model and
 * stores its results; an ens_worker_fn. */
int ens_batch_item(void *ctx, int worker, long i);
/* Runs every item on this process's threads and sets b->done. */
int ens_batch_run_local(ens_batch *b, int jobs, volatile const int *stop,
                        ens_progress_fn progress, void *progress_ctx);

#endif
