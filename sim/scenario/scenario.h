/* scenario.h - the scenario model (plain structs) and its YAML loader.
 *
 * A scenario names the sides, zones and parameters of one border conflict; nothing in the
 * engine or model is specific to a region. Every scalar parameter lives in scn_params, a
 * plain value struct, and is named by a dotted key ("state.strike.threshold") in one table
 * (scenario_param_*): the YAML loader, --set, the timeline's `set` action, `frontier check`
 * and the view's knobs all go through that table. Units: rates per day, half-lives and
 * durations in days, distances in km, probabilities in [0, 1]. */
#ifndef FRONTIER_SCENARIO_H
#define FRONTIER_SCENARIO_H
#include "data/bg.h"
#include <stddef.h>
#include <stdio.h>

#define SCN_NAME_MAX 64
#define SCN_TEXT_MAX 512
/* Longest horizon or timeline duration (100 years) and largest casualty count of one
 * timeline item or script entry: beyond them dates overflow and sums lose meaning. */
#define SCN_DAYS_MAX 36525.0
#define SCN_CASUALTIES_MAX 1e5
/* Events one run may take (scenario.max_events): the default is 400 times the longest
 * shipped scenario, and stops a run that grows without bound (an explosive process, a
 * huge rate) within seconds and a few hundred MB, with SIM_ELIMIT. */
#define SCN_EVENTS_DEFAULT 1000000ULL
#define SCN_EVENTS_MAX 1000000000ULL
/* Most zones (the model keeps a zones x zones table of distances: 8 MB at this size) and
 * most timeline items of one scenario (the longest shipped timeline has about a hundred). */
#define SCN_ZONES_MAX 1000
#define SCN_TIMELINE_MAX 100000
/* Last day a scenario may reach: 9999-12-31, the last date of four-digit years. */
#define SCN_LAST_DATE 2932896L

/* The names of sides, zone kinds, attack types and timeline actions as written in scenario
 * files, each list making its enum (SCN_SIDE_STATE, SCN_ZONE_SANCTUARY, SCN_ATTACK_IED,
 * SCN_ACT_ATTACK, ...) and its names, in order. */
#define SCN_SIDES(XX) XX(STATE, "state") XX(HOST, "host")
#define SCN_ZONE_KINDS(XX)                                                             \
    XX(SANCTUARY, "sanctuary") XX(TARGET, "target") XX(CROSSING, "crossing")            \
    XX(CAPITAL, "capital") XX(AIRBASE, "airbase")
#define SCN_ATTACK_TYPES(XX)                                                           \
    XX(IED, "ied") XX(SUICIDE, "suicide") XX(RAID, "raid") XX(AMBUSH, "ambush")         \
    XX(CROSS_BORDER, "cross_border")
/* Timeline actions; scripted ones run through the same handlers as the model's own. */
#define SCN_ACTIONS(XX)                                                                \
    XX(ATTACK, "attack") XX(STRIKE, "strike") XX(DELEGATION, "delegation")              \
    XX(DEMARCHE, "demarche") XX(ULTIMATUM, "ultimatum") XX(CLOSURE, "closure")          \
    XX(REOPEN, "reopen") XX(DEAL_OFFER, "deal_offer") XX(MEDIATION, "mediation")        \
    XX(CEASEFIRE, "ceasefire") XX(DRONE, "drone") XX(SET, "set")                        \
    XX(DEPORTATION, "deportation") XX(CLASH, "clash") XX(CRACKDOWN, "crackdown")        \
    XX(DEAL_ACCEPT, "deal_accept") XX(DEAL_REFUSE, "deal_refuse")                       \
    XX(HANDOVER, "handover") XX(NOTE, "note")

#define SCN_ENUM_SIDE(id, name) SCN_SIDE_##id,
#define SCN_ENUM_ZONE(id, name) SCN_ZONE_##id,
#define SCN_ENUM_ATTACK(id, name) SCN_ATTACK_##id,
#define SCN_ENUM_ACT(id, name) SCN_ACT_##id,
enum scn_side { SCN_SIDES(SCN_ENUM_SIDE) SCN_NSIDES };
enum scn_zone_kind { SCN_ZONE_KINDS(SCN_ENUM_ZONE) SCN_NZONE_KINDS };
enum scn_attack_type { SCN_ATTACK_TYPES(SCN_ENUM_ATTACK) SCN_NATTACK_TYPES };
enum scn_action { SCN_ACTIONS(SCN_ENUM_ACT) SCN_NACTIONS };
#undef SCN_ENUM_SIDE
#undef SCN_ENUM_ZONE
#undef SCN_ENUM_ATTACK
#undef SCN_ENUM_ACT

