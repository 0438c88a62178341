/* layers.c - live layers: zones and fading event markers drawn with sprites. */
#include "layers/layers.h"
#include "base/alloc.h"
#include "base/err.h"
#include "model/model.h"
#include <math.h>
#include <string.h>

#define SPRITE 64
#define SPRITE_RADII 80   /* pre-sized sprites for radii 1..79 px: unscaled blits are fast */

struct layers {
    SDL_Renderer *r;
    SDL_Texture *disc, *ring;
    SDL_Texture *disc_at[SPRITE_RADII], *ring_at[SPRITE_RADII];
    SDL_Texture **stamps;  /* [colour][shape][alpha level][radius], made on first use */
    layer_marker *mk;      /* sorted by t (records arrive in time order) */
    int n, cap;
    int *shown;            /* scratch: markers drawn this frame (capacity cap) */
    int *per_zone;         /* scratch: drawn markers per zone and kind */
    int drawn;             /* markers drawn by the last frame */
    int cap_zone;
};

static const char *const names[9] = {"sanctuaries", "attacks", "strikes", "clashes & crossings",
                                     "drones", "zone labels", "place labels", "captions",
                                     "charts"};

const char *layers_name(int k) { return k >= 0 && k < 9 ? names[k] : ""; }

/* Stamps are sprites with their colour and alpha baked in, so the software renderer blits
 * them without colour or alpha modulation (its fast path); alpha is quantised. */
#define STAMP_COLORS 8
#define STAMP_LEVELS 16
static const SDL_Color stamp_palette[STAMP_COLORS] = {
    /* the LAYER_*_COLOR values of layers.h, then ink, white, black */
    {214, 24, 24, 255}, {24, 48, 170, 255}, {255, 160, 0, 255}, {130, 40, 170, 255},
    {150, 70, 10, 255}, {20, 20, 24, 255}, {255, 255, 255, 255}, {0, 0, 0, 255}};

static SDL_Texture *make_sprite_rgba(SDL_Renderer *r, int size, double ring, SDL_Color c,
                                     double alpha);

/* A white size x size sprite whose alpha is a disc (ring = 0) or a ring ring px wide,
 * antialiased. */
static SDL_Texture *make_sprite(SDL_Renderer *r, int size, double ring)
{
    return make_sprite_rgba(r, size, ring, (SDL_Color){255, 255, 255, 255}, 1.0);
}

static SDL_Texture *make_sprite_rgba(SDL_Renderer *r, int size, double ring, SDL_Color col,
                                     double alpha)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    double c = 0.5 * size, rad = c - 0.5;
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) {
            double d = hypot(x + 0.5 - c, y + 0.5 - c);
            double a = fmin(1, fmax(0, rad - d + 0.5));
            if (ring > 0) a = fmin(a, fmin(1, fmax(0, d - (rad - ring) + 0.5)));
            ((Uint32 *)s->pixels)[y * (s->pitch / 4) + x] =
                (Uint32)lround(a * alpha * 255) << 24 | (Uint32)col.r << 16 |
                (Uint32)col.g << 8 | col.b;
        }
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, s);
    SDL_FreeSurface(s);
    if (t) SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

layers *layers_create(SDL_Renderer *r)
{
    layers *l = sim_calloc(1, sizeof *l);
    if (!l) return NULL;
    l->r = r;
    l->stamps = sim_calloc((size_t)STAMP_COLORS * 2 * STAMP_LEVELS * SPRITE_RADII,
                           sizeof *l->stamps);
    if (!l->stamps) return sim_free(l), (layers *)NULL;
    l->disc = make_sprite(r, SPRITE, 0);
    l->ring = make_sprite(r, SPRITE, 3.5);
    if (!l->disc || !l->ring) {
        layers_destroy(l);
        return NULL;
    }
    return l;
}

void layers_destroy(layers *l)
{
    if (!l) return;
    if (l->disc) SDL_DestroyTexture(l->disc);
    if (l->ring) SDL_DestroyTexture(l->ring);
    for (int i = 0; l->stamps && i < STAMP_COLORS * 2 * STAMP_LEVELS * SPRITE_RADII; i++)
        if (l->stamps[i]) SDL_DestroyTexture(l->stamps[i]);
    sim_free(l->stamps);
    for (int i = 0; i < SPRITE_RADII; i++) {
        if (l->disc_at[i]) SDL_DestroyTexture(l->disc_at[i]);
        if (l->ring_at[i]) SDL_DestroyTexture(l->ring_at[i]);
    }
    sim_free(l->mk);
    sim_free(l->shown);
    sim_free(l->per_zone);
    sim_free(l);
}

