/* plot.h - PNG plots of ensemble results, drawn with chart.h on a software renderer into an
 * SDL_Surface (no display needed) and saved with SDL2_image, atomically.
 *
 * A plot context holds the surface, renderer and font; each plot_* call draws one figure
 * and writes it. Text uses DejaVu Sans: $FRONTIER_FONT when set, else the usual system
 * locations (fonts-dejavu-core). */
#ifndef FRONTIER_PLOT_H
#define FRONTIER_PLOT_H

typedef struct plot plot;

/* Returns a w x h plot context, or NULL (*err gets SIM_ENOMEM, or SIM_EIO when SDL, SDL_ttf
 * or the font failed; plot_last_error tells why). */
plot *plot_create(int w, int h, int *err);
void plot_destroy(plot *p); /* accepts NULL */

/* The font file plot_create would use, or NULL when none is found. */
const char *plot_font_path(void);

/* A fan chart: bands between the 5-95% and 25-75% quantiles, the median line, and an
 * optional reference curve ref (e.g. the mean effective strike threshold; NULL for none).
 * q[0..4] are the 5/25/50/75/95% quantile arrays over days x[0..n-1]. Returns 0 or
 * SIM_EIO. */
int plot_fan(plot *p, const char *path, const char *title, const char *xlabel,
             const char *ylabel, const double *x, const double *const q[5], int n,
             const double *ref, const char *ref_label);

/* A survival (step) curve with its pointwise band: s, lo, hi at times t[0..n-1], drawn from
 * t = 0 (s = 1) to horizon. */
int plot_survival(plot *p, const char *path, const char *title, const char *xlabel,
                  const double *t, const double *s, const double *lo, const double *hi, int n,
                  double horizon);

/* A histogram of values[0..n-1] (non-finite values skipped) with about bins bins; integer
 * data (all values whole) get unit-aligned bins. The mean is marked. */
int plot_histogram(plot *p, const char *path, const char *title, const char *xlabel,
                   const double *values, int n, int bins);

/* Sobol indices of several outputs over d factors: arrays of n_out x d values, row-major
 * (output o, factor i at o d + i); NaN values are not drawn. */
typedef struct plot_sobol_data {
    const char *const *outputs;   /* n_out names, one panel each */
    int n_out;
    const char *const *factors;   /* d names, numbered 1..d under the panels */
    int d;
    const double *first, *first_lo, *first_hi, *total, *total_lo, *total_hi;
} plot_sobol_data;

/* One panel per output in a grid: for each factor a light bar (total index) with a dark
 * bar inside it (first-order index), each with its interval as a whisker. */
int plot_sobol(plot *p, const char *path, const char *title, const plot_sobol_data *s);

/* Message of the last SDL/SDL_ttf/SDL_image failure seen by p (or by plot_create). */
const char *plot_last_error(void);

#endif
