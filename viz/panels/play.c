/* play.c - decision mode: the class plays one side's decisions (see play.h). */
#include "panels/play.h"
#include "base/alloc.h"
#include "base/err.h"
#include "story/narrate.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define QUEUE_MAX MODEL_DECISIONS_MAX

struct play {
    int side, autoplay;
    int resume;                    /* the run was running when the decision stopped it */
    model_decision queue[QUEUE_MAX];
    int n_queue;
    double answered_until;         /* decisions up to this day were answered already */
    double declined_until[MODEL_NRECORD_KINDS];
    play_choice choice[PLAY_CHOICES_MAX];
    int n_choice;
    double threat, threshold;      /* when the current decision was polled */
};

/* The options of each deferred kind: the model's choice, holding back, an alternative. */
typedef struct option_spec {
    int kind;
    const char *question;
    const char *label[PLAY_OPTIONS_MAX];
    int action[PLAY_OPTIONS_MAX];  /* SCN_ACT_* or -1: nothing */
} option_spec;

static const option_spec specs[] = {
    {MODEL_REC_STRIKE, "Strike the militants' sanctuaries across the border?",
     {"Strike now", "Hold back: no strike for now", "Send a delegation instead"},
     {SCN_ACT_STRIKE, -1, SCN_ACT_DELEGATION}},
    {MODEL_REC_ULTIMATUM, "Issue an ultimatum: act against the militants or we strike?",
     {"Issue the ultimatum", "Hold back: no ultimatum", "Protest (a demarche) instead"},
     {SCN_ACT_ULTIMATUM, -1, SCN_ACT_DEMARCHE}},
    {MODEL_REC_CLOSURE, "Close the border crossings?",
     {"Close the crossings", "Keep them open", NULL}, {SCN_ACT_CLOSURE, -1, -1}},
    {MODEL_REC_CRACKDOWN, "Crack down on the militants' most active sanctuary?",
     {"Crack down", "Leave them alone", NULL}, {SCN_ACT_CRACKDOWN, -1, -1}},
    {MODEL_REC_DEAL_OFFER, "Offer a deal: \"we will disarm them if you pay\"?",
     {"Make the offer", "No offer", NULL}, {SCN_ACT_DEAL_OFFER, -1, -1}},
    {MODEL_REC_RETALIATION_PLANNED, "Answer the strike with force at the border?",
     {"Retaliate at the crossing", "Hold fire", NULL}, {SCN_ACT_CLASH, -1, -1}},
};
#define N_SPECS ((int)(sizeof specs / sizeof specs[0]))

static const option_spec *spec_of(int kind)
{
    for (int i = 0; i < N_SPECS; i++)
        if (specs[i].kind == kind) return &specs[i];
    return NULL;
}

play *play_create(int side)
{
    if (side != SCN_SIDE_STATE && side != SCN_SIDE_HOST) return NULL;
    play *p = sim_calloc(1, sizeof *p);
    if (!p) return NULL;
    p->side = side;
    play_reset(p);
    return p;
}

void play_destroy(play *p) { sim_free(p); }
int play_side(const play *p) { return p->side; }

int play_side_parse(const char *name)
{
    return !strcmp(name, "state") ? SCN_SIDE_STATE : !strcmp(name, "host") ? SCN_SIDE_HOST : -1;
}

void play_reset(play *p)
{
    p->n_queue = p->n_choice = 0;
    p->answered_until = -1;
    for (int k = 0; k < MODEL_NRECORD_KINDS; k++) p->declined_until[k] = -1;
}

void play_set_auto(play *p, int on) { p->autoplay = on; }

int play_attach(play *p, model *m)
{
    p->n_queue = 0;
    return model_set_policy(m, p->side, MODEL_POLICY_DEFER);
}

int play_poll(play *p, model *m, int running)
{
    model_state st;
    model_state_get(m, &st);
    for (int i = 0; !p->autoplay && i < model_decision_count(m) && p->n_queue < QUEUE_MAX; i++) {
        const model_decision *d = model_decision_at(m, i);
        if (d->side != p->side || !spec_of(d->kind) || d->t <= p->answered_until ||
            d->t < p->declined_until[d->kind])
            continue;
        p->queue[p->n_queue++] = *d;
    }
    model_decisions_clear(m);
    if (p->n_queue) p->threat = st.threat, p->threshold = st.threshold.effective;
    if (p->n_queue) p->resume = running;
    return p->n_queue > 0;
}

