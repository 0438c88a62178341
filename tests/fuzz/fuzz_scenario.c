/* fuzz_scenario.c - libFuzzer target for the scenario reader.
 *
 * The input is a scenario file, optionally followed by a line "#--set" and one override
 * ("section.key=value") per line. The loader must return a scenario or errors, never crash or
 * leak. A scenario that loads must survive the writer's round trip with the same hash, and a
 * short run of the model must keep every state variable finite. */
#include "base/alloc.h"
#include "fuzz_util.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include <math.h>

#define MAX_OVERRIDES 16

/* Splits the override lines after the marker into over[] (pointers into buf). */
static int split_overrides(char *buf, const char **over)
{
    int n = 0;
    for (char *line = strtok(buf, "\n"); line && n < MAX_OVERRIDES; line = strtok(NULL, "\n"))
        over[n++] = line;
    return n;
}

static void check_round_trip(const scenario *s)
{
    char path[600];
    const char *dir = fuzz_scratch();
    snprintf(path, sizeof path, "%s/written.yaml", dir);
    FILE *f = fopen(path, "w");
    if (!f) return;
    int rc = scenario_write_yaml(s, f);
    fclose(f);
    if (rc != 0) return;
    scn_errors errs = {0};
    scenario *back = scenario_load(path, NULL, 0, &errs);
    if (!back) {
        scn_errors_print(&errs, stderr);
        abort(); /* the writer produced a file the reader rejects */
    }
    if (scenario_hash(back) != scenario_hash(s)) abort();
    scenario_destroy(back);
    scn_errors_free(&errs);
}

/* Runs at most 30 days (an explosive process could run away: skipped) and checks the state. */
static void check_short_run(const scenario *s)
{
    if (s->p.militants.allow_explosive || s->p.militants.base_rate > 50) return;
    int err = 0;
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, &err);
    if (!m) abort();
    if (model_run_until(m, fmin(30, model_horizon(m))) == 0) {
        model_state st;
        model_state_get(m, &st);
        double v[] = {st.lambda, st.pressure, st.threat, st.cooperation, st.grievance,
                      st.diplomatic, st.threshold.effective};
        for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
            if (!isfinite(v[i])) abort();
    }
    model_destroy(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char marker[] = "\n#--set\n";
    char *copy = malloc(size + 1), *over_text = NULL;
    if (!copy) return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    size_t file_len = size;
    char *cut = strstr(copy, marker);
    if (cut) {
        file_len = (size_t)(cut - copy) + 1;
        over_text = cut + sizeof marker - 1;
    }
    const char *over[MAX_OVERRIDES];
    int n_over = over_text ? split_overrides(over_text, over) : 0;
    char path[600];
    if (fuzz_write("s.yaml", data, file_len, path, sizeof path) == 0) {
        scn_errors errs = {0};
        scenario *s = scenario_load(path, over, n_over, &errs);
        if (s) {
            check_round_trip(s);
            check_short_run(s);
        } else if (errs.n == 0) {
            abort(); /* a failed load must say why */
        }
        scenario_destroy(s);
        scn_errors_free(&errs);
    }
    free(copy);
    return 0;
}
