/* test_scenario.c - the scenario module: parameter table, structs, validation, loader. */
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "scenario/scenario.h"
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reset_alloc(void) { sim_alloc_fail_at(0, 0); }

TestSuite(scenario, .fini = reset_alloc);

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
        "zones.name: duplicate zone name 'Kunar'\n"
        "timeline.key: unknown parameter 'state.strike.treshold', did you mean "
        "'state.strike.threshold'?\n"
        "timeline.zone: expected a state-side zone for attack, found 'Kunar'\n"
        "timeline.date: expected a date from 2023-01-01 to 2024-01-01, found '2024-02-05'\n";
    cr_assert_str_eq(text, want);
    free(text);
    s->p.militants.allow_explosive = 1;
    scn_errors_free(&errs);
    scenario_destroy(s);
}

/* ---- the loader ------------------------------------------------------------------- */

#define DEFAULT_SCENARIO "scenarios/kabul-ultimatum-2023.yaml"
#define GOOD "tests/scenarios/good/"
#define BAD "tests/scenarios/bad/"

/* Loads path with overrides; asserts success and returns the scenario. */
static scenario *load_ok(const char *path, const char *const *over, int n)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(path, over, n, &errs);
    char *text = errors_text(&errs);
    cr_assert_not_null(s, "%s: expected: loaded, got errors:\n%s", path, text);
    cr_assert_eq(errs.n, 0);
    free(text);
    scn_errors_free(&errs);
    return s;
}

/* Loads path expecting failure; returns the printed errors (caller frees). */
static char *load_bad(const char *path, const char *const *over, int n, int *n_errs)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(path, over, n, &errs);
    cr_assert_null(s, "%s: expected: errors, got a scenario", path);
    char *text = errors_text(&errs);
    if (n_errs) *n_errs = errs.n;
    scn_errors_free(&errs);
    return text;
}

typedef struct bad_case {
    const char *name;
    const char *want;
} bad_case;

