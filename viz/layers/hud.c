/* hud.c - the view's side panel: date, ladder, threat gauge and strike rule, host state,
 * meters, charts, legend; laid out from the measured text. */
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

#define MET ((SDL_Color){110, 210, 120, 255})
#define UNMET ((SDL_Color){255, 110, 100, 255})
#define TRACK ((SDL_Color){55, 60, 70, 255})

/* Vertical positions of the panel's blocks (shared by drawing and the tests); a block at
 * y < 0 is left out for want of room. */
typedef struct hud_layout {
    int pad, gap, x, w, top, bottom;
    int lb, ls, lh, lt;                 /* line heights: bold, small, body, title */
    int y_title, y_date, y_speed, y_ladder, y_gauge, y_rule, y_bars, y_meters, y_charts,
        y_threat, y_legend;
    int gauge_h, bar_h, chart_h, box_h, legend_rows, legend_cols;
} hud_layout;

static const struct { int sym; const char *label; } legend_items[] = {
    {LAYER_SYM_SANCTUARY, "sanctuary (size: K)"}, {LAYER_SYM_ATTACK, "attack"},
    {LAYER_SYM_CROSSING, "crossing open"}, {LAYER_SYM_STRIKE, "strike"},
    {LAYER_SYM_CROSSING_CLOSED, "crossing closed"}, {LAYER_SYM_CLASH, "border clash"},
    {LAYER_SYM_TARGET, "target (city)"}, {LAYER_SYM_DRONE, "drone"},
    {LAYER_SYM_AIRBASE, "airbase"}, {-1, "border"}};
#define N_LEGEND ((int)(sizeof legend_items / sizeof legend_items[0]))

/* The fixed blocks: header, ladder, gauge (the gauge's place does not depend on d). */
static hud_layout layout_top(SDL_Rect p, text *t)
{
    hud_layout L;
    double s = p.h / 720.0;
    L.pad = (int)fmax(6, 14 * s);
    L.gap = (int)fmax(4, 8 * s);
    L.x = p.x + L.pad;
    L.w = p.w - 2 * L.pad;
    L.top = p.y;
    L.bottom = p.y + p.h - L.pad / 2;
    L.lb = text_height(t, TEXT_BOLD);
    L.ls = text_height(t, TEXT_SMALL);
    L.lh = text_height(t, TEXT_BODY);
    L.lt = text_height(t, TEXT_TITLE);
    L.gauge_h = (int)fmax(10, 22 * s);
    L.bar_h = (int)fmax(6, L.lh * 0.55);
    L.chart_h = (int)fmax(24, 42 * s);
    L.box_h = (int)fmax(L.lb + 4, 26 * s);
    L.y_title = p.y + L.pad;
    L.y_date = L.y_title + L.lb;
    L.y_speed = L.y_date + L.lt;
    L.y_ladder = L.y_speed + L.lb + L.gap;
    L.y_gauge = L.y_ladder + L.ls + L.box_h + 4 + L.lb + L.gap + L.lb + 2;
    return L;
}

#define RULE_LINES 2   /* lines a condition of the strike rule may take */

static int mark_width(text *t)
{
    int w;
    text_size(t, TEXT_SMALL, "\u2717 ", &w, NULL);
    return w;
}

static int rule_height(const hud_layout *L, text *t, const hud_data *d)
{
    int h = 2 * L->ls + 1, mw = mark_width(t);   /* heading and verdict */
    for (int c = 0; c < MODEL_NSC; c++)
        h += text_wrapped_height_max(t, TEXT_SMALL, d->rule.text[c], L->w - mw, RULE_LINES);
    return h;
}

static int bars_height(const hud_layout *L) { return 3 * (L->lh + 2); }
static int chart_height(const hud_layout *L) { return L->ls + L->chart_h + 4; }

/* The optional blocks, in the order they are drawn (top to bottom). */
enum { OPT_METERS, OPT_ATTACKS, OPT_THREAT, OPT_LEGEND, N_OPT };

