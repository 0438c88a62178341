/* strip.c - the record's strikes, clashes, closures and ceasefires beside the run's. */
#include "panels/strip.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "layers/hud.h"
#include "story/narrate.h"
#include "story/reality.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MARKS_MAX 8192   /* marks kept for picking: more are drawn but cannot be hovered */
#define DETAIL_LINES 3   /* lines of a real event's description in its detail box */

static const SDL_Color kind_color[REALITY_NKINDS] = {
    {235, 64, 52, 255}, {255, 165, 40, 255}, {90, 160, 255, 255}, {100, 210, 130, 255}};
static const char *const kind_word[REALITY_NKINDS] = {"strike", "clash", "closure",
                                                      "ceasefire"};
static const char *const band_name[2] = {"The record", "This run"};
#define BAND_BG ((SDL_Color){44, 50, 62, 255})
#define AHEAD_BG ((SDL_Color){20, 22, 28, 255})    /* days the run has not reached */
#define SILENT_BG ((SDL_Color){34, 34, 40, 255})   /* days after the record ends */

typedef struct mark {
    SDL_Rect r;
    int band, index;   /* band 0: record event index; band 1: model record index */
} mark;

struct strip {
    record *rec;
    int shown, pinned;
    SDL_Rect q, band[2];
    double days;               /* the scenario's horizon */
    mark *marks;
    int n_marks, cap_marks;
};

int strip_create(const scenario *s, strip **out, char *why, size_t n)
{
    record *r = NULL;
    *out = NULL;
    int rc = reality_load(s, &r, why, n);
    if (rc || !r) return rc;
    strip *st = sim_calloc(1, sizeof *st);
    if (!st) {
        record_destroy(r);
        return SIM_ENOMEM;
    }
    *st = (strip){.rec = r, .shown = 1, .pinned = -1, .days = s->days};
    *out = st;
    return 0;
}

void strip_destroy(strip *st)
{
    if (!st) return;
    record_destroy(st->rec);
    sim_free(st->marks);
    sim_free(st);
}

int strip_shown(const strip *st) { return st && st->shown; }
void strip_toggle(strip *st)
{
    if (st) st->shown = !st->shown, st->pinned = -1;
}
const struct record *strip_record(const strip *st) { return st ? st->rec : NULL; }
void strip_pin(strip *st, int i)
{
    if (st) st->pinned = i >= 0 && i < st->rec->n ? i : -1;
}
int strip_pinned(const strip *st) { return st ? st->pinned : -1; }
SDL_Rect strip_band(const strip *st, int which)
{
    return st && (which == 0 || which == 1) ? st->band[which] : (SDL_Rect){0, 0, 0, 0};
}

int strip_day_x(const strip *st, double d)
{
    const SDL_Rect *b = &st->band[0];
    double f = st->days > 0 ? fmax(0, fmin(1, d / st->days)) : 0;
    return b->x + (int)lround(f * b->w);
}

/* ---- geometry --------------------------------------------------------------------- */

typedef struct geo {
    int pad, ls, lane, bh, label_w;
    int head_y, band_y[2], axis_y, h;
} geo;

static geo geom(const panel_ctx *x, int top)
{
    geo g;
    g.pad = (int)fmax(3, 6 * x->s);
    g.ls = text_height(x->txt, TEXT_SMALL);
    g.lane = (int)fmax((g.ls + 3) / 4, 5 * x->s);
    g.bh = REALITY_NKINDS * g.lane;
    g.label_w = text_width_max(x->txt, TEXT_SMALL, band_name, 2) + 2 * g.pad;
    g.head_y = top + g.pad / 2;
    g.band_y[0] = g.head_y + g.ls + g.pad / 2;
    g.band_y[1] = g.band_y[0] + g.bh + g.pad / 2;
    g.axis_y = g.band_y[1] + g.bh + 2;
    g.h = g.axis_y + g.ls + g.pad / 2 - top;
    return g;
}

int strip_height(const strip *st, const panel_ctx *x)
{
    return strip_shown(st) ? geom(x, 0).h : 0;
}

/* ---- drawing ---------------------------------------------------------------------- */

