/* hud.c - the view's side panel: date, ladder, threat gauge and strike rule, host state,
 * meters, charts, legend; laid out from the measured text. */
#include "layers/hud.h"
#include "base/date.h"
#include "draw/chart.h"
#include "layers/layers.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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
    int charts_side;                    /* the two charts side by side on one row */
    int rule_short;                     /* a condition that holds takes one line */
    int rule_merged;                    /* the verdict on the rule's heading line */
    int bars_font, bars_lh;             /* the host's bars: body type, or small when short */
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
    L.charts_side = L.rule_short = L.rule_merged = 0;
    L.bars_font = TEXT_BODY;
    L.bars_lh = L.lh;
    L.legend_cols = 1;
    L.legend_rows = N_LEGEND;
    L.y_title = p.y + L.pad;
    L.y_date = L.y_title + L.lb;
    L.y_speed = L.y_date + L.lt;
    L.y_ladder = L.y_speed + L.lb + L.gap;
    L.y_gauge = L.y_ladder + L.ls + L.box_h + 4 + L.lb + L.gap + L.lb + 2;
    return L;
}

/* Under the gauge's value labels: where the strike rule starts. */
static int under_gauge(const hud_layout *L) { return L->y_gauge + L->gauge_h + 2 + L->ls + L->gap / 2; }

#define RULE_LINES 2   /* lines a condition of the strike rule may take */

static int mark_width(text *t)
{
    int w;
    text_size(t, TEXT_SMALL, "\u2717 ", &w, NULL);
    return w;
}

/* Lines condition c takes: a condition that holds takes one when the panel is short (what
 * blocks the strike keeps its numbers); worst: every condition at its RULE_LINES. */
static int cond_lines(const hud_layout *L, const hud_data *d, int c)
{
    return L->rule_short && d->rule.met[c] ? 1 : RULE_LINES;
}

static int rule_height(const hud_layout *L, text *t, const hud_data *d)
{
    int h = (L->rule_merged ? 1 : 2) * L->ls + 1, mw = mark_width(t);   /* heading, verdict */
    for (int c = 0; c < MODEL_NSC; c++)
        h += d ? text_wrapped_height_max(t, TEXT_SMALL, d->rule.text[c], L->w - mw,
                                         cond_lines(L, d, c))
               : RULE_LINES * L->ls;
    return h;
}

static int bars_height(const hud_layout *L) { return 3 * (L->bars_lh + 2); }

/* The lowest plot of a chart: a little more than a line of small type. */
static int chart_min_h(const hud_layout *L) { return (int)fmax(16, 1.2 * L->ls); }

#define LEGEND_MAX_COLS 5

/* The widest label of column c of a legend in cols columns (items go row by row). */
static int legend_col_w(text *t, int c, int cols)
{
    int wl = 0;
    for (int i = c; i < N_LEGEND; i += cols) {
        int lw;
        text_size(t, TEXT_SMALL, legend_items[i].label, &lw, NULL);
        wl = lw > wl ? lw : wl;
    }
    return wl;
}

/* Columns of a legend w wide: the most (up to 5) whose own widest labels fit beside their
 * symbols; x[] gets each column's left edge from 0. Returns the legend's height. */
static int legend_shape_x(text *t, int w, double s, int *cols, int *rows, int *x)
{
    int sym = (int)(26 * s), sep = (int)(12 * s), row = text_height(t, TEXT_SMALL) + (int)(3 * s);
    for (int c = LEGEND_MAX_COLS; c >= 1; c--) {
        int need = 0, col[LEGEND_MAX_COLS];
        for (int k = 0; k < c; k++) col[k] = sym + legend_col_w(t, k, c), need += col[k];
        if (c > 1 && need + (c - 1) * sep > w) continue;
        int spare = c > 1 ? (w - need) / (c - 1) : 0;   /* columns spread over the width */
        for (int k = 0, at = 0; k < c; k++) x[k] = at, at += col[k] + spare;
        *cols = c;
        *rows = (N_LEGEND + c - 1) / c;
        return *rows * row;
    }
    return 0;
}

static int legend_shape(text *t, int w, double s, int *cols, int *rows)
{
    int x[LEGEND_MAX_COLS];
    return legend_shape_x(t, w, s, cols, rows, x);
}

