/* fig.c - the figure model: series, ranges, ticks, and the layout with the legend's place. */
#include "plot/fig_int.h"
#include "base/alloc.h"
#include "base/err.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAD 8.0             /* space between the parts of a figure, points */
#define LEGEND_ROW 15.0     /* height of one legend entry */
#define LEGEND_SWATCH 24.0  /* width of its swatch */
#define HIST_UNIT_MAX 60    /* whole-number data up to this span get one bar per value */

fig_color fig_color_at(int i)
{
    static const fig_color okabe_ito[8] = {
        {0.000, 0.447, 0.698, 1}, {0.902, 0.624, 0.000, 1}, {0.000, 0.620, 0.451, 1},
        {0.835, 0.369, 0.000, 1}, {0.800, 0.475, 0.655, 1}, {0.337, 0.706, 0.914, 1},
        {0.941, 0.894, 0.259, 1}, {0.000, 0.000, 0.000, 1}};
    return okabe_ito[((i % 8) + 8) % 8];
}

fig_color fig_alpha(fig_color c, double a)
{
    c.a = a;
    return c;
}

fig *fig_create(double width, double height)
{
    fig *f = sim_calloc(1, sizeof *f);
    if (!f) return NULL;
    f->w = width > 100 ? width : 100;
    f->h = height > 80 ? height : 80;
    return f;
}

void fig_destroy(fig *f)
{
    if (!f) return;
    for (int i = 0; i < f->n; i++) sim_free(f->s[i].x);
    for (int i = 0; i < f->n_cats; i++) sim_free(f->cats[i]);
    sim_free(f->cats);
    sim_free(f->s);
    sim_free(f);
}

static void set_text(char *dst, const char *src)
{
    snprintf(dst, FIG_TEXT_MAX, "%s", src ? src : "");
}

void fig_title(fig *f, const char *title) { set_text(f->title, title); }
void fig_caption(fig *f, const char *caption) { set_text(f->caption, caption); }

void fig_labels(fig *f, const char *xlabel, const char *ylabel)
{
    set_text(f->xlabel, xlabel);
    set_text(f->ylabel, ylabel);
}

void fig_xrange(fig *f, double x0, double x1)
{
    f->fixed_x = 1, f->fx0 = x0, f->fx1 = x1;
}

void fig_yrange(fig *f, double y0, double y1)
{
    f->fixed_y = 1, f->fy0 = y0, f->fy1 = y1;
}

void fig_yzero(fig *f) { f->yzero = 1; }
void fig_xwhole(fig *f) { f->xwhole = 1; }

int fig_ycategories(fig *f, const char *const *labels, int n)
{
    char **c = sim_calloc((size_t)(n > 0 ? n : 1), sizeof *c);
    if (!c) return SIM_ENOMEM;
    for (int i = 0; i < n; i++)
        if (!(c[i] = sim_strdup(labels[i] ? labels[i] : ""))) {
            for (int j = 0; j < i; j++) sim_free(c[j]);
            sim_free(c);
            return SIM_ENOMEM;
        }
    for (int i = 0; i < f->n_cats; i++) sim_free(f->cats[i]);
    sim_free(f->cats);
    f->cats = c;
    f->n_cats = n;
    return 0;
}

/* ---- series ---------------------------------------------------------------------------- */

/* Appends a series of kind with room for n points in each of the `arrays` arrays (x, y, lo,
 * hi in that order), copying the given ones (x NULL: 0, 1, 2, ...). */
static fig_series *add(fig *f, int kind, int n, fig_style st, const double *x,
                       const double *y, const double *lo, const double *hi)
{
    if (n < 0) return NULL;
    if (f->n == f->cap) {
        int cap = f->cap ? 2 * f->cap : 8;
        fig_series *s = sim_realloc(f->s, (size_t)cap * sizeof *s);
        if (!s) return NULL;
        /* A series' label points into the series itself: re-point it after the move (the
         * ninth series used to leave the first eight with labels in freed memory). */
        for (int i = 0; i < f->n; i++)
            if (s[i].st.label) s[i].st.label = s[i].label;
        f->s = s, f->cap = cap;
    }
    fig_series *s = &f->s[f->n];
    memset(s, 0, sizeof *s);
    double *buf = sim_malloc(4 * (size_t)(n ? n : 1) * sizeof *buf);
    if (!buf) return NULL;
    const double *src[4] = {x, y, lo, hi};
    double **dst[4] = {&s->x, &s->y, &s->lo, &s->hi};
    for (int k = 0; k < 4; k++) {
        *dst[k] = buf + (size_t)k * (size_t)(n ? n : 1);
        for (int i = 0; i < n; i++) (*dst[k])[i] = src[k] ? src[k][i] : k == 0 ? i : NAN;
    }
    s->kind = kind, s->n = n, s->st = st;
    if (st.label) snprintf(s->label, sizeof s->label, "%s", st.label);
    s->st.label = st.label ? s->label : NULL;
    f->n++;
    f->laid_out = 0;
    return s;
}