static bad_case bad_cases[] = {
    {"all-probabilities-zero",
     "tests/scenarios/bad/all-probabilities-zero.yaml:8:48: militants.types.cross_border.dispersion: expected a number > 0, found '0'\n"
     "tests/scenarios/bad/all-probabilities-zero.yaml:4:24: militants.types: expected at least one type probability > 0, found all 0\n"
    },
    {"bad-bool",
     "tests/scenarios/bad/bad-bool.yaml:2:30: militants.allow_explosive: expected true or false, found 'maybe'\n"
    },
    {"bad-seed",
     "tests/scenarios/bad/bad-seed.yaml:2:18: scenario.seed: expected a whole number >= 0, found '-1'\n"
     "tests/scenarios/bad/bad-seed.yaml:2:28: scenario.days: expected a number > 0, found '0'\n"
    },
    {"cycle-a",
     "tests/scenarios/bad/cycle-b.yaml:1:10: extends: extends cycle: tests/scenarios/bad/cycle-a.yaml -> tests/scenarios/bad/cycle-b.yaml -> tests/scenarios/bad/cycle-a.yaml\n"
    },
    {"date-feb-30",
     "tests/scenarios/bad/date-feb-30.yaml:2:24: scenario.start_date: expected a date YYYY-MM-DD, found '2023-02-30'\n"
    },
    {"date-month-13",
     "tests/scenarios/bad/date-month-13.yaml:2:24: scenario.start_date: expected a date YYYY-MM-DD, found '2023-13-01'\n"
    },
    {"date-word",
     "tests/scenarios/bad/date-word.yaml:3:12: timeline_add[0].date: expected a date YYYY-MM-DD, found 'yesterday'\n"
    },
    {"duplicate-key",
     "tests/scenarios/bad/duplicate-key.yaml:4:3: state.warn_at: duplicate key (first given on line 3)\n"
    },
    {"duplicate-zone",
     "tests/scenarios/bad/duplicate-zone.yaml:3:12: zones_add[0].name: duplicate zone name 'Kunar'\n"
    },
    {"empty",
     "tests/scenarios/bad/empty.yaml:1:1: empty file, expected a mapping of sections (scenario, zones, ...)\n"
    },
    {"explosive",
     "tests/scenarios/bad/explosive.yaml:3:14: militants.branching: explosive process: branching 1.2 >= 1 makes attacks grow without bound (write militants.allow_explosive: true to allow it)\n"
    },
    {"extends-missing",
     "tests/scenarios/bad/extends-missing.yaml:1:10: extends: cannot open 'tests/scenarios/bad/no-such-base.yaml': No such file or directory\n"
    },
    {"garbage",
     "tests/scenarios/bad/garbage.yaml:1:3: syntax error: invalid leading UTF-8 octet (is this a text file?)\n"
    },
    {"missing-required",
     "tests/scenarios/bad/missing-required.yaml:2:3: scenario.start_date: missing required key\n"
     "tests/scenarios/bad/missing-required.yaml:2:3: scenario.days: missing required key\n"
    },
    {"missing-zones",
     "tests/scenarios/bad/missing-zones.yaml:1:1: zones: missing required key\n"
    },
    {"no-sanctuary",
     "tests/scenarios/bad/no-sanctuary.yaml:3:3: zones: expected at least one sanctuary and one target, found 0 and 1\n"
    },
    {"not-a-mapping",
     "tests/scenarios/bad/not-a-mapping.yaml:1:1: expected a mapping of sections (scenario, zones, ...), found a list\n"
    },
    {"out-of-range",
     "tests/scenarios/bad/out-of-range.yaml:4:16: state.strike.threshold: expected a number in [0, 1], found '1.5'\n"
    },
    {"section-not-mapping",
     "tests/scenarios/bad/section-not-mapping.yaml:2:8: state: expected a mapping of keys, found '5'\n"
    },
    {"set-out-of-range",
     "tests/scenarios/bad/set-out-of-range.yaml:3:67: host.cooperation: expected a number in [0, 1], found '3'\n"
    },
    {"set-unknown-key",
     "tests/scenarios/bad/set-unknown-key.yaml:3:42: timeline_add[0].key: unknown parameter 'state.strike.treshold', did you mean 'state.strike.threshold'?\n"
    },
    {"syntax-unclosed",
     "tests/scenarios/bad/syntax-unclosed.yaml:2:6: syntax error: did not find expected ',' or '}' (while parsing a flow mapping at line 1)\n"
    },
    {"tab-indent",
     "tests/scenarios/bad/tab-indent.yaml:3:1: syntax error: found character that cannot start any token (while scanning for the next token at line 3)\n"
    },
    {"three-errors",
     "tests/scenarios/bad/three-errors.yaml:3:10: militants.decay: expected a number in (0, 10000], found '0'\n"
     "tests/scenarios/bad/three-errors.yaml:4:23: militants.season.amplitude: expected a number in [0, 1), found '1'\n"
     "tests/scenarios/bad/three-errors.yaml:6:16: host.cooperation: expected a number in [0, 1], found 'lots'\n"
    },
    {"timeline-item",
     "tests/scenarios/bad/timeline-item.yaml:3:32: timeline_add[0].action: expected one of attack, strike, delegation, demarche, ultimatum, closure, reopen, deal_offer, mediation, ceasefire, drone, set, deportation, clash, crackdown, deal_accept, deal_refuse, handover, note, found 'invade'\n"
     "tests/scenarios/bad/timeline-item.yaml:4:40: timeline_add[1].zome: unknown key, did you mean 'zone'?\n"
     "tests/scenarios/bad/timeline-item.yaml:5:5: timeline_add[2].value: missing required key\n"
     "tests/scenarios/bad/timeline-item.yaml:6:46: timeline_add[3].zone: expected a host-side zone for strike, found 'Peshawar'\n"
    },
    {"timeline-outside",
     "tests/scenarios/bad/timeline-outside.yaml:3:12: timeline_add[0].date: expected a date from 2023-01-01 to 2023-04-11, found '2023-06-01'\n"
    },
    {"timeline-unknown-zone",
     "tests/scenarios/bad/timeline-unknown-zone.yaml:3:46: timeline_add[0].zone: unknown zone 'Peshwar', did you mean 'Peshawar'?\n"
    },
    {"unknown-key",
     "tests/scenarios/bad/unknown-key.yaml:4:5: state.strike.treshold: unknown key, did you mean 'state.strike.threshold'?\n"
    },
    {"unknown-section",
     "tests/scenarios/bad/unknown-section.yaml:2:1: militant: unknown key, did you mean 'militants'?\n"
    },
    {"wrong-type",
     "tests/scenarios/bad/wrong-type.yaml:3:14: militants.base_rate: expected a number in [0, 1000], found 'high'\n"
    },
    {"zone-fields",
     "tests/scenarios/bad/zone-fields.yaml:3:27: zones_add[0].side: expected one of state, host, found 'neutral'\n"
     "tests/scenarios/bad/zone-fields.yaml:3:55: zones_add[0].lat: expected a number in [-90, 90], found '95'\n"
     "tests/scenarios/bad/zone-fields.yaml:3:59: zones_add[0].exposre: unknown key, did you mean 'exposure'?\n"
     "tests/scenarios/bad/zone-fields.yaml:3:5: zones_add[0].lon: missing required key\n"
    },
};

