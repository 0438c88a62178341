/* draws.h - `--posterior FILE` of ensemble, compare, sweep and forecast: the posterior.csv of
 * `frontier calibrate` read and checked, and one parameter set drawn per replication
 * (analysis/posterior.h: by weight, from the stream (seed, replication, "posterior")). */
#ifndef FRONTIER_DRAWS_H
#define FRONTIER_DRAWS_H
#include "analysis/ensemble.h"
#include "analysis/posterior.h"
#include "io/prov.h"
#include "opt.h"
#include "report/ens_write.h"

typedef struct draws {
    const char *path;          /* --posterior, or NULL: no draws */
    posterior *p;
    uint64_t seed;             /* the run's seed */
    const char *skip[16];      /* keys the variants set themselves (a sweep's axes) */
    int n_skip;
} draws;

/* Reads d->path (when set) for command cmd. A key both in the file and in --set is an
 * error (the run would silently ignore one of them). Returns 0 or, after printing why as
 * "frontier CMD: file:line:column: ...", 2 (bad file) or 1 (no memory). */
int draws_load(const char *cmd, draws *d, const opt_list *sets);

/* Checks that every particle drawn for replications 0..n-1 makes a valid scenario of each
 * variant v[0..k-1] (rules between parameters). Returns 0, or 2 after printing the first
 * failing particle's line, the variant and the problems. */
int draws_check(const char *cmd, const draws *d, const scenario *const *v, int k, long n);
/* The same for replications first..first+n-1 (a part of a split run, --first-replication). */
int draws_check_from(const char *cmd, const draws *d, const scenario *const *v, int k,
                     long first, long n);

/* All of it for a batch command: d->path = path, d->seed = b's seed, load, check the
 * particles for b's replications against variants v[0..k-1], attach to b. Returns 0 or an
 * exit status after printing why. */
int draws_setup(const char *cmd, draws *d, const char *path, const opt_list *sets,
                const scenario *const *v, int k, ens_batch *b);

/* Makes batch b draw its parameters (nothing when no --posterior). */
void draws_attach(draws *d, ens_batch *b);
/* The parameters of replication rep: p (the variant's) with the drawn particle's values.
 * Returns 0 or SIM_ENOMEM (p unchanged). */
int draws_apply(const draws *d, long rep, scn_params *p);

/* Fills p->posterior with the file's path and SHA-256 (nothing without --posterior).
 * Returns 0 or 1 after printing why. */
int draws_prov(const char *cmd, const draws *d, prov *p);

void draws_free(draws *d);

/* replications.csv's parameter columns with a posterior: the columns of base (may be NULL),
 * then one per drawn key (not the sweep's axes, which are not drawn), each replication's
 * drawn value; a key of base that is drawn is listed once, with its drawn value. */
typedef struct draws_cols {
    ens_cols cols;
    const draws *d;
    const ens_cols *base;
    const char *keys[64 + POSTERIOR_KEYS_MAX];
    int from[64 + POSTERIOR_KEYS_MAX]; /* c >= 0: base's column c; else key -1 - from */
    struct { long rep; int particle; } cache_store, *cache; /* the writer is one thread */
} draws_cols;
/* Builds dc for d and base and returns its columns, or base itself without --posterior.
 * base has at most 64 columns. dc must outlive the returned columns. */
const ens_cols *draws_cols_make(draws_cols *dc, const draws *d, const ens_cols *base);

#endif
