/* ensemble.c - replications over threads, statistics, comparisons and sweep grids. */
#include "analysis/ensemble.h"
#include "base/alloc.h"
#include "base/err.h"
#include "io/afile.h"
#include "io/csvw.h"
#include "io/jsonw.h"
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#ifdef FRONTIER_MPI
#include <mpi.h>
#endif
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ===== the runner ======================================================================= */

typedef struct runner {
    long n;
    ens_item_fn fn;
    void *ctx;
    volatile const int *stop;
    atomic_long next;           /* next index to claim */
    atomic_long finished;       /* items finished (any order) */
    atomic_int failed;          /* a worker saw an error */
    pthread_mutex_t lock;       /* guards err, err_index, live */
    pthread_cond_t cond;        /* signalled when a worker exits */
    int err;
    long err_index;
    int live;                   /* workers still running */
} runner;

static void runner_fail(runner *w, long index, int err)
{
    pthread_mutex_lock(&w->lock);
    if (w->err == 0 || index < w->err_index) {
        w->err = err;
        w->err_index = index;
    }
    pthread_mutex_unlock(&w->lock);
    atomic_store(&w->failed, 1);
}

static void *runner_main(void *arg)
{
    runner *w = arg;
    for (;;) {
        if ((w->stop && *w->stop) || atomic_load(&w->failed)) break;
        long i = atomic_fetch_add(&w->next, 1);
        if (i >= w->n) break;
        int rc = w->fn(w->ctx, i);
        if (rc != 0) {
            runner_fail(w, i, rc);
            break;
        }
        atomic_fetch_add(&w->finished, 1);
    }
    pthread_mutex_lock(&w->lock);
    w->live--;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* Waits for the workers, reporting progress about ten times a second. */
static void runner_wait(runner *w, ens_progress_fn progress, void *pctx)
{
    pthread_mutex_lock(&w->lock);
    while (w->live > 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100000000L;
        if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&w->cond, &w->lock, &ts);
        if (progress) {
            pthread_mutex_unlock(&w->lock);
            progress(pctx, atomic_load(&w->finished));
            pthread_mutex_lock(&w->lock);
        }
    }
    pthread_mutex_unlock(&w->lock);
}

int ens_run_items(long n, int jobs, ens_item_fn fn, void *ctx, volatile const int *stop,
                  ens_progress_fn progress, void *progress_ctx, long *done)
{
    runner w = {.n = n, .fn = fn, .ctx = ctx, .stop = stop};
    pthread_t th[256];
    if (jobs < 1) jobs = 1;
    if (jobs > 256) jobs = 256;
    if (jobs > n && n > 0) jobs = (int)n;
    atomic_init(&w.next, 0);
    atomic_init(&w.finished, 0);
    atomic_init(&w.failed, 0);
    pthread_mutex_init(&w.lock, NULL);
    pthread_cond_init(&w.cond, NULL);
    int started = 0;
    for (; started < jobs; started++) {
        pthread_mutex_lock(&w.lock);
        w.live++;
        pthread_mutex_unlock(&w.lock);
        if (pthread_create(&th[started], NULL, runner_main, &w) != 0) {
            pthread_mutex_lock(&w.lock);
            w.live--;
            pthread_mutex_unlock(&w.lock);
            if (started == 0) { w.err = SIM_ENOMEM; w.err_index = 0; }
            break;
        }
    }
    runner_wait(&w, progress, progress_ctx);
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    pthread_cond_destroy(&w.cond);
    pthread_mutex_destroy(&w.lock);
    /* Claimed items all finish unless one failed, so the finished set is a prefix. */
    long claimed = atomic_load(&w.next);
    *done = w.err ? w.err_index : (claimed < n ? claimed : n);
    if (progress) progress(progress_ctx, *done);
    if (w.err) return w.err;
    return *done < n ? SIM_EINTR : 0;
}

/* ===== totals =========================================================================== */

typedef struct total_info {
    const char *name;
    size_t offset;
    int is_int;
    int negative_is_none;
} total_info;

