/* score.c - rolling-origin validation: per origin a date fit of the window, a forecast by
 * simulation (the fitted process or a scenario's model), two baselines, and their scores. */
#include "forecast/score.h"
#include "forecast/predict.h"
#include "forecast/scoring.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "engine/rng.h"
#include "model/model.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_SETS 50     /* imputed histories shared out among the replications */
#define MONTH 30            /* days in a period of the negative binomial baseline */

long score_origins(const score_opts *o)
{
    return o->step > 0 && o->to >= o->from ? (o->to - o->from) / o->step + 1 : 0;
}

int score_check(const score_data *d, const score_opts *o, char *why, size_t n)
{
    char a[11], b[11];
    long last = o->from + (score_origins(o) - 1) * o->step;
    if (score_origins(o) < 1)
        return snprintf(why, n, "no origin between the first and the last (FROM:TO:STEP "
                        "with FROM <= TO and STEP >= 1)"), SIM_EINVAL;
    if (o->from - o->window < d->first) {
        date_format(o->from - o->window, a);
        date_format(d->first, b);
        return snprintf(why, n, "the first origin's window starts on %s, before the data "
                        "(first incident %s); start later or shorten --window", a, b),
               SIM_EINVAL;
    }
    if (last + o->horizon - 1 > d->last) {
        date_format(last + o->horizon - 1, a);
        date_format(d->last, b);
        return snprintf(why, n, "the last origin's horizon ends on %s, after the data (which "
                        "end on %s); stop earlier or shorten --horizon", a, b), SIM_EINVAL;
    }
    return 0;
}

