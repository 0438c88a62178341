/* play.h - decision mode (`frontier view --play state|host`): the class plays one side.
 *
 * The side's decisions are deferred in the model (model_set_policy, MODEL_POLICY_DEFER).
 * The view runs day by day; when the model notes a decision the side would take, the run
 * pauses and a dialog shows the situation (threat against the thresholds, cooperation,
 * grievance, the ladder, what happened lately), the options, and what the model would have
 * done and why. The class's choice runs through the same handlers as an inject recorded in
 * the view's script (script_record_inject), so `--script` with the saved choices gives
 * byte-identical outputs. A decision the class declined is not asked again for
 * PLAY_QUIET_DAYS days (the model would ask every day while the threat stays high).
 *
 * Keys while a decision is open: 1-4 choose, Enter takes the model's choice; Esc does not
 * quit then (Q does); the other keys keep their meaning. */
#ifndef FRONTIER_PLAY_H
#define FRONTIER_PLAY_H
#include "model/model.h"
#include "story/script.h"
#include "panels/panel.h"
#include <SDL.h>

#define PLAY_QUIET_DAYS 7.0
#define PLAY_OPTIONS_MAX 3
#define PLAY_CHOICES_MAX 512

/* One answered decision. */
typedef struct play_choice {
    double t;
    int kind;          /* model_decision kind */
    int option;        /* 0: what the model would do; 1: hold; 2: the alternative */
    double threat;     /* the threat score when it was asked */
    double threshold;  /* the effective strike threshold then */
} play_choice;

typedef struct play play;

/* Decision mode for side (SCN_SIDE_STATE or SCN_SIDE_HOST), or NULL on no memory. */
play *play_create(int side);
void play_destroy(play *p); /* accepts NULL */
int play_side(const play *p);
/* "state" / "host" -> SCN_SIDE_*, or -1. */
int play_side_parse(const char *name);

/* Turns decision mode on for model m (call after each model_create). Returns 0 or SIM_E*. */
int play_attach(play *p, model *m);
/* Takes m's pending decisions (and clears them). Decisions already answered (a step back
 * replays them from the script) and those declined within PLAY_QUIET_DAYS are dropped.
 * running: the run was running (it goes on by itself once the class has answered).
 * Returns 1 when a decision waits for the class. */
int play_poll(play *p, model *m, int running);
int play_waiting(const play *p);
const model_decision *play_current(const play *p);

/* Options of the current decision; option 0 is what the model would do. */
int play_option_count(const play *p);
const char *play_option_label(const play *p, int i);
/* The question the current decision asks, in words. */
const char *play_question(const play *p);

/* Applies option i of the current decision on m, recording its inject in sc (NULL: not
 * recorded), and moves to the next waiting decision. Returns 0, SIM_EINVAL (no decision or
 * a bad option) or a model error. */
int play_choose(play *p, model *m, script *sc, int option);
/* With auto on, every decision is left to the script: the class's choices are its injects
 * (a headless replay of a saved session); play_poll never asks. */
void play_set_auto(play *p, int on);
/* Forgets the choices (a restart with a fresh run). */
void play_reset(play *p);

int play_choice_count(const play *p);
const play_choice *play_choice_at(const play *p, int i);

/* The class's choices as thresholds: for each deferred kind of the state, the lowest threat
 * at which the class acted (out[k] for k = 0 ultimatum, 1 strike, 2 closure), or 1 when it
 * never acted but declined; NAN when it was never asked. */
void play_thresholds(const play *p, double out[3]);

/* The class's policy as a variant of scenario s: for the state, state.warn_at,
 * state.strike.threshold (the lowest threat it struck at, less the cooperation/restraint
 * credit of that moment) and state.close_at from play_thresholds; kinds never asked keep
 * the scenario's value. Returns a new scenario (scenario_destroy), or NULL on no memory. */
scenario *play_policy_scenario(const play *p, const scenario *s);

/* Mean totals over n seeds (seed, seed+1, ...) of the model's own policy and of the class's
 * (play_policy_scenario), with common random numbers. */
typedef struct play_compare {
    int n;
    double strikes[2], attacks[2], casualties[2], max_ladder[2], p_strike[2];  /* [own, class] */
    double warn_at[2], strike_at[2], close_at[2];      /* the thresholds compared */
} play_compare;
int play_compare_run(const play *p, const scenario *s, unsigned long long seed, int n,
                     play_compare *out);

/* Takes 1-4 and Enter while a decision is open: the choice runs on x->m, recorded in
 * x->rec; out->changed, and out->pause 0 when the last waiting decision is answered and the
 * run was running. Esc is swallowed (it must not quit in the middle of a decision). Returns
 * out->used. */
int play_handle(play *p, const panel_ctx *x, const SDL_Event *e, panel_reply *out);
/* Draws the dialog of the waiting decision (nothing when none waits). */
void play_draw(const play *p, const panel_ctx *x);

#endif
