/* test_daily.c - the attack intensity's slow terms are constant within each day: the
 * seasonal factor (its value at the day's middle) and the capacities (as pinned at the day's
 * tick or at a later change), docs/model.md. The decision must state what the code does
 * and must not move the statistics: 2,000 replications of the default scenario with the
 * daily terms agree with 2,000 of the continuous model (MODEL_CONTINUOUS, the model before
 * the decision) on mean attacks, strikes and casualties and on first-strike survival.
 *
 * What the decision implies: the season's value at a day's middle differs from its mean
 * over the day by a factor sinc(pi / 365.25) = 1 - 1.2e-5, and a capacity recovering at
 * r_K = 0.01/day moves by at most 1% of its deficit within a day, so the means may move by
 * far less than their standard errors. The figures when the decision landed (seed 7,
 * paired replications of the default scenario of that day, these very loops; printed with
 * --verbose), continuous | daily (difference +- its standard error):
 *   mean attacks      95.499 | 95.467 (-0.032 +- 0.023)
 *   mean strikes      1.1765 | 1.1720 (-0.0045 +- 0.0024)
 *   mean casualties   448.33 | 448.22 (-0.11 +- 0.35)
 *   S(90), S(180), S(365)  0.2360, 0.0905, 0.0310 | 0.2355, 0.0910, 0.0325
 *                          (-0.0005 +- 0.0015, 0.0005 +- 0.0009, 0.0015 +- 0.0009) */
#include "base/err.h"
#include "model/model.h"
#include "support.h"
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <gsl/gsl_errno.h>
#include <math.h>

#define REPS 2000
#define SEED 7
/* Two-sided 99.9% normal quantile: six comparisons of two models that agree then fail
 * together with a chance under 0.6%. */
#define Z 3.29

static void setup(void) { gsl_set_error_handler_off(); }
TestSuite(daily, .init = setup);

static const double surv_days[] = {90, 180, 365};
#define NSURV 3
#define NSTAT (3 + NSURV)   /* attacks, strikes, casualties, no strike before each day */

static void stats_of(const model_totals *t, double x[NSTAT])
{
    x[0] = t->attacks;
    x[1] = t->strikes;
    x[2] = t->casualties;
    for (int i = 0; i < NSURV; i++)
        x[3 + i] = !(t->first_strike_day >= 0 && t->first_strike_day < surv_days[i]);
}

Test(daily, the_daily_terms_keep_the_statistics_of_the_continuous_model)
{
    static const char *const names[NSTAT] = {"attacks", "strikes", "casualties", "S(90)",
                                             "S(180)", "S(365)"};
    scenario *s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    model *c = model_create(s, SEED, 0, MODEL_CONTINUOUS, NULL), *d = model_create(s, SEED, 0, 0, NULL);
    cr_assert(c && d);
    /* Paired: replication r of both models draws from the same streams, so the two agree
     * until their intensities first differ at a thinning test; the error of the mean
     * difference is that of the differences of the pairs. */
    double sc[NSTAT] = {0}, sd[NSTAT] = {0}, diff[NSTAT] = {0}, diff2[NSTAT] = {0};
    for (long r = 0; r < REPS; r++) {
        cr_assert_eq(model_reset(c, SEED, (uint64_t)r, MODEL_CONTINUOUS), 0);
        cr_assert_eq(model_reset(d, SEED, (uint64_t)r, 0), 0);
        cr_assert_eq(model_run(c), 0);
        cr_assert_eq(model_run(d), 0);
        double xc[NSTAT], xd[NSTAT];
        stats_of(model_totals_get(c), xc);
        stats_of(model_totals_get(d), xd);
        for (int k = 0; k < NSTAT; k++) {
            sc[k] += xc[k];
            sd[k] += xd[k];
            diff[k] += xd[k] - xc[k];
            diff2[k] += (xd[k] - xc[k]) * (xd[k] - xc[k]);
        }
    }
    /* The scenario must exercise what is compared: strikes happen, not in every run. */
    cr_assert(sc[1] / REPS > 0.05 && sc[3 + NSURV - 1] / REPS < 0.95 && sc[3] / REPS > 0.05);
    for (int k = 0; k < NSTAT; k++) {
        double mean = diff[k] / REPS, var = (diff2[k] - REPS * mean * mean) / (REPS - 1);
        double se = sqrt(var > 0 ? var / REPS : 0);
        cr_log_info("%s %.4f | %.4f (difference %.4f +- %.4f)", names[k], sc[k] / REPS,
                    sd[k] / REPS, mean, se);
        cr_expect(fabs(mean) <= Z * se, "%s moved: %.4f continuous, %.4f daily (difference "
                  "%.4f +- %.4f)", names[k], sc[k] / REPS, sd[k] / REPS, mean, se);
    }
    model_destroy(c);
    model_destroy(d);
    scenario_destroy(s);
}

