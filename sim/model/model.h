/* model.h - the conflict model: state, processes and decisions of one replication.
 *
 * A model owns an engine and its random streams. It reads a scenario (copied: the model
 * never changes the caller's scenario) and runs it day by day. Everything the outputs, the
 * statistics and the view need is read through this header; the view changes the model only
 * through model_set_param and model_inject, the same paths a scenario's timeline takes, and
 * each such change is logged as an event with its reason. */
#ifndef FRONTIER_MODEL_H
#define FRONTIER_MODEL_H
#include "scenario/scenario.h"
#include <stdint.h>

/* Kinds of logged events (the `kind` column of events.csv). */
#define MODEL_RECORD_KINDS(XX)       \
    XX(ATTACK, "attack")             \
    XX(ULTIMATUM, "ultimatum")       \
    XX(ULTIMATUM_EXPIRED, "ultimatum_expired") \
    XX(ULTIMATUM_LAPSED, "ultimatum_lapsed") \
    XX(STRIKE, "strike")             \
    XX(CLOSURE, "closure")           \
    XX(REOPEN, "reopen")             \
    XX(DELEGATION, "delegation")     \
    XX(DEMARCHE, "demarche")         \
    XX(DEPORTATION, "deportation")   \
    XX(DENIAL, "denial")             \
    XX(CRACKDOWN, "crackdown")       \
    XX(RELOCATION, "relocation")     \
    XX(DEAL_OFFER, "deal_offer")     \
    XX(DEAL_ACCEPTED, "deal_accepted") \
    XX(DEAL_REJECTED, "deal_rejected") \
    XX(DEAL_COLLAPSE, "deal_collapse") \
    XX(RETALIATION_PLANNED, "retaliation_planned") \
    XX(CLASH, "clash")               \
    XX(DRONE, "drone")               \
    XX(MEDIATION, "mediation")       \
    XX(MEDIATION_END, "mediation_end") \
    XX(CEASEFIRE, "ceasefire")       \
    XX(CEASEFIRE_END, "ceasefire_end") \
    XX(LADDER, "ladder")             \
    XX(SET, "set")                   \
    XX(NOTE, "note")

enum model_record_kind {
#define MODEL_REC_ENUM(name, text) MODEL_REC_##name,
    MODEL_RECORD_KINDS(MODEL_REC_ENUM)
#undef MODEL_REC_ENUM
    MODEL_NRECORD_KINDS
};
const char *model_record_kind_name(int kind);

/* Who acted (the `actor` column of events.csv): the two sides, the militants, the
 * mediators, the scenario's timeline or a script, and a person at the view. */
#define MODEL_ACTORS(XX)                                                               \
    XX(STATE, "state") XX(HOST, "host") XX(MILITANTS, "militants")                       \
    XX(MEDIATOR, "mediator") XX(SCRIPT, "script") XX(USER, "user")

enum model_actor {
#define MODEL_ACTOR_ENUM(id, name) MODEL_ACTOR_##id,
    MODEL_ACTORS(MODEL_ACTOR_ENUM)
#undef MODEL_ACTOR_ENUM
    MODEL_NACTORS
};
const char *model_actor_name(int actor);
/* Name of an escalation ladder level 0..5 ("calm" ... "sustained hostilities"). */
const char *model_ladder_name(int level);

#define MODEL_REASON_MAX 640

/* One row of events.csv. */
typedef struct model_record {
    double t;
    int kind;              /* enum model_record_kind */
    int actor;             /* enum model_actor */
    int zone;              /* zone index or -1 */
    int type;              /* attack type or -1 */
    int from_zone;         /* strike/attack origin (airbase, sanctuary) or -1 */
    double casualties;
    double civilian_casualties;
    int ladder;            /* ladder after the event */
    int scripted;          /* 1 when it came from the timeline, a knob or an inject */
    char reason[MODEL_REASON_MAX];
} model_record;

/* The parts of the effective strike threshold at one moment. */
typedef struct model_threshold {
    double base, cooperation_credit, mediation_restraint, intl_restraint, effective;
} model_threshold;

/* Daily series row (series.csv): the state at the end of day `day` (day d is [d, d + 1)
 * from the start date), taken by the tick at t = day + 1 before that tick's decisions. */
typedef struct model_day {
    double t;
    int day;
    double lambda;           /* attack intensity at the tick */
    int attacks_7d;          /* attacks in the 7 days ending with this one */
    double pressure, threat, threshold_eff, cooperation, grievance, diplomatic;
    double capacity;         /* sum of K over sanctuaries / sum of K0 */
    int ladder;
    int closed_crossings;
} model_day;

