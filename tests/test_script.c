/* test_script.c - knob/inject scripts: parsing and its errors, replay giving byte-identical
 * outputs, recording a class's changes and replaying them, writing and reading back. */
#define _GNU_SOURCE /* open_memstream */
#include "base/alloc.h"
#include "base/err.h"
#include "model/model.h"
#include "report/output.h"
#include "story/script.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(script);

static scenario *load_default(void)
{
    scn_errors errs = {0};
    scenario *s = scenario_load("scenarios/kabul-ultimatum-2023.yaml", NULL, 0, &errs);
    cr_assert_not_null(s, "the default scenario loads");
    scn_errors_free(&errs);
    return s;
}

static script *parse_ok(const char *text, const scenario *s)
{
    scn_errors errs = {0};
    script *sc = NULL;
    int rc = script_parse(text, "test.script", s, &sc, &errs);
    if (rc) scn_errors_print(&errs, stderr);
    cr_assert_eq(rc, 0, "expected: the script parses, got: %s", sim_strerror(rc));
    scn_errors_free(&errs);
    return sc;
}

/* events.csv and series.csv of m, concatenated, in a malloc'd string. */
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

/* Runs scenario s (seed 7) with script sc (NULL: none) day by day to the horizon. */
static char *run_with(const scenario *s, script *sc)
{
    model *m = model_create(s, 7, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_not_null(m);
    for (double t = 1; t <= model_horizon(m); t += 1)
        cr_assert_eq(sc ? script_apply_until(sc, m, t) : model_run_until(m, t), 0);
    char *out = outputs_of(m);
    model_destroy(m);
    return out;
}

static const char *knobs =
    "# a class lowers the threshold, then the facilitator injects an attack and a mediation\n"
    "30 set state.strike.threshold 0.6\n"
    "2023-02-15 inject attack zone=\"North Waziristan\" type=suicide casualties=40\n"
    "60.5 inject mediation note=\"The teacher sends \\\"mediators\\\" in\"\n"
    "90 set state.warn_at 0.4 note=\"a nervous government\"\n";

Test(script, entries_are_read_with_their_fields)
{
    scenario *s = load_default();
    script *sc = parse_ok(knobs, s);
    cr_assert_eq(script_count(sc), 4);
    const scn_timeline_item *a = script_at(sc, 1);
    cr_assert_eq(a->action, SCN_ACT_ATTACK);
    cr_assert(a->day == 45.0, "expected: day 45 for 2023-02-15, got: %g", a->day);
    cr_assert_str_eq(s->zones[a->zone].name, "North Waziristan");
    cr_assert_eq(a->type, SCN_ATTACK_SUICIDE);
    cr_assert(a->casualties == 40.0);
    cr_assert_str_eq(script_at(sc, 2)->note, "The teacher sends \"mediators\" in");
    cr_assert_str_eq(script_at(sc, 3)->key, "state.warn_at");
    cr_assert_null(script_at(sc, 4));
    script_destroy(sc);
    scenario_destroy(s);
}

Test(script, replayed_knob_changes_give_byte_identical_outputs)
{
    scenario *s = load_default();
    script *a = parse_ok(knobs, s), *b = parse_ok(knobs, s);
    char *ra = run_with(s, a), *rb = run_with(s, b), *plain = run_with(s, NULL);
    cr_assert_str_eq(ra, rb, "two replays of the same script differ");
    cr_assert_str_neq(ra, plain, "the script changed nothing");
    cr_assert_not_null(strstr(ra, "knob changed by the class: state.strike.threshold 0.73 -> 0.6"));
    cr_assert_not_null(strstr(ra, ",attack,user,North Waziristan,"));
    cr_assert_not_null(strstr(ra, "a nervous government: state.warn_at 0.55 -> 0.4"));
    free(ra), free(rb), free(plain);
    script_destroy(a), script_destroy(b);
    scenario_destroy(s);
}

Test(script, a_script_applied_in_one_go_matches_day_by_day)
{
    scenario *s = load_default();
    script *a = parse_ok(knobs, s), *b = parse_ok(knobs, s);
    char *daily = run_with(s, a);
    model *m = model_create(s, 7, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(script_apply_until(b, m, 1e9), 0);
    cr_assert(model_done(m));
    char *once = outputs_of(m);
    cr_assert_str_eq(daily, once);
    free(daily), free(once);
    model_destroy(m);
    script_destroy(a), script_destroy(b);
    scenario_destroy(s);
}

Test(script, recorded_changes_written_and_replayed_give_the_same_run)
{
    scenario *s = load_default();
    script *rec = script_create();
    model *m = model_create(s, 7, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(script_apply_until(rec, m, 20.25), 0);
    cr_assert_eq(script_record_set(rec, m, "state.strike.threshold", 0.62), 0);
    cr_assert_eq(script_apply_until(rec, m, 70), 0);
    scn_timeline_item drone = {.action = SCN_ACT_DRONE, .zone = scenario_find_zone(s, "Kunar"),
                               .type = -1, .casualties = -1, .days = -1};
    cr_assert_eq(script_record_inject(rec, m, &drone), 0);
    cr_assert_eq(script_apply_until(rec, m, 1e9), 0);
    char *live = outputs_of(m);
    cr_assert_not_null(strstr(live, ",drone,user,Kunar,"));
    cr_assert_not_null(strstr(live, "injected by facilitator over Kunar"));

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(script_write(rec, s, f), 0);
    fclose(f);
    cr_assert_not_null(strstr(text, "20.25 set state.strike.threshold 0.62\n"), "%s", text);
    cr_assert_not_null(strstr(text, "70 inject drone zone=\"Kunar\"\n"), "%s", text);
    script *back = parse_ok(text, s);
    char *replay = run_with(s, back);
    cr_assert_str_eq(live, replay, "the replay of the recorded script differs");
    free(live), free(replay), free(text);
    model_destroy(m);
    script_destroy(rec), script_destroy(back);
    scenario_destroy(s);
}

Test(script, appended_entries_stay_in_day_order_and_write_back_the_same)
{
    scenario *s = load_default();
    script *sc = script_create();
    scn_timeline_item a = {.day = 40, .action = SCN_ACT_CEASEFIRE, .zone = -1, .type = -1,
                           .casualties = -1, .days = 12.5};
    scn_timeline_item b = {.day = 10.1, .action = SCN_ACT_SET, .zone = -1, .type = -1,
                           .casualties = -1, .days = -1, .key = "host.cooperation",
                           .value = 0.3};
    snprintf(a.note, sizeof a.note, "a back-slash \\ and \"quotes\"");
    cr_assert_eq(script_append(sc, &a), 0);
    cr_assert_eq(script_append(sc, &b), 0);
    cr_assert(script_at(sc, 0)->day == 10.1);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    script_write(sc, s, f);
    fclose(f);
    script *back = parse_ok(text, s);
    cr_assert_eq(script_count(back), 2);
    cr_assert(script_at(back, 0)->day == 10.1 && script_at(back, 0)->value == 0.3);
    cr_assert(script_at(back, 1)->days == 12.5);
    cr_assert_str_eq(script_at(back, 1)->note, a.note);
    free(text);
    script_destroy(sc), script_destroy(back);
    scenario_destroy(s);
}

Test(script, every_bad_line_is_reported_with_its_line_and_column)
{
    scenario *s = load_default();
    const char *bad = "10 set state.strike.treshold 0.6\n"
                      "# fine\n"
                      "soon inject attack\n"
                      "20 set state.strike.threshold high\n"
                      "30 inject attack zone=Atlantis\n"
                      "40 inject picnic\n"
                      "50 inject strike note=\"unterminated\n"
                      "60 launch rockets\n";
    scn_errors errs = {0};
    script *sc = (script *)1;
    cr_assert_eq(script_parse(bad, "bad.script", s, &sc, &errs), SIM_EPARSE);
    cr_assert_null(sc);
    cr_assert_eq(errs.n, 7, "expected: 7 errors, got: %d", errs.n);
    static const int where[7][2] = {{1, 8}, {3, 1}, {4, 31}, {5, 18}, {6, 11}, {7, 18}, {8, 4}};
    for (int i = 0; i < 7; i++) {
        cr_assert_str_eq(errs.items[i].file, "bad.script");
        cr_assert(errs.items[i].line == where[i][0] && errs.items[i].col == where[i][1],
                  "error %d: expected %d:%d, got %d:%d (%s)", i, where[i][0], where[i][1],
                  errs.items[i].line, errs.items[i].col, errs.items[i].msg);
    }
    cr_assert_not_null(strstr(errs.items[0].msg, "did you mean 'state.strike.threshold'"));
    cr_assert_not_null(strstr(errs.items[2].msg, "expected a number in [0, 1], found 'high'"));
    cr_assert_not_null(strstr(errs.items[3].msg, "no zone named 'Atlantis'"));
    scn_errors_free(&errs);
    scenario_destroy(s);
}

Test(script, a_missing_file_is_an_io_error_naming_it)
{
    scenario *s = load_default();
    scn_errors errs = {0};
    script *sc = NULL;
    cr_assert_eq(script_load("no/such/file.script", s, &sc, &errs), SIM_EIO);
    cr_assert_null(sc);
    cr_assert_eq(errs.n, 1);
    cr_assert_str_eq(errs.items[0].file, "no/such/file.script");
    scn_errors_free(&errs);
    scenario_destroy(s);
}

Test(script, a_failed_allocation_at_any_point_of_a_parse_is_a_clean_error)
{
    scenario *s = load_default();
    int ok = 0;
    for (long k = 1; k <= 40 && !ok; k++) {
        scn_errors errs = {0};
        script *sc = NULL;
        sim_alloc_fail_at(k, 1);
        int rc = script_parse(knobs, "test.script", s, &sc, &errs);
        sim_alloc_fail_at(0, 0);
        cr_assert(rc == 0 || rc == SIM_ENOMEM, "allocation %ld: expected 0 or SIM_ENOMEM, got %d",
                  k, rc);
        cr_assert_eq(rc == 0, sc != NULL);
        ok = rc == 0;
        if (ok) cr_assert_eq(script_count(sc), 4);
        script_destroy(sc);
        scn_errors_free(&errs);
    }
    cr_assert(ok, "the parse never succeeded within 40 allocations");
    scenario_destroy(s);
}
