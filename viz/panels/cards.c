/* cards.c - the brief and debrief cards and the view's Markdown debrief (see cards.h). */
#include "panels/cards.h"
#include "base/err.h"
#include "io/afile.h"
#include "plot/debrief_png.h"
#include "plot/plot.h"
#include "story/debrief.h"
#include "story/narrate.h"
#include "view/view_int.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define INK ((SDL_Color){20, 20, 24, 255})
#define DIM ((SDL_Color){80, 80, 88, 255})
#define HEAD ((SDL_Color){30, 70, 130, 255})
#define POINTS_MAX 9

static const char *const glossary[][2] = {
    {"Threat", "how alarmed the state is by recent attacks, 0 to 1; it fades with time"},
    {"Strike threshold", "the threat level at which the state strikes; cooperation and "
                         "mediation raise it"},
    {"Ultimatum", "a public warning with a deadline: act, or we strike"},
    {"Sanctuary", "a place across the border where the militants rest, train and plan"},
    {"Escalation ladder", "0 calm ... 3 a cross-border strike ... 5 sustained hostilities"},
};

static const char *name(const view *v, int side)
{
    return v->scn->side_name[side][0] ? v->scn->side_name[side] : side ? "The host" : "The state";
}

static const char *militants(const view *v)
{
    return v->scn->militant_name[0] ? v->scn->militant_name : "The militants";
}

static SDL_Rect card_rect(const view *v)
{
    int pad = (int)(8 * v->s);   /* covers the captions at the bottom of the map */
    return (SDL_Rect){v->map_rect.x + pad, v->map_rect.y + pad, v->map_rect.w - 2 * pad,
                      v->map_rect.h - 2 * pad};
}

static void card_bg(view *v, SDL_Rect q)
{
    SDL_SetRenderDrawColor(v->r, 252, 250, 242, 255);
    SDL_RenderFillRect(v->r, &q);
    SDL_SetRenderDrawColor(v->r, HEAD.r, HEAD.g, HEAD.b, 255);
    for (int k = 0; k < 3; k++)
        SDL_RenderDrawRect(v->r, &(SDL_Rect){q.x + k, q.y + k, q.w - 2 * k, q.h - 2 * k});
}

/* A bold heading then wrapped body text; returns the new y. */
static int para(view *v, const char *head, const char *body, int x, int y, int w)
{
    if (head) {
        text_draw(v->txt, TEXT_BOLD, head, x, y, HEAD, 0);
        y += text_height(v->txt, TEXT_BOLD);
    }
    if (body && *body) y += text_draw_wrapped(v->txt, TEXT_BODY, body, x, y, w, INK);
    return y + (int)(6 * v->s);
}

static void wants(const view *v, int who, char *out, size_t n)
{
    if (v->scn->view.wants[who][0]) snprintf(out, n, "%s", v->scn->view.wants[who]);
    else if (who == 0)
        snprintf(out, n, "%s wants the attacks to stop and to look strong at home. It can "
                 "protest, issue an ultimatum, close the border, or strike the sanctuaries.",
                 name(v, SCN_SIDE_STATE));
    else if (who == 1)
        snprintf(out, n, "%s wants no strikes on its soil and no loss of face. It can crack "
                 "down on %s, offer a deal if paid, deny, or hit back at the border.",
                 name(v, SCN_SIDE_HOST), militants(v));
    else
        snprintf(out, n, "%s want to keep their sanctuaries and their campaign going.",
                 militants(v));
}

