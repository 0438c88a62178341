/* play.h - decision mode (`frontier view --play state|host`): the class plays one side.
 *
 * The side's decisions are deferred in the model (model_set_policy, MODEL_POLICY_DEFER).
 * The view runs day by day; when the model notes a decision the side would take, the run
 * pauses and a dialog shows the situation (threat against the thresholds, cooperation,
 * grievance, the ladder, what happened lately) and the options. What the model would do,
 * and why, stays hidden until the class has voted: M reveals it. Playing the state, the
 * class also answers the host's deal offers (pay or refuse) instead of the model's draw.
 *
 * A decision the class declined is asked once per situation: it is not asked again while
 * the escalation ladder stays where it was and, on every day since the answer, the threat
 * (the diplomatic pressure for the host's deal offer) stayed above the decision's level
 * less PLAY_THREAT_STEP and below its value at the answer plus PLAY_THREAT_STEP (a
 * crackdown: called again within PLAY_SITUATION_DAYS). A deal offer to answer and a strike
 * to answer are always asked. The dialog of a decision asked again recalls the last answer.
 *
 * The class can also act on its own initiative from the action menu (A): for the state
 * strike, ultimatum, talks (a delegation), pay for a deal, close or open the crossings; for
 * the host crack down, hand fighters over, retaliate at the border, ask for talks. A strike
 * the strike rule forbids is refused with the unmet conditions, unless the teacher set free
 * play (then it goes ahead with a warning).
 *
 * Every choice, "hold back" ones included, runs as an inject recorded in the view's session
 * script (script_record_inject) with the note "the class decided: LABEL", held-back ones as
 * a `note` action, so the saved script replays the session byte for byte, and a replay
 * (play_set_auto) rebuilds the class's choices from those notes.
 *
 * Keys: 1-3 answer an open decision; M shows what the model would do; A opens the action
 * menu (1-6 choose, A or Esc close); Esc does not quit while a decision waits (Q does). */
#ifndef FRONTIER_PLAY_H
#define FRONTIER_PLAY_H
#include "model/model.h"
#include "panels/panel.h"
#include "story/script.h"
#include <SDL.h>

#define PLAY_OPTIONS_MAX 3
#define PLAY_CHOICES_MAX 512
#define PLAY_THREAT_STEP 0.10   /* a threat (or pressure) this much away: a new situation */
#define PLAY_SITUATION_DAYS 7.0 /* a crackdown called again within a week: the same one */
#define PLAY_ACTIONS_MAX 6
#define PLAY_INITIATIVE (-1)    /* play_choice.option of an action taken from the menu */
#define PLAY_NOTE_PREFIX "the class decided: "

/* One answered decision, or an action from the menu. */
typedef struct play_choice {
    double t;
    int kind;          /* model_decision kind (the deal's answer: MODEL_REC_DEAL_ACCEPTED) */
    int option;        /* index of the option chosen, or PLAY_INITIATIVE */
    int model_option;  /* the option the model would have chosen, or -1 when unknown */
    double threat;     /* the threat score of that day */
    double threshold;  /* the strike line of that day */
    char label[64];    /* what the class chose, in words */
} play_choice;

typedef struct play play;

/* Decision mode for side (SCN_SIDE_STATE or SCN_SIDE_HOST), or NULL on no memory. */
play *play_create(int side);
void play_destroy(play *p); /* accepts NULL */
int play_side(const play *p);
/* "state" / "host" -> SCN_SIDE_*, or -1. */
int play_side_parse(const char *name);
/* Free play: strikes from the menu go ahead even when the rule forbids them (warned). */
void play_set_free(play *p, int on);

/* Turns decision mode on for model m (call after each model_create). Returns 0 or SIM_E*. */
int play_attach(play *p, model *m);
/* Takes m's pending decisions (and clears them). Decisions already answered (a step back
 * replays them from the script) and declined ones whose situation holds are dropped.
 * running: the run was running (it goes on by itself once the class has answered).
 * Returns 1 when a decision waits for the class. */
int play_poll(play *p, model *m, int running);
int play_waiting(const play *p);
/* What the class must do now, for the status line ("DECIDE: vote, then press 1-3"), or
 * NULL when no decision waits. The text lives in p until the next call. */
