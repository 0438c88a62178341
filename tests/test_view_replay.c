/* test_view_replay.c - real incidents replayed through the model in the view (--replay). */
#include "base/alloc.h"
#include "data/incidents.h"
#include "map/map.h"
#include "model/model.h"
#include "record/replay.h"
#include "scenario/scenario.h"
#include "support.h"
#include "view/view.h"
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static scenario *scn;

static void zone(const char *name, int side, int kind, double lat, double lon, double k)
{
    scn_zone z = {.side = side, .kind = kind, .lat = lat, .lon = lon, .capacity = k,
                  .exposure = k};
    snprintf(z.name, sizeof z.name, "%s", name);
    cr_assert_geq(scenario_add_zone(scn, &z), 0);
}

static void setup(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    scn = scenario_create_default();
    zone("Kunar", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY, 34.87, 71.15, 1.0);
    zone("Peshawar", SCN_SIDE_STATE, SCN_ZONE_TARGET, 34.01, 71.58, 3.0);
    zone("Quetta", SCN_SIDE_STATE, SCN_ZONE_TARGET, 30.18, 67.00, 2.0);
    scn_timeline_item a = {.day = 29, .action = SCN_ACT_ATTACK, .zone = 1, .type = -1,
                           .casualties = 100, .days = -1};
    scn_timeline_item d = {.day = 52, .action = SCN_ACT_DELEGATION, .zone = -1, .type = -1,
                           .casualties = -1, .days = -1};
    cr_assert_eq(scenario_add_timeline(scn, &a), 0);
    cr_assert_eq(scenario_add_timeline(scn, &d), 0);
}

static void teardown(void) { scenario_destroy(scn); }

TestSuite(view_replay, .init = setup, .fini = teardown);

Test(view_replay, the_replay_scenario_has_no_simulated_or_scripted_attacks)
{
    scenario *r = replay_scenario(scn);
    cr_assert_not_null(r);
    cr_assert(r->p.militants.base_rate == 0 && r->p.militants.branching == 0);
    cr_assert_eq(r->n_timeline, 1);
    cr_assert_eq(r->timeline[0].action, SCN_ACT_DELEGATION);
    cr_assert_eq(scn->n_timeline, 2, "the original is untouched");
    cr_assert_gt(scn->p.militants.base_rate, 0);
    scenario_destroy(r);
}

Test(view_replay, incidents_go_to_the_nearest_target_within_their_day)
{
    incident items[] = {
        {scn->start_date - 3, 34.0, 71.5, 5, (char *)"TTP", 2},     /* before the start */
        {scn->start_date + 10, 34.05, 71.52, NAN, (char *)"TTP", 3}, /* Peshawar, unknown toll */
        {scn->start_date + 10, 30.2, 67.1, 2, (char *)"TTP", 4},     /* Quetta, same day */
        {scn->start_date + 40, 31.55, 74.35, 1, (char *)"TTP", 5},   /* Lahore: far from both */
        {scn->start_date + 400, 34.0, 71.5, 1, (char *)"TTP", 6},    /* after the end */
    };
    incidents set = {items, 5, INC_FMT_CSV};
    replay_item *out;
    int n;
    replay_stats st;
    cr_assert_eq(replay_prepare(scn, &set, 7, &out, &n, &st), 0);
    cr_assert_eq(n, 2);
    cr_assert(st.before == 1 && st.after == 1 && st.far == 1, "got %d %d %d", st.before,
              st.after, st.far);
    cr_assert_eq(st.tie_days, 1);
    cr_assert_eq(out[0].zone, 1);
    cr_assert_eq(out[1].zone, 2);
    cr_assert(out[0].t >= 10 && out[0].t < 11 && out[1].t >= out[0].t && out[1].t < 11);
    cr_assert(out[0].casualties < 0, "an unknown toll is left for the model to draw");
    cr_assert_eq(out[1].line, 4);
    sim_free(out);
}

