/* fit.c - exponential Hawkes fits with a background shape: specs, the exact-times fit and its
 * standard errors, likelihood-ratio and time-rescaling tests, parameter draws, and an exact
 * simulator. The likelihood machinery itself is in fit_ws.c. */
#include "data/fit.h"
#include "base/alloc.h"
#include "base/err.h"
#include "data/fit_int.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TWO_PI 6.283185307179586

/* ---- specs ----------------------------------------------------------------------------- */

static const char *const shape_names[FIT_NSHAPES] = {"constant", "seasonal", "piecewise",
                                                      "spline"};

static int parse_count(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

int fit_spec_parse(const char *s, fit_spec *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    out->penalty = -1;
    const char *colon = s ? strchr(s, ':') : NULL;
    size_t len = colon ? (size_t)(colon - s) : (s ? strlen(s) : 0);
    long v = 0;
    for (int k = 0; s && k < FIT_NSHAPES; k++) {
        if (strlen(shape_names[k]) != len || strncmp(s, shape_names[k], len) != 0) continue;
        out->shape = k;
        if (k < FIT_PIECEWISE) {
            if (!colon) return 0;
            snprintf(why, n, "%s takes no argument, found '%s'", shape_names[k], s);
        } else if (k == FIT_PIECEWISE) {
            if (colon && parse_count(colon + 1, 7, 36525, &v) == 0) {
                out->days = (int)v;
                return 0;
            }
            snprintf(why, n, "piecewise:DAYS needs a whole number of days from 7 to 36525, "
                     "found '%s'", s);
        } else {
            if (colon && parse_count(colon + 1, 3, BG_LEVELS_MAX, &v) == 0) {
                out->knots = (int)v;
                return 0;
            }
            snprintf(why, n, "spline:K needs a whole number of knots from 3 to %d, found '%s'",
                     BG_LEVELS_MAX, s);
        }
        return SIM_EPARSE;
    }
    snprintf(why, n, "expected constant, seasonal, piecewise:DAYS or spline:K, found '%s'",
             s ? s : "");
    return SIM_EPARSE;
}

void fit_spec_format(const fit_spec *s, char *out, size_t n)
{
    const char *name = s->shape >= 0 && s->shape < FIT_NSHAPES ? shape_names[s->shape] : "?";
    if (s->shape == FIT_PIECEWISE) snprintf(out, n, "%s:%d", name, s->days);
    else if (s->shape == FIT_SPLINE) snprintf(out, n, "%s:%d", name, s->knots);
    else snprintf(out, n, "%s", name);
}

int fit_spec_shape(const fit_spec *s, long date0, double T, bg_shape *out)
{
    memset(out, 0, sizeof *out);
    long nd = (long)ceil(T);
    if (s->shape == FIT_PIECEWISE) {
        if (s->days < 1) return SIM_EINVAL;
        long nb = lround(T / s->days);
        if (nb < 2 || nb > BG_LEVELS_MAX) return SIM_EINVAL;
        out->kind = BG_PIECEWISE;
        out->n = (int)nb;
        out->step = s->days;
        out->from = date0 + nd - nb * s->days;
    } else if (s->shape == FIT_SPLINE) {
        if (s->knots < 3 || s->knots > BG_LEVELS_MAX || T < s->knots - 1) return SIM_EINVAL;
        out->kind = BG_SPLINE;
        out->n = s->knots;
        out->step = (double)nd / (s->knots - 1);
        out->from = date0;
    }
    for (int k = 0; k < out->n; k++) out->level[k] = 1;
    return 0;
}

/* ---- results --------------------------------------------------------------------------- */

void fit_result_free(fit_result *r)
{
    if (!r) return;
    sim_free(r->x);
    sim_free(r->cov);
    sim_free(r->chol);
    r->x = r->cov = r->chol = NULL;
}

static int cholesky(const double *a, int np, double *l);

int fit_result_set_cov(fit_result *r, const double *cov)
{
    size_t nn = (size_t)r->np * (size_t)r->np;
    sim_free(r->cov);
    sim_free(r->chol);
    r->cov = r->chol = NULL;
    if (!cov) return 0;
    r->cov = sim_malloc(nn * sizeof *r->cov);
    r->chol = sim_calloc(nn, sizeof *r->chol);
    if (!r->cov || !r->chol) {
        sim_free(r->cov);
        sim_free(r->chol);
        r->cov = r->chol = NULL;
        return SIM_ENOMEM;
    }
    memcpy(r->cov, cov, nn * sizeof *cov);
    if (cholesky(cov, r->np, r->chol) != 0) {   /* not positive definite: no draws */
        sim_free(r->chol);
        r->chol = NULL;
    }
    return 0;
}

static double cov_at(const fit_result *r, int i, int j)
{
    return r->cov ? r->cov[i * r->np + j] : NAN;
}

double fit_se_log_level(const fit_result *r, int k)
{
    if (!r->cov || k < 0 || k >= r->n_levels) return NAN;
    double v = cov_at(r, 2 + k, 2 + k);
    return v >= 0 ? sqrt(v) : NAN;
}

static double sd_at(const fit_result *r, int i)
{
    double v = cov_at(r, i, i);
    return v >= 0 ? sqrt(v) : NAN;
}

/* Natural parameters from coordinates z on the workspace's layout. */
static void params_from_z(const fit_ws *w, const double *z, fit_params *p)
{
    memset(p, 0, sizeof *p);
    p->kappa = exp(z[0]);
    p->beta = exp(z[1]);
    const double *v = z + 2;
    p->mu = exp(v[w->m - 1]);
    if (w->m > 1) {
        p->bg = w->shape;
        for (int k = 0; k < w->m; k++) p->bg.level[k] = exp(v[k] - v[w->m - 1]);
    }
    if (!w->seasonal) return;
    double a = z[2 + w->m], b = z[3 + w->m];
    p->amplitude = hypot(a, b);
    double peak = FIT_YEAR_DAYS / TWO_PI * atan2(b, a);
    if (peak < 1) peak += FIT_YEAR_DAYS;
    if (peak > 366) peak = 1; /* days of the year run 1..366; off by at most 0.25 day */
    p->peak_day = p->amplitude > 0 ? peak : 0;
}

/* Standard errors of amplitude and peak day by the delta method. */
static void seasonal_se(const fit_ws *w, const fit_result *r)
{
    fit_params *se = (fit_params *)&r->se;
    int i0 = 2 + w->m;
    double a = r->x[i0], b = r->x[i0 + 1], A = hypot(a, b);
    if (!(A > 0) || !r->cov) {
        se->amplitude = se->peak_day = NAN;
        return;
    }
    double ga[2] = {a / A, b / A}, k = FIT_YEAR_DAYS / TWO_PI;
    double gp[2] = {-k * b / (A * A), k * a / (A * A)}, va = 0, vp = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double c = cov_at(r, i0 + i, i0 + j);
            va += ga[i] * ga[j] * c;
            vp += gp[i] * gp[j] * c;
        }
    se->amplitude = sqrt(va);
    se->peak_day = sqrt(vp);
}

