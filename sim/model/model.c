/* model.c - the conflict model: lifecycle, lazy state variables, the event log, accessors. */
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "engine/rng.h"
#include "model/model_int.h"
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const char *const stream_names[RS_N] = {
    "attacks", "marks", "state", "host", "deal", "retaliation", "drones", "mediation",
    "clashes",
};

const char *model_record_kind_name(int kind)
{
    static const char *const names[] = {
#define MODEL_REC_NAME(name, text) text,
        MODEL_RECORD_KINDS(MODEL_REC_NAME)
#undef MODEL_REC_NAME
    };
    return kind >= 0 && kind < MODEL_NRECORD_KINDS ? names[kind] : "?";
}

/* ---- totals ---------------------------------------------------------------------------- */

typedef struct total_info {
    const char *name, *what;
    int kind;
    size_t offset;
} total_info;

static const total_info totals_table[MODEL_NTOTALS] = {
#define MODEL_TOTAL_INFO(field, kind, what) \
    {#field, what, MODEL_TOTAL_##kind, offsetof(model_totals, field)},
    MODEL_TOTALS(MODEL_TOTAL_INFO)
#undef MODEL_TOTAL_INFO
};

const char *model_total_name(int i) { return totals_table[i].name; }
int model_total_kind(int i) { return totals_table[i].kind; }
const char *model_total_what(int i) { return totals_table[i].what; }

double model_total_value(const model_totals *t, int i)
{
    const char *p = (const char *)t + totals_table[i].offset;
    int kind = totals_table[i].kind;
    if (kind != MODEL_TOTAL_AMOUNT && kind != MODEL_TOTAL_DAY) {
        int v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    double v;
    memcpy(&v, p, sizeof v);
    return kind == MODEL_TOTAL_DAY && v < 0 ? NAN : v;
}

int model_total_find(const char *name)
{
    for (int i = 0; i < MODEL_NTOTALS; i++)
        if (strcmp(totals_table[i].name, name) == 0) return i;
    return -1;
}

const char *model_actor_name(int actor)
{
    static const char *const names[MODEL_NACTORS] = {
#define MODEL_ACTOR_NAME(id, name) name,
        MODEL_ACTORS(MODEL_ACTOR_NAME)
#undef MODEL_ACTOR_NAME
    };
    return actor >= 0 && actor < MODEL_NACTORS ? names[actor] : "?";
}

const char *model_strike_cond_name(int cond)
{
    static const char *const names[MODEL_NSC] = {
        [MODEL_SC_CEASEFIRE] = "no ceasefire in force",
        [MODEL_SC_THREAT] = "the threat at or above the strike line",
        [MODEL_SC_ULTIMATUM] = "an ultimatum defied, or a mass-casualty attack",
        [MODEL_SC_COOLDOWN] = "the cooldown since the last strike over",
        [MODEL_SC_COST] = "the threat clears the line by the cost of past strikes",
    };
    return cond >= 0 && cond < MODEL_NSC && names[cond] ? names[cond] : "?";
}

/* ---- lazy state ---------------------------------------------------------------------- */

double model_decay_value(const decaying *d, double half_life, double t)
{
    /* exp2(-0) is 1: the same value without the call, for the many reads at one time. */
    if (t == d->t0 || d->v0 == 0) return d->v0; /* nothing to decay: no call */
    return d->v0 * exp2(-(t - d->t0) / half_life);
}

void model_decay_advance(decaying *d, double half_life, double t)
{
    if (t == d->t0) return;
    if (d->v0 != 0) {
        /* A day since the last advance (every tick of a quiet day): the day's factor, kept
         * for its half-life, is the same number exp2 would give. */
        if (t - d->t0 == 1.0) {
            if (half_life != d->hf) {
                d->hf = half_life;
                d->f = exp2(-1.0 / half_life);
            }
            d->v0 *= d->f;
        } else {
            d->v0 *= exp2(-(t - d->t0) / half_life);
        }
    }
    d->t0 = t;
}

void model_decay_add(decaying *d, double half_life, double t, double jump)
{
    d->v0 = model_decay_value(d, half_life, t) + jump;
    d->t0 = t;
}

double model_threat(const model *m, double t)
{
    double P = model_decay_value(&m->P, m->p.state.threat_half_life, t);
    if (P == m->thr_P && m->p.state.threat_scale == m->thr_scale) return m->thr_S;
    return threat_value(P, m->p.state.threat_scale);
}

double model_threat_keep(model *m, double t)
{
    double S = model_threat(m, t);
    /* S is a function of (P, scale): the pair names it */
    m->thr_P = model_decay_value(&m->P, m->p.state.threat_half_life, t);
    m->thr_scale = m->p.state.threat_scale;
    m->thr_S = S;
    return S;
}

int model_threat_at_least(model *m, int level, double L, double t)
{
    double s = m->p.state.threat_scale;
    double P = model_decay_value(&m->P, m->p.state.threat_half_life, t);
    if (P == m->thr_P && s == m->thr_scale) return m->thr_S >= L; /* kept today */
    return threat_at_least(&m->levels[level], P, s, L);
}

/* The border clashes' excitation brought to t, a day's factor kept as for the decays. */
static void clash_advance(model *m, double t)
{
    double dt = t - m->clash_excite_t0, decay = m->p.host.clash_decay;
    if (dt == 0) return;
    if (m->clash_excite != 0) {
        if (dt == 1.0 && decay != m->clash_step_decay) {
            m->clash_step_decay = decay;
            m->clash_step = exp(-decay);
        }
        m->clash_excite *= dt == 1.0 ? m->clash_step : exp(-decay * dt);
    }
    m->clash_excite_t0 = t;
}

void model_tick_prepare(model *m, double t)
{
    clash_advance(m, t);
    model_decay_advance(&m->P, m->p.state.threat_half_life, t);
    model_decay_advance(&m->D, m->p.diplomacy.half_life, t);
    model_decay_advance(&m->G, m->p.host.grievance_half_life, t);
    model_decay_advance(&m->strike_cost, m->p.state.strike_cost_half_life, t);
    model_capacities_freeze(m, t);
}

void model_threshold_parts(const model *m, double t, model_threshold *out)
{
    (void)t;
    out->base = m->p.state.threshold;
    out->cooperation_credit = m->p.state.credit_cooperation * m->C;
    out->mediation_restraint = m->mediation_active ? m->p.state.restraint_mediation : 0.0;
    out->intl_restraint = m->p.state.restraint_intl;
    out->effective = out->base + out->cooperation_credit + out->mediation_restraint +
                     out->intl_restraint;
}

/* Capacity relaxes toward K0 at rate r_K and, under a deal, shrinks at r_disarm:
 * dK/dt = r_K (K0 - K) - r_d K, solved exactly from (K, K_t0). All sanctuaries share the
 * rate and the origin K_t0, so a sum over them costs one exponential. */
static double capacity_rate(const model *m)
{
    return m->p.militants.recovery + (m->deal_active ? m->p.host.deal_disarm_rate : 0);
}

double model_capacity_factor(const model *m, double t)
{
    double rate = capacity_rate(m);
    return rate <= 0 || t == m->K_t0 ? 1.0 : exp(-rate * (t - m->K_t0));
}

double model_capacity_with(const model *m, int z, double factor)
{
    double K0 = m->s->zones[z].capacity, rate = capacity_rate(m);
    if (rate <= 0 || factor == 1.0) return m->K[z];
    double Kinf = m->p.militants.recovery * K0 / rate;
    return Kinf + (m->K[z] - Kinf) * factor;
}

double model_capacity(const model *m, int z, double t)
{
    return model_capacity_with(m, z, model_capacity_factor(m, t));
}

double model_capacity_sum_with(const model *m, double factor)
{
    double rate = capacity_rate(m), K = 0;
    for (int i = 0; i < m->n_sanct; i++) K += m->K[m->sanct[i]];
    if (rate <= 0 || factor == 1.0) return K;
    double Kinf = m->p.militants.recovery * m->k0_sum / rate;
    return Kinf + (K - Kinf) * factor;
}

double model_capacity_sum(const model *m, double t)
{
    return model_capacity_sum_with(m, model_capacity_factor(m, t));
}

void model_capacities_freeze(model *m, double t)
{
    if (t == m->K_t0) return;
    double rate = capacity_rate(m);
    if (!(rate > 0)) {
        m->K_t0 = t;
        return;
    }
    if (rate != m->kstep_rate || m->p.militants.recovery != m->kstep_recovery) {
        m->kstep_rate = rate;
        m->kstep_recovery = m->p.militants.recovery;
        m->kstep = exp(-rate);
        m->kstep_share = m->p.militants.recovery / rate; /* K_inf / K0 */
    }
    /* A day since the last freeze (every quiet tick): the day's factor, kept per rate. */
    double f = t - m->K_t0 == 1.0 ? m->kstep : model_capacity_factor(m, t);
    for (int i = 0; i < m->n_sanct && f != 1.0; i++) {
        int z = m->sanct[i];
        double Kinf = m->kstep_share * m->sanct_k0[i];
        if (m->K[z] != Kinf) m->K[z] = Kinf + (m->K[z] - Kinf) * f; /* else at rest */
    }
    m->K_t0 = t;
}

void model_capacity_set(model *m, int z, double t, double value)
{
    model_capacities_freeze(m, t);
    m->K[z] = value < 0 ? 0 : value;
}

void model_raise_ladder(model *m, int level)
{
    if (level >= m->ladder) m->ladder_last_raise = engine_now(m->e);
    if (level > m->ladder) m->ladder = level;
    if (m->ladder > m->tot.max_ladder) m->tot.max_ladder = m->ladder;
}

void model_date(const model *m, double t, char out[static 11])
{
    /* A deadline can lie past any date (an ultimatum_days of 1e300): clamp before the cast. */
    date_format(m->s->start_date + (long)floor(fmin(fmax(t, -1e7), 1e7)), out);
}

int model_schedule(model *m, double t, int kind, int zone, int arg, double value, evq_id *id)
{
    sim_event ev = {t, kind, zone, arg, value};
    return engine_schedule(m->e, &ev, id);
}

/* ---- the event log ----------------------------------------------------------------- */

int model_hold_tick(model *m, double t)
{
    sim_event ev = {t, EV_TICK, -1, 0, 0};
    return engine_hold(m->e, SLOT_TICK, &ev);
}

int model_log(model *m, int kind, int actor, int zone, double cas, double civ, int scripted,
              const char *fmt, ...)
{
    if (!(m->keep & MODEL_KEEP_EVENTS)) return 0;
    if (sim_grow(&m->rec, &m->cap_rec, m->n_rec, sizeof *m->rec, 256)) return SIM_ENOMEM;
    model_record *r = &m->rec[m->n_rec++];
    *r = (model_record){engine_now(m->e), kind, actor, zone, -1, -1, cas, civ, m->ladder,
                        scripted, ""};
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->reason, sizeof r->reason, fmt, ap);
        va_end(ap);
    }
    return 0;
}

