/* cmd_score.c - `frontier score`: rolling-origin validation of attack-count forecasts. For
 * each origin the attack process is fitted to the window of dates before it and forecast
 * over the horizon, and the forecast is scored against what happened, beside two baselines
 * (a Poisson at the window's rate, a negative binomial of its 30-day counts). */
#include "analysis/ensemble.h"
#include "forecast/score.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "cmd.h"
#include "data/incidents.h"
#include "interrupt.h"
#include "opt.h"
#include "outdir.h"
#include "plot/plot_score.h"
#include "progress.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMD "score"
#define SC_N_MAX 1000000L
#define SC_PIT_BINS 10
/* The level's random walk before the data speak (docs/validation.md): a change of about
 * 30% a year (variance 0.09 of the log level per year), worth two years of data. */
#define SC_DRIFT_PRIOR 0.09
#define SC_DRIFT_WEIGHT 2.0

typedef struct sc_args {
    const char *path, *format, *actor, *country, *bbox, *from, *to, *origins, *background;
    const char *scenario, *out, *plots;
    long horizon, window, n, jobs;
    int strict, quiet, no_plots;
    unsigned formats;
    unsigned long long seed;
    double drift;
    opt_list sets;
    opt_record rec;
} sc_args;

typedef struct sc_run {
    const sc_args *a;
    score_opts o;
    incidents_opts io;
    incidents_report rep;
    incidents *set;
    long *days;
    score_data d;
    scenario *s;
    score_row *rows;
    long n_origins, done;
    int failed_rc;
    outset *out;
    prov p;
} sc_run;

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

/* ---- arguments ------------------------------------------------------------------------- */

/* FROM:TO:STEP with dates and a whole number of days. */
static int parse_origins(const char *s, score_opts *o)
{
    char a[16], b[16];
    long step;
    const char *c1 = s ? strchr(s, ':') : NULL, *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2 || c1 - s >= 16 || c2 - c1 - 1 >= 16) return -1;
    snprintf(a, sizeof a, "%.*s", (int)(c1 - s), s);
    snprintf(b, sizeof b, "%.*s", (int)(c2 - c1 - 1), c1 + 1);
    if (date_parse(a, &o->from) || date_parse(b, &o->to) || opt_to_long(c2 + 1, &step) ||
        step < 1 || step > 36525 || o->to < o->from)
        return -1;
    o->step = (int)step;
    return 0;
}

static int check_numbers(const sc_args *a)
{
    if (a->horizon < 1 || a->horizon > 3660)
        return fail2("--horizon: expected 1 to 3660 days, found %ld", a->horizon);
    if (a->window < 60 || a->window > 36525)
        return fail2("--window: expected 60 to 36525 days, found %ld", a->window);
    if (a->n < 10 || a->n > SC_N_MAX)
        return fail2("-n: expected 10 to %ld replications, found %ld", SC_N_MAX, a->n);
    if (a->jobs < 1 || a->jobs > 256)
        return fail2("--jobs: expected 1 to 256 threads, found %ld", a->jobs);
    if (!(a->drift >= 0) || a->drift > 10)
        return fail2("--drift: expected a standard deviation per year from 0 to 10, found %g",
                     a->drift);
    return 0;
}

static int build_opts(sc_run *r)
{
    const sc_args *a = r->a;
    char why[200];
    if (!a->origins || parse_origins(a->origins, &r->o) != 0)
        return fail2("--origins: expected FROM:TO:STEP (dates YYYY-MM-DD, FROM <= TO, STEP "
                     "1 to 36525 days), found '%s'", a->origins ? a->origins : "");
    int rc = check_numbers(a);
    if (rc) return rc;
    if (fit_spec_parse(a->background ? a->background : "piecewise:365", &r->o.spec, why,
                       sizeof why) != 0)
        return fail2("--background: %s", why);
    r->o.horizon = (int)a->horizon;
    r->o.window = (int)a->window;
    r->o.n = a->n;
    r->o.seed = a->seed;
    r->o.drift_prior = a->drift * a->drift;
    r->o.drift_weight = SC_DRIFT_WEIGHT;
    return 0;
}

