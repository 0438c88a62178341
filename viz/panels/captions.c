/* captions.c - the caption panel, pause-on-decision and the explain panel. */
#include "panels/captions.h"
#include "story/narrate.h"
#include "view/view_int.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

int captions_is_decision(int kind)
{
    switch (kind) {
    case MODEL_REC_STRIKE: case MODEL_REC_ULTIMATUM: case MODEL_REC_CLOSURE:
    case MODEL_REC_DEAL_ACCEPTED: case MODEL_REC_DEAL_REJECTED: case MODEL_REC_CLASH:
    case MODEL_REC_MEDIATION: case MODEL_REC_CEASEFIRE:
        return 1;
    default: return 0;
    }
}

int captions_wanted(const model_record *r, int replay)
{
    if (replay && r->kind == MODEL_REC_ATTACK) return 0;   /* a replay's attacks are many */
    switch (r->kind) {
    case MODEL_REC_ATTACK: case MODEL_REC_DRONE: case MODEL_REC_DEMARCHE: case MODEL_REC_DENIAL:
    case MODEL_REC_REOPEN: case MODEL_REC_NOTE: case MODEL_REC_RETALIATION_PLANNED:
        return r->scripted;
    default: return 1;
    }
}

int captions_text(const scenario *s, const model_record *r, char *out, size_t n)
{
    int len = narrate_record(s, r, out, n);
    if (len < 0 || r->kind != MODEL_REC_SET || !strstr(r->reason, ": host.cooperation "))
        return len;
    /* C0 is where cooperation drifts to, not cooperation itself: say so */
    size_t at = strlen(out);
    int more = snprintf(out + at, n > at ? n - at : 0, " This moves the target that host "
                        "cooperation drifts toward (C0); cooperation itself follows over weeks.");
    return more < 0 ? len : (int)at + more;
}

void captions_on_record(view *v, int i)
{
    const model_record *r = model_record_at(v->m, i);
    if (!v->pause_on_decision || !r || !captions_is_decision(r->kind) || v->paused) return;
    v->paused = 1;
    view_status(v, "Paused on a decision (%s): space goes on", model_record_kind_name(r->kind));
}

int captions_handle(view *v, const SDL_Event *e)
{
    if (e->type != SDL_KEYDOWN) return 0;
    switch (e->key.keysym.sym) {
    case SDLK_c:
        view_set_layers(v, v->layers ^ LAYER_CAPTIONS);
        view_status(v, "captions %s", v->layers & LAYER_CAPTIONS ? "on" : "off");
        return 1;
    case SDLK_p:
        v->pause_on_decision = !v->pause_on_decision;
        view_status(v, "pause on each decision: %s", v->pause_on_decision ? "on" : "off");
        return 1;
    case SDLK_x:
        v->show_explain = !v->show_explain;
        if (v->show_explain && knobs_is_open(v) && !captions_explain_fits(v)) {
            knobs_toggle(v);   /* one of the two panels when the map is too small for both */
            view_status(v, "knob panel closed to make room (K)");
        }
        return 1;
    default: return 0;
    }
}

static SDL_Color mix(SDL_Color a, SDL_Color b, double f)
{
    return (SDL_Color){(Uint8)(a.r + (b.r - a.r) * f), (Uint8)(a.g + (b.g - a.g) * f),
                       (Uint8)(a.b + (b.b - a.b) * f), 255};
}

static void panel(view *v, SDL_Rect q)
{
    const theme *th = v->th;
    SDL_SetRenderDrawColor(v->r, th->panel_bg.r, th->panel_bg.g, th->panel_bg.b, th->panel_bg.a);
    SDL_RenderFillRect(v->r, &q);
    SDL_SetRenderDrawColor(v->r, th->edge.r, th->edge.g, th->edge.b, th->edge.a);
    SDL_RenderDrawRect(v->r, &q);
}