#define TOT_I(f) {#f, offsetof(model_totals, f), 1, 0}
#define TOT_D(f) {#f, offsetof(model_totals, f), 0, 0}
#define TOT_DAY(f) {#f, offsetof(model_totals, f), 0, 1}
static const total_info totals_table[] = {
    TOT_I(attacks), TOT_D(casualties), TOT_D(civilian_casualties), TOT_I(strikes),
    TOT_DAY(first_strike_day), TOT_DAY(first_ultimatum_day), TOT_I(clashes),
    TOT_D(clash_casualties), TOT_I(max_ladder), TOT_I(days_at_ladder_3plus), TOT_I(ultimatums),
    TOT_I(closures), TOT_I(closure_days), TOT_I(crackdowns), TOT_I(drones), TOT_I(deal),
    TOT_D(deal_cost), TOT_I(ceasefires), TOT_I(mediations),
};
#define N_TOTALS ((int)(sizeof totals_table / sizeof totals_table[0]))

int ens_total_count(void) { return N_TOTALS; }
const char *ens_total_name(int i) { return totals_table[i].name; }
int ens_total_is_int(int i) { return totals_table[i].is_int; }

double ens_total_value(const model_totals *t, int i)
{
    const char *p = (const char *)t + totals_table[i].offset;
    if (totals_table[i].is_int) {
        int v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    double v;
    memcpy(&v, p, sizeof v);
    return totals_table[i].negative_is_none && v < 0 ? NAN : v;
}

int ens_total_find(const char *name)
{
    for (int i = 0; i < N_TOTALS; i++)
        if (strcmp(totals_table[i].name, name) == 0) return i;
    return -1;
}

/* ===== batches ========================================================================== */

struct ens_batch {
    const scenario *const *variants;
    int k;
    uint64_t seed;
    long n, done;
    model_totals *totals;   /* n * k, item order */
    int days;               /* series days per replication, 0 without series */
    long kept;              /* replications whose series are kept */
    float *series;          /* kept * days * ENS_NSERIES */
    double gather_seconds;  /* wall time of the last MPI gather at this rank */
    /* Under MPI a rank other than 0 stores only its own items (i % share_size ==
     * share_rank), compactly: rank 0 and a lone process store all (share_size 1). */
    int share_rank, share_size;
};

/* Number of items i < n with i % size == rank. */
static long share_count(long n, int rank, int size)
{
    return n > rank ? (n - rank + size - 1) / size : 0;
}

/* Where item (or, with series, replication) i is stored. */
static size_t share_slot(const ens_batch *b, long i)
{
    return (size_t)((i - b->share_rank) / b->share_size);
}

static const char *const series_names[ENS_NSERIES] = {"threat", "attacks_7d", "cooperation",
                                                      "ladder", "threshold"};

const char *ens_series_name(int which) { return series_names[which]; }

ens_batch *ens_batch_create(const scenario *const *variants, int k, uint64_t seed, long n,
                            long keep_series, int *err)
{
    int code = SIM_EINVAL;
    ens_batch *b = NULL;
    if (k < 1 || n < 1 || keep_series < 0 || (keep_series && k != 1) || n > LONG_MAX / k)
        goto fail;
    code = SIM_ENOMEM;
    b = sim_calloc(1, sizeof *b);
    if (!b) goto fail;
    *b = (ens_batch){.variants = variants, .k = k, .seed = seed, .n = n, .share_size = 1};
    if (ens_mpi_rank() != 0) {
        b->share_rank = ens_mpi_rank();
        b->share_size = ens_mpi_size();
    }
    long stored = share_count(n * k, b->share_rank, b->share_size);
    b->totals = sim_calloc(stored > 0 ? (size_t)stored : 1, sizeof *b->totals);
    if (!b->totals) goto fail;
    if (keep_series) {
        b->days = (int)ceil(variants[0]->days) + 1;
        b->kept = keep_series < n ? keep_series : n;
        long reps = share_count(b->kept, b->share_rank, b->share_size);
        size_t cells = (size_t)(reps > 0 ? reps : 1) * (size_t)b->days * ENS_NSERIES;
        b->series = sim_malloc(cells * sizeof *b->series);
        if (!b->series) goto fail;
        for (size_t i = 0; i < cells; i++) b->series[i] = NAN;
    }
    return b;
fail:
    ens_batch_destroy(b);
    if (err) *err = code;
    return NULL;
}

void ens_batch_destroy(ens_batch *b)
{
    if (!b) return;
    sim_free(b->totals);
    sim_free(b->series);
    sim_free(b);
}

/* Copies the model's daily rows into the replication's slice of the series. */
static void keep_series(ens_batch *b, const model *m, long rep)
{
    float *row0 = b->series + share_slot(b, rep) * (size_t)b->days * ENS_NSERIES;
    int nd = model_day_count(m);
    for (int i = 0; i < nd; i++) {
        const model_day *d = model_day_at(m, i);
        long day = lround(d->t);
        if (day < 0 || day >= b->days) continue;
        float *v = row0 + day * ENS_NSERIES;
        v[ENS_SERIES_THREAT] = (float)d->threat;
        v[ENS_SERIES_ATTACKS_7D] = (float)d->attacks_7d;
        v[ENS_SERIES_COOPERATION] = (float)d->cooperation;
        v[ENS_SERIES_LADDER] = (float)d->ladder;
        v[ENS_SERIES_THRESHOLD] = (float)d->threshold_eff;
    }
}

static int batch_item(void *ctx, long i)
{
    ens_batch *b = ctx;
    long rep = i / b->k;
    int v = (int)(i % b->k), err = SIM_ENOMEM;
    int series = rep < b->kept;
    model *m = model_create(b->variants[v], b->seed, (uint64_t)rep,
                            series ? MODEL_KEEP_SERIES : 0, &err);
    if (!m) return err;
    int rc = model_run(m);
    if (rc == 0) {
        b->totals[share_slot(b, i)] = *model_totals_get(m);
        if (series) keep_series(b, m, rep);
    }
    model_destroy(m);
    return rc;
}

/* Runs every item on this process's threads. */
static int local_run(ens_batch *b, int jobs, volatile const int *stop, ens_progress_fn progress,
                     void *progress_ctx)
{
    long items = 0;
    int rc = ens_run_items(b->n * b->k, jobs, batch_item, b, stop, progress, progress_ctx,
                           &items);
    b->done = items / b->k; /* only whole replications: every variant has them */
    return rc;
}

/* FNV-1a over the bytes of v, continuing from h. */
static uint64_t key_mix(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t ens_batch_key(const ens_batch *b)
{
    uint64_t h = key_mix(0xcbf29ce484222325ULL, (uint64_t)b->n);
    h = key_mix(h, (uint64_t)b->k);
    h = key_mix(h, b->seed);
    h = key_mix(h, (uint64_t)b->kept);
    h = key_mix(h, (uint64_t)b->days);
    for (int v = 0; v < b->k; v++) h = key_mix(h, scenario_hash(b->variants[v]));
    return h;
}

double ens_batch_gather_seconds(const ens_batch *b) { return b->gather_seconds; }

#ifdef FRONTIER_MPI
/* ===== MPI: items split across ranks, results gathered at rank 0 ======================== */

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
static int mpi_item(void *ctx, long j)
{
    const mpi_share *s = ctx;
    if (j == s->fail_at) return SIM_ENOMEM;
    return batch_item(s->b, j * s->size + s->rank);
}

/* Rank 0's share scaled to the whole batch: the ranks advance at about the same pace. */
static void mpi_progress(void *ctx, long done)
{
    const mpi_share *s = ctx;
    long all = done * s->size;
    s->progress(s->progress_ctx, all < s->items ? all : s->items);
}

/* The test hook (see ensemble.h): sets s->fail_at, or kills this rank. */
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

/* Gathers every rank's totals (and kept series) at rank 0. */
static int mpi_gather(ens_batch *b, int rank, int size)
{
    int rc = 0;
    size_t series_elem = (size_t)b->days * ENS_NSERIES * sizeof(float);
    for (int src = 1; src < size && rc == 0; src++) {
        if (rank != 0 && rank != src) continue;
        rc = mpi_move((char *)b->totals, sizeof *b->totals, share_count(b->n * b->k, src, size),
                      src, size, rank);
        if (rc == 0 && b->series) /* k == 1 here: items are replications */
            rc = mpi_move((char *)b->series, series_elem, share_count(b->kept, src, size), src,
                          size, rank);
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
    if (size == 1) return local_run(b, jobs, stop, progress, progress_ctx);
    mpi_share share = {b, rank, size, b->n * b->k, -1, progress, progress_ctx};
    mpi_fail_hook(&share);
    long local = 0;
    int rc = ens_run_items(share_count(share.items, rank, size), jobs, mpi_item, &share, stop,
                           rank == 0 && progress ? mpi_progress : NULL, &share, &local);
    return mpi_finish(b, rank, size, local, rc);
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
    return local_run(b, jobs, stop, progress, progress_ctx);
}

int ens_mpi_agree(int status, uint64_t key, int *first)
{
    (void)key;
    *first = status ? 0 : -1;
    return status;
}

void ens_mpi_barrier(void) {}
int ens_mpi_begin(void) { return 0; }
void ens_mpi_end(void) {}
int ens_mpi_rank(void) { return 0; }
int ens_mpi_size(void) { return 1; }
#endif

long ens_batch_n(const ens_batch *b) { return b->n; }
int ens_batch_k(const ens_batch *b) { return b->k; }
uint64_t ens_batch_seed(const ens_batch *b) { return b->seed; }
long ens_batch_done(const ens_batch *b) { return b->done; }
int ens_batch_partial(const ens_batch *b) { return b->done < b->n; }
int ens_batch_days(const ens_batch *b) { return b->days; }
long ens_batch_series_reps(const ens_batch *b) { return b->done < b->kept ? b->done : b->kept; }

const model_totals *ens_batch_totals(const ens_batch *b, long rep, int variant)
{
    return &b->totals[rep * b->k + variant];
}

double ens_batch_series(const ens_batch *b, long rep, int day, int which)
{
    return b->series[((size_t)rep * (size_t)b->days + (size_t)day) * ENS_NSERIES + (size_t)which];
}

/* ===== statistics ======================================================================= */

/* Fills the quantiles and interval of out from its moments and the values v[0..n-1]
 * (missing values allowed); scratch has room for n. */
static void summary_finish(ens_summary *out, const double *v, long n, double *scratch)
{
    size_t k = stats_sorted_finite(v, (size_t)n, scratch);
    stats_mean_ci(&out->m, 0.95, &out->ci_lo, &out->ci_hi);
    out->q05 = stats_quantile_sorted(scratch, k, 0.05);
    out->q25 = stats_quantile_sorted(scratch, k, 0.25);
    out->q50 = stats_quantile_sorted(scratch, k, 0.50);
    out->q75 = stats_quantile_sorted(scratch, k, 0.75);
    out->q95 = stats_quantile_sorted(scratch, k, 0.95);
}

int ens_summarize(const ens_batch *b, int variant, int total, ens_summary *out)
{
    long n = b->done;
    double *v = sim_malloc(2 * (size_t)(n ? n : 1) * sizeof *v);
    if (!v) return SIM_ENOMEM;
    stats_moments_init(&out->m);
    for (long r = 0; r < n; r++) {
        v[r] = ens_total_value(ens_batch_totals(b, r, variant), total);
        stats_moments_add(&out->m, v[r]);
    }
    summary_finish(out, v, n, v + n);
    sim_free(v);
    return 0;
}

int ens_summarize_diff(const ens_batch *b, int va, int vb, int total, ens_paired *out)
{
    long n = b->done;
    double *v = sim_malloc(2 * (size_t)(n ? n : 1) * sizeof *v);
    if (!v) return SIM_ENOMEM;
    stats_moments ma, mb;
    stats_moments_init(&out->diff.m);
    stats_moments_init(&ma);
    stats_moments_init(&mb);
    for (long r = 0; r < n; r++) {
        double a = ens_total_value(ens_batch_totals(b, r, va), total);
        double c = ens_total_value(ens_batch_totals(b, r, vb), total);
        v[r] = c - a; /* NaN when either is missing */
        if (!isfinite(v[r])) continue;
        stats_moments_add(&out->diff.m, v[r]);
        stats_moments_add(&ma, a);
        stats_moments_add(&mb, c);
    }
    summary_finish(&out->diff, v, n, v + n);
    out->mean_a = stats_mean(&ma);
    out->mean_b = stats_mean(&mb);
    out->var_a = stats_var(&ma);
    out->var_b = stats_var(&mb);
    sim_free(v);
    return 0;
}

long ens_strikes_by(const ens_batch *b, int variant, double d)
{
    long k = 0;
    for (long r = 0; r < b->done; r++) {
        double t = ens_batch_totals(b, r, variant)->first_strike_day;
        k += t >= 0 && t < d;
    }
    return k;
}

/* ===== writers ========================================================================== */

int ens_write_replications(const ens_batch *b, FILE *f)
{
    fputs("replication,seed", f);
    for (int i = 0; i < N_TOTALS; i++) fprintf(f, ",%s", totals_table[i].name);
    fputc('\n', f);
    for (long r = 0; r < b->done; r++) {
        fprintf(f, "%ld,%llu", r, (unsigned long long)b->seed);
        for (int i = 0; i < N_TOTALS; i++) {
            fputc(',', f);
            csvw_double(f, ens_total_value(ens_batch_totals(b, r, 0), i), 10);
        }
        fputc('\n', f);
    }
    return ferror(f) ? SIM_EIO : 0;
}

static void json_summary(FILE *f, const ens_summary *s)
{
    fprintf(f, "{\"n\": %ld, \"mean\": ", s->m.n);
    jsonw_number(f, stats_mean(&s->m));
    fputs(", \"sd\": ", f);
    jsonw_number(f, stats_sd(&s->m));
    fputs(", \"ci95\": [", f);
    jsonw_number(f, s->ci_lo);
    fputs(", ", f);
    jsonw_number(f, s->ci_hi);
    const double q[5] = {s->q50, s->q05, s->q25, s->q75, s->q95};
    const char *qn[5] = {"median", "q05", "q25", "q75", "q95"};
    fputs("]", f);
    for (int i = 0; i < 5; i++) {
        fprintf(f, ", \"%s\": ", qn[i]);
        jsonw_number(f, q[i]);
    }
    fputs(", \"min\": ", f);
    jsonw_number(f, s->m.n ? s->m.min : NAN);
    fputs(", \"max\": ", f);
    jsonw_number(f, s->m.n ? s->m.max : NAN);
    fputs("}", f);
}

static void json_strike_probs(const ens_batch *b, FILE *f)
{
    static const int within[3] = {30, 90, 365};
    fputs("  \"first_strike_within\": {\n", f);
    for (int i = 0; i < 3; i++) {
        long k = ens_strikes_by(b, 0, within[i]);
        double lo, hi;
        stats_wilson(k, b->done, 0.95, &lo, &hi);
        fprintf(f, "    \"%d\": {\"days\": %d, \"count\": %ld, \"p\": ", within[i], within[i], k);
        jsonw_number(f, b->done ? (double)k / (double)b->done : NAN);
        fputs(", \"ci95_wilson\": [", f);
        jsonw_number(f, lo);
        fputs(", ", f);
        jsonw_number(f, hi);
        fprintf(f, "]}%s\n", i < 2 ? "," : "");
    }
    fputs("  },\n", f);
}

int ens_write_json(const ens_batch *b, const scenario *s, FILE *f)
{
    fputs("{\n  \"scenario\": ", f);
    jsonw_string(f, s->name);
    fprintf(f, ",\n  \"scenario_hash\": \"%016llx\",\n  \"seed\": %llu,\n",
            scenario_hash(s), (unsigned long long)b->seed);
    fprintf(f, "  \"n\": %ld,\n  \"requested\": %ld,\n  \"partial\": %s,\n", b->done, b->n,
            b->done < b->n ? "true" : "false");
    fprintf(f, "  \"horizon_days\": %.10g,\n  \"fan_replications\": %ld,\n", s->days,
            ens_batch_series_reps(b));
    json_strike_probs(b, f);
    fputs("  \"totals\": {\n", f);
    for (int i = 0; i < N_TOTALS; i++) {
        ens_summary sum;
        if (ens_summarize(b, 0, i, &sum) != 0) return SIM_ENOMEM;
        fprintf(f, "    \"%s\": ", totals_table[i].name);
        json_summary(f, &sum);
        fputs(i + 1 < N_TOTALS ? ",\n" : "\n", f);
    }
    fputs("  }\n}\n", f);
    return ferror(f) ? SIM_EIO : 0;
}

int ens_first_strike_km(const ens_batch *b, double horizon, stats_km_row *rows, size_t *n_rows)
{
    long n = b->done;
    double *t = sim_malloc((size_t)(n ? n : 1) * sizeof *t);
    int *ev = sim_malloc((size_t)(n ? n : 1) * sizeof *ev), rc = SIM_ENOMEM;
    *n_rows = 0;
    if (t && ev) {
        for (long r = 0; r < n; r++) {
            double d = ens_batch_totals(b, r, 0)->first_strike_day;
            ev[r] = d >= 0;
            t[r] = d >= 0 ? d : horizon;
        }
        rc = stats_km(t, ev, (size_t)n, 0.95, rows, n_rows);
    }
    sim_free(t);
    sim_free(ev);
    return rc;
}

int ens_write_km(const ens_batch *b, double horizon, FILE *f)
{
    long n = b->done;
    stats_km_row *rows = sim_malloc((size_t)(n ? n : 1) * sizeof *rows);
    size_t nr = 0;
    if (!rows) return SIM_ENOMEM;
    int rc = ens_first_strike_km(b, horizon, rows, &nr);
    if (rc == 0) {
        fputs("day,at_risk,events,survival,lower,upper\n", f);
        fprintf(f, "0,%ld,0,1,1,1\n", n);
        for (size_t i = 0; i < nr; i++)
            fprintf(f, "%.10g,%ld,%ld,%.8g,%.8g,%.8g\n", rows[i].t, rows[i].at_risk,
                    rows[i].events, rows[i].surv, rows[i].lo, rows[i].hi);
        rc = ferror(f) ? SIM_EIO : 0;
    }
    sim_free(rows);
    return rc;
}

int ens_fan(const ens_batch *b, int which, double *const q[5], double *mean)
{
    static const double qs[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
    long n = ens_batch_series_reps(b);
    if (!b->series) return SIM_EINVAL;
    double *v = sim_malloc(2 * (size_t)(n ? n : 1) * sizeof *v);
    if (!v) return SIM_ENOMEM;
    double *sorted = v + n; /* the finite values, reordered by selection */
    for (int d = 0; d < b->days; d++) {
        stats_moments m;
        stats_moments_init(&m);
        for (long r = 0; r < n; r++) {
            v[r] = ens_batch_series(b, r, d, which);
            stats_moments_add(&m, v[r]);
        }
        if (q) {
            size_t k = 0;
            double out[5];
            for (long r = 0; r < n; r++)
                if (isfinite(v[r])) sorted[k++] = v[r];
            stats_quantiles(sorted, k, qs, 5, out);
            for (int j = 0; j < 5; j++)
                if (q[j]) q[j][d] = out[j];
        }
        if (mean) mean[d] = stats_mean(&m);
    }
    sim_free(v);
    return 0;
}

/* fan.csv columns: day, then q05..q95 of each series but the threshold, then its mean. */
static void fan_header(FILE *f)
{
    static const char *const qn[5] = {"q05", "q25", "q50", "q75", "q95"};
    fputs("day", f);
    for (int w = 0; w < ENS_SERIES_THRESHOLD; w++)
        for (int j = 0; j < 5; j++) fprintf(f, ",%s_%s", series_names[w], qn[j]);
    fputs(",threshold_mean\n", f);
}

int ens_write_fan(const ens_batch *b, FILE *f)
{
    if (!b->series) return SIM_EINVAL;
    int days = b->days, rc = SIM_ENOMEM;
    /* q[w][j] for the quantile series, then the threshold mean. */
    double *buf = sim_malloc((size_t)days * (ENS_NSERIES * 5 + 1) * sizeof *buf);
    if (!buf) return SIM_ENOMEM;
    double *q[ENS_NSERIES][5], *thr = buf + (size_t)days * ENS_NSERIES * 5;
    for (int w = 0; w < ENS_NSERIES; w++)
        for (int j = 0; j < 5; j++) q[w][j] = buf + (size_t)days * (size_t)(w * 5 + j);
    for (int w = 0; w < ENS_NSERIES; w++) {
        int t = w == ENS_SERIES_THRESHOLD; /* only the mean of the threshold is written */
        if ((rc = ens_fan(b, w, t ? NULL : q[w], t ? thr : NULL)) != 0) goto done;
    }
    fan_header(f);
    for (int d = 0; d < days; d++) {
        if (!isfinite(thr[d])) continue; /* no run reached this day */
        fprintf(f, "%d", d);
        for (int w = 0; w < ENS_SERIES_THRESHOLD; w++)
            for (int j = 0; j < 5; j++) {
                fputc(',', f);
                csvw_double(f, q[w][j][d], 6);
            }
        fputc(',', f);
        csvw_double(f, thr[d], 6);
        fputc('\n', f);
    }
    rc = ferror(f) ? SIM_EIO : 0;
done:
    sim_free(buf);
    return rc;
}

/* ===== sweep grids ====================================================================== */

/* Parses "lo:hi:step" or a single value into ax. Returns 0 or SIM_EPARSE. */
static int axis_numbers(const char *s, ens_axis *ax)
{
    double x[3];
    int k = 0;
    const char *p = s;
    for (; k < 3; k++) {
        char *end;
        errno = 0;
        x[k] = strtod(p, &end);
        if (end == p || errno || !isfinite(x[k])) return SIM_EPARSE;
        p = end;
        if (*p == '\0') { k++; break; }
        if (*p != ':' || k == 2) return SIM_EPARSE;
        p++;
    }
    if (k == 1) { ax->lo = ax->hi = x[0]; ax->step = 1; }
    else if (k == 3) { ax->lo = x[0]; ax->hi = x[1]; ax->step = x[2]; }
    else return SIM_EPARSE;
    return 0;
}

/* Checks every value of the axis against the parameter's range. */
static int axis_check_range(const ens_axis *ax, const scn_param_info *pi, char *msg, size_t len)
{
    for (long i = 0; i < ax->n; i++) {
        double v = ens_axis_value(ax, i);
        if (v < pi->min || v > pi->max || (pi->is_int && v != floor(v))) {
            snprintf(msg, len, "%s: value %.10g is outside the parameter's range [%g, %g]%s",
                     ax->key, v, pi->min, pi->max, pi->is_int ? " of whole numbers" : "");
            return SIM_ERANGE;
        }
    }
    return 0;
}

int ens_axis_parse(const char *spec, ens_axis *ax, char *msg, size_t msg_len)
{
    const char *eq = strchr(spec, '=');
    memset(ax, 0, sizeof *ax);
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof ax->key) {
        snprintf(msg, msg_len, "'%s': expected key=lo:hi:step", spec);
        return SIM_EPARSE;
    }
    memcpy(ax->key, spec, (size_t)(eq - spec));
    const scn_param_info *pi = scenario_param_find(ax->key);
    if (!pi) {
        const char *near = scenario_param_suggest(ax->key);
        snprintf(msg, msg_len, "unknown parameter '%s'%s%s%s", ax->key,
                 near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        return SIM_EINVAL;
    }
    if (axis_numbers(eq + 1, ax) != 0 || !(ax->step > 0) || ax->hi < ax->lo) {
        snprintf(msg, msg_len, "%s: expected lo:hi:step with lo <= hi and step > 0, found '%s'",
                 ax->key, eq + 1);
        return SIM_EPARSE;
    }
    double span = (ax->hi - ax->lo) / ax->step;
    if (span > 1e6) {
        snprintf(msg, msg_len, "%s: %.0f values is too many", ax->key, span + 1);
        return SIM_ERANGE;
    }
    ax->n = (long)floor(span + 1e-9) + 1;
    return axis_check_range(ax, pi, msg, msg_len);
}

double ens_axis_value(const ens_axis *ax, long i)
{
    double v = ax->lo + (double)i * ax->step;
    /* Steps like 0.1 do not add up exactly: snap the last point onto hi. */
    if (fabs(v - ax->hi) <= 1e-9 * ax->step) v = ax->hi;
    return v;
}

long ens_grid_size(const ens_axis *axes, int n_axes, long limit)
{
    long g = 1;
    for (int i = 0; i < n_axes; i++) {
        if (axes[i].n <= 0 || g > limit / axes[i].n) return 0;
        g *= axes[i].n;
    }
    return g;
}

void ens_grid_point(const ens_axis *axes, int n_axes, long g, double *values)
{
    for (int i = n_axes - 1; i >= 0; i--) {
        values[i] = ens_axis_value(&axes[i], g % axes[i].n);
        g /= axes[i].n;
    }
}

int ens_write_compare(const ens_batch *b, FILE *f)
{
    fputs("total,pairs,mean_a,mean_b,diff_mean,diff_sd,diff_ci_lo,diff_ci_hi,var_unpaired,"
          "var_paired,variance_reduction,partial\n", f);
    for (int i = 0; i < N_TOTALS; i++) {
        ens_paired p;
        if (ens_summarize_diff(b, 0, 1, i, &p) != 0) return SIM_ENOMEM;
        double vu = p.var_a + p.var_b, vp = stats_var(&p.diff.m);
        const double cols[9] = {p.mean_a, p.mean_b, stats_mean(&p.diff.m), stats_sd(&p.diff.m),
                                p.diff.ci_lo, p.diff.ci_hi, vu, vp, vp > 0 ? vu / vp : NAN};
        fprintf(f, "%s,%ld", totals_table[i].name, p.diff.m.n);
        for (int c = 0; c < 9; c++) {
            fputc(',', f);
            csvw_double(f, cols[c], 8);
        }
        fprintf(f, ",%d\n", b->done < b->n);
    }
    return ferror(f) ? SIM_EIO : 0;
}

static void sweep_header(const ens_axis *axes, int n_axes, FILE *f)
{
    fputs("point", f);
    for (int a = 0; a < n_axes; a++) {
        fputc(',', f);
        csvw_field(f, axes[a].key);
    }
    fputs(",seed,n,partial", f);
    for (int i = 0; i < N_TOTALS; i++)
        fprintf(f, ",%s_mean,%s_sd,%s_ci_lo,%s_ci_hi", totals_table[i].name,
                totals_table[i].name, totals_table[i].name, totals_table[i].name);
    fputs(",p_strike_90,p_strike_90_lo,p_strike_90_hi\n", f);
}

int ens_write_sweep(const ens_batch *b, const ens_axis *axes, int n_axes, FILE *f)
{
    double values[ENS_AXIS_MAX];
    sweep_header(axes, n_axes, f);
    for (int g = 0; g < b->k; g++) {
        ens_grid_point(axes, n_axes, g, values);
        fprintf(f, "%d", g);
        for (int a = 0; a < n_axes; a++) fprintf(f, ",%.10g", values[a]);
        fprintf(f, ",%llu,%ld,%d", (unsigned long long)b->seed, b->done, b->done < b->n);
        for (int i = 0; i < N_TOTALS; i++) {
            ens_summary s;
            if (ens_summarize(b, g, i, &s) != 0) return SIM_ENOMEM;
            const double cols[4] = {stats_mean(&s.m), stats_sd(&s.m), s.ci_lo, s.ci_hi};
            for (int c = 0; c < 4; c++) {
                fputc(',', f);
                csvw_double(f, cols[c], 8);
            }
        }
        long k = ens_strikes_by(b, g, 90);
        double lo, hi;
        stats_wilson(k, b->done, 0.95, &lo, &hi);
        fputc(',', f);
        csvw_double(f, b->done ? (double)k / (double)b->done : NAN, 8);
        fprintf(f, ",%.8g,%.8g\n", lo, hi);
    }
    return ferror(f) ? SIM_EIO : 0;
}

/* ===== output folder ==================================================================== */

typedef int (*batch_writer)(const ens_batch *b, const scenario *s, FILE *f);

static int w_reps(const ens_batch *b, const scenario *s, FILE *f)
{
    (void)s;
    return ens_write_replications(b, f);
}
static int w_json(const ens_batch *b, const scenario *s, FILE *f)
{
    return ens_write_json(b, s, f);
}
static int w_km(const ens_batch *b, const scenario *s, FILE *f)
{
    return ens_write_km(b, s->days, f);
}
static int w_fan(const ens_batch *b, const scenario *s, FILE *f)
{
    (void)s;
    return ens_write_fan(b, f);
}

/* Writes dir/name through a temporary file. */
static int save(const ens_batch *b, const scenario *s, const char *dir, const char *name,
                batch_writer fn)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        return SIM_EIO;
    }
    afile *a = afile_open(path);
    if (!a) return SIM_EIO;
    int rc = fn(b, s, afile_stream(a));
    if (rc != 0) {
        int saved = errno;
        afile_abort(a);
        errno = saved;
        return rc;
    }
    return afile_commit(a);
}

int ens_write_ensemble(const ens_batch *b, const scenario *s, const char *dir, char *failed,
                       size_t failed_len)
{
    static const char *const names[4] = {"replications.csv", "ensemble.json",
                                         "first_strike_km.csv", "fan.csv"};
    const batch_writer fns[4] = {w_reps, w_json, w_km, w_fan};
    snprintf(failed, failed_len, "%s", dir);
    if (afile_mkdirs(dir) != 0) return SIM_EIO;
    for (int i = 0; i < (b->series ? 4 : 3); i++) {
        int rc = save(b, s, dir, names[i], fns[i]);
        if (rc != 0) {
            snprintf(failed, failed_len, "%s/%s", dir, names[i]);
            return rc;
        }
    }
    return 0;
}
