/* knobs.h - the view's knob panel (K).
 *
 * Six sliders change model parameters from the current simulated day: the strike threshold,
 * the warning level, the chance the state accepts a deal, host cooperation (the target C0
 * cooperation relaxes toward), mediation on/off (mediators.daily_probability 0 or the
 * scenario's value) and the drone rate. Every change goes through script_record_set on the
 * view's session script (the one decision mode and injects record into too), so it is
 * logged by the model as an event with its reason: stepping back replays it at its day, and
 * the saved session script replays it with `frontier run --script` or `frontier view
 * --script`.
 *
 * Keys while the panel is open: Tab / Shift+Tab choose a slider, left / right change it
 * (the arrows step days only when the panel is closed); the mouse drags a slider and the
 * value applies on release. */
#ifndef FRONTIER_KNOBS_H
#define FRONTIER_KNOBS_H
#include "panels/panel.h"
#include <SDL.h>

enum { KNOB_THRESHOLD, KNOB_WARN, KNOB_DEAL, KNOB_COOPERATION, KNOB_MEDIATION, KNOB_DRONES,
       KNOBS_N };

typedef struct knobs knobs;

/* The panel (closed) for scenario s, or NULL on no memory. */
knobs *knobs_create(const scenario *s);
void knobs_destroy(knobs *k); /* accepts NULL */

/* The parameter key of knob i, its label, and its value on model m now. */
const char *knobs_key(int i);
const char *knobs_label(int i);
double knobs_value(const model *m, int i);

/* Sets knob i to value from the context's present (clamped to the knob's range; for
 * KNOB_MEDIATION any value > 0 means on), recorded in x->rec. Returns 0 or a SIM_E* code;
 * either way out gets a status line and, on a change, out->changed. */
int knobs_set(knobs *k, const panel_ctx *x, int i, double value, panel_reply *out);
/* Moves knob i by dir steps (the mediation knob toggles). */
int knobs_nudge(knobs *k, const panel_ctx *x, int i, int dir, panel_reply *out);

int knobs_is_open(const knobs *k);
void knobs_toggle(knobs *k);

/* Handles K, and keys and mouse while the panel is open. Returns out->used. */
int knobs_handle(knobs *k, const panel_ctx *x, const SDL_Event *e, panel_reply *out);
/* Draws the panel (when open) at the top right of the map, from x->top. */
void knobs_draw(knobs *k, const panel_ctx *x);
/* The panel's rectangle as last drawn (empty when closed). */
SDL_Rect knobs_rect(const knobs *k);
/* The panel's height at the context's size. */
int knobs_height(const panel_ctx *x);

#endif
