/* test_inject.c - the facilitator's inject menu: an item and a click on the map give an
 * event in the log with actor "user" and the reason "injected by facilitator", the nearest
 * zone of the right kind is picked, and the saved script replays the inject. */
#define _GNU_SOURCE /* open_memstream */
#include "map/map.h"
#include "model/model.h"
#include "panels/inject.h"
#include "story/debrief.h"
#include "story/script.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static scenario *scn;
static map *mp;

static void setup(void)
{
    mp = support_load_region_map();
    scn = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
}

static void teardown(void)
{
    map_destroy(mp);
    scenario_destroy(scn);
}

TestSuite(inject, .init = setup, .fini = teardown);

static view *open_view(void)
{
    char err[256];
    view_opts o = {.width = 1280, .height = 720, .headless = 1, .speed = 7, .seed = 5};
    view *v = view_create(scn, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "view_create: %s", err);
    return v;
}

static int zone_named(const char *name)
{
    for (int i = 0; i < scn->n_zones; i++)
        if (!strcmp(scn->zones[i].name, name)) return i;
    cr_assert_fail("no zone %s", name);
    return -1;
}

static void send_click(view *v, int x, int y)
{
    SDL_Event e = {.type = SDL_MOUSEBUTTONDOWN};
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    view_handle(v, &e);
}

static void send_key(view *v, SDL_Keycode k)
{
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = k;
    view_handle(v, &e);
}

Test(inject, an_attack_picked_on_the_map_is_logged_with_its_reason)
{
    view *v = open_view();
    cr_assert_eq(view_goto(v, 40), 0);
    send_key(v, SDLK_i);
    view_draw(v);   /* lays out the menu */
    SDL_Rect it = inject_item_rect(view_inject(v), INJECT_ATTACK_LARGE);
    send_click(v, it.x + it.w / 2, it.y + it.h / 2);
    int pesh = zone_named("Peshawar");
    double x, y;
    view_project(v, scn->zones[pesh].lon, scn->zones[pesh].lat, &x, &y);
    send_click(v, (int)x + 3, (int)y - 2);
    const model *m = view_model(v);
    const model_record *r = model_record_at(m, model_record_count(m) - 1);
    cr_assert_eq(r->kind, MODEL_REC_ATTACK);
    cr_assert_eq(r->zone, pesh, "expected: Peshawar, got zone %d", r->zone);
    cr_assert_eq(r->actor, MODEL_ACTOR_USER);
    cr_assert(r->casualties == 30, "casualties %g", r->casualties);
    cr_assert(strstr(r->reason, "injected by facilitator") != NULL, "reason: %s", r->reason);
    cr_assert_not(inject_is_open(view_inject(v)), "the menu closes after an inject");
    view_destroy(v);
}

Test(inject, the_mass_casualty_item_is_the_models_own_level_and_a_turning_point)
{
    view *v = open_view();
    cr_assert_eq(view_goto(v, 40), 0);
    model *m = view_model(v);
    double level = model_params(m)->state.mass_casualty;
    cr_assert_geq(inject_casualties(m, INJECT_ATTACK_MASS), level);
    /* read from the model, not a constant: a changed level moves the inject */
    cr_assert_eq(model_set_param(m, "state.strike.mass_casualty", 220, MODEL_ACTOR_USER,
                                 "test"), 0);
    cr_assert(inject_casualties(m, INJECT_ATTACK_MASS) == 220);
    send_key(v, SDLK_i);
    view_draw(v);
    SDL_Rect it = inject_item_rect(view_inject(v), INJECT_ATTACK_MASS);
    send_click(v, it.x + it.w / 2, it.y + it.h / 2);
    int pesh = zone_named("Peshawar");
    double x, y;
    view_project(v, scn->zones[pesh].lon, scn->zones[pesh].lat, &x, &y);
    send_click(v, (int)x, (int)y);
    const model_record *r = model_record_at(m, model_record_count(m) - 1);
    cr_assert(r->kind == MODEL_REC_ATTACK && r->casualties == 220, "casualties %g",
              r->casualties);
    cr_assert_not_null(strstr(r->reason, "mass-casualty attack"), "the model's rule: %s",
                       r->reason);
    debrief_point pt[128];
    int n = debrief_points(m, pt, 128), found = 0;
    for (int i = 0; i < n && i < 128; i++)
        found |= pt[i].kind == DEBRIEF_MASS_CASUALTY &&
                 pt[i].record == model_record_count(m) - 1;
    cr_assert(found, "the injected mass-casualty attack is a turning point");
    view_destroy(v);
}

Test(inject, each_item_picks_the_nearest_zone_of_its_kind)
{
    view *v = open_view();
    int kunar = zone_named("Kunar"), torkham = zone_named("Torkham");
    double x, y;
    panel_ctx c;
    view_panel_ctx(v, &c);
    view_project(v, scn->zones[kunar].lon, scn->zones[kunar].lat, &x, &y);
    int z = inject_pick_zone(&c, INJECT_DRONE, (int)x, (int)y);
    cr_assert_eq(scn->zones[z].side, SCN_SIDE_HOST);
    z = inject_pick_zone(&c, INJECT_CLOSURE, (int)x, (int)y);
    cr_assert_eq(scn->zones[z].kind, SCN_ZONE_CROSSING);
    view_project(v, scn->zones[torkham].lon, scn->zones[torkham].lat, &x, &y);
    cr_assert_eq(inject_pick_zone(&c, INJECT_CLOSURE, (int)x, (int)y), torkham);
    cr_assert_eq(inject_pick_zone(&c, INJECT_MEDIATION, (int)x, (int)y), -1);
    view_destroy(v);
}

Test(inject, injects_survive_a_step_back_and_replay_from_the_saved_script)
{
    view *v = open_view();
    cr_assert_eq(view_goto(v, 20), 0);
    panel_ctx c;
    panel_reply rep;
    panel_reply_init(&rep);
    view_panel_ctx(v, &c);
    cr_assert_eq(inject_apply(&c, INJECT_MEDIATION, -1, &rep), 0);
    cr_assert_eq(inject_apply(&c, INJECT_DRONE, zone_named("Kunar"), &rep), 0);
    cr_assert(rep.changed, "the view is told to show the new records");
    view_reply(v, &rep);
    cr_assert_eq(view_goto(v, 60), 0);
    int n = model_record_count(view_model(v));
    cr_assert_eq(view_goto(v, 10), 0);   /* back: a fresh model */
    cr_assert_eq(view_goto(v, 60), 0);
    cr_assert_eq(model_record_count(view_model(v)), n, "the injects replay after a step back");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_eq(script_write(view_script(v), scn, f), 0);
    fclose(f);
    cr_assert(strstr(buf, "inject mediation") && strstr(buf, "inject drone zone=\"Kunar\""),
              "script: %s", buf);
    free(buf);
    view_destroy(v);
}