int play_waiting(const play *p) { return p->n_queue > 0; }
const model_decision *play_current(const play *p) { return p->n_queue ? &p->queue[0] : NULL; }

int play_option_count(const play *p)
{
    const option_spec *sp = p->n_queue ? spec_of(p->queue[0].kind) : NULL;
    int n = 0;
    while (sp && n < PLAY_OPTIONS_MAX && sp->label[n]) n++;
    return n;
}

const char *play_option_label(const play *p, int i)
{
    return i >= 0 && i < play_option_count(p) ? spec_of(p->queue[0].kind)->label[i] : "";
}

const char *play_question(const play *p)
{
    return p->n_queue ? spec_of(p->queue[0].kind)->question : "";
}

static int apply(const model_decision *d, int action, int option, model *m, script *sc)
{
    if (action < 0) return 0;
    scn_timeline_item it = {.action = action, .zone = -1, .type = -1, .casualties = -1,
                            .days = -1};
    if (action == SCN_ACT_CLASH) it.zone = d->zone;
    snprintf(it.note, sizeof it.note, "the class decided: %s",
             spec_of(d->kind)->label[option]);
    return sc ? script_record_inject(sc, m, &it) : model_inject(m, &it, MODEL_ACTOR_USER);
}

int play_choose(play *p, model *m, script *sc, int option)
{
    if (!p->n_queue || option < 0 || option >= play_option_count(p)) return SIM_EINVAL;
    model_decision d = p->queue[0];
    const option_spec *sp = spec_of(d.kind);
    int rc = apply(&d, sp->action[option], option, m, sc);
    if (rc) return rc;
    if (p->n_choice < PLAY_CHOICES_MAX)
        p->choice[p->n_choice++] = (play_choice){d.t, d.kind, option, p->threat, p->threshold};
    if (option != 0) p->declined_until[d.kind] = d.t + PLAY_QUIET_DAYS;
    p->answered_until = fmax(p->answered_until, d.t);
    memmove(p->queue, p->queue + 1, (size_t)(--p->n_queue) * sizeof p->queue[0]);
    return 0;
}

int play_choice_count(const play *p) { return p->n_choice; }
const play_choice *play_choice_at(const play *p, int i)
{
    return i >= 0 && i < p->n_choice ? &p->choice[i] : NULL;
}

void play_thresholds(const play *p, double out[3])
{
    static const int kinds[3] = {MODEL_REC_ULTIMATUM, MODEL_REC_STRIKE, MODEL_REC_CLOSURE};
    for (int k = 0; k < 3; k++) {
        double acted = INFINITY;
        int asked = 0;
        for (int i = 0; i < p->n_choice; i++) {
            if (p->choice[i].kind != kinds[k]) continue;
            asked = 1;
            if (p->choice[i].option == 0) acted = fmin(acted, p->choice[i].threat);
        }
        out[k] = !asked ? NAN : isfinite(acted) ? acted : 1.0;
    }
}

scenario *play_policy_scenario(const play *p, const scenario *s)
{
    scenario *v = scenario_clone(s);
    if (!v || p->side != SCN_SIDE_STATE) return v;
    double th[3], credit = 0;
    play_thresholds(p, th);
    for (int i = 0; i < p->n_choice; i++)   /* the credit when the class first struck */
        if (p->choice[i].kind == MODEL_REC_STRIKE && p->choice[i].option == 0 &&
            p->choice[i].threat <= th[1]) {
            credit = p->choice[i].threshold - s->p.state.threshold;
            break;
        }
    if (!isnan(th[0])) v->p.state.warn_at = th[0];
    if (!isnan(th[1])) v->p.state.threshold = fmax(0, fmin(1, th[1] - credit));
    if (!isnan(th[2])) v->p.state.close_at = th[2];
    return v;
}