static int legend_height(hud_layout *L, text *t, double s)
{
    int wl = 0, sym = (int)(26 * s), row = L->ls + (int)(3 * s);
    for (int i = 0; i < N_LEGEND; i++) {
        int w;
        text_size(t, TEXT_SMALL, legend_items[i].label, &w, NULL);
        wl = w > wl ? w : wl;
    }
    /* two columns when the labels fit them, else one; all of the legend or none */
    L->legend_cols = 2 * (sym + wl) + L->gap <= L->w ? 2 : 1;
    L->legend_rows = (N_LEGEND + L->legend_cols - 1) / L->legend_cols;
    return L->legend_rows * row;
}

/* The rest: the rule and the host's bars, then the optional blocks that fit, taken in order
 * of importance (legend, threat chart, meters, attacks chart) and drawn in their order. */
static hud_layout layout(SDL_Rect p, text *t, const hud_data *d, int legend)
{
    hud_layout L = layout_top(p, t);
    double s = p.h / 720.0;
    int y = L.y_gauge + L.gauge_h + 2 + L.ls + L.gap / 2;   /* under the gauge's labels */
    L.y_rule = L.y_bars = L.y_meters = L.y_charts = L.y_threat = L.y_legend = -1;
    if (d->show_rule && y + rule_height(&L, t, d) <= L.bottom) {
        L.y_rule = y;
        y += rule_height(&L, t, d) + L.gap;
    }
    if (y + bars_height(&L) <= L.bottom) {
        L.y_bars = y;
        y += bars_height(&L) + L.gap / 2;
    }
    int charts = (d->layers & LAYER_CHARTS) != 0, h[N_OPT], want[N_OPT], take[N_OPT] = {0};
    h[OPT_METERS] = meters_height(t, s) + L.gap / 2;
    h[OPT_ATTACKS] = h[OPT_THREAT] = chart_height(&L);
    h[OPT_LEGEND] = legend_height(&L, t, s) + L.gap / 2;
    want[OPT_METERS] = d->show_meters;
    want[OPT_ATTACKS] = want[OPT_THREAT] = charts;
    want[OPT_LEGEND] = legend;
    static const int priority[N_OPT] = {OPT_LEGEND, OPT_THREAT, OPT_METERS, OPT_ATTACKS};
    int room = L.bottom - y;
    for (int i = 0; i < N_OPT; i++) {
        int b = priority[i];
        if (want[b] && h[b] <= room) take[b] = 1, room -= h[b];
    }
    int *at[N_OPT] = {&L.y_meters, &L.y_charts, &L.y_threat, &L.y_legend};
    for (int b = 0; b < N_OPT; b++)
        if (take[b]) *at[b] = y, y += h[b];
    return L;
}