static double fade_of(int kind)
{
    switch (kind) {
    case MODEL_REC_ATTACK: return LAYER_FADE_ATTACK;
    case MODEL_REC_STRIKE: return LAYER_FADE_STRIKE;
    case MODEL_REC_CLASH: return LAYER_FADE_CLASH;
    case MODEL_REC_DRONE: return LAYER_FADE_DRONE;
    default: return 0;
    }
}

int layers_add(layers *l, const layer_marker *mk)
{
    if (fade_of(mk->kind) <= 0 || mk->zone < 0) return 0;
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 256;
        layer_marker *q = sim_realloc(l->mk, (size_t)cap * sizeof *q);
        if (!q) return SIM_ENOMEM;
        l->mk = q;
        int *sh = sim_realloc(l->shown, (size_t)cap * sizeof *sh);
        if (!sh) return SIM_ENOMEM;
        l->shown = sh;
        l->cap = cap;
    }
    l->mk[l->n++] = *mk;
    return 0;
}

void layers_expire(layers *l, double t)
{
    int k = 0;
    for (int i = 0; i < l->n; i++)
        if (l->mk[i].t <= t && t - l->mk[i].t <= fade_of(l->mk[i].kind)) l->mk[k++] = l->mk[i];
    l->n = k;
}

void layers_clear(layers *l) { l->n = 0; }
int layers_count(const layers *l) { return l->n; }

float layers_sanctuary_radius(double capacity, double k0, float s)
{
    double f = k0 > 0 ? fmax(0, capacity) / k0 : 0;
    return s * (float)(5 + 17 * sqrt(f));
}

float layers_attack_radius(double c, float s)
{
    return s * (float)(5 + 2.2 * sqrt(fmax(0, c)));
}

/* The sprite of radius rad (rounded): a cached pre-sized one when it can be made, else
 * the large one scaled. */
static SDL_Texture *sized(layers *l, SDL_Texture *tx, int rad)
{
    int ring = tx == l->ring;
    if (rad < 1 || rad >= SPRITE_RADII) return tx;
    SDL_Texture **slot = ring ? &l->ring_at[rad] : &l->disc_at[rad];
    if (!*slot) *slot = make_sprite(l->r, 2 * rad, ring ? fmax(2.0, 0.14 * rad) : 0);
    return *slot ? *slot : tx;
}

/* The baked stamp for this colour, shape, alpha and radius, or NULL when the colour is not
 * in the palette or the radius is too large. */
static SDL_Texture *stamp(layers *l, int ring, SDL_Color c, double a, int rad)
{
    int ci = 0;
    while (ci < STAMP_COLORS && (stamp_palette[ci].r != c.r || stamp_palette[ci].g != c.g ||
                                 stamp_palette[ci].b != c.b))
        ci++;
    if (ci == STAMP_COLORS || rad < 1 || rad >= SPRITE_RADII) return NULL;
    int lv = (int)lround(fmin(1, fmax(0, a)) * (STAMP_LEVELS - 1));
    SDL_Texture **slot = &l->stamps[((ci * 2 + ring) * STAMP_LEVELS + lv) * SPRITE_RADII + rad];
    if (!*slot) {
        *slot = make_sprite_rgba(l->r, 2 * rad, ring ? fmax(2.0, 0.14 * rad) : 0, c,
                                 (double)lv / (STAMP_LEVELS - 1));
        if (*slot) SDL_SetTextureBlendMode(*slot, SDL_BLENDMODE_BLEND);
    }
    return *slot;
}

