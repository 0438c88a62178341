/* test_strip.c - the view's "what really happened" strip, headless: it takes a band under the
 * map when the scenario names a record (and T gives the room back), draws the record's
 * events at their dates only up to the view's day, shows a real event's date, text and
 * source under the mouse or when clicked, and a run mark's click opens its reason. */
#include "base/date.h"
#include "data/record.h"
#include "map/map.h"
#include "scenario/scenario.h"
#include "story/reality.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

TestSuite(strip);

typedef struct world {
    scenario *scn;
    map *mp;
    view *v;
} world;

static world open_view(const char *scn, int w, int h, double day)
{
    char err[256];
    world x = {support_load_scenario(scn), support_load_region_map(), NULL};
    view_opts o = {.width = w, .height = h, .headless = 1, .speed = 7, .seed = 1};
    x.v = view_create(x.scn, x.mp, &o, err, sizeof err);
    cr_assert_not_null(x.v, "view_create: %s", err);
    cr_assert_eq(view_goto(x.v, day), 0);
    return x;
}

static void close_view(world *x)
{
    view_destroy(x->v);
    map_destroy(x->mp);
    scenario_destroy(x->scn);
}

static void send_key(view *v, SDL_Keycode k)
{
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = k;
    view_handle(v, &e);
}

static void move_to(view *v, int x, int y)
{
    SDL_Event e = {.type = SDL_MOUSEMOTION};
    e.motion.x = x;
    e.motion.y = y;
    view_handle(v, &e);
}

static void click_at(view *v, int x, int y)
{
    SDL_Event e = {.type = SDL_MOUSEBUTTONDOWN};
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = x;
    e.button.y = y;
    view_handle(v, &e);
}

/* The index of the record event with id, and its run day. */
static int find_event(const strip *st, const scenario *s, const char *id, double *day)
{
    const record *r = strip_record(st);
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->ev[i].id, id) == 0) {
            *day = (double)reality_day(s, &r->ev[i]);
            return i;
        }
    cr_assert_fail("no event %s in the record", id);
    return -1;
}

/* The pixel of the drawn frame at (x, y). */
static SDL_Color pixel_at(view *v, int x, int y)
{
    view_draw(v);
    SDL_Surface *f = view_read_frame(v);
    cr_assert_not_null(f);
    Uint32 p = ((Uint32 *)f->pixels)[y * (f->pitch / 4) + x];
    SDL_Color c;
    SDL_GetRGB(p, f->format, &c.r, &c.g, &c.b);
    SDL_FreeSurface(f);
    return c;
}

static int is_strike_red(SDL_Color c) { return c.r > 200 && c.g < 100 && c.b < 100; }

/* The middle of the strike lane (lane 0) of band b at day d. */
static SDL_Point lane_point(const strip *st, int b, int lane, double d)
{
    SDL_Rect q = strip_band(st, b);
    int h = q.h / REALITY_NKINDS;
    return (SDL_Point){strip_day_x(st, d), q.y + lane * h + h / 2};
}

Test(strip, the_history_view_has_the_band_under_the_map_and_t_gives_the_room_back)
{
    world x = open_view("scenarios/history-2021-2025.yaml", 1280, 720, 300);
    strip *st = view_strip(x.v);
    cr_assert_not_null(st, "the history scenario names a record");
    cr_assert(strip_shown(st), "shown when the scenario names a record");
    view_draw(x.v);
    SDL_Rect mr = view_map_rect(x.v), b0 = strip_band(st, 0), b1 = strip_band(st, 1);
    cr_assert(mr.h < 720 && b0.y >= mr.y + mr.h && b1.y > b0.y && b1.y + b1.h <= 720,
              "the bands lie under the map: map %d high, bands at %d and %d", mr.h, b0.y, b1.y);
    cr_assert(b0.x >= 0 && b0.x + b0.w <= mr.w, "the bands are as wide as the map at most");
    send_key(x.v, SDLK_t);
    cr_assert(!strip_shown(st));
    SDL_Rect hid = view_map_rect(x.v);   /* under the legend's strip, when the panel lacks room */
    cr_assert_eq(hid.y + hid.h, 720, "hidden, the map reaches the bottom of the window");
    send_key(x.v, SDLK_t);
    cr_assert_eq(view_map_rect(x.v).h, mr.h);
    close_view(&x);

    x = open_view("scenarios/kabul-ultimatum-2023.yaml", 1280, 720, 30);
    cr_assert_null(view_strip(x.v), "the default scenario names no record");
    cr_assert_eq(view_map_rect(x.v).y + view_map_rect(x.v).h, 720);
    send_key(x.v, SDLK_t);
    char *txt = support_frame_text(x.v);
    cr_assert_not_null(strstr(txt, "no record"), "T says why nothing shows: %s", txt);
    free(txt);
    close_view(&x);
}

