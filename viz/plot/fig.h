/* fig.h - static figures drawn with cairo and written as PNG, SVG and PDF.
 *
 * One small API for every figure the commands write (ensemble, compare, sweep, fit, score,
 * calibrate, backtest, sensitivity, the debrief's charts). A figure is built first and laid
 * out and drawn when it is written, so the axes fit every series and the legend can go
 * where it covers no data:
 *
 *     fig *f = fig_create(FIG_WIDTH, FIG_HEIGHT);
 *     fig_title(f, "Threat score across replications");
 *     fig_labels(f, "day (0 = 2023-01-01)", "threat score S");
 *     fig_caption(f, "n = 1000 replications, seed 7, scenario kabul-ultimatum-2023.yaml");
 *     fig_band(f, x, q05, q95, n, (fig_style){fig_alpha(fig_color_at(0), 0.25), 0, 0, "5-95%"});
 *     fig_line(f, x, q50, n, (fig_style){fig_color_at(0), 2, 0, "median"});
 *     fig_hline(f, 0.7, (fig_style){fig_color_at(3), 1.5, 1, "threshold"});
 *     int rc = fig_write(f, "out/x/fan_threat", FIG_PNG | FIG_SVG, err, sizeof err);
 *     fig_destroy(f);
 *
 * Units are points (1/72 inch); a PNG has FIG_PNG_SCALE pixels per point. Data arrays are
 * copied when a series is added. x may be NULL for x[i] = i. Non-finite values break lines
 * and bands (a gap) and are skipped by the other kinds. Ranges: x spans the data exactly
 * (padded by 4% at each end when there are dots or error bars, so none is cut in half); y
 * is rounded out to tick values; fig_xrange / fig_yrange fix either. The legend (every
 * series with a label, in the order added) goes in the corner or edge of the plot area
 * where it covers the least data; when every place would cover some, it goes outside, to
 * the right of the plot. The caption line (small, grey) runs along the bottom: commands put
 * n, the seed and the scenario there.
 *
 * Text is DejaVu Sans from fig_font_path(), loaded through FreeType: the same glyphs in every
 * format on every machine. Output is deterministic: the same figure gives the same bytes
 * (the PDF carries no creation date). Files are written atomically (io/afile). */
#ifndef FRONTIER_FIG_H
#define FRONTIER_FIG_H
#include <stddef.h>

#define FIG_WIDTH 720.0        /* the default figure: 10 x 5.8 inches */
#define FIG_HEIGHT 420.0
#define FIG_PNG_SCALE 2.0      /* PNG pixels per point: 720 x 420 pt is 1440 x 840 px */

/* Output formats, or-ed together. */
enum { FIG_PNG = 1, FIG_SVG = 2, FIG_PDF = 4 };

typedef struct fig fig;

typedef struct fig_color {
    double r, g, b, a;         /* 0..1 */
} fig_color;

/* How a series is drawn and named. */
typedef struct fig_style {
    fig_color color;
    double width;              /* line width in points, or marker radius; 0: the default */
    int dashed;
    const char *label;         /* legend text; NULL: not in the legend */
} fig_style;

/* The colour-blind-safe palette of Okabe and Ito (2008), cycling: 0 blue, 1 orange,
 * 2 bluish green, 3 vermillion, 4 reddish purple, 5 sky blue, 6 yellow, 7 black. */
fig_color fig_color_at(int i);
fig_color fig_alpha(fig_color c, double a);
#define FIG_GREY ((fig_color){0.45, 0.45, 0.45, 1})

/* A figure of width x height points, or NULL when out of memory. */
fig *fig_create(double width, double height);
void fig_destroy(fig *f);   /* accepts NULL */

/* Texts (copied; NULL clears). */
void fig_title(fig *f, const char *title);
void fig_labels(fig *f, const char *xlabel, const char *ylabel);
void fig_caption(fig *f, const char *caption);

/* Fixed ranges (instead of the automatic ones); fig_yzero makes the automatic y range reach
 * 0; fig_xwhole puts x ticks on whole numbers only. */
