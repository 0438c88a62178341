/* test_layout.c - the view laid out from measured text at the sizes a class uses (1024x768
 * projectors, 1280x720, 1920x1080) in every theme: no string leaves its panel or covers
 * another, none is cut inside a word, and the map's labels neither overlap nor leave the
 * map. Frames are traced (text_trace) while drawn headless. */
#include "draw/text.h"
#include "data/record.h"
#include "draw/theme.h"
#include "map/map.h"
#include "panels/play.h"
#include "scenario/scenario.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const int sizes[][2] = {{1024, 768}, {1280, 720}, {1920, 1080}};
#define N_SIZES ((int)(sizeof sizes / sizeof sizes[0]))

typedef struct world {
    scenario *scn;
    map *mp;
} world;

static world load(const char *scn_path, const char *map_path)
{
    char err[256];
    world w = {support_load_scenario(scn_path), NULL};
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    w.mp = map_load(map_path, err, sizeof err);
    cr_assert_not_null(w.mp, "%s", err);
    return w;
}

static void unload(world *w)
{
    map_destroy(w->mp);
    scenario_destroy(w->scn);
}

static world kabul(void)
{
    return load("scenarios/kabul-ultimatum-2023.yaml", "scenarios/maps/af-pk.map");
}

static world fictional(void)
{
    return load("scenarios/fictional/varesh-kordan.yaml",
                "scenarios/fictional/maps/varesh-kordan.map");
}

static view *open_at(const world *w, int size, int th, double day)
{
    char err[256];
    view_opts o = {.width = sizes[size][0], .height = sizes[size][1], .headless = 1,
                   .speed = 7, .seed = 1};
    view *v = view_create(w->scn, w->mp, &o, err, sizeof err);
    cr_assert_not_null(v, "view_create: %s", err);
    cr_assert_eq(view_set_theme(v, th), 0);
    cr_assert_eq(view_goto(v, day), 0);
    return v;
}