Test(strip, the_records_marks_are_drawn_at_their_dates_only_up_to_the_day_reached)
{
    world x = open_view("scenarios/history-2021-2025.yaml", 1280, 720, 200);
    strip *st = view_strip(x.v);
    double d;
    find_event(st, x.scn, "2022-04-16-strike", &d);
    view_draw(x.v);
    SDL_Point p = lane_point(st, 0, REALITY_STRIKE, d), q = lane_point(st, 1, REALITY_STRIKE, d);
    SDL_Color before = pixel_at(x.v, p.x, p.y);
    cr_assert(!is_strike_red(before), "day 200: the strike of day %g is not shown yet", d);
    cr_assert_eq(view_goto(x.v, d + 30), 0);
    SDL_Color real = pixel_at(x.v, p.x, p.y), run = pixel_at(x.v, q.x, q.y);
    cr_assert(is_strike_red(real), "the record's strike is drawn at its day (%d,%d,%d)", real.r,
              real.g, real.b);
    cr_assert(is_strike_red(run), "the run's scripted strike of the same day in its band");
    /* A lane with no event that day keeps the band's colour, unlike the strike's. */
    SDL_Point e = lane_point(st, 0, REALITY_CEASEFIRE, d);
    SDL_Color empty = pixel_at(x.v, e.x, e.y);
    cr_assert(empty.r != real.r || empty.g != real.g || empty.b != real.b);
    close_view(&x);
}

Test(strip, a_real_mark_shows_its_date_text_and_source_and_a_click_keeps_it)
{
    world x = open_view("scenarios/history-2021-2025.yaml", 1280, 720, 300);
    strip *st = view_strip(x.v);
    double d;
    int i = find_event(st, x.scn, "2022-04-16-strike", &d);
    view_draw(x.v);
    SDL_Point p = lane_point(st, 0, REALITY_STRIKE, d);
    move_to(x.v, p.x, p.y);
    char *txt = support_frame_text(x.v);
    cr_assert_not_null(strstr(txt, "16 April 2022: strike (the record, disputed)"), "%s", txt);
    cr_assert_not_null(strstr(txt, "Source: 2022 Pakistani airstrikes in Afghanistan "
                                    "(Wikipedia)"), "%s", txt);
    cr_assert_not_null(strstr(txt, "Predawn strikes."), "its description: %s", txt);
    free(txt);
    click_at(x.v, p.x, p.y);
    cr_assert_eq(strip_pinned(st), i);
    move_to(x.v, 5, 5);
    txt = support_frame_text(x.v);
    cr_assert_not_null(strstr(txt, "16 April 2022: strike"), "pinned, it stays: %s", txt);
    free(txt);
    click_at(x.v, p.x, p.y);
    cr_assert_eq(strip_pinned(st), -1, "a second click unpins it");
    /* The run's strike of that day: its caption under the mouse, its reason on a click. */
    SDL_Point q = lane_point(st, 1, REALITY_STRIKE, d);
    move_to(x.v, q.x, q.y);
    txt = support_frame_text(x.v);
    cr_assert_not_null(strstr(txt, "16 April 2022: strike at "), "%s", txt);
    cr_assert_not_null(strstr(txt, "(this run, scripted)"), "%s", txt);
    free(txt);
    click_at(x.v, q.x, q.y);
    move_to(x.v, 5, 5);
    txt = support_frame_text(x.v);
    cr_assert_not_null(strstr(txt, "why: the model's reason"), "the reason box: %s", txt);
    free(txt);
    close_view(&x);
}

Test(strip, the_views_debrief_has_what_really_happened)
{
    world x = open_view("scenarios/history-2021-2025.yaml", 1280, 720, 400);
    char dir[512], md[700], err[256];
    support_temp_dir(dir, sizeof dir, "strip");
    snprintf(md, sizeof md, "%s/debrief.md", dir);
    cr_assert_eq(view_write_debrief(x.v, md, err, sizeof err), 0, "%s", err);
    char *txt = support_slurp(md);
    cr_assert_not_null(strstr(txt, "## What really happened"));
    cr_assert_not_null(strstr(txt, "### Strikes in the record (1)\n"),
                       "day 400: only the strike of April 2022 is in: %s",
                       strstr(txt, "## What really happened"));
    free(txt);
    support_remove_tree(dir);
    close_view(&x);
}
