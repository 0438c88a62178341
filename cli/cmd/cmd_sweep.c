/* cmd_sweep.c - `frontier sweep`: a parameter grid, N replications per point, interleaved. */
#include "analysis/ens_grid.h"
#include "analysis/ens_mpi.h"
#include "analysis/ensemble.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "batch_cmd.h"
#include "base/alloc.h"
#include "base/err.h"
#include "cmd.h"
#include "draws.h"
#include "opt.h"
#include "outdir.h"
#include "plot/plot.h"
#include "report/ens_write.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SWEEP_POINTS_MAX 100000L
#define SWEEP_RUNS_MAX 100000000L

typedef struct {
    const char *scenario, *out, *design_spec;
    char scn_buf[SCN_PATH_LEN];   /* the scenario found on the search path */
    long n, jobs;
    unsigned long long seed;
    opt_seed seed_opt;
    int have_seed, quiet, no_plots;
    const char *plots;
    unsigned formats;
    opt_list vary, sets;
    ens_design design;
    long points;
    opt_record rec;
    const char *posterior;  /* --posterior FILE, or NULL */
    batch_extra x;
} sweep_args;

/* The command's state between setup, writing and cleanup. */
typedef struct {
    sweep_args a;
    scenario *s, **v;   /* the scenario and one variant per point */
    draws d;            /* --posterior (the axes' keys are the sweep's, not drawn) */
    outset *o;          /* rank 0 only */
} sweep_job;

/* Parses the --vary axes and --design (the points are built once the seed is known). */
static int check_args(sweep_args *a)
{
    if (args_plots("sweep", a->plots, a->no_plots, &a->formats)) return 2;
    char msg[512];
    ens_design *d = &a->design;
    if (a->vary.n < 1 || a->vary.n > ENS_AXIS_MAX)
        return opt_usage_error("sweep", "expected 1 to %d --vary KEY=... options, found %d",
                               ENS_AXIS_MAX, a->vary.n);
    for (int i = 0; i < a->vary.n; i++)
        if (ens_axis_parse(a->vary.items[i], &d->axes[i], msg, sizeof msg) != 0) {
            fprintf(stderr, "frontier sweep: --vary: %s\n", msg);
            return 2;
        }
    d->n_axes = a->vary.n;
    int twice = ens_axes_repeated(d->axes, d->n_axes);
    if (twice >= 0) {
        fprintf(stderr, "frontier sweep: --vary: %s: given twice (the first axis would be "
                        "ignored)\n", d->axes[twice].key);
        return 2;
    }
    for (int i = 0; i < d->n_axes; i++)
        for (int j = 0; j < a->sets.n; j++) {
            size_t len = strlen(d->axes[i].key);
            if (strncmp(a->sets.items[j], d->axes[i].key, len) == 0 &&
                a->sets.items[j][len] == '=') {
                fprintf(stderr, "frontier sweep: --vary: %s: also given with --set (the --set "
                                "value would be ignored)\n", d->axes[i].key);
                return 2;
            }
        }
    if (a->design_spec &&
        ens_design_parse(a->design_spec, SWEEP_POINTS_MAX, d, msg, sizeof msg) != 0) {
        fprintf(stderr, "frontier sweep: --design: %s\n", msg);
        return 2;
    }
    if (a->n == OPT_INT_UNSET) {
        fprintf(stderr, "frontier sweep: -n N is required: replications per point\n");
        return 2;
    }
    if (a->jobs < 1 || a->jobs > 256) {
        fprintf(stderr, "frontier sweep: --jobs: expected 1 to 256 threads, found %ld\n", a->jobs);
        return 2;
    }
    return 0;
}

/* The design's points for the run's seed, and the bound on -n they imply. */
static int build_points(sweep_args *a, unsigned long long seed)
{
    char msg[512];
    int rc = ens_design_build(&a->design, seed, SWEEP_POINTS_MAX, msg, sizeof msg);
    if (rc == SIM_ENOMEM) {
        fprintf(stderr, "frontier sweep: %s\n", sim_strerror(rc));
        return 1;
    }
    if (rc) {
        fprintf(stderr, "frontier sweep: %s\n", msg);
        return 2;
    }
    a->points = a->design.n_points;
    if (a->n < 1 || a->n > SWEEP_RUNS_MAX / a->points) {
        fprintf(stderr, "frontier sweep: -n: expected 1 to %ld replications per point for %ld "
                        "points, found %ld\n", SWEEP_RUNS_MAX / a->points, a->points, a->n);
        return 2;
    }
    return 0;
}

