/* fit.c - exponential Hawkes log-likelihood (O(n) recursion), GSL minimisation, standard
 * errors, likelihood-ratio and time-rescaling tests, and an exact simulator for tests. */
#include "data/fit.h"
#include "base/alloc.h"
#include "base/err.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TWO_PI 6.283185307179586

/* Natural parameters as the likelihood sees them: the seasonal term in linear form. */
typedef struct nat {
    double mu, kappa, beta, a, b;
} nat;

static nat nat_from_params(const fit_params *p)
{
    double phi = TWO_PI * p->peak_day / FIT_YEAR_DAYS;
    nat q = {p->mu, p->kappa, p->beta, p->amplitude * cos(phi), p->amplitude * sin(phi)};
    return q;
}

static double phase(const fit_data *d, double t) { return TWO_PI * (d->doy0 + t) / FIT_YEAR_DAYS; }

/* Integrals over [0, T] of cos and sin of the seasonal phase. */
static void season_integrals(const fit_data *d, double *c1, double *c2)
{
    double k = FIT_YEAR_DAYS / TWO_PI, p0 = phase(d, 0), pT = phase(d, d->T);
    *c1 = k * (sin(pT) - sin(p0));
    *c2 = -k * (cos(pT) - cos(p0));
}

/* The O(n) log-likelihood. seasonal = 0 skips the cos/sin work (a = b = 0 assumed and the
 * a, b gradient left 0). g (5 slots) may be NULL. */
static double loglik_rec(const fit_data *d, const nat *q, int seasonal, double *g)
{
    double A = 0, B = 0, sum = 0, g_mu = 0, g_k = 0, g_b = 0, g_a = 0, g_bb = 0;
    double kb = q->kappa * q->beta;
    for (int i = 0; i < d->n; i++) {
        if (i > 0) {
            double dt = d->t[i] - d->t[i - 1], e = exp(-q->beta * dt);
            B = e * (B - dt * (1 + A));
            A = e * (1 + A);
        }
        double c = 0, s = 0;
        if (seasonal) {
            double th = phase(d, d->t[i]);
            c = cos(th);
            s = sin(th);
        }
        double sea = 1 + q->a * c + q->b * s, lam = q->mu * sea + kb * A;
        if (!(lam > 0)) return -HUGE_VAL;
        sum += log(lam);
        g_mu += sea / lam;
        g_a += q->mu * c / lam;
        g_bb += q->mu * s / lam;
        g_k += q->beta * A / lam;
        g_b += q->kappa * (A + q->beta * B) / lam;
    }
    double c1 = 0, c2 = 0, tail = 0, tail_t = 0;
    if (seasonal) season_integrals(d, &c1, &c2);
    for (int i = 0; i < d->n; i++) {
        double u = d->T - d->t[i], e = exp(-q->beta * u);
        tail += 1 - e;
        tail_t += u * e;
    }
    double S = d->T + q->a * c1 + q->b * c2;
    if (g) {
        g[0] = g_mu - S;
        g[1] = g_k - tail;
        g[2] = g_b - q->kappa * tail_t;
        g[3] = seasonal ? g_a - q->mu * c1 : 0;
        g[4] = seasonal ? g_bb - q->mu * c2 : 0;
    }
    return sum - q->mu * S - q->kappa * tail;
}

double fit_loglik(const fit_data *d, const fit_params *p, double grad[5])
{
    nat q = nat_from_params(p);
    return loglik_rec(d, &q, 1, grad);
}

double fit_loglik_naive(const fit_data *d, const fit_params *p)
{
    nat q = nat_from_params(p);
    double sum = 0, tail = 0, c1, c2;
    for (int i = 0; i < d->n; i++) {
        double ex = 0, th = phase(d, d->t[i]);
        for (int j = 0; j < i; j++) ex += exp(-q.beta * (d->t[i] - d->t[j]));
        double lam = q.mu * (1 + q.a * cos(th) + q.b * sin(th)) + q.kappa * q.beta * ex;
        if (!(lam > 0)) return -HUGE_VAL;
        sum += log(lam);
        tail += 1 - exp(-q.beta * (d->T - d->t[i]));
    }
    season_integrals(d, &c1, &c2);
    return sum - q.mu * (d->T + q.a * c1 + q.b * c2) - q.kappa * tail;
}