/* A background of mu alone (no excitation, no cooperation's damping), season amplitude A. */
static scenario *seasonal_scenario(double A)
{
    scenario *s = support_quiet_scenario(60);
    s->p.militants.base_rate = 1.0;
    s->p.militants.branching = 0;
    s->p.militants.season_amplitude = A;
    s->p.militants.season_peak_day = 200;
    return s;
}

static double intensity_at(model *m, double t)
{
    cr_assert_eq(model_run_until(m, t), 0);
    return model_intensity(m);
}

Test(daily, the_season_is_its_value_at_the_middle_of_each_day)
{
    const double A = 0.5;
    scenario *s = seasonal_scenario(A);
    model *m = model_create(s, 1, 0, 0, NULL), *c = model_create(s, 1, 0, MODEL_CONTINUOUS, NULL);
    cr_assert(m && c);
    /* 2023-01-01 is day 1 of its year, so day d of the run is day of the year 1 + d. */
    double want = 1.0 + A * cos(2 * M_PI * (1 + 10.5 - 200) / 365.25);
    double early = intensity_at(m, 10.1), late = intensity_at(m, 10.9);
    cr_expect_eq(early, late, "day 10: %.17g at 10.1, %.17g at 10.9", early, late);
    cr_expect(fabs(early - want) < 1e-12, "day 10: %.15g, want %.15g", early, want);
    /* The continuous model moves within the day, through the same value at its middle. */
    double c1 = intensity_at(c, 10.1), c5 = intensity_at(c, 10.5), c9 = intensity_at(c, 10.9);
    cr_expect(c1 != c9 && fabs(c5 - want) < 1e-12, "continuous: %.15g %.15g %.15g", c1, c5, c9);
    model_destroy(m);
    model_destroy(c);
    scenario_destroy(s);
}

Test(daily, capacities_recover_at_the_ticks_by_the_exact_daily_factor)
{
    scenario *s = seasonal_scenario(0);
    s->p.militants.recovery = 0.05;
    s->p.state.strike_damage = 0.5;
    support_add_item(s, 5.5, SCN_ACT_STRIKE, 0, 0, 0);
    s->p.militants.strike_branching = 0; /* the strike adds no excitation */
    model *m = model_create(s, 1, 0, 0, NULL);
    cr_assert_not_null(m);
    double before = intensity_at(m, 5.4);
    cr_expect(fabs(before - 1.0) < 1e-12, "at K0: %.15g", before);
    /* Struck at 5.5 to half: the intensity halves at once and holds until the tick at 6. */
    double a = intensity_at(m, 5.6), b = intensity_at(m, 5.99);
    cr_expect(fabs(a - 0.5) < 1e-12 && a == b, "after the strike: %.15g, %.15g", a, b);
    /* At the tick of day 6 the capacity is its exact value half a day later,
     * K0 + (K - K0) e^{-r / 2}, and holds through day 6. */
    double want = 1.0 - 0.5 * exp(-0.05 * 0.5);
    double c = intensity_at(m, 6.2), d = intensity_at(m, 6.8);
    cr_expect(fabs(c - want) < 1e-12 && c == d, "day 6: %.15g, %.15g, want %.15g", c, d, want);
    /* The capacity itself is the exact solution at every moment (here 6.8). */
    double k = 1.0 - 0.5 * exp(-0.05 * 1.3);
    cr_expect(fabs(model_zone_capacity(m, 0) - k) < 1e-12, "capacity %.15g, want %.15g",
              model_zone_capacity(m, 0), k);
    want = 1.0 - 0.5 * exp(-0.05 * 1.5);
    double e = intensity_at(m, 7.5);
    cr_expect(fabs(e - want) < 1e-12, "day 7: %.15g, want %.15g", e, want);
    model_destroy(m);
    scenario_destroy(s);
}

