/* cards.c - the brief and debrief cards and the view's Markdown debrief (see cards.h). */
#include "panels/cards.h"
#include "base/alloc.h"
#include "base/err.h"
#include "io/afile.h"
#include "plot/debrief_png.h"
#include "plot/plot.h"
#include "story/debrief.h"
#include "story/narrate.h"
#include "story/rules.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define INK ((SDL_Color){20, 20, 24, 255})
#define DIM ((SDL_Color){80, 80, 88, 255})
#define HEAD ((SDL_Color){30, 70, 130, 255})
#define POINTS_MAX 9

struct cards {
    int showing;              /* CARDS_* */
    int rules_page;           /* the "how it works" card's page shown */
    int rules_pages;          /* its pages as last drawn (they depend on the window) */
    int auto_done;            /* the debrief opened itself at the end once */
    int own_ready, cmp_ready;
    model_totals own;         /* the model's own policy on the same seed (decision mode) */
    play_compare cmp;
};

cards *cards_create(int brief)
{
    cards *c = sim_calloc(1, sizeof *c);
    if (c) c->showing = brief ? CARDS_BRIEF : CARDS_NONE;
    return c;
}

void cards_destroy(cards *c) { sim_free(c); }
int cards_showing(const cards *c) { return c->showing; }
int cards_rules_page(const cards *c) { return c->rules_page; }
int cards_rules_pages(const cards *c) { return c->rules_pages; }
void cards_show(cards *c, int which) { c->showing = which; }

void cards_run_ended(cards *c)
{
    if (c->auto_done) return;
    c->auto_done = 1;   /* the end of a run in a window opens the debrief once */
    c->showing = CARDS_DEBRIEF;
}


static const char *name(const scenario *s, int side)
{
    return s->side_name[side][0] ? s->side_name[side] : side ? "The host" : "The state";
}

static const char *militants(const scenario *s)
{
    return s->militant_name[0] ? s->militant_name : "The militants";
}

static SDL_Rect card_rect(const panel_ctx *x)
{
    /* covers the captions at the bottom of the map; starts below the status line, so a
     * message never covers the card's title */
    int pad = (int)(8 * x->s), y = x->top > x->map.y + pad ? x->top : x->map.y + pad;
    return (SDL_Rect){x->map.x + pad, y, x->map.w - 2 * pad, x->map.y + x->map.h - pad - y};
}

static void card_bg(const panel_ctx *x, SDL_Rect q)
{
    panel_fill(x, q, (SDL_Color){252, 250, 242, 255});
    SDL_SetRenderDrawColor(x->r, HEAD.r, HEAD.g, HEAD.b, 255);
    for (int k = 0; k < 3; k++)
        SDL_RenderDrawRect(x->r, &(SDL_Rect){q.x + k, q.y + k, q.w - 2 * k, q.h - 2 * k});
}

/* A bold heading then wrapped body text; returns the new y. */
static int para(const panel_ctx *ctx, const char *head, const char *body, int x, int y, int w)
{
    if (head) {
        text_draw(ctx->txt, TEXT_BOLD, head, x, y, HEAD, 0);
        y += text_height(ctx->txt, TEXT_BOLD);
    }
    if (body && *body) y += text_draw_wrapped(ctx->txt, TEXT_BODY, body, x, y, w, INK);
    return y + (int)(6 * ctx->s);
}

static void wants(const scenario *s, int who, char *out, size_t n)
{
    if (s->view.wants[who][0]) snprintf(out, n, "%s", s->view.wants[who]);
    else if (who == 0)
        snprintf(out, n, "%s wants the attacks to stop and to look strong at home. It can "
                 "protest, issue an ultimatum, close the border, or strike the sanctuaries.",
                 name(s, SCN_SIDE_STATE));
    else if (who == 1)
        snprintf(out, n, "%s wants no strikes on its soil and no loss of face. It can crack "
                 "down on %s, offer a deal if paid, deny, or hit back at the border.",
                 name(s, SCN_SIDE_HOST), militants(s));
    else
        snprintf(out, n, "%s want to keep their sanctuaries and their campaign going.",
                 militants(s));
}