static void draw_brief(view *v)
{
    SDL_Rect q = card_rect(v);
    card_bg(v, q);
    int pad = (int)(16 * v->s), x = q.x + pad, y = q.y + pad, cw = (q.w - 3 * pad) * 60 / 100;
    int gx = x + cw + pad, gw = q.w - 3 * pad - cw;
    const char *title = v->scn->view.title[0] ? v->scn->view.title : v->scn->name;
    text_draw(v->txt, TEXT_TITLE, title, x, y, HEAD, 0);
    y += text_height(v->txt, TEXT_TITLE) + (int)(4 * v->s);
    int y0 = y;
    if (v->scn->description[0]) y = para(v, NULL, v->scn->description, x, y, cw);
    if (v->scn->view.brief[0]) y = para(v, NULL, v->scn->view.brief, x, y, cw);
    char buf[512];
    text_draw(v->txt, TEXT_BOLD, "The sides and what each wants", x, y, HEAD, 0);
    y += text_height(v->txt, TEXT_BOLD);
    for (int k = 0; k < 3; k++) {
        wants(v, k, buf, sizeof buf);
        y = para(v, NULL, buf, x, y, cw) - (int)(3 * v->s);
    }
    y += (int)(6 * v->s);
    if (v->play) {
        int side = play_side(v->play);
        snprintf(buf, sizeof buf, "You play %s. Each time %s would %s, the run stops and the "
                 "class chooses; the model says what it would do and why.", name(v, side),
                 name(v, side), side == SCN_SIDE_STATE ? "issue an ultimatum, strike or close "
                 "the border" : "crack down, offer a deal or retaliate");
        para(v, "Your decision", buf, x, y, cw);
    } else {
        para(v, "The decision to watch", "When does the state strike? Watch the red threat "
             "bar approach the white strike line in the panel.", x, y, cw);
    }
    y = y0;
    text_draw(v->txt, TEXT_BOLD, "Words", gx, y, HEAD, 0);
    y += text_height(v->txt, TEXT_BOLD);
    for (int i = 0; i < (int)(sizeof glossary / sizeof glossary[0]); i++) {
        text_draw(v->txt, TEXT_BOLD, glossary[i][0], gx, y, INK, 0);
        y += text_height(v->txt, TEXT_BOLD);
        y += text_draw_wrapped(v->txt, TEXT_SMALL, glossary[i][1], gx, y, gw, DIM) +
             (int)(6 * v->s);
    }
    text_draw(v->txt, TEXT_SMALL, "space starts the run   B shows this card again   "
              "D debrief   H help", q.x + q.w - pad, q.y + q.h - pad, DIM,
              TEXT_RIGHT | TEXT_MIDDLE);
}

int cards_own_totals(view *v, const model_totals **out)
{
    if (!v->cards.own_ready) {
        int err = 0;
        model *m = model_create(v->scn, v->seed, 0, 0, &err);
        if (!m) return err ? err : SIM_ENOMEM;
        err = model_run(m);
        if (!err) v->cards.own = *model_totals_get(m);
        model_destroy(m);
        if (err) return err;
        v->cards.own_ready = 1;
    }
    *out = &v->cards.own;
    return 0;
}

int cards_compare(view *v, const play_compare **out)
{
    if (!v->play) return SIM_EINVAL;
    if (!v->cards.cmp_ready) {
        int rc = play_compare_run(v->play, v->scn, v->seed, CARDS_COMPARE_SEEDS, &v->cards.cmp);
        if (rc) return rc;
        v->cards.cmp_ready = 1;
    }
    *out = &v->cards.cmp;
    return 0;
}

void cards_reset(view *v) { v->cards.own_ready = v->cards.cmp_ready = v->cards.auto_done = 0; }

static void totals_line(const model_totals *t, char *out, size_t n)
{
    snprintf(out, n, "Attacks %d (%.0f killed)  -  strikes %d (%.0f civilians killed)  -  "
             "border clashes %d  -  highest ladder level %d", t->attacks, t->casualties, t->strikes,
             t->civilian_casualties, t->clashes, t->max_ladder);
}

static int one_line(view *v, int font, const char *s, int x, int y, int w, SDL_Color c)
{
    SDL_Rect clip = {x, y, w, text_height(v->txt, font)}, old;
    SDL_RenderGetClipRect(v->r, &old);
    SDL_RenderSetClipRect(v->r, &clip);
    text_draw(v->txt, font, s, x, y, c, 0);
    SDL_RenderSetClipRect(v->r, old.w > 0 ? &old : NULL);
    return y + clip.h;
}

/* Draws the turning points from y down to at most y_max. */
static int draw_points(view *v, int x, int y, int w, int y_max)
{
    debrief_point pt[POINTS_MAX];
    int n = debrief_points(v->m, pt, POINTS_MAX), shown = n < POINTS_MAX ? n : POINTS_MAX;
    char line[MODEL_REASON_MAX + 96], date[40];
    text_draw(v->txt, TEXT_BOLD, "Turning points", x, y, HEAD, 0);
    y += text_height(v->txt, TEXT_BOLD);
    if (n == 0) return one_line(v, TEXT_BODY, "none: the run stayed calm", x, y, w, DIM);
    int font = v->play ? TEXT_SMALL : TEXT_BODY, more = text_height(v->txt, TEXT_SMALL);
    for (int i = 0; i < shown; i++) {
        const model_record *r = model_record_at(v->m, pt[i].record);
        narrate_date(v->scn, r->t, date, sizeof date);
        int len = snprintf(line, sizeof line, "%s  %s: ", date, debrief_kind_name(pt[i].kind));
        narrate_record(v->scn, r, line + len, sizeof line - (size_t)len);
        int h = text_wrapped_height(v->txt, font, line, w);
        if (y + h + more > y_max) {   /* no room: the rest are counted below */
            shown = i;
            break;
        }
        y += text_draw_wrapped(v->txt, font, line, x, y, w, INK) + (int)(3 * v->s);
    }
    if (n > shown) {
        snprintf(line, sizeof line, "... and %d more (E lists every event)", n - shown);
        y = one_line(v, TEXT_SMALL, line, x, y, w, DIM);
    }
    return y + (int)(6 * v->s);
}