/* The newest wanted records of the last VIEW_CAPTION_DAYS, newest first. */
static int pick(const view *v, int idx[CAPTIONS_SHOWN])
{
    int n = 0;
    for (int i = v->n_seen - 1; i >= 0 && n < CAPTIONS_SHOWN; i--) {
        const model_record *r = model_record_at(v->m, i);
        if (v->t - r->t > VIEW_CAPTION_DAYS) break;
        if (captions_wanted(r, v->n_rep > 0)) idx[n++] = i;
    }
    return n;
}

static void headline(view *v, const model_record *r, char *out, size_t n)
{
    char date[48];
    narrate_date(v->scn, r->t, date, sizeof date);
    snprintf(out, n, "%s  -  %s", date, model_record_kind_name(r->kind));
}

SDL_Rect captions_draw(view *v)
{
    int idx[CAPTIONS_SHOWN], n = pick(v, idx);
    if (n == 0) return (SDL_Rect){0, 0, 0, 0};
    const theme *th = v->th;
    int pad = (int)(8 * v->s), w = v->map_rect.w - 4 * pad, tw = w - 2 * pad;
    int lo = text_height(v->txt, TEXT_BODY), ls = text_height(v->txt, TEXT_SMALL);
    char cap[1024], head[128], line[1200];
    captions_text(v->scn, model_record_at(v->m, idx[0]), cap, sizeof cap);
    int body = text_wrapped_height(v->txt, TEXT_BOLD, cap, tw);
    SDL_Rect q = {2 * pad, 0, w, pad + (n - 1) * lo + ls + body};
    q.y = v->map_rect.h - pad - q.h;
    panel(v, q);
    SDL_RenderSetClipRect(v->r, &q);
    int y = q.y + pad / 2;
    for (int k = n - 1; k >= 1; k--, y += lo) {   /* older first, fading with age */
        const model_record *r = model_record_at(v->m, idx[k]);
        char date[48];
        narrate_date(v->scn, r->t, date, sizeof date);
        captions_text(v->scn, r, cap, sizeof cap);
        snprintf(line, sizeof line, "%s: %s", date, cap);
        text_draw(v->txt, TEXT_BODY, line, q.x + pad, y, mix(th->panel_dim, th->panel_bg,
                  k == 1 ? 0.1 : 0.45), 0);
    }
    const model_record *r0 = model_record_at(v->m, idx[0]);
    headline(v, r0, head, sizeof head);
    text_draw(v->txt, TEXT_SMALL, head, q.x + pad, y, th->accent, 0);
    captions_text(v->scn, r0, cap, sizeof cap);
    text_draw_wrapped(v->txt, TEXT_BOLD, cap, q.x + pad, y + ls, tw, th->panel_fg);
    SDL_RenderSetClipRect(v->r, &v->map_rect);
    return q;
}

/* One row of the breakdown: a label, a bar from a to b on the 0..1 scale, the value. */
static void bar_row(view *v, SDL_Rect bars, int y, const char *label, double a, double b,
                    double shown, SDL_Color c)
{
    int lh = text_height(v->txt, TEXT_BODY);
    char num[32];
    snprintf(num, sizeof num, "%+.2f", shown);
    if (a == 0) snprintf(num, sizeof num, "%.2f", shown);
    text_draw(v->txt, TEXT_BODY, label, bars.x - 8, y, v->th->panel_fg, TEXT_RIGHT);
    double lo = fmax(0, fmin(a, b)), hi = fmin(1, fmax(a, b));
    SDL_Rect q = {bars.x + (int)(lo * bars.w), y + lh / 5, (int)fmax(2, (hi - lo) * bars.w),
                  lh * 3 / 5};
    SDL_SetRenderDrawColor(v->r, c.r, c.g, c.b, 255);
    SDL_RenderFillRect(v->r, &q);
    text_draw(v->txt, TEXT_BOLD, num, bars.x + bars.w + 8, y, v->th->panel_fg, 0);
}

