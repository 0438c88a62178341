/* draws.c - --posterior: load, check, draw one parameter set per replication. */
#include "draws.h"
#include "base/alloc.h"
#include "base/err.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int draws_load(const char *cmd, draws *d, const opt_list *sets)
{
    if (!d->path) return 0;
    char msg[1024];
    int err = 0;
    d->p = posterior_load(d->path, msg, sizeof msg, &err);
    if (!d->p) {
        fprintf(stderr, "frontier %s: %s\n", cmd, msg);
        return err == SIM_ENOMEM ? 1 : 2;
    }
    for (int i = 0; sets && i < sets->n; i++) {
        const char *eq = strchr(sets->items[i], '=');
        size_t n = eq ? (size_t)(eq - sets->items[i]) : strlen(sets->items[i]);
        for (int k = 0; k < posterior_key_count(d->p); k++)
            if (strlen(posterior_key(d->p, k)) == n &&
                strncmp(posterior_key(d->p, k), sets->items[i], n) == 0) {
                fprintf(stderr, "frontier %s: --set %s: %s is drawn from %s; drop one of "
                        "the two\n", cmd, sets->items[i], posterior_key(d->p, k), d->path);
                return 2;
            }
    }
    return 0;
}

/* Nonzero when key is one the variants set themselves. */
static int skipped(const draws *d, const char *key)
{
    for (int i = 0; i < d->n_skip; i++)
        if (strcmp(d->skip[i], key) == 0) return 1;
    return 0;
}

int draws_apply(const draws *d, long rep, scn_params *p)
{
    if (!d->p) return 0;
    int i = posterior_draw(d->p, d->seed, (uint64_t)rep);
    if (i < 0) return SIM_ENOMEM; /* its random stream could not be made */
    for (int k = 0; k < posterior_key_count(d->p); k++)
        if (!skipped(d, posterior_key(d->p, k)))
            scenario_param_set(p, posterior_key(d->p, k), posterior_value(d->p, i, k));
    return 0;
}

static int draws_params(void *ctx, long rep, int variant, scn_params *p, uint64_t *stream_rep)
{
    (void)variant;
    (void)stream_rep;
    return draws_apply(ctx, rep, p);
}

void draws_attach(draws *d, ens_batch *b)
{
    if (!d->p) return;
    uint64_t key = posterior_hash(d->p) ^ (uint64_t)d->n_skip;
    ens_batch_set_params(b, draws_params, d, key);
}

/* Checks particle i against variant v (vi: its index, or -1 when there is one); prints
 * why not. */
static int check_one(const char *cmd, const draws *d, const scenario *v, int vi, int i,
                     long rep)
{
    scenario t = *v; /* shallow: only the parameters differ, and validate only reads */
    for (int k = 0; k < posterior_key_count(d->p); k++)
        if (!skipped(d, posterior_key(d->p, k)))
            scenario_param_set(&t.p, posterior_key(d->p, k), posterior_value(d->p, i, k));
    scn_errors errs = {0};
    if (scenario_validate(&t, &errs) == 0) {
        scn_errors_free(&errs);
        return 0;
    }
    char who[64] = "";
    if (rep >= 0) snprintf(who, sizeof who, " (drawn for replication %ld)", rep);
    fprintf(stderr, "frontier %s: %s:%ld: this particle%s does not make a valid scenario%s",
            cmd, d->path, posterior_line(d->p, i), who, vi >= 0 ? " of variant " : ":\n");
    if (vi >= 0) fprintf(stderr, "%d:\n", vi);
    scn_errors_print(&errs, stderr);
    scn_errors_free(&errs);
    return 2;
}

/* Checks particle i against every variant; rep is a replication that draws it (for the
 * message) or -1. */
static int check_particle(const char *cmd, const draws *d, const scenario *const *v, int k,
                          int i, long rep)
{
    int rc = 0;
    for (int j = 0; j < k && rc == 0; j++) rc = check_one(cmd, d, v[j], k > 1 ? j : -1, i, rep);
    return rc;
}