static const opt_cmd SWEEP_CMD = {
    "sweep", "SCENARIO --vary KEY=VALUES [--vary ...] -n N [options]",
    "Runs N replications at every point of a design over the --vary axes, interleaved "
    "replication by replication so a sweep cut short is still balanced, and writes "
    "sweep.csv, one row per point. VALUES is LO:HI:STEP (HI included), LO:HI (an interval, "
    "for sampled designs), a list A,B,C, true,false, or one value. --design grid (the "
    "default) takes every combination; lhs:N draws N points of a Latin hypercube (seeded); "
    "sobol:N takes the first N points of the Sobol sequence.",
    {"frontier sweep scenarios/kabul-ultimatum-2023.yaml "
     "--vary state.strike.threshold=0.6:0.9:0.05 -n 200",
     "frontier sweep kabul-ultimatum-2023 --vary state.strike.threshold=0.6,0.75,0.9 "
     "--vary militants.allow_explosive=true,false -n 100",
     "frontier sweep kabul-ultimatum-2023 --vary state.strike.threshold=0.5:0.95 "
     "--vary militants.base_rate=0.05:0.3 --design sobol:64 -qn 50"}};

static int parse(int argc, char **argv, sweep_args *a)
{
    opt_spec specs[] = {
        {"vary", 0, OPT_LIST, &a->vary, "KEY=VALUES", "a parameter axis (repeatable)"},
        {"design", 0, OPT_STRING, &a->design_spec, "grid|lhs:N|sobol:N",
         "how points are chosen (default grid)"},
        {"replications", 'n', OPT_INT, &a->n, "N", "replications per point (required)"},
        {"jobs", 'j', OPT_INT, &a->jobs, "J", "threads (default: the number of cores)"},
        {"seed", 's', OPT_SEED, &a->seed_opt, "S", "random seed (default: the scenario's)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"posterior", 0, OPT_STRING, &a->posterior, "FILE",
         "draw each replication's parameters from a posterior.csv"},
        {"out", 'o', OPT_OUTPUT, &a->out, "DIR", "output folder (default out/STEM-sweep)"},
        {"plots", 0, OPT_STRING, &a->plots, "png,svg,pdf|none",
         "figure formats (default png)"},
        {"no-plots", 0, OPT_FLAG, &a->no_plots, NULL, "no figures (--plots none)"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "no table on stdout"},
        BATCH_EXTRA_SPECS(&a->x),
    };
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    int rc = args_parse(&SWEEP_CMD, argc, argv, specs, ns, pos, 1, &a->rec);
    if (rc) return rc;
    a->scenario = args_scenario(pos[0], a->scn_buf, sizeof a->scn_buf);
    a->have_seed = a->seed_opt.given;
    if (a->have_seed) a->seed = a->seed_opt.value;
    rc = check_args(a);
    return rc ? rc : batch_extra_check("sweep", &a->x, a->n);
}

/* One scenario per point. Returns 0, or 2 after printing why a point is invalid. */
static int make_variants(const sweep_args *a, const scenario *s, scenario **v)
{
    const ens_axis *axes = a->design.axes;
    for (long g = 0; g < a->points; g++) {
        v[g] = scenario_clone(s);
        if (!v[g]) {
            fprintf(stderr, "frontier sweep: %s\n", sim_strerror(SIM_ENOMEM));
            return 1;
        }
        const double *values = ens_design_point(&a->design, g);
        for (int i = 0; i < a->vary.n; i++)
            scenario_param_set(&v[g]->p, axes[i].key, values[i]); /* ranges checked */
        scn_errors errs = {0};
        if (scenario_validate(v[g], &errs) > 0) {
            fprintf(stderr, "frontier sweep: point %ld (", g);
            for (int i = 0; i < a->vary.n; i++)
                fprintf(stderr, "%s%s=%.10g", i ? ", " : "", axes[i].key, values[i]);
            fprintf(stderr, ") is not a valid scenario:\n");
            args_print_errors("sweep", &errs);
            scn_errors_free(&errs);
            return 2;
        }
        scn_errors_free(&errs);
    }
    return 0;
}