static int loader_opts(sc_run *r)
{
    const sc_args *a = r->a;
    incidents_opts *o = &r->io;
    memset(o, 0, sizeof *o);
    o->format = incidents_format_find(a->format ? a->format : "auto");
    if (o->format < 0)
        return fail2("--format: expected %s, found '%s'", incidents_format_choices(), a->format);
    o->actor = a->actor;
    o->country = a->country;
    o->strict = a->strict;
    if (a->from && date_parse(a->from, &o->from) != 0)
        return fail2("--from: expected a date YYYY-MM-DD, found '%s'", a->from);
    if (a->to && date_parse(a->to, &o->to) != 0)
        return fail2("--to: expected a date YYYY-MM-DD, found '%s'", a->to);
    o->has_from = a->from != NULL;
    o->has_to = a->to != NULL;
    if (o->has_from && o->has_to && o->from > o->to) return fail2("--from is after --to");
    if (a->bbox && incidents_parse_bbox(a->bbox, o) != 0)
        return fail2("--bbox: expected lon0,lat0,lon1,lat1 with lon0 <= lon1 and lat0 <= lat1, "
                     "found '%s'", a->bbox);
    return 0;
}

/* ---- data ------------------------------------------------------------------------------ */

static int load(sc_run *r)
{
    const sc_args *a = r->a;
    int rc = loader_opts(r);
    if (rc) return rc;
    rc = incidents_load(a->path, &r->io, &r->set, &r->rep);
    if (rc == SIM_ENOMEM) return fail2("out of memory") - 1;
    if (rc) {
        if (!a->strict) args_print_skipped(CMD, &r->rep);
        return fail2("%s", r->rep.error);
    }
    args_print_skipped(CMD, &r->rep);
    if (r->set->n < SCORE_MIN_EVENTS)
        return fail2("%s: %d incidents left after filtering (%ld rows read); scoring needs at "
                     "least %d", a->path, r->set->n, r->rep.rows_read, SCORE_MIN_EVENTS);
    r->days = sim_malloc((size_t)r->set->n * sizeof *r->days);
    if (!r->days) return fail2("out of memory") - 1;
    for (int i = 0; i < r->set->n; i++) r->days[i] = r->set->items[i].day;
    score_data d = {r->days, r->set->n, r->io.has_from ? r->io.from : r->days[0],
                    r->io.has_to ? r->io.to : r->days[r->set->n - 1]};
    r->d = d;
    char why[300];
    if (score_check(&r->d, &r->o, why, sizeof why) != 0) return fail2("%s", why);
    r->n_origins = score_origins(&r->o);
    if (a->scenario) {
        r->s = args_load_scenario(CMD, a->scenario, &a->sets);
        if (!r->s) return 2;
        r->o.model = r->s;
    }
    return 0;
}

/* ---- the origins ----------------------------------------------------------------------- */

static int origin_item(void *ctx, long k)
{
    sc_run *r = ctx;
    return score_origin(&r->d, &r->o, k, &r->rows[k]);
}

static int run_origins(sc_run *r)
{
    r->rows = sim_calloc((size_t)r->n_origins, sizeof *r->rows);
    if (!r->rows) return SIM_ENOMEM;
    progress pr;
    progress_init(&pr, stderr, CMD, "origins", r->n_origins);
    interrupt_install();
    int rc = ens_run_items(r->n_origins, (int)r->a->jobs, origin_item, r, interrupt_flag(),
                           progress_callback, &pr, &r->done);
    progress_finish(&pr);
    return rc;
}

