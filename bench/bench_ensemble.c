/* bench_ensemble.c - `frontier bench ensemble`: replications per second on 1 and 2 threads,
 * outputs aside (no files, no event log or series kept); with --mpi, strong scaling over the
 * ranks of an mpirun and the cost of the gather at rank 0. */
#include "analysis/ens_mpi.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "analysis/ensemble.h"
#include "base/err.h"
#include "bench.h"
#include "opt.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *scenario;
    long n;
    int mpi;
} bench_args;

static int parse(int argc, char **argv, bench_args *a)
{
    opt_spec specs[] = {
        {"scenario", 0, OPT_STRING, &a->scenario, "FILE",
         "scenario (default kabul-ultimatum-2023, found on the scenario search path)"},
        {"replications", 'n', OPT_INT, &a->n, "N", "replications per measurement (default 10000)"},
        {"mpi", 0, OPT_FLAG, &a->mpi, NULL,
         "under mpirun (MPI build): N on rank 0 alone, then split over every rank"},
    };
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    static const opt_cmd c = {
        "bench ensemble", "[--scenario FILE] [-n N] [--mpi]",
        "Times N replications on 1 thread and on 2 threads; prints one line each and the "
        "speed-up; then the model's CPU cost per event beside a bare thinning loop's per "
        "candidate and a bare binary heap's per hold step, measured in alternating rounds "
        "(bench=ensemble_events). With --mpi (mpirun -np R frontier bench ensemble --mpi): times N "
        "replications on rank 0 alone and then split over the R ranks, one thread each, and "
        "prints the efficiency and the gather cost.",
        {"frontier bench ensemble -n 2000",
         "mpirun -np 4 frontier bench ensemble --mpi -n 20000    # MPI build"}};
    int n_pos;
    int rc = opt_parse_cmd(&c, argc, argv, specs, ns, NULL, 0, 0, &n_pos, NULL);
    if (rc) return rc;
    if (a->n < 1 || a->n > 100000000L) {
        fprintf(stderr, "frontier bench ensemble: -n: expected 1 to 100000000, found %ld\n", a->n);
        return 2;
    }
    return 0;
}

/* The file name without folder and extension: a name without spaces for the output line. */
static void stem(const char *path, char *out, size_t n)
{
    const char *base = strrchr(path, '/');
    snprintf(out, n, "%s", base ? base + 1 : path);
    char *dot = strrchr(out, '.');
    if (dot && dot != out) *dot = '\0';
}

/* CPU seconds used by the process (all threads): on a shared machine, wall time alone
 * cannot tell a slow program from a busy machine. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Wall seconds for n replications on jobs threads (CPU seconds in *cpu), or a negative
 * SIM_E* code. */
static double time_batch(const scenario *s, long n, int jobs, double *cpu)
{
    int err = 0;
    const scenario *v[1] = {s};
    ens_batch *b = ens_batch_create(v, 1, s->seed, n, 0, &err);
    if (!b) return err;
    double t0 = bench_seconds(), c0 = cpu_seconds();
    int rc = ens_batch_run(b, jobs, NULL, NULL, NULL);
    double dt = bench_seconds() - t0;
    *cpu = cpu_seconds() - c0;
    ens_batch_destroy(b);
    return rc ? rc : dt;
}

/* One replication, kept nowhere: the single-rank baseline of --mpi. */
static int baseline_item(void *ctx, long rep)
{
    const scenario *s = ctx;
    int err = 0;
    model *m = model_create(s, s->seed, (uint64_t)rep, 0, &err);
    if (!m) return err;
    int rc = model_run(m);
    model_destroy(m);
    return rc;
}

#define EV_ROUNDS 10
#define EV_PENDING 1000 /* the bare heap's queue: that of bench evq's first case */

/* Thread CPU seconds of replications [*rep, *rep + reps) on one model reset for each, run
 * as an ensemble runs them (nothing kept); *events gets the events they ran. */
static double model_round(model *m, const scenario *s, long *rep, long reps, long *events,
                          int *rc)
{
    double t0 = bench_thread_seconds();
    *events = 0;
    for (long k = 0; k < reps && !*rc; k++, (*rep)++) {
        if (!(*rc = model_reset(m, s->seed, (uint64_t)*rep, 0))) *rc = model_run(m);
        *events += (long)model_events_run(m);
    }
    return bench_thread_seconds() - t0;
}

/* The model's CPU cost per event against the bare thinning loop's per candidate and the bare
 * heap's per hold step, in EV_ROUNDS alternating rounds of one thread, each bare loop doing
 * as many steps as the model ran events in the round. Prints one line; returns 0 or a
 * SIM_E* code. */