/* The totals of one run, in order: XX(field, KIND, what it counts). This one list makes the
 * model_totals struct, summary.json's "totals", the ensemble's totals (replications.csv,
 * ensemble.json, compare.csv, sweep.csv) and the `frontier run` summary; a new total is one
 * line here, counted where the model acts. KIND says the field's type and how it is shown:
 * COUNT (int), AMOUNT (double), DAY (double, the day it first happened, < 0 when it never
 * did), LEVEL (int, a ladder level), FLAG (int, 0 or 1). */
#define MODEL_TOTALS(XX)                                                         \
    XX(attacks, COUNT, "attacks")                                                \
    XX(casualties, AMOUNT, "attack casualties")                                  \
    XX(civilian_casualties, AMOUNT, "civilians killed by strikes")               \
    XX(strikes, COUNT, "strikes")                                                \
    XX(first_strike_day, DAY, "first strike")                                    \
    XX(first_ultimatum_day, DAY, "first ultimatum")                              \
    XX(clashes, COUNT, "border clashes")                                         \
    XX(clash_casualties, AMOUNT, "clash casualties")                             \
    XX(max_ladder, LEVEL, "highest ladder level")                                \
    XX(days_at_ladder_3plus, COUNT, "days at ladder level 3 or more")           \
    XX(ultimatums, COUNT, "ultimatums")                                          \
    XX(closures, COUNT, "border closures")                                       \
    XX(closure_days, COUNT, "days with a crossing closed")                       \
    XX(crackdowns, COUNT, "crackdowns")                                          \
    XX(drones, COUNT, "drone strikes")                                           \
    XX(deal, FLAG, "deal accepted")                                              \
    XX(deal_cost, AMOUNT, "deal cost")                                           \
    XX(ceasefires, COUNT, "ceasefires")                                          \
    XX(mediations, COUNT, "mediations")

enum model_total_kind { MODEL_TOTAL_COUNT, MODEL_TOTAL_AMOUNT, MODEL_TOTAL_DAY,
                        MODEL_TOTAL_LEVEL, MODEL_TOTAL_FLAG };
#define MODEL_TOTAL_CTYPE_COUNT int
#define MODEL_TOTAL_CTYPE_AMOUNT double
#define MODEL_TOTAL_CTYPE_DAY double
#define MODEL_TOTAL_CTYPE_LEVEL int
#define MODEL_TOTAL_CTYPE_FLAG int

/* Totals of one run (summary.json, replications.csv). */
typedef struct model_totals {
#define MODEL_TOTAL_FIELD(field, kind, what) MODEL_TOTAL_CTYPE_##kind field;
    MODEL_TOTALS(MODEL_TOTAL_FIELD)
#undef MODEL_TOTAL_FIELD
} model_totals;

/* The totals one by one, i in [0, MODEL_NTOTALS): field name ("first_strike_day"), kind,
 * what it counts ("first strike") and value as a double (NaN for a DAY that never came). */
enum {
#define MODEL_TOTAL_ID(field, kind, what) MODEL_TOTAL_ID_##field,
    MODEL_TOTALS(MODEL_TOTAL_ID)
#undef MODEL_TOTAL_ID
    MODEL_NTOTALS
};
const char *model_total_name(int i);
int model_total_kind(int i);
const char *model_total_what(int i);
double model_total_value(const model_totals *t, int i);
/* Index of a total by field name, or -1. */
int model_total_find(const char *name);

/* What a frame of the view or a test reads about the present. */
typedef struct model_state {
    double t;
    double lambda, pressure, threat, cooperation, grievance, diplomatic;
    model_threshold threshold;
    double warn_at;
    int ladder;
    int ultimatum_active;
    double ultimatum_deadline;   /* day, valid while active */
    int mediation_active;
    int ceasefire_active;
    double ceasefire_until;
    int deal_active;
    double last_strike_day;      /* < 0 when none */
    int closed_crossings;
    double strike_cost;          /* cost of past strikes (MODEL_SC_COST) */
} model_state;

/* The state's strike rule as the model applies it at one moment: each condition, whether it
 * holds, and a line of text that states it with its numbers ("threat 0.90 >= line 0.88",
 * "ultimatum running: deadline 2023-03-24, 9 days left"). The decision and this check are
 * computed by the same code, so a screen that shows the check shows the rule exactly. */
