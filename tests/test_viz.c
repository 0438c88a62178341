/* test_viz.c - the base map drawn headless (software surface): pixels a person would check. */
#include "draw/text.h"
#include "map/basemap.h"
#include "map/map.h"
#include "map/proj.h"
#include <SDL.h>
#include <SDL_image.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define AFPK "scenarios/maps/af-pk.map"
#define GOLDEN "tests/golden/basemap-320x320.png"

static map *m;
static SDL_Surface *surf;
static SDL_Renderer *ren;
static text *txt;

static void setup(void)
{
    char err[256];
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    cr_assert_eq(SDL_Init(SDL_INIT_VIDEO), 0, "%s", SDL_GetError());
    m = map_load(AFPK, err, sizeof err);
    cr_assert_not_null(m, "%s", err);
    surf = SDL_CreateRGBSurfaceWithFormat(0, 900, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    cr_assert_not_null(surf);
    ren = SDL_CreateSoftwareRenderer(surf);
    cr_assert_not_null(ren);
    txt = text_create(ren, 1.0, err, sizeof err);
    cr_assert_not_null(txt, "%s", err);
}

static void teardown(void)
{
    text_destroy(txt);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    map_destroy(m);
    SDL_Quit();
}

TestSuite(viz, .init = setup, .fini = teardown);

static SDL_Color pixel(SDL_Surface *s, int x, int y)
{
    Uint32 v = ((Uint32 *)s->pixels)[y * (s->pitch / 4) + x];
    SDL_Color c;
    SDL_GetRGBA(v, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}

static int near(SDL_Color a, SDL_Color b, int tol)
{
    return abs(a.r - b.r) <= tol && abs(a.g - b.g) <= tol && abs(a.b - b.b) <= tol;
}

static void draw(SDL_Surface *s, int labels, proj *p)
{
    basemap_opts o = {.labels = labels, .border_width = 5};
    cr_assert_eq(proj_fit(p, m->lon0, m->lat0, m->lon1, m->lat1, 0, 0, s->w, s->h), 0);
    cr_assert_eq(basemap_draw(s, m, p, txt, &o), 0);
}

Test(viz, the_border_colour_is_at_projected_points_of_the_real_border)
{
    proj p;
    draw(surf, 0, &p);   /* place labels may sit on the line; the line itself is checked */
    const map_line *b = &m->borders[0];
    int checked = 0;
    for (int j = 0; j < b->n; j += 7) {
        const map_pt *q = &m->points[b->first + j];
        double x, y;
        proj_to_px(&p, q->lon, q->lat, &x, &y);
        if (x < 1 || y < 1 || x >= surf->w - 1 || y >= surf->h - 1) continue;
        SDL_Color c = pixel(surf, (int)x, (int)y);
        cr_assert(near(c, BASEMAP_BORDER, 8), "at %g %g expected: border red, got: %d,%d,%d",
                  q->lon, q->lat, c.r, c.g, c.b);
        checked++;
    }
    cr_assert_geq(checked, 10);
}

Test(viz, a_known_city_label_is_drawn_next_to_it)
{
    proj p;
    double x, y;
    draw(surf, 1, &p);
    proj_to_px(&p, 67.0104, 24.8608, &x, &y);   /* Karachi: label to the right of the dot */
    int dark = 0;
    for (int dy = -6; dy <= 6; dy++)
        for (int dx = 10; dx < 70; dx++) {
            SDL_Color c = pixel(surf, (int)x + dx, (int)y + dy);
            dark += c.r < 80 && c.g < 80 && c.b < 80;
        }
    cr_assert_geq(dark, 40, "expected dark label pixels right of Karachi, got: %d", dark);
}

Test(viz, countries_are_filled_and_the_sea_is_sea)
{
    proj p;
    double x, y;
    draw(surf, 0, &p);
    proj_to_px(&p, 65.0, 33.5, &x, &y);             /* central Afghanistan */
    SDL_Color af = pixel(surf, (int)x, (int)y);
    proj_to_px(&p, 69.0, 28.0, &x, &y);             /* Sindh/Balochistan, Pakistan */
    SDL_Color pk = pixel(surf, (int)x, (int)y);
    proj_to_px(&p, 64.0, 23.5, &x, &y);             /* Arabian Sea */
    SDL_Color sea = pixel(surf, (int)x, (int)y);
    cr_assert(near(sea, BASEMAP_SEA, 0), "sea: got %d,%d,%d", sea.r, sea.g, sea.b);
    cr_assert(near(af, basemap_country_color(m, map_find_country(m, "AFG")), 0));
    cr_assert(near(pk, basemap_country_color(m, map_find_country(m, "PAK")), 0));
    cr_assert(!near(af, pk, 10), "the two sides must look different");
}

/* Compares the label-free base map with the committed golden image; set
 * FRONTIER_WRITE_GOLDEN=1 to rewrite it after an intended change. */
Test(viz, the_base_map_matches_the_golden_image)
{
    proj p;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 320, 320, 32, SDL_PIXELFORMAT_ARGB8888);
    draw(s, 0, &p);
    if (getenv("FRONTIER_WRITE_GOLDEN")) cr_assert_eq(IMG_SavePNG(s, GOLDEN), 0);
    SDL_Surface *g0 = IMG_Load(GOLDEN);
    cr_assert_not_null(g0, "cannot read %s: %s", GOLDEN, IMG_GetError());
    SDL_Surface *g = SDL_ConvertSurfaceFormat(g0, SDL_PIXELFORMAT_ARGB8888, 0);
    cr_assert_eq(g->w, s->w);
    cr_assert_eq(g->h, s->h);
    long off = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) off += !near(pixel(s, x, y), pixel(g, x, y), 24);
    cr_assert_lt(off, s->w * s->h / 200, "expected < 0.5%% of pixels off, got: %ld", off);
    SDL_FreeSurface(g);
    SDL_FreeSurface(g0);
    SDL_FreeSurface(s);
}
