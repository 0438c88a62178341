/* ens_grid.h - the parameter points of a sweep: --vary axes and a sampling design (the grid,
 * a Latin hypercube or a Sobol sequence).
 *
 * An axis is one parameter and the values it may take, written as `frontier sweep --vary`
 * takes it:
 *
 *   KEY=LO:HI:STEP   LO, LO + STEP, ... up to HI inclusive (within 1e-9 STEP)
 *   KEY=LO:HI        the interval [LO, HI], no step: sampled designs only
 *   KEY=A,B,C        a list of values, in the order given
 *   KEY=true,false   a list of booleans (for yes/no parameters; true is 1, false 0)
 *   KEY=V            one value
 *
 * A design turns the axes into points:
 *
 *   grid       every combination of every axis's values (the last axis varies fastest)
 *   lhs:N      a Latin hypercube of N points: each axis's range cut into N equal strata,
 *              one point in each, the strata paired across axes by independent random
 *              permutations (seeded: the same seed gives the same points)
 *   sobol:N    the first N points of the Sobol sequence, from the origin (GSL's
 *              gsl_qrng_sobol, which starts after it; unscrambled: the same points for any
 *              seed). With N a power of two every axis's N strata hold one point each.
 *
 * A sampled design (lhs, sobol) draws a number u in [0, 1) per axis and point, and takes
 * LO + u (HI - LO) on an interval, the value of step floor(u n) on a stepped range of n
 * values (so whole-number steps stay whole), the floor(u n)-th value of a list. Every
 * value is checked against the parameter's range when the axis is parsed. */
#ifndef FRONTIER_ENS_GRID_H
#define FRONTIER_ENS_GRID_H
#include <stddef.h>
#include <stdint.h>

#define ENS_AXIS_MAX 8
#define ENS_AXIS_LIST_MAX 64
#define ENS_AXIS_VALUES_MAX 1000000   /* values of one stepped range */

typedef struct ens_axis {
    char key[128];
    double lo, hi, step;       /* a range; step 0 for an interval without steps */
    long n;                    /* values on the axis (0 for an interval) */
    int is_list;               /* the values are list[0..n-1] */
    double list[ENS_AXIS_LIST_MAX];
} ens_axis;

/* Parses one --vary spec (see above). The key must be in the parameter table and every
 * value inside its range. Returns 0, or SIM_EPARSE / SIM_EINVAL (unknown key) / SIM_ERANGE
 * with a message in msg. */
int ens_axis_parse(const char *spec, ens_axis *ax, char *msg, size_t msg_len);
/* Value i (0 <= i < n) of a range or list axis. */
double ens_axis_value(const ens_axis *ax, long i);
/* The axis's value at u in [0, 1) (the mapping of sampled designs above). */
double ens_axis_at(const ens_axis *ax, double u);
/* Index of the first axis of axes[0..n_axes) whose key an earlier one already names, or
 * -1 (a key given twice would silently lose its first axis). */
int ens_axes_repeated(const ens_axis *axes, int n_axes);
/* Grid size (product of the axes' sizes); 0 on overflow past limit or when an axis is an
 * interval without steps. */
long ens_grid_size(const ens_axis *axes, int n_axes, long limit);
/* Values of grid point g (the last axis varies fastest) into values[0..n_axes-1]. */
void ens_grid_point(const ens_axis *axes, int n_axes, long g, double *values);

enum { ENS_DESIGN_GRID, ENS_DESIGN_LHS, ENS_DESIGN_SOBOL };

/* A design and its points. Caller-owned; ens_design_free releases the points. */
typedef struct ens_design {
    int kind;                  /* ENS_DESIGN_* */
    long n_req;                /* N of lhs:N and sobol:N */
    int n_axes;
    ens_axis axes[ENS_AXIS_MAX];
    long n_points;
    double *values;            /* n_points x n_axes, row-major; NULL before building */
} ens_design;

/* Parses "grid", "lhs:N" or "sobol:N" (1 <= N <= limit) into d->kind and d->n_req.
 * Returns 0 or SIM_EPARSE with a message. */
int ens_design_parse(const char *spec, long limit, ens_design *d, char *msg, size_t msg_len);
/* Computes the points of d's axes (set d->axes and d->n_axes first); seed seeds the Latin
 * hypercube's permutations (stream "design"). At most limit points. Returns 0, SIM_ERANGE
 * (too many grid points, or an interval in a grid) or SIM_EINVAL (no axis, too many for
 * Sobol) with a message, or SIM_ENOMEM. */
int ens_design_build(ens_design *d, uint64_t seed, long limit, char *msg, size_t msg_len);
/* The n_axes values of point g. */
const double *ens_design_point(const ens_design *d, long g);
/* "grid", "lhs" or "sobol". */
const char *ens_design_name(int kind);
void ens_design_free(ens_design *d);   /* frees the points; accepts NULL */

#endif
