/* model_attack.c - militant attacks: a marked Hawkes process simulated exactly by Ogata
 * thinning on the engine, and the attack's marks (origin, target, type, casualties). */
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "model/model_int.h"
#include <math.h>
#include <stdio.h>

/* Seasonal factor sigma(t) = 1 + A cos(2 pi (doy(t) - peak) / 365.25). */
static double season(const model *m, double t)
{
    double doy = m->start_doy + t;
    return 1.0 + m->p.militants.season_amplitude *
                     cos(2.0 * M_PI * (doy - m->p.militants.season_peak_day) / 365.25);
}

/* Background factor of the day holding t (data/bg.h): 1 for a constant background, the
 * level of the calendar day otherwise (constant within the day). */
static double background(const model *m, double t)
{
    const bg_shape *b = &m->s->background;
    if (b->kind == BG_CONSTANT) return 1;
    return bg_factor(b, m->s->start_date + (long)floor(t));
}

/* The day's seasonal factor (at its middle, d + 1/2) times its background level, for
 * every day of the run: the intensity's slow terms are constant within a day, the model's
 * resolution everywhere else (docs/model.md). Rebuilt with the parameters. */
static void day_scale_table(model *m)
{
    m->day_scale_max = 0;
    for (int d = 0; d < m->n_days; d++) {
        m->day_scale[d] = season(m, d + 0.5) * background(m, d);
        m->day_scale_max = fmax(m->day_scale_max, m->day_scale[d]);
    }
}

/* The capacities' factor the intensity reads at t: none (the capacities as last pinned, at
 * the day's tick or a later change) unless the model is continuous. */
static double intensity_kf(const model *m, double t)
{
    return (m->keep & MODEL_CONTINUOUS) ? model_capacity_factor(m, t) : 1.0;
}

static double total_k0(const model *m) { return m->k0_sum; }

/* mu times the militants' activity (below 1 while they observe a truce). */
static double base_rate(const model *m) { return m->p.militants.base_rate * m->p.militants.activity; }

/* Background rate of sanctuary z, before season and cooperation, with the capacities'
 * factor kf at the time (model_capacity_factor): mu_z K_z/K0_z with mu_z = mu K0_z / sum K0,
 * i.e. mu K_z / sum K0. */
static double background_zone(const model *m, int z, double kf, double k0sum)
{
    return k0sum > 0 ? base_rate(m) * model_capacity_with(m, z, kf) / k0sum : 0;
}

static double coop_factor(const model *m)
{
    return 1.0 - m->p.militants.coop_damping * m->C;
}

/* exp(-rate dt), without the call at dt = 0 (every read right after excite_advance). */
static double decay_factor(double rate, double dt)
{
    return dt == 0 ? 1.0 : exp(-rate * dt);
}

/* Attack and strike excitations summed over sanctuaries, at t (>= excite_t0). */
static double excitation(const model *m, double t)
{
    double dt = t - m->excite_t0, ex = m->ex_sum, sx = m->sx_sum;
    if (ex > 0) ex *= decay_factor(m->p.militants.decay, dt);
    if (sx > 0) sx *= decay_factor(m->p.militants.strike_decay, dt);
    return ex + sx;
}

void model_excite_sums(model *m)
{
    double ex = 0, sx = 0;
    for (int i = 0; i < m->n_sanct; i++) {
        ex += m->excite[m->sanct[i]];
        sx += m->strike_excite[m->sanct[i]];
    }
    m->ex_sum = ex;
    m->sx_sum = sx;
}

/* lambda(t) with the background's scale (season x cooperation) and the capacities' factor
 * at t given: the candidate handler computes them once for the test and the attribution. */
static double lambda_with(const model *m, double t, double scale, double kf)
{
    double bg = m->k0_sum > 0 ? base_rate(m) * model_capacity_sum_with(m, kf) /
                                    m->k0_sum : 0;
    return scale * bg + excitation(m, t);
}

/* The background's scale at t: season x the background shape's factor x cooperation (the
 * cooperation changes only at ticks). */
static double bg_scale(const model *m, double t)
{
    if (m->keep & MODEL_CONTINUOUS) return season(m, t) * background(m, t) * coop_factor(m);
    int d = (int)t; /* t >= 0 */
    return m->day_scale[d < m->n_days ? d : m->n_days - 1] * coop_factor(m);
}

double model_lambda(const model *m, double t)
{
    return lambda_with(m, t, bg_scale(m, t), intensity_kf(m, t));
}

/* An upper bound of lambda from now until the state next jumps up: capacity moves
 * monotonically from its pinned value toward a level <= K0, excitations decay, the season is
 * at most 1 + A, the background factor at most its largest value over the run and the
 * cooperation factor at most 1. Jumps up (strikes, scripted attacks, `set`)
 * reschedule the candidate, which is exact because waiting times are memoryless. */
