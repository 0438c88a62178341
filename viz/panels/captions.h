/* captions.h - narration for a class: the caption panel (plain-language sentences from
 * narrate.h for each decision as it happens, the newest in large type, older ones fading),
 * pause-on-decision, and the explain panel (the parts of the effective strike threshold as
 * bars, with narrate_threshold's sentence).
 *
 * Keys: C captions on/off (the captions layer, key 8 too), P pause on each decision on/off,
 * X explain panel on/off. */
#ifndef FRONTIER_CAPTIONS_H
#define FRONTIER_CAPTIONS_H
#include "model/model.h"
#include "view/view.h"
#include <SDL.h>
#include <stddef.h>

#define CAPTIONS_SHOWN 3    /* the newest and two older, fading */

/* Nonzero for the decisions a class watches: strike, ultimatum, closure, deal accepted or
 * rejected, clash, mediation, ceasefire (pause-on-decision stops on these). */
int captions_is_decision(int kind);
/* Nonzero when record r gets a caption in the panel (decisions, diplomacy, ladder moves,
 * knob changes and scripted events; not routine attacks). replay: a replay of real
 * incidents is running (its many attacks get none). */
int captions_wanted(const model_record *r, int replay);
/* The caption of r for scenario s: narrate_record's sentence, plus what a change of host
 * cooperation does. Same return contract as narrate_record. */
int captions_text(const scenario *s, const model_record *r, char *out, size_t n);

/* Hook for the view: record i just arrived; pauses the view when pause-on-decision is on
 * and it is a decision. */
void captions_on_record(view *v, int i);
/* Handles C, P and X. Returns 1 when e was used. */
int captions_handle(view *v, const SDL_Event *e);
/* Draws the caption panel at the bottom of the map (when the captions layer is on). Returns
 * its rectangle (empty when nothing was drawn). */
SDL_Rect captions_draw(view *v);
/* Draws the explain panel (when on) at the top right of the map, under the knob panel
 * when both are open. */
void captions_draw_explain(view *v);
/* Nonzero when the explain panel fits under the knob panel (else opening one closes the
 * other). */
int captions_explain_fits(view *v);

#endif
