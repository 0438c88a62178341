/* bg.c - background shapes: the factor of a calendar day, its log as a combination of the
 * log levels (the fit's design matrix), checks, and the spline's roughness. */
#include "data/bg.h"
#include "base/err.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[BG_NKINDS] = {"constant", "piecewise", "spline"};

const char *bg_kind_name(int kind)
{
    return kind >= 0 && kind < BG_NKINDS ? kind_names[kind] : NULL;
}

int bg_kind_find(const char *name)
{
    for (int k = 0; name && k < BG_NKINDS; k++)
        if (strcmp(name, kind_names[k]) == 0) return k;
    return -1;
}

/* A set of at most 4 (index, weight) pairs with merged indices. */
typedef struct wset {
    int n, idx[4];
    double w[4];
} wset;

static void wset_add(wset *s, int i, double w)
{
    for (int j = 0; j < s->n; j++)
        if (s->idx[j] == i) {
            s->w[j] += w;
            return;
        }
    s->idx[s->n] = i;
    s->w[s->n++] = w;
}

/* Adds c times the Catmull-Rom slope at knot j of n (central inside, one-sided at the ends). */
static void add_slope(wset *s, int j, int n, double c)
{
    int hi = j == n - 1 ? j : j + 1, lo = j == 0 ? 0 : j - 1;
    double f = (j == 0 || j == n - 1) ? 1.0 : 0.5;
    wset_add(s, hi, c * f);
    wset_add(s, lo, -c * f);
}

/* Position of the middle of `day` in knot steps from knot 0. */
static double knot_x(const bg_shape *b, long day)
{
    return ((double)(day - b->from) + 0.5) / b->step;
}

static void spline_weights(const bg_shape *b, long day, wset *s)
{
    int n = b->n;
    double x = knot_x(b, day);
    if (!(x > 0)) {
        wset_add(s, 0, 1);
        return;
    }
    if (x >= n - 1) {
        wset_add(s, n - 1, 1);
        return;
    }
    int k = (int)floor(x);
    double u = x - k, u2 = u * u, u3 = u2 * u;
    wset_add(s, k, 2 * u3 - 3 * u2 + 1);
    wset_add(s, k + 1, -2 * u3 + 3 * u2);
    add_slope(s, k, n, u3 - 2 * u2 + u);
    add_slope(s, k + 1, n, u3 - u2);
}

static int block_of(const bg_shape *b, long day)
{
    double k = floor((double)(day - b->from) / b->step);
    return k < 0 ? 0 : k >= b->n ? b->n - 1 : (int)k;
}

int bg_weights(const bg_shape *b, long day, int idx[4], double w[4])
{
    if (!b || b->kind == BG_CONSTANT || b->n < 1) return 0;
    wset s = {0, {0}, {0}};
    if (b->kind == BG_PIECEWISE || b->n == 1) wset_add(&s, b->kind == BG_PIECEWISE ? block_of(b, day) : 0, 1);
    else spline_weights(b, day, &s);
    memcpy(idx, s.idx, sizeof s.idx);
    memcpy(w, s.w, sizeof s.w);
    return s.n;
}

double bg_factor(const bg_shape *b, long day)
{
    if (!b || b->kind == BG_CONSTANT || b->n < 1) return 1;
    if (b->kind == BG_PIECEWISE) return b->level[block_of(b, day)];
    int idx[4];
    double w[4], lg = 0;
    int m = bg_weights(b, day, idx, w);
    for (int j = 0; j < m; j++) lg += w[j] * log(b->level[idx[j]]);
    return exp(lg);
}

double bg_factor_max(const bg_shape *b, long day0, long day1)
{
    if (!b || b->kind == BG_CONSTANT || b->n < 1) return 1;
    double mx = 0;
    if (b->kind == BG_PIECEWISE) {
        for (int k = block_of(b, day0); k <= block_of(b, day1); k++) mx = fmax(mx, b->level[k]);
        return mx;
    }
    /* The curve is constant outside the knots: only days between them need a look. */
    long lo = (long)floor((double)b->from - 1), hi = (long)ceil(b->from + (b->n - 1) * b->step);
    long a = day0 > lo ? day0 : lo, z = day1 < hi ? day1 : hi;
    mx = fmax(bg_factor(b, day0), bg_factor(b, day1));
    for (long d = a; d <= z; d++) mx = fmax(mx, bg_factor(b, d));
    return mx;
}

int bg_check(const bg_shape *b, char *why, size_t n)
{
    const char *kind = bg_kind_name(b->kind);
    if (!kind) return snprintf(why, n, "unknown background shape %d", b->kind), SIM_EINVAL;
    if (b->kind == BG_CONSTANT) return 0;
    if (b->n < 2 || b->n > BG_LEVELS_MAX)
        return snprintf(why, n, "a %s background needs 2 to %d levels, found %d", kind,
                        BG_LEVELS_MAX, b->n), SIM_EINVAL;
    if (!(b->step >= 1 && b->step <= 36525))
        return snprintf(why, n, "the %s background's step must be 1 to 36525 days, found %g",
                        kind, b->step), SIM_EINVAL;
    for (int k = 0; k < b->n; k++)
        if (!(b->level[k] > 0) || !isfinite(b->level[k]))
            return snprintf(why, n, "level %d must be a finite number > 0, found %g", k + 1,
                            b->level[k]), SIM_EINVAL;
    return 0;
}

/* ---- roughness ------------------------------------------------------------------------- */

/* Coefficients of the second derivative p''(u) = alpha + gamma u on interval k, as
 * combinations of the values: alpha = sum a.w[j] v[a.idx[j]], likewise gamma. */
static void interval_terms(int k, int n, wset *a, wset *g)
{
    a->n = g->n = 0;
    wset_add(a, k, -6);
    wset_add(a, k + 1, 6);
    add_slope(a, k, n, -4);
    add_slope(a, k + 1, n, -2);
    wset_add(g, k, 12);
    wset_add(g, k + 1, -12);
    add_slope(g, k, n, 6);
    add_slope(g, k + 1, n, 6);
}

static double dot(const wset *s, const double *v)
{
    double x = 0;
    for (int j = 0; j < s->n; j++) x += s->w[j] * v[s->idx[j]];
    return x;
}

double bg_roughness(int n, const double *v, double *grad)
{
    double r = 0;
    if (grad)
        for (int k = 0; k < n; k++) grad[k] = 0;
    for (int k = 0; k + 1 < n; k++) {
        wset a, g;
        interval_terms(k, n, &a, &g);
        double al = dot(&a, v), ga = dot(&g, v);
        r += al * al + al * ga + ga * ga / 3;   /* integral of (al + ga u)^2 over [0, 1] */
        if (!grad) continue;
        double da = 2 * al + ga, dg = al + 2 * ga / 3;
        for (int j = 0; j < a.n; j++) grad[a.idx[j]] += da * a.w[j];
        for (int j = 0; j < g.n; j++) grad[g.idx[j]] += dg * g.w[j];
    }
    return r;
}
