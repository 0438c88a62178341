/* sens_write.h - the files of `frontier sensitivity`: sensitivity.csv (the indices) and
 * sensitivity.json (the design and how much of it ran). Fixed number formats, so the same
 * study gives the same bytes. */
#ifndef FRONTIER_SENS_WRITE_H
#define FRONTIER_SENS_WRITE_H
#include "analysis/sensitivity.h"
#include <stdio.h>

/* What the command estimated: idx[o d + i] for output o and factor i (d factors). */
typedef struct sens_results {
    const sens_study *st;
    const sobol_index *idx;
    int n_boot;
    double level;
    int kind;                    /* SOBOL_RANDOM or SOBOL_QMC */
} sens_results;

/* sensitivity.csv: output,param,first,first_lo,first_hi,total,total_lo,total_hi, one row
 * per output and factor (outputs in sens_output_name order, factors in design order);
 * empty fields where an index is undefined (the output did not vary) or has no interval. */
int sens_write_csv(const sens_results *r, FILE *f);
/* sensitivity.json: scenario, scenario_hash, seed, points ("random"/"sobol"), rows and
 * rows_done, reps, runs, partial, bootstrap, level, factors (name, lo, hi), and per output
 * its variance over f(A) and f(B). */
int sens_write_json(const sens_results *r, const scenario *s, FILE *f);

#endif
