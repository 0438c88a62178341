/* test_model.c - the conflict model: Hawkes correctness, decision rules, CRN, determinism. */
#include "base/alloc.h"
#include "base/err.h"
#include "model/model.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "support.h"

static void setup(void) { gsl_set_error_handler_off(); }
TestSuite(model, .init = setup);




static model *run(const scenario *s, uint64_t seed)
{
    int err = 0;
    model *m = model_create(s, seed, 0, MODEL_KEEP_ALL, &err);
    cr_assert_not_null(m, "model_create failed: %d", err);
    cr_assert_eq(model_run(m), 0);
    return m;
}

static int count_kind(const model *m, int kind)
{
    int n = 0;
    for (int i = 0; i < model_record_count(m); i++) n += model_record_at(m, i)->kind == kind;
    return n;
}

static const model_record *first_kind(const model *m, int kind)
{
    for (int i = 0; i < model_record_count(m); i++)
        if (model_record_at(m, i)->kind == kind) return model_record_at(m, i);
    return NULL;
}

Test(model, hawkes_mean_count_matches_mu_t_over_one_minus_kappa)
{
    scenario *s = support_quiet_scenario(2000);
    s->p.militants.base_rate = 0.5;
    s->p.militants.branching = 0.5;
    s->p.militants.decay = 1.0;
    const int n = 200;
    double sum = 0, sum2 = 0;
    for (int r = 0; r < n; r++) {
        int err;
        model *m = model_create(s, 7, (uint64_t)r, 0, &err);
        cr_assert_eq(model_run(m), 0);
        double c = model_totals_get(m)->attacks;
        sum += c;
        sum2 += c * c;
        model_destroy(m);
    }
    double mean = sum / n, sd = sqrt((sum2 - n * mean * mean) / (n - 1));
    /* mu T/(1-k) less the edge effect mu k/(beta (1-k)^2) of excitation cut at T. */
    double expect = 0.5 * 2000 / 0.5 - 0.5 * 0.5 / (1.0 * 0.25);
    double se = sd / sqrt(n);
    cr_assert(fabs(mean - expect) < 3 * se, "expected: %.1f, got: %.1f (se %.1f)", expect, mean, se);
    scenario_destroy(s);
}

/* Two-sided Kolmogorov distribution tail P(K > x). */
static double kolmogorov_q(double x)
{
    double q = 0;
    for (int k = 1; k < 100; k++) q += 2 * ((k % 2) ? 1 : -1) * exp(-2.0 * k * k * x * x);
    return x < 0.2 ? 1.0 : q;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

Test(model, time_rescaled_gaps_pass_kolmogorov_smirnov)
{
    const double mu = 0.3, kappa = 0.6, beta = 2.0, T = 10000;
    scenario *s = support_quiet_scenario(T);
    s->p.militants.base_rate = mu;
    s->p.militants.branching = kappa;
    s->p.militants.decay = beta;
    model *m = run(s, 11);
    int n = model_record_count(m);
    double *gaps = sim_malloc((size_t)n * sizeof *gaps);
    double prev = 0, A = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (model_record_at(m, i)->kind != MODEL_REC_ATTACK) continue;
        double t = model_record_at(m, i)->t, dt = t - prev;
        /* compensator between events: mu dt + kappa A (1 - e^{-beta dt}) */
        gaps[k++] = mu * dt + kappa * A * (1 - exp(-beta * dt));
        A = A * exp(-beta * dt) + 1;
        prev = t;
    }
    qsort(gaps, (size_t)k, sizeof *gaps, cmp_double);
    double D = 0;
    for (int i = 0; i < k; i++) {
        double F = 1 - exp(-gaps[i]);
        D = fmax(D, fmax(fabs(F - (double)i / k), fabs((double)(i + 1) / k - F)));
    }
    double p = kolmogorov_q(sqrt((double)k) * D);
    cr_assert(k > 5000, "expected many events, got %d", k);
    cr_assert(p > 0.01, "KS rejects the exact compensator: D %.4f, p %.4f, n %d", D, p, k);
    sim_free(gaps);
    model_destroy(m);
    scenario_destroy(s);
}

