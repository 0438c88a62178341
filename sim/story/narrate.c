/* narrate.c - plain-language captions of the model's records, for a class. */
#include "story/narrate.h"
#include "base/date.h"
#include "base/err.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* What every caption function reads. */
typedef struct ctx {
    const scenario *s;
    const model_record *r;
    const char *state, *host, *mil, *med, *zone;
    char note[SCN_TEXT_MAX];   /* the scripted note, when the record is scripted */
} ctx;

typedef int (*caption_fn)(const ctx *c, char *out, size_t n);

static const char *const month_names[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
};

void narrate_date(const scenario *s, double t, char *out, size_t n)
{
    int y, mo, d;
    date_to_ymd(s->start_date + (long)floor(t), &y, &mo, &d);
    snprintf(out, n, "%d %s %d", d, month_names[(mo - 1) % 12], y);
}

/* The number written right after marker in reason; 0 when found, -1 otherwise. */
static int num_after(const char *reason, const char *marker, double *v)
{
    const char *p = strstr(reason, marker);
    return p && sscanf(p + strlen(marker), "%lf", v) == 1 ? 0 : -1;
}

/* The "YYYY-MM-DD" date right after marker, in words; 0 when found. */
static int date_after(const ctx *c, const char *marker, char *out, size_t n)
{
    const char *p = strstr(c->r->reason, marker);
    char iso[11];
    long days;
    if (!p) return -1;
    snprintf(iso, sizeof iso, "%.10s", p + strlen(marker));
    if (date_parse(iso, &days)) return -1;
    narrate_date(c->s, (double)(days - c->s->start_date), out, n);
    return 0;
}

/* The reason without its last k "; " segments: the note of a scripted record, whose
 * reason is the note followed by the model's own k clauses. */
static void strip_segments(const char *reason, int k, char *out, size_t n)
{
    size_t len = strlen(reason);
    for (int i = 0; i < k; i++) {
        size_t j = len;
        while (j >= 2 && !(reason[j - 2] == ';' && reason[j - 1] == ' ')) j--;
        if (j < 2) break;
        len = j - 2;
    }
    snprintf(out, n, "%.*s", (int)len, reason);
}

static int put(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(out, n, fmt, ap);
    va_end(ap);
    return len;
}

/* ---- attacks and strikes ------------------------------------------------------------- */

static const char *attack_words(int type)
{
    static const char *const w[] = {"A roadside bomb", "A suicide attack", "A raid",
                                    "An ambush", "A cross-border attack"};
    return type >= 0 && type < SCN_NATTACK_TYPES ? w[type] : "An attack";
}

static int cap_attack(const ctx *c, char *out, size_t n)
{
    double k = c->r->casualties;
    char kills[48];
    if (k < 0.5) snprintf(kills, sizeof kills, "kills no one");
    else snprintf(kills, sizeof kills, "kills %.0f", k);
    int mass = strstr(c->r->reason, "mass-casualty") != NULL;
    return put(out, n, "%s in %s %s%s%s%s%s", attack_words(c->r->type), c->zone, kills,
               mass ? ", a mass-casualty attack" : "", c->note[0] ? " (" : "", c->note,
               c->note[0] ? ")." : ".");
}

