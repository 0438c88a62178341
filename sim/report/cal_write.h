/* cal_write.h - the files of `frontier calibrate`: posterior.csv (read back by --posterior,
 * analysis/posterior.h), calibrated.yaml (the posterior medians as a scenario that extends
 * the calibrated one) and calibration.json (populations, tolerances, acceptance, ESS, and
 * the summary statistics observed against the prior and posterior predictive). Fixed number
 * formats, so the same calibration gives the same bytes. */
#ifndef FRONTIER_CAL_WRITE_H
#define FRONTIER_CAL_WRITE_H
#include "analysis/abc.h"
#include "analysis/sumstats.h"
#include "scenario/scenario.h"
#include <stdio.h>

typedef struct cal_results {
    const abc *a;
    const char *const *keys;     /* d parameter keys, in --vary order */
    const abc_config *config;
    const scenario *s;
    const char *scenario_ref;    /* the scenario as calibrated.yaml's extends names it */
    const char *record_path, *attacks_path;
    long day0;                   /* the window: start (days since 1970-01-01), length */
    double window;
    const sumstats *observed;
    /* the first population's simulations (prior predictive) and the posterior predictive
     * runs: n x SUMSTATS_N each */
    const double *prior_pred;
    long n_prior_pred;
    const double *post_pred;
    long n_post_pred;
    int partial;                 /* interrupted: the last finished population is written */
} cal_results;

/* posterior.csv: weight,KEY1,KEY2,... one row per particle of the last population
 * (weights normalised to sum 1, %.17g). */
int cal_write_posterior(const cal_results *r, FILE *f);
/* calibrated.yaml: `extends: scenario_ref` and each key set to its posterior median, as
 * nested mappings (state: strike: threshold: ...). */
int cal_write_yaml(const cal_results *r, FILE *f);
/* calibration.json (docs/calibrate.md lists its fields). */
int cal_write_json(const cal_results *r, FILE *f);

/* The median, 5% and 95% quantiles and the fraction at or above x of statistic k over n
 * rows of v (n x SUMSTATS_N; NaN rows left out). */
typedef struct cal_summary { double q05, q50, q95, p_ge; long n; } cal_summary;
void cal_summarize(const double *v, long n, int k, double x, cal_summary *out);

#endif
