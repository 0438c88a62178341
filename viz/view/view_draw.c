/* view_draw.c - one frame of the view: base map, live layers, captions, overlays, HUD. */
#include "base/date.h"
#include "story/narrate.h"
#include "view/view_int.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define INK ((SDL_Color){20, 20, 24, 255})
#define PAPER ((SDL_Color){250, 250, 245, 255})

static void box(SDL_Renderer *r, SDL_Rect q, SDL_Color bg, SDL_Color edge)
{
    SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, bg.a);
    SDL_RenderFillRect(r, &q);
    SDL_SetRenderDrawColor(r, edge.r, edge.g, edge.b, edge.a);
    SDL_RenderDrawRect(r, &q);
}

static void record_title(const view *v, const model_record *r, char *out, size_t n)
{
    char date[11];
    date_format(v->scn->start_date + (long)floor(r->t), date);
    const char *zone = r->zone >= 0 && r->zone < v->nz ? v->scn->zones[r->zone].name : "";
    snprintf(out, n, "%s  %s%s%s (%s)", date, narrate_kind(r->kind), *zone ? " at " : "",
             zone, narrate_actor(v->scn, r->actor));
}

static void reason_box(view *v)
{
    if (v->selected < 0 || v->selected >= v->n_seen) return;
    const model_record *r = model_record_at(v->m, v->selected);
    char title[160], extra[128];
    int pad = (int)(10 * v->s), w = v->map_rect.w - 4 * pad, x = 2 * pad, y;
    record_title(v, r, title, sizeof title);
    snprintf(extra, sizeof extra, "casualties %g   civilians %g   ladder after: %d %s",
             r->casualties, r->civilian_casualties, r->ladder, hud_ladder_name(r->ladder));
    int lh = text_height(v->txt, TEXT_BODY);
    int hgt = 2 * lh + text_wrapped_height(v->txt, TEXT_BODY, r->reason, w - 2 * pad) + pad;
    y = v->map_rect.h - pad - hgt;
    box(v->r, (SDL_Rect){x, y, w, hgt}, (SDL_Color){255, 252, 235, 245}, INK);
    text_draw(v->txt, TEXT_BOLD, title, x + pad, y + pad / 2, INK, 0);
    text_draw(v->txt, TEXT_SMALL, extra, x + pad, y + pad / 2 + lh, INK, 0);
    text_draw_wrapped(v->txt, TEXT_BODY, r->reason, x + pad, y + pad / 2 + 2 * lh, w - 2 * pad,
                      INK);
    text_draw(v->txt, TEXT_SMALL, "why: the model's reason   (click to close)", x + w - pad,
              y + pad / 2, (SDL_Color){90, 90, 90, 255}, TEXT_RIGHT);
}

static void event_list(view *v)
{
    int pad = (int)(8 * v->s), lh = text_height(v->txt, TEXT_SMALL) + 2;
    int w = (int)fmin(v->map_rect.w - 2 * pad, 520 * v->s);
    SDL_Rect q = {pad, pad, w, (VIEW_LIST_ROWS + 1) * lh + pad};
    box(v->r, q, (SDL_Color){28, 32, 40, 235}, HUD_DIM);
    text_draw(v->txt, TEXT_BOLD, "Events (newest first; click one for its reason)", q.x + pad,
              q.y + pad / 2, HUD_FG, 0);
    v->n_list = 0;
    for (int i = v->n_seen - 1; i >= 0 && v->n_list < VIEW_LIST_ROWS; i--) {
        const model_record *r = model_record_at(v->m, i);
        char title[160];
        record_title(v, r, title, sizeof title);
        SDL_Rect row = {q.x + 2, q.y + pad / 2 + (v->n_list + 1) * lh, q.w - 4, lh};
        if (i == v->selected) box(v->r, row, (SDL_Color){70, 80, 100, 255}, HUD_DIM);
        text_draw(v->txt, TEXT_SMALL, title, row.x + pad, row.y, HUD_FG, 0);
        v->list_rows[v->n_list] = row;
        v->list_rec[v->n_list++] = i;
    }
}