#define GLOSSARY_N 9

/* The words of the brief with their scales, from the scenario's own parameters. */
static void glossary(const scenario *s, char word[GLOSSARY_N][32], char def[GLOSSARY_N][320])
{
    const scn_params *p = &s->p;
    const char *host = name(s, SCN_SIDE_HOST), *mil = militants(s);
    static const char *const words[GLOSSARY_N] = {
        "Threat", "Strike line", "Ultimatum", "Cooperation", "Grievance",
        "Diplomatic pressure", "Deal", "Sanctuary", "Escalation ladder"};
    for (int i = 0; i < GLOSSARY_N; i++) snprintf(word[i], 32, "%s", words[i]);
    snprintf(def[0], 320, "how alarmed %s is by recent attacks, from 0 (calm) toward 1; "
             "each attack adds pressure, which halves every %g days (W: the formula)",
             name(s, SCN_SIDE_STATE), p->state.threat_half_life);
    snprintf(def[1], 320, "the threat a strike needs, base %.2f; %s's cooperation raises it "
             "(up to +%.2f), and so do mediators at work", p->state.threshold, host,
             p->state.credit_cooperation);
    snprintf(def[2], 320, "a public warning with a deadline (%g days): act, or we strike; "
             "issued at threat %.2f", p->state.ultimatum_days, p->state.warn_at);
    snprintf(def[3], 320, "how much %s acts against %s, from 0 (not at all) to 1; it drifts "
             "toward %.2f over weeks, up with pressure, down with grievance", host, mil,
             p->host.cooperation);
    snprintf(def[4], 320, "%s's anger at strikes, drones and closures, from 0 up (no top); "
             "half of it fades in %g days", host, p->host.grievance_half_life);
    snprintf(def[5], 320, "protests, delegations and ultimatums weighing on %s, from 0 up; "
             "half fades in %g days; at %.1f it offers a deal", host, p->diplomacy.half_life,
             p->host.deal_offer_at);
    snprintf(def[6], 320, "\"we will disarm them if you pay\": %.2f a day while %s are "
             "disarmed; it can collapse, more often when grievance is high",
             p->host.deal_cost_per_day, mil);
    snprintf(def[7], 320, "a place across the border where %s rest, train and plan", mil);
    snprintf(def[8], 320, "0 calm, 1 friction, 2 coercive diplomacy, 3 a cross-border strike, "
             "4 border clashes, 5 sustained hostilities");
}

/* The glossary column from y down to y_max; entries that do not fit are left out. */
static void draw_glossary(const panel_ctx *ctx, int x, int y, int w, int y_max)
{
    char word[GLOSSARY_N][32], def[GLOSSARY_N][320];
    glossary(ctx->scn, word, def);
    int lb = text_height(ctx->txt, TEXT_BOLD);
    text_draw(ctx->txt, TEXT_BOLD, "Words", x, y, HEAD, 0);
    y += lb;
    for (int i = 0; i < GLOSSARY_N; i++) {
        int h = lb + text_wrapped_height(ctx->txt, TEXT_SMALL, def[i], w);
        if (y + h > y_max) break;
        text_draw_fit(ctx->txt, TEXT_BOLD, word[i], x, y, w, INK, 0);
        y += lb;
        y += text_draw_wrapped(ctx->txt, TEXT_SMALL, def[i], x, y, w, DIM) + (int)(4 * ctx->s);
    }
}

/* "When does Pakistan strike? Only when all of these hold: ...", from the model's rule. */
static void strike_rule_sentence(const scenario *s, char *out, size_t n)
{
    const char *state = name(s, SCN_SIDE_STATE);
    size_t at = (size_t)snprintf(out, n, "When does %s strike? Only when all of these hold:",
                                 state);
    for (int c = 0; c < MODEL_NSC && at < n; c++)
        at += (size_t)snprintf(out + at, n - at, " (%d) %s%s", c + 1, model_strike_cond_name(c),
                               c == MODEL_NSC - 1 ? ". " : ";");
    if (at < n)
        snprintf(out + at, n - at, "The panel ticks each one under the threat gauge as the run "
                 "goes; X explains them.");
}