static int inside(SDL_Rect a, SDL_Rect b)
{
    return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

static void key(view *v, SDL_Keycode k)
{
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = k;
    view_handle(v, &e);
}

/* Draws a traced frame and checks every string on it; what names the frame in messages. */
static void check_frame(view *v, const char *what)
{
    text *t = view_text(v);
    int w, h;
    view_size(v, &w, &h);
    SDL_Rect win = {0, 0, w, h};
    cr_assert_eq(text_trace(t, 1), 0);
    view_draw(v);
    const text_box *b;
    const text_region_info *reg;
    const char *cut;
    int n = text_trace_boxes(t, &b), nr = text_trace_regions(t, &reg);
    cr_assert_gt(n, 10, "%s: a frame draws text", what);
    for (int i = 0; i < n; i++) {
        if (b[i].hidden) continue;
        SDL_Rect r = b[i].region >= 0 ? reg[b[i].region].rect : win;
        const char *rn = b[i].region >= 0 ? reg[b[i].region].name : "window";
        cr_assert(inside(b[i].box, win) && inside(b[i].box, r),
                  "%s: '%s' at %d,%d %dx%d leaves the %s (%d,%d %dx%d)", what, b[i].s,
                  b[i].box.x, b[i].box.y, b[i].box.w, b[i].box.h, rn, r.x, r.y, r.w, r.h);
        for (int j = i + 1; j < n; j++)
            cr_assert(b[j].hidden || !SDL_HasIntersection(&b[i].box, &b[j].box),
                      "%s: '%s' (%d,%d %dx%d) and '%s' (%d,%d %dx%d) overlap", what, b[i].s,
                      b[i].box.x, b[i].box.y, b[i].box.w, b[i].box.h, b[j].s, b[j].box.x,
                      b[j].box.y, b[j].box.w, b[j].box.h);
    }
    cr_assert_eq(text_trace_cuts(t, &cut), 0, "%s: '%s' was cut inside a word", what, cut);
    (void)nr;
    text_trace(t, 0);
    const char *dir = getenv("FRONTIER_LAYOUT_SHOTS");   /* to look at them */
    if (dir) {
        static int shot;
        char path[512];
        snprintf(path, sizeof path, "%s/layout-%02d.png", dir, shot++);
        view_save_png(v, path);
    }
}

/* Every frame a class sees at each size in each theme: the run with its captions, the help
 * overlay, an event's reason, the event list, the knob and explain panels. */
static void check_all_frames(const world *w, const char *name)
{
    for (int th = 0; th < THEME_N; th++)
        for (int s = 0; s < N_SIZES; s++) {
            char what[128];
            view *v = open_at(w, s, th, 120);
            snprintf(what, sizeof what, "%s %dx%d %s", name, sizes[s][0], sizes[s][1],
                     theme_get(th)->name);
            check_frame(v, what);
            key(v, SDLK_h);
            check_frame(v, what);
            key(v, SDLK_h);
            view_select(v, model_record_count(view_model(v)) - 1);
            check_frame(v, what);
            view_select(v, -1);
            key(v, SDLK_e);
            check_frame(v, what);
            key(v, SDLK_e);
            key(v, SDLK_k);
            key(v, SDLK_x);
            check_frame(v, what);
            view_destroy(v);
        }
}

Test(layout, no_string_leaves_its_panel_covers_another_or_is_cut_inside_a_word)
{
    world w = kabul();
    check_all_frames(&w, "kabul");
    unload(&w);
}

Test(layout, the_fictional_scenario_lays_out_as_well)
{
    world w = fictional();
    check_all_frames(&w, "fictional");
    unload(&w);
}

/* The map's labels at every size and theme: inside the map, none over another. */
static void check_labels(const world *w, const char *name)
{
    for (int th = 0; th < THEME_N; th++)
        for (int s = 0; s < N_SIZES; s++) {
            view *v = open_at(w, s, th, 0);
            SDL_Rect lab[512], area = view_map_rect(v);
            int n = view_map_labels(v, lab, 512), zones = 0;
            for (int i = 0; i < n; i++) {
                cr_assert(inside(lab[i], area), "%s %dx%d %s: label %d at %d,%d %dx%d leaves "
                          "the map", name, sizes[s][0], sizes[s][1], theme_get(th)->name, i,
                          lab[i].x, lab[i].y, lab[i].w, lab[i].h);
                for (int j = i + 1; j < n; j++)
                    cr_assert(!SDL_HasIntersection(&lab[i], &lab[j]), "%s %dx%d %s: labels "
                              "%d and %d overlap", name, sizes[s][0], sizes[s][1],
                              theme_get(th)->name, i, j);
            }
            (void)zones;
            cr_assert_gt(n, w->scn->n_zones / 2, "%s: most places keep their label", name);
            view_destroy(v);
        }
}

Test(layout, map_labels_never_overlap_or_leave_the_map)
{
    world a = kabul(), b = fictional();
    check_labels(&a, "kabul");
    check_labels(&b, "fictional");
    unload(&a);
    unload(&b);
}

/* The strings drawn in regions whose name starts with prefix, in a traced frame. */
static int region_strings(view *v, const char *prefix)
{
    text *t = view_text(v);
    cr_assert_eq(text_trace(t, 1), 0);
    view_draw(v);
    const text_box *b;
    const text_region_info *reg;
    int n = text_trace_boxes(t, &b), got = 0;
    text_trace_regions(t, &reg);
    for (int i = 0; i < n; i++)
        got += !b[i].hidden && b[i].region >= 0 &&
               strncmp(reg[b[i].region].name, prefix, strlen(prefix)) == 0;
    text_trace(t, 0);
    return got;
}

/* The history scenario's "what really happened" strip (its title, legend, band names, year
 * labels) and the detail of a real event, with the longest description of those drawn, at
 * every size and theme; then the frame without the strip. */
Test(layout, the_record_strip_and_its_detail_fit_at_every_size_and_theme)
{
    world w = load("scenarios/history-2021-2025.yaml", "scenarios/maps/af-pk.map");
    for (int th = 0; th < THEME_N; th++)
        for (int s = 0; s < N_SIZES; s++) {
            char what[128];
            view *v = open_at(&w, s, th, 1300);
            snprintf(what, sizeof what, "history %dx%d %s", sizes[s][0], sizes[s][1],
                     theme_get(th)->name);
            strip *st = view_strip(v);
            cr_assert(strip_shown(st), "%s: the strip is shown", what);
            check_frame(v, what);
            cr_assert_geq(region_strings(v, "what really happened"), 8, "%s: the strip's "
                          "title, legend, band names and years are drawn and checked", what);
            const record *r = strip_record(st);
            int longest = -1;
            for (int i = 0; i < r->n; i++)
                if (r->ev[i].day - w.scn->start_date <= 1300 &&
                    (longest < 0 || strlen(r->ev[i].description) >
                                        strlen(r->ev[longest].description)) &&
                    (r->ev[i].kind == RECORD_STRIKE || r->ev[i].kind == RECORD_CLASH ||
                     r->ev[i].kind == RECORD_CLOSURE || r->ev[i].kind == RECORD_CEASEFIRE))
                    longest = i;
            strip_pin(st, longest);
            check_frame(v, what);
            cr_assert_geq(region_strings(v, "what really happened: detail"), 3,
                          "%s: the detail's title, text and source are drawn", what);
            key(v, SDLK_e);
            check_frame(v, what);
            key(v, SDLK_e);
            key(v, SDLK_t);
            check_frame(v, what);
            cr_assert_eq(region_strings(v, "what really happened"), 0, "%s: T hides it", what);
            view_destroy(v);
        }
    unload(&w);
}

/* The region named name in the last trace, or an empty rectangle. */
static SDL_Rect region_named(text *t, const char *name)
{
    const text_region_info *reg;
    int n = text_trace_regions(t, &reg);
    for (int i = n - 1; i >= 0; i--)
        if (!strcmp(reg[i].name, name)) return reg[i].rect;
    return (SDL_Rect){0, 0, 0, 0};
}

/* The legend and both charts are on screen at each size in each theme (the side panel
 * compacts, and the legend moves over the map, rather than leave them out): each has a
 * size, lies inside the window and clear of the buttons, the captions and the others. */
static void check_blocks(const world *w, const char *name)
{
    static const char *const blocks[] = {"legend", "threat chart", "attacks chart"};
    for (int th = 0; th < THEME_N; th++)
        for (int s = 0; s < N_SIZES; s++)
            for (int day = 60; day <= 330; day += 135) {   /* day 60: every condition blocks */
                view *v = open_at(w, s, th, day);
                text *t = view_text(v);
                int ww, wh;
                view_size(v, &ww, &wh);
                SDL_Rect win = {0, 0, ww, wh}, q[3];
                cr_assert_eq(text_trace(t, 1), 0);
                view_draw(v);
                SDL_Rect ctl = region_named(t, "controls"), cap = region_named(t, "captions");
                for (int i = 0; i < 3; i++) {
                    q[i] = region_named(t, blocks[i]);
                    cr_assert(q[i].w > 0 && q[i].h > 0, "%s %dx%d %s day %d: no %s", name,
                              sizes[s][0], sizes[s][1], theme_get(th)->name, day, blocks[i]);
                    cr_assert(inside(q[i], win) && !SDL_HasIntersection(&q[i], &ctl) &&
                                  !SDL_HasIntersection(&q[i], &cap),
                              "%s %dx%d %s: the %s (%d,%d %dx%d) leaves the window or covers "
                              "the buttons or captions", name, sizes[s][0], sizes[s][1],
                              theme_get(th)->name, blocks[i], q[i].x, q[i].y, q[i].w, q[i].h);
                    for (int j = 0; j < i; j++)
                        cr_assert(!SDL_HasIntersection(&q[i], &q[j]), "%s %dx%d %s: the %s "
                                  "and the %s overlap", name, sizes[s][0], sizes[s][1],
                                  theme_get(th)->name, blocks[i], blocks[j]);
                }
                text_trace(t, 0);
                view_destroy(v);
            }
}

Test(layout, legend_and_charts_are_laid_out_at_every_size_and_theme)
{
    world a = kabul(), b = fictional();
    check_blocks(&a, "kabul");
    check_blocks(&b, "fictional");
    unload(&a);
    unload(&b);
}

/* ---- the class's words: no identifier of the code on screen or in the view's debrief ---- */

static int word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.';
}

