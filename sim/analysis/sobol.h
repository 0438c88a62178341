/* sobol.h - variance-based global sensitivity: Saltelli's sampling design, Jansen's
 * estimators of the first-order and total Sobol indices, bootstrap confidence intervals.
 *
 * For a model Y = f(X_1, ..., X_d) with independent inputs, the first-order index
 * S_i = V(E[Y | X_i]) / V(Y) is the share of the variance of Y that X_i explains alone, and
 * the total index ST_i = E[V(Y | X_~i)] / V(Y) the share that would remain if every input
 * but X_i were known (X_i alone and in all its interactions). ST_i >= S_i; ST_i = 0 means
 * X_i does not matter at all.
 *
 * The design (Saltelli 2002; Saltelli et al. 2010): two matrices A and B of n rows of points
 * in [0, 1)^d, and for each factor i the matrix AB_i, which is A with column i taken from
 * B. The model is evaluated at every row of A, B and each AB_i: n (d + 2) evaluations.
 * Evaluation ("item") e is row e / (d + 2) of block e % (d + 2): block 0 is A, block 1 is
 * B, block 2 + i is AB_i. A run cut short after e items therefore holds e / (d + 2)
 * complete rows, and the estimators use those.
 *
 * The estimators (Jansen 1999, as in table 2 of Saltelli et al. 2010), with V the variance
 * of the 2n values f(A) and f(B):
 *     first-order  S_i  = (V - 1/(2n) sum_j (f(B)_j - f(AB_i)_j)^2) / V
 *     total        ST_i = 1/(2n) sum_j (f(A)_j - f(AB_i)_j)^2 / V
 * Intervals: the percentile bootstrap over the rows (rows resampled with replacement, every
 * block of a row together). */
#ifndef FRONTIER_SOBOL_H
#define FRONTIER_SOBOL_H
#include <stddef.h>
#include <stdint.h>

/* At most this many factors (GSL's Sobol sequence has 40 dimensions; a design uses 2d). */
#define SOBOL_D_MAX 20

/* How the points of A and B are drawn. */
enum {
    /* Independent uniform points from the random stream (seed, 0, "sobol-design"): rows
     * are independent, which is what the bootstrap intervals assume. */
    SOBOL_RANDOM,
    /* Sobol's quasi-random sequence (gsl_qrng_sobol) in 2d dimensions, which GSL starts
     * after the origin: A is coordinates 0..d-1, B coordinates d..2d-1. More even than
     * random points, so the estimates converge faster for smooth f; the rows are not
     * independent, so bootstrap intervals are conservative (wider than the error). The
     * seed is not used. */
    SOBOL_QMC
};

typedef struct sobol_design sobol_design;

/* A design for d factors (1 <= d <= SOBOL_D_MAX) and n base rows (n >= 2), of the given
 * kind. Returns NULL on no memory or bad arguments (*err, may be NULL, gets SIM_ENOMEM or
 * SIM_EINVAL). */
sobol_design *sobol_design_create(int d, long n, int kind, uint64_t seed, int *err);
void sobol_design_destroy(sobol_design *s); /* accepts NULL */

int sobol_design_d(const sobol_design *s);
long sobol_design_n(const sobol_design *s);
/* n (d + 2): the number of evaluations. */
long sobol_design_items(const sobol_design *s);

/* The point of item (0 <= item < sobol_design_items) into u[0..d-1], each in [0, 1). */
void sobol_design_point(const sobol_design *s, long item, double *u);
/* Nonzero when column i of item comes from B (block B, or block AB_i), zero when from A.
 * A factor that is not a coordinate (a replication index, say) uses it to pick its own
 * A or B value for the row. */
int sobol_design_from_b(const sobol_design *s, long item, int i);

/* Estimates and intervals for one factor. */
typedef struct sobol_index {
    double first, first_lo, first_hi;
    double total, total_lo, total_hi;
} sobol_index;

/* The indices of the d factors from y[0 .. rows (d + 2) - 1], the model's values in item
 * order, using the first rows rows (rows >= 2). Bootstrap: n_boot resamples (0: no
 * intervals, the bounds are NaN) drawn from the stream (seed, 0, "sobol-bootstrap"),
 * percentile interval at level (e.g. 0.95). When every value of f(A) and f(B) is the same,
 * the indices are undefined and every field is NaN. Returns 0, SIM_EINVAL (rows < 2, d out
 * of range, a non-finite value) or SIM_ENOMEM. */
int sobol_estimate(int d, long rows, const double *y, int n_boot, double level, uint64_t seed,
                   sobol_index *out);

#endif