const char *play_status(play *p);
const model_decision *play_current(const play *p);

/* Options of the current decision, and the one the model would take. */
int play_option_count(const play *p);
const char *play_option_label(const play *p, int i);
int play_model_option(const play *p);
/* The question the current decision asks, in words. */
const char *play_question(const play *p);
/* The model's view of the current decision is shown (M). */
int play_revealed(const play *p);

/* Applies option i of the current decision on m, recording its inject in sc (NULL: not
 * recorded), and moves to the next waiting decision. Returns 0, SIM_EINVAL (no decision or
 * a bad option) or a model error. */
int play_choose(play *p, model *m, script *sc, int option);

/* The action menu of the side: the number of actions, the label of action i, and whether
 * it may be taken now on m (0 with the reason in why when not; with free play a strike the
 * rule forbids is allowed and why holds the warning). */
int play_action_count(const play *p);
const char *play_action_label(const play *p, int i);
int play_action_allowed(const play *p, const model *m, int i, char *why, size_t n);
/* Takes action i now (if allowed), recorded in sc. Returns 0, SIM_EINVAL when the rule or
 * the situation forbids it (why says which), or a model error. */
int play_act(play *p, model *m, script *sc, int i, char *why, size_t n);
int play_menu_open(const play *p);
void play_menu_toggle(play *p);

/* Who answers: the class (PLAY_ASK); a saved session's script alone (PLAY_AUTO_SCRIPT: its
 * injects are the class's choices, read back from the notes they carry, and play_poll never
 * asks, as in a headless replay); the model (PLAY_AUTO_MODEL: the caller answers each
 * waiting decision with play_model_option, as in a headless run without a class). */
enum { PLAY_ASK, PLAY_AUTO_SCRIPT, PLAY_AUTO_MODEL };
void play_set_auto(play *p, int mode);
int play_auto(const play *p);
/* In a window, a loaded session answers the decisions up to day t (its last choice) and
 * the class takes over after it; t < 0: no session. */
void play_set_script_until(play *p, double t);
/* Forgets the choices (a restart with a fresh run). */
void play_reset(play *p);

int play_choice_count(const play *p);
const play_choice *play_choice_at(const play *p, int i);
/* The label of option i of decisions of kind (a play_choice's kind), "" when unknown; and
 * the decision in words ("strike", "the host's deal offer"). */
const char *play_option_name(int kind, int option);
const char *play_kind_words(int kind);

/* The class's choices as thresholds: for each deferred kind of the state, the lowest threat
 * at which the class acted (out[k] for k = 0 ultimatum, 1 strike, 2 closure), or 1 when it
 * never acted but declined; NAN when it was never asked. out[3]: the share of deal offers
 * the class paid for, NAN when none came. */
void play_thresholds(const play *p, double out[4]);

/* The class's policy as a variant of scenario s: for the state, state.warn_at,
 * state.strike.threshold (the lowest threat it struck at, less the cooperation/restraint
 * credit of that moment), state.close_at and host.deal.accept_probability from
 * play_thresholds; kinds never asked keep the scenario's value. Returns a new scenario
 * (scenario_destroy), or NULL on no memory. */
scenario *play_policy_scenario(const play *p, const scenario *s);

/* Mean totals over n seeds (seed, seed+1, ...) of the model's own policy and of the class's
 * (play_policy_scenario), with common random numbers. */
typedef struct play_compare {
    int n;
    double strikes[2], attacks[2], casualties[2], max_ladder[2], p_strike[2];  /* [own, class] */
    double warn_at[2], strike_at[2], close_at[2], deal_accept[2];  /* the thresholds compared */
} play_compare;
int play_compare_run(const play *p, const scenario *s, unsigned long long seed, int n,
                     play_compare *out);

/* Keys and mouse of decision mode: 1-3 and M while a decision is open (the choice runs on
 * x->m, recorded in x->rec; out->changed, and out->pause 0 when the last waiting decision is
 * answered and the run was running); A and the menu's keys and clicks. Esc is swallowed
 * while a decision waits. Returns out->used. */
int play_handle(play *p, const panel_ctx *x, const SDL_Event *e, panel_reply *out);
/* Draws the dialog of the waiting decision, or the action menu when open. */
void play_draw(play *p, const panel_ctx *x);

#endif
