/* cmd_sweep.c - `frontier sweep`: a parameter grid, N replications per point, interleaved. */
#include "analysis/ensemble.h"
#include "args.h"
#include "base/alloc.h"
#include "base/err.h"
#include "cmd.h"
#include "interrupt.h"
#include "io/afile.h"
#include "opt.h"
#include "progress.h"
#include "ranks.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SWEEP_POINTS_MAX 100000L
#define SWEEP_RUNS_MAX 100000000L

typedef struct {
    const char *scenario, *out;
    long n, jobs;
    unsigned long long seed;
    int have_seed, quiet;
    opt_list vary, sets;
    ens_axis axes[ENS_AXIS_MAX];
    long points;
} sweep_args;

static int check_args(sweep_args *a)
{
    char msg[512];
    if (a->vary.n < 1 || a->vary.n > ENS_AXIS_MAX) {
        fprintf(stderr, "frontier sweep: expected 1 to %d --vary key=lo:hi:step options, found "
                        "%d\n", ENS_AXIS_MAX, a->vary.n);
        return 2;
    }
    for (int i = 0; i < a->vary.n; i++)
        if (ens_axis_parse(a->vary.items[i], &a->axes[i], msg, sizeof msg) != 0) {
            fprintf(stderr, "frontier sweep: --vary: %s\n", msg);
            return 2;
        }
    a->points = ens_grid_size(a->axes, a->vary.n, SWEEP_POINTS_MAX);
    if (a->points == 0) {
        fprintf(stderr, "frontier sweep: the grid has more than %ld points\n", SWEEP_POINTS_MAX);
        return 2;
    }
    if (a->n == 0) {
        fprintf(stderr, "frontier sweep: -n N is required: replications per grid point\n");
        return 2;
    }
    if (a->n < 1 || a->n > SWEEP_RUNS_MAX / a->points) {
        fprintf(stderr, "frontier sweep: -n: expected 1 to %ld replications per point for %ld "
                        "points, found %ld\n", SWEEP_RUNS_MAX / a->points, a->points, a->n);
        return 2;
    }
    if (a->jobs < 1 || a->jobs > 256) {
        fprintf(stderr, "frontier sweep: --jobs: expected 1 to 256 threads, found %ld\n", a->jobs);
        return 2;
    }
    return 0;
}