Test(view_replay, the_model_sees_exactly_the_replayed_attacks_also_after_a_step_back)
{
    char err[256];
    map *mp = map_load("scenarios/maps/af-pk.map", err, sizeof err);
    cr_assert_not_null(mp, "%s", err);
    scenario *r = replay_scenario(scn);
    replay_item items[] = {{3.25, 1, 20, 2}, {3.5, 2, -1, 3}, {41.1, 1, 4, 4}, {200, 2, 1, 5}};
    view_opts o = {.width = 640, .height = 360, .headless = 1, .speed = 7, .seed = 5};
    view *v = view_create(r, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "%s", err);
    cr_assert_eq(view_set_replay(v, items, 4, "Replay: test"), 0);
    cr_assert_eq(view_goto(v, 100), 0);
    int attacks = 0, n = model_record_count(view_model(v));
    for (int i = 0; i < n; i++) {
        const model_record *rec = model_record_at(view_model(v), i);
        if (rec->kind != MODEL_REC_ATTACK) continue;
        cr_assert_eq(rec->actor, MODEL_ACTOR_SCRIPT);
        cr_assert(fabs(rec->t - items[attacks].t) < 1e-9, "attack %d at %g", attacks, rec->t);
        attacks++;
    }
    cr_assert_eq(attacks, 3);
    cr_assert_eq(view_goto(v, 20), 0);     /* back: replayed from day 0 */
    cr_assert_eq(view_goto(v, 100), 0);
    cr_assert_eq(model_record_count(view_model(v)), n);
    view_destroy(v);
    scenario_destroy(r);
    map_destroy(mp);
}

/* Writes csv to a temporary file, runs `frontier view` on the default scenario with
 * --replay FILE plus args; returns the exit status, stderr in err. */
static int run_replay(const char *csv, const char *args, char *err, size_t n)
{
    const char *tmp = getenv("TMPDIR");
    char dir[512], f[600], e[600], png[600], cmd[3000];
    snprintf(dir, sizeof dir, "%s/replay-XXXXXX", tmp && *tmp ? tmp : ".");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(f, sizeof f, "%s/in.csv", dir);
    snprintf(e, sizeof e, "%s/err", dir);
    snprintf(png, sizeof png, "%s/v.png", dir);
    FILE *fp = fopen(f, "w");
    fputs(csv, fp);
    fclose(fp);
    snprintf(cmd, sizeof cmd, "'%s' view scenarios/kabul-ultimatum-2023.yaml --replay '%s' %s "
             "--headless --until 120 --size 640x360 --screenshot '%s' 2>'%s'", support_bin(), f, args,
             png, e);
    int st = system(cmd);
    fp = fopen(e, "rb");
    size_t k = fp ? fread(err, 1, n - 1, fp) : 0;
    err[k] = 0;
    if (fp) fclose(fp);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(view_replay, the_cli_replays_a_plain_csv_and_says_what_it_used)
{
    char err[4096];
    const char *csv = "date,lat,lon,actor,casualties\n2023-02-03,34.01,71.57,TTP,12\n"
                      "2023-02-03,33.0,70.1,TTP,\n2023-03-10,30.2,67.0,BLA,2\n";
    int rc = run_replay(csv, "--actor ttp", err, sizeof err);
    cr_assert_eq(rc, 0, "expected: 0, got: %d\n%s", rc, err);
    cr_assert_not_null(strstr(err, "3 rows read, 2 replayed"), "%s", err);
    cr_assert_not_null(strstr(err, "1 actor"), "%s", err);
}

Test(view_replay, a_replay_with_nothing_in_the_run_exits_2_and_suggests_start)
{
    char err[4096];
    const char *csv = "date,lat,lon,actor,casualties\n2010-02-03,34.01,71.57,TTP,12\n";
    cr_assert_eq(run_replay(csv, "", err, sizeof err), 2, "%s", err);
    cr_assert_not_null(strstr(err, "--start"), "%s", err);
    cr_assert_eq(run_replay(csv, "--start 2010-01-01", err, sizeof err), 0, "%s", err);
    cr_assert_eq(run_replay(csv, "--format nonsense", err, sizeof err), 2, "%s", err);
}
