/* plot.h - the figures of ensembles, comparisons and sweeps, drawn with fig.h.
 *
 * Each plot_* call draws a command's figures and writes them, in the formats the target
 * asks for, into an output set (io/outset.h) or a folder, every one with the caption line
 * the target gives (plot_caption: n, seed, scenario). Files are NAME.png, NAME.svg and
 * NAME.pdf; the names are listed with each function. */
#ifndef FRONTIER_PLOT_H
#define FRONTIER_PLOT_H
#include "analysis/ens_grid.h"
#include "analysis/ensemble.h"
#include "io/outset.h"
#include "plot/fig.h"
#include "scenario/scenario.h"
#include <stddef.h>

/* Where figures go and how they are labelled. */
typedef struct plot_target {
    const outset *set;     /* into this output set, or */
    const char *dir;       /* into this folder when set is NULL */
    unsigned formats;      /* FIG_PNG | FIG_SVG | FIG_PDF; 0 writes nothing */
    const char *caption;   /* the caption line of every figure */
} plot_target;

/* "n = 1000 replications, seed 7, scenario kabul-ultimatum-2023.yaml";
 * unit names what n counts, path is the scenario's path as given (its file name is shown). */
void plot_caption(char *buf, size_t n, long count, const char *unit, unsigned long long seed,
                  const char *path);

/* The path without extension of figure NAME in t. Returns 0, or SIM_EINVAL with err. */
int plot_stem(const plot_target *t, const char *name, char *stem, size_t n, char *err,
              size_t err_len);

/* Writes f as NAME.* into t and destroys f (also on error). Returns 0 or a SIM_E* code with
 * a sentence in err. */
int plot_save(fig *f, const plot_target *t, const char *name, char *err, size_t err_len);

/* The x label of a daily axis: "day (0 = 2023-01-01)". */
void plot_day_label(const scenario *s, char *buf, size_t n);

/* An ensemble of scenario s (variant 0 of b): fan_threat and fan_attacks (the daily 5-95%
 * and 25-75% bands and median, with the mean effective strike threshold), first_strike_survival
 * (Kaplan-Meier with its 95% band), hist_strikes and hist_casualties. Returns 0 or a SIM_E*
 * code with err. */
int plot_ensemble(const ens_batch *b, const scenario *s, const plot_target *t, char *err,
                  size_t err_len);

/* A paired comparison (variant 0 = A, 1 = B): compare_survival (both Kaplan-Meier curves
 * with bands) and compare_effects (each total's mean change B - A as a share of A's mean,
 * with its 95% interval from the paired differences). */
int plot_compare(const ens_batch *b, const scenario *a, const scenario *bs,
                 const plot_target *t, char *err, size_t err_len);

/* A sweep over design d (variant g = point g): for each axis, sweep_p_strike_K (the chance
 * of a first strike within 90 days, Wilson 95% interval) and sweep_strikes_K (mean strikes,
 * t interval) against the axis's values, K = 1, 2, ... in --vary order. */
int plot_sweep(const ens_batch *b, const ens_design *d, const plot_target *t, char *err,
               size_t err_len);

/* Sobol indices of several outputs over d factors: arrays of n_out x d values, row-major
 * (output o, factor i at o d + i); NaN values are not drawn. */
typedef struct plot_sobol_data {
    const char *const *outputs;   /* n_out names, one panel each */
    int n_out;
    const char *const *factors;   /* d names, numbered 1..d under the panels */
    int d;
    const double *first, *first_lo, *first_hi, *total, *total_lo, *total_hi;
} plot_sobol_data;

/* sensitivity: one panel per output in a grid, for each factor a light bar (total index)
 * with a dark bar beside it (first-order index), each with its 95% interval, and a key to
 * the factors' numbers; title names the design. */
int plot_sobol(const plot_sobol_data *s, const char *title, const plot_target *t, char *err,
               size_t err_len);

/* A backtest (analysis/backtest.h): backtest, one panel per kind over the window's months
 * 0..n_months-1 (month 0 is first_month, "YYYY-MM"): the model's monthly probability
 * prob[kind n_months + i] as bars, and the months where the record has one
 * (observed[kind n_months + i] > 0) as dots at the top. */
typedef struct plot_backtest_data {
    const char *const *kinds;     /* n_kinds panel titles */
    int n_kinds;
    int n_months;
    const double *prob, *observed;
    const char *first_month;
} plot_backtest_data;

int plot_backtest(const plot_backtest_data *d, const char *title, const plot_target *t,
                  char *err, size_t err_len);

#endif
