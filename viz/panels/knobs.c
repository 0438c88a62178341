/* knobs.c - the knob panel: six sliders that change the model through a recorded script. */
#include "panels/knobs.h"
#include "base/alloc.h"
#include "base/err.h"
#include "panels/captions.h"
#include "view/view_int.h"
#include <math.h>
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
    script *loaded;          /* --script, replayed in every run; NULL when none */
    double mediation_on;     /* the scenario's daily mediation chance (the "on" value) */
    int open, focus, drag;
    double drag_value;
    SDL_Rect rect, track[KNOBS_N];
};

/* A copy of src (or an empty script), rewound. NULL on no memory. */
static script *copy_script(const script *src)
{
    script *dst = script_create();
    for (int i = 0; dst && src && i < script_count(src); i++)
        if (script_append(dst, script_at(src, i))) {
            script_destroy(dst);
            return NULL;
        }
    if (dst) script_rewind(dst);
    return dst;
}

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

void knobs_destroy(knobs *k)
{
    if (!k) return;
    script_destroy(k->loaded);
    sim_free(k);
}

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

int knobs_set(view *v, int i, double value)
{
    if (i < 0 || i >= KNOBS_N || isnan(value)) return SIM_EINVAL;
    knobs *k = v->kn;
    if (i == KNOB_MEDIATION) value = value > 0 ? k->mediation_on : 0;
    else value = fmax(spec[i].min, fmin(spec[i].max, round(value / spec[i].step) * spec[i].step));
    value = round(value * 1e6) / 1e6;   /* 0.1 + 0.05 steps print and read back cleanly */
    double old = knobs_value(v->m, i);
    if (fabs(old - value) < 1e-12) return 0;
    int rc = script_record_set(v->rec, v->m, spec[i].key, value);
    if (rc) {
        view_status(v, "cannot set %s: %s", spec[i].key, sim_strerror(rc));
        return rc;
    }
    char a[32], b[32];
    format_value(k, i, old, a, sizeof a);
    format_value(k, i, value, b, sizeof b);
    view_status(v, "%s %s -> %s from day %d", i == KNOB_COOPERATION ? "Cooperation target C0" :
                spec[i].label, a, b, (int)floor(v->t));
    return 0;
}

int knobs_nudge(view *v, int i, int dir)
{
    if (i == KNOB_MEDIATION) return knobs_set(v, i, knobs_value(v->m, i) > 0 ? 0 : 1);
    return knobs_set(v, i, knobs_value(v->m, i) + dir * spec[i].step);
}

int knobs_is_open(const view *v) { return v->kn && v->kn->open; }

void knobs_toggle(view *v)
{
    v->kn->open = !v->kn->open;
    if (v->kn->open && v->show_explain && !captions_explain_fits(v)) {
        v->show_explain = 0;   /* one of the two panels when the map is too small for both */
        view_status(v, "explain panel closed to make room (X)");
    }
    v->kn->drag = 0;
    if (!v->kn->open) v->kn->rect = (SDL_Rect){0, 0, 0, 0};
}

int knobs_set_script(view *v, const script *sc)
{
    knobs *k = v->kn;
    script *l = copy_script(sc), *r = copy_script(sc);
    if (!l || !r) return script_destroy(l), script_destroy(r), SIM_ENOMEM;
    script_destroy(k->loaded);
    script_destroy(v->rec);
    k->loaded = l;
    v->rec = r;
    double t = v->t;   /* replay the run so far with the script in it */
    int rc = view_restart(v, v->seed, 1);
    return rc ? rc : view_goto(v, t);
}

int knobs_save_script(view *v, FILE *f)
{
    script *out = copy_script(v->rec);
    if (!out) return SIM_ENOMEM;
    int rc = 0;
    for (int i = 0; !rc && i < v->n_sets; i++) {   /* the [ ] keys' changes */
        const view_set *u = &v->sets[i];
        scn_timeline_item it = {.day = u->t, .action = SCN_ACT_SET, .zone = -1, .type = -1,
                                .casualties = -1, .days = -1, .value = u->value};
        snprintf(it.key, sizeof it.key, "%s", u->key);
        snprintf(it.note, sizeof it.note, "%s", u->why);
        rc = script_append(out, &it);
    }
    if (!rc) rc = script_write(out, v->scn, f);
    script_destroy(out);
    return rc;
}