/* The brief's left column: paragraphs under optional headings. */
#define BRIEF_BLOCKS 8
typedef struct brief_block {
    const char *head;
    char body[1200];
} brief_block;

static int brief_blocks(const panel_ctx *ctx, const play *p, brief_block *b)
{
    const scenario *s = ctx->scn;
    int n = 0;
    if (s->description[0]) b[n++] = (brief_block){NULL, ""}, snprintf(b[n - 1].body, 1200, "%s",
                                                                      s->description);
    if (s->view.brief[0]) b[n++] = (brief_block){NULL, ""}, snprintf(b[n - 1].body, 1200, "%s",
                                                                     s->view.brief);
    for (int k = 0; k < 3; k++) {
        b[n] = (brief_block){k == 0 ? "The sides and what each wants" : NULL, ""};
        wants(s, k, b[n++].body, sizeof b[0].body);
    }
    if (p) {
        int side = play_side(p);
        const char *who = name(s, side);
        b[n] = (brief_block){"Your decision", ""};
        snprintf(b[n++].body, sizeof b[0].body, "You play %s. Each time %s would %s, the run "
                 "stops and the class chooses; the model says what it would do and why.", who,
                 who, side == SCN_SIDE_STATE ? "issue an ultimatum, strike or close the border"
                                             : "crack down, offer a deal or retaliate");
    } else {
        b[n] = (brief_block){"The decision to watch", ""};
        if (s->view.watch[0]) snprintf(b[n++].body, sizeof b[0].body, "%s", s->view.watch);
        else strike_rule_sentence(s, b[n++].body, sizeof b[0].body);
    }
    return n;
}

/* Draws (draw set) or measures the column in font; returns its height. */
static int brief_column(const panel_ctx *ctx, const brief_block *b, int n, int font, int x,
                        int y, int w, int draw)
{
    int y0 = y, lb = text_height(ctx->txt, TEXT_BOLD);
    for (int i = 0; i < n; i++) {
        if (b[i].head) {
            if (draw) text_draw_fit(ctx->txt, TEXT_BOLD, b[i].head, x, y, w, HEAD, 0);
            y += lb;
        }
        y += draw ? text_draw_wrapped(ctx->txt, font, b[i].body, x, y, w, INK)
                  : text_wrapped_height(ctx->txt, font, b[i].body, w);
        y += (int)(5 * ctx->s);
    }
    return y - y0;
}

static void draw_brief(const panel_ctx *ctx, const play *p)
{
    SDL_Rect q = card_rect(ctx);
    card_bg(ctx, q);
    text_region(ctx->txt, q, 1, "brief card");
    int pad = (int)(16 * ctx->s), x = q.x + pad, y = q.y + pad, cw = (q.w - 3 * pad) * 60 / 100;
    int gx = x + cw + pad, gw = q.w - 3 * pad - cw, ls = text_height(ctx->txt, TEXT_SMALL);
    const char *title = ctx->scn->view.title[0] ? ctx->scn->view.title : ctx->scn->name;
    text_draw_fit(ctx->txt, TEXT_TITLE, title, x, y, q.w - 2 * pad, HEAD, 0);
    y += text_height(ctx->txt, TEXT_TITLE) + (int)(4 * ctx->s);
    int y_max = q.y + q.h - pad - ls - pad / 2;   /* above the hint line */
    brief_block b[BRIEF_BLOCKS];
    int n = brief_blocks(ctx, p, b), first = 0, font = TEXT_BODY;
    /* smaller type when the column is too long, then without the scenario's description */
    if (y + brief_column(ctx, b, n, font, x, y, cw, 0) > y_max) font = TEXT_SMALL;
    if (y + brief_column(ctx, b, n, font, x, y, cw, 0) > y_max && ctx->scn->description[0])
        first = 1;
    brief_column(ctx, b + first, n - first, font, x, y, cw, 1);
    draw_glossary(ctx, gx, y, gw, y_max);
    text_draw_fit(ctx->txt, TEXT_SMALL, "space starts the run   B shows this card again   "
                  "D debrief   H help", q.x + q.w - pad, q.y + q.h - pad - ls, q.w - 2 * pad, DIM,
                  TEXT_RIGHT);
}