static void sprite(layers *l, SDL_Texture *tx, float x, float y, float rad, SDL_Color c, double a)
{
    int ir = (int)lroundf(rad);
    if (ir < 1) ir = 1;
    if (a <= 0.5 / (STAMP_LEVELS - 1)) return;   /* faded out */
    SDL_Texture *st = stamp(l, tx == l->ring, c, a, ir);
    if (st) {
        SDL_RenderCopy(l->r, st, NULL, &(SDL_Rect){(int)lroundf(x) - ir, (int)lroundf(y) - ir,
                                                  2 * ir, 2 * ir});
        return;
    }
    tx = sized(l, tx, ir);
    SDL_SetTextureColorMod(tx, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(tx, (Uint8)lround(fmin(1, fmax(0, a)) * 255));
    SDL_Rect dst = {(int)lroundf(x) - ir, (int)lroundf(y) - ir, 2 * ir, 2 * ir};
    SDL_RenderCopy(l->r, tx, NULL, &dst);
}

/* A line width px wide (parallel strokes; the software renderer has no wide lines). */
static void thick_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w)
{
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0) return;
    float nx = -dy / len, ny = dx / len;
    for (float o = -0.5f * (w - 1); o <= 0.5f * (w - 1) + 1e-3f; o += 1.0f)
        SDL_RenderDrawLineF(r, x0 + o * nx, y0 + o * ny, x1 + o * nx, y1 + o * ny);
}

/* Small offsets so that markers at one zone do not hide each other. */
static void jitter(const layer_marker *m, float s, float *dx, float *dy)
{
    /* markers from outside the log (record -1) vary by time instead */
    unsigned record = m->record >= 0 ? (unsigned)m->record : (unsigned)(m->t * 997.0);
    float rad = s * (float)(record % 5) * 3.0f, ang = (float)(record % 4096) * 2.39996f;
    *dx = rad * cosf(ang);
    *dy = rad * sinf(ang);
}

/* A convex polygon filled as a triangle fan. */
static void fill_convex(SDL_Renderer *r, const float *xy, int n, SDL_Color c)
{
    SDL_Vertex v[8];
    int idx[18], k = 0;
    for (int i = 0; i < n && i < 8; i++) v[i] = (SDL_Vertex){{xy[2 * i], xy[2 * i + 1]}, c, {0, 0}};
    for (int i = 1; i + 1 < n && i < 7; i++) {
        idx[k++] = 0;
        idx[k++] = i;
        idx[k++] = i + 1;
    }
    SDL_RenderGeometry(r, NULL, v, n, idx, k);
}

static void outline(SDL_Renderer *r, const float *xy, int n, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    for (int i = 0; i < n; i++) {
        int j = (i + 1) % n;
        thick_line(r, xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1], 2);
    }
}

static void draw_crossing(layers *l, const layer_zone *z, float s)
{
    float h = 9 * s, d[8] = {z->x, z->y - h, z->x + h, z->y, z->x, z->y + h, z->x - h, z->y};
    SDL_Color open = {255, 255, 255, 255}, shut = {220, 20, 20, 255}, ink = {20, 20, 24, 255};
    fill_convex(l->r, d, 4, z->closed ? shut : open);
    outline(l->r, d, 4, ink);
    if (z->closed) {
        SDL_SetRenderDrawColor(l->r, 255, 255, 255, 255);
        thick_line(l->r, z->x - h / 2, z->y - h / 2, z->x + h / 2, z->y + h / 2, 2);
        thick_line(l->r, z->x - h / 2, z->y + h / 2, z->x + h / 2, z->y - h / 2, 2);
    }
}

static void draw_zone(layers *l, const layer_zone *z, int flags, float s)
{
    SDL_Color ink = {20, 20, 24, 255};
    if (z->kind == SCN_ZONE_SANCTUARY && (flags & LAYER_SANCTUARIES)) {
        float rad = layers_sanctuary_radius(z->capacity, z->k0, s);
        sprite(l, l->disc, z->x, z->y, rad, LAYER_SANCTUARY_COLOR, 0.45);
        sprite(l, l->ring, z->x, z->y, rad, LAYER_SANCTUARY_COLOR, 1.0);
    } else if (z->kind == SCN_ZONE_TARGET) {
        SDL_FRect q = {z->x - 5 * s, z->y - 5 * s, 10 * s, 10 * s};
        SDL_SetRenderDrawColor(l->r, 255, 255, 255, 255);
        SDL_RenderFillRectF(l->r, &(SDL_FRect){q.x - 2, q.y - 2, q.w + 4, q.h + 4});
        SDL_SetRenderDrawColor(l->r, ink.r, ink.g, ink.b, 255);
        SDL_RenderFillRectF(l->r, &q);
    } else if (z->kind == SCN_ZONE_CROSSING && (flags & LAYER_CLASHES)) {
        draw_crossing(l, z, s);
    } else if (z->kind == SCN_ZONE_AIRBASE) {
        float h = 10 * s;
        float t[6] = {z->x, z->y - h, z->x + h, z->y + h * 0.8f, z->x - h, z->y + h * 0.8f};
        fill_convex(l->r, t, 3, LAYER_STRIKE_COLOR);
        outline(l->r, t, 3, (SDL_Color){255, 255, 255, 255});
    } else if (z->kind == SCN_ZONE_CAPITAL) {
        sprite(l, l->disc, z->x, z->y, 7 * s, ink, 1);
        sprite(l, l->disc, z->x, z->y, 3.5f * s, (SDL_Color){255, 255, 255, 255}, 1);
    }
}

