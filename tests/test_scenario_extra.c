/* test_scenario_extra.c - regression inputs (tests/regress/): each file once crashed, hung or
 * leaked a reader or the model, and is named for what it must do now:
 *   reject-*.yaml  the load fails with file:line:col errors
 *   run-*.yaml     the load succeeds and a run ends with finite outputs
 *   limit-*.yaml   the load succeeds and the run stops at scenario.max_events (SIM_ELIMIT)
 *   load-*.csv     the incident import ends (loaded or refused) with sorted rows or a message
 *   reject-*.csv   the import is refused with a message naming file:line
 *   strict-*.csv   the import loads with a message about a row, and --strict refuses it
 *   reject-*.script / run-*.script  the same for knob/inject scripts on the default scenario
 *   reject-*.map   the region map reader refuses it with a line number
 * A new crash found by the fuzzers is added here as a file; no code change is needed. */
#include "base/err.h"
#include "data/incidents.h"
#include "map/map.h"
#include "model/model.h"
#include "report/output.h"
#include "scenario/scenario.h"
#include "story/script.h"
#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REGRESS "tests/regress"
#define SCN "scenarios/kabul-ultimatum-2023.yaml"

static void setup(void) { gsl_set_error_handler_off(); }
TestSuite(scenario_extra, .init = setup);

static int has_prefix(const char *s, const char *p) { return strncmp(s, p, strlen(p)) == 0; }

static int has_suffix(const char *s, const char *x)
{
    size_t n = strlen(s), k = strlen(x);
    return n >= k && strcmp(s + n - k, x) == 0;
}

/* Nonzero when text holds "nan" or "inf" as a word (any case). */
static int has_nonfinite(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (p > text && isalpha((unsigned char)p[-1])) continue;
        if ((strncasecmp(p, "nan", 3) == 0 || strncasecmp(p, "inf", 3) == 0) &&
            !isalpha((unsigned char)p[3]))
            return 1;
    }
    return 0;
}

static void must_reject(const char *path)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(path, NULL, 0, &errs);
    cr_assert_null(s, "%s: loaded, expected errors", path);
    cr_assert_gt(errs.n, 0, "%s: failed without an error", path);
    cr_assert(errs.items[0].line > 0, "%s: the error names no line", path);
    scn_errors_free(&errs);
}

static void must_run(const char *path)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(path, NULL, 0, &errs);
    cr_assert_not_null(s, "%s: %s", path, errs.n ? errs.items[0].msg : "no error");
    scn_errors_free(&errs);
    int err = 0;
    model *m = model_create(s, s->seed, 0, MODEL_KEEP_ALL, &err);
    cr_assert_not_null(m);
    cr_assert_eq(model_run(m), 0, "%s: the run failed", path);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    output_events_csv(m, f);
    output_series_csv(m, f);
    output_summary_json(m, &(prov){0}, s->seed, 0, 0, f);
    fclose(f);
    cr_assert(!has_nonfinite(buf), "%s: a non-finite number in the outputs", path);
    free(buf);
    model_destroy(m);
    scenario_destroy(s);
}

static void must_hit_limit(const char *path)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(path, NULL, 0, &errs);
    cr_assert_not_null(s, "%s: %s", path, errs.n ? errs.items[0].msg : "no error");
    scn_errors_free(&errs);
    int err = 0;
    model *m = model_create(s, s->seed, 0, MODEL_KEEP_ALL, &err);
    cr_assert_not_null(m);
    cr_assert_eq(model_run(m), SIM_ELIMIT, "%s: expected the run to stop at its limit", path);
    cr_assert_eq(model_events_run(m), s->max_events, "%s: stopped after %llu events, not %llu",
                 path, (unsigned long long)model_events_run(m), s->max_events);
    model_destroy(m);
    scenario_destroy(s);
}

static void must_load_or_refuse(const char *path)
{
    incidents_opts o;
    memset(&o, 0, sizeof o);
    incidents *set = NULL;
    incidents_report rep;
    int rc = incidents_load(path, &o, &set, &rep);
    if (rc == 0) {
        cr_assert_not_null(set);
        for (int i = 1; i < set->n; i++)
            cr_assert_geq(set->items[i].day, set->items[i - 1].day, "%s: not sorted", path);
    } else {
        cr_assert_null(set);
        cr_assert(rep.error[0], "%s: refused without a message", path);
    }
    incidents_destroy(set);
}

