/* view_int.h - internals shared by view.c, view_draw.c and view_input.c. */
#ifndef FRONTIER_VIEW_INT_H
#define FRONTIER_VIEW_INT_H
#include "draw/text.h"
#include "draw/theme.h"
#include "layers/hud.h"
#include "layers/layers.h"
#include "map/proj.h"
#include "panels/captions.h"
#include "panels/controls.h"
#include "panels/cards.h"
#include "panels/inject.h"
#include "panels/knobs.h"
#include "panels/panel.h"
#include "panels/play.h"
#include "panels/strip.h"
#include "view/view.h"

#define VIEW_LIST_ROWS 16       /* rows of the event list */
#define VIEW_PLACE_LABELS 256

/* A parameter change made by the user, replayed when the view steps back. */
typedef struct view_set {
    double t;
    char key[64];
    double value;
    char why[128];
    int applied;               /* 0 after a replay restarts the model */
} view_set;

struct view {
    const scenario *scn;
    const map *mp;
    view_opts o;
    model *m;
    unsigned long long seed;
    double t, speed;
    int paused, quit;
    SDL_Window *win;
    SDL_Surface *target;        /* headless drawing surface */
    SDL_Surface *frame;         /* a window's frame read back (view_frame), reused */
    SDL_Renderer *r;
    text *txt;
    double txt_scale;
    layers *ly;
    SDL_Texture *base;
    int w, h;
    SDL_Rect map_rect, panel;
    SDL_Rect bar;               /* the on-screen controls under the side panel (controls.h) */
    SDL_Rect legend;            /* the legend's strip over the map, when the panel lacks room */
    proj p;
    float s;                    /* size scale: window height / 720 */
    layer_zone *zones;
    int nz;
    int n_seen;                 /* model records turned into markers */
    int layers;
    int show_list, show_help;
    int selected;               /* record whose reason is shown, or -1 */
    int hover_zone;
    int mx, my;
    SDL_Rect list_rows[VIEW_LIST_ROWS];
    int list_rec[VIEW_LIST_ROWS];
    int n_list;
    view_set *sets;
    int n_sets, cap_sets;
    replay_item *rep;           /* real incidents of a replay, by time */
    int n_rep, rep_next;        /* rep_next: the first not yet fed to the model */
    char label[SCN_TEXT_MAX];   /* panel title of a replay */
    char status[256];
    Uint32 status_until;        /* SDL ticks */
    int shots;
    script *rec;                /* the session script: knobs, injects, the class's choices */
    script *loaded;             /* --script, part of every run; NULL when none */
    const theme *th;            /* colours and sizes (theme.h) */
    /* the classroom panels (panels/), each over its own state */
    captions *cap;              /* captions, pause on decision (P), explain (X) */
    cards *cards;               /* brief (B) and debrief (D) cards */
    knobs *kn;                  /* knob panel (K) */
    inject *inj;                /* the facilitator's menu (I) */
    play *play;                 /* decision mode, or NULL */
    controls *ctl;              /* run / pause, step, restart, speed buttons */
    strip *strip;               /* what really happened (T), or NULL: no record named */
    SDL_Rect strip_rect;        /* under the map; empty when hidden */
    int compact;                /* a split-screen pane: no side panel */
    SDL_Rect place_labels[VIEW_PLACE_LABELS];   /* the base map's labels (view_map_labels) */
    int n_place_labels;
    Uint32 fs_check;            /* SDL ticks at which to check a fullscreen change, or 0 */
};

/* view.c */
int view_rebuild_base(view *v);
int view_restart(view *v, unsigned long long seed, int keep_sets);
void view_status(view *v, const char *fmt, ...);
SDL_Rect view_captions_band(view *v);
/* Runs the model to day t (the recorded script's entries on the way), then the markers. */
int view_run_to(view *v, double t);
/* The window's size as the display has it, which SDL may not know (view.c). */
void view_real_size(view *v, int *w, int *h);
/* After a fullscreen change: lays out for the real size; when the display did not make the
 * window fill the screen (no window manager honours fullscreen), fills it as a borderless
 * window instead. Call about half a second after the change (v->fs_check). */
void view_check_fullscreen(view *v);
/* view_draw.c */
void view_draw_overlays(view *v);
void view_fill_hud(view *v, hud_data *d);
/* The frame drawn by r: the headless target itself once drawn, else read back into *keep
 * (created or remade at w x h, kept by the caller); NULL on failure (view.c). */
SDL_Surface *view_frame_read(SDL_Renderer *r, SDL_Surface *target, SDL_Surface **keep, int w,
                             int h);
/* view_input.c */
int view_threshold_step(view *v, double delta);

#endif
