/* cards.h - the brief card (B; shown at the start unless --no-brief) and the debrief card
 * (D; shown at the end of a run in a window), and the Markdown debrief of a view's run.
 *
 * The brief reads the scenario: its title and description, view.brief, the sides and what
 * each wants (from the scenario's side names), the decision the class faces in decision
 * mode, and a glossary (threat, strike threshold, ultimatum, sanctuary, escalation ladder).
 * The debrief lists the run's turning points (debrief.h) in plain words (narrate.h), the
 * scenario's questions, and in decision mode the class's run against the model's own policy
 * on the same seed, and over many seeds the class's policy (its choices as thresholds)
 * against the default. */
#ifndef FRONTIER_CARDS_H
#define FRONTIER_CARDS_H
#include "panels/play.h"
#include "view/view.h"
#include <SDL.h>

#define CARDS_COMPARE_SEEDS 100   /* seeds of the class-policy comparison */

typedef struct cards {
    int brief, debrief;       /* shown */
    int auto_done;            /* the debrief opened itself at the end once */
    int own_ready, cmp_ready;
    model_totals own;         /* the model's own policy on the same seed (decision mode) */
    play_compare cmp;
} cards;

/* The model's own policy on the view's seed: totals of a run without decision mode (the
 * run's script and knobs are left out). Cached per run. Returns 0 or SIM_E*. */
int cards_own_totals(view *v, const model_totals **out);
/* The class's policy over CARDS_COMPARE_SEEDS seeds; cached per run. */
int cards_compare(view *v, const play_compare **out);

/* Writes the debrief of the view's run to md (Markdown, debrief.h) with the PNG charts
 * beside it (MD-stem-threat.png, MD-stem-attacks.png) and, in decision mode, a section on
 * the class's decisions and the comparisons. Returns 0, or SIM_EIO with a message in err. */
int cards_write_debrief(view *v, const char *md, char *err, size_t errlen);

/* View hooks: B and D toggle the cards, space or Esc closes an open card (returns 1 when it
 * used the event); draws an open card over the map; forgets cached runs on a restart. */
int cards_handle(view *v, const SDL_Event *e);
void cards_draw(view *v);
void cards_reset(view *v);

#endif
