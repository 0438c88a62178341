/* cmd_forecast.c - `frontier forecast`: read a real incident history up to a date, start the
 * scenario's model on that date with the history in its excitation and pressure state
 * (model_preload), and run it forward N times: the chance of a strike within 30 and 90 days,
 * expected attacks and casualties, with intervals. */
#include "analysis/ensemble.h"
#include "forecast/predict.h"
#include "analysis/stats.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "cmd.h"
#include "draws.h"
#include "data/incidents.h"
#include "engine/rng.h"
#include "interrupt.h"
#include "io/csvw.h"
#include "io/jsonw.h"
#include "model/model.h"
#include "opt.h"
#include "outdir.h"
#include "progress.h"
#include "report/ens_write.h"
#include "scenario/scenario.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define CMD "forecast"
#define FC_N_MAX 10000000L
#define FC_LEVEL 0.95
#define FC_STALE_DAYS 30        /* a history ending longer before --from gets a warning */
#define FC_HISTORY_SETS 50      /* imputed times of the history shared out among replications */
#define FC_DRIFT_WEIGHT 2.0     /* years the prior of the level's drift is worth (as score) */

typedef struct fc_args {
    const char *scenario, *history, *from, *format, *actor, *country, *bbox, *out;
    char scn_buf[SCN_PATH_LEN];   /* the scenario found on the search path */
    const char *background;
    long n, jobs, window;
    double days, drift;
    int strict, have_seed, quiet, fit;
    unsigned long long seed;
    opt_seed seed_opt;
    opt_list sets;
    opt_record rec;
    char out_buf[512];      /* the default output folder */
    const char *posterior;  /* --posterior FILE, or NULL */
} fc_args;

/* What the history says at the forecast date (day 0). */
typedef struct fc_history {
    incidents *set;
    incidents_report rep;
    double *t;              /* incident times relative to day 0 (all < 0), jittered */
    model_past_event *ev;   /* the incidents recent enough to matter, for model_preload */
    int n_ev;
    int recent[4];          /* incidents in the last 7, 30, 90, 365 days */
    double excitation;      /* sum kappa beta exp(beta t_i): attacks/day added at day 0 */
    double background;      /* mu sigma(0): the scenario's background at day 0 */
} fc_history;

/* With --fit: the attack process fitted to the window of dates before --from. */
typedef struct fc_fit {
    int *days;              /* the window's incidents, days from its first day */
    int first;              /* index in the history of the window's first incident */
    fit_days d;
    fit_spec spec;
    fit_result r;
    double *sets;           /* imputed times of the window (FC_HISTORY_SETS sets) */
    pred_history h;
    pred_spec ps;
} fc_fit;

typedef struct fc_run {
    const fc_args *a;
    scenario *s;            /* the forecast scenario: starts on --from */
    fc_history h;
    fc_fit f;               /* with --fit */
    long date;              /* --from */
    model_totals *tot;      /* one per replication */
    long done;
    outset *o;              /* with --out */
    prov p;
    draws d;                /* --posterior */
} fc_run;

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

static int check_args(fc_args *a, int n_pos, const char **pos, long *date)
{
    if (n_pos != 1) return fail2("expected one SCENARIO file (try 'frontier " CMD " --help')");
    a->scenario = args_scenario(pos[0], a->scn_buf, sizeof a->scn_buf);
    if (!a->out) {
        char stem[256];
        args_file_stem(a->scenario, stem, sizeof stem);
        snprintf(a->out_buf, sizeof a->out_buf, "out/%s-forecast", stem);
        a->out = a->out_buf;
    }
    if (!a->history) return fail2("--history EVENTS.csv is required");
    if (!a->from || date_parse(a->from, date) != 0)
        return fail2("--from: expected a date YYYY-MM-DD, found '%s'", a->from ? a->from : "");
    if (a->n < 1 || a->n > FC_N_MAX)
        return fail2("-n: expected a number of replications in [1, %ld], found %ld", FC_N_MAX,
                     a->n);
    if (a->jobs < 1 || a->jobs > 256)
        return fail2("--jobs: expected 1 to 256 threads, found %ld", a->jobs);
    if (!(a->days >= 0) || a->days > 36525)
        return fail2("--days: expected 1 to 36525 days, found %g", a->days);
    if (a->window < 60 || a->window > 36525)
        return fail2("--window: expected 60 to 36525 days, found %ld", a->window);
    if (!(a->drift >= 0) || a->drift > 10)
        return fail2("--drift: expected a standard deviation per year from 0 to 10, found %g",
                     a->drift);
    if (a->fit && a->posterior)
        return fail2("--fit and --posterior both give the replications their attack "
                     "parameters: choose one");
    return 0;
}