model_record *model_last_record(model *m)
{
    return (m->keep & MODEL_KEEP_EVENTS) && m->n_rec ? &m->rec[m->n_rec - 1] : NULL;
}

/* ---- creation ------------------------------------------------------------------------ */

static int alloc_zone_arrays(model *m)
{
    size_t n = (size_t)m->nz;
    m->K = sim_calloc(n, sizeof *m->K);
    m->excite = sim_calloc(n, sizeof *m->excite);
    m->strike_excite = sim_calloc(n, sizeof *m->strike_excite);
    m->dist = sim_calloc(n * n, sizeof *m->dist);
    m->closed_until = sim_calloc(n, sizeof *m->closed_until);
    m->sanct = sim_calloc(n, sizeof *m->sanct);
    m->sanct_k0 = sim_calloc(n, sizeof *m->sanct_k0);
    m->targets = sim_calloc(n, sizeof *m->targets);
    m->cross = sim_calloc(n, sizeof *m->cross);
    m->target_pull = sim_calloc((n + 1) * n, sizeof *m->target_pull);
    m->target_pull_sum = sim_calloc(n + 1, sizeof *m->target_pull_sum);
    m->clash_cap = 64;
    m->clash_times = sim_calloc((size_t)m->clash_cap, sizeof *m->clash_times);
    m->n_days = (int)ceil(m->horizon) + 2;
    m->attacks_by_day = sim_calloc((size_t)m->n_days, sizeof *m->attacks_by_day);
    m->day_scale = sim_calloc((size_t)m->n_days, sizeof *m->day_scale);
    m->cas_cdf = sim_calloc((size_t)SCN_NATTACK_TYPES * MODEL_CAS_TAB, sizeof *m->cas_cdf);
    m->cas_guide = sim_calloc((size_t)SCN_NATTACK_TYPES * MODEL_GUIDE, sizeof *m->cas_guide);
    m->target_cdf = sim_calloc((n + 1) * n, sizeof *m->target_cdf);
    m->target_guide = sim_calloc((n + 1) * MODEL_GUIDE, sizeof *m->target_guide);
    if (!m->day_scale || !m->cas_cdf || !m->cas_guide || !m->target_cdf || !m->target_guide || !m->K || !m->excite || !m->strike_excite || !m->dist || !m->closed_until ||
        !m->sanct || !m->sanct_k0 || !m->targets || !m->cross || !m->target_pull || !m->target_pull_sum ||
        !m->clash_times || !m->attacks_by_day)
        return SIM_ENOMEM;
    return 0;
}

