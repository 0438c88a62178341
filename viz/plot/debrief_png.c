/* debrief_png.c - the debrief's charts of one run, drawn with fig.h and saved as PNG. */
#include "plot/debrief_png.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "plot/fig.h"
#include "plot/plot.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define DPNG_W 640.0      /* points; the PNG is FIG_PNG_SCALE times larger */
#define DPNG_H 300.0

/* "one run of FILE, D days from DATE". */
static void caption(const model *m, char *buf, size_t n)
{
    const scenario *s = model_scenario(m);
    const char *base = strrchr(s->path, '/');
    char d[11];
    date_format(s->start_date, d);
    snprintf(buf, n, "one run of %s, %g days from %s", base ? base + 1 : s->path, s->days, d);
}

/* Threat and effective threshold by day, the warning level, strikes as vertical lines. */
static int draw_threat(const model *m, const char *dir, const char *file, char *err, size_t en)
{
    int n = model_day_count(m);
    double *buf = sim_malloc(3 * (size_t)(n ? n : 1) * sizeof *buf);
    fig *f = buf ? fig_create(DPNG_W, DPNG_H) : NULL;
    if (!f) {
        sim_free(buf);
        return SIM_ENOMEM;
    }
    double *x = buf, *S = buf + n, *th = buf + 2 * n;
    for (int i = 0; i < n; i++) {
        const model_day *d = model_day_at(m, i);
        x[i] = d->t, S[i] = d->threat, th[i] = d->threshold_eff;
    }
    fig_title(f, "Threat score and the strike threshold");
    fig_labels(f, "day", "threat score");
    fig_yrange(f, 0, 1);
    fig_xrange(f, 0, n ? x[n - 1] : 1);
    int rc = 0, first = 1;
    for (int i = 0; !rc && i < model_record_count(m); i++)
        if (model_record_at(m, i)->kind == MODEL_REC_STRIKE) {
            rc = fig_vline(f, model_record_at(m, i)->t,
                           (fig_style){fig_alpha(fig_color_at(4), 0.8), 1.5, 0,
                                       first ? "strike" : NULL});
            first = 0;
        }
    if (!rc) rc = fig_hline(f, model_params(m)->state.warn_at,
                            (fig_style){fig_color_at(1), 1.4, 1, "warning level"});
    if (!rc) rc = fig_line(f, x, th, n, (fig_style){fig_color_at(3), 2, 0, "strike threshold"});
    if (!rc) rc = fig_line(f, x, S, n, (fig_style){fig_color_at(0), 2, 0, "threat score"});
    sim_free(buf);
    plot_target t = {NULL, dir, FIG_PNG, NULL};
    char cap[512];
    caption(m, cap, sizeof cap);
    t.caption = cap;
    if (rc) {
        fig_destroy(f);
        return rc;
    }
    return plot_save(f, &t, file, err, en);
}

/* Attacks counted per week of the run, as bars. */
static int draw_attacks(const model *m, const char *dir, const char *file, char *err, size_t en)
{
    int weeks = (int)ceil(model_horizon(m) / 7.0);
    if (weeks < 1) weeks = 1;
    double *h = sim_calloc((size_t)weeks, sizeof *h);
    fig *f = h ? fig_create(DPNG_W, DPNG_H) : NULL;
    if (!f) {
        sim_free(h);
        return SIM_ENOMEM;
    }
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        int w = (int)floor(r->t / 7.0);
        if (r->kind == MODEL_REC_ATTACK && w >= 0) h[w < weeks ? w : weeks - 1] += 1;
    }
    fig_title(f, "Attacks per week");
    fig_labels(f, "week", "attacks");
    fig_yzero(f);
    fig_xwhole(f);
    int rc = fig_bars(f, NULL, h, weeks, 0.8, (fig_style){fig_color_at(0), 0, 0, NULL});
    sim_free(h);
    char cap[512];
    caption(m, cap, sizeof cap);
    plot_target t = {NULL, dir, FIG_PNG, cap};
    if (rc) {
        fig_destroy(f);
        return rc;
    }
    return plot_save(f, &t, file, err, en);
}

int debrief_png_write(const model *m, const char *dir, const char *stem, debrief_chart *out,
                      int *n, char *err, size_t err_len)
{
    *n = 0;
    if (!m || !dir || !stem || !out) return SIM_EINVAL;
    static const char *const suffix[2] = {"threat", "attacks"};
    static const char *const title[2] = {"Threat score against the strike threshold",
                                         "Attacks per week"};
    int rc = 0;
    for (int k = 0; !rc && k < 2; k++) {
        char name[300];
        debrief_chart *ch = &out[*n];
        snprintf(name, sizeof name, "%s-%s", stem, suffix[k]);
        snprintf(ch->file, sizeof ch->file, "%s.png", name);
        snprintf(ch->title, sizeof ch->title, "%s", title[k]);
        rc = k == 0 ? draw_threat(m, dir, name, err, err_len)
                    : draw_attacks(m, dir, name, err, err_len);
        if (!rc) (*n)++;
    }
    if (rc == SIM_ENOMEM) snprintf(err, err_len, "out of memory");
    return rc;
}