static double lambda_bound(const model *m, double t)
{
    /* K_z moves monotonically from its pinned value toward a level <= K0_z. */
    double k0 = total_k0(m), K = 0;
    for (int i = 0; i < m->n_sanct; i++) {
        double a = m->K[m->sanct[i]], b = m->sanct_k0[i];
        K += a > b || b != b ? a : b; /* fmax(a, b) without the call */
    }
    /* The days' scales are at most their largest over the run, within (1 + A) b_max. */
    double scale = (m->keep & MODEL_CONTINUOUS)
                       ? (1.0 + m->p.militants.season_amplitude) * m->bg_max
                       : m->day_scale_max;
    return (k0 > 0 ? scale * base_rate(m) * K / k0 : 0) + excitation(m, t);
}

int model_attack_reschedule(model *m)
{
    double t = engine_now(m->e);
    engine_release(m->e, SLOT_CANDIDATE); /* the pending candidate, drawn for the old bound */
    double bound = lambda_bound(m, t);
    if (!(bound > 0) || m->n_targets == 0) return 0;
    double next = t + gsl_ran_exponential(m->r[RS_ATTACKS], 1.0 / bound);
    if (next > m->horizon) return 0;
    sim_event ev = {next, EV_CANDIDATE, -1, 0, bound};
    return engine_hold(m->e, SLOT_CANDIDATE, &ev);
}

void model_excite_advance(model *m, double t)
{
    double dt = t - m->excite_t0;
    if (dt == 0) return;
    /* Each exponential only when something decays: 0 times the factor stays 0, so the
     * values are the same without the call (most of a run has no strike excitation). */
    double f = m->ex_sum != 0 ? exp(-m->p.militants.decay * dt) : 1;
    double fs = m->sx_sum != 0 ? exp(-m->p.militants.strike_decay * dt) : 1;
    if (f != 1 || fs != 1) {
        double ex = 0, sx = 0;
        for (int i = 0; i < m->n_sanct; i++) {
            ex += m->excite[m->sanct[i]] *= f;
            sx += m->strike_excite[m->sanct[i]] *= fs;
        }
        m->ex_sum = ex;
        m->sx_sum = sx;
    }
    m->excite_t0 = t;
}

/* Origin drawn in proportion to each sanctuary's background share (capacities' factor kf). */
static int draw_background_origin(model *m, double kf)
{
    double k0 = total_k0(m), sum = 0;
    for (int i = 0; i < m->n_sanct; i++) sum += background_zone(m, m->sanct[i], kf, k0);
    double u = gsl_rng_uniform(m->r[RS_MARKS]) * sum;
    for (int i = 0; i < m->n_sanct; i++) {
        u -= background_zone(m, m->sanct[i], kf, k0);
        if (u < 0) return m->sanct[i];
    }
    return m->n_sanct ? m->sanct[m->n_sanct - 1] : -1;
}

/* Which part of lambda produced the accepted point v in [0, lambda): the background of a
 * sanctuary (*excited = 0), the excitation of one (*excited = 1) or a strike (2). scale
 * and kf are lambda's (lambda_with). */
static int attribute(model *m, double v, double scale, double kf, int *excited)
{
    double k0 = total_k0(m);
    for (int i = 0; i < m->n_sanct; i++) {
        v -= scale * background_zone(m, m->sanct[i], kf, k0);
        if (v < 0) { *excited = 0; return m->sanct[i]; }
    }
    for (int i = 0; i < m->n_sanct; i++) {
        v -= m->excite[m->sanct[i]];
        if (v < 0) { *excited = 1; return m->sanct[i]; }
    }
    *excited = 2;
    int last = -1;
    for (int i = 0; i < m->n_sanct; i++) {
        if (m->strike_excite[m->sanct[i]] > 0) last = m->sanct[i];
        v -= m->strike_excite[m->sanct[i]];
        if (v < 0) return m->sanct[i];
    }
    return last;   /* rounding left v at the top: the last excited sanctuary */
}

int model_on_candidate(engine *e, const sim_event *ev, void *ctx)
{
    (void)e;
    model *m = ctx;
    double t = ev->time;
    model_excite_advance(m, t);
    double scale = bg_scale(m, t), kf = intensity_kf(m, t);
    double lambda = lambda_with(m, t, scale, kf);
    double v = gsl_rng_uniform(m->r[RS_ATTACKS]) * ev->value;
    if (v < lambda) {
        int excited, origin = attribute(m, v, scale, kf, &excited);
        if (excited == 1 && gsl_rng_uniform(m->r[RS_MARKS]) >= m->p.militants.p_same_origin)
            origin = draw_background_origin(m, kf);
        const char *cause = excited == 0 ? "background" : excited == 1 ? "excited by earlier attacks"
                                                                        : "retaliation for a strike";
        int rc = model_attack(m, -1, -1, -1, origin, MODEL_ACTOR_MILITANTS, cause);
        if (rc) return rc;
    }
    return model_attack_reschedule(m);
}

