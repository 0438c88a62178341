/* ens_grid.c - sweep axes (ranges, intervals, lists, booleans) and their designs. */
#include "analysis/ens_grid.h"
#include "base/alloc.h"
#include "base/err.h"
#include "base/num.h"
#include "engine/rng.h"
#include "scenario/scenario.h"
#include <errno.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One value of a list: a finite number, or true/false (is_bool says the parameter is a
 * yes/no one). Returns 0, SIM_EPARSE, or SIM_ERANGE for a boolean word on a number. */
static int axis_word(const char *s, size_t len, int is_bool, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf) return SIM_EPARSE;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (strcmp(buf, "true") == 0 || strcmp(buf, "false") == 0) {
        *out = buf[0] == 't';
        return is_bool ? 0 : SIM_ERANGE;
    }
    return num_parse_double(buf, out) ? SIM_EPARSE : 0;
}

/* Parses "a,b,c" into the list. Returns 0 or an error with a message. */
static int axis_list(const char *s, ens_axis *ax, int is_bool, char *msg, size_t len)
{
    ax->is_list = 1;
    for (const char *p = s;; ) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (ax->n >= ENS_AXIS_LIST_MAX) {
            snprintf(msg, len, "%s: expected at most %d listed values", ax->key,
                     ENS_AXIS_LIST_MAX);
            return SIM_ERANGE;
        }
        int rc = axis_word(p, n, is_bool, &ax->list[ax->n]);
        if (rc == SIM_ERANGE)
            snprintf(msg, len, "%s: true and false are for yes/no parameters; this one takes "
                     "numbers", ax->key);
        else if (rc)
            snprintf(msg, len, "%s: expected a list of numbers%s a,b,c, found '%s'", ax->key,
                     is_bool ? " or true/false" : "", s);
        if (rc) return rc;
        ax->n++;
        if (!comma) return 0;
        p = comma + 1;
    }
}

/* Parses "lo:hi:step", "lo:hi" or a single value. Returns 0 or SIM_EPARSE. */
static int axis_numbers(const char *s, ens_axis *ax)
{
    double x[3];
    int k = 0;
    for (const char *p = s;; k++) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char part[64];
        if (k == 3 || len >= sizeof part) return SIM_EPARSE;
        memcpy(part, p, len);
        part[len] = '\0';
        if (num_parse_double(part, &x[k]) != 0) return SIM_EPARSE;   /* decimal only */
        if (!colon) { k++; break; }
        p = colon + 1;
    }
    if (k == 1) { ax->lo = ax->hi = x[0]; ax->step = 1; }
    else if (k == 2) { ax->lo = x[0]; ax->hi = x[1]; ax->step = 0; }
    else { ax->lo = x[0]; ax->hi = x[1]; ax->step = x[2]; }
    if (ax->hi < ax->lo || (k == 3 && !(ax->step > 0))) return SIM_EPARSE;
    return 0;
}

static int check_value(const ens_axis *ax, const scn_param_info *pi, double v, char *msg,
                       size_t len)
{
    if (v >= pi->min && v <= pi->max && (!pi->is_int || v == floor(v))) return 0;
    snprintf(msg, len, "%s: value %.10g is outside the parameter's range [%g, %g]%s", ax->key,
             v, pi->min, pi->max, pi->is_int ? " of whole numbers" : "");
    return SIM_ERANGE;
}

/* Checks every value of the axis (both ends of an interval) against the parameter. */
static int axis_check_range(const ens_axis *ax, const scn_param_info *pi, char *msg, size_t len)
{
    if (ax->n == 0)
        return check_value(ax, pi, ax->lo, msg, len) ? SIM_ERANGE
                                                     : check_value(ax, pi, ax->hi, msg, len);
    for (long i = 0; i < ax->n; i++)
        if (check_value(ax, pi, ens_axis_value(ax, i), msg, len)) return SIM_ERANGE;
    return 0;
}

