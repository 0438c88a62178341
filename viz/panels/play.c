/* play.c - decision mode: the class plays one side's decisions (see play.h). */
#include "panels/play.h"
#include "base/alloc.h"
#include "base/err.h"
#include "layers/hud.h"
#include "story/narrate.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define QUEUE_MAX MODEL_DECISIONS_MAX
#define MODEL_SAYS " (the model would: "

/* How the situation of a declined decision is told from a new one: it holds while the
 * ladder stays where it was and, by kind, the threat (or the diplomatic pressure) stays
 * within PLAY_THREAT_STEP of its value at the answer on every day since, or the call comes
 * back within PLAY_SITUATION_DAYS. SIT_EACH: every call is a new situation (an offer to
 * answer, a strike to answer). */
enum { SIT_EACH, SIT_THREAT, SIT_PRESSURE, SIT_DAYS };

/* The options of each deferred kind, in a fixed order (the model's choice is not always the
 * first: it stays hidden until M). */
typedef struct option_spec {
    int kind;
    const char *question;
    const char *label[PLAY_OPTIONS_MAX];
    int action[PLAY_OPTIONS_MAX];  /* SCN_ACT_* or -1: nothing (recorded as a note) */
    int model_option;              /* the option the model would take */
    int situation;                 /* SIT_* */
} option_spec;

static const option_spec specs[] = {
    {MODEL_REC_STRIKE, "Strike the militants' sanctuaries across the border?",
     {"Strike now", "Hold back: no strike for now", "Send a delegation instead"},
     {SCN_ACT_STRIKE, -1, SCN_ACT_DELEGATION}, 0, SIT_THREAT},
    {MODEL_REC_ULTIMATUM, "Issue an ultimatum: act against the militants or we strike?",
     {"Issue the ultimatum", "Hold back: no ultimatum", "Protest formally instead"},
     {SCN_ACT_ULTIMATUM, -1, SCN_ACT_DEMARCHE}, 0, SIT_THREAT},
    {MODEL_REC_CLOSURE, "Close the border crossings?",
     {"Close the crossings", "Keep them open", NULL}, {SCN_ACT_CLOSURE, -1, -1}, 0, SIT_THREAT},
    {MODEL_REC_DEAL_ACCEPTED, "", {"Pay for the deal", "Refuse to pay", NULL},
     {SCN_ACT_DEAL_ACCEPT, SCN_ACT_DEAL_REFUSE, -1}, 0, SIT_EACH},
    {MODEL_REC_DEAL_REJECTED, "", {"Pay for the deal", "Refuse to pay", NULL},
     {SCN_ACT_DEAL_ACCEPT, SCN_ACT_DEAL_REFUSE, -1}, 1, SIT_EACH},
    {MODEL_REC_CRACKDOWN, "Crack down on the militants' most active sanctuary?",
     {"Crack down", "Leave them alone", NULL}, {SCN_ACT_CRACKDOWN, -1, -1}, 0, SIT_DAYS},
    {MODEL_REC_DEAL_OFFER, "Offer a deal: \"we will disarm them if you pay\"?",
     {"Make the offer", "No offer", NULL}, {SCN_ACT_DEAL_OFFER, -1, -1}, 0, SIT_PRESSURE},
    {MODEL_REC_RETALIATION_PLANNED, "Answer the strike with force at the border?",
     {"Retaliate at the crossing", "Hold fire", NULL}, {SCN_ACT_CLASH, -1, -1}, 0, SIT_EACH},
};
#define N_SPECS ((int)(sizeof specs / sizeof specs[0]))

/* The action menu (A): what each side can do on its own initiative. */
typedef struct action_spec {
    int side, action, kind;
    const char *label;
} action_spec;

static const action_spec actions[] = {
    {SCN_SIDE_STATE, SCN_ACT_STRIKE, MODEL_REC_STRIKE, "Strike the sanctuaries"},
    {SCN_SIDE_STATE, SCN_ACT_ULTIMATUM, MODEL_REC_ULTIMATUM, "Issue an ultimatum"},
    {SCN_SIDE_STATE, SCN_ACT_DELEGATION, MODEL_REC_DELEGATION, "Send a delegation (talks)"},
    {SCN_SIDE_STATE, SCN_ACT_DEAL_ACCEPT, MODEL_REC_DEAL_ACCEPTED,
     "Pay the host to disarm them (a deal)"},
    {SCN_SIDE_STATE, SCN_ACT_CLOSURE, MODEL_REC_CLOSURE, "Close the crossings"},
    {SCN_SIDE_STATE, SCN_ACT_REOPEN, MODEL_REC_REOPEN, "Open the crossings"},
    {SCN_SIDE_HOST, SCN_ACT_CRACKDOWN, MODEL_REC_CRACKDOWN, "Crack down on the militants"},
    {SCN_SIDE_HOST, SCN_ACT_HANDOVER, MODEL_REC_RELOCATION, "Hand fighters over"},
    {SCN_SIDE_HOST, SCN_ACT_CLASH, MODEL_REC_CLASH, "Retaliate at the border"},
    {SCN_SIDE_HOST, SCN_ACT_MEDIATION, MODEL_REC_MEDIATION, "Ask for talks (mediation)"},
};
#define N_ACTIONS ((int)(sizeof actions / sizeof actions[0]))

