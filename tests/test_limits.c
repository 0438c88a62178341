/* test_limits.c - what bounds a run (issue 17 item 1): the rules between parameters hold for
 * every path that changes them (the file, a timeline `set`, a script, a knob), an interrupt
 * takes effect inside a busy day, and a run stops at its limit of events. */
#include "base/err.h"
#include "engine/engine.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "story/script.h"
#include "support.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

static void setup(void) { gsl_set_error_handler_off(); }
TestSuite(limits, .init = setup);

/* ---- the engine: stop flag and limit ------------------------------------------------ */

typedef struct {
    int *flag;        /* set on the event numbered set_at */
    long set_at, seen;
} busy;

/* An event that queues another at the same moment, without end: a day that never ends. */
static int again(engine *e, const sim_event *ev, void *ctx)
{
    busy *b = ctx;
    if (++b->seen == b->set_at) *b->flag = 1;
    sim_event next = *ev;
    return engine_schedule(e, &next, NULL);
}

static engine *endless(busy *b)
{
    engine *e = engine_create(1);
    cr_assert_not_null(e);
    engine_on(e, 0, again, b);
    sim_event first = {0.5, 0, -1, 0, 0};
    cr_assert_eq(engine_schedule(e, &first, NULL), 0);
    return e;
}

Test(limits, an_interrupt_stops_the_engine_inside_a_day)
{
    int flag = 0;
    busy b = {&flag, 5000, 0};
    engine *e = endless(&b);
    engine_set_limits(e, 0, &flag);
    cr_assert_eq(engine_run_until(e, 1.0), SIM_EINTR);
    /* The flag is read every ENGINE_STOP_EVERY events: at most that many run after it. */
    cr_assert(engine_events_run(e) >= 5000 && engine_events_run(e) <= 5000 + ENGINE_STOP_EVERY,
              "stopped after %llu events", (unsigned long long)engine_events_run(e));
    cr_assert(engine_now(e) == 0.5, "the clock is left at the last event, found %g",
              engine_now(e));
    engine_destroy(e);
}

Test(limits, the_engine_stops_at_its_limit_of_events)
{
    int flag = 0;
    busy b = {&flag, -1, 0};
    engine *e = endless(&b);
    engine_set_limits(e, 12345, NULL);
    cr_assert_eq(engine_run_until(e, 1.0), SIM_ELIMIT);
    cr_assert_eq(engine_events_run(e), 12345);
    cr_assert_eq(engine_run_until(e, 1.0), SIM_ELIMIT, "the limit holds on the next call");
    engine_destroy(e);
}

/* ---- the rules between parameters -------------------------------------------------- */

#define BASE "scenario: {name: t, start_date: 2023-01-01, days: 60, seed: 7}\n"            \
             "zones:\n"                                                                    \
             "  - {name: Kunar, side: host, kind: sanctuary, lat: 34.87, lon: 71.15}\n"   \
             "  - {name: Peshawar, side: state, kind: target, lat: 34.01, lon: 71.58}\n"

/* Loads text from a scratch file; returns the scenario or NULL with errs filled. */
static scenario *load_text(const char *text, scn_errors *errs)
{
    char dir[512], path[600];
    support_temp_dir(dir, sizeof dir, "limits");
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    scenario *s = scenario_load(path, NULL, 0, errs);
    support_remove_tree(dir);
    return s;
}

Test(limits, timeline_sets_are_judged_in_day_order_from_the_parameters_then_in_force)
{
    scn_errors errs = {0};
    /* Allowed first, then explosive: valid. */
    scenario *s = load_text(BASE "timeline:\n"
                            "  - {day: 10, action: set, key: militants.branching, value: 1.2}\n"
                            "  - {day: 5, action: set, key: militants.allow_explosive, value: true}\n",
                            &errs);
    cr_assert_not_null(s, "%s", errs.n ? errs.items[0].msg : "");
    scenario_destroy(s);
    /* Explosive first, allowed later: the explosive item is refused at its line. */
    s = load_text(BASE "timeline:\n"
                  "  - {day: 10, action: set, key: militants.allow_explosive, value: true}\n"
                  "  - {day: 5, action: set, key: militants.branching, value: 1.2}\n",
                  &errs);
    cr_assert_null(s);
    cr_assert_eq(errs.n, 1);
    cr_assert_eq(errs.items[0].line, 7);
    cr_assert_str_eq(errs.items[0].key, "militants.branching");
    cr_assert(strstr(errs.items[0].msg, "explosive process") &&
              strstr(errs.items[0].msg, "timeline[1]"), "%s", errs.items[0].msg);
    scn_errors_free(&errs);
}