/* The range form; sets n. Returns 0 or an error with a message. */
static int axis_range(const char *s, ens_axis *ax, char *msg, size_t len)
{
    if (axis_numbers(s, ax) != 0) {
        snprintf(msg, len, "%s: expected lo:hi:step (lo <= hi, step > 0), lo:hi, a list "
                 "a,b,c or one value, found '%s'", ax->key, s);
        return SIM_EPARSE;
    }
    if (ax->step == 0) return 0;   /* an interval: n stays 0 */
    double span = (ax->hi - ax->lo) / ax->step;
    if (!(span <= ENS_AXIS_VALUES_MAX - 1)) {
        snprintf(msg, len, "%s: expected at most %d values, found %.3g (lo:hi:step '%s')",
                 ax->key, ENS_AXIS_VALUES_MAX, span + 1, s);
        return SIM_ERANGE;
    }
    ax->n = (long)floor(span + 1e-9) + 1;
    return 0;
}

int ens_axis_parse(const char *spec, ens_axis *ax, char *msg, size_t msg_len)
{
    const char *eq = strchr(spec, '=');
    memset(ax, 0, sizeof *ax);
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof ax->key) {
        snprintf(msg, msg_len, "'%s': expected key=lo:hi:step or key=a,b,c", spec);
        return SIM_EPARSE;
    }
    memcpy(ax->key, spec, (size_t)(eq - spec));
    const scn_param_info *pi = scenario_param_find(ax->key);
    if (!pi) {
        const char *near = scenario_param_suggest(ax->key);
        snprintf(msg, msg_len, "unknown parameter '%s'%s%s%s", ax->key,
                 near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        return SIM_EINVAL;
    }
    const char *v = eq + 1;
    int is_word = strcmp(v, "true") == 0 || strcmp(v, "false") == 0;
    int rc = strchr(v, ',') || is_word ? axis_list(v, ax, pi->is_int, msg, msg_len)
                                       : axis_range(v, ax, msg, msg_len);
    return rc ? rc : axis_check_range(ax, pi, msg, msg_len);
}

double ens_axis_value(const ens_axis *ax, long i)
{
    if (ax->is_list) return ax->list[i];
    double v = ax->lo + (double)i * ax->step;
    /* Steps like 0.1 do not add up exactly: snap the last point onto hi. */
    if (fabs(v - ax->hi) <= 1e-9 * ax->step) v = ax->hi;
    return v;
}

double ens_axis_at(const ens_axis *ax, double u)
{
    if (ax->n == 0) return ax->lo + u * (ax->hi - ax->lo);
    long i = (long)floor(u * (double)ax->n);
    return ens_axis_value(ax, i < 0 ? 0 : i >= ax->n ? ax->n - 1 : i);
}

int ens_axes_repeated(const ens_axis *axes, int n_axes)
{
    for (int i = 0; i < n_axes; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(axes[i].key, axes[j].key) == 0) return i;
    return -1;
}

long ens_grid_size(const ens_axis *axes, int n_axes, long limit)
{
    long g = 1;
    for (int i = 0; i < n_axes; i++) {
        if (axes[i].n <= 0 || g > limit / axes[i].n) return 0;
        g *= axes[i].n;
    }
    return g;
}

void ens_grid_point(const ens_axis *axes, int n_axes, long g, double *values)
{
    for (int i = n_axes - 1; i >= 0; i--) {
        values[i] = ens_axis_value(&axes[i], g % axes[i].n);
        g /= axes[i].n;
    }
}

/* ---- designs ----------------------------------------------------------------------- */

static const char *const design_names[] = {"grid", "lhs", "sobol"};

const char *ens_design_name(int kind)
{
    return kind >= 0 && kind <= ENS_DESIGN_SOBOL ? design_names[kind] : "?";
}

int ens_design_parse(const char *spec, long limit, ens_design *d, char *msg, size_t msg_len)
{
    d->n_req = 0;
    if (strcmp(spec, "grid") == 0) {
        d->kind = ENS_DESIGN_GRID;
        return 0;
    }
    for (int k = ENS_DESIGN_LHS; k <= ENS_DESIGN_SOBOL; k++) {
        size_t n = strlen(design_names[k]);
        if (strncmp(spec, design_names[k], n) != 0 || spec[n] != ':') continue;
        char *end;
        errno = 0;
        long v = strtol(spec + n + 1, &end, 10);
        if (end == spec + n + 1 || *end || errno || v < 1 || v > limit) break;
        d->kind = k;
        d->n_req = v;
        return 0;
    }
    snprintf(msg, msg_len, "expected grid, lhs:N or sobol:N with 1 <= N <= %ld, found '%s'",
             limit, spec);
    return SIM_EPARSE;
}

