/* test_theme.c - the projector theme: type at least 1.3x larger, light text on very dark
 * panels with a high contrast ratio, and a view drawn in it. */
#include "draw/text.h"
#include "draw/theme.h"
#include "map/map.h"
#include "panels/captions.h"
#include "scenario/scenario.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

static void setup(void) { setenv("SDL_VIDEODRIVER", "dummy", 1); }

TestSuite(theme, .init = setup);

/* Rows of s with any ink (alpha > 64): the rendered height of the glyphs. */
static int ink_rows(SDL_Surface *s)
{
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    cr_assert_not_null(c);
    int top = -1, bottom = -1;
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++)
            if ((((Uint32 *)c->pixels)[y * (c->pitch / 4) + x] >> 24) > 64) {
                if (top < 0) top = y;
                bottom = y;
            }
    SDL_FreeSurface(c);
    return top < 0 ? 0 : bottom - top + 1;
}

static int label_height(double scale)
{
    char err[256];
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(target);
    text *t = text_create(r, scale, err, sizeof err);
    cr_assert_not_null(t, "%s", err);
    SDL_Surface *s = text_render_surface(t, TEXT_LABEL, "Peshawar Khost", (SDL_Color){0, 0, 0,
                                         255});
    cr_assert_not_null(s);
    int h = ink_rows(s);
    SDL_FreeSurface(s);
    text_destroy(t);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(target);
    return h;
}

Test(theme, projector_labels_render_at_least_1_3_times_taller)
{
    int h0 = label_height(theme_get(THEME_DEFAULT)->text_scale);
    int h1 = label_height(theme_get(THEME_PROJECTOR)->text_scale);
    cr_assert_gt(h0, 5);
    cr_assert_geq(h1, 1.3 * h0, "expected: >= 1.3 x %d px, got: %d px", h0, h1);
}

static double lum1(Uint8 c)
{
    double x = c / 255.0;
    return x <= 0.03928 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
}

static double luminance(SDL_Color c)
{
    return 0.2126 * lum1(c.r) + 0.7152 * lum1(c.g) + 0.0722 * lum1(c.b);
}

Test(theme, projector_panels_have_light_text_on_very_dark_with_high_contrast)
{
    const theme *p = theme_get(THEME_PROJECTOR);
    double fg = luminance(p->panel_fg), bg = luminance(p->panel_bg);
    cr_assert_lt(bg, 0.01, "expected: a very dark panel");
    double ratio = (fg + 0.05) / (bg + 0.05);
    cr_assert_geq(ratio, 15, "expected: contrast >= 15:1 (WCAG AAA asks 7:1), got: %.1f", ratio);
    cr_assert_geq(p->line_scale, 1.3);
}

Test(theme, names_map_to_themes_and_unknown_names_are_refused)
{
    cr_assert_eq(theme_find("projector"), THEME_PROJECTOR);
    cr_assert_eq(theme_find("default"), THEME_DEFAULT);
    cr_assert_eq(theme_find("neon"), -1);
    cr_assert_eq(theme_get(99), theme_get(THEME_DEFAULT));
}

Test(theme, a_view_in_the_projector_theme_draws_dark_captions_with_light_text)
{
    char err[256];
    scn_errors errs = {0};
    scenario *s = scenario_load("scenarios/kabul-ultimatum-2023.yaml", NULL, 0, &errs);
    scn_errors_free(&errs);
    cr_assert_not_null(s);
    map *mp = map_load("scenarios/maps/af-pk.map", err, sizeof err);
    cr_assert_not_null(mp, "%s", err);
    view_opts o = {.width = 1280, .height = 720, .headless = 1, .speed = 7, .seed = 1};
    view *v = view_create(s, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "%s", err);
    SDL_Rect m0 = view_map_rect(v);
    cr_assert_eq(view_set_theme(v, THEME_PROJECTOR), 0);
    cr_assert_lt(view_map_rect(v).w, m0.w, "expected: a wider panel for the larger type");
    cr_assert_eq(view_goto(v, 120), 0);
    view_draw(v);
    SDL_Rect q = captions_rect(view_captions(v));
    cr_assert_gt(q.h, 0);
    SDL_Surface *f = view_read_frame(v);
    int dark = 0, light = 0, n = 0;
    for (int y = q.y + 2; y < q.y + q.h - 2; y++)
        for (int x = q.x + 2; x < q.x + q.w - 2; x++, n++) {
            Uint32 u = ((Uint32 *)f->pixels)[y * (f->pitch / 4) + x];
            SDL_Color c = {(Uint8)(u >> 16), (Uint8)(u >> 8), (Uint8)u, 255};
            double l = luminance(c);
            dark += l < 0.02;
            light += l > 0.6;
        }
    cr_assert_gt(dark, n / 2, "expected: a very dark caption panel (%d of %d)", dark, n);
    cr_assert_gt(light, n / 100, "expected: light text on it (%d of %d)", light, n);
    SDL_FreeSurface(f);
    view_destroy(v);
    map_destroy(mp);
    scenario_destroy(s);
}
