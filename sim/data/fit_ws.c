/* fit_ws.c - the Hawkes log-likelihood with a background shape on one window: layout of the
 * levels, O(n + days) evaluation with its gradient, BFGS maximisation, the observed
 * information and the multi-start exact-times fit. */
#include "base/alloc.h"
#include "base/err.h"
#include "data/fit_int.h"
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <string.h>

#define TWO_PI 6.283185307179586

static double phase(const fit_ws *w, double t) { return TWO_PI * (w->doy0 + t) / FIT_YEAR_DAYS; }

/* ---- workspace ------------------------------------------------------------------------- */

void fit_ws_destroy(fit_ws *w)
{
    if (!w) return;
    sim_free(w->wn);
    sim_free(w->widx);
    sim_free(w->ww);
    sim_free(w->E);
    sim_free(w->L);
    sim_free(w);
}

/* Fills each day's level weights, exposure and seasonal terms. The seasonal factor, like
 * the levels, is taken at the middle of each day: dates carry no finer time, and within a
 * day it moves by less than 1% of its amplitude. */
static void ws_layout(fit_ws *w)
{
    for (int j = 0; j < w->nd; j++) {
        int n = 0;
        if (w->m > 1) n = bg_weights(&w->shape, w->date0 + j, &w->widx[4 * j], &w->ww[4 * j]);
        if (w->m == 1) {
            w->widx[4 * j] = 0;
            w->ww[4 * j] = 1;
            n = 1;
        }
        w->wn[j] = n;
        double e = fmin(j + 1.0, w->T), th = phase(w, j + 0.5);
        w->E[j] = e - j;
        w->cs[j] = cos(th);
        w->sn[j] = sin(th);
        w->C[j] = w->E[j] * w->cs[j];
        w->S[j] = w->E[j] * w->sn[j];
    }
}

fit_ws *fit_ws_create(const fit_spec *spec, long date0, double T, double doy0, int *err)
{
    *err = SIM_EINVAL;
    if (!spec || !(T > 0) || T > 1e6 || spec->shape < 0 || spec->shape >= FIT_NSHAPES)
        return NULL;
    bg_shape shape;
    if (fit_spec_shape(spec, date0, T, &shape) != 0) return NULL;
    *err = SIM_ENOMEM;
    fit_ws *w = sim_calloc(1, sizeof *w);
    if (!w) return NULL;
    w->spec = *spec;
    w->shape = shape;
    w->date0 = date0;
    w->T = T;
    w->doy0 = doy0;
    w->nd = (int)ceil(T);
    w->m = shape.kind == BG_CONSTANT ? 1 : shape.n;
    w->seasonal = spec->shape == FIT_SEASONAL;
    w->np = 2 + w->m + 2 * w->seasonal;
    w->rho = spec->shape == FIT_SPLINE && spec->penalty >= 0 ? spec->penalty : 0;
    size_t nd = (size_t)w->nd;
    w->wn = sim_malloc(nd * sizeof *w->wn);
    w->widx = sim_malloc(4 * nd * sizeof *w->widx);
    w->ww = sim_malloc(4 * nd * sizeof *w->ww);
    w->E = sim_malloc(5 * nd * sizeof *w->E);
    w->L = sim_malloc(2 * nd * sizeof *w->L);
    if (!w->wn || !w->widx || !w->ww || !w->E || !w->L) {
        fit_ws_destroy(w);
        return NULL;
    }
    w->C = w->E + nd;
    w->S = w->C + nd;
    w->cs = w->S + nd;
    w->sn = w->cs + nd;
    w->G = w->L + nd;
    ws_layout(w);
    *err = 0;
    return w;
}

void fit_ws_set_rho(fit_ws *w, double rho) { w->rho = w->spec.shape == FIT_SPLINE ? rho : 0; }

/* ---- evaluation ------------------------------------------------------------------------ */

void fit_ws_levels(fit_ws *w, const double *z)
{
    const double *v = z + 2;
    if (w->m == 1 || w->shape.kind == BG_PIECEWISE) {   /* one level a day: no exp per day */
        double ev[BG_LEVELS_MAX];
        for (int k = 0; k < w->m; k++) ev[k] = exp(v[k]);
        for (int j = 0; j < w->nd; j++) w->L[j] = ev[w->widx[4 * j]];
        return;
    }
    for (int j = 0; j < w->nd; j++) {
        double lg = 0;
        for (int q = 0; q < w->wn[j]; q++) lg += w->ww[4 * j + q] * v[w->widx[4 * j + q]];
        w->L[j] = exp(lg);
    }
}

