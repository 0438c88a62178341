/* test_narrate.c - captions for every record kind, built from crafted records whose reasons
 * follow the model's phrasing, and the threshold explanation. */
#include "base/date.h"
#include "base/err.h"
#include "model/model.h"
#include "story/narrate.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

TestSuite(narrate);

enum { Z_KHOST, Z_PESHAWAR, Z_TORKHAM };

/* A small scenario with the real names, starting on 1 January 2023. */
static scenario *names_scenario(void)
{
    scenario *s = scenario_create_default();
    cr_assert_not_null(s);
    snprintf(s->side_name[SCN_SIDE_STATE], SCN_NAME_MAX, "Pakistan");
    snprintf(s->side_name[SCN_SIDE_HOST], SCN_NAME_MAX, "Afghanistan (Taliban)");
    snprintf(s->militant_name, SCN_NAME_MAX, "TTP");
    snprintf(s->mediator_name, SCN_NAME_MAX, "Qatar and Turkey");
    cr_assert_eq(date_parse("2023-01-01", &s->start_date), 0);
    scn_zone z[] = {
        {"Khost", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY, 33.34, 69.92, 1.0, 0},
        {"Peshawar", SCN_SIDE_STATE, SCN_ZONE_TARGET, 34.01, 71.58, 0, 3.0},
        {"Torkham", SCN_SIDE_STATE, SCN_ZONE_CROSSING, 34.11, 71.09, 0, 0},
    };
    for (int i = 0; i < 3; i++) cr_assert_eq(scenario_add_zone(s, &z[i]), i);
    return s;
}

typedef struct caption_case {
    int kind, actor, zone, type, scripted;
    double t, casualties, civilians;
    int ladder;
    const char *reason, *expected;
} caption_case;

