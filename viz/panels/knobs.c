/* knobs.c - the knob panel: six sliders that change the model through a recorded script. */
#include "panels/knobs.h"
#include "base/alloc.h"
#include "base/err.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *key, *label;
    double min, max, step;
} spec[KNOBS_N] = {
    [KNOB_THRESHOLD] = {"state.strike.threshold", "Strike threshold", 0, 1, 0.05},
    [KNOB_WARN] = {"state.warn_at", "Warning level (ultimatum)", 0, 1, 0.05},
    [KNOB_DEAL] = {"host.deal.accept_probability", "Chance the state accepts a deal", 0, 1,
                   0.05},
    [KNOB_COOPERATION] = {"host.cooperation", "Host cooperation at the start (C0)", 0, 1, 0.05},
    [KNOB_MEDIATION] = {"mediators.daily_probability", "Mediation", 0, 1, 1},
    [KNOB_DRONES] = {"state.drone_rate", "Drone incursions per day", 0, 0.25, 0.01},
};

struct knobs {
    double mediation_on;     /* the scenario's daily mediation chance (the "on" value) */
    int open, focus, drag;
    double drag_value;
    SDL_Rect rect, track[KNOBS_N];
};

knobs *knobs_create(const scenario *s)
{
    knobs *k = sim_calloc(1, sizeof *k);
    if (!k) return NULL;
    double med = 0;
    scenario_param_get(&s->p, spec[KNOB_MEDIATION].key, &med);
    /* a scenario without mediation still gets a sensible "on": the table's default */
    const scn_param_info *pi = scenario_param_find(spec[KNOB_MEDIATION].key);
    k->mediation_on = med > 0 ? med : pi ? pi->def : 0.1;
    return k;
}

void knobs_destroy(knobs *k) { sim_free(k); }

const char *knobs_key(int i) { return i >= 0 && i < KNOBS_N ? spec[i].key : ""; }
const char *knobs_label(int i) { return i >= 0 && i < KNOBS_N ? spec[i].label : ""; }

double knobs_value(const model *m, int i)
{
    double x = NAN;
    if (i >= 0 && i < KNOBS_N) scenario_param_get(model_params(m), spec[i].key, &x);
    return x;
}

static void format_value(const knobs *k, int i, double x, char *out, size_t n)
{
    if (i == KNOB_MEDIATION)
        snprintf(out, n, x > 0 ? "on (%.2f a day)" : "off", x > 0 ? x : k->mediation_on);
    else if (i == KNOB_DRONES) snprintf(out, n, "%.2f a day", x);
    else snprintf(out, n, "%.2f", x);
}

int knobs_set(knobs *k, const panel_ctx *x, int i, double value, panel_reply *out)
{
    if (i < 0 || i >= KNOBS_N || isnan(value)) return SIM_EINVAL;
    if (i == KNOB_MEDIATION) value = value > 0 ? k->mediation_on : 0;
    else value = fmax(spec[i].min, fmin(spec[i].max, round(value / spec[i].step) * spec[i].step));
    value = round(value * 1e6) / 1e6;   /* 0.1 + 0.05 steps print and read back cleanly */
    double old = knobs_value(x->m, i);
    if (fabs(old - value) < 1e-12) return 0;
    int rc = script_record_set(x->rec, x->m, spec[i].key, value);
    if (rc) {
        panel_say(out, "cannot set %s: %s", spec[i].key, sim_strerror(rc));
        return rc;
    }
    out->changed = 1;
    char a[32], b[32];
    format_value(k, i, old, a, sizeof a);
    format_value(k, i, value, b, sizeof b);
    panel_say(out, "%s %s -> %s from day %d", i == KNOB_COOPERATION ? "Cooperation target C0" :
              spec[i].label, a, b, (int)floor(x->t));
    return 0;
}

int knobs_nudge(knobs *k, const panel_ctx *x, int i, int dir, panel_reply *out)
{
    if (i == KNOB_MEDIATION) return knobs_set(k, x, i, knobs_value(x->m, i) > 0 ? 0 : 1, out);
    return knobs_set(k, x, i, knobs_value(x->m, i) + dir * spec[i].step, out);
}

int knobs_is_open(const knobs *k) { return k->open; }

void knobs_toggle(knobs *k)
{
    k->open = !k->open;
    k->drag = 0;
    if (!k->open) k->rect = (SDL_Rect){0, 0, 0, 0};
}

/* The knob value at pixel x of slider i. */
static double value_at(const knobs *k, int i, int x)
{
    const SDL_Rect *q = &k->track[i];
    double f = q->w > 0 ? (double)(x - q->x) / q->w : 0;
    f = fmax(0, fmin(1, f));
    return spec[i].min + f * (spec[i].max - spec[i].min);
}

static int hit_slider(const knobs *k, int x, int y)
{
    for (int i = 0; i < KNOBS_N; i++) {
        SDL_Rect q = k->track[i];
        q.y -= q.h * 2;   /* the label row above the track is part of the target */
        q.h *= 4;
        if (x >= q.x - 8 && x < q.x + q.w + 8 && y >= q.y && y < q.y + q.h) return i;
    }
    return -1;
}