/* What the class answered last to a kind, and whether that answer still holds. */
typedef struct situation {
    int quiet;                     /* declined: not asked again while the situation holds */
    double last_seen, measure, t;  /* measure: the threat or pressure at the answer */
    int ladder, option;            /* option: the last answer, -1 when never asked */
} situation;

struct play {
    int side, autoplay, free_play;
    double script_until;           /* decisions up to this day are the session script's */
    int resume;                    /* the run was running when the decision stopped it */
    model_decision queue[QUEUE_MAX];
    int n_queue;
    double answered_until;         /* decisions up to this day were answered already */
    situation sit[MODEL_NRECORD_KINDS];
    play_choice choice[PLAY_CHOICES_MAX];
    int n_choice;
    int revealed, menu;
    int n_read;                    /* autoplay: model records read for the class's notes */
    char question[320];
    char status[64];               /* play_status's text */
    SDL_Rect menu_rect, item[PLAY_ACTIONS_MAX], option_rect[PLAY_OPTIONS_MAX];
    int menu_act[PLAY_ACTIONS_MAX], n_items;
};

static const option_spec *spec_of(int kind)
{
    for (int i = 0; i < N_SPECS; i++)
        if (specs[i].kind == kind) return &specs[i];
    return NULL;
}

/* The deal's answer is one decision whatever the model would say. */
static int norm_kind(int kind)
{
    return kind == MODEL_REC_DEAL_REJECTED ? MODEL_REC_DEAL_ACCEPTED : kind;
}

play *play_create(int side)
{
    if (side != SCN_SIDE_STATE && side != SCN_SIDE_HOST) return NULL;
    play *p = sim_calloc(1, sizeof *p);
    if (!p) return NULL;
    p->side = side;
    p->script_until = -1;
    play_reset(p);
    return p;
}

void play_destroy(play *p) { sim_free(p); }
int play_side(const play *p) { return p->side; }
void play_set_free(play *p, int on) { p->free_play = on != 0; }

int play_side_parse(const char *name)
{
    return !strcmp(name, "state") ? SCN_SIDE_STATE : !strcmp(name, "host") ? SCN_SIDE_HOST : -1;
}

void play_reset(play *p)
{
    p->n_queue = p->n_choice = p->n_read = 0;
    p->answered_until = -1;
    p->revealed = p->menu = 0;
    for (int k = 0; k < MODEL_NRECORD_KINDS; k++) p->sit[k] = (situation){.option = -1};
}

void play_set_auto(play *p, int mode)
{
    p->autoplay = mode;
    p->script_until = mode == PLAY_AUTO_SCRIPT ? INFINITY : -1;
}

int play_auto(const play *p) { return p->autoplay; }
void play_set_script_until(play *p, double t)
{
    if (p->autoplay != PLAY_AUTO_SCRIPT) p->script_until = t;
}

int play_attach(play *p, model *m)
{
    p->n_queue = 0;
    if (p->script_until >= 0) {   /* the script's choices are read again from its notes */
        int keep = 0;
        for (int i = 0; i < p->n_choice; i++)
            if (p->choice[i].t > p->script_until) p->choice[keep++] = p->choice[i];
        p->n_choice = keep;
        p->n_read = 0;
    }
    return model_set_policy(m, p->side, MODEL_POLICY_DEFER);
}

/* The threat, the strike line and the ladder of the day ending at t (the series row of its
 * tick, so that a live session and its replay read the same numbers), else of now. */
static void day_numbers(const model *m, double t, double *threat, double *line, int *ladder)
{
    for (int i = model_day_count(m) - 1; i >= 0; i--) {
        const model_day *d = model_day_at(m, i);
        if (fabs(d->t - t) < 1e-9) {
            *threat = d->threat, *line = d->threshold_eff, *ladder = d->ladder;
            return;
        }
        if (d->t < t) break;
    }
    model_state st;
    model_state_get(m, &st);
    *threat = st.threat, *line = st.threshold.effective, *ladder = st.ladder;
}

static const char *name_of(const scenario *s, int side, const char *fallback)
{
    return s->side_name[side][0] ? s->side_name[side] : fallback;
}

static void set_question(play *p, const model *m)
{
    const model_decision *d = play_current(p);
    if (!d) return;
    const scenario *s = model_scenario(m);
    const scn_params *q = model_params(m);
    if (norm_kind(d->kind) == MODEL_REC_DEAL_ACCEPTED)
        snprintf(p->question, sizeof p->question, "%s offers: \"we will disarm them if you "
                 "pay\" - %.2f a day while they disarm. Pay?", name_of(s, SCN_SIDE_HOST,
                 "The host"), q->host.deal_cost_per_day);
    else snprintf(p->question, sizeof p->question, "%s", spec_of(d->kind)->question);
}

