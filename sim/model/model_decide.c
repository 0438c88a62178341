/* model_decide.c - the decisions of the state, the host and the mediators, the escalation
 * ladder, and the daily tick that records the series. Every decision logs its reason with
 * the numbers behind it. */
#include "base/alloc.h"
#include "base/err.h"
#include "model/model_int.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const ladder_names[] = {
    "calm", "diplomatic friction", "coercive diplomacy", "limited cross-border strike",
    "border clashes", "sustained hostilities",
};

static double now(const model *m) { return engine_now(m->e); }

/* Formats a reason only when records are kept: ensembles skip the cost. */
static void explain(const model *m, char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void explain(const model *m, char *buf, size_t n, const char *fmt, ...)
{
    buf[0] = '\0';
    if (!MODEL_EXPLAINING(m)) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}
/* A date for a reason: formatted only when explaining (else empty), as explain does. */
static void explain_date(const model *m, double t, char out[static 11])
{
    out[0] = '\0';
    if (MODEL_EXPLAINING(m)) model_date(m, t, out);
}
static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }
static double grievance(const model *m, double t)
{
    return model_decay_value(&m->G, m->p.host.grievance_half_life, t);
}
static double diplomatic(const model *m, double t)
{
    return model_decay_value(&m->D, m->p.diplomacy.half_life, t);
}
static const char *zname(const model *m, int z) { return z >= 0 ? m->s->zones[z].name : "-"; }

int model_nearest_zone(const model *m, int from, int kind)
{
    int best = -1;
    for (int z = 0; z < m->nz; z++) {
        if (m->s->zones[z].kind != kind || z == from) continue;
        if (best < 0 || m->dist[from * m->nz + z] < m->dist[from * m->nz + best]) best = z;
    }
    return best;
}

/* Pins every capacity at its value now, before a change of the laws it follows. */
static void freeze_capacities(model *m) { model_capacities_freeze(m, now(m)); }

/* ---- decision mode ------------------------------------------------------------------- */

int model_set_policy(model *m, int side, int policy)
{
    if (!m || side < 0 || side >= SCN_NSIDES || policy < MODEL_POLICY_OWN ||
        policy > MODEL_POLICY_DEFER)
        return SIM_EINVAL;
    m->policy[side] = policy;
    return 0;
}

int model_decision_count(const model *m) { return m->n_pend; }
const model_decision *model_decision_at(const model *m, int i)
{
    return i >= 0 && i < m->n_pend ? &m->pend[i] : NULL;
}
void model_decisions_clear(model *m) { m->n_pend = 0; }

int model_defer(model *m, int side, int kind, int zone, const char *fmt, ...)
{
    for (int i = 0; i < m->n_pend; i++)
        if (m->pend[i].kind == kind) return 0;   /* the first of a kind stays */
    if (m->n_pend >= MODEL_DECISIONS_MAX) return 0;
    model_decision *d = &m->pend[m->n_pend++];
    *d = (model_decision){.t = now(m), .side = side, .kind = kind, .zone = zone};
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->reason, sizeof d->reason, fmt, ap);
    va_end(ap);
    return 0;
}

static int denial(model *m)
{
    if (gsl_rng_uniform(m->r[RS_HOST]) >= m->p.host.denial_probability) return 0;
    return model_log(m, MODEL_REC_DENIAL, MODEL_ACTOR_HOST, -1, 0, 0, 0,
                     "the host denies sheltering %s (denial probability %.2f)",
                     m->s->militant_name[0] ? m->s->militant_name : "the militants",
                     m->p.host.denial_probability);
}

/* ---- diplomatic actions ------------------------------------------------------------- */

int model_diplomacy(model *m, int kind, int actor, const char *why)
{
    double jump = kind == MODEL_REC_DELEGATION    ? m->p.diplomacy.delegation
                  : kind == MODEL_REC_DEPORTATION ? m->p.diplomacy.deportation
                                                  : m->p.diplomacy.demarche;
    double t = now(m);
    model_decay_add(&m->D, m->p.diplomacy.half_life, t, jump);
    if (kind == MODEL_REC_DEMARCHE) m->last_demarche = t;
    model_raise_ladder(m, 1);
    int rc = model_log(m, kind, actor, -1, 0, 0, actor != MODEL_ACTOR_STATE,
                       "%s; diplomatic pressure +%.1f -> %.2f", why, jump, diplomatic(m, t));
    return rc ? rc : denial(m);
}

int model_ultimatum(model *m, double days, int actor, const char *why)
{
    double t = now(m);
    if (days < 0) days = m->p.state.ultimatum_days;
    m->ultimatum = ULT_ACTIVE;
    m->ultimatum_issued = t;
    m->ultimatum_deadline = t + days;
    model_decay_add(&m->D, m->p.diplomacy.half_life, t, m->p.diplomacy.ultimatum);
    m->tot.ultimatums++;
    if (m->tot.first_ultimatum_day < 0) m->tot.first_ultimatum_day = t;
    model_raise_ladder(m, 2);
    char dl[11];
    explain_date(m, m->ultimatum_deadline, dl);
    int rc = model_log(m, MODEL_REC_ULTIMATUM, actor, -1, 0, 0, actor != MODEL_ACTOR_STATE,
                       "%s; deadline %s (%g days); diplomatic pressure +%.1f", why, dl, days,
                       m->p.diplomacy.ultimatum);
    if (!rc) rc = model_schedule(m, m->ultimatum_deadline, EV_ULTIMATUM_EXPIRE, -1,
                                 m->tot.ultimatums, 0, NULL);
    if (!rc && model_ultimatum_until(m) <= m->horizon)
        rc = model_schedule(m, model_ultimatum_until(m), EV_ULTIMATUM_LAPSE, -1,
                            m->tot.ultimatums, 0, NULL);
    return rc ? rc : denial(m);
}

double model_ultimatum_until(const model *m)
{
    return m->ultimatum_deadline + m->p.state.ultimatum_lapse_days;
}

int model_on_ultimatum_expire(engine *e, const sim_event *ev, void *ctx)
{
    (void)e;
    model *m = ctx;
    if (m->ultimatum != ULT_ACTIVE || ev->arg != m->tot.ultimatums) return 0;
    m->ultimatum = ULT_EXPIRED;
    char issued[11], until[11];
    explain_date(m, m->ultimatum_issued, issued);
    explain_date(m, model_ultimatum_until(m), until);
    return model_log(m, MODEL_REC_ULTIMATUM_EXPIRED, MODEL_ACTOR_STATE, -1, 0, 0, 0,
                     "the deadline of the ultimatum of %s passed unmet; threat now %.2f "
                     "(warning level %.2f); it stays in force until %s unless enforced",
                     issued, model_threat(m, now(m)), m->p.state.warn_at, until);
}

