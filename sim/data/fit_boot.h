/* fit_boot.h - a calibrated goodness-of-fit test: the parametric bootstrap of the KS
 * time-rescaling statistic.
 *
 * The Kolmogorov distribution gives the KS statistic's null distribution for a model fixed
 * in advance; with parameters estimated from the same data the statistic is smaller and the
 * asymptotic p-value conservative (a true model is almost never rejected). The bootstrap
 * instead simulates B data sets from the fitted model on the same window, puts each through
 * the same procedure as the data (fit, then the KS statistic), and reports
 * p = (1 + #{D_b >= D}) / (B + 1), which has the nominal size up to the error of the
 * estimate used to simulate.
 *
 * For dates the procedure is a date-only fit (fit_dates.h) with settings lighter than a
 * full fit (6 EM iterations, 20 imputations, no particle filter; the statistic is the mean
 * KS statistic over 10 imputed sets at its estimate): the same on the data and on every
 * replicate, so the test stays exact while costing a fraction of a full fit per sample.
 * Samples are independent (sample b uses the streams of (seed, b)), so a caller can run
 * them in any order or in parallel and get the same p-value. */
#ifndef FRONTIER_FIT_BOOT_H
#define FRONTIER_FIT_BOOT_H
#include "data/fit_dates.h"

/* The test statistic of dates d under spec (seed: the fit's random streams). Returns 0 or
 * a SIM_E* code from fit_dates. */
int fit_boot_statistic_dates(const fit_days *d, const fit_spec *spec, uint64_t seed,
                             double *D);

/* Replicate b: dates simulated from fit->est on the window of d (same days and calendar),
 * then their statistic under spec (the spec given to the data's fit, so that a spline's
 * penalty is chosen afresh as it was for the data). A replicate with fewer than 3 events gives D = NaN (it
 * counts as not exceeding). Returns 0, SIM_ERANGE (the fit is explosive: kappa >= 1, no
 * data can be simulated), SIM_ENOMEM or a fit's error. */
int fit_boot_sample_dates(const fit_days *d, const fit_spec *spec, const fit_result *fit,
                          uint64_t seed, long b, double *D);

/* The same for exact times: the statistic is the KS statistic of fit_hawkes's estimate. */
int fit_boot_statistic_times(const fit_data *d, const fit_spec *spec, double *D);
int fit_boot_sample_times(const fit_data *d, const fit_spec *spec, const fit_result *fit,
                          uint64_t seed, long b, double *D);

/* (1 + #{Db[i] >= D}) / (B + 1) over the B replicates (NaN entries never exceed). */
double fit_boot_pvalue(double D, const double *Db, int B);

#endif
