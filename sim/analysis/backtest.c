/* backtest.c - the scenario run free from --from and compared with the record over the
 * window (backtest.h). The batch's probe steps each run a day at a time through the window
 * and notes on which days its strike, clash and closure totals grew. */
#include "analysis/backtest.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[BT_NKINDS] = {"strike_episodes", "clashes", "closures"};
static const char *const kind_events[BT_NKINDS] = {"strike", "clash", "closure"};

const char *bt_kind_name(int kind) { return kind >= 0 && kind < BT_NKINDS ? kind_names[kind] : "?"; }
const char *bt_kind_event(int kind) { return kind >= 0 && kind < BT_NKINDS ? kind_events[kind] : "?"; }

int bt_episodes(const double *days, int n, double gap, double *starts)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && days[i] - days[i - 1] <= gap) continue;
        if (starts) starts[k] = days[i];
        k++;
    }
    return k;
}

double bt_mid_pit(const double *sim, long n, double y)
{
    if (n <= 0) return NAN;
    long below = 0, equal = 0;
    for (long i = 0; i < n; i++) {
        below += sim[i] < y;
        equal += sim[i] == y;
    }
    return ((double)below + 0.5 * (double)equal) / (double)n;
}

double bt_brier(const double *p, const double *o, int n)
{
    if (n <= 0) return NAN;
    double s = 0;
    for (int i = 0; i < n; i++) s += (p[i] - o[i]) * (p[i] - o[i]);
    return s / n;
}

struct bt_study {
    const scenario *base;
    const record *rec;
    scenario run;               /* base with its timeline cut and horizon shortened */
    scn_timeline_item *timeline;
    int dropped;
    long from, to;              /* dates */
    long from_day, to_day;      /* days since the start */
    int n_months;
    long *month_first;          /* n_months + 1 (the last: the day after the window's month) */
    int *month_of;              /* window day -> month index */
    int n_ep_max, width;        /* probe row: counts, month flags, episode starts */
    const scenario *variants[1];   /* &run: the batch borrows the array */
    ens_batch *b;
};

/* The first day of the month of date d, and of the month after it. */
static long month_start(long d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return date_from_ymd(y, m, 1);
}

static long month_next(long d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1);
}

static int make_months(bt_study *st)
{
    int n = 0;
    for (long d = month_start(st->from); d <= st->to; d = month_next(d)) n++;
    st->n_months = n;
    st->month_first = sim_malloc((size_t)(n + 1) * sizeof *st->month_first);
    long days = st->to_day - st->from_day + 1;
    st->month_of = sim_malloc((size_t)days * sizeof *st->month_of);
    if (!st->month_first || !st->month_of) return SIM_ENOMEM;
    long d = month_start(st->from);
    for (int i = 0; i <= n; i++, d = month_next(d)) st->month_first[i] = d;
    int mi = 0;
    for (long k = 0; k < days; k++) {
        while (st->from + k >= st->month_first[mi + 1]) mi++;
        st->month_of[k] = mi;
    }
    return 0;
}

/* The run's scenario: the timeline before from_day, the horizon to_day + 1. */
static int cut_scenario(bt_study *st)
{
    const scenario *s = st->base;
    st->run = *s;
    st->timeline = sim_calloc(s->n_timeline > 0 ? (size_t)s->n_timeline : 1,
                              sizeof *st->timeline);
    if (!st->timeline) return SIM_ENOMEM;
    int k = 0;
    for (int i = 0; i < s->n_timeline; i++)
        if (s->timeline[i].day < (double)st->from_day) st->timeline[k++] = s->timeline[i];
    st->dropped = s->n_timeline - k;
    st->run.timeline = st->timeline;
    st->run.n_timeline = k;
    st->run.days = (double)(st->to_day + 1);
    return 0;
}

static int check_window(const scenario *s, long from, long to, char *why, size_t len)
{
    char a[11], b[11], c[11];
    date_format(from, a);
    date_format(to, b);
    if (from > to) {
        snprintf(why, len, "--from %s is after --to %s", a, b);
        return SIM_EINVAL;
    }
    long last = s->start_date + (long)ceil(s->days) - 1;
    date_format(s->start_date, c);
    if (from < s->start_date || to > last) {
        char d[11];
        date_format(last, d);
        snprintf(why, len, "the window %s to %s is not inside the scenario's days, %s to %s",
                 a, b, c, d);
        return SIM_EINVAL;
    }
    return 0;
}