/* Great-circle distance in km (haversine, mean Earth radius 6371 km). */
static double haversine_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * 6371.0 * asin(fmin(1.0, sqrt(a)));
}

/* The per-replication contents of the zone arrays, as at day 0. */
static void reset_zone_arrays(model *m)
{
    size_t n = (size_t)m->nz;
    for (size_t i = 0; i < n; i++)
        m->K[i] = m->s->zones[i].kind == SCN_ZONE_SANCTUARY ? m->s->zones[i].capacity : 0;
    memset(m->excite, 0, n * sizeof *m->excite);
    memset(m->strike_excite, 0, n * sizeof *m->strike_excite);
    memset(m->closed_until, 0, n * sizeof *m->closed_until);
    memset(m->clash_times, 0, (size_t)m->clash_cap * sizeof *m->clash_times);
    memset(m->attacks_by_day, 0, (size_t)m->n_days * sizeof *m->attacks_by_day);
}

static void init_zones(model *m)
{
    reset_zone_arrays(m);
    for (int i = 0; i < m->nz; i++) {
        const scn_zone *z = &m->s->zones[i];
        if (z->kind == SCN_ZONE_SANCTUARY) {
            m->sanct_k0[m->n_sanct] = z->capacity;
            m->sanct[m->n_sanct++] = i;
            m->k0_sum += z->capacity;
        }
        if (z->kind == SCN_ZONE_TARGET) m->targets[m->n_targets++] = i;
        if (z->kind == SCN_ZONE_CROSSING) m->cross[m->n_cross++] = i;
        /* The model only measures from host-side zones (sanctuaries, drone sites) and
         * their mirror pairs; skipping the rest saves most of the trigonometry. */
        for (int j = 0; j < m->nz; j++) {
            const scn_zone *y = &m->s->zones[j];
            m->dist[i * m->nz + j] = z->side == SCN_SIDE_HOST || y->side == SCN_SIDE_HOST
                                         ? haversine_km(z->lat, z->lon, y->lat, y->lon)
                                         : NAN;
        }
    }
}

