/* scn_params.c - the dotted-key parameter table: keys, ranges, defaults, units, docs. */
#include "base/err.h"
#include "scenario/scn_int.h"
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Range ends that the table cannot say inclusively: "> 0" and "< 1". */
#define GT0 DBL_MIN
#define LT1 (1.0 - DBL_EPSILON / 2)
#define INF INFINITY
/* Upper ends for means, event rates and decay rates: far beyond any real value, yet small
 * enough that the samplers and the thinning loop end (casualty means or decays of 1e300
 * hang them; 1e300 events a day never advance the clock). */
#define CAS_MAX 1e5
#define DECAY_MAX 1e4
#define RATE_MAX 1e3

#define P(key, field, lo, hi, def, unit, doc) \
    {key, offsetof(scn_params, field), 0, lo, hi, def, unit, doc}
#define PT(name, idx, prob, cas, disp, w)                                                    \
    P("militants.types." name ".probability", militants.type[idx].probability, 0, 1, prob,  \
      "share", "relative frequency of " name " attacks (normalised over types)"),            \
    P("militants.types." name ".casualties", militants.type[idx].casualties, 0, CAS_MAX, cas,    \
      "people", "mean casualties of one " name " attack (negative binomial)"),               \
    P("militants.types." name ".dispersion", militants.type[idx].dispersion, GT0, INF, disp, \
      "1", "negative binomial size r of " name " casualties: variance = m + m^2/r"),         \
    P("militants.types." name ".weight", militants.type[idx].weight, 0, INF, w, "1",         \
      "weight of a " name " attack in the domestic pressure jump")