/* Names as written in scenario files ("sanctuary", "suicide", "deal_offer", ...). */
const char *scn_side_name(int side);
const char *scn_zone_kind_name(int kind);
const char *scn_attack_type_name(int type);
const char *scn_action_name(int action);

typedef struct scn_zone {
    char name[SCN_NAME_MAX];
    int side;          /* enum scn_side */
    int kind;          /* enum scn_zone_kind */
    double lat, lon;   /* degrees */
    double capacity;   /* sanctuary: militant capacity K0 (relative units) */
    double exposure;   /* target: attractiveness weight w */
} scn_zone;

typedef struct scn_attack_type_params {
    double probability;  /* share of attacks of this type (normalised over types) */
    double casualties;   /* mean casualties (negative binomial) */
    double dispersion;   /* negative binomial size r: variance = m + m^2/r */
    double weight;       /* w_type in the pressure jump */
} scn_attack_type_params;

/* Every scalar parameter. A plain value: copy it to change parameters for one run. */
typedef struct scn_params {
    struct {
        double base_rate;          /* mu: background attacks/day at full capacity, all sanctuaries */
        double activity;           /* multiplies mu: below 1 while the militants keep a truce */
        double branching;          /* kappa: mean offspring per attack */
        double decay;              /* beta: 1/day, excitation decay */
        double strike_branching;   /* kappa_s: attacks excited per strike */
        double strike_decay;       /* beta_s: 1/day */
        double season_amplitude;   /* A in sigma(t) */
        double season_peak_day;    /* day of year of the seasonal peak */
        double coop_damping;       /* e_C: share of background removed at full cooperation */
        double recovery;           /* r_K: 1/day, capacity recovery toward K0 */
        double p_same_origin;      /* excited attack keeps its parent's origin */
        double distance_scale;     /* L, km: target choice decays as exp(-d/L) */
        int allow_explosive;       /* 1 lets branching >= 1 pass validation */
        scn_attack_type_params type[SCN_NATTACK_TYPES];
    } militants;
    struct {
        double threat_half_life;   /* h_P, days */
        double threat_scale;       /* P_scale */
        double casualty_exponent;  /* gamma */
        double exposure_weight;    /* multiplies target exposure w in the pressure jump */
        double warn_at;            /* theta_warn: ultimatum when S >= this */
        double ultimatum_days;     /* T_u */
        double ultimatum_lapse_days; /* a defied ultimatum stays in force this long */
        double close_at;           /* theta_close: border closure when S >= this */
        double closure_days;       /* length of a closure decided by the state */
        double threshold;          /* theta: base strike threshold */
        double cooldown;           /* days between strikes */
        double credit_cooperation; /* credit_C: threshold rises by this x C */
        double restraint_mediation;/* threshold rises by this while mediation is active */
        double restraint_intl;     /* constant international restraint */
        double strike_cost;        /* cost of striking added by each strike (threat units) */
        double strike_cost_half_life; /* days for that cost to halve */
        double mass_casualty;      /* one attack this deadly skips the ultimatum */
        double intel;              /* q_intel: probability the largest sanctuary is hit */
        double strike_damage;      /* d_strike: fraction of K removed */
        double civilians_mean;     /* m_civ: Poisson mean civilians killed per strike */
        double strike_relief;      /* fraction of P relieved by a strike */
        double talks_suspended_days; /* diplomacy suspended after a strike */
        double drone_rate;         /* rho_drone: incursions/day */
        double demarche_at;        /* a protest (demarche) when S >= this ... */
        double demarche_interval;  /* ... at most once per this many days */
    } state;
    struct {
        double cooperation;        /* C0 */
        double cooperation_tau;    /* tau_C, days */
        double diplomatic_gain;    /* a_D */
        double grievance_gain;     /* a_G */
        double grievance_half_life;/* h_G */
        double grievance_strike;   /* G jump per strike */
        double grievance_civilian; /* G jump per civilian killed */
        double grievance_drone;    /* G jump per drone incursion */
        double grievance_closure;  /* G jump per closure day */
        double crackdown_rate;     /* daily probability of a crackdown at C = 1 */
        double crackdown_damage;   /* fraction of K removed */
        double relocation_min_coop;/* relocation needs an active ultimatum and C >= this */
        double relocation_fraction;/* fraction of border-sanctuary K moved away */
        double denial_probability; /* chance of a denial statement after a diplomatic event */
        double deal_offer_at;      /* D_offer */
        double deal_accept;        /* p_accept (the state's chance of paying) */
        double deal_cost_per_day;
        double deal_disarm_rate;   /* r_disarm, 1/day */
        double deal_collapse_base; /* daily collapse probability */
        double deal_collapse_grievance; /* added per unit of G */
        double deal_offer_interval; /* days between two offers */
        double retaliation_base;   /* r0 */
        double retaliation_grievance; /* r1 */
        double clash_casualties;   /* mean casualties per clash, each side */
        double clash_closure_days; /* crossing closed after a clash */
        double clash_closure_probability; /* chance the host's own clash closes its crossing */
        double clash_rate;         /* border clashes of their own: base rate, 1/day */
        double clash_grievance_gain; /* their rate rises by this share per unit of G */
        double clash_closed_factor;  /* and is multiplied by this while a crossing is shut */
        double clash_branching;    /* further clashes excited by one clash */
        double clash_decay;        /* decay rate of that excitation, 1/day */
    } host;
    struct {
        double half_life;          /* h_D */
        double demarche;           /* D jumps */
        double delegation;
        double ultimatum;
        double closure_per_day;
        double deportation;
    } diplomacy;
    struct {
        double start_ladder;       /* mediators step in at this ladder level */
        double daily_probability;  /* chance a mediator steps in on a day */
        double ceasefire_probability; /* p_cf: daily chance talks give a ceasefire */
        double ceasefire_days;     /* cf_days */
        double talks_days;         /* mediation lapses after this many days without result */
    } mediation;
    struct {
        double quiet_days;         /* h_L: step down one level after this many quiet days */
        double sustained_clashes;  /* n clashes ... */
        double sustained_window;   /* ... within m days make level 5 */
    } ladder;
} scn_params;