/* The threat (or the diplomatic pressure) and the ladder of the day ending at t. */
static double measure_at(const model *m, double t, int how, int *ladder)
{
    double threat, line;
    day_numbers(m, t, &threat, &line, ladder);
    if (how != SIT_PRESSURE) return threat;
    for (int i = model_day_count(m) - 1; i >= 0; i--)
        if (model_day_at(m, i)->t <= t + 1e-9) return model_day_at(m, i)->diplomatic;
    return 0;
}

/* The level the kind's condition compares the day's measure with (the strike line of
 * that day for a strike). */
static double level_of(int kind, const model_day *day, const scn_params *q)
{
    switch (kind) {
    case MODEL_REC_STRIKE: return day->threshold_eff;
    case MODEL_REC_ULTIMATUM: return q->state.warn_at;
    case MODEL_REC_CLOSURE: return q->state.close_at;
    case MODEL_REC_DEAL_OFFER: return q->host.deal_offer_at;
    default: return 0;
    }
}

/* Nonzero when d, of a kind the class declined, comes while that situation holds: the
 * ladder has not moved and, every day since the answer, the measure stayed above the
 * condition's level less PLAY_THREAT_STEP (the condition did not clearly go off) and below
 * the answer's value plus PLAY_THREAT_STEP (it did not clearly worsen). */
static int same_situation(play *p, const model *m, const model_decision *d)
{
    situation *s = &p->sit[norm_kind(d->kind)];
    int how = spec_of(d->kind)->situation, held = s->quiet && how != SIT_EACH, ladder;
    for (int i = model_day_count(m) - 1; i >= 0 && held; i--) {
        const model_day *day = model_day_at(m, i);
        if (day->t > d->t + 1e-9) continue;
        if (day->t < s->t - 1e-9) break;
        double x = how == SIT_PRESSURE ? day->diplomatic : day->threat;
        held = day->ladder == s->ladder &&
               (how == SIT_DAYS || (x >= level_of(d->kind, day, model_params(m)) -
                                             PLAY_THREAT_STEP &&
                                    x < s->measure + PLAY_THREAT_STEP));
    }
    double now = measure_at(m, d->t, how, &ladder);
    held = held && ladder == s->ladder &&
           (how == SIT_DAYS ? d->t - s->last_seen <= PLAY_SITUATION_DAYS + 1e-9
                            : now < s->measure + PLAY_THREAT_STEP);
    if (held) s->last_seen = d->t;
    else s->quiet = 0;
    return held;
}

/* Longest label of a decision option or an action that text (after the prefix) starts
 * with; kind, option (or PLAY_INITIATIVE) and the label's length. */
static int match_label(const char *said, int side, int *kind, int *option)
{
    int best = 0;
    for (int i = 0; i < N_SPECS; i++)
        for (int o = 0; o < PLAY_OPTIONS_MAX && specs[i].label[o]; o++) {
            int n = (int)strlen(specs[i].label[o]);
            if (n > best && !strncmp(said, specs[i].label[o], (size_t)n))
                best = n, *kind = norm_kind(specs[i].kind), *option = o;
        }
    for (int i = 0; i < N_ACTIONS; i++) {
        int n = (int)strlen(actions[i].label);
        if (actions[i].side == side && n > best && !strncmp(said, actions[i].label, (size_t)n))
            best = n, *kind = actions[i].kind, *option = PLAY_INITIATIVE;
    }
    return best;
}

static void add_choice(play *p, const model *m, double t, int kind, int option, int model_opt,
                       const char *label)
{
    if (p->n_choice >= PLAY_CHOICES_MAX) return;
    play_choice *c = &p->choice[p->n_choice++];
    int ladder;
    *c = (play_choice){.t = t, .kind = kind, .option = option, .model_option = model_opt};
    day_numbers(m, t, &c->threat, &c->threshold, &ladder);
    snprintf(c->label, sizeof c->label, "%s", label);
}

/* A replay: the class's choices are the notes of the script's injects. */
static void read_notes(play *p, const model *m)
{
    for (; p->n_read < model_record_count(m); p->n_read++) {
        const model_record *r = model_record_at(m, p->n_read);
        if (r->t > p->script_until) continue;   /* a live choice: play_choose has it */
        const char *at = r->actor == MODEL_ACTOR_USER ? strstr(r->reason, PLAY_NOTE_PREFIX) : NULL;
        int kind = -1, option = -1, mo = -1, mk;
        if (!at) continue;
        at += strlen(PLAY_NOTE_PREFIX);
        int n = match_label(at, p->side, &kind, &option);
        if (!n) continue;
        if (!strncmp(at + n, MODEL_SAYS, strlen(MODEL_SAYS)))
            match_label(at + n + strlen(MODEL_SAYS), p->side, &mk, &mo);
        char label[64];
        snprintf(label, sizeof label, "%.*s", n, at);
        add_choice(p, m, r->t, kind, option, mo, label);
    }
}

