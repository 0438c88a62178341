/* test_play.c - decision mode in the view: the run stops at the played side's decisions,
 * the dialog is drawn, choices go through the model's handlers, and the choices saved as a
 * script replay byte for byte. */
#define _GNU_SOURCE /* open_memstream */
#include "base/err.h"
#include "map/map.h"
#include "model/model.h"
#include "panels/play.h"
#include "report/output.h"
#include "story/narrate.h"
#include "story/script.h"
#include "support.h"
#include "view/view.h"
#include <SDL.h>
#include <criterion/criterion.h>
#include <math.h>
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

/* The class's rule for the test: strike, warn and pay for deals, never close the border
 * (option 0 acts, option 1 holds back or refuses). */
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
        e.key.keysym.sym = SDLK_1 + opt;
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

/* Plays the state to the end declining everything; asks[] gets each decision asked. */
typedef struct asked { double t, threat; int kind, ladder; } asked;
static int decline_all(view *v, asked *out, int max)
{
    int n = 0;
    for (int guard = 0; guard < 2000 && !view_done(v); guard++) {
        cr_assert_eq(view_goto(v, model_horizon(view_model(v))), 0);
        if (!play_waiting(view_play(v))) continue;
        const model_decision *d = play_current(view_play(v));
        model_state st;
        model_state_get(view_model(v), &st);
        if (n < max) out[n++] = (asked){d->t, st.threat, d->kind, st.ladder};
        cr_assert_eq(play_choose(view_play(v), view_model(v), view_script(v), 1), 0);
    }
    cr_assert(view_done(v));
    return n;
}

/* Whether the situation of a decision declined at day t0 (threat x0, ladder l0) changed
 * by day t1: the ladder moved or the threat left [level - step, x0 + step) on some day. */
static int situation_changed(const model *m, double t0, double t1, double x0, int l0,
                             double level)
{
    for (int i = 0; i < model_day_count(m); i++) {
        const model_day *d = model_day_at(m, i);
        if (d->t < t0 - 1e-9 || d->t > t1 + 1e-9) continue;
        if (d->ladder != l0 || d->threat < level - PLAY_THREAT_STEP ||
            d->threat >= x0 + PLAY_THREAT_STEP - 1e-9)
            return 1;
    }
    return 0;
}