/* The table on stdout; horizon: where runs without a strike are censored. */
static void print_table(const sweep_args *a, const ens_batch *b, double horizon)
{
    int st = model_total_find("strikes");
    printf("%ld %s points x %ld replications%s\n", a->points,
           ens_design_name(a->design.kind), ens_batch_done(b),
           ens_batch_partial(b) ? " (PARTIAL)" : "");
    for (int i = 0; i < a->vary.n; i++) printf("%-24s ", a->design.axes[i].key);
    printf("%16s %22s %14s %22s\n", "mean strikes", "P(strike in 90 days)", "median first",
           "mean first (if struck)");
    for (long g = 0; g < a->points && g < 200; g++) {
        ens_summary ss;
        ens_first_strike f;
        const double *values = ens_design_point(&a->design, g);
        for (int i = 0; i < a->vary.n; i++) printf("%-24.10g ", values[i]);
        if (ens_summarize(b, (int)g, st, &ss) ||
            ens_first_strike_summary(b, (int)g, horizon, &f))
            return;
        double p = ens_batch_done(b) ? (double)ens_strikes_by(b, (int)g, 90) /
                                           (double)ens_batch_done(b) : NAN;
        char med[32];
        if (isfinite(f.km.median)) snprintf(med, sizeof med, "%.4g", f.km.median);
        else snprintf(med, sizeof med, "not reached");
        printf("%16.3g %21.1f%% %14s %14.4g (n=%ld)\n", stats_mean(&ss.m), 100 * p, med,
               stats_mean(&f.among_struck.m), f.struck);
    }
    if (a->points > 200) printf("... (%ld more rows in sweep.csv)\n", a->points - 200);
}

typedef struct sweep_out {
    const sweep_args *a;
    const ens_batch *b;
    long start_date;
    const draws *d;          /* --posterior: its drawn parameters are columns too */
} sweep_out;

static int w_sweep(void *ctx, FILE *f)
{
    const sweep_out *c = ctx;
    return ens_write_sweep(c->b, &c->a->design, f);
}

static void default_dir(const sweep_args *a, char *dir, size_t n)
{
    char stem[256];
    args_file_stem(a->scenario, stem, sizeof stem);
    if (a->out) snprintf(dir, n, "%s", a->out);
    else snprintf(dir, n, "out/%s-sweep", stem);
}

/* The figures; a failure is a warning (the numbers are written). */
static void write_plots(const sweep_job *j, const ens_batch *b)
{
    char cap[600], err[600];
    plot_caption(cap, sizeof cap, ens_batch_done(b), "replications per point",
                 ens_batch_seed(b), j->a.scenario);
    plot_target t = {j->o, NULL, j->a.formats, cap};
    if (plot_sweep(b, &j->a.design, &t, err, sizeof err) != 0)
        fprintf(stderr, "frontier sweep: plots not drawn: %s\n", err);
}

/* The value of axis c at the item's grid point (the variant of the batch). */
static double point_value(const void *ctx, long rep, int variant, int c)
{
    (void)rep;
    return ens_design_point(ctx, variant)[c];
}

static int w_reps(void *ctx, FILE *f)
{
    const sweep_out *c = ctx;
    const char *keys[ENS_AXIS_MAX];
    for (int i = 0; i < c->a->design.n_axes; i++) keys[i] = c->a->design.axes[i].key;
    ens_cols cols = {"point", NULL, c->a->design.n_axes, keys, point_value, &c->a->design};
    draws_cols dc;
    return ens_write_replications(c->b, c->start_date, draws_cols_make(&dc, c->d, &cols), f);
}

/* Rank 0 after the run: the table, sweep.csv and replications.csv as a set. Returns the
 * exit status. */
static int write_outputs(void *ctx, const ens_batch *b)
{
    sweep_job *j = ctx;
    sweep_args *a = &j->a;
    prov p;
    sweep_out c = {a, b, j->s->start_date, &j->d};
    if (!a->quiet) print_table(a, b, j->s->days);
    outdir_prov(&p, &a->rec, a->scenario, j->s, &a->sets, &a->vary, ens_batch_seed(b));
    if (draws_prov("sweep", &j->d, &p)) return 1;
    outdir_writing(j->o);
    int rc = outset_write(j->o, "sweep.csv", w_sweep, &c);
    if (!rc) rc = outset_write(j->o, "replications.csv", w_reps, &c);
    if (rc) return outdir_failed("sweep", j->o, rc);
    write_plots(j, b);
    if ((rc = batch_extra_write("sweep", &a->x, b, j->o, &a->rec)) != 0) return rc;
    rc = outdir_commit("sweep", j->o, &p);
    if (rc == 0 && !a->quiet)
        printf("outputs: %s/ sweep.csv replications.csv\n", outset_dir(j->o));
    return rc;
}