int play_poll(play *p, model *m, int running)
{
    if (p->script_until >= 0) read_notes(p, m);
    if (p->autoplay == PLAY_AUTO_SCRIPT) {
        model_decisions_clear(m);
        return 0;
    }
    int had = p->n_queue;
    for (int i = 0; i < model_decision_count(m) && p->n_queue < QUEUE_MAX; i++) {
        const model_decision *d = model_decision_at(m, i);
        if (d->side != p->side || !spec_of(d->kind) || d->t <= p->answered_until ||
            d->t <= p->script_until || same_situation(p, m, d))
            continue;
        p->queue[p->n_queue++] = *d;
    }
    model_decisions_clear(m);
    if (p->n_queue && !had) {
        p->resume = running;
        p->revealed = 0;
        p->menu = 0;
        set_question(p, m);
    }
    return p->n_queue > 0;
}

int play_waiting(const play *p) { return p->n_queue > 0; }

const char *play_status(play *p)
{
    if (!p->n_queue) return NULL;
    snprintf(p->status, sizeof p->status, "DECIDE: vote, then press 1-%d", play_option_count(p));
    return p->status;
}
const model_decision *play_current(const play *p) { return p->n_queue ? &p->queue[0] : NULL; }
int play_revealed(const play *p) { return p->revealed; }
const char *play_question(const play *p) { return p->n_queue ? p->question : ""; }

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

int play_model_option(const play *p)
{
    return p->n_queue ? spec_of(p->queue[0].kind)->model_option : -1;
}

/* Runs action (or a note when action < 0) now with the class's note, recorded in sc. */
static int run_choice(model *m, script *sc, int action, int zone, const char *note)
{
    scn_timeline_item it = {.action = action >= 0 ? action : SCN_ACT_NOTE, .zone = zone,
                            .type = -1, .casualties = -1, .days = -1};
    snprintf(it.note, sizeof it.note, "%s", note);
    return sc ? script_record_inject(sc, m, &it) : model_inject(m, &it, MODEL_ACTOR_USER);
}

int play_choose(play *p, model *m, script *sc, int option)
{
    if (!p->n_queue || option < 0 || option >= play_option_count(p)) return SIM_EINVAL;
    model_decision d = p->queue[0];
    const option_spec *sp = spec_of(d.kind);
    char note[200];
    snprintf(note, sizeof note, PLAY_NOTE_PREFIX "%s" MODEL_SAYS "%s)", sp->label[option],
             sp->label[sp->model_option]);
    int action = sp->action[option];
    int rc = run_choice(m, sc, action, action == SCN_ACT_CLASH ? d.zone : -1, note);
    if (rc) return rc;
    add_choice(p, m, d.t, norm_kind(d.kind), option, sp->model_option, sp->label[option]);
    situation *s = &p->sit[norm_kind(d.kind)];
    *s = (situation){.quiet = option != sp->model_option && sp->situation != SIT_EACH,
                     .last_seen = d.t, .t = d.t, .option = option};
    s->measure = measure_at(m, d.t, sp->situation, &s->ladder);
    p->answered_until = fmax(p->answered_until, d.t);
    memmove(p->queue, p->queue + 1, (size_t)(--p->n_queue) * sizeof p->queue[0]);
    p->revealed = 0;
    set_question(p, m);
    return 0;
}

/* ---- the action menu -------------------------------------------------------------------- */

static const action_spec *side_action(const play *p, int i)
{
    for (int k = 0, n = 0; k < N_ACTIONS; k++)
        if (actions[k].side == p->side && n++ == i) return &actions[k];
    return NULL;
}

int play_action_count(const play *p)
{
    int n = 0;
    for (int k = 0; k < N_ACTIONS; k++) n += actions[k].side == p->side;
    return n;
}

const char *play_action_label(const play *p, int i)
{
    const action_spec *a = side_action(p, i);
    return a ? a->label : "";
}

static int count_crossings(const scenario *s)
{
    int n = 0;
    for (int z = 0; z < s->n_zones; z++) n += s->zones[z].kind == SCN_ZONE_CROSSING;
    return n;
}

/* The strike rule's unmet conditions, as "; "-separated texts. */
static void unmet(const model *m, char *out, size_t n)
{
    model_strike_rule r;
    model_strike_rule_get(m, &r);
    size_t at = 0;
    out[0] = '\0';
    for (int c = 0; c < MODEL_NSC && at < n; c++)
        if (!r.met[c]) at += (size_t)snprintf(out + at, n - at, "%s%s", at ? "; " : "", r.text[c]);
}