static const caption_case cases[] = {
    {MODEL_REC_ATTACK, MODEL_ACTOR_MILITANTS, Z_PESHAWAR, SCN_ATTACK_SUICIDE, 0, 40.3, 14, 0, 1,
     "suicide attack from Khost (background) on Peshawar; 14 casualties; pressure +11.6, "
     "threat 0.52 -> 0.66",
     "A suicide attack in Peshawar kills 14."},
    {MODEL_REC_ATTACK, MODEL_ACTOR_SCRIPT, Z_PESHAWAR, SCN_ATTACK_SUICIDE, 1, 29, 100, 0, 1,
     "Police Lines mosque bombing: suicide attack from Khost (scripted) on Peshawar; 100 "
     "casualties; pressure +30.2, threat 0.40 -> 0.80; mass-casualty attack",
     "A suicide attack in Peshawar kills 100, a mass-casualty attack (Police Lines mosque "
     "bombing)."},
    {MODEL_REC_ULTIMATUM, MODEL_ACTOR_STATE, -1, -1, 0, 28, 0, 0, 2,
     "threat 0.62 >= warning level 0.55; deadline 2023-02-28 (30 days); diplomatic pressure "
     "+4.0",
     "The threat score reached 0.62, above the warning level of 0.55, so Pakistan gives "
     "Afghanistan (Taliban) an ultimatum: act against the TTP by 28 February 2023."},
    {MODEL_REC_ULTIMATUM_EXPIRED, MODEL_ACTOR_STATE, -1, -1, 0, 82, 0, 0, 2,
     "the deadline of the ultimatum of 2023-02-22 passed unmet; threat now 0.93 (warning "
     "level 0.55); it stays in force until 2023-04-23 unless enforced",
     "The ultimatum's deadline has passed with the threat score at 0.93: until 23 April 2023 "
     "Pakistan may strike if the threat stays above its threshold."},
    {MODEL_REC_ULTIMATUM_LAPSED, MODEL_ACTOR_STATE, -1, -1, 0, 112, 0, 0, 2,
     "the ultimatum of 2023-02-22 (deadline 2023-03-24) lapses unenforced: 30 days after its "
     "deadline, not renewed",
     "The ultimatum of 22 February 2023 lapses without a strike (30 days after its deadline, "
     "not renewed): a new one would be needed before the next strike."},
    {MODEL_REC_STRIKE, MODEL_ACTOR_STATE, Z_KHOST, -1, 0, 82, 0, 6, 3,
     "threat 0.81 >= threshold 0.75 (base 0.70 + cooperation credit 0.05 + mediation 0.00 + "
     "international 0.00); the ultimatum of 2023-02-22 defied (deadline 2023-03-24 passed), "
     "still in force until 2023-04-23; cooldown ok (no earlier strike); "
     "intelligence finds the largest sanctuary, Khost (u 0.45 < q 0.70); capacity 1.00 -> "
     "0.70; 6 civilians killed; grievance +6.0",
     "The threat score reached 0.81, above the threshold of 0.75 - the ultimatum of 22 "
     "February 2023 was defied (its deadline, 24 March 2023, passed) and was still in force "
     "until 23 April 2023, so Pakistan strikes the TTP sanctuary in Khost. 6 civilians are "
     "killed."},
    {MODEL_REC_CLOSURE, MODEL_ACTOR_STATE, -1, -1, 0, 29, 0, 0, 2,
     "threat 0.98 >= closure level 0.80; 4 crossings closed for 10 days",
     "The threat score reached 0.98, above the closure level of 0.80, so Pakistan closes 4 "
     "border crossings for 10 days."},
    /* the closure a clash brings (host.clash.closure_probability): no threat in its reason */
    {MODEL_REC_CLOSURE, MODEL_ACTOR_STATE, Z_TORKHAM, -1, 0, 60, 0, 0, 5,
     "the crossing is shut after the clash: Torkham closed 7 days (u 0.04 < p_close 0.36)",
     "Pakistan shuts the crossing at Torkham for 7 days after the clash there."},
    {MODEL_REC_REOPEN, MODEL_ACTOR_STATE, -1, -1, 0, 110, 0, 0, 2,
     "the closure ran its course", "The border crossings reopen."},
    {MODEL_REC_DELEGATION, MODEL_ACTOR_SCRIPT, -1, -1, 1, 52, 0, 0, 1,
     "Defence minister and ISI chief in Kabul; diplomatic pressure +3.0 -> 11.17",
     "Pakistan sends a delegation to Afghanistan (Taliban): Defence minister and ISI chief in "
     "Kabul. Diplomatic pressure on Afghanistan (Taliban) rises to 11.2."},
    {MODEL_REC_DEMARCHE, MODEL_ACTOR_STATE, -1, -1, 0, 2, 0, 0, 1,
     "threat 0.38 >= protest level 0.35: the state protests; diplomatic pressure +1.0 -> 1.00",
     "The threat score is 0.38, above the protest level of 0.35: Pakistan protests to "
     "Afghanistan (Taliban) (diplomatic pressure 1.0)."},
    {MODEL_REC_DEPORTATION, MODEL_ACTOR_SCRIPT, -1, -1, 1, 300, 0, 0, 1,
     "Deadline for undocumented Afghans to leave; diplomatic pressure +2.0 -> 4.50",
     "Pakistan deports people back to Afghanistan (Taliban): Deadline for undocumented Afghans "
     "to leave. Diplomatic pressure on Afghanistan (Taliban) rises to 4.5."},
    {MODEL_REC_DENIAL, MODEL_ACTOR_HOST, -1, -1, 0, 2, 0, 0, 1,
     "the host denies sheltering TTP (denial probability 0.80)",
     "Afghanistan (Taliban) denies sheltering the TTP."},
    {MODEL_REC_CRACKDOWN, MODEL_ACTOR_HOST, Z_KHOST, -1, 0, 107, 0, 0, 3,
     "cooperation 0.18: crackdown (p 0.009, u 0.01) on the most active sanctuary; capacity "
     "1.00 -> 0.85",
     "Afghanistan (Taliban) cracks down on the TTP in Khost (cooperation 0.18): the sanctuary "
     "loses 15% of its strength."},
    {MODEL_REC_RELOCATION, MODEL_ACTOR_HOST, -1, -1, 0, 60, 0, 0, 2,
     "ultimatum active and cooperation 0.47 >= 0.45: fighters moved away from the border "
     "(capacity -20%); the ultimatum is met",
     "Afghanistan (Taliban) moves TTP fighters away from the border (cooperation 0.47): the "
     "ultimatum is met, so it gives no ground for a strike."},
    {MODEL_REC_DEAL_OFFER, MODEL_ACTOR_HOST, -1, -1, 0, 36, 0, 0, 2,
     "diplomatic pressure 6.81 >= 6.00: \"we will disarm them if you pay\"",
     "Under diplomatic pressure of 6.8 (offer level 6.0), Afghanistan (Taliban) offers to "
     "disarm the TTP if Pakistan pays."},
    {MODEL_REC_DEAL_ACCEPTED, MODEL_ACTOR_STATE, -1, -1, 0, 52, 0, 0, 2,
     "the state accepts (u 0.12 < p_accept 0.20): disarmament at 0.010/day for 0.50/day",
     "Pakistan accepts the deal: it pays 0.50 a day while the TTP are disarmed."},
    {MODEL_REC_DEAL_REJECTED, MODEL_ACTOR_STATE, -1, -1, 0, 36, 0, 0, 2,
     "the state refuses to pay (u 0.84 >= p_accept 0.20)",
     "Pakistan refuses to pay for the deal (it pays in 20% of cases)."},
    {MODEL_REC_DEAL_COLLAPSE, MODEL_ACTOR_HOST, -1, -1, 0, 74, 0, 0, 1,
     "the deal collapses (p 0.0065 = 0.0020 + 0.0010 x grievance 4.5; u 0.0038)",
     "The deal collapses: the grievance of Afghanistan (Taliban) (4.5) made it fragile."},
    {MODEL_REC_RETALIATION_PLANNED, MODEL_ACTOR_HOST, Z_TORKHAM, -1, 0, 82, 0, 0, 3,
     "the host vows to answer the strike at Torkham (p 0.84 = 0.30 + 0.050 x grievance 10.8; "
     "u 0.61)",
     "Afghanistan (Taliban) vows to answer the strike at Torkham (a chance of 84%, driven by "
     "its grievance of 10.8)."},
    {MODEL_REC_CLASH, MODEL_ACTOR_HOST, Z_TORKHAM, -1, 0, 84.8, 15, 0, 5,
     "retaliation for the strike; 7 + 8 casualties; Torkham closed 7 days; 3 clashes in 14 days",
     "Border forces of Afghanistan (Taliban) and Pakistan clash at Torkham: 15 killed on both "
     "sides; the crossing stays closed for 7 days. That makes 3 clashes in 14 days."},
    {MODEL_REC_CLASH, MODEL_ACTOR_HOST, Z_TORKHAM, -1, 0, 53.2, 6, 0, 4,
     "border incident at Torkham: rate 0.0438/day; u 0.0265 < p 0.0428; 3 + 3 casualties; "
     "Torkham stays open (u 0.85 >= p_close 0.36); 1 clash in 14 days",
     "Border forces of Afghanistan (Taliban) and Pakistan clash at Torkham: 6 killed on both "
     "sides; the crossing stays open."},
    {MODEL_REC_DRONE, MODEL_ACTOR_STATE, Z_KHOST, -1, 0, 42.9, 0, 0, 2,
     "drone incursion (rate 0.020/day) over Khost; grievance +1.0 -> 2.2",
     "A drone from Pakistan flies over Khost; the grievance of Afghanistan (Taliban) rises to "
     "2.2."},
    {MODEL_REC_MEDIATION, MODEL_ACTOR_MEDIATOR, -1, -1, 0, 90, 0, 0, 4,
     "Qatar and Turkey steps in: ladder 4 >= 4 (p 0.10, u 0.03)",
     "Mediators from Qatar and Turkey step in: the escalation ladder reached 4 (border "
     "clashes)."},
    {MODEL_REC_MEDIATION_END, MODEL_ACTOR_MEDIATOR, -1, -1, 0, 111, 0, 0, 4,
     "talks lapse without a result", "The mediation ends: talks lapse without a result."},
    {MODEL_REC_CEASEFIRE, MODEL_ACTOR_MEDIATOR, -1, -1, 0, 95, 0, 0, 4,
     "talks succeed (u 0.07 < p_cf 0.15); ceasefire for 30 days: no strikes, no clashes",
     "The mediated talks succeed: a ceasefire for 30 days, with no strikes and no border "
     "clashes."},
    {MODEL_REC_CEASEFIRE_END, MODEL_ACTOR_MEDIATOR, -1, -1, 0, 125, 0, 0, 3,
     "the ceasefire ran its course",
     "The ceasefire ends: strikes and clashes are possible again."},
    {MODEL_REC_LADDER, MODEL_ACTOR_STATE, -1, -1, 0, 43, 0, 0, 1,
     "14 quiet days: the ladder steps down to 1 (diplomatic friction)",
     "After 14 quiet days the escalation ladder steps down to 1 (diplomatic friction)."},
    {MODEL_REC_SET, MODEL_ACTOR_USER, -1, -1, 1, 30, 0, 0, 1,
     "knob changed by the class: state.strike.threshold 0.85 -> 0.6",
     "The class changes the strike threshold from 0.85 to 0.6."},
    {MODEL_REC_NOTE, MODEL_ACTOR_HOST, Z_TORKHAM, -1, 0, 84, 0, 0, 3,
     "retaliation at Torkham held back: a ceasefire holds",
     "retaliation at Torkham held back: a ceasefire holds"},
};