Test(limits, a_knob_cannot_break_a_rule_and_leaves_the_parameters_unchanged)
{
    scn_errors errs = {0};
    scenario *s = load_text(BASE, &errs);
    cr_assert_not_null(s);
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_not_null(m);
    double before = model_params(m)->militants.branching;
    cr_assert_eq(model_set_param(m, "militants.branching", 1.5, MODEL_ACTOR_USER, "knob"),
                 SIM_ERANGE);
    cr_assert(model_params(m)->militants.branching == before);
    for (int t = 0; t < SCN_NATTACK_TYPES - 1; t++) {
        char key[64];
        snprintf(key, sizeof key, "militants.types.%s.probability", scn_attack_type_name(t));
        cr_assert_eq(model_set_param(m, key, 0, MODEL_ACTOR_USER, "knob"), 0);
    }
    char last[64];
    snprintf(last, sizeof last, "militants.types.%s.probability",
             scn_attack_type_name(SCN_NATTACK_TYPES - 1));
    cr_assert_eq(model_set_param(m, last, 0, MODEL_ACTOR_USER, "knob"), SIM_ERANGE,
                 "the last attack type cannot be turned off");
    cr_assert_eq(model_set_param(m, "militants.allow_explosive", 1, MODEL_ACTOR_USER, "k"), 0);
    cr_assert_eq(model_set_param(m, "militants.branching", 1.5, MODEL_ACTOR_USER, "knob"), 0);
    model_destroy(m);
    scenario_destroy(s);
}

Test(limits, a_script_set_is_judged_with_the_timeline_sets_before_it)
{
    scn_errors errs = {0};
    scenario *s = load_text(BASE "timeline:\n"
                            "  - {day: 5, action: set, key: militants.allow_explosive, value: true}\n",
                            &errs);
    cr_assert_not_null(s);
    script *sc = NULL;
    cr_assert_eq(script_parse("5 set militants.branching 1.2\n", "k.script", s, &sc, &errs), 0,
                 "on day 5 the timeline's item runs first");
    script_destroy(sc);
    cr_assert_eq(script_parse("# early\n4 set militants.branching 1.2\n", "k.script", s, &sc,
                              &errs), SIM_EPARSE);
    cr_assert_null(sc);
    cr_assert_eq(errs.n, 1);
    cr_assert_eq(errs.items[0].line, 2);
    cr_assert_eq(errs.items[0].col, 27);
    cr_assert(strstr(errs.items[0].msg, "explosive process"), "%s", errs.items[0].msg);
    scn_errors_free(&errs);
    scenario_destroy(s);
}

Test(limits, a_run_stops_at_the_scenarios_limit_of_events)
{
    scn_errors errs = {0};
    scenario *s = load_text("scenario: {name: t, start_date: 2023-01-01, days: 60, seed: 7,"
                            " max_events: 2000}\n"
                            "zones:\n"
                            "  - {name: Kunar, side: host, kind: sanctuary, lat: 34.87, lon: 71.15}\n"
                            "  - {name: Peshawar, side: state, kind: target, lat: 34.01, lon: 71.58}\n"
                            "militants: {base_rate: 100}\n", &errs);
    cr_assert_not_null(s, "%s", errs.n ? errs.items[0].msg : "");
    cr_assert_eq(s->max_events, 2000);
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_run(m), SIM_ELIMIT);
    cr_assert_eq(model_events_run(m), 2000);
    cr_assert(model_now(m) < 60);
    model_destroy(m);
    scenario_destroy(s);
    cr_assert_null(load_text("scenario: {name: t, start_date: 2023-01-01, days: 60, "
                             "max_events: 0}\n", &errs));
    cr_assert(errs.n >= 1 && strstr(errs.items[0].msg, "from 1 to 1000000000"), "%s",
              errs.n ? errs.items[0].msg : "");
    scn_errors_free(&errs);
}
