/* fit_dates.c - Monte Carlo EM for the Hawkes fit of dates: a Gibbs sampler of the positions
 * within each day, M-steps over imputed sets, Louis' information, and a particle filter for
 * the log-likelihood of the dates. */
#include "data/fit_dates.h"
#include "base/alloc.h"
#include "base/err.h"
#include "data/fit_int.h"
#include "engine/rng.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEF_ITERATIONS 12
#define MSTEP_SETS 25       /* imputed sets in the final M-step and information (thinned) */
#define DEF_IMPUTATIONS 200
#define DEF_PARTICLES 1000
#define DEF_KS_SETS 20
#define PF_RUNS 4
/* Later days feel a day's positions through exp(-beta x): past x = 28 / beta the effect is
 * below 1e-12 of the excitation and is left out. */
#define FUTURE_DECAYS 28.0

/* ---- the Gibbs sampler ----------------------------------------------------------------- */

typedef struct chain {
    const fit_days *d;
    fit_ws *w;          /* layout and seasonal term */
    double *t;          /* current times, sorted */
    int *gs, ng;        /* groups: the events of one day are [gs[g], gs[g + 1]) */
    double *L;          /* each day's background level at z */
    double *fg, *fc;    /* future events: decay to the day's end; the rest of the intensity */
    double *tmp;        /* a day's positions, sorted */
    gsl_rng *r;
    double z[BG_LEVELS_MAX + 4];
    double kappa, beta;
} chain;

static void chain_destroy(chain *c)
{
    if (!c) return;
    sim_free(c->t);
    sim_free(c->gs);
    sim_free(c->L);
    sim_free(c->fg);
    rng_destroy(c->r);
    sim_free(c);
}

/* Groups the sorted days and places every event uniformly within its day. */
static void chain_groups(chain *c)
{
    const fit_days *d = c->d;
    c->ng = 0;
    for (int i = 0; i < d->n; i++) {
        if (i == 0 || d->day[i] != d->day[i - 1]) c->gs[c->ng++] = i;
        c->t[i] = d->day[i] + gsl_rng_uniform(c->r);
    }
    c->gs[c->ng] = d->n;
    for (int g = 0; g < c->ng; g++) {   /* sort each day's positions */
        for (int i = c->gs[g] + 1; i < c->gs[g + 1]; i++)
            for (int j = i; j > c->gs[g] && c->t[j] < c->t[j - 1]; j--) {
                double x = c->t[j];
                c->t[j] = c->t[j - 1];
                c->t[j - 1] = x;
            }
    }
}

static chain *chain_create(const fit_days *d, fit_ws *w, uint64_t seed, const char *stream)
{
    chain *c = sim_calloc(1, sizeof *c);
    if (!c) return NULL;
    c->d = d;
    c->w = w;
    size_t n = (size_t)d->n;
    c->t = sim_malloc(n * sizeof *c->t);
    c->gs = sim_malloc((n + 1) * sizeof *c->gs);
    c->L = sim_malloc((size_t)d->ndays * sizeof *c->L);
    c->fg = sim_malloc(3 * n * sizeof *c->fg);
    c->r = rng_create(seed, 0, stream);
    if (!c->t || !c->gs || !c->L || !c->fg || !c->r) {
        chain_destroy(c);
        return NULL;
    }
    c->fc = c->fg + n;
    c->tmp = c->fc + n;
    chain_groups(c);
    return c;
}

/* Moves the chain to parameters z. */
static void chain_set_z(chain *c, const double *z)
{
    memcpy(c->z, z, (size_t)c->w->np * sizeof *z);
    c->kappa = exp(z[0]);
    c->beta = exp(z[1]);
    fit_ws_levels(c->w, z);
    memcpy(c->L, c->w->L, (size_t)c->d->ndays * sizeof *c->L);
}

static double base_rate(const chain *c, double t)
{
    int day = (int)t;
    return c->L[day] * fit_ws_season(c->w, c->z, t);
}

/* Precomputes the events after group g's day that its positions still reach; returns their
 * number. */
static int future_terms(chain *c, int g)
{
    int b = c->gs[g + 1], day = c->d->day[c->gs[g]], nf = 0;
    double H = FUTURE_DECAYS / c->beta, R = 0, kb = c->kappa * c->beta;
    for (int j = b; j < c->d->n; j++) {
        double x = c->t[j] - (day + 1);
        if (x > H) break;
        if (j > b) R = exp(-c->beta * (c->t[j] - c->t[j - 1])) * (R + 1);
        c->fg[nf] = exp(-c->beta * x);
        c->fc[nf] = base_rate(c, c->t[j]) + kb * R;
        nf++;
    }
    return nf;
}