static const opt_cmd FC_CMD = {
    CMD, "SCENARIO --history EVENTS.csv --from DATE -n N [options]",
    "Runs the scenario forward from DATE, N times, after a real incident history (which must "
    "end before DATE; it is fed into the model's excitation and pressure), and reports the "
    "chance of a strike within 30 and 90 days and the expected attacks and casualties. With "
    "--fit the attack process is first fitted to the dates of the window before DATE and "
    "every replication simulates with its own draw of the fitted parameters. Writes "
    "forecast.json and replications.csv to out/STEM-forecast unless --out says otherwise.",
    {"frontier forecast scenarios/kabul-ultimatum-2023.yaml --history "
     "examples/data/synthetic-incidents.csv --from 2024-01-01 -n 500",
     "frontier forecast kabul-ultimatum-2023 --history gtd.csv -f gtd --actor TTP "
     "--from 2019-01-01 -d 365 --fit -n 1000 -j 2    # fitted parameters and their "
     "uncertainty",
     "frontier forecast kabul-ultimatum-2023 --history gtd.csv -f gtd --actor TTP "
     "--from 2019-06-01 -d 90 -qn 200 -o out/fc"}};

static int parse(int argc, char **argv, fc_args *a, long *date)
{
    opt_spec specs[] = {
        {"history", 0, OPT_STRING, &a->history, "EVENTS.csv", "real incidents (required)"},
        {"from", 0, OPT_STRING, &a->from, "DATE", "forecast start; history is before it"},
        {"replications", 'n', OPT_INT, &a->n, "N", "number of replications (required)"},
        {"days", 'd', OPT_DOUBLE, &a->days, "D", "horizon (default: the scenario's days)"},
        {"format", 'f', OPT_STRING, &a->format, "F",
         "auto (default), gtd, ucdp, acled, csv, record"},
        {"actor", 0, OPT_STRING, &a->actor, "S", "keep incidents whose actor contains S"},
        {"country", 0, OPT_STRING, &a->country, "C", "keep incidents of country C"},
        {"bbox", 0, OPT_STRING, &a->bbox, "LON0,LAT0,LON1,LAT1", "keep incidents in the box"},
        {"strict", 0, OPT_FLAG, &a->strict, NULL, "fail on the first malformed row"},
        {"seed", 's', OPT_SEED, &a->seed_opt, "S", "random seed (default: the scenario's)"},
        {"jobs", 'j', OPT_INT, &a->jobs, "J", "threads (default 1)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"posterior", 0, OPT_STRING, &a->posterior, "FILE",
         "draw each replication's parameters from a posterior.csv"},
        {"fit", 0, OPT_FLAG, &a->fit, NULL, "refit the attack process to the history's "
         "window and simulate with the fitted parameters and their uncertainty"},
        {"window", 0, OPT_INT, &a->window, "DAYS", "with --fit: days of history fitted "
         "(default 730)"},
        {"background", 'b', OPT_STRING, &a->background, "SHAPE", "with --fit: the fit's "
         "background (default piecewise:365)"},
        {"drift", 0, OPT_DOUBLE, &a->drift, "SD", "with --fit: prior change of the level in a "
         "year, sd of its log (default 0.3)"},
        {"out", 'o', OPT_OUTPUT, &a->out, "DIR",
         "forecast.json and replications.csv (default out/STEM-forecast)"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "no summary on stdout"},
    };
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    int n_pos = 0;
    int rc = opt_parse_cmd(&FC_CMD, argc, argv, specs, ns, pos, 0, 1, &n_pos, &a->rec);
    if (rc) return rc;
    a->have_seed = a->seed_opt.given;
    if (a->have_seed) a->seed = a->seed_opt.value;
    return check_args(a, n_pos, pos, date);
}

/* ---- the forecast scenario ------------------------------------------------------------- */

