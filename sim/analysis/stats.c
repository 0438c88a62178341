/* stats.c - streaming moments, quantiles, mean and proportion intervals, Kaplan-Meier. */
#include "analysis/stats.h"
#include "base/alloc.h"
#include "base/err.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void stats_moments_init(stats_moments *m)
{
    m->n = 0;
    m->mean = m->m2 = 0;
    m->min = INFINITY;
    m->max = -INFINITY;
}

void stats_moments_add(stats_moments *m, double x)
{
    if (!isfinite(x)) return;
    m->n++;
    double d = x - m->mean;
    m->mean += d / (double)m->n;
    m->m2 += d * (x - m->mean);
    if (x < m->min) m->min = x;
    if (x > m->max) m->max = x;
}

double stats_mean(const stats_moments *m) { return m->n > 0 ? m->mean : NAN; }

double stats_var(const stats_moments *m)
{
    return m->n > 1 ? m->m2 / (double)(m->n - 1) : NAN;
}

double stats_sd(const stats_moments *m) { return sqrt(stats_var(m)); }

void stats_mean_ci(const stats_moments *m, double level, double *lo, double *hi)
{
    if (m->n < 2) {
        *lo = *hi = NAN;
        return;
    }
    double t = gsl_cdf_tdist_Pinv(0.5 + level / 2, (double)(m->n - 1));
    double half = t * stats_sd(m) / sqrt((double)m->n);
    *lo = m->mean - half;
    *hi = m->mean + half;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* qsort (glibc: a merge sort) is several times faster than gsl_sort's heap sort here, and
 * the fan charts sort once per day and series. */
void stats_sort(double *v, size_t n) { qsort(v, n, sizeof *v, cmp_double); }

double stats_quantile_sorted(const double *sorted, size_t n, double p)
{
    if (n == 0) return NAN;
    if (p <= 0) return sorted[0];
    if (p >= 1) return sorted[n - 1];
    double h = (double)(n - 1) * p;
    size_t i = (size_t)floor(h);
    double frac = h - (double)i;
    if (i + 1 >= n) return sorted[n - 1];
    return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
}

static void swap_d(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

/* Moves the k-th smallest of v[0..n-1] to v[k], smaller-or-equal values before it and
 * greater-or-equal after (Hoare's quickselect, median-of-three pivots). */
static void select_kth(double *v, size_t n, size_t kk)
{
    long lo = 0, hi = (long)n - 1, k = (long)kk;
    while (hi > lo) {
        long mid = lo + (hi - lo) / 2, i = lo, j = hi;
        if (v[mid] < v[lo]) swap_d(&v[mid], &v[lo]);
        if (v[hi] < v[lo]) swap_d(&v[hi], &v[lo]);
        if (v[hi] < v[mid]) swap_d(&v[hi], &v[mid]);
        double pivot = v[mid];
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) swap_d(&v[i++], &v[j--]);
        }
        /* Now v[lo..j] <= pivot <= v[i..hi], and v[j+1..i-1] == pivot. */
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return;
    }
}

void stats_quantiles(double *v, size_t n, const double *p, int np, double *out)
{
    size_t base = 0; /* v[0..base-1] are all <= v[base..] after earlier selections */
    for (int q = 0; q < np; q++) {
        if (n == 0) { out[q] = NAN; continue; }
        double h = (double)(n - 1) * (p[q] < 0 ? 0 : p[q] > 1 ? 1 : p[q]);
        size_t i = (size_t)floor(h);
        double frac = h - (double)i;
        if (i < base) i = base; /* cannot happen with ascending p; keeps the range valid */
        select_kth(v + base, n - base, i - base);
        double lo = v[i], hi = lo;
        if (frac > 0 && i + 1 < n) {
            hi = v[i + 1];
            for (size_t j = i + 2; j < n; j++)
                if (v[j] < hi) hi = v[j];
        }
        out[q] = lo + frac * (hi - lo);
        base = i;
    }
}

uint32_t stats_float_key(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u & 0x80000000u ? ~u : u | 0x80000000u;
}

