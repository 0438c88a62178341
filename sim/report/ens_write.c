/* ens_write.c - the files of an ensemble, a comparison and a sweep. */
#include "report/ens_write.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "io/csvw.h"
#include "io/jsonw.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Nonzero for the totals that are a day (first_strike_day, ...): a date column
 * (first_strike_date) follows them. */
static int is_day_total(int i) { return model_total_kind(i) == MODEL_TOTAL_DAY; }

/* The date of day (a time in days from start_date), or an empty field when there is none. */
static void csv_date(FILE *f, long start_date, double day)
{
    char d[11];
    if (!isfinite(day)) return;
    date_format(start_date + (long)floor(day), d);
    fputs(d, f);
}

static void replications_header(const ens_batch *b, const ens_cols *cols, FILE *f)
{
    if (ens_batch_k(b) > 1) fputs(cols && cols->lead ? cols->lead : "variant", f);
    fputs(ens_batch_k(b) > 1 ? ",replication,seed" : "replication,seed", f);
    for (int c = 0; cols && c < cols->n; c++) {
        fputc(',', f);
        csvw_field(f, cols->keys[c]);
    }
    for (int i = 0; i < MODEL_NTOTALS; i++) {
        fprintf(f, ",%s", model_total_name(i));
        if (is_day_total(i)) fprintf(f, ",%.*s_date", (int)strlen(model_total_name(i)) - 4,
                                     model_total_name(i));
    }
    fputc('\n', f);
}

static void replications_row(const ens_batch *b, const ens_cols *cols, long start_date,
                             long r, int v, FILE *f)
{
    if (ens_batch_k(b) > 1) {
        if (cols && cols->labels) csvw_field(f, cols->labels[v]);
        else fprintf(f, "%d", v);
        fputc(',', f);
    }
    fprintf(f, "%ld,%llu", ens_batch_first(b) + r, (unsigned long long)ens_batch_seed(b));
    for (int c = 0; cols && c < cols->n; c++) {
        fputc(',', f);
        csvw_double(f, cols->value(cols->ctx, ens_batch_first(b) + r, v, c), 10);
    }
    for (int i = 0; i < MODEL_NTOTALS; i++) {
        double x = model_total_value(ens_batch_totals(b, r, v), i);
        fputc(',', f);
        csvw_double(f, x, 10);
        if (!is_day_total(i)) continue;
        fputc(',', f);
        csv_date(f, start_date, x);
    }
    fputc('\n', f);
}

int ens_write_replications(const ens_batch *b, long start_date, const ens_cols *cols, FILE *f)
{
    replications_header(b, cols, f);
    for (long r = 0; r < ens_batch_done(b); r++)
        for (int v = 0; v < ens_batch_k(b); v++) replications_row(b, cols, start_date, r, v, f);
    return ferror(f) ? SIM_EIO : 0;
}

void ens_json_summary(FILE *f, const ens_summary *s)
{
    const double v[11] = {stats_mean(&s->m), stats_sd(&s->m), s->ci_lo, s->ci_hi, s->q05,
                          s->q25, s->q50, s->q75, s->q95, s->m.n ? s->m.min : NAN,
                          s->m.n ? s->m.max : NAN};
    static const char *const key[11] = {"mean", "sd", "ci95_lo", "ci95_hi", "q05", "q25",
                                        "median", "q75", "q95", "min", "max"};
    fprintf(f, "{\"n\": %ld", s->m.n);
    for (int i = 0; i < 11; i++) {
        fprintf(f, ", \"%s\": ", key[i]);
        jsonw_number(f, v[i]);
    }
    fputc('}', f);
}

void ens_json_within(FILE *f, double days, long k, long n)
{
    double lo, hi;
    stats_wilson(k, n, 0.95, &lo, &hi);
    fprintf(f, "{\"days\": %.10g, \"count\": %ld, \"n\": %ld, \"p\": ", days, k, n);
    jsonw_number(f, n ? (double)k / (double)n : NAN);
    fputs(", \"ci95_lo\": ", f);
    jsonw_number(f, lo);
    fputs(", \"ci95_hi\": ", f);
    jsonw_number(f, hi);
    fputc('}', f);
}

static void json_strike_probs(const ens_batch *b, FILE *f)
{
    static const int within[3] = {30, 90, 365};
    fputs("  \"first_strike_within\": [\n", f);
    for (int i = 0; i < 3; i++) {
        fputs("    ", f);
        ens_json_within(f, within[i], ens_strikes_by(b, 0, within[i]), ens_batch_done(b));
        fputs(i < 2 ? ",\n" : "\n", f);
    }
    fputs("  ],\n", f);
}

/* "first_strike": the runs that struck and the Kaplan-Meier median over all runs, so the
 * totals' first_strike_day (over the runs that struck only) is never read alone. */
