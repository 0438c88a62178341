/* plot.c - the ensemble's figures, and what every command's figures share. */
#include "plot/plot.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define BAND_OUTER 0.22   /* alpha of the 5-95% band; the 25-75% band layers over it */
#define BAND_INNER 0.40

void plot_caption(char *buf, size_t n, long count, const char *unit, unsigned long long seed,
                  const char *path)
{
    const char *base = path ? strrchr(path, '/') : NULL;
    base = base ? base + 1 : path;
    snprintf(buf, n, "n = %ld %s, seed %llu%s%s", count, unit, seed,
             base ? ", scenario " : "", base ? (strcmp(base, "-") ? base : "stdin") : "");
}

void plot_day_label(const scenario *s, char *buf, size_t n)
{
    char d[11];
    date_format(s->start_date, d);
    snprintf(buf, n, "day (0 = %s)", d);
}

int plot_stem(const plot_target *t, const char *name, char *stem, size_t n, char *err,
              size_t err_len)
{
    int rc = 0;
    if (t->set) rc = outset_path(t->set, name, stem, n);
    else snprintf(stem, n, "%s/%s", t->dir ? t->dir : ".", name);
    if (rc) snprintf(err, err_len, "%s: not a file name for a figure", name);
    return rc;
}

int plot_save(fig *f, const plot_target *t, const char *name, char *err, size_t err_len)
{
    char stem[4200];
    int rc = plot_stem(t, name, stem, sizeof stem, err, err_len);
    if (!rc) {
        fig_caption(f, t->caption);
        rc = fig_write(f, stem, t->formats, err, err_len);
    }
    fig_destroy(f);
    return rc;
}

static int nomem(fig *f, char *err, size_t n)
{
    fig_destroy(f);
    snprintf(err, n, "out of memory");
    return SIM_ENOMEM;
}

/* The fan of one series: bands, median and (for the threat) the mean threshold. */
static int fan(const ens_batch *b, int which, const char *title, const char *ylabel,
               const char *xlabel, const plot_target *t, const char *name, char *err, size_t n)
{
    int days = ens_batch_days(b);
    double *buf = sim_malloc((size_t)days * 7 * sizeof *buf);
    fig *f = buf ? fig_create(FIG_WIDTH, FIG_HEIGHT) : NULL;
    if (!f) {
        sim_free(buf);
        return nomem(NULL, err, n);
    }
    double *x = buf, *q[5], *thr = buf + 6 * (size_t)days;
    for (int j = 0; j < 5; j++) q[j] = buf + (size_t)(j + 1) * (size_t)days;
    for (int d = 0; d < days; d++) x[d] = d;
    int rc = ens_fan(b, which, q, NULL);
    int ref = which == ENS_SERIES_THREAT && rc == 0;
    if (ref) rc = ens_fan(b, ENS_SERIES_THRESHOLD, NULL, thr);
    fig_color c = fig_color_at(0);
    fig_title(f, title);
    fig_labels(f, xlabel, ylabel);
    fig_yzero(f);
    if (!rc) rc = fig_band(f, x, q[0], q[4], days, (fig_style){fig_alpha(c, BAND_OUTER), 0, 0, "5-95% of runs"});
    if (!rc) rc = fig_band(f, x, q[1], q[3], days, (fig_style){fig_alpha(c, BAND_INNER), 0, 0, "25-75% of runs"});
    if (!rc) rc = fig_line(f, x, q[2], days, (fig_style){c, 2, 0, "median"});
    if (!rc && ref)
        rc = fig_line(f, x, thr, days, (fig_style){fig_color_at(3), 1.8, 1,
                                                   "mean effective strike threshold"});
    sim_free(buf);
    if (rc) return nomem(f, err, n);
    return plot_save(f, t, name, err, n);
}