static int cap_strike(const ctx *c, char *out, size_t n)
{
    const model_record *r = c->r;
    char civ[64], when[40], head[256] = "";
    double S, th;
    /* A scripted strike's note tells what was reported; the model's count is its own. */
    if (r->scripted)
        snprintf(civ, sizeof civ, " (In the model: %.0f civilians killed.)",
                 r->civilian_casualties);
    else
        snprintf(civ, sizeof civ, r->civilian_casualties < 0.5 ? " No civilians are killed."
                 : " %.0f civilians are killed.", r->civilian_casualties);
    if (r->scripted)
        return put(out, n, "%s strikes the %s sanctuary in %s: %s.%s", c->state, c->mil,
                   c->zone, c->note, civ);
    if (!num_after(r->reason, "threat ", &S) && !num_after(r->reason, "threshold ", &th))
        snprintf(head, sizeof head, "The threat score reached %.2f, above the threshold of "
                 "%.2f - ", S, th);
    char dl[40], until[40];
    if (!date_after(c, "the ultimatum of ", when, sizeof when) &&
        !date_after(c, "(deadline ", dl, sizeof dl) && !date_after(c, "until ", until, sizeof until))
        snprintf(head + strlen(head), sizeof head - strlen(head),
                 "the ultimatum of %s was defied (its deadline, %s, passed) and was still in "
                 "force until %s, so ", when, dl, until);
    else if (!date_after(c, "mass-casualty attack on ", when, sizeof when))
        snprintf(head + strlen(head), sizeof head - strlen(head),
                 "after the mass-casualty attack of %s, ", when);
    return put(out, n, "%s%s strikes the %s sanctuary in %s%s.%s", head, c->state, c->mil,
               c->zone, strstr(r->reason, "intelligence misses") ?
               " (intelligence missed the largest one)" : "", civ);
}

static int cap_clash(const ctx *c, char *out, size_t n)
{
    double days = 0, recent = 0, window = 0;
    char extra[96] = "";
    num_after(c->r->reason, " closed ", &days);
    const char *p = strrchr(c->r->reason, ';');
    if (p && sscanf(p, "; %lf clash%*[es] in %lf", &recent, &window) == 2 && recent >= 2)
        snprintf(extra, sizeof extra, " That makes %.0f clashes in %g days.", recent, window);
    /* a clash closes its crossing only with a probability: say so when it did not */
    char shut[48] = "the crossing stays open";
    if (days > 0) snprintf(shut, sizeof shut, "the crossing stays closed for %g days", days);
    return put(out, n, "%s%sBorder forces of %s and %s clash at %s: %.0f killed on both sides; "
               "%s.%s", c->note, c->note[0] ? ". " : "", c->host, c->state, c->zone,
               c->r->casualties, shut, extra);
}

static int cap_retaliation(const ctx *c, char *out, size_t n)
{
    double p = 0, g = 0;
    num_after(c->r->reason, "(p ", &p);
    num_after(c->r->reason, "grievance ", &g);
    return put(out, n, "%s vows to answer the strike at %s (a chance of %.0f%%, driven by its "
               "grievance of %.1f).", c->host, c->zone, 100 * p, g);
}

static int cap_drone(const ctx *c, char *out, size_t n)
{
    double g = 0;
    const char *p = strstr(c->r->reason, "-> ");
    if (p) sscanf(p + 3, "%lf", &g);
    return put(out, n, "A drone from %s flies over %s%s%s; the grievance of %s rises to %.1f.",
               c->state, c->zone, c->note[0] ? ": " : "", c->note, c->host, g);
}

/* ---- the state's diplomacy ------------------------------------------------------------- */

static int cap_ultimatum(const ctx *c, char *out, size_t n)
{
    char when[40] = "its deadline";
    double S, w;
    date_after(c, "deadline ", when, sizeof when);
    if (c->r->scripted)
        return put(out, n, "%s gives %s an ultimatum: %s. Deadline: %s.", c->state, c->host,
                   c->note, when);
    if (num_after(c->r->reason, "threat ", &S) || num_after(c->r->reason, "warning level ", &w))
        return put(out, n, "%s gives %s an ultimatum: act against the %s by %s.", c->state,
                   c->host, c->mil, when);
    return put(out, n, "The threat score reached %.2f, above the warning level of %.2f, so %s "
               "gives %s an ultimatum: act against the %s by %s.", S, w, c->state, c->host,
               c->mil, when);
}

static int cap_ultimatum_expired(const ctx *c, char *out, size_t n)
{
    double S = 0;
    char until[40] = "it lapses";
    num_after(c->r->reason, "threat now ", &S);
    date_after(c, "in force until ", until, sizeof until);
    return put(out, n, "The ultimatum's deadline has passed with the threat score at %.2f: "
               "until %s %s may strike if the threat stays above its threshold.", S, until,
               c->state);
}

