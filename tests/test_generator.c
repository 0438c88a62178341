/* test_generator.c - the switch of the model's random streams from mt19937 to xoshiro256**
 * changed every draw but must not move the statistics: 2,000 replications of the default
 * scenario on each generator agree on mean attacks, mean strikes and first-strike survival.
 *
 * Both generators run here, so the check holds whatever the model's rules become. The
 * figures the comparison gave when the switch landed (seed 7, 2,000 replications of
 * scenarios/kabul-ultimatum-2023.yaml with the rules of that day: strike_branching 0.4,
 * per-sanctuary excitation, ultimatum lapse; these very loops), mt19937 | xoshiro256**:
 *   mean attacks            97.08 +- 0.47       | 97.27 +- 0.45
 *   mean strikes            1.546 +- 0.027      | 1.478 +- 0.026
 *   S(90), S(180), S(365)   0.484, 0.321, 0.210 | 0.504, 0.345, 0.213
 * (+- one standard error; S(d) the share of runs without a strike before day d; printed by
 * running this suite with --verbose). */
#include "base/err.h"
#include "model/model.h"
#include "support.h"
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <gsl/gsl_errno.h>
#include <math.h>

#define REPS 2000
#define SEED 7
/* Two-sided 99.9% normal quantile. Six comparisons of one correct switch then fail together
 * with a chance under 0.6%; the power check below shows a 10% change of the attack rate
 * is still caught. */
#define Z 3.29

static void setup(void) { gsl_set_error_handler_off(); }
TestSuite(generator, .init = setup);

static const double surv_days[] = {90, 180, 365};
#define NSURV 3

typedef struct {
    double attacks, attacks_se, strikes, strikes_se;
    double surv[NSURV]; /* share of runs without a strike before day surv_days[i] */
} gen_stats;

static void add_se(double *mean, double *se, double sum, double sum2)
{
    *mean = sum / REPS;
    double var = (sum2 - REPS * *mean * *mean) / (REPS - 1);
    *se = sqrt(var > 0 ? var / REPS : 0);
}

/* REPS replications of s on one model reset for each (flags: 0 or MODEL_MT19937). */
static gen_stats run_reps(const scenario *s, int flags)
{
    int err = 0;
    model *m = model_create(s, SEED, 0, flags, &err);
    cr_assert_not_null(m, "model_create: %s", sim_strerror(err));
    double a = 0, a2 = 0, k = 0, k2 = 0, alive[NSURV] = {0};
    for (long r = 0; r < REPS; r++) {
        cr_assert_eq(model_reset(m, SEED, (uint64_t)r, flags), 0);
        cr_assert_eq(model_run(m), 0);
        const model_totals *t = model_totals_get(m);
        a += t->attacks;
        a2 += (double)t->attacks * t->attacks;
        k += t->strikes;
        k2 += (double)t->strikes * t->strikes;
        for (int i = 0; i < NSURV; i++)
            alive[i] += !(t->first_strike_day >= 0 && t->first_strike_day < surv_days[i]);
    }
    model_destroy(m);
    gen_stats g;
    add_se(&g.attacks, &g.attacks_se, a, a2);
    add_se(&g.strikes, &g.strikes_se, k, k2);
    for (int i = 0; i < NSURV; i++) g.surv[i] = alive[i] / REPS;
    return g;
}

/* Whether two means with standard errors differ by more than Z combined errors. */
static int differ(double m1, double se1, double m2, double se2)
{
    return fabs(m1 - m2) > Z * sqrt(se1 * se1 + se2 * se2);
}

static double prop_se(double p) { return sqrt(p * (1 - p) / REPS); }

/* How many of the six statistics differ between a and b. */
static int n_differ(const gen_stats *a, const gen_stats *b)
{
    int n = differ(a->attacks, a->attacks_se, b->attacks, b->attacks_se) +
            differ(a->strikes, a->strikes_se, b->strikes, b->strikes_se);
    for (int i = 0; i < NSURV; i++)
        n += differ(a->surv[i], prop_se(a->surv[i]), b->surv[i], prop_se(b->surv[i]));
    return n;
}

Test(generator, xoshiro_keeps_the_statistics_of_mt19937)
{
    scenario *s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    gen_stats mt = run_reps(s, MODEL_MT19937), xo = run_reps(s, 0);
    cr_log_info("attacks %.2f +- %.2f | %.2f +- %.2f", mt.attacks, mt.attacks_se, xo.attacks,
                xo.attacks_se);
    cr_log_info("strikes %.3f +- %.3f | %.3f +- %.3f", mt.strikes, mt.strikes_se, xo.strikes,
                xo.strikes_se);
    for (int i = 0; i < NSURV; i++)
        cr_log_info("S(%.0f) %.4f | %.4f", surv_days[i], mt.surv[i], xo.surv[i]);
    /* The scenario must exercise what is compared: strikes happen and not in every run. */
    cr_assert(mt.strikes > 0.05 && mt.surv[NSURV - 1] < 0.95 && mt.surv[0] > 0.05);
    cr_expect_eq(n_differ(&mt, &xo), 0, "a statistic moved with the generator");
    scenario_destroy(s);
}

/* The comparison can fail: between the model and one whose militants' background rate is
 * 10% higher, it finds the difference in attacks. */
Test(generator, a_ten_percent_change_is_caught)
{
    scenario *s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    gen_stats base = run_reps(s, 0);
    s->p.militants.base_rate *= 1.1;
    gen_stats more = run_reps(s, 0);
    cr_expect(differ(base.attacks, base.attacks_se, more.attacks, more.attacks_se),
              "attacks %.2f +- %.2f vs %.2f +- %.2f", base.attacks, base.attacks_se,
              more.attacks, more.attacks_se);
    scenario_destroy(s);
}

Test(generator, reset_refuses_another_generator)
{
    scenario *s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    model *m = model_create(s, SEED, 0, 0, NULL);
    cr_assert_not_null(m);
    cr_expect_eq(model_reset(m, SEED, 1, MODEL_MT19937), SIM_EINVAL);
    model_destroy(m);
    scenario_destroy(s);
}