static void must_refuse_csv(const char *path, int strict)
{
    incidents_opts o;
    memset(&o, 0, sizeof o);
    o.strict = strict;
    incidents *set = NULL;
    incidents_report rep;
    cr_assert_eq(incidents_load(path, &o, &set, &rep), SIM_EPARSE, "%s: not refused", path);
    cr_assert_null(set);
    char where[700];
    snprintf(where, sizeof where, "%s:", path);
    cr_assert(strncmp(rep.error, where, strlen(where)) == 0 && isdigit((unsigned char)
              rep.error[strlen(where)]), "%s: expected file:line, got '%s'", path, rep.error);
}

static void must_warn_csv(const char *path)
{
    incidents_opts o;
    memset(&o, 0, sizeof o);
    incidents *set = NULL;
    incidents_report rep;
    cr_assert_eq(incidents_load(path, &o, &set, &rep), 0, "%s: %s", path, rep.error);
    cr_assert_gt(rep.n_msgs, 0, "%s: a row was skipped without a message", path);
    incidents_destroy(set);
    must_refuse_csv(path, 1);
}

/* Loads the script at path against the default scenario; must_run replays it to the end. */
static void check_script(const char *path, int must_run_it)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(SCN, NULL, 0, &errs);
    cr_assert_not_null(s, "cannot load " SCN);
    scn_errors_free(&errs);
    script *sc = NULL;
    int rc = script_load(path, s, &sc, &errs);
    if (!must_run_it) {
        cr_assert(rc == SIM_EPARSE && !sc && errs.n > 0, "%s: expected errors, got %d", path,
                  rc);
    } else {
        cr_assert(rc == 0, "%s: %s", path, errs.n ? errs.items[0].msg : "no error");
        int err = 0;
        model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, &err);
        cr_assert_not_null(m);
        cr_assert_eq(script_apply_until(sc, m, model_horizon(m)), 0, "%s: replay failed", path);
        model_state st;
        model_state_get(m, &st);
        cr_assert(isfinite(st.pressure) && isfinite(st.threat) && isfinite(st.grievance));
        model_destroy(m);
    }
    script_destroy(sc);
    scn_errors_free(&errs);
    scenario_destroy(s);
}

static void must_reject_map(const char *path)
{
    char err[512] = "";
    map *m = map_load(path, err, sizeof err);
    cr_assert_null(m, "%s: the map reader accepted it", path);
    cr_assert(strstr(err, ":") != NULL, "%s: expected a file:line message, got: '%s'", path, err);
}

Test(scenario_extra, every_regression_input_is_refused_or_runs_as_its_name_says, .timeout = 120)
{
    DIR *d = opendir(REGRESS);
    if (!d) cr_skip_test(REGRESS " not found (run from the repository root)");
    struct dirent *e;
    int n = 0;
    char path[600];
    while ((e = readdir(d))) {
        snprintf(path, sizeof path, REGRESS "/%s", e->d_name);
        if (has_prefix(e->d_name, "reject-") && has_suffix(e->d_name, ".yaml")) must_reject(path);
        else if (has_prefix(e->d_name, "run-") && has_suffix(e->d_name, ".yaml")) must_run(path);
        else if (has_prefix(e->d_name, "limit-") && has_suffix(e->d_name, ".yaml"))
            must_hit_limit(path);
        else if (has_prefix(e->d_name, "reject-") && has_suffix(e->d_name, ".csv"))
            must_refuse_csv(path, 0);
        else if (has_prefix(e->d_name, "strict-") && has_suffix(e->d_name, ".csv"))
            must_warn_csv(path);
        else if (has_suffix(e->d_name, ".csv")) must_load_or_refuse(path);
        else if (has_prefix(e->d_name, "reject-") && has_suffix(e->d_name, ".map"))
            must_reject_map(path);
        else if (has_suffix(e->d_name, ".script"))
            check_script(path, has_prefix(e->d_name, "run-"));
        else continue;
        n++;
    }
    closedir(d);
    cr_log_info("%d regression inputs", n);
    cr_assert_geq(n, 16, "expected: the committed inputs, got: %d", n);
}
