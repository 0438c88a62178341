/* test_lessons.c - every scenario under scenarios/ (lessons, history, fictional, variants)
 * loads and runs a year; lessons differ from the default; the fictional region shares no
 * name with the real one. */
#define _DEFAULT_SOURCE /* DT_DIR */
#include "base/date.h"
#include "map/map.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

TestSuite(lessons);

static scenario *load(const char *path)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(path, NULL, 0, &errs);
    if (!s) scn_errors_print(&errs, stderr);
    scn_errors_free(&errs);
    cr_assert_not_null(s, "expected: %s loads, got: errors (above)", path);
    return s;
}

/* Loads path and runs it for 365 days; returns the number of attacks. */
static int run_year(const char *path)
{
    scenario *s = load(path);
    s->days = 365;
    model *m = model_create(s, s->seed, 0, 0, NULL);
    cr_assert_not_null(m);
    cr_assert_eq(model_run(m), 0, "%s: the run failed", path);
    cr_assert(model_done(m), "%s: the run stopped early", path);
    int attacks = model_totals_get(m)->attacks;
    model_destroy(m);
    scenario_destroy(s);
    return attacks;
}

/* Runs every *.yaml below dir; returns how many. */
static int run_all(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        char path[1024];
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (e->d_type == DT_DIR) n += run_all(path);
        else if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml")) {
            cr_assert(run_year(path) > 0, "%s: no attack in a year", path);
            n++;
        }
    }
    closedir(d);
    return n;
}

Test(lessons, every_scenario_file_loads_and_runs_a_year)
{
    int n = run_all("scenarios");
    cr_assert(n >= 13, "expected: at least 13 scenario files, got: %d", n);
}

Test(lessons, each_lesson_changes_something_from_the_default)
{
    static const char *const lessons[] = {
        "threshold-tradeoff", "deal-or-no-deal", "border-closure", "mediation-early",
        "mediation-late", "drones-grievance",
    };
    scenario *base = load("scenarios/kabul-ultimatum-2023.yaml");
    for (size_t i = 0; i < sizeof lessons / sizeof lessons[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "scenarios/lessons/%s.yaml", lessons[i]);
        scenario *s = load(path);
        cr_assert_neq(scenario_hash(s), scenario_hash(base), "%s equals the default", path);
        cr_assert(s->view.brief[0] && s->view.questions[0], "%s: no brief or questions", path);
        scenario_destroy(s);
    }
    scenario_destroy(base);
}

/* Every name of a region: zones and sides of a scenario, countries and places of a map. */
typedef struct names {
    const char *list[256];
    int n;
} names;

static void add_name(names *ns, const char *name)
{
    if (name[0] && ns->n < 256) ns->list[ns->n++] = name;
}

static void scenario_names(names *ns, const scenario *s)
{
    for (int i = 0; i < s->n_zones; i++) add_name(ns, s->zones[i].name);
    for (int i = 0; i < SCN_NSIDES; i++) add_name(ns, s->side_name[i]);
    add_name(ns, s->militant_name);
    add_name(ns, s->mediator_name);
}

static void map_names(names *ns, const map *m)
{
    for (int i = 0; i < m->n_countries; i++) add_name(ns, m->countries[i].name);
    for (int i = 0; i < m->n_places; i++) add_name(ns, m->places[i].name);
}

static map *load_map(const char *path)
{
    char err[512] = "";
    map *m = map_load(path, err, sizeof err);
    cr_assert_not_null(m, "expected: %s loads, got: %s", path, err);
    return m;
}

