/* captions.c - the caption panel, pause-on-decision and the explain panel. */
#include "panels/captions.h"
#include "base/alloc.h"
#include "layers/hud.h"
#include "story/narrate.h"
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

#define CAPTION_LINES 4   /* the newest caption's lines at most (the event list has it all) */

struct captions {
    int pause_on_decision, explain;
    SDL_Rect last;          /* the caption panel as last drawn */
};

captions *captions_create(void) { return sim_calloc(1, sizeof(captions)); }
void captions_destroy(captions *c) { sim_free(c); }
int captions_pause_on_decision(const captions *c) { return c->pause_on_decision; }
void captions_set_pause_on_decision(captions *c, int on) { c->pause_on_decision = on != 0; }
int captions_explain_open(const captions *c) { return c->explain; }
void captions_set_explain(captions *c, int on) { c->explain = on != 0; }
SDL_Rect captions_rect(const captions *c) { return c->last; }

int captions_on_record(const captions *c, const model_record *r, panel_reply *out)
{
    if (!c->pause_on_decision || !r || !captions_is_decision(r->kind)) return 0;
    panel_say(out, "Paused on a decision (%s): space goes on", narrate_kind(r->kind));
    return 1;
}

int captions_handle(captions *c, const SDL_Event *e, panel_reply *out)
{
    if (e->type != SDL_KEYDOWN) return 0;
    switch (e->key.keysym.sym) {
    case SDLK_c: out->layers ^= LAYER_CAPTIONS; break;
    case SDLK_p:
        c->pause_on_decision = !c->pause_on_decision;
        panel_say(out, "pause on each decision: %s", c->pause_on_decision ? "on" : "off");
        break;
    case SDLK_x: c->explain = !c->explain; break;
    default: return 0;
    }
    return out->used = 1;
}

static SDL_Color mix(SDL_Color a, SDL_Color b, double f)
{
    return (SDL_Color){(Uint8)(a.r + (b.r - a.r) * f), (Uint8)(a.g + (b.g - a.g) * f),
                       (Uint8)(a.b + (b.b - a.b) * f), 255};
}

static void panel(const panel_ctx *x, SDL_Rect q)
{
    panel_frame(x, q, x->th->panel_bg, x->th->edge);
}

/* The newest wanted records of the last CAPTIONS_DAYS, newest first. */
static int pick(const panel_ctx *x, int idx[CAPTIONS_SHOWN])
{
    int n = 0;
    for (int i = x->n_seen - 1; i >= 0 && n < CAPTIONS_SHOWN; i--) {
        const model_record *r = model_record_at(x->m, i);
        if (x->t - r->t > CAPTIONS_DAYS) break;
        if (captions_wanted(r, x->replay)) idx[n++] = i;
    }
    return n;
}

static void headline(const panel_ctx *x, const model_record *r, char *out, size_t n)
{
    char date[48];
    narrate_date(x->scn, r->t, date, sizeof date);
    snprintf(out, n, "%s  -  %s", date, narrate_kind(r->kind));
}

SDL_Rect captions_draw(captions *c, const panel_ctx *x)
{
    int idx[CAPTIONS_SHOWN], n = pick(x, idx);
    c->last = (SDL_Rect){0, 0, 0, 0};
    if (n == 0) return c->last;
    const theme *th = x->th;
    int pad = (int)(8 * x->s), w = x->map.w - 4 * pad, tw = w - 2 * pad;
    int lo = text_height(x->txt, TEXT_BODY), ls = text_height(x->txt, TEXT_SMALL);
    char cap[1024], head[128], line[1200];
    captions_text(x->scn, model_record_at(x->m, idx[0]), cap, sizeof cap);
    int body = text_wrapped_height_max(x->txt, TEXT_BOLD, cap, tw, CAPTION_LINES);
    SDL_Rect q = {x->map.x + 2 * pad, 0, w, pad + (n - 1) * lo + ls + body};
    q.y = x->map.y + x->map.h - pad - q.h;
    panel(x, q);
    text_region(x->txt, q, 1, "captions");
    int y = q.y + pad / 2;
    for (int k = n - 1; k >= 1; k--, y += lo) {   /* older first, one line each, fading */
        const model_record *r = model_record_at(x->m, idx[k]);
        char date[48];
        narrate_date(x->scn, r->t, date, sizeof date);
        captions_text(x->scn, r, cap, sizeof cap);
        snprintf(line, sizeof line, "%s: %s", date, cap);
        text_draw_fit(x->txt, TEXT_BODY, line, q.x + pad, y, tw, mix(th->panel_dim, th->panel_bg,
                      k == 1 ? 0.1 : 0.45), 0);
    }
    const model_record *r0 = model_record_at(x->m, idx[0]);
    headline(x, r0, head, sizeof head);
    text_draw_fit(x->txt, TEXT_SMALL, head, q.x + pad, y, tw, th->accent, 0);
    captions_text(x->scn, r0, cap, sizeof cap);
    text_draw_wrapped_max(x->txt, TEXT_BOLD, cap, q.x + pad, y + ls, tw, CAPTION_LINES,
                          th->panel_fg);
    return c->last = q;
}