/* The ultimatum ends: a defied one lapses unenforced (logged), a met one is spent. */
static int ultimatum_end(model *m, const char *why)
{
    int defied = m->ultimatum == ULT_EXPIRED;
    m->ultimatum = ULT_NONE;
    if (!defied) return 0;
    char issued[11], dl[11];
    explain_date(m, m->ultimatum_issued, issued);
    explain_date(m, m->ultimatum_deadline, dl);
    return model_log(m, MODEL_REC_ULTIMATUM_LAPSED, MODEL_ACTOR_STATE, -1, 0, 0, 0,
                     "the ultimatum of %s (deadline %s) lapses unenforced: %s", issued, dl,
                     why);
}

int model_on_ultimatum_lapse(engine *e, const sim_event *ev, void *ctx)
{
    (void)e;
    model *m = ctx;
    if ((m->ultimatum != ULT_EXPIRED && m->ultimatum != ULT_MET) ||
        ev->arg != m->tot.ultimatums)
        return 0;
    char why[96];
    explain(m, why, sizeof why, "%g days after its deadline, not renewed",
             m->p.state.ultimatum_lapse_days);
    return ultimatum_end(m, why);
}

/* ---- border crossings ----------------------------------------------------------------- */

int model_closure(model *m, int zone, double days, int actor, const char *why)
{
    double t = now(m);
    if (days < 0) days = m->p.state.closure_days;
    int n = 0;
    for (int z = 0; z < m->nz; z++) {
        if (m->s->zones[z].kind != SCN_ZONE_CROSSING || (zone >= 0 && z != zone)) continue;
        m->closed_until[z] = fmax(m->closed_until[z], t + days);
        n++;
    }
    m->tot.closures++;
    model_raise_ladder(m, 2);
    int rc = model_log(m, MODEL_REC_CLOSURE, actor, zone, 0, 0, actor != MODEL_ACTOR_STATE,
                       "%s; %d crossing%s closed for %g days", why, n, n == 1 ? "" : "s", days);
    return rc ? rc : model_schedule(m, t + days, EV_REOPEN, zone, actor == MODEL_ACTOR_STATE, 0,
                                    NULL);
}

int model_reopen(model *m, int zone, int actor, const char *why)
{
    double t = now(m);
    for (int z = 0; z < m->nz; z++)
        if (m->s->zones[z].kind == SCN_ZONE_CROSSING && (zone < 0 || z == zone))
            m->closed_until[z] = t;
    return model_log(m, MODEL_REC_REOPEN, actor, zone, 0, 0, actor != MODEL_ACTOR_STATE, "%s",
                     why);
}

/* A state closure about to end is extended when the threat still calls for it, rather
 * than reopened and closed again at the same moment. */
static int extend_closure(model *m, const sim_event *ev)
{
    double t = now(m), S = model_threat(m, t), days = m->p.state.closure_days;
    /* Closures shorter than a day are not extended (the next daily decision closes again):
     * extending a tiny closure_days would run at (almost) the same moment without end. */
    if (ev->arg != 1 || S < m->p.state.close_at || m->ceasefire_active || !(days >= 1))
        return 0;
    for (int z = 0; z < m->nz; z++)
        if (m->s->zones[z].kind == SCN_ZONE_CROSSING && (ev->zone < 0 || z == ev->zone))
            m->closed_until[z] = fmax(m->closed_until[z], t + days);
    int rc = model_log(m, MODEL_REC_CLOSURE, MODEL_ACTOR_STATE, ev->zone, 0, 0, 0,
                       "closure extended %g days: threat %.2f >= closure level %.2f", days, S,
                       m->p.state.close_at);
    if (!rc) rc = model_schedule(m, t + days, EV_REOPEN, ev->zone, 1, 0, NULL);
    return rc ? rc : 1;
}

int model_on_reopen(engine *e, const sim_event *ev, void *ctx)
{
    (void)e;
    model *m = ctx;
    double t = now(m);
    int ext = extend_closure(m, ev);
    if (ext) return ext < 0 ? ext : 0;
    for (int z = 0; z < m->nz; z++) /* a later closure or clash may keep it shut */
        if ((ev->zone < 0 || z == ev->zone) && m->s->zones[z].kind == SCN_ZONE_CROSSING &&
            m->closed_until[z] > t)
            return 0;
    return model_log(m, MODEL_REC_REOPEN, MODEL_ACTOR_STATE, ev->zone, 0, 0, 0,
                     "the closure ran its course");
}

/* ---- strikes, retaliation, clashes ------------------------------------------------------ */

static int strike_target(model *m, char *why, size_t n)
{
    int best = -1;
    double t = now(m);
    for (int i = 0; i < m->n_sanct; i++)
        if (best < 0 || model_capacity(m, m->sanct[i], t) > model_capacity(m, best, t))
            best = m->sanct[i];
    double u = gsl_rng_uniform(m->r[RS_STATE]);
    if (u < m->p.state.intel || m->n_sanct < 2) {
        explain(m, why, n, "intelligence finds the largest sanctuary, %s (u %.2f < q %.2f)",
                 zname(m, best), u, m->p.state.intel);
        return best;
    }
    int k = (int)gsl_rng_uniform_int(m->r[RS_STATE], (unsigned long)(m->n_sanct - 1));
    int z = m->sanct[k] == best ? m->sanct[m->n_sanct - 1] : m->sanct[k];
    explain(m, why, n, "intelligence misses the largest sanctuary (u %.2f >= q %.2f); %s is hit",
             u, m->p.state.intel, zname(m, z));
    return z;
}

static int plan_retaliation(model *m, int target)
{
    double t = now(m), G = grievance(m, t);
    double p = clamp01(m->p.host.retaliation_base + m->p.host.retaliation_grievance * G);
    double u = gsl_rng_uniform(m->r[RS_RETALIATION]);
    double delay = 1.0 + 2.0 * gsl_rng_uniform(m->r[RS_RETALIATION]);
    if (u >= p) return 0;
    int crossing = target >= 0 ? model_nearest_zone(m, target, SCN_ZONE_CROSSING) : -1;
    if (crossing < 0) return 0;
    if (MODEL_DEFERS(m, SCN_SIDE_HOST))
        return model_defer(m, SCN_SIDE_HOST, MODEL_REC_RETALIATION_PLANNED, crossing,
                           "the host would answer the strike at %s (p %.2f = %.2f + %.3f x "
                           "grievance %.1f; u %.2f)", zname(m, crossing), p,
                           m->p.host.retaliation_base, m->p.host.retaliation_grievance, G, u);
    int rc = model_log(m, MODEL_REC_RETALIATION_PLANNED, MODEL_ACTOR_HOST, crossing, 0, 0, 0,
                       "the host vows to answer the strike at %s (p %.2f = %.2f + %.3f x "
                       "grievance %.1f; u %.2f)",
                       zname(m, crossing), p, m->p.host.retaliation_base,
                       m->p.host.retaliation_grievance, G, u);
    return rc ? rc : model_schedule(m, t + delay, EV_RETALIATION, crossing, 0, -1, NULL);
}