static int cap_ultimatum_lapsed(const ctx *c, char *out, size_t n)
{
    char when[40] = "the last ultimatum";
    date_after(c, "the ultimatum of ", when, sizeof when);
    const char *why = strstr(c->r->reason, "unenforced: ");
    return put(out, n, "The ultimatum of %s lapses without a strike (%s): a new one would "
               "be needed before the next strike.", when,
               why ? why + strlen("unenforced: ") : "its time ran out");
}

static int cap_closure(const ctx *c, char *out, size_t n)
{
    const char *reason = c->r->reason;
    double S = 0, lvl = 0, days = 0, k = 0;
    num_after(reason, "threat ", &S);
    num_after(reason, "closure level ", &lvl);
    if (strstr(reason, "closure extended ")) {
        num_after(reason, "closure extended ", &days);
        return put(out, n, "%s keeps the border closed %g more days: the threat score is still "
                   "%.2f, above the closure level of %.2f.", c->state, days, S, lvl);
    }
    num_after(reason, "closed for ", &days);
    const char *p = strrchr(reason, ';');
    if (p) sscanf(p, "; %lf", &k);
    char what[96];
    if (c->r->zone >= 0) snprintf(what, sizeof what, "the crossing at %s", c->zone);
    else snprintf(what, sizeof what, "%.0f border crossing%s", k, k == 1 ? "" : "s");
    if (c->r->scripted)
        return put(out, n, "%s closes %s for %g days: %s.", c->state, what, days, c->note);
    if (strstr(reason, "after the clash")) {   /* the clash's closure, not the threat's */
        num_after(reason, " closed ", &days);
        return put(out, n, "%s shuts %s for %g days after the clash there.", c->state, what,
                   days);
    }
    return put(out, n, "The threat score reached %.2f, above the closure level of %.2f, so %s "
               "closes %s for %g days.", S, lvl, c->state, what, days);
}

static int cap_reopen(const ctx *c, char *out, size_t n)
{
    char what[96];
    if (c->r->zone >= 0) snprintf(what, sizeof what, "The crossing at %s reopens", c->zone);
    else snprintf(what, sizeof what, "The border crossings reopen");
    return put(out, n, "%s%s%s.", what, c->r->scripted ? ": " : "",
               c->r->scripted ? c->note : "");
}

static int cap_diplomacy(const ctx *c, char *out, size_t n)
{
    double D = 0, S = 0, lvl = 0;
    num_after(c->r->reason, "-> ", &D);
    const char *act = c->r->kind == MODEL_REC_DELEGATION ? "sends a delegation to"
                      : c->r->kind == MODEL_REC_DEPORTATION ? "deports people back to"
                                                            : "protests to";
    if (c->r->scripted)
        return put(out, n, "%s %s %s: %s. Diplomatic pressure on %s rises to %.1f.", c->state,
                   act, c->host, c->note, c->host, D);
    if (c->r->kind == MODEL_REC_DEMARCHE && !num_after(c->r->reason, "threat ", &S) &&
        !num_after(c->r->reason, "protest level ", &lvl))
        return put(out, n, "The threat score is %.2f, above the protest level of %.2f: %s "
                   "protests to %s (diplomatic pressure %.1f).", S, lvl, c->state, c->host, D);
    return put(out, n, "%s %s %s; diplomatic pressure on %s rises to %.1f.", c->state, act,
               c->host, c->host, D);
}

/* ---- the host --------------------------------------------------------------------------- */

static int cap_denial(const ctx *c, char *out, size_t n)
{
    return put(out, n, "%s denies sheltering the %s.", c->host, c->mil);
}