static int bench_events(const scenario *s, const char *name, long n)
{
    int rc = 0;
    model *m = model_create(s, s->seed, 0, 0, &rc);
    if (!m) return rc;
    double tm = 0, tt = 0, th = 0;
    long rep = 0, total = 0;
    for (int r = 0; r < EV_ROUNDS && !rc; r++) {
        long events = 0, reps = n / EV_ROUNDS + (r < n % EV_ROUNDS);
        tm += model_round(m, s, &rep, reps, &events, &rc);
        double a = bench_bare_thinning_seconds(events, (unsigned long long)r + 1);
        double b = bench_bare_heap_seconds(EV_PENDING, events, (unsigned long long)r + 1);
        if (!rc && (a < 0 || b < 0)) rc = SIM_ENOMEM;
        tt += a;
        th += b;
        total += events;
    }
    model_destroy(m);
    if (rc) return rc;
    double ns = 1e9 * tm / (double)total;
    printf("bench=ensemble_events scenario=%s replications=%ld events=%ld events_per_rep=%.1f "
           "ns_per_event=%.1f bare_thinning_ns=%.1f bare_heap_ns=%.1f heap_pending=%d "
           "vs_thinning=%.2f vs_heap=%.2f timing=thread_cpu rounds=%d\n", name, n, total,
           (double)total / (double)n, ns, 1e9 * tt / (double)total, 1e9 * th / (double)total,
           EV_PENDING, tm / tt, tm / th, EV_ROUNDS);
    fflush(stdout);
    return 0;
}

/* The --mpi measurement: rank 0 alone (the others wait, asleep), then every rank. Only rank
 * 0 prints. Returns an exit status. */
static int bench_mpi(const scenario *s, const char *name, long n)
{
    int rank = ens_mpi_rank(), ranks = ens_mpi_size(), err = 0;
    long done = 0;
    double t0 = bench_seconds(), c0 = cpu_seconds();
    if (rank == 0) err = ens_run_items(n, 1, baseline_item, (void *)s, NULL, NULL, NULL, &done);
    double t1 = bench_seconds() - t0, c1 = cpu_seconds() - c0;
    ens_mpi_barrier();
    const scenario *v[1] = {s};
    ens_batch *b = err ? NULL : ens_batch_create(v, 1, s->seed, n, 0, &err);
    ens_mpi_barrier();
    t0 = bench_seconds();
    c0 = cpu_seconds();
    int rc = b ? ens_batch_run(b, 1, NULL, NULL, NULL) : err;
    double tr = bench_seconds() - t0, cr = cpu_seconds() - c0;
    double gather = b ? ens_batch_gather_seconds(b) : 0;
    ens_batch_destroy(b);
    if (rank != 0) return rc ? 1 : 0;
    if (rc) {
        fprintf(stderr, "frontier bench ensemble: %s\n", sim_strerror(rc));
        return 1;
    }
    /* rank0_cpu_seconds well below seconds: rank 0 waited for a core (a busy machine);
     * cpu_efficiency compares CPU times instead, the work lost to MPI alone. */
    printf("bench=ensemble_mpi scenario=%s ranks=1 replications=%ld seconds=%.3f "
           "reps_per_sec=%.0f rank0_cpu_seconds=%.3f\n", name, n, t1, (double)n / t1, c1);
    printf("bench=ensemble_mpi scenario=%s ranks=%d replications=%ld seconds=%.3f "
           "reps_per_sec=%.0f efficiency=%.3f rank0_cpu_seconds=%.3f cpu_efficiency=%.3f "
           "gather_seconds=%.6f gather_us_per_rep=%.3f\n", name, ranks, n, tr, (double)n / tr,
           t1 / (ranks * tr), cr, c1 / (ranks * cr), gather, 1e6 * gather / (double)n);
    return 0;
}

/* --mpi: starts MPI, runs bench_mpi, stops MPI. */
static int bench_ensemble_mpi(const scenario *s, const char *name, long n)
{
    if (ens_mpi_begin() != 0) {
        fprintf(stderr, "frontier bench ensemble: MPI did not start\n");
        return 1;
    }
    int rc = bench_mpi(s, name, n);
    ens_mpi_end();
    return rc;
}

int bench_ensemble(int argc, char **argv)
{
    bench_args a = {"kabul-ultimatum-2023", 10000, 0};
    int rc = parse(argc, argv, &a);
    if (rc) return rc < 0 ? 0 : rc;
    char found[SCN_PATH_LEN];   /* a name on the scenario search path, like every command's */
    a.scenario = args_scenario(a.scenario, found, sizeof found);
    scn_errors errs = {0};
    scenario *s = scenario_load(a.scenario, NULL, 0, &errs);
    if (!s) {
        scn_errors_print(&errs, stderr);
        scn_errors_free(&errs);
        return 2;
    }
    scn_errors_free(&errs);
    char name[256];
    stem(a.scenario, name, sizeof name);
    if (a.mpi) {
        rc = bench_ensemble_mpi(s, name, a.n);
        scenario_destroy(s);
        return rc;
    }
    double secs[2], cpu = 0;
    for (int jobs = 1; jobs <= 2; jobs++) {
        secs[jobs - 1] = time_batch(s, a.n, jobs, &cpu);
        if (secs[jobs - 1] < 0) {
            fprintf(stderr, "frontier bench ensemble: %s\n", sim_strerror((int)secs[jobs - 1]));
            scenario_destroy(s);
            return 1;
        }
        printf("bench=ensemble scenario=%s replications=%ld jobs=%d seconds=%.3f "
               "reps_per_sec=%.0f cpu_seconds=%.3f\n", name, a.n, jobs, secs[jobs - 1],
               (double)a.n / secs[jobs - 1], cpu);
        fflush(stdout);
    }
    printf("bench=ensemble scenario=%s replications=%ld speedup=%.2f\n", name, a.n,
           secs[0] / secs[1]);
    fflush(stdout);
    rc = bench_events(s, name, a.n);
    if (rc) fprintf(stderr, "frontier bench ensemble: %s\n", sim_strerror(rc));
    scenario_destroy(s);
    return rc ? 1 : 0;
}