static int parse(int argc, char **argv, sweep_args *a)
{
    opt_spec specs[] = {
        {"vary", 0, OPT_LIST, &a->vary, "KEY=LO:HI:STEP", "a parameter axis (repeatable)"},
        {"replications", 'n', OPT_INT, &a->n, "N", "replications per grid point (required)"},
        {"jobs", 'j', OPT_INT, &a->jobs, "J", "threads (default: the number of cores)"},
        {"seed", 's', OPT_UINT64, &a->seed, "S", "random seed (default: the scenario's)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"out", 'o', OPT_STRING, &a->out, "DIR", "output folder (default out/STEM-sweep)"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "no table on stdout"},
    };
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    unsigned long long sentinel = a->seed;
    static const char about[] =
        "Runs N replications at every point of the grid (all combinations; HI "
        "included), interleaved replication by replication so a sweep cut short "
        "is still balanced. Writes sweep.csv, one row per point.";
    int rc = args_parse("sweep", "SCENARIO --vary KEY=LO:HI:STEP [--vary ...] -n N [options]", about, argc, argv, specs, ns,
                        pos, 1);
    if (rc) return rc;
    a->scenario = pos[0];
    a->have_seed = a->seed != sentinel;
    return check_args(a);
}

/* One scenario per grid point. Returns 0, or 2 after printing why a point is invalid. */
static int make_variants(const sweep_args *a, const scenario *s, scenario **v)
{
    double values[ENS_AXIS_MAX];
    for (long g = 0; g < a->points; g++) {
        v[g] = scenario_clone(s);
        if (!v[g]) {
            fprintf(stderr, "frontier sweep: %s\n", sim_strerror(SIM_ENOMEM));
            return 1;
        }
        ens_grid_point(a->axes, a->vary.n, g, values);
        for (int i = 0; i < a->vary.n; i++)
            scenario_param_set(&v[g]->p, a->axes[i].key, values[i]); /* ranges checked */
        scn_errors errs = {0};
        if (scenario_validate(v[g], &errs) > 0) {
            fprintf(stderr, "frontier sweep: grid point %ld (", g);
            for (int i = 0; i < a->vary.n; i++)
                fprintf(stderr, "%s%s=%.10g", i ? ", " : "", a->axes[i].key, values[i]);
            fprintf(stderr, ") is not a valid scenario:\n");
            scn_errors_print(&errs, stderr);
            scn_errors_free(&errs);
            return 2;
        }
        scn_errors_free(&errs);
    }
    return 0;
}

static void print_table(const sweep_args *a, const ens_batch *b)
{
    double values[ENS_AXIS_MAX];
    int fs = ens_total_find("first_strike_day"), st = ens_total_find("strikes");
    printf("%ld grid points x %ld replications%s\n", a->points, ens_batch_done(b),
           ens_batch_partial(b) ? " (PARTIAL)" : "");
    for (int i = 0; i < a->vary.n; i++) printf("%-24s ", a->axes[i].key);
    printf("%16s %22s %18s\n", "mean strikes", "P(strike in 90 days)", "mean first strike");
    for (long g = 0; g < a->points && g < 200; g++) {
        ens_summary ss, sf;
        ens_grid_point(a->axes, a->vary.n, g, values);
        for (int i = 0; i < a->vary.n; i++) printf("%-24.10g ", values[i]);
        if (ens_summarize(b, (int)g, st, &ss) || ens_summarize(b, (int)g, fs, &sf)) return;
        double p = ens_batch_done(b) ? (double)ens_strikes_by(b, (int)g, 90) /
                                           (double)ens_batch_done(b) : NAN;
        printf("%16.3g %21.1f%% %18.4g\n", stats_mean(&ss.m), 100 * p, stats_mean(&sf.m));
    }
    if (a->points > 200) printf("... (%ld more rows in sweep.csv)\n", a->points - 200);
}

static int write_csv(const sweep_args *a, const ens_batch *b, const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    afile *f = afile_mkdirs(dir) == 0 ? afile_open(path) : NULL;
    int rc = f ? ens_write_sweep(b, a->axes, a->vary.n, afile_stream(f)) : SIM_EIO;
    if (f && rc != 0) afile_abort(f);
    else if (f) rc = afile_commit(f);
    if (rc != 0) fprintf(stderr, "frontier sweep: cannot write %s: %s\n", path, strerror(errno));
    else if (!a->quiet) printf("output: %s\n", path);
    return rc;
}

/* Runs the grid and writes; under MPI only rank 0 writes and prints. */
static int run(const sweep_args *a, ens_batch *b, const char *dir)
{
    progress pr;
    progress_init(&pr, stderr, "sweep", "runs", a->n * a->points);
    interrupt_install();
    int rc = ens_batch_run(b, (int)a->jobs, interrupt_flag(), progress_callback, &pr);
    progress_finish(&pr);
    int status = rc == 0 ? 0 : rc == SIM_EINTR ? 130 : 1;
    if (ens_mpi_rank() != 0) return status;
    if (status == 1) {
        fprintf(stderr, "frontier sweep: replication %ld of a grid point failed: %s; nothing "
                        "was written\n", ens_batch_done(b), sim_strerror(rc));
    } else {
        if (!a->quiet) print_table(a, b);
        if (write_csv(a, b, dir) != 0) status = 1;
    }
    if (rc == SIM_EINTR)
        fprintf(stderr, "frontier sweep: interrupted after %ld of %ld replications per point; "
                        "sweep.csv is marked partial\n", ens_batch_done(b), a->n);
    return status;
}

static void default_dir(const sweep_args *a, char *dir, size_t n)
{
    if (a->out) {
        snprintf(dir, n, "%s", a->out);
        return;
    }
    char stem[256];
    const char *base = strrchr(a->scenario, '/');
    snprintf(stem, sizeof stem, "%s", base ? base + 1 : a->scenario);
    char *dot = strrchr(stem, '.');
    if (dot && dot != stem) *dot = '\0';
    snprintf(dir, n, "out/%s-sweep", stem);
}

/* Loads the scenario, makes the grid's variants (into *vp, a.points of them) and creates
 * the batch; prints why not and returns 1 or 2. */
static int setup(const sweep_args *a, scenario **sp, scenario ***vp, ens_batch **bp)
{
    scn_errors errs = {0};
    scenario *s = *sp = scenario_load(a->scenario, a->sets.items, a->sets.n, &errs);
    if (!s) {
        scn_errors_print(&errs, stderr);
        scn_errors_free(&errs);
        return 2;
    }
    scn_errors_free(&errs);
    scenario **v = *vp = sim_calloc((size_t)a->points, sizeof *v);
    int status = v ? make_variants(a, s, v) : 1, err = 0;
    if (!v) fprintf(stderr, "frontier sweep: %s\n", sim_strerror(SIM_ENOMEM));
    if (status != 0) return status;
    *bp = ens_batch_create((const scenario *const *)v, (int)a->points,
                           a->have_seed ? a->seed : s->seed, a->n, 0, &err);
    if (!*bp) {
        fprintf(stderr, "frontier sweep: %s\n", sim_strerror(err));
        return 1;
    }
    return 0;
}

/* Under MPI the other ranks stay quiet until every rank has parsed and loaded. */
static int sweep_main(int argc, char **argv, sweep_args *a)
{
    ranks_quiet q;
    ranks_hush(&q);
    int rc = parse(argc, argv, a);
    scenario *s = NULL, **v = NULL;
    ens_batch *b = NULL;
    int status = rc == 0 ? setup(a, &s, &v, &b) : rc < 0 ? 0 : rc;
    status = ranks_agree(&q, "sweep", status, b ? ens_batch_key(b) : 0);
    if (status == 0 && rc == 0) {
        char dir[4096];
        default_dir(a, dir, sizeof dir);
        status = run(a, b, dir);
    }
    ens_batch_destroy(b);
    for (long g = 0; v && g < a->points; g++) scenario_destroy(v[g]);
    sim_free(v);
    scenario_destroy(s);
    return status;
}

int cmd_sweep(int argc, char **argv)
{
    sweep_args a = {.seed = ~0ULL, .jobs = sysconf(_SC_NPROCESSORS_ONLN)};
    if (a.jobs < 1) a.jobs = 1;
    if (ens_mpi_begin() != 0) {
        fprintf(stderr, "frontier sweep: MPI did not start\n");
        return 1;
    }
    int rc = sweep_main(argc, argv, &a);
    ens_mpi_end();
    return rc;
}