/* The explain panel's size (the sentence is wrapped to its width). */
static SDL_Rect explain_size(view *v, const model_threshold *t, char *sentence, size_t n)
{
    int pad = (int)(10 * v->s), lh = text_height(v->txt, TEXT_BODY);
    int w = (int)fmin(v->map_rect.w - 2 * pad, 500 * v->s * v->th->text_scale);
    narrate_threshold(v->scn, t, sentence, n);
    int body = text_wrapped_height(v->txt, TEXT_SMALL, sentence, w - 2 * pad);
    return (SDL_Rect){0, 0, w, 2 * pad + text_height(v->txt, TEXT_BOLD) + 6 * lh + pad + body};
}

int captions_explain_fits(view *v)
{
    model_state st;
    char sentence[1024];
    model_state_get(v->m, &st);
    SDL_Rect q = explain_size(v, &st.threshold, sentence, sizeof sentence);
    int reserve = 3 * text_height(v->txt, TEXT_BOLD);   /* the newest caption stays visible */
    return knobs_top(v) + knobs_height(v) + (int)(10 * v->s) + q.h <= v->map_rect.h - reserve;
}

void captions_draw_explain(view *v)
{
    if (!v->show_explain) return;
    model_state st;
    model_state_get(v->m, &st);
    const model_threshold *t = &st.threshold;
    const theme *th = v->th;
    int pad = (int)(10 * v->s), lh = text_height(v->txt, TEXT_BODY);
    char sentence[1024];
    SDL_Rect q = explain_size(v, t, sentence, sizeof sentence);
    int w = q.w;
    SDL_Rect kr = knobs_rect(v);   /* top right, under the knob panel when it is open */
    q.x = v->map_rect.w - pad - w;
    q.y = knobs_is_open(v) && kr.h > 0 ? kr.y + kr.h + pad : knobs_top(v);
    panel(v, q);
    int x = q.x + pad, y = q.y + pad, lw = 0;
    text_draw(v->txt, TEXT_BOLD, "Why the state strikes only above this line", x, y,
              th->panel_fg, 0);
    y += text_height(v->txt, TEXT_BOLD);
    text_size(v->txt, TEXT_BODY, "international restraint", &lw, NULL);
    int nw = 0;
    text_size(v->txt, TEXT_BOLD, "+0.00", &nw, NULL);
    SDL_Rect bars = {x + lw + 8, 0, q.w - 2 * pad - lw - nw - 16, lh};
    double c1 = t->base + t->cooperation_credit, c2 = c1 + t->mediation_restraint;
    bar_row(v, bars, y, "base threshold", 0, t->base, t->base, th->panel_dim);
    bar_row(v, bars, y += lh, "cooperation credit", t->base, c1, t->cooperation_credit,
            (SDL_Color){70, 185, 100, 255});
    bar_row(v, bars, y += lh, "mediation restraint", c1, c2, t->mediation_restraint,
            (SDL_Color){80, 140, 240, 255});
    bar_row(v, bars, y += lh, "international restraint", c2, c2 + t->intl_restraint,
            t->intl_restraint, (SDL_Color){170, 120, 230, 255});
    bar_row(v, bars, y += lh, "= effective", 0, t->effective, t->effective, th->panel_fg);
    bar_row(v, bars, y += lh, "threat now", 0, st.threat, st.threat, HUD_THREAT);
    int ex = bars.x + (int)(fmin(1, t->effective) * bars.w);
    SDL_SetRenderDrawColor(v->r, th->panel_fg.r, th->panel_fg.g, th->panel_fg.b, 255);
    SDL_RenderFillRect(v->r, &(SDL_Rect){ex - 1, y - 4 * lh, 3, 5 * lh});
    text_draw_wrapped(v->txt, TEXT_SMALL, sentence, x, y + lh + pad / 2, w - 2 * pad,
                      th->panel_fg);
}