static int cap_crackdown(const ctx *c, char *out, size_t n)
{
    double C = 0, a = 0, b = 0;
    num_after(c->r->reason, "cooperation ", &C);
    const char *p = strstr(c->r->reason, "capacity ");
    int cut = p && sscanf(p, "capacity %lf -> %lf", &a, &b) == 2 && a > 0;
    return put(out, n, "%s cracks down on the %s in %s (cooperation %.2f)%s%.0f%s", c->host,
               c->mil, c->zone, C, cut ? ": the sanctuary loses " : "",
               cut ? 100 * (a - b) / a : 0.0, cut ? "% of its strength." : ".");
}

static int cap_relocation(const ctx *c, char *out, size_t n)
{
    double C = 0;
    num_after(c->r->reason, "cooperation ", &C);
    return put(out, n, "%s moves %s fighters away from the border (cooperation %.2f): the "
               "ultimatum is met, so it gives no ground for a strike.", c->host, c->mil, C);
}

static int cap_deal_offer(const ctx *c, char *out, size_t n)
{
    double D = 0, lvl = 0;
    if (c->r->scripted)
        return put(out, n, "%s offers to disarm the %s if %s pays: %s.", c->host, c->mil,
                   c->state, c->note);
    num_after(c->r->reason, "diplomatic pressure ", &D);
    num_after(c->r->reason, ">= ", &lvl);
    return put(out, n, "Under diplomatic pressure of %.1f (offer level %.1f), %s offers to "
               "disarm the %s if %s pays.", D, lvl, c->host, c->mil, c->state);
}

static int cap_deal_accepted(const ctx *c, char *out, size_t n)
{
    double cost = 0;
    num_after(c->r->reason, "/day for ", &cost);
    return put(out, n, "%s accepts the deal: it pays %.2f a day while the %s are disarmed.",
               c->state, cost, c->mil);
}

static int cap_deal_rejected(const ctx *c, char *out, size_t n)
{
    double p = 0;
    num_after(c->r->reason, "p_accept ", &p);
    return put(out, n, "%s refuses to pay for the deal (it pays in %.0f%% of cases).",
               c->state, 100 * p);
}

static int cap_deal_collapse(const ctx *c, char *out, size_t n)
{
    double g = 0;
    num_after(c->r->reason, "grievance ", &g);
    return put(out, n, "The deal collapses: the grievance of %s (%.1f) made it fragile.", c->host, g);
}

/* ---- mediators, ceasefire, the ladder, knobs -------------------------------------------- */

static int cap_mediation(const ctx *c, char *out, size_t n)
{
    double L = 0;
    if (!c->r->scripted && !num_after(c->r->reason, "ladder ", &L))
        return put(out, n, "Mediators from %s step in: the escalation ladder reached %.0f "
                   "(%s).", c->med, L, model_ladder_name((int)L));
    const char *p = strstr(c->r->reason, " steps in: ");
    return put(out, n, "Mediators from %s step in%s%s.", c->med, p ? ": " : "", p ? p + 11 : "");
}

static int cap_mediation_end(const ctx *c, char *out, size_t n)
{
    return put(out, n, "The mediation ends: %s.", c->r->reason);
}

static int cap_ceasefire(const ctx *c, char *out, size_t n)
{
    double days = 0;
    num_after(c->r->reason, "ceasefire for ", &days);
    if (c->r->scripted)
        return put(out, n, "Ceasefire for %g days: %s. No strikes and no border clashes while "
                   "it holds.", days, c->note);
    return put(out, n, "The mediated talks succeed: a ceasefire for %g days, with no strikes "
               "and no border clashes.", days);
}

static int cap_ceasefire_end(const ctx *c, char *out, size_t n)
{
    (void)c;
    return put(out, n, "The ceasefire ends: strikes and clashes are possible again.");
}

static int cap_ladder(const ctx *c, char *out, size_t n)
{
    double q = 0;
    sscanf(c->r->reason, "%lf", &q);
    return put(out, n, "After %g quiet days the escalation ladder steps down to %d (%s).", q,
               c->r->ladder, model_ladder_name(c->r->ladder));
}