static void init_state(model *m)
{
    m->C = m->p.host.cooperation;
    m->coop_tau = NAN;
    m->thr_P = NAN;
    for (int i = 0; i < MODEL_NLEVELS; i++) m->levels[i].L = NAN;
    m->P.hf = m->D.hf = m->G.hf = m->strike_cost.hf = NAN;
    m->kstep_rate = m->clash_step_decay = NAN;
    m->last_strike = m->last_demarche = m->last_offer = -INFINITY;
    m->mass_casualty_t = -INFINITY;
    m->talks_suspended_until = -INFINITY;
    m->offer_armed = 1;
    m->tot.first_strike_day = -1;
    m->tot.first_ultimatum_day = -1;
}

static int register_handlers(model *m)
{
    static const engine_handler h[EV_NKINDS] = {
        [EV_TICK] = model_on_tick, [EV_CANDIDATE] = model_on_candidate,
        [EV_TIMELINE] = model_on_timeline, [EV_ULTIMATUM_EXPIRE] = model_on_ultimatum_expire,
        [EV_RETALIATION] = model_on_retaliation, [EV_REOPEN] = model_on_reopen,
        [EV_CEASEFIRE_END] = model_on_ceasefire_end, [EV_DRONE] = model_on_drone,
        [EV_ULTIMATUM_LAPSE] = model_on_ultimatum_lapse,
    };
    for (int k = 0; k < EV_NKINDS; k++)
        if (engine_on(m->e, k, h[k], m)) return SIM_EINVAL;
    return 0;
}

