/* hud.h - the view's side panel: date, speed, escalation ladder, threat gauge with the
 * effective-threshold and warning lines and, under it, the strike rule's conditions as the
 * model applies them (model_strike_rule), host cooperation / grievance / diplomatic
 * pressure, the audiences' meters, charts of the last 180 days and a legend. Drawn from
 * plain values, so tests can fill them by hand.
 *
 * The layout follows the measured text: blocks go top to bottom in order of importance
 * (header, ladder, gauge, strike rule, host's bars, then legend, threat chart, meters,
 * attacks chart). When the panel is short it compacts, step by step, until everything fits:
 * the two charts share a row and their plots shrink (down to a little more than a line of small
 * type), a condition of the strike rule that holds takes one line (what blocks the strike
 * keeps its numbers), the host's bars take the small type, the rule's verdict joins its
 * heading line. What still does not fit is left
 * out, the least important first (attacks chart, meters, threat chart, legend). The view
 * moves the legend out of the panel, onto a strip over the map, when hud_legend_fits says
 * the panel cannot hold it. No text leaves the panel (long text ends with an ellipsis).
 * Each chart and the legend is a named text region ("threat chart", "attacks chart",
 * "legend") for the layout tests. */
#ifndef FRONTIER_HUD_H
#define FRONTIER_HUD_H
#include "draw/text.h"
#include "layers/layers.h"
#include "layers/meters.h"
#include "model/model.h"
#include <SDL.h>

#define HUD_DAYS 180
#define HUD_WEEKS (HUD_DAYS / 7 + 1)

/* Panel colours (dark panel, light text: readable on a projector). */
#define HUD_BG ((SDL_Color){28, 32, 40, 255})
#define HUD_FG ((SDL_Color){240, 240, 236, 255})
#define HUD_DIM ((SDL_Color){170, 176, 186, 255})
#define HUD_THRESHOLD ((SDL_Color){255, 255, 255, 255})
#define HUD_WARN ((SDL_Color){255, 190, 40, 255})
#define HUD_THREAT ((SDL_Color){235, 64, 52, 255})

typedef struct hud_data {
    const char *title;
    long start_date;                 /* days since 1970-01-01 of day 0 */
    double speed;                    /* simulated days per second */
    int paused;
    int done;                        /* the run reached its horizon */
    unsigned long long seed;
    model_state st;
    double threat[HUD_DAYS], thr[HUD_DAYS];   /* the last n_days days, oldest first */
    int n_days;
    double weekly[HUD_WEEKS];        /* attacks per week, oldest first */
    int n_weeks;
    int layers;                      /* LAYER_* bits (charts and legend follow them) */
    int show_meters;                 /* draw the audiences' meters (meters.h) */
    meters_data meters;
    int show_rule;                   /* draw the strike rule under the gauge */
    model_strike_rule rule;
    int state_played;                /* decision mode for the state: the class strikes */
    const char *status;              /* overrides the running/paused line when set */
} hud_data;

/* Name of ladder level 0..5 ("calm" ... "sustained hostilities"). */
const char *hud_ladder_name(int level);
/* Colour of ladder level 0..5 (green to dark red). */
SDL_Color hud_ladder_color(int level);

/* Geometry of the threat gauge inside a panel at (x, y, w): the pixel x of value v in [0, 1]
 * and the gauge's rectangle. Tests use it to find the threshold line. */
SDL_Rect hud_gauge_rect(SDL_Rect panel, text *t);
int hud_gauge_x(SDL_Rect gauge, double v);

/* Draws the panel into rect on r; l draws the legend's symbols (NULL: no legend). */
void hud_draw(SDL_Renderer *r, text *t, layers *l, SDL_Rect panel, const hud_data *d);

/* Whether the panel holds the legend with every condition of the strike rule at its longest
 * (two lines), the host's bars in small type and one row of charts at their lowest: the
 * view's choice, made once per layout, of the legend in the panel or over the map. */
int hud_legend_fits(SDL_Rect panel, text *t);
/* The legend's height in a box w wide (as many columns as its labels fit, up to 5) and the
 * legend drawn into q; s scales the symbols (window height / 720). */
int hud_legend_height(text *t, int w, double s);
void hud_legend_draw(SDL_Renderer *r, text *t, layers *l, SDL_Rect q, double s);

/* The verdict line of the strike rule in words ("A strike needs every condition", "All
 * hold: the state strikes", "All hold: a 12% chance of a strike each day"). */
void hud_rule_verdict(const model_strike_rule *r, int state_played, char *out, size_t n);

#endif