static int survival(const ens_batch *b, const scenario *s, const char *xlabel,
                    const plot_target *t, char *err, size_t n)
{
    long runs = ens_batch_done(b);
    stats_km_row *rows = sim_malloc((size_t)(runs + 1) * sizeof *rows);
    double *buf = sim_malloc(4 * (size_t)(runs + 1) * sizeof *buf);
    fig *f = rows && buf ? fig_create(FIG_WIDTH, FIG_HEIGHT) : NULL;
    size_t nr = 0;
    int rc = f ? ens_first_strike_km(b, s->days, rows, &nr) : SIM_ENOMEM;
    if (!rc) {   /* from t = 0, S = 1, so the curve starts in the top-left corner */
        double *tt = buf, *sv = buf + runs + 1, *lo = buf + 2 * (runs + 1), *hi = buf + 3 * (runs + 1);
        tt[0] = 0, sv[0] = lo[0] = hi[0] = 1;
        for (size_t i = 0; i < nr; i++)
            tt[i + 1] = rows[i].t, sv[i + 1] = rows[i].surv, lo[i + 1] = rows[i].lo, hi[i + 1] = rows[i].hi;
        fig_color c = fig_color_at(0);
        fig_title(f, "Time to the first strike (Kaplan-Meier)");
        fig_labels(f, xlabel, "P(no strike yet)");
        fig_yrange(f, 0, 1);
        fig_xrange(f, 0, s->days);
        rc = fig_step_band(f, tt, lo, hi, (int)nr + 1, s->days,
                           (fig_style){fig_alpha(c, 0.25), 0, 0, "95% band (Greenwood)"});
        if (!rc) rc = fig_step(f, tt, sv, (int)nr + 1, s->days, (fig_style){c, 2.2, 0, "Kaplan-Meier estimate"});
        if (!rc) rc = fig_hline(f, 0.5, (fig_style){FIG_GREY, 1, 1, "50%"});
    }
    sim_free(rows);
    sim_free(buf);
    if (rc) return nomem(f, err, n);
    return plot_save(f, t, "first_strike_survival", err, n);
}

static int histogram(const ens_batch *b, const char *total, const char *title,
                     const plot_target *t, const char *name, char *err, size_t n)
{
    long runs = ens_batch_done(b);
    int ti = model_total_find(total);
    double *v = sim_malloc((size_t)(runs ? runs : 1) * sizeof *v), sum = 0;
    fig *f = v ? fig_create(FIG_WIDTH, FIG_HEIGHT) : NULL;
    if (!f) {
        sim_free(v);
        return nomem(NULL, err, n);
    }
    long k = 0;
    for (long r = 0; r < runs; r++) {
        v[r] = model_total_value(ens_batch_totals(b, r, 0), ti);
        if (isfinite(v[r])) sum += v[r], k++;
    }
    fig_title(f, title);
    fig_labels(f, total, "replications");
    fig_yzero(f);
    int rc = k ? fig_histogram(f, v, (int)runs, 30, (fig_style){fig_color_at(0), 0, 0, NULL}) : 0;
    char label[64];
    snprintf(label, sizeof label, "mean %.4g", k ? sum / (double)k : NAN);
    if (!rc && k) rc = fig_vline(f, sum / (double)k, (fig_style){fig_color_at(3), 2, 0, label});
    sim_free(v);
    if (rc) return nomem(f, err, n);
    return plot_save(f, t, name, err, n);
}

int plot_ensemble(const ens_batch *b, const scenario *s, const plot_target *t, char *err,
                  size_t err_len)
{
    char xlabel[64];
    if (!t->formats || ens_batch_done(b) == 0) return 0;
    plot_day_label(s, xlabel, sizeof xlabel);
    int rc = 0;
    if (ens_batch_days(b) > 0) {
        rc = fan(b, ENS_SERIES_THREAT, "Threat score across replications", "threat score S",
                 xlabel, t, "fan_threat", err, err_len);
        if (!rc)
            rc = fan(b, ENS_SERIES_ATTACKS_7D, "Attacks in the last 7 days across replications",
                     "attacks per week", xlabel, t, "fan_attacks", err, err_len);
    }
    if (!rc) rc = survival(b, s, xlabel, t, err, err_len);
    if (!rc) rc = histogram(b, "strikes", "Strikes per replication", t, "hist_strikes", err, err_len);
    if (!rc)
        rc = histogram(b, "casualties", "Attack casualties per replication", t,
                       "hist_casualties", err, err_len);
    return rc;
}
