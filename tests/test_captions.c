/* test_captions.c - narration in the view: a caption for each kind of decision drawn in the
 * caption panel, pause-on-decision, and the explain panel. */
#include "layers/layers.h"
#include "map/map.h"
#include "model/model.h"
#include "panels/captions.h"
#include "scenario/scenario.h"
#include "story/narrate.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

static scenario *scn;
static map *mp;

static void setup(void)
{
    mp = support_load_region_map();
    scn = support_load_scenario(SCN);
}

static void teardown(void)
{
    map_destroy(mp);
    scenario_destroy(scn);
}

TestSuite(captions, .init = setup, .fini = teardown);

static view *open_view(void)
{
    char err[256];
    view_opts o = {.width = 960, .height = 540, .headless = 1, .speed = 7, .seed = 3};
    view *v = view_create(scn, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "view_create: %s", err);
    return v;
}

static int zone_of(int kind)
{
    for (int i = 0; i < scn->n_zones; i++)
        if (scn->zones[i].kind == kind) return i;
    cr_assert_fail("the scenario has no zone of kind %d", kind);
    return -1;
}

static int differing(SDL_Surface *a, SDL_Surface *b, SDL_Rect q)
{
    int n = 0;
    for (int y = q.y; y < q.y + q.h; y++)
        for (int x = q.x; x < q.x + q.w; x++)
            n += ((Uint32 *)a->pixels)[y * (a->pitch / 4) + x] !=
                 ((Uint32 *)b->pixels)[y * (b->pitch / 4) + x];
    return n;
}

static SDL_Surface *frame(view *v, int captions_on)
{
    int bits = view_layers(v);
    view_set_layers(v, captions_on ? bits | LAYER_CAPTIONS : bits & ~LAYER_CAPTIONS);
    view_draw(v);
    view_set_layers(v, bits);
    SDL_Surface *f = view_read_frame(v);
    cr_assert_not_null(f);
    return f;
}

typedef struct {
    int action, zone_kind, kind;
} decision_case;

static const decision_case cases[] = {
    {SCN_ACT_STRIKE, SCN_ZONE_SANCTUARY, MODEL_REC_STRIKE},
    {SCN_ACT_ULTIMATUM, -1, MODEL_REC_ULTIMATUM},
    {SCN_ACT_CLOSURE, SCN_ZONE_CROSSING, MODEL_REC_CLOSURE},
    {SCN_ACT_CLASH, SCN_ZONE_CROSSING, MODEL_REC_CLASH},
    {SCN_ACT_MEDIATION, -1, MODEL_REC_MEDIATION},
    {SCN_ACT_CEASEFIRE, -1, MODEL_REC_CEASEFIRE},
    {SCN_ACT_DEAL_OFFER, -1, MODEL_REC_DEAL_OFFER},
};

Test(captions, each_kind_of_decision_gets_a_caption_drawn_in_the_panel)
{
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        view *v = open_view();
        cr_assert_eq(view_goto(v, 3), 0);   /* before the first captioned event */
        scn_timeline_item it = {.action = cases[c].action, .type = -1, .casualties = -1,
                                .days = -1,
                                .zone = cases[c].zone_kind >= 0 ? zone_of(cases[c].zone_kind) : -1};
        cr_assert_eq(model_inject(view_model(v), &it, MODEL_ACTOR_USER), 0, "case %zu", c);
        cr_assert_eq(view_goto(v, 3.5), 0);
        const model *m = view_model(v);
        const model_record *r = NULL;
        for (int i = model_record_count(m) - 1; i >= 0 && !r; i--)
            if (model_record_at(m, i)->kind == cases[c].kind) r = model_record_at(m, i);
        cr_assert_not_null(r, "expected: a %s record", model_record_kind_name(cases[c].kind));
        char cap[1024];
        cr_assert_gt(captions_text(scn, r, cap, sizeof cap), 20, "case %s: '%s'",
                     model_record_kind_name(r->kind), cap);
        cr_assert(captions_wanted(r, 0), "case %s", model_record_kind_name(r->kind));
        SDL_Surface *off = frame(v, 0), *on = frame(v, 1);
        SDL_Rect q = captions_rect(view_captions(v));   /* where the panel is */
        cr_assert_gt(q.w * q.h, 0, "case %s: no caption panel", model_record_kind_name(r->kind));
        cr_assert_gt(differing(off, on, q), q.w * q.h / 2, "case %s: the panel is not drawn",
                     model_record_kind_name(r->kind));
        SDL_FreeSurface(off);
        SDL_FreeSurface(on);
        view_destroy(v);
    }
}