#define N_BAD ((int)(sizeof bad_cases / sizeof bad_cases[0]))

/* One test over the table, not a ParameterizedTest: link-time optimisation drops
 * Criterion's parameter generators silently, and the cases would not run at all. Each case
 * is checked with cr_expect, so every mismatch is reported. */
Test(scenario, each_malformed_file_gives_its_exact_errors)
{
    for (int i = 0; i < N_BAD; i++) {
        const bad_case *c = &bad_cases[i];
        char path[256];
        snprintf(path, sizeof path, BAD "%s.yaml", c->name);
        char *text = load_bad(path, NULL, 0, NULL);
        cr_expect_str_eq(text, c->want, "%s:\nexpected:\n%s\ngot:\n%s", c->name, c->want,
                         text);
        free(text);
    }
}

Test(scenario, there_are_at_least_twenty_malformed_fixtures)
{
    cr_assert_geq(N_BAD, 20, "expected: >= 20, got: %d", N_BAD);
}

Test(scenario, all_errors_in_a_file_are_collected)
{
    int n = 0;
    char *text = load_bad(BAD "three-errors.yaml", NULL, 0, &n);
    cr_assert_eq(n, 3, "expected: 3 errors, got: %d\n%s", n, text);
    free(text);
}

Test(scenario, the_default_scenario_loads_with_its_record)
{
    scenario *s = load_ok(DEFAULT_SCENARIO, NULL, 0);
    cr_assert_str_eq(s->name, "Kabul ultimatum 2023");
    char d[11];
    date_format(s->start_date, d);
    cr_assert_str_eq(d, "2023-01-01");
    cr_assert(s->days == 365 && s->seed == 1);
    cr_assert_str_eq(s->side_name[SCN_SIDE_STATE], "Pakistan");
    cr_assert_str_eq(s->militant_name, "TTP");
    cr_assert_str_eq(s->mediator_name, "Qatar and Turkey");
    cr_assert_str_eq(s->view.map, "maps/af-pk.map");
    const char *need[] = {"Kunar", "Nangarhar", "Khost", "Paktika", "Peshawar", "Quetta",
                          "Torkham", "Chaman", "Ghulam Khan", "Angoor Adda", "Kabul",
                          "Islamabad"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        cr_assert_geq(scenario_find_zone(s, need[i]), 0, "zone %s missing", need[i]);
    cr_assert_eq(s->zones[scenario_find_zone(s, "Kunar")].kind, SCN_ZONE_SANCTUARY);
    cr_assert_geq(s->n_timeline, 4);
    const scn_timeline_item *first = &s->timeline[0];
    cr_assert_eq(first->action, SCN_ACT_ATTACK);
    cr_assert(first->day == 29, "expected: day 29 (30 January), got: %g", first->day);
    cr_assert_eq(first->type, SCN_ATTACK_SUICIDE);
    cr_assert_str_eq(s->zones[first->zone].name, "Peshawar");
    scenario_destroy(s);
}

/* Keys whose values differ between a and b, joined by spaces (caller frees). */
static char *param_diff(const scenario *a, const scenario *b)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    for (int i = 0; i < scenario_param_count(); i++) {
        double x, y;
        scenario_param_get(&a->p, scenario_param_at(i)->key, &x);
        scenario_param_get(&b->p, scenario_param_at(i)->key, &y);
        if (x != y) fprintf(f, "%s ", scenario_param_at(i)->key);
    }
    fclose(f);
    return buf;
}

