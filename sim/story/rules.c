/* rules.c - the model's rules in plain words (see rules.h). Every number is a parameter
 * of p, every formula the one sim/model applies; keep them in step with model_decide.c. */
#include "story/rules.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static const char *side(const scenario *s, int k, const char *fallback)
{
    return s->side_name[k][0] ? s->side_name[k] : fallback;
}

static void put(rules_section *out, int cap, int *n, const char *head, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void put(rules_section *out, int cap, int *n, const char *head, const char *fmt, ...)
{
    if (*n < cap) {
        va_list ap;
        va_start(ap, fmt);
        snprintf(out[*n].head, sizeof out[*n].head, "%s", head);
        vsnprintf(out[*n].text, sizeof out[*n].text, fmt, ap);
        va_end(ap);
    }
    (*n)++;
}

/* The glossary: the quantities the panel shows, with their scales. */
static void words(const scenario *s, const scn_params *p, rules_section *o, int cap, int *n)
{
    const char *st = side(s, SCN_SIDE_STATE, "the state"), *ho = side(s, SCN_SIDE_HOST, "the host");
    const char *mil = s->militant_name[0] ? s->militant_name : "the militants";
    put(o, cap, n, "Threat (0 to 1)", "How alarmed %s is. Each attack adds to a domestic "
        "pressure P: the weight of its type x %g x the target's exposure x (1 + killed)^%g. P "
        "halves every %g days, and the threat is 1 - exp(-P / %g): 0 is calm, a pressure of %g "
        "gives 0.63, and it never reaches 1.", st, p->state.exposure_weight,
        p->state.casualty_exponent, p->state.threat_half_life, p->state.threat_scale,
        p->state.threat_scale);
    put(o, cap, n, "Grievance (0 and up)", "%s's anger: +%g for each strike and +%g for each "
        "civilian it kills, +%g for each drone incursion, +%g a day for each closed crossing. "
        "It halves every %g days and has no top. It lowers cooperation, makes retaliation "
        "likelier (%g + %g x grievance after a strike) and border clashes more frequent, and "
        "a deal shorter.", ho, p->host.grievance_strike, p->host.grievance_civilian,
        p->host.grievance_drone, p->host.grievance_closure, p->host.grievance_half_life,
        p->host.retaliation_base, p->host.retaliation_grievance);
    put(o, cap, n, "Cooperation (0 to 1)", "How much %s acts against %s: 0 not at all, 1 "
        "fully. Each day it moves %.0f%% of the way (1 - exp(-1/%g)) toward its target, "
        "%.2f + %g x diplomatic pressure - %g x grievance, kept between 0 and 1. It raises "
        "the strike line (by %g x cooperation) and the daily chance of a crackdown (%g x "
        "cooperation).", ho, mil, 100 * (1 - exp(-1 / p->host.cooperation_tau)),
        p->host.cooperation_tau, p->host.cooperation, p->host.diplomatic_gain,
        p->host.grievance_gain, p->state.credit_cooperation, p->host.crackdown_rate);
    put(o, cap, n, "Diplomatic pressure (0 and up)", "What %s's protests and visits weigh on "
        "%s: +%g for a formal protest, +%g for a delegation, +%g for an ultimatum, +%g for a "
        "deportation drive, +%g a day for each closed crossing. It halves every %g days and "
        "has no top. At %g %s offers a deal (at most every %g days, and again only after the "
        "pressure has fallen below %g).", st, ho, p->diplomacy.demarche,
        p->diplomacy.delegation, p->diplomacy.ultimatum, p->diplomacy.deportation,
        p->diplomacy.closure_per_day, p->diplomacy.half_life, p->host.deal_offer_at, ho,
        p->host.deal_offer_interval, p->host.deal_offer_at);
    put(o, cap, n, "Deal", "\"We will disarm them if you pay\": %s pays with probability %.2f "
        "(in decision mode, the class decides). While the deal runs it costs %g a day and "
        "shrinks %s's strength by %.1f%% a day; each day it collapses with probability %g + "
        "%g x grievance.", st, p->host.deal_accept, p->host.deal_cost_per_day, mil,
        100 * p->host.deal_disarm_rate, p->host.deal_collapse_base,
        p->host.deal_collapse_grievance);
}

/* The decisions, in the order a run meets them. */
static void decisions(const scenario *s, const scn_params *p, rules_section *o, int cap, int *n)
{
    const char *st = side(s, SCN_SIDE_STATE, "the state"), *ho = side(s, SCN_SIDE_HOST, "the host");
    const char *med = s->mediator_name[0] ? s->mediator_name : "abroad";
    put(o, cap, n, "Protests and ultimatums", "At a threat of %.2f %s protests formally (at "
        "most every %g days); at %.2f it issues an ultimatum with a deadline of %g days. A "
        "defied ultimatum stays in force %g days after its deadline, then lapses.",
        p->state.demarche_at, st, p->state.demarche_interval, p->state.warn_at,
        p->state.ultimatum_days, p->state.ultimatum_lapse_days);
    put(o, cap, n, "The strike line", "%.2f, plus %g x %s's cooperation, plus %g while "
        "mediators are at work, plus %g of international restraint.", p->state.threshold,
        p->state.credit_cooperation, ho, p->state.restraint_mediation, p->state.restraint_intl);
    put(o, cap, n, "A strike", "Only when all hold: no ceasefire; the threat at or above the "
        "strike line; an ultimatum defied and still in force, or an attack that killed at "
        "least %g in the last %g days; at least %g days since the last strike; the threat "
        "above the line by the cost of past strikes (each adds %g, halving every %g days). A "
        "strike hits the strongest sanctuary with probability %.2f (else another), removes "
        "%.0f%% of its strength, kills %g civilians on average, relieves %.0f%% of the "
        "pressure at home and stops talks for %g days.", p->state.mass_casualty,
        p->state.ultimatum_days, p->state.cooldown, p->state.strike_cost,
        p->state.strike_cost_half_life, p->state.intel, 100 * p->state.strike_damage,
        p->state.civilians_mean, 100 * p->state.strike_relief, p->state.talks_suspended_days);
    put(o, cap, n, "Border clashes", "After a strike %s answers at the border with probability "
        "%g + %g x grievance. Clashes also come on their own: each day with chance 1 - "
        "exp(-rate), rate %g x (1 + %g x grievance), x %g while a crossing is closed, plus "
        "%g more clashes in all brought on by each clash (fading at %g a day); none during a "
        "ceasefire. A clash closes its crossing for %g days with probability %.2f.", ho,
        p->host.retaliation_base, p->host.retaliation_grievance, p->host.clash_rate,
        p->host.clash_grievance_gain, p->host.clash_closed_factor, p->host.clash_branching,
        p->host.clash_decay, p->host.clash_closure_days, p->host.clash_closure_probability);
    put(o, cap, n, "Closing the border", "At a threat of %.2f %s closes the crossings for %g "
        "days (not during a ceasefire).", p->state.close_at, st, p->state.closure_days);
    put(o, cap, n, "Mediators", "From escalation level %g, mediators from %s step in with "
        "probability %.2f a day; while they talk, a ceasefire of %g days comes with "
        "probability %.2f a day, and the talks lapse after %g days without one.",
        p->mediation.start_ladder, med, p->mediation.daily_probability,
        p->mediation.ceasefire_days, p->mediation.ceasefire_probability,
        p->mediation.talks_days);
}

int rules_sections(const scenario *s, const scn_params *p, rules_section *out, int cap)
{
    int n = 0;
    words(s, p, out, cap, &n);
    decisions(s, p, out, cap, &n);
    return n;
}