/* Log density (up to a constant) of group g's positions, given the excitation s_in at the
 * start of its day and nf precomputed future terms; *s_end gets the excitation at the end
 * of the day. */
static double day_logp(chain *c, int g, double s_in, int nf, double *s_end)
{
    int a = c->gs[g], b = c->gs[g + 1], k = b - a;
    double day = c->d->day[a], kb = c->kappa * c->beta, T = c->d->ndays;
    memcpy(c->tmp, c->t + a, (size_t)k * sizeof *c->tmp);
    for (int i = 1; i < k; i++)
        for (int j = i; j > 0 && c->tmp[j] < c->tmp[j - 1]; j--) {
            double x = c->tmp[j];
            c->tmp[j] = c->tmp[j - 1];
            c->tmp[j - 1] = x;
        }
    double A = s_in, prev = day, sum = 0, ends = 0;
    for (int i = 0; i < k; i++) {
        double x = c->tmp[i];
        A *= exp(-c->beta * (x - prev));
        double lam = base_rate(c, x) + kb * A;
        if (!(lam > 0)) return -HUGE_VAL;
        sum += log(lam);
        A += 1;
        prev = x;
        double bu = c->beta * (T - x);
        ends += bu < 40 ? exp(-bu) : 0;
    }
    *s_end = A * exp(-c->beta * (day + 1 - prev));
    for (int j = 0; j < nf; j++) sum += log(c->fc[j] + kb * c->fg[j] * *s_end);
    return sum + c->kappa * ends;
}

/* Updates every position of group g once (independence Metropolis-Hastings within the day);
 * returns the excitation at the end of the day. */
static double update_day(chain *c, int g, double s_in)
{
    int nf = future_terms(c, g);
    double s_end, lp = day_logp(c, g, s_in, nf, &s_end), day = c->d->day[c->gs[g]];
    for (int i = c->gs[g]; i < c->gs[g + 1]; i++) {
        double old = c->t[i], s2;
        c->t[i] = day + gsl_rng_uniform(c->r);
        double lp2 = day_logp(c, g, s_in, nf, &s2);
        if (log(gsl_rng_uniform_pos(c->r)) < lp2 - lp) {
            lp = lp2;
            s_end = s2;
        } else {
            c->t[i] = old;
        }
    }
    for (int i = c->gs[g] + 1; i < c->gs[g + 1]; i++)
        for (int j = i; j > c->gs[g] && c->t[j] < c->t[j - 1]; j--) {
            double x = c->t[j];
            c->t[j] = c->t[j - 1];
            c->t[j - 1] = x;
        }
    return s_end;
}

static void sweep(chain *c)
{
    double s = 0, ref = 0;
    for (int g = 0; g < c->ng; g++) {
        int day = c->d->day[c->gs[g]];
        s = update_day(c, g, s * exp(-c->beta * (day - ref)));
        ref = day + 1;
    }
}

/* ---- EM -------------------------------------------------------------------------------- */

/* Imputed sets per EM iteration: few while far from the optimum, more near it. EM moves
 * each parameter by the share of its information that is missing per iteration (about a
 * fifth for the decay on daily data), so a dozen iterations converge far below the Monte
 * Carlo noise. */
static int schedule(int it, int iterations)
{
    int left = iterations - it;
    return left <= 1 ? 25 : left <= 4 ? 10 : left <= 8 ? 5 : 2;
}

/* Runs the chain and stores K sets one sweep apart in sets (K n), with pointers in ptr. */
static void collect(chain *c, int K, double *sets, const double **ptr)
{
    int n = c->d->n;
    sweep(c);
    for (int k = 0; k < K; k++) {
        sweep(c);
        memcpy(sets + (size_t)k * n, c->t, (size_t)n * sizeof *c->t);
        ptr[k] = sets + (size_t)k * n;
    }
}

static int em(chain *c, int iterations, double *sets, const double **ptr, double *z,
              fit_result *out)
{
    fit_ws *w = c->w;
    int n = c->d->n;
    for (int it = 0; it < iterations; it++) {
        int K = schedule(it, iterations);
        chain_set_z(c, z);
        collect(c, K, sets, ptr);
        double f;
        if (fit_ws_maximise(w, ptr, K, n, z, &f) < 0) return SIM_ENUMERIC;
        out->em_iterations++;
    }
    return 0;
}

/* Louis' observed information at z, inverted into out's covariance: the mean complete-data
 * information over the km sets sub (an average: few suffice) less the covariance of the
 * complete-data scores over all K sets ptr (a variance: it needs many). */
