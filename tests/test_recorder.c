/* test_recorder.c - `view --record FILE.mp4` end to end: the frames the recorder converts to
 * yuv420p come out of the video as the view drew them, at every size. */
#include "support.h"
#include <SDL.h>
#include <SDL_image.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

static int have_ffmpeg(void)
{
    return system("command -v ffmpeg >/dev/null 2>&1") == 0;
}

static SDL_Surface *load_argb(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    SDL_Surface *raw = IMG_Load(path);
    cr_assert_not_null(raw, "%s: %s", path, IMG_GetError());
    SDL_Surface *f = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    cr_assert_not_null(f);
    return f;
}

/* Records SCN to dir/v.mp4 at size (and a screenshot of the last day into dir/s.png), then
 * decodes the video's last frame into dir/last.png. Returns that frame as ARGB8888. */
static SDL_Surface *record_last_frame(const char *dir, const char *size)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' view " SCN " --headless --until 10 --size %s --quiet "
             "--record '%s/v.mp4' --screenshot '%s/s.png' 2>/dev/null", support_bin(), size, dir,
             dir);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    /* -update 1: each decoded frame overwrites the picture, so the last one stays */
    snprintf(cmd, sizeof cmd, "ffmpeg -loglevel error -y -i '%s/v.mp4' -update 1 '%s/last.png'",
             dir, dir);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    return load_argb(dir, "last.png");
}

/* PSNR in dB of channel c (0 blue, 1 green, 2 red in ARGB8888's memory order) of a against b,
 * over a's size (b may be one pixel larger each way). */
static double psnr(const SDL_Surface *a, const SDL_Surface *b, int c)
{
    double se = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            double d = ((const Uint8 *)a->pixels)[y * a->pitch + 4 * x + c] -
                       ((const Uint8 *)b->pixels)[y * b->pitch + 4 * x + c];
            se += d * d;
        }
    double mse = se / ((double)a->w * a->h);
    return mse > 0 ? 10 * log10(255.0 * 255.0 / mse) : 99;
}

/* Each colour channel of the video's last frame against the screenshot of the same day.
 * Measured 35-40 dB at 1280x720 (yuv420p halves the colour resolution, x264 ultrafast at its
 * default quality blurs small text a little); 28 dB leaves room for another x264 build. Red and
 * blue swapped, U and V planes swapped or rows misaligned give under 20 dB. */
static void assert_frame_matches(const char *dir, const SDL_Surface *f)
{
    SDL_Surface *shot = load_argb(dir, "s.png");
    cr_assert(shot->w - f->w <= 1 && shot->h - f->h <= 1 && shot->w >= f->w && shot->h >= f->h);
    static const char *const name[3] = {"blue", "green", "red"};
    for (int c = 0; c < 3; c++) {
        double db = psnr(f, shot, c);
        cr_expect_gt(db, 28.0, "%s channel of the video against the screenshot: %.1f dB",
                     name[c], db);
    }
    SDL_FreeSurface(shot);
}

Test(recorder, the_video_shows_the_frames_the_view_drew)
{
    if (!have_ffmpeg()) cr_skip_test("ffmpeg is not on PATH (needed by --record FILE.mp4)");
    char dir[512];
    support_temp_dir(dir, sizeof dir, "recorder");
    SDL_Surface *f = record_last_frame(dir, "640x360");
    cr_expect_eq(f->w, 640);
    cr_expect_eq(f->h, 360);
    assert_frame_matches(dir, f);
    SDL_FreeSurface(f);
    support_remove_tree(dir);
}

Test(recorder, an_odd_size_records_without_its_last_column_and_row)
{
    if (!have_ffmpeg()) cr_skip_test("ffmpeg is not on PATH (needed by --record FILE.mp4)");
    char dir[512];
    support_temp_dir(dir, sizeof dir, "recorder");
    SDL_Surface *f = record_last_frame(dir, "641x361");   /* x264 refused it before */
    cr_expect_eq(f->w, 640);
    cr_expect_eq(f->h, 360);
    assert_frame_matches(dir, f);
    SDL_FreeSurface(f);
    support_remove_tree(dir);
}
