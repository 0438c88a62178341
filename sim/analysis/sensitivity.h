/* sensitivity.h - Sobol indices of a scenario's run totals over ranges of its parameters
 * (`frontier sensitivity`): the design of sobol.h run as an ensemble batch.
 *
 * Factors: the parameters named by --vary KEY=LO:HI, each uniform on [LO, HI] (whole-number
 * parameters uniform on LO..HI), then, with a dummy, a factor that no run reads, then the
 * noise: the model's own randomness, as one more factor. Each design row j has two noise
 * values, the replication streams 2j (A's) and 2j + 1 (B's); a run takes them from A or B
 * like any other column (sobol_design_from_b). So A and every AB_i of a row share their
 * random streams (common random numbers: f(A) - f(AB_i) shows the change of parameter i
 * alone, not different luck), while B and AB_i do not, so the first-order estimates are not
 * inflated by shared luck. The noise factor's indices say how much of an output's variance
 * is the model's randomness (total) and interactions of parameters with it.
 *
 * With reps R > 1 every design point is run on R replications (noise value v uses streams
 * v R .. v R + R - 1) and the output is their mean: the indices are then of the mean of R
 * runs, and the noise's share shrinks about as 1/R.
 *
 * The batch: n R replications of d + 2 variants (d factors), replication-major, so a run cut
 * short holds complete design rows (rows done = replications done / R). */
#ifndef FRONTIER_SENSITIVITY_H
#define FRONTIER_SENSITIVITY_H
#include "analysis/ensemble.h"
#include "analysis/sobol.h"
#include <stddef.h>
#include <stdint.h>

/* At most this many --vary parameters (with the dummy and the noise, within SOBOL_D_MAX). */
#define SENS_PARAMS_MAX 16

/* One parameter and its range. */
typedef struct sens_factor {
    char key[128];
    double lo, hi;
    const scn_param_info *info;
} sens_factor;

/* Parses "KEY=LO:HI" (LO < HI, both inside the parameter's range; whole numbers for a
 * whole-number parameter). Returns 0, or SIM_EPARSE / SIM_EINVAL (unknown key, msg names the
 * nearest) / SIM_ERANGE with a message in msg. */
int sens_factor_parse(const char *spec, sens_factor *f, char *msg, size_t len);
/* The value at u in [0, 1): LO + u (HI - LO), or LO + floor(u (HI - LO + 1)) when whole. */
double sens_factor_value(const sens_factor *f, double u);

/* The outputs: totals of a run. first_strike_day of a run without a strike is the horizon
 * (the day it is censored at, as in the Kaplan-Meier curve). */
enum { SENS_OUT_STRIKES, SENS_OUT_FIRST_STRIKE, SENS_OUT_ATTACKS, SENS_OUT_CASUALTIES,
       SENS_OUT_CLASHES, SENS_OUT_CLOSURES, SENS_OUT_LADDER3, SENS_NOUTPUTS };
/* The total's name as in replications.csv: "strikes", "first_strike_day", ... */
const char *sens_output_name(int output);
double sens_output_value(const model_totals *t, int output, double horizon);

typedef struct sens_study sens_study;

/* A study of scenario s (borrowed: it must outlive the study) over factors f[0..nf-1]
 * (1 <= nf <= SENS_PARAMS_MAX), with a dummy factor when dummy, n design rows (>= 2),
 * reps replications per point (>= 1), points of kind (SOBOL_RANDOM, SOBOL_QMC) drawn with
 * seed; runs seeded with seed too. Returns NULL (*err: SIM_EINVAL, SIM_ENOMEM). */
sens_study *sens_create(const scenario *s, const sens_factor *f, int nf, int dummy, long n,
                        long reps, int kind, uint64_t seed, int *err);
void sens_destroy(sens_study *st); /* accepts NULL */

/* Factors of the design: the parameters, "dummy" (when asked for), "noise". */
int sens_factor_count(const sens_study *st);
const char *sens_factor_name(const sens_study *st, int i);
/* The parameter and range of factor i, or NULL for the dummy and the noise. */
const sens_factor *sens_factor_at(const sens_study *st, int i);
long sens_rows(const sens_study *st);
long sens_reps(const sens_study *st);
/* The batch to run (ens_batch_run): its per-item parameters are set. */
ens_batch *sens_batch(sens_study *st);
const ens_batch *sens_batch_const(const sens_study *st);

/* Checks that every design point is a valid scenario (rules between parameters). Returns
 * 0, or row + 1 of the first point that is not, with its problems in errs and the point's
 * values in msg ("key=value, ..."). */
long sens_validate(const sens_study *st, scn_errors *errs, char *msg, size_t len);

/* Complete design rows after the run (every replication of every block finished). */
long sens_rows_done(const sens_study *st);
/* The mean of output over the reps runs of design item e (row e / (d + 2), block e % (d + 2)). */
double sens_value(const sens_study *st, long e, int output);
/* Indices of every factor for output, from the complete rows: out[0..d-1] (sobol_estimate;
 * bootstrap n_boot resamples at level, drawn from the study's seed). Returns 0,
 * SIM_EINVAL (fewer than 2 complete rows) or SIM_ENOMEM. */
int sens_estimate(const sens_study *st, int output, int n_boot, double level, sobol_index *out);
/* The variance of output over the f(A) and f(B) values of the complete rows. */
double sens_output_variance(const sens_study *st, int output);

#endif