Test(model, seasonal_background_integrates_over_a_quarter_around_the_peak)
{
    const double P = 365.25, T = P / 4, mu = 2.0, A = 0.5;
    scenario *s = support_quiet_scenario(T);
    s->p.militants.base_rate = mu;
    s->p.militants.branching = 0;
    s->p.militants.season_amplitude = A;
    /* start_date is day 1 of its year: put the peak in the middle of the window */
    s->start_date = 19358; /* 2023-01-01 */
    s->p.militants.season_peak_day = 1 + T / 2;
    double expect = mu * (T + A * (P / M_PI) * sin(M_PI * T / P));
    double sum = 0;
    const int n = 300;
    for (int r = 0; r < n; r++) {
        int err;
        model *m = model_create(s, 3, (uint64_t)r, 0, &err);
        model_run(m);
        sum += model_totals_get(m)->attacks;
        model_destroy(m);
    }
    double se = sqrt(expect / n); /* Poisson */
    cr_assert(fabs(sum / n - expect) < 3.5 * se, "expected: %.2f, got: %.2f", expect, sum / n);
    scenario_destroy(s);
}

/* A scenario in which one scripted attack lifts the threat above the warning level and the
 * threshold, and it stays there (long pressure half-life, no other attacks). */
static scenario *decision_scenario(void)
{
    scenario *s = support_quiet_scenario(200);
    s->p.militants.base_rate = 0;
    s->p.militants.branching = 0;
    s->p.militants.strike_branching = 0;
    s->p.state.threat_half_life = 1e6;
    s->p.state.threat_scale = 10;
    s->p.state.warn_at = 0.5;
    s->p.state.strike_cost = 0;     /* strikes as often as the cooldown allows */
    s->p.host.clash_rate = 0;       /* no border clashes of their own */
    s->p.state.threshold = 0.75;
    s->p.state.credit_cooperation = 0;
    s->p.state.strike_relief = 0;
    s->p.state.ultimatum_days = 30;
    s->p.state.cooldown = 40;
    s->p.state.mass_casualty = 1000;
    s->p.host.cooperation = 0;
    s->p.host.relocation_min_coop = 1;
    s->p.host.retaliation_base = 0;
    s->p.host.retaliation_grievance = 0;
    s->p.host.deal_offer_at = 1e9;
    support_add_item(s, 5.5, SCN_ACT_ATTACK, 1, 99, -1); /* weight 3 x 100^0.5 = 30 -> S 0.95 */
    return s;
}

Test(model, threat_above_warning_gives_ultimatum_then_strike_after_deadline)
{
    scenario *s = decision_scenario();
    model *m = run(s, 1);
    const model_record *u = first_kind(m, MODEL_REC_ULTIMATUM);
    const model_record *k = first_kind(m, MODEL_REC_STRIKE);
    cr_assert_not_null(u);
    cr_assert_not_null(k);
    cr_assert(fabs((u->t) - (6.0)) < 1e-9, "ultimatum expected at day 6, got %g", u->t);
    cr_assert(strstr(u->reason, "threat 0.95 >= warning level 0.50"), "reason: %s", u->reason);
    cr_assert(fabs((k->t) - (36.0)) < 1e-9, "strike expected at day 36, got %g", k->t);
    cr_assert(strstr(k->reason, "threat 0.95 >= threshold 0.75"), "reason: %s", k->reason);
    cr_assert(strstr(k->reason, "the ultimatum of 2023-01-07 defied (deadline 2023-02-06 "
                                "passed)"), "reason: %s", k->reason);
    cr_assert_eq(k->ladder, 3);
    /* cooldown 40: strikes at 36, 76, 116, 156, 196 */
    cr_assert_eq(count_kind(m, MODEL_REC_STRIKE), 5);
    cr_assert(fabs((model_totals_get(m)->first_strike_day) - (36.0)) < 1e-9);
    model_destroy(m);
    scenario_destroy(s);
}

