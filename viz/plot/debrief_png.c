/* debrief_png.c - the debrief's charts of one run, rendered headless and saved as PNG. */
#include "plot/debrief_png.h"
#include "base/alloc.h"
#include "base/err.h"
#include "draw/chart.h"
#include "io/afile.h"
#include "plot/plot.h"
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define DPNG_W 900
#define DPNG_H 420
#define DPNG_FONT_PT 15

static const SDL_Color ink = {40, 40, 40, 255};
static const SDL_Color blue = {31, 94, 168, 255};
static const SDL_Color red = {200, 40, 40, 255};
static const SDL_Color orange = {230, 120, 20, 255};
static const SDL_Color strike_col = {120, 0, 120, 160};

/* The canvas: a surface, its software renderer and the font. */
typedef struct canvas {
    SDL_Surface *surf;
    SDL_Renderer *r;
    TTF_Font *font;
    int ttf;
} canvas;

static void canvas_close(canvas *c)
{
    if (c->r) SDL_DestroyRenderer(c->r);
    if (c->surf) SDL_FreeSurface(c->surf);
    if (c->font) TTF_CloseFont(c->font);
    if (c->ttf) TTF_Quit();
}

static int canvas_open(canvas *c)
{
    *c = (canvas){0};
    if (TTF_Init() != 0) return SIM_EIO;
    c->ttf = 1;
    const char *font = plot_font_path();
    if (!font) {
        SDL_SetError("no DejaVuSans.ttf found (install fonts-dejavu-core or set FRONTIER_FONT)");
        return SIM_EIO;
    }
    c->font = TTF_OpenFont(font, DPNG_FONT_PT);
    c->surf = c->font ? SDL_CreateRGBSurfaceWithFormat(0, DPNG_W, DPNG_H, 32,
                                                       SDL_PIXELFORMAT_ARGB8888) : NULL;
    c->r = c->surf ? SDL_CreateSoftwareRenderer(c->surf) : NULL;
    return c->r ? 0 : SIM_EIO;
}

static void canvas_begin(canvas *cv, chart *c)
{
    SDL_SetRenderDrawColor(cv->r, 255, 255, 255, 255);
    SDL_RenderClear(cv->r);
    chart_init(c, cv->r, (SDL_Rect){10, 8, DPNG_W - 20, DPNG_H - 16}, cv->font);
    c->fg = ink;
}

/* Saves the canvas to path through a temporary file. */
static int canvas_save(canvas *cv, const char *path)
{
    SDL_RenderPresent(cv->r);
    afile *a = afile_open(path);
    if (!a) {
        SDL_SetError("cannot create %s", path);
        return SIM_EIO;
    }
    SDL_RWops *rw = SDL_RWFromFP(afile_stream(a), SDL_FALSE);
    if (!rw || IMG_SavePNG_RW(cv->surf, rw, 0) != 0) {
        if (rw) SDL_RWclose(rw);
        afile_abort(a);
        return SIM_EIO;
    }
    SDL_RWclose(rw);
    return afile_commit(a) == 0 ? 0 : SIM_EIO;
}

/* Threat and effective threshold by day, the warning level, strikes as vertical lines. */
static int draw_threat(canvas *cv, const model *m, const char *path)
{
    int n = model_day_count(m);
    double *buf = sim_malloc(3 * (size_t)(n ? n : 1) * sizeof *buf);
    if (!buf) return SIM_ENOMEM;
    double *x = buf, *S = buf + n, *th = buf + 2 * n;
    for (int i = 0; i < n; i++) {
        const model_day *d = model_day_at(m, i);
        x[i] = d->t, S[i] = d->threat, th[i] = d->threshold_eff;
    }
    chart c;
    canvas_begin(cv, &c);
    chart_set_range(&c, 0, n ? x[n - 1] : 1, 0, 1);
    chart_axes(&c, "Threat score and the strike threshold", "day", "threat score");
    for (int i = 0; i < model_record_count(m); i++)
        if (model_record_at(m, i)->kind == MODEL_REC_STRIKE)
            chart_vline(&c, model_record_at(m, i)->t, strike_col);
    chart_hline(&c, model_params(m)->state.warn_at, orange, "warning level");
    chart_line(&c, x, th, n, red, 2);
    chart_line(&c, x, S, n, blue, 2);
    chart_legend(&c, "threat score", blue);
    chart_legend(&c, "strike threshold", red);
    chart_legend(&c, "strike", strike_col);
    sim_free(buf);
    return canvas_save(cv, path);
}

/* Attacks counted per week of the run, as bars. */
static int draw_attacks(canvas *cv, const model *m, const char *path)
{
    int weeks = (int)ceil(model_horizon(m) / 7.0);
    if (weeks < 1) weeks = 1;
    double *h = sim_calloc((size_t)weeks, sizeof *h);
    if (!h) return SIM_ENOMEM;
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        int w = (int)floor(r->t / 7.0);
        if (r->kind == MODEL_REC_ATTACK && w >= 0) h[w < weeks ? w : weeks - 1] += 1;
    }
    chart c;
    canvas_begin(cv, &c);
    chart_set_range(&c, 0, weeks, 0, 1);
    const double *ys[1] = {h};
    chart_fit_y(&c, ys, 1, weeks, 1);
    chart_axes(&c, "Attacks per week", "week", "attacks");
    chart_bars(&c, NULL, h, weeks, 0.8, blue);
    sim_free(h);
    return canvas_save(cv, path);
}

int debrief_png_write(const model *m, const char *dir, const char *stem, debrief_chart *out,
                      int *n)
{
    *n = 0;
    if (!m || !dir || !stem || !out) return SIM_EINVAL;
    canvas cv;
    int rc = canvas_open(&cv);
    static const char *const suffix[2] = {"threat", "attacks"};
    static const char *const title[2] = {"Threat score against the strike threshold",
                                         "Attacks per week"};
    for (int k = 0; !rc && k < 2; k++) {
        char path[1024];
        debrief_chart *ch = &out[*n];
        snprintf(ch->file, sizeof ch->file, "%s-%s.png", stem, suffix[k]);
        snprintf(ch->title, sizeof ch->title, "%s", title[k]);
        snprintf(path, sizeof path, "%s/%s", dir, ch->file);
        rc = k == 0 ? draw_threat(&cv, m, path) : draw_attacks(&cv, m, path);
        if (!rc) (*n)++;
    }
    canvas_close(&cv);
    return rc;
}
