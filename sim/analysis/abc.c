/* abc.c - ABC-SMC: populations of weighted particles under shrinking tolerances. */
#include "analysis/abc.h"
#include "base/alloc.h"
#include "base/err.h"
#include "engine/rng.h"
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One population: n particles on internal coordinates, weights, distances, statistics. */
typedef struct pop {
    double *z, *w, *dist, *stats;
} pop;

struct abc {
    abc_config c;
    double scale[ABC_STATS_MAX];
    pop prev, cur;               /* the last finished population and the one being built */
    long accepted, simulated;    /* of cur */
    int t;                       /* population being built, 1-based */
    int finished, early;
    abc_pop_info info[64];
    double eps;                  /* cur's tolerance (t > 1) */
    double rate;                 /* acceptance expected in the next round */
    gsl_rng *r;                  /* cur's proposal stream */
    gsl_ran_discrete_t *table;   /* prev's weights */
    double chol[ABC_PARAMS_MAX * ABC_PARAMS_MAX]; /* kernel covariance's Cholesky factor */
    double *z0, *d0, *s0;        /* population 1: every candidate (ceil(n / alpha)) */
    long m0;
    double *rz;                  /* the round's candidates on internal coordinates */
    long rcap;
    double bad[ABC_PARAMS_MAX];  /* the last prior draw when ABC_PRIOR_TRIES were invalid */
    int no_valid;
};

/* ---- coordinates ------------------------------------------------------------------------ */

static double z_lo(const abc_prior *p) { return p->log ? log(p->lo) : p->lo; }
static double z_hi(const abc_prior *p) { return p->log ? log(p->hi) : p->whole ? p->hi + 1 : p->hi; }

static double to_x(const abc_prior *p, double z)
{
    if (p->log) return exp(z);
    if (p->whole) return fmin(floor(z), p->hi);
    return z;
}

static int inside(const abc *a, const double *z)
{
    double x[ABC_PARAMS_MAX];
    for (int j = 0; j < a->c.d; j++) {
        if (!(z[j] >= z_lo(&a->c.prior[j]) && z[j] < z_hi(&a->c.prior[j]))) return 0;
        x[j] = to_x(&a->c.prior[j], z[j]);
    }
    return !a->c.valid || a->c.valid(a->c.valid_ctx, x);
}

/* ---- creation ------------------------------------------------------------------------ */

static int pop_alloc(pop *p, long n, int d, int k)
{
    p->z = sim_malloc((size_t)n * (size_t)d * sizeof *p->z);
    p->w = sim_malloc((size_t)n * sizeof *p->w);
    p->dist = sim_malloc((size_t)n * sizeof *p->dist);
    p->stats = sim_malloc((size_t)n * (size_t)k * sizeof *p->stats);
    return p->z && p->w && p->dist && p->stats ? 0 : SIM_ENOMEM;
}

static void pop_free(pop *p)
{
    sim_free(p->z);
    sim_free(p->w);
    sim_free(p->dist);
    sim_free(p->stats);
}

static int config_ok(const abc_config *c)
{
    if (c->d < 1 || c->d > ABC_PARAMS_MAX || c->k < 1 || c->k > ABC_STATS_MAX || c->n < 2 ||
        c->n > 10000000L || c->populations < 1 || c->populations > 64 ||
        !(c->alpha > 0 && c->alpha < 1) || (double)c->max_sims < ceil((double)c->n / c->alpha))
        return 0;
    for (int j = 0; j < c->d; j++) {
        const abc_prior *p = &c->prior[j];
        if (!(p->lo < p->hi) || (p->log && (p->lo <= 0 || p->whole))) return 0;
    }
    int used = 0;
    for (int i = 0; i < c->k; i++) used += !isnan(c->observed[i]);
    return used > 0;
}

/* Starts population t: its stream, and (t > 1) tolerance, proposal table and kernel. */
static int start_population(abc *a);