int cards_own_totals(cards *c, const panel_ctx *x, const model_totals **out)
{
    if (!c->own_ready) {
        int err = 0;
        model *m = model_create(x->scn, x->seed, 0, 0, &err);
        if (!m) return err ? err : SIM_ENOMEM;
        err = model_run(m);
        if (!err) c->own = *model_totals_get(m);
        model_destroy(m);
        if (err) return err;
        c->own_ready = 1;
    }
    *out = &c->own;
    return 0;
}

int cards_compare(cards *c, const panel_ctx *x, const play *p, const play_compare **out)
{
    if (!p) return SIM_EINVAL;
    if (!c->cmp_ready) {
        int rc = play_compare_run(p, x->scn, x->seed, CARDS_COMPARE_SEEDS, &c->cmp);
        if (rc) return rc;
        c->cmp_ready = 1;
    }
    *out = &c->cmp;
    return 0;
}

void cards_reset(cards *c) { c->own_ready = c->cmp_ready = c->auto_done = 0; }

static void totals_line(const model_totals *t, char *out, size_t n)
{
    snprintf(out, n, "Attacks %d (%.0f killed)  -  strikes %d (%.0f civilians killed)  -  "
             "border clashes %d  -  highest ladder level %d", t->attacks, t->casualties, t->strikes,
             t->civilian_casualties, t->clashes, t->max_ladder);
}

static int one_line(const panel_ctx *ctx, int font, const char *s, int x, int y, int w,
                    SDL_Color c)
{
    SDL_Rect clip = {x, y, w, text_height(ctx->txt, font)}, old;
    SDL_RenderGetClipRect(ctx->r, &old);
    SDL_RenderSetClipRect(ctx->r, &clip);
    text_draw(ctx->txt, font, s, x, y, c, 0);
    SDL_RenderSetClipRect(ctx->r, old.w > 0 ? &old : NULL);
    return y + clip.h;
}

/* Draws the turning points from y down to at most y_max. */
static int draw_points(const panel_ctx *ctx, const play *p, int x, int y, int w, int y_max)
{
    debrief_point pt[POINTS_MAX];
    int n = debrief_points(ctx->m, pt, POINTS_MAX), shown = n < POINTS_MAX ? n : POINTS_MAX;
    char line[MODEL_REASON_MAX + 96], date[40];
    text_draw(ctx->txt, TEXT_BOLD, "Turning points", x, y, HEAD, 0);
    y += text_height(ctx->txt, TEXT_BOLD);
    if (n == 0) return one_line(ctx, TEXT_BODY, "none: the run stayed calm", x, y, w, DIM);
    int font = p ? TEXT_SMALL : TEXT_BODY, more = text_height(ctx->txt, TEXT_SMALL);
    for (int i = 0; i < shown; i++) {
        const model_record *r = model_record_at(ctx->m, pt[i].record);
        narrate_date(ctx->scn, r->t, date, sizeof date);
        int len = snprintf(line, sizeof line, "%s  %s: ", date, debrief_kind_name(pt[i].kind));
        narrate_record(ctx->scn, r, line + len, sizeof line - (size_t)len);
        int h = text_wrapped_height(ctx->txt, font, line, w);
        if (y + h + more > y_max) {   /* no room: the rest are counted below */
            shown = i;
            break;
        }
        y += text_draw_wrapped(ctx->txt, font, line, x, y, w, INK) + (int)(3 * ctx->s);
    }
    if (n > shown) {
        snprintf(line, sizeof line, "... and %d more (E lists every event)", n - shown);
        y = one_line(ctx, TEXT_SMALL, line, x, y, w, DIM);
    }
    return y + (int)(6 * ctx->s);
}