static int load_scenario(fc_run *r)
{
    scenario *s = args_load_scenario(CMD, r->a->scenario, &r->a->sets);
    if (!s) return 2;
    double horizon = r->a->days > 0 ? r->a->days : s->days;
    if (pred_rebase(s, r->date, horizon) != 0) {
        scenario_destroy(s);
        return fail2("%s: a past `set` item does not apply", r->a->scenario);
    }
    if (r->a->have_seed) s->seed = r->a->seed;
    r->s = s;
    return 0;
}

/* ---- the history ----------------------------------------------------------------------- */

static int history_opts(const fc_run *r, incidents_opts *o)
{
    const fc_args *a = r->a;
    memset(o, 0, sizeof *o);
    o->format = incidents_format_find(a->format ? a->format : "auto");
    if (o->format < 0)
        return fail2("--format: expected %s, found '%s'", incidents_format_choices(),
                     a->format);
    o->actor = a->actor;
    o->country = a->country;
    o->strict = a->strict;
    if (a->bbox && incidents_parse_bbox(a->bbox, o) != 0)
        return fail2("--bbox: expected lon0,lat0,lon1,lat1 with lon0 <= lon1 and lat0 <= lat1, "
                     "found '%s'", a->bbox);
    return 0;
}

/* Summarises the history at day 0 with the scenario's parameters. */
static void history_summary(fc_run *r)
{
    static const double window[4] = {7, 30, 90, 365};
    const scn_params *p = &r->s->p;
    fc_history *h = &r->h;
    for (int i = 0; i < h->set->n; i++) {
        for (int w = 0; w < 4; w++) h->recent[w] += h->t[i] >= -window[w];
        h->excitation += p->militants.branching * p->militants.decay *
                         exp(p->militants.decay * h->t[i]);
    }
    double doy = date_day_of_year(r->date);
    h->background = p->militants.base_rate *
                    (1 + p->militants.season_amplitude *
                             cos(2 * M_PI * (doy - p->militants.season_peak_day) / 365.25));
}

/* The incidents whose excitation or pressure has not died out by day 0 (older ones add
 * less than e^-40 of their jump), as model_preload wants them. With parameters drawn per
 * replication (drawn) the decays vary, so every incident is kept. */
static int history_events(fc_history *h, const scn_params *p, int drawn)
{
    double age_max = drawn ? INFINITY
                           : fmax(40 / p->militants.decay, 40 * p->state.threat_half_life);
    h->ev = sim_malloc((size_t)h->set->n * sizeof *h->ev);
    if (!h->ev) return SIM_ENOMEM;
    for (int i = 0; i < h->set->n; i++) {
        if (h->t[i] < -age_max) continue;
        const incident *it = &h->set->items[i];
        model_past_event e = {h->t[i], it->lat, it->lon, it->casualties};
        h->ev[h->n_ev++] = e;
    }
    return 0;
}

/* The history must end before --from (a forecast must not see what followed its start);
 * one that ends long before it is stale, which the forecast says. */
static int check_history_dates(const fc_run *r)
{
    const incidents *h = r->h.set;
    char last[11];
    if (h->n == 0)
        return fail2("%s: no incident left after filtering (%ld rows read)", r->a->history,
                     r->h.rep.rows_read);
    long end = h->items[h->n - 1].day;
    date_format(end, last);
    if (h->items[0].day >= r->date)
        return fail2("%s: no incident before %s after filtering (the first is on %s)",
                     r->a->history, r->a->from, last);
    if (end >= r->date)
        return fail2("%s: the history runs to %s, on or after --from %s: a forecast from a "
                     "date must not see what followed it (cut the file or move --from)",
                     r->a->history, last, r->a->from);
    if (r->date - end > FC_STALE_DAYS)
        fprintf(stderr, "frontier " CMD ": warning: the history ends on %s, %ld days before "
                "--from %s: the forecast starts from a state that old\n", last,
                r->date - end, r->a->from);
    return 0;
}