double fit_ws_season(const fit_ws *w, const double *z, double t)
{
    if (!w->seasonal) return 1;
    int d = (int)t;
    if (d >= w->nd) d = w->nd - 1;
    return 1 + z[2 + w->m] * w->cs[d] + z[3 + w->m] * w->sn[d];
}

static int z_out_of_range(const fit_ws *w, const double *z)
{
    for (int k = 0; k < 2 + w->m; k++)
        if (!(fabs(z[k]) < 40)) return 1;
    return 0;
}

/* Event sums of one set (see fit_ws_eval); adds into acc[0..5] =
 * {sum log lambda - kappa tail, d/dkappa, d/dbeta, d/da, d/db, kappa-free tail parts}. */
typedef struct evsum {
    double ll, gk, gb, ga, gs, tail, tail_t;
} evsum;

static int eval_set(fit_ws *w, const double *t, int n, const double *z, evsum *s)
{
    double kappa = exp(z[0]), beta = exp(z[1]), kb = kappa * beta, A = 0, B = 0;
    double a = w->seasonal ? z[2 + w->m] : 0, b = w->seasonal ? z[3 + w->m] : 0;
    for (int i = 0; i < n; i++) {
        if (i > 0) {
            double dt = t[i] - t[i - 1], e = exp(-beta * dt);
            B = e * (B - dt * (1 + A));
            A = e * (1 + A);
        }
        int d = (int)t[i];
        if (d >= w->nd) d = w->nd - 1;
        double c = w->cs[d], sn = w->sn[d];
        double l0 = w->L[d] * (1 + a * c + b * sn), lam = l0 + kb * A;
        if (!(lam > 0) || !(l0 >= 0)) return -1;
        s->ll += log(lam);
        w->G[d] += l0 / lam;
        s->ga += w->L[d] * c / lam;
        s->gs += w->L[d] * sn / lam;
        s->gk += beta * A / lam;
        s->gb += kappa * (A + beta * B) / lam;
    }
    /* The compensator's tail: kappa (1 - exp(-beta (T - t_i))) per event, 1 but for the
     * last few, which are summed backwards until exp(-beta u) is negligible. */
    s->tail += n;
    for (int i = n - 1; i >= 0; i--) {
        double u = w->T - t[i], bu = beta * u;
        if (bu > 40) break;
        double e = exp(-bu);
        s->tail -= e;
        s->tail_t += u * e;
    }
    return 0;
}

/* The background's integral over the window, and its gradient parts into g. */
static double background_integral(const fit_ws *w, const double *z, double *ia, double *ib)
{
    double a = w->seasonal ? z[2 + w->m] : 0, b = w->seasonal ? z[3 + w->m] : 0, s = 0;
    *ia = *ib = 0;
    for (int j = 0; j < w->nd; j++) {
        s += w->L[j] * (w->E[j] + a * w->C[j] + b * w->S[j]);
        *ia += w->L[j] * w->C[j];
        *ib += w->L[j] * w->S[j];
    }
    return s;
}

static void level_gradient(const fit_ws *w, const double *z, double K, double *g)
{
    double a = w->seasonal ? z[2 + w->m] : 0, b = w->seasonal ? z[3 + w->m] : 0;
    double *gv = g + 2;
    for (int k = 0; k < w->m; k++) gv[k] = 0;
    for (int j = 0; j < w->nd; j++) {
        double dj = w->G[j] / K - w->L[j] * (w->E[j] + a * w->C[j] + b * w->S[j]);
        for (int q = 0; q < w->wn[j]; q++) gv[w->widx[4 * j + q]] += w->ww[4 * j + q] * dj;
    }
    if (w->rho > 0) {
        double rg[BG_LEVELS_MAX];
        bg_roughness(w->m, z + 2, rg);
        for (int k = 0; k < w->m; k++) gv[k] -= 0.5 * w->rho * rg[k];
    }
}