/* Ordered so that keys sharing a prefix are adjacent (the YAML writer relies on it). */
static const scn_param_info table[] = {
    P("militants.base_rate", militants.base_rate, 0, RATE_MAX, 0.23, "1/day",
      "background attack rate at full capacity, all sanctuaries together (mu)"),
    P("militants.activity", militants.activity, 0, RATE_MAX, 1, "1",
      "multiplies the background rate: below 1 while the militants keep a truce"),
    P("militants.branching", militants.branching, 0, INF, 0.34, "1",
      "mean attacks excited by one attack (kappa); >= 1 is explosive"),
    P("militants.decay", militants.decay, GT0, DECAY_MAX, 1.0, "1/day",
      "decay rate of excitation after an attack (beta)"),
    P("militants.strike_branching", militants.strike_branching, 0, RATE_MAX, 0.4, "1",
      "mean attacks excited by one strike (kappa_s)"),
    P("militants.strike_decay", militants.strike_decay, GT0, DECAY_MAX, 0.2, "1/day",
      "decay rate of excitation after a strike (beta_s)"),
    P("militants.season.amplitude", militants.season_amplitude, 0, LT1, 0.08, "1",
      "amplitude A of the seasonal background factor 1 + A cos(...)"),
    P("militants.season.peak_day", militants.season_peak_day, 1, 366, 120, "day of year",
      "day of the year when the background peaks (spring offensive)"),
    P("militants.cooperation_damping", militants.coop_damping, 0, 1, 0.6, "1",
      "share of the background removed at full host cooperation (e_C)"),
    P("militants.recovery", militants.recovery, 0, INF, 0.01, "1/day",
      "rate at which sanctuary capacity recovers toward K0 (r_K)"),
    P("militants.same_origin", militants.p_same_origin, 0, 1, 0.7, "probability",
      "chance an excited attack comes from its parent's sanctuary"),
    P("militants.distance_scale", militants.distance_scale, GT0, INF, 150, "km",
      "target choice weight decays as exp(-distance/L)"),
    {"militants.allow_explosive", offsetof(scn_params, militants.allow_explosive), 1, 0, 1, 0,
     "bool", "let branching >= 1 pass validation (the process may blow up)"},
    PT("ied", SCN_ATTACK_IED, 0.40, 2.0, 0.5, 1.0),
    PT("suicide", SCN_ATTACK_SUICIDE, 0.10, 12, 0.4, 3.0),
    PT("raid", SCN_ATTACK_RAID, 0.20, 4, 0.6, 1.5),
    PT("ambush", SCN_ATTACK_AMBUSH, 0.20, 3, 0.6, 1.2),
    PT("cross_border", SCN_ATTACK_CROSS_BORDER, 0.10, 3, 0.6, 2.0),

    P("state.threat.half_life", state.threat_half_life, GT0, INF, 21, "days",
      "half-life of domestic pressure P (h_P)"),
    P("state.threat.scale", state.threat_scale, GT0, INF, 40, "1",
      "pressure scale in the threat score S = 1 - exp(-P/scale)"),
    P("state.threat.exponent", state.casualty_exponent, 0, 3, 0.5, "1",
      "exponent gamma on (1 + casualties) in the pressure jump"),
    P("state.threat.exposure_weight", state.exposure_weight, 0, INF, 1, "1",
      "multiplies the target's exposure in the pressure jump"),
    P("state.warn_at", state.warn_at, 0, 1, 0.55, "threat",
      "threat score at which the state issues an ultimatum (theta_warn)"),
    P("state.ultimatum_days", state.ultimatum_days, GT0, INF, 30, "days",
      "deadline of an ultimatum (T_u)"),
    P("state.ultimatum_lapse_days", state.ultimatum_lapse_days, 0, INF, 30, "days",
      "a defied ultimatum stays in force this long after its deadline, then lapses"),
    P("state.close_at", state.close_at, 0, 1, 0.7, "threat",
      "threat score at which the state closes the border (theta_close)"),
    P("state.closure_days", state.closure_days, 0, INF, 10, "days",
      "length of a border closure decided by the state"),
    P("state.strike.threshold", state.threshold, 0, 1, 0.75, "threat",
      "base strike threshold on the threat score (theta)"),
    P("state.strike.cooldown", state.cooldown, 0, INF, 30, "days",
      "minimum days between two strikes"),
    P("state.strike.cooperation_credit", state.credit_cooperation, 0, 1, 0.10, "threat",
      "threshold rises by this times host cooperation C (credit_C)"),
    P("state.strike.mediation_restraint", state.restraint_mediation, 0, 1, 0.10, "threat",
      "threshold rises by this while mediation is active"),
    P("state.strike.intl_restraint", state.restraint_intl, 0, 1, 0.0, "threat",
      "constant international restraint added to the threshold"),
    P("state.strike.cost", state.strike_cost, 0, INF, 0.2, "threat",
      "cost of striking added by each strike: the threat must clear the line by the cost"),
    P("state.strike.cost_half_life", state.strike_cost_half_life, GT0, INF, 365, "days",
      "days for the cost of past strikes to halve"),
    P("state.strike.mass_casualty", state.mass_casualty, 1, INF, 50, "people",
      "one attack this deadly allows a strike without an expired ultimatum"),
    P("state.strike.intel", state.intel, 0, 1, 0.7, "probability",
      "chance the strike hits the sanctuary with the largest capacity (q_intel)"),
    P("state.strike.damage", state.strike_damage, 0, 1, 0.3, "fraction",
      "fraction of the hit sanctuary's capacity removed (d_strike)"),
    P("state.strike.civilians", state.civilians_mean, 0, CAS_MAX, 3, "people",
      "Poisson mean of civilians killed per strike (m_civ)"),
    P("state.strike.relief", state.strike_relief, 0, 1, 0.5, "fraction",
      "fraction of domestic pressure relieved by a strike"),
    P("state.strike.talks_suspended_days", state.talks_suspended_days, 0, INF, 14, "days",
      "diplomacy suspended after a strike"),
    P("state.drone_rate", state.drone_rate, 0, RATE_MAX, 0.02, "1/day",
      "drone incursions over host territory (rho_drone)"),
    P("state.demarche_at", state.demarche_at, 0, 1, 0.35, "threat",
      "threat score at which the state lodges a protest (demarche) with the host"),
    P("state.demarche_interval", state.demarche_interval, GT0, INF, 14, "days",
      "at most one protest per this many days"),

    P("host.cooperation", host.cooperation, 0, 1, 0.15, "1",
      "baseline host cooperation C0"),
    P("host.cooperation_tau", host.cooperation_tau, GT0, INF, 14, "days",
      "time constant of cooperation relaxing toward its target (tau_C)"),
    P("host.diplomatic_gain", host.diplomatic_gain, 0, INF, 0.05, "1/unit D",
      "cooperation target gained per unit of diplomatic pressure (a_D)"),
    P("host.grievance_gain", host.grievance_gain, 0, INF, 0.04, "1/unit G",
      "cooperation target lost per unit of grievance (a_G)"),
    P("host.grievance.half_life", host.grievance_half_life, GT0, INF, 45, "days",
      "half-life of host grievance G (h_G)"),
    P("host.grievance.strike", host.grievance_strike, 0, INF, 3, "G",
      "grievance added by a strike"),
    P("host.grievance.civilian", host.grievance_civilian, 0, INF, 0.5, "G",
      "grievance added per civilian killed in a strike"),
    P("host.grievance.drone", host.grievance_drone, 0, INF, 1, "G",
      "grievance added per drone incursion"),
    P("host.grievance.closure", host.grievance_closure, 0, INF, 0.1, "G",
      "grievance added per day of border closure"),
    P("host.crackdown.rate", host.crackdown_rate, 0, 1, 0.05, "probability/day",
      "daily chance of a crackdown at full cooperation"),
    P("host.crackdown.damage", host.crackdown_damage, 0, 1, 0.15, "fraction",
      "fraction of the most active sanctuary's capacity removed by a crackdown"),
    P("host.relocation.min_cooperation", host.relocation_min_coop, 0, 1, 0.3, "1",
      "relocation needs an active ultimatum and cooperation at least this"),
    P("host.relocation.fraction", host.relocation_fraction, 0, 1, 0.2, "fraction",
      "fraction of border sanctuaries' capacity moved away by a relocation"),
    P("host.denial_probability", host.denial_probability, 0, 1, 0.8, "probability",
      "chance of a denial statement after a diplomatic event"),
    P("host.deal.offer_at", host.deal_offer_at, 0, INF, 6, "D",
      "diplomatic pressure at which the host offers to disarm the militants (D_offer)"),
    P("host.deal.accept_probability", host.deal_accept, 0, 1, 0.2, "probability",
      "chance the state accepts (pays for) a disarmament offer"),
    P("host.deal.cost_per_day", host.deal_cost_per_day, 0, INF, 0.5, "cost/day",
      "cost to the state of a running deal"),
    P("host.deal.disarm_rate", host.deal_disarm_rate, 0, INF, 0.01, "1/day",
      "rate at which a running deal shrinks capacity (r_disarm)"),
    P("host.deal.collapse_base", host.deal_collapse_base, 0, 1, 0.002, "probability/day",
      "daily chance a running deal collapses"),
    P("host.deal.collapse_grievance", host.deal_collapse_grievance, 0, INF, 0.001,
      "probability/day/G", "added daily collapse chance per unit of grievance"),
    P("host.deal.offer_interval", host.deal_offer_interval, GT0, INF, 60, "days",
      "days between two disarmament offers"),
    P("host.retaliation.base", host.retaliation_base, 0, 1, 0.3, "probability",
      "chance of a retaliation clash after a strike at zero grievance (r0)"),
    P("host.retaliation.grievance", host.retaliation_grievance, 0, INF, 0.05, "1/G",
      "added retaliation chance per unit of grievance (r1)"),
    P("host.retaliation.casualties", host.clash_casualties, 0, CAS_MAX, 4, "people",
      "mean casualties per clash on each side"),
    P("host.retaliation.closure_days", host.clash_closure_days, 0, INF, 7, "days",
      "days a crossing stays closed after a clash"),
    P("host.clash.closure_probability", host.clash_closure_probability, 0, 1, 0.3,
      "probability", "chance that a clash of the model's own closes its crossing"),
    P("host.clash.rate", host.clash_rate, 0, RATE_MAX, 0.004, "1/day",
      "base rate of border clashes not answering a strike (no grievance, crossings open)"),
    P("host.clash.grievance_gain", host.clash_grievance_gain, 0, INF, 0.2, "1/G",
      "the border clash rate rises by this share per unit of host grievance"),
    P("host.clash.closed_factor", host.clash_closed_factor, 0, RATE_MAX, 2, "1",
      "the border clash rate is multiplied by this while a crossing is closed"),
    P("host.clash.branching", host.clash_branching, 0, LT1, 0.3, "1",
      "mean further border clashes excited by one clash"),
    P("host.clash.decay", host.clash_decay, GT0, DECAY_MAX, 0.1, "1/day",
      "decay rate of the excitation after a clash"),

    P("diplomacy.half_life", diplomacy.half_life, GT0, INF, 30, "days",
      "half-life of diplomatic pressure D (h_D)"),
    P("diplomacy.demarche", diplomacy.demarche, 0, INF, 1, "D", "D added by a demarche"),
    P("diplomacy.delegation", diplomacy.delegation, 0, INF, 3, "D",
      "D added by a delegation visit"),
    P("diplomacy.ultimatum", diplomacy.ultimatum, 0, INF, 4, "D", "D added by an ultimatum"),
    P("diplomacy.closure_per_day", diplomacy.closure_per_day, 0, INF, 0.2, "D/day",
      "D added per day of border closure"),
    P("diplomacy.deportation", diplomacy.deportation, 0, INF, 2, "D",
      "D added by a deportation drive"),

    P("mediators.start_ladder", mediation.start_ladder, 0, 5, 4, "level",
      "mediators step in from this escalation level on"),
    P("mediators.daily_probability", mediation.daily_probability, 0, 1, 0.1, "probability/day",
      "daily chance a mediator steps in once the ladder is high enough"),
    P("mediators.ceasefire_probability", mediation.ceasefire_probability, 0, 1, 0.15,
      "probability/day", "daily chance that talks produce a ceasefire (p_cf)"),
    P("mediators.ceasefire_days", mediation.ceasefire_days, GT0, INF, 30, "days",
      "length of a ceasefire (cf_days)"),
    P("mediators.talks_days", mediation.talks_days, GT0, INF, 21, "days",
      "talks lapse after this many days without a ceasefire"),

    P("escalation.quiet_days", ladder.quiet_days, GT0, INF, 14, "days",
      "the ladder steps down one level after this many quiet days (h_L)"),
    P("escalation.sustained_clashes", ladder.sustained_clashes, 1, INF, 3, "clashes",
      "this many clashes within the window make level 5"),
    P("escalation.sustained_window", ladder.sustained_window, GT0, INF, 14, "days",
      "window for sustained hostilities"),
};
#define N_PARAMS ((int)(sizeof table / sizeof table[0]))

