/* ens_mpi.c - a batch's items split across MPI ranks and gathered at rank 0; without MPI,
 * the local run and one rank of one. */
#include "analysis/ens_int.h"
#include "analysis/ens_mpi.h"
#include "base/err.h"
#ifdef FRONTIER_MPI
#include <limits.h>
#include <mpi.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct mpi_share {
    ens_batch *b;
    int rank, size;
    long items;              /* n x k over every rank */
    long fail_at;            /* test hook: local item that fails, or -1 */
    ens_progress_fn progress;
    void *progress_ctx;
} mpi_share;

/* Local item j of a rank is global item j * size + rank (interleaved, so a stopped run
 * still finished about the same prefix everywhere). */
static int mpi_item(void *ctx, int worker, long j)
{
    const mpi_share *s = ctx;
    if (j == s->fail_at) return SIM_ENOMEM;
    return ens_batch_item(s->b, worker, j * s->size + s->rank);
}

/* Rank 0's share scaled to the whole batch: the ranks advance at about the same pace. */
static void mpi_progress(void *ctx, long done)
{
    const mpi_share *s = ctx;
    long all = done * s->size;
    s->progress(s->progress_ctx, all < s->items ? all : s->items);
}

/* The test hook (see ens_mpi.h): sets s->fail_at, or kills this rank. */
static void mpi_fail_hook(mpi_share *s)
{
    const char *e = getenv("FRONTIER_MPI_FAIL_RANK");
    s->fail_at = -1;
    if (!e || *e == '\0') return;
    char *end;
    long r = strtol(e, &end, 10);
    if (r != s->rank || end == e) return;
    if (strcmp(end, ":kill") == 0) raise(SIGKILL);
    s->fail_at = 0;
}


/* Monotonic wall-clock seconds. */
static double mpi_now(void) { return MPI_Wtime(); }

/* Moves rank src's count items (elem bytes each) to rank 0 in place: rank src sends its
 * compact array, rank 0 receives it into every size-th element of base from index src, with
 * a strided MPI datatype. Nothing to allocate, so nothing can fail halfway with a peer left
 * waiting. */
static int mpi_move(char *base, size_t elem, long count, int src, int size, int rank)
{
    if (count == 0) return 0;
    MPI_Datatype one, strided, every;
    MPI_Type_contiguous((int)elem, MPI_BYTE, &one);
    MPI_Type_commit(&one);
    int rc;
    if (rank != 0) {
        rc = MPI_Send(base, (int)count, one, 0, 7, MPI_COMM_WORLD);
    } else {
        MPI_Type_create_resized(one, 0, (MPI_Aint)elem, &strided); /* extent = elem */
        MPI_Type_vector((int)count, 1, size, strided, &every);
        MPI_Type_commit(&every);
        rc = MPI_Recv(base + (size_t)src * elem, 1, every, src, 7, MPI_COMM_WORLD,
                      MPI_STATUS_IGNORE);
        MPI_Type_free(&every);
        MPI_Type_free(&strided);
    }
    MPI_Type_free(&one);
    return rc == MPI_SUCCESS ? 0 : SIM_EIO;
}

/* Gathers every rank's totals (and kept series and probe rows) at rank 0. */
static int mpi_gather(ens_batch *b, int rank, int size)
{
    int rc = 0;
    size_t series_elem = (size_t)b->days * ENS_NSERIES * sizeof(float);
    for (int src = 1; src < size && rc == 0; src++) {
        if (rank != 0 && rank != src) continue;
        rc = mpi_move((char *)b->totals, sizeof *b->totals, ens_share_count(b->n * b->k, src, size),
                      src, size, rank);
        if (rc == 0 && b->series) /* k == 1 here: items are replications */
            rc = mpi_move((char *)b->series, series_elem, ens_share_count(b->kept, src, size), src,
                          size, rank);
        if (rc == 0 && b->probe_rows)
            rc = mpi_move((char *)b->probe_rows, (size_t)b->probe_width * sizeof(double),
                          ens_share_count(b->n * b->k, src, size), src, size, rank);
    }
    return rc;
}

/* Agrees on the finished prefix and the worst error, gathers, and sets b->done. */
static int mpi_finish(ens_batch *b, int rank, int size, long local, int rc)
{
    long items = b->n * b->k;
    /* Global item i = j * size + r is finished when j < local_r: the finished prefix ends
     * at the smallest local_r * size + r (the failing item when one failed). */
    long prefix = local * size + rank, all, fail_at;
    MPI_Allreduce(&prefix, &all, 1, MPI_LONG, MPI_MIN, MPI_COMM_WORLD);
    /* A rank's error outranks another's interruption; the first failing item is named. */
    int err = rc == SIM_EINTR ? 0 : rc, worst;
    long mine = err ? prefix : LONG_MAX;
    MPI_Allreduce(&err, &worst, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD); /* errors are < 0 */
    MPI_Allreduce(&mine, &fail_at, 1, MPI_LONG, MPI_MIN, MPI_COMM_WORLD);
    double t0 = mpi_now();
    int grc = mpi_gather(b, rank, size);
    b->gather_seconds = mpi_now() - t0;
    if (worst) all = fail_at;
    if (all > items) all = items;
    b->done = all / b->k;
    return worst ? worst : grc ? grc : b->done < b->n ? SIM_EINTR : 0;
}