static void end_mediation(model *m, const char *why)
{
    if (!m->mediation_active) return;
    m->mediation_active = 0;
    model_log(m, MODEL_REC_MEDIATION_END, MODEL_ACTOR_MEDIATOR, -1, 0, 0, 0, "%s", why);
}

/* Applies a strike on zone (or the model's choice when -1); why explains the decision. */
int model_strike(model *m, int zone, int actor, const char *why)
{
    double t = now(m);
    char intel[160] = "target named";
    if (zone < 0) zone = strike_target(m, intel, sizeof intel);
    if (zone < 0) return 0;
    double before = model_capacity(m, zone, t);
    model_capacity_set(m, zone, t, before * (1.0 - m->p.state.strike_damage));
    double civ = (double)gsl_ran_poisson(m->r[RS_STATE], m->p.state.civilians_mean);
    double gj = m->p.host.grievance_strike + m->p.host.grievance_civilian * civ;
    model_decay_add(&m->G, m->p.host.grievance_half_life, t, gj);
    double P = model_decay_value(&m->P, m->p.state.threat_half_life, t);
    m->P.v0 = P * (1.0 - m->p.state.strike_relief);
    m->P.t0 = t;
    model_excite_advance(m, t);
    m->strike_excite[zone] += m->p.militants.strike_branching * m->p.militants.strike_decay;
    model_excite_sums(m);
    m->last_strike = t;
    model_decay_add(&m->strike_cost, m->p.state.strike_cost_half_life, t, m->p.state.strike_cost);
    if (m->ultimatum == ULT_EXPIRED) m->ultimatum = ULT_NONE;   /* enforced: spent */
    m->talks_suspended_until = t + m->p.state.talks_suspended_days;
    if (sim_grow(&m->strike_times, &m->cap_strikes, m->n_strikes, sizeof *m->strike_times, 16))
        return SIM_ENOMEM;
    m->strike_times[m->n_strikes++] = t;
    m->tot.strikes++;
    m->tot.civilian_casualties += civ;
    if (m->tot.first_strike_day < 0) m->tot.first_strike_day = t;
    model_raise_ladder(m, 3);
    int rc = model_log(m, MODEL_REC_STRIKE, actor, zone, 0, civ, actor != MODEL_ACTOR_STATE,
                       "%s; %s; capacity %.2f -> %.2f; %g civilians killed; grievance +%.1f",
                       why, intel, before, model_capacity(m, zone, t), civ, gj);
    model_record *r = model_last_record(m);
    if (r) r->from_zone = model_nearest_zone(m, zone, SCN_ZONE_AIRBASE);
    end_mediation(m, "talks suspended after the strike");
    if (!rc) rc = plan_retaliation(m, zone);
    return rc ? rc : model_attack_reschedule(m);
}

double model_strike_cost(const model *m, double t)
{
    return model_decay_value(&m->strike_cost, m->p.state.strike_cost_half_life, t);
}

static int any_crossing_closed(const model *m, double t)
{
    for (int i = 0; i < m->n_cross; i++)
        if (t < m->closed_until[m->cross[i]]) return 1;
    return 0;
}

double model_clash_rate(const model *m, double t, double *g_factor, double *c_factor,
                        double *excite)
{
    *g_factor = 1.0 + m->p.host.clash_grievance_gain * grievance(m, t);
    *c_factor = any_crossing_closed(m, t) ? m->p.host.clash_closed_factor : 1.0;
    /* No call for no excitation (most days): 0 times the factor is 0. */
    *excite = m->clash_excite == 0 || t == m->clash_excite_t0
                  ? m->clash_excite
                  : m->clash_excite * exp(-m->p.host.clash_decay * (t - m->clash_excite_t0));
    return m->p.host.clash_rate * *g_factor * *c_factor + *excite;
}

/* Each clash raises the rate of further clashes by kappa_c beta_c, decaying at beta_c. */
static void clash_excite(model *m, double t)
{
    double g, c, x;
    model_clash_rate(m, t, &g, &c, &x);
    m->clash_excite = x + m->p.host.clash_branching * m->p.host.clash_decay;
    m->clash_excite_t0 = t;
}

/* A clash of the model's own closes its crossing with host.clash.closure_probability (a
 * scripted or injected clash closes nothing: the timeline scripts closures as they
 * happened). Returns 1 when it closes, 0 when not; what happens is written into out. */
static int clash_closes(model *m, int crossing, int own, char *out, size_t n)
{
    double p = m->p.host.clash_closure_probability;
    out[0] = '\0';
    if (crossing < 0 || !own) return 0;
    double u = gsl_rng_uniform(m->r[RS_CLASHES]);
    if (u < p)
        explain(m, out, n, "%s %s %g days (u %.2f < p_close %.2f)", zname(m, crossing),
                now(m) < m->closed_until[crossing] ? "kept closed at least" : "closed",
                m->p.host.clash_closure_days, u, p);
    else
        explain(m, out, n, "%s stays open (u %.2f >= p_close %.2f)", zname(m, crossing), u, p);
    return u < p;
}

/* Shuts the crossing after a clash; a crossing already closed stays closed (not a new
 * closure). */
static int clash_shut(model *m, int crossing, const char *what)
{
    double t = now(m), days = m->p.host.clash_closure_days;
    int was_open = t >= m->closed_until[crossing];
    m->closed_until[crossing] = fmax(m->closed_until[crossing], t + days);
    int rc = model_schedule(m, t + days, EV_REOPEN, crossing, 0, 0, NULL);
    if (rc || !was_open) return rc;
    m->tot.closures++;
    model_raise_ladder(m, 2);
    return model_log(m, MODEL_REC_CLOSURE, MODEL_ACTOR_STATE, crossing, 0, 0, 0,
                     "the crossing is shut after the clash: %s", what);
}