static int json_first_strike(const ens_batch *b, double horizon, FILE *f)
{
    ens_first_strike fs;
    if (ens_first_strike_summary(b, 0, horizon, &fs) != 0) return SIM_ENOMEM;
    fprintf(f, "  \"first_strike\": {\"runs\": %ld, \"struck\": %ld, \"never_struck\": %ld, "
               "\"censored_at_day\": %.10g,\n    \"among_struck\": ", fs.runs, fs.struck,
            fs.runs - fs.struck, horizon);
    ens_json_summary(f, &fs.among_struck);
    fputs(",\n    \"km_median\": ", f);
    jsonw_number(f, fs.km.median);
    fputs(", \"km_median_ci95_lo\": ", f);
    jsonw_number(f, fs.km.lo);
    fputs(", \"km_median_ci95_hi\": ", f);
    jsonw_number(f, fs.km.hi);
    fputs("},\n", f);
    return 0;
}

int ens_write_json(const ens_batch *b, const scenario *s, const prov *p, FILE *f)
{
    fputs("{\n  \"provenance\": ", f);
    prov_write_json(p, f, 2);
    fputs(",\n  \"scenario\": ", f);
    jsonw_string(f, s->name);
    char start[11];
    date_format(s->start_date, start);
    fprintf(f, ",\n  \"scenario_hash\": \"%016llx\",\n  \"seed\": %llu,\n",
            scenario_hash(s), (unsigned long long)ens_batch_seed(b));
    fprintf(f, "  \"start_date\": \"%s\",\n", start);
    fprintf(f, "  \"n\": %ld,\n  \"requested\": %ld,\n  \"partial\": %s,\n", ens_batch_done(b),
            ens_batch_n(b), ens_batch_partial(b) ? "true" : "false");
    fprintf(f, "  \"horizon_days\": %.10g,\n  \"fan_replications\": %ld,\n", s->days,
            ens_batch_series_reps(b));
    json_strike_probs(b, f);
    if (json_first_strike(b, s->days, f) != 0) return SIM_ENOMEM;
    fputs("  \"totals\": {\n", f);
    for (int i = 0; i < MODEL_NTOTALS; i++) {
        ens_summary sum;
        if (ens_summarize(b, 0, i, &sum) != 0) return SIM_ENOMEM;
        fprintf(f, "    \"%s\": ", model_total_name(i));
        ens_json_summary(f, &sum);
        fputs(i + 1 < MODEL_NTOTALS ? ",\n" : "\n", f);
    }
    fputs("  }\n}\n", f);
    return ferror(f) ? SIM_EIO : 0;
}

int ens_write_km(const ens_batch *b, double horizon, long start_date, FILE *f)
{
    long n = ens_batch_done(b);
    stats_km_row *rows = sim_malloc((size_t)(n ? n : 1) * sizeof *rows);
    size_t nr = 0;
    if (!rows) return SIM_ENOMEM;
    int rc = ens_first_strike_km(b, horizon, rows, &nr);
    if (rc == 0) {
        fputs("day,date,at_risk,events,survival,ci95_lo,ci95_hi\n", f);
        fputs("0,", f);
        csv_date(f, start_date, 0);
        fprintf(f, ",%ld,0,1,1,1\n", n);
        for (size_t i = 0; i < nr; i++) {
            fprintf(f, "%.10g,", rows[i].t);
            csv_date(f, start_date, rows[i].t);
            fprintf(f, ",%ld,%ld,%.8g,%.8g,%.8g\n", rows[i].at_risk, rows[i].events,
                    rows[i].surv, rows[i].lo, rows[i].hi);
        }
        rc = ferror(f) ? SIM_EIO : 0;
    }
    sim_free(rows);
    return rc;
}

/* fan.csv columns: day, then q05..q95 of each series but the threshold, then its mean. */
static void fan_header(FILE *f)
{
    static const char *const qn[5] = {"q05", "q25", "median", "q75", "q95"};
    fputs("day,date", f);
    for (int w = 0; w < ENS_SERIES_THRESHOLD; w++)
        for (int j = 0; j < 5; j++) fprintf(f, ",%s_%s", ens_series_name(w), qn[j]);
    fputs(",threshold_mean\n", f);
}

int ens_write_fan(const ens_batch *b, long start_date, FILE *f)
{
    int days = ens_batch_days(b), rc = SIM_ENOMEM;
    if (days == 0) return SIM_EINVAL;
    /* q[w][j] for the quantile series, then the threshold mean. */
    double *buf = sim_malloc((size_t)days * (ENS_NSERIES * 5 + 1) * sizeof *buf);
    if (!buf) return SIM_ENOMEM;
    double *q[ENS_NSERIES][5], *thr = buf + (size_t)days * ENS_NSERIES * 5;
    for (int w = 0; w < ENS_NSERIES; w++)
        for (int j = 0; j < 5; j++) q[w][j] = buf + (size_t)days * (size_t)(w * 5 + j);
    for (int w = 0; w < ENS_NSERIES; w++) {
        int t = w == ENS_SERIES_THRESHOLD; /* only the mean of the threshold is written */
        if ((rc = ens_fan(b, w, t ? NULL : q[w], t ? thr : NULL)) != 0) goto done;
    }
    fan_header(f);
    for (int d = 0; d < days; d++) {
        if (!isfinite(thr[d])) continue; /* no run reached this day */
        fprintf(f, "%d,", d);
        csv_date(f, start_date, d);
        for (int w = 0; w < ENS_SERIES_THRESHOLD; w++)
            for (int j = 0; j < 5; j++) {
                fputc(',', f);
                csvw_double(f, q[w][j][d], 6);
            }
        fputc(',', f);
        csvw_double(f, thr[d], 6);
        fputc('\n', f);
    }
    rc = ferror(f) ? SIM_EIO : 0;
done:
    sim_free(buf);
    return rc;
}