/* Words for the knobs a class turns most; other keys use the table's doc line. */
static const struct {
    const char *key, *words;
} knob_words[] = {
    {"state.strike.threshold", "strike threshold"},
    {"state.warn_at", "warning level for an ultimatum"},
    {"state.close_at", "threat level for closing the border"},
    {"state.drone_rate", "rate of drone flights (per day)"},
    {"host.cooperation", "host's basic willingness to cooperate"},
    {"host.deal.accept_probability", "chance that the state pays for a deal"},
    {"mediators.start_ladder", "ladder level at which mediators step in"},
    {"militants.base_rate", "militants' background attack rate (per day)"},
};

/* The parameter in words: a knob's name, else its doc line up to "(symbol)" or ";". */
void narrate_param(const char *key, char *out, size_t n)
{
    for (size_t i = 0; i < sizeof knob_words / sizeof knob_words[0]; i++)
        if (!strcmp(key, knob_words[i].key)) {
            snprintf(out, n, "%s", knob_words[i].words);
            return;
        }
    const scn_param_info *pi = scenario_param_find(key);
    const char *doc = pi ? pi->doc : key;
    size_t len = strcspn(doc, "(;"); /* the words before the symbol and any remark */
    while (len > 0 && doc[len - 1] == ' ') len--;
    snprintf(out, n, "%.*s", (int)len, doc);
}

static const char *or_default(const char *name, const char *fallback)
{
    return name && name[0] ? name : fallback;
}

int narrate_set(const model_record *r, char *words, size_t n, double *old, double *val)
{
    char key[SCN_NAME_MAX] = "";
    const char *p = r && r->kind == MODEL_REC_SET ? strrchr(r->reason, ':') : NULL;
    if (!p || sscanf(p, ": %63s %lf -> %lf", key, old, val) != 3) return SIM_EINVAL;
    narrate_param(key, words, n);
    return 0;
}

const char *narrate_actor(const scenario *s, int actor)
{
    switch (actor) {
    case MODEL_ACTOR_STATE: return or_default(s->side_name[SCN_SIDE_STATE], "the state");
    case MODEL_ACTOR_HOST: return or_default(s->side_name[SCN_SIDE_HOST], "the host");
    case MODEL_ACTOR_MILITANTS: return or_default(s->militant_name, "the militants");
    case MODEL_ACTOR_MEDIATOR: return or_default(s->mediator_name, "the mediators");
    case MODEL_ACTOR_SCRIPT: return "the scenario";
    case MODEL_ACTOR_USER: return "the class";
    default: return "?";
    }
}

static int cap_set(const ctx *c, char *out, size_t n)
{
    char words[160];
    double old = 0, val = 0;
    const char *p = strrchr(c->r->reason, ':');
    if (narrate_set(c->r, words, sizeof words, &old, &val))
        return put(out, n, "A parameter changes: %s.", c->r->reason);
    char why[SCN_TEXT_MAX];
    snprintf(why, sizeof why, "%.*s", (int)(p - c->r->reason), c->r->reason);
    if (c->r->actor == MODEL_ACTOR_USER)
        return put(out, n, "The class changes the %s from %g to %g.", words, old, val);
    return put(out, n, "From now on the %s is %g instead of %g: %s.", words, val, old, why);
}

static int cap_note(const ctx *c, char *out, size_t n)
{
    return put(out, n, "%s", c->r->reason);
}

/* Caption functions and, for a scripted record, how many of the model's clauses follow
 * the note in its reason (-1: the note is not at the front). */