static void add_mark(strip *st, SDL_Rect r, int band, int index)
{
    if (st->n_marks >= MARKS_MAX ||
        sim_grow(&st->marks, &st->cap_marks, st->n_marks, sizeof *st->marks, 64))
        return;   /* drawn all the same; only picking misses it */
    st->marks[st->n_marks++] = (mark){r, band, index};
}

/* The title that fits beside the legend, longest first; the legend right-aligned. */
static void header(const panel_ctx *x, const geo *g, SDL_Rect q)
{
    static const char *const titles[] = {
        "What really happened: the record beside this run (hover or click a mark)",
        "What really happened: the record beside this run", "What really happened"};
    int sq = g->ls * 2 / 3, right = q.x + q.w - g->pad, lw = 0, w;
    for (int k = REALITY_NKINDS - 1; k >= 0; k--) {
        text_size(x->txt, TEXT_SMALL, kind_word[k], &w, NULL);
        lw += w + sq + g->pad + g->pad / 2;
    }
    int room = q.w - 3 * g->pad - lw, i = 0;
    if (room < q.w / 3) lw = 0, room = q.w - 2 * g->pad;   /* too narrow: the title only */
    while (i < 2 && (text_size(x->txt, TEXT_SMALL, titles[i], &w, NULL), w > room)) i++;
    text_draw_fit(x->txt, TEXT_SMALL, titles[i], q.x + g->pad, g->head_y, room, HUD_FG, 0);
    for (int k = REALITY_NKINDS - 1; k >= 0 && lw; k--) {
        right -= text_draw(x->txt, TEXT_SMALL, kind_word[k], right, g->head_y, HUD_DIM,
                           TEXT_RIGHT);
        right -= g->pad / 2 + sq;
        panel_fill(x, (SDL_Rect){right, g->head_y + (g->ls - sq) / 2, sq, sq}, kind_color[k]);
        right -= g->pad;
    }
}

/* Ticks at each year (each month for a run of under 18 months), labelled where they fit. */
static void axis(strip *st, const panel_ctx *x, const geo *g)
{
    int y0, m0, d0, y1, m1, d1, last = -(1 << 30), step = st->days > 540 ? 12 : 1;
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    long start = x->scn->start_date;
    date_to_ymd(start, &y0, &m0, &d0);
    date_to_ymd(start + (long)st->days, &y1, &m1, &d1);
    SDL_Rect b = st->band[0];
    for (int y = y0, m = step == 12 ? 1 : m0; y < y1 || (y == y1 && m <= m1);) {
        double d = (double)(date_from_ymd(y, m, 1) - start);
        if (d > 0 && d < st->days) {
            int px = strip_day_x(st, d), w;
            char lab[16];
            if (step == 12 || m == 1) snprintf(lab, sizeof lab, "%d", y);
            else snprintf(lab, sizeof lab, "%s", mon[m - 1]);
            panel_fill(x, (SDL_Rect){px, b.y, 1, g->axis_y - b.y}, HUD_DIM);
            text_size(x->txt, TEXT_SMALL, lab, &w, NULL);
            if (px - w / 2 > last + g->pad && px - w / 2 >= b.x && px + w / 2 <= b.x + b.w)
                last = px - w / 2 + text_draw(x->txt, TEXT_SMALL, lab, px - w / 2, g->axis_y,
                                              HUD_DIM, 0);
        }
        if ((m += step) > 12) m -= 12, y++;
    }
}

static void record_marks(strip *st, const panel_ctx *x, const geo *g)
{
    int mw = (int)fmax(3, 3 * x->s);
    for (int i = 0; i < st->rec->n; i++) {
        const record_event *e = &st->rec->ev[i];
        int k = reality_of_record_kind(e->kind);
        double d = (double)reality_day(x->scn, e);
        if (k < 0 || d < 0 || d >= st->days || d > x->t) continue;
        double d1 = fmin(fmin((double)(e->day_last - x->scn->start_date) + 1, x->t), st->days);
        int a = strip_day_x(st, d), b = strip_day_x(st, d1);
        SDL_Color c = kind_color[k];
        SDL_Rect r = {a, g->band_y[0] + k * g->lane + 1, mw, g->lane - 1};
        if (e->day_last != e->day) c.a = 150, r.w = b - a > mw ? b - a : mw;   /* a month */
        else r.x -= mw / 2;
        panel_fill(x, r, c);
        add_mark(st, r, 0, i);
    }
}