static int letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Whether tok (n chars) looks like an identifier of the code: a snake_case word (letters on
 * both sides of an underscore) or a dotted key (words of two letters or more joined by dots,
 * as "state.strike.threshold"; "e.g.", 0.85 and file names such as "threat.png" are words). */
static int identifier_like(const char *tok, int n)
{
    static const char *const ext[] = {".png", ".md", ".csv", ".txt", ".yaml", ".mp4", ".map"};
    for (int i = 1; i + 1 < n; i++)
        if (tok[i] == '_' && letter(tok[i - 1]) && letter(tok[i + 1])) return 1;
    for (size_t e = 0; e < sizeof ext / sizeof ext[0]; e++) {
        int k = (int)strlen(ext[e]);
        if (n > k && !strncmp(tok + n - k, ext[e], (size_t)k)) return 0;
    }
    for (int i = 2; i + 2 < n; i++)
        if (tok[i] == '.' && letter(tok[i - 1]) && letter(tok[i - 2]) && letter(tok[i + 1]) &&
            letter(tok[i + 2]))
            return 1;
    return 0;
}

/* The first identifier-like token of s copied to out, or 0. */
static int find_identifier(const char *s, char *out, size_t n)
{
    for (const char *p = s; *p;) {
        if (!word_char(*p)) {
            p++;
            continue;
        }
        const char *q = p;
        while (*q && word_char(*q)) q++;
        int len = (int)(q - p);
        while (len > 0 && p[len - 1] == '.') len--;
        if (identifier_like(p, len)) return snprintf(out, n, "%.*s", len, p), 1;
        p = q;
    }
    return 0;
}

