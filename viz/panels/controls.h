/* controls.h - on-screen buttons for mouse users, under the side panel: run / pause, step a
 * day, restart (same seed) and a speed slider over the view's speeds. The keys (space,
 * right arrow, R, + and -) do the same; a click does what its key does.
 *
 * The bar is laid out from measured text in the rectangle the view gives it; the view acts
 * on the action controls_handle returns. */
#ifndef FRONTIER_CONTROLS_H
#define FRONTIER_CONTROLS_H
#include "panels/panel.h"
#include <SDL.h>

enum controls_id { CONTROL_RUN, CONTROL_STEP, CONTROL_RESTART, CONTROL_SPEED, CONTROLS_N };

/* The speeds the slider and the + / - keys go through, in simulated days per second. */
#define CONTROLS_NSPEEDS 9
double controls_speed(int k);           /* k clamped to 0 .. CONTROLS_NSPEEDS - 1 */
/* The step of the slowest speed at or above x (the last one when x is faster than all). */
int controls_speed_index(double x);

typedef struct controls controls;

controls *controls_create(void);        /* NULL on no memory */
void controls_destroy(controls *c);     /* accepts NULL */

/* The bar's height at the context's size for a width of w pixels (the slider goes on a
 * second row when the buttons leave it too little room). */
int controls_height(controls *c, const panel_ctx *x, int w);
/* Lays the bar out in q and draws it: paused (the run button says Run), the speed now and
 * the mouse position (a button under it is lit). */
void controls_draw(controls *c, const panel_ctx *x, SDL_Rect q, int paused, double speed,
                   int mx, int my);
/* Where control id was drawn last (empty before the first draw). */
SDL_Rect controls_rect(const controls *c, int id);

/* What a click asks for. */
typedef struct controls_action {
    int id;                   /* enum controls_id, or -1: not the bar's event */
    double speed;             /* CONTROL_SPEED: the speed picked on the slider */
} controls_action;

/* A left click on a button, or a click or drag on the slider (the drag follows the mouse
 * until the button is released). Returns 1 when the event was the bar's. */
int controls_handle(controls *c, const SDL_Event *e, controls_action *out);

#endif