typedef struct scn_timeline_item {
    double day;                 /* days since start_date (may be fractional) */
    int action;                 /* enum scn_action */
    int zone;                   /* zone index or -1 */
    int type;                   /* attack type or -1 */
    double casualties;          /* attack/clash casualties, or -1 for drawn */
    double days;                /* ultimatum / closure / ceasefire length, or -1 for default */
    char key[SCN_NAME_MAX];     /* `set`: parameter key */
    double value;               /* `set`: new value */
    char note[SCN_TEXT_MAX];
} scn_timeline_item;

typedef struct scn_view {
    char map[256];              /* map file, relative to the scenario file's folder */
    double center_lat, center_lon, span_km; /* initial camera; span 0 = fit the map */
    char title[SCN_TEXT_MAX];
    char brief[4 * SCN_TEXT_MAX];
    char questions[4 * SCN_TEXT_MAX];
    char watch[SCN_TEXT_MAX];   /* the decision the brief card asks the class to watch */
    char wants[3][SCN_TEXT_MAX];   /* what the state, the host, the militants want (brief card) */
} scn_view;

typedef struct scenario {
    char name[SCN_TEXT_MAX];
    char description[4 * SCN_TEXT_MAX];
    char path[512];             /* file it was loaded from */
    char record[256];           /* record: the record of the conflict (data/record.h) the
                                   view and the debrief set beside a run, relative to the
                                   folder of path; "" for none */
    long start_date;            /* days since 1970-01-01 */
    double days;                /* horizon */
    unsigned long long seed;
    unsigned long long max_events;  /* limit of events of one run, 1..SCN_EVENTS_MAX */
    char side_name[SCN_NSIDES][SCN_NAME_MAX];  /* "Pakistan", "Afghanistan (Taliban)" */
    char militant_name[SCN_NAME_MAX];          /* "TTP" */
    char mediator_name[SCN_NAME_MAX];          /* "Qatar and Turkey" */
    scn_params p;
    bg_shape background;        /* militants.background: the factor of militants.base_rate
                                   by calendar day (data/bg.h); a list, so not a parameter */
    scn_zone *zones;
    int n_zones;
    scn_timeline_item *timeline;  /* sorted by day, stable */
    int n_timeline;
    scn_view view;
} scenario;

/* One diagnostic: "file:line:col: key: message". */
typedef struct scn_error {
    char file[512];
    int line, col;
    char key[128];
    char msg[512];
} scn_error;