int captions_max_height(const panel_ctx *x)
{
    int pad = (int)(8 * x->s);
    return 2 * pad + (CAPTIONS_SHOWN - 1) * text_height(x->txt, TEXT_BODY) +
           text_height(x->txt, TEXT_SMALL) + CAPTION_LINES * text_height(x->txt, TEXT_BOLD);
}

/* One row of the breakdown: a label, a bar from a to b on the 0..1 scale, the value. */
static void bar_row(const panel_ctx *x, SDL_Rect bars, int y, const char *label, double a,
                    double b, double shown, SDL_Color c)
{
    int lh = text_height(x->txt, TEXT_BODY);
    char num[32];
    snprintf(num, sizeof num, "%+.2f", shown);
    if (a == 0) snprintf(num, sizeof num, "%.2f", shown);
    text_draw(x->txt, TEXT_BODY, label, bars.x - 8, y, x->th->panel_fg, TEXT_RIGHT);
    double lo = fmax(0, fmin(a, b)), hi = fmin(1, fmax(a, b));
    SDL_Rect q = {bars.x + (int)(lo * bars.w), y + lh / 5, (int)fmax(2, (hi - lo) * bars.w),
                  lh * 3 / 5};
    panel_fill(x, q, (SDL_Color){c.r, c.g, c.b, 255});
    text_draw(x->txt, TEXT_BOLD, num, bars.x + bars.w + 8, y, x->th->panel_fg, 0);
}

#define EXPLAIN_BARS 6
static const char *const bar_labels[EXPLAIN_BARS] = {
    "base threshold", "cooperation credit", "mediation restraint", "international restraint",
    "= strike line", "threat now"};

static int explain_width(const panel_ctx *x)
{
    int pad = (int)(10 * x->s);
    return (int)fmin(x->map.w - 2 * pad, 520 * x->s * x->th->text_scale);
}

static int mark_w(const panel_ctx *x)
{
    int w;
    text_size(x->txt, TEXT_BODY, "\u2717 ", &w, NULL);
    return w;
}

/* The explain panel's content, measured or drawn (draw 0: only the height). */
typedef struct explain_text {
    model_state st;
    model_strike_rule rule;
    char title[96], verdict[160], sentence[1024];
} explain_text;

static void explain_fill(const panel_ctx *x, explain_text *e)
{
    model_state_get(x->m, &e->st);
    model_strike_rule_get(x->m, &e->rule);
    const char *state = x->scn->side_name[SCN_SIDE_STATE][0] ? x->scn->side_name[SCN_SIDE_STATE]
                                                               : "the state";
    snprintf(e->title, sizeof e->title, "When %s strikes: every line must hold", state);
    hud_rule_verdict(&e->rule, 0, e->verdict, sizeof e->verdict);
    narrate_threshold(x->scn, &e->st.threshold, e->sentence, sizeof e->sentence);
}

