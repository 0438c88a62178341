/* test_model_extra.c - numerical safety of the model: parameters at the ends of their valid
 * ranges never put NaN or infinity into events.csv, series.csv or summary.json, and values
 * that would (zero half-lives and scales, negative rates, non-finite numbers) are refused. */
#include "base/err.h"
#include "model/model.h"
#include "report/output.h"
#include "scenario/scenario.h"
#include <criterion/criterion.h>
#include <ctype.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

static void setup(void) { gsl_set_error_handler_off(); }
TestSuite(model_extra, .init = setup);

static scenario *load_default(void)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(SCN, NULL, 0, &errs);
    scn_errors_free(&errs);
    cr_assert_not_null(s, "cannot load " SCN " (run the tests from the repository root)");
    return s;
}

/* Nonzero when text holds "nan" or "inf" as a word (any case): a non-finite number printed. */
static int has_nonfinite(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (p > text && isalpha((unsigned char)p[-1])) continue;
        if (strncasecmp(p, "nan", 3) != 0 && strncasecmp(p, "inf", 3) != 0) continue;
        if (!isalpha((unsigned char)p[3])) return 1;
        if (strncasecmp(p, "infinity", 8) == 0 && !isalpha((unsigned char)p[8])) return 1;
    }
    return 0;
}

/* Runs s for its horizon and writes the three outputs into one buffer (caller frees). */
static char *run_outputs(const scenario *s)
{
    int err = 0;
    model *m = model_create(s, 3, 0, MODEL_KEEP_ALL, &err);
    cr_assert_not_null(m, "model_create: %s", sim_strerror(err));
    cr_assert_eq(model_run(m), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    output_events_csv(m, f);
    output_series_csv(m, f);
    output_summary_json(m, &(prov){0}, 3, 0, 0, f);
    fclose(f);
    model_destroy(m);
    return buf;
}

Test(model_extra, has_nonfinite_finds_printed_nan_and_inf_only)
{
    cr_assert(has_nonfinite("1,nan,2") && has_nonfinite("x: inf\n") && has_nonfinite("-INF"));
    cr_assert(has_nonfinite("Infinity"));
    cr_assert(!has_nonfinite("infiltration, finance, nanny, Kinfolk"));
}

/* Every parameter alone at its minimum and at its maximum (1e300 when unbounded), for 45
 * days: a value the validator accepts must give finite outputs. */
Test(model_extra, every_parameter_at_the_ends_of_its_range_gives_finite_outputs)
{
    scenario *base = load_default();
    base->days = 45;
    while (base->n_timeline > 0 && base->timeline[base->n_timeline - 1].day >= base->days)
        base->n_timeline--; /* the timeline is sorted; later items would be errors */
    int runs = 0;
    for (int i = 0; i < scenario_param_count(); i++) {
        const scn_param_info *pi = scenario_param_at(i);
        double ends[2] = {pi->min, isinf(pi->max) ? 1e300 : pi->max};
        for (int j = 0; j < 2; j++) {
            scenario *s = scenario_clone(base);
            cr_assert_not_null(s);
            cr_assert_eq(scenario_param_set(&s->p, pi->key, ends[j]), 0, "%s", pi->key);
            scn_errors errs = {0};
            int bad = scenario_validate(s, &errs);
            scn_errors_free(&errs);
            if (!bad) {
                char *out = run_outputs(s);
                cr_assert(!has_nonfinite(out), "%s = %g puts a non-finite number in the outputs",
                          pi->key, ends[j]);
                free(out);
                runs++;
            }
            scenario_destroy(s);
        }
    }
    cr_log_info("%d runs at range ends", runs);
    cr_assert_gt(runs, scenario_param_count());
    scenario_destroy(base);
}

Test(model_extra, zero_half_lives_and_scales_and_negative_rates_are_refused)
{
    static const char *const keys[] = {
        "state.threat.half_life", "state.threat.scale", "host.grievance.half_life",
        "diplomacy.half_life", "host.cooperation_tau", "militants.decay",
        "militants.strike_decay", "militants.distance_scale", "escalation.quiet_days",
    };
    scenario *s = load_default();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cr_assert_eq(scenario_param_set(&s->p, keys[i], 0), SIM_ERANGE, "%s = 0 accepted",
                     keys[i]);
    for (int i = 0; i < scenario_param_count(); i++) {
        const char *k = scenario_param_at(i)->key;
        cr_assert_eq(scenario_param_set(&s->p, k, -2.385), SIM_ERANGE, "%s < 0 accepted", k);
        cr_assert_eq(scenario_param_set(&s->p, k, NAN), SIM_ERANGE, "%s = NaN accepted", k);
        cr_assert_eq(scenario_param_set(&s->p, k, INFINITY), SIM_ERANGE, "%s = inf accepted", k);
    }
    scenario_destroy(s);
}

Test(model_extra, set_overrides_with_zero_scale_or_nan_fail_the_load)
{
    static const char *const over[] = {"state.threat.scale=0", "militants.base_rate=nan",
                                       "diplomacy.half_life=inf", "militants.decay=1e300"};
    for (size_t i = 0; i < sizeof over / sizeof over[0]; i++) {
        scn_errors errs = {0};
        scenario *s = scenario_load(SCN, &over[i], 1, &errs);
        cr_assert_null(s, "%s was accepted", over[i]);
        cr_assert_geq(errs.n, 1);
        cr_assert_str_eq(errs.items[0].file, "--set", "%s", over[i]);
        scenario_destroy(s);
        scn_errors_free(&errs);
    }
}

Test(model_extra, absurd_event_rates_and_casualty_means_are_refused)
{
    static const char *const keys[] = {"militants.base_rate", "state.drone_rate",
                                       "militants.strike_branching", "militants.decay",
                                       "militants.types.suicide.casualties",
                                       "state.strike.civilians", "host.retaliation.casualties"};
    scenario *s = load_default();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cr_assert_eq(scenario_param_set(&s->p, keys[i], 1e300), SIM_ERANGE,
                     "%s = 1e300 accepted (the run would never end)", keys[i]);
    scenario_destroy(s);
}

Test(model_extra, a_sub_day_closure_under_constant_threat_ends, .timeout = 60)
{
    scenario *s = load_default();
    s->days = 60;
    cr_assert_eq(scenario_param_set(&s->p, "state.closure_days", 1e-9), 0);
    cr_assert_eq(scenario_param_set(&s->p, "state.close_at", 0), 0);
    int err = 0;
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, &err);
    cr_assert_not_null(m);
    cr_assert_eq(model_run(m), 0);
    cr_assert_lt(model_record_count(m), 100000, "got %d records", model_record_count(m));
    model_destroy(m);
    scenario_destroy(s);
}