int play_action_allowed(const play *p, const model *m, int i, char *why, size_t n)
{
    const action_spec *a = side_action(p, i);
    model_state st;
    model_strike_rule r;
    char buf[512];
    why[0] = '\0';
    if (!a) return 0;
    model_state_get(m, &st);
    switch (a->action) {
    case SCN_ACT_STRIKE:
        model_strike_rule_get(m, &r);
        if (r.allowed) return 1;
        unmet(m, buf, sizeof buf);
        snprintf(why, n, "%s the strike rule: %s", p->free_play ? "free play, outside" :
                 "refused by", buf);
        return p->free_play;
    case SCN_ACT_ULTIMATUM:
        if (st.ultimatum_active) return snprintf(why, n, "an ultimatum already runs"), 0;
        return 1;
    case SCN_ACT_DEAL_ACCEPT:
        if (st.deal_active) return snprintf(why, n, "a deal is already in force"), 0;
        return 1;
    case SCN_ACT_CLOSURE:
        if (st.closed_crossings >= count_crossings(model_scenario(m)))
            return snprintf(why, n, "every crossing is closed already"), 0;
        return 1;
    case SCN_ACT_REOPEN:
        if (st.closed_crossings == 0) return snprintf(why, n, "no crossing is closed"), 0;
        return 1;
    case SCN_ACT_CLASH:
        if (st.ceasefire_active) return snprintf(why, n, "a ceasefire holds"), 0;
        return 1;
    case SCN_ACT_MEDIATION:
        if (st.ceasefire_active) return snprintf(why, n, "a ceasefire holds already"), 0;
        if (st.mediation_active) return snprintf(why, n, "talks are under way already"), 0;
        return 1;
    default: return 1;
    }
}

/* The crossing a retaliation from the menu hits: the one nearest the last strike's target,
 * else the first. */
static int retaliation_crossing(const model *m)
{
    const scenario *s = model_scenario(m);
    int target = -1, best = -1;
    for (int i = model_record_count(m) - 1; i >= 0 && target < 0; i--)
        if (model_record_at(m, i)->kind == MODEL_REC_STRIKE) target = model_record_at(m, i)->zone;
    double bd = INFINITY;
    for (int z = 0; z < s->n_zones; z++) {
        if (s->zones[z].kind != SCN_ZONE_CROSSING) continue;
        double d = target < 0 ? 0 : hypot(s->zones[z].lat - s->zones[target].lat,
                                          s->zones[z].lon - s->zones[target].lon);
        if (best < 0 || d < bd) bd = d, best = z;
    }
    return best;
}

int play_act(play *p, model *m, script *sc, int i, char *why, size_t n)
{
    const action_spec *a = side_action(p, i);
    if (!a || !play_action_allowed(p, m, i, why, n)) return SIM_EINVAL;
    char note[160];
    snprintf(note, sizeof note, PLAY_NOTE_PREFIX "%s", a->label);
    int zone = a->action == SCN_ACT_CLASH ? retaliation_crossing(m) : -1;
    if (a->action == SCN_ACT_CLASH && zone < 0)
        return snprintf(why, n, "the map has no crossing"), SIM_EINVAL;
    int rc = run_choice(m, sc, a->action, zone, note);
    if (!rc) add_choice(p, m, model_now(m), a->kind, PLAY_INITIATIVE, -1, a->label);
    return rc;
}

int play_menu_open(const play *p) { return p->menu; }
void play_menu_toggle(play *p) { p->menu = !p->menu && !p->n_queue; }

const char *play_option_name(int kind, int option)
{
    const option_spec *sp = spec_of(kind);
    return sp && option >= 0 && option < PLAY_OPTIONS_MAX && sp->label[option]
               ? sp->label[option] : "";
}

const char *play_kind_words(int kind)
{
    return norm_kind(kind) == MODEL_REC_DEAL_ACCEPTED ? "the host's deal offer"
           : kind == MODEL_REC_RETALIATION_PLANNED    ? "retaliation"
                                                      : narrate_kind(kind);
}

int play_choice_count(const play *p) { return p->n_choice; }
const play_choice *play_choice_at(const play *p, int i)
{
    return i >= 0 && i < p->n_choice ? &p->choice[i] : NULL;
}

/* ---- the class's policy ------------------------------------------------------------------- */

void play_thresholds(const play *p, double out[4])
{
    static const int kinds[3] = {MODEL_REC_ULTIMATUM, MODEL_REC_STRIKE, MODEL_REC_CLOSURE};
    for (int k = 0; k < 3; k++) {
        double acted = INFINITY;
        int asked = 0;
        for (int i = 0; i < p->n_choice; i++) {
            if (p->choice[i].kind != kinds[k] || p->choice[i].option == PLAY_INITIATIVE) continue;
            asked = 1;
            if (p->choice[i].option == 0) acted = fmin(acted, p->choice[i].threat);
        }
        out[k] = !asked ? NAN : isfinite(acted) ? acted : 1.0;
    }
    int offers = 0, paid = 0;
    for (int i = 0; i < p->n_choice; i++)
        if (p->choice[i].kind == MODEL_REC_DEAL_ACCEPTED && p->choice[i].option >= 0)
            offers++, paid += p->choice[i].option == 0;
    out[3] = offers ? (double)paid / offers : NAN;
}

