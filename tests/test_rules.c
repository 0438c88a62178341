/* test_rules.c - the "how it works" page: its numbers are the running model's parameters
 * (a --set or a knob changes the text), its formulas the model's own (checked against a
 * run), and the view's card (W) shows both pages. */
#include "map/map.h"
#include "model/model.h"
#include "panels/cards.h"
#include "story/rules.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static scenario *scn;
static map *mp;

static void setup(void)
{
    mp = support_load_region_map();
    scn = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
}

static void teardown(void)
{
    map_destroy(mp);
    scenario_destroy(scn);
}

TestSuite(rules, .init = setup, .fini = teardown);

static const char *section(rules_section *r, int n, const char *head)
{
    for (int i = 0; i < n; i++)
        if (!strncmp(r[i].head, head, strlen(head))) return r[i].text;
    cr_assert_fail("no section %s", head);
    return "";
}

Test(rules, the_glossary_comes_first_and_states_the_scenarios_numbers)
{
    rules_section r[RULES_MAX];
    int n = rules_sections(scn, &scn->p, r, RULES_MAX);
    cr_assert(n > RULES_WORDS && n <= RULES_MAX);
    static const char *const words[RULES_WORDS] = {"Threat (0 to 1)", "Grievance (0 and up)",
        "Cooperation (0 to 1)", "Diplomatic pressure (0 and up)", "Deal"};
    for (int i = 0; i < RULES_WORDS; i++) cr_assert_str_eq(r[i].head, words[i]);
    char want[128];
    snprintf(want, sizeof want, "1 - exp(-P / %g)", scn->p.state.threat_scale);
    cr_assert_not_null(strstr(section(r, n, "Threat"), want), "%s", r[0].text);
    snprintf(want, sizeof want, "killed at least %g in the last %g days",
             scn->p.state.mass_casualty, scn->p.state.ultimatum_days);
    cr_assert_not_null(strstr(section(r, n, "A strike"), want), "%s", want);
    cr_assert_not_null(strstr(section(r, n, "Grievance"), "Afghanistan (Taliban)'s anger"));
}

Test(rules, a_changed_parameter_changes_the_page)
{
    model *m = model_create(scn, 1, 0, 0, NULL);
    cr_assert_not_null(m);
    cr_assert_eq(model_set_param(m, "state.warn_at", 0.42, MODEL_ACTOR_USER, "test"), 0);
    cr_assert_eq(model_set_param(m, "host.deal.offer_at", 7.5, MODEL_ACTOR_USER, "test"), 0);
    rules_section r[RULES_MAX];
    int n = rules_sections(scn, model_params(m), r, RULES_MAX);
    cr_assert_not_null(strstr(section(r, n, "Protests"), "at 0.42 it issues an ultimatum"));
    cr_assert_not_null(strstr(section(r, n, "Diplomatic"), "At 7.5 Afghanistan (Taliban) "
                                                           "offers a deal"));
    model_destroy(m);
}

Test(rules, the_threat_formula_is_the_models)
{
    /* the page says threat = 1 - exp(-P / scale): every day of a run must agree */
    model *m = model_create(scn, 3, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_not_null(m);
    cr_assert_eq(model_run(m), 0);
    int nd = model_day_count(m), checked = 0;
    for (int i = 0; i < nd; i++) {
        const model_day *d = model_day_at(m, i);
        double s = 1 - exp(-d->pressure / scn->p.state.threat_scale);
        cr_assert(fabs(s - d->threat) < 1e-9, "day %d: threat %.12g, formula %.12g", d->day,
                  d->threat, s);
        checked += d->threat > 0.1;
    }
    cr_assert_gt(checked, 30, "the run had days of real threat");
    model_destroy(m);
}


static void key(view *v, SDL_Keycode k)
{
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = k;
    view_handle(v, &e);
}

/* Opens the card with W from the help and turns its pages to the end: every section's
 * heading is drawn on some page, the set value too, and the last W closes it. */
static void page_through(int width, int height, int theme_id)
{
    char err[256];
    scn->p.state.warn_at = 0.47;   /* as --set state.warn_at=0.47 would */
    view_opts o = {.width = width, .height = height, .headless = 1, .speed = 7, .seed = 1};
    view *v = view_create(scn, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "%s", err);
    cr_assert_eq(view_set_theme(v, theme_id), 0);
    key(v, SDLK_h);
    char *t = support_frame_text(v);
    cr_assert_not_null(strstr(t, "W  how it works"), "the help names the key:\n%s", t);
    free(t);
    key(v, SDLK_w);
    cr_assert_eq(cards_showing(view_cards(v)), CARDS_RULES);
    rules_section r[RULES_MAX];
    int n = rules_sections(scn, &scn->p, r, RULES_MAX), seen[RULES_MAX] = {0}, pages = 0;
    int set_shown = 0;
    while (cards_showing(view_cards(v)) == CARDS_RULES && pages < 10) {
        t = support_frame_text(v);
        cr_assert_not_null(strstr(t, "How it works ("), "%s", t);
        cr_assert_null(strstr(t, "Controls"), "the help closed:\n%s", t);
        for (char *c = t; *c; c++) *c = *c == '\n' ? ' ' : *c;   /* wrapped lines joined */
        for (int i = 0; i < n; i++) seen[i] |= strstr(t, r[i].head) != NULL;
        set_shown |= strstr(t, "0.47") != NULL;
        free(t);
        pages++;
        key(v, SDLK_w);
    }
    cr_assert_eq(cards_showing(view_cards(v)), CARDS_NONE, "the last W closes it");
    cr_assert_geq(pages, 2, "the words, then the decisions");
    for (int i = 0; i < n; i++)
        cr_assert(seen[i], "%dx%d theme %d: \"%s\" is on no page", width, height, theme_id,
                  r[i].head);
    cr_assert(set_shown, "the set warning level is on a page");
    view_destroy(v);
}

Test(rules, w_opens_the_page_from_the_help_and_every_section_is_shown)
{
    page_through(1280, 720, THEME_DEFAULT);
}

Test(rules, every_section_is_shown_in_the_projector_theme_at_1024x768)
{
    page_through(1024, 768, THEME_PROJECTOR);
}
