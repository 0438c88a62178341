/* scoring.c - CRPS, log score, PIT and central intervals for samples, Poisson and negative
 * binomial forecasts of counts. */
#include "forecast/scoring.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_bessel.h>
#include <math.h>

#define TAIL 1e-12

/* ---- samples --------------------------------------------------------------------------- */

double scoring_crps_sample(const double *x, size_t n, double y)
{
    /* E|X - y| - E|X - X'| / 2, with sum_{i,j} |x_i - x_j| = 2 sum_k x_(k) (2k - n + 1). */
    double a = 0, b = 0, dn = (double)n;
    for (size_t k = 0; k < n; k++) {
        a += fabs(x[k] - y);
        b += x[k] * (2.0 * (double)k - dn + 1);
    }
    return a / dn - b / (dn * dn);
}

/* Number of sample values <= v (x sorted). */
static size_t count_le(const double *x, size_t n, double v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x[mid] <= v) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void scoring_pit_sample(const double *x, size_t n, double y, double *lo, double *hi)
{
    *lo = (double)count_le(x, n, y - 1) / (double)n;
    *hi = (double)count_le(x, n, y) / (double)n;
}

/* Silverman's bandwidth of the sample, at least 0.5 (half a count). */
static double bandwidth(const double *x, size_t n)
{
    double m = 0, v = 0, dn = (double)n;
    for (size_t i = 0; i < n; i++) m += x[i] / dn;
    for (size_t i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m) / (n > 1 ? dn - 1 : 1);
    double iqr = scoring_quantile_sample(x, n, 0.75) - scoring_quantile_sample(x, n, 0.25);
    double s = sqrt(v);
    if (iqr > 0 && iqr / 1.34 < s) s = iqr / 1.34;
    double h = 0.9 * s * pow(dn, -0.2);
    return h > 0.5 ? h : 0.5;
}

double scoring_log_sample(const double *x, size_t n, double y)
{
    double h = bandwidth(x, n), z = 0, m = -HUGE_VAL, s = 0;
    for (int j = -(int)ceil(12 * h); j <= (int)ceil(12 * h); j++) z += exp(-0.5 * j * j / (h * h));
    for (size_t i = 0; i < n; i++) {
        double e = -0.5 * (y - x[i]) * (y - x[i]) / (h * h);
        if (e > m) {
            s = s * exp(m - e) + 1;
            m = e;
        } else {
            s += exp(e - m);
        }
    }
    return -(m + log(s) - log((double)n) - log(z));
}

double scoring_quantile_sample(const double *x, size_t n, double q)
{
    double k = ceil(q * (double)n) - 1;
    size_t i = k < 0 ? 0 : (size_t)k;
    return x[i < n ? i : n - 1];
}

int scoring_inside_sample(const double *x, size_t n, double level, double y)
{
    return y >= scoring_quantile_sample(x, n, (1 - level) / 2) &&
           y <= scoring_quantile_sample(x, n, (1 + level) / 2);
}

/* ---- Poisson and negative binomial ----------------------------------------------------- */

/* A size so large that m^2 / r is below 1e-6 m is the Poisson: GSL's negative binomial loses
 * digits there (its log-gamma terms are of order r). */
static int is_poisson(const scoring_nb *nb)
{
    return !isfinite(nb->size) || nb->size <= 0 || nb->mean < 1e-6 * nb->size;
}

static double nb_p(const scoring_nb *nb) { return nb->size / (nb->size + nb->mean); }

static double nb_pmf(const scoring_nb *nb, double k)
{
    if (k < 0) return 0;
    if (is_poisson(nb)) return gsl_ran_poisson_pdf((unsigned int)k, nb->mean);
    return gsl_ran_negative_binomial_pdf((unsigned int)k, nb_p(nb), nb->size);
}

static double nb_cdf(const scoring_nb *nb, double k)
{
    if (k < 0) return 0;
    if (is_poisson(nb)) return gsl_cdf_poisson_P((unsigned int)k, nb->mean);
    return gsl_cdf_negative_binomial_P((unsigned int)k, nb_p(nb), nb->size);
}

double scoring_crps_poisson(double lambda, double y)
{
    if (!(lambda > 0)) return fabs(y);
    double k = floor(y), F = k < 0 ? 0 : gsl_cdf_poisson_P((unsigned int)k, lambda);
    double f = k < 0 ? 0 : gsl_ran_poisson_pdf((unsigned int)k, lambda);
    return (y - lambda) * (2 * F - 1) + 2 * lambda * f -
           lambda * (gsl_sf_bessel_I0_scaled(2 * lambda) + gsl_sf_bessel_I1_scaled(2 * lambda));
}

double scoring_crps_nb(const scoring_nb *nb, double y)
{
    if (!(nb->mean > 0)) return fabs(y);
    double var = nb->mean + (is_poisson(nb) ? 0 : nb->mean * nb->mean / nb->size);
    double kmax = nb->mean + 60 * sqrt(var) + 100;   /* far past any tail above 1e-12 */
    double s = 0, F = 0;
    for (double k = 0; k <= kmax || k <= y; k++) {
        F += nb_pmf(nb, k);
        double d = F - (y <= k ? 1 : 0);
        s += d * d;
        if (k >= y && 1 - F < TAIL) break;
    }
    return s;
}

double scoring_log_nb(const scoring_nb *nb, double y)
{
    double p = nb->mean > 0 ? nb_pmf(nb, y) : (y == 0);
    return p > 0 ? -log(p) : -log(1e-300);
}

void scoring_pit_nb(const scoring_nb *nb, double y, double *lo, double *hi)
{
    if (!(nb->mean > 0)) {
        *lo = y >= 1 ? 1 : 0;
        *hi = y >= 0 ? 1 : 0;
        return;
    }
    *lo = nb_cdf(nb, y - 1);
    *hi = nb_cdf(nb, y);
}

double scoring_quantile_nb(const scoring_nb *nb, double q)
{
    if (!(nb->mean > 0)) return 0;
    double var = nb->mean + (is_poisson(nb) ? 0 : nb->mean * nb->mean / nb->size);
    double k = floor(nb->mean - 10 * sqrt(var));
    if (k < 0) k = 0;
    while (k > 0 && nb_cdf(nb, k - 1) >= q) k--;
    double kmax = nb->mean + 60 * sqrt(var) + 100;
    while (nb_cdf(nb, k) < q && k < kmax) k++;
    return k;
}

int scoring_inside_nb(const scoring_nb *nb, double level, double y)
{
    return y >= scoring_quantile_nb(nb, (1 - level) / 2) &&
           y <= scoring_quantile_nb(nb, (1 + level) / 2);
}

double scoring_pit_cdf(double lo, double hi, double u)
{
    if (u <= lo) return 0;
    if (u >= hi) return 1;
    return (u - lo) / (hi - lo);
}

scoring_nb scoring_nb_fit(const double *c, size_t n)
{
    double m = 0, v = 0, dn = (double)n;
    for (size_t i = 0; i < n; i++) m += c[i] / dn;
    for (size_t i = 0; i < n; i++) v += (c[i] - m) * (c[i] - m) / (dn - 1);
    scoring_nb nb = {m, v > m && m > 0 ? m * m / (v - m) : INFINITY};
    return nb;
}

scoring_nb scoring_nb_scale(const scoring_nb *nb, double periods)
{
    scoring_nb s = {nb->mean * periods, nb->size * periods};
    return s;
}
