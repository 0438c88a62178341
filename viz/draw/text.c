/* text.c - fonts and cached text drawing (SDL2_ttf). */
#include "draw/text.h"
#include "base/alloc.h"
#include "base/err.h"
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

/* Measured sizes: the panels wrap and fit their text every frame, measuring each string and
 * its prefixes with SDL_ttf (HarfBuzz shaping); one slot per hash, the newest string wins. */
#define TEXT_SIZES 1024
#define TEXT_SIZE_KEY 128       /* longer strings are measured every time */
typedef struct text_size_entry {
    char s[TEXT_SIZE_KEY];
    int font;                   /* font + 1: an empty slot (0) matches nothing */
    int w, h;
} text_size_entry;

struct text {
    SDL_Renderer *r;
    TTF_Font *font[TEXT_NFONTS];
    int line[TEXT_NFONTS];      /* a line's step (text_height) */
    text_entry cache[TEXT_CACHE];
    text_size_entry sizes[TEXT_SIZES];
    unsigned long tick;
    /* the layout trace (text_trace) */
    int tracing, quiet;
    text_box *box;
    int n_box, cap_box;
    text_region_info *reg;
    int n_reg, cap_reg, cur_reg;
    int n_cut;                  /* strings cut inside a word (text_trace_cuts) */
    char cut[80];
};

#define ELLIPSIS "\u2026"

static const struct { const char *file; int size; } font_spec[TEXT_NFONTS] = {
    [TEXT_SMALL] = {"DejaVuSans.ttf", 15},
    [TEXT_BODY] = {"DejaVuSans.ttf", 18},
    [TEXT_BOLD] = {"DejaVuSans-Bold.ttf", 18},
    [TEXT_TITLE] = {"DejaVuSans-Bold.ttf", 26},
    [TEXT_LABEL] = {"DejaVuSans.ttf", 16},
    [TEXT_LABEL_BOLD] = {"DejaVuSans-Bold.ttf", 17},
};

/* A line's step: SDL_ttf's line skip is a pixel less than a rendered line at some sizes
 * (lines so spaced overlap), so the tallest of it, the font's height and a probe's. */
static int line_step(TTF_Font *f)
{
    int skip = TTF_FontLineSkip(f), h = TTF_FontHeight(f), pw = 0, ph = 0;
    TTF_SizeUTF8(f, "\u00c1gjpqy|()[]23", &pw, &ph);
    return skip > h ? (skip > ph ? skip : ph) : (h > ph ? h : ph);
}

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
        t->line[i] = line_step(t->font[i]);
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
    sim_free(t->box);
    sim_free(t->reg);
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

static void trace_box(text *t, SDL_Rect q, const char *s)
{
    if (!t->tracing || t->quiet) return;
    if (sim_grow(&t->box, &t->cap_box, t->n_box, sizeof *t->box, 64)) return;
    text_box *b = &t->box[t->n_box++];
    *b = (text_box){q, t->cur_reg, 0, ""};
    snprintf(b->s, sizeof b->s, "%s", s);
}

int text_draw(text *t, int font, const char *s, int x, int y, SDL_Color c, int align)
{
    if (!s || !*s) return 0;
    text_entry *e = lookup(t, font, s, c);
    if (!e) return 0;
    place(&x, &y, e->w, e->h, align);
    SDL_Rect dst = {x, y, e->w, e->h};
    SDL_RenderCopy(t->r, e->tex, NULL, &dst);
    trace_box(t, dst, s);
    return e->w;
}

int text_draw_halo(text *t, int font, const char *s, int x, int y, SDL_Color c,
                   SDL_Color halo, int align)
{
    static const int off[8][2] = {{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1},
                                  {1, 1}};
    t->quiet = 1;   /* the halo is part of the string's box */
    for (int i = 0; i < 8; i++) text_draw(t, font, s, x + off[i][0], y + off[i][1], halo, align);
    t->quiet = 0;
    return text_draw(t, font, s, x, y, c, align);
}

int text_trace(text *t, int on)
{
    t->tracing = on != 0;
    t->n_box = t->n_reg = t->n_cut = 0;
    t->cur_reg = -1;
    t->cut[0] = '\0';
    if (on && (sim_grow(&t->box, &t->cap_box, 0, sizeof *t->box, 64) ||
               sim_grow(&t->reg, &t->cap_reg, 0, sizeof *t->reg, 16))) {
        t->tracing = 0;
        return SIM_ENOMEM;
    }
    return 0;
}

void text_region(text *t, SDL_Rect r, int opaque, const char *name)
{
    if (!t->tracing || sim_grow(&t->reg, &t->cap_reg, t->n_reg, sizeof *t->reg, 16)) return;
    for (int i = 0; opaque && i < t->n_box; i++)
        if (SDL_HasIntersection(&t->box[i].box, &r)) t->box[i].hidden = 1;
    t->reg[t->n_reg] = (text_region_info){r, ""};
    snprintf(t->reg[t->n_reg].name, sizeof t->reg[t->n_reg].name, "%s", name ? name : "");
    t->cur_reg = t->n_reg++;
}

int text_trace_boxes(const text *t, const text_box **out)
{
    *out = t->box;
    return t->n_box;
}

int text_trace_cuts(const text *t, const char **last)
{
    if (last) *last = t->cut;
    return t->n_cut;
}

int text_trace_regions(const text *t, const text_region_info **out)
{
    *out = t->reg;
    return t->n_reg;
}

