/* inject.h - the facilitator's inject menu (key I): an attack of a chosen size at a target
 * picked on the map, a mediation offer, a delegation, a drone incursion over a host-side
 * zone picked on the map, a border closure (a crossing picked on the map).
 *
 * A click on an item that needs a place arms it; the next click on the map picks the
 * nearest zone of the right kind (targets for attacks, host-side zones for drones,
 * crossings for closures). Each inject runs now through script_record_inject on the view's
 * script, so the model logs it with actor "user" and the reason "injected by facilitator",
 * a step back replays it, and the saved script replays it with --script. Esc or I closes
 * the menu. */
#ifndef FRONTIER_INJECT_H
#define FRONTIER_INJECT_H
#include "view/view.h"
#include <SDL.h>

enum { INJECT_ATTACK_SMALL, INJECT_ATTACK_LARGE, INJECT_ATTACK_MASS, INJECT_MEDIATION,
       INJECT_DELEGATION, INJECT_DRONE, INJECT_CLOSURE, INJECT_N };

typedef struct inject_menu {
    int open;
    int armed;               /* item waiting for a click on the map, or -1 */
    int hover_zone;          /* zone the armed item would use, or -1 */
    SDL_Rect rect, item[INJECT_N];
} inject_menu;

/* Label of item i ("Attack: small (5 casualties)", ...). */
const char *inject_label(int i);
/* The zone the armed item i would pick for a click at (x, y): the nearest zone of the
 * right kind, or -1 when the item needs no zone or none fits. */
int inject_pick_zone(const view *v, int i, int x, int y);
/* Runs item i now at zone (or -1), recorded in the view's script. Returns 0 or SIM_E*. */
int inject_apply(view *v, int i, int zone);

/* View hooks: handles I, Esc and the mouse while the menu is open (returns 1 when it used
 * the event); draws the menu and the armed item's pick. */
int inject_handle(view *v, const SDL_Event *e);
void inject_draw(view *v);

#endif
