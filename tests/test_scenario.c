/* test_scenario.c - the scenario module: parameter table, structs, validation, loader. */
#include "scenario.h"
#include "alloc.h"
#include "date.h"
#include "err.h"
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(scenario, .fini = NULL);

/* Every error of errs printed into one string (caller frees). */
static char *errors_text(const scn_errors *errs)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    scn_errors_print(errs, f);
    fclose(f);
    return buf;
}

Test(scenario, default_scenario_validates_and_has_the_documented_defaults)
{
    scenario *s = scenario_create_default();
    cr_assert_not_null(s);
    scn_errors errs = {0};
    int bad = scenario_validate(s, &errs);
    char *text = errors_text(&errs);
    cr_assert_eq(bad, 0, "expected: 0 problems, got: %d\n%s", bad, text);
    free(text);
    cr_assert(fabs(s->p.militants.base_rate - 0.23) < 1e-12);
    cr_assert(fabs(s->p.state.threshold - 0.75) < 1e-12);
    cr_assert(fabs(s->p.militants.type[SCN_ATTACK_SUICIDE].casualties - 12) < 1e-12);
    cr_assert(fabs(s->p.mediation.talks_days - 21) < 1e-12);
    cr_assert_eq(s->p.militants.allow_explosive, 0);
    scn_errors_free(&errs);
    scenario_destroy(s);
}

Test(scenario, every_parameter_key_round_trips_through_get_and_set)
{
    scn_params p;
    scenario *s = scenario_create_default();
    p = s->p;
    int n = scenario_param_count();
    cr_assert_geq(n, 90, "expected: >= 90 parameters, got: %d", n);
    for (int i = 0; i < n; i++) {
        const scn_param_info *pi = scenario_param_at(i);
        cr_assert_not_null(pi->doc);
        cr_assert(pi->unit && pi->unit[0], "%s has no unit", pi->key);
        cr_assert_eq(scenario_param_find(pi->key), pi, "%s not found by key", pi->key);
        double v, want = pi->is_int ? 1 : (isinf(pi->max) ? pi->min + 2.385 : pi->max);
        cr_assert_eq(scenario_param_set(&p, pi->key, want), 0, "set %s", pi->key);
        cr_assert_eq(scenario_param_get(&p, pi->key, &v), 0);
        cr_assert(v == want, "%s: expected: %g, got: %g", pi->key, want, v);
        for (int j = 0; j < i; j++)
            cr_assert(pi->offset != scenario_param_at(j)->offset || pi == scenario_param_at(j),
                      "%s shares its field with %s", pi->key, scenario_param_at(j)->key);
    }
    scenario_destroy(s);
}

Test(scenario, the_table_covers_every_field_of_the_parameter_struct)
{
    scn_params p;
    memset(&p, 0xab, sizeof p);
    for (int i = 0; i < scenario_param_count(); i++) {
        const scn_param_info *pi = scenario_param_at(i);
        cr_assert_eq(scenario_param_set(&p, pi->key, pi->def), 0, "default of %s", pi->key);
    }
    /* A double no key writes keeps its fill pattern in all 8 bytes. */
    for (size_t off = 0; off + 8 <= sizeof p; off += 8) {
        const unsigned char *b = (const unsigned char *)&p + off;
        int untouched = 1;
        for (int k = 0; k < 8; k++) untouched &= b[k] == 0xab;
        cr_assert(!untouched, "no parameter key writes scn_params at offset %zu", off);
    }
}

Test(scenario, param_set_rejects_unknown_keys_and_out_of_range_values_unchanged)
{
    scenario *s = scenario_create_default();
    double v;
    cr_assert_eq(scenario_param_set(&s->p, "state.strike.treshold", 0.5), SIM_EINVAL);
    cr_assert_eq(scenario_param_set(&s->p, "state.strike.threshold", 1.5), SIM_ERANGE);
    cr_assert_eq(scenario_param_set(&s->p, "state.strike.threshold", NAN), SIM_ERANGE);
    cr_assert_eq(scenario_param_set(&s->p, "militants.decay", 0), SIM_ERANGE);
    cr_assert_eq(scenario_param_set(&s->p, "militants.season.amplitude", 1), SIM_ERANGE);
    cr_assert_eq(scenario_param_set(&s->p, "militants.allow_explosive", 0.5), SIM_ERANGE);
    cr_assert_eq(scenario_param_get(&s->p, "state.strike.threshold", &v), 0);
    cr_assert(fabs(v - 0.75) < 1e-12);
    cr_assert_eq(scenario_param_get(&s->p, "nope", &v), SIM_EINVAL);
    scenario_destroy(s);
}