abc *abc_create(const abc_config *c, int *err)
{
    int code = SIM_EINVAL;
    abc *a = NULL;
    if (!config_ok(c)) goto fail;
    code = SIM_ENOMEM;
    if (!(a = sim_calloc(1, sizeof *a))) goto fail;
    a->c = *c;
    a->t = 1;
    a->m0 = (long)ceil((double)c->n / c->alpha);
    a->z0 = sim_malloc((size_t)a->m0 * (size_t)c->d * sizeof *a->z0);
    a->d0 = sim_malloc((size_t)a->m0 * sizeof *a->d0);
    a->s0 = sim_malloc((size_t)a->m0 * (size_t)c->k * sizeof *a->s0);
    if (!a->z0 || !a->d0 || !a->s0 || pop_alloc(&a->prev, c->n, c->d, c->k) ||
        pop_alloc(&a->cur, c->n, c->d, c->k) || start_population(a))
        goto fail;
    return a;
fail:
    abc_destroy(a);
    if (err) *err = code;
    return NULL;
}

void abc_destroy(abc *a)
{
    if (!a) return;
    pop_free(&a->prev);
    pop_free(&a->cur);
    sim_free(a->z0);
    sim_free(a->d0);
    sim_free(a->s0);
    sim_free(a->rz);
    rng_destroy(a->r);
    gsl_ran_discrete_free(a->table);
    sim_free(a);
}

/* ---- accessors ------------------------------------------------------------------------ */

int abc_population(const abc *a) { return a->t; }
int abc_done(const abc *a) { return a->finished >= a->c.populations || a->early; }
int abc_stopped_early(const abc *a) { return a->early; }
int abc_finished(const abc *a) { return a->finished; }
const abc_pop_info *abc_pop_at(const abc *a, int t) { return &a->info[t]; }
long abc_n(const abc *a) { return a->c.n; }
double abc_weight(const abc *a, long i) { return a->prev.w[i]; }
double abc_distance(const abc *a, long i) { return a->prev.dist[i]; }
const double *abc_particle_stats(const abc *a, long i) { return a->prev.stats + i * a->c.k; }
double abc_scale(const abc *a, int k) { return a->scale[k]; }
long abc_prior_count(const abc *a) { return a->t == 1 ? a->simulated : a->m0; }
const double *abc_prior_stats(const abc *a, long i) { return a->s0 + i * a->c.k; }

void abc_particle(const abc *a, long i, double *x)
{
    for (int j = 0; j < a->c.d; j++) x[j] = to_x(&a->c.prior[j], a->prev.z[i * a->c.d + j]);
}

double abc_dist(const abc *a, const double *s)
{
    double sum = 0;
    int used = 0;
    for (int i = 0; i < a->c.k; i++) {
        if (isnan(a->c.observed[i])) continue;
        if (isnan(s[i])) return INFINITY;
        double u = (s[i] - a->c.observed[i]) / a->scale[i];
        sum += u * u;
        used++;
    }
    return sqrt(sum / used);
}

/* ---- weighted statistics ------------------------------------------------------------- */

typedef struct wv { double v, w; } wv;

static int wv_cmp(const void *x, const void *y)
{
    double a = ((const wv *)x)->v, b = ((const wv *)y)->v;
    return (a > b) - (a < b);
}

/* The weighted q-quantile of v[0..n-1] (stride apart) with weights w (NULL: equal): the
 * smallest value whose cumulative weight reaches q of the total. NaN on no memory. */
static double wquantile(const double *v, size_t stride, const double *w, long n, double q)
{
    wv *t = sim_malloc((size_t)n * sizeof *t);
    if (!t) return NAN;
    double tot = 0;
    for (long i = 0; i < n; i++) {
        t[i] = (wv){v[(size_t)i * stride], w ? w[i] : 1.0};
        tot += t[i].w;
    }
    qsort(t, (size_t)n, sizeof *t, wv_cmp);
    double c = 0, x = t[n - 1].v;
    for (long i = 0; i < n; i++) {
        c += t[i].w;
        if (c >= q * tot) { x = t[i].v; break; }
    }
    sim_free(t);
    return x;
}