int model_clash(model *m, int crossing, double cas, int actor, const char *why)
{
    double t = now(m);
    double a = cas >= 0 ? cas : (double)gsl_ran_poisson(m->r[RS_RETALIATION], m->p.host.clash_casualties);
    double b = cas >= 0 ? 0 : (double)gsl_ran_poisson(m->r[RS_RETALIATION], m->p.host.clash_casualties);
    char shut[128];
    int closes = clash_closes(m, crossing, actor == MODEL_ACTOR_HOST, shut, sizeof shut);
    clash_excite(m, t);
    m->tot.clashes++;
    m->tot.clash_casualties += a + b;
    m->clash_times[m->clash_head] = t;
    m->clash_head = (m->clash_head + 1) % m->clash_cap;
    if (m->clash_n < m->clash_cap) m->clash_n++;
    model_raise_ladder(m, 4);
    int recent = 0;
    for (int i = 0; i < m->clash_n; i++)
        recent += t - m->clash_times[i] <= m->p.ladder.sustained_window;
    if (recent >= m->p.ladder.sustained_clashes) model_raise_ladder(m, 5);
    int rc = model_log(m, MODEL_REC_CLASH, actor, crossing, a + b, 0, actor != MODEL_ACTOR_HOST,
                       "%s; %g + %g casualties; %s%s%d clash%s in %g days", why, a, b, shut,
                       shut[0] ? "; " : "", recent, recent == 1 ? "" : "es",
                       m->p.ladder.sustained_window);
    return rc || !closes ? rc : clash_shut(m, crossing, shut);
}

/* Border clashes of their own (not answering a strike): a daily chance 1 - exp(-rate) at a
 * crossing drawn at random; none while a ceasefire holds. */
static int border_clashes(model *m, double t)
{
    if (m->n_cross == 0 || m->ceasefire_active) return 0;
    double g, c, x, rate = model_clash_rate(m, t, &g, &c, &x);
    if (!(rate > 0)) return 0;
    /* p = 1 - e^-rate <= rate, so u >= rate needs no exponential (most days). */
    double u = gsl_rng_uniform(m->r[RS_CLASHES]);
    if (u >= rate) return 0;
    double p = 1.0 - exp(-rate);
    if (u >= p) return 0;
    int crossing = m->cross[gsl_rng_uniform_int(m->r[RS_CLASHES], (unsigned long)m->n_cross)];
    char why[MODEL_REASON_MAX / 2];
    explain(m, why, sizeof why, "border incident at %s: rate %.4f/day = %.4f x (1 + %.2f x "
            "grievance %.1f) x %.1f (%s) + %.4f from recent clashes; u %.4f < p %.4f",
            zname(m, crossing), rate, m->p.host.clash_rate, m->p.host.clash_grievance_gain,
            grievance(m, t), c, c != 1.0 ? "a crossing closed" : "crossings open", x, u, p);
    return model_clash(m, crossing, -1, MODEL_ACTOR_HOST, why);
}

int model_on_retaliation(engine *e, const sim_event *ev, void *ctx)
{
    (void)e;
    model *m = ctx;
    if (m->ceasefire_active)
        return model_log(m, MODEL_REC_NOTE, MODEL_ACTOR_HOST, ev->zone, 0, 0, 0,
                         "retaliation at %s held back: a ceasefire holds", zname(m, ev->zone));
    return model_clash(m, ev->zone, ev->value, MODEL_ACTOR_HOST, "retaliation for the strike");
}

/* ---- drones ------------------------------------------------------------------------- */

int model_drone_schedule(model *m)
{
    double rate = m->p.state.drone_rate;
    if (!(rate > 0)) return 0;
    double t = now(m) + gsl_ran_exponential(m->r[RS_DRONES], 1.0 / rate);
    return t <= m->horizon ? model_schedule(m, t, EV_DRONE, -1, 0, 0, NULL) : 0;
}

int model_drone(model *m, int zone, int actor, const char *why)
{
    double t = now(m);
    if (zone < 0) {
        int n_host = 0;
        for (int z = 0; z < m->nz; z++) n_host += m->s->zones[z].side == SCN_SIDE_HOST;
        if (n_host == 0) return 0;
        int k = (int)gsl_rng_uniform_int(m->r[RS_DRONES], (unsigned long)n_host);
        for (zone = 0; zone < m->nz; zone++)
            if (m->s->zones[zone].side == SCN_SIDE_HOST && k-- == 0) break;
    }
    model_decay_add(&m->G, m->p.host.grievance_half_life, t, m->p.host.grievance_drone);
    m->tot.drones++;
    int rc = model_log(m, MODEL_REC_DRONE, actor, zone, 0, 0, actor != MODEL_ACTOR_STATE,
                       "%s over %s; grievance +%.1f -> %.1f", why, zname(m, zone),
                       m->p.host.grievance_drone, grievance(m, t));
    model_record *r = model_last_record(m);
    if (r) r->from_zone = model_nearest_zone(m, zone, SCN_ZONE_AIRBASE);
    return rc;
}

int model_on_drone(engine *e, const sim_event *ev, void *ctx)
{
    (void)e;
    (void)ev;
    model *m = ctx;
    char why[96];
    explain(m, why, sizeof why, "drone incursion (rate %.3f/day)", m->p.state.drone_rate);
    int rc = model_drone(m, -1, MODEL_ACTOR_STATE, why);
    return rc ? rc : model_drone_schedule(m);
}

/* ---- deals, mediation, ceasefire ------------------------------------------------------- */

int model_deal_offer(model *m, int actor, const char *why)
{
    double t = now(m);
    m->last_offer = t;
    m->offer_armed = 0;
    model_raise_ladder(m, 1);
    int rc = model_log(m, MODEL_REC_DEAL_OFFER, MODEL_ACTOR_HOST, -1, 0, 0,
                       actor != MODEL_ACTOR_HOST, "%s: \"we will disarm them if you pay\"", why);
    double u = gsl_rng_uniform(m->r[RS_DEAL]);
    if (rc) return rc;
    char answer[96];
    int pay = u < m->p.host.deal_accept && !m->deal_active;
    if (MODEL_DEFERS(m, SCN_SIDE_STATE) && !m->deal_active)   /* the class answers */
        return model_defer(m, SCN_SIDE_STATE, pay ? MODEL_REC_DEAL_ACCEPTED
                                                  : MODEL_REC_DEAL_REJECTED, -1,
                           "the state would %s (u %.2f %s p_accept %.2f)",
                           pay ? "pay" : "refuse to pay", u, pay ? "<" : ">=",
                           m->p.host.deal_accept);
    explain(m, answer, sizeof answer, pay ? "the state accepts (u %.2f < p_accept %.2f)"
                                          : "the state refuses to pay (u %.2f >= p_accept %.2f)",
            u, m->p.host.deal_accept);
    return model_deal_answer(m, pay, MODEL_ACTOR_STATE, answer);
}

