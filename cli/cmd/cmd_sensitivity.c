/* cmd_sensitivity.c - `frontier sensitivity`: Sobol first-order and total indices of the
 * run's totals over parameter ranges (Saltelli's design, Jansen's estimators, bootstrap). */
#include "analysis/ens_mpi.h"
#include "analysis/sensitivity.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "base/alloc.h"
#include "base/err.h"
#include "batch_cmd.h"
#include "cmd.h"
#include "opt.h"
#include "outdir.h"
#include "plot/plot.h"
#include "report/sens_write.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CMD "sensitivity"
#define SENS_RUNS_MAX 10000000L
#define SENS_BOOT_MAX 100000L
#define SENS_LEVEL 0.95

typedef struct {
    const char *scenario, *out;
    char scn_buf[SCN_PATH_LEN];   /* the scenario found on the search path */
    long n, reps, jobs, boot;
    unsigned long long seed;
    opt_seed seed_opt;
    int have_seed, dummy, qmc, no_plots, quiet;
    const char *plots;
    unsigned formats;
    opt_list vary, sets;
    opt_record rec;
    sens_factor f[SENS_PARAMS_MAX];
} sens_args;

/* The command's state between setup, writing and cleanup. */
typedef struct {
    sens_args a;
    scenario *s;
    sens_study *st;
    outset *o;          /* rank 0 only */
} sens_job;

static int fail2(const char *msg)
{
    fprintf(stderr, "frontier " CMD ": %s\n", msg);
    return 2;
}

static int check_factors(sens_args *a)
{
    char msg[512];
    if (a->vary.n < 1 || a->vary.n > SENS_PARAMS_MAX) {
        snprintf(msg, sizeof msg, "expected 1 to %d --vary KEY=LO:HI options, found %d",
                 SENS_PARAMS_MAX, a->vary.n);
        return fail2(msg);
    }
    for (int i = 0; i < a->vary.n; i++) {
        char why[400];
        if (sens_factor_parse(a->vary.items[i], &a->f[i], why, sizeof why) != 0) {
            snprintf(msg, sizeof msg, "--vary: %s", why);
            return fail2(msg);
        }
        for (int j = 0; j < i; j++)
            if (strcmp(a->f[i].key, a->f[j].key) == 0) {
                snprintf(msg, sizeof msg, "--vary: %s is given twice", a->f[i].key);
                return fail2(msg);
            }
    }
    return 0;
}

static int check_args(sens_args *a)
{
    char msg[512];
    int rc = check_factors(a);
    if (rc) return rc;
    long per_row = (long)(a->vary.n + a->dummy + 3) * (a->reps > 0 ? a->reps : 1);
    if (a->n == 0) return fail2("-n N is required: the number of design rows");
    if (a->reps < 1 || a->reps > SENS_RUNS_MAX) {
        snprintf(msg, sizeof msg, "--reps: expected 1 to %ld, found %ld", SENS_RUNS_MAX, a->reps);
        return fail2(msg);
    }
    if (a->n < 2 || a->n > SENS_RUNS_MAX / per_row) {
        snprintf(msg, sizeof msg, "-n: expected 2 to %ld design rows (each runs the model %ld "
                 "times), found %ld", SENS_RUNS_MAX / per_row, per_row, a->n);
        return fail2(msg);
    }
    if (a->boot < 0 || a->boot > SENS_BOOT_MAX) {
        snprintf(msg, sizeof msg, "--bootstrap: expected 0 to %ld resamples, found %ld",
                 SENS_BOOT_MAX, a->boot);
        return fail2(msg);
    }
    if (a->jobs < 1 || a->jobs > 256) {
        snprintf(msg, sizeof msg, "--jobs: expected 1 to 256 threads, found %ld", a->jobs);
        return fail2(msg);
    }
    return 0;
}

static const opt_cmd SENS_CMD = {
    CMD, "SCENARIO --vary KEY=LO:HI [--vary ...] -n N [options]",
    "Variance-based sensitivity: Sobol first-order and total indices of strikes, first strike "
    "day, attacks, casualties, clashes, closures and days at ladder >= 3 over the --vary "
    "ranges (uniform), by Saltelli's design of N rows (N (d + 2) runs for d factors, the "
    "model's noise counted as one), Jansen's estimators and bootstrap 95% intervals. Writes "
    "sensitivity.csv, sensitivity.json and the figure sensitivity.png; prints `sobol: output=O param=P "
    "first=F total=T` lines.",
    {"frontier sensitivity kabul-ultimatum-2023 --vary state.strike.threshold=0.6:0.95 "
     "--vary state.strike.cooldown=10:90 -n 500 --dummy",
     "frontier sensitivity kabul-ultimatum-2023 --vary host.cooperation=0:0.5 -n 200 -r 4"}};

