/* plot.c - ensemble figures rendered headless with chart.h and saved as PNG. */
#include "plot/plot.h"
#include "base/alloc.h"
#include "base/err.h"
#include "draw/chart.h"
#include "io/afile.h"
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PLOT_FONT_PT 15
#define SOBOL_PLOT_MAX 32 /* factors drawn per panel */

struct plot {
    SDL_Surface *surf;
    SDL_Renderer *r;
    TTF_Font *font;
    int ttf_inited;
};

static const SDL_Color ink = {40, 40, 40, 255};
static const SDL_Color blue = {31, 94, 168, 255};
static const SDL_Color blue_light = {31, 94, 168, 50};
static const SDL_Color blue_mid = {31, 94, 168, 90};
static const SDL_Color red = {200, 40, 40, 255};
static const SDL_Color orange = {230, 120, 20, 255};

const char *plot_font_path(void)
{
    static const char *const candidates[] = {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/local/share/fonts/DejaVuSans.ttf",
    };
    const char *env = getenv("FRONTIER_FONT");
    if (env && *env && access(env, R_OK) == 0) return env;
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (access(candidates[i], R_OK) == 0) return candidates[i];
    return NULL;
}

const char *plot_last_error(void) { return SDL_GetError(); }

plot *plot_create(int w, int h, int *err)
{
    int code = SIM_EIO;
    plot *p = sim_calloc(1, sizeof *p);
    if (!p) { code = SIM_ENOMEM; goto fail; }
    if (TTF_Init() != 0) goto fail;
    p->ttf_inited = 1;
    const char *font = plot_font_path();
    if (!font) {
        SDL_SetError("no DejaVuSans.ttf found (install fonts-dejavu-core or set FRONTIER_FONT)");
        goto fail;
    }
    p->font = TTF_OpenFont(font, PLOT_FONT_PT);
    if (!p->font) goto fail;
    p->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!p->surf) goto fail;
    p->r = SDL_CreateSoftwareRenderer(p->surf);
    if (!p->r) goto fail;
    return p;
fail:
    plot_destroy(p);
    if (err) *err = code;
    return NULL;
}

void plot_destroy(plot *p)
{
    if (!p) return;
    if (p->r) SDL_DestroyRenderer(p->r);
    if (p->surf) SDL_FreeSurface(p->surf);
    if (p->font) TTF_CloseFont(p->font);
    if (p->ttf_inited) TTF_Quit();
    sim_free(p);
}

/* Clears the canvas and prepares a chart covering it. */
static void begin(plot *p, chart *c)
{
    SDL_SetRenderDrawColor(p->r, 255, 255, 255, 255);
    SDL_RenderClear(p->r);
    chart_init(c, p->r, (SDL_Rect){10, 8, p->surf->w - 20, p->surf->h - 16}, p->font);
    c->fg = ink;
}

/* Writes the canvas to path through a temporary file. */
static int save(plot *p, const char *path)
{
    SDL_RenderPresent(p->r);
    afile *a = afile_open(path);
    if (!a) { SDL_SetError("cannot create %s", path); return SIM_EIO; }
    SDL_RWops *rw = SDL_RWFromFP(afile_stream(a), SDL_FALSE);
    if (!rw || IMG_SavePNG_RW(p->surf, rw, 0) != 0) {
        if (rw) SDL_RWclose(rw);
        afile_abort(a);
        return SIM_EIO;
    }
    SDL_RWclose(rw);
    return afile_commit(a) == 0 ? 0 : SIM_EIO;
}

static double max_of(const double *v, int n)
{
    double m = -INFINITY;
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] > m) m = v[i];
    return m;
}

int plot_fan(plot *p, const char *path, const char *title, const char *xlabel,
             const char *ylabel, const double *x, const double *const q[5], int n,
             const double *ref, const char *ref_label)
{
    chart c;
    begin(p, &c);
    double xmax = n > 0 ? (x ? max_of(x, n) : n - 1) : 1;
    chart_set_range(&c, x && n > 0 ? x[0] : 0, xmax, 0, 1);
    const double *ys[6] = {q[0], q[1], q[2], q[3], q[4], ref};
    chart_fit_y(&c, ys, 6, n, 1);
    chart_axes(&c, title, xlabel, ylabel);
    chart_band(&c, x, q[0], q[4], n, blue_light);
    chart_band(&c, x, q[1], q[3], n, blue_mid);
    chart_line(&c, x, q[2], n, blue, 2);
    if (ref) chart_line(&c, x, ref, n, red, 2);
    chart_legend(&c, "median", blue);
    chart_legend(&c, "25-75%", blue_mid);
    chart_legend(&c, "5-95%", blue_light);
    if (ref) chart_legend(&c, ref_label ? ref_label : "reference", red);
    return save(p, path);
}

