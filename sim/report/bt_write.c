/* bt_write.c - backtest.csv, backtest_months.csv and backtest.json. */
#include "report/bt_write.h"
#include "base/date.h"
#include "base/err.h"
#include "io/csvw.h"
#include "io/jsonw.h"
#include <math.h>

int bt_write_csv(const bt_results *r, FILE *f)
{
    fputs("kind,observed,median,q05,q95,mean,pit,brier,brier_climatology,skill,base_rate,"
          "climatology_months,climatology_in_sample\n", f);
    for (int k = 0; k < BT_NKINDS; k++) {
        const bt_count *c = &r->count[k];
        const bt_brier_score *b = &r->brier[k];
        const double v[10] = {c->observed, c->median, c->q05, c->q95, c->mean, c->pit,
                              b->model, b->climatology, b->skill, b->base_rate};
        csvw_field(f, bt_kind_name(k));
        for (int i = 0; i < 10; i++) {
            fputc(',', f);
            csvw_double(f, v[i], 6);
        }
        fprintf(f, ",%d,%s\n", b->clim_months, b->in_sample ? "true" : "false");
    }
    return ferror(f) ? SIM_EIO : 0;
}

static void month_text(long first, char out[8])
{
    char d[11];
    date_format(first, d);
    snprintf(out, 8, "%.7s", d);
}

int bt_write_months_csv(const bt_results *r, FILE *f)
{
    fputs("month,kind,observed,probability,climatology\n", f);
    for (int i = 0; i < r->n_months; i++) {
        char m[8];
        month_text(r->month_first[i], m);
        for (int k = 0; k < BT_NKINDS; k++) {
            size_t c = (size_t)k * (size_t)r->n_months + (size_t)i;
            fprintf(f, "%s,%s,%d,", m, bt_kind_event(k), r->observed[c] > 0);
            csvw_double(f, r->prob[c], 6);
            fputc(',', f);
            csvw_double(f, r->brier[k].base_rate, 6);
            fputc('\n', f);
        }
    }
    return ferror(f) ? SIM_EIO : 0;
}

static void json_num(FILE *f, const char *key, double v, int comma)
{
    fprintf(f, "\"%s\": ", key);
    jsonw_number(f, v);
    if (comma) fputs(", ", f);
}

static void json_kinds(const bt_results *r, FILE *f)
{
    fputs("  \"kinds\": {\n", f);
    for (int k = 0; k < BT_NKINDS; k++) {
        const bt_count *c = &r->count[k];
        const bt_brier_score *b = &r->brier[k];
        fprintf(f, "    \"%s\": {", bt_kind_name(k));
        json_num(f, "observed", c->observed, 1);
        json_num(f, "mean", c->mean, 1);
        json_num(f, "median", c->median, 1);
        json_num(f, "q05", c->q05, 1);
        json_num(f, "q95", c->q95, 1);
        json_num(f, "pit", c->pit, 1);
        fprintf(f, "\"monthly\": {\"event\": \"%s\", ", bt_kind_event(k));
        json_num(f, "brier", b->model, 1);
        json_num(f, "brier_climatology", b->climatology, 1);
        json_num(f, "skill", b->skill, 1);
        json_num(f, "base_rate", b->base_rate, 1);
        fprintf(f, "\"climatology_months\": %d, \"climatology_in_sample\": %s}}%s\n",
                b->clim_months, b->in_sample ? "true" : "false", k + 1 < BT_NKINDS ? "," : "");
    }
    fputs("  },\n", f);
}

static void json_gaps(const bt_gaps *g, FILE *f)
{
    fputs("  \"gaps\": {\"observed\": [", f);
    for (int i = 0; i < g->n_observed; i++) {
        if (i) fputs(", ", f);
        jsonw_number(f, g->observed[i]);
    }
    fprintf(f, "], \"simulated_n\": %ld, ", g->n_sim);
    json_num(f, "simulated_median", g->median, 1);
    json_num(f, "simulated_q05", g->q05, 1);
    json_num(f, "simulated_q95", g->q95, 1);
    json_num(f, "share_at_least_shortest_observed", g->share_at_least_min, 1);
    fprintf(f, "\"runs_with_as_many_gaps\": %ld, \"runs_all_gaps_at_least_shortest\": %ld},\n",
            g->runs_enough, g->runs_all_long);
}

static void json_months(const bt_results *r, FILE *f)
{
    fputs("  \"months\": [", f);
    for (int i = 0; i < r->n_months; i++) {
        char m[8];
        month_text(r->month_first[i], m);
        fprintf(f, "%s\n    {\"month\": \"%s\"", i ? "," : "", m);
        for (int k = 0; k < BT_NKINDS; k++) {
            size_t c = (size_t)k * (size_t)r->n_months + (size_t)i;
            fprintf(f, ", \"%s\": {\"observed\": %d, \"probability\": ", bt_kind_event(k),
                    r->observed[c] > 0);
            jsonw_number(f, r->prob[c]);
            fputc('}', f);
        }
        fputc('}', f);
    }
    fputs("\n  ]\n", f);
}

static void json_head(const bt_results *r, const bt_study *st, const scenario *s,
                      const record *rec, FILE *f)
{
    const ens_batch *b = bt_batch_const(st);
    char start[11], from[11], to[11];
    date_format(s->start_date, start);
    date_format(bt_from(st), from);
    date_format(bt_to(st), to);
    fputs(",\n  \"scenario\": ", f);
    jsonw_string(f, s->name);
    fprintf(f, ",\n  \"scenario_hash\": \"%016llx\",\n  \"seed\": %llu,\n", scenario_hash(s),
            (unsigned long long)ens_batch_seed(b));
    fprintf(f, "  \"start_date\": \"%s\",\n  \"from\": \"%s\",\n  \"to\": \"%s\",\n", start,
            from, to);
    fprintf(f, "  \"from_day\": %ld,\n  \"to_day\": %ld,\n  \"timeline_dropped\": %d,\n",
            bt_from(st) - s->start_date, bt_to(st) - s->start_date, bt_dropped(st));
    fprintf(f, "  \"n\": %ld,\n  \"requested\": %ld,\n  \"partial\": %s,\n", r->runs,
            ens_batch_n(b), ens_batch_partial(b) ? "true" : "false");
    fprintf(f, "  \"record_rows\": %d,\n  \"episode_gap_days\": %g,\n  \"pit\": \"mid\",\n",
            rec->n, BT_EPISODE_GAP);
}

int bt_write_json(const bt_results *r, const bt_study *st, const scenario *s, const record *rec,
                  const prov *p, FILE *f)
{
    fputs("{\n  \"provenance\": ", f);
    prov_write_json(p, f, 2);
    json_head(r, st, s, rec, f);
    json_kinds(r, f);
    json_gaps(&r->gaps, f);
    json_months(r, f);
    fputs("}\n", f);
    return ferror(f) ? SIM_EIO : 0;
}