/* Collected diagnostics of one load. */
typedef struct scn_errors {
    scn_error *items;
    int n, cap;
} scn_errors;

void scn_errors_free(scn_errors *errs);
/* Prints each error as "file:line:col: key: message" on its own line. */
void scn_errors_print(const scn_errors *errs, FILE *f);

/* The file name messages give standard input. */
#define SCN_STDIN_NAME "<stdin>"

/* Loads path (following extends:), applies overrides ("section.key=value", n_over of them),
 * validates. Path "-" reads standard input (its extends: and view.map are then relative to
 * the current folder; messages name it SCN_STDIN_NAME). Returns the scenario, or NULL with every problem in *errs (also the
 * overrides', reported as file "--set"). The caller frees with scenario_destroy and
 * scn_errors_free. */
scenario *scenario_load(const char *path, const char *const *overrides, int n_over,
                        scn_errors *errs);
void scenario_destroy(scenario *s); /* accepts NULL */

/* A scenario with built-in defaults and no zones, for tests and the benchmarks. */
scenario *scenario_create_default(void);
/* Deep copy, or NULL on no memory. */
scenario *scenario_clone(const scenario *s);
/* Adds a zone (copied). Returns its index or SIM_ENOMEM. */
int scenario_add_zone(scenario *s, const scn_zone *z);
/* Adds a timeline item (copied) keeping the timeline sorted by day. Returns 0 or SIM_ENOMEM. */
int scenario_add_timeline(scenario *s, const scn_timeline_item *it);
/* The file rel (a file the scenario names, as view.map and record keep it) from the current
 * folder: rel itself when absolute or when the scenario has no folder (standard input),
 * else joined to the folder of s->path. Returns 0, or SIM_ERANGE when it does not fit. */
int scenario_file_path(const scenario *s, const char *rel, char *out, size_t size);
/* Index of the zone named name (case-sensitive), or -1. */
int scenario_find_zone(const scenario *s, const char *name);
/* Checks parameter ranges and the rules between parameters, also after each timeline `set`
 * in day order, zones and timeline items. Adds one error per problem (file and line 0 when
 * not from a file). Returns the number of problems. */
int scenario_validate(const scenario *s, scn_errors *errs);
/* The rules that tie parameters together: branching below 1 unless
 * militants.allow_explosive, and at least one attack type with a probability > 0. They hold
 * wherever parameters change: the file and --set (scenario_validate), each timeline `set`
 * at its day (scenario_validate), a knob or a script (model_set_param). Returns 0, or
 * SIM_ERANGE with the parameter at fault in *key and the broken rule in why. */
int scenario_params_check(const scn_params *p, const char **key, char *why, size_t n);
/* Stable 64-bit hash of the resolved scenario (parameters, zones, timeline). */
unsigned long long scenario_hash(const scenario *s);

/* The parameter table. Each parameter has a dotted key, a range, a unit and a doc line. */
typedef struct scn_param_info {
    const char *key;        /* "state.strike.threshold" */
    size_t offset;          /* offsetof(scn_params, ...) of a double (or int when is_int) */
    int is_int;
    double min, max;        /* inclusive valid range */
    double def;             /* default */
    const char *unit;
    const char *doc;
} scn_param_info;

/* Number of parameters and the i-th one's description. */
int scenario_param_count(void);
const scn_param_info *scenario_param_at(int i);
/* The entry for key, or NULL. */
const scn_param_info *scenario_param_find(const char *key);
/* Closest key to a misspelt one (edit distance), or NULL when nothing is near. */
const char *scenario_param_suggest(const char *key);
/* Reads / writes a parameter by key. Set returns 0, SIM_EINVAL (unknown key) or SIM_ERANGE
 * (outside the table's range or not finite); on error p is unchanged. */
int scenario_param_get(const scn_params *p, const char *key, double *value);
int scenario_param_set(scn_params *p, const char *key, double value);

/* Writes the resolved scenario as YAML that scenario_load reads back to the same scenario. */
int scenario_write_yaml(const scenario *s, FILE *f);

/* Writes the JSON Schema (draft 2020-12) of the scenario format, made from the parameter
 * table: every key with its type, range, default and description, in the nested form and,
 * at the top, as dotted keys (schemas/scenario.schema.json is this output). Returns 0 or
 * SIM_EIO. */
int scenario_write_schema(FILE *f);

#endif