/* The message for a failed origin; returns the exit status. */
static int origin_failed(const sc_run *r, int rc)
{
    char d[11];
    date_format(r->o.from + r->done * r->o.step, d);
    if (rc == SIM_EINVAL && r->rows[r->done].events >= SCORE_MIN_EVENTS)
        return fail2("origin %s: the fit of the %d days before it (%d incidents, background %s) "
                     "cannot be made: a longer --window or a simpler --background may", d,
                     r->o.window, r->rows[r->done].events,
                     r->a->background ? r->a->background : "piecewise:365");
    if (rc == SIM_EINVAL)
        return fail2("origin %s: the window of %d days before it holds %d incidents; a fit "
                     "needs at least %d (lengthen --window)", d, r->o.window,
                     r->rows[r->done].events, SCORE_MIN_EVENTS);
    fprintf(stderr, "frontier " CMD ": origin %s failed: %s\n", d, sim_strerror(rc));
    return 1;
}

/* ---- outputs --------------------------------------------------------------------------- */

static int w_scores(void *ctx, FILE *f)
{
    const sc_run *r = ctx;
    fputs("origin,horizon,observed,model_mean,model_q05,model_q95,model_crps,model_logscore,"
          "baseline_mean,baseline_crps,baseline_logscore,negbin_crps\n", f);
    for (long i = 0; i < r->done; i++) {
        const score_row *w = &r->rows[i];
        char d[11];
        date_format(w->origin, d);
        fprintf(f, "%s,%d,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", d,
                r->o.horizon, w->observed, w->mean[SCORE_MODEL], w->q05, w->q95,
                w->crps[SCORE_MODEL], w->logs[SCORE_MODEL], w->mean[SCORE_POISSON],
                w->crps[SCORE_POISSON], w->logs[SCORE_POISSON], w->crps[SCORE_NEGBIN]);
    }
    return 0;
}

static const char *const names[SCORE_NFORECASTERS] = {"model", "Poisson baseline",
                                                      "negative binomial baseline"};

/* pit.* and reliability.* (a failure is a warning: the scores are written). */
static void plots(const sc_run *r)
{
    double pit[SCORE_NFORECASTERS][SC_PIT_BINS], rel[SCORE_NFORECASTERS][SCORE_LEVELS];
    double nominal[SCORE_LEVELS];
    const double *ps[SCORE_NFORECASTERS], *rs[SCORE_NFORECASTERS];
    for (int f = 0; f < SCORE_NFORECASTERS; f++) {
        score_pit_histogram(r->rows, r->done, f, SC_PIT_BINS, pit[f]);
        score_reliability(r->rows, r->done, f, rel[f]);
        ps[f] = pit[f];
        rs[f] = rel[f];
    }
    for (int j = 0; j < SCORE_LEVELS; j++) nominal[j] = 0.1 * (j + 1);
    char cap[700], err[600] = "";
    snprintf(cap, sizeof cap, "%ld origins every %d days, window %d days, n = %ld "
             "replications, seed %llu, %s", r->done, r->o.step, r->o.window, r->o.n,
             r->a->seed, r->a->path);
    plot_target t = {r->out, NULL, r->a->formats, cap};
    plot_score_data d = {names, SCORE_NFORECASTERS, ps, SC_PIT_BINS, nominal, rs,
                         SCORE_LEVELS, r->done, r->o.horizon};
    if (plot_score(&d, &t, err, sizeof err) != 0)
        fprintf(stderr, "frontier " CMD ": plots not drawn: %s\n", err);
}

static void print_summary(const sc_run *r, const score_summary *s, int partial)
{
    char a[11], b[11];
    date_format(r->o.from, a);
    date_format(r->o.from + (r->done - 1) * r->o.step, b);
    printf("source: %s (layout %s), %d incidents\n", r->a->path,
           incidents_format_name(r->rep.format), r->d.n);
    printf("origins: %ld%s, %s to %s every %d days; horizon %d days; window %d days; "
           "%ld replications; background %s%s\n", r->done, partial ? " (PARTIAL: interrupted)"
           : "", a, b, r->o.step, r->o.horizon, r->o.window, r->o.n,
           r->a->background ? r->a->background : "piecewise:365",
           r->s ? " (the scenario's model)" : "");
    printf("%-28s %10s %10s %9s %9s\n", "forecaster", "mean CRPS", "mean log", "cover50",
           "cover90");
    for (int f = 0; f < SCORE_NFORECASTERS; f++)
        printf("%-28s %10.4g %10.4g %8.0f%% %8.0f%%\n", names[f], s->crps[f], s->logs[f],
               100 * s->cover50[f], 100 * s->cover90[f]);
    printf("outputs: %s/ scores.csv", outset_dir(r->out));
    static const char *const ext[3] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++)
        if (r->a->formats & (1u << i)) printf(" pit.%s reliability.%s", ext[i], ext[i]);
    printf("\n");
}

