/* test_plot.c - charts on a software renderer and the ensemble PNG plots. */
#include "draw/chart.h"
#include "plot/plot.h"
#include <SDL.h>
#include <SDL_image.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[512];

static void setup(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/frontier-plot-XXXXXX", base && *base ? base : ".");
    cr_assert(mkdtemp(dir) != NULL, "mkdtemp %s", dir);
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (getenv("FRONTIER_KEEP_TEST_FILES")) return;
    cr_assert(system(cmd) == 0);
}

TestSuite(plot, .init = setup, .fini = teardown);

/* Pixels of s that differ from white. */
static long ink_pixels(SDL_Surface *s)
{
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    long n = 0;
    cr_assert(c != NULL);
    SDL_LockSurface(c);
    for (int y = 0; y < c->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)c->pixels + y * c->pitch);
        for (int x = 0; x < c->w; x++)
            if ((row[x] & 0xffffffu) != 0xffffffu) n++;
    }
    SDL_UnlockSurface(c);
    SDL_FreeSurface(c);
    return n;
}

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

/* Checks that path is a PNG of w x h with a fair amount of drawing on it. */
static void assert_png_drawn(const char *path, int w, int h)
{
    struct stat st;
    cr_assert(stat(path, &st) == 0 && st.st_size > 1000, "%s missing or tiny", path);
    SDL_Surface *s = IMG_Load(path);
    cr_assert(s != NULL, "cannot read %s: %s", path, SDL_GetError());
    cr_assert(s->w == w && s->h == h, "expected: %dx%d, got: %dx%d", w, h, s->w, s->h);
    long ink = ink_pixels(s);
    cr_assert(ink > (long)w * h / 100, "%s: only %ld non-background pixels", path, ink);
    SDL_FreeSurface(s);
}

Test(plot, fan_survival_and_histogram_render_to_png)
{
    int err = 0;
    plot *p = plot_create(640, 400, &err);
    cr_assert(p != NULL, "plot_create: %d %s", err, plot_last_error());
    enum { N = 100 };
    double x[N], q[5][N], ref[N], t[4] = {10, 40, 80, 300}, sv[4] = {0.9, 0.7, 0.5, 0.45};
    double lo[4] = {0.8, 0.55, 0.35, 0.3}, hi[4] = {0.97, 0.82, 0.65, 0.6}, v[200];
    for (int i = 0; i < N; i++) {
        x[i] = i;
        for (int k = 0; k < 5; k++) q[k][i] = 0.3 + 0.1 * (k - 2) + 0.2 * sin(i / 10.0);
        ref[i] = 0.75;
    }
    for (int i = 0; i < 200; i++) v[i] = (double)((i * 7919) % 13);
    const double *const qs[5] = {q[0], q[1], q[2], q[3], q[4]};
    char a[600], b[600], c[600];
    snprintf(a, sizeof a, "%s/fan.png", dir);
    snprintf(b, sizeof b, "%s/km.png", dir);
    snprintf(c, sizeof c, "%s/hist.png", dir);
    cr_assert(plot_fan(p, a, "Threat", "day", "threat", x, qs, N, ref, "threshold") == 0);
    cr_assert(plot_survival(p, b, "First strike", "day", t, sv, lo, hi, 4, 365) == 0);
    cr_assert(plot_histogram(p, c, "Strikes", "strikes", v, 200, 20) == 0);
    plot_destroy(p);
    assert_png_drawn(a, 640, 400);
    assert_png_drawn(b, 640, 400);
    assert_png_drawn(c, 640, 400);
}

Test(plot, failed_write_leaves_no_file_and_reports_an_error)
{
    plot *p = plot_create(200, 150, NULL);
    double v[3] = {1, 2, 3};
    char path[600];
    cr_assert(p != NULL);
    snprintf(path, sizeof path, "%s/no-such-dir/h.png", dir);
    cr_assert(plot_histogram(p, path, "x", "x", v, 3, 3) != 0);
    cr_assert(access(path, F_OK) != 0);
    plot_destroy(p);
}