Test(model, no_cost_yet_is_a_met_condition_even_below_the_line)
{
    /* Before the first strike the cost is 0: the condition asks nothing beyond the threat
     * line, so it is met (the checklist shows no cross for a cost that does not exist) while
     * the threat condition alone fails, and the rule as a whole still forbids the strike. */
    scenario *s = decision_scenario();
    s->p.state.threshold = 0.99;
    s->p.state.strike_cost = 0.3;
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_run_until(m, 20), 0);
    model_strike_rule r;
    model_strike_rule_get(m, &r);
    cr_assert_eq(r.met[MODEL_SC_THREAT], 0);
    cr_assert_eq(r.met[MODEL_SC_COST], 1);
    cr_assert_eq(r.allowed, 0);
    cr_assert(strstr(r.text[MODEL_SC_COST], "no cost of past strikes yet"), "text: %s",
              r.text[MODEL_SC_COST]);
    model_destroy(m);
    scenario_destroy(s);
}

Test(model, the_cost_of_past_strikes_keeps_the_next_one_waiting)
{
    /* Threat 0.95 against the line 0.75: a margin of 0.20. Each strike adds 0.3 of cost,
     * halving every 100 days, so the next strike waits until the cost is back to 0.20:
     * after the strike of day 36, 100 log2(0.3/0.2) = 58.5 days (day 95, the ultimatum
     * renewed on day 37 defied since day 67); then the cost is 0.3 + 0.3 x 2^(-59/100) =
     * 0.499 and needs 100 log2(0.499/0.2) = 132 days (day 227), when the ultimatum renewed
     * on day 216 (as the one before lapsed unenforced) still runs: its deadline, day 246,
     * licenses the third. Without the cost they come every 40 days (the cooldown). */
    scenario *s = decision_scenario();
    s->days = 300;
    s->p.state.strike_cost = 0.3;
    s->p.state.strike_cost_half_life = 100;
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_run_until(m, 150), 0);
    model_strike_rule r;
    model_strike_rule_get(m, &r);
    cr_assert_eq(r.met[MODEL_SC_COST], 0);
    double cost = (0.3 + 0.3 * exp2(-59.0 / 100)) * exp2(-55.0 / 100);
    cr_assert(fabs(r.cost - cost) < 1e-12, "cost %g, expected %g", r.cost, cost);
    cr_assert(strstr(r.text[MODEL_SC_COST], "clears it by only 0.20"), "text: %s",
              r.text[MODEL_SC_COST]);
    cr_assert_eq(model_run(m), 0);
    double want[] = {36, 95, 246};
    cr_assert_eq(model_strike_count(m), 3);
    for (int i = 0; i < 3; i++)
        cr_assert(model_strike_time_at(m, i) == want[i], "strike %d at %g, expected %g", i,
                  model_strike_time_at(m, i), want[i]);
    const model_record *k = NULL;
    for (int i = 0; i < model_record_count(m); i++)
        if (model_record_at(m, i)->kind == MODEL_REC_STRIKE) k = model_record_at(m, i);
    cr_assert(strstr(k->reason, "cost of past strikes (0.1"), "reason: %s", k->reason);
    model_destroy(m);
    scenario_destroy(s);
}

Test(model, ceasefire_prevents_strikes)
{
    scenario *s = decision_scenario();
    support_add_item(s, 20, SCN_ACT_CEASEFIRE, -1, -1, 150);
    model *m = run(s, 1);
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        cr_assert(r->kind != MODEL_REC_STRIKE || r->t >= 170, "strike during ceasefire at %g", r->t);
    }
    cr_assert_eq(count_kind(m, MODEL_REC_CEASEFIRE), 1);
    model_destroy(m);
    scenario_destroy(s);
}