/* Casualties of every attack of a run whose attacks are all of one type, mean cas and size r:
 * the sample's mean, variance and share of zeros. */
static void casualty_sample(double cas, double r, int *n, double *mean, double *var, double *zero)
{
    scenario *s = seasonal_scenario(0);
    s->days = 2000;
    s->p.militants.base_rate = 5.0;
    for (int i = 0; i < SCN_NATTACK_TYPES; i++)
        s->p.militants.type[i].probability = i == SCN_ATTACK_RAID;
    s->p.militants.type[SCN_ATTACK_RAID].casualties = cas;
    s->p.militants.type[SCN_ATTACK_RAID].dispersion = r;
    s->p.state.threat_scale = 1e9; /* no decisions whatever the casualties */
    model *m = model_create(s, 5, 0, MODEL_KEEP_EVENTS, NULL);
    cr_assert_not_null(m);
    cr_assert_eq(model_run(m), 0);
    double sum = 0, sum2 = 0, z = 0;
    int k = 0;
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *rec = model_record_at(m, i);
        if (rec->kind != MODEL_REC_ATTACK) continue;
        cr_assert_eq(rec->casualties, floor(rec->casualties));
        sum += rec->casualties;
        sum2 += rec->casualties * rec->casualties;
        z += rec->casualties == 0;
        k++;
    }
    *n = k;
    *mean = sum / k;
    *var = (sum2 - k * *mean * *mean) / (k - 1);
    *zero = z / k;
    model_destroy(m);
    scenario_destroy(s);
}

/* The tabulated inversion draws the negative binomial: mean m, variance v = m + m^2/r and
 * P(0) = (r/(r+m))^r, each within 4 standard errors over about 10,000 attacks. The sample
 * variance's error is v sqrt((2 + g2)/n), with g2 = 6/r + p^2/(r (1 - p)) the negative
 * binomial's excess kurtosis (p = r/(r+m)): its tail is heavy, so the normal sample's
 * sqrt(2/n) would be far too tight. A mean too large for the table (500) takes GSL's
 * gamma-Poisson draw, checked the same way. */
Test(daily, casualties_are_negative_binomial)
{
    static const double cases[][2] = {{4, 0.5}, {12, 0.4}, {500, 0.4}};
    for (int c = 0; c < 3; c++) {
        double m = cases[c][0], r = cases[c][1], mean, var, zero;
        int n;
        casualty_sample(m, r, &n, &mean, &var, &zero);
        double v = m + m * m / r, p = r / (r + m), p0 = pow(p, r);
        double g2 = 6 / r + p * p / (r * (1 - p));
        cr_log_info("m %g r %g: n %d mean %.3f var %.1f P(0) %.4f | want %.3f %.1f %.4f", m, r,
                    n, mean, var, zero, m, v, p0);
        cr_assert(n > 8000, "attacks %d", n);
        cr_expect(fabs(mean - m) < 4 * sqrt(v / n), "mean %.3f, want %.3f (n %d)", mean, m, n);
        cr_expect(fabs(var - v) < 4 * v * sqrt((2 + g2) / n), "variance %.1f, want %.1f", var, v);
        cr_expect(fabs(zero - p0) < 4 * sqrt(p0 * (1 - p0) / n), "P(0) %.4f, want %.4f", zero,
                  p0);
    }
}