Test(captions, the_decision_kinds_that_pause_are_the_ones_a_class_watches)
{
    int kinds[] = {MODEL_REC_STRIKE, MODEL_REC_ULTIMATUM, MODEL_REC_CLOSURE,
                   MODEL_REC_DEAL_ACCEPTED, MODEL_REC_DEAL_REJECTED, MODEL_REC_CLASH,
                   MODEL_REC_MEDIATION, MODEL_REC_CEASEFIRE};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        cr_assert(captions_is_decision(kinds[i]), "%s", model_record_kind_name(kinds[i]));
    cr_assert_not(captions_is_decision(MODEL_REC_ATTACK));
    cr_assert_not(captions_is_decision(MODEL_REC_SET));
    cr_assert_not(captions_is_decision(MODEL_REC_LADDER));
}

Test(captions, pause_on_decision_stops_the_run_at_the_first_decision)
{
    view *v = open_view();
    view_set_pause_on_decision(v, 1);
    double prev = -1;
    while (!view_done(v) && view_time(v) != prev) {   /* a paused view stays where it is */
        prev = view_time(v);
        cr_assert_eq(view_advance(v, 1.0 / 30), 0);
    }
    cr_assert_not(view_done(v), "expected: a pause before the end");
    const model *m = view_model(v);
    int first = -1;
    for (int i = 0; i < model_record_count(m) && first < 0; i++)
        if (captions_is_decision(model_record_at(m, i)->kind)) first = i;
    cr_assert_geq(first, 0);
    double td = model_record_at(m, first)->t;
    cr_assert(view_time(v) >= td && view_time(v) - td <= 7.0 / 30 + 1e-9,
              "expected: paused just after day %g, got: %g", td, view_time(v));
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = SDLK_SPACE;
    view_handle(v, &e);
    double t = view_time(v);
    cr_assert_eq(view_advance(v, 1.0 / 30), 0);
    cr_assert_gt(view_time(v), t, "expected: space to go on");
    view_destroy(v);
}

Test(captions, the_explain_panel_draws_the_parts_of_the_threshold)
{
    view *v = open_view();
    cr_assert_eq(view_goto(v, 90), 0);
    view_draw(v);
    SDL_Surface *off = view_read_frame(v);
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = SDLK_x;
    view_handle(v, &e);
    view_draw(v);
    SDL_Surface *on = view_read_frame(v);
    SDL_Rect m = view_map_rect(v), q = {m.w / 2, 0, m.w / 2, m.h / 3};
    cr_assert_gt(differing(off, on, q), q.w * q.h / 3, "expected: the explain panel at the top "
                 "right of the map");
    model_state st;
    model_state_get(view_model(v), &st);
    const model_threshold *t = &st.threshold;
    double sum = t->base + t->cooperation_credit + t->mediation_restraint + t->intl_restraint;
    cr_assert(fabs(fmin(1, sum) - t->effective) < 1e-6 || fabs(sum - t->effective) < 1e-6,
              "expected: the bars to add up to the effective threshold %g, got: %g",
              t->effective, sum);
    char s[1024];
    cr_assert_gt(narrate_threshold(scn, t, s, sizeof s), 20);
    SDL_FreeSurface(off);
    SDL_FreeSurface(on);
    view_destroy(v);
}