void fit_result_fill(const fit_ws *w, fit_result *out)
{
    out->spec = w->spec;
    if (w->spec.shape == FIT_SPLINE) out->spec.penalty = w->rho;
    out->n_levels = w->m;
    params_from_z(w, out->x, &out->est);
    memset(&out->se, 0, sizeof out->se);
    out->se.kappa = out->est.kappa * sd_at(out, 0);
    out->se.beta = out->est.beta * sd_at(out, 1);
    out->se.mu = out->est.mu * sd_at(out, 2 + w->m - 1);
    out->mean_lag = 1 / out->est.beta;
    out->se_mean_lag = sd_at(out, 1) / out->est.beta;
    if (w->seasonal) seasonal_se(w, out);
    else out->se.amplitude = out->se.peak_day = 0;
    out->penalty = w->rho > 0 ? 0.5 * w->rho * bg_roughness(w->m, out->x + 2, NULL) : 0;
}

/* ---- the exact-times fit --------------------------------------------------------------- */

/* Covariance and effective degrees of freedom at out->x (penalised information; the edf of
 * a spline is the trace of cov times the unpenalised information). */
static int errors_and_edf(fit_ws *w, const double *const *sets, int K, int n, fit_result *out)
{
    int np = w->np;
    double *info = sim_malloc(2 * (size_t)np * (size_t)np * sizeof *info);
    if (!info) return SIM_ENOMEM;
    double *cov = info + np * np;
    int rc = fit_ws_information(w, sets, K, n, out->x, info);
    out->edf = np;
    fit_result_set_cov(out, NULL);
    if (!rc && fit_invert(info, np, cov) == 0) {
        rc = fit_result_set_cov(out, cov);
        if (!rc && w->rho > 0) {
            fit_ws_penalty_hessian(w, info, -1);
            double tr = 0;
            for (int i = 0; i < np; i++)
                for (int j = 0; j < np; j++) tr += cov[i * np + j] * info[j * np + i];
            out->edf = tr;
        }
    }
    sim_free(info);
    return rc;
}