script *knobs_fresh_script(const view *v)
{
    return copy_script(v->kn ? v->kn->loaded : NULL);
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

static int key(view *v, const SDL_KeyboardEvent *e)
{
    knobs *k = v->kn;
    SDL_Keycode c = e->keysym.sym;
    if (c == SDLK_k) return knobs_toggle(v), 1;
    if (!k->open) return 0;
    int shift = (e->keysym.mod & KMOD_SHIFT) != 0;
    switch (c) {
    case SDLK_TAB: k->focus = (k->focus + (shift ? KNOBS_N - 1 : 1)) % KNOBS_N; return 1;
    case SDLK_DOWN: k->focus = (k->focus + 1) % KNOBS_N; return 1;
    case SDLK_UP: k->focus = (k->focus + KNOBS_N - 1) % KNOBS_N; return 1;
    case SDLK_RIGHT: knobs_nudge(v, k->focus, 1); return 1;
    case SDLK_LEFT: knobs_nudge(v, k->focus, -1); return 1;
    case SDLK_ESCAPE: knobs_toggle(v); return 1;
    default: return 0;
    }
}

static int mouse(view *v, const SDL_Event *e)
{
    knobs *k = v->kn;
    if (e->type == SDL_MOUSEMOTION && k->drag) {
        k->drag_value = value_at(k, k->focus, e->motion.x);
        return 1;
    }
    if (e->type == SDL_MOUSEBUTTONUP && k->drag && e->button.button == SDL_BUTTON_LEFT) {
        k->drag = 0;
        knobs_set(v, k->focus, k->drag_value);
        return 1;
    }
    if (e->type != SDL_MOUSEBUTTONDOWN || e->button.button != SDL_BUTTON_LEFT) return 0;
    SDL_Point pt = {e->button.x, e->button.y};
    int i = hit_slider(k, pt.x, pt.y);
    if (i < 0) return SDL_PointInRect(&pt, &k->rect);   /* a click on the panel stays there */
    k->focus = i;
    if (i == KNOB_MEDIATION) return knobs_nudge(v, i, 1), 1;
    k->drag = 1;
    k->drag_value = value_at(k, i, pt.x);
    return 1;
}

int knobs_handle(view *v, const SDL_Event *e)
{
    if (!v->kn) return 0;
    if (e->type == SDL_KEYDOWN) return key(v, &e->key);
    if (!v->kn->open) return 0;
    return mouse(v, e);
}

SDL_Rect knobs_rect(const view *v) { return v->kn ? v->kn->rect : (SDL_Rect){0, 0, 0, 0}; }

static void fill(SDL_Renderer *r, SDL_Rect q, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_RenderFillRect(r, &q);
}

/* One slider: label and value on a line, the track under it with the scenario's value as a
 * tick. Returns the height used. */
static int draw_slider(view *v, int i, int x, int y, int w)
{
    knobs *k = v->kn;
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
    fill(v->r, q, th->panel_dim);
    double f = (val - spec[i].min) / (spec[i].max - spec[i].min);
    if (i == KNOB_MEDIATION) f = val > 0 ? 1 : 0;
    f = fmax(0, fmin(1, f));
    fill(v->r, (SDL_Rect){q.x, q.y, (int)(f * q.w), q.h}, fg);
    int hx = q.x + (int)(f * q.w), hw = (int)(th_px * 1.6);
    fill(v->r, (SDL_Rect){hx - hw / 2, q.y - th_px / 2 - 1, hw, 2 * th_px + 2}, fg);
    if (i != KNOB_MEDIATION && !isnan(x0)) {   /* the scenario's own value */
        int tx = q.x + (int)((x0 - spec[i].min) / (spec[i].max - spec[i].min) * q.w);
        fill(v->r, (SDL_Rect){tx - 1, q.y + q.h + 1, 3, th_px}, th->panel_fg);
    }
    return lh + 3 * th_px;
}

int knobs_top(const view *v)
{
    /* below the status line (view_draw.c draws it at the top of the map) */
    int pad = (int)(8 * v->s);
    return 2 * pad + text_height(v->txt, TEXT_BOLD) + pad / 2;
}

int knobs_height(const view *v)
{
    int pad = (int)(10 * v->s);
    int lt = text_height(v->txt, TEXT_BOLD), ls = text_height(v->txt, TEXT_SMALL);
    int row = text_height(v->txt, TEXT_BODY) + 3 * (int)fmax(6, 8 * v->s * v->th->line_scale);
    return 2 * pad + lt + ls + pad / 2 + KNOBS_N * row;
}

void knobs_draw(view *v)
{
    knobs *k = v->kn;
    if (!k || !k->open) return;
    const theme *th = v->th;
    int pad = (int)(10 * v->s);
    int w = (int)fmin(v->map_rect.w - 2 * pad, 470 * v->s * th->text_scale);
    int lt = text_height(v->txt, TEXT_BOLD), ls = text_height(v->txt, TEXT_SMALL);
    SDL_Rect q = {v->map_rect.w - pad - w, knobs_top(v), w, knobs_height(v)};
    k->rect = q;
    fill(v->r, q, th->panel_bg);
    SDL_SetRenderDrawColor(v->r, th->edge.r, th->edge.g, th->edge.b, th->edge.a);
    SDL_RenderDrawRect(v->r, &q);
    int x = q.x + pad, y = q.y + pad;
    text_draw(v->txt, TEXT_BOLD, "Knobs: changes apply from today", x, y, th->panel_fg, 0);
    y += lt;
    text_draw(v->txt, TEXT_SMALL, "Tab next   left/right change   drag   K close   | = scenario",
              x, y, th->panel_dim, 0);
    y += ls + pad / 2;
    for (int i = 0; i < KNOBS_N; i++) y += draw_slider(v, i, x, y, w - 2 * pad);
}
