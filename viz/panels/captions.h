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
#include "panels/panel.h"
#include <SDL.h>
#include <stddef.h>

#define CAPTIONS_SHOWN 3        /* the newest and two older, fading */
#define CAPTIONS_DAYS 30.0      /* a caption stays this many simulated days */

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

typedef struct captions captions;

/* Pause-on-decision off, the explain panel closed; NULL on no memory. */
captions *captions_create(void);
void captions_destroy(captions *c); /* accepts NULL */

int captions_pause_on_decision(const captions *c);
void captions_set_pause_on_decision(captions *c, int on);
int captions_explain_open(const captions *c);
void captions_set_explain(captions *c, int on);

/* Record r just arrived in a running view: returns 1 (with a status line in out) when the
 * run should pause on it (pause-on-decision is on and r is a decision), else 0. */
int captions_on_record(const captions *c, const model_record *r, panel_reply *out);
/* Handles C (out->layers gets LAYER_CAPTIONS), P and X. Returns out->used. */
int captions_handle(captions *c, const SDL_Event *e, panel_reply *out);

/* Draws the caption panel at the bottom of the map from the records the view has shown.
 * Returns its rectangle (empty when nothing was drawn), also kept for captions_rect. */
SDL_Rect captions_draw(captions *c, const panel_ctx *x);
SDL_Rect captions_rect(const captions *c);
/* The most the caption panel takes from the bottom of the map, margin included (map labels
 * keep clear of that band). */
int captions_max_height(const panel_ctx *x);
/* The explain panel's height at the context's size. */
int captions_explain_height(const panel_ctx *x);
/* Draws the explain panel (when open) at the top right of the map, its top edge at y. */
void captions_draw_explain(const captions *c, const panel_ctx *x, int y);

#endif