#define N_STARTS_CONST 4

/* Starting point s of a constant fit: (kappa, beta) spread over slow, typical and fast
 * excitation, the background at the rate left over. */
static void start_constant(const fit_data *d, int s, double *z)
{
    static const double kap[N_STARTS_CONST] = {0.3, 0.6, 0.3, 0.1};
    static const double bet[N_STARTS_CONST] = {1.0, 0.1, 10.0, 0.02};
    z[0] = log(kap[s]);
    z[1] = log(bet[s]);
    z[2] = log(d->n / d->T * (1 - kap[s]));
}

/* Maximises from z; keeps it in best when better. */
static void try_start(fit_ws *w, const fit_data *d, double *z, double *best, double *fbest,
                      fit_result *out)
{
    double f;
    const double *sets[1] = {d->t};
    int rc = fit_ws_maximise(w, sets, 1, d->n, z, &f);
    out->starts++;
    out->converged += rc == 1;
    if (rc >= 0 && f > *fbest) {
        *fbest = f;
        memcpy(best, z, (size_t)w->np * sizeof *z);
    }
}

/* Log rate of the events near level k (its block, or half a knot step either side),
 * less the excited share kappa. */
static double local_log_rate(const fit_ws *w, const fit_data *d, int k, double kappa)
{
    double lo, hi;
    if (w->shape.kind == BG_PIECEWISE) {
        lo = k == 0 ? 0 : (double)(w->shape.from - w->date0) + k * w->shape.step;
        hi = k == w->m - 1 ? w->T : (double)(w->shape.from - w->date0) + (k + 1) * w->shape.step;
    } else {
        lo = fmax(0, (k - 0.5) * w->shape.step);
        hi = fmin(w->T, (k + 0.5) * w->shape.step);
    }
    int c = 0;
    for (int i = 0; i < d->n; i++) c += d->t[i] >= lo && d->t[i] < hi;
    return log((c + 0.5) / fmax(hi - lo, 1) * (1 - kappa));
}

/* Starts of the richer shapes from the constant optimum zc. */
static void shape_starts(fit_ws *w, const fit_data *d, const double *zc, double *z,
                         double *best, double *fbest, fit_result *out)
{
    int n_starts = w->seasonal ? 3 : 2;
    for (int s = 0; s < n_starts; s++) {
        z[0] = zc[0];
        z[1] = zc[1];
        for (int k = 0; k < w->m; k++)
            z[2 + k] = (w->m > 1 && s == 1) ? local_log_rate(w, d, k, exp(zc[0])) : zc[2];
        if (w->seasonal) {
            z[2 + w->m] = 0.2 * cos(TWO_PI * s / 3);
            z[3 + w->m] = 0.2 * sin(TWO_PI * s / 3);
        }
        try_start(w, d, z, best, fbest, out);
    }
}

