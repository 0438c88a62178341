/* model_int.h - internals shared by the model's modules (model*.c). Not for other callers. */
#ifndef FRONTIER_MODEL_INT_H
#define FRONTIER_MODEL_INT_H
#include "engine/engine.h"
#include "model/model.h"
#include "model/threat.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* Engine event kinds. */
enum {
    EV_TICK, EV_CANDIDATE, EV_TIMELINE, EV_ULTIMATUM_EXPIRE, EV_RETALIATION, EV_REOPEN,
    EV_CEASEFIRE_END, EV_DRONE, EV_ULTIMATUM_LAPSE, EV_NKINDS
};

/* The engine's slots for held events (engine_hold): the daily tick and the one pending
 * attack candidate of the thinning, the model's two recurring events, kept out of the heap. */
enum { SLOT_TICK, SLOT_CANDIDATE };

/* Casualty values tabulated per attack type (model_attack.c). */
#define MODEL_CAS_TAB 1024
/* Entries of each guide table of an inversion (model_attack.c). */
#define MODEL_GUIDE 64

/* The threat levels the daily decisions compare with (model_threat_at_least). */
enum { LV_PROTEST, LV_WARN, LV_CLOSE, LV_DEMARCHE, MODEL_NLEVELS };

/* Random streams: one per process, so a change to one process leaves the others' draws. */
enum {
    RS_ATTACKS, RS_MARKS, RS_STATE, RS_HOST, RS_DEAL, RS_RETALIATION, RS_DRONES, RS_MEDIATION,
    RS_CLASHES, RS_N
};

/* Ultimatum state: none, running, deadline passed unmet (in force: strikes allowed until it
 * lapses), met by the host. */
enum { ULT_NONE, ULT_ACTIVE, ULT_EXPIRED, ULT_MET };

/* A value that halves every h days, evaluated lazily from (v0, t0). The daily tick
 * advances it (model_decay_advance) with the factor f of one day for half-life hf, kept so
 * that a quiet day costs a multiplication. */
typedef struct decaying {
    double v0, t0;
    double hf, f;
} decaying;

struct model {
    scenario *s;              /* own copy */
    scn_params p;             /* live parameters (changed by set) */
    engine *e;
    gsl_rng *r[RS_N];
    int keep;
    double horizon;

    /* zones */
    int nz;
    double *K, K_t0;          /* capacities at K_t0 (lazy recovery, one common origin) */
    double kstep_rate, kstep; /* exp(-rate): a day's capacity factor at kstep_rate */
    double kstep_recovery, kstep_share; /* recovery and recovery / kstep_rate (K_inf / K0) */
    double *day_scale;        /* per day d: season at d + 1/2 x background level of d */
    double day_scale_max;     /* the largest of day_scale (the thinning's bound) */
    double k0_sum;            /* sum of K0 over sanctuaries */
    double start_doy;         /* day of the year of the start date */
    double bg_max;            /* largest background factor over the run (thinning bound) */
    double *excite;           /* per-origin attack excitation at excite_t0 */
    double excite_t0;
    double ex_sum, sx_sum;    /* sums of excite and strike_excite over sanctuaries
                               * (model_excite_sums after every change) */
    double *strike_excite;    /* per struck sanctuary: strike-retaliation excitation at
                               * excite_t0 (each strike excites attacks from its target) */
    double *dist;             /* nz x nz distances, km */
    int *closed_until_day;    /* crossings: closed while t < value (as double below) */
    double *closed_until;
    int *sanct, n_sanct;      /* indices of sanctuaries */
    double *sanct_k0;         /* per sanctuary (as sanct): its K0, read beside K */
    int *targets, n_targets;
    int *cross, n_cross;      /* indices of crossings */
    double *target_pull;      /* (nz + 1) x n_targets: exposure x exp(-distance / L) of each
                               * target from each zone (row nz: from nowhere, exposure) */
    double *target_pull_sum;  /* nz + 1 row sums */
    double *target_cdf;       /* (nz + 1) x n_targets: each row's pull, cumulated, over its sum */
    int *target_guide;        /* (nz + 1) x MODEL_GUIDE: guide tables of target_cdf's rows */
    gsl_ran_discrete_t *type_table;
    double *cas_cdf;          /* SCN_NATTACK_TYPES x MODEL_CAS_TAB: casualties' distribution
                               * function of each type, cas_n[type] values (0: none) */
    int *cas_guide;           /* SCN_NATTACK_TYPES x MODEL_GUIDE: guide tables of cas_cdf */
    int cas_n[SCN_NATTACK_TYPES];
    double cas_pmf_last[SCN_NATTACK_TYPES];  /* P(cas_n - 1), where the recursion goes on */
    unsigned tables_built;    /* times model_attack_tables ran (a `set` rebuilds them) */