/* Guide tables (Chen and Asau's indexed search) for inversion of a distribution function
 * cdf[0..n-1] (increasing, last near 1): guide[j] is the smallest k with cdf[k] > j/g, where
 * a search for u in [j/g, (j+1)/g) can start. */
static void guide_build(const double *cdf, int n, int *guide, int g)
{
    int k = 0;
    for (int j = 0; j < g; j++) {
        while (k < n - 1 && cdf[k] <= (double)j / g) k++;
        guide[j] = k;
    }
}

/* The smallest k with u < cdf[k] (n - 1 when rounding left u at or above the last). */
static int guide_find(const double *cdf, const int *guide, int n, int g, double u)
{
    int k = guide[(int)(u * g)];
    while (k < n - 1 && u >= cdf[k]) k++;
    return k;
}

/* Each target's pull exposure x exp(-d / L) from every zone (and, last, from nowhere: d = 0),
 * and the rows' sums: they change only with the distance scale L. */
static void target_pull_table(model *m)
{
    double L = m->p.militants.distance_scale;
    for (int o = 0; o <= m->nz; o++) {
        double *w = m->target_pull + (size_t)o * (size_t)m->nz, sum = 0;
        for (int i = 0; i < m->n_targets; i++) {
            int z = m->targets[i];
            double d = o < m->nz ? m->dist[o * m->nz + z] : 0;
            w[i] = m->s->zones[z].exposure * exp(-d / L);
            sum += w[i];
        }
        m->target_pull_sum[o] = sum;
        double *cdf = m->target_cdf + (size_t)o * (size_t)m->nz, c = 0;
        for (int i = 0; i < m->n_targets; i++) cdf[i] = (c += w[i]) / sum;
        if (m->n_targets > 0 && sum > 0)
            guide_build(cdf, m->n_targets, m->target_guide + (size_t)o * MODEL_GUIDE, MODEL_GUIDE);
    }
}

/* A target drawn with weights pull (target_pull_table), by inversion with a guide table. */
static int draw_target(model *m, int origin)
{
    int row = origin >= 0 ? origin : m->nz;
    double sum = m->target_pull_sum[row];
    if (!(sum > 0)) return m->targets[gsl_rng_uniform_int(m->r[RS_MARKS], (unsigned long)m->n_targets)];
    const double *cdf = m->target_cdf + (size_t)row * (size_t)m->nz;
    const int *guide = m->target_guide + (size_t)row * MODEL_GUIDE;
    double u = gsl_rng_uniform(m->r[RS_MARKS]);
    return m->targets[guide_find(cdf, guide, m->n_targets, MODEL_GUIDE, u)];
}

/* Casualties of one attack of type: negative binomial (mean m, size r), drawn by inversion
 * of the type's distribution function, tabulated up to MODEL_CAS_TAB values and continued
 * by the pmf's recursion above them: the same distribution as a gamma and a Poisson draw
 * (gsl_ran_negative_binomial, still used where the table is empty) for one uniform. */
static double draw_casualties(model *m, int type)
{
    const scn_attack_type_params *tp = &m->p.militants.type[type];
    if (tp->casualties <= 0) return 0;
    int n = m->cas_n[type];
    if (n == 0) {
        double r = tp->dispersion, p = r / (r + tp->casualties);
        return (double)gsl_ran_negative_binomial(m->r[RS_MARKS], p, r);
    }
    const double *cdf = m->cas_cdf + (size_t)type * MODEL_CAS_TAB;
    double u = gsl_rng_uniform(m->r[RS_MARKS]);
    if (u < cdf[n - 1]) /* the smallest k with u < F(k) */
        return guide_find(cdf, m->cas_guide + (size_t)type * MODEL_GUIDE, n, MODEL_GUIDE, u);
    double r = tp->dispersion, q = tp->casualties / (r + tp->casualties);
    double pmf = m->cas_pmf_last[type], F = cdf[n - 1];
    int k = n - 1;
    while (u >= F && pmf > 0) {
        k++;
        pmf *= (k - 1 + r) / k * q;
        F += pmf;
    }
    return k;
}

/* The distribution functions of draw_casualties: P(0) = p^r, P(k) = P(k-1) (k-1+r)/k q with
 * p = r/(r+m), q = 1 - p, until F is within 1e-12 of 1 (or the table is full). A mean so
 * large that P(0) underflows or the table stays short of 1 - 1e-9 leaves it empty. */