/* Offsets in a probe row. */
static double *row_months(const bt_study *st, const double *row, int kind)
{
    return (double *)row + BT_NKINDS + (size_t)kind * (size_t)st->n_months;
}

static double *row_episodes(const bt_study *st, double *row)
{
    return row + BT_NKINDS + (size_t)BT_NKINDS * (size_t)st->n_months;
}

/* One day of the window: what grew between the totals before (p) and after (t). */
static void probe_day(const bt_study *st, double *row, long d, const model_totals *p,
                      const model_totals *t, double *last_strike)
{
    int mi = st->month_of[d - st->from_day];
    const int grew[BT_NKINDS] = {t->strikes > p->strikes, t->clashes > p->clashes,
                                 t->closures > p->closures};
    if (grew[BT_STRIKE_EPISODES]) {
        if (!(d - *last_strike <= BT_EPISODE_GAP)) {
            int k = (int)row[BT_STRIKE_EPISODES];
            if (k < st->n_ep_max) row_episodes(st, row)[k] = (double)d;
            row[BT_STRIKE_EPISODES] += 1;
        }
        *last_strike = (double)d;
    }
    row[BT_CLASHES] += t->clashes - p->clashes;
    row[BT_CLOSURES] += t->closures - p->closures;
    for (int k = 0; k < BT_NKINDS; k++)
        if (grew[k]) row_months(st, row, k)[mi] = 1;
}

static int probe(void *ctx, model *m, long rep, int variant, double *row)
{
    (void)rep, (void)variant;
    const bt_study *st = ctx;
    for (int i = 0; i < st->width; i++) row[i] = 0;
    for (int i = 0; i < st->n_ep_max; i++) row_episodes(st, row)[i] = NAN;
    /* Day d is [d, d + 1): run to just before d + 1, so an event at d + 1 counts on d + 1. */
    int rc = st->from_day > 0 ? model_run_until(m, nextafter((double)st->from_day, 0)) : 0;
    model_totals prev = *model_totals_get(m);
    double last = -INFINITY;
    for (long d = st->from_day; rc == 0 && d <= st->to_day; d++) {
        rc = model_run_until(m, nextafter((double)(d + 1), 0));
        const model_totals *t = model_totals_get(m);
        if (rc == 0) probe_day(st, row, d, &prev, t, &last);
        prev = *t;
    }
    return rc ? rc : model_run(m);
}

static uint64_t study_key(const bt_study *st)
{
    return ((uint64_t)st->from * 0x9e3779b97f4a7c15ULL) ^ (uint64_t)st->to ^
           ((uint64_t)st->dropped << 40);
}

bt_study *bt_create(const scenario *s, const record *r, long from, long to, long n,
                    uint64_t seed, int *err, char *why, size_t why_len)
{
    int code = check_window(s, from, to, why, why_len);
    bt_study *st = NULL;
    if (code) goto fail;
    code = SIM_ENOMEM;
    snprintf(why, why_len, "%s", sim_strerror(SIM_ENOMEM));
    if (!(st = sim_calloc(1, sizeof *st))) goto fail;
    st->base = s, st->rec = r, st->from = from, st->to = to;
    st->from_day = from - s->start_date, st->to_day = to - s->start_date;
    if (cut_scenario(st) || make_months(st)) goto fail;
    /* Episode starts are more than BT_EPISODE_GAP days apart: this many fit the window. */
    st->n_ep_max = (int)((st->to_day - st->from_day) / (long)(BT_EPISODE_GAP + 1)) + 1;
    st->width = BT_NKINDS * (1 + st->n_months) + st->n_ep_max;
    st->variants[0] = &st->run;
    st->b = ens_batch_create(st->variants, 1, seed, n, 0, &code);
    if (!st->b) goto fail;
    if ((code = ens_batch_set_probe(st->b, st->width, probe, st, study_key(st))) != 0) goto fail;
    return st;
fail:
    bt_destroy(st);
    if (err) *err = code;
    return NULL;
}

void bt_destroy(bt_study *st)
{
    if (!st) return;
    ens_batch_destroy(st->b);
    sim_free(st->timeline);
    sim_free(st->month_first);
    sim_free(st->month_of);
    sim_free(st);
}