void layers_draw_zones(layers *l, const layer_zone *z, int nz, text *t, int flags, float s)
{
    SDL_SetRenderDrawBlendMode(l->r, SDL_BLENDMODE_BLEND);
    if (!(flags & LAYER_LABELS_ONLY))
        for (int i = 0; i < nz; i++) draw_zone(l, &z[i], flags, s);
    if (!t || !(flags & LAYER_ZONE_LABELS)) return;
    SDL_Color ink = {20, 20, 24, 255}, halo = {250, 250, 245, 255}, host = {110, 50, 5, 255};
    for (int i = 0; i < nz; i++) {
        if (z[i].kind == SCN_ZONE_SANCTUARY && !(flags & LAYER_SANCTUARIES)) continue;
        if (z[i].kind == SCN_ZONE_CROSSING && !(flags & LAYER_CLASHES)) continue;
        if (z[i].label.w <= 0) continue;   /* no room for it (the tooltip names it) */
        int font = z[i].kind == SCN_ZONE_CROSSING ? TEXT_LABEL_BOLD : TEXT_LABEL;
        text_draw_halo(t, font, z[i].name, z[i].label.x, z[i].label.y,
                       z[i].side == SCN_SIDE_HOST ? host : ink, halo, TEXT_LEFT);
    }
}

static int overlap_area(const SDL_Rect *a, const SDL_Rect *b)
{
    SDL_Rect x;
    return SDL_IntersectRect(a, b, &x) ? x.w * x.h : 0;
}

/* The rectangle a zone's symbol takes: for a sanctuary, the square within its disc at its
 * largest (K0), so that a label may take the disc's corners but not its body. */
static SDL_Rect symbol_rect(const layer_zone *z, float s)
{
    float rad = z->kind == SCN_ZONE_SANCTUARY
                    ? 0.8f * layers_sanctuary_radius(z->k0, z->k0, s) : 8 * s;
    return (SDL_Rect){(int)(z->x - rad), (int)(z->y - rad), (int)(2 * rad), (int)(2 * rad)};
}

/* Labels go in order of importance: capitals and crossings, then sanctuaries, targets,
 * airbases; a lower rank is placed first and keeps its spot. */
static int label_rank(int kind)
{
    switch (kind) {
    case SCN_ZONE_CAPITAL: return 0;
    case SCN_ZONE_CROSSING: return 1;
    case SCN_ZONE_SANCTUARY: return 2;
    case SCN_ZONE_TARGET: return 3;
    case SCN_ZONE_AIRBASE: return 4;
    default: return 5;
    }
}

static int inside(SDL_Rect a, SDL_Rect b)
{
    return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
}

/* The cost of label a for zone i: -1 when it may not go there (outside the bounds, over a
 * placed label or another zone's symbol), else how much of the soft area it covers. */
static int label_cost(const layer_zone *z, int nz, int i, SDL_Rect a, float s,
                      const layer_label_area *area)
{
    if (!inside(a, area->bounds)) return -1;
    for (int j = 0; j < nz; j++) {
        SDL_Rect sym = symbol_rect(&z[j], s), x;
        if (j != i && SDL_IntersectRect(&a, &sym, &x) && x.w * x.h > a.w * a.h / 20) return -1;
        if (j != i && z[j].label.w > 0 && SDL_HasIntersection(&a, &z[j].label)) return -1;
    }
    return overlap_area(&a, &area->soft);
}

