/* test_view_cli.c - `frontier view` end to end, headless: screenshots, recordings, and
 * bad input (exit status 2 with file:line messages). */
#include "support.h"
#include <SDL.h>
#include <SDL_image.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

static char dir[512];

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/view-cli-XXXXXX", tmp && *tmp ? tmp : ".");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(view_cli, .init = setup, .fini = teardown);

/* Runs `frontier view ARGS` with stderr kept in dir/err; returns the exit status. */
static int run_view(const char *args, char *err, size_t n)
{
    char cmd[2048], path[600];
    snprintf(path, sizeof path, "%s/err", dir);
    snprintf(cmd, sizeof cmd, "'%s' view %s 2>'%s' >/dev/null", support_bin(), args, path);
    int st = system(cmd);
    FILE *f = fopen(path, "rb");
    size_t k = f ? fread(err, 1, n - 1, f) : 0;
    err[k] = 0;
    if (f) fclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(view_cli, headless_writes_a_screenshot_of_the_requested_size)
{
    char args[1024], err[4096], png[600];
    snprintf(png, sizeof png, "%s/v.png", dir);
    snprintf(args, sizeof args, SCN " --headless --until 45 --size 800x450 --screenshot '%s'", png);
    int rc = run_view(args, err, sizeof err);
    cr_assert_eq(rc, 0, "expected: 0, got: %d\n%s", rc, err);
    SDL_Surface *s = IMG_Load(png);
    cr_assert_not_null(s, "%s", IMG_GetError());
    cr_assert_eq(s->w, 800);
    cr_assert_eq(s->h, 450);
    SDL_FreeSurface(s);
}

/* Nonzero when the two PNGs have the same pixels left of column x1. */
static int same_left(const char *a, const char *b, int x1)
{
    SDL_Surface *p = IMG_Load(a), *q = IMG_Load(b);
    cr_assert(p && q, "%s", IMG_GetError());
    SDL_Surface *pa = SDL_ConvertSurfaceFormat(p, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_Surface *qa = SDL_ConvertSurfaceFormat(q, SDL_PIXELFORMAT_ARGB8888, 0);
    int same = pa->w == qa->w && pa->h == qa->h;
    for (int y = 0; same && y < pa->h; y++)
        same = !memcmp((Uint8 *)pa->pixels + y * pa->pitch, (Uint8 *)qa->pixels + y * qa->pitch,
                       (size_t)x1 * 4);
    SDL_FreeSurface(p);
    SDL_FreeSurface(q);
    SDL_FreeSurface(pa);
    SDL_FreeSurface(qa);
    return same;
}

Test(view_cli, the_same_seed_gives_the_same_image)
{
    char args[1024], err[4096], a[600], b[600], cmd[1400];
    snprintf(a, sizeof a, "%s/a.png", dir);
    snprintf(b, sizeof b, "%s/b.png", dir);
    snprintf(args, sizeof args, SCN " --headless --until 60 --size 640x360 --screenshot '%s'", a);
    cr_assert_eq(run_view(args, err, sizeof err), 0, "%s", err);
    snprintf(args, sizeof args, SCN " --headless --until 60 --size 640x360 --speed 60 "
             "--screenshot '%s'", b);
    cr_assert_eq(run_view(args, err, sizeof err), 0, "%s", err);
    /* the map is the same; the panel differs only where it prints the speed */
    cr_assert(same_left(a, b, 300), "speed changed the map of day 60");
    snprintf(args, sizeof args, SCN " --headless --until 60 --size 640x360 --screenshot '%s'", b);
    cr_assert_eq(run_view(args, err, sizeof err), 0, "%s", err);
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    cr_assert_eq(system(cmd), 0, "two runs of one seed differ");
}

Test(view_cli, record_dir_writes_numbered_png_frames)
{
    char args[1024], err[4096], frames[600], f1[700];
    snprintf(frames, sizeof frames, "%s/frames", dir);
    snprintf(args, sizeof args, SCN " --headless --until 2 --speed 30 --size 320x240 "
             "--record '%s'", frames);
    cr_assert_eq(run_view(args, err, sizeof err), 0, "%s", err);
    snprintf(f1, sizeof f1, "%s/frame-000001.png", frames);
    cr_assert_eq(access(f1, R_OK), 0, "no %s", f1);
    snprintf(f1, sizeof f1, "%s/frame-000003.png", frames);   /* days 0, 1, 2 */
    cr_assert_eq(access(f1, R_OK), 0, "no %s", f1);
    cr_assert_not_null(strstr(err, "recorded 3 frames"), "%s", err);
}

Test(view_cli, bad_flags_exit_2_with_a_message)
{
    char err[4096];
    cr_assert_eq(run_view(SCN " --headless --size big --screenshot x.png", err, sizeof err), 2);
    cr_assert_not_null(strstr(err, "--size"), "%s", err);
    cr_assert_eq(run_view(SCN " --headless", err, sizeof err), 2);
    cr_assert_not_null(strstr(err, "--screenshot"), "%s", err);
    cr_assert_eq(run_view(SCN " --speed -1", err, sizeof err), 2);
    cr_assert_eq(run_view("no/such.yaml --headless --screenshot x.png", err, sizeof err), 2);
}

Test(view_cli, a_malformed_map_file_is_reported_with_its_line)
{
    char path[700], args[2048], err[4096], cwd[512];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    snprintf(path, sizeof path, "%s/bad.map", dir);
    FILE *f = fopen(path, "w");
    fputs("map bad\nbbox 60 23 76 39\ncountry AFG 4 Afghanistan\nring 3\n61 30\n62 banana\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    f = fopen(path, "w");
    fprintf(f, "extends: %s/" SCN "\nview: {map: bad.map}\n", cwd);
    fclose(f);
    snprintf(args, sizeof args, "'%s' --headless --screenshot '%s/x.png'", path, dir);
    cr_assert_eq(run_view(args, err, sizeof err), 2, "%s", err);
    cr_assert_not_null(strstr(err, "bad.map:6:"), "expected file:line, got: %s", err);
}

Test(view_cli, a_video_in_a_missing_folder_is_refused_before_any_frame)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s view scenarios/kabul-ultimatum-2023.yaml --headless --until 5 "
             "--record %s/nodir/x.mp4 2>%s/err.txt", support_bin(), dir, dir);
    int rc = system(cmd);
    cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 2, "exit status 2, got %d", rc);
    char path[600], msg[512] = "";
    snprintf(path, sizeof path, "%s/err.txt", dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    size_t n = fread(msg, 1, sizeof msg - 1, f);
    msg[n] = 0;
    fclose(f);
    cr_assert(strstr(msg, "does not exist") != NULL, "the message names the folder: %s", msg);
}