/* Index of the first incident on or after day. */
static int lower_bound(const score_data *d, long day)
{
    int lo = 0, hi = d->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (d->day[mid] < day) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int count_in(const score_data *d, long from, long to_excl)
{
    return lower_bound(d, to_excl) - lower_bound(d, from);
}

/* Whole 365-day blocks before the origin, oldest first (all the history, not only the
 * window: the level's changes show over years). Returns their number. */
static int yearly_counts(const score_data *d, long origin, double *c, int max)
{
    int B = 0;
    while (B < max && origin - 365L * (B + 1) >= d->first) B++;
    for (int b = 0; b < B; b++) {
        long end = origin - 365L * (B - 1 - b);
        c[b] = count_in(d, end - 365, end);
    }
    return B;
}

/* The negative binomial baseline: moments of the window's 30-day counts, scaled. */
static scoring_nb negbin_baseline(const score_data *d, const score_opts *o, long origin)
{
    int m = o->window / MONTH;
    double c[1300];
    if (m > 1300) m = 1300;
    for (int b = 0; b < m; b++) c[b] = count_in(d, origin - MONTH * (b + 1), origin - MONTH * b);
    scoring_nb nb = scoring_nb_fit(c, (size_t)(m > 1 ? m : 1));
    return scoring_nb_scale(&nb, (double)o->horizon / MONTH);
}

/* ---- forecasts by the scenario's model ------------------------------------------------- */

static int model_count(const score_opts *o, const pred_history *h, const pred_spec *ps,
                       long origin, long r, double *level, double *count)
{
    scenario *s = scenario_clone(o->model);
    model_past_event *ev = sim_malloc((size_t)(h->d->n ? h->d->n : 1) * sizeof *ev);
    int rc = s && ev ? pred_rebase(s, origin, ps->horizon) : SIM_ENOMEM, n = 0, err = 0;
    fit_params p = h->fit->est;
    if (!rc) pred_apply(s, h, ps, r, &p, level);
    const double *t = h->sets + (size_t)(r % h->K) * (size_t)h->d->n;
    double age_max = fmax(40 / p.beta, 40 * s->p.state.threat_half_life), T = h->d->ndays;
    for (int i = 0; !rc && i < h->d->n; i++)
        if (T - t[i] <= age_max) {
            model_past_event e = {t[i] - T, NAN, NAN, NAN};
            ev[n++] = e;
        }
    model *m = rc ? NULL : model_create(s, ps->seed, (uint64_t)r, 0, &err);
    if (!rc && !m) rc = err ? err : SIM_ENOMEM;
    if (!rc) rc = model_preload(m, ev, n);
    if (!rc) rc = model_run(m);
    if (!rc) *count = model_totals_get(m)->attacks;
    model_destroy(m);
    sim_free(ev);
    scenario_destroy(s);
    return rc;
}

/* ---- one origin ------------------------------------------------------------------------ */

/* The model's scores from its sorted sample x. */
static void score_sample(score_row *row, const double *x, long n)
{
    size_t m = (size_t)n;
    double y = row->observed, s = 0;
    for (size_t i = 0; i < m; i++) s += x[i];
    row->mean[SCORE_MODEL] = s / (double)m;
    row->q05 = scoring_quantile_sample(x, m, 0.05);
    row->q95 = scoring_quantile_sample(x, m, 0.95);
    row->crps[SCORE_MODEL] = scoring_crps_sample(x, m, y);
    row->logs[SCORE_MODEL] = scoring_log_sample(x, m, y);
    scoring_pit_sample(x, m, y, &row->pit[SCORE_MODEL][0], &row->pit[SCORE_MODEL][1]);
    for (int j = 0; j < SCORE_LEVELS; j++)
        row->inside[SCORE_MODEL][j] = (unsigned char)scoring_inside_sample(x, m, 0.1 * (j + 1), y);
}

static void score_nb(score_row *row, int f, const scoring_nb *nb)
{
    double y = row->observed;
    row->mean[f] = nb->mean;
    row->crps[f] = isfinite(nb->size) ? scoring_crps_nb(nb, y)
                                      : scoring_crps_poisson(nb->mean, y);
    row->logs[f] = scoring_log_nb(nb, y);
    scoring_pit_nb(nb, y, &row->pit[f][0], &row->pit[f][1]);
    for (int j = 0; j < SCORE_LEVELS; j++)
        row->inside[f][j] = (unsigned char)scoring_inside_nb(nb, 0.1 * (j + 1), y);
}

/* The replications' counts into x (o->n of them). */
static int forecast(const score_opts *o, const pred_history *h, const pred_spec *ps,
                    long origin, double *x)
{
    double *level = o->model ? sim_malloc((size_t)ps->horizon * sizeof *level) : NULL;
    if (o->model && !level) return SIM_ENOMEM;
    int rc = 0;
    for (long r = 0; r < o->n && !rc; r++)
        rc = o->model ? model_count(o, h, ps, origin, r, level, &x[r]) : pred_count(h, ps, r, &x[r]);
    sim_free(level);
    return rc;
}

/* Fits the window and forecasts; x gets the counts. */
static int fit_and_forecast(const score_data *d, const score_opts *o, long k, long origin,
                            int *days, double *x, score_row *row)
{
    long w0 = origin - o->window;
    int i0 = lower_bound(d, w0), n = count_in(d, w0, origin);
    for (int i = 0; i < n; i++) days[i] = (int)(d->day[i0 + i] - w0);
    row->events = n;
    if (n < SCORE_MIN_EVENTS) return SIM_EINVAL;
    fit_days fd = {days, n, o->window, date_day_of_year(w0), w0};
    uint64_t seed = rng_stream_seed(o->seed, (uint64_t)k, "score-origin");
    fit_dates_opts fo = {0, 0, -1, -1, seed};
    fit_result fit;
    double *sets = NULL, yc[128];
    int rc = fit_dates(&fd, &o->spec, &fo, &fit);
    if (!rc) rc = fit_dates_impute(&fd, &fit, HISTORY_SETS, seed, &sets);
    if (!rc) {
        row->est = fit.est;
        int B = yearly_counts(d, origin, yc, 128);
        pred_spec ps = {o->horizon, pred_drift(yc, B, fit.est.kappa, o->drift_prior,
                                               o->drift_weight), seed};
        row->drift = ps.drift;
        pred_history h = {&fd, &fit, sets, HISTORY_SETS};
        rc = forecast(o, &h, &ps, origin, x);
    }
    sim_free(sets);
    fit_result_free(&fit);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int score_origin(const score_data *d, const score_opts *o, long k, score_row *row)
{
    memset(row, 0, sizeof *row);
    long origin = o->from + k * o->step;
    row->origin = origin;
    row->observed = count_in(d, origin, origin + o->horizon);
    int *days = sim_malloc((size_t)(d->n ? d->n : 1) * sizeof *days);
    double *x = sim_malloc((size_t)o->n * sizeof *x);
    int rc = days && x ? fit_and_forecast(d, o, k, origin, days, x, row) : SIM_ENOMEM;
    if (!rc) {
        qsort(x, (size_t)o->n, sizeof *x, cmp_double);
        score_sample(row, x, o->n);
        double rate = (double)row->events / o->window;
        scoring_nb pois = {rate * o->horizon, INFINITY}, nb = negbin_baseline(d, o, origin);
        score_nb(row, SCORE_POISSON, &pois);
        score_nb(row, SCORE_NEGBIN, &nb);
    }
    sim_free(x);
    sim_free(days);
    return rc;
}

/* ---- summaries ------------------------------------------------------------------------- */

void score_summarise(const score_row *rows, long n, score_summary *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    for (long i = 0; i < n; i++)
        for (int f = 0; f < SCORE_NFORECASTERS; f++) {
            out->crps[f] += rows[i].crps[f] / n;
            out->logs[f] += rows[i].logs[f] / n;
            out->cover50[f] += rows[i].inside[f][4] / (double)n;
            out->cover90[f] += rows[i].inside[f][8] / (double)n;
        }
    out->skill = n > 0 ? 1 - out->crps[SCORE_MODEL] / out->crps[SCORE_POISSON] : NAN;
}

void score_pit_histogram(const score_row *rows, long n, int f, int bins, double *out)
{
    double prev = 0;
    for (int b = 0; b < bins; b++) {
        double u = (b + 1.0) / bins, F = 0;
        for (long i = 0; i < n; i++) F += scoring_pit_cdf(rows[i].pit[f][0], rows[i].pit[f][1], u);
        F = n > 0 ? F / n : 0;
        out[b] = F - prev;
        prev = F;
    }
}

void score_reliability(const score_row *rows, long n, int f, double *out)
{
    for (int j = 0; j < SCORE_LEVELS; j++) {
        double c = 0;
        for (long i = 0; i < n; i++) c += rows[i].inside[f][j];
        out[j] = n > 0 ? c / n : NAN;
    }
}
