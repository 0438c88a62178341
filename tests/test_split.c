/* test_split.c - the split-screen compare drawn headless: both maps, two HUDs that differ
 * for variants that differ, the shared clock, and `frontier view --compare` from the CLI. */
#include "map/map.h"
#include "model/model.h"
#include "scenario/scenario.h"
#include "support.h"
#include "view/split.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SCN_A "scenarios/kabul-ultimatum-2023.yaml"
#define SCN_B "scenarios/lessons/threshold-tradeoff.yaml"

static scenario *a, *b;
static map *mp;

static scenario *load(const char *path)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(path, NULL, 0, &errs);
    scn_errors_free(&errs);
    cr_assert_not_null(s, "cannot load %s", path);
    return s;
}

static void setup(void)
{
    char err[256];
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    a = load(SCN_A);
    b = load(SCN_B);
    mp = map_load("scenarios/maps/af-pk.map", err, sizeof err);
    cr_assert_not_null(mp, "%s", err);
}

static void teardown(void)
{
    map_destroy(mp);
    scenario_destroy(a);
    scenario_destroy(b);
}

TestSuite(split, .init = setup, .fini = teardown);

static split *open_split(void)
{
    char err[256];
    view_opts o = {.width = 1280, .height = 720, .headless = 1, .speed = 7, .seed = 1};
    split *sp = split_create(a, mp, "A.yaml", b, mp, "B.yaml", &o, 0, err, sizeof err);
    cr_assert_not_null(sp, "split_create: %s", err);
    return sp;
}

static Uint32 at(SDL_Surface *s, int x, int y)
{
    return ((Uint32 *)s->pixels)[y * (s->pitch / 4) + x];
}

/* Distinct colours in q (up to 64): a drawn map has many, a blank area one. */
static int colours(SDL_Surface *s, SDL_Rect q)
{
    Uint32 seen[64];
    int n = 0;
    for (int y = q.y; y < q.y + q.h; y += 3)
        for (int x = q.x; x < q.x + q.w && n < 64; x += 3) {
            Uint32 c = at(s, x, y);
            int k = 0;
            while (k < n && seen[k] != c) k++;
            if (k == n) seen[n++] = c;
        }
    return n;
}

Test(split, both_panes_draw_their_map_headless)
{
    split *sp = open_split();
    cr_assert_eq(split_goto(sp, 150), 0);
    split_draw(sp);
    SDL_Surface *f = split_read_frame(sp);
    cr_assert_not_null(f);
    SDL_Rect r0 = split_pane_rect(sp, 0), r1 = split_pane_rect(sp, 1);
    cr_assert_lt(r0.x + r0.w, r1.x + 1, "expected: side by side");
    cr_assert_gt(r0.w, 500);
    cr_assert_gt(colours(f, r0), 20, "expected: a map in the left pane");
    cr_assert_gt(colours(f, r1), 20, "expected: a map in the right pane");
    SDL_FreeSurface(f);
    split_destroy(sp);
}

Test(split, the_two_huds_differ_when_the_variants_differ)
{
    split *sp = open_split();
    cr_assert_eq(split_goto(sp, 200), 0);
    cr_assert(fabs(view_time(split_pane(sp, 0)) - view_time(split_pane(sp, 1))) < 1e-9,
              "expected: one clock for both");
    model_state s0, s1;
    model_state_get(view_model(split_pane(sp, 0)), &s0);
    model_state_get(view_model(split_pane(sp, 1)), &s1);
    cr_assert(fabs(s0.threshold.base - s1.threshold.base) > 0.1,
              "expected: the lesson lowers the threshold");
    split_draw(sp);
    SDL_Surface *f = split_read_frame(sp);
    SDL_Rect r0 = split_pane_rect(sp, 0), r1 = split_pane_rect(sp, 1);
    int strip_y = r0.y + r0.h, diff = 0;   /* the strips of essentials under the maps */
    for (int y = strip_y; y < f->h; y++)
        for (int x = 0; x < r0.w; x++) diff += at(f, r0.x + x, y) != at(f, r1.x + x, y);
    /* At least the thresholds' figures differ (a few glyphs, over 100 pixels); how much
     * else does depends on the draws (270 pixels at seed 1 with the model's xoshiro256**
     * streams, over 500 with the Mersenne Twister before them). */
    cr_assert_gt(diff, 100, "expected: the HUD strips to show different values, %d pixels "
                 "differ", diff);
    SDL_FreeSurface(f);
    split_destroy(sp);
}

Test(split, the_labels_name_the_differing_parameter)
{
    char out[256];
    int n = split_differences(&b->p, &a->p, 2, out, sizeof out);
    cr_assert_geq(n, 1);
    cr_assert_not_null(strstr(out, "strike threshold"), "got: %s", out);   /* words, not the key */
    cr_assert_null(strstr(out, "state."), "got: %s", out);
    cr_assert_eq(split_differences(&a->p, &a->p, 2, out, sizeof out), 0);
    cr_assert_str_eq(out, "");
}

Test(split, keys_act_on_both_panes)
{
    split *sp = open_split();
    cr_assert_eq(split_goto(sp, 20), 0);
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = SDLK_RIGHT;
    cr_assert_eq(split_handle(sp, &e), 0);
    cr_assert(fabs(view_time(split_pane(sp, 0)) - 21) < 1e-9);
    cr_assert(fabs(view_time(split_pane(sp, 1)) - 21) < 1e-9);
    e.key.keysym.sym = SDLK_SPACE;   /* the step paused both; space runs both */
    split_handle(sp, &e);
    cr_assert_eq(split_advance(sp, 0.5), 0);
    cr_assert_gt(view_time(split_pane(sp, 0)), 21);
    cr_assert(fabs(view_time(split_pane(sp, 0)) - view_time(split_pane(sp, 1))) < 1e-9);
    e.key.keysym.sym = SDLK_q;
    cr_assert_eq(split_handle(sp, &e), 1);
    split_destroy(sp);
}

Test(split, frontier_view_compare_writes_a_screenshot_headless)
{
    char cmd[1024], png[64];
    snprintf(png, sizeof png, "test-split-%d.png", (int)getpid());
    snprintf(cmd, sizeof cmd, "%s view " SCN_A " --compare " SCN_B " --headless --until 30 "
             "--size 960x540 --screenshot %s 2>/dev/null", support_bin(), png);
    int st = system(cmd);
    cr_assert_eq(st, 0, "%s", cmd);
    FILE *f = fopen(png, "rb");
    cr_assert_not_null(f);
    unsigned char sig[8] = {0};
    cr_assert_eq(fread(sig, 1, 8, f), 8);
    fclose(f);
    cr_assert_eq(memcmp(sig, "\x89PNG", 4), 0);
    remove(png);
}

Test(split, bad_presenter_flags_are_refused_with_status_2)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s view " SCN_A " --theme neon --headless --screenshot x.png "
             "2>/dev/null", support_bin());
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2, "--theme neon: status %d", st);
    snprintf(cmd, sizeof cmd, "%s view " SCN_A " --compare " SCN_B " --script x.txt --headless "
             "--screenshot x.png 2>/dev/null", support_bin());
    st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2, "--compare --script: status %d", st);
}
