/* cmd_fit.c - `frontier fit`: import incidents, fit exponential Hawkes processes to their
 * dates with several background shapes, compare the shapes (likelihood ratio, AIC), test the
 * chosen one (parametric-bootstrap KS), print a table and write a scenario fragment. */
#include "analysis/ensemble.h"
#include "args.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "cmd.h"
#include "data/fit_boot.h"
#include "data/fit_dates.h"
#include "data/incidents.h"
#include "interrupt.h"
#include "io/afile.h"
#include "io/outset.h"
#include "io/sha256.h"
#include "opt.h"
#include "plot/plot_fit.h"
#include "progress.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define CMD "fit"
#define FIT_MIN_EVENTS 10      /* fewer events cannot pin down three parameters */
#define FIT_SHAPES_MAX 8
#define FIT_BOOT_MAX 100000
#define Z95 1.959963984540054

typedef struct fit_args {
    const char *path, *format, *actor, *from, *to, *bbox, *country, *out;
    int strict, quiet, no_plots;
    long bootstrap, jobs;
    const char *plots;
    unsigned formats;
    unsigned long long seed;
    opt_list shapes;
    opt_record rec;
} fit_args;

/* One fitted shape. */
typedef struct fit_one {
    fit_spec spec;
    char name[32];
    fit_result r;
    double lr, lr_df, lr_p;     /* against the constant background */
    double ks_D, ks_p;          /* asymptotic KS of the mean imputed statistic */
} fit_one;

/* Everything one run computes. */
typedef struct fit_run {
    const fit_args *a;
    incidents_opts opts;
    incidents_report rep;
    incidents *set;
    long day0, day1;
    int *days;
    fit_days d;
    int tie_days, tie_events;
    double ll_poisson;
    fit_one shape[FIT_SHAPES_MAX];
    int n_shapes, best;         /* best: the written shape */
    int given;                  /* shapes came from --background */
    double *boot_D;             /* bootstrap statistics of the written shape */
    long boot_done;
    double boot_stat, boot_p;
    int interrupted;
} fit_run;

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "frontier " CMD ": ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (try 'frontier " CMD " --help')\n");
    return 2;
}

static int parse_date_opt(const char *name, const char *s, int *has, long *day)
{
    if (!s) return 0;
    if (date_parse(s, day) != 0) {
        fprintf(stderr, "frontier " CMD ": --%s: expected a date YYYY-MM-DD, found '%s'\n",
                name, s);
        return 2;
    }
    *has = 1;
    return 0;
}

/* Turns the parsed flags into loader options. Returns 0 or 2 after a message. */
static int build_opts(const fit_args *a, incidents_opts *o)
{
    memset(o, 0, sizeof *o);
    o->format = incidents_format_find(a->format ? a->format : "auto");
    if (o->format < 0)
        return usage_error("--format: expected %s, found '%s'",
                           incidents_format_choices(), a->format);
    o->actor = a->actor;
    o->country = a->country;
    o->strict = a->strict;
    if (parse_date_opt("from", a->from, &o->has_from, &o->from) ||
        parse_date_opt("to", a->to, &o->has_to, &o->to))
        return 2;
    if (o->has_from && o->has_to && o->from > o->to)
        return usage_error("--from %s is after --to", a->from);
    if (a->bbox && incidents_parse_bbox(a->bbox, o) != 0)
        return usage_error("--bbox: expected lon0,lat0,lon1,lat1 with lon0 <= lon1 and "
                           "lat0 <= lat1, found '%s'", a->bbox);
    if (a->bootstrap < 0 || a->bootstrap > FIT_BOOT_MAX)
        return usage_error("--bootstrap: expected 0 to %d samples, found %ld", FIT_BOOT_MAX,
                           a->bootstrap);
    if (a->jobs < 1 || a->jobs > 256)
        return usage_error("--jobs: expected 1 to 256 threads, found %ld", a->jobs);
    return 0;
}

static void add_shape(fit_run *r, const fit_spec *s)
{
    fit_one *o = &r->shape[r->n_shapes++];
    o->spec = *s;
    fit_spec_format(s, o->name, sizeof o->name);
}

/* The shapes to fit: constant first (the reference), then --background's, or by default
 * seasonal, piecewise:365 and a spline with a knot a year. Returns 0 or 2 after a message. */