Test(captions, a_change_of_host_cooperation_says_it_moves_the_target)
{
    model_record r = {.t = 12, .kind = MODEL_REC_SET, .actor = MODEL_ACTOR_USER, .zone = -1,
                      .type = -1, .from_zone = -1, .scripted = 1};
    snprintf(r.reason, sizeof r.reason, "knob changed by the class: host.cooperation 0.15 -> 0.5");
    char cap[1024];
    cr_assert_gt(captions_text(scn, &r, cap, sizeof cap), 0);
    cr_assert_not_null(strstr(cap, "C0"), "caption: %s", cap);
    cr_assert_not_null(strstr(cap, "0.5"), "caption: %s", cap);
}

static int on_path(const char *prog)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", prog);
    return system(cmd) == 0;
}

Test(captions, a_lesson_records_to_mp4_with_its_captions_when_ffmpeg_is_installed)
{
    if (!on_path("ffmpeg"))
        cr_skip_test("ffmpeg is not on PATH: `frontier view --record FILE.mp4` needs it (the "
                     "folder-of-PNG recording does not)");
    const char *b0 = getenv("FRONTIER_BIN");
    char cmd[1024], mp4[64];
    snprintf(mp4, sizeof mp4, "test-captions-%d.mp4", (int)getpid());
    snprintf(cmd, sizeof cmd, "%s view scenarios/lessons/threshold-tradeoff.yaml --record %s "
             "--headless --until 40 --size 640x360 --speed 30 2>/dev/null",
             b0 && *b0 ? b0 : "./frontier", mp4);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    FILE *f = fopen(mp4, "rb");
    cr_assert_not_null(f, "expected: %s", mp4);
    unsigned char head[12] = {0};
    size_t n = fread(head, 1, sizeof head, f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    remove(mp4);
    cr_assert_eq(n, sizeof head);
    cr_assert_eq(memcmp(head + 4, "ftyp", 4), 0, "expected: an MP4 (ftyp box)");
    cr_assert_gt(size, 2000, "expected: some frames, got %ld bytes", size);
}

/* The strings drawn in region name of the last traced frame whose text starts with head. */
static int drawn_with(text *t, const char *region, const char *head, const char **prev)
{
    const text_box *b;
    const text_region_info *reg;
    int n = text_trace_boxes(t, &b), nr = text_trace_regions(t, &reg), found = 0;
    for (int i = 0; i < n; i++) {
        if (b[i].region < 0 || b[i].region >= nr || strcmp(reg[b[i].region].name, region))
            continue;
        if (!strncmp(b[i].s, head, strlen(head) < 20 ? strlen(head) : 20)) {
            found++;
            if (prev && i > 0) *prev = b[i - 1].s;
        }
    }
    return found;
}

Test(captions, the_gauge_and_the_explain_panel_state_every_condition_of_the_strike_rule)
{
    view *v = open_view();
    cr_assert_eq(view_goto(v, 60), 0);
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = SDLK_x;
    view_handle(v, &e);
    text *t = view_text(v);
    cr_assert_eq(text_trace(t, 1), 0);
    view_draw(v);
    model_strike_rule r;
    model_strike_rule_get(view_model(v), &r);
    for (int c = 0; c < MODEL_NSC; c++) {
        const char *mark = NULL;
        cr_assert_eq(drawn_with(t, "side panel", r.text[c], &mark), 1,
                     "the panel states condition %d: %s", c, r.text[c]);
        cr_assert_str_eq(mark, r.met[c] ? "\u2713" : "\u2717", "condition %d's mark", c);
        cr_assert_eq(drawn_with(t, "explain", r.text[c], &mark), 1,
                     "the explain panel states condition %d: %s", c, r.text[c]);
        cr_assert_str_eq(mark, r.met[c] ? "\u2713" : "\u2717");
    }
    cr_assert_eq(drawn_with(t, "side panel", r.allowed ? "All hold" : "Not all hold", NULL), 1,
                 "the verdict follows the rule");
    text_trace(t, 0);
    view_destroy(v);
}
