/* stats.h - statistics for ensembles: streaming moments (Welford), quantiles, confidence
 * intervals of a mean and of a proportion (Wilson), and the Kaplan-Meier estimator.
 *
 * Moments are streaming: memory does not grow with the number of values, and adding the
 * same values in the same order gives bit-identical results. Quantiles need the values
 * (sorted); callers keep them. */
#ifndef FRONTIER_STATS_H
#define FRONTIER_STATS_H
#include <stddef.h>
#include <stdint.h>

/* Running count, mean, sum of squared deviations (Welford 1962), min and max. A plain
 * value; stats_moments_init or zero-fill it before use. */
typedef struct stats_moments {
    long n;
    double mean, m2, min, max;
} stats_moments;

void stats_moments_init(stats_moments *m);
/* Adds x; non-finite values are ignored (they mean "missing"). */
void stats_moments_add(stats_moments *m, double x);
double stats_mean(const stats_moments *m);      /* NaN when n == 0 */
double stats_var(const stats_moments *m);       /* sample variance (n - 1); NaN when n < 2 */
double stats_sd(const stats_moments *m);
/* Confidence interval of the mean at level (e.g. 0.95) from Student's t with n - 1 degrees
 * of freedom. NaN bounds when n < 2; a zero-width interval when all values are equal. */
void stats_mean_ci(const stats_moments *m, double level, double *lo, double *hi);

/* Sorts v ascending (non-finite values must not be present). */
void stats_sort(double *v, size_t n);
/* The p-quantile (0 <= p <= 1) of sorted[0..n-1] by linear interpolation between order
 * statistics (Hyndman and Fan type 7, R's default): h = (n - 1) p. NaN when n == 0. */
double stats_quantile_sorted(const double *sorted, size_t n, double p);
/* The p[0..np-1]-quantiles (p ascending, each in [0, 1]) of v[0..n-1] (finite values),
 * as stats_quantile_sorted would give, into out, by selection instead of a full sort
 * (expected linear time). v is reordered. NaN results when n == 0. */
void stats_quantiles(double *v, size_t n, const double *p, int np, double *out);
/* The order key of a finite float: keys compare as unsigned integers as the floats compare
 * as numbers (-0 just below +0). stats_key_float inverts it. */
uint32_t stats_float_key(float x);
float stats_key_float(uint32_t key);
/* The p[0..np-1]-quantiles (p ascending, each in [0, 1]) of the n floats whose order keys
 * are keys[0..n-1], exactly as stats_quantiles gives on their values, into out, by a radix
 * sort of the keys (linear time; the ensemble's daily fans). keys and tmp (room for n) are
 * overwritten. NaN results when n == 0. */
void stats_quantiles_keys(uint32_t *keys, uint32_t *tmp, size_t n, const double *p, int np,
                          double *out);
/* Copies the finite values of v[0..n-1] into out (room for n) sorted; returns how many. */
size_t stats_sorted_finite(const double *v, size_t n, double *out);

/* Wilson score interval for k successes in n trials at level (e.g. 0.95). With n == 0 the
 * interval is [0, 1]. */
void stats_wilson(long k, long n, double level, double *lo, double *hi);
/* Two-sided standard normal quantile for level: 1.959964... for 0.95. */
double stats_z(double level);

/* One row of a Kaplan-Meier curve: at each distinct event time t, the number at risk just
 * before t, the events at t, the survival estimate S(t) = P(T > t) and its pointwise
 * confidence interval by the log-log transform of Greenwood's variance:
 * [S^exp(z sigma), S^exp(-z sigma)] with sigma = sqrt(sum d / (r (r - d))) / |log S|
 * (lo = hi = 0 once S = 0). */
typedef struct stats_km_row {
    double t;
    long at_risk, events;
    double surv, lo, hi;
} stats_km_row;

/* Kaplan-Meier estimate from n observations: time[i] is the event time when event[i] is
 * nonzero, else the censoring time (censored at t means still at risk at t). Rows are
 * written to rows (room for n) in increasing time, only at event times; *n_rows gets their
 * number. Returns 0, SIM_EINVAL (a non-finite time) or SIM_ENOMEM. */
int stats_km(const double *time, const int *event, size_t n, double level,
             stats_km_row *rows, size_t *n_rows);

/* The survival just before t, S(t-) = P(T >= t): the product over the event times < t
 * (1 before the first). With times in days and "within N days" meaning T < N, the chance
 * of an event within N days is 1 - stats_km_surv_before(rows, n, N). */
double stats_km_surv_before(const stats_km_row *rows, size_t n, double t);

/* The median time from a Kaplan-Meier curve: the first event time at which S <= 1/2, and
 * its confidence interval read off the curve's band (Brookmeyer and Crowley 1982): from
 * the first time the band's lower bound is <= 1/2 to the first time its upper bound is
 * (the times whose survival band holds 1/2). A bound
 * the curve never reaches is NaN (not reached: more than half still had no event at the
 * last time observed); so is the median itself when S stays above 1/2. */
typedef struct stats_km_median {
    double median, lo, hi;
} stats_km_median;

stats_km_median stats_km_median_get(const stats_km_row *rows, size_t n);

#endif