static void run_marks(strip *st, const panel_ctx *x, const geo *g)
{
    int mw = (int)fmax(3, 3 * x->s), n = model_record_count(x->m);
    n = x->n_seen < n ? x->n_seen : n;
    for (int i = 0; i < n; i++) {
        const model_record *e = model_record_at(x->m, i);
        int k = reality_of_run_record(e);
        if (k < 0 || e->t > x->t) continue;
        SDL_Rect r = {strip_day_x(st, e->t) - mw / 2, g->band_y[1] + k * g->lane + 1, mw,
                      g->lane - 1};
        panel_fill(x, r, kind_color[k]);
        add_mark(st, r, 1, i);
    }
}

/* The band backgrounds: the days not reached yet dark, the record's silence after its end
 * greyed (and said, when there is room). */
static void bands(strip *st, const panel_ctx *x, const geo *g)
{
    int now = strip_day_x(st, x->t);
    long end = reality_record_end(x->scn, st->rec);
    for (int b = 0; b < 2; b++) {
        SDL_Rect q = st->band[b];
        panel_fill(x, q, BAND_BG);
        int cut = b == 0 && (double)end < st->days ? strip_day_x(st, (double)end) : q.x + q.w;
        if (cut < q.x + q.w) panel_fill(x, (SDL_Rect){cut, q.y, q.x + q.w - cut, q.h}, SILENT_BG);
        if (now < q.x + q.w) panel_fill(x, (SDL_Rect){now, q.y, q.x + q.w - now, q.h}, AHEAD_BG);
        if (cut < q.x + q.w && g->bh >= g->ls) {
            static const char ends[] = "the record ends";
            int w;
            text_size(x->txt, TEXT_SMALL, ends, &w, NULL);
            if (w + 2 * g->pad <= q.x + q.w - cut)
                text_draw(x->txt, TEXT_SMALL, ends, q.x + q.w - g->pad, q.y + (q.h - g->ls) / 2,
                          HUD_DIM, TEXT_RIGHT);
        }
        text_draw(x->txt, TEXT_SMALL, band_name[b], st->q.x + g->pad,
                  q.y + (q.h - g->ls) / 2, HUD_FG, 0);
    }
}

void strip_draw(strip *st, const panel_ctx *x, SDL_Rect q)
{
    if (!strip_shown(st) || q.w <= 0 || q.h <= 0) return;
    geo g = geom(x, q.y);
    st->q = q;
    st->n_marks = 0;
    for (int b = 0; b < 2; b++)
        st->band[b] = (SDL_Rect){q.x + g.label_w, g.band_y[b], q.w - g.label_w - g.pad, g.bh};
    panel_fill(x, q, HUD_BG);
    text_region(x->txt, q, 1, "what really happened");
    header(x, &g, q);
    bands(st, x, &g);
    axis(st, x, &g);
    record_marks(st, x, &g);
    run_marks(st, x, &g);
    int now = strip_day_x(st, x->t);
    panel_fill(x, (SDL_Rect){now, g.band_y[0], 1, g.band_y[1] + g.bh - g.band_y[0]}, HUD_FG);
}

/* ---- picking and the detail box --------------------------------------------------- */

/* The mark nearest (mx, my) within a few pixels in the band under it, or NULL. */
static const mark *pick(const strip *st, int mx, int my)
{
    const mark *best = NULL;
    int tol = 4, best_d = 1 << 30;
    for (int i = 0; i < st->n_marks; i++) {
        const mark *k = &st->marks[i];
        const SDL_Rect *b = &st->band[k->band];
        if (my < b->y - 2 || my >= b->y + b->h + 2) continue;
        int cx = k->r.x + k->r.w / 2, d = abs(mx - cx);
        if (mx < k->r.x - tol || mx >= k->r.x + k->r.w + tol) continue;
        d += my >= k->r.y && my < k->r.y + k->r.h ? 0 : 1000;   /* its own lane first */
        if (d < best_d) best_d = d, best = k;
    }
    return best;
}

int strip_click(strip *st, int mx, int my, int *run_record)
{
    *run_record = -1;
    SDL_Point pt = {mx, my};
    if (!strip_shown(st) || !SDL_PointInRect(&pt, &st->q)) return 0;
    const mark *k = pick(st, mx, my);
    if (k && k->band == 1) *run_record = k->index;
    else st->pinned = k && k->index != st->pinned ? k->index : -1;
    return 1;
}