int scenario_param_count(void) { return N_PARAMS; }

const scn_param_info *scenario_param_at(int i)
{
    return i >= 0 && i < N_PARAMS ? &table[i] : NULL;
}

int scn_param_index(const char *key)
{
    if (!key) return -1;
    for (int i = 0; i < N_PARAMS; i++)
        if (strcmp(table[i].key, key) == 0) return i;
    return -1;
}

const scn_param_info *scenario_param_find(const char *key)
{
    int i = scn_param_index(key);
    return i < 0 ? NULL : &table[i];
}

double scn_param_value(const scn_params *p, const scn_param_info *pi)
{
    const char *base = (const char *)p + pi->offset;
    if (pi->is_int) {
        int v;
        memcpy(&v, base, sizeof v);
        return v;
    }
    double d;
    memcpy(&d, base, sizeof d);
    return d;
}

void scn_param_store(scn_params *p, const scn_param_info *pi, double v)
{
    char *base = (char *)p + pi->offset;
    if (pi->is_int) {
        int iv = (int)v;
        memcpy(base, &iv, sizeof iv);
    } else {
        memcpy(base, &v, sizeof v);
    }
}

int scn_param_in_range(const scn_param_info *pi, double v)
{
    if (!isfinite(v) || v < pi->min || v > pi->max) return 0;
    return !pi->is_int || v == floor(v);
}