int model_deal_answer(model *m, int accept, int actor, const char *why)
{
    int scripted = actor != MODEL_ACTOR_STATE;
    if (!accept || m->deal_active)
        return model_log(m, MODEL_REC_DEAL_REJECTED, actor, -1, 0, 0, scripted, "%s%s", why,
                         accept ? "; a deal is already in force" : "");
    freeze_capacities(m);
    m->deal_active = 1;
    m->tot.deal = 1;
    return model_log(m, MODEL_REC_DEAL_ACCEPTED, actor, -1, 0, 0, scripted,
                     "%s: disarmament at %.3f/day for %.2f/day", why, m->p.host.deal_disarm_rate,
                     m->p.host.deal_cost_per_day);
}

int model_handover(model *m, int actor, const char *why)
{
    double t = now(m), f = m->p.host.relocation_fraction;
    freeze_capacities(m);
    for (int i = 0; i < m->n_sanct; i++) {
        int z = m->sanct[i];
        model_capacity_set(m, z, t, m->K[z] * (1.0 - f));
    }
    int met = m->ultimatum == ULT_ACTIVE;
    if (met) m->ultimatum = ULT_MET;   /* as a relocation does */
    return model_log(m, MODEL_REC_RELOCATION, actor, -1, 0, 0, actor != MODEL_ACTOR_HOST,
                     "%s: fighters handed over or moved away from the border (capacity "
                     "-%.0f%%)%s", why, 100 * f, met ? "; the ultimatum is met" : "");
}

int model_mediation(model *m, int actor, const char *why)
{
    m->mediation_active = 1;
    m->mediation_since = now(m);
    m->tot.mediations++;
    return model_log(m, MODEL_REC_MEDIATION, actor == MODEL_ACTOR_STATE ? MODEL_ACTOR_MEDIATOR : actor,
                     -1, 0, 0, actor != MODEL_ACTOR_MEDIATOR, "%s steps in: %s",
                     m->s->mediator_name[0] ? m->s->mediator_name : "a mediator", why);
}

int model_ceasefire(model *m, double days, int actor, const char *why)
{
    double t = now(m);
    if (days < 0) days = m->p.mediation.ceasefire_days;
    m->ceasefire_active = 1;
    m->ceasefire_until = fmax(m->ceasefire_until, t + days);
    m->mediation_active = 0;
    m->tot.ceasefires++;
    int rc = model_log(m, MODEL_REC_CEASEFIRE, actor, -1, 0, 0, actor != MODEL_ACTOR_MEDIATOR,
                       "%s; ceasefire for %g days: no strikes, no clashes", why, days);
    return rc ? rc : model_schedule(m, m->ceasefire_until, EV_CEASEFIRE_END, -1, 0, 0, NULL);
}

int model_on_ceasefire_end(engine *e, const sim_event *ev, void *ctx)
{
    (void)e;
    (void)ev;
    model *m = ctx;
    if (!m->ceasefire_active || now(m) < m->ceasefire_until) return 0;
    m->ceasefire_active = 0;
    return model_log(m, MODEL_REC_CEASEFIRE_END, MODEL_ACTOR_MEDIATOR, -1, 0, 0, 0,
                     "the ceasefire ran its course");
}

/* ---- the daily decisions ----------------------------------------------------------------- */

/* The numbers of the strike rule at t, shared by the decision and model_strike_rule_get so
 * that what a screen states is what the model applies. */
typedef struct strike_gates {
    model_threshold th;
    double S;
    double cost;            /* the cost of past strikes: S - line must be at least this */
    int mass;               /* a mass-casualty attack stands in for an expired ultimatum */
    int met[MODEL_NSC];
} strike_gates;

/* The gates that need no threat: ceasefire, ultimatum (or mass-casualty attack), cooldown.
 * Returns whether all three are met; the daily decision stops there on most days. */
static int strike_gates_plain(const model *m, double t, strike_gates *g)
{
    g->mass = m->mass_casualty_t > m->last_strike &&
              t - m->mass_casualty_t <= m->p.state.ultimatum_days;
    g->met[MODEL_SC_CEASEFIRE] = !m->ceasefire_active;
    g->met[MODEL_SC_ULTIMATUM] = m->ultimatum == ULT_EXPIRED || g->mass;
    g->met[MODEL_SC_COOLDOWN] = !(t - m->last_strike < m->p.state.cooldown);
    return g->met[MODEL_SC_CEASEFIRE] && g->met[MODEL_SC_ULTIMATUM] &&
           g->met[MODEL_SC_COOLDOWN];
}

/* The gates that read the threat: the line and the cost of past strikes. */
static void strike_gates_threat(const model *m, double t, strike_gates *g)
{
    model_threshold_parts(m, t, &g->th);
    g->S = model_threat(m, t);
    g->met[MODEL_SC_THREAT] = g->S >= g->th.effective;
    g->cost = model_strike_cost(m, t);
    /* With no cost yet the condition asks nothing beyond the threat line (met, so that a
     * checklist does not show a cross for a cost that does not exist). */
    g->met[MODEL_SC_COST] = !(g->cost > 0) || g->S - g->th.effective >= g->cost;
}

static void strike_gates_at(const model *m, double t, strike_gates *g)
{
    strike_gates_plain(m, t, g);
    strike_gates_threat(m, t, g);
}

static int gates_open(const strike_gates *g)
{
    for (int i = 0; i < MODEL_NSC; i++)
        if (!g->met[i]) return 0;
    return 1;
}

/* What licenses a strike: the defied ultimatum still in force (named by its date), or the
 * mass-casualty attack. */
static void licence_text(const model *m, char *out, size_t n)
{
    char a[11], b[11], c[11];
    if (m->ultimatum == ULT_EXPIRED) {
        model_date(m, m->ultimatum_issued, a);
        model_date(m, m->ultimatum_deadline, b);
        model_date(m, model_ultimatum_until(m), c);
        snprintf(out, n, "the ultimatum of %s defied (deadline %s passed), still in force "
                 "until %s", a, b, c);
    } else {
        model_date(m, m->mass_casualty_t, a);
        snprintf(out, n, "mass-casualty attack on %s", a);
    }
}

/* The cost condition in words: "clear the line by the cost of past strikes (0.12): threat
 * clears it by 0.15". Only formatted when explaining or for the rule (model_strike_rule_get). */
