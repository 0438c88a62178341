/* cmd_calibrate.c - `frontier calibrate`: ABC-SMC of scenario parameters against the record
 * (analysis/abc.h), each round of candidates run as an ensemble batch. */
#include "analysis/abc.h"
#include "analysis/ens_mpi.h"
#include "analysis/ensemble.h"
#include "analysis/sensitivity.h"
#include "analysis/sumstats.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "cmd.h"
#include "engine/rng.h"
#include "interrupt.h"
#include "opt.h"
#include "outdir.h"
#include "plot/plot.h"
#include "progress.h"
#include "ranks.h"
#include "report/cal_write.h"
#include <gsl/gsl_randist.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CMD "calibrate"
#define CAL_PARTICLES_MAX 100000L
/* The posterior predictive runs use streams from here on, apart from the candidates'. */
#define CAL_PRED_STREAM (1ULL << 40)

typedef struct {
    const char *scenario, *record, *attacks, *until, *out;
    char scn_buf[SCN_PATH_LEN];   /* the scenario found on the search path */
    long n, pops, jobs, max_sims, pred;
    double alpha;
    opt_seed seed;
    int no_plots, quiet;
    const char *plots;
    unsigned formats;
    opt_list vary, sets;
    opt_record rec;
} cal_args;

typedef struct {
    cal_args a;
    scenario *s;                 /* the scenario, its horizon cut to the window */
    double days;                 /* its own horizon, before the cut */
    record *rec;
    incidents *inc;
    sumstats obs;
    double window;
    abc_config cfg;
    const char *keys[ABC_PARAMS_MAX];
    sens_factor f[ABC_PARAMS_MAX];
    abc *abc;
    double *post_pred;           /* pred x SUMSTATS_N */
    long n_post_pred;
    int partial;
    outset *o;
} cal_job;

static int fail2(const char *msg)
{
    fprintf(stderr, "frontier " CMD ": %s\n", msg);
    return 2;
}

/* "KEY=LO:HI" or "KEY=LO:HI:log" into f and prior. */
static int parse_vary(const char *spec, sens_factor *f, abc_prior *prior)
{
    char buf[512], msg[600];
    size_t n = strlen(spec);
    int lg = n > 4 && strcmp(spec + n - 4, ":log") == 0;
    if (n >= sizeof buf) return fail2("--vary: too long");
    memcpy(buf, spec, n + 1);
    if (lg) buf[n - 4] = '\0';
    char why[400];
    if (sens_factor_parse(buf, f, why, sizeof why) != 0) {
        snprintf(msg, sizeof msg, "--vary: %s", why);
        return fail2(msg);
    }
    if (lg && (f->lo <= 0 || f->info->is_int)) {
        snprintf(msg, sizeof msg, "--vary: %s: a log-uniform prior needs LO > 0 and a real "
                 "(not whole-number) parameter", f->key);
        return fail2(msg);
    }
    *prior = (abc_prior){f->lo, f->hi, lg, f->info->is_int};
    return 0;
}

static int check_range(const char *what, long v, long lo, long hi)
{
    if (v >= lo && v <= hi) return 0;
    char msg[256];
    snprintf(msg, sizeof msg, "%s: expected %ld to %ld, found %ld", what, lo, hi, v);
    return fail2(msg);
}

static int check_args(cal_job *j)
{
    cal_args *a = &j->a;
    if (!a->record) return fail2("--record R.csv is required: the record to calibrate against");
    if (!a->until) return fail2("--until DATE is required: the end of the calibration window");
    if (a->vary.n < 1 || a->vary.n > ABC_PARAMS_MAX)
        return check_range("--vary (the number of parameters)", a->vary.n, 1, ABC_PARAMS_MAX);
    for (int i = 0; i < a->vary.n; i++) {
        int rc = parse_vary(a->vary.items[i], &j->f[i], &j->cfg.prior[i]);
        if (rc) return rc;
        j->keys[i] = j->f[i].key;
        for (int k = 0; k < i; k++)
            if (strcmp(j->keys[i], j->keys[k]) == 0) {
                char msg[256];
                snprintf(msg, sizeof msg, "--vary: %s is given twice", j->keys[i]);
                return fail2(msg);
            }
    }
    int rc = check_range("-n (particles)", a->n, 10, CAL_PARTICLES_MAX);
    if (!rc) rc = check_range("--populations", a->pops, 1, 20);
    if (!rc) rc = check_range("--jobs", a->jobs, 1, 256);
    if (!rc) rc = check_range("--predictive", a->pred, 0, 1000000);
    if (!rc && !(a->alpha >= 0.05 && a->alpha <= 0.95))
        rc = fail2("--alpha: expected a number from 0.05 to 0.95");
    if (!rc && a->max_sims == 0) a->max_sims = 50 * a->n;
    if (!rc)
        rc = check_range("--max-sims (per population)", a->max_sims,
                         (long)ceil((double)a->n / a->alpha), LONG_MAX / 4);
    return rc;
}

