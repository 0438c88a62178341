/* view_draw.c - one frame of the view: base map, live layers, captions, overlays, HUD. */
#include "base/date.h"
#include "story/narrate.h"
#include "view/view_int.h"
#include <ctype.h>
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

/* The model's reason in the class's words: a setting's change names its parameter by its
 * knob name (narrate_set), never by its key; other reasons are the model's own sentences. */
static const char *reason_words(const view *v, const model_record *r, char *out, size_t n)
{
    if (r->kind == MODEL_REC_SET && narrate_record(v->scn, r, out, n) >= 0) return out;
    /* Enum names in the model's sentences ("cross_border attack") read as words. */
    snprintf(out, n, "%s", r->reason);
    for (char *p = out; *p; p++)
        if (*p == '_' && p > out && isalpha((unsigned char)p[-1]) && isalpha((unsigned char)p[1]))
            *p = '-';
    return out;
}

/* The selected event: its title, numbers and the model's reason, the hint beside the title
 * when both fit, else on its own line at the bottom. */
static void reason_box(view *v)
{
    if (v->selected < 0 || v->selected >= v->n_seen) return;
    const model_record *r = model_record_at(v->m, v->selected);
    static const char hint[] = "why: the model's reason   (click to close)";
    char title[160], extra[128], said[sizeof r->reason + 64];
    int pad = (int)(10 * v->s), w = v->map_rect.w - 4 * pad, x = v->map_rect.x + 2 * pad, y;
    int inner = w - 2 * pad, tw, hw;
    record_title(v, r, title, sizeof title);
    const char *why = reason_words(v, r, said, sizeof said);
    snprintf(extra, sizeof extra, "casualties %g   civilians %g   ladder after: %d %s",
             r->casualties, r->civilian_casualties, r->ladder, hud_ladder_name(r->ladder));
    text_size(v->txt, TEXT_BOLD, title, &tw, NULL);
    text_size(v->txt, TEXT_SMALL, hint, &hw, NULL);
    int beside = tw + 2 * pad + hw <= inner;
    int lb = text_height(v->txt, TEXT_BOLD), ls = text_height(v->txt, TEXT_SMALL);
    int body = text_wrapped_height(v->txt, TEXT_BODY, why, inner);
    int hgt = pad + lb + ls + body + (beside ? 0 : ls);
    y = v->map_rect.y + v->map_rect.h - pad - hgt;
    SDL_Rect q = {x, y, w, hgt};
    box(v->r, q, (SDL_Color){255, 252, 235, 245}, INK);
    text_region(v->txt, q, 1, "event detail");
    y += pad / 2;
    text_draw_fit(v->txt, TEXT_BOLD, title, x + pad, y, beside ? inner - hw - 2 * pad : inner,
                  INK, 0);
    SDL_Color dim = {90, 90, 90, 255};
    if (beside) text_draw(v->txt, TEXT_SMALL, hint, x + w - pad, y + lb - ls, dim, TEXT_RIGHT);
    y += lb;
    text_draw_fit(v->txt, TEXT_SMALL, extra, x + pad, y, inner, INK, 0);
    y += ls;
    y += text_draw_wrapped(v->txt, TEXT_BODY, why, x + pad, y, inner, INK);
    if (!beside) text_draw_fit(v->txt, TEXT_SMALL, hint, x + w - pad, y, inner, dim, TEXT_RIGHT);
}

