/* hud.c - the view's side panel: date, ladder, threat gauge, host state, charts, legend. */
#include "layers/hud.h"
#include "base/date.h"
#include "draw/chart.h"
#include "layers/layers.h"
#include <math.h>
#include <stdio.h>

static const char *const ladder_names[6] = {"calm", "diplomatic friction", "coercive diplomacy",
                                            "limited cross-border strike", "border clashes",
                                            "sustained hostilities"};

const char *hud_ladder_name(int level)
{
    return level >= 0 && level <= 5 ? ladder_names[level] : "?";
}

SDL_Color hud_ladder_color(int level)
{
    static const SDL_Color c[6] = {{60, 170, 90, 255},  {170, 200, 60, 255}, {250, 200, 40, 255},
                                   {245, 130, 30, 255}, {225, 50, 40, 255},  {160, 20, 60, 255}};
    return c[level < 0 ? 0 : level > 5 ? 5 : level];
}

/* Vertical positions of the panel's blocks (shared by drawing and the tests). */
typedef struct hud_layout {
    int pad, x, w, line, big;
    int y_title, y_date, y_speed, y_ladder, y_gauge, y_bars, y_meters, y_charts, y_legend;
    int gauge_h, bar_h, chart_h;
} hud_layout;

static hud_layout layout(SDL_Rect p, text *t)
{
    hud_layout L;
    double s = p.h / 720.0;
    L.pad = (int)(14 * s);
    L.x = p.x + L.pad;
    L.w = p.w - 2 * L.pad;
    L.line = text_height(t, TEXT_BODY);
    L.big = text_height(t, TEXT_TITLE);
    L.gauge_h = (int)(26 * s);
    L.bar_h = (int)(14 * s);
    L.chart_h = (int)(46 * s);
    L.y_title = p.y + L.pad;
    L.y_date = L.y_title + L.line + 2;
    L.y_speed = L.y_date + L.big;
    L.y_ladder = L.y_speed + L.line + L.pad;
    L.y_gauge = L.y_ladder + L.line + (int)(28 * s) + L.line + L.pad + L.line + 2;
    L.y_bars = L.y_gauge + L.gauge_h + text_height(t, TEXT_SMALL) + L.pad / 2;
    L.y_meters = L.y_bars + 3 * (L.line + 4) + L.pad / 2;
    L.y_charts = L.y_meters + meters_height(t, s) + L.pad / 4;
    L.y_legend = L.y_charts + 2 * (text_height(t, TEXT_SMALL) + L.chart_h + 6) + L.pad / 2;
    return L;
}

SDL_Rect hud_gauge_rect(SDL_Rect panel, text *t)
{
    hud_layout L = layout(panel, t);
    return (SDL_Rect){L.x, L.y_gauge, L.w, L.gauge_h};
}

int hud_gauge_x(SDL_Rect g, double v)
{
    v = v < 0 ? 0 : v > 1 ? 1 : v;
    return g.x + (int)lround(v * (g.w - 1));
}

static void fill(SDL_Renderer *r, SDL_Rect q, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, &q);
}

static void header(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    char buf[96], date[11];
    (void)r;
    text_draw(t, TEXT_BOLD, d->title ? d->title : "frontier", L->x, L->y_title, HUD_DIM, 0);
    date_format(d->start_date + (long)floor(d->st.t), date);
    text_draw(t, TEXT_TITLE, date, L->x, L->y_date, HUD_FG, 0);
    snprintf(buf, sizeof buf, "day %d", (int)floor(d->st.t));
    text_draw(t, TEXT_BODY, buf, L->x + L->w, L->y_date + 4, HUD_DIM, TEXT_RIGHT);
    if (d->done) snprintf(buf, sizeof buf, "END of the run  (R restarts)");
    else if (d->paused) snprintf(buf, sizeof buf, "PAUSED  (space to run)");
    else snprintf(buf, sizeof buf, "running  %g days/s", d->speed);
    text_draw(t, TEXT_BOLD, buf, L->x, L->y_speed, d->paused || d->done ? HUD_WARN : HUD_FG, 0);
    snprintf(buf, sizeof buf, "seed %llu", d->seed);
    text_draw(t, TEXT_SMALL, buf, L->x + L->w, L->y_speed + 2, HUD_DIM, TEXT_RIGHT);
}

