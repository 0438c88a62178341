/* chart.c - axes, ticks, lines, bands, steps, bars and legends on an SDL_Renderer. */
#include "draw/chart.h"
#include "base/err.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define CHART_MAX_TICKS 12

/* What chart drawing changes on the renderer, restored when it is done. */
typedef struct saved_state {
    SDL_Rect clip;
    SDL_bool clipped;
    Uint8 r, g, b, a;
    SDL_BlendMode blend;
} saved_state;

static void state_save(SDL_Renderer *r, saved_state *s)
{
    s->clipped = SDL_RenderIsClipEnabled(r);
    SDL_RenderGetClipRect(r, &s->clip);
    SDL_GetRenderDrawColor(r, &s->r, &s->g, &s->b, &s->a);
    SDL_GetRenderDrawBlendMode(r, &s->blend);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
}

static void state_restore(SDL_Renderer *r, const saved_state *s)
{
    SDL_RenderSetClipRect(r, s->clipped ? &s->clip : NULL);
    SDL_SetRenderDrawColor(r, s->r, s->g, s->b, s->a);
    SDL_SetRenderDrawBlendMode(r, s->blend);
}

static void set_color(SDL_Renderer *r, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
}

/* Clips drawing to the plot area (intersected with a clip the caller had set). */
static void clip_to_plot(chart *c, const saved_state *s)
{
    SDL_Rect p = c->plot, out;
    p.w += 1;
    p.h += 1;
    if (s->clipped && SDL_IntersectRect(&p, &s->clip, &out)) p = out;
    SDL_RenderSetClipRect(c->r, &p);
}

void chart_init(chart *c, SDL_Renderer *r, SDL_Rect area, TTF_Font *font)
{
    memset(c, 0, sizeof *c);
    c->r = r;
    c->font = font;
    c->area = area;
    c->fg = (SDL_Color){40, 40, 40, 255};
    c->bg = (SDL_Color){255, 255, 255, 255};
    c->grid = (SDL_Color){225, 225, 225, 255};
    int left = 2, right = 2, top = 2, bottom = 2;
    if (font) {
        int h = TTF_FontHeight(font), w = 0;
        TTF_SizeUTF8(font, "-0.000", &w, NULL);
        left = h + w + 10;
        right = h;
        top = h * 3 / 2 + 4;
        bottom = 2 * h + 10;
    }
    c->plot = (SDL_Rect){area.x + left, area.y + top, area.w - left - right,
                         area.h - top - bottom};
    if (c->plot.w < 1) c->plot.w = 1;
    if (c->plot.h < 1) c->plot.h = 1;
    chart_set_range(c, 0, 1, 0, 1);
}

void chart_set_range(chart *c, double x0, double x1, double y0, double y1)
{
    if (!(x1 != x0)) { x0 -= 1; x1 += 1; }
    if (!(y1 != y0)) { y0 -= 1; y1 += 1; }
    c->x0 = x0; c->x1 = x1; c->y0 = y0; c->y1 = y1;
}

/* A "nice" tick step (1, 2 or 5 times a power of ten) giving about target ticks. */
static double nice_step(double span, int target)
{
    double raw = span / target, mag = pow(10, floor(log10(raw))), f = raw / mag;
    double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
    return nice * mag;
}

void chart_fit_y(chart *c, const double *const *ys, int k, int n, int include_zero)
{
    double lo = INFINITY, hi = -INFINITY;
    if (include_zero) lo = hi = 0;
    for (int j = 0; j < k; j++)
        for (int i = 0; ys[j] && i < n; i++)
            if (isfinite(ys[j][i])) {
                if (ys[j][i] < lo) lo = ys[j][i];
                if (ys[j][i] > hi) hi = ys[j][i];
            }
    if (!isfinite(lo) || !isfinite(hi)) { lo = 0; hi = 1; }
    if (hi == lo) hi = lo + 1;
    double step = nice_step(hi - lo, 5);
    chart_set_range(c, c->x0, c->x1, floor(lo / step) * step, ceil(hi / step) * step);
}

