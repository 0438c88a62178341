/* model_script.c - scripted actions (the timeline, the view's knobs and injects) run
 * through the same handlers as the model's own decisions. */
#include "base/err.h"
#include "model/model_int.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The note of a scripted item, or a stock phrase naming where it came from. */
static const char *note_or(const scn_timeline_item *it, const char *fallback)
{
    return it->note[0] ? it->note : fallback;
}

int model_run_action(model *m, const scn_timeline_item *it, int actor)
{
    const char *why = note_or(it, actor == MODEL_ACTOR_USER ? "injected by facilitator"
                                                            : "scripted");
    switch (it->action) {
    case SCN_ACT_ATTACK: {
        int rc = model_attack(m, it->zone, it->type, it->casualties, -1, actor, why);
        return rc ? rc : model_attack_reschedule(m);
    }
    case SCN_ACT_STRIKE: return model_strike(m, it->zone, actor, why);
    case SCN_ACT_DELEGATION: return model_diplomacy(m, MODEL_REC_DELEGATION, actor, why);
    case SCN_ACT_DEMARCHE: return model_diplomacy(m, MODEL_REC_DEMARCHE, actor, why);
    case SCN_ACT_DEPORTATION: return model_diplomacy(m, MODEL_REC_DEPORTATION, actor, why);
    case SCN_ACT_ULTIMATUM: return model_ultimatum(m, it->days, actor, why);
    case SCN_ACT_CLOSURE: return model_closure(m, it->zone, it->days, actor, why);
    case SCN_ACT_REOPEN: return model_reopen(m, it->zone, actor, why);
    case SCN_ACT_DEAL_OFFER: return model_deal_offer(m, actor, why);
    case SCN_ACT_MEDIATION: return model_mediation(m, actor, why);
    case SCN_ACT_CEASEFIRE: return model_ceasefire(m, it->days, actor, why);
    case SCN_ACT_DRONE: return model_drone(m, it->zone, actor, why);
    case SCN_ACT_CLASH: return model_clash(m, it->zone, it->casualties, actor, why);
    case SCN_ACT_CRACKDOWN: return model_crackdown(m, it->zone, actor, why);
    case SCN_ACT_DEAL_ACCEPT: return model_deal_answer(m, 1, actor, why);
    case SCN_ACT_DEAL_REFUSE: return model_deal_answer(m, 0, actor, why);
    case SCN_ACT_HANDOVER: return model_handover(m, actor, why);
    case SCN_ACT_NOTE:
        return model_log(m, MODEL_REC_NOTE, actor, -1, 0, 0, actor != MODEL_ACTOR_STATE &&
                         actor != MODEL_ACTOR_HOST, "%s", why);
    case SCN_ACT_SET: return model_set_param(m, it->key, it->value, actor, it->note);
    default: return SIM_EINVAL;
    }
}

int model_on_timeline(engine *e, const sim_event *ev, void *ctx)
{
    (void)e;
    model *m = ctx;
    if (ev->arg < 0 || ev->arg >= m->s->n_timeline) return SIM_EINVAL;
    return model_run_action(m, &m->s->timeline[ev->arg], MODEL_ACTOR_SCRIPT);
}

int model_set_param(model *m, const char *key, double value, int actor, const char *why)
{
    double old;
    if (scenario_param_get(&m->p, key, &old)) return SIM_EINVAL;
    scn_params next = m->p;
    int rc = scenario_param_set(&next, key, value);
    const char *at;
    char broken[256];
    if (!rc) rc = scenario_params_check(&next, &at, broken, sizeof broken);
    if (rc) return rc;
    /* Capacities follow laws that depend on parameters: pin them first. */
    double t = engine_now(m->e);
    model_capacities_freeze(m, t);
    m->p = next;
    if ((rc = model_attack_tables(m))) return rc;
    rc = model_log(m, MODEL_REC_SET, actor, -1, 0, 0, 1, "%s: %s %g -> %g",
                   why && *why ? why : "parameter changed", key, old, value);
    if (!rc) rc = model_attack_reschedule(m);
    return rc;
}

int model_inject(model *m, const scn_timeline_item *it, int actor)
{
    if (it->action < 0 || it->action >= SCN_NACTIONS) return SIM_EINVAL;
    if (it->zone >= m->nz) return SIM_EINVAL;
    return model_run_action(m, it, actor);
}

/* The target zone nearest to (lat, lon), or the most exposed one when either is NaN. */
static int nearest_target(const model *m, double lat, double lon)
{
    int best = -1;
    double best_d = INFINITY;
    for (int i = 0; i < m->n_targets; i++) {
        const scn_zone *z = &m->s->zones[m->targets[i]];
        double d = isnan(lat) || isnan(lon) ? -z->exposure
                                            : (z->lat - lat) * (z->lat - lat) +
                                                  (z->lon - lon) * (z->lon - lon) *
                                                      cos(lat * M_PI / 180) * cos(lat * M_PI / 180);
        if (d < best_d) best_d = d, best = m->targets[i];
    }
    return best;
}

/* Probability-weighted mean of the attack types' pressure weights and casualties. */
static void mean_type(const model *m, double *weight, double *cas)
{
    double w = 0, c = 0, p = 0;
    for (int k = 0; k < SCN_NATTACK_TYPES; k++) {
        const scn_attack_type_params *tp = &m->p.militants.type[k];
        w += tp->probability * tp->weight;
        c += tp->probability * tp->casualties;
        p += tp->probability;
    }
    *weight = p > 0 ? w / p : 1;
    *cas = p > 0 ? c / p : 0;
}

int model_preload(model *m, const model_past_event *ev, int n)
{
    if (engine_now(m->e) > 0 || engine_events_run(m->e) > 0) return SIM_EINVAL;
    for (int i = 0; i < n; i++)
        if (!(ev[i].t <= 0)) return SIM_EINVAL;
    double w_type, cas_mean;
    mean_type(m, &w_type, &cas_mean);
    const scn_params *p = &m->p;
    for (int i = 0; i < n; i++) {
        int target = nearest_target(m, ev[i].lat, ev[i].lon);
        int origin = target >= 0 ? model_nearest_zone(m, target, SCN_ZONE_SANCTUARY) : -1;
        double age = -ev[i].t, cas = isnan(ev[i].casualties) ? cas_mean : ev[i].casualties;
        if (origin >= 0) m->excite[origin] += p->militants.branching * p->militants.decay *
                                              exp(-p->militants.decay * age);
        model_excite_sums(m);
        double jump = w_type * p->state.exposure_weight *
                      (target >= 0 ? m->s->zones[target].exposure : 1.0) *
                      pow(1.0 + cas, p->state.casualty_exponent);
        model_decay_add(&m->P, p->state.threat_half_life, 0.0,
                        jump * exp2(-age / p->state.threat_half_life));
    }
    return model_attack_reschedule(m);
}