scenario *play_policy_scenario(const play *p, const scenario *s)
{
    scenario *v = scenario_clone(s);
    if (!v || p->side != SCN_SIDE_STATE) return v;
    double th[4], credit = 0;
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
    if (!isnan(th[3])) v->p.host.deal_accept = th[3];
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
        out->deal_accept[k] = sc[k]->p.host.deal_accept;
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

/* ---- keys, mouse, drawing --------------------------------------------------------------- */

static int digit(SDL_Keycode k)
{
    return k >= SDLK_1 && k <= SDLK_9 ? (int)(k - SDLK_1)
           : k >= SDLK_KP_1 && k <= SDLK_KP_9 ? (int)(k - SDLK_KP_1) : -1;
}

static void take_action(play *p, const panel_ctx *x, int i, panel_reply *out)
{
    char why[600];
    int rc = play_act(p, x->m, x->rec, i, why, sizeof why);
    if (rc) {
        panel_say(out, "not done: %s", why[0] ? why : sim_strerror(rc));
        return;
    }
    p->menu = 0;
    out->changed = 1;
    if (why[0]) panel_say(out, "the class: %s (%s)", play_action_label(p, i), why);
    else panel_say(out, "the class: %s", play_action_label(p, i));
}

static int menu_event(play *p, const panel_ctx *x, const SDL_Event *e, panel_reply *out)
{
    if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT) {
        SDL_Point pt = {e->button.x, e->button.y};
        for (int i = 0; i < p->n_items; i++)
            if (SDL_PointInRect(&pt, &p->item[i])) return take_action(p, x, p->menu_act[i], out), 1;
        return SDL_PointInRect(&pt, &p->menu_rect);
    }
    if (e->type != SDL_KEYDOWN) return 0;
    SDL_Keycode k = e->key.keysym.sym;
    int d = digit(k);
    if (k == SDLK_ESCAPE) return p->menu = 0, 1;
    if (d >= 0 && d < play_action_count(p) && !(e->key.keysym.mod & KMOD_SHIFT))
        return take_action(p, x, d, out), 1;
    if (d >= 0)   /* the menu's numbers are its actions: no layer toggles under it */
        return panel_say(out, "layers (1-9) wait until the action menu is closed (A)"), 1;
    return 0;
}

/* Applies option opt of the waiting decision, as key opt+1 or a click on its row does. */
static int decide(play *p, const panel_ctx *x, int opt, panel_reply *out)
{
    char label[96];
    snprintf(label, sizeof label, "%s", play_option_label(p, opt));
    int rc = play_choose(p, x->m, x->rec, opt);
    if (rc) return panel_say(out, "cannot apply the choice: %s", sim_strerror(rc)), 1;
    panel_say(out, "the class chose: %s", label);
    out->changed = 1;   /* show what the choice did */
    if (!play_waiting(p) && p->resume) out->pause = 0;   /* run on */
    return 1;
}

static int decision_click(play *p, const panel_ctx *x, const SDL_Event *e, panel_reply *out)
{
    SDL_Point pt = {e->button.x, e->button.y};
    for (int i = 0; i < play_option_count(p); i++)
        if (SDL_PointInRect(&pt, &p->option_rect[i])) return decide(p, x, i, out);
    return 0;
}

static int decision_key(play *p, const panel_ctx *x, SDL_Keycode k, int shift,
                        panel_reply *out)
{
    int opt = digit(k);
    if (k == SDLK_m) {
        p->revealed = !p->revealed;
        return 1;
    }
    if (k == SDLK_a) return panel_say(out, "answer the decision first (1-%d)",
                                      play_option_count(p)), 1;
    if (k == SDLK_ESCAPE) return 1;   /* Esc must not quit in the middle of a decision */
    if (opt < 0 || opt >= 9) return 0;   /* other keys keep their meaning (I, E, H, B, Q...) */
    if (shift || opt >= play_option_count(p))   /* no layer toggles under a dialog */
        return panel_say(out, "layers (1-9) wait until the decision is answered (1-%d)",
                         play_option_count(p)), 1;
    return decide(p, x, opt, out);
}

int play_handle(play *p, const panel_ctx *x, const SDL_Event *e, panel_reply *out)
{
    if (play_waiting(p)) {
        if (e->type == SDL_KEYDOWN)
            out->used = decision_key(p, x, e->key.keysym.sym,
                                     (e->key.keysym.mod & KMOD_SHIFT) != 0, out);
        else if (e->type == SDL_MOUSEBUTTONDOWN && e->button.button == SDL_BUTTON_LEFT)
            out->used = decision_click(p, x, e, out);
        return out->used;
    }
    if (e->type == SDL_KEYDOWN && e->key.keysym.sym == SDLK_a) {
        play_menu_toggle(p);
        return out->used = 1;
    }
    if (p->menu) out->used = menu_event(p, x, e, out);
    return out->used;
}

#define INK ((SDL_Color){20, 20, 24, 255})
#define DIM ((SDL_Color){90, 90, 96, 255})
#define ACCENT ((SDL_Color){150, 40, 20, 255})
#define ROW ((SDL_Color){236, 228, 210, 255})