/* The line a script reads: always the last one on stdout. */
static void print_last_line(const sc_run *r, const score_summary *s)
{
    printf("score: origins=%ld horizon=%d crps_model=%.4g crps_baseline=%.4g skill=%.4g "
           "cover90=%.4g\n", s->n, r->o.horizon, s->crps[SCORE_MODEL], s->crps[SCORE_POISSON],
           s->skill, s->cover90[SCORE_MODEL]);
}

static int write_set(sc_run *r, int partial)
{
    outdir_prov(&r->p, &r->a->rec, r->a->scenario, r->s, &r->a->sets, NULL, r->a->seed);
    if (prov_input_set(&r->p.data, r->a->path) != 0) {
        fprintf(stderr, "frontier " CMD ": %s: cannot read: %s\n", r->a->path, strerror(errno));
        return 1;
    }
    outdir_writing(r->out);
    int rc = outset_write(r->out, "scores.csv", w_scores, r);
    if (rc) return outdir_failed(CMD, r->out, rc);
    plots(r);
    if ((rc = outdir_commit(CMD, r->out, &r->p)) != 0) return rc;
    score_summary s;
    score_summarise(r->rows, r->done, &s);
    if (!r->a->quiet) print_summary(r, &s, partial);
    print_last_line(r, &s);
    return 0;
}

/* ---- entry ----------------------------------------------------------------------------- */

static int score(const sc_args *a)
{
    sc_run r;
    memset(&r, 0, sizeof r);
    r.a = a;
    int rc = build_opts(&r);
    if (!rc) rc = outdir_begin(CMD, a->out, &r.out);
    if (!rc) rc = load(&r);
    int run_rc = rc ? 0 : run_origins(&r);
    if (!rc && run_rc == SIM_ENOMEM && !r.rows) rc = fail2("out of memory") - 1;
    else if (!rc && run_rc && run_rc != SIM_EINTR) rc = origin_failed(&r, run_rc);
    if (!rc && r.done > 0) rc = write_set(&r, run_rc == SIM_EINTR);
    if (!rc && run_rc == SIM_EINTR) {
        fprintf(stderr, "frontier " CMD ": interrupted after %ld of %ld origins%s\n", r.done,
                r.n_origins, r.done > 0 ? " (those done are written)" : "; nothing written");
        rc = 130;
    }
    outset_destroy(r.out);
    sim_free(r.rows);
    sim_free(r.days);
    incidents_destroy(r.set);
    scenario_destroy(r.s);
    return rc;
}

static const opt_cmd SCORE_CMD = {
    CMD, "EVENTS.csv --origins FROM:TO:STEP --horizon DAYS [options]",
    "Rolling-origin validation of attack-count forecasts: at each origin fits the attack "
    "process to the dates of the window before it, forecasts the count of attacks over the "
    "horizon (with the fit's uncertainty and a level that may change) and scores it against "
    "the count that followed (CRPS, log score, 50% and 90% intervals), beside a Poisson at the "
    "window's rate and a negative binomial of its 30-day counts. Writes scores.csv, pit.png "
    "and reliability.png to out/STEM-score unless --out says otherwise; the last line of "
    "stdout sums it up.",
    {"frontier score tests/fixtures/synthetic-ttp-2007-2018.csv --to 2018-12-31 "
     "--origins 2010-01-01:2017-12-01:29 --horizon 365 -j 2    # 100 yearly forecasts",
     "frontier score gtd.csv -f gtd --actor TTP --origins 2009-01-01:2018-12-01:30 "
     "--horizon 30 -o out/ttp30",
     "frontier score ucdp.csv -f ucdp --origins 2015-01-01:2020-01-01:91 --horizon 91 "
     "--scenario scenarios/kabul-ultimatum-2023.yaml -n 200"}};