static int choose_shapes(const fit_args *a, fit_run *r)
{
    fit_spec c = {FIT_CONSTANT, 0, 0, -1};
    add_shape(r, &c);
    r->given = a->shapes.n > 0;
    if (a->shapes.n >= FIT_SHAPES_MAX)
        return usage_error("--background: at most %d shapes", FIT_SHAPES_MAX - 1);
    for (int i = 0; i < a->shapes.n; i++) {
        fit_spec s;
        char why[160];
        if (fit_spec_parse(a->shapes.items[i], &s, why, sizeof why) != 0)
            return usage_error("--background: %s", why);
        if (s.shape != FIT_CONSTANT) add_shape(r, &s);
    }
    if (r->given) return 0;
    int years = (int)lround(r->d.ndays / 365.25);
    fit_spec seasonal = {FIT_SEASONAL, 0, 0, -1}, pw = {FIT_PIECEWISE, 365, 0, -1};
    fit_spec sp = {FIT_SPLINE, 0, years + 1 > 3 ? years + 1 : 3, -1};
    add_shape(r, &seasonal);
    if (r->d.ndays >= 730) add_shape(r, &pw);
    if (r->d.ndays >= 2 * 365) add_shape(r, &sp);
    return 0;
}

/* Loads the incidents. Returns 0, or the exit status after a message. */
static int load(const fit_args *a, fit_run *r)
{
    int rc = incidents_load(a->path, &r->opts, &r->set, &r->rep);
    if (rc == SIM_ENOMEM) {
        fprintf(stderr, "frontier " CMD ": out of memory\n");
        return 1;
    }
    if (rc) {
        if (!a->strict) args_print_skipped(CMD, &r->rep);
        fprintf(stderr, "frontier " CMD ": %s\n", r->rep.error);
        return 2;
    }
    args_print_skipped(CMD, &r->rep);
    if (r->set->n < FIT_MIN_EVENTS) {
        fprintf(stderr, "frontier " CMD ": %s: %d incidents left after filtering (%ld rows "
                "read); a fit needs at least %d\n", a->path, r->set->n, r->rep.rows_read,
                FIT_MIN_EVENTS);
        return 2;
    }
    return 0;
}

/* The dates as days of the window. Returns 0 or SIM_ENOMEM. */
static int prepare_days(fit_run *r)
{
    const incidents *s = r->set;
    r->day0 = r->opts.has_from ? r->opts.from : s->items[0].day;
    r->day1 = r->opts.has_to ? r->opts.to : s->items[s->n - 1].day;
    r->days = sim_malloc((size_t)s->n * sizeof *r->days);
    if (!r->days) return SIM_ENOMEM;
    int n = incidents_days(s, r->day0, r->day1, r->days, &r->tie_days, &r->tie_events);
    fit_days d = {r->days, n, (int)(r->day1 - r->day0 + 1), date_day_of_year(r->day0), r->day0};
    r->d = d;
    r->ll_poisson = fit_dates_poisson_loglik(&r->d);
    return 0;
}

/* Fits every shape; the best by AIC (among --background's when given) is written. A shape
 * whose window is too short for it is dropped with a note. */
static int fits(fit_run *r)
{
    fit_dates_opts o = {0, 0, 0, 0, r->a->seed};
    int k = 0;
    for (int i = 0; i < r->n_shapes; i++) {
        fit_one *s = &r->shape[i];
        int rc = fit_dates(&r->d, &s->spec, &o, &s->r);
        if (rc == SIM_EINVAL && i > 0) {
            fprintf(stderr, "frontier " CMD ": note: the window is too short for %s; left "
                    "out\n", s->name);
            continue;
        }
        if (rc) return rc;
        s->ks_D = s->r.ks_D;
        s->ks_p = fit_ks_pvalue(s->ks_D, r->d.n);
        if (k) fit_lr_test(&r->shape[0].r, &s->r, &s->lr, &s->lr_df, &s->lr_p);
        if (k != i) r->shape[k] = *s;
        k++;
    }
    r->n_shapes = k;
    r->best = r->given && k > 1 ? 1 : 0;
    for (int i = r->best; i < k; i++)
        if (r->shape[i].r.aic < r->shape[r->best].r.aic) r->best = i;
    return 0;
}

