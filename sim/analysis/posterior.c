/* posterior.c - weighted parameter sets and one draw per replication. */
#include "analysis/posterior.h"
#include "base/alloc.h"
#include "base/err.h"
#include "data/csvrd.h"
#include "engine/rng.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct posterior {
    int k;                                   /* keys */
    const scn_param_info *info[POSTERIOR_KEYS_MAX];
    long n, cap;                             /* particles */
    double *w;                               /* n weights */
    double *v;                               /* n x k values, row-major */
    gsl_ran_discrete_t *table;               /* alias table, after posterior_finish */
    long *line;                              /* n file lines (0 when added in code) */
};

posterior *posterior_create(const char *const *keys, int n_keys, int *err)
{
    int code = SIM_EINVAL;
    posterior *p = NULL;
    if (n_keys < 1 || n_keys > POSTERIOR_KEYS_MAX) goto fail;
    code = SIM_ENOMEM;
    if (!(p = sim_calloc(1, sizeof *p))) goto fail;
    code = SIM_EINVAL;
    p->k = n_keys;
    for (int i = 0; i < n_keys; i++) {
        p->info[i] = scenario_param_find(keys[i]);
        if (!p->info[i]) goto fail;
        for (int j = 0; j < i; j++)
            if (p->info[j] == p->info[i]) goto fail;
    }
    return p;
fail:
    posterior_destroy(p);
    if (err) *err = code;
    return NULL;
}

void posterior_destroy(posterior *p)
{
    if (!p) return;
    if (p->table) gsl_ran_discrete_free(p->table);
    sim_free(p->w);
    sim_free(p->v);
    sim_free(p->line);
    sim_free(p);
}

/* Room for one more particle. */
static int grow(posterior *p)
{
    if (p->n < p->cap) return 0;
    if (p->n >= POSTERIOR_PARTICLES_MAX) return SIM_ERANGE;
    long cap = p->cap ? 2 * p->cap : 64;
    double *w = sim_realloc(p->w, (size_t)cap * sizeof *w);
    if (!w) return SIM_ENOMEM;
    p->w = w;
    double *v = sim_realloc(p->v, (size_t)cap * (size_t)p->k * sizeof *v);
    if (!v) return SIM_ENOMEM;
    p->v = v;
    long *line = sim_realloc(p->line, (size_t)cap * sizeof *line);
    if (!line) return SIM_ENOMEM;
    p->line = line;
    p->cap = cap;
    return 0;
}

/* Checks one value against its parameter; writes why not into msg. */
static int check_value(const scn_param_info *pi, double x, char *msg, size_t len)
{
    if (isfinite(x) && x >= pi->min && x <= pi->max && (!pi->is_int || x == floor(x)))
        return 0;
    snprintf(msg, len, "%s: expected a %s in [%g, %g], found %.10g", pi->key,
             pi->is_int ? "whole number" : "number", pi->min, pi->max, x);
    return SIM_ERANGE;
}

int posterior_add(posterior *p, double weight, const double *values, char *msg, size_t len)
{
    if (!isfinite(weight) || weight < 0) {
        snprintf(msg, len, "weight: expected a finite number >= 0, found %.10g", weight);
        return SIM_ERANGE;
    }
    for (int i = 0; i < p->k; i++)
        if (check_value(p->info[i], values[i], msg, len)) return SIM_ERANGE;
    int rc = grow(p);
    if (rc == SIM_ERANGE)
        snprintf(msg, len, "expected at most %ld particles", POSTERIOR_PARTICLES_MAX);
    if (rc) return rc;
    p->w[p->n] = weight;
    p->line[p->n] = 0;
    memcpy(p->v + (size_t)p->n * (size_t)p->k, values, (size_t)p->k * sizeof *values);
    p->n++;
    return 0;
}

int posterior_finish(posterior *p)
{
    double sum = 0;
    for (long i = 0; i < p->n; i++) sum += p->w[i];
    if (p->n == 0 || !(sum > 0) || !isfinite(sum)) return SIM_EINVAL;
    if (p->table) gsl_ran_discrete_free(p->table);
    p->table = gsl_ran_discrete_preproc((size_t)p->n, p->w);
    return p->table ? 0 : SIM_ENOMEM;
}

int posterior_n(const posterior *p) { return (int)p->n; }
int posterior_key_count(const posterior *p) { return p->k; }
const char *posterior_key(const posterior *p, int i) { return p->info[i]->key; }

int posterior_key_find(const posterior *p, const char *key)
{
    for (int i = 0; i < p->k; i++)
        if (strcmp(p->info[i]->key, key) == 0) return i;
    return -1;
}

double posterior_value(const posterior *p, int particle, int key)
{
    return p->v[(size_t)particle * (size_t)p->k + (size_t)key];
}

double posterior_weight(const posterior *p, int particle) { return p->w[particle]; }

double posterior_ess(const posterior *p)
{
    double s = 0, s2 = 0;
    for (long i = 0; i < p->n; i++) {
        s += p->w[i];
        s2 += p->w[i] * p->w[i];
    }
    return s2 > 0 ? s * s / s2 : 0;
}