int plot_survival(plot *p, const char *path, const char *title, const char *xlabel,
                  const double *t, const double *s, const double *lo, const double *hi, int n,
                  double horizon)
{
    chart c;
    begin(p, &c);
    chart_set_range(&c, 0, horizon > 0 ? horizon : 1, 0, 1);
    chart_axes(&c, title, xlabel, "P(no strike yet)");
    /* Prepend t = 0, S = 1 so the curve starts at the top-left corner. */
    int m = n + 1;
    double *buf = sim_malloc(4 * (size_t)m * sizeof *buf);
    if (!buf) return SIM_ENOMEM;
    double *tt = buf, *ss = buf + m, *ll = buf + 2 * m, *hh = buf + 3 * m;
    tt[0] = 0; ss[0] = ll[0] = hh[0] = 1;
    for (int i = 0; i < n; i++) {
        tt[i + 1] = t[i]; ss[i + 1] = s[i];
        ll[i + 1] = lo ? lo[i] : s[i]; hh[i + 1] = hi ? hi[i] : s[i];
    }
    chart_step(&c, tt, ll, m, blue_mid, 1);
    chart_step(&c, tt, hh, m, blue_mid, 1);
    chart_step(&c, tt, ss, m, blue, 3);
    chart_hline(&c, 0.5, orange, "50%");
    chart_legend(&c, "Kaplan-Meier estimate", blue);
    chart_legend(&c, "95% band (Greenwood)", blue_mid);
    sim_free(buf);
    return save(p, path);
}

static int integer_data(const double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] != floor(v[i])) return 0;
    return 1;
}

/* Bin layout for a histogram: integer data get bins of whole units. */
static void hist_bins(const double *v, int n, int bins, double *lo, double *width, int *nb)
{
    double mn = INFINITY, mx = -INFINITY;
    int integer = integer_data(v, n);
    for (int i = 0; i < n; i++) {
        if (!isfinite(v[i])) continue;
        if (v[i] < mn) mn = v[i];
        if (v[i] > mx) mx = v[i];
    }
    if (!isfinite(mn)) { mn = 0; mx = 1; }
    double w = (mx - mn) / (bins > 0 ? bins : 1);
    if (integer) { w = ceil(w); if (w < 1) w = 1; mn -= 0.5 * w; }
    if (w <= 0) w = 1;
    *lo = mn;
    *width = w;
    *nb = (int)floor((mx - *lo) / w) + 1;
}

int plot_histogram(plot *p, const char *path, const char *title, const char *xlabel,
                   const double *values, int n, int bins)
{
    double lo, w, sum = 0;
    int nb, count = 0;
    hist_bins(values, n, bins, &lo, &w, &nb);
    double *h = sim_calloc((size_t)nb, sizeof *h), *left = sim_malloc((size_t)nb * sizeof *left);
    if (!h || !left) { sim_free(h); sim_free(left); return SIM_ENOMEM; }
    for (int i = 0; i < n; i++) {
        if (!isfinite(values[i])) continue;
        int b = (int)floor((values[i] - lo) / w);
        h[b < 0 ? 0 : b >= nb ? nb - 1 : b] += 1;
        sum += values[i];
        count++;
    }
    for (int b = 0; b < nb; b++) left[b] = lo + b * w;
    chart c;
    begin(p, &c);
    chart_set_range(&c, lo, lo + nb * w, 0, 1);
    c.x_whole = integer_data(values, n);
    const double *ys[1] = {h};
    chart_fit_y(&c, ys, 1, nb, 1);
    chart_axes(&c, title, xlabel, "replications");
    chart_bars(&c, left, h, nb, w, blue);
    if (count > 0) {
        double mean = sum / count;
        char label[64];
        snprintf(label, sizeof label, "mean %.4g", mean);
        chart_vline(&c, mean, red);
        chart_vline(&c, mean + (c.x1 - c.x0) / c.plot.w, red); /* two pixels wide */
        chart_legend(&c, label, red);
    }
    sim_free(h);
    sim_free(left);
    return save(p, path);
}