/* ---- the bootstrap --------------------------------------------------------------------- */

static int boot_item(void *ctx, long b)
{
    fit_run *r = ctx;
    const fit_one *s = &r->shape[r->best];
    return fit_boot_sample_dates(&r->d, &s->spec, &s->r, r->a->seed, b, &r->boot_D[b]);
}

/* The parametric-bootstrap p-value of the written shape. Returns 0 or a SIM_E* code. */
static int bootstrap(fit_run *r)
{
    long B = r->a->bootstrap;
    const fit_one *s = &r->shape[r->best];
    if (B == 0) return 0;
    if (!(s->r.est.kappa < 1)) {
        fprintf(stderr, "frontier " CMD ": note: no bootstrap of an explosive fit\n");
        return 0;
    }
    int rc = fit_boot_statistic_dates(&r->d, &s->spec, r->a->seed, &r->boot_stat);
    r->boot_D = sim_calloc((size_t)B, sizeof *r->boot_D);
    if (rc || !r->boot_D) return rc ? rc : SIM_ENOMEM;
    progress pr;
    progress_init(&pr, stderr, CMD, "bootstrap samples", B);
    interrupt_install();
    rc = ens_run_items(B, (int)r->a->jobs, boot_item, r, interrupt_flag(), progress_callback,
                       &pr, &r->boot_done);
    progress_finish(&pr);
    if (rc == SIM_EINTR) {
        r->interrupted = 1;
        rc = 0;
    }
    if (!rc && r->boot_done > 0)
        r->boot_p = fit_boot_pvalue(r->boot_stat, r->boot_D, (int)r->boot_done);
    return rc;
}

/* ---- report ---------------------------------------------------------------------------- */

static void print_filter(FILE *f, const incidents_opts *o, const char *prefix)
{
    char a[11], b[11];
    int any = 0;
    fprintf(f, "%s", prefix);
    if (o->actor) { fprintf(f, "%sactor contains \"%s\"", any++ ? "; " : "", o->actor); }
    if (o->country) { fprintf(f, "%scountry = \"%s\"", any++ ? "; " : "", o->country); }
    if (o->has_from || o->has_to) {
        date_format(o->from, a);
        date_format(o->to, b);
        fprintf(f, "%sdates %s..%s", any++ ? "; " : "", o->has_from ? a : "", o->has_to ? b : "");
    }
    if (o->has_bbox)
        fprintf(f, "%sbbox lon %g..%g, lat %g..%g", any++ ? "; " : "", o->lon0, o->lon1,
                o->lat0, o->lat1);
    fprintf(f, "%s\n", any ? "" : "none");
}

static void print_rows(FILE *f, const incidents_report *rep, const char *prefix)
{
    long skipped = rep->rows_read - rep->rows_used;
    fprintf(f, "%sread %ld, used %ld, skipped %ld", prefix, rep->rows_read, rep->rows_used,
            skipped);
    for (int i = 0; i < INC_NSKIP; i++)
        fprintf(f, "%s%s %ld", i ? ", " : " (", incidents_skip_name(i), rep->skipped[i]);
    fprintf(f, ")\n");
}

static void print_window(FILE *f, const fit_run *r, const char *pre)
{
    char a[11], b[11];
    date_format(r->day0, a);
    date_format(r->day1, b);
    fprintf(f, "%swindow: %s..%s (%d days), %d events, %.4g per day\n", pre, a, b,
            r->d.ndays, r->d.n, r->d.n / (double)r->d.ndays);
    fprintf(f, "%stimes: dates only; %d days had 2 or more events (%d events); fitted to the "
            "dates (Monte Carlo EM over the times within each day, seed %llu)\n", pre,
            r->tie_days, r->tie_events, r->a->seed);
}

/* A row with a 95% interval on the log scale (the parameters are positive). */
static void print_row(FILE *f, const char *name, double est, double se)
{
    double s = se / est;
    fprintf(f, "  %-32s %11.5g %11.3g   %.4g to %.4g\n", name, est, se, est * exp(-Z95 * s),
            est * exp(Z95 * s));
}