Test(lessons, the_fictional_region_shares_no_name_with_the_real_one)
{
    scenario *fic = load("scenarios/fictional/varesh-kordan.yaml");
    scenario *real = load("scenarios/kabul-ultimatum-2023.yaml");
    cr_assert_str_eq(fic->view.map, "maps/varesh-kordan.map");
    map *fm = load_map("scenarios/fictional/maps/varesh-kordan.map");
    map *rm = load_map("scenarios/maps/af-pk.map");
    names a = {0}, b = {0};
    scenario_names(&a, fic);
    map_names(&a, fm);
    scenario_names(&b, real);
    map_names(&b, rm);
    cr_assert(a.n >= 20 && b.n >= 40, "expected names on both sides, got %d and %d", a.n, b.n);
    for (int i = 0; i < a.n; i++)
        for (int j = 0; j < b.n; j++)
            cr_assert(strcasecmp(a.list[i], b.list[j]) != 0, "'%s' is a real name", a.list[i]);
    cr_assert_eq(fm->n_borders, 1, "the fictional map draws its border");
    map_destroy(fm), map_destroy(rm);
    scenario_destroy(fic), scenario_destroy(real);
}

Test(lessons, every_fictional_zone_is_a_place_on_its_own_map_or_a_border_crossing)
{
    scenario *fic = load("scenarios/fictional/varesh-kordan.yaml");
    map *fm = load_map("scenarios/fictional/maps/varesh-kordan.map");
    for (int i = 0; i < fic->n_zones; i++) {
        const scn_zone *z = &fic->zones[i];
        int found = z->kind == SCN_ZONE_CROSSING || z->kind == SCN_ZONE_AIRBASE;
        for (int k = 0; k < fm->n_places && !found; k++) found = !strcmp(fm->places[k].name, z->name);
        cr_assert(found, "zone %s has no label on the map", z->name);
        cr_assert(z->lon >= fm->lon0 && z->lon <= fm->lon1 && z->lat >= fm->lat0 &&
                  z->lat <= fm->lat1, "zone %s lies outside the map", z->name);
    }
    map_destroy(fm);
    scenario_destroy(fic);
}

/* Items of the history that belong to a strike episode: the strikes and what answered
 * them (clashes, truce, talks, ceasefire, the October 2025 closure), and the closures that
 * came with a clash (on its day, at its crossing), which the model's clashes make. */
static int in_strike_episode(const scenario *s, const scn_timeline_item *it)
{
    long oct_2025 = 0;
    cr_assert_eq(date_parse("2025-10-01", &oct_2025), 0);
    int late = it->day >= (double)(oct_2025 - s->start_date), with_clash = 0;
    for (int i = 0; i < s->n_timeline && it->action == SCN_ACT_CLOSURE; i++)
        with_clash |= s->timeline[i].action == SCN_ACT_CLASH && s->timeline[i].day == it->day &&
                      s->timeline[i].zone == it->zone;
    return it->action == SCN_ACT_STRIKE || it->action == SCN_ACT_CLASH ||
           it->action == SCN_ACT_CEASEFIRE || it->action == SCN_ACT_MEDIATION ||
           (it->action == SCN_ACT_CLOSURE && (late || with_clash));
}

Test(lessons, the_unscripted_history_is_the_history_without_its_strike_episodes)
{
    scenario *h = load("scenarios/history-2021-2025.yaml");
    scenario *u = load("scenarios/history-unscripted.yaml");
    cr_assert_eq(h->start_date, u->start_date);
    cr_assert(h->days == u->days);
    int j = 0, strikes = 0;
    for (int i = 0; i < h->n_timeline; i++) {
        const scn_timeline_item *it = &h->timeline[i];
        strikes += it->action == SCN_ACT_STRIKE;
        if (in_strike_episode(h, it)) continue;
        cr_assert(j < u->n_timeline, "the unscripted history lacks '%s'", it->note);
        const scn_timeline_item *v = &u->timeline[j++];
        cr_assert(it->day == v->day && it->action == v->action && it->zone == v->zone &&
                  !strcmp(it->note, v->note), "item %d differs: '%s' vs '%s'", j - 1, it->note,
                  v->note);
    }
    cr_assert_eq(j, u->n_timeline, "the unscripted history has extra items");
    cr_assert_eq(strikes, 8, "the history scripts the strikes of four episodes");
    scenario_destroy(h), scenario_destroy(u);
}