int draws_check(const char *cmd, const draws *d, const scenario *const *v, int k, long n)
{
    return draws_check_from(cmd, d, v, k, 0, n);
}

int draws_check_from(const char *cmd, const draws *d, const scenario *const *v, int k,
                     long first, long n)
{
    if (!d->p) return 0;
    int np = posterior_n(d->p), rc = 0;
    /* Every particle that can be drawn when there are no more of them than replications
     * (n draws would take as long and could still miss rare ones); else the n drawn. Either
     * way at most n x k checks, far cheaper than the n x k runs. */
    if (np <= n) {
        for (int i = 0; i < np && rc == 0; i++)
            if (posterior_weight(d->p, i) > 0) rc = check_particle(cmd, d, v, k, i, -1);
        return rc;
    }
    unsigned char *seen = sim_calloc((size_t)np, 1);
    if (!seen) return 1;
    for (long r = first; r < first + n && rc == 0; r++) {
        int i = posterior_draw(d->p, d->seed, (uint64_t)r);
        if (i < 0) rc = 1;
        if (rc || seen[i]) continue;
        seen[i] = 1;
        rc = check_particle(cmd, d, v, k, i, r);
    }
    sim_free(seen);
    return rc;
}

int draws_prov(const char *cmd, const draws *d, prov *p)
{
    if (!d->path) return 0;
    if (prov_input_set(&p->posterior, d->path) == 0) return 0;
    fprintf(stderr, "frontier %s: cannot read %s: %s\n", cmd, d->path, strerror(errno));
    return 1;
}

void draws_free(draws *d)
{
    posterior_destroy(d->p);
    d->p = NULL;
}

int draws_setup(const char *cmd, draws *d, const char *path, const opt_list *sets,
                const scenario *const *v, int k, ens_batch *b)
{
    d->path = path;
    d->seed = ens_batch_seed(b);
    int rc = draws_load(cmd, d, sets);
    if (rc == 0) rc = draws_check_from(cmd, d, v, k, ens_batch_first(b), ens_batch_n(b));
    if (rc == 0) draws_attach(d, b);
    return rc;
}

/* The particle drawn for rep, remembered for the row's next column. */
static int cols_particle(const draws_cols *dc, long rep)
{
    if (dc->cache->rep != rep) {
        dc->cache->rep = rep;
        dc->cache->particle = posterior_draw(dc->d->p, dc->d->seed, (uint64_t)rep);
    }
    return dc->cache->particle;
}

static double cols_value(const void *ctx, long rep, int variant, int c)
{
    const draws_cols *dc = ctx;
    if (dc->from[c] >= 0) return dc->base->value(dc->base->ctx, rep, variant, dc->from[c]);
    int i = cols_particle(dc, rep);
    return i < 0 ? NAN : posterior_value(dc->d->p, i, -1 - dc->from[c]);
}

const ens_cols *draws_cols_make(draws_cols *dc, const draws *d, const ens_cols *base)
{
    if (!d->p) return base;
    *dc = (draws_cols){.d = d, .base = base, .cache = &dc->cache_store};
    dc->cache_store.rep = -1;
    if (base) dc->cols = (ens_cols){base->lead, base->labels, 0, dc->keys, cols_value, dc};
    else dc->cols = (ens_cols){NULL, NULL, 0, dc->keys, cols_value, dc};
    /* The base's columns first, but a key that is drawn takes the drawn value (it is the
     * one the run used), so it is listed once, with the drawn ones. */
    for (int c = 0; base && c < base->n; c++) {
        if (posterior_key_find(d->p, base->keys[c]) >= 0 && !skipped(d, base->keys[c]))
            continue;
        dc->keys[dc->cols.n] = base->keys[c];
        dc->from[dc->cols.n++] = c;
    }
    for (int k = 0; k < posterior_key_count(d->p); k++) {
        if (skipped(d, posterior_key(d->p, k))) continue;
        dc->keys[dc->cols.n] = posterior_key(d->p, k);
        dc->from[dc->cols.n++] = -1 - k;
    }
    return &dc->cols;
}
