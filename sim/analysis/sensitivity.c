/* sensitivity.c - a Sobol design over scenario parameters, run as an ensemble batch. */
#include "analysis/sensitivity.h"
#include "base/alloc.h"
#include "base/err.h"
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sens_study {
    const scenario *s;
    sens_factor f[SENS_PARAMS_MAX];
    int nf, dummy, d;                   /* parameters, dummy or not, design factors */
    long n, reps;
    uint64_t seed;
    sobol_design *design;
    const scenario *variants[SOBOL_D_MAX + 2]; /* d + 2 blocks, all the scenario */
    ens_batch *batch;
};

/* ---- factors ------------------------------------------------------------------------- */

/* Reads "LO:HI" into f. */
static int range_numbers(const char *s, sens_factor *f)
{
    char *end;
    errno = 0;
    f->lo = strtod(s, &end);
    if (end == s || *end != ':' || errno || !isfinite(f->lo)) return SIM_EPARSE;
    const char *p = end + 1;
    f->hi = strtod(p, &end);
    if (end == p || *end != '\0' || errno || !isfinite(f->hi)) return SIM_EPARSE;
    return 0;
}

int sens_factor_parse(const char *spec, sens_factor *f, char *msg, size_t len)
{
    const char *eq = strchr(spec, '=');
    memset(f, 0, sizeof *f);
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof f->key) {
        snprintf(msg, len, "'%s': expected KEY=LO:HI", spec);
        return SIM_EPARSE;
    }
    memcpy(f->key, spec, (size_t)(eq - spec));
    f->info = scenario_param_find(f->key);
    if (!f->info) {
        const char *near = scenario_param_suggest(f->key);
        snprintf(msg, len, "unknown parameter '%s'%s%s%s", f->key, near ? " (did you mean '" : "",
                 near ? near : "", near ? "'?)" : "");
        return SIM_EINVAL;
    }
    if (range_numbers(eq + 1, f) != 0 || !(f->lo < f->hi)) {
        snprintf(msg, len, "%s: expected LO:HI with LO < HI, found '%s'", f->key, eq + 1);
        return SIM_EPARSE;
    }
    const scn_param_info *pi = f->info;
    if (f->lo < pi->min || f->hi > pi->max ||
        (pi->is_int && (f->lo != floor(f->lo) || f->hi != floor(f->hi)))) {
        snprintf(msg, len, "%s: range %.10g:%.10g is outside the parameter's range [%g, %g]%s",
                 f->key, f->lo, f->hi, pi->min, pi->max, pi->is_int ? " of whole numbers" : "");
        return SIM_ERANGE;
    }
    return 0;
}

double sens_factor_value(const sens_factor *f, double u)
{
    if (!f->info->is_int) return f->lo + u * (f->hi - f->lo);
    double v = f->lo + floor(u * (f->hi - f->lo + 1));
    return v > f->hi ? f->hi : v;
}

/* ---- outputs ------------------------------------------------------------------------- */

static const char *const output_names[SENS_NOUTPUTS] = {
    "strikes", "first_strike_day", "attacks", "casualties", "clashes", "closures",
    "days_at_ladder_3plus"};

const char *sens_output_name(int output) { return output_names[output]; }

double sens_output_value(const model_totals *t, int output, double horizon)
{
    if (output == SENS_OUT_FIRST_STRIKE)
        return t->first_strike_day >= 0 ? t->first_strike_day : horizon;
    return model_total_value(t, model_total_find(output_names[output]));
}

/* ---- the study ----------------------------------------------------------------------- */

/* The batch's per-item parameters: replication rep = row R + r of block variant. */
static int study_params(void *ctx, long rep, int variant, scn_params *p, uint64_t *stream_rep)
{
    const sens_study *st = ctx;
    long row = rep / st->reps, r = rep % st->reps;
    long e = row * (st->d + 2) + variant;
    double u[SOBOL_D_MAX];
    sobol_design_point(st->design, e, u);
    for (int i = 0; i < st->nf; i++) {
        int rc = scenario_param_set(p, st->f[i].key, sens_factor_value(&st->f[i], u[i]));
        if (rc) return rc;
    }
    long noise = 2 * row + sobol_design_from_b(st->design, e, st->d - 1);
    *stream_rep = (uint64_t)(noise * st->reps + r);
    return 0;
}

/* FNV-1a over n bytes at x, continuing from h. */
static uint64_t mix(uint64_t h, const void *x, size_t n)
{
    const unsigned char *c = x;
    for (size_t i = 0; i < n; i++) h = (h ^ c[i]) * 0x100000001b3ULL;
    return h;
}

/* A digest of the design for the batch key: factors, ranges, sizes and the last point
 * (which differs between kinds and seeds). */
