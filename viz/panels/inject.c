/* inject.c - the facilitator's inject menu and picking zones on the map (see inject.h). */
#include "panels/inject.h"
#include "base/err.h"
#include "story/script.h"
#include "base/alloc.h"
#include "layers/hud.h"
#include <math.h>
#include <stdio.h>

static const struct {
    const char *label;
    int action;
    double casualties;
    int zone_kind;      /* SCN_ZONE_* the item picks, -2: a host-side zone, -1: none */
} items[INJECT_N] = {
    [INJECT_ATTACK_SMALL] = {"Attack: small (5 casualties)", SCN_ACT_ATTACK, 5, SCN_ZONE_TARGET},
    [INJECT_ATTACK_LARGE] = {"Attack: large (30 casualties)", SCN_ACT_ATTACK, 30, SCN_ZONE_TARGET},
    /* casualties -2: the model's own mass-casualty level (state.strike.mass_casualty) */
    [INJECT_ATTACK_MASS] = {"Attack: mass casualty", SCN_ACT_ATTACK, -2, SCN_ZONE_TARGET},
    [INJECT_MEDIATION] = {"Mediation offer", SCN_ACT_MEDIATION, -1, -1},
    [INJECT_DELEGATION] = {"Delegation to the host", SCN_ACT_DELEGATION, -1, -1},
    [INJECT_DRONE] = {"Drone incursion", SCN_ACT_DRONE, -1, -2},
    [INJECT_CLOSURE] = {"Border closure", SCN_ACT_CLOSURE, -1, SCN_ZONE_CROSSING},
};

struct inject {
    int open;
    int armed;               /* item waiting for a click on the map, or -1 */
    int hover_zone;          /* zone the armed item would use, or -1 */
    SDL_Rect rect, item[INJECT_N];
};

inject *inject_create(void)
{
    inject *im = sim_calloc(1, sizeof *im);
    if (im) im->armed = im->hover_zone = -1;
    return im;
}

void inject_destroy(inject *im) { sim_free(im); }
int inject_is_open(const inject *im) { return im->open; }
const char *inject_label(int i) { return i >= 0 && i < INJECT_N ? items[i].label : ""; }

double inject_casualties(const model *m, int i)
{
    if (i < 0 || i >= INJECT_N) return -1;
    /* at the model's level, read now: a knob or --set that moves it moves the inject too */
    return items[i].casualties == -2 ? ceil(model_params(m)->state.mass_casualty)
                                     : items[i].casualties;
}

/* The label as the menu shows it: the mass-casualty item with the model's level. */
static void item_text(const model *m, int i, char *out, size_t n)
{
    if (items[i].casualties == -2)
        snprintf(out, n, "%s (%g: the model's level)", items[i].label, inject_casualties(m, i));
    else snprintf(out, n, "%s", items[i].label);
}

SDL_Rect inject_item_rect(const inject *im, int i)
{
    return i >= 0 && i < INJECT_N ? im->item[i] : (SDL_Rect){0, 0, 0, 0};
}

static int fits(const scenario *s, int i, int z)
{
    const scn_zone *sz = &s->zones[z];
    return items[i].zone_kind == -2 ? sz->side == SCN_SIDE_HOST : sz->kind == items[i].zone_kind;
}

int inject_pick_zone(const panel_ctx *x, int i, int px, int py)
{
    if (i < 0 || i >= INJECT_N || items[i].zone_kind == -1) return -1;
    int best = -1;
    double bd = INFINITY;
    for (int z = 0; z < x->nz; z++) {
        double dx = x->zones[z].x - px, dy = x->zones[z].y - py, d = dx * dx + dy * dy;
        if (fits(x->scn, i, z) && d < bd) bd = d, best = z;
    }
    return best;
}

int inject_apply(const panel_ctx *x, int i, int zone, panel_reply *out)
{
    if (i < 0 || i >= INJECT_N) return SIM_EINVAL;
    scn_timeline_item it = {.action = items[i].action, .zone = zone, .type = -1,
                            .casualties = inject_casualties(x->m, i), .days = -1};
    int rc = script_record_inject(x->rec, x->m, &it);
    if (rc) {
        panel_say(out, "inject failed: %s", sim_strerror(rc));
        return rc;
    }
    char label[96];
    item_text(x->m, i, label, sizeof label);
    panel_say(out, "injected by facilitator: %s%s%s", label, zone >= 0 ? " at " : "",
              zone >= 0 ? x->scn->zones[zone].name : "");
    out->changed = 1;   /* the new record shows now */
    return 0;
}

