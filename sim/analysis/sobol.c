/* sobol.c - Saltelli's design, Jansen's estimators and bootstrap intervals of Sobol indices. */
#include "analysis/sobol.h"
#include "analysis/stats.h"
#include "base/alloc.h"
#include "base/err.h"
#include "engine/rng.h"
#include <gsl/gsl_qrng.h>
#include <math.h>

struct sobol_design {
    int d;
    long n;
    double *a, *b; /* n x d each, row-major */
};

/* Fills A and B with independent uniform points from the design's stream. */
static int fill_random(sobol_design *s, uint64_t seed)
{
    gsl_rng *r = rng_create(seed, 0, "sobol-design");
    if (!r) return SIM_ENOMEM;
    for (long j = 0; j < s->n; j++) {
        for (int i = 0; i < s->d; i++) s->a[j * s->d + i] = gsl_rng_uniform(r);
        for (int i = 0; i < s->d; i++) s->b[j * s->d + i] = gsl_rng_uniform(r);
    }
    rng_destroy(r);
    return 0;
}

/* Fills A and B from the 2d-dimensional Sobol sequence. GSL's sequence starts at its
 * second point, (0.5, ..., 0.5): the origin, which would put every factor at the bottom
 * of its range, is never drawn. */
static int fill_qmc(sobol_design *s)
{
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * s->d));
    double x[2 * SOBOL_D_MAX];
    if (!q) return SIM_ENOMEM;
    for (long j = 0; j < s->n; j++) {
        gsl_qrng_get(q, x);
        for (int i = 0; i < s->d; i++) {
            s->a[j * s->d + i] = x[i];
            s->b[j * s->d + i] = x[s->d + i];
        }
    }
    gsl_qrng_free(q);
    return 0;
}

sobol_design *sobol_design_create(int d, long n, int kind, uint64_t seed, int *err)
{
    int code = SIM_EINVAL;
    sobol_design *s = NULL;
    if (d < 1 || d > SOBOL_D_MAX || n < 2 || (kind != SOBOL_RANDOM && kind != SOBOL_QMC) ||
        (size_t)n > ((size_t)-1 / sizeof(double)) / (size_t)d / 2)
        goto fail;
    code = SIM_ENOMEM;
    s = sim_calloc(1, sizeof *s);
    if (!s) goto fail;
    s->d = d;
    s->n = n;
    s->a = sim_malloc((size_t)n * (size_t)d * sizeof *s->a);
    s->b = sim_malloc((size_t)n * (size_t)d * sizeof *s->b);
    if (!s->a || !s->b) goto fail;
    code = kind == SOBOL_QMC ? fill_qmc(s) : fill_random(s, seed);
    if (code != 0) goto fail;
    return s;
fail:
    sobol_design_destroy(s);
    if (err) *err = code;
    return NULL;
}

void sobol_design_destroy(sobol_design *s)
{
    if (!s) return;
    sim_free(s->a);
    sim_free(s->b);
    sim_free(s);
}

int sobol_design_d(const sobol_design *s) { return s->d; }
long sobol_design_n(const sobol_design *s) { return s->n; }
long sobol_design_items(const sobol_design *s) { return s->n * (s->d + 2); }

int sobol_design_from_b(const sobol_design *s, long item, int i)
{
    int block = (int)(item % (s->d + 2));
    return block == 1 || block == 2 + i;
}

void sobol_design_point(const sobol_design *s, long item, double *u)
{
    long j = item / (s->d + 2);
    for (int i = 0; i < s->d; i++)
        u[i] = (sobol_design_from_b(s, item, i) ? s->b : s->a)[j * s->d + i];
}

/* Jansen's estimators over the rows idx[0..rows-1] (idx NULL: rows 0..rows-1) into
 * first[0..d-1] and total[0..d-1]. Returns nonzero when V(Y) is 0 (indices undefined). */
static int jansen(int d, long rows, const double *y, const long *idx, double *first,
                  double *total)
{
    const int w = d + 2;
    stats_moments m;
    stats_moments_init(&m);
    for (int i = 0; i < d; i++) first[i] = total[i] = 0;
    for (long r = 0; r < rows; r++) {
        const double *row = y + (idx ? idx[r] : r) * w;
        stats_moments_add(&m, row[0]);
        stats_moments_add(&m, row[1]);
        for (int i = 0; i < d; i++) {
            double eb = row[1] - row[2 + i], ea = row[0] - row[2 + i];
            first[i] += eb * eb;
            total[i] += ea * ea;
        }
    }
    double v = stats_var(&m);
    if (!(v > 0)) return 1;
    for (int i = 0; i < d; i++) {
        first[i] = (v - first[i] / (2.0 * (double)rows)) / v;
        total[i] = total[i] / (2.0 * (double)rows) / v;
    }
    return 0;
}

/* Percentile bootstrap: n_boot resamples of the rows, the level interval of each index. */
static int bootstrap(int d, long rows, const double *y, int n_boot, double level,
                     uint64_t seed, sobol_index *out)
{
    int rc = SIM_ENOMEM;
    long *idx = sim_malloc((size_t)rows * sizeof *idx);
    double *f = sim_malloc((size_t)n_boot * 2 * (size_t)d * sizeof *f); /* [i][b], then ST */
    double *first = sim_malloc(2 * (size_t)d * sizeof *first), *total = first + d;
    gsl_rng *r = rng_create(seed, 0, "sobol-bootstrap");
    if (!idx || !f || !first || !r) goto done;
    double *fs = f, *ft = f + (size_t)n_boot * (size_t)d;
    int kept = 0; /* resamples whose V(Y) is not 0 */
    for (int b = 0; b < n_boot; b++) {
        for (long j = 0; j < rows; j++) idx[j] = (long)gsl_rng_uniform_int(r, (unsigned long)rows);
        if (jansen(d, rows, y, idx, first, total)) continue;
        for (int i = 0; i < d; i++) {
            fs[(size_t)i * (size_t)n_boot + (size_t)kept] = first[i];
            ft[(size_t)i * (size_t)n_boot + (size_t)kept] = total[i];
        }
        kept++;
    }
    const double p[2] = {(1 - level) / 2, (1 + level) / 2};
    for (int i = 0; i < d; i++) {
        double q[2];
        stats_quantiles(fs + (size_t)i * (size_t)n_boot, (size_t)kept, p, 2, q);
        out[i].first_lo = q[0];
        out[i].first_hi = q[1];
        stats_quantiles(ft + (size_t)i * (size_t)n_boot, (size_t)kept, p, 2, q);
        out[i].total_lo = q[0];
        out[i].total_hi = q[1];
    }
    rc = 0;
done:
    rng_destroy(r);
    sim_free(idx);
    sim_free(f);
    sim_free(first);
    return rc;
}

int sobol_estimate(int d, long rows, const double *y, int n_boot, double level, uint64_t seed,
                   sobol_index *out)
{
    if (d < 1 || d > SOBOL_D_MAX || rows < 2 || n_boot < 0 || !(level > 0 && level < 1))
        return SIM_EINVAL;
    for (long e = 0; e < rows * (d + 2); e++)
        if (!isfinite(y[e])) return SIM_EINVAL;
    double first[SOBOL_D_MAX], total[SOBOL_D_MAX];
    int flat = jansen(d, rows, y, NULL, first, total);
    for (int i = 0; i < d; i++)
        out[i] = (sobol_index){flat ? NAN : first[i], NAN, NAN, flat ? NAN : total[i], NAN, NAN};
    if (flat || n_boot == 0) return 0;
    return bootstrap(d, rows, y, n_boot, level, seed, out);
}