static void rule_cost_text(const model *m, const strike_gates *g, char *out, size_t n)
{
    double margin = g->S - g->th.effective;
    if (!(m->p.state.strike_cost > 0) && !(g->cost > 0)) {
        snprintf(out, n, "striking has no cost of its own (the cost of a strike is set to 0)");
        return;
    }
    if (!(g->cost > 0)) {
        snprintf(out, n, "no cost of past strikes yet (each strike adds %.2f)",
                 m->p.state.strike_cost);
        return;
    }
    /* Short enough for two lines of the side panel at 1024x768 (the half-life is on the
     * how-it-works page). */
    if (margin >= 0)
        snprintf(out, n, "clear the line by the cost of past strikes (%.2f): threat clears "
                 "it by %s%.2f", g->cost, margin < g->cost ? "only " : "", margin);
    else
        snprintf(out, n, "clear the line by the cost of past strikes (%.2f): threat is %.2f "
                 "below it", g->cost, -margin);
}

static int strike_allowed(model *m, double t, const strike_gates *g, char *why, size_t n)
{
    if (!gates_open(g)) return 0; /* every quiet day: before the buffers are cleared */
    char when[11], cool[96], lic[160] = "", cost[128] = "";
    const model_threshold *th = &g->th;
    if (MODEL_EXPLAINING(m)) rule_cost_text(m, g, cost, sizeof cost);
    if (isfinite(m->last_strike)) {
        explain_date(m, m->last_strike, when);
        explain(m, cool, sizeof cool, "cooldown ok (last strike %s, %.0f days >= %g)", when,
                 t - m->last_strike, m->p.state.cooldown);
    } else {
        explain(m, cool, sizeof cool, "cooldown ok (no earlier strike)");
    }
    if (MODEL_EXPLAINING(m)) licence_text(m, lic, sizeof lic);
    explain(m, why, n,
             "threat %.2f >= threshold %.2f (base %.2f + cooperation credit %.2f + mediation "
             "%.2f + international %.2f); %s; %s; %s",
             g->S, th->effective, th->base, th->cooperation_credit, th->mediation_restraint,
             th->intl_restraint, lic, cool, cost);
    return 1;
}

static void rule_ultimatum_text(const model *m, double t, const strike_gates *g, char *out,
                                size_t n)
{
    char d[11], i[11], u[11];
    if (m->ultimatum == ULT_EXPIRED) {
        model_date(m, m->ultimatum_issued, i);
        model_date(m, m->ultimatum_deadline, d);
        model_date(m, model_ultimatum_until(m), u);
        snprintf(out, n, "ultimatum of %s defied: deadline %s passed unmet; in force until %s "
                 "(%.0f days left)", i, d, u, ceil(model_ultimatum_until(m) - t));
    } else if (g->mass) {
        model_date(m, m->mass_casualty_t, d);
        snprintf(out, n, "mass-casualty attack on %s (no ultimatum needed)", d);
    } else if (m->ultimatum == ULT_ACTIVE) {
        model_date(m, m->ultimatum_deadline, d);
        snprintf(out, n, "ultimatum running: deadline %s, %.0f days left", d,
                 ceil(m->ultimatum_deadline - t));
    } else if (m->ultimatum == ULT_MET) {
        snprintf(out, n, "the host met the last ultimatum");
    } else {
        snprintf(out, n, "no ultimatum in force");
    }
}

static void rule_cooldown_text(const model *m, double t, const strike_gates *g, char *out,
                               size_t n)
{
    char d[11];
    if (!isfinite(m->last_strike)) {
        snprintf(out, n, "no earlier strike, so no cooldown");
        return;
    }
    model_date(m, m->last_strike, d);
    if (g->met[MODEL_SC_COOLDOWN])
        snprintf(out, n, "cooldown over: last strike %s, %.0f days ago (needs %g)", d,
                 floor(t - m->last_strike), m->p.state.cooldown);
    else
        snprintf(out, n, "cooldown: %.0f days left (last strike %s)",
                 ceil(m->last_strike + m->p.state.cooldown - t), d);
}

void model_strike_rule_get(const model *m, model_strike_rule *out)
{
    double t = now(m);
    strike_gates g;
    strike_gates_at(m, t, &g);
    memset(out, 0, sizeof *out);
    memcpy(out->met, g.met, sizeof out->met);
    out->allowed = gates_open(&g);
    out->chance = out->allowed ? 1.0 : 0.0;
    out->threat = g.S;
    out->line = g.th.effective;
    int ult = m->ultimatum == ULT_ACTIVE || m->ultimatum == ULT_EXPIRED;
    out->ultimatum_deadline = ult ? m->ultimatum_deadline : -1;
    out->ultimatum_issued = ult ? m->ultimatum_issued : -1;
    out->ultimatum_until = ult ? model_ultimatum_until(m) : -1;
    out->cooldown_until = g.met[MODEL_SC_COOLDOWN] ? -1 : m->last_strike + m->p.state.cooldown;
    char d[11];
    if (m->ceasefire_active) {
        model_date(m, m->ceasefire_until, d);
        snprintf(out->text[MODEL_SC_CEASEFIRE], MODEL_SC_TEXT_MAX, "ceasefire in force until %s", d);
    } else {
        snprintf(out->text[MODEL_SC_CEASEFIRE], MODEL_SC_TEXT_MAX, "no ceasefire in force");
    }
    snprintf(out->text[MODEL_SC_THREAT], MODEL_SC_TEXT_MAX, "threat %.2f %s line %.2f", g.S,
             g.met[MODEL_SC_THREAT] ? "\u2265" : "below", g.th.effective);
    rule_ultimatum_text(m, t, &g, out->text[MODEL_SC_ULTIMATUM], MODEL_SC_TEXT_MAX);
    rule_cooldown_text(m, t, &g, out->text[MODEL_SC_COOLDOWN], MODEL_SC_TEXT_MAX);
    rule_cost_text(m, &g, out->text[MODEL_SC_COST], MODEL_SC_TEXT_MAX);
    out->cost = g.cost;
}

/* The threat compares with each level through model_threat_at_least (no exponential on
 * most days); the threat itself is computed for a reason or the full strike rule. */
