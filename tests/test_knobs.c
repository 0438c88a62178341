/* test_knobs.c - the knob panel: changes apply from the current day, are logged with their
 * reason, survive a step back, are forgotten by R (a loaded script is not), and a saved
 * script replays them byte for byte. */
#define _GNU_SOURCE /* open_memstream */
#include "base/alloc.h"
#include "map/map.h"
#include "model/model.h"
#include "panels/knobs.h"
#include "report/output.h"
#include "scenario/scenario.h"
#include "story/script.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
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

TestSuite(knobs, .init = setup, .fini = teardown);

static view *open_view(void)
{
    char err[256];
    view_opts o = {.width = 960, .height = 540, .headless = 1, .speed = 7, .seed = 7};
    view *v = view_create(scn, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "view_create: %s", err);
    return v;
}

/* events.csv and series.csv of m, as one string (caller frees). */
static char *outputs(const model *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    output_events_csv(m, f);
    output_series_csv(m, f);
    fclose(f);
    return buf;
}

static const model_record *last_set(model *m)
{
    for (int i = model_record_count(m) - 1; i >= 0; i--)
        if (model_record_at(m, i)->kind == MODEL_REC_SET) return model_record_at(m, i);
    return NULL;
}

/* Knob i set or nudged through the panel's own calls, the reply handed to the view. */
static int set_knob(view *v, int i, double value)
{
    panel_ctx c;
    panel_reply r;
    view_panel_ctx(v, &c);
    panel_reply_init(&r);
    int rc = knobs_set(view_knobs(v), &c, i, value, &r);
    view_reply(v, &r);
    return rc;
}

static int nudge_knob(view *v, int i, int dir)
{
    panel_ctx c;
    panel_reply r;
    view_panel_ctx(v, &c);
    panel_reply_init(&r);
    int rc = knobs_nudge(view_knobs(v), &c, i, dir, &r);
    view_reply(v, &r);
    return rc;
}

static SDL_Event key_event(SDL_Keycode k)
{
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = k;
    return e;
}

Test(knobs, a_change_applies_from_the_current_day_and_is_logged_with_its_reason)
{
    view *v = open_view();
    cr_assert_eq(view_goto(v, 40.5), 0);
    cr_assert_eq(set_knob(v, KNOB_THRESHOLD, 0.6), 0);
    const model_record *r = last_set(view_model(v));
    cr_assert_not_null(r, "expected: a set record");
    cr_assert(fabs(r->t - 40.5) < 1e-9, "expected: day 40.5, got: %g", r->t);
    cr_assert_eq(r->actor, MODEL_ACTOR_USER);
    cr_assert_not_null(strstr(r->reason, "knob changed by the class: state.strike.threshold"),
                       "reason: %s", r->reason);
    cr_assert(fabs(knobs_value(view_model(v), KNOB_THRESHOLD) - 0.6) < 1e-12);
    view_destroy(v);
}

Test(knobs, stepping_back_replays_the_change_at_its_day)
{
    view *v = open_view();
    double x0 = scn->p.host.cooperation;
    cr_assert_eq(view_goto(v, 50), 0);
    cr_assert_eq(set_knob(v, KNOB_COOPERATION, 0.55), 0);
    cr_assert_eq(view_goto(v, 20), 0);   /* back: a new model, the change not yet due */
    cr_assert(fabs(knobs_value(view_model(v), KNOB_COOPERATION) - x0) < 1e-12,
              "expected: %g before day 50, got: %g", x0,
              knobs_value(view_model(v), KNOB_COOPERATION));
    cr_assert_eq(view_goto(v, 60), 0);
    cr_assert(fabs(knobs_value(view_model(v), KNOB_COOPERATION) - 0.55) < 1e-12);
    int sets = 0;
    for (int i = 0; i < model_record_count(view_model(v)); i++)
        sets += model_record_at(view_model(v), i)->kind == MODEL_REC_SET &&
                model_record_at(view_model(v), i)->actor == MODEL_ACTOR_USER;
    cr_assert_eq(sets, 1, "expected: the change once, got: %d", sets);
    view_destroy(v);
}