static int build_grid(ens_design *d, long limit, char *msg, size_t len)
{
    for (int a = 0; a < d->n_axes; a++)
        if (d->axes[a].n == 0) {
            snprintf(msg, len, "%s=%.10g:%.10g has no step: a grid needs lo:hi:step (or "
                     "sample the interval with --design lhs:N or sobol:N)", d->axes[a].key,
                     d->axes[a].lo, d->axes[a].hi);
            return SIM_ERANGE;
        }
    d->n_points = ens_grid_size(d->axes, d->n_axes, limit);
    if (d->n_points == 0) {
        snprintf(msg, len, "the grid has more than %ld points", limit);
        return SIM_ERANGE;
    }
    d->values = sim_malloc((size_t)d->n_points * (size_t)d->n_axes * sizeof *d->values);
    if (!d->values) return SIM_ENOMEM;
    for (long g = 0; g < d->n_points; g++)
        ens_grid_point(d->axes, d->n_axes, g, d->values + (size_t)g * (size_t)d->n_axes);
    return 0;
}

/* Latin hypercube: axis by axis, a permutation of the N strata and a uniform draw in each. */
static int build_lhs(ens_design *d, uint64_t seed)
{
    long n = d->n_points;
    size_t *perm = sim_malloc((size_t)n * sizeof *perm);
    gsl_rng *g = rng_create(seed, 0, "design");
    int rc = perm && g ? 0 : SIM_ENOMEM;
    for (int a = 0; !rc && a < d->n_axes; a++) {
        for (long i = 0; i < n; i++) perm[i] = (size_t)i;
        gsl_ran_shuffle(g, perm, (size_t)n, sizeof *perm);
        for (long i = 0; i < n; i++) {
            double u = ((double)perm[i] + gsl_rng_uniform(g)) / (double)n;
            d->values[(size_t)i * (size_t)d->n_axes + (size_t)a] = ens_axis_at(&d->axes[a], u);
        }
    }
    rng_destroy(g);
    sim_free(perm);
    return rc;
}

static int build_sobol(ens_design *d)
{
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)d->n_axes);
    if (!q) return SIM_ENOMEM;
    double u[ENS_AXIS_MAX] = {0};
    /* GSL starts after the origin, point 0 of the sequence: put it back, so that 2^m points
     * are a whole net (every axis's 2^m strata hit once). */
    for (long i = 0; i < d->n_points; i++) {
        if (i > 0) gsl_qrng_get(q, u);
        for (int a = 0; a < d->n_axes; a++)
            d->values[(size_t)i * (size_t)d->n_axes + (size_t)a] = ens_axis_at(&d->axes[a], u[a]);
    }
    gsl_qrng_free(q);
    return 0;
}

int ens_design_build(ens_design *d, uint64_t seed, long limit, char *msg, size_t msg_len)
{
    sim_free(d->values);
    d->values = NULL;
    d->n_points = 0;
    if (d->n_axes < 1 || d->n_axes > ENS_AXIS_MAX) {
        snprintf(msg, msg_len, "expected 1 to %d axes, found %d", ENS_AXIS_MAX, d->n_axes);
        return SIM_EINVAL;
    }
    if (d->kind == ENS_DESIGN_GRID) return build_grid(d, limit, msg, msg_len);
    if (d->n_req < 1 || d->n_req > limit) {
        snprintf(msg, msg_len, "expected 1 to %ld points, found %ld", limit, d->n_req);
        return SIM_ERANGE;
    }
    d->n_points = d->n_req;
    d->values = sim_malloc((size_t)d->n_points * (size_t)d->n_axes * sizeof *d->values);
    if (!d->values) return SIM_ENOMEM;
    int rc = d->kind == ENS_DESIGN_LHS ? build_lhs(d, seed) : build_sobol(d);
    if (rc) {
        ens_design_free(d);
        d->n_points = 0;
    }
    return rc;
}

const double *ens_design_point(const ens_design *d, long g)
{
    return d->values + (size_t)g * (size_t)d->n_axes;
}

void ens_design_free(ens_design *d)
{
    if (!d) return;
    sim_free(d->values);
    d->values = NULL;
}