/* TTF_SizeUTF8 of s, remembered: the fonts do not change in a text's life. */
static void measure(text *t, int font, const char *s, int *w, int *h)
{
    size_t n = strlen(s);
    text_size_entry *e = n < TEXT_SIZE_KEY ? &t->sizes[hash_str(s, font, 0) % TEXT_SIZES] : NULL;
    if (e && e->font == font + 1 && !strcmp(e->s, s)) {
        *w = e->w;
        *h = e->h;
        return;
    }
    TTF_SizeUTF8(t->font[font], s, w, h);
    if (!e) return;
    *e = (text_size_entry){.font = font + 1, .w = *w, .h = *h};
    memcpy(e->s, s, n + 1);
}

void text_size(text *t, int font, const char *s, int *w, int *h)
{
    int tw = 0, th = 0;
    if (s && *s) measure(t, font, s, &tw, &th);
    else th = TTF_FontHeight(t->font[font]);
    if (w) *w = tw;
    if (h) *h = th;
}

int text_height(text *t, int font) { return t->line[font]; }

static int width_of(text *t, int font, const char *s, size_t len)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), s);
    int w = 0;
    text_size(t, font, buf, &w, NULL);
    return w;
}

/* Back from byte i of s to the start of a UTF-8 character. */
static size_t char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    return i;
}

int text_fit(text *t, int font, const char *s, int w, char *out, size_t n)
{
    size_t len = s ? strlen(s) : 0;
    int full = width_of(t, font, s ? s : "", len), ew = width_of(t, font, ELLIPSIS, 3);
    if (n == 0) return 0;
    if (full <= w) return snprintf(out, n, "%s", s ? s : ""), full;
    out[0] = '\0';
    if (ew > w) return 0;
    size_t best = 0;   /* the longest head ending before a space that fits with the ellipsis */
    for (size_t i = 1; i < len; i++)
        if (s[i] == ' ' && s[i - 1] != ' ' && width_of(t, font, s, i) + ew <= w) best = i;
        else if (s[i] == ' ' && width_of(t, font, s, i) + ew > w) break;
    if (best == 0) {   /* one word wider than w: cut inside it */
        size_t i = char_start(s, len);
        if (t->tracing && !t->quiet) t->n_cut++, snprintf(t->cut, sizeof t->cut, "%s", s);
        while (i > 0 && width_of(t, font, s, i) + ew > w) i = char_start(s, i - 1);
        best = i;
    }
    while (best > 0 && (s[best - 1] == ' ' || s[best - 1] == ',' || s[best - 1] == ';' ||
                        s[best - 1] == ':'))
        best--;   /* "word," + ellipsis reads badly */
    snprintf(out, n, "%.*s" ELLIPSIS, (int)best, s);
    return width_of(t, font, out, strlen(out));
}

int text_draw_fit(text *t, int font, const char *s, int x, int y, int w, SDL_Color c,
                  int align)
{
    char buf[1024];
    text_fit(t, font, s, w, buf, sizeof buf);
    return text_draw(t, font, buf, x, y, c, align);
}

int text_width_max(text *t, int font, const char *const *ss, int n)
{
    int best = 0;
    for (int i = 0; i < n; i++) {
        int w = 0;
        text_size(t, font, ss[i], &w, NULL);
        if (w > best) best = w;
    }
    return best;
}

/* Bytes of s (from a word's start) that fill one line of width w with whole words: at least
 * one word; stops at a newline. */
static size_t line_len(text *t, int font, const char *s, int w)
{
    size_t end = strcspn(s, " \n"), best = end;
    while (s[end] == ' ') {
        size_t next = end;
        while (s[next] == ' ') next++;
        if (!s[next] || s[next] == '\n') break;
        next += strcspn(s + next, " \n");
        if (width_of(t, font, s, next) > w) break;
        best = end = next;
    }
    return best;
}

/* Wraps s at spaces (and newlines) to width w in at most max lines (0: any), drawing the
 * lines when draw is set; returns the height. */
static int wrap(text *t, int font, const char *s, int x, int y, int w, int max, SDL_Color c,
                int draw)
{
    int lh = text_height(t, font), lines = 0;
    char line[1024];
    while (s && *s) {
        while (*s == ' ') s++;
        if (*s == '\n') {
            s++;
            lines++;
            continue;
        }
        if (!*s) break;
        size_t n = max > 0 && lines == max - 1 ? strlen(s) : line_len(t, font, s, w);
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), s);
        if (draw) text_draw_fit(t, font, line, x, y + lines * lh, w, c, TEXT_LEFT);
        lines++;
        s += n;
        if (*s == '\n') s++;
    }
    return lines * lh;
}

int text_draw_wrapped(text *t, int font, const char *s, int x, int y, int w, SDL_Color c)
{
    return wrap(t, font, s, x, y, w, 0, c, 1);
}

int text_wrapped_height(text *t, int font, const char *s, int w)
{
    return wrap(t, font, s, 0, 0, w, 0, (SDL_Color){0, 0, 0, 0}, 0);
}

int text_draw_wrapped_max(text *t, int font, const char *s, int x, int y, int w, int max_lines,
                          SDL_Color c)
{
    return wrap(t, font, s, x, y, w, max_lines, c, 1);
}

int text_wrapped_height_max(text *t, int font, const char *s, int w, int max_lines)
{
    return wrap(t, font, s, 0, 0, w, max_lines, (SDL_Color){0, 0, 0, 0}, 0);
}
