/* ens_grid.c - the axes and points of a sweep's parameter grid. */
#include "analysis/ens_grid.h"
#include "base/err.h"
#include "scenario/scenario.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Parses "lo:hi:step" or a single value into ax. Returns 0 or SIM_EPARSE. */
static int axis_numbers(const char *s, ens_axis *ax)
{
    double x[3];
    int k = 0;
    const char *p = s;
    for (; k < 3; k++) {
        char *end;
        errno = 0;
        x[k] = strtod(p, &end);
        if (end == p || errno || !isfinite(x[k])) return SIM_EPARSE;
        p = end;
        if (*p == '\0') { k++; break; }
        if (*p != ':' || k == 2) return SIM_EPARSE;
        p++;
    }
    if (k == 1) { ax->lo = ax->hi = x[0]; ax->step = 1; }
    else if (k == 3) { ax->lo = x[0]; ax->hi = x[1]; ax->step = x[2]; }
    else return SIM_EPARSE;
    return 0;
}

/* Checks every value of the axis against the parameter's range. */
static int axis_check_range(const ens_axis *ax, const scn_param_info *pi, char *msg, size_t len)
{
    for (long i = 0; i < ax->n; i++) {
        double v = ens_axis_value(ax, i);
        if (v < pi->min || v > pi->max || (pi->is_int && v != floor(v))) {
            snprintf(msg, len, "%s: value %.10g is outside the parameter's range [%g, %g]%s",
                     ax->key, v, pi->min, pi->max, pi->is_int ? " of whole numbers" : "");
            return SIM_ERANGE;
        }
    }
    return 0;
}

int ens_axis_parse(const char *spec, ens_axis *ax, char *msg, size_t msg_len)
{
    const char *eq = strchr(spec, '=');
    memset(ax, 0, sizeof *ax);
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof ax->key) {
        snprintf(msg, msg_len, "'%s': expected key=lo:hi:step", spec);
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
    if (axis_numbers(eq + 1, ax) != 0 || !(ax->step > 0) || ax->hi < ax->lo) {
        snprintf(msg, msg_len, "%s: expected lo:hi:step with lo <= hi and step > 0, found '%s'",
                 ax->key, eq + 1);
        return SIM_EPARSE;
    }
    double span = (ax->hi - ax->lo) / ax->step;
    if (span > 1e6) {
        snprintf(msg, msg_len, "%s: %.0f values is too many", ax->key, span + 1);
        return SIM_ERANGE;
    }
    ax->n = (long)floor(span + 1e-9) + 1;
    return axis_check_range(ax, pi, msg, msg_len);
}

double ens_axis_value(const ens_axis *ax, long i)
{
    double v = ax->lo + (double)i * ax->step;
    /* Steps like 0.1 do not add up exactly: snap the last point onto hi. */
    if (fabs(v - ax->hi) <= 1e-9 * ax->step) v = ax->hi;
    return v;
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