int fig_line(fig *f, const double *x, const double *y, int n, fig_style st)
{
    if (!y) return SIM_EINVAL;
    return add(f, FS_LINE, n, st, x, y, NULL, NULL) ? 0 : SIM_ENOMEM;
}

int fig_step(fig *f, const double *x, const double *y, int n, double x_end, fig_style st)
{
    if (!y) return SIM_EINVAL;
    fig_series *s = add(f, FS_STEP, n, st, x, y, NULL, NULL);
    if (s) s->w = x_end;
    return s ? 0 : SIM_ENOMEM;
}

int fig_band(fig *f, const double *x, const double *lo, const double *hi, int n, fig_style st)
{
    if (!lo || !hi) return SIM_EINVAL;
    return add(f, FS_BAND, n, st, x, NULL, lo, hi) ? 0 : SIM_ENOMEM;
}

int fig_step_band(fig *f, const double *x, const double *lo, const double *hi, int n,
                  double x_end, fig_style st)
{
    if (!lo || !hi) return SIM_EINVAL;
    fig_series *s = add(f, FS_STEPBAND, n, st, x, NULL, lo, hi);
    if (s) s->w = x_end;
    return s ? 0 : SIM_ENOMEM;
}

int fig_bars(fig *f, const double *left, const double *h, int n, double width, fig_style st)
{
    if (!h || !(width > 0)) return SIM_EINVAL;
    fig_series *s = add(f, FS_BARS, n, st, left, h, NULL, NULL);
    if (s) s->w = width;
    return s ? 0 : SIM_ENOMEM;
}

int fig_scatter(fig *f, const double *x, const double *y, int n, fig_style st)
{
    if (!y) return SIM_EINVAL;
    return add(f, FS_SCATTER, n, st, x, y, NULL, NULL) ? 0 : SIM_ENOMEM;
}

int fig_errbars(fig *f, const double *x, const double *y, const double *lo, const double *hi,
                int n, int horizontal, fig_style st)
{
    if (!y || !lo || !hi) return SIM_EINVAL;
    fig_series *s = add(f, FS_ERRBARS, n, st, x, y, lo, hi);
    if (s) s->horizontal = horizontal;
    return s ? 0 : SIM_ENOMEM;
}

int fig_hline(fig *f, double y, fig_style st)
{
    fig_series *s = add(f, FS_HLINE, 0, st, NULL, NULL, NULL, NULL);
    if (s) s->w = y;
    return s ? 0 : SIM_ENOMEM;
}

int fig_vline(fig *f, double x, fig_style st)
{
    fig_series *s = add(f, FS_VLINE, 0, st, NULL, NULL, NULL, NULL);
    if (s) s->w = x;
    return s ? 0 : SIM_ENOMEM;
}

int fig_histogram(fig *f, const double *values, int n, int bins, fig_style st)
{
    double lo = INFINITY, hi = -INFINITY;
    int whole = 1, k = 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(values[i])) continue;
        lo = fmin(lo, values[i]), hi = fmax(hi, values[i]);
        whole &= values[i] == floor(values[i]);
        k++;
    }
    if (k == 0) return SIM_EINVAL;
    if (bins < 1) bins = 30;
    double width = whole && hi - lo < HIST_UNIT_MAX ? 1 : (hi > lo ? (hi - lo) / bins : 1);
    double start = whole && width == 1 ? lo - 0.5 : lo;
    int nb = (int)floor((hi - start) / width) + 1;
    double *buf = sim_calloc(2 * (size_t)nb, sizeof *buf);
    if (!buf) return SIM_ENOMEM;
    double *left = buf, *h = buf + nb;
    for (int b = 0; b < nb; b++) left[b] = start + b * width;
    for (int i = 0; i < n; i++)
        if (isfinite(values[i])) {
            int b = (int)floor((values[i] - start) / width);
            h[b < 0 ? 0 : b >= nb ? nb - 1 : b] += 1;
        }
    int rc = fig_bars(f, left, h, nb, width, st);
    sim_free(buf);
    return rc;
}