/* The class against the model: a small table of the same seed, then many seeds. */
static void draw_versus(cards *cd, const panel_ctx *ctx, const play *p, int x, int y, int w)
{
    const model_totals *own, *cls = model_totals_get(ctx->m);
    const play_compare *c;
    char a[64], b[64], buf[256];
    if (cards_own_totals(cd, ctx, &own)) return;
    text_draw(ctx->txt, TEXT_BOLD, "The class vs the model (same seed)", x, y, HEAD, 0);
    y += text_height(ctx->txt, TEXT_BOLD);
    int c1 = x + w * 55 / 100, c2 = x + w - 4, lh = text_height(ctx->txt, TEXT_BODY);
    text_draw(ctx->txt, TEXT_SMALL, "class", c1, y, DIM, TEXT_RIGHT);
    text_draw(ctx->txt, TEXT_SMALL, "model", c2, y, DIM, TEXT_RIGHT);
    y += text_height(ctx->txt, TEXT_SMALL);
    const struct { const char *label; double c, m; } row[] = {
        {"strikes", cls->strikes, own->strikes}, {"attacks", cls->attacks, own->attacks},
        {"killed", cls->casualties + cls->civilian_casualties + cls->clash_casualties,
         own->casualties + own->civilian_casualties + own->clash_casualties},
        {"highest ladder", cls->max_ladder, own->max_ladder},
        {"first strike, day", cls->first_strike_day, own->first_strike_day}};
    for (int i = 0; i < 5; i++, y += lh) {
        text_draw(ctx->txt, TEXT_BODY, row[i].label, x, y, INK, 0);
        snprintf(a, sizeof a, row[i].c < 0 ? "none" : "%.0f", row[i].c);
        snprintf(b, sizeof b, row[i].m < 0 ? "none" : "%.0f", row[i].m);
        text_draw(ctx->txt, TEXT_BOLD, a, c1, y, INK, TEXT_RIGHT);
        text_draw(ctx->txt, TEXT_BOLD, b, c2, y, INK, TEXT_RIGHT);
    }
    if (play_side(p) != SCN_SIDE_STATE || cards_compare(cd, ctx, p, &c)) return;
    y += lh / 2;
    snprintf(buf, sizeof buf, "The class's rules over %d seeds", c->n);
    text_draw(ctx->txt, TEXT_BOLD, buf, x, y, HEAD, 0);
    y += text_height(ctx->txt, TEXT_BOLD);
    snprintf(buf, sizeof buf, "ultimatum at threat %.2f (model %.2f), strike at %.2f (model "
             "%.2f), closure at %.2f (model %.2f), pays for a deal %.0f%% (model %.0f%%). Mean "
             "strikes %.1f vs %.1f, killed %.0f vs %.0f, chance of a strike %.0f%% vs %.0f%%.",
             c->warn_at[1], c->warn_at[0], c->strike_at[1], c->strike_at[0], c->close_at[1],
             c->close_at[0], 100 * c->deal_accept[1], 100 * c->deal_accept[0], c->strikes[1],
             c->strikes[0], c->casualties[1], c->casualties[0], 100 * c->p_strike[1],
             100 * c->p_strike[0]);
    text_draw_wrapped(ctx->txt, TEXT_SMALL, buf, x, y, w, INK);
}

