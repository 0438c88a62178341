/* panel.h - what the classroom panels (captions, cards, knobs, play, inject) are given and
 * what they hand back.
 *
 * A panel owns its state (an opaque struct with _create and _destroy) and never sees the
 * view. Before each call the view fills a panel_ctx: where and with what to draw, the run
 * (the model, the session script it is changed through, the view's clock). After a call
 * that handles input the view acts on the panel_reply: it pauses or runs on, runs the model
 * to the present so that a change shows at once, toggles layers and shows the status line. */
#ifndef FRONTIER_PANEL_H
#define FRONTIER_PANEL_H
#include "draw/text.h"
#include "draw/theme.h"
#include "layers/layers.h"
#include "model/model.h"
#include "story/script.h"
#include <SDL.h>

typedef struct panel_ctx {
    SDL_Renderer *r;           /* the view's renderer; panels draw over the map */
    text *txt;
    const theme *th;
    float s;                   /* size scale: the drawing height / 720 */
    SDL_Rect map;              /* the map area: panels stay inside it */
    int top;                   /* the first free row of the map (below the status line) */
    const scenario *scn;
    model *m;                  /* the run; panels change it only through rec */
    script *rec;               /* the session script: knobs, injects, the class's choices */
    double t;                  /* the view's clock (the model stops at its last event) */
    unsigned long long seed;
    int n_seen;                /* model records the view has shown so far */
    int replay;                /* real incidents are being replayed (their attacks are many) */
    const layer_zone *zones;   /* the zones as drawn, in pixels */
    int nz;
} panel_ctx;

#define PANEL_KEEP (-1)
#define PANEL_STATUS_MAX 256

typedef struct panel_reply {
    int used;                  /* the event was the panel's: nobody else sees it */
    int pause;                 /* 1 pause the run, 0 run on, PANEL_KEEP leave it */
    int changed;               /* the model changed now: run to the present to show it */
    int layers;                /* LAYER_* bits to toggle */
    char status[PANEL_STATUS_MAX];   /* a message for the status line, or "" */
} panel_reply;

/* An empty reply: nothing used, nothing to do. */
void panel_reply_init(panel_reply *out);
/* Sets the reply's status line (printf format). */
void panel_say(panel_reply *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Helpers the panels share: a filled rectangle, and one with a border. */
void panel_fill(const panel_ctx *c, SDL_Rect q, SDL_Color col);
void panel_frame(const panel_ctx *c, SDL_Rect q, SDL_Color bg, SDL_Color edge);

#endif
