/* plot_sobol.c - the sensitivity figure: Sobol indices of every output, one panel each. */
#include "plot/plot.h"
#include "base/alloc.h"
#include "base/err.h"
#include <math.h>
#include <stdio.h>

#define SOBOL_SHEET_W 1000.0   /* points: 4 panels of 250 across */
#define SOBOL_SHEET_H 600.0
#define SOBOL_COLS 4
#define SOBOL_KEY_MAX 34       /* key lines: a heading and the factors */

/* The y range of every panel: [0, 1] widened to the intervals, in tenths. */
static void y_extent(const plot_sobol_data *s, double *lo, double *hi)
{
    *lo = 0, *hi = 1;
    for (int k = 0; k < s->n_out * s->d; k++) {
        if (isfinite(s->first_lo[k])) *lo = fmin(*lo, s->first_lo[k]);
        if (isfinite(s->total_lo[k])) *lo = fmin(*lo, s->total_lo[k]);
        if (isfinite(s->first_hi[k])) *hi = fmax(*hi, s->first_hi[k]);
        if (isfinite(s->total_hi[k])) *hi = fmax(*hi, s->total_hi[k]);
    }
    *lo = floor(*lo * 10) / 10, *hi = ceil(*hi * 10) / 10;
}

/* Output o's panel: factor i at x = i + 1, its total bar on the left, first-order on the
 * right, each with its interval; the legend only on the first panel. */
static fig *panel(const plot_sobol_data *s, int o, double lo, double hi, double *buf)
{
    fig *f = fig_create(250, 250);
    if (!f) return NULL;
    int d = s->d, off = o * d;
    double *lt = buf, *lf = buf + d, *xt = buf + 2 * d, *xf = buf + 3 * d;
    for (int i = 0; i < d; i++)
        lt[i] = i + 0.62, lf[i] = i + 1.0, xt[i] = i + 0.81, xf[i] = i + 1.19;
    fig_title(f, s->outputs[o]);
    fig_labels(f, "factor", o % SOBOL_COLS == 0 ? "Sobol index" : NULL);
    fig_xrange(f, 0.5, d + 0.5);
    fig_xwhole(f);
    fig_yrange(f, lo, hi);
    fig_color blue = fig_color_at(0), ink = fig_color_at(7);
    int first = o == 0, rc;
    rc = fig_bars(f, lt, s->total + off, d, 0.38,
                  (fig_style){fig_alpha(blue, 0.35), 0, 0, first ? "total index" : NULL});
    if (!rc) rc = fig_bars(f, lf, s->first + off, d, 0.38,
                           (fig_style){blue, 0, 0, first ? "first-order index" : NULL});
    if (!rc) rc = fig_errbars(f, xt, s->total + off, s->total_lo + off, s->total_hi + off, d,
                              0, (fig_style){ink, 1.5, 0, first ? "95% interval" : NULL});
    if (!rc) rc = fig_errbars(f, xf, s->first + off, s->first_lo + off, s->first_hi + off, d,
                              0, (fig_style){ink, 1.5, 0, NULL});
    if (!rc) rc = fig_hline(f, 0, (fig_style){FIG_GREY, 0.8, 0, NULL});
    if (rc) {
        fig_destroy(f);
        return NULL;
    }
    return f;
}

/* The key: what the numbers under the panels stand for. */
static int key_lines(const plot_sobol_data *s, char (*buf)[160], const char **key)
{
    int n = 0;
    key[n++] = "factors:";
    for (int i = 0; i < s->d && n < SOBOL_KEY_MAX; i++, n++) {
        snprintf(buf[i], sizeof buf[i], "%d  %s", i + 1, s->factors[i]);
        key[n] = buf[i];
    }
    return n;
}

int plot_sobol(const plot_sobol_data *s, const char *title, const plot_target *t, char *err,
               size_t err_len)
{
    if (!t->formats) return 0;
    if (s->n_out < 1 || s->d < 1) {
        snprintf(err, err_len, "no index to draw");
        return SIM_EINVAL;
    }
    fig **p = sim_calloc((size_t)s->n_out, sizeof *p);
    double *buf = sim_malloc(4 * (size_t)s->d * sizeof *buf), lo, hi;
    char (*lines)[160] = sim_malloc(SOBOL_KEY_MAX * sizeof *lines), stem[4200];
    const char *key[SOBOL_KEY_MAX];
    int rc = p && buf && lines ? 0 : SIM_ENOMEM;
    y_extent(s, &lo, &hi);
    for (int o = 0; !rc && o < s->n_out; o++)
        if (!(p[o] = panel(s, o, lo, hi, buf))) rc = SIM_ENOMEM;
    if (rc) snprintf(err, err_len, "out of memory");
    if (!rc) rc = plot_stem(t, "sensitivity", stem, sizeof stem, err, err_len);
    if (!rc) {
        fig_sheet sh = {SOBOL_SHEET_W, SOBOL_SHEET_H, title, t->caption, key,
                        key_lines(s, lines, key)};
        rc = fig_grid_write(p, s->n_out, SOBOL_COLS, &sh, stem, t->formats, err, err_len);
    }
    for (int o = 0; p && o < s->n_out; o++) fig_destroy(p[o]);
    sim_free(p);
    sim_free(buf);
    sim_free(lines);
    return rc;
}