static int key(knobs *k, const panel_ctx *x, const SDL_KeyboardEvent *e, panel_reply *out)
{
    SDL_Keycode c = e->keysym.sym;
    if (c == SDLK_k) return knobs_toggle(k), 1;
    if (!k->open) return 0;
    int shift = (e->keysym.mod & KMOD_SHIFT) != 0;
    switch (c) {
    case SDLK_TAB: k->focus = (k->focus + (shift ? KNOBS_N - 1 : 1)) % KNOBS_N; return 1;
    case SDLK_DOWN: k->focus = (k->focus + 1) % KNOBS_N; return 1;
    case SDLK_UP: k->focus = (k->focus + KNOBS_N - 1) % KNOBS_N; return 1;
    case SDLK_RIGHT: knobs_nudge(k, x, k->focus, 1, out); return 1;
    case SDLK_LEFT: knobs_nudge(k, x, k->focus, -1, out); return 1;
    case SDLK_ESCAPE: knobs_toggle(k); return 1;
    default: return 0;
    }
}

static int mouse(knobs *k, const panel_ctx *x, const SDL_Event *e, panel_reply *out)
{
    if (e->type == SDL_MOUSEMOTION && k->drag) {
        k->drag_value = value_at(k, k->focus, e->motion.x);
        return 1;
    }
    if (e->type == SDL_MOUSEBUTTONUP && k->drag && e->button.button == SDL_BUTTON_LEFT) {
        k->drag = 0;
        knobs_set(k, x, k->focus, k->drag_value, out);
        return 1;
    }
    if (e->type != SDL_MOUSEBUTTONDOWN || e->button.button != SDL_BUTTON_LEFT) return 0;
    SDL_Point pt = {e->button.x, e->button.y};
    int i = hit_slider(k, pt.x, pt.y);
    if (i < 0) return SDL_PointInRect(&pt, &k->rect);   /* a click on the panel stays there */
    k->focus = i;
    if (i == KNOB_MEDIATION) return knobs_nudge(k, x, i, 1, out), 1;
    k->drag = 1;
    k->drag_value = value_at(k, i, pt.x);
    return 1;
}

int knobs_handle(knobs *k, const panel_ctx *x, const SDL_Event *e, panel_reply *out)
{
    if (e->type == SDL_KEYDOWN) out->used = key(k, x, &e->key, out);
    else if (k->open) out->used = mouse(k, x, e, out);
    return out->used;
}

SDL_Rect knobs_rect(const knobs *k) { return k->rect; }

/* One slider: label and value on a line, the track under it with the scenario's value as a
 * tick. Returns the height used. */
static int draw_slider(knobs *k, const panel_ctx *v, int i, int x, int y, int w)
{
    const theme *th = v->th;
    double x0 = NAN, val = k->drag && k->focus == i ? k->drag_value : knobs_value(v->m, i);
    scenario_param_get(&v->scn->p, spec[i].key, &x0);
    char buf[48];
    format_value(k, i, val, buf, sizeof buf);
    SDL_Color fg = i == k->focus ? th->accent : th->panel_fg;
    int lh = text_height(v->txt, TEXT_BODY), th_px = (int)fmax(6, 8 * v->s * th->line_scale);
    text_draw(v->txt, TEXT_BODY, spec[i].label, x, y, fg, 0);
    text_draw(v->txt, TEXT_BOLD, buf, x + w, y, fg, TEXT_RIGHT);
    SDL_Rect q = {x, y + lh + th_px / 2, w, th_px};
    k->track[i] = q;
    panel_fill(v, q, th->panel_dim);
    double f = (val - spec[i].min) / (spec[i].max - spec[i].min);
    if (i == KNOB_MEDIATION) f = val > 0 ? 1 : 0;
    f = fmax(0, fmin(1, f));
    panel_fill(v, (SDL_Rect){q.x, q.y, (int)(f * q.w), q.h}, fg);
    int hx = q.x + (int)(f * q.w), hw = (int)(th_px * 1.6);
    panel_fill(v, (SDL_Rect){hx - hw / 2, q.y - th_px / 2 - 1, hw, 2 * th_px + 2}, fg);
    if (i != KNOB_MEDIATION && !isnan(x0)) {   /* the scenario's own value */
        int tx = q.x + (int)((x0 - spec[i].min) / (spec[i].max - spec[i].min) * q.w);
        panel_fill(v, (SDL_Rect){tx - 1, q.y + q.h + 1, 3, th_px}, th->panel_fg);
    }
    return lh + 3 * th_px;
}

int knobs_height(const panel_ctx *v)
{
    int pad = (int)(10 * v->s);
    int lt = text_height(v->txt, TEXT_BOLD), ls = text_height(v->txt, TEXT_SMALL);
    int row = text_height(v->txt, TEXT_BODY) + 3 * (int)fmax(6, 8 * v->s * v->th->line_scale);
    return 2 * pad + lt + ls + pad / 2 + KNOBS_N * row;
}

void knobs_draw(knobs *k, const panel_ctx *v)
{
    if (!k->open) return;
    const theme *th = v->th;
    int pad = (int)(10 * v->s);
    int w = (int)fmin(v->map.w - 2 * pad, 470 * v->s * th->text_scale);
    int lt = text_height(v->txt, TEXT_BOLD), ls = text_height(v->txt, TEXT_SMALL);
    SDL_Rect q = {v->map.x + v->map.w - pad - w, v->top, w, knobs_height(v)};
    k->rect = q;
    panel_frame(v, q, th->panel_bg, th->edge);
    text_region(v->txt, q, 1, "knobs");
    int x = q.x + pad, y = q.y + pad;
    text_draw(v->txt, TEXT_BOLD, "Knobs: changes apply from today", x, y, th->panel_fg, 0);
    y += lt;
    text_draw(v->txt, TEXT_SMALL, "Tab next   left/right change   drag   K close   | = scenario",
              x, y, th->panel_dim, 0);
    y += ls + pad / 2;
    for (int i = 0; i < KNOBS_N; i++) y += draw_slider(k, v, i, x, y, w - 2 * pad);
}
