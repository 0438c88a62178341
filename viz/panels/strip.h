/* strip.h - "what really happened": a band under the map with the real strikes, border
 * clashes, closures and ceasefires of the record the scenario names (`record:`,
 * story/reality.h) at their dates, and under it the run's own events of the same kinds, one
 * lane per kind, from day 0 to the scenario's horizon, both up to the view's day (what the
 * record holds later is not shown: the class sees the record and the run side by side as
 * the run goes). A real mark under the mouse (or the one clicked, which stays) shows its
 * date, what happened and its source above the band; a run mark under the mouse shows the
 * event, and a click on it opens its reason as a click on the map does.
 *
 * Laid out from measured text in the rectangle the view gives it (strip_height says how
 * tall it wants to be); no text leaves it. */
#ifndef FRONTIER_STRIP_H
#define FRONTIER_STRIP_H
#include "panels/panel.h"
#include <SDL.h>

typedef struct strip strip;

/* Reads the record scenario s names. Returns 0 with *out NULL when s names none, 0 with
 * *out (shown), or a SIM_E* code with the reason in why. */
int strip_create(const scenario *s, strip **out, char *why, size_t n);
void strip_destroy(strip *st);          /* accepts NULL */

int strip_shown(const strip *st);       /* 0 for NULL */
void strip_toggle(strip *st);           /* no-op for NULL */
struct record;                          /* data/record.h */
const struct record *strip_record(const strip *st);

/* The height the strip takes at the context's size (0 when NULL or hidden). */
int strip_height(const strip *st, const panel_ctx *x);
/* Draws the band into q (does nothing when NULL, hidden or q is empty). */
void strip_draw(strip *st, const panel_ctx *x, SDL_Rect q);
/* Draws the detail of the mark under (mx, my), else of the pinned one, above the band and
 * inside the map (after strip_draw of the same frame). */
void strip_draw_detail(strip *st, const panel_ctx *x, int mx, int my);

/* A left click at (mx, my). Returns 1 when it was on the band: a real mark is pinned (a
 * click on it again, or on no mark, unpins it) and *run_record is -1; a run mark gives
 * the index of its model record in *run_record. Returns 0 elsewhere. */
int strip_click(strip *st, int mx, int my, int *run_record);
/* Pins record event i (an index of strip_record's events), or unpins with -1. */
void strip_pin(strip *st, int i);
int strip_pinned(const strip *st);      /* the pinned event, or -1 */

/* Where the last strip_draw put the record's band (which 0) and the run's (which 1), and
 * the pixel x of run day d on them: for tests. */
SDL_Rect strip_band(const strip *st, int which);
int strip_day_x(const strip *st, double d);

#endif
