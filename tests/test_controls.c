/* test_controls.c - the on-screen buttons under the side panel: a click at each control's
 * rectangle, sent through the view's input function as an SDL event, does what it says
 * (and what its key does), at every size and theme a class uses. */
#include "draw/theme.h"
#include "map/map.h"
#include "model/model.h"
#include "panels/controls.h"
#include "scenario/scenario.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

static scenario *scn;
static map *mp;

static void setup(void)
{
    mp = support_load_region_map();
    scn = support_load_scenario(SCN);
}

static void teardown(void)
{
    map_destroy(mp);
    scenario_destroy(scn);
}

TestSuite(controls, .init = setup, .fini = teardown);

static view *open_view(int w, int h, int brief)
{
    char err[256];
    view_opts o = {.width = w, .height = h, .headless = 1, .speed = 7, .seed = 1,
                   .brief = brief};
    view *v = view_create(scn, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "view_create: %s", err);
    view_draw(v);   /* the bar is laid out as it is drawn */
    return v;
}

static SDL_Rect rect_of(view *v, int id)
{
    SDL_Rect q = controls_rect(view_controls(v), id);
    cr_assert_gt(q.w, 0, "control %d is drawn", id);
    return q;
}

static void press(view *v, int x, int y)
{
    SDL_Event e = {.type = SDL_MOUSEBUTTONDOWN};
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    cr_assert_eq(view_handle(v, &e), 0, "a click never quits");
    SDL_Event u = {.type = SDL_MOUSEBUTTONUP};
    u.button.button = SDL_BUTTON_LEFT;
    u.button.x = x;
    u.button.y = y;
    view_handle(v, &u);
}

static void click(view *v, int id)
{
    SDL_Rect q = rect_of(v, id);
    press(v, q.x + q.w / 2, q.y + q.h / 2);
    view_draw(v);
}

Test(controls, run_pause_toggles_the_run_and_the_clock_follows)
{
    view *v = open_view(1280, 720, 0);
    cr_assert(!view_paused(v));
    click(v, CONTROL_RUN);
    cr_assert(view_paused(v), "Pause pauses");
    double t = view_time(v);
    cr_assert_eq(view_advance(v, 2.0), 0);
    cr_assert_float_eq(view_time(v), t, 1e-12, "paused: the clock stands");
    click(v, CONTROL_RUN);
    cr_assert(!view_paused(v), "Run runs");
    cr_assert_eq(view_advance(v, 2.0), 0);
    cr_assert_float_eq(view_time(v), t + 14, 1e-9, "running at 7 days/s for 2 s");
    view_destroy(v);
}

Test(controls, run_on_the_brief_card_starts_the_run_like_space)
{
    view *v = open_view(1280, 720, 1);
    cr_assert(view_paused(v), "the brief card opens paused");
    click(v, CONTROL_RUN);
    cr_assert(!view_paused(v), "Run closes the card and starts the run");
    view_destroy(v);
}

Test(controls, step_moves_one_day_and_pauses)
{
    view *v = open_view(1280, 720, 0);
    cr_assert_eq(view_goto(v, 10.5), 0);
    click(v, CONTROL_STEP);
    cr_assert(view_paused(v));
    cr_assert_float_eq(view_time(v), 11, 1e-9, "to the next day, got %g", view_time(v));
    click(v, CONTROL_STEP);
    cr_assert_float_eq(view_time(v), 12, 1e-9);
    view_destroy(v);
}

Test(controls, restart_goes_back_to_day_0_with_the_same_seed)
{
    view *v = open_view(1280, 720, 0);
    cr_assert_eq(view_goto(v, 60), 0);
    int n60 = model_record_count(view_model(v));
    click(v, CONTROL_RESTART);
    cr_assert_float_eq(view_time(v), 0, 1e-12);
    cr_assert_eq(view_goto(v, 60), 0);
    cr_assert_eq(model_record_count(view_model(v)), n60, "the same seed gives the same run");
    view_destroy(v);
}

Test(controls, the_slider_sets_every_speed_from_end_to_end_and_follows_a_drag)
{
    view *v = open_view(1280, 720, 0);
    SDL_Rect q = rect_of(v, CONTROL_SPEED);
    int y = q.y + q.h / 2;
    press(v, q.x, y);
    cr_assert_float_eq(controls_speed(0), 0.25, 1e-12);
    double t = view_time(v);
    cr_assert_eq(view_advance(v, 4.0), 0);
    cr_assert_float_eq(view_time(v) - t, 1.0, 1e-9, "0.25 days/s for 4 s is one day");
    press(v, q.x + q.w - 1, y);
    t = view_time(v);
    cr_assert_eq(view_advance(v, 0.5), 0);
    cr_assert_float_eq(view_time(v) - t, 30, 1e-9, "the right end is 60 days/s");
    /* a drag from the left end: the speed follows the mouse until the button is let go */
    SDL_Event e = {.type = SDL_MOUSEBUTTONDOWN};
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = q.x;
    e.button.y = y;
    view_handle(v, &e);
    double last = 0, first = -1;
    for (int x = q.x; x < q.x + q.w; x += 3) {
        SDL_Event m = {.type = SDL_MOUSEMOTION};
        m.motion.x = x;
        m.motion.y = y + 40;   /* off the bar: a drag keeps going */
        view_handle(v, &m);
        cr_assert_eq(view_goto(v, 0), 0);   /* far from the horizon */
        t = view_time(v);
        view_set_paused(v, 0);
        cr_assert_eq(view_advance(v, 1.0), 0);
        double sp = view_time(v) - t;
        cr_assert_geq(sp, last - 1e-9, "the speed grows left to right");
        last = sp;
        if (first < 0) first = sp;
    }
    cr_assert_float_eq(first, 0.25, 1e-9, "the drag starts at the slowest speed");
    cr_assert_float_eq(last, 60, 1e-9, "and ends at the fastest");
    view_destroy(v);
}

/* Every control of the bar at every size and theme: inside the side panel's bottom, apart,
 * large enough to hit, and a click on it acts (run / pause checked at each). */
Test(controls, the_bar_fits_every_size_and_theme)
{
    static const int sizes[][2] = {{1024, 768}, {1280, 720}, {1920, 1080}, {3840, 2160}};
    for (int th = 0; th < THEME_N; th++)
        for (int s = 0; s < 4; s++) {
            view *v = open_view(sizes[s][0], sizes[s][1], 0);
            cr_assert_eq(view_set_theme(v, th), 0);
            view_draw(v);
            SDL_Rect area = view_map_rect(v), q[CONTROLS_N];
            for (int i = 0; i < CONTROLS_N; i++) {
                q[i] = rect_of(v, i);
                cr_assert(q[i].x >= area.x + area.w && q[i].x + q[i].w <= sizes[s][0] &&
                          q[i].y + q[i].h <= sizes[s][1] && q[i].y > sizes[s][1] / 2,
                          "%dx%d %s: control %d at %d,%d %dx%d", sizes[s][0], sizes[s][1],
                          theme_get(th)->name, i, q[i].x, q[i].y, q[i].w, q[i].h);
                cr_assert_geq(q[i].h, 20, "a hand can hit it");
                for (int j = 0; j < i; j++) cr_assert(!SDL_HasIntersection(&q[i], &q[j]));
            }
            cr_assert_geq(q[CONTROL_SPEED].w, 80, "the slider is long enough to drag");
            click(v, CONTROL_RUN);
            cr_assert(view_paused(v), "%dx%d %s: Pause works", sizes[s][0], sizes[s][1],
                      theme_get(th)->name);
            view_destroy(v);
        }
}