/* The zones' indices by label rank (stable: the scenario's order within a rank). */
static void rank_order(const layer_zone *z, int nz, int *order)
{
    int n = 0;
    for (int rank = 0; rank <= 5; rank++)
        for (int i = 0; i < nz; i++)
            if (label_rank(z[i].kind) == rank) order[n++] = i;
}

static void place_one(layer_zone *z, int nz, int i, text *t, float s,
                      const layer_label_area *area)
{
    int w, h, font = z[i].kind == SCN_ZONE_CROSSING ? TEXT_LABEL_BOLD : TEXT_LABEL;
    text_size(t, font, z[i].name, &w, &h);
    float off = (z[i].kind == SCN_ZONE_SANCTUARY ? layers_sanctuary_radius(z[i].k0, z[i].k0, s)
                                                 : 9 * s) + 3 * s;
    int x = (int)z[i].x, y = (int)z[i].y, o = (int)off, host = z[i].side == SCN_SIDE_HOST;
    int xe = x + o, xw = x - o - w, xa = host ? xw : xe, xb = host ? xe : xw;
    /* the four sides of the point (the zone's own side first: host names to the west), then
     * the same sides shifted up or down by part of a line */
    SDL_Rect cand[12] = {{xa, y - h / 2, w, h}, {xb, y - h / 2, w, h},
                         {x - w / 2, y - o - h, w, h}, {x - w / 2, y + o, w, h},
                         {xa, y - h, w, h}, {xa, y, w, h}, {xb, y - h, w, h}, {xb, y, w, h},
                         {x - w / 2 + o, y - o - h, w, h}, {x - w / 2 - o, y - o - h, w, h},
                         {x - w / 2 + o, y + o, w, h}, {x - w / 2 - o, y + o, w, h}};
    int best = -1;
    z[i].label = (SDL_Rect){0, 0, 0, 0};
    for (int k = 0; k < 12 && best != 0; k++) {
        int c = label_cost(z, nz, i, cand[k], s, area);
        if (c >= 0 && (best < 0 || c < best)) best = c, z[i].label = cand[k];
    }
}

int layers_place_labels(layer_zone *z, int nz, text *t, float s, const layer_label_area *area)
{
    int order_buf[64], *order = nz <= 64 ? order_buf : sim_malloc((size_t)nz * sizeof *order);
    if (!order) return SIM_ENOMEM;
    for (int i = 0; i < nz; i++) z[i].label = (SDL_Rect){0, 0, 0, 0};
    rank_order(z, nz, order);
    for (int k = 0; k < nz; k++) place_one(z, nz, order[k], t, s, area);
    if (order != order_buf) sim_free(order);
    return 0;
}

static void draw_arc(layers *l, const layer_zone *a, const layer_zone *b, double alpha, float s)
{
    float mx = 0.5f * (a->x + b->x), my = 0.5f * (a->y + b->y);
    float dx = b->x - a->x, dy = b->y - a->y, len = sqrtf(dx * dx + dy * dy);
    float cx = mx - 0.25f * dy, cy = my + 0.25f * dx;   /* control point: bend to one side */
    SDL_Color c = LAYER_STRIKE_COLOR;
    SDL_FPoint pts[25];
    if (len <= 0) return;
    SDL_SetRenderDrawColor(l->r, c.r, c.g, c.b, (Uint8)lround(alpha * 255));
    for (float o = -2.0f * s; o <= 2.0f * s + 1e-3f; o += 1.0f) {   /* 5 px wide at s = 1 */
        for (int i = 0; i <= 24; i++) {
            float u = (float)i / 24, w = 1 - u;
            pts[i].x = w * w * a->x + 2 * w * u * cx + u * u * b->x - o * dy / len;
            pts[i].y = w * w * a->y + 2 * w * u * cy + u * u * b->y + o * dx / len;
        }
        SDL_RenderDrawLinesF(l->r, pts, 25);
    }
}