Test(knobs, restart_forgets_the_panel_changes_but_keeps_a_loaded_script)
{
    scn_errors errs = {0};
    script *sc = NULL;
    cr_assert_eq(script_parse("5 set state.drone_rate 0.2\n", "inline", scn, &sc, &errs), 0);
    scn_errors_free(&errs);
    view *v = open_view();
    cr_assert_eq(view_set_script(v, sc), 0);
    cr_assert_eq(view_goto(v, 30), 0);
    cr_assert_eq(set_knob(v, KNOB_WARN, 0.3), 0);
    SDL_Event r = key_event(SDLK_r);
    view_handle(v, &r);
    cr_assert_eq(view_goto(v, 40), 0);
    cr_assert(fabs(knobs_value(view_model(v), KNOB_WARN) - scn->p.state.warn_at) < 1e-12,
              "expected: R to forget the warning change");
    cr_assert(fabs(knobs_value(view_model(v), KNOB_DRONES) - 0.2) < 1e-12,
              "expected: the loaded script to stay, got drone rate %g",
              knobs_value(view_model(v), KNOB_DRONES));
    view_destroy(v);
    script_destroy(sc);
}

Test(knobs, a_saved_script_replays_the_session_byte_for_byte)
{
    view *v = open_view();
    cr_assert_eq(view_goto(v, 30.25), 0);
    cr_assert_eq(set_knob(v, KNOB_THRESHOLD, 0.65), 0);
    cr_assert_eq(view_goto(v, 61), 0);
    cr_assert_eq(nudge_knob(v, KNOB_MEDIATION, 1), 0);   /* mediation off */
    cr_assert_eq(set_knob(v, KNOB_DEAL, 0.8), 0);
    cr_assert_eq(view_goto(v, 45), 0);                    /* step back, then a new change */
    cr_assert_eq(set_knob(v, KNOB_DRONES, 0.1), 0);
    cr_assert_eq(view_goto(v, 120), 0);
    SDL_Event k = key_event(SDLK_RIGHTBRACKET);           /* the old [ ] keys too */
    view_handle(v, &k);
    double horizon = model_horizon(view_model(v));
    cr_assert_eq(view_goto(v, horizon), 0);
    char *live = outputs(view_model(v)), *saved_text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&saved_text, &len);
    cr_assert_eq(view_save_script(v, f), 0);
    fclose(f);
    view_destroy(v);

    scn_errors errs = {0};
    script *sc = NULL;
    cr_assert_eq(script_parse(saved_text, "saved", scn, &sc, &errs), 0, "saved script:\n%s", saved_text);
    scn_errors_free(&errs);
    cr_assert_eq(script_count(sc), 5, "expected: 5 entries, got: %d\n%s", script_count(sc), saved_text);
    model *m = model_create(scn, 7, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(script_apply_until(sc, m, horizon), 0);
    char *again = outputs(m);
    cr_assert_str_eq(again, live, "expected: the replay to give the same events and series");
    free(live);
    free(again);
    free(saved_text);
    model_destroy(m);
    script_destroy(sc);
}

Test(knobs, the_mediation_knob_switches_between_off_and_the_scenarios_value)
{
    view *v = open_view();
    double on = scn->p.mediation.daily_probability;
    cr_assert_gt(on, 0);
    cr_assert_eq(nudge_knob(v, KNOB_MEDIATION, 1), 0);
    cr_assert_eq(knobs_value(view_model(v), KNOB_MEDIATION), 0);
    cr_assert_eq(nudge_knob(v, KNOB_MEDIATION, -1), 0);
    cr_assert(fabs(knobs_value(view_model(v), KNOB_MEDIATION) - on) < 1e-12);
    view_destroy(v);
}

