/* knobs.h - the view's knob panel (K) and the session's knob script.
 *
 * Six sliders change model parameters from the current simulated day: the strike threshold,
 * the warning level, the chance the state accepts a deal, host cooperation (the target C0
 * cooperation relaxes toward), mediation on/off (mediators.daily_probability 0 or the
 * scenario's value) and the drone rate. Every change goes through script_record_set on the
 * view's session script (the one decision mode and injects record into too), so it is
 * logged by the model as an event with its reason: stepping back replays it at its day, and
 * knobs_save_script writes it for `frontier run --script` or `frontier view --script`. A
 * script loaded with knobs_set_script is part of every run of the view, also after R; the
 * changes made during the session are forgotten by R.
 *
 * Keys while the panel is open: Tab / Shift+Tab choose a slider, left / right change it
 * (the arrows step days only when the panel is closed); the mouse drags a slider and the
 * value applies on release. */
#ifndef FRONTIER_KNOBS_H
#define FRONTIER_KNOBS_H
#include "story/script.h"
#include "view/view.h"
#include <SDL.h>
#include <stdio.h>

enum { KNOB_THRESHOLD, KNOB_WARN, KNOB_DEAL, KNOB_COOPERATION, KNOB_MEDIATION, KNOB_DRONES,
       KNOBS_N };

typedef struct knobs knobs;

/* Panel state and an empty session script for the view's scenario, or NULL on no memory. */
knobs *knobs_create(const scenario *s);
void knobs_destroy(knobs *k); /* accepts NULL */

/* The parameter key of knob i, its label, and its value on model m now. */
const char *knobs_key(int i);
const char *knobs_label(int i);
double knobs_value(const model *m, int i);

/* Sets knob i to value from the view's current day (clamped to the knob's range; for
 * KNOB_MEDIATION any value > 0 means on). Returns 0 or a SIM_E* code (also shown in the
 * status line). */
int knobs_set(view *v, int i, double value);
/* Moves knob i by dir steps (the mediation knob toggles). */
int knobs_nudge(view *v, int i, int dir);
int knobs_is_open(const view *v);
void knobs_toggle(view *v);

/* Makes sc (copied) part of every run of the view from day 0: it is replayed from the start
 * of the current run. Returns 0 or a SIM_E* code. */
int knobs_set_script(view *v, const script *sc);
/* Writes the session script of the current run (the loaded script, knob changes, decisions
 * and injects) and the [ ] threshold changes as a script (script.h format). Returns 0,
 * SIM_ENOMEM or SIM_EIO. */
int knobs_save_script(view *v, FILE *f);

/* Hook for view.c: the session script of a new run (R): a copy of the loaded script, or an
 * empty one. NULL on no memory. */
script *knobs_fresh_script(const view *v);

/* Handles K, and keys and mouse while the panel is open. Returns 1 when e was used. */
int knobs_handle(view *v, const SDL_Event *e);
/* Draws the panel (when open) at the top right of the map. */
void knobs_draw(view *v);
/* The panel's rectangle as last drawn (empty when closed). */
SDL_Rect knobs_rect(const view *v);
/* The top of the panels on the map (below the status line), and the panel's height. */
int knobs_top(const view *v);
int knobs_height(const view *v);

#endif