enum model_strike_cond {
    MODEL_SC_CEASEFIRE,   /* no ceasefire in force */
    MODEL_SC_THREAT,      /* threat score at or above the effective line */
    MODEL_SC_ULTIMATUM,   /* an ultimatum's deadline passed unmet, or a mass-casualty attack */
    MODEL_SC_COOLDOWN,    /* the cooldown since the last strike has run out */
    MODEL_SC_COST,        /* the threat clears the line by at least the cost of past strikes:
                           * threat - line >= cost, the cost rising by state.strike.cost at
                           * each strike and halving every state.strike.cost_half_life days */
    MODEL_NSC
};
#define MODEL_SC_TEXT_MAX 128
typedef struct model_strike_rule {
    int met[MODEL_NSC];             /* 1 when the condition holds */
    char text[MODEL_NSC][MODEL_SC_TEXT_MAX];
    int allowed;                    /* every condition holds */
    double chance;                  /* probability of a strike today when allowed */
    double threat, line;            /* the threat score and the effective line */
    double ultimatum_deadline;      /* day, or < 0 when no ultimatum is running or defied */
    double ultimatum_issued;        /* day that ultimatum was issued, or < 0 */
    double ultimatum_until;         /* day it lapses unless enforced (its deadline plus
                                     * state.ultimatum_lapse_days), or < 0 */
    double cooldown_until;          /* day the cooldown ends, or < 0 when none runs */
    double cost;                    /* the cost of past strikes now (MODEL_SC_COST) */
} model_strike_rule;

typedef struct model model;

/* What the model keeps while it runs; turning logs off makes ensembles fast.
 * MODEL_MT19937 is no log: the random streams draw from GSL's Mersenne Twister, the
 * generator before xoshiro256** (kept so that a test can check the statistics did not move
 * with the switch); a model keeps the generator it was created with (model_reset refuses a
 * change with SIM_EINVAL). */
/* MODEL_KEEP_LEAN with MODEL_KEEP_SERIES: the daily rows leave out lambda and capacity (NaN),
 * which cost exponentials and a cosine a day and which an ensemble's fans do not use.
 * MODEL_CONTINUOUS is no log either: the attack intensity's seasonal factor and capacities
 * as continuous functions of time, the model before they became constant within each day
 * (docs/model.md; kept so that a test can check the statistics did not move). */
enum { MODEL_KEEP_EVENTS = 1, MODEL_KEEP_SERIES = 2, MODEL_KEEP_ALL = 3, MODEL_MT19937 = 4,
       MODEL_KEEP_LEAN = 8, MODEL_CONTINUOUS = 16 };

/* Returns a model of scenario s, replication rep of seed, at day 0, or NULL on no memory
 * (*err, when not NULL, gets the code). keep is a MODEL_KEEP_* mask. */
model *model_create(const scenario *s, uint64_t seed, uint64_t rep, int keep, int *err);
void model_destroy(model *m); /* accepts NULL */

/* Makes m, whatever it did, the model of replication rep of seed of the same scenario at day
 * 0 with the flags keep, exactly as model_create would make
 * it, but reusing its memory and everything computed from the scenario alone: an ensemble
 * runs each thread's replications on one model. Records and series of the last run are
 * dropped. Returns 0, SIM_EINVAL (MODEL_MT19937 changed) or SIM_ENOMEM (then m can only be
 * destroyed). */
int model_reset(model *m, uint64_t seed, uint64_t rep, int keep);

/* Runs the model up to day t (clamped to the horizon). Returns 0 or a SIM_E* code, among
 * them SIM_ELIMIT when the run would take more than the scenario's max_events events and
 * SIM_EINTR when the stop flag (model_set_stop) was set: both leave the model at the last
 * event run, which may be inside a day. */
int model_run_until(model *m, double t);
/* Runs to the horizon. */
int model_run(model *m);
/* Makes model_run_until read *stop (NULL: never) every ENGINE_STOP_EVERY events and return
 * SIM_EINTR once it is set, so that an interrupt stops even a day of a million events. */
void model_set_stop(model *m, volatile const int *stop);
/* Events run so far (what scenario.max_events limits). */
uint64_t model_events_run(const model *m);
double model_now(const model *m);
double model_horizon(const model *m);
int model_done(const model *m);

const scenario *model_scenario(const model *m);
/* The model's own parameters (changed by `set`, knobs). */
const scn_params *model_params(const model *m);
void model_state_get(const model *m, model_state *out);
/* Fills out with the strike rule's conditions at the model's present time. */
void model_strike_rule_get(const model *m, model_strike_rule *out);
/* What condition cond (MODEL_SC_*) asks, in words without numbers ("no ceasefire in
 * force"), for a brief that states the rule before the run. */