static int state_decides(model *m, double t)
{
    char why[MODEL_REASON_MAX];
    /* A spent ultimatum lapses when its time in force runs out (model_on_ultimatum_lapse)
     * or earlier, when the threat falls back to the protest level and the crisis it
     * answered is over. */
    int rc = 0;
    double protest = fmin(m->p.state.demarche_at, m->p.state.warn_at);
    if ((m->ultimatum == ULT_EXPIRED || m->ultimatum == ULT_MET) &&
        !model_threat_at_least(m, LV_PROTEST, protest, t)) {
        char fell[96];
        explain(m, fell, sizeof fell, "the threat fell to %.2f, below the protest level %.2f",
                model_threat(m, t), protest);
        if ((rc = ultimatum_end(m, fell))) return rc;
    }
    int defer = MODEL_DEFERS(m, SCN_SIDE_STATE);
    strike_gates g;
    if (strike_gates_plain(m, t, &g)) { /* the threat only when the other gates are met */
        strike_gates_threat(m, t, &g);
        if (strike_allowed(m, t, &g, why, sizeof why))
            return defer ? model_defer(m, SCN_SIDE_STATE, MODEL_REC_STRIKE, -1, "%s", why)
                         : model_strike(m, -1, MODEL_ACTOR_STATE, why);
    }
    if (m->ultimatum == ULT_NONE && !m->ceasefire_active &&
        model_threat_at_least(m, LV_WARN, m->p.state.warn_at, t)) {
        explain(m, why, sizeof why, "threat %.2f >= warning level %.2f", model_threat(m, t),
                m->p.state.warn_at);
        rc = defer ? model_defer(m, SCN_SIDE_STATE, MODEL_REC_ULTIMATUM, -1, "%s", why)
                   : model_ultimatum(m, -1, MODEL_ACTOR_STATE, why);
    }
    if (!rc && m->n_targets && !m->ceasefire_active &&
        model_threat_at_least(m, LV_CLOSE, m->p.state.close_at, t)) {
        int open = 0;
        for (int i = 0; i < m->n_cross; i++) open += t >= m->closed_until[m->cross[i]];
        if (open) {
            explain(m, why, sizeof why, "threat %.2f >= closure level %.2f", model_threat(m, t),
                    m->p.state.close_at);
            rc = defer ? model_defer(m, SCN_SIDE_STATE, MODEL_REC_CLOSURE, -1, "%s", why)
                       : model_closure(m, -1, -1, MODEL_ACTOR_STATE, why);
        }
    }
    if (!rc && t - m->last_demarche >= m->p.state.demarche_interval &&
        model_threat_at_least(m, LV_DEMARCHE, m->p.state.demarche_at, t)) {
        explain(m, why, sizeof why, "threat %.2f >= protest level %.2f: the state protests",
                model_threat(m, t), m->p.state.demarche_at);
        rc = model_diplomacy(m, MODEL_REC_DEMARCHE, MODEL_ACTOR_STATE, why);
    }
    return rc;
}

/* A crackdown on sanctuary zone (the most active one when -1), logged with why. */
int model_crackdown(model *m, int zone, int actor, const char *why)
{
    double t = now(m);
    if (m->n_sanct == 0) return 0;
    if (zone < 0 || m->s->zones[zone].kind != SCN_ZONE_SANCTUARY) {
        zone = m->sanct[0];
        for (int i = 1; i < m->n_sanct; i++)
            if (model_capacity(m, m->sanct[i], t) > model_capacity(m, zone, t)) zone = m->sanct[i];
    }
    double before = model_capacity(m, zone, t);
    model_capacity_set(m, zone, t, before * (1.0 - m->p.host.crackdown_damage));
    m->tot.crackdowns++;
    return model_log(m, MODEL_REC_CRACKDOWN, actor, zone, 0, 0, actor != MODEL_ACTOR_HOST,
                     "%s; capacity %.2f -> %.2f", why, before, model_capacity(m, zone, t));
}

static int crackdown(model *m, double t)
{
    (void)t;
    double p = m->p.host.crackdown_rate * m->C, u = gsl_rng_uniform(m->r[RS_HOST]);
    if (u >= p || m->n_sanct == 0) return 0;
    char why[160];
    explain(m, why, sizeof why, "cooperation %.2f: crackdown (p %.3f, u %.2f) on the most "
             "active sanctuary", m->C, p, u);
    if (MODEL_DEFERS(m, SCN_SIDE_HOST))
        return model_defer(m, SCN_SIDE_HOST, MODEL_REC_CRACKDOWN, -1, "%s", why);
    return model_crackdown(m, -1, MODEL_ACTOR_HOST, why);
}

static int relocation(model *m, double t)
{
    if (m->ultimatum != ULT_ACTIVE || m->C < m->p.host.relocation_min_coop) return 0;
    freeze_capacities(m);
    for (int i = 0; i < m->n_sanct; i++) {
        int z = m->sanct[i];
        model_capacity_set(m, z, t, m->K[z] * (1.0 - m->p.host.relocation_fraction));
    }
    m->ultimatum = ULT_MET; /* the host complied: no strike for this ultimatum */
    return model_log(m, MODEL_REC_RELOCATION, MODEL_ACTOR_HOST, -1, 0, 0, 0,
                     "ultimatum active and cooperation %.2f >= %.2f: fighters moved away "
                     "from the border (capacity -%.0f%%); the ultimatum is met",
                     m->C, m->p.host.relocation_min_coop, 100 * m->p.host.relocation_fraction);
}

static int host_decides(model *m, double t)
{
    int rc = crackdown(m, t);
    if (!rc) rc = relocation(m, t);
    double D = diplomatic(m, t);
    if (D < m->p.host.deal_offer_at) m->offer_armed = 1;
    if (!rc && !m->deal_active && m->offer_armed && D >= m->p.host.deal_offer_at &&
        t - m->last_offer >= m->p.host.deal_offer_interval && t >= m->talks_suspended_until) {
        char why[96];
        explain(m, why, sizeof why, "diplomatic pressure %.2f >= %.2f", D, m->p.host.deal_offer_at);
        rc = MODEL_DEFERS(m, SCN_SIDE_HOST)
                 ? model_defer(m, SCN_SIDE_HOST, MODEL_REC_DEAL_OFFER, -1, "%s", why)
                 : model_deal_offer(m, MODEL_ACTOR_HOST, why);
    }
    if (!rc && m->deal_active) {
        m->tot.deal_cost += m->p.host.deal_cost_per_day;
        double G = grievance(m, t);
        double p = clamp01(m->p.host.deal_collapse_base + m->p.host.deal_collapse_grievance * G);
        double u = gsl_rng_uniform(m->r[RS_DEAL]);
        if (u < p) {
            freeze_capacities(m);
            m->deal_active = 0;
            rc = model_log(m, MODEL_REC_DEAL_COLLAPSE, MODEL_ACTOR_HOST, -1, 0, 0, 0,
                           "the deal collapses (p %.4f = %.4f + %.4f x grievance %.1f; u %.4f)",
                           p, m->p.host.deal_collapse_base, m->p.host.deal_collapse_grievance,
                           G, u);
        }
    }
    return rc;
}