/* The constant fit's optimum on the same window into zc (3 slots). */
static int constant_optimum(const fit_data *d, double *zc, fit_result *out)
{
    fit_spec c = {FIT_CONSTANT, 0, 0, -1};
    int err;
    fit_ws *w = fit_ws_create(&c, d->date0, d->T, d->doy0, &err);
    if (!w) return err;
    double f = -HUGE_VAL, z[3];
    for (int s = 0; s < N_STARTS_CONST; s++) {
        start_constant(d, s, z);
        try_start(w, d, z, zc, &f, out);
    }
    out->evals += w->evals;
    fit_ws_destroy(w);
    return isfinite(f) ? 0 : SIM_ENUMERIC;
}

/* One fit at the workspace's current penalty: best of the starts into out->x, then errors. */
static int fit_once(fit_ws *w, const fit_data *d, const double *zc, fit_result *out)
{
    double *z = sim_malloc((size_t)w->np * sizeof *z), f = -HUGE_VAL;
    if (!z) return SIM_ENOMEM;
    if (w->spec.shape == FIT_CONSTANT) {
        memcpy(out->x, zc, 3 * sizeof *zc);
        f = fit_ws_eval(w, &d->t, 1, d->n, out->x, NULL);
    } else {
        shape_starts(w, d, zc, z, out->x, &f, out);
    }
    sim_free(z);
    if (!isfinite(f)) return SIM_ENUMERIC;
    out->loglik = fit_ws_eval(w, &d->t, 1, d->n, out->x, NULL) +
                  (w->rho > 0 ? 0.5 * w->rho * bg_roughness(w->m, out->x + 2, NULL) : 0);
    int rc = errors_and_edf(w, &d->t, 1, d->n, out);
    out->aic = -2 * out->loglik + 2 * out->edf;
    return rc;
}

/* Penalty weights tried for a spline, smoothest first (each fit starts from the last). */
static const double rho_grid[] = {1e4, 1e3, 1e2, 10, 1, 0.1};
#define N_RHO ((int)(sizeof rho_grid / sizeof rho_grid[0]))

/* Chooses the spline's penalty by AIC, leaving w at it and out at its fit. */
static int choose_penalty(fit_ws *w, const fit_data *d, const double *zc, fit_result *out)
{
    double best_aic = HUGE_VAL, best_rho = rho_grid[0];
    int rc = 0;
    for (int g = 0; g < N_RHO && !rc; g++) {
        fit_ws_set_rho(w, rho_grid[g]);
        rc = fit_once(w, d, zc, out);
        if (!rc && out->aic < best_aic) {
            best_aic = out->aic;
            best_rho = rho_grid[g];
        }
    }
    if (rc) return rc;
    fit_ws_set_rho(w, best_rho);
    return fit_once(w, d, zc, out);
}

static int check_data(const fit_data *d)
{
    if (!d || d->n < 3 || !(d->T > 0) || !isfinite(d->T)) return SIM_EINVAL;
    for (int i = 0; i < d->n; i++)
        if (!(d->t[i] >= 0 && d->t[i] <= d->T) || (i && d->t[i] < d->t[i - 1]))
            return SIM_EINVAL;
    return 0;
}

int fit_ws_fit(fit_ws *w, const fit_data *d, fit_result *out)
{
    double zc[3];
    int rc = constant_optimum(d, zc, out);
    if (rc) return rc;
    if (w->spec.shape == FIT_SPLINE && w->spec.penalty < 0) rc = choose_penalty(w, d, zc, out);
    else rc = fit_once(w, d, zc, out);
    out->evals += w->evals;
    return rc;
}

