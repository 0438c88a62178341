/* cmd_sweep.c - `frontier sweep`: a parameter grid, N replications per point, interleaved. */
#include "analysis/ens_grid.h"
#include "analysis/ens_mpi.h"
#include "analysis/ensemble.h"
#include "args.h"
#include "batch_cmd.h"
#include "base/alloc.h"
#include "base/err.h"
#include "cmd.h"
#include "opt.h"
#include "outdir.h"
#include "report/ens_write.h"
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
    opt_record rec;
} sweep_args;

/* The command's state between setup, writing and cleanup. */
typedef struct {
    sweep_args a;
    scenario *s, **v;   /* the scenario and one variant per grid point */
    outset *o;          /* rank 0 only */
} sweep_job;

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
                        pos, 1, &a->rec);
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
    int fs = model_total_find("first_strike_day"), st = model_total_find("strikes");
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

typedef struct sweep_out {
    const sweep_args *a;
    const ens_batch *b;
} sweep_out;

static int w_sweep(void *ctx, FILE *f)
{
    const sweep_out *c = ctx;
    return ens_write_sweep(c->b, c->a->axes, c->a->vary.n, f);
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

/* Rank 0 after the run: the table and sweep.csv as a set. Returns the exit status. */
static int write_outputs(void *ctx, const ens_batch *b)
{
    const sweep_job *j = ctx;
    const sweep_args *a = &j->a;
    prov p;
    sweep_out c = {a, b};
    if (!a->quiet) print_table(a, b);
    outdir_prov(&p, &a->rec, a->scenario, j->s, &a->sets, &a->vary, ens_batch_seed(b));
    outdir_writing(j->o);
    int rc = outset_write(j->o, "sweep.csv", w_sweep, &c);
    rc = rc ? outdir_failed("sweep", j->o, rc) : outdir_commit("sweep", j->o, &p);
    if (rc == 0 && !a->quiet) printf("output: %s/sweep.csv\n", outset_dir(j->o));
    return rc;
}

/* Loads the scenario, makes the grid's variants (into *vp, a.points of them) and creates
 * the batch; prints why not and returns 1 or 2. */
static int setup(const sweep_args *a, scenario **sp, scenario ***vp, outset **o,
                 ens_batch **bp)
{
    scn_errors errs = {0};
    scenario *s = *sp = scenario_load(a->scenario, a->sets.items, a->sets.n, &errs);
    if (!s) {
        scn_errors_print(&errs, stderr);
        scn_errors_free(&errs);
        return 2;
    }
    scn_errors_free(&errs);
    char dir[4096];
    default_dir(a, dir, sizeof dir);
    int rc = ens_mpi_rank() == 0 ? outdir_begin("sweep", dir, o) : 0;
    if (rc) return rc;
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

static int sweep_setup(void *ctx, int argc, char **argv, ens_batch **b, long *jobs)
{
    sweep_job *j = ctx;
    int rc = parse(argc, argv, &j->a);
    *jobs = j->a.jobs;
    return rc == 0 ? setup(&j->a, &j->s, &j->v, &j->o, b) : rc;
}

static void sweep_cleanup(void *ctx, ens_batch *b)
{
    sweep_job *j = ctx;
    ens_batch_destroy(b);
    for (long g = 0; j->v && g < j->a.points; g++) scenario_destroy(j->v[g]);
    sim_free(j->v);
    scenario_destroy(j->s);
    outset_destroy(j->o);
}

int cmd_sweep(int argc, char **argv)
{
    static const batch_cmd cmd = {"sweep", "replication", " of a grid point",
                                  "replications per point", "sweep.csv is", sweep_setup,
                                  write_outputs, sweep_cleanup};
    sweep_job j = {.a = {.seed = ~0ULL, .jobs = sysconf(_SC_NPROCESSORS_ONLN)}};
    if (j.a.jobs < 1) j.a.jobs = 1;
    return batch_cmd_main(&cmd, &j, argc, argv);
}