/* Draws a traced frame and fails on an identifier in any string drawn. */
static void words_of_frame(view *v, const char *what)
{
    text *t = view_text(v);
    const text_box *b;
    char id[128];
    cr_assert_eq(text_trace(t, 1), 0);
    view_draw(v);
    int n = text_trace_boxes(t, &b);
    for (int i = 0; i < n; i++)
        cr_assert(!find_identifier(b[i].s, id, sizeof id), "%s: '%s' shows the identifier '%s'",
                  what, b[i].s, id);
    text_trace(t, 0);
}

Test(layout, the_words_are_the_briefs_not_identifiers_of_the_code)
{
    char id[128];
    cr_assert(find_identifier("state.strike.threshold 0.85", id, sizeof id));
    cr_assert(find_identifier("deal_accepted", id, sizeof id));
    cr_assert(!find_identifier("threat 0.85, e.g. a strike; see threat.png.", id, sizeof id));
    world w = kabul();
    char err[256];
    view_opts o = {.width = 1280, .height = 720, .headless = 1, .speed = 7, .seed = 1,
                   .play = "state", .brief = 1};
    view *v = view_create(w.scn, w.mp, &o, err, sizeof err);
    cr_assert_not_null(v, "view_create: %s", err);
    words_of_frame(v, "the brief");
    key(v, SDLK_b);
    key(v, SDLK_RIGHTBRACKET);   /* a knob change: its record names the parameter */
    for (int guard = 0; guard < 500 && !view_done(v); guard++) {
        cr_assert_eq(view_goto(v, model_horizon(view_model(v))), 0);
        if (!play_waiting(view_play(v))) continue;
        words_of_frame(v, "a decision");
        cr_assert_eq(play_choose(view_play(v), view_model(v), view_script(v),
                                 play_model_option(view_play(v))), 0);
    }
    key(v, SDLK_a);
    words_of_frame(v, "the action menu");
    key(v, SDLK_ESCAPE);
    int n = model_record_count(view_model(v));
    for (int i = 0; i < n; i++) {   /* every event's detail box */
        char what[64];
        snprintf(what, sizeof what, "event %d's detail", i);
        view_select(v, i);
        words_of_frame(v, what);
    }
    view_select(v, -1);
    static const SDL_Keycode panels[] = {SDLK_e, SDLK_h, SDLK_k, SDLK_x, SDLK_d};
    for (int i = 0; i < 5; i++) {
        key(v, panels[i]);
        words_of_frame(v, "a panel");
        key(v, panels[i]);
    }
    char md[128];
    snprintf(md, sizeof md, "build/test-words-%d/debrief.md", (int)getpid());
    cr_assert_eq(view_write_debrief(v, md, err, sizeof err), 0, "%s", err);
    FILE *f = fopen(md, "r");
    cr_assert_not_null(f);
    char line[4096];
    for (int ln = 1; fgets(line, sizeof line, f); ln++) {
        /* A `code span` is a key the teacher types into a scenario, written beside its
         * words ("the strike threshold (`state.strike.threshold`)"): not prose for the class. */
        for (char *a = strchr(line, '`'), *b; a && (b = strchr(a + 1, '`')); a = strchr(b + 1, '`'))
            memset(a, ' ', (size_t)(b - a + 1));
        cr_assert(!find_identifier(line, id, sizeof id), "debrief.md:%d shows '%s': %s", ln, id,
                  line);
    }
    fclose(f);
    snprintf(line, sizeof line, "rm -rf build/test-words-%d", (int)getpid());
    cr_assert_eq(system(line), 0);
    view_destroy(v);
    unload(&w);
}