/* The class against the model: a small table of the same seed, then many seeds. */
static void draw_versus(view *v, int x, int y, int w)
{
    const model_totals *own, *cls = model_totals_get(v->m);
    const play_compare *c;
    char a[64], b[64], buf[256];
    if (cards_own_totals(v, &own)) return;
    text_draw(v->txt, TEXT_BOLD, "The class vs the model (same seed)", x, y, HEAD, 0);
    y += text_height(v->txt, TEXT_BOLD);
    int c1 = x + w * 55 / 100, c2 = x + w - 4, lh = text_height(v->txt, TEXT_BODY);
    text_draw(v->txt, TEXT_SMALL, "class", c1, y, DIM, TEXT_RIGHT);
    text_draw(v->txt, TEXT_SMALL, "model", c2, y, DIM, TEXT_RIGHT);
    y += text_height(v->txt, TEXT_SMALL);
    const struct { const char *label; double c, m; } row[] = {
        {"strikes", cls->strikes, own->strikes}, {"attacks", cls->attacks, own->attacks},
        {"killed", cls->casualties + cls->civilian_casualties + cls->clash_casualties,
         own->casualties + own->civilian_casualties + own->clash_casualties},
        {"highest ladder", cls->max_ladder, own->max_ladder},
        {"first strike, day", cls->first_strike_day, own->first_strike_day}};
    for (int i = 0; i < 5; i++, y += lh) {
        text_draw(v->txt, TEXT_BODY, row[i].label, x, y, INK, 0);
        snprintf(a, sizeof a, row[i].c < 0 ? "none" : "%.0f", row[i].c);
        snprintf(b, sizeof b, row[i].m < 0 ? "none" : "%.0f", row[i].m);
        text_draw(v->txt, TEXT_BOLD, a, c1, y, INK, TEXT_RIGHT);
        text_draw(v->txt, TEXT_BOLD, b, c2, y, INK, TEXT_RIGHT);
    }
    if (play_side(v->play) != SCN_SIDE_STATE || cards_compare(v, &c)) return;
    y += lh / 2;
    snprintf(buf, sizeof buf, "The class's rules over %d seeds", c->n);
    text_draw(v->txt, TEXT_BOLD, buf, x, y, HEAD, 0);
    y += text_height(v->txt, TEXT_BOLD);
    snprintf(buf, sizeof buf, "ultimatum at threat %.2f (model %.2f), strike at %.2f (model "
             "%.2f), closure at %.2f (model %.2f). Mean strikes %.1f vs %.1f, killed %.0f vs "
             "%.0f, chance of a strike %.0f%% vs %.0f%%.", c->warn_at[1], c->warn_at[0],
             c->strike_at[1], c->strike_at[0], c->close_at[1], c->close_at[0], c->strikes[1],
             c->strikes[0], c->casualties[1], c->casualties[0], 100 * c->p_strike[1],
             100 * c->p_strike[0]);
    text_draw_wrapped(v->txt, TEXT_SMALL, buf, x, y, w, INK);
}

static void draw_debrief(view *v)
{
    SDL_Rect q = card_rect(v);
    card_bg(v, q);
    int pad = (int)(16 * v->s), x = q.x + pad, y = q.y + pad, w = q.w - 2 * pad;
    int lw = v->play ? (w - pad) * 58 / 100 : w;
    char buf[512], date[40];
    narrate_date(v->scn, v->t, date, sizeof date);
    snprintf(buf, sizeof buf, "Debrief: %s", v->scn->view.title[0] ? v->scn->view.title
                                                                   : v->scn->name);
    text_draw(v->txt, TEXT_TITLE, buf, x, y, HEAD, 0);
    y += text_height(v->txt, TEXT_TITLE);
    snprintf(buf, sizeof buf, "seed %llu, up to %s", v->seed, date);
    text_draw(v->txt, TEXT_SMALL, buf, x, y, DIM, 0);
    y += text_height(v->txt, TEXT_SMALL) + (int)(4 * v->s);
    totals_line(model_totals_get(v->m), buf, sizeof buf);
    y = para(v, NULL, buf, x, y, w);
    int y0 = y, foot = text_height(v->txt, TEXT_SMALL) + pad;
    int qh = v->scn->view.questions[0]
                 ? text_height(v->txt, TEXT_BOLD) + (int)(12 * v->s) +
                       text_wrapped_height(v->txt, TEXT_BODY, v->scn->view.questions, lw)
                 : 0;
    y = draw_points(v, x, y, lw, q.y + q.h - foot - qh);
    if (qh) para(v, "Questions", v->scn->view.questions, x, y, lw);
    if (v->play) draw_versus(v, x + lw + pad, y0, w - lw - pad);
    text_draw(v->txt, TEXT_SMALL, "D or Esc closes   --debrief FILE.md writes it to hand out",
              q.x + q.w - pad, q.y + q.h - pad, DIM, TEXT_RIGHT | TEXT_MIDDLE);
}