static int parse(int argc, char **argv, sens_args *a)
{
    opt_spec specs[] = {
        {"vary", 0, OPT_LIST, &a->vary, "KEY=LO:HI", "a parameter and its range (repeatable)"},
        {"rows", 'n', OPT_INT, &a->n, "N", "design rows (required)"},
        {"reps", 'r', OPT_INT, &a->reps, "R", "runs averaged per design point (default 1)"},
        {"dummy", 0, OPT_FLAG, &a->dummy, NULL, "add a factor the model never reads"},
        {"qmc", 0, OPT_FLAG, &a->qmc, NULL, "Sobol-sequence points instead of random ones"},
        {"bootstrap", 'b', OPT_INT, &a->boot, "B", "bootstrap resamples (default 1000)"},
        {"jobs", 'j', OPT_INT, &a->jobs, "J", "threads (default: the number of cores)"},
        {"seed", 's', OPT_SEED, &a->seed_opt, "S", "random seed (default: the scenario's)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"out", 'o', OPT_OUTPUT, &a->out, "DIR", "output folder (default out/STEM-sensitivity)"},
        {"plots", 0, OPT_STRING, &a->plots, "png,svg,pdf|none",
         "figure formats (default png)"},
        {"no-plots", 0, OPT_FLAG, &a->no_plots, NULL, "no figure (--plots none)"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "no sobol: lines on stdout"},
    };
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    int rc = args_parse(&SENS_CMD, argc, argv, specs, ns, pos, 1, &a->rec);
    if (rc) return rc;
    a->scenario = args_scenario(pos[0], a->scn_buf, sizeof a->scn_buf);
    a->have_seed = a->seed_opt.given;   /* every value is a seed, 2^64 - 1 too */
    if (a->have_seed) a->seed = a->seed_opt.value;
    if (args_plots(CMD, a->plots, a->no_plots, &a->formats)) return 2;
    return check_args(a);
}

static void default_dir(const sens_args *a, char *dir, size_t n)
{
    char stem[256];
    args_file_stem(a->scenario, stem, sizeof stem);
    if (a->out) snprintf(dir, n, "%s", a->out);
    else snprintf(dir, n, "out/%s-sensitivity", stem);
}

/* Loads the scenario, opens the output set, builds the study and checks every design
 * point. */
static int setup(sens_job *j, ens_batch **bp)
{
    const sens_args *a = &j->a;
    scn_errors errs = {0};
    j->s = scenario_load(a->scenario, a->sets.items, a->sets.n, &errs);
    if (!j->s) {
        scn_errors_print(&errs, stderr);
        scn_errors_free(&errs);
        return 2;
    }
    char dir[4096];
    default_dir(a, dir, sizeof dir);
    int rc = ens_mpi_rank() == 0 ? outdir_begin(CMD, dir, &j->o) : 0;
    if (rc) return rc;
    int err = 0;
    j->st = sens_create(j->s, a->f, a->vary.n, a->dummy, a->n, a->reps,
                        a->qmc ? SOBOL_QMC : SOBOL_RANDOM, a->have_seed ? a->seed : j->s->seed,
                        &err);
    if (!j->st) {
        fprintf(stderr, "frontier " CMD ": %s\n", sim_strerror(err));
        return 1;
    }
    char point[1024];
    long bad = sens_validate(j->st, &errs, point, sizeof point);
    if (bad) {
        fprintf(stderr, "frontier " CMD ": design row %ld (%s) is not a valid scenario:\n",
                bad - 1, point);
        scn_errors_print(&errs, stderr);
        scn_errors_free(&errs);
        return 2;
    }
    scn_errors_free(&errs);
    *bp = sens_batch(j->st);
    return 0;
}

static int w_csv(void *ctx, FILE *f) { return sens_write_csv(ctx, f); }

/* sensitivity.json needs the scenario too. */
typedef struct {
    const sens_results *r;
    const scenario *s;
} json_ctx;

static int w_json(void *ctx, FILE *f)
{
    const json_ctx *c = ctx;
    return sens_write_json(c->r, c->s, f);
}

/* sensitivity.png (and .svg, .pdf as --plots asks): a panel per output. A failure is a
 * warning: the numbers are written. */
static void draw(const sens_job *j, const sobol_index *idx)
{
    int d = sens_factor_count(j->st), n = SENS_NOUTPUTS * d;
    double *v = sim_malloc(6 * (size_t)n * sizeof *v);
    char err[600] = "out of memory", title[640], cap[600];
    int rc = v ? 0 : SIM_ENOMEM;
    if (v) {
        for (int k = 0; k < n; k++) {
            const sobol_index *x = &idx[k];
            const double c[6] = {x->first, x->first_lo, x->first_hi, x->total, x->total_lo,
                                 x->total_hi};
            for (int m = 0; m < 6; m++) v[m * n + k] = c[m];
        }
        const char *outs[SENS_NOUTPUTS], *facs[SOBOL_D_MAX];
        for (int o = 0; o < SENS_NOUTPUTS; o++) outs[o] = sens_output_name(o);
        for (int i = 0; i < d; i++) facs[i] = sens_factor_name(j->st, i);
        plot_sobol_data s = {outs, SENS_NOUTPUTS, facs, d, v, v + n, v + 2 * n, v + 3 * n,
                             v + 4 * n, v + 5 * n};
        snprintf(title, sizeof title, "Sobol indices: %s, %ld design rows x %ld runs%s",
                 j->s->name, sens_rows_done(j->st), sens_reps(j->st),
                 ens_batch_partial(sens_batch_const(j->st)) ? " (PARTIAL)" : "");
        plot_caption(cap, sizeof cap, sens_rows_done(j->st) * sens_reps(j->st) * (d + 2),
                     "model runs", ens_batch_seed(sens_batch_const(j->st)), j->a.scenario);
        plot_target t = {j->o, NULL, j->a.formats, cap};
        rc = plot_sobol(&s, title, &t, err, sizeof err);
    }
    if (rc) fprintf(stderr, "frontier " CMD ": sensitivity figure not drawn: %s\n", err);
    sim_free(v);
}

static void print_lines(const sens_job *j, const sobol_index *idx, const char *dir)
{
    int d = sens_factor_count(j->st);
    printf("%s: %ld of %ld design rows x %ld runs, %d factors (%ld model runs)%s\n",
           j->s->name, sens_rows_done(j->st), sens_rows(j->st), sens_reps(j->st), d,
           sens_rows_done(j->st) * sens_reps(j->st) * (d + 2),
           ens_batch_partial(sens_batch_const(j->st)) ? " (PARTIAL: interrupted)" : "");
    for (int o = 0; o < SENS_NOUTPUTS; o++)
        for (int i = 0; i < d; i++)
            printf("sobol: output=%s param=%s first=%.4f total=%.4f\n", sens_output_name(o),
                   sens_factor_name(j->st, i), idx[o * d + i].first, idx[o * d + i].total);
    printf("outputs: %s/ sensitivity.csv sensitivity.json%s%s%s\n", dir,
           j->a.formats & FIG_PNG ? " sensitivity.png" : "",
           j->a.formats & FIG_SVG ? " sensitivity.svg" : "",
           j->a.formats & FIG_PDF ? " sensitivity.pdf" : "");
}

/* Estimates every output's indices into idx (SENS_NOUTPUTS x d). */
static int estimate(const sens_job *j, sobol_index *idx)
{
    int d = sens_factor_count(j->st);
    for (int o = 0; o < SENS_NOUTPUTS; o++) {
        int rc = sens_estimate(j->st, o, (int)j->a.boot, SENS_LEVEL, idx + o * d);
        if (rc) {
            fprintf(stderr, "frontier " CMD ": %s\n", rc == SIM_EINVAL
                    ? "fewer than 2 design rows finished: no indices" : sim_strerror(rc));
            return 1;
        }
    }
    return 0;
}

/* Rank 0 after the run: the indices, the files (one output set) and the lines. */
static int write_outputs(void *ctx, const ens_batch *b)
{
    const sens_job *j = ctx;
    sobol_index idx[SENS_NOUTPUTS * SOBOL_D_MAX];
    if (estimate(j, idx) != 0) return 1;
    sens_results r = {j->st, idx, (int)j->a.boot, SENS_LEVEL, j->a.qmc ? SOBOL_QMC : SOBOL_RANDOM};
    json_ctx jc = {&r, j->s};
    prov p;
    outdir_prov(&p, &j->a.rec, j->a.scenario, j->s, &j->a.sets, &j->a.vary, ens_batch_seed(b));
    outdir_writing(j->o);
    int rc = outset_write(j->o, "sensitivity.csv", w_csv, &r);
    if (!rc) rc = outset_write(j->o, "sensitivity.json", w_json, &jc);
    if (rc) return outdir_failed(CMD, j->o, rc);
    if (j->a.formats) draw(j, idx);
    if ((rc = outdir_commit(CMD, j->o, &p)) != 0) return rc;
    if (!j->a.quiet) print_lines(j, idx, outset_dir(j->o));
    return 0;
}

static int sens_setup(void *ctx, int argc, char **argv, ens_batch **b, long *jobs)
{
    sens_job *j = ctx;
    int rc = parse(argc, argv, &j->a);
    *jobs = j->a.jobs;
    return rc == 0 ? setup(j, b) : rc;
}

static void sens_cleanup(void *ctx, ens_batch *b)
{
    sens_job *j = ctx;
    (void)b; /* the study's */
    sens_destroy(j->st);
    scenario_destroy(j->s);
    outset_destroy(j->o);
}

int cmd_sensitivity(int argc, char **argv)
{
    static const batch_cmd cmd = {CMD, "replication", " of the design",
                                  "design replications (rows x reps)", "outputs are",
                                  sens_setup, write_outputs, sens_cleanup,
                                  NULL /* no merge */};
    sens_job j = {.a = {.reps = 1, .boot = 1000,
                        .jobs = sysconf(_SC_NPROCESSORS_ONLN)}};
    if (j.a.jobs < 1) j.a.jobs = 1;
    return batch_cmd_main(&cmd, &j, argc, argv);
}