static int explain_height(const panel_ctx *x, const explain_text *e)
{
    int pad = (int)(10 * x->s), lh = text_height(x->txt, TEXT_BODY), w = explain_width(x);
    int lb = text_height(x->txt, TEXT_BOLD), inner = w - 2 * pad, mw = mark_w(x);
    int h = 2 * pad + text_wrapped_height(x->txt, TEXT_BOLD, e->title, inner);
    for (int c = 0; c < MODEL_NSC; c++)
        h += text_wrapped_height(x->txt, TEXT_BODY, e->rule.text[c], inner - mw);
    h += lb + pad / 2 + lb + EXPLAIN_BARS * lh + pad / 2;
    return h + text_wrapped_height(x->txt, TEXT_SMALL, e->sentence, inner);
}

int captions_explain_height(const panel_ctx *x)
{
    explain_text e;
    explain_fill(x, &e);
    return explain_height(x, &e);
}

/* The parts of the strike line as stacked bars, against the threat now. */
static int explain_bars(const panel_ctx *x, const explain_text *e, int px, int y, int inner)
{
    const model_threshold *t = &e->st.threshold;
    const theme *th = x->th;
    int lh = text_height(x->txt, TEXT_BODY), lw = text_width_max(x->txt, TEXT_BODY, bar_labels,
                                                                  EXPLAIN_BARS), nw;
    text_size(x->txt, TEXT_BOLD, "+0.00", &nw, NULL);
    SDL_Rect bars = {px + lw + 8, 0, inner - lw - nw - 16, lh};
    double c1 = t->base + t->cooperation_credit, c2 = c1 + t->mediation_restraint;
    bar_row(x, bars, y, bar_labels[0], 0, t->base, t->base, th->panel_dim);
    bar_row(x, bars, y += lh, bar_labels[1], t->base, c1, t->cooperation_credit,
            (SDL_Color){70, 185, 100, 255});
    bar_row(x, bars, y += lh, bar_labels[2], c1, c2, t->mediation_restraint,
            (SDL_Color){80, 140, 240, 255});
    bar_row(x, bars, y += lh, bar_labels[3], c2, c2 + t->intl_restraint, t->intl_restraint,
            (SDL_Color){170, 120, 230, 255});
    bar_row(x, bars, y += lh, bar_labels[4], 0, t->effective, t->effective, th->panel_fg);
    bar_row(x, bars, y += lh, bar_labels[5], 0, e->st.threat, e->st.threat, HUD_THREAT);
    int ex = bars.x + (int)(fmin(1, t->effective) * bars.w);
    panel_fill(x, (SDL_Rect){ex - 1, y - 4 * lh, 3, 5 * lh}, th->panel_fg);
    return y + lh;
}

void captions_draw_explain(const captions *c, const panel_ctx *x, int top)
{
    if (!c->explain) return;
    explain_text e;
    explain_fill(x, &e);
    const theme *th = x->th;
    int pad = (int)(10 * x->s), w = explain_width(x), inner = w - 2 * pad, mw = mark_w(x);
    SDL_Rect q = {x->map.x + x->map.w - pad - w, top, w, explain_height(x, &e)};
    panel(x, q);
    text_region(x->txt, q, 1, "explain");
    int px = q.x + pad, y = q.y + pad;
    y += text_draw_wrapped(x->txt, TEXT_BOLD, e.title, px, y, inner, th->panel_fg);
    for (int k = 0; k < MODEL_NSC; k++) {   /* the rule, as the model applies it now */
        int ok = e.rule.met[k];
        SDL_Color col = ok ? (SDL_Color){60, 170, 80, 255} : (SDL_Color){220, 60, 50, 255};
        text_draw(x->txt, TEXT_BODY, ok ? "\u2713" : "\u2717", px, y, col, 0);
        y += text_draw_wrapped(x->txt, TEXT_BODY, e.rule.text[k], px + mw, y, inner - mw,
                               ok ? th->panel_fg : col);
    }
    text_draw_fit(x->txt, TEXT_BOLD, e.verdict, px, y, inner, e.rule.allowed ? HUD_THREAT :
                  th->panel_dim, 0);
    y += text_height(x->txt, TEXT_BOLD) + pad / 2;
    text_draw_fit(x->txt, TEXT_BOLD, "Where the strike line is", px, y, inner, th->panel_fg, 0);
    y = explain_bars(x, &e, px, y + text_height(x->txt, TEXT_BOLD), inner);
    text_draw_wrapped(x->txt, TEXT_SMALL, e.sentence, px, y + pad / 2, inner, th->panel_fg);
}