/* out/STEM-score for EVENTS.csv when no --out is given. */
static void default_out(sc_args *a, char *buf, size_t n)
{
    char stem[256];
    if (a->out) return;
    args_file_stem(a->path, stem, sizeof stem);
    snprintf(buf, n, "out/%s-score", stem);
    a->out = buf;
}

int cmd_score(int argc, char **argv)
{
    sc_args a = {.horizon = 0, .window = 730, .n = 1000, .jobs = 1, .seed = 1,
                 .drift = 0.3};
    opt_spec specs[] = {
        {"origins", 0, OPT_STRING, &a.origins, "FROM:TO:STEP", "origins: dates and days "
         "between them (required)"},
        {"horizon", 0, OPT_INT, &a.horizon, "DAYS", "days forecast after each origin "
         "(required)"},
        {"window", 0, OPT_INT, &a.window, "DAYS", "days of history fitted (default 730)"},
        {"background", 'b', OPT_STRING, &a.background, "SHAPE", "background of the fits "
         "(default piecewise:365)"},
        {"scenario", 0, OPT_STRING, &a.scenario, "S", "forecast with this scenario's model "
         "(default: the fitted process)"},
        {"set", 0, OPT_LIST, &a.sets, "KEY=VALUE", "override a scenario parameter"},
        {"replications", 'n', OPT_INT, &a.n, "N", "replications per origin (default 1000)"},
        {"drift", 0, OPT_DOUBLE, &a.drift, "SD", "prior change of the level in a year, as a "
         "standard deviation of its log (default 0.3)"},
        {"format", 'f', OPT_STRING, &a.format, "F",
         "auto (default), gtd, ucdp, acled, csv, record"},
        {"actor", 0, OPT_STRING, &a.actor, "S", "keep incidents whose actor contains S"},
        {"country", 0, OPT_STRING, &a.country, "C", "keep incidents of country C"},
        {"bbox", 0, OPT_STRING, &a.bbox, "LON0,LAT0,LON1,LAT1", "keep incidents in the box"},
        {"from", 0, OPT_STRING, &a.from, "DATE", "first day the data cover (default: the "
         "first incident)"},
        {"to", 0, OPT_STRING, &a.to, "DATE", "last day the data cover (default: the last "
         "incident)"},
        {"strict", 0, OPT_FLAG, &a.strict, NULL, "fail on the first malformed row"},
        {"seed", 's', OPT_UINT64, &a.seed, "S", "random seed (default 1)"},
        {"jobs", 'j', OPT_INT, &a.jobs, "J", "threads (default 1)"},
        {"out", 'o', OPT_OUTPUT, &a.out, "DIR", "scores.csv, pit.png, reliability.png "
         "(default out/STEM-score)"},
        {"plots", 0, OPT_STRING, &a.plots, "png,svg,pdf|none",
         "formats of pit and reliability (default png)"},
        {"no-plots", 0, OPT_FLAG, &a.no_plots, NULL, "no figures (--plots none)"},
        {"quiet", 'q', OPT_FLAG, &a.quiet, NULL, "only the last line on stdout"},
    };
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    char out[512];
    int rc = args_parse(&SCORE_CMD, argc, argv, specs, ns, pos, 1, &a.rec);
    if (rc) return rc < 0 ? 0 : rc;
    if (a.horizon == 0) return fail2("--horizon DAYS is required");
    if (args_plots(CMD, a.plots, a.no_plots, &a.formats)) return 2;
    a.path = pos[0];
    char found[SCN_PATH_LEN];   /* --scenario: a file or a name on the search path */
    a.scenario = args_scenario(a.scenario, found, sizeof found);
    default_out(&a, out, sizeof out);
    return score(&a);
}
