/* ens_runner.c - the thread pool of ens_run_items. */
#include "analysis/ens_runner.h"
#include "base/err.h"
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

typedef struct runner {
    long n;
    ens_worker_fn fn;
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

/* One thread's view of the runner. */
typedef struct worker_arg {
    runner *w;
    int id;
} worker_arg;

static void *runner_main(void *arg)
{
    runner *w = ((worker_arg *)arg)->w;
    int id = ((worker_arg *)arg)->id;
    for (;;) {
        if ((w->stop && *w->stop) || atomic_load(&w->failed)) break;
        long i = atomic_fetch_add(&w->next, 1);
        if (i >= w->n) break;
        int rc = w->fn(w->ctx, id, i);
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

int ens_run_workers(long n, int jobs, ens_worker_fn fn, void *ctx, volatile const int *stop,
                    ens_progress_fn progress, void *progress_ctx, long *done)
{
    runner w = {.n = n, .fn = fn, .ctx = ctx, .stop = stop};
    pthread_t th[ENS_JOBS_MAX];
    worker_arg ids[ENS_JOBS_MAX];
    if (jobs < 1) jobs = 1;
    if (jobs > ENS_JOBS_MAX) jobs = ENS_JOBS_MAX;
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
        ids[started] = (worker_arg){&w, started};
        if (pthread_create(&th[started], NULL, runner_main, &ids[started]) != 0) {
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

/* ens_run_items on ens_run_workers: the item function without the worker. */
typedef struct plain {
    ens_item_fn fn;
    void *ctx;
} plain;

static int plain_item(void *ctx, int worker, long index)
{
    (void)worker;
    const plain *p = ctx;
    return p->fn(p->ctx, index);
}

int ens_run_items(long n, int jobs, ens_item_fn fn, void *ctx, volatile const int *stop,
                  ens_progress_fn progress, void *progress_ctx, long *done)
{
    plain p = {fn, ctx};
    return ens_run_workers(n, jobs, plain_item, &p, stop, progress, progress_ctx, done);
}