/* A vertical whisker from lo to hi at x (skipped when either is not finite). */
static void whisker(chart *c, double x, double lo, double hi, SDL_Color col)
{
    if (!isfinite(lo) || !isfinite(hi)) return;
    const double xs[2] = {x, x}, ys[2] = {lo, hi};
    chart_line(c, xs, ys, 2, col, 2);
}

/* Draws one line of text with its top-left corner at (x, y). */
static void plot_text(plot *p, const char *str, int x, int y)
{
    SDL_Surface *ts = TTF_RenderUTF8_Blended(p->font, str, ink);
    SDL_Texture *tx = ts ? SDL_CreateTextureFromSurface(p->r, ts) : NULL;
    if (tx) SDL_RenderCopy(p->r, tx, NULL, &(SDL_Rect){x, y, ts->w, ts->h});
    if (tx) SDL_DestroyTexture(tx);
    if (ts) SDL_FreeSurface(ts);
}

/* The key to the factors' numbers, one line each, from (x, y). */
static void factor_key(plot *p, const plot_sobol_data *s, int x, int y)
{
    char line[300];
    int step = TTF_FontLineSkip(p->font) + 2;
    plot_text(p, "factors:", x, y);
    for (int i = 0; i < s->d && i < SOBOL_PLOT_MAX; i++) {
        snprintf(line, sizeof line, "%d  %s", i + 1, s->factors[i]);
        plot_text(p, line, x + 10, y + (i + 1) * step);
    }
}

/* One output's panel in area. */
static void sobol_panel(plot *p, SDL_Rect area, const plot_sobol_data *s, int o,
                        const char *xlabel)
{
    chart c;
    chart_init(&c, p->r, area, p->font);
    c.fg = ink;
    c.x_whole = 1;
    const double *v = s->first + o * s->d, *vl = s->first_lo + o * s->d;
    const double *t = s->total + o * s->d, *th = s->total_hi + o * s->d;
    double lo = 0, hi = 1;
    for (int i = 0; i < s->d; i++) {
        if (isfinite(vl[i]) && vl[i] < lo) lo = vl[i];
        if (isfinite(th[i]) && th[i] > hi) hi = th[i];
    }
    chart_set_range(&c, 0.5, s->d + 0.5, lo, hi);
    chart_axes(&c, s->outputs[o], xlabel, "Sobol index");
    double left[SOBOL_PLOT_MAX], left2[SOBOL_PLOT_MAX];
    int d = s->d < SOBOL_PLOT_MAX ? s->d : SOBOL_PLOT_MAX;
    for (int i = 0; i < d; i++) {
        left[i] = i + 1 - 0.35;
        left2[i] = i + 1 - 0.15;
    }
    chart_bars(&c, left, t, d, 0.7, blue_mid);
    chart_bars(&c, left2, v, d, 0.3, blue);
    for (int i = 0; i < d; i++) {
        whisker(&c, i + 1 - 0.25, s->total_lo[o * s->d + i], th[i], ink);
        whisker(&c, i + 1, vl[i], s->first_hi[o * s->d + i], red);
    }
    chart_hline(&c, 0, ink, NULL);
    if (o == 0) {
        chart_legend(&c, "total (light), 95% interval", blue_mid);
        chart_legend(&c, "first-order (dark), 95% interval", blue);
    }
}

int plot_sobol(plot *p, const char *path, const char *title, const plot_sobol_data *s)
{
    SDL_SetRenderDrawColor(p->r, 255, 255, 255, 255);
    SDL_RenderClear(p->r);
    if (s->n_out < 1) return SIM_EINVAL;
    int cols = s->n_out > 4 ? 4 : s->n_out, rows = (s->n_out + cols - 1) / cols;
    int w = p->surf->w, top = 34, h = (p->surf->h - top) / (rows ? rows : 1);
    int tw = 0, th = 0;
    TTF_SizeUTF8(p->font, title, &tw, &th);
    plot_text(p, title, (w - tw) / 2, 8);
    for (int o = 0; o < s->n_out; o++) {
        SDL_Rect area = {(o % cols) * w / cols + 4, top + (o / cols) * h, w / cols - 8, h - 4};
        sobol_panel(p, area, s, o, "factor");
    }
    /* The key goes in the first free cell, or below the grid when there is none. */
    int cell = s->n_out < rows * cols ? s->n_out : -1;
    if (cell >= 0) factor_key(p, s, (cell % cols) * w / cols + 30, top + (cell / cols) * h + 30);
    else factor_key(p, s, 20, top + rows * h - 20);
    return save(p, path);
}