int ens_batch_run(ens_batch *b, int jobs, volatile const int *stop, ens_progress_fn progress,
                  void *progress_ctx)
{
    int rank = ens_mpi_rank(), size = ens_mpi_size();
    b->gather_seconds = 0;
    b->stop = stop;
    b->fan_reps = -1; /* the series change */
    if (size == 1) return ens_batch_run_local(b, jobs, stop, progress, progress_ctx);
    mpi_share share = {b, rank, size, b->n * b->k, -1, progress, progress_ctx};
    mpi_fail_hook(&share);
    long local = 0;
    int rc = ens_run_workers(ens_share_count(share.items, rank, size), jobs, mpi_item, &share,
                             stop, rank == 0 && progress ? mpi_progress : NULL, &share, &local);
    return mpi_finish(b, rank, size, local, rc);
}

int ens_mpi_bcast(void *buf, size_t bytes)
{
    if (ens_mpi_size() == 1 || bytes == 0) return 0;
    for (size_t at = 0; at < bytes;) { /* MPI counts are int */
        size_t n = bytes - at < (size_t)INT_MAX ? bytes - at : (size_t)INT_MAX;
        if (MPI_Bcast((char *)buf + at, (int)n, MPI_BYTE, 0, MPI_COMM_WORLD) != MPI_SUCCESS)
            return SIM_EIO;
        at += n;
    }
    return 0;
}

void ens_mpi_barrier(void)
{
    if (ens_mpi_size() == 1) return;
    MPI_Request req;
    int done = 0;
    MPI_Ibarrier(MPI_COMM_WORLD, &req);
    for (;;) {
        MPI_Test(&req, &done, MPI_STATUS_IGNORE);
        if (done) return;
        struct timespec ms = {0, 1000000L};
        nanosleep(&ms, NULL);
    }
}

int ens_mpi_agree(int status, uint64_t key, int *first)
{
    int rank = ens_mpi_rank(), size = ens_mpi_size();
    unsigned long long key0 = key;
    if (size > 1) MPI_Bcast(&key0, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    if (status == 0 && key != key0) status = 2;
    int worst = status, mine = status ? rank : size, lowest = mine;
    if (size > 1) {
        MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        MPI_Allreduce(&mine, &lowest, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    }
    *first = lowest < size ? lowest : -1;
    return worst;
}

/* Nonzero while MPI can be used (tests and benchmarks run without it). */
static int mpi_running(void)
{
    int on = 0, off = 0;
    MPI_Initialized(&on);
    MPI_Finalized(&off);
    return on && !off;
}

/* Nonzero when an MPI launcher started this process: Open MPI's mpirun sets
 * OMPI_COMM_WORLD_SIZE, PMIx launchers (srun --mpi=pmix) PMIX_RANK, PMI ones (MPICH's,
 * srun --mpi=pmi2) PMI_RANK. Alone, MPI_Init would start a singleton job, which costs time
 * and scratch files and cannot start at all under a small file size limit. */
static int mpi_launched(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i])) return 1;
    return 0;
}

int ens_mpi_begin(void)
{
    int on = 0;
    if (!mpi_launched()) return 0;
    MPI_Initialized(&on);
    return on || MPI_Init(NULL, NULL) == MPI_SUCCESS ? 0 : SIM_EIO;
}

void ens_mpi_end(void)
{
    if (mpi_running()) MPI_Finalize();
}

int ens_mpi_rank(void)
{
    int r = 0;
    if (mpi_running()) MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int ens_mpi_size(void)
{
    int n = 1;
    if (mpi_running()) MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}
#else
int ens_batch_run(ens_batch *b, int jobs, volatile const int *stop, ens_progress_fn progress,
                  void *progress_ctx)
{
    b->fan_reps = -1; /* the series change */
    return ens_batch_run_local(b, jobs, stop, progress, progress_ctx);
}

int ens_mpi_agree(int status, uint64_t key, int *first)
{
    (void)key;
    *first = status ? 0 : -1;
    return status;
}

void ens_mpi_barrier(void) {}
int ens_mpi_bcast(void *buf, size_t bytes)
{
    (void)buf;
    (void)bytes;
    return 0;
}
int ens_mpi_begin(void) { return 0; }
void ens_mpi_end(void) {}
int ens_mpi_rank(void) { return 0; }
int ens_mpi_size(void) { return 1; }
#endif