Test(model, mass_casualty_attack_skips_the_ultimatum)
{
    scenario *s = decision_scenario();
    s->p.state.mass_casualty = 50;
    model *m = run(s, 1);
    const model_record *k = first_kind(m, MODEL_REC_STRIKE);
    cr_assert_not_null(k);
    cr_assert(fabs((k->t) - (6.0)) < 1e-9, "strike expected at day 6, got %g", k->t);
    cr_assert(strstr(k->reason, "mass-casualty attack on 2023-01-06"), "reason: %s", k->reason);
    model_destroy(m);
    scenario_destroy(s);
}

Test(model, ladder_rises_with_strike_and_steps_down_after_quiet_days)
{
    scenario *s = decision_scenario();
    s->p.state.cooldown = 1000;
    s->p.ladder.quiet_days = 10;
    model *m = run(s, 1);
    int saw3 = 0, down_at = -1;
    for (int i = 0; i < model_day_count(m); i++) {
        const model_day *d = model_day_at(m, i);
        if (d->ladder == 3) saw3 = 1;
        if (saw3 && d->ladder == 2 && down_at < 0) down_at = d->day;
    }
    cr_assert(saw3);
    cr_assert_eq(down_at, 46, "expected the ladder to step down at day 46, got %d", down_at);
    cr_assert_eq(model_totals_get(m)->max_ladder, 3);
    model_destroy(m);
    scenario_destroy(s);
}

Test(model, scripted_set_changes_behaviour_from_its_date)
{
    scenario *s = decision_scenario();
    scn_timeline_item it;
    memset(&it, 0, sizeof it);
    it.day = 20;
    it.action = SCN_ACT_SET;
    it.zone = -1;
    snprintf(it.key, sizeof it.key, "state.strike.threshold");
    it.value = 0.99;
    cr_assert_eq(scenario_add_timeline(s, &it), 0);
    model *m = run(s, 1);
    cr_assert_eq(count_kind(m, MODEL_REC_STRIKE), 0);
    const model_record *r = first_kind(m, MODEL_REC_SET);
    cr_assert_not_null(r);
    cr_assert(strstr(r->reason, "state.strike.threshold 0.75 -> 0.99"), "reason: %s", r->reason);
    model_destroy(m);
    scenario_destroy(s);
}

Test(model, threshold_change_leaves_attack_times_identical_until_the_first_strike)
{
    scenario *a = scenario_create_default(), *b;
    cr_assert_not_null(a);
    a->days = 365;
    support_add_zone(a, "Alpha", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY, 34.5, 70.5);
    support_add_zone(a, "Beta", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY, 33.3, 69.9);
    support_add_zone(a, "Town", SCN_SIDE_STATE, SCN_ZONE_TARGET, 34.0, 71.5);
    support_add_zone(a, "Gate", SCN_SIDE_STATE, SCN_ZONE_CROSSING, 34.1, 71.0);
    support_add_zone(a, "Base", SCN_SIDE_STATE, SCN_ZONE_AIRBASE, 33.6, 72.5);
    a->p.militants.base_rate = 0.6;
    a->p.state.threat_scale = 20;
    b = scenario_clone(a);
    b->p.state.threshold = 0.6;
    int checked = 0;
    for (uint64_t seed = 1; seed <= 10; seed++) {
        model *ma = run(a, seed), *mb = run(b, seed);
        double first = fmin(model_totals_get(ma)->first_strike_day < 0 ? 1e9 : model_totals_get(ma)->first_strike_day,
                            model_totals_get(mb)->first_strike_day < 0 ? 1e9 : model_totals_get(mb)->first_strike_day);
        int ia = 0, ib = 0;
        for (;;) {
            while (ia < model_record_count(ma) && model_record_at(ma, ia)->kind != MODEL_REC_ATTACK) ia++;
            while (ib < model_record_count(mb) && model_record_at(mb, ib)->kind != MODEL_REC_ATTACK) ib++;
            if (ia >= model_record_count(ma) || ib >= model_record_count(mb)) break;
            const model_record *ra = model_record_at(ma, ia), *rb = model_record_at(mb, ib);
            if (ra->t > first || rb->t > first) break;
            cr_assert(ra->t == rb->t && ra->zone == rb->zone && ra->casualties == rb->casualties,
                      "seed %d: attacks differ before the first strike (%g vs %g)", (int)seed,
                      ra->t, rb->t);
            checked++;
            ia++;
            ib++;
        }
        model_destroy(ma);
        model_destroy(mb);
    }
    cr_assert(checked > 50, "too few attacks compared: %d", checked);
    scenario_destroy(a);
    scenario_destroy(b);
}