/* FNV-1a over the bytes of n bytes at x, continuing from h. */
static uint64_t fnv(uint64_t h, const void *x, size_t n)
{
    const unsigned char *c = x;
    for (size_t i = 0; i < n; i++) {
        h ^= c[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

uint64_t posterior_hash(const posterior *p)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int i = 0; i < p->k; i++) h = fnv(h, p->info[i]->key, strlen(p->info[i]->key) + 1);
    h = fnv(h, p->w, (size_t)p->n * sizeof *p->w);
    return fnv(h, p->v, (size_t)p->n * (size_t)p->k * sizeof *p->v);
}

int posterior_draw(const posterior *p, uint64_t seed, uint64_t rep)
{
    gsl_rng *r = rng_create(seed, rep, "posterior");
    if (!r) return -1;
    int i = (int)gsl_ran_discrete(r, p->table);
    rng_destroy(r);
    return i;
}

void posterior_apply(const posterior *p, int particle, scn_params *params)
{
    for (int i = 0; i < p->k; i++)
        scenario_param_set(params, p->info[i]->key, posterior_value(p, particle, i));
}

long posterior_validate(const posterior *p, const scenario *s, scn_errors *errs)
{
    scenario t = *s; /* shallow: only the parameters differ, and validate only reads */
    for (long i = 0; i < p->n; i++) {
        posterior_apply(p, (int)i, &t.p);
        if (scenario_validate(&t, errs) > 0) return i + 1;
    }
    return 0;
}

long posterior_line(const posterior *p, int particle) { return p->line[particle]; }

/* ---- posterior.csv --------------------------------------------------------------------- */

typedef struct loader {
    const char *path;
    posterior *p;
    int wcol, ncol;                        /* the weight's field, fields per row */
    int col[POSTERIOR_KEYS_MAX];           /* field of each key */
    char *msg;
    size_t len;
} loader;

/* The header: `weight` and parameter keys, each once. */
static int read_header(loader *L, char **f, int nf, long line)
{
    const char *keys[POSTERIOR_KEYS_MAX];
    int k = 0;
    L->wcol = -1;
    L->ncol = nf;
    for (int i = 0; i < nf; i++) {
        if (strcasecmp(f[i], "weight") == 0 && L->wcol < 0) { L->wcol = i; continue; }
        const scn_param_info *pi = scenario_param_find(f[i]);
        const char *near = pi ? NULL : scenario_param_suggest(f[i]);
        for (int j = 0; pi && j < k; j++)
            if (strcmp(keys[j], f[i]) == 0) pi = NULL;
        if (!pi || k == POSTERIOR_KEYS_MAX) {
            snprintf(L->msg, L->len, "%s:%ld:%d: %s: expected `weight` or a parameter key "
                     "(once each, at most %d)%s%s%s", L->path, line, i + 1, f[i],
                     POSTERIOR_KEYS_MAX, near ? "; did you mean '" : "", near ? near : "",
                     near ? "'?" : "");
            return SIM_EPARSE;
        }
        L->col[k] = i;
        keys[k++] = f[i];
    }
    if (L->wcol < 0 || k == 0) {
        snprintf(L->msg, L->len, "%s:%ld: expected a header with a `weight` column and at "
                 "least one parameter key, found %s", L->path, line,
                 L->wcol < 0 ? "no `weight`" : "no parameter");
        return SIM_EPARSE;
    }
    int err = 0;
    L->p = posterior_create(keys, k, &err);
    return L->p ? 0 : err;
}

/* A number field: the whole field is a finite number. */
static int number(const char *s, double *x)
{
    char *end;
    *x = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(*x) ? 0 : -1;
}

static int read_row(loader *L, char **f, int nf, long line)
{
    if (nf != L->ncol) {
        snprintf(L->msg, L->len, "%s:%ld: expected %d fields as in the header, found %d",
                 L->path, line, L->ncol, nf);
        return SIM_EPARSE;
    }
    double w, v[POSTERIOR_KEYS_MAX];
    int k = L->p->k;
    for (int i = -1; i < k; i++) {
        int c = i < 0 ? L->wcol : L->col[i];
        if (number(f[c], i < 0 ? &w : &v[i]) != 0) {
            snprintf(L->msg, L->len, "%s:%ld:%d: %s: expected a number, found '%.40s'",
                     L->path, line, c + 1, i < 0 ? "weight" : L->p->info[i]->key, f[c]);
            return SIM_EPARSE;
        }
    }
    char why[300];
    int rc = posterior_add(L->p, w, v, why, sizeof why);
    if (rc == SIM_ERANGE) {
        /* which field: the weight, or the key the message starts with */
        int c = L->wcol;
        for (int i = 0; i < k; i++)
            if (strncmp(why, L->p->info[i]->key, strlen(L->p->info[i]->key)) == 0) c = L->col[i];
        snprintf(L->msg, L->len, "%s:%ld:%d: %s", L->path, line, c + 1, why);
        return SIM_EPARSE;
    }
    if (rc == 0) L->p->line[L->p->n - 1] = line;
    return rc;
}

static int on_record(void *ctx, char **f, int nf, long line)
{
    loader *L = ctx;
    return L->p ? read_row(L, f, nf, line) : read_header(L, f, nf, line);
}

posterior *posterior_load(const char *path, char *msg, size_t len, int *err)
{
    loader L = {.path = path, .msg = msg, .len = len};
    msg[0] = '\0';
    int rc = csvrd_read_file(path, on_record, &L, msg, len);
    if (rc == 0 && (!L.p || L.p->n == 0)) {
        snprintf(msg, len, "%s: expected at least one particle row, found none", path);
        rc = SIM_EPARSE;
    }
    if (rc == 0 && (rc = posterior_finish(L.p)) == SIM_EINVAL) {
        snprintf(msg, len, "%s: weight: expected at least one positive weight, found all 0",
                 path);
        rc = SIM_EPARSE;
    }
    if (rc == SIM_ENOMEM && !msg[0]) snprintf(msg, len, "%s: out of memory", path);
    if (rc == 0) return L.p;
    posterior_destroy(L.p);
    if (err) *err = rc;
    return NULL;
}