static void casualty_tables(model *m)
{
    for (int t = 0; t < SCN_NATTACK_TYPES; t++) {
        const scn_attack_type_params *tp = &m->p.militants.type[t];
        double *cdf = m->cas_cdf + (size_t)t * MODEL_CAS_TAB;
        double r = tp->dispersion, p = r / (r + tp->casualties), q = tp->casualties / (r + tp->casualties);
        double pmf = tp->casualties > 0 ? pow(p, r) : 0;
        m->cas_n[t] = 0;
        if (!(pmf > 1e-250)) continue;
        int k = 0;
        cdf[0] = pmf;
        while (cdf[k] < 1 - 1e-12 && k + 1 < MODEL_CAS_TAB) {
            k++;
            pmf *= (k - 1 + r) / k * q;
            cdf[k] = cdf[k - 1] + pmf;
        }
        /* A mean so large that the table misses more than 1e-9 of the mass would walk the
         * recursion far too often: such a type keeps the gamma-Poisson draw. */
        if (cdf[k] < 1 - 1e-9) continue;
        m->cas_n[t] = k + 1;
        m->cas_pmf_last[t] = pmf;
        guide_build(cdf, k + 1, m->cas_guide + (size_t)t * MODEL_GUIDE, MODEL_GUIDE);
    }
}

int model_attack_tables(model *m)
{
    double w[SCN_NATTACK_TYPES];
    for (int i = 0; i < SCN_NATTACK_TYPES; i++) w[i] = m->p.militants.type[i].probability;
    gsl_ran_discrete_t *t = gsl_ran_discrete_preproc(SCN_NATTACK_TYPES, w);
    if (!t) return SIM_ENOMEM;
    if (m->type_table) gsl_ran_discrete_free(m->type_table);
    m->type_table = t;
    m->tables_built++;
    target_pull_table(m);
    day_scale_table(m);
    casualty_tables(m);
    /* Casualties are whole and mostly small: their weights (1 + c)^exponent in a table. */
    m->pow_exp = m->p.state.casualty_exponent;
    for (int c = 0; c < 64; c++) m->pow_tab[c] = pow(1.0 + c, m->pow_exp);
    return 0;
}

/* Adds the attack's weight to the domestic pressure on the state; returns the jump. */
static double add_pressure(model *m, double t, int target, int type, double cas)
{
    double w = m->p.militants.type[type].weight * m->p.state.exposure_weight *
               (target >= 0 ? m->s->zones[target].exposure : 1.0);
    double e = m->p.state.casualty_exponent;
    int table = e == m->pow_exp && cas >= 0 && cas < 64 && cas == floor(cas);
    double jump = w * (table ? m->pow_tab[(int)cas] : pow(1.0 + cas, e));
    model_decay_add(&m->P, m->p.state.threat_half_life, t, jump);
    return jump;
}

static void count_attack(model *m, double t, double cas)
{
    int day = (int)floor(t);
    if (day >= 0 && day < m->n_days) m->attacks_by_day[day]++;
    m->tot.attacks++;
    m->tot.casualties += cas;
    if (cas >= m->p.state.mass_casualty) m->mass_casualty_t = t;
}

int model_attack(model *m, int target, int type, double cas, int origin, int actor,
                 const char *note)
{
    double t = engine_now(m->e);
    model_excite_advance(m, t);
    if (target < 0) target = draw_target(m, origin);
    if (origin < 0 && target >= 0) origin = model_nearest_zone(m, target, SCN_ZONE_SANCTUARY);
    if (type < 0) type = (int)gsl_ran_discrete(m->r[RS_MARKS], m->type_table);
    if (cas < 0) cas = draw_casualties(m, type);
    if (origin >= 0) {
        m->excite[origin] += m->p.militants.branching * m->p.militants.decay;
        model_excite_sums(m);
    }
    double before = MODEL_EXPLAINING(m) ? model_threat(m, t) : 0; /* for the reason only */
    double jump = add_pressure(m, t, target, type, cas);
    count_attack(m, t, cas);
    int rc = model_log(m, MODEL_REC_ATTACK, actor, target, cas, 0, actor != MODEL_ACTOR_MILITANTS,
                       "%s%s%s attack from %s (%s) on %s; %g casualties; pressure +%.1f, "
                       "threat %.2f -> %.2f%s",
                       actor == MODEL_ACTOR_MILITANTS ? "" : note ? note : "",
                       actor == MODEL_ACTOR_MILITANTS ? "" : ": ", scn_attack_type_name(type),
                       origin >= 0 ? m->s->zones[origin].name : "unknown",
                       actor == MODEL_ACTOR_MILITANTS && note ? note : "scripted",
                       target >= 0 ? m->s->zones[target].name : "?", cas, jump, before,
                       MODEL_EXPLAINING(m) ? model_threat(m, t) : 0,
                       cas >= m->p.state.mass_casualty ? "; mass-casualty attack" : "");
    model_record *r = model_last_record(m);
    if (r) {
        r->type = type;
        r->from_zone = origin;
    }
    return rc;
}