static void draw_debrief(cards *cd, const panel_ctx *ctx, const play *p)
{
    SDL_Rect q = card_rect(ctx);
    card_bg(ctx, q);
    int pad = (int)(16 * ctx->s), x = q.x + pad, y = q.y + pad, w = q.w - 2 * pad;
    int lw = p ? (w - pad) * 58 / 100 : w;
    char buf[512], date[40];
    narrate_date(ctx->scn, ctx->t, date, sizeof date);
    snprintf(buf, sizeof buf, "Debrief: %s", ctx->scn->view.title[0] ? ctx->scn->view.title
                                                                   : ctx->scn->name);
    text_draw(ctx->txt, TEXT_TITLE, buf, x, y, HEAD, 0);
    y += text_height(ctx->txt, TEXT_TITLE);
    snprintf(buf, sizeof buf, "seed %llu, up to %s", ctx->seed, date);
    text_draw(ctx->txt, TEXT_SMALL, buf, x, y, DIM, 0);
    y += text_height(ctx->txt, TEXT_SMALL) + (int)(4 * ctx->s);
    totals_line(model_totals_get(ctx->m), buf, sizeof buf);
    y = para(ctx, NULL, buf, x, y, w);
    int y0 = y, foot = text_height(ctx->txt, TEXT_SMALL) + pad;
    int qh = ctx->scn->view.questions[0]
                 ? text_height(ctx->txt, TEXT_BOLD) + (int)(12 * ctx->s) +
                       text_wrapped_height(ctx->txt, TEXT_BODY, ctx->scn->view.questions, lw)
                 : 0;
    y = draw_points(ctx, p, x, y, lw, q.y + q.h - foot - qh);
    if (qh) para(ctx, "Questions", ctx->scn->view.questions, x, y, lw);
    if (p) draw_versus(cd, ctx, p, x + lw + pad, y0, w - lw - pad);
    text_draw(ctx->txt, TEXT_SMALL, "D or Esc closes   --debrief FILE.md writes it to hand out",
              q.x + q.w - pad, q.y + q.h - pad, DIM, TEXT_RIGHT | TEXT_MIDDLE);
}

/* Lays sections [a, b) into two columns in font; returns 1 when all fit (draw: draws). */
static int rules_columns(const panel_ctx *ctx, const rules_section *r, int a, int b, int font,
                         SDL_Rect area, int draw)
{
    int gap = (int)(16 * ctx->s), w = (area.w - gap) / 2, col = 0, y = area.y;
    for (int i = a; i < b; i++) {   /* headings wrap too: columns are narrow at 1024x768 */
        int lb = text_wrapped_height(ctx->txt, TEXT_BOLD, r[i].head, w);
        int h = lb + text_wrapped_height(ctx->txt, font, r[i].text, w) + (int)(8 * ctx->s);
        if (y + h > area.y + area.h && y > area.y && col == 0) col = 1, y = area.y;
        if (y + h > area.y + area.h) return 0;
        int x = area.x + col * (w + gap);
        if (draw) {
            text_draw_wrapped(ctx->txt, TEXT_BOLD, r[i].head, x, y, w, HEAD);
            text_draw_wrapped(ctx->txt, font, r[i].text, x, y + lb, w, INK);
        }
        y += h;
    }
    return 1;
}

/* The card, the area its columns fill, and its pages: starts[k] is page k's first section;
 * the glossary has its page(s) of its own; returns the number of pages. */
static int rules_layout(const panel_ctx *ctx, const rules_section *r, int n, SDL_Rect *q,
                        SDL_Rect *area, int starts[RULES_MAX + 1])
{
    *q = card_rect(ctx);
    int pad = (int)(16 * ctx->s), ls = text_height(ctx->txt, TEXT_SMALL);
    int top = q->y + pad + text_height(ctx->txt, TEXT_TITLE) + ls + (int)(6 * ctx->s);
    *area = (SDL_Rect){q->x + pad, top, q->w - 2 * pad, q->y + q->h - pad - ls - pad / 2 - top};
    int np = 0;
    for (int i = 0; i < n;) {
        int end = i + 1;
        while (end < n && end != RULES_WORDS && rules_columns(ctx, r, i, end + 1, TEXT_SMALL,
                                                              *area, 0))
            end++;
        starts[np++] = i;
        i = end;
    }
    starts[np] = n;
    return np;
}

