/* posterior.h - a weighted sample of parameter sets (the particles of a calibration) and the
 * draw of one set per replication.
 *
 * The file is `frontier calibrate`'s posterior.csv: a header naming a `weight` column and
 * one column per parameter key of the parameter table (`frontier check` lists them), then
 * one row per particle. Weights are finite and >= 0 with a positive sum (they need not sum
 * to 1); values are finite and inside their parameter's range, whole numbers for whole
 * parameters. A column that is neither `weight` nor a parameter key is an error (naming the
 * nearest key), so a misspelt key is never ignored.
 *
 * The draw: replication r of a run seeded S takes the particle drawn by weight (Walker's
 * alias method, gsl_ran_discrete) from the random stream (S, r, "posterior"). So the draw
 * of replication r depends on nothing else: the same for every --jobs and MPI split, for
 * both sides of a paired comparison and every point of a sweep (common random numbers
 * extend to the parameters), and untouched by the model's own streams. */
#ifndef FRONTIER_POSTERIOR_H
#define FRONTIER_POSTERIOR_H
#include "scenario/scenario.h"
#include <stddef.h>
#include <stdint.h>

/* At most this many parameter columns and particles. */
#define POSTERIOR_KEYS_MAX 64
#define POSTERIOR_PARTICLES_MAX 10000000L

typedef struct posterior posterior;

/* An empty posterior over the parameters keys[0..n_keys-1] (known keys, no repeats).
 * Returns NULL on no memory or bad keys (*err gets SIM_ENOMEM or SIM_EINVAL). */
posterior *posterior_create(const char *const *keys, int n_keys, int *err);
void posterior_destroy(posterior *p); /* accepts NULL */

/* Adds a particle: weight and values[0..n_keys-1] in key order. Returns 0, SIM_ERANGE
 * (a weight that is negative or not finite, a value outside its parameter's range or not
 * whole for a whole parameter; msg says which) or SIM_ENOMEM. */
int posterior_add(posterior *p, double weight, const double *values, char *msg, size_t len);

/* Reads a posterior.csv. Returns the posterior, or NULL with msg (len bytes) set to
 * "file:line:column: column: expected ..., found ..." (or "file: ..." for the file as a
 * whole) and *err to SIM_EIO (cannot read), SIM_EPARSE (malformed, no particles, no
 * positive weight) or SIM_ENOMEM. */
posterior *posterior_load(const char *path, char *msg, size_t len, int *err);

/* Prepares the draws (after the last posterior_add). Returns 0, SIM_EINVAL (no particle
 * or a zero total weight) or SIM_ENOMEM. */
int posterior_finish(posterior *p);

int posterior_n(const posterior *p);          /* particles */
int posterior_key_count(const posterior *p);
const char *posterior_key(const posterior *p, int i);
/* The index of key among the posterior's keys, or -1. */
int posterior_key_find(const posterior *p, const char *key);
double posterior_value(const posterior *p, int particle, int key);
double posterior_weight(const posterior *p, int particle); /* as read, not normalised */
/* The line of the particle's row in the file read (0 when added by posterior_add). */
long posterior_line(const posterior *p, int particle);
/* Kish's effective sample size (sum w)^2 / sum w^2. */
double posterior_ess(const posterior *p);
/* A 64-bit digest of the keys, weights and values (for batch keys and provenance). */
uint64_t posterior_hash(const posterior *p);

/* The particle drawn for replication rep of a run seeded seed (posterior_finish first).
 * Thread-safe. Returns -1 (SIM_ENOMEM) when its stream cannot be made. */
int posterior_draw(const posterior *p, uint64_t seed, uint64_t rep);
/* Writes particle's values into params (every value was range-checked when added). */
void posterior_apply(const posterior *p, int particle, scn_params *params);

/* Checks every particle against the scenario s: s with the particle's values must pass
 * scenario_validate (cross-field rules hold). Returns 0, or the index + 1 of the first
 * particle that fails with its problems in errs (the caller frees them). */
long posterior_validate(const posterior *p, const scenario *s, scn_errors *errs);

#endif