static void ladder(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d, double s)
{
    char buf[96];
    int lv = d->st.ladder, y = L->y_ladder, bw = L->w / 6, bh = (int)(28 * s);
    text_draw(t, TEXT_SMALL, "ESCALATION LADDER", L->x, y, HUD_DIM, 0);
    y += L->line;
    for (int k = 0; k <= 5; k++) {
        SDL_Rect q = {L->x + k * bw, y, bw - 4, bh};
        SDL_Color c = hud_ladder_color(k);
        if (k <= lv) fill(r, q, c);
        else fill(r, q, (SDL_Color){55, 60, 70, 255});
        if (k == lv) {
            SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
            SDL_RenderDrawRect(r, &(SDL_Rect){q.x - 2, q.y - 2, q.w + 4, q.h + 4});
        }
        snprintf(buf, sizeof buf, "%d", k);
        text_draw(t, TEXT_BOLD, buf, q.x + q.w / 2, q.y + q.h / 2,
                  k <= lv ? (SDL_Color){20, 20, 20, 255} : HUD_DIM, TEXT_CENTER | TEXT_MIDDLE);
    }
    snprintf(buf, sizeof buf, "%d  %s", lv, hud_ladder_name(lv));
    text_draw(t, TEXT_BOLD, buf, L->x, y + bh + 6, hud_ladder_color(lv), 0);
}

static void vline(SDL_Renderer *r, int x, int y, int h, SDL_Color c)
{
    fill(r, (SDL_Rect){x - 1, y, 3, h}, c);
}

static void gauge(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    char buf[64];
    SDL_Rect g = {L->x, L->y_gauge, L->w, L->gauge_h};
    snprintf(buf, sizeof buf, "THREAT  %.2f", d->st.threat);
    text_draw(t, TEXT_BOLD, buf, L->x, g.y - L->line - 2, HUD_FG, 0);
    fill(r, g, (SDL_Color){55, 60, 70, 255});
    fill(r, (SDL_Rect){g.x, g.y, hud_gauge_x(g, d->st.threat) - g.x, g.h}, HUD_THREAT);
    int xw = hud_gauge_x(g, d->st.warn_at), xt = hud_gauge_x(g, d->st.threshold.effective);
    vline(r, xw, g.y - 3, g.h + 6, HUD_WARN);
    vline(r, xt, g.y - 4, g.h + 8, HUD_THRESHOLD);
    int ys = g.y + g.h + 1;
    snprintf(buf, sizeof buf, "warn %.2f", d->st.warn_at);
    text_draw(t, TEXT_SMALL, buf, xw - 3, ys, HUD_WARN, TEXT_RIGHT);
    snprintf(buf, sizeof buf, "strike %.2f", d->st.threshold.effective);
    text_draw(t, TEXT_SMALL, buf, xt + 3, ys, HUD_THRESHOLD,
              xt > g.x + g.w * 3 / 4 ? TEXT_RIGHT : 0);
}

/* A labelled bar; the bar shows f in [0, 1], the text shows value. */
static void bar(SDL_Renderer *r, text *t, const hud_layout *L, int y, const char *label,
                double f, double value, SDL_Color c)
{
    char buf[32];
    int x0 = L->x + L->w * 40 / 100, x1 = L->x + L->w - L->w * 15 / 100;
    text_draw(t, TEXT_BODY, label, L->x, y, HUD_FG, 0);
    SDL_Rect q = {x0, y + (L->line - L->bar_h) / 2, x1 - x0, L->bar_h};
    fill(r, q, (SDL_Color){55, 60, 70, 255});
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    fill(r, (SDL_Rect){q.x, q.y, (int)lround(f * q.w), q.h}, c);
    snprintf(buf, sizeof buf, "%.2f", value);
    text_draw(t, TEXT_BODY, buf, L->x + L->w, y, HUD_FG, TEXT_RIGHT);
}

static void host_bars(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    int y = L->y_bars, dy = L->line + 4;
    const model_state *s = &d->st;
    bar(r, t, L, y, "Cooperation", s->cooperation, s->cooperation, (SDL_Color){80, 180, 120, 255});
    /* grievance and diplomatic pressure are unbounded: the bar saturates as x / (1 + x) */
    bar(r, t, L, y + dy, "Grievance", s->grievance / (1 + s->grievance), s->grievance,
        (SDL_Color){220, 120, 60, 255});
    bar(r, t, L, y + 2 * dy, "Diplomatic", s->diplomatic / (1 + s->diplomatic), s->diplomatic,
        (SDL_Color){90, 150, 230, 255});
}