int fig_formats_parse(const char *s, unsigned *formats)
{
    static const char *const names[3] = {"png", "svg", "pdf"};
    *formats = 0;
    if (strcmp(s, "none") == 0) return 0;
    for (const char *p = s;; ) {
        size_t len = strcspn(p, ",");
        int k = -1;
        for (int i = 0; i < 3; i++)
            if (len == 3 && strncmp(p, names[i], 3) == 0) k = i;
        if (k < 0) return -1;
        *formats |= 1u << k;
        if (!p[len]) return 0;
        p += len + 1;
    }
}

/* ---- ranges and ticks ------------------------------------------------------------------ */

static void widen(double *lo, double *hi, double v)
{
    if (isfinite(v)) *lo = fmin(*lo, v), *hi = fmax(*hi, v);
}

/* The extent of series s on each axis. */
static void extent(const fig_series *s, double *x0, double *x1, double *y0, double *y1)
{
    if (s->kind == FS_HLINE) widen(y0, y1, s->w);
    if (s->kind == FS_VLINE) widen(x0, x1, s->w);
    if (s->kind == FS_STEP || s->kind == FS_STEPBAND) widen(x0, x1, s->w);
    for (int i = 0; i < s->n; i++) {
        widen(x0, x1, s->x[i]);
        if (s->kind == FS_BARS) widen(x0, x1, s->x[i] + s->w), widen(y0, y1, 0);
        if (s->kind == FS_ERRBARS && s->horizontal) {
            widen(x0, x1, s->lo[i]), widen(x0, x1, s->hi[i]);
        } else {
            widen(y0, y1, s->lo[i]), widen(y0, y1, s->hi[i]);
        }
        widen(y0, y1, s->y[i]);
    }
}

/* A step of 1, 2 or 5 times a power of ten giving about `want` intervals over span. */
static double nice_step(double span, int want)
{
    double raw = span / want, p = pow(10, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static int ticks(double lo, double hi, double step, double *t)
{
    int n = 0;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step && n < FIG_TICKS_MAX;
         v += step)
        t[n++] = fabs(v) < 1e-12 * step ? 0 : v;
    return n;
}

static void x_range(fig *f, double x0, double x1, int pad_ends)
{
    if (f->fixed_x) x0 = f->fx0, x1 = f->fx1;
    if (!(x1 > x0)) x0 = isfinite(x0) ? x0 - 1 : 0, x1 = isfinite(x1) ? x1 + 1 : 1;
    if (pad_ends && !f->fixed_x) {
        double pad = 0.04 * (x1 - x0);
        x0 -= pad, x1 += pad;
    }
    f->x0 = x0, f->x1 = x1;
    f->xstep = nice_step(x1 - x0, 7);
    if (f->xwhole && f->xstep < 1) f->xstep = 1;
    f->nxt = ticks(x0, x1, f->xstep, f->xt);
}

static void y_range(fig *f, double y0, double y1)
{
    if (f->n_cats > 0) {   /* the first category at the top */
        f->y0 = f->n_cats - 0.5, f->y1 = -0.5, f->nyt = 0;
        for (int i = 0; i < f->n_cats && i < FIG_TICKS_MAX; i++) f->yt[f->nyt++] = i;
        return;
    }
    if (f->yzero) widen(&y0, &y1, 0);
    if (f->fixed_y) y0 = f->fy0, y1 = f->fy1;
    if (!(y1 > y0)) y0 = isfinite(y0) ? y0 - 1 : 0, y1 = isfinite(y1) ? y1 + 1 : 1;
    f->ystep = nice_step(y1 - y0, 6);
    if (!f->fixed_y) {
        y0 = floor(y0 / f->ystep + 1e-9) * f->ystep;
        y1 = ceil(y1 / f->ystep - 1e-9) * f->ystep;
    }
    f->y0 = y0, f->y1 = y1;
    f->nyt = ticks(y0, y1, f->ystep, f->yt);
}

static void ranges(fig *f)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    int points = 0;   /* dots need room at the ends: half of one would be cut */
    for (int i = 0; i < f->n; i++) {
        extent(&f->s[i], &x0, &x1, &y0, &y1);
        points |= f->s[i].kind == FS_SCATTER || f->s[i].kind == FS_ERRBARS;
    }
    x_range(f, x0, x1, points);
    y_range(f, y0, y1);
}

