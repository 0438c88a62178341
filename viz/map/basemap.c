/* basemap.c - draws the static base map (fills, outlines, border, labels) on a surface. */
#include "map/basemap.h"
#include "base/alloc.h"
#include "base/err.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static Uint32 map_rgb(SDL_Surface *s, SDL_Color c)
{
    return SDL_MapRGBA(s->format, c.r, c.g, c.b, c.a);
}

SDL_Color basemap_country_color(const map *m, int i)
{
    static const SDL_Color others[] = {{214, 212, 204, 255}, {206, 210, 200, 255},
                                       {218, 208, 200, 255}, {204, 206, 214, 255},
                                       {212, 214, 196, 255}, {222, 216, 206, 255}};
    for (int k = 0; k < MAP_NSIDES; k++) {
        const map_side *sd = &m->sides[k];
        if (sd->country == i) return (SDL_Color){sd->rgb[0], sd->rgb[1], sd->rgb[2], 255};
    }
    return others[i % (int)(sizeof others / sizeof others[0])];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Even-odd scanline fill of the rings of country ci, sampling rows at pixel centres. */
static int fill_country(SDL_Surface *s, const map *m, const proj *p, int ci, SDL_Color c)
{
    const map_country *co = &m->countries[ci];
    int n_edges = 0;
    for (int r = co->first_ring; r < co->first_ring + co->n_rings; r++) n_edges += m->rings[r].n;
    if (n_edges == 0) return 0;
    double *xs = sim_malloc((size_t)n_edges * sizeof *xs);
    double *pts = sim_malloc((size_t)n_edges * 2 * sizeof *pts);
    if (!xs || !pts) return sim_free(xs), sim_free(pts), SIM_ENOMEM;
    double ymin = 1e30, ymax = -1e30;
    for (int r = co->first_ring, k = 0; r < co->first_ring + co->n_rings; r++)
        for (int j = 0; j < m->rings[r].n; j++, k++) {
            const map_pt *q = &m->points[m->rings[r].first + j];
            proj_to_px(p, q->lon, q->lat, &pts[2 * k], &pts[2 * k + 1]);
            ymin = fmin(ymin, pts[2 * k + 1]);
            ymax = fmax(ymax, pts[2 * k + 1]);
        }
    Uint32 col = map_rgb(s, c);
    int y0 = (int)fmax(0, floor(ymin)), y1 = (int)fmin(s->h - 1, ceil(ymax));
    for (int y = y0; y <= y1; y++) {
        double yc = y + 0.5;
        int nx = 0;
        for (int r = co->first_ring, base = 0; r < co->first_ring + co->n_rings; r++) {
            int n = m->rings[r].n;
            for (int j = 0; j < n; j++) {
                const double *a = &pts[2 * (base + j)], *b = &pts[2 * (base + (j + 1) % n)];
                if ((a[1] <= yc) != (b[1] <= yc))
                    xs[nx++] = a[0] + (yc - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
            }
            base += n;
        }
        qsort(xs, (size_t)nx, sizeof *xs, cmp_double);
        for (int k = 0; k + 1 < nx; k += 2) {
            int xa = (int)fmax(0, ceil(xs[k] - 0.5)), xb = (int)fmin(s->w, ceil(xs[k + 1] - 0.5));
            if (xb > xa) SDL_FillRect(s, &(SDL_Rect){xa, y, xb - xa, 1}, col);
        }
    }
    sim_free(xs);
    sim_free(pts);
    return 0;
}

void basemap_disc(SDL_Surface *s, double x, double y, double radius, SDL_Color c)
{
    Uint32 col = map_rgb(s, c);
    int r = (int)ceil(radius);
    for (int dy = -r; dy <= r; dy++) {
        double half = radius * radius - (double)dy * dy;
        if (half < 0) continue;
        half = sqrt(half);
        int xa = (int)lround(x - half), xb = (int)lround(x + half);
        SDL_FillRect(s, &(SDL_Rect){xa, (int)lround(y) + dy, xb - xa + 1, 1}, col);
    }
}

void basemap_line(SDL_Surface *s, double x0, double y0, double x1, double y1, double width,
                  SDL_Color c)
{
    double len = hypot(x1 - x0, y1 - y0);
    int steps = (int)ceil(len / 0.7) + 1;
    double r = 0.5 * width;
    for (int i = 0; i <= steps; i++) {
        double f = (double)i / steps;
        double x = x0 + f * (x1 - x0), y = y0 + f * (y1 - y0);
        if (r <= 0.75) SDL_FillRect(s, &(SDL_Rect){(int)floor(x), (int)floor(y), 1, 1},
                                    map_rgb(s, c));
        else basemap_disc(s, x, y, r, c);
    }
}

static void draw_run(SDL_Surface *s, const map *m, const proj *p, const map_line *l, int closed,
                     double width, SDL_Color c)
{
    int n = l->n, segs = closed ? n : n - 1;
    for (int j = 0; j < segs; j++) {
        const map_pt *a = &m->points[l->first + j], *b = &m->points[l->first + (j + 1) % n];
        double x0, y0, x1, y1;
        proj_to_px(p, a->lon, a->lat, &x0, &y0);
        proj_to_px(p, b->lon, b->lat, &x1, &y1);
        basemap_line(s, x0, y0, x1, y1, width, c);
    }
}

#define BASEMAP_MAX_LABELS 256

/* Rectangles already taken by labels, so later labels move or give way. */
typedef struct taken {
    SDL_Rect r[BASEMAP_MAX_LABELS];
    int n;
} taken;

static int collides(const taken *tk, SDL_Rect a)
{
    for (int i = 0; i < tk->n; i++)
        if (SDL_HasIntersection(&a, &tk->r[i])) return 1;
    return 0;
}

/* Blits fg with a halo of bg at (x, y), top-left. */
static void blit_halo(SDL_Surface *dst, SDL_Surface *fg, SDL_Surface *bg, int x, int y)
{
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
            SDL_BlitSurface(bg, NULL, dst, &(SDL_Rect){x + dx, y + dy, 0, 0});
    SDL_BlitSurface(fg, NULL, dst, &(SDL_Rect){x, y, 0, 0});
}

/* Places label s for a point at (x, y): right, left, above or below it (centred on the
 * point, or a line above or below, when center is set), the first spot that is free and
 * wholly inside clip. Returns 1 if drawn. */
static int place_label(SDL_Surface *dst, text *t, int font, const char *s, int x, int y,
                       SDL_Color c, int center, taken *tk, const SDL_Rect *clip,
                       basemap_opts *o)
{
    SDL_Surface *fg = text_render_surface(t, font, s, c);
    SDL_Surface *bg = text_render_surface(t, font, s, BASEMAP_HALO);
    int drawn = 0;
    if (fg && bg) {
        int w = fg->w, h = fg->h;
        SDL_Rect cand[15] = {{x + 8, y - h / 2, w, h}, {x - 8 - w, y - h / 2, w, h},
                             {x - w / 2, y - 6 - h, w, h}, {x - w / 2, y + 6, w, h}};
        /* a name across its country: on its centre, then a line or two above or below,
         * then moved a quarter of its width to either side; kept inside the clip */
        static const int dy[5] = {0, -2, 2, -4, 4}, dx[3] = {0, -1, 1};
        for (int k = 0; center && k < 15; k++) {
            SDL_Rect a = {x - w / 2 + dx[k / 5] * w / 4, y - h / 2 + dy[k % 5] * h / 2, w, h};
            if (a.x < clip->x + 4) a.x = clip->x + 4;
            if (a.x + w > clip->x + clip->w - 4) a.x = clip->x + clip->w - 4 - w;
            cand[k] = a;
        }
        for (int k = 0; k < (center ? 15 : 4) && !drawn; k++) {
            SDL_Rect a = cand[k];
            int inside = a.x >= clip->x && a.y >= clip->y && a.x + a.w <= clip->x + clip->w &&
                         a.y + a.h <= clip->y + clip->h;
            if (!inside || collides(tk, a)) continue;
            blit_halo(dst, fg, bg, a.x, a.y);
            if (tk->n < BASEMAP_MAX_LABELS) tk->r[tk->n++] = a;
            if (o->placed && o->n_placed < o->placed_cap) o->placed[o->n_placed++] = a;
            drawn = 1;
        }
    }
    if (fg) SDL_FreeSurface(fg);
    if (bg) SDL_FreeSurface(bg);
    return drawn;
}

/* Area-weighted centroid of the largest ring of country ci, in pixels. */
static void country_anchor(const map *m, const proj *p, int ci, double *cx, double *cy)
{
    const map_country *co = &m->countries[ci];
    double best = -1;
    *cx = *cy = -1e9;
    for (int r = co->first_ring; r < co->first_ring + co->n_rings; r++) {
        double a = 0, sx = 0, sy = 0;
        const map_line *l = &m->rings[r];
        for (int j = 0; j < l->n; j++) {
            double x0, y0, x1, y1;
            const map_pt *u = &m->points[l->first + j], *v = &m->points[l->first + (j + 1) % l->n];
            proj_to_px(p, u->lon, u->lat, &x0, &y0);
            proj_to_px(p, v->lon, v->lat, &x1, &y1);
            double cr = x0 * y1 - x1 * y0;
            a += cr;
            sx += (x0 + x1) * cr;
            sy += (y0 + y1) * cr;
        }
        if (fabs(a) > best && a != 0) {
            best = fabs(a);
            *cx = sx / (3 * a);
            *cy = sy / (3 * a);
        }
    }
}

static int skipped(const map_place *pl, const basemap_opts *o)
{
    for (int i = 0; i < o->n_skip; i++)
        if (fabs(o->skip_lonlat[2 * i] - pl->lon) < 0.15 &&
            fabs(o->skip_lonlat[2 * i + 1] - pl->lat) < 0.15)
            return 1;
    return 0;
}

static void country_labels(SDL_Surface *dst, const map *m, const proj *p, text *t, taken *tk,
                           const SDL_Rect *clip, basemap_opts *o)
{
    SDL_Color name_col = {110, 100, 90, 255};
    for (int i = 0; i < m->n_countries; i++) {
        double cx, cy;
        char up[MAP_NAME_MAX];
        size_t k;
        country_anchor(m, p, i, &cx, &cy);
        for (k = 0; m->countries[i].name[k] && k + 1 < sizeof up; k++) {
            char ch = m->countries[i].name[k];
            up[k] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        }
        up[k] = 0;
        if (cx > clip->x && cy > clip->y && cx < clip->x + clip->w && cy < clip->y + clip->h)
            place_label(dst, t, TEXT_TITLE, up, (int)cx, (int)cy, name_col, 1, tk, clip, o);
    }
}

/* Where labels may go: the map's box in pixels, within the surface and the opts' clip. */
static SDL_Rect map_clip(const SDL_Surface *dst, const map *m, const proj *p,
                         const basemap_opts *o)
{
    double x0, y0, x1, y1;
    proj_to_px(p, m->lon0, m->lat1, &x0, &y0);
    proj_to_px(p, m->lon1, m->lat0, &x1, &y1);
    SDL_Rect box = {(int)ceil(x0), (int)ceil(y0), (int)(x1 - x0), (int)(y1 - y0)}, out,
             surf = {0, 0, dst->w, dst->h};
    if (o->clip.w > 0 && o->clip.h > 0 && !SDL_IntersectRect(&surf, &o->clip, &surf))
        return (SDL_Rect){0, 0, 0, 0};
    return SDL_IntersectRect(&box, &surf, &out) ? out : (SDL_Rect){0, 0, 0, 0};
}

static void place_labels(SDL_Surface *dst, const map *m, const proj *p, text *t,
                         basemap_opts *o, taken *tk)
{
    SDL_Rect clip = map_clip(dst, m, p, o);
    for (int kind = MAP_PLACE_CAPITAL; kind <= MAP_PLACE_TOWN; kind++)
        for (int i = 0; i < m->n_places; i++) {
            const map_place *pl = &m->places[i];
            double x, y;
            if (pl->kind != kind || skipped(pl, o)) continue;
            proj_to_px(p, pl->lon, pl->lat, &x, &y);
            int capital = kind == MAP_PLACE_CAPITAL;
            SDL_Rect dot = {(int)x - 6, (int)y - 6, 12, 12};
            if (collides(tk, dot) || !SDL_HasIntersection(&dot, &clip)) continue;   /* hidden */
            if (!place_label(dst, t, capital ? TEXT_LABEL_BOLD : TEXT_LABEL, pl->name, (int)x,
                             (int)y, BASEMAP_LABEL, 0, tk, &clip, o))
                continue;
            basemap_disc(dst, x, y, capital ? 6 : 4, BASEMAP_LABEL);
            if (capital) basemap_disc(dst, x, y, 3, BASEMAP_HALO);
            if (tk->n < BASEMAP_MAX_LABELS) tk->r[tk->n++] = dot;
        }
}

int basemap_draw(SDL_Surface *dst, const map *m, const proj *p, text *t, basemap_opts *o)
{
    taken tk = {.n = 0};
    SDL_Rect clip = map_clip(dst, m, p, o);
    o->n_placed = 0;
    for (int i = 0; i < o->n_avoid && tk.n < BASEMAP_MAX_LABELS / 2; i++)
        tk.r[tk.n++] = o->avoid[i];
    SDL_FillRect(dst, NULL, map_rgb(dst, BASEMAP_SEA));
    for (int i = 0; i < m->n_countries; i++)
        if (fill_country(dst, m, p, i, basemap_country_color(m, i))) return SIM_ENOMEM;
    for (int r = 0; r < m->n_rings; r++) draw_run(dst, m, p, &m->rings[r], 1, 1.5, BASEMAP_OUTLINE);
    /* country names under the border line, place labels over it */
    if (t && o->labels) country_labels(dst, m, p, t, &tk, &clip, o);
    for (int b = 0; b < m->n_borders; b++)
        draw_run(dst, m, p, &m->borders[b], 0, o->border_width, BASEMAP_BORDER);
    if (t && o->labels) place_labels(dst, m, p, t, o, &tk);
    return 0;
}
