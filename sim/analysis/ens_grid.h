/* ens_grid.h - a sweep's parameter grid: axes given as key=lo:hi:step and their points. */
#ifndef FRONTIER_ENS_GRID_H
#define FRONTIER_ENS_GRID_H
#include <stddef.h>

#define ENS_AXIS_MAX 8

/* One --vary axis: lo, lo + step, ... up to hi inclusive (within a tolerance of 1e-9 step). */
typedef struct ens_axis {
    char key[128];
    double lo, hi, step;
    long n;
} ens_axis;

/* Parses "key=lo:hi:step" (or "key=value" for one point). The key must be in the parameter
 * table and every value inside its range. Returns 0, or SIM_EPARSE / SIM_EINVAL (unknown
 * key) / SIM_ERANGE with a message in msg. */
int ens_axis_parse(const char *spec, ens_axis *ax, char *msg, size_t msg_len);
double ens_axis_value(const ens_axis *ax, long i);
/* Grid size (product of the axes' sizes); 0 on overflow past limit. */
long ens_grid_size(const ens_axis *axes, int n_axes, long limit);
/* Values of grid point g (the last axis varies fastest) into values[0..n_axes-1]. */
void ens_grid_point(const ens_axis *axes, int n_axes, long g, double *values);

#endif
