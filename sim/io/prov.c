/* prov.c - the provenance object. */
#include "io/prov.h"
#include "io/jsonw.h"

int prov_input_set(prov_input *in, const char *path)
{
    in->path = path;
    return sha256_file(path, in->sha256, NULL);
}

static void string_or_null(FILE *f, const char *s)
{
    if (s) jsonw_string(f, s);
    else fputs("null", f);
}

static void string_array(FILE *f, const char *const *v, int n)
{
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        if (i) fputs(", ", f);
        jsonw_string(f, v[i]);
    }
    fputc(']', f);
}

static void input(FILE *f, const prov_input *in)
{
    if (!in->path) {
        fputs("null", f);
        return;
    }
    fputs("{\"path\": ", f);
    jsonw_string(f, in->path);
    fprintf(f, ", \"sha256\": \"%s\"}", in->sha256);
}

static void hash(FILE *f, const char *scenario, uint64_t h)
{
    if (scenario) fprintf(f, "\"%016llx\"", (unsigned long long)h);
    else fputs("null", f);
}

void prov_write_json(const prov *p, FILE *f, int indent)
{
    const int in = indent + 2;
    fprintf(f, "{\n%*s\"program\": \"frontier\",\n%*s\"version\": ", in, "", in, "");
    string_or_null(f, p->version);
    fprintf(f, ",\n%*s\"output_format\": %d,\n%*s\"command\": ", in, "", PROV_OUTPUT_FORMAT, in,
            "");
    string_array(f, p->command, p->argc);
    fprintf(f, ",\n%*s\"scenario\": ", in, "");
    string_or_null(f, p->scenario);
    fprintf(f, ",\n%*s\"scenario_hash\": ", in, "");
    hash(f, p->scenario, p->scenario_hash);
    if (p->scenario_b) {
        fprintf(f, ",\n%*s\"scenario_b\": ", in, "");
        jsonw_string(f, p->scenario_b);
        fprintf(f, ",\n%*s\"scenario_b_hash\": ", in, "");
        hash(f, p->scenario_b, p->scenario_b_hash);
    }
    fprintf(f, ",\n%*s\"overrides\": {\"set\": ", in, "");
    string_array(f, p->sets, p->n_sets);
    fputs(", \"vary\": ", f);
    string_array(f, p->vary, p->n_vary);
    fprintf(f, "},\n%*s\"seed\": ", in, "");
    if (p->has_seed) fprintf(f, "%llu", (unsigned long long)p->seed);
    else fputs("null", f);
    fprintf(f, ",\n%*s\"data\": ", in, "");
    input(f, &p->data);
    fprintf(f, ",\n%*s\"posterior\": ", in, "");
    input(f, &p->posterior);
    fprintf(f, "\n%*s}", indent, "");
}