void cards_draw(view *v)
{
    if (view_done(v) && !v->cards.auto_done && !v->o.headless) {
        v->cards.auto_done = 1;   /* the end of a run in a window opens the debrief once */
        v->cards.debrief = 1;
    }
    if (v->cards.debrief) draw_debrief(v);
    else if (v->cards.brief) draw_brief(v);
}

int cards_handle(view *v, const SDL_Event *e)
{
    if (e->type != SDL_KEYDOWN) return 0;
    SDL_Keycode k = e->key.keysym.sym;
    cards *c = &v->cards;
    if (k == SDLK_b) return c->brief = !c->brief, c->debrief = 0, 1;
    if (k == SDLK_d) return c->debrief = !c->debrief, c->brief = 0, 1;
    if ((k == SDLK_ESCAPE || k == SDLK_SPACE) && (c->brief || c->debrief)) {
        if (k == SDLK_SPACE && c->brief) v->paused = 0;   /* space starts the run */
        c->brief = c->debrief = 0;
        return 1;
    }
    return 0;
}

/* The class's decisions and the comparisons, after the debrief's own sections. */
static void write_play(view *v, FILE *f)
{
    const model_totals *own, *cls = model_totals_get(v->m);
    const play_compare *c;
    char date[40];
    fprintf(f, "\n## The class's decisions\n\nThe class played %s.\n\n| Date | Decision | "
            "Threat | The class chose |\n| --- | --- | --- | --- |\n",
            name(v, play_side(v->play)));
    for (int i = 0; i < play_choice_count(v->play); i++) {
        const play_choice *pc = play_choice_at(v->play, i);
        narrate_date(v->scn, pc->t, date, sizeof date);
        fprintf(f, "| %s | %s | %.2f | %s |\n", date, model_record_kind_name(pc->kind),
                pc->threat, pc->option == 0 ? "what the model would do" : pc->option == 1
                                            ? "held back" : "the alternative");
    }
    if (cards_own_totals(v, &own)) return;
    fprintf(f, "\n## The class's run and the model's own policy (seed %llu)\n\n| | Class | "
            "Model |\n| --- | --- | --- |\n| Strikes | %d | %d |\n| Attacks | %d | %d |\n"
            "| Highest ladder | %d | %d |\n| First strike (day) | %.0f | %.0f |\n", v->seed,
            cls->strikes, own->strikes, cls->attacks, own->attacks, cls->max_ladder,
            own->max_ladder, cls->first_strike_day, own->first_strike_day);
    if (play_side(v->play) != SCN_SIDE_STATE || cards_compare(v, &c)) return;
    fprintf(f, "\n## The class's rules over %d seeds\n\nThe class's choices as thresholds: "
            "ultimatum at threat %.2f (model %.2f), strike at %.2f (model %.2f), closure at "
            "%.2f (model %.2f).\n\n| Mean over seeds | Class | Model |\n| --- | --- | --- |\n"
            "| Strikes | %.2f | %.2f |\n| Attacks | %.1f | %.1f |\n| Killed | %.1f | %.1f |\n"
            "| Chance of a strike | %.0f%% | %.0f%% |\n\nTo compare in more depth: `frontier "
            "compare` with a copy of the scenario that sets `state.warn_at`, "
            "`state.strike.threshold` and `state.close_at` to the class's values.\n", c->n,
            c->warn_at[1], c->warn_at[0], c->strike_at[1], c->strike_at[0], c->close_at[1],
            c->close_at[0], c->strikes[1], c->strikes[0], c->attacks[1], c->attacks[0],
            c->casualties[1], c->casualties[0], 100 * c->p_strike[1], 100 * c->p_strike[0]);
}

int cards_write_debrief(view *v, const char *md, char *err, size_t errlen)
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
    if (debrief_png_write(v->m, dir, stem, charts, &n))
        fprintf(stderr, "frontier view: debrief charts left out: %s\n", plot_last_error());
    afile *f = afile_open(md);
    int rc = f ? debrief_write_md(v->m, v->seed, charts, n, afile_stream(f)) : SIM_EIO;
    if (!rc && v->play) write_play(v, afile_stream(f));
    if (!rc && afile_commit(f)) rc = SIM_EIO;
    else if (rc && f) afile_abort(f);
    if (rc) snprintf(err, errlen, "cannot write %s: %s", md, strerror(errno));
    return rc;
}
