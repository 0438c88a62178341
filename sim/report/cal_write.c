/* cal_write.c - posterior.csv, calibrated.yaml and calibration.json. */
#include "report/cal_write.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "io/jsonw.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int done(FILE *f) { return ferror(f) ? SIM_EIO : 0; }

int cal_write_posterior(const cal_results *r, FILE *f)
{
    int d = r->config->d;
    fputs("weight", f);
    for (int j = 0; j < d; j++) fprintf(f, ",%s", r->keys[j]);
    fputc('\n', f);
    for (long i = 0; i < abc_n(r->a); i++) {
        double x[ABC_PARAMS_MAX];
        abc_particle(r->a, i, x);
        fprintf(f, "%.17g", abc_weight(r->a, i));
        for (int j = 0; j < d; j++) fprintf(f, ",%.17g", x[j]);
        fputc('\n', f);
    }
    return done(f);
}

/* order[0..d-1]: the keys' indices sorted by name (a nested mapping needs siblings
 * together); at most ABC_PARAMS_MAX keys, so an insertion sort. */
static void sort_keys(const char *const *keys, int d, int *order)
{
    for (int j = 0; j < d; j++) {
        int i = j;
        for (; i > 0 && strcmp(keys[order[i - 1]], keys[j]) > 0; i--) order[i] = order[i - 1];
        order[i] = j;
    }
}

/* Length of the common prefix of a and b made of whole components ("a.b." of "a.b.c"). */
static size_t shared(const char *a, const char *b)
{
    size_t n = 0;
    for (size_t i = 0; a[i] && a[i] == b[i]; i++)
        if (a[i] == '.') n = i + 1;
    return n;
}

int cal_write_yaml(const cal_results *r, FILE *f)
{
    int d = r->config->d, order[ABC_PARAMS_MAX];
    sort_keys(r->keys, d, order);
    fprintf(f, "# calibrated.yaml - written by frontier calibrate: the posterior medians of "
               "%d parameter%s\n# fitted to %s", d, d == 1 ? "" : "s", r->record_path);
    if (r->attacks_path) fprintf(f, " and %s", r->attacks_path);
    char a[11], b[11];
    date_format(r->day0, a);
    date_format(r->day0 + (long)r->window - 1, b);
    fprintf(f, " from %s to %s.\n# Run it, or extend it: `extends: calibrated.yaml`.\n\n",
            a, b);
    fputs("extends: ", f);
    jsonw_string(f, r->scenario_ref); /* a JSON string is a YAML double-quoted scalar */
    fputs("\n\n", f);
    const char *prev = "";
    for (int o = 0; o < d; o++) {
        const char *k = r->keys[order[o]];
        size_t at = shared(prev, k);
        int depth = 0;
        for (size_t i = 0; i < at; i++) depth += k[i] == '.';
        for (const char *c = k + at; *c;) {
            const char *dot = strchr(c, '.');
            size_t len = dot ? (size_t)(dot - c) : strlen(c);
            fprintf(f, "%*s%.*s:", 2 * depth, "", (int)len, c);
            if (!dot) {
                const scn_param_info *pi = scenario_param_find(k);
                double med = abc_quantile(r->a, order[o], 0.5);
                fprintf(f, pi && pi->is_int ? " %.0f\n" : " %.6g\n", med);
                break;
            }
            fputc('\n', f);
            depth++;
            c = dot + 1;
        }
        prev = k;
    }
    return done(f);
}

/* ---- calibration.json -------------------------------------------------------------- */

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

void cal_summarize(const double *v, long n, int k, double x, cal_summary *out)
{
    double *t = sim_malloc((size_t)(n > 0 ? n : 1) * sizeof *t);
    long m = 0, ge = 0;
    for (long i = 0; t && i < n; i++) {
        double y = v[i * SUMSTATS_N + k];
        if (isnan(y)) continue;
        t[m++] = y;
        ge += y >= x;
    }
    *out = (cal_summary){NAN, NAN, NAN, NAN, m};
    if (m > 0) {
        qsort(t, (size_t)m, sizeof *t, cmp_double);
        out->q05 = t[(long)floor(0.05 * (double)(m - 1))];
        out->q50 = t[(long)floor(0.5 * (double)(m - 1))];
        out->q95 = t[(long)ceil(0.95 * (double)(m - 1))];
        out->p_ge = isnan(x) ? NAN : (double)ge / (double)m;
    }
    sim_free(t);
}

static void json_kv(FILE *f, const char *key, double v, int comma)
{
    fprintf(f, "%s\"%s\": ", comma ? ", " : "", key);
    jsonw_number(f, v);
}

