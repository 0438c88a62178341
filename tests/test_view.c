/* test_view.c - the live view drawn headless: markers at their zones, the HUD's threshold
 * line, resizing, keys, and the rule that speed never changes a run. */
#include "base/alloc.h"
#include "draw/text.h"
#include "layers/hud.h"
#include "layers/layers.h"
#include "map/map.h"
#include "map/proj.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static scenario *scn;
static map *mp;

static void zone(const char *name, int side, int kind, double lat, double lon, double k)
{
    scn_zone z = {.side = side, .kind = kind, .lat = lat, .lon = lon, .capacity = k,
                  .exposure = k};
    snprintf(z.name, sizeof z.name, "%s", name);
    cr_assert_geq(scenario_add_zone(scn, &z), 0);
}

static void setup(void)
{
    char err[256];
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    scn = scenario_create_default();
    cr_assert_not_null(scn);
    zone("Kunar", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY, 34.87, 71.15, 1.0);
    zone("Khost", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY, 33.34, 69.92, 0.8);
    zone("Peshawar", SCN_SIDE_STATE, SCN_ZONE_TARGET, 34.01, 71.58, 3.0);
    zone("Quetta", SCN_SIDE_STATE, SCN_ZONE_TARGET, 30.18, 67.00, 2.0);
    zone("Torkham", SCN_SIDE_STATE, SCN_ZONE_CROSSING, 34.11, 71.09, 0);
    zone("Kamra", SCN_SIDE_STATE, SCN_ZONE_AIRBASE, 33.87, 72.40, 0);
    scn->p.state.drone_rate = 0.05;
    mp = map_load("scenarios/maps/af-pk.map", err, sizeof err);
    cr_assert_not_null(mp, "%s", err);
}

static void teardown(void)
{
    map_destroy(mp);
    scenario_destroy(scn);
}

TestSuite(view, .init = setup, .fini = teardown);

static view *open_view(int w, int h, unsigned long long seed)
{
    char err[256];
    view_opts o = {.width = w, .height = h, .headless = 1, .speed = 7, .seed = seed};
    view *v = view_create(scn, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "view_create: %s", err);
    return v;
}