static void print_levels(FILE *f, const fit_result *h, long day0)
{
    const bg_shape *b = &h->est.bg;
    fprintf(f, "  background per day, by %s:\n", b->kind == BG_PIECEWISE ? "block" : "knot");
    for (int k = 0; k < b->n; k++) {
        char d[11];
        long day = b->from + (long)floor(k * b->step);
        date_format(k == 0 && day > day0 ? day0 : day, d);
        double v = h->est.mu * b->level[k], s = fit_se_log_level(h, k);
        fprintf(f, "    %s %s %11.4g   %.4g to %.4g\n", b->kind == BG_PIECEWISE ? "from" : "at",
                d, v, v * exp(-Z95 * s), v * exp(Z95 * s));
    }
}

static void print_fit(FILE *f, const fit_one *o, double ll_poisson, long day0)
{
    const fit_result *h = &o->r;
    char title[64];
    snprintf(title, sizeof title, "Hawkes, %s background", o->name);
    fprintf(f, "\n%-34s %11s %11s   %s\n", title, "estimate", "std. err.", "95% interval");
    print_row(f, h->n_levels > 1 ? "mu, background per day (end)" : "mu, background per day",
              h->est.mu, h->se.mu);
    print_row(f, "kappa, branching ratio", h->est.kappa, h->se.kappa);
    print_row(f, "beta, decay per day", h->est.beta, h->se.beta);
    print_row(f, "mean lag 1/beta, days", h->mean_lag, h->se_mean_lag);
    if (h->spec.shape == FIT_SEASONAL) {
        fprintf(f, "  %-32s %11.5g %11.3g\n", "A, seasonal amplitude", h->est.amplitude,
                h->se.amplitude);
        fprintf(f, "  %-32s %11.5g %11.3g\n", "seasonal peak, day of year", h->est.peak_day,
                h->se.peak_day);
    }
    if (h->n_levels > 1) print_levels(f, h, day0);
    if (h->spec.shape == FIT_SPLINE)
        fprintf(f, "  %-32s %11.4g (chosen by AIC), %.3g effective parameters\n",
                "roughness penalty", h->spec.penalty, h->edf);
    fprintf(f, "  %-32s %11.6g (Monte Carlo s.e. %.2g)\n", "log-likelihood of the dates",
            h->loglik, h->loglik_se);
    fprintf(f, "  %-32s %11.6g\n", "gain over Poisson", h->loglik - ll_poisson);
    fprintf(f, "  %-32s D = %.4f (mean over imputed times), asymptotic p = %.3g\n",
            "KS time-rescaling", o->ks_D, o->ks_p);
    fprintf(f, "  %-32s %10.0f%% of the decay's information\n", "lost to unknown times",
            100 * h->missing_beta);
}

static void print_comparison(FILE *f, const fit_run *r)
{
    double amin = HUGE_VAL;
    for (int i = 0; i < r->n_shapes; i++) amin = fmin(amin, r->shape[i].r.aic);
    fprintf(f, "\n%-16s %12s %8s %12s %8s   %s\n", "background", "log-lik", "edf", "AIC",
            "dAIC", "LR vs constant");
    for (int i = 0; i < r->n_shapes; i++) {
        const fit_one *o = &r->shape[i];
        fprintf(f, "%-16s %12.6g %8.3g %12.6g %8.2f   ", o->name, o->r.loglik, o->r.edf,
                o->r.aic, o->r.aic - amin);
        if (i) fprintf(f, "LR = %.4g (chi-square, %.3g df), p = %.3g", o->lr, o->lr_df,
                       o->lr_p);
        fprintf(f, "%s\n", i == r->best ? "   <- written" : "");
    }
}

static void print_bootstrap(FILE *f, const fit_run *r)
{
    if (!r->boot_D) return;
    fprintf(f, "\ngoodness of fit (%s): KS D = %.4f, parametric-bootstrap p = %.3g "
            "(%ld of %ld samples%s)\n", r->shape[r->best].name, r->boot_stat, r->boot_p,
            r->boot_done, r->a->bootstrap, r->interrupted ? ", INTERRUPTED" : "");
}