double abc_quantile(const abc *a, int j, double q)
{
    return to_x(&a->c.prior[j], wquantile(a->prev.z + j, (size_t)a->c.d, a->prev.w, a->c.n, q));
}

/* ---- populations ------------------------------------------------------------------------ */

/* The kernel: covariance 2 x the weighted covariance of prev, Cholesky-factored into chol
 * (a tiny ridge keeps it positive definite when a parameter barely moves). */
static int kernel_make(abc *a)
{
    int d = a->c.d;
    double mean[ABC_PARAMS_MAX] = {0};
    for (long i = 0; i < a->c.n; i++)
        for (int j = 0; j < d; j++) mean[j] += a->prev.w[i] * a->prev.z[i * d + j];
    for (int j = 0; j < d; j++)
        for (int l = 0; l <= j; l++) {
            double s = 0;
            for (long i = 0; i < a->c.n; i++)
                s += a->prev.w[i] * (a->prev.z[i * d + j] - mean[j]) *
                     (a->prev.z[i * d + l] - mean[l]);
            a->chol[j * d + l] = a->chol[l * d + j] = 2 * s;
        }
    for (int j = 0; j < d; j++) {
        double width = z_hi(&a->c.prior[j]) - z_lo(&a->c.prior[j]);
        a->chol[j * d + j] += 1e-10 * width * width;
    }
    gsl_matrix_view m = gsl_matrix_view_array(a->chol, (size_t)d, (size_t)d);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = gsl_linalg_cholesky_decomp1(&m.matrix);
    gsl_set_error_handler(old);
    return rc ? SIM_EINVAL : 0;
}

static int start_population(abc *a)
{
    rng_destroy(a->r);
    a->r = rng_create(a->c.seed, (uint64_t)a->t, "abc-proposal");
    if (!a->r) return SIM_ENOMEM;
    a->accepted = a->simulated = 0;
    if (a->t == 1) {
        a->rate = 1;
        return 0;
    }
    a->eps = wquantile(a->prev.dist, 1, a->prev.w, a->c.n, a->c.alpha);
    gsl_ran_discrete_free(a->table);
    a->table = gsl_ran_discrete_preproc((size_t)a->c.n, a->prev.w);
    if (!a->table || isnan(a->eps)) return SIM_ENOMEM;
    if (a->t == 2) a->rate = a->c.alpha; /* then the last population's rate */
    return kernel_make(a);
}

long abc_round_size(const abc *a)
{
    if (abc_done(a)) return 0;
    if (a->t == 1) return a->m0 - a->simulated;
    double need = (double)(a->c.n - a->accepted);
    double m = ceil(1.2 * need / fmax(a->rate, 1e-3)) + 16;
    double left = (double)(a->c.max_sims - a->simulated);
    return (long)fmax(1, fmin(m, left));
}

/* One candidate of a population t > 1 into z. */
static void propose(abc *a, double *z)
{
    int d = a->c.d;
    for (int tries = 0;; tries++) {
        long i = (long)gsl_ran_discrete(a->r, a->table);
        double e[ABC_PARAMS_MAX];
        for (int j = 0; j < d; j++) e[j] = gsl_ran_gaussian_ziggurat(a->r, 1.0);
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int l = 0; l <= j; l++) s += a->chol[j * d + l] * e[l];
            z[j] = a->prev.z[i * d + j] + s;
        }
        if (inside(a, z)) return;
        if (tries == 10000) { /* a kernel far wider than the box: keep the particle */
            memcpy(z, a->prev.z + i * d, (size_t)d * sizeof *z);
            return;
        }
    }
}

/* A draw from the prior into z, redrawn while invalid; 0 (the draw in a->bad, no_valid
 * set) when ABC_PRIOR_TRIES in a row were: a box where (nearly) no point is valid would
 * otherwise hand invalid points to the runs. */
