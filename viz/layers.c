/* layers.c - live layers: zones and fading event markers drawn with sprites. */
#include "layers.h"
#include "alloc.h"
#include "err.h"
#include "model.h"
#include <math.h>

#define SPRITE 64

struct layers {
    SDL_Renderer *r;
    SDL_Texture *disc, *ring;
    layer_marker *mk;      /* sorted by t (records arrive in time order) */
    int n, cap;
};

static const char *const names[9] = {"sanctuaries", "attacks", "strikes", "clashes & crossings",
                                     "drones", "zone labels", "place labels", "captions",
                                     "charts"};

const char *layers_name(int k) { return k >= 0 && k < 9 ? names[k] : ""; }

/* A white sprite whose alpha is a disc (ring = 0) or a ring of width ring px, antialiased. */
static SDL_Texture *make_sprite(SDL_Renderer *r, double ring)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, SPRITE, SPRITE, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    double c = 0.5 * SPRITE, rad = c - 1;
    for (int y = 0; y < SPRITE; y++)
        for (int x = 0; x < SPRITE; x++) {
            double d = hypot(x + 0.5 - c, y + 0.5 - c);
            double a = fmin(1, fmax(0, rad - d + 0.5));
            if (ring > 0) a = fmin(a, fmin(1, fmax(0, d - (rad - ring) + 0.5)));
            ((Uint32 *)s->pixels)[y * (s->pitch / 4) + x] =
                (Uint32)lround(a * 255) << 24 | 0xFFFFFFu;
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
    l->disc = make_sprite(r, 0);
    l->ring = make_sprite(r, 8);
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
    sim_free(l->mk);
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

static void sprite(layers *l, SDL_Texture *tx, float x, float y, float rad, SDL_Color c, double a)
{
    SDL_SetTextureColorMod(tx, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(tx, (Uint8)lround(fmin(1, fmax(0, a)) * 255));
    SDL_FRect dst = {x - rad, y - rad, 2 * rad, 2 * rad};
    SDL_RenderCopyF(l->r, tx, NULL, &dst);
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
static void jitter(int record, float s, float *dx, float *dy)
{
    float rad = s * (float)(record % 5) * 3.0f, ang = (float)record * 2.39996f;
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
        float h = 10 * s, t[6] = {z->x, z->y - h, z->x + h, z->y + h * 0.8f, z->x - h, z->y + h * 0.8f};
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

/* How badly rectangle a covers symbols (counted double) and earlier labels (0 = free). */
static int label_cost(const layer_zone *z, int nz, int upto, SDL_Rect a, float s)
{
    int n = 0;
    for (int j = 0; j < nz; j++) {
        float rad = z[j].kind == SCN_ZONE_SANCTUARY ? layers_sanctuary_radius(z[j].k0, z[j].k0, s)
                                                    : 8 * s;
        SDL_Rect sym = {(int)(z[j].x - rad), (int)(z[j].y - rad), (int)(2 * rad), (int)(2 * rad)};
        n += 2 * overlap_area(&a, &sym);
        if (j < upto) n += overlap_area(&a, &z[j].label);
    }
    return n;
}

void layers_place_labels(layer_zone *z, int nz, text *t, float s)
{
    for (int i = 0; i < nz; i++) {
        int w, h, font = z[i].kind == SCN_ZONE_CROSSING ? TEXT_LABEL_BOLD : TEXT_LABEL;
        text_size(t, font, z[i].name, &w, &h);
        float off = (z[i].kind == SCN_ZONE_SANCTUARY ? layers_sanctuary_radius(z[i].k0, z[i].k0, s)
                                                     : 9 * s) + 3 * s;
        int x = (int)z[i].x, y = (int)z[i].y, o = (int)off, host = z[i].side == SCN_SIDE_HOST;
        int xe = x + o, xw = x - o - w, xa = host ? xw : xe, xb = host ? xe : xw;
        SDL_Rect cand[12] = {{xa, y - h / 2, w, h}, {xb, y - h / 2, w, h},
                             {x - w / 2, y - o - h, w, h}, {x - w / 2, y + o, w, h},
                             {xa, y - h, w, h}, {xa, y, w, h}, {xb, y - h, w, h}, {xb, y, w, h},
                             {xa, y - 2 * h, w, h}, {xa, y + h, w, h}, {xb, y - 2 * h, w, h},
                             {xb, y + h, w, h}};
        int best = 1 << 30;
        for (int k = 0; k < 12 && best > 0; k++) {
            int n = label_cost(z, nz, i, cand[k], s);   /* candidates in preference order */
            if (n < best) {
                best = n;
                z[i].label = cand[k];
            }
        }
    }
}

static void draw_arc(layers *l, const layer_zone *a, const layer_zone *b, double alpha, float s)
{
    float mx = 0.5f * (a->x + b->x), my = 0.5f * (a->y + b->y);
    float dx = b->x - a->x, dy = b->y - a->y;
    float cx = mx - 0.25f * dy, cy = my + 0.25f * dx;   /* control point: bend to one side */
    SDL_Color c = LAYER_STRIKE_COLOR;
    SDL_SetRenderDrawColor(l->r, c.r, c.g, c.b, (Uint8)lround(alpha * 255));
    float px = a->x, py = a->y;
    for (int i = 1; i <= 24; i++) {
        float u = (float)i / 24, w = 1 - u;
        float x = w * w * a->x + 2 * w * u * cx + u * u * b->x;
        float y = w * w * a->y + 2 * w * u * cy + u * u * b->y;
        thick_line(l->r, px, py, x, y, 3 * s);
        px = x;
        py = y;
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
    jitter(m->record, s, &dx, &dy);
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

void layers_draw_markers(layers *l, const layer_zone *z, int nz, double t_now, int flags,
                         float s)
{
    SDL_SetRenderDrawBlendMode(l->r, SDL_BLENDMODE_BLEND);
    for (int i = 0; i < l->n; i++) {
        const layer_marker *m = &l->mk[i];
        double age = t_now - m->t;
        if (age < 0 || age > fade_of(m->kind) || m->zone >= nz || !visible(m->kind, flags))
            continue;
        draw_marker(l, m, z, nz, age, s);
    }
}

int layers_pick(const layers *l, const layer_zone *z, int nz, double t_now, int flags, float x,
                float y, float radius)
{
    for (int i = l->n - 1; i >= 0; i--) {
        const layer_marker *m = &l->mk[i];
        double age = t_now - m->t;
        if (age < 0 || age > fade_of(m->kind) || m->zone >= nz || !visible(m->kind, flags))
            continue;
        float dx, dy;
        jitter(m->record, 1, &dx, &dy);
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
