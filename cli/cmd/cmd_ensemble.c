/* cmd_ensemble.c - `frontier ensemble`: N replications on J threads, statistics and plots. */
#include "analysis/ens_mpi.h"
#include "analysis/ensemble.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "batch_cmd.h"
#include "base/alloc.h"
#include "base/date.h"
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

/* The daily series (5 floats per replication and day) are kept for at most this many
 * replications and this many bytes: fan.csv and the fan charts use the first ones of a
 * larger ensemble (10,000 runs of a year take 73 MB; a longer horizon keeps fewer runs). */
#define ENSEMBLE_SERIES_MAX 10000L
#define ENSEMBLE_SERIES_BYTES (256L << 20)
#define ENSEMBLE_N_MAX 100000000L

typedef struct {
    const char *scenario, *out;
    char scn_buf[SCN_PATH_LEN];   /* the scenario found on the search path */
    long n, jobs;
    unsigned long long seed;
    opt_seed seed_opt;
    int have_seed, no_plots, quiet;
    const char *plots;       /* --plots */
    unsigned formats;        /* the figures' formats (plot/fig.h) */
    opt_list sets;
    opt_record rec;
    const char *posterior;  /* --posterior FILE, or NULL */
    batch_extra x;
} ens_args;

/* The command's state between setup, writing and cleanup. */
typedef struct {
    ens_args a;
    scenario *s;
    outset *o;               /* rank 0 only */
    draws d;                 /* --posterior */
} ens_job;

static int check_args(ens_args *a)
{
    if (args_plots("ensemble", a->plots, a->no_plots, &a->formats)) return 2;
    if (a->n == OPT_INT_UNSET) {
        fprintf(stderr, "frontier ensemble: -n N is required: the number of replications\n");
        return 2;
    }
    if (a->n < 1 || a->n > ENSEMBLE_N_MAX) {
        fprintf(stderr, "frontier ensemble: -n: expected a number of replications in "
                        "[1, %ld], found %ld\n", ENSEMBLE_N_MAX, a->n);
        return 2;
    }
    if (a->jobs < 1 || a->jobs > 256) {
        fprintf(stderr, "frontier ensemble: --jobs: expected 1 to 256 threads, found %ld\n",
                a->jobs);
        return 2;
    }
    return 0;
}

static const opt_cmd ENS_CMD = {
    "ensemble", "SCENARIO -n N [options]",
    "Runs N replications (replication r uses the random streams of (seed, r)) and writes "
    "replications.csv, ensemble.json, first_strike_km.csv, fan.csv and the plots. Outputs "
    "are identical for any --jobs.",
    {"frontier ensemble scenarios/kabul-ultimatum-2023.yaml -n 1000",
     "frontier ensemble kabul-ultimatum-2023 -qn 200 -s 3 -o out/e3    # quiet, seed 3",
     "frontier ensemble lessons/threshold-tradeoff.yaml -n 500 -j 2 --no-plots"}};

static int parse(int argc, char **argv, ens_args *a)
{
    opt_spec specs[] = {
        {"replications", 'n', OPT_INT, &a->n, "N", "number of replications (required)"},
        {"jobs", 'j', OPT_INT, &a->jobs, "J", "threads (default: the number of cores)"},
        {"seed", 's', OPT_SEED, &a->seed_opt, "S", "random seed (default: the scenario's)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"posterior", 0, OPT_STRING, &a->posterior, "FILE",
         "draw each replication's parameters from a posterior.csv"},
        {"out", 'o', OPT_OUTPUT, &a->out, "DIR", "output folder (default out/STEM-ensemble)"},
        {"plots", 0, OPT_STRING, &a->plots, "png,svg,pdf|none",
         "figure formats (default png)"},
        {"no-plots", 0, OPT_FLAG, &a->no_plots, NULL, "no figures (--plots none)"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "no summary on stdout"},
        BATCH_EXTRA_SPECS(&a->x),
    };
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    int rc = args_parse(&ENS_CMD, argc, argv, specs, ns, pos, 1, &a->rec);
    if (rc) return rc;
    a->scenario = args_scenario(pos[0], a->scn_buf, sizeof a->scn_buf);
    a->have_seed = a->seed_opt.given;
    if (a->have_seed) a->seed = a->seed_opt.value;
    rc = check_args(a);
    return rc ? rc : batch_extra_check("ensemble", &a->x, a->n);
}