static int louis(fit_ws *w, const double **ptr, int K, const double **sub, int km, int n,
                 const double *z, fit_result *out)
{
    int np = w->np;
    size_t nn = (size_t)np * (size_t)np;
    double *info = sim_calloc(4 * nn + 2 * (size_t)np, sizeof *info);
    if (!info) return SIM_ENOMEM;
    double *sc = info + nn, *obs = sc + nn, *inv = obs + nn, *g = inv + nn, *mean = g + np;
    int rc = fit_ws_information(w, sub, km, n, z, info);
    for (int k = 0; k < K && !rc; k++) {
        fit_ws_eval(w, &ptr[k], 1, n, z, g);
        for (int i = 0; i < np; i++) {
            mean[i] += g[i] / K;
            for (int j = 0; j < np; j++) sc[i * np + j] += g[i] * g[j] / K;
        }
    }
    /* The missing information is estimated from K draws: if noise makes the difference
     * indefinite, less of it is subtracted (and the shortfall shows in missing_beta). */
    int done = 0;
    for (int step = 0; !rc && !done && step <= 4; step++) {
        double share = 1 - 0.25 * step;
        for (size_t q = 0; q < nn; q++)
            obs[q] = info[q] - share * (sc[q] - mean[q / (size_t)np] * mean[q % (size_t)np]);
        out->missing_beta = info[np + 1] > 0 ? 1 - obs[np + 1] / info[np + 1] : NAN;
        done = fit_invert(obs, np, inv) == 0;
    }
    if (!rc) rc = fit_result_set_cov(out, done ? inv : NULL);
    if (!rc && done && w->rho > 0) {   /* edf = tr(cov x unpenalised information) */
        fit_ws_penalty_hessian(w, obs, -1);
        double tr = 0;
        for (int i = 0; i < np; i++)
            for (int j = 0; j < np; j++) tr += inv[i * np + j] * obs[j * np + i];
        out->edf = tr;
    }
    sim_free(info);
    return rc;
}

/* ---- the particle filter --------------------------------------------------------------- */

typedef struct pf {
    int P;
    double *S, *W, *lw, *S2, *pos;
    gsl_rng *r;
} pf;

static void pf_free(pf *f)
{
    sim_free(f->S);
    rng_destroy(f->r);
}

static int pf_init(pf *f, int P, int maxday, uint64_t seed, int run)
{
    memset(f, 0, sizeof *f);
    f->P = P;
    f->S = sim_calloc(4 * (size_t)P + (size_t)maxday + 1, sizeof *f->S);
    f->r = rng_create(seed, (uint64_t)run, "particles");
    if (!f->S || !f->r) {
        pf_free(f);
        return SIM_ENOMEM;
    }
    f->W = f->S + P;
    f->lw = f->W + P;
    f->S2 = f->lw + P;
    f->pos = f->S2 + P;
    return 0;
}

static double log_sum_exp(const double *x, int n)
{
    double m = -HUGE_VAL, s = 0;
    for (int i = 0; i < n; i++) m = fmax(m, x[i]);
    if (!isfinite(m)) return m;
    for (int i = 0; i < n; i++) s += exp(x[i] - m);
    return m + log(s);
}

/* Systematic resampling when the effective sample size falls below half. */
static void pf_resample(pf *f)
{
    double lse = log_sum_exp(f->W, f->P), ss = 0;
    for (int p = 0; p < f->P; p++) {
        f->lw[p] = exp(f->W[p] - lse);
        ss += f->lw[p] * f->lw[p];
    }
    if (1 / ss >= 0.5 * f->P) return;
    double u = gsl_rng_uniform(f->r) / f->P, cum = 0;
    int j = 0;
    for (int p = 0; p < f->P; p++) {
        double target = u + (double)p / f->P;
        while (j < f->P - 1 && cum + f->lw[j] < target) cum += f->lw[j++];
        f->S2[p] = f->S[j];
    }
    memcpy(f->S, f->S2, (size_t)f->P * sizeof *f->S);
    for (int p = 0; p < f->P; p++) f->W[p] = 0;
}

/* One particle's log weight for a day with k events at uniform positions: the Janossy
 * density of the day's points given its excitation S (updated to the day's end), with the
 * day's background L (level and season at the middle of the day). */
