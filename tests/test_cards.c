/* test_cards.c - the brief and debrief cards drawn headless, and the Markdown debrief of a
 * view's run: the turning points of a known seed, links only to files it wrote. */
#include "map/map.h"
#include "model/model.h"
#include "panels/cards.h"
#include "panels/play.h"
#include "story/debrief.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static scenario *scn;
static map *mp;
static char dir[64];

static void setup(void)
{
    mp = support_load_region_map();
    scn = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    snprintf(dir, sizeof dir, "build/test-cards-%d", (int)getpid());
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (!getenv("KEEPCARDS")) cr_assert_eq(system(cmd), 0);
    map_destroy(mp);
    scenario_destroy(scn);
}

TestSuite(cards, .init = setup, .fini = teardown);

static view *open_view(const char *side, int brief)
{
    char err[256];
    view_opts o = {.width = 1280, .height = 720, .headless = 1, .speed = 7, .seed = 1,
                   .play = side, .brief = brief};
    view *v = view_create(scn, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "view_create: %s", err);
    return v;
}

static void key(view *v, SDL_Keycode k)
{
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = k;
    view_handle(v, &e);
}

/* Share of the map area's pixels of the card's paper colour. */
static double paper_share(view *v)
{
    view_draw(v);
    SDL_Surface *f = view_read_frame(v);
    SDL_Rect q = view_map_rect(v);
    long n = 0, paper = 0;
    for (int y = q.y; y < q.y + q.h; y += 7)
        for (int x = q.x; x < q.x + q.w; x += 7, n++) {
            SDL_Color c;
            SDL_GetRGBA(((Uint32 *)f->pixels)[y * (f->pitch / 4) + x], f->format, &c.r, &c.g,
                        &c.b, &c.a);
            paper += c.r == 252 && c.g == 250 && c.b == 242;
        }
    SDL_FreeSurface(f);
    return (double)paper / (double)n;
}

Test(cards, the_brief_opens_paused_at_the_start_and_space_starts_the_run)
{
    view *v = open_view(NULL, 1);
    cr_assert(view_paused(v) && cards_showing(view_cards(v)) == CARDS_BRIEF);
    cr_assert_gt(paper_share(v), 0.5, "the brief covers the map");
    key(v, SDLK_SPACE);
    cr_assert_eq(cards_showing(view_cards(v)), CARDS_NONE);
    cr_assert_not(view_paused(v), "space starts the run");
    cr_assert_lt(paper_share(v), 0.05, "the map is back");
    key(v, SDLK_b);
    cr_assert_eq(cards_showing(view_cards(v)), CARDS_BRIEF, "B shows the brief again");
    view_destroy(v);
}

Test(cards, the_debrief_card_shows_the_turning_points_of_a_known_seed)
{
    view *v = open_view(NULL, 0);
    cr_assert_eq(view_goto(v, model_horizon(view_model(v))), 0);
    debrief_point pt[64];
    int n = debrief_points(view_model(v), pt, 64);
    cr_assert_gt(n, 0, "seed 1 has turning points");
    int ult = -1, bombing = -1;
    for (int i = 0; i < n && i < 64; i++) {
        if (pt[i].kind == DEBRIEF_FIRST_ULTIMATUM && ult < 0) ult = i;
        if (pt[i].kind == DEBRIEF_WARNING_ATTACK && (int)pt[i].t == 29) bombing = i;
    }
    cr_assert(ult >= 0 && bombing >= 0, "the first ultimatum and the Peshawar bombing (day 29) "
              "are turning points");
    key(v, SDLK_d);
    cr_assert_eq(cards_showing(view_cards(v)), CARDS_DEBRIEF);
    cr_assert_gt(paper_share(v), 0.5, "the debrief covers the map");
    /* each turning point is a line of ink under the heading: the card's text rows */
    view_draw(v);
    mkdir("build", 0755);
    mkdir(dir, 0755);
    char png[128];
    snprintf(png, sizeof png, "%s/debrief-card.png", dir);
    cr_assert_eq(view_save_png(v, png), 0);
    key(v, SDLK_ESCAPE);
    cr_assert_eq(cards_showing(view_cards(v)), CARDS_NONE, "Esc closes the card");
    view_destroy(v);
}