/* The optional blocks, in the order they are drawn (top to bottom). */
enum { OPT_METERS, OPT_ATTACKS, OPT_THREAT, OPT_LEGEND, N_OPT };

/* Takes the optional blocks that fit under y, in order of importance (legend, threat chart,
 * meters, attacks chart), at one compaction step; returns how many wanted blocks it left
 * out. The charts stack at full height, or (charts_side) share a row whose plot shrinks to
 * what is left, down to chart_min_h. */
static int place_optional(hud_layout *L, text *t, const hud_data *d, int legend, int y,
                          double s)
{
    int charts = (d->layers & LAYER_CHARTS) != 0, h[N_OPT], want[N_OPT], take[N_OPT] = {0};
    h[OPT_METERS] = meters_height(t, s) + L->gap / 2;
    h[OPT_LEGEND] = legend_shape(t, L->w, s, &L->legend_cols, &L->legend_rows) + L->gap / 2;
    want[OPT_METERS] = d->show_meters;
    want[OPT_ATTACKS] = want[OPT_THREAT] = charts;
    want[OPT_LEGEND] = legend;
    int room = L->bottom - y, fixed = 0;
    for (int b = 0; b < N_OPT; b++)
        if (want[b] && (b == OPT_METERS || b == OPT_LEGEND)) fixed += h[b];
    int full = L->chart_h, row = room - fixed - L->ls - 4;
    if (L->charts_side) L->chart_h = row < full ? row : full;
    if (L->charts_side && L->chart_h < chart_min_h(L)) L->chart_h = chart_min_h(L);
    h[OPT_ATTACKS] = h[OPT_THREAT] = L->ls + L->chart_h + 4;
    static const int priority[N_OPT] = {OPT_LEGEND, OPT_THREAT, OPT_METERS, OPT_ATTACKS};
    int missing = 0;
    for (int i = 0; i < N_OPT; i++) {
        int b = priority[i], cost = h[b];
        if (L->charts_side && b == OPT_ATTACKS && take[OPT_THREAT]) cost = 0;   /* same row */
        if (want[b] && cost <= room) take[b] = 1, room -= cost;
        else missing += want[b];
    }
    if (L->charts_side && !(take[OPT_ATTACKS] && take[OPT_THREAT])) L->charts_side = 0;
    /* the room left goes to the charts' plots (up to twice their height): no empty band */
    int rows = L->charts_side ? 1 : take[OPT_ATTACKS] + take[OPT_THREAT];
    if (rows) {
        int grow = room / rows;
        grow = grow > full * 2 - L->chart_h ? full * 2 - L->chart_h : grow;
        L->chart_h += grow > 0 ? grow : 0;
        h[OPT_ATTACKS] = h[OPT_THREAT] = L->ls + L->chart_h + 4;
    }
    int *at[N_OPT] = {&L->y_meters, &L->y_charts, &L->y_threat, &L->y_legend};
    for (int b = 0; b < N_OPT; b++) {
        *at[b] = -1;
        if (!take[b]) continue;
        *at[b] = y;
        if (!(L->charts_side && b == OPT_ATTACKS)) y += h[b];
    }
    if (L->charts_side) L->y_threat = L->y_charts;
    return missing;
}

/* The rule and the host's bars, then the optional blocks. When they do not all fit, the
 * panel compacts step by step until they do: the charts share a row and shrink, then a
 * condition that holds takes one line, then the host's bars take the small type, then the
 * rule's verdict joins its heading; what still does not fit is left out, the least
 * important first (place_optional). */
static hud_layout layout_at(SDL_Rect p, text *t, const hud_data *d, int legend, int step,
                            int *missing)
{
    hud_layout L = layout_top(p, t);
    double s = p.h / 720.0;
    L.charts_side = step >= 1;
    L.rule_short = step >= 2;
    if (step >= 3) L.bars_font = TEXT_SMALL, L.bars_lh = L.ls;
    L.rule_merged = step >= 4;
    int y = under_gauge(&L);
    L.y_rule = L.y_bars = -1;
    if (d->show_rule && y + rule_height(&L, t, d) <= L.bottom) {
        L.y_rule = y;
        y += rule_height(&L, t, d) + L.gap;
    }
    if (y + bars_height(&L) <= L.bottom) {
        L.y_bars = y;
        y += bars_height(&L) + L.gap / 2;
    }
    *missing = place_optional(&L, t, d, legend, y, s);
    return L;
}

