/* plot_score.c - the PIT histogram and the reliability diagram of `frontier score`. */
#include "plot/plot_score.h"
#include "base/alloc.h"
#include "base/err.h"
#include <stdio.h>

static int nomem(fig *f, double *buf, char *err, size_t n)
{
    fig_destroy(f);
    sim_free(buf);
    snprintf(err, n, "out of memory");
    return SIM_ENOMEM;
}

/* The model as bars, the baselines as step outlines, the uniform density as a line. */
static int pit(const plot_score_data *s, const plot_target *t, char *err, size_t n)
{
    fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
    double *buf = sim_malloc(2 * (size_t)s->bins * sizeof *buf);
    if (!f || !buf) return nomem(f, buf, err, n);
    double *x = buf, *h = buf + s->bins;
    char title[160];
    snprintf(title, sizeof title, "PIT of %ld forecasts of %d days (flat: calibrated)",
             s->origins, s->horizon);
    fig_title(f, title);
    fig_labels(f, "probability integral transform", "density");
    fig_xrange(f, 0, 1);
    fig_yzero(f);
    int rc = 0;
    for (int c = 0; !rc && c < s->k; c++) {
        for (int b = 0; b < s->bins; b++) x[b] = (double)b / s->bins, h[b] = s->pit[c][b] * s->bins;
        fig_color col = fig_color_at(c);
        rc = c == 0 ? fig_bars(f, x, h, s->bins, 1.0 / s->bins,
                               (fig_style){fig_alpha(col, 0.45), 0, 0, s->names[c]})
                    : fig_step(f, x, h, s->bins, 1, (fig_style){col, 2, c > 1, s->names[c]});
    }
    if (!rc) rc = fig_hline(f, 1, (fig_style){FIG_GREY, 1, 1, "uniform"});
    sim_free(buf);
    if (rc) return nomem(f, NULL, err, n);
    return plot_save(f, t, "pit", err, n);
}

static int reliability(const plot_score_data *s, const plot_target *t, char *err, size_t n)
{
    fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
    if (!f) return nomem(f, NULL, err, n);
    char title[160];
    const double diag[2] = {0, 1};
    snprintf(title, sizeof title, "Central intervals of %ld forecasts of %d days", s->origins,
             s->horizon);
    fig_title(f, title);
    fig_labels(f, "nominal level of the central interval", "share of origins inside");
    fig_xrange(f, 0, 1);
    fig_yrange(f, 0, 1);
    int rc = fig_line(f, diag, diag, 2, (fig_style){FIG_GREY, 1, 1, "calibrated"});
    for (int c = 0; !rc && c < s->k; c++) {
        fig_style st = {fig_color_at(c), c == 0 ? 2.5 : 1.5, c > 1, s->names[c]};
        rc = fig_line(f, s->nominal, s->cover[c], s->levels, st);
        if (!rc) rc = fig_scatter(f, s->nominal, s->cover[c], s->levels,
                                  (fig_style){fig_color_at(c), 2.5, 0, NULL});
    }
    if (rc) return nomem(f, NULL, err, n);
    return plot_save(f, t, "reliability", err, n);
}

int plot_score(const plot_score_data *s, const plot_target *t, char *err, size_t err_len)
{
    if (!t->formats) return 0;
    if (s->k < 1 || s->bins < 1 || s->levels < 1) {
        snprintf(err, err_len, "no forecast to draw");
        return SIM_EINVAL;
    }
    int rc = pit(s, t, err, err_len);
    return rc ? rc : reliability(s, t, err, err_len);
}
