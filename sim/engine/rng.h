/* rng.h - named, independent random streams on GSL.
 *
 * A stream's seed is a SplitMix64 hash of (seed, replication, stream name), so the same
 * inputs give the same draws on every run, replication r is reproducible on its own, and a
 * change that only touches one process leaves the other streams' draws alone (common random
 * numbers for paired comparisons).
 *
 * rng_xoshiro256ss is xoshiro256** (Blackman and Vigna, 2018) as a GSL generator type, cheap
 * to seed (four SplitMix64 hashes against the Mersenne Twister's 624-word initialisation), so
 * every GSL distribution draws from it: gsl_rng_get returns the high 32 bits of each output,
 * gsl_rng_uniform the high 53 bits as a double in [0, 1). The model's streams, seeded eight
 * per replication, use it; rng_create's other streams (fits, designs, bootstraps, the
 * posterior draw) still draw from GSL's Mersenne Twister (gsl_rng_mt19937). */
#ifndef FRONTIER_RNG_H
#define FRONTIER_RNG_H
#include <gsl/gsl_rng.h>
#include <stdint.h>

/* The GSL generator type of xoshiro256**; gsl_rng_set(r, s) seeds it from the 64-bit s. */
extern const gsl_rng_type *const rng_xoshiro256ss;

/* The 64-bit seed of stream name in replication rep of a run seeded with seed. */
uint64_t rng_stream_seed(uint64_t seed, uint64_t rep, const char *name);

/* Returns a generator of type (gsl_rng_mt19937 or rng_xoshiro256ss) seeded for the stream,
 * or NULL on no memory. Free it with rng_destroy. */
gsl_rng *rng_create_type(const gsl_rng_type *type, uint64_t seed, uint64_t rep,
                         const char *name);
/* rng_create_type(gsl_rng_mt19937, ...). */
gsl_rng *rng_create(uint64_t seed, uint64_t rep, const char *name);
/* Reseeds r for the stream, as rng_create_type would have seeded a new one: a model reused
 * for the next replication keeps its generators. */
void rng_reseed(gsl_rng *r, uint64_t seed, uint64_t rep, const char *name);
void rng_destroy(gsl_rng *r); /* accepts NULL */

/* SplitMix64 finaliser: a well-mixed 64-bit hash of x. */
uint64_t rng_mix64(uint64_t x);

#endif