#define N_STEPS 5

static hud_layout layout(SDL_Rect p, text *t, const hud_data *d, int legend)
{
    /* the first step that leaves out the fewest blocks: no compaction that buys nothing */
    int missing, best_missing = -1, best = 0;
    for (int step = 0; step < N_STEPS && best_missing != 0; step++) {
        layout_at(p, t, d, legend, step, &missing);
        if (best_missing < 0 || missing < best_missing) best_missing = missing, best = step;
    }
    return layout_at(p, t, d, legend, best, &missing);
}

int hud_legend_fits(SDL_Rect panel, text *t)
{
    hud_layout L = layout_top(panel, t);
    double s = panel.h / 720.0;
    L.bars_font = TEXT_SMALL, L.bars_lh = L.ls;
    int y = under_gauge(&L) + rule_height(&L, t, NULL) + L.gap + bars_height(&L) + L.gap / 2;
    int cols, rows, legend = legend_shape(t, L.w, s, &cols, &rows) + L.gap / 2;
    return y + legend + L.ls + chart_min_h(&L) + 4 <= L.bottom;
}

int hud_legend_height(text *t, int w, double s)
{
    int cols, rows;
    return legend_shape(t, w, s, &cols, &rows);
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
    char v[96];
    hud_rule_verdict(&d->rule, d->state_played, v, sizeof v);
    SDL_Color vc = d->rule.allowed ? HUD_THREAT : HUD_DIM;
    if (L->rule_merged) {   /* "STRIKE RULE:" and the verdict beside it, on one line */
        int hw = text_draw(t, TEXT_SMALL, "STRIKE RULE:", L->x, y, HUD_DIM, 0) + L->gap;
        text_draw_fit(t, TEXT_SMALL, v, L->x + hw, y, L->w - hw, d->rule.allowed ? HUD_THREAT
                                                                                : HUD_FG, 0);
    } else text_draw_fit(t, TEXT_SMALL, "STRIKE RULE: a strike needs every line", L->x, y, L->w,
                         HUD_DIM, 0);
    y += L->ls + 1;
    for (int c = 0; c < MODEL_NSC; c++) {
        int ok = d->rule.met[c];
        text_draw(t, TEXT_SMALL, ok ? "\u2713" : "\u2717", L->x, y, ok ? MET : UNMET, 0);
        y += text_draw_wrapped_max(t, TEXT_SMALL, d->rule.text[c], L->x + mw, y, L->w - mw,
                                   cond_lines(L, d, c), ok ? HUD_FG : UNMET);
    }
    if (!L->rule_merged) text_draw_fit(t, TEXT_SMALL, v, L->x, y, L->w, vc, 0);
}

/* A labelled bar; the bar shows f in [0, 1], the text shows value. Columns are measured. */
static void bar(SDL_Renderer *r, text *t, const hud_layout *L, int y, int label_w, int value_w,
                const char *label, double f, double value, SDL_Color c)
{
    char buf[32];
    int x0 = L->x + label_w + L->gap, x1 = L->x + L->w - value_w - L->gap;
    text_draw(t, L->bars_font, label, L->x, y, HUD_FG, 0);
    SDL_Rect q = {x0, y + (L->bars_lh - L->bar_h) / 2, x1 - x0, L->bar_h};
    fill(r, q, TRACK);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    fill(r, (SDL_Rect){q.x, q.y, (int)lround(f * q.w), q.h}, c);
    snprintf(buf, sizeof buf, "%.2f", value);
    text_draw(t, L->bars_font, buf, L->x + L->w, y, HUD_FG, TEXT_RIGHT);
}

