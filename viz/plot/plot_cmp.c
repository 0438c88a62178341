/* plot_cmp.c - the figures of a paired comparison and of a sweep. */
#include "base/alloc.h"
#include "base/err.h"
#include "plot/plot.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static int nomem(fig *f, char *err, size_t n)
{
    fig_destroy(f);
    snprintf(err, n, "out of memory");
    return SIM_ENOMEM;
}

/* One variant's Kaplan-Meier curve and band, from t = 0, S = 1. */
static int km_curve(fig *f, const ens_batch *b, int variant, double horizon, fig_color c,
                    const char *name)
{
    long runs = ens_batch_done(b);
    stats_km_row *rows = sim_malloc((size_t)(runs + 1) * sizeof *rows);
    double *buf = sim_malloc(4 * (size_t)(runs + 1) * sizeof *buf);
    size_t nr = 0;
    int rc = rows && buf ? ens_first_strike_km_of(b, variant, horizon, rows, &nr) : SIM_ENOMEM;
    if (!rc) {
        size_t m = (size_t)runs + 1;
        double *t = buf, *s = buf + m, *lo = buf + 2 * m, *hi = buf + 3 * m;
        t[0] = 0, s[0] = lo[0] = hi[0] = 1;
        for (size_t i = 0; i < nr; i++)
            t[i + 1] = rows[i].t, s[i + 1] = rows[i].surv, lo[i + 1] = rows[i].lo,
            hi[i + 1] = rows[i].hi;
        rc = fig_step_band(f, t, lo, hi, (int)nr + 1, horizon,
                           (fig_style){fig_alpha(c, 0.22), 0, 0, NULL});
        if (!rc) rc = fig_step(f, t, s, (int)nr + 1, horizon, (fig_style){c, 2.2, 0, name});
    }
    sim_free(rows);
    sim_free(buf);
    return rc;
}

static int compare_survival(const ens_batch *b, const scenario *a, const scenario *bs,
                            const plot_target *t, char *err, size_t n)
{
    fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
    if (!f) return nomem(NULL, err, n);
    char xlabel[64];
    plot_day_label(a, xlabel, sizeof xlabel);
    fig_title(f, "Time to the first strike, A and B (paired runs; shaded: 95% bands)");
    fig_labels(f, xlabel, "P(no strike yet)");
    fig_yrange(f, 0, 1);
    double horizon = fmax(a->days, bs->days);
    fig_xrange(f, 0, horizon);
    char na[300], nb[300];
    snprintf(na, sizeof na, "A: %s", a->name);
    snprintf(nb, sizeof nb, "B: %s", bs->name);
    int rc = km_curve(f, b, 0, a->days, fig_color_at(0), na);
    if (!rc) rc = km_curve(f, b, 1, bs->days, fig_color_at(3), nb);
    if (rc) return nomem(f, err, n);
    return plot_save(f, t, "compare_survival", err, n);
}

/* Totals shown as changes, in this order (those whose mean in A is 0 are left out). */
static const char *const effect_totals[] = {
    "attacks", "casualties", "strikes", "civilian_casualties", "first_strike_day",
    "ultimatums", "closures", "clashes", "max_ladder", "ceasefires", "mediations"};
#define N_EFFECTS ((int)(sizeof effect_totals / sizeof effect_totals[0]))

static int compare_effects(const ens_batch *b, const plot_target *t, char *err, size_t n)
{
    double y[N_EFFECTS], mid[N_EFFECTS], lo[N_EFFECTS], hi[N_EFFECTS];
    char names[N_EFFECTS][96];
    const char *labels[N_EFFECTS];
    int k = 0;
    for (int i = 0; i < N_EFFECTS; i++) {
        ens_paired p;
        int ti = model_total_find(effect_totals[i]);
        if (ti < 0 || ens_summarize_diff(b, 0, 1, ti, &p) != 0 || p.diff.m.n < 2 ||
            !(fabs(p.mean_a) > 0))
            continue;
        double scale = 100 / fabs(p.mean_a);
        mid[k] = stats_mean(&p.diff.m) * scale;
        lo[k] = p.diff.ci_lo * scale, hi[k] = p.diff.ci_hi * scale;
        snprintf(names[k], sizeof names[k], "%s (%.3g to %.3g)", effect_totals[i], p.mean_a,
                 p.mean_b);
        labels[k] = names[k];
        y[k] = k;
        k++;
    }
    if (k == 0) return 0;
    fig *f = fig_create(FIG_WIDTH, 120 + 26.0 * k);
    if (!f || fig_ycategories(f, labels, k)) return nomem(f, err, n);
    fig_title(f, "Change in each total's mean, B against A (paired runs)");
    fig_labels(f, "mean of B - A, % of A's mean (95% interval of the paired differences)", NULL);
    int rc = fig_vline(f, 0, (fig_style){FIG_GREY, 1, 1, NULL});
    if (!rc) rc = fig_errbars(f, mid, y, lo, hi, k, 1, (fig_style){fig_color_at(0), 3.5, 0, NULL});
    if (rc) return nomem(f, err, n);
    return plot_save(f, t, "compare_effects", err, n);
}