int fit_hawkes(const fit_data *d, const fit_spec *spec, fit_result *out)
{
    memset(out, 0, sizeof *out);
    out->ks_D = NAN;
    if (check_data(d)) return SIM_EINVAL;
    int rc;
    fit_ws *w = fit_ws_create(spec, d->date0, d->T, d->doy0, &rc);
    if (!w) return rc;
    out->np = w->np;
    out->x = sim_calloc((size_t)w->np, sizeof *out->x);
    rc = out->x ? fit_ws_fit(w, d, out) : SIM_ENOMEM;
    if (!rc) fit_result_fill(w, out);
    fit_ws_destroy(w);
    if (rc) {
        fit_result_free(out);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

void fit_lr_test(const fit_result *small, const fit_result *big, double *stat, double *df,
                 double *p_value)
{
    double s = 2 * (big->loglik - small->loglik), k = big->edf - small->edf;
    *stat = s > 0 ? s : 0;
    *df = k >= 1 ? k : 1;
    *p_value = gsl_cdf_chisq_Q(*stat, *df);
}

/* ---- the likelihood of given parameters ------------------------------------------------ */

static double phase_at(const fit_data *d, double t) { return TWO_PI * (d->doy0 + t) / FIT_YEAR_DAYS; }

static void nat_ab(const fit_params *p, double *a, double *b)
{
    double phi = TWO_PI * p->peak_day / FIT_YEAR_DAYS;
    *a = p->amplitude * cos(phi);
    *b = p->amplitude * sin(phi);
}

static long day_of(const fit_data *d, double t)
{
    long day = (long)t, nd = (long)ceil(d->T);
    return day >= nd ? nd - 1 : day;
}

/* The background of day `day` (0-based) per unit of time, and cos, sin of its phase: the
 * seasonal factor, like the level, is that of the middle of the day. */
static double day_rate(const fit_data *d, const fit_params *p, long day, double *c, double *s)
{
    double a, b, th = phase_at(d, day + 0.5);
    nat_ab(p, &a, &b);
    *c = cos(th);
    *s = sin(th);
    return p->mu * bg_factor(&p->bg, d->date0 + day) * (1 + a * *c + b * *s);
}

/* Background integral over [0, T] and the parts for the gradient: ig[0] d/dmu, ig[1] d/da,
 * ig[2] d/db. */
static double background_total(const fit_data *d, const fit_params *p, double ig[3])
{
    double s = 0;
    ig[0] = ig[1] = ig[2] = 0;
    long nd = (long)ceil(d->T);
    for (long j = 0; j < nd; j++) {
        double c, sn, e = fmin(j + 1.0, d->T) - j, r = day_rate(d, p, j, &c, &sn);
        double f = p->mu * bg_factor(&p->bg, d->date0 + j) * e;
        s += r * e;
        ig[0] += r * e / p->mu;
        ig[1] += f * c;
        ig[2] += f * sn;
    }
    return s;
}

double fit_loglik(const fit_data *d, const fit_params *p, double grad[5])
{
    double A = 0, B = 0, sum = 0, g[5] = {0}, tail = 0, tail_t = 0;
    double kb = p->kappa * p->beta;
    for (int i = 0; i < d->n; i++) {
        if (i > 0) {
            double dt = d->t[i] - d->t[i - 1], e = exp(-p->beta * dt);
            B = e * (B - dt * (1 + A));
            A = e * (1 + A);
        }
        long day = day_of(d, d->t[i]);
        double c, s, r = day_rate(d, p, day, &c, &s), lam = r + kb * A;
        double f = p->mu * bg_factor(&p->bg, d->date0 + day);
        if (!(lam > 0)) return -HUGE_VAL;
        sum += log(lam);
        g[0] += r / p->mu / lam;
        g[1] += p->beta * A / lam;
        g[2] += p->kappa * (A + p->beta * B) / lam;
        g[3] += f * c / lam;
        g[4] += f * s / lam;
        double u = d->T - d->t[i], e = exp(-p->beta * u);
        tail += 1 - e;
        tail_t += u * e;
    }
    double ig[3], bgi = background_total(d, p, ig);
    if (grad) {
        grad[0] = g[0] - ig[0];
        grad[1] = g[1] - tail;
        grad[2] = g[2] - p->kappa * tail_t;
        grad[3] = g[3] - ig[1];
        grad[4] = g[4] - ig[2];
    }
    return sum - bgi - p->kappa * tail;
}

double fit_loglik_naive(const fit_data *d, const fit_params *p)
{
    double sum = 0, tail = 0, ig[3], c, s;
    for (int i = 0; i < d->n; i++) {
        double ex = 0;
        for (int j = 0; j < i; j++) ex += exp(-p->beta * (d->t[i] - d->t[j]));
        double lam = day_rate(d, p, day_of(d, d->t[i]), &c, &s) + p->kappa * p->beta * ex;
        if (!(lam > 0)) return -HUGE_VAL;
        sum += log(lam);
        tail += 1 - exp(-p->beta * (d->T - d->t[i]));
    }
    return sum - background_total(d, p, ig) - p->kappa * tail;
}

double fit_poisson_loglik(const fit_data *d)
{
    if (d->n == 0) return 0;
    return d->n * log(d->n / d->T) - d->n;
}

/* ---- time rescaling -------------------------------------------------------------------- */

double fit_ks_pvalue(double D, int n)
{
    double sn = sqrt((double)n), x = (sn + 0.12 + 0.11 / sn) * D;
    if (x <= 0) return 1;
    if (x < 1.18) {   /* the theta-function form converges fast for small x */
        double s = 0, w = M_PI * M_PI / (8 * x * x);
        for (int k = 1; k <= 7; k += 2) s += exp(-k * k * w);
        double cdf = sqrt(TWO_PI) / x * s;
        return cdf >= 1 ? 0 : 1 - cdf;
    }
    double q = 0, sign = 1;
    for (int k = 1; k <= 100; k++, sign = -sign) {
        double term = exp(-2.0 * k * k * x * x);
        q += sign * term;
        if (term < 1e-16) break;
    }
    q *= 2;
    return q < 0 ? 0 : q > 1 ? 1 : q;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Compensator at each event: Lambda(t_i) = (background integral to t_i) + kappa (i - A_i). */
static void compensator(const fit_data *d, const fit_params *p, double *lam)
{
    double A = 0, done = 0, c, s;   /* done: background integral over the whole days passed */
    long day = 0;
    for (int i = 0; i < d->n; i++) {
        if (i > 0) A = exp(-p->beta * (d->t[i] - d->t[i - 1])) * (1 + A);
        for (; day + 1 <= d->t[i]; day++) done += day_rate(d, p, day, &c, &s);
        lam[i] = done + day_rate(d, p, day, &c, &s) * (d->t[i] - day) + p->kappa * (i - A);
    }
}

void fit_compensator(const fit_data *d, const fit_params *p, double *lam)
{
    compensator(d, p, lam);
}

int fit_ks(const fit_data *d, const fit_params *p, double *D, double *p_value)
{
    if (!d || d->n < 1) return SIM_EINVAL;
    double *z = sim_malloc((size_t)d->n * sizeof *z);
    if (!z) return SIM_ENOMEM;
    compensator(d, p, z);
    for (int i = d->n - 1; i >= 0; i--) {
        double gap = z[i] - (i ? z[i - 1] : 0);
        z[i] = -expm1(-gap);
    }
    qsort(z, (size_t)d->n, sizeof *z, cmp_double);
    double dmax = 0, n = d->n;
    for (int i = 0; i < d->n; i++) {
        double lo = z[i] - i / n, hi = (i + 1) / n - z[i];
        if (lo > dmax) dmax = lo;
        if (hi > dmax) dmax = hi;
    }
    sim_free(z);
    *D = dmax;
    *p_value = fit_ks_pvalue(dmax, d->n);
    return 0;
}

/* ---- simulation ------------------------------------------------------------------------ */

static int push_time(double **t, int *n, int *cap, double v)
{
    if (sim_grow(t, cap, *n, sizeof **t, 1024)) return SIM_ENOMEM;
    (*t)[(*n)++] = v;
    return 0;
}

/* Background events: Poisson at the peak rate, thinned by the background. */
static int sim_background(gsl_rng *r, const fit_params *p, const fit_data *d, double **t,
                          int *n, int *cap)
{
    double c, s, fmax_ = bg_factor_max(&p->bg, d->date0, d->date0 + (long)ceil(d->T));
    double peak = p->mu * (1 + p->amplitude) * fmax_;
    unsigned int m = gsl_ran_poisson(r, peak * d->T);
    for (unsigned int i = 0; i < m; i++) {
        double u = d->T * gsl_rng_uniform(r);
        double keep = day_rate(d, p, day_of(d, u), &c, &s) / peak;
        if (gsl_rng_uniform(r) < keep && push_time(t, n, cap, u)) return SIM_ENOMEM;
    }
    return 0;
}

int fit_simulate(gsl_rng *r, const fit_params *p, double T, double doy0, long date0,
                 double **t, int *n)
{
    *t = NULL;
    *n = 0;
    char why[160];
    if (!(p->mu > 0) || !(p->kappa >= 0 && p->kappa < 1) || !(p->beta > 0) || !(T > 0) ||
        !(p->amplitude >= 0 && p->amplitude <= 1) || bg_check(&p->bg, why, sizeof why))
        return SIM_EINVAL;
    fit_data d = {NULL, 0, T, doy0, date0};
    int cap = 0;
    if (sim_background(r, p, &d, t, n, &cap)) goto nomem;
    for (int i = 0; i < *n; i++) {   /* the array doubles as the queue of parents */
        unsigned int kids = gsl_ran_poisson(r, p->kappa);
        for (unsigned int k = 0; k < kids; k++) {
            double c = (*t)[i] + gsl_ran_exponential(r, 1 / p->beta);
            if (c < T && push_time(t, n, &cap, c)) goto nomem;
        }
    }
    if (*n) qsort(*t, (size_t)*n, sizeof **t, cmp_double);
    return 0;
nomem:
    sim_free(*t);
    *t = NULL;
    *n = 0;
    return SIM_ENOMEM;
}

/* ---- draws ----------------------------------------------------------------------------- */

/* z = x + L e with L the Cholesky factor of cov. */
static void draw_z(const fit_result *r, gsl_rng *g, double *z)
{
    int np = r->np;
    double e[BG_LEVELS_MAX + 4];
    for (int i = 0; i < np; i++) e[i] = gsl_ran_gaussian(g, 1);
    for (int i = 0; i < np; i++) {
        z[i] = r->x[i];
        for (int j = 0; j <= i; j++) z[i] += r->chol[i * np + j] * e[j];
    }
}

/* Lower Cholesky factor of a (np x np) into l; returns -1 when not positive definite. */
static int cholesky(const double *a, int np, double *l)
{
    for (int i = 0; i < np; i++)
        for (int j = 0; j <= i; j++) {
            double s = a[i * np + j];
            for (int k = 0; k < j; k++) s -= l[i * np + k] * l[j * np + k];
            if (i == j) {
                if (!(s > 0)) return -1;
                l[i * np + i] = sqrt(s);
            } else {
                l[i * np + j] = s / l[j * np + j];
            }
        }
    return 0;
}

void fit_draw(const fit_result *r, gsl_rng *g, fit_params *out)
{
    *out = r->est;
    if (!r->chol) return;
    double z[BG_LEVELS_MAX + 4];
    for (int tries = 0; tries < 100; tries++) {
        draw_z(r, g, z);
        if (exp(z[0]) < 0.99) break;
    }
    int m = r->n_levels;
    out->kappa = fmin(exp(z[0]), 0.99);
    out->beta = exp(z[1]);
    out->mu = exp(z[2 + m - 1]);
    for (int k = 0; m > 1 && k < m; k++) out->bg.level[k] = exp(z[2 + k] - z[2 + m - 1]);
    if (r->spec.shape != FIT_SEASONAL) return;
    double a = z[2 + m], b = z[3 + m], A = hypot(a, b);
    out->amplitude = fmin(A, 0.99);
    double peak = FIT_YEAR_DAYS / TWO_PI * atan2(b, a);
    out->peak_day = peak < 1 ? peak + FIT_YEAR_DAYS : peak > 366 ? 1 : peak;
}