float chart_px(const chart *c, double x)
{
    return (float)(c->plot.x + (x - c->x0) / (c->x1 - c->x0) * c->plot.w);
}

float chart_py(const chart *c, double y)
{
    return (float)(c->plot.y + c->plot.h - (y - c->y0) / (c->y1 - c->y0) * c->plot.h);
}

/* Draws text with its anchor point at (x, y): ax/ay 0 = left/top, 1 = centre, 2 =
 * right/bottom; angle in degrees (only 0 and -90 are used). Returns 0 or SIM_EIO. */
static int draw_text(chart *c, const char *s, int x, int y, int ax, int ay, double angle)
{
    if (!c->font || !s || !*s) return 0;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(c->font, s, c->fg);
    if (!surf) return SIM_EIO;
    SDL_Texture *t = SDL_CreateTextureFromSurface(c->r, surf);
    int w = surf->w, h = surf->h;
    SDL_FreeSurface(surf);
    if (!t) return SIM_EIO;
    int bw = angle != 0 ? h : w, bh = angle != 0 ? w : h; /* bounding box after rotation */
    int left = x - ax * bw / 2, top = y - ay * bh / 2;
    SDL_Rect dst = {left + (bw - w) / 2, top + (bh - h) / 2, w, h};
    int rc = SDL_RenderCopyEx(c->r, t, NULL, &dst, angle, NULL, SDL_FLIP_NONE);
    SDL_DestroyTexture(t);
    return rc == 0 ? 0 : SIM_EIO;
}

/* Formats a tick value with as many decimals as the step needs. */
static void tick_label(char *buf, size_t n, double v, double step)
{
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (fabs(v) < step * 1e-6) v = 0; /* no "-0.00" */
    if (dec > 6) dec = 6;
    snprintf(buf, n, "%.*f", dec, v);
}

/* One y tick at value v: grid line, tick mark and label. */
static int tick_y(chart *c, double v, const char *label)
{
    int y = (int)lroundf(chart_py(c, v)), right = c->plot.x + c->plot.w;
    if (c->grid.a) {
        set_color(c->r, c->grid);
        SDL_RenderDrawLine(c->r, c->plot.x + 1, y, right, y);
    }
    set_color(c->r, c->fg);
    SDL_RenderDrawLine(c->r, c->plot.x - 4, y, c->plot.x, y);
    return draw_text(c, label, c->plot.x - 6, y, 2, 1, 0);
}

/* One x tick at value v: grid line, tick mark and label. */
static int tick_x(chart *c, double v, const char *label)
{
    int x = (int)lroundf(chart_px(c, v)), bottom = c->plot.y + c->plot.h;
    if (c->grid.a) {
        set_color(c->r, c->grid);
        SDL_RenderDrawLine(c->r, x, c->plot.y, x, bottom - 1);
    }
    set_color(c->r, c->fg);
    SDL_RenderDrawLine(c->r, x, bottom, x, bottom + 4);
    return draw_text(c, label, x, bottom + 6, 1, 0, 0);
}

/* Ticks at nice values along one axis (vertical = 0 for x, 1 for y), about one per 60
 * pixels with labels, one per 30 without. */
static int draw_ticks(chart *c, int vertical)
{
    double lo = vertical ? c->y0 : c->x0, hi = vertical ? c->y1 : c->x1;
    int span = vertical ? c->plot.h : c->plot.w, target = span / (c->font ? 60 : 30);
    if (target < 2) target = 2;
    if (target > CHART_MAX_TICKS) target = CHART_MAX_TICKS;
    double step = nice_step(hi - lo, target);
    if (!vertical && c->x_whole && step < 1) step = 1;
    int rc = 0;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
        char buf[32];
        tick_label(buf, sizeof buf, v, step);
        rc |= vertical ? tick_y(c, v, buf) : tick_x(c, v, buf);
    }
    return rc ? SIM_EIO : 0;
}