ens_batch *bt_batch(bt_study *st) { return st->b; }
const ens_batch *bt_batch_const(const bt_study *st) { return st->b; }
const scenario *bt_scenario(const bt_study *st) { return &st->run; }
int bt_dropped(const bt_study *st) { return st->dropped; }
long bt_from(const bt_study *st) { return st->from; }
long bt_to(const bt_study *st) { return st->to; }

/* ===== the record ======================================================================= */

static int record_kind_of(int kind)
{
    return kind == BT_STRIKE_EPISODES ? RECORD_STRIKE
         : kind == BT_CLASHES         ? RECORD_CLASH
                                      : RECORD_CLOSURE;
}

/* Days (relative to the start) of the record's rows of a kind in the window, ascending. */
static int record_days(const bt_study *st, int kind, double *out)
{
    int n = 0;
    for (int i = 0; i < st->rec->n; i++) {
        const record_event *e = &st->rec->ev[i];
        if (e->kind == record_kind_of(kind) && e->day >= st->from && e->day <= st->to)
            out[n++] = (double)(e->day - st->base->start_date);
    }
    return n;
}

/* The observed counts, month flags and episode gaps. */
static void observe(const bt_study *st, bt_results *out, double *days, double *starts)
{
    for (int k = 0; k < BT_NKINDS; k++) {
        int n = record_days(st, k, days);
        double *o = out->observed + (size_t)k * (size_t)st->n_months;
        for (int i = 0; i < n; i++) o[st->month_of[(long)days[i] - st->from_day]] = 1;
        if (k != BT_STRIKE_EPISODES) {
            out->count[k].observed = n;
            continue;
        }
        int ne = bt_episodes(days, n, BT_EPISODE_GAP, starts);
        out->count[k].observed = ne;
        for (int i = 1; i < ne && out->gaps.n_observed < 64; i++)
            out->gaps.observed[out->gaps.n_observed++] = starts[i] - starts[i - 1];
    }
}

/* The climatology of kind: the base rate of months with one in the record before from. */
static void climatology(const bt_study *st, int kind, const bt_results *r, bt_brier_score *b)
{
    int months = 0, with = 0;
    if (st->rec->n > 0) {
        for (long m = month_start(st->rec->ev[0].day); month_next(m) <= st->from;
             m = month_next(m)) {
            int has = 0;
            for (int i = 0; i < st->rec->n && !has; i++) {
                const record_event *e = &st->rec->ev[i];
                has = e->kind == record_kind_of(kind) && e->day >= m && e->day < month_next(m);
            }
            months++, with += has;
        }
    }
    b->in_sample = months < BT_CLIM_MIN_MONTHS;
    if (b->in_sample) {
        const double *o = r->observed + (size_t)kind * (size_t)st->n_months;
        months = st->n_months, with = 0;
        for (int i = 0; i < months; i++) with += o[i] > 0;
    }
    b->clim_months = months;
    b->base_rate = months > 0 ? (double)with / months : NAN;
}

/* ===== results ========================================================================== */