static model_record record_of(const caption_case *c)
{
    model_record r = {c->t, c->kind, c->actor, c->zone, c->type, -1, c->casualties,
                      c->civilians, c->ladder, c->scripted, ""};
    snprintf(r.reason, sizeof r.reason, "%s", c->reason);
    return r;
}

Test(narrate, each_record_kind_gets_its_plain_caption)
{
    scenario *s = names_scenario();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        model_record r = record_of(&cases[i]);
        char out[640];
        int len = narrate_record(s, &r, out, sizeof out);
        cr_assert_eq(len, (int)strlen(cases[i].expected), "%s: expected length %zu, got %d",
                     model_record_kind_name(r.kind), strlen(cases[i].expected), len);
        cr_assert_str_eq(out, cases[i].expected, "%s:\nexpected: %s\ngot:      %s",
                         model_record_kind_name(r.kind), cases[i].expected, out);
    }
    scenario_destroy(s);
}

Test(narrate, the_table_covers_every_record_kind)
{
    int seen[MODEL_NRECORD_KINDS] = {0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) seen[cases[i].kind] = 1;
    for (int k = 0; k < MODEL_NRECORD_KINDS; k++)
        cr_assert(seen[k], "no caption case for kind %s", model_record_kind_name(k));
}

Test(narrate, a_model_strike_after_a_mass_casualty_attack_says_so)
{
    scenario *s = names_scenario();
    caption_case c = cases[5];
    c.reason = "threat 0.90 >= threshold 0.80 (base 0.75 + cooperation credit 0.05 + mediation "
               "0.00 + international 0.00); mass-casualty attack on 2023-01-30; cooldown ok "
               "(no earlier strike); intelligence misses the largest sanctuary (u 0.85 >= q "
               "0.70); Khost is hit; capacity 1.00 -> 0.70; 0 civilians killed; grievance +3.0";
    c.civilians = 0;
    model_record r = record_of(&c);
    char out[640];
    narrate_record(s, &r, out, sizeof out);
    cr_assert_str_eq(out, "The threat score reached 0.90, above the threshold of 0.80 - after "
                     "the mass-casualty attack of 30 January 2023, Pakistan strikes the TTP "
                     "sanctuary in Khost (intelligence missed the largest one). No civilians "
                     "are killed.", "got: %s", out);
    scenario_destroy(s);
}