static void print_report(FILE *f, const fit_run *r)
{
    const fit_args *a = r->a;
    fprintf(f, "source: %s (layout %s)\n", a->path, incidents_format_name(r->rep.format));
    print_filter(f, &r->opts, "filter: ");
    print_rows(f, &r->rep, "rows: ");
    print_window(f, r, "");
    fprintf(f, "\n%-34s %11s\n", "homogeneous Poisson", "estimate");
    fprintf(f, "  %-32s %11.5g\n", "rate per day", r->d.n / (double)r->d.ndays);
    fprintf(f, "  %-32s %11.6g\n", "log-likelihood of the dates", r->ll_poisson);
    for (int i = 0; i < r->n_shapes; i++) print_fit(f, &r->shape[i], r->ll_poisson, r->day0);
    print_comparison(f, r);
    print_bootstrap(f, r);
}

/* ---- fragment -------------------------------------------------------------------------- */

static void write_comments(FILE *f, const fit_run *r)
{
    const fit_args *a = r->a;
    fprintf(f, "# Militant parameters fitted by `frontier fit` (exponential Hawkes process\n"
               "# fitted to the dates by maximum likelihood). A scenario fragment: use it\n"
               "# with `extends:`. base_rate is the background at the end of the window.\n");
    fprintf(f, "# source: %s (layout %s)\n", a->path, incidents_format_name(r->rep.format));
    char sha[SHA256_HEX_LEN];
    fprintf(f, "# provenance: frontier %s, output format %d, command:", FRONTIER_VERSION,
            PROV_OUTPUT_FORMAT);
    for (int i = 0; i < a->rec.argc; i++) fprintf(f, " %s", a->rec.argv[i]);
    if (sha256_file(a->path, sha, NULL) == 0) fprintf(f, "\n# source sha256: %s", sha);
    fputc('\n', f);
    print_filter(f, &r->opts, "# filter: ");
    print_rows(f, &r->rep, "# rows: ");
    print_window(f, r, "# ");
    for (int i = 0; i < r->n_shapes; i++) {
        const fit_result *h = &r->shape[i].r;
        fprintf(f, "# %s: mu %.4g (se %.2g), kappa %.4g (se %.2g), beta %.4g (se %.2g), "
                "log-likelihood %.6g, AIC %.6g\n", r->shape[i].name, h->est.mu, h->se.mu,
                h->est.kappa, h->se.kappa, h->est.beta, h->se.beta, h->loglik, h->aic);
    }
    if (r->boot_D)
        fprintf(f, "# KS time-rescaling of the written fit: D = %.4f, parametric-bootstrap "
                "p = %.3g (%ld samples)\n", r->boot_stat, r->boot_p, r->boot_done);
    fprintf(f, "# written: the %s fit (%s)\n", r->shape[r->best].name,
            r->given ? "the shape asked for with --background" : "lowest AIC");
}

static void write_yaml(FILE *f, const fit_result *h)
{
    const fit_params *p = &h->est;
    fprintf(f, "militants:\n  base_rate: %.6g\n  branching: %.6g\n  decay: %.6g\n", p->mu,
            p->kappa, p->beta);
    fprintf(f, "  season:\n    amplitude: %.6g\n    peak_day: %.6g\n",
            h->spec.shape == FIT_SEASONAL ? p->amplitude : 0.0,
            h->spec.shape == FIT_SEASONAL && p->peak_day >= 1 ? p->peak_day : 120.0);
    const bg_shape *b = &p->bg;
    fprintf(f, "  background:\n    shape: %s\n", bg_kind_name(b->kind));
    if (b->kind == BG_CONSTANT) return;
    char d[11];
    date_format(b->from, d);
    fprintf(f, "    from: %s\n    step: %.10g\n    levels: [", d, b->step);
    for (int k = 0; k < b->n; k++) fprintf(f, "%s%.6g", k ? ", " : "", b->level[k]);
    fprintf(f, "]\n");
}

/* Opens the fragment's temporary file (creating its folder) before any work, so that an
 * unwritable path fails fast. Returns NULL after a message. */
static afile *open_fragment(const char *path)
{
    char dir[4096], msg[1200];
    if (outset_check_file(path, msg, sizeof msg) != 0) {
        fprintf(stderr, "frontier " CMD ": --out %s\n", msg);
        return NULL;
    }
    const char *slash = strrchr(path, '/');
    if (slash && slash != path && (size_t)(slash - path) < sizeof dir) {
        memcpy(dir, path, (size_t)(slash - path));
        dir[slash - path] = '\0';
        if (afile_mkdirs(dir) != 0) {
            fprintf(stderr, "frontier " CMD ": %s: cannot create: %s\n", dir, strerror(errno));
            return NULL;
        }
    }
    afile *af = afile_open(path);
    if (!af) fprintf(stderr, "frontier " CMD ": %s: cannot write: %s\n", path, strerror(errno));
    return af;
}