static int load_history(fc_run *r)
{
    incidents_opts o;
    int rc = history_opts(r, &o);
    if (rc) return rc;
    rc = incidents_load(r->a->history, &o, &r->h.set, &r->h.rep);
    if (rc == SIM_ENOMEM) return fail2("out of memory") - 1;
    if (rc) {
        if (!r->a->strict) args_print_skipped(CMD, &r->h.rep);
        return fail2("%s", r->h.rep.error);
    }
    args_print_skipped(CMD, &r->h.rep);
    rc = check_history_dates(r);
    if (rc) return rc;
    r->h.t = sim_malloc((size_t)r->h.set->n * sizeof *r->h.t);
    gsl_rng *g = rng_create(r->s->seed, 0, "jitter");
    if (!r->h.t || !g) {
        rng_destroy(g);
        return fail2("out of memory") - 1;
    }
    incidents_jitter_times(r->h.set, r->date, g, r->h.t, NULL, NULL);
    rng_destroy(g);
    history_summary(r);
    if (history_events(&r->h, &r->s->p, r->a->posterior != NULL))
        return fail2("out of memory") - 1;
    return 0;
}

/* ---- --fit: the attack process fitted to the window before --from ---------------------- */

/* Whole 365-day blocks of the history before --from, oldest first; returns their number. */
static int yearly_counts(const incidents *h, long date, double *c, int max)
{
    int B = 0;
    while (B < max && date - 365L * (B + 1) >= h->items[0].day) B++;
    for (int b = 0; b < B; b++) c[b] = 0;
    for (int i = 0; i < h->n; i++) {
        long k = (date - 1 - h->items[i].day) / 365;   /* 0: the last block */
        if (k < B) c[B - 1 - k] += 1;
    }
    return B;
}

/* Fits the window's dates and imputes its times. Returns 0 or the exit status. */
static int fit_history(fc_run *r)
{
    fc_fit *f = &r->f;
    const incidents *h = r->h.set;
    char why[200];
    if (fit_spec_parse(r->a->background ? r->a->background : "piecewise:365", &f->spec, why,
                       sizeof why) != 0)
        return fail2("--background: %s", why);
    long w0 = r->date - r->a->window;
    f->days = sim_malloc((size_t)h->n * sizeof *f->days);
    if (!f->days) return fail2("out of memory") - 1;
    int n = incidents_days(h, w0, r->date - 1, f->days, NULL, NULL);
    while (f->first < h->n && h->items[f->first].day < w0) f->first++;
    fit_days d = {f->days, n, (int)r->a->window, date_day_of_year(w0), w0};
    f->d = d;
    if (n < 10)
        return fail2("--fit: the %ld days before %s hold %d incidents; a fit needs at least 10 "
                     "(lengthen --window)", r->a->window, r->a->from, n);
    fit_dates_opts o = {0, 0, -1, -1, r->s->seed};
    int rc = fit_dates(&f->d, &f->spec, &o, &f->r);
    if (!rc) rc = fit_dates_impute(&f->d, &f->r, FC_HISTORY_SETS, r->s->seed, &f->sets);
    if (rc == SIM_ENOMEM) return fail2("out of memory") - 1;
    if (rc) return fail2("--fit: the fit of the window failed: %s", sim_strerror(rc)) - 1;
    double yc[128];
    int B = yearly_counts(h, r->date, yc, 128);
    pred_spec ps = {(int)ceil(r->s->days), pred_drift(yc, B, f->r.est.kappa,
                                                      r->a->drift * r->a->drift,
                                                      FC_DRIFT_WEIGHT), r->s->seed};
    pred_history ph = {&f->d, &f->r, f->sets, FC_HISTORY_SETS};
    f->ps = ps;
    f->h = ph;
    return 0;
}

static void fit_free(fc_fit *f)
{
    sim_free(f->days);
    sim_free(f->sets);
    fit_result_free(&f->r);
}

