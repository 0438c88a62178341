/* test_policy.c - decision mode in the model: deferred decisions are noted with their
 * reason and not taken, the other side runs as usual, and a deferred run whose choices are
 * injected reproduces byte for byte when the same choices come from a script. */
#define _GNU_SOURCE /* open_memstream */
#include "base/err.h"
#include "model/model.h"
#include "report/output.h"
#include "story/script.h"
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(policy);

static scenario *load_default(void)
{
    scn_errors errs = {0};
    scenario *s = scenario_load("scenarios/kabul-ultimatum-2023.yaml", NULL, 0, &errs);
    cr_assert_not_null(s, "the default scenario loads");
    scn_errors_free(&errs);
    return s;
}

static char *outputs_of(const model *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    output_events_csv(m, f);
    output_series_csv(m, f);
    fclose(f);
    return buf;
}

static int count_by(const model *m, int kind, int actor)
{
    int n = 0;
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        n += r->kind == kind && r->actor == actor && !r->scripted;  /* the model's own */
    }
    return n;
}

Test(policy, a_bad_side_or_policy_is_refused)
{
    scenario *s = load_default();
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_set_policy(m, 2, MODEL_POLICY_DEFER), SIM_EINVAL);
    cr_assert_eq(model_set_policy(m, SCN_SIDE_STATE, 7), SIM_EINVAL);
    cr_assert_eq(model_set_policy(m, SCN_SIDE_HOST, MODEL_POLICY_OWN), 0);
    model_destroy(m);
    scenario_destroy(s);
}

Test(policy, a_deferred_state_takes_none_of_its_decisions_but_notes_them)
{
    scenario *s = load_default();
    model *m = model_create(s, 4, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_set_policy(m, SCN_SIDE_STATE, MODEL_POLICY_DEFER), 0);
    int seen[MODEL_NRECORD_KINDS] = {0};
    for (double t = 1; t <= model_horizon(m); t += 1) {
        cr_assert_eq(model_run_until(m, t), 0);
        for (int i = 0; i < model_decision_count(m); i++) {
            const model_decision *d = model_decision_at(m, i);
            cr_assert_eq(d->side, SCN_SIDE_STATE);
            cr_assert(d->t <= t && d->t > t - 1, "expected: noted today, got day %g", d->t);
            int answer = d->kind == MODEL_REC_DEAL_ACCEPTED || d->kind == MODEL_REC_DEAL_REJECTED;
            cr_assert(strstr(d->reason, answer ? "p_accept" : "threat") != NULL,
                      "reason names the numbers: %s", d->reason);
            seen[d->kind]++;
        }
        model_decisions_clear(m);
    }
    cr_assert_gt(seen[MODEL_REC_ULTIMATUM], 0, "the state would have issued an ultimatum");
    cr_assert_eq(count_by(m, MODEL_REC_STRIKE, MODEL_ACTOR_STATE), 0);
    cr_assert_eq(count_by(m, MODEL_REC_ULTIMATUM, MODEL_ACTOR_STATE), 0);
    cr_assert_eq(count_by(m, MODEL_REC_CLOSURE, MODEL_ACTOR_STATE), 0);
    cr_assert_gt(model_totals_get(m)->attacks, 0, "the militants run as usual");
    model_destroy(m);
    scenario_destroy(s);
}

Test(policy, a_deferred_host_neither_cracks_down_nor_offers_a_deal)
{
    scenario *s = load_default();
    model *own = model_create(s, 2, 0, MODEL_KEEP_ALL, NULL);
    model *m = model_create(s, 2, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_set_policy(m, SCN_SIDE_HOST, MODEL_POLICY_DEFER), 0);
    cr_assert_eq(model_run(own), 0);
    int noted = 0;
    for (double t = 1; t <= model_horizon(m); t += 1) {
        cr_assert_eq(model_run_until(m, t), 0);
        for (int i = 0; i < model_decision_count(m); i++)
            noted += model_decision_at(m, i)->side == SCN_SIDE_HOST;
        model_decisions_clear(m);
    }
    int own_n = count_by(own, MODEL_REC_CRACKDOWN, MODEL_ACTOR_HOST) +
                count_by(own, MODEL_REC_DEAL_OFFER, MODEL_ACTOR_HOST);
    cr_assert_gt(own_n, 0, "the model's own host acts on this seed");
    cr_assert_eq(count_by(m, MODEL_REC_CRACKDOWN, MODEL_ACTOR_HOST), 0);
    cr_assert_eq(count_by(m, MODEL_REC_DEAL_OFFER, MODEL_ACTOR_HOST), 0);
    cr_assert_geq(noted, own_n, "expected: at least %d noted decisions, got %d", own_n, noted);
    model_destroy(own);
    model_destroy(m);
    scenario_destroy(s);
}

