/* cards.h - the brief card (B; shown at the start unless --no-brief) and the debrief card
 * (D; shown at the end of a run in a window), and the Markdown debrief of a view's run.
 *
 * The brief reads the scenario: its title and description, view.brief, the sides and what
 * each wants (from the scenario's side names), the decision the class faces in decision
 * mode, and a glossary (threat, strike threshold, ultimatum, sanctuary, escalation ladder).
 * The debrief lists the run's turning points (debrief.h) in plain words (narrate.h), the
 * scenario's questions, and in decision mode the class's run against the model's own policy
 * on the same seed, and over many seeds the class's policy (its choices as thresholds)
 * against the default. The "how it works" card (W) states the model's rules in plain words
 * with the numbers of the running model's parameters (rules.h), in pages laid out for the
 * window: the words with their scales, then the decisions (W turns the page, then closes). */
#ifndef FRONTIER_CARDS_H
#define FRONTIER_CARDS_H
#include "panels/panel.h"
#include "panels/play.h"
#include <SDL.h>

#define CARDS_COMPARE_SEEDS 100   /* seeds of the class-policy comparison */

enum { CARDS_NONE, CARDS_BRIEF, CARDS_DEBRIEF, CARDS_RULES };

typedef struct cards cards;

/* The cards of a view, the brief open when brief is set; NULL on no memory. */
cards *cards_create(int brief);
void cards_destroy(cards *c); /* accepts NULL */

/* The card shown (CARDS_*), and showing one (CARDS_NONE closes it). */
int cards_showing(const cards *c);
/* The page of the "how it works" card shown (0: the words), and its pages as last drawn
 * (as many as the window needs: the glossary first, then the decisions). */
int cards_rules_page(const cards *c);
int cards_rules_pages(const cards *c);
void cards_show(cards *c, int which);
/* The run reached its end in a window: opens the debrief, once per run. */
void cards_run_ended(cards *c);
/* Forgets the cached runs and the end of the run (a restart). */
void cards_reset(cards *c);

/* The model's own policy on the context's seed: totals of a run without decision mode (the
 * run's script and knobs are left out). Cached per run. Returns 0 or SIM_E*. */
int cards_own_totals(cards *c, const panel_ctx *x, const model_totals **out);
/* The class's policy (p) over CARDS_COMPARE_SEEDS seeds; cached per run. */
int cards_compare(cards *c, const panel_ctx *x, const play *p, const play_compare **out);

/* Writes the debrief of the context's run to md (Markdown, debrief.h) with the PNG charts
 * beside it (MD-stem-threat.png, MD-stem-attacks.png) and, in decision mode (p not NULL), a
 * section on the class's decisions and the comparisons. Returns 0, or SIM_EIO with a
 * message in err. */
int cards_write_debrief(cards *c, const panel_ctx *x, const play *p, const char *md,
                        char *err, size_t errlen);

/* B and D toggle the cards; space or Esc closes an open card (space on the brief starts the
 * run: out->pause 0). Returns out->used. */
int cards_handle(cards *c, const SDL_Event *e, panel_reply *out);
/* Draws the open card over the map; p is decision mode or NULL. */
void cards_draw(cards *c, const panel_ctx *x, const play *p);

#endif
