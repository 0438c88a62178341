/* test_play.c - decision mode in the view: the run stops at the played side's decisions,
 * the dialog is drawn, choices go through the model's handlers, and the choices saved as a
 * script replay byte for byte. */
#define _GNU_SOURCE /* open_memstream */
#include "map/map.h"
#include "model/model.h"
#include "panels/play.h"
#include "report/output.h"
#include "story/script.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

TestSuite(play, .init = setup, .fini = teardown);

static view *open_play(const char *side, unsigned long long seed)
{
    char err[256];
    view_opts o = {.width = 1280, .height = 720, .headless = 1, .speed = 7, .seed = seed,
                   .play = side};
    view *v = view_create(scn, mp, &o, err, sizeof err);
    cr_assert_not_null(v, "view_create: %s", err);
    return v;
}

static char *outputs_of(const model *m)
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

/* The class's rule for the test: strike and warn, never close the border. */
static int rule(int kind) { return kind == MODEL_REC_CLOSURE ? 1 : 0; }

/* Plays the state to the end with rule(); returns the number of decisions answered. */
static int play_through(view *v)
{
    int asked = 0;
    for (int guard = 0; guard < 1000 && !view_done(v); guard++) {
        cr_assert_eq(view_goto(v, model_horizon(view_model(v))), 0);
        if (!play_waiting(view_play(v))) continue;
        cr_assert(view_paused(v), "the view pauses for a decision");
        int opt = rule(play_current(view_play(v))->kind);
        SDL_Event e = {.type = SDL_KEYDOWN};
        e.key.keysym.sym = opt == 0 ? SDLK_RETURN : SDLK_1 + opt;
        cr_assert_eq(view_handle(v, &e), 0);
        asked++;
    }
    cr_assert(view_done(v), "the run reached its end");
    return asked;
}

Test(play, the_run_stops_at_the_states_first_decision_and_shows_it)
{
    view *v = open_play("state", 1);
    cr_assert_eq(view_goto(v, 200), 0);
    cr_assert(play_waiting(view_play(v)), "a decision waits by day 200");
    const model_decision *d = play_current(view_play(v));
    cr_assert_eq(d->kind, MODEL_REC_ULTIMATUM, "the first decision is the ultimatum");
    cr_assert(view_time(v) < 200 && view_time(v) == d->t, "the view stopped on day %g", d->t);
    cr_assert_str_eq(play_option_label(view_play(v), 0), "Issue the ultimatum");
    double t = view_time(v);
    cr_assert_eq(view_advance(v, 10), 0);
    cr_assert_eq(view_time(v), t, "time does not move while the class decides");
    view_draw(v);
    SDL_Surface *f = view_read_frame(v);
    Uint32 u = ((Uint32 *)f->pixels)[60 * (f->pitch / 4) + 300];
    SDL_Color c;
    SDL_GetRGBA(u, f->format, &c.r, &c.g, &c.b, &c.a);
    cr_assert(c.r > 200 && c.g > 200, "the dialog's pale card is drawn (got %d %d %d)", c.r,
              c.g, c.b);
    SDL_FreeSurface(f);
    view_destroy(v);
}

Test(play, the_classs_choices_replay_byte_identical_from_the_saved_script)
{
    view *v = open_play("state", 3);
    int asked = play_through(v);
    cr_assert_gt(asked, 1, "the class decided more than once");
    cr_assert_gt(play_choice_count(view_play(v)), 1);
    char *played = outputs_of(view_model(v));
    cr_assert(strstr(played, "the class decided: Issue the ultimatum") != NULL);
    char *script_text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&script_text, &len);
    cr_assert_eq(script_write(view_script(v), scn, f), 0);
    fclose(f);
    scn_errors errs = {0};
    script *sc = NULL;
    cr_assert_eq(script_parse(script_text, "choices.script", scn, &sc, &errs), 0);
    model *m = model_create(scn, 3, 0, MODEL_KEEP_ALL, NULL);
    model_set_policy(m, SCN_SIDE_STATE, MODEL_POLICY_DEFER);
    cr_assert_eq(script_apply_until(sc, m, model_horizon(m)), 0);
    char *replayed = outputs_of(m);
    cr_assert_str_eq(played, replayed, "the replay of the saved choices differs");
    free(played);
    free(replayed);
    free(script_text);
    model_destroy(m);
    script_destroy(sc);
    scn_errors_free(&errs);
    view_destroy(v);
}

Test(play, a_declined_decision_is_not_asked_again_for_a_week)
{
    view *v = open_play("state", 1);
    cr_assert_eq(view_goto(v, 200), 0);
    cr_assert(play_waiting(view_play(v)));
    double t0 = play_current(view_play(v))->t;
    int kind = play_current(view_play(v))->kind;
    cr_assert_eq(play_choose(view_play(v), view_model(v), view_script(v), 1), 0);
    cr_assert_eq(view_goto(v, 200), 0);
    if (play_waiting(view_play(v)) && play_current(view_play(v))->kind == kind)
        cr_assert_geq(play_current(view_play(v))->t, t0 + PLAY_QUIET_DAYS);
    double th[3];
    play_thresholds(view_play(v), th);
    cr_assert(th[0] == 1.0, "never acted: threshold 1, got %g", th[0]);
    view_destroy(v);
}