double fit_poisson_loglik(const fit_data *d)
{
    if (d->n == 0) return 0;
    return d->n * log(d->n / d->T) - d->n;
}

/* ---- minimisation ---------------------------------------------------------------------- */

/* The optimiser's space: log mu, log kappa, log beta and (u, v) with amplitude tanh|(u,v)|. */
typedef struct objective {
    const fit_data *d;
    int seasonal;
    long evals;
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

static nat nat_from_x(const gsl_vector *x, int seasonal, double J[4])
{
    nat q = {exp(gsl_vector_get(x, 0)), exp(gsl_vector_get(x, 1)), exp(gsl_vector_get(x, 2)),
             0, 0};
    if (seasonal) season_map(gsl_vector_get(x, 3), gsl_vector_get(x, 4), &q.a, &q.b, J);
    return q;
}

static int x_out_of_range(const gsl_vector *x)
{
    for (size_t i = 0; i < 3; i++)
        if (!(fabs(gsl_vector_get(x, i)) < 40)) return 1;
    return 0;
}

/* f = -loglik / n and its gradient in x. */
static void obj_fdf(const gsl_vector *x, void *params, double *f, gsl_vector *df)
{
    objective *o = params;
    double J[4] = {0}, g[5];
    if (x_out_of_range(x)) {
        *f = GSL_POSINF;
        if (df) gsl_vector_set_all(df, 0);
        return;
    }
    nat q = nat_from_x(x, o->seasonal, J);
    o->evals++;
    double ll = loglik_rec(o->d, &q, o->seasonal, g), s = -1.0 / o->d->n;
    *f = isfinite(ll) ? s * ll : GSL_POSINF;
    if (!df) return;
    gsl_vector_set(df, 0, s * g[0] * q.mu);
    gsl_vector_set(df, 1, s * g[1] * q.kappa);
    gsl_vector_set(df, 2, s * g[2] * q.beta);
    if (o->seasonal) {
        gsl_vector_set(df, 3, s * (g[3] * J[0] + g[4] * J[2]));
        gsl_vector_set(df, 4, s * (g[3] * J[1] + g[4] * J[3]));
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

#define FIT_MAX_ITER 400
#define FIT_GRAD_TOL 1e-7

/* Minimises from x (overwritten with the best point). Returns 1 when converged, 0 when it
 * stopped early with a finite value, -1 on failure; *f gets the value. */
static int minimise(gsl_multimin_fdfminimizer *m, gsl_multimin_function_fdf *fn,
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

/* ---- standard errors ------------------------------------------------------------------- */

static double *nat_slot(nat *q, int k)
{
    double *s[5] = {&q->mu, &q->kappa, &q->beta, &q->a, &q->b};
    return s[k];
}

/* Covariance of the natural parameters (np of them) as the inverse observed information,
 * from a central-difference Hessian of the analytic gradient. Returns 0 or -1 (singular). */
static int covariance(const fit_data *d, const nat *q, int np, gsl_matrix *cov, long *evals)
{
    double gp[5], gm[5];
    for (int k = 0; k < np; k++) {
        nat up = *q, dn = *q;
        double *v = nat_slot(&up, k), h = k < 3 ? 1e-5 * fabs(*v) : 1e-5;
        if (h == 0) h = 1e-8;
        *v += h;
        *nat_slot(&dn, k) -= h;
        loglik_rec(d, &up, np == 5, gp);
        loglik_rec(d, &dn, np == 5, gm);
        *evals += 2;
        for (int j = 0; j < np; j++) gsl_matrix_set(cov, (size_t)j, (size_t)k,
                                                    -(gp[j] - gm[j]) / (2 * h));
    }
    for (int j = 0; j < np; j++)
        for (int k = 0; k < j; k++) {
            double m = 0.5 * (gsl_matrix_get(cov, (size_t)j, (size_t)k) +
                              gsl_matrix_get(cov, (size_t)k, (size_t)j));
            gsl_matrix_set(cov, (size_t)j, (size_t)k, m);
            gsl_matrix_set(cov, (size_t)k, (size_t)j, m);
        }
    if (gsl_linalg_cholesky_decomp1(cov) != GSL_SUCCESS) return -1;
    return gsl_linalg_cholesky_invert(cov) == GSL_SUCCESS ? 0 : -1;
}

static void params_from_nat(const nat *q, fit_params *p)
{
    p->mu = q->mu;
    p->kappa = q->kappa;
    p->beta = q->beta;
    p->amplitude = hypot(q->a, q->b);
    double peak = FIT_YEAR_DAYS / TWO_PI * atan2(q->b, q->a);
    if (peak < 1) peak += FIT_YEAR_DAYS;
    if (peak > 366) peak = 1; /* days of the year run 1..366; off by at most 0.25 day */
    p->peak_day = p->amplitude > 0 ? peak : 0;
}

/* Fills out->se from the covariance (delta method for amplitude, peak and mean lag). */
static void fill_se(const gsl_matrix *c, const nat *q, int np, fit_result *out)
{
    double se[5];
    for (int k = 0; k < np; k++) se[k] = sqrt(gsl_matrix_get(c, (size_t)k, (size_t)k));
    out->se.mu = se[0];
    out->se.kappa = se[1];
    out->se.beta = se[2];
    out->se_mean_lag = se[2] / (q->beta * q->beta);
    if (np < 5) return;
    double A = hypot(q->a, q->b), ga[2] = {q->a / A, q->b / A};
    double k = FIT_YEAR_DAYS / TWO_PI, gp[2] = {-k * q->b / (A * A), k * q->a / (A * A)};
    double va = 0, vp = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double cij = gsl_matrix_get(c, (size_t)(3 + i), (size_t)(3 + j));
            va += ga[i] * ga[j] * cij;
            vp += gp[i] * gp[j] * cij;
        }
    out->se.amplitude = sqrt(va);
    out->se.peak_day = sqrt(vp);
}

static void set_errors(const fit_data *d, const nat *q, int np, fit_result *out)
{
    gsl_matrix *c = gsl_matrix_alloc((size_t)np, (size_t)np);
    fit_params nan_se = {NAN, NAN, NAN, NAN, NAN};
    out->se = nan_se;
    out->se_mean_lag = NAN;
    if (c && covariance(d, q, np, c, &out->evals) == 0) fill_se(c, q, np, out);
    gsl_matrix_free(c);
}

/* ---- driver ---------------------------------------------------------------------------- */

static int check_data(const fit_data *d)
{
    if (!d || d->n < 3 || !(d->T > 0) || !isfinite(d->T)) return SIM_EINVAL;
    for (int i = 0; i < d->n; i++)
        if (!(d->t[i] >= 0 && d->t[i] <= d->T) || (i && d->t[i] < d->t[i - 1]))
            return SIM_EINVAL;
    return 0;
}

#define N_STARTS_CONST 4
#define N_STARTS_SEASON 3

/* Starting point s in x-space. The constant starts spread (kappa, beta) over slow, typical
 * and fast excitation; the seasonal ones start from the constant optimum at three phases. */
static void start_point(const fit_data *d, int seasonal, int s, const double *xc,
                        gsl_vector *x)
{
    static const double kap[N_STARTS_CONST] = {0.3, 0.6, 0.3, 0.1};
    static const double bet[N_STARTS_CONST] = {1.0, 0.1, 10.0, 0.02};
    if (!seasonal) {
        double rate = d->n / d->T;
        gsl_vector_set(x, 0, log(rate * (1 - kap[s])));
        gsl_vector_set(x, 1, log(kap[s]));
        gsl_vector_set(x, 2, log(bet[s]));
        return;
    }
    for (size_t i = 0; i < 3; i++) gsl_vector_set(x, i, xc[i]);
    gsl_vector_set(x, 3, 0.2 * cos(TWO_PI * s / N_STARTS_SEASON));
    gsl_vector_set(x, 4, 0.2 * sin(TWO_PI * s / N_STARTS_SEASON));
}

/* Runs every start; the best point goes to best and its value to *fbest. */
static void multistart(objective *o, gsl_multimin_fdfminimizer *m, gsl_vector *x,
                       gsl_vector *best, double *fbest, fit_result *out)
{
    gsl_multimin_function_fdf fn = {obj_f, obj_df, obj_fdf, best->size, o};
    double xc[3] = {0, 0, 0};
    if (o->seasonal) {   /* seasonal starts grow from the constant fit */
        fit_result rc;
        if (fit_hawkes(o->d, 0, &rc) == 0) {
            xc[0] = log(rc.est.mu);
            xc[1] = log(rc.est.kappa);
            xc[2] = log(rc.est.beta);
        }
        o->evals += rc.evals;
    }
    int n_starts = o->seasonal ? N_STARTS_SEASON : N_STARTS_CONST;
    *fbest = GSL_POSINF;
    for (int s = 0; s < n_starts; s++) {
        double f;
        start_point(o->d, o->seasonal, s, xc, x);
        int rc = minimise(m, &fn, x, &f);
        out->starts++;
        out->converged += rc == 1;
        if (rc >= 0 && f < *fbest) {
            *fbest = f;
            gsl_vector_memcpy(best, x);
        }
    }
}

int fit_hawkes(const fit_data *d, int seasonal, fit_result *out)
{
    memset(out, 0, sizeof *out);
    out->seasonal = seasonal != 0;
    if (check_data(d)) return SIM_EINVAL;
    size_t np = seasonal ? 5 : 3;
    objective o = {d, seasonal != 0, 0};
    gsl_vector *x = gsl_vector_alloc(np), *best = gsl_vector_alloc(np);
    gsl_multimin_fdfminimizer *m =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, np);
    int rc = SIM_ENOMEM;
    double fbest;
    if (!x || !best || !m) goto done;
    multistart(&o, m, x, best, &fbest, out);
    rc = SIM_ENUMERIC;
    if (!isfinite(fbest)) goto done;
    nat q = nat_from_x(best, o.seasonal, NULL);
    params_from_nat(&q, &out->est);
    out->mean_lag = 1 / q.beta;
    out->loglik = loglik_rec(d, &q, o.seasonal, NULL);
    out->evals = o.evals + 1;
    set_errors(d, &q, (int)np, out);
    rc = 0;
done:
    gsl_multimin_fdfminimizer_free(m);
    gsl_vector_free(x);
    gsl_vector_free(best);
    return rc;
}

void fit_lr_test(const fit_result *constant, const fit_result *seasonal, double *stat,
                 double *p_value)
{
    double s = 2 * (seasonal->loglik - constant->loglik);
    *stat = s > 0 ? s : 0;
    *p_value = gsl_cdf_chisq_Q(*stat, 2);
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

/* Compensator at each event: Lambda(t_i) = mu S(t_i) + kappa (i - A_i). */
static void compensator(const fit_data *d, const nat *q, double *lam)
{
    double A = 0, k = FIT_YEAR_DAYS / TWO_PI, p0 = phase(d, 0);
    for (int i = 0; i < d->n; i++) {
        if (i > 0) A = exp(-q->beta * (d->t[i] - d->t[i - 1])) * (1 + A);
        double p = phase(d, d->t[i]);
        double S = d->t[i] + q->a * k * (sin(p) - sin(p0)) - q->b * k * (cos(p) - cos(p0));
        lam[i] = q->mu * S + q->kappa * (i - A);
    }
}

int fit_ks(const fit_data *d, const fit_params *p, double *D, double *p_value)
{
    if (!d || d->n < 1) return SIM_EINVAL;
    double *z = sim_malloc((size_t)d->n * sizeof *z);
    if (!z) return SIM_ENOMEM;
    nat q = nat_from_params(p);
    compensator(d, &q, z);
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

/* Background events: Poisson at the peak rate, thinned by the seasonal factor. */
static int sim_background(gsl_rng *r, const fit_params *p, const fit_data *d, double **t,
                          int *n, int *cap)
{
    nat q = nat_from_params(p);
    double peak = 1 + p->amplitude;
    unsigned int m = gsl_ran_poisson(r, p->mu * peak * d->T);
    for (unsigned int i = 0; i < m; i++) {
        double u = d->T * gsl_rng_uniform(r), th = phase(d, u);
        double keep = (1 + q.a * cos(th) + q.b * sin(th)) / peak;
        if (gsl_rng_uniform(r) < keep && push_time(t, n, cap, u)) return SIM_ENOMEM;
    }
    return 0;
}

int fit_simulate(gsl_rng *r, const fit_params *p, double T, double doy0, double **t, int *n)
{
    *t = NULL;
    *n = 0;
    if (!(p->mu > 0) || !(p->kappa >= 0 && p->kappa < 1) || !(p->beta > 0) || !(T > 0) ||
        !(p->amplitude >= 0 && p->amplitude <= 1))
        return SIM_EINVAL;
    fit_data d = {NULL, 0, T, doy0};
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