static const struct {
    caption_fn fn;
    int clauses;
} captions[MODEL_NRECORD_KINDS] = {
    [MODEL_REC_ATTACK] = {cap_attack, -1},
    [MODEL_REC_ULTIMATUM] = {cap_ultimatum, 2},
    [MODEL_REC_ULTIMATUM_EXPIRED] = {cap_ultimatum_expired, -1},
    [MODEL_REC_ULTIMATUM_LAPSED] = {cap_ultimatum_lapsed, -1},
    [MODEL_REC_STRIKE] = {cap_strike, 4},
    [MODEL_REC_CLOSURE] = {cap_closure, 1},
    [MODEL_REC_REOPEN] = {cap_reopen, 0},
    [MODEL_REC_DELEGATION] = {cap_diplomacy, 1},
    [MODEL_REC_DEMARCHE] = {cap_diplomacy, 1},
    [MODEL_REC_DEPORTATION] = {cap_diplomacy, 1},
    [MODEL_REC_DENIAL] = {cap_denial, -1},
    [MODEL_REC_CRACKDOWN] = {cap_crackdown, -1},
    [MODEL_REC_RELOCATION] = {cap_relocation, -1},
    [MODEL_REC_DEAL_OFFER] = {cap_deal_offer, -1},
    [MODEL_REC_DEAL_ACCEPTED] = {cap_deal_accepted, -1},
    [MODEL_REC_DEAL_REJECTED] = {cap_deal_rejected, -1},
    [MODEL_REC_DEAL_COLLAPSE] = {cap_deal_collapse, -1},
    [MODEL_REC_RETALIATION_PLANNED] = {cap_retaliation, -1},
    [MODEL_REC_CLASH] = {cap_clash, 3},
    [MODEL_REC_DRONE] = {cap_drone, -1},
    [MODEL_REC_MEDIATION] = {cap_mediation, -1},
    [MODEL_REC_MEDIATION_END] = {cap_mediation_end, -1},
    [MODEL_REC_CEASEFIRE] = {cap_ceasefire, 1},
    [MODEL_REC_CEASEFIRE_END] = {cap_ceasefire_end, -1},
    [MODEL_REC_LADDER] = {cap_ladder, -1},
    [MODEL_REC_SET] = {cap_set, -1},
    [MODEL_REC_NOTE] = {cap_note, -1},
};

/* The note of a scripted record: the front of its reason, before the model's clauses. */
static void scripted_note(const model_record *r, int clauses, char *out, size_t n)
{
    out[0] = '\0';
    if (!r->scripted) return;
    if (r->kind == MODEL_REC_ATTACK) {
        char marker[64];
        snprintf(marker, sizeof marker, ": %s attack from ", scn_attack_type_name(r->type));
        const char *p = strstr(r->reason, marker);
        if (p) snprintf(out, n, "%.*s", (int)(p - r->reason), r->reason);
    } else if (r->kind == MODEL_REC_DEAL_OFFER) {
        const char *p = strstr(r->reason, ": \"we will disarm");
        snprintf(out, n, "%.*s", p ? (int)(p - r->reason) : (int)strlen(r->reason), r->reason);
    } else if (r->kind == MODEL_REC_DRONE) {
        const char *p = strstr(r->reason, " over ");
        snprintf(out, n, "%.*s", p ? (int)(p - r->reason) : (int)strlen(r->reason), r->reason);
    } else if (clauses >= 0) {
        strip_segments(r->reason, clauses, out, n);
    }
}

int narrate_record(const scenario *s, const model_record *r, char *out, size_t n)
{
    if (!s || !r || !out || r->kind < 0 || r->kind >= MODEL_NRECORD_KINDS ||
        !captions[r->kind].fn)
        return SIM_EINVAL;
    ctx c = {.s = s, .r = r};
    c.state = or_default(s->side_name[SCN_SIDE_STATE], "the state");
    c.host = or_default(s->side_name[SCN_SIDE_HOST], "the host");
    c.mil = or_default(s->militant_name, "militants");
    c.med = or_default(s->mediator_name, "abroad");
    c.zone = r->zone >= 0 && r->zone < s->n_zones ? s->zones[r->zone].name : "an unknown place";
    scripted_note(r, captions[r->kind].clauses, c.note, sizeof c.note);
    return captions[r->kind].fn(&c, out, n);
}