static int prior_draw(abc *a, double *z)
{
    for (int tries = 0; tries < ABC_PRIOR_TRIES; tries++) {
        for (int j = 0; j < a->c.d; j++)
            z[j] = z_lo(&a->c.prior[j]) +
                   gsl_rng_uniform(a->r) * (z_hi(&a->c.prior[j]) - z_lo(&a->c.prior[j]));
        if (inside(a, z)) return 1;
    }
    for (int j = 0; j < a->c.d; j++) a->bad[j] = to_x(&a->c.prior[j], z[j]);
    a->no_valid = 1;
    return 0;
}

int abc_candidates(abc *a, long m, double *x, long *first)
{
    int d = a->c.d;
    *first = a->simulated;
    if (m > a->rcap) {
        double *z = sim_realloc(a->rz, (size_t)m * (size_t)d * sizeof *z);
        if (!z) return SIM_ENOMEM;
        a->rz = z;
        a->rcap = m;
    }
    for (long c = 0; c < m; c++) {
        double *z = a->rz + c * d;
        if (a->t == 1 && !prior_draw(a, z)) return SIM_ERANGE;
        if (a->t > 1) propose(a, z);
        for (int j = 0; j < d; j++) x[c * d + j] = to_x(&a->c.prior[j], z[j]);
    }
    return 0;
}

int abc_invalid_point(const abc *a, double *x)
{
    if (!a->no_valid) return 0;
    memcpy(x, a->bad, (size_t)a->c.d * sizeof *x);
    return 1;
}

/* Kish's effective sample size of w[0..n-1]. */
static double ess(const double *w, long n)
{
    double s = 0, s2 = 0;
    for (long i = 0; i < n; i++) {
        s += w[i];
        s2 += w[i] * w[i];
    }
    return s2 > 0 ? s * s / s2 : 0;
}

/* Squared Mahalanobis length of v under the kernel (L L^T): |L^-1 v|^2. */
static double maha2(const abc *a, const double *v)
{
    int d = a->c.d;
    double y[ABC_PARAMS_MAX], s2 = 0;
    for (int j = 0; j < d; j++) {
        double s = v[j];
        for (int l = 0; l < j; l++) s -= a->chol[j * d + l] * y[l];
        y[j] = s / a->chol[j * d + j];
        s2 += y[j] * y[j];
    }
    return s2;
}

/* The importance weights of cur against prev's kernel mixture (log-sum-exp). */
static void weigh(abc *a)
{
    int d = a->c.d;
    long n = a->c.n;
    double total = 0, *lw = a->cur.w;
    for (long j = 0; j < n; j++) {
        double mx = -INFINITY, v[ABC_PARAMS_MAX];
        for (long i = 0; i < n; i++) { /* first pass: the largest term */
            for (int l = 0; l < d; l++) v[l] = a->cur.z[j * d + l] - a->prev.z[i * d + l];
            double e = log(a->prev.w[i]) - 0.5 * maha2(a, v);
            if (e > mx) mx = e;
        }
        double s = 0;
        for (long i = 0; i < n; i++) {
            for (int l = 0; l < d; l++) v[l] = a->cur.z[j * d + l] - a->prev.z[i * d + l];
            s += exp(log(a->prev.w[i]) - 0.5 * maha2(a, v) - mx);
        }
        lw[j] = -(mx + log(s));
    }
    double top = -INFINITY;
    for (long j = 0; j < n; j++) top = fmax(top, lw[j]);
    for (long j = 0; j < n; j++) total += (lw[j] = exp(lw[j] - top));
    for (long j = 0; j < n; j++) lw[j] /= total;
}