int chart_axes(chart *c, const char *title, const char *xlabel, const char *ylabel)
{
    saved_state s;
    state_save(c->r, &s);
    if (c->bg.a) {
        set_color(c->r, c->bg);
        SDL_RenderFillRect(c->r, &c->area);
    }
    int rc = draw_ticks(c, 0);
    rc |= draw_ticks(c, 1);
    set_color(c->r, c->fg);
    int x0 = c->plot.x, yb = c->plot.y + c->plot.h;
    SDL_RenderDrawLine(c->r, x0, c->plot.y, x0, yb);
    SDL_RenderDrawLine(c->r, x0, yb, x0 + c->plot.w, yb);
    rc |= draw_text(c, title, c->area.x + c->area.w / 2, c->area.y + 2, 1, 0, 0);
    rc |= draw_text(c, xlabel, c->plot.x + c->plot.w / 2, c->area.y + c->area.h - 2, 1, 2, 0);
    rc |= draw_text(c, ylabel, c->area.x + 2, c->plot.y + c->plot.h / 2, 0, 1, -90);
    state_restore(c->r, &s);
    return rc ? SIM_EIO : 0;
}

static double xat(const double *x, int i) { return x ? x[i] : (double)i; }

/* One segment, width pixels wide, drawn as parallel offset lines. */
static void thick_line(SDL_Renderer *r, float xa, float ya, float xb, float yb, int width)
{
    int vertical_ish = fabsf(yb - ya) > fabsf(xb - xa);
    for (int k = 0; k < width; k++) {
        float o = (float)k - (float)(width - 1) / 2.0f;
        if (vertical_ish) SDL_RenderDrawLineF(r, xa + o, ya, xb + o, yb);
        else SDL_RenderDrawLineF(r, xa, ya + o, xb, yb + o);
    }
}

void chart_line(chart *c, const double *x, const double *y, int n, SDL_Color col, int width)
{
    saved_state s;
    state_save(c->r, &s);
    clip_to_plot(c, &s);
    set_color(c->r, col);
    if (width < 1) width = 1;
    if (width > 8) width = 8;
    for (int i = 1; i < n; i++) {
        double xa = xat(x, i - 1), xb = xat(x, i);
        if (!isfinite(y[i - 1]) || !isfinite(y[i]) || !isfinite(xa) || !isfinite(xb)) continue;
        thick_line(c->r, chart_px(c, xa), chart_py(c, y[i - 1]), chart_px(c, xb),
                   chart_py(c, y[i]), width);
    }
    if (n == 1 && isfinite(y[0])) { /* a lone point: a short dash */
        float px = chart_px(c, xat(x, 0)), py = chart_py(c, y[0]);
        thick_line(c->r, px - 2, py, px + 2, py, width);
    }
    state_restore(c->r, &s);
}

void chart_step(chart *c, const double *x, const double *y, int n, SDL_Color col, int width)
{
    saved_state s;
    state_save(c->r, &s);
    clip_to_plot(c, &s);
    set_color(c->r, col);
    if (width < 1) width = 1;
    if (width > 8) width = 8;
    for (int i = 0; i < n; i++) {
        if (!isfinite(y[i])) continue;
        float xa = chart_px(c, xat(x, i));
        float xb = i + 1 < n ? chart_px(c, xat(x, i + 1)) : (float)(c->plot.x + c->plot.w);
        float ya = chart_py(c, y[i]);
        thick_line(c->r, xa, ya, xb, ya, width);
        if (i + 1 < n && isfinite(y[i + 1]))
            thick_line(c->r, xb, ya, xb, chart_py(c, y[i + 1]), width);
    }
    state_restore(c->r, &s);
}

/* Fills the band over one segment column by column: each pixel column is drawn once, so
 * translucent bands have no seams (triangles leave gaps in the software renderer). */