/* Queues the daily ticks' first one, the timeline, the first attack candidate, drones. */
static int schedule_start(model *m)
{
    int rc = model_hold_tick(m, 1.0);
    for (int i = 0; !rc && i < m->s->n_timeline; i++)
        if (m->s->timeline[i].day <= m->horizon)
            rc = model_schedule(m, m->s->timeline[i].day, EV_TIMELINE, -1, i, 0, NULL);
    if (!rc) rc = model_attack_reschedule(m);
    if (!rc) rc = model_drone_schedule(m);
    return rc;
}

static int model_init(model *m, const scenario *s, uint64_t seed, uint64_t rep)
{
    m->s = scenario_clone(s);
    if (!m->s) return SIM_ENOMEM;
    m->p = s->p;
    m->horizon = s->days;
    m->nz = s->n_zones;
    m->e = engine_create(EV_NKINDS);
    if (!m->e) return SIM_ENOMEM;
    engine_set_limits(m->e, s->max_events, NULL);
    /* xoshiro256**: four hashes to seed a stream against mt19937's 624-word set-up, and
     * eight streams are seeded per replication. */
    const gsl_rng_type *gen = (m->keep & MODEL_MT19937) ? gsl_rng_mt19937 : rng_xoshiro256ss;
    for (int i = 0; i < RS_N; i++)
        if (!(m->r[i] = rng_create_type(gen, seed, rep, stream_names[i]))) return SIM_ENOMEM;
    int rc = alloc_zone_arrays(m);
    if (rc) return rc;
    init_zones(m);
    m->start_doy = date_day_of_year(s->start_date);
    m->bg_max = bg_factor_max(&m->s->background, s->start_date,
                              s->start_date + (long)ceil(s->days));
    init_state(m);
    if ((rc = model_attack_tables(m))) return rc;
    if ((rc = register_handlers(m))) return rc;
    if ((m->keep & MODEL_KEEP_SERIES) &&
        !(m->days = sim_calloc((size_t)m->n_days, sizeof *m->days)))
        return SIM_ENOMEM;
    if (!(m->pristine = sim_malloc(sizeof *m->pristine))) return SIM_ENOMEM;
    *m->pristine = *m;
    return schedule_start(m);
}

int model_reset(model *m, uint64_t seed, uint64_t rep, int keep)
{
    model *p = m->pristine;
    if ((keep ^ p->keep) & MODEL_MT19937) return SIM_EINVAL;
    /* A `set` rebuilt the parameter tables (and freed the pristine type table). */
    gsl_ran_discrete_t *types = m->type_table;
    int rebuilt = m->tables_built != p->tables_built;
    model_record *rec = m->rec;
    model_day *days = m->days;
    int cap_rec = m->cap_rec, cap_strikes = m->cap_strikes;
    double *strike_times = m->strike_times;
    *m = *p;
    m->rec = rec;
    m->cap_rec = cap_rec;
    m->strike_times = strike_times; /* n_strikes is the pristine 0 */
    m->cap_strikes = cap_strikes;
    m->days = days;
    m->keep = keep;
    if (rebuilt) {
        gsl_ran_discrete_free(types);
        m->type_table = NULL;
        if (model_attack_tables(m)) return SIM_ENOMEM;
        p->type_table = m->type_table;
        p->tables_built = m->tables_built;
    }
    if ((m->keep & MODEL_KEEP_SERIES) && !m->days &&
        !(m->days = sim_calloc((size_t)m->n_days, sizeof *m->days)))
        return SIM_ENOMEM;
    reset_zone_arrays(m);
    engine_reset(m->e);
    for (int i = 0; i < RS_N; i++) rng_reseed(m->r[i], seed, rep, stream_names[i]);
    return schedule_start(m);
}

model *model_create(const scenario *s, uint64_t seed, uint64_t rep, int keep, int *err)
{
    int rc = SIM_ENOMEM;
    model *m = sim_calloc(1, sizeof *m);
    if (m) {
        m->keep = keep;
        rc = model_init(m, s, seed, rep);
    }
    if (rc) {
        model_destroy(m);
        m = NULL;
    }
    if (err) *err = rc;
    return m;
}