Test(narrate, a_scripted_strike_quotes_its_note)
{
    scenario *s = names_scenario();
    model_record r = {.t = 100, .kind = MODEL_REC_STRIKE, .actor = MODEL_ACTOR_SCRIPT,
                      .zone = Z_KHOST, .type = -1, .from_zone = -1, .civilian_casualties = 8,
                      .scripted = 1};
    snprintf(r.reason, sizeof r.reason, "Air strikes on TTP hideouts; target named; capacity "
             "1.00 -> 0.70; 8 civilians killed; grievance +7.0");
    char out[640];
    narrate_record(s, &r, out, sizeof out);
    cr_assert_str_eq(out, "Pakistan strikes the TTP sanctuary in Khost: Air strikes on TTP "
                     "hideouts. (In the model: 8 civilians killed.)", "got: %s", out);
    scenario_destroy(s);
}

Test(narrate, a_scripted_parameter_change_names_the_parameter_and_quotes_its_note)
{
    scenario *s = names_scenario();
    model_record r = {.t = 86, .kind = MODEL_REC_SET, .actor = MODEL_ACTOR_SCRIPT, .zone = -1,
                      .type = -1, .from_zone = -1, .scripted = 1};
    snprintf(r.reason, sizeof r.reason, "A truce (rate: judgement): militants.branching 0.34 "
             "-> 0.2");
    char out[640];
    narrate_record(s, &r, out, sizeof out);
    cr_assert_str_eq(out, "From now on the mean attacks excited by one attack is 0.2 instead "
                     "of 0.34: A truce (rate: judgement).", "got: %s", out);
    scenario_destroy(s);
}

