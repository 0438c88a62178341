/* predict.c - forecasts of counts from a fitted Hawkes process: parameter draws, the
 * history's excitation, a random-walk level and an exact cluster simulation. */
#include "forecast/predict.h"
#include "base/alloc.h"
#include "base/err.h"
#include "engine/rng.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

void pred_params(const pred_history *h, const pred_spec *ps, long r, fit_params *p,
                 double *excitation)
{
    gsl_rng *g = rng_create(ps->seed, (uint64_t)r, "forecast-params");
    if (g) fit_draw(h->fit, g, p);
    else *p = h->fit->est;
    rng_destroy(g);
    const double *t = h->sets + (size_t)(r % h->K) * (size_t)h->d->n;
    double T = h->d->ndays, ex = 0;
    for (int i = h->d->n - 1; i >= 0; i--) {
        double age = T - t[i];
        if (p->beta * age > 40) break;   /* older events add below e^-40 each */
        ex += exp(-p->beta * age);
    }
    *excitation = ex;
}

void pred_level_path(const pred_spec *ps, long r, double *out)
{
    double v = ps->drift / 365.25, lg = 0;
    gsl_rng *g = v > 0 ? rng_create(ps->seed, (uint64_t)r, "forecast-level") : NULL;
    for (int s = 0; s < ps->horizon; s++) {
        if (g) lg += gsl_ran_gaussian(g, sqrt(v)) - 0.5 * v;
        out[s] = exp(lg);
    }
    rng_destroy(g);
}

/* Seasonal factor of forecast day s (at its middle), as the fit has it. */
static double season(const pred_history *h, const fit_params *p, int s)
{
    if (!(p->amplitude > 0)) return 1;
    double doy = h->d->doy0 + h->d->ndays + s + 0.5;
    return 1 + p->amplitude * cos(2 * M_PI * (doy - p->peak_day) / FIT_YEAR_DAYS);
}

/* Pushes time x onto the queue of parents. */
static int push(double **q, int *n, int *cap, double x)
{
    if (sim_grow(q, cap, *n, sizeof **q, 256)) return SIM_ENOMEM;
    (*q)[(*n)++] = x;
    return 0;
}

/* Immigrants: the background of each day (level path times season) and the history's
 * remaining offspring, Poisson(kappa x excitation) at Exp(beta) times from the origin. */
static int immigrants(gsl_rng *g, const pred_history *h, const pred_spec *ps,
                      const fit_params *p, double ex, const double *level, double **q, int *n,
                      int *cap)
{
    for (int s = 0; s < ps->horizon; s++) {
        unsigned int k = gsl_ran_poisson(g, p->mu * level[s] * season(h, p, s));
        for (unsigned int i = 0; i < k; i++)
            if (push(q, n, cap, s + gsl_rng_uniform(g))) return SIM_ENOMEM;
    }
    unsigned int k = gsl_ran_poisson(g, p->kappa * ex);
    for (unsigned int i = 0; i < k; i++) {
        double x = gsl_ran_exponential(g, 1 / p->beta);
        if (x < ps->horizon && push(q, n, cap, x)) return SIM_ENOMEM;
    }
    return 0;
}

int pred_count(const pred_history *h, const pred_spec *ps, long r, double *count)
{
    if (!h || !h->fit || !h->sets || h->K < 1 || ps->horizon < 1 || !(ps->drift >= 0))
        return SIM_EINVAL;
    fit_params p;
    double ex, *level = sim_malloc((size_t)ps->horizon * sizeof *level), *q = NULL;
    gsl_rng *g = rng_create(ps->seed, (uint64_t)r, "forecast");
    int n = 0, cap = 0, rc = SIM_ENOMEM;
    if (level && g) {
        pred_params(h, ps, r, &p, &ex);
        pred_level_path(ps, r, level);
        rc = immigrants(g, h, ps, &p, ex, level, &q, &n, &cap);
        for (int i = 0; !rc && i < n; i++) {   /* the queue doubles as the list of events */
            unsigned int kids = gsl_ran_poisson(g, p.kappa);
            for (unsigned int k = 0; !rc && k < kids; k++) {
                double x = q[i] + gsl_ran_exponential(g, 1 / p.beta);
                if (x < ps->horizon) rc = push(&q, &n, &cap, x);
            }
        }
    }
    *count = n;
    rng_destroy(g);
    sim_free(level);
    sim_free(q);
    return rc;
}

double pred_drift(const double *counts, int B, double kappa, double prior, double weight)
{
    if (B < 2) return prior;
    double k = kappa < 0.95 ? kappa : 0.95, phi = 1 / ((1 - k) * (1 - k)), excess = 0;
    for (int i = 1; i < B; i++) {
        double a = counts[i - 1] + 0.5, b = counts[i] + 0.5, d = log(b / a);
        excess += d * d - phi * (1 / a + 1 / b);
    }
    if (excess < 0) excess = 0;
    return (weight * prior + excess) / (weight + B - 1);
}

/* ---- the scenario's model -------------------------------------------------------------- */

int pred_rebase(scenario *s, long date, double horizon)
{
    double shift = (double)(date - s->start_date);
    int k = 0;
    for (int i = 0; i < s->n_timeline; i++) {
        scn_timeline_item it = s->timeline[i];
        it.day -= shift;
        if (it.day < 0 && it.action == SCN_ACT_SET &&
            scenario_param_set(&s->p, it.key, it.value) != 0)
            return SIM_ERANGE;
        if (it.day >= 0 && it.day <= horizon) s->timeline[k++] = it;
    }
    s->n_timeline = k;
    s->start_date = date;
    s->days = horizon;
    return 0;
}

void pred_apply(scenario *s, const pred_history *h, const pred_spec *ps, long r,
                fit_params *p, double *level)
{
    double ex, f0 = 1 - s->p.militants.coop_damping * s->p.host.cooperation;
    pred_params(h, ps, r, p, &ex);
    pred_level_path(ps, r, level);
    s->p.militants.base_rate = f0 > 0 ? p->mu / f0 : p->mu;   /* the fit saw the damped rate */
    s->p.militants.branching = p->kappa;
    s->p.militants.decay = p->beta;
    s->p.militants.season_amplitude = p->amplitude;
    if (p->amplitude > 0) s->p.militants.season_peak_day = p->peak_day;
    bg_shape *b = &s->background;
    memset(b, 0, sizeof *b);
    int step = (ps->horizon + BG_LEVELS_MAX - 1) / BG_LEVELS_MAX;
    b->kind = BG_PIECEWISE;
    b->from = s->start_date;
    b->step = step;
    b->n = (ps->horizon + step - 1) / step;
    if (b->n < 2) b->n = 2;
    for (int k = 0; k < b->n; k++) b->level[k] = level[k * step < ps->horizon ? k * step : 0];
}