void fig_xrange(fig *f, double x0, double x1);
void fig_yrange(fig *f, double y0, double y1);
void fig_yzero(fig *f);
void fig_xwhole(fig *f);
/* A categorical y axis: labels[i] is drawn at y = i, the first at the top. Returns 0 or
 * SIM_ENOMEM. */
int fig_ycategories(fig *f, const char *const *labels, int n);

/* Series. Each returns 0, SIM_ENOMEM or SIM_EINVAL (n < 0, NULL data). */
int fig_line(fig *f, const double *x, const double *y, int n, fig_style st);
/* y[i] holds from x[i] to x[i + 1]; the last value to x_end (a survival curve). */
int fig_step(fig *f, const double *x, const double *y, int n, double x_end, fig_style st);
/* A filled band between lo and hi (give the colour an alpha of about 0.2 to 0.45). */
int fig_band(fig *f, const double *x, const double *lo, const double *hi, int n, fig_style st);
/* The band of a step curve: [lo[i], hi[i]] from x[i] to x[i + 1], the last to x_end. */
int fig_step_band(fig *f, const double *x, const double *lo, const double *hi, int n,
                  double x_end, fig_style st);
/* Bars from 0 up to h[i] over [left[i], left[i] + width] (left NULL: [i, i + width]). */
int fig_bars(fig *f, const double *left, const double *h, int n, double width, fig_style st);
/* Dots of radius st.width (default 3). */
int fig_scatter(fig *f, const double *x, const double *y, int n, fig_style st);
/* Points with whiskers from lo[i] to hi[i]: vertical (horizontal == 0: lo/hi in y) or
 * horizontal (lo/hi in x). */
int fig_errbars(fig *f, const double *x, const double *y, const double *lo, const double *hi,
                int n, int horizontal, fig_style st);
/* A histogram of the finite values: about bins equal bins over their range, or unit bins
 * centred on the whole numbers when every value is whole and they span at most 60 values.
 * Returns 0, SIM_ENOMEM, or SIM_EINVAL when there is no finite value. */
int fig_histogram(fig *f, const double *values, int n, int bins, fig_style st);
/* Reference lines across the whole plot. */
int fig_hline(fig *f, double y, fig_style st);
int fig_vline(fig *f, double x, fig_style st);

/* Writes stem.png, stem.svg and stem.pdf as formats asks. Returns 0, or SIM_EIO /
 * SIM_ENOMEM with a sentence in err (which file, why: no font, cannot write...). */
int fig_write(fig *f, const char *stem, unsigned formats, char *err, size_t err_len);

/* A sheet of several figures (panels) in a grid: width x height points, a title along the
 * top, the caption line along the bottom, and the lines of key (e.g. what numbered factors
 * stand for) in the first free cell of the grid, or in a strip below it when none is free. */
typedef struct fig_sheet {
    double width, height;
    const char *title, *caption;
    const char *const *key;
    int n_key;
} fig_sheet;

/* Writes the n panels in cols columns as stem.* (as fig_write does): each panel is laid out
 * and drawn in its cell of equal size (its own size is replaced by the cell's, its legend
 * placed as in a single figure). The panels stay the caller's. Returns 0, SIM_EINVAL (no
 * panel), or SIM_EIO / SIM_ENOMEM with a sentence in err. */
int fig_grid_write(fig *const *panels, int n, int cols, const fig_sheet *sh, const char *stem,
                   unsigned formats, char *err, size_t err_len);

/* The font file figures use: $FRONTIER_FONT when readable, else DejaVuSans.ttf in the usual
 * system folders (fonts-dejavu-core); NULL when none is found. */
const char *fig_font_path(void);

/* Parses a --plots list ("png", "png,svg,pdf", "none") into formats. Returns 0 or -1. */
int fig_formats_parse(const char *s, unsigned *formats);

/* The layout fig_write draws, for tests: the plot area and the legend box in points
 * (y down from the top), and whether the legend went outside the plot area. Returns 0, or
 * SIM_EIO without a font. */
typedef struct fig_box {
    double x, y, w, h;
} fig_box;
int fig_layout_get(fig *f, fig_box *plot, fig_box *legend, int *outside);
/* How much of the data the box would cover: drawn samples of every series inside it
 * (0: none), after a layout. */
double fig_ink_in(const fig *f, fig_box box);

#endif