Test(model, same_seed_gives_identical_records)
{
    scenario *s = decision_scenario();
    s->p.militants.base_rate = 0.4;
    s->p.state.drone_rate = 0.1;
    model *a = run(s, 5), *b = run(s, 5), *c = run(s, 6);
    cr_assert_eq(model_record_count(a), model_record_count(b));
    for (int i = 0; i < model_record_count(a); i++)
        cr_assert_eq(memcmp(model_record_at(a, i), model_record_at(b, i), sizeof(model_record)), 0);
    cr_assert(model_record_count(a) != model_record_count(c) ||
              model_record_at(a, 1)->t != model_record_at(c, 1)->t, "another seed, another run");
    model_destroy(a);
    model_destroy(b);
    model_destroy(c);
    scenario_destroy(s);
}

/* Records, series and totals of two models are the same, field by field (the structs have
 * padding, which memcmp would compare too). */
static void assert_same_run(const model *a, const model *b, const char *what)
{
    cr_assert_eq(model_record_count(a), model_record_count(b), "%s: records", what);
    for (int i = 0; i < model_record_count(a); i++) {
        const model_record *x = model_record_at(a, i), *y = model_record_at(b, i);
        cr_assert(x->t == y->t && x->kind == y->kind && x->actor == y->actor &&
                  x->zone == y->zone && x->type == y->type && x->from_zone == y->from_zone &&
                  x->casualties == y->casualties &&
                  x->civilian_casualties == y->civilian_casualties && x->ladder == y->ladder &&
                  x->scripted == y->scripted && strcmp(x->reason, y->reason) == 0,
                  "%s: record %d: %s | %s", what, i, x->reason, y->reason);
    }
    cr_assert_eq(model_day_count(a), model_day_count(b), "%s: days", what);
    for (int i = 0; i < model_day_count(a); i++) {
        const model_day *x = model_day_at(a, i), *y = model_day_at(b, i);
        cr_assert(x->t == y->t && x->day == y->day && x->lambda == y->lambda &&
                  x->attacks_7d == y->attacks_7d &&
                  x->pressure == y->pressure && x->threat == y->threat &&
                  x->threshold_eff == y->threshold_eff && x->cooperation == y->cooperation &&
                  x->grievance == y->grievance && x->diplomatic == y->diplomatic &&
                  x->capacity == y->capacity && x->ladder == y->ladder &&
                  x->closed_crossings == y->closed_crossings, "%s: day %d", what, i);
    }
    for (int i = 0; i < MODEL_NTOTALS; i++) {
        double x = model_total_value(model_totals_get(a), i);
        double y = model_total_value(model_totals_get(b), i);
        cr_assert(x == y || (isnan(x) && isnan(y)), "%s: %s %g != %g", what,
                  model_total_name(i), x, y);
    }
}

/* A reused model (model_reset) runs every replication exactly as a new one would, also
 * after a run whose timeline changed parameters (a `set` rebuilds the attack tables), a
 * strike, a deal, and when what is kept changes between replications. */
