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
/* The same with at most max_lines lines (0: no limit): text that remains is cut at a word
 * and the last line ends with an ellipsis. */
int text_draw_wrapped_max(text *t, int font, const char *s, int x, int y, int w, int max_lines,
                          SDL_Color c);
int text_wrapped_height_max(text *t, int font, const char *s, int w, int max_lines);

/* Text that must fit a width is cut at a word and ends with an ellipsis, never mid-word
 * (only a single word wider than w is cut inside it, also with an ellipsis).
 * text_fit writes into out (n bytes) the longest such head of s within w pixels (all of s
 * when it fits) and returns its width; text_draw_fit draws it like text_draw. */
int text_fit(text *t, int font, const char *s, int w, char *out, size_t n);
int text_draw_fit(text *t, int font, const char *s, int x, int y, int w, SDL_Color c,
                  int align);
/* The widest of the n strings ss in font. */
int text_width_max(text *t, int font, const char *const *ss, int n);

/* Layout tests: while a trace is on, every string drawn records its box and the region
 * (the panel) it belongs to, as declared by the last text_region. An opaque region hides
 * the boxes drawn before it that it covers (they are no longer seen). */
typedef struct text_box {
    SDL_Rect box;                /* where the string was drawn */
    int region;                  /* index of its region, or -1 when none was declared */
    int hidden;                  /* covered by a later opaque region */
    char s[80];                  /* the string's head, for messages */
} text_box;
typedef struct text_region_info {
    SDL_Rect rect;
    char name[32];
} text_region_info;

/* Starts (and clears) or stops a trace. Starting a trace takes memory; returns 0 or
 * SIM_ENOMEM. */
int text_trace(text *t, int on);
/* Declares the region the strings drawn next belong to (a panel: they must stay inside
 * it); opaque: it covers what was drawn before under it. No effect without a trace. */
void text_region(text *t, SDL_Rect r, int opaque, const char *name);
int text_trace_boxes(const text *t, const text_box **out);
int text_trace_regions(const text *t, const text_region_info **out);
/* How many strings text_fit had to cut inside a word (a single word wider than the room)
 * while the trace was on; *last gets the head of the last one. */
int text_trace_cuts(const text *t, const char **last);

#endif