/* Draws the figures into the set; a failure is a warning (the numbers are written). */
static void write_plots(const ens_args *a, const ens_batch *b, const scenario *s,
                        const outset *o)
{
    char cap[600], err[600];
    plot_caption(cap, sizeof cap, ens_batch_done(b), "replications", ens_batch_seed(b),
                 a->scenario);
    plot_target t = {o, NULL, a->formats, cap};
    if (plot_ensemble(b, s, &t, err, sizeof err) != 0)
        fprintf(stderr, "frontier ensemble: plots not drawn: %s\n", err);
}

static void print_total(const ens_batch *b, const char *name)
{
    ens_summary s;
    if (ens_summarize(b, 0, model_total_find(name), &s) != 0 || s.m.n == 0) return;
    printf("  %-17s mean %8.4g (95%% CI %.4g to %.4g)  median %.4g  5-95%% %.4g to %.4g\n",
           name, stats_mean(&s.m), s.ci_lo, s.ci_hi, s.q50, s.q05, s.q95);
}

/* The Kaplan-Meier median and its interval in words: "day 84 (95% CI 80 to 91)", with
 * "beyond day H" for a bound the curve never reaches, or "not reached (...)" when fewer
 * than half the runs struck. */
static void km_words(const stats_km_median *k, double horizon, char *buf, size_t n)
{
    char hi[48];
    if (isfinite(k->hi)) snprintf(hi, sizeof hi, "%.4g", k->hi);
    else snprintf(hi, sizeof hi, "beyond day %g", horizon);
    if (isfinite(k->median))
        snprintf(buf, n, "day %.4g (95%% CI %.4g to %s)", k->median, k->lo, hi);
    else if (isfinite(k->lo))
        snprintf(buf, n, "not reached: fewer than half struck by day %g (95%% CI from day "
                 "%.4g)", horizon, k->lo);
    else
        snprintf(buf, n, "not reached: fewer than half struck by day %g", horizon);
}

/* The first strike: how many runs struck, their mean and quantiles (conditional on a
 * strike, and said so), and the Kaplan-Meier median over every run. */
static void print_first_strike(const ens_batch *b, const scenario *s)
{
    ens_first_strike f;
    char km[160];
    if (ens_first_strike_summary(b, 0, s->days, &f) != 0 || f.runs == 0) return;
    printf("  first strike: %ld of %ld runs struck (%.1f%%), %ld had none in %g days\n",
           f.struck, f.runs, 100.0 * (double)f.struck / (double)f.runs, f.runs - f.struck,
           s->days);
    const ens_summary *a = &f.among_struck;
    if (f.struck > 0)
        printf("    among the runs that struck (n = %ld): mean day %.4g (95%% CI %.4g to "
               "%.4g), median %.4g, 5-95%% %.4g to %.4g\n", f.struck, stats_mean(&a->m),
               a->ci_lo, a->ci_hi, a->q50, a->q05, a->q95);
    km_words(&f.km, s->days, km, sizeof km);
    printf("    Kaplan-Meier median over all %ld runs (no strike: censored at day %g): %s\n",
           f.runs, s->days, km);
}

static void print_summary(const ens_batch *b, const scenario *s, const char *dir)
{
    long n = ens_batch_done(b);
    printf("%s: %ld replications%s (seed %llu), %g days\n", s->name, n,
           ens_batch_partial(b) ? " (PARTIAL: interrupted)" : "",
           (unsigned long long)ens_batch_seed(b), s->days);
    const int within[3] = {30, 90, 365};
    for (int i = 0; i < 3; i++) {
        long k = ens_strikes_by(b, 0, within[i]);
        double lo, hi;
        stats_wilson(k, n, 0.95, &lo, &hi);
        printf("  P(first strike within %3d days) = %5.1f%% (95%% CI %.1f%% to %.1f%%)\n",
               within[i], n ? 100.0 * (double)k / (double)n : NAN, 100 * lo, 100 * hi);
    }
    const char *show[] = {"attacks", "casualties", "strikes", "clashes", "max_ladder"};
    for (int i = 0; i < 5; i++) print_total(b, show[i]);
    print_first_strike(b, s);
    printf("  outputs: %s/ replications.csv ensemble.json first_strike_km.csv%s\n", dir,
           ens_batch_days(b) ? " fan.csv" : "");
}

