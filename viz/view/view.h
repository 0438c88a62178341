/* view.h - `frontier view`: a live run of the model animated on the region map.
 *
 * The view reads the model only through model.h and changes it only through
 * model_set_param (the [ and ] keys, logged with actor "user"). Simulated time advances by
 * speed x wall seconds, and the model is run to that time each frame; since the model is
 * event-driven, the speed never changes what happens for a seed. Headless views draw with
 * the software renderer on a surface and need no display. */
#ifndef FRONTIER_VIEW_H
#define FRONTIER_VIEW_H
#include "map/map.h"
#include "model/model.h"
#include "panels/captions.h"
#include "panels/controls.h"
#include "panels/cards.h"
#include "panels/inject.h"
#include "panels/knobs.h"
#include "panels/panel.h"
#include "panels/play.h"
#include "panels/strip.h"
#include "record/replay.h"
#include "scenario/scenario.h"
#include "story/script.h"
#include <SDL.h>
#include <stdio.h>

typedef struct view_opts {
    int width, height;            /* window or surface size in pixels */
    int headless;                 /* software renderer on a surface, no window */
    int fullscreen;
    double speed;                 /* simulated days per second */
    unsigned long long seed;
    const char *play;             /* decision mode: "state" or "host" (play.h), NULL: off */
    int brief;                    /* open the brief card (cards.h), paused, at the start */
    int play_auto;                /* who answers in decision mode: PLAY_ASK ... (play.h) */
    int free_play;                /* decision mode: the strike rule does not bind the class */
} view_opts;

typedef struct view view;

/* Opens the window (or surface), fonts and base map, and creates the model for seed.
 * s and mp are borrowed and must outlive the view. Returns NULL with a message in err. */
view *view_create(const scenario *s, const map *mp, const view_opts *o, char *err,
                  size_t errlen);
void view_destroy(view *v); /* accepts NULL */

/* Advances simulated time by speed x dt wall seconds (unless paused) and runs the model
 * to it. Returns 0 or a SIM_E* code from the model. */
int view_advance(view *v, double dt);
/* Moves to day t: forward by running the model, backward by replaying the same seed and
 * the user's changes. Returns 0 or a SIM_E* code. */
int view_goto(view *v, double t);
double view_time(const view *v);
int view_done(const view *v);            /* reached the scenario's horizon */
model *view_model(view *v);

/* Draws one frame (not presented). */
void view_draw(view *v);
/* Handles one SDL event. Returns 1 when the user asked to quit. */
int view_handle(view *v, const SDL_Event *e);
/* The frame as drawn, as a new ARGB8888 surface (caller frees), or NULL. */
SDL_Surface *view_read_frame(view *v);
/* The frame as drawn (ARGB8888), owned by the view and valid until the next view_draw,
 * view_resize or view_destroy: the headless drawing surface itself, or for a window one
 * surface reused for every read-back. No copy and no allocation a frame, for recording.
 * NULL on failure. */
SDL_Surface *view_frame(view *v);
/* Saves the frame as PNG (written to a temporary name, then renamed). Returns 0 or SIM_EIO. */
int view_save_png(view *v, const char *path);
/* Resizes the drawing area (the window event does this interactively). */
int view_resize(view *v, int w, int h);
/* Presents the frame on the window (no-op when headless). */
void view_present(view *v);
SDL_Window *view_window(view *v);
/* Replays real incidents (replay.h): from now on each item is fed to the model at its time
 * as a scripted attack, also after a restart or a step back. The view should show a model
 * of replay_scenario(). label replaces the title in the panel. Returns 0 or SIM_ENOMEM. */
int view_set_replay(view *v, const replay_item *items, int n, const char *label);

/* Adds an event marker that is not in the model's log (real incidents of a replay, the
 * benchmark's synthetic load); it fades like the model's own. Returns 0 or SIM_ENOMEM. */
int view_add_marker(view *v, int kind, double t, int zone, int from_zone, double casualties);
/* Markers live now, and those the last frame drew (zones cap what they draw). */
int view_markers(const view *v, int *drawn);
/* Removes every marker. */
void view_clear_markers(view *v);
/* Drawing size, and the pixel position of lon/lat in the map area (tests, picking). */
void view_size(const view *v, int *w, int *h);
void view_project(const view *v, double lon, double lat, double *x, double *y);
/* The map area (left of the panel). */
SDL_Rect view_map_rect(const view *v);
/* The labels the map shows: the zones' (drawn each frame), then the base map's places and
 * countries. Writes at most cap rectangles to out; returns how many it wrote. */
int view_map_labels(const view *v, SDL_Rect *out, int cap);
/* Presentation: the theme (THEME_* of theme.h), a compact layout without the side panel
 * (a pane of the split screen, split.h), pausing on each decision (captions.h). Return 0 or
 * a SIM_E* code (fonts or base map could not be rebuilt). */
int view_set_theme(view *v, int theme_id);
int view_set_compact(view *v, int on);
void view_set_pause_on_decision(view *v, int on);
/* Layer bits (LAYER_* of layers.h). */
int view_layers(const view *v);
void view_set_layers(view *v, int bits);
int view_paused(const view *v);
/* Opens the reason box of model record i (as a click on its marker does); -1 closes it. */
void view_select(view *v, int record);
void view_set_paused(view *v, int on);

/* The session: the script every change of the run is recorded in (knobs, [ ], injects, the
 * class's choices). view_set_script makes sc (copied) part of every run of the view from
 * day 0, also after R and N, and replays the run so far with it; view_save_script writes
 * the session (the loaded script, the changes made, the [ ] keys' changes) in the script
 * format (script.h). Return 0 or a SIM_E* code. */
script *view_script(view *v);
int view_set_script(view *v, const script *sc);
int view_save_script(view *v, FILE *f);
/* Writes the Markdown debrief of the run (cards_write_debrief). Returns 0, or SIM_EIO with a
 * message in err. */
int view_write_debrief(view *v, const char *md, char *err, size_t errlen);

/* The classroom panels of the view (panels/), for callers and tests that use their own
 * calls; view_play is NULL outside decision mode. view_panel_ctx fills what the panels are
 * given (panel.h) for the view's present; after a panel call that returns a reply, hand it
 * to view_reply. */
captions *view_captions(view *v);
cards *view_cards(view *v);
knobs *view_knobs(view *v);
inject *view_inject(view *v);
play *view_play(view *v);
controls *view_controls(view *v);   /* the buttons under the side panel (none when compact) */
strip *view_strip(view *v);         /* what really happened, or NULL: no record named */
void view_panel_ctx(view *v, panel_ctx *out);
/* The view's fonts (text.h), e.g. for a layout trace of the next frame. */
text *view_text(view *v);
void view_reply(view *v, const panel_reply *r);

#endif