int narrate_threshold(const scenario *s, const model_threshold *th, char *out, size_t n)
{
    if (!s || !th || !out) return SIM_EINVAL;
    const char *state = or_default(s->side_name[SCN_SIDE_STATE], "the state");
    const char *host = or_default(s->side_name[SCN_SIDE_HOST], "the host");
    return put(out, n, "%s's strike line is at %.2f: the base threshold %.2f, plus %.2f because "
               "%s cooperates, plus %.2f while mediators are at work, plus %.2f of "
               "international restraint.", state, th->effective, th->base,
               th->cooperation_credit, host, th->mediation_restraint, th->intl_restraint);
}

const char *narrate_kind(int kind)
{
    static const char *const words[MODEL_NRECORD_KINDS] = {
        [MODEL_REC_ATTACK] = "attack", [MODEL_REC_ULTIMATUM] = "ultimatum",
        [MODEL_REC_ULTIMATUM_EXPIRED] = "ultimatum expired",
        [MODEL_REC_ULTIMATUM_LAPSED] = "ultimatum lapsed", [MODEL_REC_STRIKE] = "strike",
        [MODEL_REC_CLOSURE] = "border closed", [MODEL_REC_REOPEN] = "border reopened",
        [MODEL_REC_DELEGATION] = "delegation", [MODEL_REC_DEMARCHE] = "formal protest",
        [MODEL_REC_DEPORTATION] = "deportations", [MODEL_REC_DENIAL] = "denial",
        [MODEL_REC_CRACKDOWN] = "crackdown", [MODEL_REC_RELOCATION] = "fighters moved away",
        [MODEL_REC_DEAL_OFFER] = "deal offered", [MODEL_REC_DEAL_ACCEPTED] = "deal accepted",
        [MODEL_REC_DEAL_REJECTED] = "deal refused", [MODEL_REC_DEAL_COLLAPSE] = "deal collapsed",
        [MODEL_REC_RETALIATION_PLANNED] = "retaliation vowed", [MODEL_REC_CLASH] = "border clash",
        [MODEL_REC_DRONE] = "drone flight", [MODEL_REC_MEDIATION] = "mediators step in",
        [MODEL_REC_MEDIATION_END] = "talks end", [MODEL_REC_CEASEFIRE] = "ceasefire",
        [MODEL_REC_CEASEFIRE_END] = "ceasefire ends", [MODEL_REC_LADDER] = "ladder steps down",
        [MODEL_REC_SET] = "a setting changed", [MODEL_REC_NOTE] = "note"};
    return kind >= 0 && kind < MODEL_NRECORD_KINDS && words[kind] ? words[kind] : "event";
}

int narrate_strike_rule(const scenario *s, const model_strike_rule *r, char *out, size_t n)
{
    if (!s || !r || !out) return SIM_EINVAL;
    const char *state = or_default(s->side_name[SCN_SIDE_STATE], "the state");
    int len = put(out, n, "%s strikes only when every condition of its rule holds. ", state);
    for (int c = 0; c < MODEL_NSC && len >= 0; c++) {
        size_t at = (size_t)len < n ? (size_t)len : n;
        int more = put(out + at, n - at, "%s%s (%s)%s", c ? "; " : "", r->text[c],
                       r->met[c] ? "holds" : "does not hold", c == MODEL_NSC - 1 ? "." : "");
        len = more < 0 ? more : len + more;
    }
    if (len < 0) return len;
    size_t at = (size_t)len < n ? (size_t)len : n;
    int more;
    if (!r->allowed) more = put(out + at, n - at, " So no strike now.");
    else if (r->chance >= 1) more = put(out + at, n - at, " So %s strikes.", state);
    else more = put(out + at, n - at, " So %s strikes with a chance of %.0f%% a day.", state,
                    100 * r->chance);
    return more < 0 ? more : len + more;
}