static uint64_t study_key(const sens_study *st)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    double u[SOBOL_D_MAX];
    for (int i = 0; i < st->nf; i++) {
        h = mix(h, st->f[i].key, strlen(st->f[i].key) + 1);
        h = mix(h, &st->f[i].lo, sizeof st->f[i].lo);
        h = mix(h, &st->f[i].hi, sizeof st->f[i].hi);
    }
    h = mix(h, &st->reps, sizeof st->reps);
    h = mix(h, &st->dummy, sizeof st->dummy);
    sobol_design_point(st->design, sobol_design_items(st->design) - 1, u);
    return mix(h, u, (size_t)st->d * sizeof *u);
}

sens_study *sens_create(const scenario *s, const sens_factor *f, int nf, int dummy, long n,
                        long reps, int kind, uint64_t seed, int *err)
{
    int code = SIM_EINVAL;
    sens_study *st = NULL;
    if (nf < 1 || nf > SENS_PARAMS_MAX || n < 2 || reps < 1 || n > LONG_MAX / 2 / reps)
        goto fail;
    code = SIM_ENOMEM;
    if (!(st = sim_calloc(1, sizeof *st))) goto fail;
    *st = (sens_study){.s = s, .nf = nf, .dummy = dummy != 0, .n = n, .reps = reps,
                       .seed = seed};
    memcpy(st->f, f, (size_t)nf * sizeof *f);
    st->d = nf + st->dummy + 1;
    st->design = sobol_design_create(st->d, n, kind, seed, &code);
    if (!st->design) goto fail;
    for (int v = 0; v < st->d + 2; v++) st->variants[v] = s;
    st->batch = ens_batch_create(st->variants, st->d + 2, seed, n * reps, 0, &code);
    if (!st->batch) goto fail;
    ens_batch_set_params(st->batch, study_params, st, study_key(st));
    return st;
fail:
    sens_destroy(st);
    if (err) *err = code;
    return NULL;
}

void sens_destroy(sens_study *st)
{
    if (!st) return;
    ens_batch_destroy(st->batch);
    sobol_design_destroy(st->design);
    sim_free(st);
}

int sens_factor_count(const sens_study *st) { return st->d; }

const char *sens_factor_name(const sens_study *st, int i)
{
    if (i < st->nf) return st->f[i].key;
    return st->dummy && i == st->nf ? "dummy" : "noise";
}

const sens_factor *sens_factor_at(const sens_study *st, int i)
{
    return i < st->nf ? &st->f[i] : NULL;
}

long sens_rows(const sens_study *st) { return st->n; }
long sens_reps(const sens_study *st) { return st->reps; }
ens_batch *sens_batch(sens_study *st) { return st->batch; }
const ens_batch *sens_batch_const(const sens_study *st) { return st->batch; }
long sens_rows_done(const sens_study *st) { return ens_batch_done(st->batch) / st->reps; }

long sens_validate(const sens_study *st, scn_errors *errs, char *msg, size_t len)
{
    scenario t = *st->s; /* shallow: only the parameters differ, and validate only reads */
    for (long row = 0; row < st->n; row++)
        for (int v = 0; v < st->d + 2; v++) {
            uint64_t stream;
            t.p = st->s->p;
            if (study_params((void *)st, row * st->reps, v, &t.p, &stream) == 0 &&
                scenario_validate(&t, errs) == 0)
                continue;
            size_t k = 0;
            msg[0] = '\0';
            for (int i = 0; i < st->nf && k < len; i++) {
                double x = 0;
                scenario_param_get(&t.p, st->f[i].key, &x);
                k += (size_t)snprintf(msg + k, len - k, "%s%s=%.10g", i ? ", " : "",
                                      st->f[i].key, x);
            }
            return row + 1;
        }
    return 0;
}

double sens_value(const sens_study *st, long e, int output)
{
    long row = e / (st->d + 2);
    int block = (int)(e % (st->d + 2));
    double sum = 0;
    for (long r = 0; r < st->reps; r++)
        sum += sens_output_value(ens_batch_totals(st->batch, row * st->reps + r, block), output,
                                 st->s->days);
    return sum / (double)st->reps;
}

/* The values of output for the complete rows, in item order; NULL on no memory. */
static double *values(const sens_study *st, int output, long rows)
{
    long m = rows * (st->d + 2);
    double *y = sim_malloc((size_t)(m ? m : 1) * sizeof *y);
    if (y)
        for (long e = 0; e < m; e++) y[e] = sens_value(st, e, output);
    return y;
}

int sens_estimate(const sens_study *st, int output, int n_boot, double level, sobol_index *out)
{
    long rows = sens_rows_done(st);
    if (rows < 2) return SIM_EINVAL;
    double *y = values(st, output, rows);
    if (!y) return SIM_ENOMEM;
    int rc = sobol_estimate(st->d, rows, y, n_boot, level, st->seed, out);
    sim_free(y);
    return rc;
}

double sens_output_variance(const sens_study *st, int output)
{
    long rows = sens_rows_done(st);
    stats_moments m;
    stats_moments_init(&m);
    for (long j = 0; j < rows; j++) {
        stats_moments_add(&m, sens_value(st, j * (st->d + 2), output));
        stats_moments_add(&m, sens_value(st, j * (st->d + 2) + 1, output));
    }
    return stats_var(&m);
}
