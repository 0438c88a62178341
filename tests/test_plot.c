/* test_plot.c - the view's charts on a software renderer (draw/chart.h). The figures written
 * to files are tested in test_fig.c. */
#include "draw/chart.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TestSuite(plot);

static Uint32 pixel_at(SDL_Surface *s, int x, int y)
{
    const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
    return row[x] & 0xffffffu;
}

Test(plot, chart_maps_data_range_onto_the_plot_rectangle)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 200, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    chart c;
    chart_init(&c, r, (SDL_Rect){0, 0, 200, 100}, NULL);
    chart_set_range(&c, 0, 10, -1, 1);
    cr_assert(fabsf(chart_px(&c, 0) - (float)c.plot.x) < 1e-3f);
    cr_assert(fabsf(chart_px(&c, 10) - (float)(c.plot.x + c.plot.w)) < 1e-3f);
    cr_assert(fabsf(chart_py(&c, 1) - (float)c.plot.y) < 1e-3f, "expected: %d, got: %f", c.plot.y,
              (double)chart_py(&c, 1));
    cr_assert(fabsf(chart_py(&c, -1) - (float)(c.plot.y + c.plot.h)) < 1e-3f);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

Test(plot, chart_without_font_draws_a_line_where_the_data_are)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 120, 80, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    chart c;
    double y[3] = {0.5, 0.5, 0.5};
    chart_init(&c, r, (SDL_Rect){0, 0, 120, 80}, NULL);
    chart_set_range(&c, 0, 2, 0, 1);
    cr_assert(chart_axes(&c, "ignored", NULL, NULL) == 0);
    chart_line(&c, NULL, y, 3, (SDL_Color){255, 0, 0, 255}, 1);
    SDL_RenderPresent(r);
    int px = (int)chart_px(&c, 1.3), py = (int)lroundf(chart_py(&c, 0.5));
    cr_assert(pixel_at(s, px, py) == 0xff0000u, "expected: red, got: %06x", pixel_at(s, px, py));
    cr_assert(pixel_at(s, px, py - 5) == 0xffffffu, "expected: white above the line, got: %06x", pixel_at(s, px, py - 5));
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

Test(plot, band_covers_every_pixel_column_without_seams)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 300, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
    SDL_RenderClear(r);
    chart c;
    double lo[37], hi[37];
    for (int i = 0; i < 37; i++) { lo[i] = 0.2 + 0.01 * (i % 3); hi[i] = 0.8 - 0.01 * (i % 2); }
    chart_init(&c, r, (SDL_Rect){0, 0, 300, 100}, NULL);
    chart_set_range(&c, 0, 36, 0, 1);
    chart_band(&c, NULL, lo, hi, 37, (SDL_Color){0, 0, 255, 100});
    SDL_RenderPresent(r);
    int y = (int)chart_py(&c, 0.5);
    for (int x = (int)ceilf(chart_px(&c, 0)); x < (int)chart_px(&c, 36); x++)
        cr_assert(pixel_at(s, x, y) != 0xffffffu, "seam at column %d", x);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

Test(plot, chart_keeps_the_callers_clip_rectangle)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 120, 80, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    SDL_Rect clip = {5, 5, 50, 50}, got;
    chart c;
    double y[2] = {0, 1};
    SDL_RenderSetClipRect(r, &clip);
    chart_init(&c, r, (SDL_Rect){0, 0, 120, 80}, NULL);
    chart_line(&c, NULL, y, 2, (SDL_Color){0, 0, 0, 255}, 2);
    SDL_RenderGetClipRect(r, &got);
    cr_assert(SDL_RectEquals(&clip, &got), "clip changed to %d,%d,%d,%d", got.x, got.y, got.w, got.h);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