static double pf_particle(pf *f, double *S, int k, double L, const fit_params *p)
{
    double *u = f->pos, beta = p->beta, kb = p->kappa * beta;
    for (int i = 0; i < k; i++) {
        double x = gsl_rng_uniform(f->r);
        int j = i;
        for (; j > 0 && u[j - 1] > x; j--) u[j] = u[j - 1];
        u[j] = x;
    }
    double A = *S, prev = 0, lw = -p->kappa * *S * -expm1(-beta);
    for (int i = 0; i < k; i++) {
        A *= exp(-beta * (u[i] - prev));
        lw += log(L + kb * A);
        lw -= p->kappa * -expm1(-beta * (1 - u[i]));
        A += 1;
        prev = u[i];
    }
    *S = A * exp(-beta * (1 - prev));
    return lw;
}

static double pf_run(pf *f, const fit_days *d, const fit_params *p)
{
    double phi = 2 * M_PI * p->peak_day / FIT_YEAR_DAYS, ll = 0;
    double a = p->amplitude * cos(phi), b = p->amplitude * sin(phi);
    int i = 0;
    for (int j = 0; j < d->ndays; j++) {
        int k = 0;
        while (i < d->n && d->day[i] == j) {
            i++;
            k++;
        }
        double th = 2 * M_PI * (d->doy0 + j + 0.5) / FIT_YEAR_DAYS;
        double L = p->mu * bg_factor(&p->bg, d->date0 + j) * (1 + a * cos(th) + b * sin(th));
        double before = log_sum_exp(f->W, f->P);
        for (int q = 0; q < f->P; q++) f->W[q] += pf_particle(f, &f->S[q], k, L, p);
        ll += log_sum_exp(f->W, f->P) - before - L - gsl_sf_lnfact((unsigned int)k);
        pf_resample(f);
    }
    return ll;
}

static int check_days(const fit_days *d)
{
    if (!d || d->n < 3 || d->ndays < 1) return SIM_EINVAL;
    for (int i = 0; i < d->n; i++)
        if (d->day[i] < 0 || d->day[i] >= d->ndays || (i && d->day[i] < d->day[i - 1]))
            return SIM_EINVAL;
    return 0;
}

int fit_dates_loglik(const fit_days *d, const fit_params *p, int particles, uint64_t seed,
                     double *ll, double *se)
{
    if (check_days(d) || particles < 1 || !(p->beta > 0) || !(p->mu > 0)) return SIM_EINVAL;
    int maxday = 1;
    for (int i = 0, k = 1; i < d->n; i++, k++) {
        if (i && d->day[i] != d->day[i - 1]) k = 1;
        if (k > maxday) maxday = k;
    }
    double v[PF_RUNS], m = 0, s2 = 0;
    for (int run = 0; run < PF_RUNS; run++) {
        pf f;
        if (pf_init(&f, particles, maxday, seed, run)) return SIM_ENOMEM;
        v[run] = pf_run(&f, d, p);
        pf_free(&f);
        m += v[run] / PF_RUNS;
    }
    for (int run = 0; run < PF_RUNS; run++) s2 += (v[run] - m) * (v[run] - m) / (PF_RUNS - 1);
    *ll = m;
    *se = sqrt(s2 / PF_RUNS);
    return 0;
}

double fit_dates_poisson_loglik(const fit_days *d)
{
    if (d->n == 0) return 0;
    double r = (double)d->n / d->ndays, ll = d->n * log(r) - d->n;
    for (int i = 0, k = 1; i < d->n; i++, k++) {
        if (i + 1 < d->n && d->day[i + 1] == d->day[i]) continue;
        ll -= gsl_sf_lnfact((unsigned int)k);
        k = 0;
    }
    return ll;
}

/* ---- the driver ------------------------------------------------------------------------ */

static void opts_defaults(const fit_dates_opts *o, fit_dates_opts *out)
{
    fit_dates_opts z = {0, 0, 0, 0, 0};
    *out = o ? *o : z;
    if (out->iterations <= 0) out->iterations = DEF_ITERATIONS;
    if (out->imputations <= 0) out->imputations = DEF_IMPUTATIONS;
    if (out->particles == 0) out->particles = DEF_PARTICLES;
    if (out->ks_sets == 0) out->ks_sets = DEF_KS_SETS;
}

/* Mean KS statistic of the first m imputed sets at the estimate. */
static int mean_ks(const fit_days *d, const double **ptr, int m, const fit_params *p,
                   double *D)
{
    double sum = 0;
    for (int k = 0; k < m; k++) {
        fit_data fd = {ptr[k], d->n, d->ndays, d->doy0, d->date0};
        double Dk, pv;
        int rc = fit_ks(&fd, p, &Dk, &pv);
        if (rc) return rc;
        sum += Dk;
    }
    *D = m > 0 ? sum / m : NAN;
    return 0;
}

/* The final stage at the EM's estimate z: one more M-step over many imputations, Louis'
 * information, the KS statistic and the log-likelihood of the dates. */
