/* rng.c - named random streams seeded by hashing (seed, replication, name), drawn from
 * xoshiro256** as a GSL generator type. */
#include "engine/rng.h"
#include "base/alloc.h"

uint64_t rng_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* ---- xoshiro256** as a gsl_rng_type ---------------------------------------------------- */

typedef struct {
    uint64_t s[4];
} xoshiro_state;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t xoshiro_next(xoshiro_state *st)
{
    uint64_t *s = st->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* SplitMix64 steps from the seed fill the state; they are never all zero (the generator's
 * one bad state), as SplitMix64 is a bijection of its counter and four outputs in a row
 * cannot all be 0. */
static void xoshiro_set(void *vstate, unsigned long seed)
{
    xoshiro_state *st = vstate;
    uint64_t x = (uint64_t)seed;
    for (int i = 0; i < 4; i++) {
        st->s[i] = rng_mix64(x);
        x += 0x9e3779b97f4a7c15ULL;
    }
}

static unsigned long xoshiro_get(void *vstate)
{
    return (unsigned long)(xoshiro_next(vstate) >> 32);
}

static double xoshiro_get_double(void *vstate)
{
    return (double)(xoshiro_next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256**", 0xffffffffUL, 0, sizeof(xoshiro_state), xoshiro_set, xoshiro_get,
    xoshiro_get_double,
};
const gsl_rng_type *const rng_xoshiro256ss = &xoshiro_type;

/* ---- streams ----------------------------------------------------------------------------- */

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

void rng_reseed(gsl_rng *r, uint64_t seed, uint64_t rep, const char *name)
{
    uint64_t s = rng_stream_seed(seed, rep, name);
    if (r->type != rng_xoshiro256ss) {
        /* mt19937 takes 32 bits of seed; fold the halves so both contribute. GSL maps 0 to
         * its default seed, which would alias one stream in 2^32 onto that default. */
        unsigned long s32 = (unsigned long)((s ^ (s >> 32)) & 0xffffffffu);
        gsl_rng_set(r, s32 ? s32 : 1);
        return;
    }
    gsl_rng_set(r, (unsigned long)s);
}

gsl_rng *rng_create_type(const gsl_rng_type *type, uint64_t seed, uint64_t rep,
                         const char *name)
{
    gsl_rng *r = gsl_rng_alloc(type);
    if (r) rng_reseed(r, seed, rep, name);
    return r;
}

gsl_rng *rng_create(uint64_t seed, uint64_t rep, const char *name)
{
    return rng_create_type(gsl_rng_mt19937, seed, rep, name);
}

void rng_destroy(gsl_rng *r)
{
    if (r) gsl_rng_free(r);
}
