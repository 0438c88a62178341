/* model_script.c - scripted actions (the timeline, the view's knobs and injects) run
 * through the same handlers as the model's own decisions. */
#include "model_int.h"
#include "err.h"
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
