/* chart.h - small charts drawn on an SDL_Renderer: axes with ticks and labels, lines, fan
 * bands, step curves, bars, a horizontal reference line, a title and a legend.
 *
 * Used by the ensemble plots (rendered headless to a surface) and by the view's HUD. A chart
 * is a caller-owned value: chart_init it for a rectangle of the renderer, set the data range,
 * draw the axes, then the data. Data are plain double arrays; x may be NULL, meaning
 * x[i] = i. Non-finite values break a line (gap) and are skipped by bands and bars. Drawing
 * keeps the renderer's clip rectangle, draw colour and blend mode as it found them. The font
 * may be NULL: the chart is then drawn without any text (tight margins), which suits tiny
 * HUD sparklines. Nothing here allocates except transient text textures. */
#ifndef FRONTIER_CHART_H
#define FRONTIER_CHART_H
#include <SDL.h>
#include <SDL_ttf.h>

#define CHART_LEGEND_MAX 8

typedef struct chart {
    SDL_Renderer *r;
    TTF_Font *font;           /* borrowed; may be NULL */
    SDL_Rect area;            /* the whole rectangle given to chart_init */
    SDL_Rect plot;            /* the data area inside the margins */
    double x0, x1, y0, y1;    /* data range mapped onto plot */
    SDL_Color fg;             /* axes, ticks, text */
    SDL_Color bg;             /* background filled by chart_axes (alpha 0: not filled) */
    SDL_Color grid;           /* grid lines (alpha 0: none) */
    int n_legend;             /* legend entries drawn so far */
    int x_whole;              /* nonzero: x ticks only at whole numbers (counts, bins) */
} chart;

/* Prepares c for drawing into area of r. Margins leave room for the title, tick labels and
 * axis labels when font is not NULL. Colours default to dark text on white; change c->fg,
 * c->bg and c->grid after this call for a dark HUD. The range defaults to [0,1] x [0,1]. */
void chart_init(chart *c, SDL_Renderer *r, SDL_Rect area, TTF_Font *font);

/* Sets the data range. An empty range (x0 == x1) is widened by one unit either side. */
void chart_set_range(chart *c, double x0, double x1, double y0, double y1);

/* Sets the y range to cover every finite value of the n-element arrays ys[0..k-1]
 * (NULL arrays are skipped), rounded outward to nice tick values; include_zero makes the
 * range reach 0. Leaves x alone. */
void chart_fit_y(chart *c, const double *const *ys, int k, int n, int include_zero);

/* Fills the background, draws grid, axes, ticks with labels, the title (top), the x label
 * (bottom) and the y label (left, rotated). Any string may be NULL. Returns 0, or SIM_EIO
 * when text could not be rendered (the chart is still drawn without that text). */
int chart_axes(chart *c, const char *title, const char *xlabel, const char *ylabel);

/* A polyline through (x[i], y[i]), width pixels wide (1..8). */
void chart_line(chart *c, const double *x, const double *y, int n, SDL_Color col, int width);
/* A step curve: y[i] holds from x[i] to x[i+1] (the last value is drawn to the plot's
 * right edge); used for survival curves. */
void chart_step(chart *c, const double *x, const double *y, int n, SDL_Color col, int width);
/* A filled band between lo[i] and hi[i] (use a translucent colour to layer fans). */
void chart_band(chart *c, const double *x, const double *lo, const double *hi, int n,
                SDL_Color col);
/* Bars from 0 (or the bottom of the range) up to h[i]; bar i spans [left[i], left[i] + w]
 * in data units. With left NULL, bar i spans [i, i + w]. */
void chart_bars(chart *c, const double *left, const double *h, int n, double w,
                SDL_Color col);
/* A dashed horizontal line at y across the plot with an optional label at its right end. */
void chart_hline(chart *c, double y, SDL_Color col, const char *label);
/* A vertical line at x (e.g. today's marker in the HUD). */
void chart_vline(chart *c, double x, SDL_Color col);
/* Adds a legend entry (a colour swatch and text) in the plot's top-right corner; entries
 * stack downward. Ignored without a font or beyond CHART_LEGEND_MAX entries. */
void chart_legend(chart *c, const char *label, SDL_Color col);

/* Pixel coordinates of a data point (not clamped). */
float chart_px(const chart *c, double x);
float chart_py(const chart *c, double y);

#endif
