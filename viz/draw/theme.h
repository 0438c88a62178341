/* theme.h - colour and type themes of the view: the default one and `projector` (high
 * contrast, light text on very dark panels, thicker lines, type at least 1.3x larger). */
#ifndef FRONTIER_THEME_H
#define FRONTIER_THEME_H
#include <SDL.h>

enum theme_id { THEME_DEFAULT, THEME_PROJECTOR, THEME_N };

typedef struct theme {
    const char *name;
    double text_scale;      /* multiplies every font size */
    double line_scale;      /* multiplies line widths and marker sizes */
    SDL_Color map_tint;     /* colour modulation of the base map (255s: unchanged) */
    SDL_Color panel_bg;     /* caption, knob and explain panels */
    SDL_Color panel_fg;
    SDL_Color panel_dim;    /* older captions, units, hints */
    SDL_Color accent;       /* the selected knob, the newest caption's title */
    SDL_Color edge;         /* panel borders */
    double days_per_second; /* the view's speed in a window when --speed is not given */
} theme;

/* The theme with this id (THEME_DEFAULT for an unknown id). Never NULL. */
const theme *theme_get(int id);
/* The id of the theme named name ("default", "projector"), or -1. */
int theme_find(const char *name);

#endif
