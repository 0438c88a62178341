/* plot_fit.h - the figures of `frontier fit`: how well each fitted process accounts for the
 * incidents, by the time-rescaling theorem (Brown et al. 2002, Neural Computation 14:325).
 *
 * STEM-counts: the cumulative count of incidents against each model's compensator
 * Lambda(t), the number it expects by t; a good model tracks the count. STEM-ks: the
 * rescaled gaps z = 1 - exp(-(Lambda(t_i) - Lambda(t_i-1))), sorted, against the quantiles of
 * U(0, 1), with the 95% Kolmogorov-Smirnov band (1.36 / sqrt(n)); a good model stays
 * inside it. With dates only, the times within each day are one draw of the imputation: the
 * figure shows one plausible set, the table's KS statistic is the mean over many. */
#ifndef FRONTIER_PLOT_FIT_H
#define FRONTIER_PLOT_FIT_H
#include "data/fit.h"
#include "data/fit_dates.h"
#include "plot/plot.h"

typedef struct plot_fit_model {
    const char *name;      /* "Poisson", "Hawkes, constant background", ... */
    fit_params p;
    /* d->n sorted times within the events' days, imputed at this model's estimate
     * (fit_dates_impute): incident data give dates only, and the compensator needs times */
    const double *t;
} plot_fit_model;

/* Draws both figures of the models on the dates d as STEM-counts.* and STEM-ks.* into t.
 * The count is exact (by day); each model's compensator and rescaled gaps are those of its
 * own imputed times. Returns 0 or a SIM_E* code with err. */
int plot_fit(const fit_days *d, const plot_fit_model *models, int n_models,
             const plot_target *t, const char *stem, char *err, size_t err_len);

#endif