static void draw_dashed(layers *l, const layer_zone *a, const layer_zone *b, double alpha, float s)
{
    SDL_Color c = LAYER_DRONE_COLOR;
    SDL_SetRenderDrawColor(l->r, c.r, c.g, c.b, (Uint8)lround(alpha * 255));
    for (int i = 0; i < 20; i += 2) {
        float u0 = (float)i / 20, u1 = (float)(i + 1) / 20;
        thick_line(l->r, a->x + u0 * (b->x - a->x), a->y + u0 * (b->y - a->y),
                   a->x + u1 * (b->x - a->x), a->y + u1 * (b->y - a->y), 2 * s);
    }
}

static int visible(int kind, int flags)
{
    switch (kind) {
    case MODEL_REC_ATTACK: return flags & LAYER_ATTACKS;
    case MODEL_REC_STRIKE: return flags & LAYER_STRIKES;
    case MODEL_REC_CLASH: return flags & LAYER_CLASHES;
    case MODEL_REC_DRONE: return flags & LAYER_DRONES;
    default: return 0;
    }
}

static void draw_marker(layers *l, const layer_marker *m, const layer_zone *z, int nz,
                        double age, float s)
{
    const layer_zone *at = &z[m->zone];
    const layer_zone *from = m->from_zone >= 0 && m->from_zone < nz ? &z[m->from_zone] : NULL;
    double life = 1 - age / fade_of(m->kind);
    float dx, dy;
    jitter(m, s, &dx, &dy);
    if (m->kind == MODEL_REC_ATTACK) {
        float rad = layers_attack_radius(m->casualties, s);
        sprite(l, l->disc, at->x + dx, at->y + dy, rad, LAYER_ATTACK_COLOR, 0.6 * life);
        sprite(l, l->ring, at->x + dx, at->y + dy, rad, LAYER_ATTACK_COLOR, life);
        if (age < 2) /* the pulse: a ring that grows and fades over two days */
            sprite(l, l->ring, at->x + dx, at->y + dy, rad * (float)(1 + age), LAYER_ATTACK_COLOR,
                   1 - age / 2);
    } else if (m->kind == MODEL_REC_STRIKE) {
        if (from) draw_arc(l, from, at, life, s);
        sprite(l, l->ring, at->x, at->y, 16 * s * (float)(1 + 0.5 * fmin(age, 1)),
               LAYER_STRIKE_COLOR, life);
        sprite(l, l->disc, at->x, at->y, 6 * s, LAYER_STRIKE_COLOR, life);
    } else if (m->kind == MODEL_REC_CLASH) {
        float flash = age < 1 ? (float)(1.6 - 0.6 * age) : 1.0f;
        sprite(l, l->disc, at->x, at->y, 20 * s * flash, LAYER_CLASH_COLOR, 0.55 * life);
        sprite(l, l->ring, at->x, at->y, 20 * s * flash, LAYER_CLASH_COLOR, life);
    } else if (m->kind == MODEL_REC_DRONE) {
        if (from) draw_dashed(l, from, at, 0.8 * life, s);
        sprite(l, l->disc, at->x + dx, at->y + dy, 5 * s, LAYER_DRONE_COLOR, life);
    }
}

/* Kinds drawn as markers, in the per-zone counters' order. */
static int kind_slot(int kind)
{
    return kind == MODEL_REC_ATTACK ? 0 : kind == MODEL_REC_STRIKE ? 1
         : kind == MODEL_REC_CLASH ? 2 : 3;
}

/* Picks the markers to draw, newest first, into l->shown, and returns their count. A zone
 * shows at most LAYER_MAX_PER_ZONE attacks, half as many drones and 3 strikes or clashes
 * (these are drawn at one spot): more would only repaint the same pixels. */
static int choose(layers *l, int nz, double t_now, int flags)
{
    if (nz > l->cap_zone) {
        int *q = sim_realloc(l->per_zone, (size_t)nz * 4 * sizeof *q);
        if (!q) return 0;
        l->per_zone = q;
        l->cap_zone = nz;
    }
    memset(l->per_zone, 0, (size_t)nz * 4 * sizeof *l->per_zone);
    int n = 0;
    for (int i = l->n - 1; i >= 0; i--) {
        const layer_marker *m = &l->mk[i];
        double age = t_now - m->t;
        if (age < 0 || age > fade_of(m->kind) || m->zone >= nz || !visible(m->kind, flags))
            continue;
        static const int cap[4] = {LAYER_MAX_PER_ZONE, 3, 3, LAYER_MAX_PER_ZONE / 2};
        int slot = kind_slot(m->kind), *c = &l->per_zone[4 * m->zone + slot];
        if (*c >= cap[slot]) continue;
        (*c)++;
        l->shown[n++] = i;
    }
    return n;
}

