/* test_strike_rule.c - model_strike_rule_get states the strike rule as the model applies it:
 * on the days the state would strike, the check says every condition holds, and on the
 * other days it names a condition that does not. */
#include "model/model.h"
#include <criterion/criterion.h>
#include <string.h>

TestSuite(strike_rule);

static scenario *load_default(void)
{
    scn_errors errs = {0};
    scenario *s = scenario_load("scenarios/kabul-ultimatum-2023.yaml", NULL, 0, &errs);
    cr_assert_not_null(s, "the default scenario loads");
    scn_errors_free(&errs);
    return s;
}

/* Nonzero when a record at day t changed the rule's inputs after the state decided (the
 * host's relocation meets the ultimatum; mediators stepping in raise the line, their
 * ceasefires stop strikes): the check, read after the whole tick, may then differ from the
 * decision taken at its start. */
static int changed_after_decision(const model *m, int from, double t)
{
    for (int i = from; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        if (r->t < t) continue;
        if (r->kind == MODEL_REC_RELOCATION || r->kind == MODEL_REC_CEASEFIRE ||
            r->kind == MODEL_REC_MEDIATION)
            return 1;
    }
    return 0;
}

/* The state is played by a class that issues every ultimatum the model would and never
 * strikes, so the strike rule's conditions come and go without a strike resetting them. */
static void check_seed(const scenario *s, unsigned seed, int *agree_allowed, int *agree_not)
{
    model *m = model_create(s, seed, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_not_null(m);
    cr_assert_eq(model_set_policy(m, SCN_SIDE_STATE, MODEL_POLICY_DEFER), 0);
    /* Decisions are taken at the start of days 1 .. days - 1: time `days` is the end of the
     * run, when nothing is decided any more (docs/outputs.md, Days). */
    for (double t = 1; t < model_horizon(m); t += 1) {
        int from = model_record_count(m);
        cr_assert_eq(model_run_until(m, t), 0);
        int strike = 0, ult = 0;
        for (int i = 0; i < model_decision_count(m); i++) {
            strike |= model_decision_at(m, i)->kind == MODEL_REC_STRIKE;
            ult |= model_decision_at(m, i)->kind == MODEL_REC_ULTIMATUM;
        }
        model_decisions_clear(m);
        model_strike_rule r;
        model_strike_rule_get(m, &r);
        if (!changed_after_decision(m, from, t)) {
            cr_assert_eq(r.allowed, strike, "seed %u day %g: check says %d, the state %s", seed,
                         t, r.allowed, strike ? "would strike" : "would not");
            if (strike) (*agree_allowed)++;
            else (*agree_not)++;
        }
        int open = 1;
        for (int c = 0; c < MODEL_NSC; c++) {
            open &= r.met[c];
            cr_assert(r.text[c][0] != '\0', "condition %d has a text", c);
        }
        cr_assert_eq(r.allowed, open, "allowed is the AND of the conditions");
        if (ult) {
            scn_timeline_item it = {.action = SCN_ACT_ULTIMATUM, .zone = -1, .type = -1,
                                    .casualties = -1, .days = -1};
            cr_assert_eq(model_inject(m, &it, MODEL_ACTOR_USER), 0);
        }
    }
    model_destroy(m);
}

Test(strike_rule, the_check_agrees_with_the_decision_every_day)
{
    scenario *s = load_default();
    int yes = 0, no = 0;
    for (unsigned seed = 1; seed <= 12; seed++) check_seed(s, seed, &yes, &no);
    cr_assert_gt(yes, 3, "expected: days on which the state would strike, got %d", yes);
    cr_assert_gt(no, 1000, "expected: many days without, got %d", no);
    scenario_destroy(s);
}

Test(strike_rule, a_running_ultimatum_is_stated_with_its_days_left)
{
    scenario *s = load_default();
    model *m = model_create(s, 3, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_run_until(m, 2), 0);
    scn_timeline_item it = {.action = SCN_ACT_ULTIMATUM, .zone = -1, .type = -1,
                            .casualties = -1, .days = 9};
    cr_assert_eq(model_inject(m, &it, MODEL_ACTOR_USER), 0);
    model_strike_rule r;
    model_strike_rule_get(m, &r);
    cr_assert_eq(r.met[MODEL_SC_ULTIMATUM], 0);
    cr_assert(strstr(r.text[MODEL_SC_ULTIMATUM], "9 days left") != NULL, "text: %s",
              r.text[MODEL_SC_ULTIMATUM]);
    cr_assert_float_eq(r.ultimatum_deadline, 11.0, 1e-9, "deadline: %g", r.ultimatum_deadline);
    cr_assert_eq(model_run_until(m, 12), 0);
    model_strike_rule_get(m, &r);
    cr_assert(strstr(r.text[MODEL_SC_ULTIMATUM], "running") == NULL,
              "after its deadline the ultimatum is no longer running: %s",
              r.text[MODEL_SC_ULTIMATUM]);
    model_destroy(m);
    scenario_destroy(s);
}
