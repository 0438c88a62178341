/* plot_bt.c - the backtest figure: the model's monthly probabilities under the record. */
#include "plot/plot.h"
#include "base/alloc.h"
#include "base/err.h"
#include <stdio.h>

#define BT_SHEET_W 720.0
#define BT_SHEET_H 560.0

/* Kind k's panel: bars of the model's probability, a dot at 1 for each month the record
 * has one; the legend and the x label only where they are needed once. */
static fig *panel(const plot_backtest_data *d, int k, double *buf)
{
    fig *f = fig_create(BT_SHEET_W, BT_SHEET_H / d->n_kinds);
    if (!f) return NULL;
    int n = d->n_months, m = 0;
    const double *pr = d->prob + (size_t)k * (size_t)n, *ob = d->observed + (size_t)k * (size_t)n;
    double *left = buf, *ox = buf + n, *oy = buf + 2 * n;
    for (int i = 0; i < n; i++) {
        left[i] = i - 0.4;
        if (ob[i] > 0) ox[m] = i, oy[m++] = 1;
    }
    char xlabel[64];
    snprintf(xlabel, sizeof xlabel, "month (0 = %.7s)", d->first_month);
    fig_title(f, d->kinds[k]);
    fig_labels(f, k == d->n_kinds - 1 ? xlabel : NULL, "probability");
    fig_xrange(f, -0.6, n - 0.4);
    fig_xwhole(f);
    fig_yrange(f, 0, 1.1);
    int first = k == 0;
    int rc = fig_bars(f, left, pr, n, 0.8,
                      (fig_style){fig_alpha(fig_color_at(0), 0.55), 0, 0,
                                  first ? "model: share of runs with one in the month" : NULL});
    if (!rc && m > 0)
        rc = fig_scatter(f, ox, oy, m, (fig_style){fig_color_at(3), 3.5, 0,
                                                   first ? "record: a month with one" : NULL});
    if (rc) {
        fig_destroy(f);
        return NULL;
    }
    return f;
}

int plot_backtest(const plot_backtest_data *d, const char *title, const plot_target *t,
                  char *err, size_t err_len)
{
    if (!t->formats) return 0;
    if (d->n_kinds < 1 || d->n_months < 1) {
        snprintf(err, err_len, "no month to draw");
        return SIM_EINVAL;
    }
    fig **p = sim_calloc((size_t)d->n_kinds, sizeof *p);
    double *buf = sim_malloc(3 * (size_t)d->n_months * sizeof *buf);
    char stem[4200];
    int rc = p && buf ? 0 : SIM_ENOMEM;
    for (int k = 0; !rc && k < d->n_kinds; k++)
        if (!(p[k] = panel(d, k, buf))) rc = SIM_ENOMEM;
    if (rc) snprintf(err, err_len, "out of memory");
    if (!rc) rc = plot_stem(t, "backtest", stem, sizeof stem, err, err_len);
    if (!rc) {
        fig_sheet sh = {BT_SHEET_W, BT_SHEET_H, title, t->caption, NULL, 0};
        rc = fig_grid_write(p, d->n_kinds, 1, &sh, stem, t->formats, err, err_len);
    }
    for (int k = 0; p && k < d->n_kinds; k++) fig_destroy(p[k]);
    sim_free(p);
    sim_free(buf);
    return rc;
}