/* The situation in two lines: thresholds, the host, the ladder. */
static void situation_lines(const panel_ctx *v, char *a, char *b, size_t n)
{
    model_state st;
    model_state_get(v->m, &st);
    snprintf(a, n, "threat %.2f   strike line %.2f   warning level %.2f%s", st.threat,
             st.threshold.effective, st.warn_at,
             st.ultimatum_active ? "   ultimatum running" : "");
    snprintf(b, n, "%s: cooperation %.2f, grievance %.1f   ladder %d (%s)",
             name_of(v->scn, SCN_SIDE_HOST, "The host"), st.cooperation, st.grievance,
             st.ladder, model_ladder_name(st.ladder));
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

static void card(const panel_ctx *x, SDL_Rect q)
{
    panel_fill(x, q, (SDL_Color){255, 253, 244, 255});
    SDL_SetRenderDrawColor(x->r, ACCENT.r, ACCENT.g, ACCENT.b, 255);
    for (int k = 0; k < 3; k++)
        SDL_RenderDrawRect(x->r, &(SDL_Rect){q.x + k, q.y + k, q.w - 2 * k, q.h - 2 * k});
}

/* The dialog's texts, measured before it is drawn. */
typedef struct dialog_text {
    char title[160], a[200], b[200], recall[200], model[160], why[MODEL_REASON_MAX + 32];
    char lately[3][MODEL_REASON_MAX + 64];
    int n_lately;
} dialog_text;

static void dialog_fill(const play *p, const panel_ctx *x, dialog_text *d)
{
    const model_decision *dec = play_current(p);
    char date[40];
    narrate_date(x->scn, dec->t, date, sizeof date);
    snprintf(d->title, sizeof d->title, "DECISION for %s",
             name_of(x->scn, p->side, scn_side_name(p->side)));
    situation_lines(x, d->a, d->b, sizeof d->a);
    char a[sizeof d->a];   /* the day first: the title stays one line in a large theme */
    snprintf(a, sizeof a, "%s:  %s", date, d->a);
    snprintf(d->a, sizeof d->a, "%s", a);
    const situation *s = &p->sit[norm_kind(dec->kind)];
    d->recall[0] = '\0';
    if (s->option >= 0) {
        narrate_date(x->scn, s->t, date, sizeof date);
        snprintf(d->recall, sizeof d->recall, "Asked before, on %s: the class chose \"%s\". "
                 "The situation has changed since.", date, spec_of(dec->kind)->label[s->option]);
    }
    snprintf(d->model, sizeof d->model, "The model would: %s",
             play_option_label(p, play_model_option(p)));
    snprintf(d->why, sizeof d->why, "Why: %s", dec->reason);
    int idx[3];
    d->n_lately = recent(x, idx);
    for (int k = 0; k < d->n_lately; k++) {
        const model_record *r = model_record_at(x->m, idx[k]);
        narrate_date(x->scn, r->t, date, sizeof date);
        int len = snprintf(d->lately[k], sizeof d->lately[k], "%s: ", date);
        narrate_record(x->scn, r, d->lately[k] + len, sizeof d->lately[k] - (size_t)len);
    }
}

/* Height of the dialog (lately: with the recent events). */
static int dialog_height(const play *p, const panel_ctx *x, const dialog_text *d, int inner,
                         int lately)
{
    int pad = (int)(14 * x->s), lb = text_height(x->txt, TEXT_BOLD);
    int ls = text_height(x->txt, TEXT_SMALL), lh = text_height(x->txt, TEXT_BODY);
    (void)lh;   /* every line wraps: the projector theme cuts no number */
    int h = 2 * pad + text_wrapped_height(x->txt, TEXT_TITLE, d->title, inner);
    h += text_wrapped_height(x->txt, TEXT_BOLD, play_question(p), inner) + pad / 2;
    h += text_wrapped_height(x->txt, TEXT_BODY, d->a, inner) +
         text_wrapped_height(x->txt, TEXT_BODY, d->b, inner);
    if (d->recall[0]) h += text_wrapped_height(x->txt, TEXT_SMALL, d->recall, inner);
    if (lately && d->n_lately) h += lb + d->n_lately * (ls + 1) + pad / 2;
    h += play_option_count(p) * (lb + 6) + pad / 2;
    if (p->revealed) h += lb + text_wrapped_height_max(x->txt, TEXT_BODY, d->why, inner, 4);
    return h + ls;
}

static void dialog(play *p, const panel_ctx *v)
{
    dialog_text d;
    dialog_fill(p, v, &d);
    int pad = (int)(14 * v->s), w = (int)fmin(v->map.w - 2 * pad, 900 * v->s * v->th->text_scale);
    int inner = w - 2 * pad, lb = text_height(v->txt, TEXT_BOLD);
    int ls = text_height(v->txt, TEXT_SMALL);
    int room = v->map.y + v->map.h - pad - v->top;   /* below the status line */
    int lately = dialog_height(p, v, &d, inner, 1) <= room;
    SDL_Rect q = {v->map.x + (v->map.w - w) / 2, v->top, w,
                  dialog_height(p, v, &d, inner, lately)};
    card(v, q);
    text_region(v->txt, q, 1, "decision");
    int x = q.x + pad, y = q.y + pad;
    y += text_draw_wrapped(v->txt, TEXT_TITLE, d.title, x, y, inner, ACCENT);
    y += text_draw_wrapped(v->txt, TEXT_BOLD, play_question(p), x, y, inner, INK);
    y += text_draw_wrapped(v->txt, TEXT_BODY, d.a, x, y, inner, INK);
    y += text_draw_wrapped(v->txt, TEXT_BODY, d.b, x, y, inner, INK) + pad / 2;
    if (d.recall[0]) y += text_draw_wrapped(v->txt, TEXT_SMALL, d.recall, x, y, inner, ACCENT);
    if (lately && d.n_lately) {
        text_draw(v->txt, TEXT_BOLD, "Lately", x, y, INK, 0);
        y += lb;
        for (int k = 0; k < d.n_lately; k++, y += ls + 1)
            text_draw_fit(v->txt, TEXT_SMALL, d.lately[k], x, y, inner, DIM, 0);
        y += pad / 2;
    }
    for (int i = 0; i < play_option_count(p); i++, y += lb + 6) {
        char row[120];
        snprintf(row, sizeof row, "%d   %s", i + 1, play_option_label(p, i));
        p->option_rect[i] = (SDL_Rect){x - 4, y - 2, inner + 8, lb + 4};
        panel_fill(v, p->option_rect[i], ROW);
        text_draw_fit(v->txt, TEXT_BOLD, row, x, y, inner, INK, 0);
    }
    y += pad / 2;
    if (p->revealed) {
        text_draw_fit(v->txt, TEXT_BOLD, d.model, x, y, inner, ACCENT, 0);
        y += lb;
        y += text_draw_wrapped_max(v->txt, TEXT_BODY, d.why, x, y, inner, 4, DIM);
    }
    char hint[160];
    snprintf(hint, sizeof hint, "Vote, then press 1-%d (or click).   M %s what the model would do.",
             play_option_count(p), p->revealed ? "hides" : "shows");
    text_draw_fit(v->txt, TEXT_SMALL, hint, x, y, inner, DIM, 0);
}

static void menu(play *p, const panel_ctx *v)
{
    int pad = (int)(10 * v->s), lb = text_height(v->txt, TEXT_BOLD);
    int ls = text_height(v->txt, TEXT_SMALL), n = play_action_count(p);
    int w = (int)fmin(v->map.w - 2 * pad, 560 * v->s * v->th->text_scale), inner = w - 2 * pad;
    char why[PLAY_ACTIONS_MAX][600], title[160];
    int ok[PLAY_ACTIONS_MAX], h = 2 * pad + lb + ls + pad / 2;
    for (int i = 0; i < n; i++) {
        ok[i] = play_action_allowed(p, v->m, i, why[i], sizeof why[i]);
        h += lb + 6 + (why[i][0] ? text_wrapped_height_max(v->txt, TEXT_SMALL, why[i], inner, 2)
                                   + 4 : 0);
    }
    p->menu_rect = (SDL_Rect){v->map.x + pad, v->top, w, h};
    card(v, p->menu_rect);
    text_region(v->txt, p->menu_rect, 1, "actions");
    int x = p->menu_rect.x + pad, y = p->menu_rect.y + pad;
    snprintf(title, sizeof title, "%s acts now", name_of(v->scn, p->side,
                                                         scn_side_name(p->side)));
    text_draw_fit(v->txt, TEXT_BOLD, title, x, y, inner, ACCENT, 0);
    y += lb;
    text_draw_fit(v->txt, TEXT_SMALL, p->free_play ? "1-6 or click; free play: the strike "
                  "rule does not bind the class   A closes" : "1-6 or click   A or Esc closes",
                  x, y, inner, DIM, 0);
    y += ls + pad / 2;
    p->n_items = 0;
    for (int i = 0; i < n; i++) {
        char row[120];
        snprintf(row, sizeof row, "%d   %s", i + 1, play_action_label(p, i));
        SDL_Rect r = {x - 4, y - 2, inner + 8, lb + 4};
        panel_fill(v, r, ok[i] ? ROW : (SDL_Color){240, 236, 228, 255});
        text_draw_fit(v->txt, TEXT_BOLD, row, x, y, inner, ok[i] ? INK : DIM, 0);
        y += lb + 6;
        if (why[i][0])
            y += text_draw_wrapped_max(v->txt, TEXT_SMALL, why[i], x, y, inner, 2, ACCENT) + 4;
        p->item[p->n_items] = r;
        p->menu_act[p->n_items++] = i;
    }
}

void play_draw(play *p, const panel_ctx *x)
{
    if (play_waiting(p)) dialog(p, x);
    else if (p->menu) menu(p, x);
}