Test(scenario, each_variant_changes_only_what_it_names)
{
    static const char *const variants[][2] = {
        {"scenarios/variants/lower-threshold.yaml", "state.strike.threshold "},
        {"scenarios/variants/deal-accepted.yaml", "host.deal.accept_probability "},
        {"scenarios/variants/early-mediation.yaml",
         "mediators.start_ladder mediators.daily_probability "},
    };
    scenario *base = load_ok(DEFAULT_SCENARIO, NULL, 0);
    for (int i = 0; i < 3; i++) {
        scenario *v = load_ok(variants[i][0], NULL, 0);
        char *diff = param_diff(base, v);
        cr_assert_str_eq(diff, variants[i][1], "%s", variants[i][0]);
        free(diff);
        cr_assert_eq(v->n_zones, base->n_zones);
        cr_assert_eq(v->n_timeline, base->n_timeline);
        cr_assert_str_eq(v->view.map, "../maps/af-pk.map", "map path is rebased");
        scenario_destroy(v);
    }
    scenario_destroy(base);
}

Test(scenario, extends_overrides_key_by_key_and_add_lists_append)
{
    scenario *base = load_ok(GOOD "minimal.yaml", NULL, 0);
    scenario *c = load_ok(GOOD "child.yaml", NULL, 0);
    char *diff = param_diff(base, c);
    cr_assert_str_eq(diff, "militants.branching state.strike.threshold ");
    free(diff);
    cr_assert_str_eq(c->name, "child");
    cr_assert_eq(c->seed, 7ULL, "seed inherited");
    cr_assert(c->days == 100);
    cr_assert_eq(c->n_zones, 4);
    cr_assert_str_eq(c->zones[3].name, "Khost");
    cr_assert(c->zones[3].capacity == 0.5 && c->zones[0].capacity == 1);
    cr_assert_eq(c->n_timeline, 3);
    cr_assert_eq(c->timeline[0].action, SCN_ACT_STRIKE);
    cr_assert_eq(c->timeline[0].zone, 3);
    cr_assert_str_eq(c->timeline[1].note, "base item");
    cr_assert_eq(c->timeline[2].action, SCN_ACT_SET);
    cr_assert_str_eq(c->timeline[2].key, "state.strike.threshold");
    cr_assert(fabs(c->timeline[2].value - 0.8) < 1e-12);
    scenario_destroy(c);
    scenario_destroy(base);
}

Test(scenario, a_variant_list_replaces_the_base_list)
{
    scenario *s = load_ok(GOOD "replace.yaml", NULL, 0);
    cr_assert_eq(s->n_zones, 2);
    cr_assert_str_eq(s->zones[0].name, "Paktika");
    cr_assert_eq(s->n_timeline, 0);
    cr_assert_str_eq(s->name, "minimal");
    scenario_destroy(s);
}

Test(scenario, set_overrides_apply_after_the_files)
{
    const char *over[] = {"state.strike.threshold=0.6", "scenario.start_date=2022-12-01",
                          "scenario.days=200", "militants.allow_explosive=true",
                          "militants.branching=1.1", "sides.state=Ruritania"};
    scenario *s = load_ok(GOOD "child.yaml", over, 6);
    cr_assert(fabs(s->p.state.threshold - 0.6) < 1e-12);
    cr_assert(s->days == 200);
    cr_assert_eq(s->p.militants.allow_explosive, 1);
    cr_assert_str_eq(s->side_name[SCN_SIDE_STATE], "Ruritania");
    /* Dates resolve against the final start date: 2023-01-05 is day 35 of 2022-12-01. */
    cr_assert(s->timeline[0].day == 35, "expected: 35, got: %g", s->timeline[0].day);
    scenario_destroy(s);
}