static void draw_rules(cards *c, const panel_ctx *ctx)
{
    SDL_Rect q, area;
    rules_section r[RULES_MAX];
    int starts[RULES_MAX + 1];
    int n = rules_sections(ctx->scn, model_params(ctx->m), r, RULES_MAX);
    int np = rules_layout(ctx, r, n, &q, &area, starts);
    c->rules_pages = np;
    if (c->rules_page >= np) c->rules_page = np - 1;
    card_bg(ctx, q);
    text_region(ctx->txt, q, 1, "rules card");
    int pad = (int)(16 * ctx->s), ls = text_height(ctx->txt, TEXT_SMALL);
    int a = starts[c->rules_page], b = starts[c->rules_page + 1];
    char title[128];
    snprintf(title, sizeof title, "How it works (%d/%d): %s", c->rules_page + 1, np,
             a < RULES_WORDS ? "the words" : "the decisions");
    text_draw_fit(ctx->txt, TEXT_TITLE, title, q.x + pad, q.y + pad, q.w - 2 * pad, HEAD, 0);
    text_draw_fit(ctx->txt, TEXT_SMALL, "The rules as the model applies them, with the numbers "
                  "of this run (a --set or a knob changes them)", q.x + pad,
                  q.y + pad + text_height(ctx->txt, TEXT_TITLE), q.w - 2 * pad, DIM, 0);
    int font = rules_columns(ctx, r, a, b, TEXT_BODY, area, 0) ? TEXT_BODY : TEXT_SMALL;
    rules_columns(ctx, r, a, b, font, area, 1);
    text_draw_fit(ctx->txt, TEXT_SMALL, c->rules_page + 1 < np ? "W: next page   Esc closes   "
                  "H help" : "W or Esc closes   H help", q.x + q.w - pad, q.y + q.h - pad - ls,
                  q.w - 2 * pad, DIM, TEXT_RIGHT);
}

void cards_draw(cards *c, const panel_ctx *x, const play *p)
{
    if (c->showing == CARDS_DEBRIEF) draw_debrief(c, x, p);
    else if (c->showing == CARDS_BRIEF) draw_brief(x, p);
    else if (c->showing == CARDS_RULES) draw_rules(c, x);
}

int cards_handle(cards *c, const SDL_Event *e, panel_reply *out)
{
    if (e->type != SDL_KEYDOWN) return 0;
    SDL_Keycode k = e->key.keysym.sym;
    if (k == SDLK_b) c->showing = c->showing == CARDS_BRIEF ? CARDS_NONE : CARDS_BRIEF;
    else if (k == SDLK_d) c->showing = c->showing == CARDS_DEBRIEF ? CARDS_NONE : CARDS_DEBRIEF;
    else if (k == SDLK_w && c->showing == CARDS_RULES && c->rules_page + 1 < c->rules_pages)
        c->rules_page++;
    else if (k == SDLK_w && c->showing == CARDS_RULES) c->showing = CARDS_NONE;
    else if (k == SDLK_w) c->showing = CARDS_RULES, c->rules_page = 0, c->rules_pages = 2;
    else if ((k == SDLK_ESCAPE || k == SDLK_SPACE) && c->showing) {
        if (k == SDLK_SPACE && c->showing == CARDS_BRIEF) out->pause = 0;   /* starts the run */
        c->showing = CARDS_NONE;
    } else {
        return 0;
    }
    return out->used = 1;
}