/* Replication index's model with its draw of the fitted process and its imputed history. */
static model *fitted_model(const fc_run *r, long index, int *err)
{
    const fc_fit *f = &r->f;
    scenario *s = scenario_clone(r->s);
    double *level = sim_malloc((size_t)f->ps.horizon * sizeof *level);
    model_past_event *ev = sim_malloc((size_t)(f->d.n ? f->d.n : 1) * sizeof *ev);
    model *m = NULL;
    *err = SIM_ENOMEM;
    if (s && level && ev) {
        fit_params p;
        pred_apply(s, &f->h, &f->ps, index, &p, level);
        const double *t = f->sets + (size_t)(index % FC_HISTORY_SETS) * (size_t)f->d.n;
        double age_max = fmax(40 / p.beta, 40 * s->p.state.threat_half_life), T = f->d.ndays;
        int n = 0;
        for (int i = 0; i < f->d.n; i++) {
            const incident *it = &r->h.set->items[f->first + i];
            model_past_event e = {t[i] - T, it->lat, it->lon, it->casualties};
            if (T - t[i] <= age_max) ev[n++] = e;
        }
        m = model_create(s, s->seed, (uint64_t)index, 0, err);
        if (m && (*err = model_preload(m, ev, n)) != 0) {
            model_destroy(m);
            m = NULL;
        }
    }
    sim_free(ev);
    sim_free(level);
    scenario_destroy(s);
    return m;
}

/* ---- the ensemble ---------------------------------------------------------------------- */

static int run_item(void *ctx, long index)
{
    fc_run *r = ctx;
    int err = 0, rc = 0;
    scenario t = *r->s; /* shallow: only a posterior draw changes the parameters */
    if (draws_apply(&r->d, index, &t.p) != 0) return SIM_ENOMEM;
    model *m = r->a->fit ? fitted_model(r, index, &err)
                         : model_create(&t, r->s->seed, (uint64_t)index, 0, &err);
    if (!m) return err ? err : SIM_ENOMEM;
    model_set_stop(m, interrupt_flag());
    if (!r->a->fit) rc = model_preload(m, r->h.ev, r->h.n_ev);
    if (!rc) rc = model_run(m);
    if (!rc) r->tot[index] = *model_totals_get(m);
    model_destroy(m);
    return rc;
}

static int run_ensemble(fc_run *r)
{
    r->tot = sim_calloc((size_t)r->a->n, sizeof *r->tot);
    if (!r->tot) return SIM_ENOMEM;
    progress pr;
    progress_init(&pr, stderr, CMD, "runs", r->a->n);
    interrupt_install();
    int rc = ens_run_items(r->a->n, (int)r->a->jobs, run_item, r, interrupt_flag(),
                           progress_callback, &pr, &r->done);
    progress_finish(&pr);
    return rc;
}

/* ---- statistics and output ------------------------------------------------------------- */

typedef struct fc_prob {
    long k;
    double p, lo, hi;
} fc_prob;

static fc_prob strike_within(const fc_run *r, double days)
{
    fc_prob q = {0, NAN, 0, 1};
    for (long i = 0; i < r->done; i++)
        q.k += ens_within(r->tot[i].first_strike_day, days);
    if (r->done) q.p = (double)q.k / (double)r->done;
    stats_wilson(q.k, r->done, FC_LEVEL, &q.lo, &q.hi);
    return q;
}

/* Mean (t interval) and quantiles of attacks (which = 0) or casualties (1), as an ensemble
 * summarises its totals. */
static int summarize(const fc_run *r, int which, ens_summary *out)
{
    double *v = sim_malloc((size_t)(r->done ? r->done : 1) * sizeof *v);
    if (!v) return SIM_ENOMEM;
    for (long i = 0; i < r->done; i++) v[i] = which ? r->tot[i].casualties : r->tot[i].attacks;
    int rc = ens_summarize_values(v, r->done, out);
    sim_free(v);
    return rc;
}

static void print_history(const fc_run *r)
{
    const fc_history *h = &r->h;
    char last[11];
    date_format(h->set->items[h->set->n - 1].day, last);
    printf("history: %s (layout %s): %d incidents before %s (last %s); %d, %d, %d, %d in the "
           "last 7, 30, 90, 365 days\n", r->a->history, incidents_format_name(h->rep.format),
           h->set->n, r->a->from, last, h->recent[0], h->recent[1], h->recent[2], h->recent[3]);
    printf("  fed into the model state (excitation and pressure) on %s: %d incidents; their "
           "excitation then is %.3g attacks/day over a background of %.3g\n", r->a->from,
           h->n_ev, h->excitation, h->background);
}