double fit_ws_eval(fit_ws *w, const double *const *sets, int K, int n, const double *z,
                   double *g)
{
    w->evals++;
    if (z_out_of_range(w, z)) return -HUGE_VAL;
    fit_ws_levels(w, z);
    memset(w->G, 0, (size_t)w->nd * sizeof *w->G);
    evsum s = {0, 0, 0, 0, 0, 0, 0};
    for (int k = 0; k < K; k++)
        if (eval_set(w, sets[k], n, z, &s) != 0) return -HUGE_VAL;
    double kappa = exp(z[0]), beta = exp(z[1]), ia, ib;
    double bgi = background_integral(w, z, &ia, &ib);
    double pen = w->rho > 0 ? 0.5 * w->rho * bg_roughness(w->m, z + 2, NULL) : 0;
    double ll = (s.ll - kappa * s.tail) / K - bgi - pen;
    if (!g) return ll;
    g[0] = kappa * (s.gk - s.tail) / K;
    g[1] = beta * (s.gb - kappa * s.tail_t) / K;
    level_gradient(w, z, K, g);
    if (w->seasonal) {
        g[2 + w->m] = s.ga / K - ia;
        g[3 + w->m] = s.gs / K - ib;
    }
    return ll;
}

/* ---- maximisation ---------------------------------------------------------------------- */

/* The optimiser's space: z with (a, b) replaced by (u, v), amplitude tanh |(u, v)|. */
typedef struct objective {
    fit_ws *w;
    const double *const *sets;
    int K, n;
    double scale;       /* 1 / (K n): keeps f of order one */
    double z[BG_LEVELS_MAX + 4], g[BG_LEVELS_MAX + 4];
} objective;

/* (a, b) from (u, v) and the Jacobian d(a,b)/d(u,v) (row-major). */
static void season_map(double u, double v, double *a, double *b, double J[4])
{
    double r2 = u * u + v * v, r = sqrt(r2), g, h;
    if (r < 1e-4) {
        g = 1 - r2 / 3;
        h = -2.0 / 3;
    } else {
        double th = tanh(r), sech2 = 1 - th * th;
        g = th / r;
        h = (r * sech2 - th) / (r2 * r);
    }
    *a = u * g;
    *b = v * g;
    if (J) {
        J[0] = g + u * u * h;
        J[1] = u * v * h;
        J[2] = u * v * h;
        J[3] = g + v * v * h;
    }
}

/* The inverse map: (u, v) with tanh |(u, v)| = |(a, b)| (< 1). */
static void season_unmap(double a, double b, double *u, double *v)
{
    double A = hypot(a, b), r = A > 0 ? atanh(fmin(A, 0.999)) : 0;
    *u = A > 0 ? a / A * r : 0;
    *v = A > 0 ? b / A * r : 0;
}

static void obj_fdf(const gsl_vector *x, void *params, double *f, gsl_vector *df)
{
    objective *o = params;
    fit_ws *w = o->w;
    double J[4] = {0};
    for (int k = 0; k < w->np; k++) o->z[k] = gsl_vector_get(x, (size_t)k);
    if (w->seasonal) {
        int i = 2 + w->m;
        season_map(o->z[i], o->z[i + 1], &o->z[i], &o->z[i + 1], J);
    }
    double ll = fit_ws_eval(w, o->sets, o->K, o->n, o->z, df ? o->g : NULL);
    *f = isfinite(ll) ? -ll * o->scale * o->K : GSL_POSINF;
    if (!df) return;
    if (!isfinite(ll)) {
        gsl_vector_set_all(df, 0);
        return;
    }
    double s = -o->scale * o->K;
    for (int k = 0; k < 2 + w->m; k++) gsl_vector_set(df, (size_t)k, s * o->g[k]);
    if (w->seasonal) {
        int i = 2 + w->m;
        gsl_vector_set(df, (size_t)i, s * (o->g[i] * J[0] + o->g[i + 1] * J[2]));
        gsl_vector_set(df, (size_t)i + 1, s * (o->g[i] * J[1] + o->g[i + 1] * J[3]));
    }
}

static double obj_f(const gsl_vector *x, void *params)
{
    double f;
    obj_fdf(x, params, &f, NULL);
    return f;
}

static void obj_df(const gsl_vector *x, void *params, gsl_vector *df)
{
    double f;
    obj_fdf(x, params, &f, df);
}

#define FIT_MAX_ITER 600
#define FIT_GRAD_TOL 1e-7