void fig_tick_label(double v, double step, char *buf, size_t n)
{
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (fabs(v) >= 1e6 || (v != 0 && fabs(v) < 1e-4)) snprintf(buf, n, "%.3g", v);
    else snprintf(buf, n, "%.*f", dec > 6 ? 6 : dec, v);
}

/* ---- layout ---------------------------------------------------------------------------- */

double fig_px(const fig *f, double x)
{
    return f->plot.x + (x - f->x0) / (f->x1 - f->x0) * f->plot.w;
}

double fig_py(const fig *f, double y)
{
    return f->plot.y + (f->y1 - y) / (f->y1 - f->y0) * f->plot.h;
}

/* The widest y tick label (or category). */
static double y_labels_width(const fig *f, cairo_t *cr)
{
    double w = 0;
    char buf[64];
    for (int i = 0; i < f->nyt; i++) {
        const char *t = buf;
        if (f->n_cats) t = f->cats[(int)f->yt[i]];
        else fig_tick_label(f->yt[i], f->ystep, buf, sizeof buf);
        w = fmax(w, fig_text_width(cr, t, FIG_PT_TICK));
    }
    return w;
}

/* The plot area for a right margin of `right` points. */
static void plot_area(fig *f, cairo_t *cr, double right)
{
    double top = PAD + (f->title[0] ? FIG_PT_TITLE * 1.4 + PAD / 2 : 0);
    double bottom = PAD + FIG_PT_TICK * 1.5 + (f->xlabel[0] ? FIG_PT_LABEL * 1.4 : 0) +
                    (f->caption[0] ? FIG_PT_CAPTION * 1.5 : 0) + PAD / 2;
    double left = PAD + (f->ylabel[0] ? FIG_PT_LABEL * 1.4 : 0) + y_labels_width(f, cr) + 6;
    f->plot = (fig_box){left, top, f->w - left - right, f->h - top - bottom};
    if (f->plot.w < 40) f->plot.w = 40;
    if (f->plot.h < 40) f->plot.h = 40;
}

static int in_box(fig_box b, double x, double y)
{
    return x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h;
}

/* Samples of the segment (x0, y0)-(x1, y1) every 2 points that fall in b. */
static double segment_ink(fig_box b, double x0, double y0, double x1, double y1)
{
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1)) return 0;
    int k = (int)ceil(hypot(x1 - x0, y1 - y0) / 2) + 1;
    double hits = 0;
    for (int i = 0; i <= k; i++) {
        double t = (double)i / k;
        hits += in_box(b, x0 + t * (x1 - x0), y0 + t * (y1 - y0));
    }
    return hits;
}

/* How much of the vertical span [ya, yb] at x is inside b (in points). */
static double span_ink(fig_box b, double x, double ya, double yb)
{
    if (!isfinite(x) || !isfinite(ya) || !isfinite(yb) || x < b.x || x > b.x + b.w) return 0;
    double lo = fmax(fmin(ya, yb), b.y), hi = fmin(fmax(ya, yb), b.y + b.h);
    return hi > lo ? (hi - lo) / 2 : 0;
}