Test(scenario, set_override_errors_name_the_set)
{
    const char *over[] = {"state.strike.treshold=0.6", "mediators.start_ladder=9", "zones=1",
                          "nonsense", "scenario.days=soon", "militants.branching=1.5"};
    int n = 0;
    char *text = load_bad(GOOD "minimal.yaml", over, 6, &n);
    const char *want =
        "--set: state.strike.treshold: unknown key, did you mean 'state.strike.threshold'?\n"
        "--set: mediators.start_ladder: expected a number in [0, 5], found '9'\n"
        "--set: zones: expected a key with a single value, found a list (edit the file)\n"
        "--set: expected section.key=value, found 'nonsense'\n"
        "--set: scenario.days: expected a number > 0, found 'soon'\n"
        "--set: militants.branching: explosive process: branching 1.5 >= 1 makes attacks "
        "grow without bound (write militants.allow_explosive: true to allow it)\n";
    cr_assert_str_eq(text, want);
    cr_assert_eq(n, 6);
    free(text);
}

Test(scenario, a_missing_file_is_an_error_not_a_crash)
{
    char *text = load_bad(BAD "does-not-exist.yaml", NULL, 0, NULL);
    /* At 1:1, the position every message about a file carries (issue 17 item 11). */
    cr_assert_str_eq(text,
                     BAD "does-not-exist.yaml:1:1: cannot open: No such file or directory\n");
    free(text);
    text = load_bad("tests/scenarios", NULL, 0, NULL);
    cr_assert_str_eq(text, "tests/scenarios:1:1: cannot open: expected a regular file, found "
                           "a folder\n");
    free(text);
}

/* Writes s to a temporary file, loads it back and returns the copy. */
static scenario *round_trip(const scenario *s)
{
    const char *tmp = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/scn-round-trip-XXXXXX", tmp && *tmp ? tmp : ".");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    cr_assert_eq(scenario_write_yaml(s, f), 0);
    fclose(f);
    scn_errors errs = {0};
    scenario *back = scenario_load(path, NULL, 0, &errs);
    char *text = errors_text(&errs);
    remove(path);
    cr_assert_not_null(back, "written scenario does not load:\n%s", text);
    free(text);
    scn_errors_free(&errs);
    return back;
}

Test(scenario, write_then_load_gives_the_same_hash)
{
    const char *paths[] = {DEFAULT_SCENARIO, GOOD "child.yaml",
                           "scenarios/variants/early-mediation.yaml"};
    for (int i = 0; i < 3; i++) {
        scenario *s = load_ok(paths[i], NULL, 0);
        s->p.militants.decay = 1.0 / 3; /* a value with no short decimal form */
        scn_timeline_item it = {.day = 12.25, .action = SCN_ACT_DRONE, .zone = 0, .type = -1,
                                .casualties = -1, .days = -1};
        snprintf(it.note, sizeof it.note, "quotes \" and \\ and\na newline");
        scenario_add_timeline(s, &it);
        scenario *back = round_trip(s);
        cr_assert_eq(scenario_hash(back), scenario_hash(s), "%s", paths[i]);
        cr_assert_str_eq(back->name, s->name);
        cr_assert_str_eq(back->description, s->description);
        cr_assert_str_eq(back->view.title, s->view.title);
        cr_assert(back->view.center_lat == s->view.center_lat);
        scenario_destroy(back);
        scenario_destroy(s);
    }
}

