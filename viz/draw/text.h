/* text.h - fonts and cached text drawing for the view (SDL2_ttf with DejaVu Sans).
 *
 * Fonts come from FRONTIER_FONT_DIR when set, else the fonts-dejavu-core folder. Rendered
 * strings are cached as textures (keyed by font, colour and text) because the HUD redraws
 * the same strings every frame. */
#ifndef FRONTIER_TEXT_H
#define FRONTIER_TEXT_H
#include <SDL.h>

/* Font roles; sizes are in pixels and chosen to read on a projector at 1280x720. */
enum text_font { TEXT_SMALL, TEXT_BODY, TEXT_BOLD, TEXT_TITLE, TEXT_LABEL, TEXT_LABEL_BOLD,
                 TEXT_NFONTS };
enum text_align { TEXT_LEFT = 0, TEXT_CENTER = 1, TEXT_RIGHT = 2, TEXT_MIDDLE = 4 };

typedef struct text text;

/* Opens the fonts (initialising SDL_ttf) for drawing on r. scale multiplies every size.
 * Returns NULL with a message in err when a font cannot be opened. */
text *text_create(SDL_Renderer *r, double scale, char *err, size_t errlen);
void text_destroy(text *t); /* accepts NULL */

/* Draws s at (x, y) aligned by align (TEXT_* flags; y is the top unless TEXT_MIDDLE).
 * Returns the drawn width in pixels (0 for an empty string or on failure). */
int text_draw(text *t, int font, const char *s, int x, int y, SDL_Color c, int align);
/* Same with a dark halo so labels stay readable over any map colour. */
int text_draw_halo(text *t, int font, const char *s, int x, int y, SDL_Color c,
                   SDL_Color halo, int align);
/* Width and height s would take. */
void text_size(text *t, int font, const char *s, int *w, int *h);
int text_height(text *t, int font);
/* Renders s onto a surface (for the base map, which is drawn on a surface once). */
SDL_Surface *text_render_surface(text *t, int font, const char *s, SDL_Color c);
/* Draws wrapped text inside width w; returns the height used. */
int text_draw_wrapped(text *t, int font, const char *s, int x, int y, int w, SDL_Color c);
/* The height text_draw_wrapped would use. */
int text_wrapped_height(text *t, int font, const char *s, int w);

#endif