void layers_draw_markers(layers *l, const layer_zone *z, int nz, double t_now, int flags,
                         float s)
{
    SDL_SetRenderDrawBlendMode(l->r, SDL_BLENDMODE_BLEND);
    int n = choose(l, nz, t_now, flags);
    l->drawn = n;
    for (int k = n - 1; k >= 0; k--) {   /* oldest first, so the newest ends on top */
        const layer_marker *m = &l->mk[l->shown[k]];
        draw_marker(l, m, z, nz, t_now - m->t, s);
    }
}

int layers_drawn(const layers *l) { return l->drawn; }

int layers_pick(const layers *l, const layer_zone *z, int nz, double t_now, int flags, float x,
                float y, float radius)
{
    for (int i = l->n - 1; i >= 0; i--) {
        const layer_marker *m = &l->mk[i];
        double age = t_now - m->t;
        if (age < 0 || age > fade_of(m->kind) || m->zone >= nz || !visible(m->kind, flags))
            continue;
        float dx, dy;
        if (m->record < 0) continue;
        jitter(m, 1, &dx, &dy);
        if (hypotf(z[m->zone].x + dx - x, z[m->zone].y + dy - y) <= radius) return m->record;
    }
    return -1;
}

int layers_pick_zone(const layer_zone *z, int nz, float x, float y, float radius)
{
    int best = -1;
    float bd = radius;
    for (int i = 0; i < nz; i++) {
        float d = hypotf(z[i].x - x, z[i].y - y);
        if (d <= bd) {
            bd = d;
            best = i;
        }
    }
    return best;
}

void layers_draw_symbol(layers *l, int which, float x, float y, float s)
{
    layer_zone z = {x, y, 0, 0, 0.6, 1, 0, "", {0, 0, 0, 0}};
    switch (which) {
    case LAYER_SYM_SANCTUARY:
        z.kind = SCN_ZONE_SANCTUARY;
        sprite(l, l->disc, x, y, 9 * s, LAYER_SANCTUARY_COLOR, 0.45);
        sprite(l, l->ring, x, y, 9 * s, LAYER_SANCTUARY_COLOR, 1.0);
        return;
    case LAYER_SYM_ATTACK:
        sprite(l, l->disc, x, y, 8 * s, LAYER_ATTACK_COLOR, 0.6);
        sprite(l, l->ring, x, y, 8 * s, LAYER_ATTACK_COLOR, 1);
        return;
    case LAYER_SYM_STRIKE:
        SDL_SetRenderDrawColor(l->r, 24, 48, 170, 255);
        thick_line(l->r, x - 10 * s, y + 6 * s, x + 6 * s, y - 4 * s, 3 * s);
        sprite(l, l->disc, x + 6 * s, y - 4 * s, 5 * s, LAYER_STRIKE_COLOR, 1);
        return;
    case LAYER_SYM_CLASH:
        sprite(l, l->disc, x, y, 9 * s, LAYER_CLASH_COLOR, 0.55);
        sprite(l, l->ring, x, y, 9 * s, LAYER_CLASH_COLOR, 1);
        return;
    case LAYER_SYM_DRONE: {
        layer_zone a = z, b = z;
        a.x -= 10 * s;
        b.x += 8 * s;
        draw_dashed(l, &a, &b, 1, s);
        sprite(l, l->disc, b.x, b.y, 4 * s, LAYER_DRONE_COLOR, 1);
        return;
    }
    case LAYER_SYM_CROSSING_CLOSED: z.closed = 1; /* fall through */
    case LAYER_SYM_CROSSING: z.kind = SCN_ZONE_CROSSING; break;
    case LAYER_SYM_TARGET: z.kind = SCN_ZONE_TARGET; break;
    case LAYER_SYM_AIRBASE: z.kind = SCN_ZONE_AIRBASE; break;
    default: return;
    }
    draw_zone(l, &z, LAYER_ALL, s * 0.9f);
}
