/* plot_score.h - the figures of `frontier score`: the calibration of count forecasts over
 * many origins.
 *
 * pit: the non-randomised PIT histogram (Czado, Gneiting and Held 2009) of each forecaster,
 * on a density scale where a calibrated forecaster is flat at 1 (U-shaped: too narrow;
 * peaked: too wide; sloped: biased). reliability: the share of origins inside each central
 * interval against its nominal level, with the diagonal a calibrated forecaster follows. */
#ifndef FRONTIER_PLOT_SCORE_H
#define FRONTIER_PLOT_SCORE_H
#include "plot/plot.h"

typedef struct plot_score_data {
    const char *const *names;     /* k forecasters, the model first */
    int k;
    const double *const *pit;     /* pit[f][b]: the PIT mass of forecaster f in bin b */
    int bins;                     /* equal bins of [0, 1] */
    const double *nominal;        /* levels of the central intervals (0, 1) */
    const double *const *cover;   /* cover[f][i]: share inside the interval of nominal[i] */
    int levels;
    long origins;                 /* for the titles */
    int horizon;                  /* days */
} plot_score_data;

/* Draws pit.* and reliability.* into t. Returns 0 or a SIM_E* code with err. */
int plot_score(const plot_score_data *s, const plot_target *t, char *err, size_t err_len);

#endif