static int finish(chain *c, const fit_dates_opts *o, double *sets, const double **ptr,
                  double *z, fit_result *out)
{
    fit_ws *w = c->w;
    int n = c->d->n, K = o->imputations, rc;
    double f;
    chain_set_z(c, z);
    collect(c, K, sets, ptr);
    int step = K > MSTEP_SETS ? K / MSTEP_SETS : 1, km = 0;
    const double **sub = ptr + K;   /* room for the thinned pointers after the K in use */
    for (int k = 0; k < K && km < MSTEP_SETS; k += step) sub[km++] = ptr[k];
    if (fit_ws_maximise(w, sub, km, n, z, &f) < 0) return SIM_ENUMERIC;
    memcpy(out->x, z, (size_t)w->np * sizeof *z);
    out->imputations = K;
    out->edf = w->np;
    if ((rc = louis(w, ptr, K, sub, km, n, z, out)) != 0) return rc;
    fit_result_fill(w, out);
    out->dates = 1;
    if (o->ks_sets > 0 && (rc = mean_ks(c->d, ptr, o->ks_sets < K ? o->ks_sets : K, &out->est,
                                        &out->ks_D)) != 0)
        return rc;
    if (o->particles < 0) {
        out->loglik = fit_ws_eval(w, ptr, K, n, z, NULL) + out->penalty;
        out->loglik_se = NAN;
    } else if ((rc = fit_dates_loglik(c->d, &out->est, o->particles, o->seed, &out->loglik,
                                      &out->loglik_se)) != 0) {
        return rc;
    }
    out->aic = -2 * out->loglik + 2 * out->edf;
    return 0;
}

static int run_dates(const fit_days *d, fit_ws *w, const fit_dates_opts *o, fit_result *out)
{
    chain *c = chain_create(d, w, o->seed, "impute");
    size_t kmax = (size_t)(o->imputations > 25 ? o->imputations : 25);
    double *sets = sim_malloc(kmax * (size_t)d->n * sizeof *sets);
    const double **ptr = sim_malloc(2 * kmax * sizeof *ptr);
    double *z = sim_malloc((size_t)w->np * sizeof *z);
    int rc = SIM_ENOMEM;
    if (c && sets && ptr && z) {
        fit_data jd = {c->t, d->n, d->ndays, d->doy0, d->date0};
        rc = fit_ws_fit(w, &jd, out);   /* a start: the uniform jitter taken as exact */
        if (!rc) {
            memcpy(z, out->x, (size_t)w->np * sizeof *z);
            rc = em(c, o->iterations, sets, ptr, z, out);
        }
        if (!rc) rc = finish(c, o, sets, ptr, z, out);
        out->evals = w->evals;
    }
    sim_free(z);
    sim_free(ptr);
    sim_free(sets);
    chain_destroy(c);
    return rc;
}

int fit_dates(const fit_days *d, const fit_spec *spec, const fit_dates_opts *o,
              fit_result *out)
{
    memset(out, 0, sizeof *out);
    out->ks_D = NAN;
    if (check_days(d)) return SIM_EINVAL;
    fit_dates_opts opt;
    opts_defaults(o, &opt);
    int rc;
    fit_ws *w = fit_ws_create(spec, d->date0, d->ndays, d->doy0, &rc);
    if (!w) return rc;
    out->np = w->np;
    out->x = sim_calloc((size_t)w->np, sizeof *out->x);
    rc = out->x ? run_dates(d, w, &opt, out) : SIM_ENOMEM;
    fit_ws_destroy(w);
    if (rc) {
        fit_result_free(out);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

int fit_dates_impute(const fit_days *d, const fit_result *r, int K, uint64_t seed,
                     double **sets)
{
    *sets = NULL;
    if (check_days(d) || K < 1 || !r->x) return SIM_EINVAL;
    int rc;
    fit_ws *w = fit_ws_create(&r->spec, d->date0, d->ndays, d->doy0, &rc);
    if (!w) return rc;
    chain *c = w->np == r->np ? chain_create(d, w, seed, "history") : NULL;
    const double **ptr = sim_malloc((size_t)K * sizeof *ptr);
    *sets = sim_malloc((size_t)K * (size_t)d->n * sizeof **sets);
    rc = c && ptr && *sets ? 0 : w->np == r->np ? SIM_ENOMEM : SIM_EINVAL;
    if (!rc) {
        chain_set_z(c, r->x);
        sweep(c);
        collect(c, K, *sets, ptr);
    } else {
        sim_free(*sets);
        *sets = NULL;
    }
    sim_free(ptr);
    chain_destroy(c);
    fit_ws_destroy(w);
    return rc;
}