void scn_params_default(scn_params *p)
{
    memset(p, 0, sizeof *p);
    for (int i = 0; i < N_PARAMS; i++) scn_param_store(p, &table[i], table[i].def);
}

int scenario_param_get(const scn_params *p, const char *key, double *value)
{
    const scn_param_info *pi = scenario_param_find(key);
    if (!pi) return SIM_EINVAL;
    *value = scn_param_value(p, pi);
    return 0;
}

int scenario_param_set(scn_params *p, const char *key, double value)
{
    const scn_param_info *pi = scenario_param_find(key);
    if (!pi) return SIM_EINVAL;
    if (!scn_param_in_range(pi, value)) return SIM_ERANGE;
    scn_param_store(p, pi, value);
    return 0;
}

int scn_edit_distance(const char *a, const char *b)
{
    enum { MAXLEN = 127 };
    size_t la = strlen(a), lb = strlen(b);
    if (la > MAXLEN || lb > MAXLEN) return MAXLEN + 1;
    int row[MAXLEN + 1];
    for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *scenario_param_suggest(const char *key)
{
    const char *best = NULL;
    int best_d = 3; /* a suggestion must be within two edits */
    for (int i = 0; key && i < N_PARAMS; i++) {
        int d = scn_edit_distance(key, table[i].key);
        if (d < best_d) {
            best_d = d;
            best = table[i].key;
        }
    }
    return best;
}

void scn_param_expect(const scn_param_info *pi, char *buf, size_t n)
{
    if (pi->is_int) {
        snprintf(buf, n, "true or false");
    } else if (isinf(pi->max)) {
        if (pi->min == GT0) snprintf(buf, n, "a number > 0");
        else snprintf(buf, n, "a number >= %g", pi->min);
    } else {
        int open_lo = pi->min == GT0, open_hi = pi->max == LT1;
        snprintf(buf, n, "a number in %c%g, %g%c", open_lo ? '(' : '[', open_lo ? 0.0 : pi->min,
                 open_hi ? 1.0 : pi->max, open_hi ? ')' : ']');
    }
}

void scn_format_double(double v, char *buf, size_t n)
{
    for (int prec = 6; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return;
    }
}

void scn_found_text(const char *text, char *buf, size_t n)
{
    enum { SHOW = 40 };
    size_t len = strlen(text), k = 0;
    for (size_t i = 0; i < len && i < SHOW && k + 1 < n; i++) {
        unsigned char c = (unsigned char)text[i];
        buf[k++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    if (len > SHOW && k + 4 < n) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k < n ? k : n - 1] = '\0';
}
