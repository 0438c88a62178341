/* output.c - events.csv, series.csv and summary.json of one run. */
#include "report/output.h"
#include "base/date.h"
#include "base/err.h"
#include "io/csvw.h"
#include "io/jsonw.h"
#include <math.h>
#include <string.h>

static void date_of(const model *m, double t, char out[static 11])
{
    date_format(model_scenario(m)->start_date + (long)floor(t), out);
}

void output_events_csv(const model *m, FILE *f)
{
    const scenario *s = model_scenario(m);
    fputs("t,day,date,kind,actor,zone,lat,lon,casualties,civilian_casualties,ladder,reason\n",
          f);
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        char d[11];
        date_of(m, r->t, d);
        fprintf(f, "%.4f,%.0f,%s,%s,%s,", r->t, floor(r->t), d, model_record_kind_name(r->kind),
                model_actor_name(r->actor));
        if (r->zone >= 0) {
            csvw_field(f, s->zones[r->zone].name);
            fprintf(f, ",%.4f,%.4f,", s->zones[r->zone].lat, s->zones[r->zone].lon);
        } else {
            fputs(",,,", f);
        }
        fprintf(f, "%g,%g,%d,", r->casualties, r->civilian_casualties, r->ladder);
        csvw_field(f, r->reason);
        fputc('\n', f);
    }
}

void output_series_csv(const model *m, FILE *f)
{
    fputs("day,date,lambda,attacks_7d,pressure,threat,threshold_eff,cooperation,grievance,"
          "diplomatic,capacity,ladder,closed_crossings\n", f);
    for (int i = 0; i < model_day_count(m); i++) {
        const model_day *d = model_day_at(m, i);
        char ds[11];
        date_of(m, d->day, ds);
        fprintf(f, "%d,%s,%.6f,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%d,%d\n", d->day, ds,
                d->lambda, d->attacks_7d, d->pressure, d->threat, d->threshold_eff,
                d->cooperation, d->grievance, d->diplomatic, d->capacity, d->ladder,
                d->closed_crossings);
    }
}

/* One total as summary.json writes it: whole numbers, amounts, a day or null, a boolean. */
static void json_total(FILE *f, const model_totals *t, int i)
{
    double v = model_total_value(t, i);
    switch (model_total_kind(i)) {
    case MODEL_TOTAL_AMOUNT: fprintf(f, "%g", v); break;
    case MODEL_TOTAL_DAY:
        if (isnan(v)) fputs("null", f);
        else fprintf(f, "%.4f", v);
        break;
    case MODEL_TOTAL_FLAG: fputs(v != 0 ? "true" : "false", f); break;
    default: fprintf(f, "%d", (int)v); break;
    }
}

/* After a day total (first_strike_day), its date (first_strike_date) or null. */
static void json_date(FILE *f, const scenario *s, const model_totals *t, int i)
{
    const char *name = model_total_name(i);
    double v = model_total_value(t, i);
    fprintf(f, ",\n    \"%.*s_date\": ", (int)strlen(name) - 4, name);
    if (isnan(v)) {
        fputs("null", f);
        return;
    }
    char d[11];
    date_format(s->start_date + (long)floor(v), d);
    fprintf(f, "\"%s\"", d);
}

static void json_totals(FILE *f, const scenario *s, const model_totals *t)
{
    fputs("  \"totals\": {\n", f);
    for (int i = 0; i < MODEL_NTOTALS; i++) {
        fprintf(f, "    \"%s\": ", model_total_name(i));
        json_total(f, t, i);
        if (model_total_kind(i) == MODEL_TOTAL_DAY) json_date(f, s, t, i);
        fputs(i + 1 < MODEL_NTOTALS ? ",\n" : "\n", f);
    }
    fputs("  }\n", f);
}

void output_summary_json(const model *m, const prov *p, uint64_t seed, uint64_t rep,
                         int partial, FILE *f)
{
    const scenario *s = model_scenario(m);
    char start[11];
    date_format(s->start_date, start);
    fputs("{\n  \"provenance\": ", f);
    prov_write_json(p, f, 2);
    fputs(",\n  \"scenario\": ", f);
    jsonw_string(f, s->name);
    fprintf(f, ",\n  \"scenario_hash\": \"%016llx\",\n", scenario_hash(s));
    fprintf(f, "  \"seed\": %llu,\n  \"replication\": %llu,\n", (unsigned long long)seed,
            (unsigned long long)rep);
    fprintf(f, "  \"start_date\": \"%s\",\n  \"days\": %g,\n", start, s->days);
    fprintf(f, "  \"simulated_days\": %g,\n  \"partial\": %s,\n", model_now(m),
            partial ? "true" : "false");
    fputs("  \"parameters\": {\n", f);
    int n = scenario_param_count();
    for (int i = 0; i < n; i++) {
        const scn_param_info *pi = scenario_param_at(i);
        double v = 0;
        scenario_param_get(model_params(m), pi->key, &v);
        fprintf(f, "    \"%s\": ", pi->key);
        jsonw_number(f, v);
        fputs(i + 1 < n ? ",\n" : "\n", f);
    }
    fputs("  },\n", f);
    json_totals(f, s, model_totals_get(m));
    fputs("}\n", f);
}

typedef struct run_ctx {
    const model *m;
    const prov *p;
    uint64_t seed, rep;
    int partial;
} run_ctx;

static int w_events(void *ctx, FILE *f)
{
    output_events_csv(((const run_ctx *)ctx)->m, f);
    return 0;
}

static int w_series(void *ctx, FILE *f)
{
    output_series_csv(((const run_ctx *)ctx)->m, f);
    return 0;
}

static int w_summary(void *ctx, FILE *f)
{
    const run_ctx *c = ctx;
    output_summary_json(c->m, c->p, c->seed, c->rep, c->partial, f);
    return 0;
}

int output_write_run(const model *m, outset *o, const prov *p, uint64_t seed, uint64_t rep,
                     int partial)
{
    run_ctx c = {m, p, seed, rep, partial};
    int rc = outset_write(o, "events.csv", w_events, &c);
    if (!rc) rc = outset_write(o, "series.csv", w_series, &c);
    if (!rc) rc = outset_write(o, "summary.json", w_summary, &c);
    return rc ? rc : outset_commit(o, p);
}