int play_compare_run(const play *p, const scenario *s, unsigned long long seed, int n,
                     play_compare *out)
{
    scenario *cls = play_policy_scenario(p, s);
    if (!cls) return SIM_ENOMEM;
    const scenario *sc[2] = {s, cls};
    memset(out, 0, sizeof *out);
    out->n = n;
    int rc = 0;
    for (int k = 0; k < 2 && !rc; k++) {
        out->warn_at[k] = sc[k]->p.state.warn_at;
        out->strike_at[k] = sc[k]->p.state.threshold;
        out->close_at[k] = sc[k]->p.state.close_at;
        for (int i = 0; i < n && !rc; i++) {
            model *m = model_create(sc[k], seed + (unsigned long long)i, 0, 0, &rc);
            if (!m) {
                rc = rc ? rc : SIM_ENOMEM;
                break;
            }
            rc = model_run(m);
            const model_totals *t = model_totals_get(m);
            out->strikes[k] += (double)t->strikes / n;
            out->attacks[k] += (double)t->attacks / n;
            double killed = t->casualties + t->civilian_casualties + t->clash_casualties;
            out->casualties[k] += killed / n;
            out->max_ladder[k] += (double)t->max_ladder / n;
            out->p_strike[k] += (t->strikes > 0) / (double)n;
            model_destroy(m);
        }
    }
    scenario_destroy(cls);
    return rc;
}

/* ---- view hooks -------------------------------------------------------------------------- */

int play_handle(play *p, const panel_ctx *x, const SDL_Event *e, panel_reply *out)
{
    if (!play_waiting(p) || e->type != SDL_KEYDOWN) return 0;
    SDL_Keycode k = e->key.keysym.sym;
    int opt = k == SDLK_RETURN || k == SDLK_KP_ENTER ? 0
              : k >= SDLK_1 && k <= SDLK_4 ? (int)(k - SDLK_1)
              : k >= SDLK_KP_1 && k <= SDLK_KP_4 ? (int)(k - SDLK_KP_1) : -1;
    if (k == SDLK_ESCAPE) return out->used = 1;   /* Esc must not quit mid-decision */
    if (opt < 0) return 0;            /* other keys keep their meaning (I, E, H, B, Q...) */
    out->used = 1;
    if (opt >= play_option_count(p)) return 1;
    char label[96];
    snprintf(label, sizeof label, "%s", play_option_label(p, opt));
    int rc = play_choose(p, x->m, x->rec, opt);
    if (rc) {
        panel_say(out, "cannot apply the choice: %s", sim_strerror(rc));
        return 1;
    }
    panel_say(out, "the class chose: %s", label);
    out->changed = 1;   /* show what the choice did */
    if (!play_waiting(p) && p->resume) out->pause = 0;   /* run on */
    return 1;
}

#define INK ((SDL_Color){20, 20, 24, 255})
#define DIM ((SDL_Color){90, 90, 96, 255})
#define ACCENT ((SDL_Color){150, 40, 20, 255})

static const char *side_name(const scenario *s, int side)
{
    return s->side_name[side][0] ? s->side_name[side] : scn_side_name(side);
}

/* The situation in two lines: thresholds, the host, the ladder. */
static void situation(const panel_ctx *v, char *a, char *b, size_t n)
{
    model_state st;
    model_state_get(v->m, &st);
    snprintf(a, n, "Threat %.2f   strike threshold %.2f   warning level %.2f%s", st.threat,
             st.threshold.effective, st.warn_at,
             st.ultimatum_active ? "   ultimatum running" : "");
    snprintf(b, n, "%s: cooperation %.2f, grievance %.1f   ladder %d (%s)",
             side_name(v->scn, SCN_SIDE_HOST), st.cooperation, st.grievance, st.ladder,
             model_ladder_name(st.ladder));
}

/* Up to three recent events worth telling (not routine attacks), newest first. */
static int recent(const panel_ctx *v, int idx[3])
{
    int n = 0;
    for (int i = model_record_count(v->m) - 1; i >= 0 && n < 3; i--) {
        const model_record *r = model_record_at(v->m, i);
        if (v->t - r->t > 30) break;
        if (r->kind == MODEL_REC_LADDER || r->kind == MODEL_REC_NOTE ||
            r->kind == MODEL_REC_DENIAL || (r->kind == MODEL_REC_ATTACK && r->casualties < 10))
            continue;
        idx[n++] = i;
    }
    return n;
}

static void panel(SDL_Renderer *r, SDL_Rect q)
{
    SDL_SetRenderDrawColor(r, 255, 253, 244, 255);
    SDL_RenderFillRect(r, &q);
    SDL_SetRenderDrawColor(r, ACCENT.r, ACCENT.g, ACCENT.b, 255);
    for (int k = 0; k < 3; k++)
        SDL_RenderDrawRect(r, &(SDL_Rect){q.x + k, q.y + k, q.w - 2 * k, q.h - 2 * k});
}

