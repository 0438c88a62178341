/* sumstats.c - summary statistics of the record and of a run, computed alike. */
#include "analysis/sumstats.h"
#include "base/alloc.h"
#include "base/err.h"
#include <math.h>

static const char *const names[SUMSTATS_N] = {
    "strike_episodes", "clashes", "closures", "first_episode_day", "longest_gap",
    "shortest_gap", "attacks_per_year"};
static const char *const whats[SUMSTATS_N] = {
    "strike episodes", "border clashes", "border closures", "day of the first episode",
    "longest stretch without an episode, days", "shortest gap between episodes, days",
    "attacks per year"};

const char *sumstats_name(int i) { return names[i]; }
const char *sumstats_what(int i) { return whats[i]; }

int sumstats_episodes(const double *t, int n, double gap, double *starts)
{
    int k = 0;
    double prev = 0;
    for (int i = 0; i < n; i++) {
        double x = t[i];
        if (i == 0 || x - prev > gap) starts[k++] = x;
        prev = x;
    }
    return k;
}

/* Episodes of the strikes inside [0, window), their starts counted and measured. */
void sumstats_compute(const double *t, int n_strikes, double clashes, double closures,
                      double attacks, double window, sumstats *out)
{
    int k = 0;
    double prev = 0, first = window, last = 0, longest = 0, shortest = window;
    for (int i = 0; i < n_strikes; i++) {
        double x = t[i];
        if (x < 0 || x >= window) continue;
        if (k > 0 && x - prev <= SUMSTATS_EPISODE_GAP) { prev = x; continue; }
        /* a new episode starts at x */
        double gap = k == 0 ? x : x - last;
        if (gap > longest) longest = gap;
        if (k > 0 && gap < shortest) shortest = gap;
        if (k == 0) first = x;
        last = x;
        k++;
        prev = x;
    }
    double tail = k ? window - last : window;
    if (tail > longest) longest = tail;
    out->v[SUMSTATS_STRIKE_EPISODES] = k;
    out->v[SUMSTATS_CLASHES] = clashes;
    out->v[SUMSTATS_CLOSURES] = closures;
    out->v[SUMSTATS_FIRST_EPISODE_DAY] = first;
    out->v[SUMSTATS_LONGEST_GAP] = longest;
    out->v[SUMSTATS_SHORTEST_GAP] = shortest;
    out->v[SUMSTATS_ATTACKS_PER_YEAR] = isnan(attacks) ? NAN : attacks * 365.25 / window;
}

int sumstats_of_model(const model *m, double window, sumstats *out)
{
    enum { CHUNK = 64 };
    const model_totals *tot = model_totals_get(m);
    int n = model_strike_count(m);
    double buf[CHUNK], *t = n <= CHUNK ? buf : sim_malloc((size_t)n * sizeof *t);
    if (!t) return SIM_ENOMEM;
    for (int i = 0; i < n; i++) t[i] = model_strike_time_at(m, i);
    sumstats_compute(t, n, tot->clashes, tot->closures, tot->attacks, window, out);
    if (t != buf) sim_free(t);
    return 0;
}

double sumstats_record_day(const record_event *e)
{
    return e->day == e->day_last ? (double)e->day : floor(0.5 * (double)(e->day + e->day_last));
}

int sumstats_of_record(const record *r, const incidents *inc, long day0, double window,
                       sumstats *out)
{
    double clashes = 0, closures = 0, attacks = NAN;
    int n = 0;
    double *t = sim_malloc((size_t)(r->n > 0 ? r->n : 1) * sizeof *t);
    if (!t) return SIM_ENOMEM;
    for (int i = 0; i < r->n; i++) {
        double d = sumstats_record_day(&r->ev[i]) - (double)day0;
        if (d < 0 || d >= window) continue;
        int kind = r->ev[i].kind;
        if (kind == RECORD_STRIKE) t[n++] = d;
        clashes += kind == RECORD_CLASH;
        closures += kind == RECORD_CLOSURE;
    }
    if (inc) {
        attacks = 0;
        for (int i = 0; i < inc->n; i++) {
            double d = (double)(inc->items[i].day - day0);
            attacks += d >= 0 && d < window;
        }
    }
    /* record rows are sorted by their first day; the middle of a month may come later */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && t[j - 1] > t[j]; j--) {
            double x = t[j];
            t[j] = t[j - 1];
            t[j - 1] = x;
        }
    sumstats_compute(t, n, clashes, closures, attacks, window, out);
    sim_free(t);
    return 0;
}