/* Writes and commits the fragment (af is consumed). */
static int write_fragment(const fit_run *r, afile *af)
{
    write_comments(afile_stream(af), r);
    write_yaml(afile_stream(af), &r->shape[r->best].r);
    if (afile_commit(af) != 0) {
        fprintf(stderr, "frontier " CMD ": %s: cannot write: %s\n", r->a->out, strerror(errno));
        return 1;
    }
    if (!r->a->quiet) printf("\nwrote %s (the %s fit)\n", r->a->out, r->shape[r->best].name);
    return 0;
}

/* The time-rescaling figures beside the fragment (FILE-counts.png, FILE-ks.png); a failure
 * is a warning: the fit is written. */
static void write_plots(const fit_args *a, const fit_run *r)
{
    char dir[4096], stem[256], cap[600], err[600] = "out of memory";
    const char *slash = strrchr(a->out, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - a->out) : 1, slash ? a->out : ".");
    args_file_stem(a->out, stem, sizeof stem);
    snprintf(cap, sizeof cap, "n = %d incidents from %s (layout %s), imputation seed %llu",
             r->d.n, a->path, incidents_format_name(r->rep.format), a->seed);
    plot_target t = {NULL, dir, a->formats, cap};
    plot_fit_model m[FIT_SHAPES_MAX + 1];
    char names[FIT_SHAPES_MAX][64];
    double *times[FIT_SHAPES_MAX] = {NULL};
    int n = 0, rc = 0;
    for (int i = 0; !rc && i < r->n_shapes; i++) {   /* each fit's own imputed times */
        rc = fit_dates_impute(&r->d, &r->shape[i].r, 1, a->seed, &times[i]);
        snprintf(names[i], sizeof names[i], "Hawkes, %s background", r->shape[i].name);
        if (!rc) m[++n] = (plot_fit_model){names[i], r->shape[i].r.est, times[i]};
    }
    if (!rc && n > 0) {   /* Poisson on the times of the first fit */
        m[0] = (plot_fit_model){"Poisson", {.mu = r->d.n / (double)r->d.ndays, .beta = 1},
                                times[0]};
        rc = plot_fit(&r->d, m, n + 1, &t, stem, err, sizeof err);
    }
    for (int i = 0; i < FIT_SHAPES_MAX; i++) sim_free(times[i]);
    if (rc) fprintf(stderr, "frontier " CMD ": plots not drawn: %s\n", err);
}

/* ---- entry ----------------------------------------------------------------------------- */

static int compute(fit_run *r)
{
    int rc = fits(r);
    if (!rc) rc = bootstrap(r);
    if (rc == SIM_ENOMEM) fprintf(stderr, "frontier " CMD ": out of memory\n");
    else if (rc) fprintf(stderr, "frontier " CMD ": %s: the fit failed: %s\n", r->a->path,
                         sim_strerror(rc));
    return rc ? 1 : 0;
}

static void release(fit_run *r)
{
    for (int i = 0; i < r->n_shapes; i++) fit_result_free(&r->shape[i].r);
    sim_free(r->boot_D);
    sim_free(r->days);
    incidents_destroy(r->set);
}

static int run(const fit_args *a)
{
    fit_run r;
    memset(&r, 0, sizeof r);
    r.a = a;
    afile *af = NULL;
    int rc = build_opts(a, &r.opts);
    if (!rc && !(af = open_fragment(a->out))) rc = 2;
    if (!rc) rc = load(a, &r);
    if (!rc && prepare_days(&r)) rc = 1;
    if (!rc && r.d.n < FIT_MIN_EVENTS) rc = usage_error("%d incidents inside the window; a "
                                                         "fit needs at least %d", r.d.n,
                                                         FIT_MIN_EVENTS);
    if (!rc) rc = choose_shapes(a, &r);
    if (!rc) rc = compute(&r);
    if (!rc && !a->quiet) print_report(stdout, &r);
    const fit_result *w = rc ? NULL : &r.shape[r.best].r;
    if (w && w->est.kappa >= 1)
        fprintf(stderr, "frontier " CMD ": warning: branching ratio %.3g >= 1 (explosive); a "
                "scenario using it needs allow_explosive: true\n", w->est.kappa);
    if (!rc) {
        rc = write_fragment(&r, af);
        af = NULL;
    }
    if (!rc) write_plots(a, &r);
    if (!rc && r.interrupted) rc = 130;
    afile_abort(af);
    release(&r);
    return rc;
}