Test(play, the_host_can_be_played_and_a_bad_side_is_refused)
{
    char err[256];
    view_opts o = {.width = 640, .height = 360, .headless = 1, .speed = 7, .seed = 1,
                   .play = "militants"};
    cr_assert_null(view_create(scn, mp, &o, err, sizeof err));
    cr_assert(strstr(err, "--play") != NULL, "%s", err);
    view *v = open_play("host", 2);
    play_through(v);
    const model_totals *tot = model_totals_get(view_model(v));
    for (int i = 0; i < model_record_count(view_model(v)); i++) {
        const model_record *r = model_record_at(view_model(v), i);
        if (r->kind == MODEL_REC_CRACKDOWN) cr_assert_eq(r->actor, MODEL_ACTOR_USER);
    }
    int kinds = 0;
    for (int i = 0; i < play_choice_count(view_play(v)); i++) {
        int k = play_choice_at(view_play(v), i)->kind;
        cr_assert(k == MODEL_REC_CRACKDOWN || k == MODEL_REC_DEAL_OFFER ||
                  k == MODEL_REC_RETALIATION_PLANNED, "a host decision, got %d", k);
        kinds |= 1 << (k == MODEL_REC_CRACKDOWN ? 0 : k == MODEL_REC_DEAL_OFFER ? 1 : 2);
    }
    cr_assert_eq(kinds, 7, "seed 2 asks for a crackdown, a deal offer and a retaliation "
                 "(mask %d)", kinds);
    cr_assert_gt(tot->crackdowns, 0, "the class's crackdowns ran");
    view_destroy(v);
}

static char *slurp_until(const char *path, const char *stop)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s was written", path);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    char *cut = strstr(buf, stop);
    if (cut) *cut = 0;
    return strdup(buf);
}

Test(play, the_command_line_replays_a_saved_session_and_refuses_a_bad_side)
{
    char dir[64], cmd[1024], md1[128], md2[128], sc[128];
    snprintf(dir, sizeof dir, "build/test-play-%d", (int)getpid());
    snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
    cr_assert_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s view scenarios/kabul-ultimatum-2023.yaml --play rebels "
             "--headless --until 0 --screenshot %s/x.png 2>/dev/null", support_bin(), dir);
    int rc = system(cmd);
    cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 2, "a bad side exits with status 2");
    snprintf(sc, sizeof sc, "%s/session.txt", dir);
    FILE *f = fopen(sc, "w");
    cr_assert_not_null(f);
    fputs("22 inject ultimatum note=\"the class decided: Issue the ultimatum\"\n"
          "82 inject strike note=\"the class decided: Strike now\"\n", f);
    fclose(f);
    for (int k = 1; k <= 2; k++) {
        snprintf(cmd, sizeof cmd, "%s view scenarios/kabul-ultimatum-2023.yaml --seed 2 --play "
                 "state --script %s --headless --screenshot %s/end%d.png --debrief %s/%d/d.md",
                 support_bin(), sc, dir, k, dir, k);
        cr_assert_eq(system(cmd), 0, "%s", cmd);
    }
    snprintf(md1, sizeof md1, "%s/1/d.md", dir);
    snprintf(md2, sizeof md2, "%s/2/d.md", dir);
    char *a = slurp_until(md1, "## The class's rules");
    char *b = slurp_until(md2, "## The class's rules");
    cr_assert_str_eq(a, b, "the same session replays the same run");
    cr_assert(strstr(a, "the class decided: Strike now") || strstr(a, "First strike"),
              "the class's strike is a turning point");
    free(a);
    free(b);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(play, a_class_that_always_agrees_gets_thresholds_no_lower_than_the_models)
{
    view *v = open_play("state", 3);
    play_through(v);   /* rule(): agrees, except on closures */
    play_compare c;
    cr_assert_eq(play_compare_run(view_play(v), scn, 3, 6, &c), 0);
    cr_assert_eq(c.n, 6);
    cr_assert_geq(c.warn_at[1], c.warn_at[0] - 1e-9, "ultimatum %g vs %g", c.warn_at[1],
                  c.warn_at[0]);
    cr_assert_geq(c.strike_at[1], c.strike_at[0] - 1e-9, "strike %g vs %g", c.strike_at[1],
                  c.strike_at[0]);
    cr_assert(c.close_at[1] == 1.0, "never closed: closure at 1, got %g", c.close_at[1]);
    for (int k = 0; k < 2; k++)
        cr_assert(c.p_strike[k] >= 0 && c.p_strike[k] <= 1 && c.attacks[k] > 0);
    view_destroy(v);
}