/* Plays the state with a fixed rule (strike and ultimatum yes, closure no), recording the
 * choices in sc; returns the outputs. */
static char *play_state(const scenario *s, script *sc)
{
    model *m = model_create(s, 9, 0, MODEL_KEEP_ALL, NULL);
    model_set_policy(m, SCN_SIDE_STATE, MODEL_POLICY_DEFER);
    int acted = 0;
    for (double t = 1; t <= model_horizon(m); t += 1) {
        cr_assert_eq(model_run_until(m, t), 0);
        for (int i = 0; i < model_decision_count(m); i++) {
            const model_decision *d = model_decision_at(m, i);
            int act = d->kind == MODEL_REC_STRIKE ? SCN_ACT_STRIKE
                      : d->kind == MODEL_REC_ULTIMATUM ? SCN_ACT_ULTIMATUM : -1;
            if (act < 0) continue;
            scn_timeline_item it = {.action = act, .zone = -1, .type = -1, .casualties = -1,
                                    .days = -1};
            snprintf(it.note, sizeof it.note, "class decision");
            cr_assert_eq(script_record_inject(sc, m, &it), 0);
            acted++;
        }
        model_decisions_clear(m);
    }
    cr_assert_gt(acted, 1, "the class acted more than once");
    char *out = outputs_of(m);
    model_destroy(m);
    return out;
}

Test(policy, choices_made_in_play_replay_byte_identical_from_a_script)
{
    scenario *s = load_default();
    script *rec = script_create();
    char *played = play_state(s, rec);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(script_write(rec, s, f), 0);
    fclose(f);
    scn_errors errs = {0};
    script *sc = NULL;
    cr_assert_eq(script_parse(text, "choices.script", s, &sc, &errs), 0);
    model *m = model_create(s, 9, 0, MODEL_KEEP_ALL, NULL);
    model_set_policy(m, SCN_SIDE_STATE, MODEL_POLICY_DEFER);
    cr_assert_eq(script_apply_until(sc, m, model_horizon(m)), 0);
    char *replayed = outputs_of(m);
    cr_assert(strstr(played, "class decision") != NULL);
    cr_assert_str_eq(played, replayed, "the replay differs from the played run");
    free(played);
    free(replayed);
    free(text);
    model_destroy(m);
    script_destroy(sc);
    script_destroy(rec);
    scn_errors_free(&errs);
    scenario_destroy(s);
}

Test(policy, crackdown_is_a_timeline_action)
{
    scenario *s = load_default();
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_str_eq(scn_action_name(SCN_ACT_CRACKDOWN), "crackdown");
    cr_assert_eq(model_run_until(m, 3), 0);
    scn_timeline_item it = {.action = SCN_ACT_CRACKDOWN, .zone = -1, .type = -1,
                            .casualties = -1, .days = -1};
    cr_assert_eq(model_inject(m, &it, MODEL_ACTOR_USER), 0);
    const model_record *r = model_record_at(m, model_record_count(m) - 1);
    cr_assert_eq(r->kind, MODEL_REC_CRACKDOWN);
    cr_assert_eq(r->actor, MODEL_ACTOR_USER);
    cr_assert(strstr(r->reason, "injected by facilitator") != NULL, "reason: %s", r->reason);
    cr_assert_eq(model_totals_get(m)->crackdowns, 1);
    model_destroy(m);
    scenario_destroy(s);
}

