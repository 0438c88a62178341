/* fuzz_script.c - libFuzzer target for the knob/inject script reader (script_parse, in
 * memory) against the default scenario.
 *
 * A parse returns a script or errors, never crashes or leaks. A script that parses is written
 * back (script_write) and must parse again to the same entries, and replaying it on a model
 * for up to 30 days must keep every state variable finite. */
#include "base/err.h"
#include "fuzz_util.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "story/script.h"
#include <gsl/gsl_errno.h>
#include <math.h>

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

static scenario *scn;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    gsl_set_error_handler_off();
    scn_errors errs = {0};
    scn = scenario_load(SCN, NULL, 0, &errs);
    scn_errors_free(&errs);
    if (!scn) {
        fprintf(stderr, "fuzz_script: cannot load " SCN " (run from the repository root)\n");
        abort();
    }
    return 0;
}

static int same_item(const scn_timeline_item *a, const scn_timeline_item *b)
{
    return a->day == b->day && a->action == b->action && a->zone == b->zone &&
           a->type == b->type && a->value == b->value && a->casualties == b->casualties &&
           a->days == b->days && strcmp(a->key, b->key) == 0 && strcmp(a->note, b->note) == 0;
}

static void check_round_trip(const script *sc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return;
    int rc = script_write(sc, scn, f);
    fclose(f);
    if (rc == 0) {
        scn_errors errs = {0};
        script *back = NULL;
        if (script_parse(text, "written", scn, &back, &errs) != 0) {
            scn_errors_print(&errs, stderr);
            abort(); /* the writer produced a script the reader rejects */
        }
        if (script_count(back) != script_count(sc)) abort();
        for (int i = 0; i < script_count(sc); i++)
            if (!same_item(script_at(sc, i), script_at(back, i))) abort();
        script_destroy(back);
        scn_errors_free(&errs);
    }
    free(text);
}

static void check_replay(script *sc)
{
    int err = 0;
    model *m = model_create(scn, 1, 0, MODEL_KEEP_ALL, &err);
    if (!m) abort();
    if (script_apply_until(sc, m, 30) == 0) {
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
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    scn_errors errs = {0};
    script *sc = NULL;
    int rc = script_parse(text, "fuzz.script", scn, &sc, &errs);
    if (rc == 0) {
        if (!sc) abort();
        check_round_trip(sc);
        check_replay(sc);
    } else if (sc || (rc == SIM_EPARSE && errs.n == 0)) {
        abort(); /* an error leaves no script and says why */
    }
    script_destroy(sc);
    scn_errors_free(&errs);
    free(text);
    return 0;
}