Test(scenario, hash_changes_with_any_parameter)
{
    scenario *s = load_ok(GOOD "minimal.yaml", NULL, 0);
    unsigned long long h = scenario_hash(s);
    for (int i = 0; i < scenario_param_count(); i++) {
        scn_params keep = s->p;
        const scn_param_info *pi = scenario_param_at(i);
        double v;
        scenario_param_get(&s->p, pi->key, &v);
        scenario_param_set(&s->p, pi->key, pi->is_int ? 1 - v : (v == pi->max ? pi->min : v + 0.001 * (pi->max - v < 1 ? pi->max - v : 1)));
        cr_assert_neq(scenario_hash(s), h, "%s does not change the hash", pi->key);
        s->p = keep;
    }
    cr_assert_eq(scenario_hash(s), h);
    scenario_destroy(s);
}

static void fail_each_allocation(const char *path, int sticky)
{
    sim_alloc_fail_at(0, 0);
    scenario *s = load_ok(path, NULL, 0);
    long total = sim_alloc_count();
    scenario_destroy(s);
    cr_assert_gt(total, 5);
    for (long k = 1; k <= total; k++) {
        scn_errors errs = {0};
        sim_alloc_fail_at(k, sticky);
        s = scenario_load(path, NULL, 0, &errs);
        sim_alloc_fail_at(0, 0);
        cr_assert_null(s, "%s: allocation %ld of %ld failed but the load succeeded", path, k,
                       total);
        if (!sticky) {
            cr_assert_eq(errs.n, 1);
            cr_assert_str_eq(errs.items[0].msg, "out of memory");
        }
        scn_errors_free(&errs);
    }
}

Test(scenario, the_loader_fails_cleanly_when_any_allocation_fails)
{
    fail_each_allocation(DEFAULT_SCENARIO, 1);
    fail_each_allocation(DEFAULT_SCENARIO, 0);
    fail_each_allocation(GOOD "child.yaml", 1);
}

Test(scenario, the_format_reference_lists_every_parameter_key)
{
    FILE *f = fopen("docs/scenarios.md", "r");
    cr_assert_not_null(f, "docs/scenarios.md is missing");
    static char doc[1 << 17];
    size_t n = fread(doc, 1, sizeof doc - 1, f);
    doc[n] = '\0';
    fclose(f);
    for (int i = 0; i < scenario_param_count(); i++) {
        char cell[160];
        snprintf(cell, sizeof cell, "| `%s` |", scenario_param_at(i)->key);
        cr_assert_not_null(strstr(doc, cell), "docs/scenarios.md does not list %s",
                           scenario_param_at(i)->key);
    }
}

/* Writes the first n bytes of data, with byte flip (if >= 0) xor-ed by 0x5a, to path. */
static void write_mutant(const char *path, const char *data, size_t n, long flip)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    for (size_t i = 0; i < n; i++) fputc((long)i == flip ? data[i] ^ 0x5a : data[i], f);
    fclose(f);
}

Test(scenario, truncated_or_corrupted_files_never_crash_the_loader)
{
    FILE *f = fopen(GOOD "child.yaml", "rb");
    cr_assert_not_null(f);
    static char data[1 << 14];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    /* The mutant sits beside the original so that its extends: still resolves. */
    const char *path = GOOD "mutant.tmp.yaml";
    int loaded = 0;
    for (size_t cut = 0; cut <= len; cut += 3) {
        write_mutant(path, data, cut, -1);
        scn_errors errs = {0};
        scenario *s = scenario_load(path, NULL, 0, &errs);
        loaded += s != NULL;
        cr_assert(s || errs.n > 0, "cut at %zu: failed without an error", cut);
        scenario_destroy(s);
        scn_errors_free(&errs);
    }
    for (size_t at = 0; at < len; at += 2) {
        write_mutant(path, data, len, (long)at);
        scn_errors errs = {0};
        scenario *s = scenario_load(path, NULL, 0, &errs);
        cr_assert(s || errs.n > 0, "flip at %zu: failed without an error", at);
        scenario_destroy(s);
        scn_errors_free(&errs);
    }
    remove(path);
    cr_assert_gt(loaded, 0, "some prefixes (whole lines) should load");
}