Test(play, a_declined_decision_is_asked_once_per_situation)
{
    view *v = open_play("state", 1);
    asked a[512];
    int n = decline_all(v, a, 512), per_kind[MODEL_NRECORD_KINDS] = {0};
    cr_assert_gt(n, 0, "the state is asked something");
    const model *m = view_model(v);
    for (int i = 0; i < n; i++) {
        per_kind[a[i].kind]++;
        if (a[i].kind != MODEL_REC_CLOSURE && a[i].kind != MODEL_REC_ULTIMATUM) continue;
        double level = a[i].kind == MODEL_REC_CLOSURE ? scn->p.state.close_at
                                                      : scn->p.state.warn_at;
        for (int j = i - 1; j >= 0; j--)
            if (a[j].kind == a[i].kind) {
                cr_assert(situation_changed(m, a[j].t, a[i].t, a[j].threat, a[j].ladder, level),
                          "%s declined on day %g (threat %.2f) asked again on day %g while "
                          "the situation held", narrate_kind(a[i].kind), a[j].t, a[j].threat,
                          a[i].t);
                break;
            }
    }
    /* before, the closure was asked every 7 days while the threat stayed high (about 50
     * times a year); asked once per situation it is asked 6-7 times on this seed (the count
     * moves with the model's rules), so 8 still catches a weekly question */
    cr_assert_gt(per_kind[MODEL_REC_CLOSURE], 0, "the closure is asked");
    for (int k = 0; k < MODEL_NRECORD_KINDS; k++)
        cr_assert_leq(per_kind[k], 8, "%s asked %d times in one year", narrate_kind(k),
                      per_kind[k]);
    double th[4];
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
    view *v = open_play("host", 1);
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
    /* the seed is one whose run has all three (seed 2 has no strike since striking has a
     * cost that rises with each strike) */
    cr_assert_eq(kinds, 7, "seed 1 asks for a crackdown, a deal offer and a retaliation "
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
    /* The class's strike line is read from the day's row, written before the tick relaxes
     * cooperation one step; the model decides on the relaxed line, which may lie below the
     * row's by at most credit x (1 - e^(-1/tau_C)) (1.3e-4 below it on this seed). */
    double relax = scn->p.state.credit_cooperation * -expm1(-1.0 / scn->p.host.cooperation_tau);
    cr_assert_geq(c.strike_at[1], c.strike_at[0] - relax - 1e-9, "strike %g vs %g",
                  c.strike_at[1], c.strike_at[0]);
    cr_assert(c.close_at[1] == 1.0, "never closed: closure at 1, got %g", c.close_at[1]);
    for (int k = 0; k < 2; k++)
        cr_assert(c.p_strike[k] >= 0 && c.p_strike[k] <= 1 && c.attacks[k] > 0);
    view_destroy(v);
}

Test(play, the_models_choice_stays_hidden_until_m_is_pressed)
{
    view *v = open_play("state", 1);
    cr_assert_eq(view_goto(v, 200), 0);
    cr_assert(play_waiting(view_play(v)));
    char *before = support_frame_text(v);
    cr_assert(strstr(before, "Issue the ultimatum") != NULL, "the options are shown:\n%s",
              before);
    cr_assert_null(strstr(before, "The model would"), "the model's choice is hidden before "
                   "the vote:\n%s", before);
    cr_assert(!play_revealed(view_play(v)));
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = SDLK_m;
    cr_assert_eq(view_handle(v, &e), 0);
    char *after = support_frame_text(v);
    cr_assert(strstr(after, "The model would: Issue the ultimatum") != NULL, "M shows the "
              "model's choice:\n%s", after);
    cr_assert(strstr(after, "Why: threat") != NULL, "and its reason:\n%s", after);
    cr_assert(play_waiting(view_play(v)), "M does not answer the decision");
    e.key.keysym.sym = SDLK_5;   /* not an option: swallowed, no layer toggles */
    int shown = view_layers(v);
    cr_assert_eq(view_handle(v, &e), 0);
    cr_assert_eq(view_layers(v), shown, "a number key under the dialog leaves the layers");
    e.key.keysym.sym = SDLK_1;   /* shift+1 neither answers nor toggles a layer */
    e.key.keysym.mod = KMOD_LSHIFT;
    cr_assert_eq(view_handle(v, &e), 0);
    cr_assert_eq(view_layers(v), shown, "shift and a number under the dialog");
    cr_assert(play_waiting(view_play(v)), "shift+1 does not answer");
    e.key.keysym.mod = 0;
    /* the status says what the class must do, never "PAUSED" */
    char *status = support_frame_text(v);
    cr_assert_not_null(strstr(status, "DECIDE: vote, then press 1-3"), "%s", status);
    cr_assert_null(strstr(status, "PAUSED"), "%s", status);
    free(status);
    free(before);
    free(after);
    view_destroy(v);
}

Test(play, the_action_menu_refuses_a_strike_the_rule_forbids_unless_free_play)
{
    view *v = open_play("state", 1);
    play *p = view_play(v);
    cr_assert_eq(view_goto(v, 10), 0);
    cr_assert(!play_waiting(p), "nothing to answer on day 10");
    cr_assert_eq(play_action_count(p), 6);
    cr_assert_str_eq(play_action_label(p, 0), "Strike the sanctuaries");
    model_strike_rule r;
    model_strike_rule_get(view_model(v), &r);
    cr_assert(!r.allowed, "the rule forbids a strike on day 10");
    char why[600];
    cr_assert_eq(play_action_allowed(p, view_model(v), 0, why, sizeof why), 0);
    cr_assert(strstr(why, r.text[MODEL_SC_THREAT]) != NULL, "the refusal names the unmet "
              "condition as the rule states it (%s): %s", r.text[MODEL_SC_THREAT], why);
    int strikes = model_totals_get(view_model(v))->strikes;
    cr_assert_eq(play_act(p, view_model(v), view_script(v), 0, why, sizeof why), SIM_EINVAL);
    cr_assert_eq(model_totals_get(view_model(v))->strikes, strikes, "no strike was made");
    /* the menu as the class sees it: A, then 1 */
    SDL_Event e = {.type = SDL_KEYDOWN};
    e.key.keysym.sym = SDLK_a;
    cr_assert_eq(view_handle(v, &e), 0);
    cr_assert(play_menu_open(p));
    char *menu = support_frame_text(v);
    cr_assert(strstr(menu, "refused by the strike rule") != NULL, "%s", menu);
    free(menu);
    play_set_free(p, 1);
    cr_assert_eq(play_action_allowed(p, view_model(v), 0, why, sizeof why), 1);
    cr_assert(strstr(why, "free play") != NULL, "free play warns: %s", why);
    e.key.keysym.sym = SDLK_1;
    cr_assert_eq(view_handle(v, &e), 0);
    cr_assert_eq(model_totals_get(view_model(v))->strikes, strikes + 1, "the strike ran");
    const play_choice *c = play_choice_at(p, play_choice_count(p) - 1);
    cr_assert(c && c->option == PLAY_INITIATIVE && c->kind == MODEL_REC_STRIKE);
    int found = 0;
    for (int i = 0; i < model_record_count(view_model(v)); i++) {
        const model_record *rec = model_record_at(view_model(v), i);
        found |= rec->kind == MODEL_REC_STRIKE && rec->actor == MODEL_ACTOR_USER &&
                 strstr(rec->reason, "the class decided: Strike the sanctuaries") != NULL;
    }
    cr_assert(found, "the strike is logged as the class's own");
    view_destroy(v);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s was written", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = 0;
    fclose(f);
    return buf;
}

Test(play, the_documented_replay_gives_the_sessions_debrief_byte_for_byte)
{
    char dir[64], path[3][160], cmd[1024], err[256];
    snprintf(dir, sizeof dir, "build/test-replay-%d", (int)getpid());
    snprintf(path[0], sizeof path[0], "%s/live/debrief.md", dir);
    snprintf(path[1], sizeof path[1], "%s/replay/debrief.md", dir);
    snprintf(path[2], sizeof path[2], "%s/session.txt", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p %s/live %s/replay", dir, dir);
    cr_assert_eq(system(cmd), 0);
    view *v = open_play("state", 3);
    play_through(v);   /* acts, except on closures: those are held back */
    int held = 0;
    for (int i = 0; i < play_choice_count(view_play(v)); i++)
        held += play_choice_at(view_play(v), i)->kind == MODEL_REC_CLOSURE;
    cr_assert_gt(held, 0, "the class held back at least once");
    cr_assert_eq(view_write_debrief(v, path[0], err, sizeof err), 0, "%s", err);
    FILE *f = fopen(path[2], "w");
    cr_assert_not_null(f);
    cr_assert_eq(view_save_script(v, f), 0);
    fclose(f);
    view_destroy(v);
    char *session = slurp(path[2]);
    cr_assert(strstr(session, "inject note note=\"the class decided: Keep them open") != NULL,
              "the held-back choices are saved:\n%s", session);
    free(session);
    snprintf(cmd, sizeof cmd, "%s view scenarios/kabul-ultimatum-2023.yaml --seed 3 --play "
             "state --script %s --headless --debrief %s", support_bin(), path[2], path[1]);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    char *live = slurp(path[0]), *replay = slurp(path[1]);
    cr_assert(strstr(live, "| Keep them open | Close the crossings |") != NULL,
              "the class's decisions table has the held-back ones:\n%s", live);
    cr_assert_str_eq(live, replay, "the replay's debrief differs from the session's");
    free(live);
    free(replay);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

Test(play, headless_play_without_a_script_is_refused)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s view scenarios/kabul-ultimatum-2023.yaml --play state "
             "--headless --until 60 --screenshot build/never.png 2>build/play-refused.txt",
             support_bin());
    int rc = system(cmd);
    cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 2, "exit status 2, got %d", rc);
    char *msg = slurp("build/play-refused.txt");
    cr_assert(strstr(msg, "--script") && strstr(msg, "--choices model"), "the message says "
              "what to give: %s", msg);
    cr_assert_eq(access("build/never.png", F_OK), -1, "no picture was written");
    free(msg);
    snprintf(cmd, sizeof cmd, "%s view scenarios/kabul-ultimatum-2023.yaml --play state "
             "--choices model --headless --until 60 --screenshot build/play-model.png",
             support_bin());
    cr_assert_eq(system(cmd), 0, "the model may answer headless");
    remove("build/play-model.png");
    remove("build/play-refused.txt");
}