double bt_quantile(const double *sorted, long n, double p)
{
    if (n <= 0) return NAN;
    long i = (long)ceil(p * (double)n - 1e-9) - 1;   /* the smallest x with F(x) >= p */
    return sorted[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* Mean, quantiles and mid-PIT of v[0..n-1] (n >= 1); sorts v. */
static void count_stats(double *v, long n, bt_count *c)
{
    c->pit = bt_mid_pit(v, n, c->observed);
    double s = 0;
    for (long i = 0; i < n; i++) s += v[i];
    c->mean = s / (double)n;
    stats_sort(v, (size_t)n);
    c->median = bt_quantile(v, n, 0.5);
    c->q05 = bt_quantile(v, n, 0.05);
    c->q95 = bt_quantile(v, n, 0.95);
}

/* The pooled gaps of the runs and how many runs have gaps as long as the record's. */
static int sim_gaps(const bt_study *st, long runs, bt_gaps *g)
{
    size_t cap = (size_t)runs * (size_t)st->n_ep_max + 1;
    double *pool = sim_malloc(cap * sizeof *pool);
    if (!pool) return SIM_ENOMEM;
    double shortest = INFINITY;
    for (int i = 0; i < g->n_observed; i++) shortest = fmin(shortest, g->observed[i]);
    long n = 0, long_ones = 0;
    for (long r = 0; r < runs; r++) {
        const double *row = ens_batch_probe_row(st->b, r, 0);
        const double *ep = row + BT_NKINDS * (1 + st->n_months);
        int ne = (int)fmin(row[BT_STRIKE_EPISODES], st->n_ep_max), all = 1;
        for (int i = 1; i < ne; i++) {
            double gap = ep[i] - ep[i - 1];
            pool[n++] = gap;
            long_ones += gap >= shortest;
            all &= gap >= shortest;
        }
        if (g->n_observed > 0 && ne - 1 >= g->n_observed) g->runs_enough++, g->runs_all_long += all;
    }
    g->n_sim = n;
    g->share_at_least_min = n > 0 && g->n_observed > 0 ? (double)long_ones / n : NAN;
    stats_sort(pool, (size_t)n);
    g->median = bt_quantile(pool, n, 0.5);
    g->q05 = bt_quantile(pool, n, 0.05);
    g->q95 = bt_quantile(pool, n, 0.95);
    sim_free(pool);
    return 0;
}

static int alloc_results(const bt_study *st, bt_results *out)
{
    size_t cells = (size_t)BT_NKINDS * (size_t)st->n_months;
    out->n_months = st->n_months;
    out->month_first = sim_malloc((size_t)st->n_months * sizeof *out->month_first);
    out->observed = sim_calloc(cells, sizeof *out->observed);
    out->prob = sim_calloc(cells, sizeof *out->prob);
    if (!out->month_first || !out->observed || !out->prob) return SIM_ENOMEM;
    memcpy(out->month_first, st->month_first, (size_t)st->n_months * sizeof *out->month_first);
    return 0;
}

/* Counts, monthly probabilities and Brier scores of every kind. */
static int score_kinds(const bt_study *st, bt_results *out, double *v)
{
    long runs = out->runs;
    for (int k = 0; k < BT_NKINDS; k++) {
        double *p = out->prob + (size_t)k * (size_t)st->n_months;
        for (long r = 0; r < runs; r++) {
            const double *row = ens_batch_probe_row(st->b, r, 0);
            v[r] = row[k];
            const double *mo = row_months(st, row, k);
            for (int i = 0; i < st->n_months; i++) p[i] += mo[i];
        }
        for (int i = 0; i < st->n_months; i++) p[i] /= (double)runs;
        count_stats(v, runs, &out->count[k]);
        bt_brier_score *b = &out->brier[k];
        const double *o = out->observed + (size_t)k * (size_t)st->n_months;
        climatology(st, k, out, b);
        for (int i = 0; i < st->n_months; i++) v[i] = b->base_rate;
        b->model = bt_brier(p, o, st->n_months);
        b->climatology = bt_brier(v, o, st->n_months);
        b->skill = b->climatology > 0 ? 1 - b->model / b->climatology : NAN;
    }
    return 0;
}

int bt_results_compute(const bt_study *st, bt_results *out)
{
    memset(out, 0, sizeof *out);
    out->runs = ens_batch_done(st->b);
    if (out->runs < 1) return SIM_EINVAL;
    int rc = alloc_results(st, out);
    int nrec = st->rec->n > 0 ? st->rec->n : 1;
    size_t nv = (size_t)(out->runs > st->n_months ? out->runs : st->n_months);
    double *v = sim_malloc((nv > (size_t)nrec ? nv : (size_t)nrec) * sizeof *v);
    double *starts = sim_malloc((size_t)nrec * sizeof *starts);
    if (!rc && (!v || !starts)) rc = SIM_ENOMEM;
    if (!rc) {
        observe(st, out, v, starts);
        rc = score_kinds(st, out, v);
    }
    if (!rc) rc = sim_gaps(st, out->runs, &out->gaps);
    sim_free(v);
    sim_free(starts);
    if (rc) bt_results_free(out);
    return rc;
}

void bt_results_free(bt_results *r)
{
    if (!r) return;
    sim_free(r->month_first);
    sim_free(r->observed);
    sim_free(r->prob);
    r->month_first = NULL, r->observed = r->prob = NULL;
}