Test(scenario, suggest_finds_near_misses_and_nothing_for_far_ones)
{
    cr_assert_str_eq(scenario_param_suggest("state.strike.treshold"), "state.strike.threshold");
    cr_assert_str_eq(scenario_param_suggest("militants.brnching"), "militants.branching");
    cr_assert_str_eq(scenario_param_suggest("host.deal.ofer_at"), "host.deal.offer_at");
    cr_assert_null(scenario_param_suggest("completely.different"));
    cr_assert_null(scenario_param_suggest(""));
}

Test(scenario, names_match_the_file_spelling)
{
    cr_assert_str_eq(scn_side_name(SCN_SIDE_HOST), "host");
    cr_assert_str_eq(scn_zone_kind_name(SCN_ZONE_AIRBASE), "airbase");
    cr_assert_str_eq(scn_attack_type_name(SCN_ATTACK_CROSS_BORDER), "cross_border");
    cr_assert_str_eq(scn_action_name(SCN_ACT_DEAL_OFFER), "deal_offer");
    cr_assert_str_eq(scn_action_name(SCN_ACT_CLASH), "clash");
    cr_assert_str_eq(scn_action_name(99), "?");
}

static scn_zone zone(const char *name, int side, int kind)
{
    scn_zone z = {.side = side, .kind = kind, .lat = 34.01, .lon = 71.58, .capacity = 1,
                  .exposure = 1};
    snprintf(z.name, sizeof z.name, "%s", name);
    return z;
}

static scn_timeline_item item(double day, int action)
{
    scn_timeline_item it = {.day = day, .action = action, .zone = -1, .type = -1,
                            .casualties = -1, .days = -1};
    return it;
}

Test(scenario, timeline_stays_sorted_and_stable_and_clone_is_deep)
{
    scenario *s = scenario_create_default();
    int days[] = {30, 10, 30, 5, 10};
    for (int i = 0; i < 5; i++) {
        scn_timeline_item it = item(days[i], SCN_ACT_DEMARCHE);
        snprintf(it.note, sizeof it.note, "n%d", i);
        cr_assert_eq(scenario_add_timeline(s, &it), 0);
    }
    const char *order[] = {"n3", "n1", "n4", "n0", "n2"};
    for (int i = 0; i < 5; i++) cr_assert_str_eq(s->timeline[i].note, order[i]);
    scn_zone z = zone("Peshawar", SCN_SIDE_STATE, SCN_ZONE_TARGET);
    cr_assert_eq(scenario_add_zone(s, &z), 0);
    cr_assert_eq(scenario_find_zone(s, "Peshawar"), 0);
    cr_assert_eq(scenario_find_zone(s, "peshawar"), -1);
    scenario *c = scenario_clone(s);
    cr_assert_eq(scenario_hash(c), scenario_hash(s));
    c->zones[0].exposure = 2.385;
    cr_assert_neq(scenario_hash(c), scenario_hash(s));
    cr_assert(s->zones[0].exposure == 1);
    scenario_destroy(c);
    scenario_destroy(s);
    scenario_destroy(NULL);
}

Test(scenario, validate_reports_each_cross_field_problem)
{
    scenario *s = scenario_create_default();
    s->p.militants.branching = 1.2;
    s->p.state.threshold = 2;
    scn_zone a = zone("Kunar", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY);
    scenario_add_zone(s, &a);
    scenario_add_zone(s, &a);
    scn_timeline_item it = item(400, SCN_ACT_DEMARCHE);
    scenario_add_timeline(s, &it);
    it = item(3, SCN_ACT_SET);
    snprintf(it.key, sizeof it.key, "state.strike.treshold");
    scenario_add_timeline(s, &it);
    it = item(4, SCN_ACT_ATTACK);
    it.zone = 0;
    scenario_add_timeline(s, &it);
    scn_errors errs = {0};
    int bad = scenario_validate(s, &errs);
    char *text = errors_text(&errs);
    cr_assert_eq(bad, 6, "expected: 6, got: %d\n%s", bad, text);
    cr_assert_eq(errs.n, 6);
    const char *want =
        "state.strike.threshold: expected a number in [0, 1], found '2'\n"
        "militants.branching: explosive process: branching 1.2 >= 1 makes attacks grow "
        "without bound (write militants.allow_explosive: true to allow it)\n"
        "zones: duplicate zone name 'Kunar'\n"
        "timeline.key: unknown parameter 'state.strike.treshold', did you mean "
        "'state.strike.threshold'?\n"
        "timeline.zone: expected a state-side zone for attack, found 'Kunar'\n"
        "timeline.date: expected a date from 2023-01-01 to 2024-01-01, found day 400\n";
    cr_assert_str_eq(text, want);
    free(text);
    s->p.militants.allow_explosive = 1;
    scn_errors_free(&errs);
    scenario_destroy(s);
}