Test(knobs, with_the_panel_open_tab_and_arrows_move_the_knob_and_closed_they_step_days)
{
    view *v = open_view();
    cr_assert_eq(view_goto(v, 10), 0);
    SDL_Event e = key_event(SDLK_RIGHT);
    view_handle(v, &e);
    cr_assert(fabs(view_time(v) - 11) < 1e-9, "expected: day 11, got: %g", view_time(v));
    e = key_event(SDLK_k);
    view_handle(v, &e);
    cr_assert(knobs_is_open(view_knobs(v)));
    e = key_event(SDLK_TAB);
    view_handle(v, &e);                      /* second knob: the warning level */
    e = key_event(SDLK_RIGHT);
    view_handle(v, &e);
    cr_assert(fabs(view_time(v) - 11) < 1e-9, "the arrow must not step while the panel is open");
    cr_assert(fabs(knobs_value(view_model(v), KNOB_WARN) - (scn->p.state.warn_at + 0.05)) < 1e-9,
              "expected: %g, got: %g", scn->p.state.warn_at + 0.05,
              knobs_value(view_model(v), KNOB_WARN));
    view_destroy(v);
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

Test(knobs, dragging_a_slider_sets_its_value_on_release)
{
    view *v = open_view();
    view_draw(v);
    SDL_Surface *closed = view_read_frame(v);
    SDL_Event e = key_event(SDLK_k);
    view_handle(v, &e);
    view_draw(v);   /* the panel places its sliders when drawn */
    SDL_Surface *open = view_read_frame(v);
    SDL_Rect q = knobs_rect(view_knobs(v));
    cr_assert_gt(q.w * q.h, 0);
    cr_assert_gt(differing(closed, open, q), q.w * q.h / 4, "expected: the panel drawn");
    SDL_FreeSurface(closed);
    SDL_FreeSurface(open);
    /* the threshold slider is the first: find its track by dragging across the panel */
    int y = q.y, x0 = q.x, x1 = q.x + q.w;
    double before = knobs_value(view_model(v), KNOB_THRESHOLD), after = before;
    for (y = q.y; y < q.y + q.h / 3 && after == before; y += 2) {
        SDL_Event d = {.type = SDL_MOUSEBUTTONDOWN};
        d.button.button = SDL_BUTTON_LEFT, d.button.x = x0 + (x1 - x0) / 2, d.button.y = y;
        view_handle(v, &d);
        SDL_Event m = {.type = SDL_MOUSEMOTION};
        m.motion.x = x1 - 2, m.motion.y = y;
        view_handle(v, &m);
        SDL_Event u = {.type = SDL_MOUSEBUTTONUP};
        u.button.button = SDL_BUTTON_LEFT, u.button.x = x1 - 2, u.button.y = y;
        view_handle(v, &u);
        after = knobs_value(view_model(v), KNOB_THRESHOLD);
    }
    cr_assert(after > before + 0.1, "expected: a drag to the right to raise %g, got: %g",
              before, after);
    view_destroy(v);
}

Test(knobs, frontier_view_script_and_save_script_round_trip_from_the_cli)
{
    char in[64], out[64], png[64], cmd[1024];
    snprintf(in, sizeof in, "test-knobs-in-%d.txt", (int)getpid());
    snprintf(out, sizeof out, "test-knobs-out-%d.txt", (int)getpid());
    snprintf(png, sizeof png, "test-knobs-%d.png", (int)getpid());
    FILE *f = fopen(in, "w");
    cr_assert_not_null(f);
    fputs("30 set state.strike.threshold 0.6\n61.5 set mediators.daily_probability 0\n", f);
    fclose(f);
    const char *b0 = getenv("FRONTIER_BIN");
    snprintf(cmd, sizeof cmd, "%s view " SCN " --headless --until 100 --size 640x360 "
             "--screenshot %s --script %s --save-script %s 2>/dev/null",
             b0 && *b0 ? b0 : "./frontier", png, in, out);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    scn_errors errs = {0};
    script *sc = NULL;
    cr_assert_eq(script_load(out, scn, &sc, &errs), 0, "the saved script does not load");
    scn_errors_free(&errs);
    cr_assert_eq(script_count(sc), 2);
    cr_assert(fabs(script_at(sc, 1)->day - 61.5) < 1e-12);
    cr_assert_str_eq(script_at(sc, 1)->key, "mediators.daily_probability");
    script_destroy(sc);
    remove(in);
    remove(out);
    remove(png);
}


Test(knobs, a_change_shows_in_the_captions_at_once_also_while_paused)
{
    view *v = open_view();
    cr_assert_eq(view_goto(v, 40), 0);
    view_set_paused(v, 1);
    cr_assert_eq(set_knob(v, KNOB_THRESHOLD, 0.6), 0);
    char *t = support_frame_text(v);
    cr_assert_not_null(strstr(t, "The class changes the strike threshold from 0.73 to 0.6"),
                       "%s", t);
    free(t);
    SDL_Event e = key_event(SDLK_RIGHTBRACKET);   /* the ] key: the same caption */
    view_handle(v, &e);
    t = support_frame_text(v);
    cr_assert_not_null(strstr(t, "strike threshold from 0.6 to 0.65"), "%s", t);
    cr_assert_null(strstr(t, "state.strike"), "no parameter key on screen: %s", t);
    free(t);
    view_destroy(v);
}