int ens_write_compare(const ens_batch *b, FILE *f)
{
    fputs("total,pairs,mean_a,mean_b,diff_mean,diff_sd,diff_ci95_lo,diff_ci95_hi,var_unpaired,"
          "var_paired,variance_reduction,partial\n", f);
    for (int i = 0; i < MODEL_NTOTALS; i++) {
        ens_paired p;
        if (ens_summarize_diff(b, 0, 1, i, &p) != 0) return SIM_ENOMEM;
        double vu = p.var_a + p.var_b, vp = stats_var(&p.diff.m);
        const double cols[9] = {p.mean_a, p.mean_b, stats_mean(&p.diff.m), stats_sd(&p.diff.m),
                                p.diff.ci_lo, p.diff.ci_hi, vu, vp, vp > 0 ? vu / vp : NAN};
        fprintf(f, "%s,%ld", model_total_name(i), p.diff.m.n);
        for (int c = 0; c < 9; c++) {
            fputc(',', f);
            csvw_double(f, cols[c], 8);
        }
        fprintf(f, ",%s\n", ens_batch_partial(b) ? "true" : "false");
    }
    return ferror(f) ? SIM_EIO : 0;
}

static void sweep_header(const ens_axis *axes, int n_axes, FILE *f)
{
    fputs("point", f);
    for (int a = 0; a < n_axes; a++) {
        fputc(',', f);
        csvw_field(f, axes[a].key);
    }
    fputs(",seed,n,partial", f);
    for (int i = 0; i < MODEL_NTOTALS; i++) {
        const char *t = model_total_name(i);
        fprintf(f, ",%s_mean,%s_sd,%s_ci95_lo,%s_ci95_hi", t, t, t, t);
    }
    fputs(",p_strike_90,p_strike_90_ci95_lo,p_strike_90_ci95_hi\n", f);
}

int ens_write_sweep(const ens_batch *b, const ens_design *d, FILE *f)
{
    long n = ens_batch_done(b);
    sweep_header(d->axes, d->n_axes, f);
    for (int g = 0; g < ens_batch_k(b); g++) {
        const double *values = ens_design_point(d, g);
        fprintf(f, "%d", g);
        for (int a = 0; a < d->n_axes; a++) fprintf(f, ",%.10g", values[a]);
        fprintf(f, ",%llu,%ld,%s", (unsigned long long)ens_batch_seed(b), n,
                ens_batch_partial(b) ? "true" : "false");
        for (int i = 0; i < MODEL_NTOTALS; i++) {
            ens_summary s;
            if (ens_summarize(b, g, i, &s) != 0) return SIM_ENOMEM;
            const double cols[4] = {stats_mean(&s.m), stats_sd(&s.m), s.ci_lo, s.ci_hi};
            for (int c = 0; c < 4; c++) {
                fputc(',', f);
                csvw_double(f, cols[c], 8);
            }
        }
        long k = ens_strikes_by(b, g, 90);
        double lo, hi;
        stats_wilson(k, n, 0.95, &lo, &hi);
        fputc(',', f);
        csvw_double(f, n ? (double)k / (double)n : NAN, 8);
        fprintf(f, ",%.8g,%.8g\n", lo, hi);
    }
    return ferror(f) ? SIM_EIO : 0;
}

typedef struct batch_out {
    const ens_batch *b;
    const scenario *s;
    const prov *p;
    const ens_cols *cols;
} batch_out;

static int w_reps(void *ctx, FILE *f)
{
    const batch_out *c = ctx;
    return ens_write_replications(c->b, c->s->start_date, c->cols, f);
}
static int w_json(void *ctx, FILE *f)
{
    const batch_out *c = ctx;
    return ens_write_json(c->b, c->s, c->p, f);
}
static int w_km(void *ctx, FILE *f)
{
    const batch_out *c = ctx;
    return ens_write_km(c->b, c->s->days, c->s->start_date, f);
}
static int w_fan(void *ctx, FILE *f)
{
    const batch_out *c = ctx;
    return ens_write_fan(c->b, c->s->start_date, f);
}

int ens_write_ensemble(const ens_batch *b, const scenario *s, const prov *p,
                       const ens_cols *cols, outset *o)
{
    static const char *const names[4] = {"replications.csv", "ensemble.json",
                                         "first_strike_km.csv", "fan.csv"};
    const outset_writer fns[4] = {w_reps, w_json, w_km, w_fan};
    batch_out c = {b, s, p, cols};
    int rc = 0;
    for (int i = 0; rc == 0 && i < (ens_batch_days(b) > 0 ? 4 : 3); i++)
        rc = outset_write(o, names[i], fns[i], &c);
    return rc;
}
