/* scoring.h - proper scoring rules and calibration checks for forecasts of counts.
 *
 * A forecast of a count is a distribution: a sample of simulated counts (a model's
 * replications), a Poisson or a negative binomial. Against the observed count y:
 *   CRPS   the continuous ranked probability score, sum over k of (F(k) - 1{y <= k})^2 for
 *          a count distribution F; E|X - y| - E|X - X'| / 2; in units of the count, lower
 *          is better, and a point forecast x scores |x - y|;
 *   log    the negative log predictive probability -log P(X = y), lower is better;
 *   PIT    the probability integral transform of a count: the pair (F(y - 1), F(y)); a
 *          calibrated forecaster's non-randomised PIT histogram (Czado, Gneiting and Held
 *          2009) is flat;
 *   interval  whether y lies in the central interval of a given level.
 * A sample's log score uses the empirical probability of y smoothed by a discrete Gaussian
 * kernel (Silverman's bandwidth, at least 0.5), so that a count the sample missed gets a
 * small probability instead of none. */
#ifndef FRONTIER_SCORING_H
#define FRONTIER_SCORING_H
#include <stddef.h>

/* A negative binomial of mean m and size r (variance m + m^2 / r); r = INFINITY is the
 * Poisson of mean m. */
typedef struct scoring_nb {
    double mean, size;
} scoring_nb;

/* CRPS of a sorted sample x[0..n-1] (n >= 1), exact for the sample's empirical law. */
double scoring_crps_sample(const double *x, size_t n, double y);
/* CRPS of a Poisson of mean lambda, in closed form with Bessel functions (Wei and Held
 * 2014): (y - l)(2F(y) - 1) + 2 l f(y) - l e^{-2l} (I0(2l) + I1(2l)). */
double scoring_crps_poisson(double lambda, double y);
/* CRPS of a negative binomial (a Poisson when size is infinite), summed to a tail below
 * 1e-12. */
double scoring_crps_nb(const scoring_nb *nb, double y);

/* -log P(X = y). */
double scoring_log_sample(const double *x, size_t n, double y);
double scoring_log_nb(const scoring_nb *nb, double y);

/* The PIT pair (F(y - 1), F(y)). */
void scoring_pit_sample(const double *x, size_t n, double y, double *lo, double *hi);
void scoring_pit_nb(const scoring_nb *nb, double y, double *lo, double *hi);

/* The non-randomised PIT distribution function of one forecast at u in [0, 1]:
 * 0 below lo, 1 above hi, linear in between (for lo == hi a step at lo). The mean of it
 * over forecasts is the PIT histogram's distribution function. */
double scoring_pit_cdf(double lo, double hi, double u);

/* The q-quantile (smallest k with F(k) >= q) of a sorted sample and of a negative binomial. */
double scoring_quantile_sample(const double *x, size_t n, double q);
double scoring_quantile_nb(const scoring_nb *nb, double q);

/* 1 when y lies in the central interval of level (0, 1) of the forecast:
 * [quantile((1 - level) / 2), quantile((1 + level) / 2)]. */
int scoring_inside_sample(const double *x, size_t n, double level, double y);
int scoring_inside_nb(const scoring_nb *nb, double level, double y);

/* The negative binomial fitted by moments to counts c[0..n-1] (n >= 2) of equal periods;
 * a sample variance at or below the mean gives the Poisson. */
scoring_nb scoring_nb_fit(const double *c, size_t n);
/* That distribution for the sum of `periods` independent periods (periods > 0): mean times
 * periods, size times periods. */
scoring_nb scoring_nb_scale(const scoring_nb *nb, double periods);

#endif
