/* test_background.c - militants.background in scenario files and in the model's attacks. */
#include "base/date.h"
#include "model/model.h"
#include "support.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void setup(void) { gsl_set_error_handler_off(); }
TestSuite(background, .init = setup);

static const char *base_yaml =
    "scenario: {name: bg, start_date: 2023-01-01, days: 730, seed: 7}\n"
    "zones:\n"
    "  - {name: Kunar, side: host, kind: sanctuary, lat: 34.87, lon: 71.15}\n"
    "  - {name: Peshawar, side: state, kind: target, lat: 34.01, lon: 71.58}\n";

/* Writes text to dir/name and returns the path (static buffer). */
static const char *put(const char *dir, const char *name, const char *text)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static scenario *load(const char *path, const char **sets, int n, scn_errors *errs)
{
    memset(errs, 0, sizeof *errs);
    return scenario_load(path, sets, n, errs);
}

Test(background, a_scenario_file_gives_the_shape_and_set_can_flatten_it)
{
    char dir[256], text[2048];
    support_temp_dir(dir, sizeof dir, "bg");
    snprintf(text, sizeof text, "%smilitants:\n  base_rate: 0.3\n  background:\n"
             "    shape: piecewise\n    from: 2023-01-01\n    step: 365\n"
             "    levels: [0.5, 1.5]\n", base_yaml);
    const char *path = put(dir, "a.yaml", text);
    scn_errors errs;
    scenario *s = load(path, NULL, 0, &errs);
    if (!s) scn_errors_print(&errs, stderr);
    cr_assert_not_null(s);
    const bg_shape *b = &s->background;
    cr_assert_eq(b->kind, BG_PIECEWISE);
    cr_assert_eq(b->n, 2);
    cr_assert_eq(b->from, date_from_ymd(2023, 1, 1));
    cr_assert_eq(bg_factor(b, date_from_ymd(2023, 6, 1)), 0.5);
    cr_assert_eq(bg_factor(b, date_from_ymd(2024, 6, 1)), 1.5);
    /* The resolved scenario reads back to the same background. */
    char out[600];
    snprintf(out, sizeof out, "%s/resolved.yaml", dir);
    FILE *f = fopen(out, "w");
    cr_assert_eq(scenario_write_yaml(s, f), 0);
    fclose(f);
    scn_errors e2;
    scenario *r = load(out, NULL, 0, &e2);
    if (!r) scn_errors_print(&e2, stderr);
    cr_assert_not_null(r);
    cr_assert(memcmp(&r->background, b, sizeof *b) == 0);
    cr_assert_eq(scenario_hash(r), scenario_hash(s));
    const char *flat[1] = {"militants.background.shape=constant"};
    scenario *c = load(path, flat, 1, &e2);
    cr_assert_not_null(c);
    cr_assert_eq(bg_factor(&c->background, date_from_ymd(2024, 6, 1)), 1);
    cr_assert_neq(scenario_hash(c), scenario_hash(s));
    scenario_destroy(s);
    scenario_destroy(r);
    scenario_destroy(c);
    scn_errors_free(&errs);
    scn_errors_free(&e2);
    support_remove_tree(dir);
}

/* Loads base_yaml plus extra and returns the first error message ("" when it loads). */
static void first_error(const char *dir, const char *extra, char *msg, size_t n)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s", base_yaml, extra);
    const char *path = put(dir, "bad.yaml", text);
    scn_errors errs;
    scenario *s = load(path, NULL, 0, &errs);
    msg[0] = '\0';
    if (!s && errs.n > 0) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        scn_errors_print(&errs, f);
        fclose(f);
        snprintf(msg, n, "%s", buf);
        free(buf);
    }
    scenario_destroy(s);
    scn_errors_free(&errs);
}

Test(background, bad_backgrounds_are_reported_with_file_line_and_column)
{
    char dir[256], msg[1024];
    support_temp_dir(dir, sizeof dir, "bg");
    first_error(dir, "militants:\n  background:\n    shape: wavy\n", msg, sizeof msg);
    cr_assert(strstr(msg, "bad.yaml:7:12: militants.background.shape: expected one of "
                          "constant, piecewise, spline, found 'wavy'"), "%s", msg);
    first_error(dir, "militants:\n  background: {shape: piecewise, levels: [1, -2]}\n", msg,
                sizeof msg);
    cr_assert(strstr(msg, "bad.yaml:6:"), "%s", msg);
    cr_assert(strstr(msg, "militants.background.levels: expected a level > 0, found '-2'"), "%s",
              msg);
    first_error(dir, "militants:\n  background: {shape: spline, step: 30, levels: [1]}\n", msg,
                sizeof msg);
    cr_assert(strstr(msg, "militants.background: a spline background needs 2 to"), "%s", msg);
    first_error(dir, "militants:\n  background: {shape: piecewise, from: 2023-02-30}\n", msg,
                sizeof msg);
    cr_assert(strstr(msg, "expected a date YYYY-MM-DD, found '2023-02-30'"), "%s", msg);
    first_error(dir, "militants:\n  background: {shape: piecewise, step: 0.2, levels: [1, 2]}\n",
                msg, sizeof msg);
    cr_assert(strstr(msg, "militants.background.step: expected a number of days"), "%s", msg);
    support_remove_tree(dir);
}

Test(background, attacks_follow_the_level_of_each_block)
{
    /* Two years, levels 0.5 then 1.5 of a base rate 0.4 with branching 0.3: about
     * 0.4 x 0.5 x 365 / 0.7 = 104 attacks in the first year and 313 in the second (less a
     * day's edge effect). Over 30 replications the means are known to about 4% (sd of a
     * year's count ~ sqrt(n) / (1 - kappa)); 12% is an honest bound. */
    scenario *s = support_load_scenario("tests/scenarios/good/minimal.yaml");
    s->days = 730;
    s->n_timeline = 0;
    scn_params *p = &s->p;
    p->militants.base_rate = 0.4;
    p->militants.branching = 0.3;
    p->militants.season_amplitude = 0;
    p->militants.coop_damping = 0;
    p->state.threshold = 1;
    p->state.warn_at = 1;
    p->state.close_at = 1;
    p->state.demarche_at = 1;
    p->state.drone_rate = 0;
    p->host.crackdown_rate = 0;
    p->mediation.daily_probability = 0;
    bg_shape *b = &s->background;
    b->kind = BG_PIECEWISE;
    b->from = s->start_date;
    b->step = 365;
    b->n = 2;
    b->level[0] = 0.5;
    b->level[1] = 1.5;
    double year[2] = {0, 0};
    enum { R = 30 };
    for (int r = 0; r < R; r++) {
        int err;
        model *m = model_create(s, 11, (uint64_t)r, MODEL_KEEP_EVENTS, &err);
        cr_assert_not_null(m);
        cr_assert_eq(model_run(m), 0);
        for (int i = 0; i < model_record_count(m); i++) {
            const model_record *rec = model_record_at(m, i);
            if (rec->kind == MODEL_REC_ATTACK && rec->actor == MODEL_ACTOR_MILITANTS)
                year[rec->t >= 365] += 1.0 / R;
        }
        model_destroy(m);
    }
    double want[2] = {0.4 * 0.5 * 365 / 0.7, 0.4 * 1.5 * 365 / 0.7};
    for (int k = 0; k < 2; k++)
        cr_assert(fabs(year[k] / want[k] - 1) < 0.12, "year %d: %.1f attacks, expected %.1f",
                  k + 1, year[k], want[k]);
    scenario_destroy(s);
}