static void tooltip(view *v)
{
    if (v->hover_zone < 0 || v->hover_zone >= v->nz) return;
    const scn_zone *z = &v->scn->zones[v->hover_zone];
    const layer_zone *lz = &v->zones[v->hover_zone];
    char l1[128], l2[128];
    snprintf(l1, sizeof l1, "%s  (%s, %s side)", z->name, scn_zone_kind_name(z->kind),
             v->scn->side_name[z->side][0] ? v->scn->side_name[z->side] : scn_side_name(z->side));
    if (z->kind == SCN_ZONE_SANCTUARY)
        snprintf(l2, sizeof l2, "militant capacity %.2f of %.2f", lz->capacity, lz->k0);
    else if (z->kind == SCN_ZONE_CROSSING)
        snprintf(l2, sizeof l2, "crossing %s", lz->closed ? "CLOSED" : "open");
    else if (z->kind == SCN_ZONE_TARGET)
        snprintf(l2, sizeof l2, "target, exposure %.2f", z->exposure);
    else snprintf(l2, sizeof l2, "%.2f N  %.2f E", z->lat, z->lon);
    int w1, w2, lh = text_height(v->txt, TEXT_BODY), pad = (int)(6 * v->s);
    text_size(v->txt, TEXT_BOLD, l1, &w1, NULL);
    text_size(v->txt, TEXT_BODY, l2, &w2, NULL);
    int w = (w1 > w2 ? w1 : w2) + 2 * pad, x = v->mx + 16, y = v->my + 16;
    if (x + w > v->map_rect.w) x = v->mx - 16 - w;
    if (y + 2 * lh + pad > v->h) y = v->my - 16 - 2 * lh - pad;
    x = x < 2 ? 2 : x;
    y = y < 2 ? 2 : y;
    box(v->r, (SDL_Rect){x, y, w, 2 * lh + pad}, (SDL_Color){255, 255, 250, 245}, INK);
    text_draw(v->txt, TEXT_BOLD, l1, x + pad, y + pad / 2, INK, 0);
    text_draw(v->txt, TEXT_BODY, l2, x + pad, y + pad / 2 + lh, INK, 0);
}

static void help(view *v)
{
    static const char *const keys[] = {
        "space  pause / run", "left / right  step one day back / forward",
        "+ / -  faster / slower", "[ / ]  lower / raise the strike threshold by 0.05",
        "R  restart (same seed)     N  new seed", "E  event list (click an event for its reason)",
        "I  facilitator: inject an event (then click the map)",
        "B  brief card     D  debrief card",
        "--play: 1-3 answer a decision, M the model's choice, A actions",
        "S  screenshot     F  fullscreen     H  this help", "Q / Esc  quit",
        "K  knobs (open: Tab next, left/right change, drag)",
        "C  captions   P  pause at decisions   X  explain",
        "hover a zone: its state    click a marker: its reason"};
    int pad = (int)(12 * v->s), lh = text_height(v->txt, TEXT_BODY) + 2;
    int n = (int)(sizeof keys / sizeof keys[0]);
    int bw = (int)fmin(v->map_rect.w - 2 * pad, 660 * v->s * v->th->text_scale);
    SDL_Rect q = {v->map_rect.w / 2 - bw / 2, (int)(40 * v->s), bw,
                  text_height(v->txt, TEXT_TITLE) + (n + 6) * lh + lh / 2 + 2 * pad};
    box(v->r, q, (SDL_Color){28, 32, 40, 240}, HUD_FG);
    text_draw(v->txt, TEXT_TITLE, "Controls", q.x + pad, q.y + pad, HUD_FG, 0);
    int y = q.y + pad + text_height(v->txt, TEXT_TITLE);
    for (int i = 0; i < n; i++, y += lh)
        text_draw(v->txt, TEXT_BODY, keys[i], q.x + pad, y, HUD_FG, 0);
    y += lh / 2;
    text_draw(v->txt, TEXT_BOLD, "Layers (keys 1-9)", q.x + pad, y, HUD_FG, 0);
    y += lh;
    for (int k = 0; k < 9; k++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%d  %s: %s", k + 1, layers_name(k),
                 v->layers & (1 << k) ? "on" : "off");
        text_draw(v->txt, TEXT_BODY, buf, q.x + pad + (k % 2) * q.w / 2, y + (k / 2) * lh,
                  v->layers & (1 << k) ? HUD_FG : HUD_DIM, 0);
    }
}