SDL_Rect hud_gauge_rect(SDL_Rect panel, text *t)
{
    hud_layout L = layout_top(panel, t);
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

static void header(text *t, const hud_layout *L, const hud_data *d)
{
    char buf[128], date[11];
    int w;
    text_draw_fit(t, TEXT_BOLD, d->title ? d->title : "frontier", L->x, L->y_title, L->w, HUD_DIM,
                  0);
    date_format(d->start_date + (long)floor(d->st.t), date);
    int dw = text_draw(t, TEXT_TITLE, date, L->x, L->y_date, HUD_FG, 0);
    snprintf(buf, sizeof buf, "day %d", (int)floor(d->st.t));
    text_draw_fit(t, TEXT_BODY, buf, L->x + L->w, L->y_date + (L->lt - L->lh) / 2,
                  L->w - dw - L->gap, HUD_DIM, TEXT_RIGHT);
    snprintf(buf, sizeof buf, "seed %llu", d->seed);
    text_size(t, TEXT_SMALL, buf, &w, NULL);
    text_draw(t, TEXT_SMALL, buf, L->x + L->w, L->y_speed + (L->lb - L->ls) / 2, HUD_DIM,
              TEXT_RIGHT);
    if (d->status) snprintf(buf, sizeof buf, "%s", d->status);
    else if (d->done) snprintf(buf, sizeof buf, "END of the run  (R restarts)");
    else if (d->paused) snprintf(buf, sizeof buf, "PAUSED  %g days/s", d->speed);
    else snprintf(buf, sizeof buf, "running  %g days/s", d->speed);
    text_draw_fit(t, TEXT_BOLD, buf, L->x, L->y_speed, L->w - w - L->gap,
                  d->paused || d->done || d->status ? HUD_WARN : HUD_FG, 0);
}

static void ladder(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    char buf[96];
    int lv = d->st.ladder, y = L->y_ladder, bw = L->w / 6;
    text_draw(t, TEXT_SMALL, "ESCALATION LADDER", L->x, y, HUD_DIM, 0);
    y += L->ls;
    for (int k = 0; k <= 5; k++) {
        SDL_Rect q = {L->x + k * bw + 2, y + 2, bw - 4, L->box_h - 2};
        SDL_Color c = hud_ladder_color(k);
        if (k <= lv) fill(r, q, c);
        else fill(r, q, TRACK);
        if (k == lv) {
            SDL_SetRenderDrawColor(r, 255, 255, 255, 255);
            SDL_RenderDrawRect(r, &(SDL_Rect){q.x - 2, q.y - 2, q.w + 4, q.h + 4});
        }
        snprintf(buf, sizeof buf, "%d", k);
        text_draw(t, TEXT_BOLD, buf, q.x + q.w / 2, q.y + q.h / 2,
                  k <= lv ? (SDL_Color){20, 20, 20, 255} : HUD_DIM, TEXT_CENTER | TEXT_MIDDLE);
    }
    snprintf(buf, sizeof buf, "%d  %s", lv, hud_ladder_name(lv));
    text_draw_fit(t, TEXT_BOLD, buf, L->x, y + L->box_h + 4, L->w, hud_ladder_color(lv), 0);
}

static void vline(SDL_Renderer *r, int x, int y, int h, SDL_Color c)
{
    fill(r, (SDL_Rect){x - 1, y, 3, h}, c);
}

/* The x of a label of width w for a line at lx: beside the line on the side that fits
 * (right unless prefer_left), inside [x0, x1]. */
static int label_x(int lx, int w, int x0, int x1, int prefer_left)
{
    int left = lx - 4 - w, right = lx + 4;
    int x = prefer_left ? (left >= x0 ? left : right) : (right + w <= x1 ? right : left);
    return x < x0 ? x0 : x + w > x1 ? x1 - w : x;
}

static void gauge(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    char warn[48], line[48], head[48];
    SDL_Rect g = {L->x, L->y_gauge, L->w, L->gauge_h};
    snprintf(head, sizeof head, "THREAT  %.2f", d->st.threat);
    text_draw(t, TEXT_BOLD, head, L->x, g.y - L->lb - 2, HUD_FG, 0);
    fill(r, g, TRACK);
    fill(r, (SDL_Rect){g.x, g.y, hud_gauge_x(g, d->st.threat) - g.x, g.h}, HUD_THREAT);
    int xw = hud_gauge_x(g, d->st.warn_at), xt = hud_gauge_x(g, d->st.threshold.effective);
    vline(r, xw, g.y - 3, g.h + 6, HUD_WARN);
    vline(r, xt, g.y - 4, g.h + 8, HUD_THRESHOLD);
    /* the labels under their lines, the warning to the left and the strike line to the
     * right where they fit; when they would meet, the strike line's goes up beside THREAT */
    snprintf(warn, sizeof warn, "warn %.2f", d->st.warn_at);
    snprintf(line, sizeof line, "strike line %.2f", d->st.threshold.effective);
    int ww, lw, hw, ys = g.y + g.h + 2, x1 = L->x + L->w;
    text_size(t, TEXT_SMALL, warn, &ww, NULL);
    text_size(t, TEXT_SMALL, line, &lw, NULL);
    text_size(t, TEXT_BOLD, head, &hw, NULL);
    int wx = label_x(xw, ww, L->x, x1, 1), lx = label_x(xt, lw, L->x, x1, 0);
    text_draw(t, TEXT_SMALL, warn, wx, ys, HUD_WARN, 0);
    if (lx < wx + ww + L->gap && wx < lx + lw + L->gap)
        text_draw_fit(t, TEXT_SMALL, line, x1, g.y - L->lb - 2 + (L->lb - L->ls), x1 - L->x - hw -
                      L->gap, HUD_THRESHOLD, TEXT_RIGHT);
    else text_draw(t, TEXT_SMALL, line, lx, ys, HUD_THRESHOLD, 0);
}

void hud_rule_verdict(const model_strike_rule *r, int state_played, char *out, size_t n)
{
    if (!r->allowed) snprintf(out, n, "Not all hold: no strike today");
    else if (state_played) snprintf(out, n, "All hold: the class may strike");
    else if (r->chance >= 1) snprintf(out, n, "All hold: the state strikes");
    else snprintf(out, n, "All hold: a %.0f%% chance of a strike each day", 100 * r->chance);
}

/* The strike rule: each condition with its mark and numbers, then the verdict. */
static void rule(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    (void)r;
    int y = L->y_rule, mw = mark_width(t);
    text_draw_fit(t, TEXT_SMALL, "STRIKE RULE: a strike needs every line", L->x, y, L->w,
                  HUD_DIM, 0);
    y += L->ls + 1;
    for (int c = 0; c < MODEL_NSC; c++) {
        int ok = d->rule.met[c];
        text_draw(t, TEXT_SMALL, ok ? "\u2713" : "\u2717", L->x, y, ok ? MET : UNMET, 0);
        y += text_draw_wrapped_max(t, TEXT_SMALL, d->rule.text[c], L->x + mw, y, L->w - mw,
                                   RULE_LINES, ok ? HUD_FG : UNMET);
    }
    char v[96];
    hud_rule_verdict(&d->rule, d->state_played, v, sizeof v);
    text_draw_fit(t, TEXT_SMALL, v, L->x, y, L->w, d->rule.allowed ? HUD_THREAT : HUD_DIM, 0);
}

/* A labelled bar; the bar shows f in [0, 1], the text shows value. Columns are measured. */
static void bar(SDL_Renderer *r, text *t, const hud_layout *L, int y, int label_w, int value_w,
                const char *label, double f, double value, SDL_Color c)
{
    char buf[32];
    int x0 = L->x + label_w + L->gap, x1 = L->x + L->w - value_w - L->gap;
    text_draw(t, TEXT_BODY, label, L->x, y, HUD_FG, 0);
    SDL_Rect q = {x0, y + (L->lh - L->bar_h) / 2, x1 - x0, L->bar_h};
    fill(r, q, TRACK);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    fill(r, (SDL_Rect){q.x, q.y, (int)lround(f * q.w), q.h}, c);
    snprintf(buf, sizeof buf, "%.2f", value);
    text_draw(t, TEXT_BODY, buf, L->x + L->w, y, HUD_FG, TEXT_RIGHT);
}

static void host_bars(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    static const char *const labels[3] = {"Cooperation", "Grievance", "Diplomatic"};
    const model_state *s = &d->st;
    int y = L->y_bars, dy = L->lh + 2, vw;
    int lw = text_width_max(t, TEXT_BODY, labels, 3);
    text_size(t, TEXT_BODY, "00.00", &vw, NULL);
    if (s->grievance >= 99.995 || s->diplomatic >= 99.995) text_size(t, TEXT_BODY, "000.00", &vw,
                                                                     NULL);
    bar(r, t, L, y, lw, vw, labels[0], s->cooperation, s->cooperation,
        (SDL_Color){80, 180, 120, 255});
    /* grievance and diplomatic pressure are unbounded: the bar saturates as x / (1 + x) */
    bar(r, t, L, y + dy, lw, vw, labels[1], s->grievance / (1 + s->grievance), s->grievance,
        (SDL_Color){220, 120, 60, 255});
    bar(r, t, L, y + 2 * dy, lw, vw, labels[2], s->diplomatic / (1 + s->diplomatic),
        s->diplomatic, (SDL_Color){90, 150, 230, 255});
}

static void chart_box(SDL_Renderer *r, chart *c, SDL_Rect q, double x1, double y1)
{
    chart_init(c, r, q, NULL);
    c->bg = (SDL_Color){40, 45, 55, 255};
    c->fg = HUD_DIM;
    c->grid = (SDL_Color){0, 0, 0, 0};
    chart_set_range(c, 0, x1, 0, y1);
    chart_axes(c, NULL, NULL, NULL);
}

static void attacks_chart(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    int y = L->y_charts, mw;
    chart c;
    double top = 1;
    char buf[32];
    for (int i = 0; i < d->n_weeks; i++) top = fmax(top, d->weekly[i]);
    snprintf(buf, sizeof buf, "max %g", ceil(top));
    text_size(t, TEXT_SMALL, buf, &mw, NULL);
    text_draw_fit(t, TEXT_SMALL, "Attacks per week, last 180 days", L->x, y, L->w - mw - L->gap,
                  HUD_DIM, 0);
    text_draw(t, TEXT_SMALL, buf, L->x + L->w, y, HUD_DIM, TEXT_RIGHT);
    chart_box(r, &c, (SDL_Rect){L->x, y + L->ls, L->w, L->chart_h}, HUD_WEEKS, ceil(top));
    chart_bars(&c, NULL, d->weekly, d->n_weeks, 1, HUD_THREAT);
}

static void threat_chart(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    int y = L->y_threat;
    chart c;
    text_draw_fit(t, TEXT_SMALL, "Threat (red) vs strike line (white)", L->x, y, L->w, HUD_DIM,
                  0);
    chart_box(r, &c, (SDL_Rect){L->x, y + L->ls, L->w, L->chart_h}, HUD_DAYS - 1, 1);
    chart_line(&c, NULL, d->thr, d->n_days, HUD_THRESHOLD, 2);
    chart_line(&c, NULL, d->threat, d->n_days, HUD_THREAT, 2);
}

static void legend(SDL_Renderer *r, text *t, layers *l, const hud_layout *L, SDL_Rect p)
{
    float s = (float)(p.h / 720.0);
    int row = L->ls + (int)(3 * s), col = L->w / L->legend_cols, sym = (int)(26 * s);
    for (int i = 0; i < N_LEGEND; i++) {
        int x = L->x + (i % L->legend_cols) * col, yy = L->y_legend + (i / L->legend_cols) * row;
        float cx = (float)x + 11 * s, cy = (float)yy + (float)row / 2;
        if (legend_items[i].sym >= 0) layers_draw_symbol(l, legend_items[i].sym, cx, cy, s);
        else fill(r, (SDL_Rect){x, (int)cy - 2, (int)(22 * s), 5}, (SDL_Color){176, 20, 40, 255});
        text_draw_fit(t, TEXT_SMALL, legend_items[i].label, x + sym, (int)cy, col - sym, HUD_FG,
                      TEXT_MIDDLE);
    }
}

void hud_draw(SDL_Renderer *r, text *t, layers *l, SDL_Rect panel, const hud_data *d)
{
    hud_layout L = layout(panel, t, d, l != NULL);
    double s = panel.h / 720.0;
    SDL_Rect clip;
    int clipped = SDL_RenderIsClipEnabled(r);
    SDL_RenderGetClipRect(r, &clip);
    SDL_RenderSetClipRect(r, &panel);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    fill(r, panel, HUD_BG);
    text_region(t, (SDL_Rect){L.x, panel.y, L.w, panel.h}, 1, "side panel");
    header(t, &L, d);
    ladder(r, t, &L, d);
    gauge(r, t, &L, d);
    if (L.y_rule >= 0) rule(r, t, &L, d);
    if (L.y_bars >= 0) host_bars(r, t, &L, d);
    if (L.y_meters >= 0)
        meters_draw(r, t, (SDL_Rect){L.x, L.y_meters, L.w, meters_height(t, s)}, &d->meters);
    if (L.y_charts >= 0) attacks_chart(r, t, &L, d);
    if (L.y_threat >= 0) threat_chart(r, t, &L, d);
    if (L.y_legend >= 0) legend(r, t, l, &L, panel);
    SDL_RenderSetClipRect(r, clipped ? &clip : NULL);
}