static const opt_cmd FIT_CMD = {
    CMD, "EVENTS.csv [options]",
    "Fits exponential Hawkes processes to the dates of real incidents by maximum likelihood "
    "(the times within each day are unknown: Monte Carlo EM), with several background shapes "
    "(constant, seasonal, piecewise, spline) compared by likelihood ratio and AIC, tests the "
    "best with a parametric-bootstrap KS test, prints the table and writes it as a scenario "
    "fragment (militants:) that a scenario can extend: out/STEM-fit.yaml unless --out says "
    "otherwise.",
    {"frontier fit examples/data/synthetic-incidents.csv --actor TTP    # writes "
     "out/synthetic-incidents-fit.yaml",
     "frontier fit gtd.csv --format gtd --country Pakistan -b piecewise:365 -o fit.yaml",
     "frontier fit ucdp.csv -f ucdp --bbox 69,30,74,36 --bootstrap 999 -j 2 -o out/kp.yaml"}};

/* out/STEM-fit.yaml for EVENTS.csv when no --out is given. */
static void default_out(fit_args *a, char *buf, size_t n)
{
    char stem[256];
    if (a->out) return;
    args_file_stem(a->path, stem, sizeof stem);
    snprintf(buf, n, "out/%s-fit.yaml", stem);
    a->out = buf;
}

int cmd_fit(int argc, char **argv)
{
    fit_args a = {.seed = 1, .bootstrap = 99, .jobs = 1};
    const opt_spec specs[] = {
        {"format", 'f', OPT_STRING, &a.format, "F",
         "auto (default), gtd, ucdp, acled, csv or record"},
        {"actor", 0, OPT_STRING, &a.actor, "S", "keep rows whose actor contains S (any case)"},
        {"from", 0, OPT_STRING, &a.from, "DATE", "first day of the window (YYYY-MM-DD)"},
        {"to", 0, OPT_STRING, &a.to, "DATE", "last day of the window (YYYY-MM-DD)"},
        {"bbox", 0, OPT_STRING, &a.bbox, "LON0,LAT0,LON1,LAT1", "keep rows inside the box"},
        {"country", 0, OPT_STRING, &a.country, "C", "keep rows of country C (any case)"},
        {"strict", 0, OPT_FLAG, &a.strict, NULL, "fail on the first malformed row"},
        {"background", 'b', OPT_LIST, &a.shapes, "SHAPE", "constant, seasonal, piecewise:DAYS "
         "or spline:K (repeatable; default: all four, the lowest AIC written)"},
        {"bootstrap", 0, OPT_INT, &a.bootstrap, "N", "bootstrap samples of the KS test "
         "(default 99, 0: none)"},
        {"jobs", 'j', OPT_INT, &a.jobs, "J", "threads for the bootstrap (default 1)"},
        {"seed", 's', OPT_UINT64, &a.seed, "N", "seed of the Monte Carlo parts (default 1)"},
        {"out", 'o', OPT_OUTPUT, &a.out, "FILE.yaml",
         "the scenario fragment (default out/STEM-fit.yaml)"},
        {"plots", 0, OPT_STRING, &a.plots, "png,svg,pdf|none",
         "formats of the figures beside the fragment (default png)"},
        {"no-plots", 0, OPT_FLAG, &a.no_plots, NULL, "no figures (--plots none)"},
        {"quiet", 'q', OPT_FLAG, &a.quiet, NULL, "no table on stdout"},
    };
    const int n_specs = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    char out[512];
    int rc = args_parse(&FIT_CMD, argc, argv, specs, n_specs, pos, 1, &a.rec);
    if (rc) return rc < 0 ? 0 : rc;
    a.path = pos[0];
    if (args_plots(CMD, a.plots, a.no_plots, &a.formats)) return 2;
    default_out(&a, out, sizeof out);
    return run(&a);
}