static int run_minimiser(gsl_multimin_fdfminimizer *m, gsl_multimin_function_fdf *fn,
                         gsl_vector *x, double *f)
{
    if (gsl_multimin_fdfminimizer_set(m, fn, x, 0.05, 0.1) != GSL_SUCCESS) return -1;
    if (!isfinite(gsl_multimin_fdfminimizer_minimum(m))) return -1;
    int status = GSL_CONTINUE;
    for (int it = 0; it < FIT_MAX_ITER && status == GSL_CONTINUE; it++) {
        if (gsl_multimin_fdfminimizer_iterate(m) != GSL_SUCCESS) break;
        status = gsl_multimin_test_gradient(gsl_multimin_fdfminimizer_gradient(m),
                                            FIT_GRAD_TOL);
    }
    *f = gsl_multimin_fdfminimizer_minimum(m);
    gsl_vector_memcpy(x, gsl_multimin_fdfminimizer_x(m));
    if (!isfinite(*f)) return -1;
    /* A stalled line search near the optimum is fine when the gradient is small. */
    if (status != GSL_SUCCESS)
        status = gsl_multimin_test_gradient(gsl_multimin_fdfminimizer_gradient(m), 1e-4);
    return status == GSL_SUCCESS;
}

int fit_ws_maximise(fit_ws *w, const double *const *sets, int K, int n, double *z, double *f)
{
    objective *o = sim_malloc(sizeof *o);
    size_t np = (size_t)w->np;
    gsl_vector *x = gsl_vector_alloc(np);
    gsl_multimin_fdfminimizer *m =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, np);
    int rc = -1;
    if (o && x && m) {
        o->w = w;
        o->sets = sets;
        o->K = K;
        o->n = n;
        o->scale = 1.0 / ((double)K * (n > 0 ? n : 1));
        for (size_t k = 0; k < np; k++) gsl_vector_set(x, k, z[k]);
        if (w->seasonal) {
            double u, v;
            season_unmap(z[2 + w->m], z[3 + w->m], &u, &v);
            gsl_vector_set(x, (size_t)(2 + w->m), u);
            gsl_vector_set(x, (size_t)(3 + w->m), v);
        }
        gsl_multimin_function_fdf fn = {obj_f, obj_df, obj_fdf, np, o};
        double fm;
        rc = run_minimiser(m, &fn, x, &fm);
        if (rc >= 0) {
            obj_fdf(x, o, &fm, NULL);
            memcpy(z, o->z, np * sizeof *z);
            *f = -fm / (o->scale * K);
        }
    }
    gsl_multimin_fdfminimizer_free(m);
    gsl_vector_free(x);
    sim_free(o);
    return rc;
}

/* ---- information ----------------------------------------------------------------------- */

int fit_ws_information(fit_ws *w, const double *const *sets, int K, int n, const double *z,
                       double *info)
{
    int np = w->np;
    double *zz = sim_malloc(3 * (size_t)np * sizeof *zz);
    if (!zz) return SIM_ENOMEM;
    double *gp = zz + np, *gm = gp + np;
    for (int k = 0; k < np; k++) {
        double h = 1e-5;
        memcpy(zz, z, (size_t)np * sizeof *zz);
        zz[k] = z[k] + h;
        fit_ws_eval(w, sets, K, n, zz, gp);
        zz[k] = z[k] - h;
        fit_ws_eval(w, sets, K, n, zz, gm);
        for (int j = 0; j < np; j++) info[j * np + k] = -(gp[j] - gm[j]) / (2 * h);
    }
    for (int j = 0; j < np; j++)
        for (int k = 0; k < j; k++) {
            double v = 0.5 * (info[j * np + k] + info[k * np + j]);
            info[j * np + k] = info[k * np + j] = v;
        }
    sim_free(zz);
    return 0;
}

void fit_ws_penalty_hessian(const fit_ws *w, double *info, double sign)
{
    if (!(w->rho > 0)) return;
    /* The roughness is quadratic in the levels: its Hessian is exact from unit vectors. */
    double e[BG_LEVELS_MAX] = {0}, g[BG_LEVELS_MAX];
    for (int k = 0; k < w->m; k++) {
        e[k] = 1;
        bg_roughness(w->m, e, g);
        e[k] = 0;
        for (int j = 0; j < w->m; j++) info[(2 + j) * w->np + 2 + k] += sign * 0.5 * w->rho * g[j];
    }
}

int fit_invert(const double *a, int np, double *cov)
{
    gsl_matrix_view v = gsl_matrix_view_array(cov, (size_t)np, (size_t)np);
    memcpy(cov, a, (size_t)np * (size_t)np * sizeof *cov);
    if (gsl_linalg_cholesky_decomp1(&v.matrix) != GSL_SUCCESS) return -1;
    return gsl_linalg_cholesky_invert(&v.matrix) == GSL_SUCCESS ? 0 : -1;
}