/* The class's decisions and the comparisons, after the debrief's own sections. */
static void write_play(cards *cd, const panel_ctx *ctx, const play *p, FILE *f)
{
    const model_totals *own, *cls = model_totals_get(ctx->m);
    const play_compare *c;
    char date[40], first[2][32];
    fprintf(f, "\n## The class's decisions\n\nThe class played %s.\n\n| Date | Decision | "
            "Threat | The class chose | The model would have |\n| --- | --- | --- | --- | "
            "--- |\n", name(ctx->scn, play_side(p)));
    for (int i = 0; i < play_choice_count(p); i++) {
        const play_choice *pc = play_choice_at(p, i);
        int own_move = pc->option == PLAY_INITIATIVE;
        narrate_date(ctx->scn, pc->t, date, sizeof date);
        fprintf(f, "| %s | %s%s | %.2f | %s | %s |\n", date, own_move ? "own initiative: " : "",
                play_kind_words(pc->kind), pc->threat, pc->label,
                own_move || pc->model_option < 0 ? "-"
                                                 : play_option_name(pc->kind, pc->model_option));
    }
    if (cards_own_totals(cd, ctx, &own)) return;
    const double fs[2] = {cls->first_strike_day, own->first_strike_day};
    for (int k = 0; k < 2; k++)
        if (fs[k] < 0) snprintf(first[k], sizeof first[k], "none");
        else narrate_date(ctx->scn, fs[k], first[k], sizeof first[k]);
    fprintf(f, "\n## The class's run and the model's own policy (seed %llu)\n\n| | Class | "
            "Model |\n| --- | --- | --- |\n| Strikes | %d | %d |\n| Attacks | %d | %d |\n"
            "| Highest ladder | %d | %d |\n| First strike | %s | %s |\n", ctx->seed,
            cls->strikes, own->strikes, cls->attacks, own->attacks, cls->max_ladder,
            own->max_ladder, first[0], first[1]);
    if (play_side(p) != SCN_SIDE_STATE || cards_compare(cd, ctx, p, &c)) return;
    fprintf(f, "\n## The class's rules over %d seeds\n\nThe class's choices as thresholds: "
            "ultimatum at threat %.2f (model %.2f), strike at %.2f (model %.2f), closure at "
            "%.2f (model %.2f); it pays for a deal %.0f%% of the time (model %.0f%%).\n\n"
            "| Mean over seeds | Class | Model |\n| --- | --- | --- |\n"
            "| Strikes | %.2f | %.2f |\n| Attacks | %.1f | %.1f |\n| Killed | %.1f | %.1f |\n"
            "| Chance of a strike | %.0f%% | %.0f%% |\n\nTo compare in more depth, run `frontier "
            "compare` with a copy of the scenario that sets the class's values: the warning "
            "level (`state.warn_at`), the strike threshold (`state.strike.threshold`), the "
            "closure level (`state.close_at`) and the chance of paying for a deal "
            "(`host.deal.accept_probability`).\n", c->n, c->warn_at[1], c->warn_at[0], c->strike_at[1],
            c->strike_at[0], c->close_at[1], c->close_at[0], 100 * c->deal_accept[1],
            100 * c->deal_accept[0], c->strikes[1], c->strikes[0], c->attacks[1], c->attacks[0],
            c->casualties[1], c->casualties[0], 100 * c->p_strike[1], 100 * c->p_strike[0]);
}

int cards_write_debrief(cards *c, const panel_ctx *ctx, const play *p, const char *md,
                        char *err, size_t errlen)
{
    char dir[1024], stem[256];
    const char *slash = strrchr(md, '/'), *base = slash ? slash + 1 : md;
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - md) : 1, slash ? md : ".");
    size_t len = strlen(base);
    if (len > 3 && !strcmp(base + len - 3, ".md")) len -= 3;
    snprintf(stem, sizeof stem, "%.*s", (int)len, base);
    debrief_chart charts[DEBRIEF_CHARTS_MAX];
    int n = 0;
    if (afile_mkdirs(dir) != 0) {
        snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
        return SIM_EIO;
    }
    char why[512] = "";
    if (debrief_png_write(ctx->m, dir, stem, charts, &n, why, sizeof why))
        fprintf(stderr, "frontier view: debrief charts left out: %s\n", why);
    afile *f = afile_open(md);
    char writer[64];   /* the command a teacher reruns (the same for a replay of a session) */
    snprintf(writer, sizeof writer, "frontier view%s%s --debrief", p ? " --play " : "",
             p ? (play_side(p) == SCN_SIDE_HOST ? "host" : "state") : "");
    int rc = f ? debrief_write_md_as(ctx->m, ctx->seed, charts, n, writer, afile_stream(f))
               : SIM_EIO;
    if (!rc && p) write_play(c, ctx, p, afile_stream(f));
    if (!rc && afile_commit(f)) rc = SIM_EIO;
    else if (rc && f) afile_abort(f);
    if (rc) snprintf(err, errlen, "cannot write %s: %s", md, strerror(errno));
    return rc;
}