static void host_bars(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    static const char *const labels[3] = {"Cooperation", "Grievance", "Diplomatic"};
    const model_state *s = &d->st;
    int y = L->y_bars, dy = L->bars_lh + 2, vw, f = L->bars_font;
    int lw = text_width_max(t, f, labels, 3);
    text_size(t, f, "00.00", &vw, NULL);
    if (s->grievance >= 99.995 || s->diplomatic >= 99.995) text_size(t, f, "000.00", &vw, NULL);
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

/* Where chart k (0 threat, 1 attacks) goes across the panel: the whole width, or its half
 * of a shared row (the threat chart on the left). */
static void chart_span(const hud_layout *L, int k, int *x, int *w)
{
    int half = (L->w - L->gap) / 2;
    *x = L->charts_side && k ? L->x + L->w - half : L->x;
    *w = L->charts_side ? half : L->w;
}

static void attacks_chart(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    int y = L->y_charts, mw, x, w;
    chart c;
    double top = 1;
    char buf[32];
    chart_span(L, 1, &x, &w);
    for (int i = 0; i < d->n_weeks; i++) top = fmax(top, d->weekly[i]);
    snprintf(buf, sizeof buf, "max %g", ceil(top));
    text_size(t, TEXT_SMALL, buf, &mw, NULL);
    text_draw_fit(t, TEXT_SMALL, L->charts_side ? "Attacks a week"
                                                : "Attacks per week, last 180 days",
                  x, y, w - mw - L->gap, HUD_DIM, 0);
    text_draw(t, TEXT_SMALL, buf, x + w, y, HUD_DIM, TEXT_RIGHT);
    chart_box(r, &c, (SDL_Rect){x, y + L->ls, w, L->chart_h}, HUD_WEEKS, ceil(top));
    chart_bars(&c, NULL, d->weekly, d->n_weeks, 1, HUD_THREAT);
}

static void threat_chart(SDL_Renderer *r, text *t, const hud_layout *L, const hud_data *d)
{
    int y = L->y_threat, x, w;
    chart c;
    chart_span(L, 0, &x, &w);
    text_draw_fit(t, TEXT_SMALL, L->charts_side ? "Threat vs strike line"
                                                : "Threat (red) vs strike line (white)",
                  x, y, w, HUD_DIM, 0);
    chart_box(r, &c, (SDL_Rect){x, y + L->ls, w, L->chart_h}, HUD_DAYS - 1, 1);
    chart_line(&c, NULL, d->thr, d->n_days, HUD_THRESHOLD, 2);
    chart_line(&c, NULL, d->threat, d->n_days, HUD_THREAT, 2);
}

void hud_legend_draw(SDL_Renderer *r, text *t, layers *l, SDL_Rect q, double scale)
{
    float s = (float)scale;
    int cols, rows, row = text_height(t, TEXT_SMALL) + (int)(3 * s), sym = (int)(26 * s);
    int at[LEGEND_MAX_COLS];
    legend_shape_x(t, q.w, scale, &cols, &rows, at);
    for (int i = 0; i < N_LEGEND; i++) {
        int c = i % cols, x = q.x + at[c], yy = q.y + (i / cols) * row;
        int col = (c + 1 < cols ? at[c + 1] : q.w) - at[c];
        float cx = (float)x + 11 * s, cy = (float)yy + (float)row / 2;
        if (legend_items[i].sym >= 0) layers_draw_symbol(l, legend_items[i].sym, cx, cy, s);
        else fill(r, (SDL_Rect){x, (int)cy - 2, (int)(22 * s), 5}, (SDL_Color){176, 20, 40, 255});
        text_draw_fit(t, TEXT_SMALL, legend_items[i].label, x + sym, (int)cy, col - sym, HUD_FG,
                      TEXT_MIDDLE);
    }
}

/* Declares chart k's block (a text region the layout test finds by name). */
static void block(text *t, const hud_layout *L, int k, int y, const char *name)
{
    int x, w;
    if (y < 0) return;
    chart_span(L, k, &x, &w);
    text_region(t, (SDL_Rect){x, y, w, L->ls + L->chart_h}, 0, name);
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
    block(t, &L, 1, L.y_charts, "attacks chart");
    if (L.y_charts >= 0) attacks_chart(r, t, &L, d);
    block(t, &L, 0, L.y_threat, "threat chart");
    if (L.y_threat >= 0) threat_chart(r, t, &L, d);
    if (L.y_legend >= 0) {
        SDL_Rect q = {L.x, L.y_legend, L.w, L.legend_rows * (L.ls + (int)(3 * s))};
        text_region(t, q, 0, "legend");
        hud_legend_draw(r, t, l, q, s);
    }
    SDL_RenderSetClipRect(r, clipped ? &clip : NULL);
}
