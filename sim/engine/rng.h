/* rng.h - named, independent random streams on GSL.
 *
 * A stream's seed is a SplitMix64 hash of (seed, replication, stream name), so the same
 * inputs give the same draws on every run, replication r is reproducible on its own, and a
 * change that only touches one process leaves the other streams' draws alone (common random
 * numbers for paired comparisons). */
#ifndef FRONTIER_RNG_H
#define FRONTIER_RNG_H
#include <gsl/gsl_rng.h>
#include <stdint.h>

/* The 64-bit seed of stream name in replication rep of a run seeded with seed. */
uint64_t rng_stream_seed(uint64_t seed, uint64_t rep, const char *name);

/* Returns a Mersenne Twister (gsl_rng_mt19937) seeded for the stream, or NULL on no memory.
 * Free it with rng_destroy. */
gsl_rng *rng_create(uint64_t seed, uint64_t rep, const char *name);
void rng_destroy(gsl_rng *r); /* accepts NULL */

/* SplitMix64 finaliser: a well-mixed 64-bit hash of x. */
uint64_t rng_mix64(uint64_t x);

#endif
