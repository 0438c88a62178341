/* bg.h - the background level of the attack process over the calendar.
 *
 * A background shape gives a factor for each calendar day (days since 1970-01-01) by which
 * the model multiplies its base rate, and which `frontier fit` estimates:
 *   constant   the factor is 1 on every day;
 *   piecewise  one level per block of `step` days: block k holds the days
 *              [from + k step, from + (k + 1) step); days before `from` take level[0] and
 *              days after the last block level[n - 1];
 *   spline     a smooth curve through the levels at knots from + k step (k = 0..n-1): the
 *              log factor is the Catmull-Rom cubic through the log levels (interior slopes
 *              are central differences, end slopes one-sided), evaluated at the middle of the
 *              day, and constant before the first knot and after the last one.
 * The factor of a day is a function of the day only (constant within it), so a caller may
 * cache it per day. Beyond the last block or knot the factor stays at the last level: a
 * forecast carries the level last seen forward. */
#ifndef FRONTIER_BG_H
#define FRONTIER_BG_H
#include <stddef.h>

enum bg_kind { BG_CONSTANT, BG_PIECEWISE, BG_SPLINE, BG_NKINDS };

#define BG_LEVELS_MAX 600   /* weekly blocks over eleven years */

/* A plain value: copy it to change the background for one run. Zero-initialised, it is the
 * constant background. */
typedef struct bg_shape {
    int kind;                     /* enum bg_kind */
    long from;                    /* calendar day of block 0's first day, or of knot 0 */
    double step;                  /* days per block, or between knots (>= 1) */
    int n;                        /* levels (0 or 1 for a constant) */
    double level[BG_LEVELS_MAX];  /* factor of each block, or at each knot; > 0 */
} bg_shape;

/* "constant", "piecewise", "spline"; NULL for an unknown kind. */
const char *bg_kind_name(int kind);
/* The kind named name, or -1. */
int bg_kind_find(const char *name);

/* The factor of calendar day `day` (1 for a constant shape or no levels). */
double bg_factor(const bg_shape *b, long day);

/* The log factor of `day` as a combination of the log levels:
 * log bg_factor(b, day) = sum_j w[j] log level[idx[j]]. Writes at most 4 pairs and returns
 * their number (0 for a constant shape). The fit uses it as its design matrix. */
int bg_weights(const bg_shape *b, long day, int idx[4], double w[4]);

/* Checks b: a known kind, 2 <= n <= BG_LEVELS_MAX levels (for piecewise and spline), a step
 * of at least one day and at most 36525, every level finite and > 0. Returns 0, or
 * SIM_EINVAL with a sentence in why (n bytes) saying what is wrong. */
int bg_check(const bg_shape *b, char *why, size_t n);

/* The largest factor over the calendar days [day0, day1] (bounds for thinning). */
double bg_factor_max(const bg_shape *b, long day0, long day1);

/* Roughness of the Catmull-Rom curve through the values v[0..n-1] at unit-spaced knots: the
 * integral of its squared second derivative over [0, n - 1]. A straight line has roughness
 * 0. When grad is not NULL it receives the gradient with respect to v (n slots). */
double bg_roughness(int n, const double *v, double *grad);

#endif
