/* cmd_fit.c - `frontier fit`: import incidents, fit exponential Hawkes processes (constant
 * and seasonal background), test them, print a table and write a scenario fragment. */
#include "args.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "cmd.h"
#include "data/fit.h"
#include "data/incidents.h"
#include "engine/rng.h"
#include "io/afile.h"
#include "io/outset.h"
#include "io/sha256.h"
#include "opt.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define CMD "fit"
#define FIT_MIN_EVENTS 10      /* fewer events cannot pin down three parameters */
#define FIT_LR_LEVEL 0.05      /* the seasonal fit is written when the LR test rejects at this */

typedef struct fit_args {
    const char *path, *format, *actor, *from, *to, *bbox, *country, *out;
    int strict, quiet;
    unsigned long long seed;
    opt_record rec;
} fit_args;

/* Everything one run computes. */
typedef struct fit_run {
    incidents_opts opts;
    incidents_report rep;
    incidents *set;
    long day0, day1;
    double *t;
    fit_data d;
    int tie_days, tie_events;
    fit_result hc, hs;
    double ks_c[2], ks_s[2], ks_p[2];   /* D, p-value */
    double lr, lr_p, ll_poisson;
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

/* Event times in days since the window's first day, jittered within their day. */
static int prepare_times(fit_run *r, unsigned long long seed)
{
    const incidents *s = r->set;
    r->day0 = r->opts.has_from ? r->opts.from : s->items[0].day;
    r->day1 = r->opts.has_to ? r->opts.to : s->items[s->n - 1].day;
    r->t = sim_malloc((size_t)s->n * sizeof *r->t);
    gsl_rng *g = rng_create(seed, 0, "jitter");
    if (!r->t || !g) {
        rng_destroy(g);
        return SIM_ENOMEM;
    }
    incidents_jitter_times(s, r->day0, g, r->t, &r->tie_days, &r->tie_events);
    rng_destroy(g);
    r->d.t = r->t;
    r->d.n = s->n;
    r->d.T = (double)(r->day1 - r->day0 + 1);
    r->d.doy0 = date_day_of_year(r->day0);
    return 0;
}

static int fits(fit_run *r)
{
    fit_params pois = {r->d.n / r->d.T, 0, 1, 0, 0};
    if (fit_hawkes(&r->d, 0, &r->hc) || fit_hawkes(&r->d, 1, &r->hs)) return SIM_ENUMERIC;
    fit_lr_test(&r->hc, &r->hs, &r->lr, &r->lr_p);
    r->ll_poisson = fit_poisson_loglik(&r->d);
    if (fit_ks(&r->d, &r->hc.est, &r->ks_c[0], &r->ks_c[1]) ||
        fit_ks(&r->d, &r->hs.est, &r->ks_s[0], &r->ks_s[1]) ||
        fit_ks(&r->d, &pois, &r->ks_p[0], &r->ks_p[1]))
        return SIM_ENOMEM;
    return 0;
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

static void print_window(FILE *f, const fit_run *r, unsigned long long seed, const char *pre)
{
    char a[11], b[11];
    date_format(r->day0, a);
    date_format(r->day1, b);
    fprintf(f, "%swindow: %s..%s (%.0f days), %d events, %.4g per day\n", pre, a, b, r->d.T,
            r->d.n, r->d.n / r->d.T);
    fprintf(f, "%stimes: date-only; each event placed uniformly at random within its day "
            "(seed %llu, stream \"jitter\"); %d days had 2 or more events (%d events)\n", pre,
            seed, r->tie_days, r->tie_events);
}

static void print_row(FILE *f, const char *name, double est, double se)
{
    fprintf(f, "  %-30s %12.5g %12.3g\n", name, est, se);
}

static void print_fit(FILE *f, const char *title, const fit_result *h, const double ks[2],
                      double ll_poisson)
{
    fprintf(f, "\n%-32s %12s %12s\n", title, "estimate", "std. err.");
    print_row(f, "mu, background per day", h->est.mu, h->se.mu);
    print_row(f, "kappa, branching ratio", h->est.kappa, h->se.kappa);
    print_row(f, "beta, decay per day", h->est.beta, h->se.beta);
    print_row(f, "mean lag 1/beta, days", h->mean_lag, h->se_mean_lag);
    if (h->seasonal) {
        print_row(f, "A, seasonal amplitude", h->est.amplitude, h->se.amplitude);
        print_row(f, "seasonal peak, day of year", h->est.peak_day, h->se.peak_day);
    }
    fprintf(f, "  %-30s %12.6g\n", "log-likelihood", h->loglik);
    fprintf(f, "  %-30s %12.6g\n", "gain over Poisson", h->loglik - ll_poisson);
    fprintf(f, "  %-30s D = %.4f, p = %.3g\n", "KS time-rescaling", ks[0], ks[1]);
    fprintf(f, "  %-30s %d of %d converged, %ld evaluations\n", "starting points", h->converged,
            h->starts, h->evals);
}

static void print_report(FILE *f, const fit_args *a, const fit_run *r)
{
    fprintf(f, "source: %s (layout %s)\n", a->path, incidents_format_name(r->rep.format));
    print_filter(f, &r->opts, "filter: ");
    print_rows(f, &r->rep, "rows: ");
    print_window(f, r, a->seed, "");
    fprintf(f, "\n%-32s %12s\n", "homogeneous Poisson", "estimate");
    fprintf(f, "  %-30s %12.5g\n", "rate per day", r->d.n / r->d.T);
    fprintf(f, "  %-30s %12.6g\n", "log-likelihood", r->ll_poisson);
    fprintf(f, "  %-30s D = %.4f, p = %.3g\n", "KS time-rescaling", r->ks_p[0], r->ks_p[1]);
    print_fit(f, "Hawkes, constant background", &r->hc, r->ks_c, r->ll_poisson);
    print_fit(f, "Hawkes, seasonal background", &r->hs, r->ks_s, r->ll_poisson);
    fprintf(f, "\nseasonal vs constant background: LR = %.4g (chi-square, 2 df), p = %.3g\n",
            r->lr, r->lr_p);
}

/* ---- fragment -------------------------------------------------------------------------- */

static void write_comments(FILE *f, const fit_args *a, const fit_run *r, int seasonal)
{
    fprintf(f, "# Militant parameters fitted by `frontier fit` (exponential Hawkes process,\n"
               "# maximum likelihood). A scenario fragment: use it with `extends:`.\n");
    fprintf(f, "# source: %s (layout %s)\n", a->path, incidents_format_name(r->rep.format));
    char sha[SHA256_HEX_LEN];
    fprintf(f, "# provenance: frontier %s, output format %d, command:", FRONTIER_VERSION,
            PROV_OUTPUT_FORMAT);
    for (int i = 0; i < a->rec.argc; i++) fprintf(f, " %s", a->rec.argv[i]);
    if (sha256_file(a->path, sha, NULL) == 0) fprintf(f, "\n# source sha256: %s", sha);
    fputc('\n', f);
    print_filter(f, &r->opts, "# filter: ");
    print_rows(f, &r->rep, "# rows: ");
    print_window(f, r, a->seed, "# ");
    fprintf(f, "# constant fit: mu %.4g (se %.2g), kappa %.4g (se %.2g), beta %.4g (se %.2g), "
            "log-likelihood %.6g, KS p = %.3g\n", r->hc.est.mu, r->hc.se.mu, r->hc.est.kappa,
            r->hc.se.kappa, r->hc.est.beta, r->hc.se.beta, r->hc.loglik, r->ks_c[1]);
    fprintf(f, "# seasonal fit: amplitude %.3g (se %.2g), peak day %.0f (se %.2g); "
            "LR = %.4g, p = %.3g\n", r->hs.est.amplitude, r->hs.se.amplitude,
            r->hs.est.peak_day, r->hs.se.peak_day, r->lr, r->lr_p);
    fprintf(f, "# gain over a Poisson process: %.6g log-likelihood units\n",
            r->hc.loglik - r->ll_poisson);
    fprintf(f, "# written: the %s fit (the seasonal term is %ssignificant at the %g level)\n",
            seasonal ? "seasonal" : "constant", seasonal ? "" : "not ", FIT_LR_LEVEL);
}

static void write_yaml(FILE *f, const fit_run *r, int seasonal)
{
    const fit_params *p = seasonal ? &r->hs.est : &r->hc.est;
    double peak = r->hs.est.peak_day >= 1 ? r->hs.est.peak_day : 120;
    fprintf(f, "militants:\n  base_rate: %.6g\n  branching: %.6g\n  decay: %.6g\n", p->mu,
            p->kappa, p->beta);
    fprintf(f, "  season:\n    amplitude: %.6g\n    peak_day: %.6g\n",
            seasonal ? p->amplitude : 0.0, peak);
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
static int write_fragment(const fit_args *a, const fit_run *r, afile *af)
{
    int seasonal = r->lr_p < FIT_LR_LEVEL;
    write_comments(afile_stream(af), a, r, seasonal);
    write_yaml(afile_stream(af), r, seasonal);
    if (afile_commit(af) != 0) {
        fprintf(stderr, "frontier " CMD ": %s: cannot write: %s\n", a->out, strerror(errno));
        return 1;
    }
    if (!a->quiet) printf("\nwrote %s (the %s fit)\n", a->out, seasonal ? "seasonal" : "constant");
    return 0;
}

/* ---- entry ----------------------------------------------------------------------------- */

static int run(const fit_args *a)
{
    fit_run r;
    memset(&r, 0, sizeof r);
    afile *af = NULL;
    int rc = build_opts(a, &r.opts);
    if (!rc && !(af = open_fragment(a->out))) rc = 2;
    if (!rc) rc = load(a, &r);
    if (!rc && prepare_times(&r, a->seed)) rc = 1;
    if (!rc && fits(&r)) {
        fprintf(stderr, "frontier " CMD ": %s: the fit failed (no starting point reached a "
                "finite optimum)\n", a->path);
        rc = 1;
    }
    if (!rc && !a->quiet) print_report(stdout, a, &r);
    if (!rc && r.hc.est.kappa >= 1)
        fprintf(stderr, "frontier " CMD ": warning: branching ratio %.3g >= 1 (explosive); a "
                "scenario using it needs allow_explosive: true\n", r.hc.est.kappa);
    if (!rc) {
        rc = write_fragment(a, &r, af);
        af = NULL;
    }
    afile_abort(af);
    sim_free(r.t);
    incidents_destroy(r.set);
    return rc;
}

static const opt_cmd FIT_CMD = {
    CMD, "EVENTS.csv [options]",
    "Fits exponential Hawkes processes (constant and seasonal background) to real incidents "
    "by maximum likelihood, tests them against a Poisson process, prints the table and "
    "writes the better fit as a scenario fragment (militants:) that a scenario can extend: "
    "out/STEM-fit.yaml unless --out says otherwise.",
    {"frontier fit examples/data/synthetic-incidents.csv --actor TTP    # writes "
     "out/synthetic-incidents-fit.yaml",
     "frontier fit gtd.csv --format gtd --country Pakistan --from 2015-01-01 -o fit.yaml",
     "frontier fit ucdp.csv -f ucdp --bbox 69,30,74,36 -q -o out/kp.yaml"}};

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
    fit_args a = {.seed = 1};
    const opt_spec specs[] = {
        {"format", 'f', OPT_STRING, &a.format, "F",
         "auto (default), gtd, ucdp, acled, csv or record"},
        {"actor", 0, OPT_STRING, &a.actor, "S", "keep rows whose actor contains S (any case)"},
        {"from", 0, OPT_STRING, &a.from, "DATE", "first day of the window (YYYY-MM-DD)"},
        {"to", 0, OPT_STRING, &a.to, "DATE", "last day of the window (YYYY-MM-DD)"},
        {"bbox", 0, OPT_STRING, &a.bbox, "LON0,LAT0,LON1,LAT1", "keep rows inside the box"},
        {"country", 0, OPT_STRING, &a.country, "C", "keep rows of country C (any case)"},
        {"strict", 0, OPT_FLAG, &a.strict, NULL, "fail on the first malformed row"},
        {"seed", 's', OPT_UINT64, &a.seed, "N", "seed of the within-day jitter (default 1)"},
        {"out", 'o', OPT_OUTPUT, &a.out, "FILE.yaml",
         "the scenario fragment (default out/STEM-fit.yaml)"},
        {"quiet", 'q', OPT_FLAG, &a.quiet, NULL, "no table on stdout"},
    };
    const int n_specs = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    char out[512];
    int rc = args_parse(&FIT_CMD, argc, argv, specs, n_specs, pos, 1, &a.rec);
    if (rc) return rc < 0 ? 0 : rc;
    a.path = pos[0];
    default_out(&a, out, sizeof out);
    return run(&a);
}