/* cur becomes the last finished population. */
static int close_population(abc *a)
{
    pop t = a->prev;
    a->prev = a->cur;
    a->cur = t;
    a->info[a->finished++] = (abc_pop_info){a->eps, a->simulated, a->accepted,
                                            ess(a->prev.w, a->c.n)};
    if (a->t > 1) a->rate = (double)a->accepted / (double)a->simulated;
    a->t++;
    return abc_done(a) ? 0 : start_population(a);
}

/* The scale of statistic k over the m0 prior-predictive simulations. */
static double scale_of(const abc *a, int k)
{
    long n = 0;
    double *v = sim_malloc((size_t)a->m0 * sizeof *v);
    if (!v) return NAN;
    for (long i = 0; i < a->m0; i++)
        if (isfinite(a->s0[i * a->c.k + k])) v[n++] = a->s0[i * a->c.k + k];
    double sc = 1;
    if (n > 1) {
        double med = wquantile(v, 1, NULL, n, 0.5), mean = 0, var = 0;
        for (long i = 0; i < n; i++) mean += v[i] / (double)n;
        for (long i = 0; i < n; i++) {
            var += (v[i] - mean) * (v[i] - mean) / (double)(n - 1);
            v[i] = fabs(v[i] - med);
        }
        double mad = 1.4826 * wquantile(v, 1, NULL, n, 0.5);
        sc = mad > 0 ? mad : var > 0 ? sqrt(var) : 1;
    }
    sim_free(v);
    return sc;
}

typedef struct di { double d; long i; } di;

static int di_cmp(const void *x, const void *y)
{
    const di *a = x, *b = y;
    if (a->d != b->d) return a->d < b->d ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* Population 1: the scales, then the n closest of the m0 prior draws. */
static int close_first(abc *a)
{
    int d = a->c.d, k = a->c.k;
    for (int s = 0; s < k; s++)
        if (isnan(a->scale[s] = scale_of(a, s))) return SIM_ENOMEM;
    di *o = sim_malloc((size_t)a->m0 * sizeof *o);
    if (!o) return SIM_ENOMEM;
    for (long i = 0; i < a->m0; i++) o[i] = (di){a->d0[i] = abc_dist(a, a->s0 + i * k), i};
    qsort(o, (size_t)a->m0, sizeof *o, di_cmp);
    for (long j = 0; j < a->c.n; j++) {
        long i = o[j].i;
        memcpy(a->cur.z + j * d, a->z0 + i * d, (size_t)d * sizeof *a->z0);
        memcpy(a->cur.stats + j * k, a->s0 + i * k, (size_t)k * sizeof *a->s0);
        a->cur.dist[j] = o[j].d;
        a->cur.w[j] = 1.0 / (double)a->c.n;
    }
    a->eps = o[a->c.n - 1].d;
    a->accepted = a->c.n;
    sim_free(o);
    return close_population(a);
}

int abc_round_done(abc *a, long m, const double *stats)
{
    int d = a->c.d, k = a->c.k;
    if (a->t == 1) {
        memcpy(a->z0 + a->simulated * d, a->rz, (size_t)m * (size_t)d * sizeof *a->rz);
        memcpy(a->s0 + a->simulated * k, stats, (size_t)m * (size_t)k * sizeof *stats);
        a->simulated += m;
        return a->simulated == a->m0 ? close_first(a) : 0;
    }
    for (long c = 0; c < m && a->accepted < a->c.n; c++) {
        double dist = abc_dist(a, stats + c * k);
        a->simulated++;
        if (!(dist <= a->eps)) continue;
        long j = a->accepted++;
        memcpy(a->cur.z + j * d, a->rz + c * d, (size_t)d * sizeof *a->rz);
        memcpy(a->cur.stats + j * k, stats + c * k, (size_t)k * sizeof *stats);
        a->cur.dist[j] = dist;
    }
    if (a->accepted == a->c.n) {
        weigh(a);
        return close_population(a);
    }
    a->rate = (double)a->accepted / (double)a->simulated;
    if (a->simulated >= a->c.max_sims) a->early = 1;
    return 0;
}