static void band_segment(chart *c, double xa, double xb, double la, double lb, double ha,
                         double hb, int last)
{
    float pa = chart_px(c, xa), pb = chart_px(c, xb);
    if (!(pb > pa)) return;
    int from = (int)ceilf(pa), to = (int)ceilf(pb) - (last ? 0 : 1);
    for (int px = from; px <= to; px++) {
        double t = ((double)px - pa) / (pb - pa);
        if (t > 1) t = 1;
        float y0 = chart_py(c, la + t * (lb - la)), y1 = chart_py(c, ha + t * (hb - ha));
        SDL_RenderDrawLineF(c->r, (float)px, y0, (float)px, y1);
    }
}

void chart_band(chart *c, const double *x, const double *lo, const double *hi, int n,
                SDL_Color col)
{
    saved_state s;
    state_save(c->r, &s);
    clip_to_plot(c, &s);
    set_color(c->r, col);
    for (int i = 1; i < n; i++) {
        if (!isfinite(lo[i - 1]) || !isfinite(hi[i - 1]) || !isfinite(lo[i]) ||
            !isfinite(hi[i]))
            continue;
        band_segment(c, xat(x, i - 1), xat(x, i), lo[i - 1], lo[i], hi[i - 1], hi[i],
                     i == n - 1);
    }
    state_restore(c->r, &s);
}

void chart_bars(chart *c, const double *left, const double *h, int n, double w, SDL_Color col)
{
    saved_state s;
    state_save(c->r, &s);
    clip_to_plot(c, &s);
    double base = c->y0 > 0 ? c->y0 : 0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(h[i])) continue;
        float xa = chart_px(c, xat(left, i)), xb = chart_px(c, xat(left, i) + w);
        float ya = chart_py(c, h[i]), yb = chart_py(c, base);
        SDL_FRect rect = {xa, fminf(ya, yb), fmaxf(xb - xa - 1, 1), fabsf(yb - ya)};
        set_color(c->r, col);
        SDL_RenderFillRectF(c->r, &rect);
    }
    state_restore(c->r, &s);
}

void chart_hline(chart *c, double y, SDL_Color col, const char *label)
{
    saved_state s;
    state_save(c->r, &s);
    clip_to_plot(c, &s);
    set_color(c->r, col);
    float py = chart_py(c, y);
    int right = c->plot.x + c->plot.w;
    for (int x = c->plot.x; x < right; x += 10) /* dashes of 6 pixels */
        thick_line(c->r, (float)x, py, (float)(x + 6 < right ? x + 6 : right), py, 2);
    SDL_Color fg = c->fg;
    c->fg = col;
    draw_text(c, label, c->plot.x + c->plot.w - 4, (int)py - 3, 2, 2, 0);
    c->fg = fg;
    state_restore(c->r, &s);
}

void chart_vline(chart *c, double x, SDL_Color col)
{
    saved_state s;
    state_save(c->r, &s);
    clip_to_plot(c, &s);
    set_color(c->r, col);
    float px = chart_px(c, x);
    SDL_RenderDrawLineF(c->r, px, (float)c->plot.y, px, (float)(c->plot.y + c->plot.h));
    state_restore(c->r, &s);
}

void chart_legend(chart *c, const char *label, SDL_Color col)
{
    if (!c->font || !label || c->n_legend >= CHART_LEGEND_MAX) return;
    saved_state s;
    state_save(c->r, &s);
    int h = TTF_FontHeight(c->font), w = 0;
    TTF_SizeUTF8(c->font, label, &w, NULL);
    int right = c->plot.x + c->plot.w - 6, top = c->plot.y + 6 + c->n_legend * (h + 2);
    SDL_Rect box = {right - w - h - 10, top - 1, w + h + 10, h + 2};
    SDL_Color bg = c->bg.a ? c->bg : (SDL_Color){255, 255, 255, 200};
    bg.a = 220;
    set_color(c->r, bg);
    SDL_RenderFillRect(c->r, &box);
    SDL_Rect sw = {right - w - h - 6, top + h / 4, h - 2, h / 2};
    set_color(c->r, col);
    SDL_RenderFillRect(c->r, &sw);
    draw_text(c, label, right, top, 2, 0, 0);
    c->n_legend++;
    state_restore(c->r, &s);
}