static void print_fit(const fc_run *r)
{
    const fc_fit *f = &r->f;
    const fit_result *h = &f->r;
    char a[11], b[11], shape[32];
    date_format(f->d.date0, a);
    date_format(r->date - 1, b);
    fit_spec_format(&f->spec, shape, sizeof shape);
    printf("  fitted to %s..%s (%d incidents, background %s): background %.4g/day at the end "
           "(se %.2g), branching %.4g (se %.2g), decay %.4g/day (se %.2g); each replication "
           "draws its own from their asymptotic normal; the level's drift %.2g per year (sd "
           "of its log)\n", a, b, f->d.n, shape, h->est.mu, h->se.mu, h->est.kappa,
           h->se.kappa, h->est.beta, h->se.beta, sqrt(f->ps.drift));
}

static void print_results(const fc_run *r, const fc_prob p[2], const ens_summary st[2])
{
    printf("%s: %ld replications%s (seed %llu) from %s, %g days\n", r->s->name, r->done,
           r->done < r->a->n ? " (PARTIAL: interrupted)" : "", r->s->seed, r->a->from,
           r->s->days);
    print_history(r);
    if (r->a->fit) print_fit(r);
    for (int i = 0; i < 2; i++)
        printf("  P(first strike within %2d days) = %5.1f%% (95%% CI %.1f%% to %.1f%%)\n",
               i ? 90 : 30, 100 * p[i].p, 100 * p[i].lo, 100 * p[i].hi);
    for (int i = 0; i < 2; i++)
        printf("  %-11s mean %8.4g (95%% CI %.4g to %.4g)  median %.4g  5-95%% %.4g to %.4g\n",
               i ? "casualties" : "attacks", stats_mean(&st[i].m), st[i].ci_lo, st[i].ci_hi,
               st[i].q50, st[i].q05, st[i].q95);
}

static void write_json(FILE *f, const fc_run *r, const fc_prob p[2], const ens_summary st[2])
{
    static const int recent[4] = {7, 30, 90, 365};
    fputs("{\n  \"provenance\": ", f);
    prov_write_json(&r->p, f, 2);
    fputs(",\n  \"scenario\": ", f);
    jsonw_string(f, r->s->name);
    fprintf(f, ",\n  \"scenario_hash\": \"%016llx\",\n  \"seed\": %llu,\n",
            scenario_hash(r->s), r->s->seed);
    fprintf(f, "  \"start_date\": \"%s\",\n  \"horizon_days\": %.10g,\n", r->a->from,
            r->s->days);
    fprintf(f, "  \"n\": %ld,\n  \"requested\": %ld,\n  \"partial\": %s,\n", r->done, r->a->n,
            r->done < r->a->n ? "true" : "false");
    fprintf(f, "  \"history\": {\"incidents\": %d, \"recent\": [", r->h.set->n);
    for (int i = 0; i < 4; i++)
        fprintf(f, "%s{\"days\": %d, \"incidents\": %d}", i ? ", " : "", recent[i],
                r->h.recent[i]);
    fprintf(f, "], \"excitation\": %.10g, \"preloaded\": %d},\n", r->h.excitation, r->h.n_ev);
    if (r->a->fit) {
        const fit_result *h = &r->f.r;
        fprintf(f, "  \"fit\": {\"window_days\": %d, \"incidents\": %d, \"mu\": %.10g, "
                "\"mu_se\": %.10g, \"kappa\": %.10g, \"kappa_se\": %.10g, \"beta\": %.10g, "
                "\"beta_se\": %.10g, \"drift_var_per_year\": %.10g},\n", r->f.d.ndays,
                r->f.d.n, h->est.mu, h->se.mu, h->est.kappa, h->se.kappa, h->est.beta,
                h->se.beta, r->f.ps.drift);
    }
    fputs("  \"first_strike_within\": [\n", f);
    for (int i = 0; i < 2; i++) {
        fputs("    ", f);
        ens_json_within(f, i ? 90 : 30, p[i].k, r->done);
        fputs(i ? "\n" : ",\n", f);
    }
    fputs("  ],\n  \"totals\": {\n    \"attacks\": ", f);
    ens_json_summary(f, &st[0]);
    fputs(",\n    \"casualties\": ", f);
    ens_json_summary(f, &st[1]);
    fputs("\n  }\n}\n", f);
}