float stats_key_float(uint32_t key)
{
    uint32_t u = key & 0x80000000u ? key & 0x7fffffffu : ~key;
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Sorts keys[0..n-1] by three counting passes of 11, 11 and 10 bits (least significant
 * first), skipping a pass whose digit all keys share; returns where the result is (keys or
 * tmp). */
static uint32_t *radix_sort_keys(uint32_t *keys, uint32_t *tmp, size_t n)
{
    enum { BITS = 11, BUCKETS = 1 << BITS };
    static const int shift[3] = {0, 11, 22};
    size_t count[3][BUCKETS] = {{0}};
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 3; d++) count[d][(keys[i] >> shift[d]) & (BUCKETS - 1)]++;
    uint32_t *src = keys, *dst = tmp;
    for (int d = 0; d < 3; d++) {
        size_t *c = count[d], sum = 0;
        if (c[(src[0] >> shift[d]) & (BUCKETS - 1)] == n) continue; /* one digit: in order */
        for (int b = 0; b < BUCKETS; b++) {
            size_t k = c[b];
            c[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++) dst[c[(src[i] >> shift[d]) & (BUCKETS - 1)]++] = src[i];
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    return src;
}

void stats_quantiles_keys(uint32_t *keys, uint32_t *tmp, size_t n, const double *p, int np,
                          double *out)
{
    const uint32_t *s = n ? radix_sort_keys(keys, tmp, n) : keys;
    for (int q = 0; q < np; q++) {
        if (n == 0) {
            out[q] = NAN;
            continue;
        }
        /* the interpolation of stats_quantiles, on the same order statistics */
        double h = (double)(n - 1) * (p[q] < 0 ? 0 : p[q] > 1 ? 1 : p[q]);
        size_t i = (size_t)floor(h);
        double frac = h - (double)i, lo = stats_key_float(s[i]), hi = lo;
        if (frac > 0 && i + 1 < n) hi = stats_key_float(s[i + 1]);
        out[q] = lo + frac * (hi - lo);
    }
}

size_t stats_sorted_finite(const double *v, size_t n, double *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) out[k++] = v[i];
    stats_sort(out, k);
    return k;
}

double stats_z(double level) { return gsl_cdf_ugaussian_Pinv(0.5 + level / 2); }

void stats_wilson(long k, long n, double level, double *lo, double *hi)
{
    if (n <= 0) {
        *lo = 0;
        *hi = 1;
        return;
    }
    double z = stats_z(level), nn = (double)n, p = (double)k / nn, z2 = z * z;
    double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    double half = z / (1 + z2 / nn) * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    *lo = fmax(0, centre - half);
    *hi = fmin(1, centre + half);
}

typedef struct km_obs {
    double t;
    int event;
} km_obs;

/* Increasing time; at equal times events come before censorings (censored at t means
 * still at risk at t). */
static int km_cmp(const void *a, const void *b)
{
    const km_obs *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    return y->event - x->event;
}

/* Fills one row from the running product and Greenwood sum. The band is Greenwood's
 * variance on the complementary log-log scale (Kalbfleisch and Prentice 1980): with
 * sigma = sqrt(gw) / |log S|, the standard error of log(-log S), the band is
 * [S^exp(z sigma), S^exp(-z sigma)], always inside [0, 1] without clipping and asymmetric
 * near 0 and 1, where S +- z se would leave [0, 1] and undercover. */
static void km_row(stats_km_row *row, double t, long r, long d, double surv, double gw, double z)
{
    row->t = t;
    row->at_risk = r;
    row->events = d;
    row->surv = surv;
    if (!(surv > 0) || !isfinite(gw)) { /* every run at risk had the event: S = 0 */
        row->lo = row->hi = 0;
        return;
    }
    double sigma = sqrt(gw) / fabs(log(surv));
    row->lo = pow(surv, exp(z * sigma));
    row->hi = pow(surv, exp(-z * sigma));
}

int stats_km(const double *time, const int *event, size_t n, double level,
             stats_km_row *rows, size_t *n_rows)
{
    *n_rows = 0;
    km_obs *o = sim_malloc((n ? n : 1) * sizeof *o);
    if (!o) return SIM_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(time[i])) { sim_free(o); return SIM_EINVAL; }
        o[i] = (km_obs){time[i], event[i] != 0};
    }
    qsort(o, n, sizeof *o, km_cmp);
    double surv = 1, gw = 0, z = stats_z(level);
    size_t i = 0;
    while (i < n) {
        long r = (long)(n - i), d = 0, c = 0;
        double t = o[i].t;
        for (; i < n && o[i].t == t; i++) o[i].event ? d++ : c++;
        if (d == 0) continue;
        surv *= 1 - (double)d / (double)r;
        gw = r > d ? gw + (double)d / ((double)r * (double)(r - d)) : INFINITY;
        km_row(&rows[(*n_rows)++], t, r, d, surv, gw, z);
    }
    sim_free(o);
    return 0;
}

double stats_km_surv_before(const stats_km_row *rows, size_t n, double t)
{
    double s = 1;
    for (size_t i = 0; i < n && rows[i].t < t; i++) s = rows[i].surv;
    return s;
}

/* The first row time where v(row) <= 1/2, or NaN. */
static double km_first_at_half(const stats_km_row *rows, size_t n, int which)
{
    for (size_t i = 0; i < n; i++) {
        double v = which == 0 ? rows[i].surv : which < 0 ? rows[i].lo : rows[i].hi;
        if (v <= 0.5) return rows[i].t;
    }
    return NAN;
}

stats_km_median stats_km_median_get(const stats_km_row *rows, size_t n)
{
    stats_km_median m = {km_first_at_half(rows, n, 0), km_first_at_half(rows, n, -1),
                         km_first_at_half(rows, n, 1)};
    return m;
}
