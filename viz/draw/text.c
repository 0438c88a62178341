/* text.c - fonts and cached text drawing (SDL2_ttf). */
#include "draw/text.h"
#include "base/alloc.h"
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_CACHE 384

typedef struct text_entry {
    char *s;
    unsigned long hash;
    int font;
    Uint32 rgba;
    SDL_Texture *tex;
    int w, h;
    unsigned long used;
} text_entry;

struct text {
    SDL_Renderer *r;
    TTF_Font *font[TEXT_NFONTS];
    text_entry cache[TEXT_CACHE];
    unsigned long tick;
};

static const struct { const char *file; int size; } font_spec[TEXT_NFONTS] = {
    [TEXT_SMALL] = {"DejaVuSans.ttf", 15},
    [TEXT_BODY] = {"DejaVuSans.ttf", 18},
    [TEXT_BOLD] = {"DejaVuSans-Bold.ttf", 18},
    [TEXT_TITLE] = {"DejaVuSans-Bold.ttf", 26},
    [TEXT_LABEL] = {"DejaVuSans.ttf", 16},
    [TEXT_LABEL_BOLD] = {"DejaVuSans-Bold.ttf", 17},
};

text *text_create(SDL_Renderer *r, double scale, char *err, size_t errlen)
{
    const char *dir = getenv("FRONTIER_FONT_DIR");
    if (!dir || !*dir) dir = "/usr/share/fonts/truetype/dejavu";
    if (TTF_Init() != 0) {
        snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    text *t = sim_calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        TTF_Quit();
        return NULL;
    }
    t->r = r;
    for (int i = 0; i < TEXT_NFONTS; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, font_spec[i].file);
        int px = (int)(font_spec[i].size * (scale > 0 ? scale : 1.0) + 0.5);
        t->font[i] = TTF_OpenFont(path, px);
        if (!t->font[i]) {
            snprintf(err, errlen, "cannot open font %s: %s (install fonts-dejavu-core or set "
                     "FRONTIER_FONT_DIR)", path, TTF_GetError());
            text_destroy(t);
            return NULL;
        }
    }
    return t;
}

void text_destroy(text *t)
{
    if (!t) return;
    for (int i = 0; i < TEXT_CACHE; i++) {
        if (t->cache[i].tex) SDL_DestroyTexture(t->cache[i].tex);
        sim_free(t->cache[i].s);
    }
    for (int i = 0; i < TEXT_NFONTS; i++)
        if (t->font[i]) TTF_CloseFont(t->font[i]);
    sim_free(t);
    TTF_Quit();
}

static unsigned long hash_str(const char *s, int font, Uint32 rgba)
{
    unsigned long h = 1469598103934665603UL ^ (unsigned long)font ^ ((unsigned long)rgba << 8);
    while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211UL;
    return h;
}

SDL_Surface *text_render_surface(text *t, int font, const char *s, SDL_Color c)
{
    if (!s || !*s) return NULL;
    return TTF_RenderUTF8_Blended(t->font[font], s, c);
}

/* The cached texture of s, rendering it (and evicting the least recently used) on a miss. */
static text_entry *lookup(text *t, int font, const char *s, SDL_Color c)
{
    Uint32 rgba = (Uint32)c.r << 24 | (Uint32)c.g << 16 | (Uint32)c.b << 8 | c.a;
    unsigned long h = hash_str(s, font, rgba);
    text_entry *victim = &t->cache[0];
    t->tick++;
    for (int i = 0; i < TEXT_CACHE; i++) {
        text_entry *e = &t->cache[i];
        if (e->s && e->hash == h && e->font == font && e->rgba == rgba && !strcmp(e->s, s)) {
            e->used = t->tick;
            return e;
        }
        if (!e->s || (victim->s && e->used < victim->used)) victim = e;
    }
    SDL_Surface *surf = text_render_surface(t, font, s, c);
    char *copy = sim_strdup(s);
    SDL_Texture *tex = surf ? SDL_CreateTextureFromSurface(t->r, surf) : NULL;
    if (!tex || !copy) {
        if (surf) SDL_FreeSurface(surf);
        if (tex) SDL_DestroyTexture(tex);
        sim_free(copy);
        return NULL;
    }
    if (victim->tex) SDL_DestroyTexture(victim->tex);
    sim_free(victim->s);
    *victim = (text_entry){copy, h, font, rgba, tex, surf->w, surf->h, t->tick};
    SDL_FreeSurface(surf);
    return victim;
}

static void place(int *x, int *y, int w, int h, int align)
{
    if (align & TEXT_CENTER) *x -= w / 2;
    else if (align & TEXT_RIGHT) *x -= w;
    if (align & TEXT_MIDDLE) *y -= h / 2;
}

int text_draw(text *t, int font, const char *s, int x, int y, SDL_Color c, int align)
{
    if (!s || !*s) return 0;
    text_entry *e = lookup(t, font, s, c);
    if (!e) return 0;
    place(&x, &y, e->w, e->h, align);
    SDL_Rect dst = {x, y, e->w, e->h};
    SDL_RenderCopy(t->r, e->tex, NULL, &dst);
    return e->w;
}

int text_draw_halo(text *t, int font, const char *s, int x, int y, SDL_Color c,
                   SDL_Color halo, int align)
{
    static const int off[8][2] = {{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1},
                                  {1, 1}};
    for (int i = 0; i < 8; i++) text_draw(t, font, s, x + off[i][0], y + off[i][1], halo, align);
    return text_draw(t, font, s, x, y, c, align);
}

void text_size(text *t, int font, const char *s, int *w, int *h)
{
    int tw = 0, th = 0;
    if (s && *s) TTF_SizeUTF8(t->font[font], s, &tw, &th);
    else th = TTF_FontHeight(t->font[font]);
    if (w) *w = tw;
    if (h) *h = th;
}

int text_height(text *t, int font) { return TTF_FontLineSkip(t->font[font]); }

/* Wraps s at spaces to width w, drawing the lines when draw is set; returns the height. */
static int wrap(text *t, int font, const char *s, int x, int y, int w, SDL_Color c, int draw)
{
    char line[512];
    int used = 0, lh = text_height(t, font);
    size_t n = 0;
    line[0] = 0;
    while (s && *s) {
        size_t wl = strcspn(s, " ");
        char trial[512];
        snprintf(trial, sizeof trial, "%s%s%.*s", line, n ? " " : "", (int)wl, s);
        int tw;
        text_size(t, font, trial, &tw, NULL);
        if (tw > w && n) {
            if (draw) text_draw(t, font, line, x, y + used, c, TEXT_LEFT);
            used += lh;
            snprintf(line, sizeof line, "%.*s", (int)wl, s);
        } else {
            memcpy(line, trial, sizeof line);
        }
        n = strlen(line);
        s += wl;
        while (*s == ' ') s++;
    }
    if (n && draw) text_draw(t, font, line, x, y + used, c, TEXT_LEFT);
    return n ? used + lh : used;
}

int text_draw_wrapped(text *t, int font, const char *s, int x, int y, int w, SDL_Color c)
{
    return wrap(t, font, s, x, y, w, c, 1);
}

int text_wrapped_height(text *t, int font, const char *s, int w)
{
    return wrap(t, font, s, 0, 0, w, (SDL_Color){0, 0, 0, 0}, 0);
}