static void json_summary(FILE *f, const char *name, const double *v, long n, int k, double x)
{
    cal_summary s;
    cal_summarize(v, n, k, x, &s);
    fprintf(f, ", \"%s\": {\"runs\": %ld", name, s.n);
    json_kv(f, "q05", s.q05, 1);
    json_kv(f, "median", s.q50, 1);
    json_kv(f, "q95", s.q95, 1);
    json_kv(f, "share_at_or_above_observed", s.p_ge, 1);
    fputc('}', f);
}

static void json_params(const cal_results *r, FILE *f)
{
    const abc_config *c = r->config;
    fputs("  \"parameters\": [", f);
    for (int j = 0; j < c->d; j++) {
        fprintf(f, "%s\n    {\"key\": ", j ? "," : "");
        jsonw_string(f, r->keys[j]);
        fprintf(f, ", \"prior\": \"%s\"", c->prior[j].log ? "log-uniform"
                                          : c->prior[j].whole ? "uniform-whole" : "uniform");
        json_kv(f, "lo", c->prior[j].lo, 1);
        json_kv(f, "hi", c->prior[j].hi, 1);
        json_kv(f, "q05", abc_quantile(r->a, j, 0.05), 1);
        json_kv(f, "median", abc_quantile(r->a, j, 0.5), 1);
        json_kv(f, "q95", abc_quantile(r->a, j, 0.95), 1);
        fputc('}', f);
    }
    fputs("\n  ],\n", f);
}

static void json_populations(const cal_results *r, FILE *f)
{
    fputs("  \"populations\": [", f);
    for (int t = 0; t < abc_finished(r->a); t++) {
        const abc_pop_info *p = abc_pop_at(r->a, t);
        fprintf(f, "%s\n    {\"population\": %d", t ? "," : "", t + 1);
        json_kv(f, "tolerance", p->eps, 1);
        fprintf(f, ", \"simulated\": %ld, \"accepted\": %ld", p->simulated, p->accepted);
        json_kv(f, "acceptance_rate", (double)p->accepted / (double)p->simulated, 1);
        json_kv(f, "ess", p->ess, 1);
        fputc('}', f);
    }
    fputs("\n  ],\n", f);
}

static void json_stats(const cal_results *r, FILE *f)
{
    fputs("  \"statistics\": [", f);
    for (int k = 0; k < SUMSTATS_N; k++) {
        double x = r->observed->v[k];
        fprintf(f, "%s\n    {\"name\": \"%s\"", k ? "," : "", sumstats_name(k));
        json_kv(f, "observed", x, 1);
        fprintf(f, ", \"in_distance\": %s", isnan(x) ? "false" : "true");
        json_kv(f, "scale", isnan(x) ? NAN : abc_scale(r->a, k), 1);
        json_summary(f, "prior_predictive", r->prior_pred, r->n_prior_pred, k, x);
        json_summary(f, "posterior_predictive", r->post_pred, r->n_post_pred, k, x);
        fputc('}', f);
    }
    fputs("\n  ]\n", f);
}

int cal_write_json(const cal_results *r, FILE *f)
{
    const abc_config *c = r->config;
    char a[11], b[11];
    date_format(r->day0, a);
    date_format(r->day0 + (long)r->window - 1, b);
    fputs("{\n  \"scenario\": ", f);
    jsonw_string(f, r->s->name);
    fprintf(f, ",\n  \"scenario_hash\": \"%016llx\",\n  \"record\": ", scenario_hash(r->s));
    jsonw_string(f, r->record_path);
    fputs(",\n  \"attacks\": ", f);
    if (r->attacks_path) jsonw_string(f, r->attacks_path);
    else fputs("null", f);
    fprintf(f, ",\n  \"from\": \"%s\",\n  \"until\": \"%s\",\n  \"window_days\": %.0f,\n",
            a, b, r->window);
    fprintf(f, "  \"episode_gap_days\": %.0f,\n  \"seed\": %llu,\n  \"particles\": %ld,\n",
            SUMSTATS_EPISODE_GAP, (unsigned long long)c->seed, c->n);
    fprintf(f, "  \"populations_asked\": %d,\n  \"populations_done\": %d,\n", c->populations,
            abc_finished(r->a));
    fprintf(f, "  \"alpha\": %.6g,\n  \"max_sims_per_population\": %ld,\n", c->alpha,
            c->max_sims);
    fprintf(f, "  \"stopped_early\": %s,\n  \"partial\": %s,\n",
            abc_stopped_early(r->a) ? "true" : "false", r->partial ? "true" : "false");
    fputs("  \"distance\": \"sqrt(mean over the statistics in the distance of ((simulated - "
          "observed) / scale)^2); scale: 1.4826 MAD of the prior predictive\",\n", f);
    json_params(r, f);
    json_populations(r, f);
    json_stats(r, f);
    fputs("}\n", f);
    return done(f);
}
