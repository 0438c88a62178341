/* plot_fit.c - the time-rescaling figures of a Hawkes fit. */
#include "plot/plot_fit.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define KS_95 1.358   /* the Kolmogorov distribution's 95% point: P(K > 1.358) = 0.05 */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The model's times as fit_data on the window of d. */
static fit_data times_of(const fit_days *d, const plot_fit_model *m)
{
    return (fit_data){m->t, d->n, d->ndays, d->doy0, d->date0};
}

static int counts(const fit_days *d, const plot_fit_model *m, int nm, double *buf,
                  const plot_target *t, const char *name, char *err, size_t n)
{
    fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
    if (!f) return SIM_ENOMEM;
    double *x = buf, *k = buf + d->n, *lam = buf + 2 * (size_t)d->n;
    char xlabel[64], d0[11];
    date_format(d->date0, d0);
    snprintf(xlabel, sizeof xlabel, "day (0 = %s)", d0);
    fig_title(f, "Incidents against the number each model expects (compensator)");
    fig_labels(f, xlabel, "incidents so far");
    fig_yzero(f);
    fig_xrange(f, 0, d->ndays);
    for (int i = 0; i < d->n; i++) x[i] = d->day[i] + 1, k[i] = i + 1;   /* at each day's end */
    int rc = fig_step(f, x, k, d->n, d->ndays, (fig_style){fig_color_at(7), 2, 0, "incidents"});
    for (int j = 0; !rc && j < nm; j++) {
        fit_data td = times_of(d, &m[j]);
        fit_compensator(&td, &m[j].p, lam);
        rc = fig_line(f, m[j].t, lam, d->n, (fig_style){fig_color_at(j), 1.6, j > 0, m[j].name});
    }
    if (rc) {
        fig_destroy(f);
        return rc;
    }
    return plot_save(f, t, name, err, n);
}

static int ks(const fit_days *d, const plot_fit_model *m, int nm, double *buf,
              const plot_target *t, const char *name, char *err, size_t n)
{
    fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
    if (!f) return SIM_ENOMEM;
    double *u = buf, *z = buf + d->n, band = KS_95 / sqrt((double)d->n);
    fig_title(f, "Time-rescaling check: rescaled gaps against U(0, 1)");
    fig_labels(f, "quantile of U(0, 1)", "rescaled gap, sorted (times imputed within days)");
    fig_xrange(f, 0, 1);
    fig_yrange(f, 0, 1);
    for (int i = 0; i < d->n; i++) u[i] = (i + 0.5) / d->n;
    double lo[2] = {-band, 1 - band}, hi[2] = {band, 1 + band}, x01[2] = {0, 1};
    int rc = fig_band(f, x01, lo, hi, 2, (fig_style){fig_alpha(FIG_GREY, 0.18), 0, 0,
                                                      "95% Kolmogorov-Smirnov band"});
    if (!rc) rc = fig_line(f, x01, x01, 2, (fig_style){FIG_GREY, 1, 1, NULL});
    for (int j = 0; !rc && j < nm; j++) {
        fit_data td = times_of(d, &m[j]);
        fit_compensator(&td, &m[j].p, z);
        for (int i = d->n - 1; i >= 0; i--) z[i] = -expm1(-(z[i] - (i ? z[i - 1] : 0)));
        qsort(z, (size_t)d->n, sizeof *z, cmp_double);
        rc = fig_line(f, u, z, d->n, (fig_style){fig_color_at(j), 1.6, j > 0, m[j].name});
    }
    if (rc) {
        fig_destroy(f);
        return rc;
    }
    return plot_save(f, t, name, err, n);
}

int plot_fit(const fit_days *d, const plot_fit_model *models, int n_models,
             const plot_target *t, const char *stem, char *err, size_t err_len)
{
    if (!t->formats || d->n < 1) return 0;
    double *buf = sim_malloc(3 * (size_t)d->n * sizeof *buf);
    if (!buf) {
        snprintf(err, err_len, "out of memory");
        return SIM_ENOMEM;
    }
    char name[512];
    snprintf(name, sizeof name, "%s-counts", stem);
    int rc = counts(d, models, n_models, buf, t, name, err, err_len);
    snprintf(name, sizeof name, "%s-ks", stem);
    if (!rc) rc = ks(d, models, n_models, buf, t, name, err, err_len);
    sim_free(buf);
    if (rc == SIM_ENOMEM) snprintf(err, err_len, "out of memory");
    return rc;
}