/* "16 April 2022", or "May 2022" for a record date that gives only the month. */
static void event_date(const panel_ctx *x, const record_event *e, char *out, size_t n)
{
    char d[40];
    narrate_date(x->scn, (double)reality_day(x->scn, e), d, sizeof d);
    const char *sp = strchr(d, ' ');
    snprintf(out, n, "%s", e->day_last != e->day && sp ? sp + 1 : d);
}

typedef struct detail {
    char title[200], body[1400], foot[300];
    int cx;                   /* the mark's x: the box is centred on it */
} detail;

static void detail_of(const strip *st, const panel_ctx *x, const mark *k, detail *o)
{
    o->cx = k->r.x + k->r.w / 2;
    if (k->band == 0) {
        const record_event *e = &st->rec->ev[k->index];
        char date[40];
        event_date(x, e, date, sizeof date);
        snprintf(o->title, sizeof o->title, "%s: %s (the record, %s)", date,
                 kind_word[reality_of_record_kind(e->kind)], record_confidence_name(e->confidence));
        snprintf(o->body, sizeof o->body, "%s", e->description);
        snprintf(o->foot, sizeof o->foot, "Source: %s",
                 e->source_title[0] ? e->source_title : e->source_url);
        return;
    }
    const model_record *r = model_record_at(x->m, k->index);
    char date[40];
    int z = r->zone;
    narrate_date(x->scn, r->t, date, sizeof date);
    snprintf(o->title, sizeof o->title, "%s: %s%s%s (this run, %s)", date,
             narrate_kind(r->kind), z >= 0 && z < x->scn->n_zones ? " at " : "",
             z >= 0 && z < x->scn->n_zones ? x->scn->zones[z].name : "",
             r->scripted ? "scripted" : "the model's decision");
    if (narrate_record(x->scn, r, o->body, sizeof o->body) < 0) o->body[0] = '\0';
    snprintf(o->foot, sizeof o->foot, "day %d of the run; click the mark for the model's reason",
             (int)floor(r->t));
}

void strip_draw_detail(strip *st, const panel_ctx *x, int mx, int my)
{
    if (!strip_shown(st) || st->q.w <= 0) return;
    const mark *k = pick(st, mx, my);
    for (int i = 0; !k && st->pinned >= 0 && i < st->n_marks; i++)
        if (st->marks[i].band == 0 && st->marks[i].index == st->pinned) k = &st->marks[i];
    if (!k) return;
    detail d;
    detail_of(st, x, k, &d);
    int pad = (int)fmax(4, 8 * x->s), lb = text_height(x->txt, TEXT_BOLD);
    int ls = text_height(x->txt, TEXT_SMALL);
    int w = (int)fmin(x->map.w - 2 * pad, 620 * x->s * x->th->text_scale), inner = w - 2 * pad;
    int body = text_wrapped_height_max(x->txt, TEXT_BODY, d.body, inner, DETAIL_LINES);
    int h = pad + lb + body + ls + pad / 2;
    int left = x->map.x + pad, right = x->map.x + x->map.w - pad - w;
    int bx = d.cx - w / 2 < left ? left : d.cx - w / 2 > right ? right : d.cx - w / 2;
    SDL_Rect q = {bx, x->map.y + x->map.h - pad - h, w, h};
    panel_frame(x, q, HUD_BG, kind_color[k->band == 0 ? reality_of_record_kind(
                                             st->rec->ev[k->index].kind)
                                         : reality_of_run_record(model_record_at(x->m, k->index))]);
    text_region(x->txt, q, 1, "what really happened: detail");
    int y = q.y + pad / 2;
    text_draw_fit(x->txt, TEXT_BOLD, d.title, q.x + pad, y, inner, HUD_FG, 0);
    y += lb;
    y += text_draw_wrapped_max(x->txt, TEXT_BODY, d.body, q.x + pad, y, inner, DETAIL_LINES,
                               HUD_FG);
    text_draw_fit(x->txt, TEXT_SMALL, d.foot, q.x + pad, y, inner, HUD_DIM, 0);
}