static void status_line(view *v)
{
    if (!v->status[0] || SDL_TICKS_PASSED(SDL_GetTicks(), v->status_until)) return;
    int pad = (int)(8 * v->s), w, h;
    char fit[sizeof v->status];   /* a long message ends with an ellipsis inside the map */
    w = text_fit(v->txt, TEXT_BOLD, v->status, v->map_rect.w - 4 * pad, fit, sizeof fit);
    h = text_height(v->txt, TEXT_BOLD);
    SDL_Rect q = {v->map_rect.x + v->map_rect.w / 2 - w / 2 - pad, v->map_rect.y + pad,
                  w + 2 * pad, h + pad};
    box(v->r, q, (SDL_Color){20, 20, 24, 230}, HUD_WARN);
    text_region(v->txt, q, 1, "status");
    text_draw(v->txt, TEXT_BOLD, fit, q.x + pad, q.y + pad / 2, HUD_WARN, 0);
}

void view_draw_overlays(view *v)
{
    panel_ctx x;
    view_panel_ctx(v, &x);
    /* the bottom of the map explains: the selected event's reason, else the captions */
    if (v->selected >= 0) reason_box(v);
    else if (v->layers & LAYER_CAPTIONS) captions_draw(v->cap, &x);
    if (v->show_list) event_list(v);
    knobs_draw(v->kn, &x);
    SDL_Rect kr = knobs_rect(v->kn);   /* the explain panel goes under the knob panel */
    captions_draw_explain(v->cap, &x, kr.h > 0 ? kr.y + kr.h + (int)(10 * v->s) : x.top);
    tooltip(v);
    if (view_done(v) && !v->o.headless) cards_run_ended(v->cards);
    cards_draw(v->cards, &x, v->play);
    if (v->play) play_draw(v->play, &x);
    inject_draw(v->inj, &x);   /* the facilitator's menu over a waiting decision's dialog */
    if (v->show_help) help(v);
    status_line(v);
}

void view_fill_hud(view *v, hud_data *d)
{
    memset(d, 0, sizeof *d);
    d->title = v->label[0] ? v->label : v->scn->view.title[0] ? v->scn->view.title : v->scn->name;
    d->start_date = v->scn->start_date;
    d->speed = v->speed;
    d->paused = v->paused || (v->play && play_waiting(v->play));   /* a decision waits */
    d->done = view_done(v);
    d->seed = v->seed;
    d->layers = v->layers;
    d->show_meters = 1;
    meters_fill(&d->meters, v->m);
    d->show_rule = 1;
    model_strike_rule_get(v->m, &d->rule);
    d->state_played = v->play && play_side(v->play) == SCN_SIDE_STATE;
    if (v->play && play_waiting(v->play)) d->status = play_status(v->play);
    model_state_get(v->m, &d->st);
    d->st.t = v->t;   /* the model stops at its last event; the clock is the view's */
    int nd = model_day_count(v->m), first = nd > HUD_DAYS ? nd - HUD_DAYS : 0;
    for (int i = first; i < nd; i++) {
        const model_day *day = model_day_at(v->m, i);
        d->threat[d->n_days] = day->threat;
        d->thr[d->n_days++] = day->threshold_eff;
    }
    /* one bar per week, the newest week ending today */
    int nw = 0;
    for (int i = nd - 1; i >= first && nw < HUD_WEEKS; i -= 7)
        d->weekly[nw++] = model_day_at(v->m, i)->attacks_7d;
    for (int i = 0; i < nw / 2; i++) {
        double tmp = d->weekly[i];
        d->weekly[i] = d->weekly[nw - 1 - i];
        d->weekly[nw - 1 - i] = tmp;
    }
    d->n_weeks = nw;
}

#define ZONES_SHAPES (LAYER_ALL & ~LAYER_ZONE_LABELS)

void view_draw(view *v)
{
    hud_data d;
    SDL_SetRenderDrawColor(v->r, 178, 203, 222, 255);
    SDL_RenderClear(v->r);
    SDL_RenderCopy(v->r, v->base, NULL, NULL);
    SDL_RenderSetClipRect(v->r, &v->map_rect);
    layers_draw_zones(v->ly, v->zones, v->nz, NULL, v->layers & ZONES_SHAPES, v->s);
    layers_draw_markers(v->ly, v->zones, v->nz, v->t, v->layers, v->s * (float)v->th->line_scale);
    if (v->layers & LAYER_ZONE_LABELS)
        layers_draw_zones(v->ly, v->zones, v->nz, v->txt, v->layers | LAYER_LABELS_ONLY, v->s);
    view_draw_overlays(v);
    SDL_RenderSetClipRect(v->r, NULL);
    if (v->compact) return;   /* a split-screen pane: split.c draws its essentials */
    view_fill_hud(v, &d);
    hud_draw(v->r, v->txt, v->ly, v->panel, &d);
}