Test(narrate, a_short_buffer_is_truncated_and_terminated)
{
    scenario *s = names_scenario();
    model_record r = record_of(&cases[0]);
    char out[8];
    int len = narrate_record(s, &r, out, sizeof out);
    cr_assert_eq(len, (int)strlen(cases[0].expected));
    cr_assert_str_eq(out, "A suici");
    scenario_destroy(s);
}

Test(narrate, unknown_kinds_and_null_arguments_are_refused)
{
    scenario *s = names_scenario();
    model_record r = record_of(&cases[0]);
    char out[64];
    r.kind = MODEL_NRECORD_KINDS;
    cr_assert_eq(narrate_record(s, &r, out, sizeof out), SIM_EINVAL);
    cr_assert_eq(narrate_record(NULL, &r, out, sizeof out), SIM_EINVAL);
    cr_assert_eq(narrate_threshold(s, NULL, out, sizeof out), SIM_EINVAL);
    scenario_destroy(s);
}

Test(narrate, the_threshold_is_explained_part_by_part)
{
    scenario *s = names_scenario();
    model_threshold th = {0.75, 0.04, 0.10, 0.02, 0.91};
    char out[400];
    narrate_threshold(s, &th, out, sizeof out);
    cr_assert_str_eq(out, "Pakistan's strike line is at 0.91: the base threshold 0.75, plus "
                     "0.04 because Afghanistan (Taliban) cooperates, plus 0.10 while mediators "
                     "are at work, plus 0.02 of international restraint.", "got: %s", out);
    scenario_destroy(s);
}

Test(narrate, the_strike_rule_is_stated_condition_by_condition)
{
    scenario *s = names_scenario();
    model_strike_rule r = {.met = {1, 1, 0, 1}, .allowed = 0};
    for (int c = 0; c < MODEL_NSC; c++) snprintf(r.text[c], sizeof r.text[c], "condition %d", c);
    char out[600];
    narrate_strike_rule(s, &r, out, sizeof out);
    cr_assert(strstr(out, "Pakistan strikes only when every condition") == out, "got: %s", out);
    cr_assert(strstr(out, "condition 2 (does not hold)") && strstr(out, "condition 3 (holds)"),
              "got: %s", out);
    cr_assert(strstr(out, "So no strike now.") != NULL, "got: %s", out);
    r.met[2] = 1, r.allowed = 1, r.chance = 0.25;
    narrate_strike_rule(s, &r, out, sizeof out);
    cr_assert(strstr(out, "with a chance of 25% a day") != NULL, "got: %s", out);
    r.chance = 1;
    narrate_strike_rule(s, &r, out, sizeof out);
    cr_assert(strstr(out, "So Pakistan strikes.") != NULL, "got: %s", out);
    cr_assert_eq(narrate_strike_rule(s, NULL, out, sizeof out), SIM_EINVAL);
    scenario_destroy(s);
}

Test(narrate, every_record_of_a_real_run_gets_a_caption)
{
    scn_errors errs = {0};
    scenario *s = scenario_load("scenarios/kabul-ultimatum-2023.yaml", NULL, 0, &errs);
    cr_assert_not_null(s);
    model *m = model_create(s, 1, 0, MODEL_KEEP_EVENTS, NULL);
    cr_assert_eq(model_run(m), 0);
    for (int i = 0; i < model_record_count(m); i++) {
        char out[640];
        int len = narrate_record(s, model_record_at(m, i), out, sizeof out);
        cr_assert(len > 10, "record %d (%s): caption '%s'", i,
                  model_record_kind_name(model_record_at(m, i)->kind), out);
    }
    model_destroy(m);
    scenario_destroy(s);
    scn_errors_free(&errs);
}