static void event_list(view *v)
{
    int pad = (int)(8 * v->s), lh = text_height(v->txt, TEXT_SMALL) + 2;
    int lb = text_height(v->txt, TEXT_BOLD);
    int w = (int)fmin(v->map_rect.w - 2 * pad, 520 * v->s * v->th->text_scale);
    int rows = (v->map_rect.h - 2 * pad - lb - pad) / lh;   /* as many as the map has room for */
    rows = rows < 0 ? 0 : rows > VIEW_LIST_ROWS ? VIEW_LIST_ROWS : rows;
    SDL_Rect q = {v->map_rect.x + pad, v->map_rect.y + pad, w, lb + rows * lh + pad};
    box(v->r, q, (SDL_Color){28, 32, 40, 235}, HUD_DIM);
    text_region(v->txt, q, 1, "event list");
    text_draw_fit(v->txt, TEXT_BOLD, "Events (newest first; click one for its reason)",
                  q.x + pad, q.y + pad / 2, q.w - 2 * pad, HUD_FG, 0);
    v->n_list = 0;
    for (int i = v->n_seen - 1; i >= 0 && v->n_list < rows; i--) {
        const model_record *r = model_record_at(v->m, i);
        char title[160];
        record_title(v, r, title, sizeof title);
        SDL_Rect row = {q.x + 2, q.y + pad / 2 + lb + v->n_list * lh, q.w - 4, lh};
        if (i == v->selected) box(v->r, row, (SDL_Color){70, 80, 100, 255}, HUD_DIM);
        text_draw_fit(v->txt, TEXT_SMALL, title, row.x + pad, row.y + 1, row.w - 2 * pad, HUD_FG,
                      0);
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
    text_region(v->txt, (SDL_Rect){x, y, w, 2 * lh + pad}, 1, "tooltip");
    text_draw(v->txt, TEXT_BOLD, l1, x + pad, y + pad / 2, INK, 0);
    text_draw(v->txt, TEXT_BODY, l2, x + pad, y + pad / 2 + lh, INK, 0);
}

static const char *const help_keys[] = {
    "space  pause / run", "left / right  step one day back / forward",
    "+ / -  faster / slower", "[ / ]  lower / raise the strike threshold by 0.05",
    "R  restart (same seed)     N  new seed", "E  event list (click an event for its reason)",
    "I  facilitator: inject an event (then click the map)",
    "B  brief card     D  debrief card",
    "W  how it works: the rules, this run's numbers",
    "--play: 1-3 answer a decision, M the model's choice, A actions",
    "S  screenshot     F  fullscreen     H  this help", "Q / Esc  quit",
    "K  knobs (open: Tab next, left/right change, drag)",
    "C  captions   P  pause at decisions   X  explain",
    "hover a zone: its state    click a marker: its reason",
    "T  what really happened: the record beside this run (history scenarios)",
    "buttons under the side panel: run / pause, +1 day, restart, speed slider"};
#define HELP_N ((int)(sizeof help_keys / sizeof help_keys[0]))

/* The help overlay's shape: font, key columns and size, measured. */
typedef struct help_shape {
    int font, cols, lh, col_w, w, h;
} help_shape;

static help_shape help_measure(view *v, int font, int cols, int pad)
{
    help_shape h = {font, cols, text_height(v->txt, font) + 2, 0, 0, 0};
    const char *lay[9];
    char buf[9][64];
    for (int k = 0; k < 9; k++) {
        snprintf(buf[k], sizeof buf[k], "%d  %s: off", k + 1, layers_name(k));
        lay[k] = buf[k];
    }
    int kw = text_width_max(v->txt, font, help_keys, HELP_N);
    int lw = text_width_max(v->txt, font, lay, 9);
    h.col_w = kw > lw ? kw : lw;
    int tw;
    text_size(v->txt, TEXT_TITLE, "Controls", &tw, NULL);
    int rows = (HELP_N + cols - 1) / cols;
    h.w = 2 * pad + (cols * h.col_w + (cols - 1) * 2 * pad > 2 * lw + 2 * pad
                         ? cols * h.col_w + (cols - 1) * 2 * pad : 2 * lw + 2 * pad);
    h.h = 2 * pad + text_height(v->txt, TEXT_TITLE) + rows * h.lh + h.lh / 2 +
          text_height(v->txt, TEXT_BOLD) + 5 * h.lh;
    return h;
}

/* One column of body type, else two, else the same in small type; the last one tried is
 * used (with ellipses) when none fits. */
static help_shape help_shape_for(view *v, int pad, int aw, int ah)
{
    static const int tries[4][2] = {{TEXT_BODY, 1}, {TEXT_BODY, 2}, {TEXT_SMALL, 1},
                                    {TEXT_SMALL, 2}};
    help_shape h = {0};
    for (int i = 0; i < 4; i++) {
        h = help_measure(v, tries[i][0], tries[i][1], pad);
        if (h.w <= aw && h.h <= ah) return h;
    }
    h.w = h.w < aw ? h.w : aw;
    return h;
}

static void help(view *v)
{
    int pad = (int)(12 * v->s), top = v->map_rect.y + pad;
    int aw = v->map_rect.w - 2 * pad, ah = v->map_rect.h - 2 * pad;
    help_shape hs = help_shape_for(v, pad, aw, ah);
    SDL_Rect q = {v->map_rect.x + v->map_rect.w / 2 - hs.w / 2, top + (ah - hs.h) / 2, hs.w,
                  hs.h};
    if (q.y < top) q.y = top;
    box(v->r, q, (SDL_Color){28, 32, 40, 240}, HUD_FG);
    text_region(v->txt, q, 1, "help");
    int inner = q.w - 2 * pad, cw = hs.cols > 1 ? (inner - 2 * pad) / 2 : inner;
    text_draw_fit(v->txt, TEXT_TITLE, "Controls", q.x + pad, q.y + pad, inner, HUD_FG, 0);
    int y = q.y + pad + text_height(v->txt, TEXT_TITLE), rows = (HELP_N + hs.cols - 1) / hs.cols;
    for (int i = 0; i < HELP_N; i++)
        text_draw_fit(v->txt, hs.font, help_keys[i], q.x + pad + (i / rows) * (cw + 2 * pad),
                      y + (i % rows) * hs.lh, cw, HUD_FG, 0);
    y += rows * hs.lh + hs.lh / 2;
    text_draw_fit(v->txt, TEXT_BOLD, "Layers (keys 1-9)", q.x + pad, y, inner, HUD_FG, 0);
    y += text_height(v->txt, TEXT_BOLD);
    int lw = (inner - pad) / 2;
    for (int k = 0; k < 9; k++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%d  %s: %s", k + 1, layers_name(k),
                 v->layers & (1 << k) ? "on" : "off");
        text_draw_fit(v->txt, hs.font, buf, q.x + pad + (k % 2) * (lw + pad), y + (k / 2) * hs.lh,
                      lw, v->layers & (1 << k) ? HUD_FG : HUD_DIM, 0);
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
    strip_draw_detail(v->strip, &x, v->mx, v->my);   /* under the cards and dialogs */
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

/* The legend on its strip over the map (view.c's legend_strip). */
static void legend_strip(view *v, double s)
{
    int pad = (int)fmax(4, 8 * v->s);
    SDL_Rect q = {v->legend.x + pad, v->legend.y + pad / 2, v->legend.w - 2 * pad,
                  v->legend.h - pad};
    box(v->r, v->legend, HUD_BG, HUD_BG);
    text_region(v->txt, q, 0, "legend");
    hud_legend_draw(v->r, v->txt, v->ly, q, s);
}

#define ZONES_SHAPES (LAYER_ALL & ~LAYER_ZONE_LABELS)

void view_draw(view *v)
{
    hud_data d;
    /* the base map is opaque (blend mode none) and covers the frame: no clear before it */
    SDL_RenderCopy(v->r, v->base, NULL, NULL);
    if (!v->compact) {
        panel_ctx sx;
        view_panel_ctx(v, &sx);
        strip_draw(v->strip, &sx, v->strip_rect);
    }
    SDL_RenderSetClipRect(v->r, &v->map_rect);
    layers_draw_zones(v->ly, v->zones, v->nz, NULL, v->layers & ZONES_SHAPES, v->s);
    layers_draw_markers(v->ly, v->zones, v->nz, v->t, v->layers, v->s * (float)v->th->line_scale);
    text_region(v->txt, v->map_rect, 0, "map labels");
    if (v->layers & LAYER_ZONE_LABELS)
        layers_draw_zones(v->ly, v->zones, v->nz, v->txt, v->layers | LAYER_LABELS_ONLY, v->s);
    view_draw_overlays(v);
    SDL_RenderSetClipRect(v->r, NULL);
    if (v->compact) return;   /* a split-screen pane: split.c draws its essentials */
    view_fill_hud(v, &d);
    SDL_Rect hud = {v->panel.x, v->panel.y, v->panel.w, v->panel.h - v->bar.h};
    hud_draw(v->r, v->txt, v->legend.h ? NULL : v->ly, hud, &d);
    if (v->legend.h) legend_strip(v, hud.h / 720.0);
    panel_ctx x;
    view_panel_ctx(v, &x);
    controls_draw(v->ctl, &x, v->bar, d.paused || d.done, v->speed, v->mx, v->my);
}
