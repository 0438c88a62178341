/* cmd_backtest.c - `frontier backtest`: the scenario scripted up to --from, run free over the
 * window --from..--to N times, and compared with the record (analysis/backtest.h). */
#include "analysis/backtest.h"
#include "analysis/ens_mpi.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "base/date.h"
#include "base/err.h"
#include "batch_cmd.h"
#include "cmd.h"
#include "draws.h"
#include "opt.h"
#include "outdir.h"
#include "plot/plot.h"
#include "report/bt_write.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CMD "backtest"
#define BT_N_MAX 10000000L

typedef struct {
    const char *scenario, *record, *from, *to, *out, *posterior, *plots;
    char scn_buf[SCN_PATH_LEN];   /* the scenario found on the search path */
    unsigned formats;
    long n, jobs;
    opt_seed seed;
    int no_plots, quiet;
    opt_list sets;
    opt_record rec;
} bt_args;

/* The command's state between setup, writing and cleanup. */
typedef struct {
    bt_args a;
    long from, to;
    scenario *s;
    record *r;
    bt_study *st;
    draws d;
    outset *o;          /* rank 0 only */
} bt_job;

__attribute__((format(printf, 1, 2))) static int fail2(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "frontier " CMD ": ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 2;
}

static int check_args(bt_job *j)
{
    bt_args *a = &j->a;
    if (!a->record) return fail2("--record R.csv is required: the record to compare with");
    if (!a->from || date_parse(a->from, &j->from) != 0)
        return fail2("--from: expected a date YYYY-MM-DD, found '%s'", a->from ? a->from : "");
    if (!a->to || date_parse(a->to, &j->to) != 0)
        return fail2("--to: expected a date YYYY-MM-DD, found '%s'", a->to ? a->to : "");
    if (a->n == OPT_INT_UNSET) return fail2("-n N is required: the number of runs");
    if (a->n < 1 || a->n > BT_N_MAX)
        return fail2("-n: expected 1 to %ld runs, found %ld", BT_N_MAX, a->n);
    if (a->jobs < 1 || a->jobs > 256)
        return fail2("--jobs: expected 1 to 256 threads, found %ld", a->jobs);
    return 0;
}

static const opt_cmd BT_CMD = {
    CMD, "SCENARIO --record R.csv --from DATE --to DATE -n N [options]",
    "Backtest: runs the scenario N times with its timeline scripted before --from only (later "
    "items are dropped: the model runs free) and compares the window --from..--to with the "
    "record: strike episodes (strikes at most 30 days apart), clashes and closures - "
    "observed, the runs' median, 90% interval and mid-PIT; for each kind the monthly Brier "
    "score of the model against the climatology of the record before --from; the gaps "
    "between episodes. Writes backtest.csv, backtest_months.csv, backtest.json and the "
    "figure backtest.png; the last lines are `backtest: kind=K observed=N median=M q05=A q95=B "
    "pit=P`.",
    {"frontier backtest history-2021-2025 --record scenarios/record/af-pk-2021-2024.csv "
     "--from 2021-08-15 --to 2024-12-31 -n 500",
     "frontier backtest history-2021-2025 --record scenarios/record/af-pk-2021-2024.csv "
     "--from 2023-01-01 --to 2024-12-31 -n 500 --posterior out/cal/posterior.csv"}};