    /* state variables */
    decaying P, D, G;
    decaying strike_cost;     /* cost of past strikes (half-life state.strike.cost_half_life) */
    double clash_excite, clash_excite_t0;  /* border-clash excitation at clash_excite_t0 */
    double clash_step_decay, clash_step;   /* exp(-decay): a day's factor at that decay */
    double C;
    double coop_tau, coop_step;  /* tau_C and 1 - exp(-1/tau_C), its daily step (NaN: none) */
    double thr_P, thr_scale, thr_S;  /* threat thr_S of pressure thr_P at scale (NaN: none) */
    threat_level levels[MODEL_NLEVELS]; /* bounds per LV_* (threat.h) */
    double pow_exp;           /* (1 + c)^pow_exp for whole c < 64 in pow_tab */
    double pow_tab[64];
    int ultimatum;            /* ULT_* */
    double ultimatum_deadline;
    double ultimatum_issued;  /* day the ultimatum in ultimatum was issued */
    double last_strike, last_demarche, last_offer;
    double mass_casualty_t;   /* time of the last mass-casualty attack, or -inf */
    double talks_suspended_until;
    int mediation_active;
    double mediation_since;
    int ceasefire_active;
    double ceasefire_until;
    int deal_active;
    int offer_armed;
    int ladder;
    double ladder_last_raise;
    double *strike_times;     /* every strike's time, in order (model_strike_time_at) */
    int n_strikes, cap_strikes;
    double *clash_times;      /* ring of recent clash times */
    int clash_head, clash_n, clash_cap;
    int closing_active;       /* closure decided by the state is in force */
    int *attacks_by_day;      /* per day count, for attacks_7d */
    int n_days;

    int policy[SCN_NSIDES];   /* MODEL_POLICY_* */
    model_decision pend[MODEL_DECISIONS_MAX];
    int n_pend;

    model_totals tot;
    model_record *rec;
    int n_rec, cap_rec;
    model_day *days;
    int n_day_rows;

    /* The model as set up before its first event: model_reset copies it back, then resets
     * the contents of the per-replication arrays (K, excite, closed_until, clash_times,
     * attacks_by_day; a new one must be reset there too) and reseeds the streams. */
    struct model *pristine;
};

/* model.c */
double model_decay_value(const decaying *d, double half_life, double t);
void model_decay_add(decaying *d, double half_life, double t, double jump);
/* Moves the origin of d to t (>= t0): later reads at t cost nothing. */
void model_decay_advance(decaying *d, double half_life, double t);
/* At the start of a daily tick at t: advances P, D, G, the cost of strikes and the
 * capacities to t. */
void model_tick_prepare(model *m, double t);
/* model_state_get, with lambda left NaN (no cosine, no exponentials) when !with_lambda. */
void model_state_fill(const model *m, model_state *out, int with_lambda);
double model_threat(const model *m, double t);
/* model_threat, remembered for its pressure and scale: later reads cost nothing. */
double model_threat_keep(model *m, double t);
/* Whether model_threat(m, t) >= L, without the exponential when the pressure is clearly
 * on one side of the pressure at which the threat is L (bounds kept per level, an LV_*):
 * the same answer as the comparison, at a fraction of its cost. */
int model_threat_at_least(model *m, int level, double L, double t);
void model_threshold_parts(const model *m, double t, model_threshold *out);
double model_capacity(const model *m, int z, double t);
void model_capacity_set(model *m, int z, double t, double value);
/* Pins every capacity at its value at t (the common origin moves to t). */
void model_capacities_freeze(model *m, double t);
/* Sum of K over sanctuaries at t: one exponential for all of them. */
double model_capacity_sum(const model *m, double t);
/* The capacities' common factor at t, so that model_capacity(m, z, t) is
 * model_capacity_with(m, z, f) and model_capacity_sum(m, t) model_capacity_sum_with(m, f)
 * for f = model_capacity_factor(m, t): one exponential for many reads at one time. */