static int draw_recent(const panel_ctx *v, int x, int y, int w)
{
    int idx[3], n = recent(v, idx), ls = text_height(v->txt, TEXT_SMALL);
    char line[MODEL_REASON_MAX + 64], date[40];
    if (n == 0) return y;
    text_draw(v->txt, TEXT_BOLD, "Lately", x, y, INK, 0);
    y += text_height(v->txt, TEXT_BOLD);
    for (int k = 0; k < n; k++) {
        const model_record *r = model_record_at(v->m, idx[k]);
        narrate_date(v->scn, r->t, date, sizeof date);
        int len = snprintf(line, sizeof line, "%s: ", date);
        narrate_record(v->scn, r, line + len, sizeof line - (size_t)len);
        SDL_Rect clip = {x, y, w, ls};
        SDL_RenderSetClipRect(v->r, &clip);
        text_draw(v->txt, TEXT_SMALL, line, x, y, DIM, 0);
        SDL_RenderSetClipRect(v->r, &v->map);
        y += ls + 1;
    }
    return y;
}

static void dialog(const play *p, const panel_ctx *v)
{
    const model_decision *d = play_current(p);
    int pad = (int)(14 * v->s), w = (int)fmin(v->map.w - 4 * pad, 900 * v->s);
    int x = v->map.x + (v->map.w - w) / 2, y = (int)(20 * v->s);
    int lb = text_height(v->txt, TEXT_BOLD), ls = text_height(v->txt, TEXT_SMALL);
    int lt = text_height(v->txt, TEXT_TITLE), lh = text_height(v->txt, TEXT_BODY);
    char title[160], date[40], a[200], b[200], why[MODEL_REASON_MAX + 32];
    narrate_date(v->scn, d->t, date, sizeof date);
    snprintf(title, sizeof title, "DECISION for %s  -  %s", side_name(v->scn, p->side), date);
    snprintf(why, sizeof why, "Why: %s", d->reason);
    situation(v, a, b, sizeof a);
    int inner = w - 2 * pad, nopt = play_option_count(p), idx[3], nr = recent(v, idx);
    int hgt = pad + lt + lb + 2 * lh + pad / 2 + (nr ? lb + nr * (ls + 1) : 0) +
              lb + text_wrapped_height(v->txt, TEXT_BODY, why, inner) + pad / 2 +
              nopt * (lb + 6) + lh + pad;
    SDL_Rect q = {x, y, w, hgt};
    panel(v->r, q);
    x += pad;
    y += pad;
    text_draw(v->txt, TEXT_TITLE, title, x, y, ACCENT, 0);
    y += lt;
    text_draw(v->txt, TEXT_BOLD, play_question(p), x, y, INK, 0);
    y += lb;
    text_draw(v->txt, TEXT_BODY, a, x, y, INK, 0);
    text_draw(v->txt, TEXT_BODY, b, x, y + lh, INK, 0);
    y = draw_recent(v, x, y + 2 * lh + pad / 2, inner);
    snprintf(a, sizeof a, "The model would: %s", play_option_label(p, 0));
    text_draw(v->txt, TEXT_BOLD, a, x, y, INK, 0);
    y += lb + text_draw_wrapped(v->txt, TEXT_BODY, why, x, y + lb, inner, DIM) + pad / 2;
    for (int i = 0; i < nopt; i++, y += lb + 6) {
        snprintf(a, sizeof a, "%d   %s%s", i + 1, play_option_label(p, i),
                 i == 0 ? "   (the model's choice: Enter)" : "");
        SDL_Rect row = {x - 4, y - 2, inner + 8, lb + 4};
        SDL_SetRenderDrawColor(v->r, 236, 228, 210, 255);
        SDL_RenderFillRect(v->r, &row);
        text_draw(v->txt, TEXT_BOLD, a, x, y, INK, 0);
    }
    snprintf(a, sizeof a, "Press 1-%d to choose. The run waits for the class.", nopt);
    text_draw(v->txt, TEXT_SMALL, a, x, y, DIM, 0);
}

void play_draw(const play *p, const panel_ctx *x)
{
    if (play_waiting(p)) dialog(p, x);
}