static SDL_Color px(SDL_Surface *s, int x, int y)
{
    Uint32 u = ((Uint32 *)s->pixels)[y * (s->pitch / 4) + x];
    SDL_Color c;
    SDL_GetRGBA(u, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

static SDL_Surface *frame(view *v)
{
    view_draw(v);
    SDL_Surface *f = view_read_frame(v);
    cr_assert_not_null(f, "%s", SDL_GetError());
    return f;
}

static int reddish(SDL_Color c) { return c.r > 150 && c.g < 110 && c.b < 110; }

Test(view, an_attack_is_drawn_at_its_target_zone)
{
    view *v = open_view(1280, 720, 7);
    scn_timeline_item it = {.action = SCN_ACT_ATTACK, .zone = 3, .type = SCN_ATTACK_SUICIDE,
                            .casualties = 60, .days = -1};
    snprintf(it.note, sizeof it.note, "test attack");
    cr_assert_eq(view_goto(v, 200.5), 0);
    cr_assert_eq(model_inject(view_model(v), &it, MODEL_ACTOR_SCRIPT), 0);
    cr_assert_eq(view_goto(v, 201), 0);   /* half a day later: still bright */
    SDL_Surface *f = frame(v);
    double x, y;
    view_project(v, scn->zones[3].lon, scn->zones[3].lat, &x, &y);
    float rad = layers_attack_radius(60, 1.0f);
    int red = 0, far_red = 0;
    for (int dy = -(int)rad; dy <= (int)rad; dy++)
        for (int dx = -(int)rad; dx <= (int)rad; dx++) {
            if (dx * dx + dy * dy > rad * rad || abs(dx) < 8) continue;
            red += reddish(px(f, (int)x + dx, (int)y + dy));
        }
    /* the same neighbourhood of Peshawar (no attack injected there) stays unmarked */
    view_project(v, 73.9, 29.0, &x, &y);
    for (int dy = -8; dy <= 8; dy++)
        for (int dx = -8; dx <= 8; dx++) far_red += reddish(px(f, (int)x + dx, (int)y + dy));
    cr_assert_gt(red, 100, "expected a red attack marker around Quetta, got %d red pixels", red);
    cr_assert_eq(far_red, 0);
    SDL_FreeSurface(f);
    view_destroy(v);
}

Test(view, the_threshold_line_is_where_the_threshold_implies)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 380, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    cr_assert_eq(SDL_Init(SDL_INIT_VIDEO), 0);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    char err[256];
    text *t = text_create(r, 1.0, err, sizeof err);
    cr_assert_not_null(t, "%s", err);
    hud_data d = {.title = "test", .start_date = 19358, .speed = 7, .layers = LAYER_ALL};
    d.st.threat = 0.3185;
    d.st.threshold.effective = 0.7315;
    d.st.warn_at = 0.55;
    SDL_Rect panel = {0, 0, 380, 720};
    hud_draw(r, t, NULL, panel, &d);
    SDL_Rect g = hud_gauge_rect(panel, t);
    int xt = hud_gauge_x(g, 0.7315), xw = hud_gauge_x(g, 0.55), ym = g.y + g.h / 2;
    SDL_Color c = px(s, xt, ym), w = px(s, xw, ym), th = px(s, hud_gauge_x(g, 0.2), ym);
    cr_assert(c.r > 240 && c.g > 240 && c.b > 240, "threshold line: got %d,%d,%d", c.r, c.g, c.b);
    cr_assert(w.r > 240 && w.g > 170 && w.b < 80, "warning line: got %d,%d,%d", w.r, w.g, w.b);
    cr_assert(th.r > 200 && th.g < 100, "threat fill at 0.2: got %d,%d,%d", th.r, th.g, th.b);
    for (int dx = 6; dx < 20; dx++) {   /* nothing else white beside the line */
        SDL_Color o = px(s, xt + dx, ym);
        cr_assert(!(o.r > 240 && o.g > 240 && o.b > 240), "white at +%d", dx);
    }
    text_destroy(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    SDL_Quit();
}

Test(view, resizing_keeps_the_map_inside_the_window)
{
    view *v = open_view(1280, 720, 1);
    int sizes[][2] = {{800, 900}, {1920, 1080}, {640, 360}};
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(view_resize(v, sizes[i][0], sizes[i][1]), 0);
        SDL_Rect mr = view_map_rect(v);
        double x0, y0, x1, y1;
        view_project(v, mp->lon0, mp->lat1, &x0, &y0);
        view_project(v, mp->lon1, mp->lat0, &x1, &y1);
        cr_assert(x0 >= mr.x && y0 >= mr.y && x1 <= mr.x + mr.w && y1 <= mr.y + mr.h,
                  "%dx%d: map %g,%g..%g,%g outside %d,%d %dx%d", sizes[i][0], sizes[i][1], x0, y0,
                  x1, y1, mr.x, mr.y, mr.w, mr.h);
        cr_assert_gt(x1 - x0, 0.5 * mr.w - 1e-9 * 0, "the map uses the area");
        SDL_Surface *f = frame(v);
        cr_assert_eq(f->w, sizes[i][0]);
        /* the border is still drawn where it projects */
        const map_pt *q = &mp->points[mp->borders[0].first + mp->borders[0].n / 2];
        double bx, by;
        view_project(v, q->lon, q->lat, &bx, &by);
        SDL_Color c = px(f, (int)bx, (int)by);
        cr_assert(c.r > 150 && c.g < 60, "%dx%d: border at %g,%g: got %d,%d,%d", sizes[i][0],
                  sizes[i][1], bx, by, c.r, c.g, c.b);
        SDL_FreeSurface(f);
    }
    view_destroy(v);
}

/* Same seed, different frame pacing: the same events. */
Test(view, speed_and_frame_pacing_never_change_the_run)
{
    view *a = open_view(640, 360, 11), *b = open_view(640, 360, 11);
    for (int k = 0; k < 400; k++) cr_assert_eq(view_advance(a, 1.0 / 60), 0);  /* 7 d/s */
    cr_assert_eq(view_goto(b, 20.5), 0);
    cr_assert_eq(view_goto(b, view_time(a)), 0);
    cr_assert(fabs(view_time(a) - view_time(b)) < 1e-9);
    model *ma = view_model(a), *mb = view_model(b);
    cr_assert_eq(model_record_count(ma), model_record_count(mb));
    for (int i = 0; i < model_record_count(ma); i++)
        cr_assert_str_eq(model_record_at(ma, i)->reason, model_record_at(mb, i)->reason);
    view_destroy(a);
    view_destroy(b);
}

static void press(view *v, SDL_Keycode k)
{
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = k;
    cr_assert_eq(view_handle(v, &e), 0);
}

Test(view, the_bracket_keys_move_the_threshold_and_survive_a_step_back)
{
    view *v = open_view(640, 360, 3);
    double base = model_params(view_model(v))->state.threshold;
    cr_assert_eq(view_goto(v, 40), 0);
    press(v, SDLK_RIGHTBRACKET);
    press(v, SDLK_RIGHTBRACKET);
    cr_assert(fabs(model_params(view_model(v))->state.threshold - (base + 0.10)) < 1e-9);
    model *m = view_model(v);
    const model_record *last = model_record_at(m, model_record_count(m) - 1);
    cr_assert_eq(last->kind, MODEL_REC_SET);
    cr_assert_eq(last->actor, MODEL_ACTOR_USER);
    cr_assert_eq(view_goto(v, 90), 0);
    int n90 = model_record_count(view_model(v));
    press(v, SDLK_LEFT);                       /* back to day 89: replayed, changes kept */
    cr_assert(fabs(view_time(v) - 89) < 1e-9);
    cr_assert(fabs(model_params(view_model(v))->state.threshold - (base + 0.10)) < 1e-9);
    cr_assert_eq(view_goto(v, 90), 0);
    cr_assert_eq(model_record_count(view_model(v)), n90);
    press(v, SDLK_r);                          /* restart forgets them */
    cr_assert(fabs(model_params(view_model(v))->state.threshold - base) < 1e-9);
    view_destroy(v);
}

Test(view, layer_keys_toggle_layers_and_q_quits)
{
    view *v = open_view(640, 360, 3);
    int before = view_layers(v);
    press(v, SDLK_2);
    cr_assert_eq(view_layers(v), before ^ LAYER_ATTACKS);
    press(v, SDLK_7);
    cr_assert_eq(view_layers(v) & LAYER_PLACES, 0);
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = SDLK_q;
    cr_assert_eq(view_handle(v, &e), 1);
    view_destroy(v);
}