const char *model_strike_cond_name(int cond);
const model_totals *model_totals_get(const model *m);
/* The strikes of the run so far, in time order, whether or not events are kept (strike
 * episodes and the gaps between them: analysis/sumstats.h). */
int model_strike_count(const model *m);
double model_strike_time_at(const model *m, int i);

/* Events logged so far (MODEL_KEEP_EVENTS) and the daily series (MODEL_KEEP_SERIES). */
int model_record_count(const model *m);
const model_record *model_record_at(const model *m, int i);
int model_day_count(const model *m);
const model_day *model_day_at(const model *m, int i);

/* Per-zone state. Capacity K for sanctuaries; closed flag for crossings. */
double model_zone_capacity(const model *m, int zone);
int model_zone_closed(const model *m, int zone);
/* Attack intensity lambda(t) at the model's present time. */
double model_intensity(const model *m);

/* Changes a parameter from now on, as the timeline's `set` does, and logs it with actor
 * and why. Returns 0, SIM_EINVAL (unknown key), or SIM_ERANGE (outside the key's range, or
 * breaking a rule between parameters: scenario_params_check); on error nothing changes. */
int model_set_param(model *m, const char *key, double value, int actor, const char *why);
/* Runs a timeline action now (it->day is ignored), logged with actor and it->note.
 * Returns 0 or a SIM_E* code. */
int model_inject(model *m, const scn_timeline_item *it, int actor);

/* ---- decision mode (frontier view --play) ---------------------------------------------
 *
 * By default (MODEL_POLICY_OWN) each side decides by the model's rules. Under
 * MODEL_POLICY_DEFER the model still evaluates the side's rules, but where the side would
 * act it does not: it notes a pending decision (its kind, the zone, the reason the model
 * would have acted for) and carries on. The deferred choices are, for the state: ultimatum,
 * strike, border closure and the answer to the host's deal offer (noted as
 * MODEL_REC_DEAL_ACCEPTED when the model would pay, MODEL_REC_DEAL_REJECTED when it would
 * refuse; the class answers with the deal_accept or deal_refuse action); for the host:
 * crackdown, deal offer, retaliation after a strike.
 * Everything else (protests, relocation, deal collapse, the other side) runs as usual, and
 * the random draws are the same whether or not anyone reads the pending decisions, so a
 * deferred run whose choices are injected later (model_inject, e.g. from a script) is
 * reproducible: the same policy, seed and injects give the same records. Deferring is never
 * on unless model_set_policy turns it on; without it the model behaves exactly as before. */
enum model_policy { MODEL_POLICY_OWN, MODEL_POLICY_DEFER };

/* A decision the model left to the caller. kind is MODEL_REC_ULTIMATUM, _STRIKE, _CLOSURE,
 * _DEAL_ACCEPTED, _DEAL_REJECTED, _CRACKDOWN, _DEAL_OFFER or _RETALIATION_PLANNED (zone: the
 * crossing of the clash). */
typedef struct model_decision {
    double t;
    int side;              /* enum scn_side */
    int kind;
    int zone;              /* or -1 */
    char reason[MODEL_REASON_MAX];   /* why the model would have acted */
} model_decision;

#define MODEL_DECISIONS_MAX 8

/* Sets the policy of side (SCN_SIDE_STATE or SCN_SIDE_HOST). Returns 0 or SIM_EINVAL. */
int model_set_policy(model *m, int side, int policy);
/* Pending decisions since the last clear (at most one of each kind; the first of a kind
 * is kept), oldest first. */
int model_decision_count(const model *m);
const model_decision *model_decision_at(const model *m, int i);
void model_decisions_clear(model *m);

/* One incident before the start of a run, for model_preload. */
typedef struct model_past_event {
    double t;            /* days relative to the start: <= 0 */
    double lat, lon;     /* where it happened (NaN when unknown) */
    double casualties;   /* NaN when unknown: the mean of the attack types is used */
} model_past_event;

/* Feeds real incidents that happened before the start into the self-excitation and the
 * domestic pressure, as if they had been attacks of the run: each is counted at the target
 * zone nearest to it (the most exposed one when it has no position), excites from the
 * sanctuary nearest that target, and weighs as an attack of average type. Call it before
 * the model runs (at day 0). Returns 0, or SIM_EINVAL for an event after the start or a
 * model that has already run. */
int model_preload(model *m, const model_past_event *ev, int n);

#endif