void model_destroy(model *m)
{
    if (!m) return;
    for (int i = 0; i < RS_N; i++) rng_destroy(m->r[i]);
    if (m->type_table) gsl_ran_discrete_free(m->type_table);
    engine_destroy(m->e);
    scenario_destroy(m->s);
    sim_free(m->K);
    sim_free(m->excite);
    sim_free(m->strike_excite);
    sim_free(m->dist);
    sim_free(m->closed_until);
    sim_free(m->sanct);
    sim_free(m->sanct_k0);
    sim_free(m->targets);
    sim_free(m->cross);
    sim_free(m->target_pull);
    sim_free(m->target_pull_sum);
    sim_free(m->clash_times);
    sim_free(m->strike_times);
    sim_free(m->attacks_by_day);
    sim_free(m->day_scale);
    sim_free(m->cas_cdf);
    sim_free(m->cas_guide);
    sim_free(m->target_cdf);
    sim_free(m->target_guide);
    sim_free(m->rec);
    sim_free(m->days);
    sim_free(m->pristine);
    sim_free(m);
}

/* ---- running and reading ----------------------------------------------------------- */

int model_run_until(model *m, double t)
{
    if (isnan(t)) return SIM_EBADTIME;
    if (t > m->horizon) t = m->horizon;
    if (t < engine_now(m->e)) return 0;
    return engine_run_until(m->e, t);
}

int model_run(model *m) { return model_run_until(m, m->horizon); }

void model_set_stop(model *m, volatile const int *stop)
{
    engine_set_limits(m->e, m->s->max_events, stop);
}

uint64_t model_events_run(const model *m) { return engine_events_run(m->e); }
double model_now(const model *m) { return engine_now(m->e); }
double model_horizon(const model *m) { return m->horizon; }
int model_done(const model *m) { return engine_now(m->e) >= m->horizon; }
const scenario *model_scenario(const model *m) { return m->s; }
const scn_params *model_params(const model *m) { return &m->p; }
const model_totals *model_totals_get(const model *m) { return &m->tot; }
int model_strike_count(const model *m) { return m->n_strikes; }
double model_strike_time_at(const model *m, int i) { return m->strike_times[i]; }
int model_record_count(const model *m) { return m->n_rec; }
int model_day_count(const model *m) { return m->n_day_rows; }

const model_record *model_record_at(const model *m, int i)
{
    return i >= 0 && i < m->n_rec ? &m->rec[i] : NULL;
}

const model_day *model_day_at(const model *m, int i)
{
    return i >= 0 && i < m->n_day_rows ? &m->days[i] : NULL;
}

double model_zone_capacity(const model *m, int zone)
{
    if (zone < 0 || zone >= m->nz || m->s->zones[zone].kind != SCN_ZONE_SANCTUARY) return 0;
    return model_capacity(m, zone, engine_now(m->e));
}

int model_zone_closed(const model *m, int zone)
{
    return zone >= 0 && zone < m->nz && engine_now(m->e) < m->closed_until[zone];
}

double model_intensity(const model *m) { return model_lambda(m, engine_now(m->e)); }

void model_state_get(const model *m, model_state *out) { model_state_fill(m, out, 1); }

void model_state_fill(const model *m, model_state *out, int with_lambda)
{
    double t = engine_now(m->e);
    memset(out, 0, sizeof *out);
    out->t = t;
    out->lambda = with_lambda ? model_intensity(m) : NAN;
    out->pressure = model_decay_value(&m->P, m->p.state.threat_half_life, t);
    out->threat = model_threat(m, t);
    out->cooperation = m->C;
    out->grievance = model_decay_value(&m->G, m->p.host.grievance_half_life, t);
    out->diplomatic = model_decay_value(&m->D, m->p.diplomacy.half_life, t);
    model_threshold_parts(m, t, &out->threshold);
    out->warn_at = m->p.state.warn_at;
    out->ladder = m->ladder;
    out->ultimatum_active = m->ultimatum == ULT_ACTIVE;
    out->ultimatum_deadline = m->ultimatum_deadline;
    out->mediation_active = m->mediation_active;
    out->ceasefire_active = m->ceasefire_active;
    out->ceasefire_until = m->ceasefire_until;
    out->deal_active = m->deal_active;
    out->last_strike_day = isfinite(m->last_strike) ? m->last_strike : -1;
    out->strike_cost = model_strike_cost(m, t);
    for (int z = 0; z < m->nz; z++) out->closed_crossings += model_zone_closed(m, z);
}