static void charts(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    int y = L->y_charts, sh = text_height(t, TEXT_SMALL);
    chart c;
    double top = 1;
    for (int i = 0; i < d->n_weeks; i++) top = fmax(top, d->weekly[i]);
    text_draw(t, TEXT_SMALL, "Attacks per week, last 180 days", L->x, y, HUD_DIM, 0);
    chart_init(&c, r, (SDL_Rect){L->x, y + sh, L->w, L->chart_h}, NULL);
    c.bg = (SDL_Color){40, 45, 55, 255};
    c.fg = HUD_DIM;
    c.grid = (SDL_Color){0, 0, 0, 0};
    chart_set_range(&c, 0, HUD_WEEKS, 0, ceil(top));
    chart_axes(&c, NULL, NULL, NULL);
    chart_bars(&c, NULL, d->weekly, d->n_weeks, 1, HUD_THREAT);
    char buf[32];
    snprintf(buf, sizeof buf, "max %g", ceil(top));
    text_draw(t, TEXT_SMALL, buf, L->x + L->w, y, HUD_DIM, TEXT_RIGHT);
    y += sh + L->chart_h + 6;
    text_draw(t, TEXT_SMALL, "Threat (red) vs strike threshold (white)", L->x, y, HUD_DIM, 0);
    chart_init(&c, r, (SDL_Rect){L->x, y + sh, L->w, L->chart_h}, NULL);
    c.bg = (SDL_Color){40, 45, 55, 255};
    c.fg = HUD_DIM;
    c.grid = (SDL_Color){0, 0, 0, 0};
    chart_set_range(&c, 0, HUD_DAYS - 1, 0, 1);
    chart_axes(&c, NULL, NULL, NULL);
    chart_line(&c, NULL, d->thr, d->n_days, HUD_THRESHOLD, 2);
    chart_line(&c, NULL, d->threat, d->n_days, HUD_THREAT, 2);
}

static void legend(SDL_Renderer *r, text *t, layers *l, const hud_layout *L, SDL_Rect p)
{
    static const struct { int sym; const char *label; } e[] = {
        {LAYER_SYM_SANCTUARY, "sanctuary (size: K)"}, {LAYER_SYM_ATTACK, "attack"},
        {LAYER_SYM_CROSSING, "crossing open"}, {LAYER_SYM_STRIKE, "strike"},
        {LAYER_SYM_CROSSING_CLOSED, "crossing closed"}, {LAYER_SYM_CLASH, "border clash"},
        {LAYER_SYM_TARGET, "target (city)"}, {LAYER_SYM_DRONE, "drone"},
        {LAYER_SYM_AIRBASE, "airbase"}, {-1, "border"}};
    float s = (float)(p.h / 720.0);
    int row = text_height(t, TEXT_SMALL) + (int)(4 * s), col = L->w * 58 / 100;
    int y = L->y_legend;
    for (int i = 0; i < (int)(sizeof e / sizeof e[0]); i++) {
        int x = L->x + (i % 2) * col, yy = y + (i / 2) * row;
        if (yy + row > p.y + p.h) break;
        float cx = (float)x + 11 * s, cy = (float)yy + (float)row / 2;
        if (e[i].sym >= 0) layers_draw_symbol(l, e[i].sym, cx, cy, s);
        else fill(r, (SDL_Rect){x, (int)cy - 2, (int)(22 * s), 5}, (SDL_Color){176, 20, 40, 255});
        text_draw(t, TEXT_SMALL, e[i].label, x + (int)(26 * s), (int)cy, HUD_FG, TEXT_MIDDLE);
    }
}

void hud_draw(SDL_Renderer *r, text *t, layers *l, SDL_Rect panel, const hud_data *d)
{
    hud_layout L = layout(panel, t);
    double s = panel.h / 720.0;
    SDL_Rect clip;
    int clipped = SDL_RenderIsClipEnabled(r);
    SDL_RenderGetClipRect(r, &clip);
    SDL_RenderSetClipRect(r, &panel);   /* long titles stop at the panel's edge */
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    fill(r, panel, HUD_BG);
    header(r, t, &L, d);
    ladder(r, t, &L, d, s);
    gauge(r, t, &L, d);
    host_bars(r, t, &L, d);
    if (d->show_meters)
        meters_draw(r, t, (SDL_Rect){L.x, L.y_meters, L.w, meters_height(t, s)}, &d->meters);
    if (d->layers & LAYER_CHARTS) charts(r, t, &L, d);
    if (l) legend(r, t, l, &L, panel);
    SDL_RenderSetClipRect(r, clipped ? &clip : NULL);
}
