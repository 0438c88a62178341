/* rng.c - named random streams seeded by hashing (seed, replication, name). */
#include "engine/rng.h"
#include "base/alloc.h"

uint64_t rng_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* FNV-1a of the name: stable across runs and platforms, unlike pointer or enum values. */
static uint64_t name_hash(const char *name)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t rng_stream_seed(uint64_t seed, uint64_t rep, const char *name)
{
    uint64_t h = rng_mix64(seed);
    h = rng_mix64(h ^ rep);
    return rng_mix64(h ^ name_hash(name));
}

gsl_rng *rng_create(uint64_t seed, uint64_t rep, const char *name)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) return NULL;
    uint64_t s = rng_stream_seed(seed, rep, name);
    /* mt19937 takes 32 bits of seed; fold the halves so both contribute. GSL maps 0 to its
     * default seed, which would alias one stream in 2^32 onto that default; avoid it. */
    unsigned long s32 = (unsigned long)((s ^ (s >> 32)) & 0xffffffffu);
    gsl_rng_set(r, s32 ? s32 : 1);
    return r;
}

void rng_destroy(gsl_rng *r)
{
    if (r) gsl_rng_free(r);
}