static void write_replications(FILE *f, const fc_run *r)
{
    fputs("replication,attacks,casualties,strikes,first_strike_day,first_strike_date\n", f);
    for (long i = 0; i < r->done; i++) {
        const model_totals *t = &r->tot[i];
        fprintf(f, "%ld,%d,%.10g,%d,", i, t->attacks, t->casualties, t->strikes);
        if (t->first_strike_day >= 0) {
            char d[11];
            date_format(r->s->start_date + (long)floor(t->first_strike_day), d);
            fprintf(f, "%.10g,%s", t->first_strike_day, d);
        } else {
            fputc(',', f);
        }
        fputc('\n', f);
    }
}

typedef struct fc_out {
    const fc_run *r;
    const fc_prob *p;
    const ens_summary *st;
} fc_out;

static int w_json(void *ctx, FILE *f)
{
    const fc_out *c = ctx;
    write_json(f, c->r, c->p, c->st);
    return 0;
}

static int w_reps(void *ctx, FILE *f)
{
    write_replications(f, ((const fc_out *)ctx)->r);
    return 0;
}

/* Writes the output set; returns the exit status. */
static int write_set(fc_run *r, const fc_prob *p, const ens_summary *st)
{
    fc_out c = {r, p, st};
    outdir_prov(&r->p, &r->a->rec, r->a->scenario, r->s, &r->a->sets, NULL, r->s->seed);
    if (draws_prov(CMD, &r->d, &r->p)) return 1;
    if (prov_input_set(&r->p.data, r->a->history) != 0) {
        fprintf(stderr, "frontier " CMD ": %s: cannot read: %s\n", r->a->history,
                strerror(errno));
        return 1;
    }
    outdir_writing(r->o);
    int rc = outset_write(r->o, "forecast.json", w_json, &c);
    if (!rc) rc = outset_write(r->o, "replications.csv", w_reps, &c);
    return rc ? outdir_failed(CMD, r->o, rc) : outdir_commit(CMD, r->o, &r->p);
}

static int report(fc_run *r)
{
    fc_prob p[2] = {strike_within(r, 30), strike_within(r, 90)};
    ens_summary st[2];
    if (summarize(r, 0, &st[0]) || summarize(r, 1, &st[1])) return fail2("out of memory") - 1;
    if (!r->a->quiet) print_results(r, p, st);
    if (!r->o) return 0;
    int rc = write_set(r, p, st);
    if (rc == 0 && !r->a->quiet)
        printf("  outputs: %s/ forecast.json replications.csv\n", outset_dir(r->o));
    return rc;
}

/* ---- entry ----------------------------------------------------------------------------- */

static int forecast(const fc_args *a, long date)
{
    fc_run r;
    memset(&r, 0, sizeof r);
    r.a = a;
    r.date = date;
    int rc = outdir_begin(CMD, a->out, &r.o);
    if (!rc) rc = load_scenario(&r);
    r.d.path = a->posterior;
    if (!rc) r.d.seed = r.s->seed;
    if (!rc) rc = draws_load(CMD, &r.d, &a->sets);
    if (!rc) rc = draws_check(CMD, &r.d, (const scenario *const *)&r.s, 1, a->n);
    if (!rc) rc = load_history(&r);
    if (!rc && a->fit) rc = fit_history(&r);
    int run_rc = rc ? 0 : run_ensemble(&r);
    if (!rc && run_rc && run_rc != SIM_EINTR) {
        fprintf(stderr, "frontier " CMD ": replication %ld failed: %s\n", r.done,
                sim_strerror(run_rc));
        rc = 1;
    }
    if (!rc && r.done > 0) rc = report(&r);
    if (!rc && run_rc == SIM_EINTR) rc = 130;
    outset_destroy(r.o);
    draws_free(&r.d);
    sim_free(r.tot);
    sim_free(r.h.t);
    sim_free(r.h.ev);
    fit_free(&r.f);
    incidents_destroy(r.h.set);
    scenario_destroy(r.s);
    return rc;
}

int cmd_forecast(int argc, char **argv)
{
    fc_args a = {.n = 0, .jobs = 1, .days = 0, .seed = 0xF0CA57ULL, .window = 730,
                 .drift = 0.3};
    long date = 0;
    int rc = parse(argc, argv, &a, &date);
    if (rc) return rc < 0 ? 0 : rc;
    return forecast(&a, date);
}