static double series_ink(const fig *f, const fig_series *s, fig_box b)
{
    double ink = 0, px0 = f->plot.x, px1 = f->plot.x + f->plot.w;
    if (s->kind == FS_HLINE) return segment_ink(b, px0, fig_py(f, s->w), px1, fig_py(f, s->w));
    if (s->kind == FS_VLINE)
        return segment_ink(b, fig_px(f, s->w), f->plot.y, fig_px(f, s->w), f->plot.y + f->plot.h);
    for (int i = 0; i < s->n; i++) {
        double x = fig_px(f, s->x[i]), xn = i + 1 < s->n ? fig_px(f, s->x[i + 1]) : fig_px(f, s->w);
        switch (s->kind) {
        case FS_LINE:
            if (i + 1 < s->n) ink += segment_ink(b, x, fig_py(f, s->y[i]), xn, fig_py(f, s->y[i + 1]));
            break;
        case FS_STEP:
            ink += segment_ink(b, x, fig_py(f, s->y[i]), xn, fig_py(f, s->y[i]));
            if (i + 1 < s->n) ink += segment_ink(b, xn, fig_py(f, s->y[i]), xn, fig_py(f, s->y[i + 1]));
            break;
        case FS_BAND:
        case FS_STEPBAND: {
            double end = s->kind == FS_BAND && i + 1 >= s->n ? x : xn;
            for (double t = x; t <= end; t += 2)
                ink += span_ink(b, t, fig_py(f, s->lo[i]), fig_py(f, s->hi[i]));
            break;
        }
        case FS_BARS: {
            double r = fig_px(f, s->x[i] + s->w);
            for (double t = x; t <= r; t += 2) ink += span_ink(b, t, fig_py(f, 0), fig_py(f, s->y[i]));
            break;
        }
        case FS_SCATTER: ink += 4 * in_box(b, x, fig_py(f, s->y[i])); break;
        case FS_ERRBARS:
            if (s->horizontal)
                ink += segment_ink(b, fig_px(f, s->lo[i]), fig_py(f, s->y[i]), fig_px(f, s->hi[i]),
                                   fig_py(f, s->y[i]));
            else ink += segment_ink(b, x, fig_py(f, s->lo[i]), x, fig_py(f, s->hi[i]));
            ink += 4 * in_box(b, x, fig_py(f, s->y[i]));
            break;
        }
    }
    return ink;
}

double fig_ink_in(const fig *f, fig_box b)
{
    double ink = 0;
    fig_box grown = {b.x - 2, b.y - 2, b.w + 4, b.h + 4};   /* lines have a width */
    for (int i = 0; i < f->n; i++) ink += series_ink(f, &f->s[i], grown);
    return ink;
}

/* The legend's size from its entries. */
static void legend_size(fig *f, cairo_t *cr, double *w, double *h)
{
    double tw = 0;
    f->n_legend = 0;
    for (int i = 0; i < f->n; i++)
        if (f->s[i].st.label) {
            tw = fmax(tw, fig_text_width(cr, f->s[i].st.label, FIG_PT_LEGEND));
            f->n_legend++;
        }
    *w = 8 + LEGEND_SWATCH + 6 + tw + 8;
    *h = 5 + f->n_legend * LEGEND_ROW + 4;
}

/* Puts the legend in the place of the plot area it covers least; 0 when that is no data. */
static double place_inside(fig *f, double w, double h)
{
    const fig_box p = f->plot;
    const double in = 6, cx = p.x + (p.w - w) / 2, cy = p.y + (p.h - h) / 2;
    const double xs[3] = {p.x + p.w - w - in, p.x + in, cx};
    const double ys[3] = {p.y + in, p.y + p.h - h - in, cy};
    double best = INFINITY;
    for (int j = 0; j < 3; j++)          /* top, bottom, middle */
        for (int i = 0; i < 3; i++) {    /* right, left, centre */
            if (i == 2 && j == 2) continue;
            fig_box b = {xs[i], ys[j], w, h};
            double ink = fig_ink_in(f, b);
            if (ink < best) best = ink, f->legend = b;
        }
    return best;
}

void fig_layout(fig *f, cairo_t *cr)
{
    double lw = 0, lh = 0;
    ranges(f);
    legend_size(f, cr, &lw, &lh);
    plot_area(f, cr, PAD + 4);
    f->legend_outside = 0;
    if (f->n_legend && place_inside(f, lw, lh) > 0) {
        /* every place covers data: the legend goes to the right of the plot */
        plot_area(f, cr, PAD + lw + PAD);
        f->legend = (fig_box){f->plot.x + f->plot.w + PAD, f->plot.y, lw, lh};
        f->legend_outside = 1;
    }
    if (!f->n_legend) f->legend = (fig_box){0, 0, 0, 0};
    f->laid_out = 1;
}