/* Runs m (the state deferred) until the model notes its answer to a deal offer. */
static const model_decision *first_deal_answer(model *m)
{
    for (double t = 1; t <= model_horizon(m); t += 1) {
        cr_assert_eq(model_run_until(m, t), 0);
        for (int i = 0; i < model_decision_count(m); i++) {
            int k = model_decision_at(m, i)->kind;
            if (k == MODEL_REC_DEAL_ACCEPTED || k == MODEL_REC_DEAL_REJECTED)
                return model_decision_at(m, i);
        }
        model_decisions_clear(m);
    }
    return NULL;
}

Test(policy, a_deferred_state_answers_the_deal_offer_itself)
{
    const char *always[] = {"host.deal.accept_probability=1"}, *never[] = {
        "host.deal.accept_probability=0"};
    scn_errors errs = {0};
    scenario *yes = scenario_load("scenarios/kabul-ultimatum-2023.yaml", always, 1, &errs);
    scenario *no = scenario_load("scenarios/kabul-ultimatum-2023.yaml", never, 1, &errs);
    cr_assert(yes && no);
    scn_errors_free(&errs);
    for (int k = 0; k < 2; k++) {
        model *m = model_create(k ? no : yes, 1, 0, MODEL_KEEP_ALL, NULL);
        cr_assert_eq(model_set_policy(m, SCN_SIDE_STATE, MODEL_POLICY_DEFER), 0);
        const model_decision *d = first_deal_answer(m);
        cr_assert_not_null(d, "an offer comes in the year");
        cr_assert_eq(d->kind, k ? MODEL_REC_DEAL_REJECTED : MODEL_REC_DEAL_ACCEPTED,
                     "the kind says what the model would answer (p_accept %d)", !k);
        cr_assert_eq(count_by(m, MODEL_REC_DEAL_ACCEPTED, MODEL_ACTOR_STATE) +
                     count_by(m, MODEL_REC_DEAL_REJECTED, MODEL_ACTOR_STATE), 0,
                     "no answer was drawn by chance");
        /* the class answers against the model: pays where it would refuse, and back */
        scn_timeline_item it = {.action = k ? SCN_ACT_DEAL_ACCEPT : SCN_ACT_DEAL_REFUSE,
                                .zone = -1, .type = -1, .casualties = -1, .days = -1};
        snprintf(it.note, sizeof it.note, "the class decided");
        cr_assert_eq(model_inject(m, &it, MODEL_ACTOR_USER), 0);
        model_state st;
        model_state_get(m, &st);
        cr_assert_eq(st.deal_active, k, "the class's answer holds");
        const model_record *r = model_record_at(m, model_record_count(m) - 1);
        cr_assert(r->kind == (k ? MODEL_REC_DEAL_ACCEPTED : MODEL_REC_DEAL_REJECTED) &&
                  r->actor == MODEL_ACTOR_USER, "the answer is logged as the class's");
        model_destroy(m);
    }
    scenario_destroy(yes);
    scenario_destroy(no);
}

Test(policy, handover_and_note_are_timeline_actions)
{
    scenario *s = load_default();
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_run_until(m, 10), 0);
    double k0 = 0, k1 = 0;
    for (int z = 0; z < s->n_zones; z++) k0 += model_zone_capacity(m, z);
    scn_timeline_item it = {.action = SCN_ACT_HANDOVER, .zone = -1, .type = -1,
                            .casualties = -1, .days = -1};
    cr_assert_eq(model_inject(m, &it, MODEL_ACTOR_USER), 0);
    for (int z = 0; z < s->n_zones; z++) k1 += model_zone_capacity(m, z);
    cr_assert(fabs(k1 - k0 * (1 - s->p.host.relocation_fraction)) < 1e-9 * k0,
              "capacity %g -> %g", k0, k1);
    it.action = SCN_ACT_NOTE;
    snprintf(it.note, sizeof it.note, "the class decided: Hold fire");
    int n = model_record_count(m);
    cr_assert_eq(model_inject(m, &it, MODEL_ACTOR_USER), 0);
    cr_assert_eq(model_record_count(m), n + 1);
    const model_record *r = model_record_at(m, n);
    cr_assert_eq(r->kind, MODEL_REC_NOTE);
    cr_assert_str_eq(r->reason, "the class decided: Hold fire");
    model_destroy(m);
    scenario_destroy(s);
}