static int click(inject *im, const panel_ctx *x, int px, int py, panel_reply *out)
{
    SDL_Point pt = {px, py};
    for (int i = 0; i < INJECT_N; i++)
        if (SDL_PointInRect(&pt, &im->item[i])) {
            im->armed = items[i].zone_kind == -1 ? -1 : i;
            if (im->armed < 0) {
                im->open = 0;
                inject_apply(x, i, -1, out);
            }
            return 1;
        }
    if (im->armed >= 0 && SDL_PointInRect(&pt, &x->map)) {
        int z = inject_pick_zone(x, im->armed, px, py), i = im->armed;
        im->open = 0;
        im->armed = -1;
        if (z >= 0) inject_apply(x, i, z, out);
        return 1;
    }
    return SDL_PointInRect(&pt, &im->rect);
}

static int handle(inject *im, const panel_ctx *x, const SDL_Event *e, panel_reply *out)
{
    if (e->type == SDL_KEYDOWN) {
        SDL_Keycode k = e->key.keysym.sym;
        if (k == SDLK_i) {
            im->open = !im->open;
            im->armed = -1;
            return 1;
        }
        if (k == SDLK_ESCAPE && im->open) return im->open = 0, im->armed = -1, 1;
        return 0;
    }
    if (!im->open) return 0;
    if (e->type == SDL_MOUSEMOTION) {
        im->hover_zone = inject_pick_zone(x, im->armed, e->motion.x, e->motion.y);
        return 0;
    }
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT)
        return click(im, x, e->button.x, e->button.y, out);
    return 0;
}

int inject_handle(inject *im, const panel_ctx *x, const SDL_Event *e, panel_reply *out)
{
    return out->used = handle(im, x, e, out);
}

void inject_draw(inject *im, const panel_ctx *v)
{
    if (!im->open) return;
    int pad = (int)(10 * v->s), lh = text_height(v->txt, TEXT_BODY) + (int)(8 * v->s);
    int w = (int)(330 * v->s), hb = text_height(v->txt, TEXT_BOLD);
    im->rect = (SDL_Rect){v->map.x + pad, v->top, w,
                          2 * pad + hb + INJECT_N * lh + text_height(v->txt, TEXT_SMALL)};
    SDL_SetRenderDrawColor(v->r, 28, 32, 40, 240);
    SDL_RenderFillRect(v->r, &im->rect);
    SDL_SetRenderDrawColor(v->r, HUD_WARN.r, HUD_WARN.g, HUD_WARN.b, 255);
    SDL_RenderDrawRect(v->r, &im->rect);
    text_region(v->txt, im->rect, 1, "inject menu");
    int x = im->rect.x + pad, y = im->rect.y + pad;
    text_draw(v->txt, TEXT_BOLD, "Facilitator: inject an event", x, y, HUD_WARN, 0);
    y += hb;
    for (int i = 0; i < INJECT_N; i++, y += lh) {
        im->item[i] = (SDL_Rect){x - 4, y, w - 2 * pad + 8, lh - 2};
        SDL_Color bg = i == im->armed ? (SDL_Color){120, 90, 20, 255}
                                      : (SDL_Color){50, 56, 68, 255};
        SDL_SetRenderDrawColor(v->r, bg.r, bg.g, bg.b, 255);
        SDL_RenderFillRect(v->r, &im->item[i]);
        char label[96];
        item_text(v->m, i, label, sizeof label);
        text_draw_fit(v->txt, TEXT_BODY, label, x + 4, y + lh / 2 - 1, w - 2 * pad, HUD_FG,
                      TEXT_MIDDLE);
    }
    text_draw(v->txt, TEXT_SMALL, im->armed >= 0 ? "now click the place on the map"
              : "click an item;  I or Esc closes", x, y, HUD_DIM, 0);
    if (im->armed >= 0 && im->hover_zone >= 0) {
        const layer_zone *z = &v->zones[im->hover_zone];
        int r = (int)(16 * v->s);
        SDL_SetRenderDrawColor(v->r, HUD_WARN.r, HUD_WARN.g, HUD_WARN.b, 255);
        for (int k = 0; k < 3; k++)
            SDL_RenderDrawRect(v->r, &(SDL_Rect){(int)z->x - r - k, (int)z->y - r - k,
                                                 2 * (r + k), 2 * (r + k)});
    }
}
