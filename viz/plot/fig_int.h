/* fig_int.h - the figure's insides, shared by fig.c (model, ranges, layout) and fig_draw.c
 * (cairo drawing and files). Private to viz/plot. */
#ifndef FRONTIER_FIG_INT_H
#define FRONTIER_FIG_INT_H
#include "plot/fig.h"
#include <cairo.h>

enum { FS_LINE, FS_STEP, FS_BAND, FS_STEPBAND, FS_BARS, FS_SCATTER, FS_ERRBARS, FS_HLINE,
       FS_VLINE };

#define FIG_TICKS_MAX 16
#define FIG_TEXT_MAX 512

typedef struct fig_series {
    int kind;                  /* FS_* */
    fig_style st;
    char label[128];
    int n;
    double *x, *y, *lo, *hi;   /* one allocation; unused ones NULL */
    double w;                  /* bar width; x_end of steps; the position of h/vlines */
    int horizontal;            /* error bars */
} fig_series;

/* Sizes of text, in points. */
#define FIG_PT_TITLE 14.0
#define FIG_PT_LABEL 11.0
#define FIG_PT_TICK 10.0
#define FIG_PT_LEGEND 10.0
#define FIG_PT_CAPTION 8.5

struct fig {
    double w, h;
    char title[FIG_TEXT_MAX], xlabel[FIG_TEXT_MAX], ylabel[FIG_TEXT_MAX], caption[FIG_TEXT_MAX];
    int fixed_x, fixed_y, yzero, xwhole;
    double fx0, fx1, fy0, fy1;  /* fixed ranges */
    char **cats;                /* categorical y axis */
    int n_cats;
    fig_series *s;
    int n, cap;
    /* the layout (fig_layout) */
    int laid_out;
    double x0, x1, y0, y1;      /* data range; y0 maps to the bottom */
    fig_box plot, legend;
    int legend_outside, n_legend;
    double xt[FIG_TICKS_MAX], yt[FIG_TICKS_MAX];
    int nxt, nyt;
    double xstep, ystep;
};

/* Sets the font for text of size pt on cr (fig_draw.c owns the face). */
void fig_font(cairo_t *cr, double pt);
/* Width of text at size pt. */
double fig_text_width(cairo_t *cr, const char *text, double pt);
/* Formats a tick value with the precision its step needs. */
void fig_tick_label(double v, double step, char *buf, size_t n);

/* Computes ranges, ticks, the plot area and the legend's place, measuring text on cr. */
void fig_layout(fig *f, cairo_t *cr);
/* Data to points. */
double fig_px(const fig *f, double x);
double fig_py(const fig *f, double y);

#endif