static const opt_cmd CAL_CMD = {
    CMD, "SCENARIO --record R.csv --until DATE --vary KEY=LO:HI[:log] ... [options]",
    "Approximate Bayesian computation (ABC-SMC) of the --vary parameters (uniform priors on "
    "the ranges, log-uniform with :log) against the record from the scenario's start to "
    "--until: strike episodes (strikes 30 days apart or less are one), clashes, closures, "
    "the first episode's day, the longest and shortest gaps between episodes, and attacks "
    "per year with --attacks. Writes posterior.csv (read by --posterior), calibrated.yaml, "
    "calibration.json, marginals.png and pairs.png; prints `calibrate:` lines.",
    {"frontier calibrate scenarios/history-unscripted.yaml --record "
     "scenarios/record/af-pk-2021-2024.csv --until 2024-12-31 --vary "
     "state.strike.threshold=0.5:0.99 --vary state.strike.cooldown=10:400 -n 500",
     "frontier ensemble scenarios/history-unscripted.yaml --posterior out/x/posterior.csv"}};

static int parse(int argc, char **argv, cal_job *j)
{
    cal_args *a = &j->a;
    opt_spec specs[] = {
        {"record", 0, OPT_STRING, &a->record, "R.csv", "the record (required; docs/data.md)"},
        {"attacks", 0, OPT_STRING, &a->attacks, "INC.csv", "attacks (any import format)"},
        {"until", 0, OPT_STRING, &a->until, "DATE", "last day of the window (required)"},
        {"vary", 0, OPT_LIST, &a->vary, "KEY=LO:HI[:log]", "a parameter and its prior"},
        {"particles", 'n', OPT_INT, &a->n, "N", "particles per population (default 1000)"},
        {"populations", 'p', OPT_INT, &a->pops, "T", "populations (default 5)"},
        {"alpha", 0, OPT_DOUBLE, &a->alpha, "Q", "tolerance quantile (default 0.5)"},
        {"max-sims", 0, OPT_INT, &a->max_sims, "M", "simulations per population (50 N)"},
        {"predictive", 0, OPT_INT, &a->pred, "R", "posterior predictive runs (default 1000)"},
        {"jobs", 'j', OPT_INT, &a->jobs, "J", "threads (default: the number of cores)"},
        {"seed", 's', OPT_SEED, &a->seed, "S", "random seed (default: the scenario's)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"out", 'o', OPT_OUTPUT, &a->out, "DIR", "output folder (default out/STEM-calibrate)"},
        {"plots", 0, OPT_STRING, &a->plots, "png,svg,pdf|none", "figure formats (default png)"},
        {"no-plots", 0, OPT_FLAG, &a->no_plots, NULL, "no figure (--plots none)"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "no calibrate: lines on stdout"},
    };
    const char *pos[1];
    int rc = args_parse(&CAL_CMD, argc, argv, specs, (int)(sizeof specs / sizeof specs[0]),
                        pos, 1, &a->rec);
    if (rc) return rc;
    a->scenario = args_scenario(pos[0], a->scn_buf, sizeof a->scn_buf);
    if (args_plots(CMD, a->plots, a->no_plots, &a->formats)) return 2;
    return check_args(j);
}

/* ---- loading ---------------------------------------------------------------------------- */

/* The record (and the attacks) and the observed statistics of the window. */
static int load_data(cal_job *j)
{
    record_report rep;
    int rc = record_load(j->a.record, 1, &j->rec, &rep);
    if (rc) {
        fprintf(stderr, "frontier " CMD ": %s\n", rc == SIM_ENOMEM ? "out of memory" : rep.error);
        return rc == SIM_ENOMEM ? 1 : 2;
    }
    if (j->a.attacks) {
        incidents_opts o = {.format = INC_FMT_AUTO};
        incidents_report ir;
        rc = incidents_load(j->a.attacks, &o, &j->inc, &ir);
        if (rc) {
            fprintf(stderr, "frontier " CMD ": %s\n", rc == SIM_ENOMEM ? "out of memory" : ir.error);
            return rc == SIM_ENOMEM ? 1 : 2;
        }
        args_print_skipped(CMD, &ir);
    }
    if (sumstats_of_record(j->rec, j->inc, j->s->start_date, j->window, &j->obs)) return 1;
    return 0;
}

/* The scenario, cut to end on --until. */
static int load_scenario(cal_job *j)
{
    j->s = args_load_scenario(CMD, j->a.scenario, &j->a.sets);
    if (!j->s) return 2;
    long until;
    char msg[512];
    if (date_parse(j->a.until, &until) != 0) {
        snprintf(msg, sizeof msg, "--until: expected a date YYYY-MM-DD, found '%s'", j->a.until);
        return fail2(msg);
    }
    j->window = (double)(until - j->s->start_date + 1);
    if (!(j->window >= 1 && j->window <= j->s->days)) {
        char a[11];
        date_format(j->s->start_date, a);
        snprintf(msg, sizeof msg, "--until %s: expected a day from the scenario's start (%s) "
                 "to its last day (day %.0f)", j->a.until, a, j->s->days - 1);
        return fail2(msg);
    }
    j->days = j->s->days;
    j->s->days = j->window;
    return 0;
}

/* abc's validity test: the scenario with the point's values passes scenario_validate. It
 * is judged with its own horizon: cut to the window, its timeline items after --until
 * would be outside it and every point invalid (the runs just stop before them). */
static int point_valid(void *ctx, const double *x)
{
    const cal_job *j = ctx;
    scenario t = *j->s; /* shallow: only the parameters differ, and validate only reads */
    t.days = j->days;
    for (int i = 0; i < j->cfg.d; i++)
        if (scenario_param_set(&t.p, j->keys[i], x[i]) != 0) return 0;
    scn_errors errs = {0};
    int bad = scenario_validate(&t, &errs) != 0;
    scn_errors_free(&errs);
    return !bad;
}

static int setup(cal_job *j)
{
    int rc = load_scenario(j);
    if (!rc) rc = load_data(j);
    if (rc) return rc;
    abc_config *c = &j->cfg;
    c->d = j->a.vary.n;
    c->k = SUMSTATS_N;
    memcpy(c->observed, j->obs.v, sizeof j->obs.v);
    c->n = j->a.n;
    c->populations = (int)j->a.pops;
    c->alpha = j->a.alpha;
    c->max_sims = j->a.max_sims;
    c->seed = j->a.seed.given ? j->a.seed.value : j->s->seed;
    c->valid = point_valid;
    c->valid_ctx = j;
    int err = 0;
    if (!(j->abc = abc_create(c, &err))) {
        fprintf(stderr, "frontier " CMD ": %s\n", sim_strerror(err));
        return 1;
    }
    char dir[4096], stem[256];
    args_file_stem(j->a.scenario, stem, sizeof stem);
    if (j->a.out) snprintf(dir, sizeof dir, "%s", j->a.out);
    else snprintf(dir, sizeof dir, "out/%s-calibrate", stem);
    return ens_mpi_rank() == 0 ? outdir_begin(CMD, dir, &j->o) : 0;
}

/* ---- rounds ----------------------------------------------------------------------------- */

/* What the batch of a round reads: candidate rep's values and its stream. */
typedef struct {
    const cal_job *j;
    const double *x;             /* m x d values */
    const long *pick;            /* predictive runs: the particle of each run, else NULL */
    uint64_t first;              /* stream of item 0 */
} round_ctx;

static int round_params(void *ctx, long rep, int variant, scn_params *p, uint64_t *stream)
{
    const round_ctx *r = ctx;
    (void)variant;
    int d = r->j->cfg.d;
    long row = r->pick ? r->pick[rep] : rep;
    for (int i = 0; i < d; i++) {
        int rc = scenario_param_set(p, r->j->keys[i], r->x[row * d + i]);
        if (rc) return rc;
    }
    *stream = r->first + (uint64_t)rep;
    return 0;
}

/* The batch's probe: runs the model to the window's end, then its statistics. */
static int round_probe(void *ctx, model *m, long rep, int variant, double *out)
{
    const round_ctx *r = ctx;
    (void)rep;
    (void)variant;
    sumstats st;
    int rc = model_run(m);
    if (!rc) rc = sumstats_of_model(m, r->j->window, &st);
    if (!rc) memcpy(out, st.v, sizeof st.v);
    return rc;
}

/* Runs m items of rc's parameters as one batch; stats gets m x SUMSTATS_N on every rank.
 * Returns 0, SIM_EINTR or an error (said). */
static int run_round(const cal_job *j, const round_ctx *rc, long m, const char *label,
                     double *stats)
{
    const scenario *v[1] = {j->s};
    int err = 0;
    ens_batch *b = ens_batch_create(v, 1, j->cfg.seed, m, 0, &err);
    if (b) {
        ens_batch_set_params(b, round_params, (void *)rc, rc->first ^ (uint64_t)m);
        err = ens_batch_set_probe(b, SUMSTATS_N, round_probe, (void *)rc, 0x73756d7374617473ULL);
    }
    if (b && !err) {
        progress pr;
        progress_init(&pr, stderr, label, "runs", m);
        err = ens_batch_run(b, (int)j->a.jobs, interrupt_flag(), progress_callback, &pr);
        progress_finish(&pr);
    }
    if (!err && ens_mpi_rank() == 0)
        for (long i = 0; i < m; i++)
            memcpy(stats + i * SUMSTATS_N, ens_batch_probe_row(b, i, 0),
                   SUMSTATS_N * sizeof *stats);
    if (!err && ens_mpi_bcast(stats, (size_t)m * SUMSTATS_N * sizeof *stats)) err = SIM_EIO;
    if (err && err != SIM_EINTR)
        fprintf(stderr, "frontier " CMD ": %s run %ld failed: %s\n", label,
                b ? ens_batch_done(b) : 0, sim_strerror(err));
    ens_batch_destroy(b);
    return err;
}

/* The prior held no valid point: says which ranges were drawn from and which rule of the
 * scenario the last draw broke (scenario_validate's messages, at that point). */
static void say_no_valid(const cal_job *j)
{
    double x[ABC_PARAMS_MAX];
    if (!abc_invalid_point(j->abc, x) || ens_mpi_rank() != 0) return;
    fprintf(stderr, "frontier " CMD ": %d draws in a row from the prior were all invalid "
            "scenarios, so there is nothing to calibrate; the ranges:", ABC_PRIOR_TRIES);
    for (int i = 0; i < j->cfg.d; i++)
        fprintf(stderr, " --vary %s=%g:%g%s", j->keys[i], j->cfg.prior[i].lo,
                j->cfg.prior[i].hi, j->cfg.prior[i].log ? ":log" : "");
    scenario t = *j->s; /* shallow, as point_valid */
    t.days = j->days;
    fputs("\n  the last draw,", stderr);
    for (int i = 0; i < j->cfg.d; i++) {
        fprintf(stderr, " %s=%g", j->keys[i], x[i]);
        scenario_param_set(&t.p, j->keys[i], x[i]);
    }
    fputs(", breaks:\n", stderr);
    scn_errors errs = {0};
    scenario_validate(&t, &errs);
    for (int i = 0; i < errs.n; i++)
        fprintf(stderr, "  %s: %s\n", errs.items[i].key, errs.items[i].msg);
    scn_errors_free(&errs);
    fputs("  narrow the --vary ranges (or --set the other parameters) to where the scenario "
          "is valid\n", stderr);
}

/* Builds every population. Returns 0, SIM_EINTR (the finished ones stand), SIM_ERANGE (no
 * valid point in the prior: said) or an error. */
static int calibrate(cal_job *j)
{
    int d = j->cfg.d;
    while (!abc_done(j->abc)) {
        long m = abc_round_size(j->abc), first;
        double *x = sim_malloc((size_t)m * (size_t)d * sizeof *x);
        double *st = sim_malloc((size_t)m * SUMSTATS_N * sizeof *st);
        int rc = x && st ? abc_candidates(j->abc, m, x, &first) : SIM_ENOMEM;
        if (rc == SIM_ERANGE) say_no_valid(j);
        char label[64];
        snprintf(label, sizeof label, "calibrate: population %d/%d", abc_population(j->abc),
                 j->cfg.populations);
        round_ctx r = {j, x, NULL, (uint64_t)first};
        if (!rc) rc = run_round(j, &r, m, label, st);
        if (!rc) rc = abc_round_done(j->abc, m, st);
        sim_free(x);
        sim_free(st);
        if (rc) return rc;
    }
    return 0;
}

/* The posterior predictive: pred runs, each with a particle drawn by weight from the stream
 * (seed, run, "abc-predictive") and model streams apart from every candidate's. */
static int predictive(cal_job *j)
{
    long n = j->a.pred, np = abc_n(j->abc);
    int d = j->cfg.d;
    if (n == 0 || abc_finished(j->abc) == 0) return 0;
    double *x = sim_malloc((size_t)np * (size_t)d * sizeof *x), *w = sim_malloc((size_t)np * sizeof *w);
    long *pick = sim_malloc((size_t)n * sizeof *pick);
    j->post_pred = sim_malloc((size_t)n * SUMSTATS_N * sizeof *j->post_pred);
    gsl_ran_discrete_t *t = NULL;
    int rc = x && w && pick && j->post_pred ? 0 : SIM_ENOMEM;
    for (long i = 0; !rc && i < np; i++) {
        abc_particle(j->abc, i, x + i * d);
        w[i] = abc_weight(j->abc, i);
    }
    if (!rc && !(t = gsl_ran_discrete_preproc((size_t)np, w))) rc = SIM_ENOMEM;
    for (long r = 0; !rc && r < n; r++) {
        gsl_rng *g = rng_create(j->cfg.seed, (uint64_t)r, "abc-predictive");
        if (!g) rc = SIM_ENOMEM;
        else pick[r] = (long)gsl_ran_discrete(g, t);
        rng_destroy(g);
    }
    round_ctx rr = {j, x, pick, CAL_PRED_STREAM};
    if (!rc) rc = run_round(j, &rr, n, "calibrate: posterior predictive", j->post_pred);
    if (!rc) j->n_post_pred = n;
    gsl_ran_discrete_free(t);
    sim_free(x);
    sim_free(w);
    sim_free(pick);
    return rc;
}

/* ---- outputs ---------------------------------------------------------------------------- */

/* The scenario as calibrated.yaml (in the output folder dir) names it: a path relative to
 * dir when both resolve, else the path as given. */
static void scenario_ref(const char *scn, const char *dir, char *out, size_t n)
{
    char *a = realpath(scn, NULL), parent[4096], *slash;
    snprintf(parent, sizeof parent, "%s", dir);
    slash = strrchr(parent, '/');
    const char *base = slash ? slash + 1 : parent;
    char pdir[4096];
    snprintf(pdir, sizeof pdir, "%.*s", slash ? (int)(slash - parent) : 1, slash ? parent : ".");
    char *b = realpath(pdir[0] ? pdir : "/", NULL);
    snprintf(out, n, "%s", scn);
    if (a && b) {
        char full[8192];
        snprintf(full, sizeof full, "%s/%s", strcmp(b, "/") ? b : "", base);
        size_t i = 0, cut = 0;
        for (; a[i] && a[i] == full[i]; i++)
            if (a[i] == '/') cut = i + 1;
        if (!full[i] && a[i] == '/') cut = i + 1;
        size_t k = 0;
        out[0] = '\0';
        int ups = 1; /* from the folder itself */
        for (const char *c = full + cut; *c; c++) ups += *c == '/';
        if (full[cut] == '\0') ups = 0;
        for (int u = 0; u < ups && k + 3 < n; u++) k += (size_t)snprintf(out + k, n - k, "../");
        snprintf(out + k, n - k, "%s", a + cut);
    }
    free(a);
    free(b);
}

static int w_posterior(void *ctx, FILE *f) { return cal_write_posterior(ctx, f); }
static int w_yaml(void *ctx, FILE *f) { return cal_write_yaml(ctx, f); }
static int w_json(void *ctx, FILE *f) { return cal_write_json(ctx, f); }

static void print_lines(const cal_job *j, const cal_results *r)
{
    const abc *a = j->abc;
    printf("%s: %d of %d populations of %ld particles%s\n", j->s->name, abc_finished(a),
           j->cfg.populations, j->cfg.n, j->partial ? " (PARTIAL: interrupted)"
                                         : abc_stopped_early(a) ? " (stopped: budget spent)" : "");
    for (int t = 0; t < abc_finished(a); t++) {
        const abc_pop_info *p = abc_pop_at(a, t);
        printf("calibrate: population=%d tolerance=%.4g simulated=%ld acceptance=%.3f "
               "ess=%.0f\n", t + 1, p->eps, p->simulated,
               (double)p->accepted / (double)p->simulated, p->ess);
    }
    for (int i = 0; i < j->cfg.d; i++)
        printf("calibrate: param=%s median=%.4g q05=%.4g q95=%.4g\n", j->keys[i],
               abc_quantile(a, i, 0.5), abc_quantile(a, i, 0.05), abc_quantile(a, i, 0.95));
    for (int k = 0; k < SUMSTATS_N; k++) {
        cal_summary s;
        cal_summarize(r->post_pred, r->n_post_pred, k, j->obs.v[k], &s);
        if (isnan(j->obs.v[k])) continue;
        printf("calibrate: stat=%s observed=%.4g predictive_median=%.4g q05=%.4g q95=%.4g\n",
               sumstats_name(k), j->obs.v[k], s.q50, s.q05, s.q95);
    }
    printf("outputs: %s/ posterior.csv calibrated.yaml calibration.json%s%s\n", outset_dir(j->o),
           j->a.formats & FIG_PNG ? " marginals.png" : "",
           j->a.formats & FIG_PNG && j->cfg.d > 1 ? " pairs.png" : "");
}

/* One marginal panel: the posterior's weighted histogram of parameter k as a density over
 * the prior's range, and the prior's density (flat on the scale the prior is uniform on). */
static fig *marginal_panel(const cal_job *j, const double *x, const double *w, long n, int k)
{
    enum { NB = 30 };
    const abc_prior *pr = &j->cfg.prior[k];
    int d = j->cfg.d;
    double lo = pr->log ? log10(pr->lo) : pr->lo, hi = pr->log ? log10(pr->hi) : pr->hi + pr->whole;
    double bw = (hi - lo) / NB, h[NB] = {0}, left[NB], tot = 0;
    for (long i = 0; i < n; i++) {
        double v = pr->log ? log10(x[i * d + k]) : x[i * d + k];
        int b = (int)floor((v - lo) / bw);
        h[b < 0 ? 0 : b >= NB ? NB - 1 : b] += w[i];
        tot += w[i];
    }
    for (int b = 0; b < NB; b++) {
        left[b] = lo + b * bw;
        h[b] = tot > 0 ? h[b] / tot / bw : 0;
    }
    fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
    if (!f) return NULL;
    char xl[300];
    snprintf(xl, sizeof xl, pr->log ? "log10 %s" : "%s", j->keys[k]);
    fig_title(f, j->keys[k]);
    fig_labels(f, xl, "density");
    fig_xrange(f, lo, hi);
    fig_yzero(f);
    int rc = fig_bars(f, left, h, NB, bw, (fig_style){fig_alpha(fig_color_at(0), 0.6), 0, 0,
                                                      "posterior"});
    if (!rc) rc = fig_hline(f, 1.0 / (hi - lo), (fig_style){fig_color_at(1), 2, 1, "prior"});
    if (rc) {
        fig_destroy(f);
        return NULL;
    }
    return f;
}

/* One pair panel: the particles of parameters ky against kx. */
static fig *pair_panel(const cal_job *j, const double *x, long n, int kx, int ky)
{
    int d = j->cfg.d;
    double *a = sim_malloc((size_t)n * sizeof *a), *b = sim_malloc((size_t)n * sizeof *b);
    fig *f = a && b ? fig_create(FIG_WIDTH, FIG_HEIGHT) : NULL;
    for (long i = 0; f && i < n; i++) {
        a[i] = x[i * d + kx];
        b[i] = x[i * d + ky];
    }
    if (f) {
        fig_labels(f, j->keys[kx], j->keys[ky]);
        fig_xrange(f, j->cfg.prior[kx].lo, j->cfg.prior[kx].hi + j->cfg.prior[kx].whole);
        fig_yrange(f, j->cfg.prior[ky].lo, j->cfg.prior[ky].hi + j->cfg.prior[ky].whole);
        if (fig_scatter(f, a, b, (int)n, (fig_style){fig_alpha(fig_color_at(0), 0.35), 2, 0,
                                                     NULL})) {
            fig_destroy(f);
            f = NULL;
        }
    }
    sim_free(a);
    sim_free(b);
    return f;
}

/* Writes the panels as NAME.* in a grid; destroys them. */
static int write_sheet(const cal_job *j, fig **p, int n, const char *name, const char *title,
                       char *err, size_t len)
{
    char cap[600], stem[4200];
    plot_caption(cap, sizeof cap, abc_n(j->abc), "particles", j->cfg.seed, j->a.scenario);
    plot_target t = {j->o, NULL, j->a.formats, cap};
    fig_sheet sh = {n > 3 ? 1500 : 500.0 * n, n > 3 ? 300.0 * ((n + 2) / 3) : 360, title, cap,
                    NULL, 0};
    int rc = plot_stem(&t, name, stem, sizeof stem, err, len);
    for (int i = 0; i < n && !rc; i++)
        if (!p[i]) rc = SIM_ENOMEM, snprintf(err, len, "out of memory");
    if (!rc) rc = fig_grid_write(p, n, n < 3 ? n : 3, &sh, stem, j->a.formats, err, len);
    for (int i = 0; i < n; i++) fig_destroy(p[i]);
    return rc;
}

/* marginals.* and (two or more parameters) pairs.* as --plots asks. A failure is a warning:
 * the numbers are written. */
static void cal_draw(const cal_job *j, const cal_results *r)
{
    int d = j->cfg.d, rc = 0;
    long n = abc_n(j->abc);
    double *x = sim_malloc((size_t)n * (size_t)d * sizeof *x), *w = sim_malloc((size_t)n * sizeof *w);
    char err[600] = "out of memory", title[512];
    fig *p[ABC_PARAMS_MAX * (ABC_PARAMS_MAX - 1) / 2];
    if (!x || !w) rc = SIM_ENOMEM;
    for (long i = 0; !rc && i < n; i++) {
        abc_particle(j->abc, i, x + i * d);
        w[i] = abc_weight(j->abc, i);
    }
    snprintf(title, sizeof title, "%s: prior and posterior (population %d)%s", j->s->name,
             abc_finished(j->abc), r->partial ? " (PARTIAL)" : "");
    if (!rc) {
        for (int k = 0; k < d; k++) p[k] = marginal_panel(j, x, w, n, k);
        rc = write_sheet(j, p, d, "marginals", title, err, sizeof err);
    }
    int np = 0;
    for (int a = 0; !rc && a < d; a++)
        for (int b = a + 1; b < d; b++) p[np++] = pair_panel(j, x, n, a, b);
    if (!rc && np > 0) rc = write_sheet(j, p, np, "pairs", title, err, sizeof err);
    if (rc) fprintf(stderr, "frontier " CMD ": figures not drawn: %s\n", err);
    sim_free(x);
    sim_free(w);
}

static int write_outputs(cal_job *j)
{
    long np = abc_prior_count(j->abc);
    double *prior = sim_malloc((size_t)(np ? np : 1) * SUMSTATS_N * sizeof *prior);
    if (!prior) return 1;
    for (long i = 0; i < np; i++)
        memcpy(prior + i * SUMSTATS_N, abc_prior_stats(j->abc, i), SUMSTATS_N * sizeof *prior);
    char ref[4096];
    scenario_ref(j->a.scenario, outset_dir(j->o), ref, sizeof ref);
    cal_results r = {j->abc, j->keys, &j->cfg, j->s, ref, j->a.record, j->a.attacks,
                     j->s->start_date, j->window, &j->obs, prior, np, j->post_pred,
                     j->n_post_pred, j->partial};
    prov p;
    outdir_prov(&p, &j->a.rec, j->a.scenario, j->s, &j->a.sets, &j->a.vary, j->cfg.seed);
    outdir_writing(j->o);
    int rc = outset_write(j->o, "posterior.csv", w_posterior, &r);
    if (!rc) rc = outset_write(j->o, "calibrated.yaml", w_yaml, &r);
    if (!rc) rc = outset_write(j->o, "calibration.json", w_json, &r);
    if (rc) {
        sim_free(prior);
        return outdir_failed(CMD, j->o, rc);
    }
    if (j->a.formats) cal_draw(j, &r);
    rc = outdir_commit(CMD, j->o, &p);
    if (!rc && !j->a.quiet) print_lines(j, &r);
    sim_free(prior);
    return rc;
}

/* ---- the command ------------------------------------------------------------------------ */

static void cleanup(cal_job *j)
{
    abc_destroy(j->abc);
    record_destroy(j->rec);
    incidents_destroy(j->inc);
    scenario_destroy(j->s);
    sim_free(j->post_pred);
    outset_destroy(j->o);
}

/* After setup: every population, the predictive runs, the outputs. */
static int run(cal_job *j)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = calibrate(j);
    if (rc == SIM_ERANGE && abc_invalid_point(j->abc, (double[ABC_PARAMS_MAX]){0}))
        return 2; /* bad input: the ranges given hold no valid scenario */
    if (!rc) rc = predictive(j);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc && rc != SIM_EINTR) return 1;
    j->partial = rc == SIM_EINTR;
    if (ens_mpi_rank() != 0) return j->partial ? 130 : 0;
    if (abc_finished(j->abc) == 0) {
        fprintf(stderr, "frontier " CMD ": interrupted before the first population was "
                "complete; nothing was written\n");
        return 130;
    }
    int status = write_outputs(j);
    if (status) return status;
    if (!j->a.quiet)
        printf("calibrate: seconds=%.1f\n", (double)(t1.tv_sec - t0.tv_sec) +
                                                1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    if (j->partial)
        fprintf(stderr, "frontier " CMD ": interrupted after %d of %d populations; outputs "
                "are marked partial\n", abc_finished(j->abc), j->cfg.populations);
    return j->partial ? 130 : 0;
}

static int cal_main(cal_job *j, int argc, char **argv)
{
    interrupt_install();
    ranks_quiet q;
    ranks_hush(&q);
    int rc = parse(argc, argv, j);
    if (rc == 0) rc = setup(j);
    int status = rc < 0 ? 0 : rc;
    uint64_t key = rc == 0 ? scenario_hash(j->s) ^ rng_mix64(j->cfg.seed + (uint64_t)j->cfg.n) : 0;
    status = ranks_agree(&q, CMD, status, key);
    if (status == 0 && rc == 0) status = run(j);
    cleanup(j);
    return status;
}

int cmd_calibrate(int argc, char **argv)
{
    cal_job j = {.a = {.n = 1000, .pops = 5, .alpha = 0.5, .pred = 1000,
                       .jobs = sysconf(_SC_NPROCESSORS_ONLN)}};
    if (j.a.jobs < 1) j.a.jobs = 1;
    if (ens_mpi_begin() != 0) {
        fprintf(stderr, "frontier " CMD ": MPI did not start\n");
        return 1;
    }
    int status = cal_main(&j, argc, argv);
    ens_mpi_end();
    return status;
}