double model_capacity_factor(const model *m, double t);
double model_capacity_with(const model *m, int z, double factor);
double model_capacity_sum_with(const model *m, double factor);
/* Nonzero when records are kept, so reasons are worth formatting. */
#define MODEL_EXPLAINING(m) (((m)->keep & MODEL_KEEP_EVENTS) != 0)
void model_raise_ladder(model *m, int level);
/* Logs an event. reason may be NULL; formatted with printf rules when it is a format. */
int model_log(model *m, int kind, int actor, int zone, double cas, double civ, int scripted,
              const char *fmt, ...) __attribute__((format(printf, 8, 9)));
model_record *model_last_record(model *m);
int model_schedule(model *m, double t, int kind, int zone, int arg, double value, evq_id *id);
/* Holds the daily tick at t in its engine slot (engine_hold): a tick costs no heap
 * operation, and it runs in the order a scheduled one would. */
int model_hold_tick(model *m, double t);
void model_date(const model *m, double t, char out[static 11]);

/* model_attack.c */
double model_lambda(const model *m, double t);
/* Brings every attack and strike excitation to time t (>= excite_t0) so jumps can be added. */
void model_excite_advance(model *m, double t);
/* Sums the excitations again (ex_sum, sx_sum): after every jump of one. */
void model_excite_sums(model *m);
int model_attack_reschedule(model *m);
int model_on_candidate(engine *e, const sim_event *ev, void *ctx);
/* Executes an attack at target zone (or drawn when -1), type (or drawn when -1),
 * casualties (or drawn when < 0), with origin sanctuary origin (or nearest when -1). */
int model_attack(model *m, int target, int type, double cas, int origin, int actor,
                 const char *note);
/* The tables that depend on parameters: attack types, targets' pull. */
int model_attack_tables(model *m);

/* model_decide.c */
int model_on_tick(engine *e, const sim_event *ev, void *ctx);
int model_on_ultimatum_expire(engine *e, const sim_event *ev, void *ctx);
int model_on_ultimatum_lapse(engine *e, const sim_event *ev, void *ctx);
/* Day a defied (or met) ultimatum stops being in force. */
double model_ultimatum_until(const model *m);
int model_on_retaliation(engine *e, const sim_event *ev, void *ctx);
int model_on_reopen(engine *e, const sim_event *ev, void *ctx);
int model_on_ceasefire_end(engine *e, const sim_event *ev, void *ctx);
int model_on_drone(engine *e, const sim_event *ev, void *ctx);
int model_strike(model *m, int zone, int actor, const char *why);
int model_ultimatum(model *m, double days, int actor, const char *why);
int model_closure(model *m, int zone, double days, int actor, const char *why);
int model_reopen(model *m, int zone, int actor, const char *why);
int model_diplomacy(model *m, int kind, int actor, const char *why);
int model_deal_offer(model *m, int actor, const char *why);
/* The state pays for the offered deal (accept) or refuses; a second deal is refused. */
int model_deal_answer(model *m, int accept, int actor, const char *why);
/* The host hands fighters over or moves them from the border (capacity -relocation share);
 * a running ultimatum is met. */
int model_handover(model *m, int actor, const char *why);
int model_mediation(model *m, int actor, const char *why);
int model_ceasefire(model *m, double days, int actor, const char *why);
int model_drone(model *m, int zone, int actor, const char *why);
int model_clash(model *m, int crossing, double cas, int actor, const char *why);
/* The rate of border clashes of their own at t, 1/day (host.clash.*), and its parts: the
 * grievance factor, the closure factor and the excitation of recent clashes. */
double model_clash_rate(const model *m, double t, double *g_factor, double *c_factor,
                        double *excite);
/* The cost of past strikes at t (state.strike.cost, halving every cost_half_life days). */
double model_strike_cost(const model *m, double t);
int model_drone_schedule(model *m);
int model_nearest_zone(const model *m, int from, int kind);
int model_crackdown(model *m, int zone, int actor, const char *why);
/* Nonzero when side's decisions are deferred; model_defer notes one (returns 0). */
#define MODEL_DEFERS(m, side) ((m)->policy[side] == MODEL_POLICY_DEFER)
int model_defer(model *m, int side, int kind, int zone, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* model_script.c */
int model_on_timeline(engine *e, const sim_event *ev, void *ctx);
int model_run_action(model *m, const scn_timeline_item *it, int actor);

#endif