static int parse(int argc, char **argv, bt_job *j)
{
    bt_args *a = &j->a;
    opt_spec specs[] = {
        {"record", 0, OPT_STRING, &a->record, "R.csv", "the record (docs/data.md; required)"},
        {"from", 0, OPT_STRING, &a->from, "DATE", "first day the model runs free (required)"},
        {"to", 0, OPT_STRING, &a->to, "DATE", "last day of the window (required)"},
        {"replications", 'n', OPT_INT, &a->n, "N", "number of runs (required)"},
        {"posterior", 0, OPT_STRING, &a->posterior, "FILE",
         "draw each run's parameters from a posterior.csv"},
        {"jobs", 'j', OPT_INT, &a->jobs, "J", "threads (default: the number of cores)"},
        {"seed", 's', OPT_SEED, &a->seed, "S", "random seed (default: the scenario's)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"out", 'o', OPT_OUTPUT, &a->out, "DIR", "output folder (default out/STEM-backtest)"},
        {"plots", 0, OPT_STRING, &a->plots, "png,svg,pdf|none",
         "figure formats (default png)"},
        {"no-plots", 0, OPT_FLAG, &a->no_plots, NULL, "no figure (--plots none)"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "only the backtest: lines on stdout"},
    };
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    int rc = args_parse(&BT_CMD, argc, argv, specs, ns, pos, 1, &a->rec);
    if (rc) return rc;
    a->scenario = args_scenario(pos[0], a->scn_buf, sizeof a->scn_buf);
    if (args_plots(CMD, a->plots, a->no_plots, &a->formats)) return 2;
    return check_args(j);
}

/* Loads the record, printing why not. Returns 0 or the exit status. */
static int load_record(bt_job *j)
{
    record_report rep;
    int rc = record_load(j->a.record, 1, &j->r, &rep);
    if (rc == 0) return 0;
    fprintf(stderr, "frontier " CMD ": %s\n", rep.error[0] ? rep.error : sim_strerror(rc));
    return rc == SIM_ENOMEM ? 1 : 2;
}

/* Loads the scenario and the record, opens the output set and builds the study. */
static int setup(bt_job *j, ens_batch **bp)
{
    const bt_args *a = &j->a;
    if (!(j->s = args_load_scenario(CMD, a->scenario, &a->sets))) return 2;
    int rc = load_record(j);
    if (rc) return rc;
    char dir[4096], stem[256], why[512];
    args_file_stem(a->scenario, stem, sizeof stem);
    snprintf(dir, sizeof dir, a->out ? "%s" : "out/%s-backtest", a->out ? a->out : stem);
    int err = 0;
    j->st = bt_create(j->s, j->r, j->from, j->to, a->n,
                      a->seed.given ? a->seed.value : j->s->seed, &err, why, sizeof why);
    if (!j->st) {
        fprintf(stderr, "frontier " CMD ": %s\n", why);
        return err == SIM_EINVAL ? 2 : 1;
    }
    rc = ens_mpi_rank() == 0 ? outdir_begin(CMD, dir, &j->o) : 0;
    if (rc) return rc;
    const scenario *v[1] = {bt_scenario(j->st)};
    *bp = bt_batch(j->st);
    return draws_setup(CMD, &j->d, a->posterior, &a->sets, v, 1, *bp);
}

/* The files' writers, with their context. */
typedef struct {
    const bt_job *j;
    const bt_results *r;
    const prov *p;
} bt_out;

static int w_csv(void *ctx, FILE *f) { return bt_write_csv(((bt_out *)ctx)->r, f); }
static int w_months(void *ctx, FILE *f) { return bt_write_months_csv(((bt_out *)ctx)->r, f); }

static int w_json(void *ctx, FILE *f)
{
    const bt_out *c = ctx;
    return bt_write_json(c->r, c->j->st, c->j->s, c->j->r, c->p, f);
}

/* backtest.png (and .svg, .pdf as --plots asks): a panel per kind, the model's monthly
 * probability under the record's months. A failure is a warning: the numbers are written. */
static void draw(const bt_job *j, const bt_results *r)
{
    char err[600], title[512], cap[600], start[11];
    date_format(r->month_first[0], start);
    const char *names[BT_NKINDS] = {"a strike in the month", "a clash in the month",
                                    "a closure in the month"};
    plot_backtest_data d = {names, BT_NKINDS, r->n_months, r->prob, r->observed, start};
    const ens_batch *b = bt_batch_const(j->st);
    snprintf(title, sizeof title, "Backtest: %s, free from %s to %s%s", j->s->name, j->a.from,
             j->a.to, ens_batch_partial(b) ? " (PARTIAL)" : "");
    plot_caption(cap, sizeof cap, r->runs, "runs", ens_batch_seed(b), j->a.scenario);
    plot_target t = {j->o, NULL, j->a.formats, cap};
    if (plot_backtest(&d, title, &t, err, sizeof err) != 0)
        fprintf(stderr, "frontier " CMD ": backtest figure not drawn: %s\n", err);
}

static void print_lines(const bt_job *j, const bt_results *r, const char *dir)
{
    const ens_batch *b = bt_batch_const(j->st);
    if (!j->a.quiet) {
        printf("%s: %ld runs%s (seed %llu), free from %s to %s; %d timeline items dropped\n",
               j->s->name, r->runs, ens_batch_partial(b) ? " (PARTIAL: interrupted)" : "",
               (unsigned long long)ens_batch_seed(b), j->a.from, j->a.to, bt_dropped(j->st));
        for (int k = 0; k < BT_NKINDS; k++) {
            const bt_brier_score *s = &r->brier[k];
            printf("  monthly %-7s Brier %.4f, climatology %.4f (base rate %.3f over %d months%s),"
                   " skill %.3f\n", bt_kind_event(k), s->model, s->climatology, s->base_rate,
                   s->clim_months, s->in_sample ? ", in sample" : " before --from", s->skill);
        }
        printf("  gaps between episodes: observed");
        for (int i = 0; i < r->gaps.n_observed; i++) printf(" %g", r->gaps.observed[i]);
        printf("; simulated median %g (90%%: %g to %g, %ld gaps)\n", r->gaps.median,
               r->gaps.q05, r->gaps.q95, r->gaps.n_sim);
        printf("  outputs: %s/ backtest.csv backtest_months.csv backtest.json%s%s%s\n", dir,
               j->a.formats & FIG_PNG ? " backtest.png" : "",
               j->a.formats & FIG_SVG ? " backtest.svg" : "",
               j->a.formats & FIG_PDF ? " backtest.pdf" : "");
    }
    for (int k = 0; k < BT_NKINDS; k++) {
        const bt_count *c = &r->count[k];
        printf("backtest: kind=%s observed=%g median=%g q05=%g q95=%g pit=%.3f\n",
               bt_kind_name(k), c->observed, c->median, c->q05, c->q95, c->pit);
    }
}

static int write_set(const bt_job *j, const bt_results *r)
{
    prov p;
    outdir_prov(&p, &j->a.rec, j->a.scenario, j->s, &j->a.sets, NULL,
                ens_batch_seed(bt_batch_const(j->st)));
    if (draws_prov(CMD, &j->d, &p)) return 1;
    if (prov_input_set(&p.data, j->a.record) != 0) {
        fprintf(stderr, "frontier " CMD ": %s: cannot read: %s\n", j->a.record, strerror(errno));
        return 1;
    }
    bt_out c = {j, r, &p};
    outdir_writing(j->o);
    int rc = outset_write(j->o, "backtest.csv", w_csv, &c);
    if (!rc) rc = outset_write(j->o, "backtest_months.csv", w_months, &c);
    if (!rc) rc = outset_write(j->o, "backtest.json", w_json, &c);
    if (rc) return outdir_failed(CMD, j->o, rc);
    if (j->a.formats) draw(j, r);
    if ((rc = outdir_commit(CMD, j->o, &p)) != 0) return rc;
    print_lines(j, r, outset_dir(j->o));
    return 0;
}

/* Rank 0 after the run: the results, the files (one output set) and the lines. */
static int write_outputs(void *ctx, const ens_batch *b)
{
    (void)b;
    const bt_job *j = ctx;
    bt_results r;
    int rc = bt_results_compute(j->st, &r);
    if (rc) {
        fprintf(stderr, "frontier " CMD ": %s\n",
                rc == SIM_EINVAL ? "no run finished: nothing to compare" : sim_strerror(rc));
        return 1;
    }
    rc = write_set(j, &r);
    bt_results_free(&r);
    return rc;
}

static int bt_setup(void *ctx, int argc, char **argv, ens_batch **b, long *jobs)
{
    bt_job *j = ctx;
    int rc = parse(argc, argv, j);
    *jobs = j->a.jobs;
    return rc == 0 ? setup(j, b) : rc;
}

static void bt_cleanup(void *ctx, ens_batch *b)
{
    bt_job *j = ctx;
    (void)b; /* the study's */
    bt_destroy(j->st);
    draws_free(&j->d);
    record_destroy(j->r);
    scenario_destroy(j->s);
    outset_destroy(j->o);
}

int cmd_backtest(int argc, char **argv)
{
    static const batch_cmd cmd = {CMD, "run", "", "runs", "outputs are", bt_setup,
                                  write_outputs, bt_cleanup, NULL /* no merge */};
    bt_job j = {.a = {.n = OPT_INT_UNSET, .jobs = sysconf(_SC_NPROCESSORS_ONLN)}};
    if (j.a.jobs < 1) j.a.jobs = 1;
    return batch_cmd_main(&cmd, &j, argc, argv);
}