/* Loads the scenario, builds the design's points, makes their variants (into *vp,
 * a->points of them) and creates the batch; prints why not and returns 1 or 2. */
static int setup(sweep_args *a, scenario **sp, scenario ***vp, outset **o, ens_batch **bp)
{
    scenario *s = *sp = args_load_scenario("sweep", a->scenario, &a->sets);
    if (!s) return 2;
    char dir[4096];
    default_dir(a, dir, sizeof dir);
    int rc = ens_mpi_rank() == 0 ? outdir_begin("sweep", dir, o) : 0;
    if (rc) return rc;
    uint64_t seed = a->have_seed ? a->seed : s->seed;
    rc = build_points(a, seed);
    if (rc != 0) return rc;
    scenario **v = *vp = sim_calloc((size_t)a->points, sizeof *v);
    int err = 0, status = v ? make_variants(a, s, v) : 1;
    if (!v) fprintf(stderr, "frontier sweep: %s\n", sim_strerror(SIM_ENOMEM));
    if (status != 0) return status;
    *bp = ens_batch_create((const scenario *const *)v, (int)a->points, seed, a->n, 0, &err);
    if (!*bp) {
        fprintf(stderr, "frontier sweep: %s\n", sim_strerror(err));
        return 1;
    }
    return batch_extra_setup("sweep", &a->x, *bp, 0, *o, s->start_date, "point", NULL);
}

static int sweep_setup(void *ctx, int argc, char **argv, ens_batch **b, long *jobs)
{
    sweep_job *j = ctx;
    int rc = parse(argc, argv, &j->a);
    *jobs = j->a.jobs;
    if (rc == 0) rc = setup(&j->a, &j->s, &j->v, &j->o, b);
    for (int i = 0; rc == 0 && i < j->a.vary.n && i < 16; i++)
        j->d.skip[j->d.n_skip++] = j->a.design.axes[i].key;
    if (rc == 0) rc = draws_setup("sweep", &j->d, j->a.posterior, &j->a.sets,
                                  (const scenario *const *)j->v, (int)j->a.points, *b);
    return rc;
}

static void sweep_cleanup(void *ctx, ens_batch *b)
{
    sweep_job *j = ctx;
    ens_batch_destroy(b);
    draws_free(&j->d);
    for (long g = 0; j->v && g < j->a.points; g++) scenario_destroy(j->v[g]);
    sim_free(j->v);
    scenario_destroy(j->s);
    batch_extra_free(&j->a.x);
    outset_destroy(j->o);
    ens_design_free(&j->a.design);
}

static batch_extra *sweep_extra(void *ctx) { return &((sweep_job *)ctx)->a.x; }

static const batch_cmd SWEEP_BATCH = {"sweep", "replication", " of a grid point",
                                      "replications per point", "sweep.csv is", sweep_setup,
                                      write_outputs, sweep_cleanup, sweep_extra};

/* parts: NULL for a run, else the part folders frontier merge joins. */
static int sweep_main(int argc, char **argv, const char *const *parts, int n_parts)
{
    sweep_job j = {.a = {.n = OPT_INT_UNSET, .jobs = sysconf(_SC_NPROCESSORS_ONLN),
                       .x = BATCH_EXTRA_INIT}};
    if (j.a.jobs < 1) j.a.jobs = 1;
    return parts ? batch_cmd_merge(&SWEEP_BATCH, &j, argc, argv, parts, n_parts)
                 : batch_cmd_main(&SWEEP_BATCH, &j, argc, argv);
}

int cmd_sweep(int argc, char **argv) { return sweep_main(argc, argv, NULL, 0); }

int cmd_sweep_merge(int argc, char **argv, const char *const *parts, int n_parts)
{
    return sweep_main(argc, argv, parts, n_parts);
}