/* Writes the set; returns the exit status. */
static int finish(ens_args *a, const ens_batch *b, const scenario *s, outset *o,
                  const draws *d)
{
    prov p;
    outdir_prov(&p, &a->rec, a->scenario, s, &a->sets, NULL, ens_batch_seed(b));
    if (draws_prov("ensemble", d, &p)) return 1;
    draws_cols dc;
    const ens_cols *cols = draws_cols_make(&dc, d, NULL); /* the drawn parameters */
    outdir_writing(o);
    int rc = ens_write_ensemble(b, s, &p, cols, o);
    if (rc) return outdir_failed("ensemble", o, rc);
    write_plots(a, b, s, o);
    if ((rc = batch_extra_write("ensemble", &a->x, b, o, &a->rec)) != 0) return rc;
    if ((rc = outdir_commit("ensemble", o, &p)) != 0) return rc;
    if (!a->quiet) print_summary(b, s, outset_dir(o));
    return 0;
}

/* Loads the scenario, opens the output set (rank 0) and creates the batch; prints why not
 * and returns 1 or 2. */
static int setup(ens_args *a, scenario **sp, outset **o, ens_batch **bp)
{
    scenario *s = *sp = args_load_scenario("ensemble", a->scenario, &a->sets);
    if (!s) return 2;
    char dir[4096], stem[256];
    args_file_stem(a->scenario, stem, sizeof stem);
    snprintf(dir, sizeof dir, a->out ? "%s" : "out/%s-ensemble", a->out ? a->out : stem);
    int status = ens_mpi_rank() == 0 ? outdir_begin("ensemble", dir, o) : 0;
    if (status) return status;
    int err = 0;
    long per_run = ((long)ceil(s->days) + 1) * ENS_NSERIES * (long)sizeof(float);
    long keep = ENSEMBLE_SERIES_BYTES / per_run;
    if (keep > ENSEMBLE_SERIES_MAX) keep = ENSEMBLE_SERIES_MAX;
    /* The batch borrows the variants array: *sp lives in the caller. */
    if (keep < 1) keep = 1;
    *bp = ens_batch_create((const scenario *const *)sp, 1, a->have_seed ? a->seed : s->seed,
                           a->n, keep, &err);
    if (!*bp) {
        fprintf(stderr, "frontier ensemble: %s\n", sim_strerror(err));
        return 1;
    }
    return batch_extra_setup("ensemble", &a->x, *bp, keep, *o, s->start_date, NULL, NULL);
}

/* Rank 0 after the run: the files, the plots and the summary. */
static int write_outputs(void *ctx, const ens_batch *b)
{
    ens_job *j = ctx;
    return finish(&j->a, b, j->s, j->o, &j->d);
}

static int ens_setup(void *ctx, int argc, char **argv, ens_batch **b, long *jobs)
{
    ens_job *j = ctx;
    int rc = parse(argc, argv, &j->a);
    *jobs = j->a.jobs;
    if (rc == 0) rc = setup(&j->a, &j->s, &j->o, b);
    if (rc == 0) rc = draws_setup("ensemble", &j->d, j->a.posterior, &j->a.sets,
                                  (const scenario *const *)&j->s, 1, *b);
    return rc;
}

static void ens_cleanup(void *ctx, ens_batch *b)
{
    ens_job *j = ctx;
    ens_batch_destroy(b);
    draws_free(&j->d);
    batch_extra_free(&j->a.x);
    scenario_destroy(j->s);
    outset_destroy(j->o);
}

static batch_extra *ens_extra(void *ctx) { return &((ens_job *)ctx)->a.x; }

static const batch_cmd ENS_BATCH = {"ensemble", "replication", "", "replications",
                                    "outputs are", ens_setup, write_outputs, ens_cleanup,
                                    ens_extra};

/* parts: NULL for a run, else the part folders frontier merge joins. */
static int ensemble_main(int argc, char **argv, const char *const *parts, int n_parts)
{
    ens_job j = {.a = {.n = OPT_INT_UNSET, .jobs = sysconf(_SC_NPROCESSORS_ONLN),
                       .x = BATCH_EXTRA_INIT}};
    if (j.a.jobs < 1) j.a.jobs = 1;
    return parts ? batch_cmd_merge(&ENS_BATCH, &j, argc, argv, parts, n_parts)
                 : batch_cmd_main(&ENS_BATCH, &j, argc, argv);
}

int cmd_ensemble(int argc, char **argv) { return ensemble_main(argc, argv, NULL, 0); }

int cmd_ensemble_merge(int argc, char **argv, const char *const *parts, int n_parts)
{
    return ensemble_main(argc, argv, parts, n_parts);
}
