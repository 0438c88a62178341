/* basemap.h - the static part of the view, drawn once onto a surface: sea, country fills,
 * country outlines, the state-host border in bold, country names and place labels.
 * The view turns the surface into a texture and redraws it only on resize or layer toggles. */
#ifndef FRONTIER_BASEMAP_H
#define FRONTIER_BASEMAP_H
#include "draw/text.h"
#include "map/map.h"
#include "map/proj.h"
#include <SDL.h>

/* Colours shared with the tests and the legend. */
#define BASEMAP_SEA        ((SDL_Color){178, 203, 222, 255})
#define BASEMAP_BORDER     ((SDL_Color){176, 20, 40, 255})
#define BASEMAP_OUTLINE    ((SDL_Color){120, 120, 112, 255})
#define BASEMAP_LABEL      ((SDL_Color){20, 20, 24, 255})
#define BASEMAP_HALO       ((SDL_Color){250, 250, 245, 255})

typedef struct basemap_opts {
    int labels;              /* draw place labels */
    int border_width;        /* pixels, the state-host border */
    const double *skip_lonlat; /* n_skip (lon, lat) pairs: no place label near these */
    int n_skip;              /* (the scenario's zones carry their own labels) */
    const SDL_Rect *avoid;   /* n_avoid pixel rectangles place labels keep clear of */
    int n_avoid;
    SDL_Rect clip;           /* labels stay wholly inside (the map area); empty: the surface */
    SDL_Rect *placed;        /* when set, receives the rectangles of the labels drawn (at */
    int placed_cap;          /* most placed_cap) and n_placed their number (tests) */
    int n_placed;
} basemap_opts;

/* Fill colour of country i of the map: the colour the map gives the state or the host, a
 * muted one (distinct from its neighbours') for any other country. */
SDL_Color basemap_country_color(const map *m, int i);

/* Draws the map onto dst (which it clears to the sea colour). t may be NULL (no text).
 * Labels: country names at their centroid (or a line above or below it), then capitals,
 * cities and towns, each to the right, left, above or below its dot; a label goes only
 * where it is wholly inside the clip and covers no other label, dot or avoided rectangle,
 * else it is left out with its dot. Returns 0 or SIM_ENOMEM. */
int basemap_draw(SDL_Surface *dst, const map *m, const proj *p, text *t, basemap_opts *o);

/* Thick line and filled disc on a surface (also used by tests). */
void basemap_line(SDL_Surface *s, double x0, double y0, double x1, double y1, double width,
                  SDL_Color c);
void basemap_disc(SDL_Surface *s, double x, double y, double radius, SDL_Color c);

#endif