int plot_compare(const ens_batch *b, const scenario *a, const scenario *bs,
                 const plot_target *t, char *err, size_t err_len)
{
    if (!t->formats || ens_batch_done(b) == 0) return 0;
    int rc = compare_survival(b, a, bs, t, err, err_len);
    return rc ? rc : compare_effects(b, t, err, err_len);
}

/* ---- sweeps ---------------------------------------------------------------------------- */

/* Per point: the chance of a strike within 90 days (Wilson) or the mean strikes (t). */
static void measure(const ens_batch *b, int g, int which, double *v, double *lo, double *hi)
{
    long n = ens_batch_done(b);
    if (which == 0) {
        long k = ens_strikes_by(b, g, 90);
        *v = n ? (double)k / (double)n : NAN;
        stats_wilson(k, n, 0.95, lo, hi);
        return;
    }
    ens_summary s;
    *v = *lo = *hi = NAN;
    if (ens_summarize(b, g, model_total_find("strikes"), &s) == 0)   /* a count: not below 0 */
        *v = stats_mean(&s.m), *lo = fmax(s.ci_lo, 0), *hi = s.ci_hi;
}

/* One figure: measure `which` of every point against axis a. A one-axis grid's points are
 * joined by a line (they are ordered); other designs' are not. */
static int sweep_figure(const ens_batch *b, const ens_design *d, int a, int which,
                        const plot_target *t, char *err, size_t n)
{
    static const char *const ylabels[2] = {"P(first strike within 90 days)", "strikes per run"};
    static const char *const stems[2] = {"sweep_p_strike", "sweep_strikes"};
    long np = d->n_points;
    double *buf = sim_malloc(4 * (size_t)np * sizeof *buf);
    fig *f = buf ? fig_create(FIG_WIDTH, FIG_HEIGHT) : NULL;
    if (!f) {
        sim_free(buf);
        return nomem(NULL, err, n);
    }
    double *x = buf, *v = buf + np, *lo = buf + 2 * np, *hi = buf + 3 * np;
    for (long g = 0; g < np; g++) {
        x[g] = ens_design_point(d, g)[a];
        measure(b, (int)g, which, &v[g], &lo[g], &hi[g]);
    }
    char title[256], name[64];
    snprintf(title, sizeof title, "%s against %s (%s design, %ld points)",
             which ? "Strikes per run" : "Chance of a strike within 90 days", d->axes[a].key,
             ens_design_name(d->kind), np);
    fig_title(f, title);
    fig_labels(f, d->axes[a].key, ylabels[which]);
    fig_yzero(f);
    if (which == 0) fig_yrange(f, 0, 1);
    fig_color c = fig_color_at(0);
    int rc = 0;
    if (d->kind == ENS_DESIGN_GRID && d->n_axes == 1)
        rc = fig_line(f, x, v, (int)np, (fig_style){fig_alpha(c, 0.6), 1.2, 0, NULL});
    static const char *const what[2] = {"share of runs, Wilson 95% interval",
                                        "mean, 95% interval (t)"};
    if (!rc) rc = fig_errbars(f, x, v, lo, hi, (int)np, 0, (fig_style){c, 3, 0, what[which]});
    sim_free(buf);
    if (rc) return nomem(f, err, n);
    snprintf(name, sizeof name, "%s_%d", stems[which], a + 1);
    return plot_save(f, t, name, err, n);
}

int plot_sweep(const ens_batch *b, const ens_design *d, const plot_target *t, char *err,
               size_t err_len)
{
    if (!t->formats || ens_batch_done(b) == 0) return 0;
    int rc = 0;
    for (int a = 0; !rc && a < d->n_axes; a++)
        for (int which = 0; !rc && which < 2; which++)
            rc = sweep_figure(b, d, a, which, t, err, err_len);
    return rc;
}