/* Every ](file) link in the Markdown at path names a file that exists beside it. */
static int links_ok(const char *path, const char *folder, int *n_links)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    char line[4096];
    int ok = 1;
    *n_links = 0;
    while (fgets(line, sizeof line, f))
        for (char *p = strstr(line, "]("); p; p = strstr(p + 2, "](")) {
            char name[256], full[512];
            if (sscanf(p + 2, "%255[^)]", name) != 1) continue;
            snprintf(full, sizeof full, "%s/%s", folder, name);
            struct stat st;
            ok &= stat(full, &st) == 0;
            (*n_links)++;
        }
    fclose(f);
    return ok;
}

Test(cards, the_markdown_debrief_of_a_played_run_links_only_files_it_wrote)
{
    view *v = open_view("state", 0);
    for (int guard = 0; guard < 500 && !view_done(v); guard++) {
        cr_assert_eq(view_goto(v, model_horizon(view_model(v))), 0);
        if (play_waiting(view_play(v)))   /* the class takes what the model would */
            cr_assert_eq(play_choose(view_play(v), view_model(v), view_script(v),
                                     play_model_option(view_play(v))), 0);
    }
    char md[128], err[256];
    snprintf(md, sizeof md, "%s/class/debrief.md", dir);
    cr_assert_eq(view_write_debrief(v, md, err, sizeof err), 0, "%s", err);
    int n_links;
    char folder[128];
    snprintf(folder, sizeof folder, "%s/class", dir);
    cr_assert(links_ok(md, folder, &n_links), "a link points at a missing file");
    cr_assert_eq(n_links, 2, "two charts linked, got %d", n_links);
    FILE *f = fopen(md, "r");
    char buf[65536];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    buf[len] = 0;
    fclose(f);
    cr_assert(strstr(buf, "First ultimatum") != NULL, "the turning points are listed");
    cr_assert(strstr(buf, "## The class's decisions") != NULL);
    cr_assert(strstr(buf, "model's own policy") != NULL);
    view_destroy(v);
}

Test(cards, the_scenario_can_say_what_each_side_wants_and_writes_it_back)
{
    const char *over[] = {"view.wants.state=Statia wants quiet on its border",
                          "view.wants.militants=The band wants its hills"};
    scn_errors errs = {0};
    scenario *s = scenario_load("scenarios/kabul-ultimatum-2023.yaml", over, 2, &errs);
    cr_assert_not_null(s);
    cr_assert_str_eq(s->view.wants[0], "Statia wants quiet on its border");
    cr_assert_str_eq(s->view.wants[1], "", "the host's is left to the brief card");
    char path[128];
    mkdir("build", 0755);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/wants.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert_eq(scenario_write_yaml(s, f), 0);
    fclose(f);
    scenario *back = scenario_load(path, NULL, 0, &errs);
    cr_assert_not_null(back, "the written scenario loads");
    cr_assert_str_eq(back->view.wants[0], s->view.wants[0]);
    cr_assert_str_eq(back->view.wants[2], "The band wants its hills");
    scenario_destroy(back);
    scenario_destroy(s);
    scn_errors_free(&errs);
}

Test(cards, a_status_message_does_not_cover_a_cards_title)
{
    view *v = open_view(NULL, 1);
    cr_assert_eq(cards_showing(view_cards(v)), CARDS_BRIEF);
    panel_reply r;
    panel_reply_init(&r);
    panel_say(&r, "a long status message that would sit over the card's title line");
    view_reply(v, &r);
    cr_assert_eq(text_trace(view_text(v), 1), 0);
    view_draw(v);
    const text_box *b;
    const text_region_info *reg;
    int n = text_trace_boxes(view_text(v), &b), nr = text_trace_regions(view_text(v), &reg);
    int status = -1, checked = 0;
    for (int i = 0; i < nr; i++)
        if (!strcmp(reg[i].name, "status")) status = i;
    cr_assert_geq(status, 0, "the status line was drawn");
    for (int i = 0; i < n; i++) {
        if (b[i].region == status || !strstr(b[i].s, "Kabul ultimatum 2023")) continue;
        checked++;
        cr_assert_not(SDL_HasIntersection(&b[i].box, &reg[status].rect),
                      "the status line covers \"%s\"", b[i].s);
        cr_assert_not(b[i].hidden, "\"%s\" is hidden", b[i].s);
    }
    cr_assert_gt(checked, 0, "the card's title was drawn");
    text_trace(view_text(v), 0);
    view_destroy(v);
}
