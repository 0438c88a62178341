/* layers.h - the live layers of the view: zones (sanctuaries sized by capacity, targets,
 * crossings, airbases) and event markers (attack pulses, strike arcs, clash flashes, drone
 * tracks) that fade over simulated days. Markers are drawn with pre-rendered sprites so
 * thousands of them stay cheap on the software renderer. */
#ifndef FRONTIER_LAYERS_H
#define FRONTIER_LAYERS_H
#include "draw/text.h"
#include <SDL.h>

/* Layer bits, toggled by the keys 1-9 (bit k-1 for key k). */
enum {
    LAYER_SANCTUARIES = 1 << 0, LAYER_ATTACKS = 1 << 1, LAYER_STRIKES = 1 << 2,
    LAYER_CLASHES = 1 << 3, LAYER_DRONES = 1 << 4, LAYER_ZONE_LABELS = 1 << 5,
    LAYER_PLACES = 1 << 6, LAYER_CAPTIONS = 1 << 7, LAYER_CHARTS = 1 << 8,
    LAYER_ALL = (1 << 9) - 1,
    LAYER_LABELS_ONLY = 1 << 12   /* layers_draw_zones: labels without the shapes */
};
/* Short names of the nine layers, for the help overlay and the legend. */
const char *layers_name(int k);

/* Simulated days a marker of each kind stays visible. */
#define LAYER_FADE_ATTACK 14.0
#define LAYER_FADE_STRIKE 21.0
#define LAYER_FADE_CLASH 10.0
#define LAYER_FADE_DRONE 7.0
/* Attack markers drawn per zone at most (fewer strikes, clashes, drones; see layers.c):
 * beyond that they only repaint the same spot. */
#define LAYER_MAX_PER_ZONE 16

/* Marker and zone colours (shared with the legend and the tests). */
#define LAYER_ATTACK_COLOR ((SDL_Color){214, 24, 24, 255})
#define LAYER_STRIKE_COLOR ((SDL_Color){24, 48, 170, 255})
#define LAYER_CLASH_COLOR ((SDL_Color){255, 160, 0, 255})
#define LAYER_DRONE_COLOR ((SDL_Color){130, 40, 170, 255})
#define LAYER_SANCTUARY_COLOR ((SDL_Color){150, 70, 10, 255})

/* One zone as drawn: its pixel position and present state. */
typedef struct layer_zone {
    float x, y;
    int kind, side;            /* enum scn_zone_kind, enum scn_side */
    double capacity, k0;       /* sanctuaries: K now and K0 */
    int closed;                /* crossings */
    const char *name;
    SDL_Rect label;            /* where its label goes (layers_place_labels) */
} layer_zone;

/* One event marker (a copy of the fields of a model_record the layers need). */
typedef struct layer_marker {
    double t;
    int kind;                  /* enum model_record_kind */
    int zone, from_zone;
    double casualties;
    int record;                /* index of the model record (for picking) */
} layer_marker;

typedef struct layers layers;

/* Sprites for renderer r. NULL on failure (SDL's message in SDL_GetError). */
layers *layers_create(SDL_Renderer *r);
void layers_destroy(layers *l); /* accepts NULL */

/* Adds a marker if its kind is drawn (attack, strike, clash, drone); others are ignored.
 * Returns 0 or SIM_ENOMEM. */
int layers_add(layers *l, const layer_marker *mk);
/* Drops markers older than their fade at time t, and all markers after t (a step back). */
void layers_expire(layers *l, double t);
void layers_clear(layers *l);
int layers_count(const layers *l);

/* Pixel radius of a sanctuary with capacity K of K0 (area proportional to K), scaled by s. */
float layers_sanctuary_radius(double capacity, double k0, float s);
/* Pixel radius of an attack marker with c casualties, scaled by s. */
float layers_attack_radius(double c, float s);

/* Where zone labels may go: inside bounds (the map area: never cut at its edge), keeping
 * clear of soft where they can (the captions' band at the bottom of the map). */
typedef struct layer_label_area {
    SDL_Rect bounds, soft;
} layer_label_area;

/* Chooses label rectangles for the zones (z[i].label) in order of importance (capitals and
 * crossings, sanctuaries, targets, airbases): for each, the first of the four sides of the
 * point (its own side first, host-side names to the west), then the sides shifted by part
 * of a line, that stays inside the bounds, covers no label placed before it and no other
 * zone's symbol, with the least of soft covered. A label that fits nowhere is dropped
 * (label.w == 0; hovering the zone still names it). Returns 0 or SIM_ENOMEM. */
int layers_place_labels(layer_zone *z, int nz, text *t, float s, const layer_label_area *area);

/* Draws zones (flags: LAYER_* bits) and their labels (t may be NULL); s scales sizes. */
void layers_draw_zones(layers *l, const layer_zone *z, int nz, text *t, int flags, float s);
/* Draws markers alive at t_now. */
void layers_draw_markers(layers *l, const layer_zone *z, int nz, double t_now, int flags,
                         float s);
/* Markers actually drawn by the last layers_draw_markers (after the per-zone caps). */
int layers_drawn(const layers *l);
/* The record index of the newest visible marker within radius px of (x, y), or -1. */
int layers_pick(const layers *l, const layer_zone *z, int nz, double t_now, int flags, float x,
                float y, float radius);
/* The zone within radius px of (x, y), or -1. */
int layers_pick_zone(const layer_zone *z, int nz, float x, float y, float radius);

/* Legend symbols. */
enum { LAYER_SYM_SANCTUARY, LAYER_SYM_ATTACK, LAYER_SYM_STRIKE, LAYER_SYM_CLASH, LAYER_SYM_DRONE,
       LAYER_SYM_CROSSING, LAYER_SYM_CROSSING_CLOSED, LAYER_SYM_TARGET, LAYER_SYM_AIRBASE,
       LAYER_NSYMS };
/* Draws legend symbol which centred at (x, y). */
void layers_draw_symbol(layers *l, int which, float x, float y, float s);

#endif
