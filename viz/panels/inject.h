/* inject.h - the facilitator's inject menu (key I): an attack of a chosen size at a target
 * picked on the map, a mediation offer, a delegation, a drone incursion over a host-side
 * zone picked on the map, a border closure (a crossing picked on the map).
 *
 * A click on an item that needs a place arms it; the next click on the map picks the
 * nearest zone of the right kind (targets for attacks, host-side zones for drones,
 * crossings for closures). Each inject runs now through script_record_inject on the view's
 * session script, so the model logs it with actor "user" and the reason "injected by
 * facilitator", a step back replays it, and the saved script replays it with --script. Esc
 * or I closes the menu. */
#ifndef FRONTIER_INJECT_H
#define FRONTIER_INJECT_H
#include "panels/panel.h"
#include <SDL.h>

enum { INJECT_ATTACK_SMALL, INJECT_ATTACK_LARGE, INJECT_ATTACK_MASS, INJECT_MEDIATION,
       INJECT_DELEGATION, INJECT_DRONE, INJECT_CLOSURE, INJECT_N };

typedef struct inject inject;

/* The menu (closed), or NULL on no memory. */
inject *inject_create(void);
void inject_destroy(inject *im); /* accepts NULL */

int inject_is_open(const inject *im);
/* Label of item i ("Attack: small (5 casualties)", ...). */
const char *inject_label(int i);
/* The casualties of item i's attack on model m (-1 for items that are not attacks): the
 * mass-casualty item uses the model's own level (state.strike.mass_casualty, rounded up),
 * so it lets a strike skip the ultimatum and is a turning point of the debrief. */
double inject_casualties(const model *m, int i);
/* Item i's rectangle as last drawn (empty before the menu is drawn). */
SDL_Rect inject_item_rect(const inject *im, int i);
/* The zone item i would pick for a click at (x, y): the nearest zone of the right kind, or
 * -1 when the item needs no zone or none fits. */
int inject_pick_zone(const panel_ctx *x, int i, int px, int py);
/* Runs item i now at zone (or -1), recorded in x->rec. Returns 0 or SIM_E*; out gets a
 * status line and, on success, out->changed. */
int inject_apply(const panel_ctx *x, int i, int zone, panel_reply *out);

/* Handles I, Esc and the mouse while the menu is open. Returns out->used. */
int inject_handle(inject *im, const panel_ctx *x, const SDL_Event *e, panel_reply *out);
/* Draws the menu (when open) and the armed item's pick. */
void inject_draw(inject *im, const panel_ctx *x);

#endif
