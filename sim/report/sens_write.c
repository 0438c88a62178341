/* sens_write.c - sensitivity.csv and sensitivity.json. */
#include "report/sens_write.h"
#include "base/err.h"
#include "io/csvw.h"
#include "io/jsonw.h"
#include <math.h>

int sens_write_csv(const sens_results *r, FILE *f)
{
    int d = sens_factor_count(r->st);
    fputs("output,param,first,first_lo,first_hi,total,total_lo,total_hi\n", f);
    for (int o = 0; o < SENS_NOUTPUTS; o++)
        for (int i = 0; i < d; i++) {
            const sobol_index *x = &r->idx[o * d + i];
            const double v[6] = {x->first, x->first_lo, x->first_hi,
                                 x->total, x->total_lo, x->total_hi};
            csvw_field(f, sens_output_name(o));
            fputc(',', f);
            csvw_field(f, sens_factor_name(r->st, i));
            for (int k = 0; k < 6; k++) {
                fputc(',', f);
                csvw_double(f, v[k], 6);
            }
            fputc('\n', f);
        }
    return ferror(f) ? SIM_EIO : 0;
}

/* "factors": [{"name": ..., "lo": ..., "hi": ...}, ...]; the dummy and the noise have no
 * range (null). */
static void json_factors(const sens_results *r, FILE *f)
{
    int d = sens_factor_count(r->st);
    fputs("  \"factors\": [", f);
    for (int i = 0; i < d; i++) {
        const sens_factor *x = sens_factor_at(r->st, i);
        fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
        jsonw_string(f, sens_factor_name(r->st, i));
        fputs(", \"lo\": ", f);
        jsonw_number(f, x ? x->lo : NAN);
        fputs(", \"hi\": ", f);
        jsonw_number(f, x ? x->hi : NAN);
        fputs("}", f);
    }
    fputs("\n  ],\n", f);
}

int sens_write_json(const sens_results *r, const scenario *s, FILE *f)
{
    const ens_batch *b = sens_batch_const(r->st);
    long rows = sens_rows(r->st), done = sens_rows_done(r->st), reps = sens_reps(r->st);
    int d = sens_factor_count(r->st);
    fputs("{\n  \"scenario\": ", f);
    jsonw_string(f, s->name);
    fprintf(f, ",\n  \"scenario_hash\": \"%016llx\",\n  \"seed\": %llu,\n", scenario_hash(s),
            (unsigned long long)ens_batch_seed(b));
    fprintf(f, "  \"points\": \"%s\",\n  \"rows\": %ld,\n  \"rows_done\": %ld,\n  \"reps\": %ld,\n"
               "  \"runs\": %ld,\n  \"partial\": %s,\n  \"bootstrap\": %d,\n  \"level\": ",
            r->kind == SOBOL_QMC ? "sobol" : "random", rows, done, reps,
            done * reps * (d + 2), done < rows ? "true" : "false", r->n_boot);
    jsonw_number(f, r->level);
    fputs(",\n", f);
    json_factors(r, f);
    fputs("  \"variance\": {", f);
    for (int o = 0; o < SENS_NOUTPUTS; o++) {
        fprintf(f, "%s\"%s\": ", o ? ", " : "", sens_output_name(o));
        jsonw_number(f, sens_output_variance(r->st, o));
    }
    fputs("}\n}\n", f);
    return ferror(f) ? SIM_EIO : 0;
}