static int mediators_decide(model *m, double t)
{
    if (m->mediation_active) {
        double u = gsl_rng_uniform(m->r[RS_MEDIATION]);
        if (u < m->p.mediation.ceasefire_probability) {
            char why[96];
            explain(m, why, sizeof why, "talks succeed (u %.2f < p_cf %.2f)", u,
                     m->p.mediation.ceasefire_probability);
            return model_ceasefire(m, -1, MODEL_ACTOR_MEDIATOR, why);
        }
        if (t - m->mediation_since >= m->p.mediation.talks_days)
            end_mediation(m, "talks lapse without a result");
        return 0;
    }
    if (m->ceasefire_active || m->ladder < m->p.mediation.start_ladder ||
        t < m->talks_suspended_until)
        return 0;
    double u = gsl_rng_uniform(m->r[RS_MEDIATION]);
    if (u >= m->p.mediation.daily_probability) return 0;
    char why[128];
    explain(m, why, sizeof why, "ladder %d >= %g (p %.2f, u %.2f)", m->ladder,
             m->p.mediation.start_ladder, m->p.mediation.daily_probability, u);
    return model_mediation(m, MODEL_ACTOR_MEDIATOR, why);
}

/* Relaxes cooperation toward its target over one day (tau_C). */
static void relax_cooperation(model *m, double t)
{
    double target = clamp01(m->p.host.cooperation + m->p.host.diplomatic_gain * diplomatic(m, t) -
                            m->p.host.grievance_gain * grievance(m, t));
    if (m->p.host.cooperation_tau != m->coop_tau) { /* one exp per value of tau_C */
        m->coop_tau = m->p.host.cooperation_tau;
        m->coop_step = 1.0 - exp(-1.0 / m->coop_tau);
    }
    m->C += (target - m->C) * m->coop_step;
}

static void closure_costs(model *m, double t)
{
    for (int i = 0; i < m->n_cross; i++) {
        if (t >= m->closed_until[m->cross[i]]) continue;
        model_decay_add(&m->D, m->p.diplomacy.half_life, t, m->p.diplomacy.closure_per_day);
        model_decay_add(&m->G, m->p.host.grievance_half_life, t, m->p.host.grievance_closure);
        m->tot.closure_days++;
        return;
    }
}

/* The lowest level the present situation justifies: a running ultimatum or a closed
 * crossing is coercive diplomacy however quiet the days are. */
static int ladder_floor(const model *m, double t)
{
    if (m->ultimatum == ULT_ACTIVE) return 2;
    for (int i = 0; i < m->n_cross; i++)
        if (t < m->closed_until[m->cross[i]]) return 2;
    return 0;
}

static int ladder_decay(model *m, double t)
{
    if (m->ladder == 0 || t - m->ladder_last_raise < m->p.ladder.quiet_days) return 0;
    if (m->ladder - 1 < ladder_floor(m, t)) {
        m->ladder_last_raise = t;
        return 0;
    }
    m->ladder--;
    m->ladder_last_raise = t;
    return model_log(m, MODEL_REC_LADDER, MODEL_ACTOR_STATE, -1, 0, 0, 0,
                     "%g quiet days: the ladder steps down to %d (%s)", m->p.ladder.quiet_days,
                     m->ladder, ladder_names[m->ladder]);
}

/* The row of day t - 1 (series.csv): the state at time t, the end of that day, before the
 * decisions the tick at t takes on day t. Day d covers [d, d + 1) (docs/outputs.md). */
/* A lean row (MODEL_KEEP_LEAN): the values model_state_fill gives, read directly (after
 * model_tick_prepare each is a stored number), without lambda and capacity. */
static void record_day_lean(const model *m, double t, int day, int a7, model_day *d)
{
    model_threshold th;
    model_threshold_parts(m, t, &th);
    int closed = 0; /* only crossings close */
    for (int i = 0; i < m->n_cross; i++) closed += t < m->closed_until[m->cross[i]];
    *d = (model_day){.t = t, .day = day, .lambda = NAN, .attacks_7d = a7,
                     .pressure = model_decay_value(&m->P, m->p.state.threat_half_life, t),
                     .threat = model_threat(m, t), .threshold_eff = th.effective,
                     .cooperation = m->C, .grievance = grievance(m, t),
                     .diplomatic = diplomatic(m, t), .capacity = NAN, .ladder = m->ladder,
                     .closed_crossings = closed};
}

static void record_day(model *m, double t)
{
    if (m->ladder >= 3) m->tot.days_at_ladder_3plus++;
    if (!(m->keep & MODEL_KEEP_SERIES) || m->n_day_rows >= m->n_days) return;
    int lean = (m->keep & MODEL_KEEP_LEAN) != 0;
    model_day *d = &m->days[m->n_day_rows++];
    model_threat_keep(m, t); /* the row's threat, kept for the day's decisions */
    int day = (int)t - 1, a7 = 0;
    for (int k = day - 6; k <= day; k++) a7 += k >= 0 && k < m->n_days ? m->attacks_by_day[k] : 0;
    if (lean) {
        record_day_lean(m, t, day, a7, d);
        return;
    }
    model_state st;
    model_state_fill(m, &st, 1);
    double K = 0, K0 = 0, kf = model_capacity_factor(m, t);
    for (int i = 0; i < m->n_sanct; i++) {
        K += model_capacity_with(m, m->sanct[i], kf);
        K0 += m->s->zones[m->sanct[i]].capacity;
    }
    *d = (model_day){.t = t, .day = day, .lambda = st.lambda, .attacks_7d = a7,
                     .pressure = st.pressure, .threat = st.threat,
                     .threshold_eff = st.threshold.effective, .cooperation = st.cooperation,
                     .grievance = st.grievance, .diplomatic = st.diplomatic,
                     .capacity = K0 > 0 ? K / K0 : 0, .ladder = st.ladder,
                     .closed_crossings = st.closed_crossings};
}

/* The daily tick at integer time t: it closes day t - 1 (its row) and takes day t's
 * decisions, on what happened before. A tick at the horizon only closes the last day: day t
 * is outside the run. */
int model_on_tick(engine *e, const sim_event *ev, void *ctx)
{
    (void)e;
    model *m = ctx;
    double t = ev->time;
    model_tick_prepare(m, t);
    record_day(m, t);
    if (t >= m->horizon) return 0;
    relax_cooperation(m, t);
    closure_costs(m, t);
    int rc = state_decides(m, t);
    if (!rc) rc = host_decides(m, t);
    if (!rc) rc = border_clashes(m, t);
    if (!rc) rc = mediators_decide(m, t);
    if (!rc) rc = ladder_decay(m, t);
    if (rc) return rc;
    return t + 1.0 <= m->horizon ? model_hold_tick(m, t + 1.0) : 0;
}

const char *model_ladder_name(int level)
{
    return level >= 0 && level <= 5 ? ladder_names[level] : "?";
}