Test(model, a_reset_model_runs_like_a_new_one)
{
    scenario *s = decision_scenario();
    s->p.militants.base_rate = 0.4;
    s->p.state.drone_rate = 0.1;
    scn_timeline_item it = {.day = 30, .action = SCN_ACT_SET, .zone = -1, .type = -1,
                            .value = 0.9, .casualties = -1, .days = -1};
    snprintf(it.key, sizeof it.key, "militants.types.ied.probability");
    cr_assert(scenario_add_timeline(s, &it) >= 0);
    snprintf(it.key, sizeof it.key, "militants.distance_scale");
    it.day = 40;
    it.value = 50;
    cr_assert(scenario_add_timeline(s, &it) >= 0);
    static const int keeps[4] = {MODEL_KEEP_ALL, 0, MODEL_KEEP_SERIES, MODEL_KEEP_EVENTS};
    int err = 0;
    model *reused = model_create(s, 9, 0, MODEL_KEEP_ALL, &err);
    cr_assert_not_null(reused);
    cr_assert_eq(model_run(reused), 0);
    for (uint64_t rep = 1; rep <= 8; rep++) {
        int keep = keeps[rep % 4];
        model *fresh = model_create(s, 9, rep, keep, &err);
        cr_assert_not_null(fresh);
        cr_assert_eq(model_reset(reused, 9, rep, keep), 0);
        cr_assert_eq(model_run(fresh), 0);
        cr_assert_eq(model_run(reused), 0);
        char what[32];
        snprintf(what, sizeof what, "replication %d", (int)rep);
        assert_same_run(fresh, reused, what);
        model_destroy(fresh);
    }
    model_destroy(reused);
    scenario_destroy(s);
}

Test(model, allocation_failure_at_any_point_of_create_is_clean)
{
    scenario *s = decision_scenario();
    int failures = 0;
    for (long k = 1; k < 200; k++) {
        sim_alloc_fail_at(k, 1);
        int err = 0;
        model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, &err);
        int rc = m ? model_run(m) : err;
        sim_alloc_fail_at(0, 0);
        if (!m || rc) failures++;
        model_destroy(m);
        if (m && !rc) break; /* k is past the last allocation */
    }
    cr_assert(failures > 5, "expected several injected failures, got %d", failures);
    scenario_destroy(s);
}

Test(model, preloaded_history_raises_excitation_and_pressure_at_the_start)
{
    scenario *s = support_quiet_scenario(30);
    s->p.militants.base_rate = 0.2;
    int err;
    model *plain = model_create(s, 1, 0, MODEL_KEEP_ALL, &err);
    model *fed = model_create(s, 1, 0, MODEL_KEEP_ALL, &err);
    model_past_event past[3] = {{-0.5, 34.0, 71.5, 10}, {-2.0, 34.0, 71.5, 0}, {-40, NAN, NAN, NAN}};
    cr_assert_eq(model_preload(fed, past, 3), 0);
    model_state a, b;
    model_state_get(plain, &a);
    model_state_get(fed, &b);
    double kb = s->p.militants.branching * s->p.militants.decay;
    double expect_ex = kb * (exp(-0.5) + exp(-2.0) + exp(-40.0));
    cr_assert(fabs((b.lambda - a.lambda) - expect_ex) < 1e-9, "expected: %g, got: %g", expect_ex,
              b.lambda - a.lambda);
    /* mean type weight 1.44 and mean casualties 3.7 under the default type table;
     * Town's exposure 1; gamma 0.5; half-life 21 days */
    double P = 1.44 * (sqrt(11.0) * exp2(-0.5 / 21) + 1.0 * exp2(-2.0 / 21) +
                       sqrt(4.7) * exp2(-40.0 / 21));
    double S = 1 - exp(-P / s->p.state.threat_scale);
    cr_assert(fabs(b.threat - S) < 1e-9 && a.threat == 0, "expected: %g, got: %g", S, b.threat);
    model_past_event late = {0.5, 34.0, 71.5, 1};
    cr_assert_eq(model_preload(plain, &late, 1), SIM_EINVAL);
    model_destroy(plain);
    model_destroy(fed);
    scenario_destroy(s);
}
