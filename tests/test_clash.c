/* test_clash.c - border clashes of their own (host.clash.*), the closures a clash brings
 * (host.clash.closure_probability) and the cost of striking (state.strike.cost). */
#include "model/model.h"
#include "support.h"
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

TestSuite(clash);

static int count_kind(const model *m, int kind)
{
    int n = 0;
    for (int i = 0; i < model_record_count(m); i++) n += model_record_at(m, i)->kind == kind;
    return n;
}

/* No attacks, no strikes: only the border-clash process acts. */
static scenario *clash_scenario(double days, double rate)
{
    scenario *s = support_quiet_scenario(days);
    s->p.militants.base_rate = 0;
    s->p.state.drone_rate = 0;
    s->p.host.clash_rate = rate;
    s->p.host.clash_grievance_gain = 0;
    s->p.host.clash_closed_factor = 1;
    s->p.host.clash_branching = 0;
    s->p.mediation.daily_probability = 0;
    return s;
}

/* Mean number of clashes over n runs, and the share of them that closed their crossing. */
static double mean_clashes(const scenario *s, int n, double *closed_share, int keep)
{
    double sum = 0, clashes = 0, closures = 0;
    for (int r = 0; r < n; r++) {
        model *m = model_create(s, 11, (uint64_t)r, keep, NULL);
        cr_assert_not_null(m);
        cr_assert_eq(model_run(m), 0);
        sum += model_totals_get(m)->clashes;
        clashes += model_totals_get(m)->clashes;
        closures += model_totals_get(m)->closures;
        model_destroy(m);
    }
    if (closed_share) *closed_share = clashes > 0 ? closures / clashes : NAN;
    return sum / n;
}

Test(clash, border_clashes_come_at_their_base_rate_without_any_strike)
{
    /* A daily chance 1 - exp(-r): over T days the count is binomial(T - 1, 1 - e^-r) (the
     * ticks of days 1 .. T - 1). */
    const double r = 0.01, T = 366;
    const int n = 300;
    scenario *s = clash_scenario(T, r);
    s->p.host.clash_closure_probability = 0;
    double p = 1 - exp(-r), expect = (T - 1) * p, se = sqrt((T - 1) * p * (1 - p) / n);
    double got = mean_clashes(s, n, NULL, 0);
    /* 4 standard errors: a false alarm about once in 16,000 seeds */
    cr_assert(fabs(got - expect) < 4 * se, "expected: %.3f clashes a run, got: %.3f", expect,
              got);
    s->p.host.clash_rate = 0;
    cr_assert_eq(mean_clashes(s, 20, NULL, 0), 0, "expected: no clash at rate 0");
    scenario_destroy(s);
}

Test(clash, each_clash_excites_more_clashes)
{
    /* With branching k the mean count is about r T / (1 - k) (a discrete-day Hawkes
     * process: the last days' offspring fall outside the run, so a little less). */
    const double r = 0.01, T = 731, k = 0.5;
    scenario *s = clash_scenario(T, r);
    s->p.host.clash_closure_probability = 0;
    double base = mean_clashes(s, 200, NULL, 0);
    s->p.host.clash_branching = k;
    s->p.host.clash_decay = 0.2;
    double excited = mean_clashes(s, 200, NULL, 0);
    cr_assert(excited > 1.6 * base && excited < 2.2 * base,
              "expected: about %.2f clashes (twice %.2f), got: %.2f", base / (1 - k), base,
              excited);
    scenario_destroy(s);
}

Test(clash, a_clash_closes_its_crossing_with_its_probability_and_says_why)
{
    const double q = 0.3;
    scenario *s = clash_scenario(731, 0.02);
    s->p.host.clash_closure_probability = q;
    double share = 0;
    double clashes = mean_clashes(s, 100, &share, 0);
    double n = clashes * 100, se = sqrt(q * (1 - q) / n);
    cr_assert(fabs(share - q) < 4 * se, "expected: %.2f of %g clashes close, got: %.3f", q, n,
              share);
    model *m = model_create(s, 11, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_run(m), 0);
    int closed = 0;
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        if (r->kind == MODEL_REC_CLASH) {
            cr_assert(strstr(r->reason, "border incident at Gate: rate 0.0200/day") &&
                          strstr(r->reason, "p_close 0.30"), "reason: %s", r->reason);
            closed += strstr(r->reason, "closed 7 days") != NULL;
        }
    }
    cr_assert_eq(closed, count_kind(m, MODEL_REC_CLOSURE), "each closing clash logs a closure");
    cr_assert_eq(closed, model_totals_get(m)->closures);
    model_destroy(m);
    scenario_destroy(s);
}

Test(clash, a_scripted_clash_closes_nothing)
{
    scenario *s = clash_scenario(60, 0);
    s->p.host.clash_closure_probability = 1;
    support_add_item(s, 10, SCN_ACT_CLASH, 2, 3, -1);
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_eq(model_run(m), 0);
    cr_assert_eq(model_totals_get(m)->clashes, 1);
    cr_assert_eq(model_totals_get(m)->closures, 0, "the timeline scripts closures itself");
    model_destroy(m);
    scenario_destroy(s);
}

Test(clash, grievance_and_a_closed_crossing_raise_the_clash_rate)
{
    const double r = 0.01, T = 366;
    scenario *s = clash_scenario(T, r);
    s->p.host.clash_closure_probability = 0;
    double base = mean_clashes(s, 200, NULL, 0);
    s->p.host.clash_closed_factor = 3;
    support_add_item(s, 0.5, SCN_ACT_CLOSURE, 2, -1, 400);   /* closed all run */
    double closed = mean_clashes(s, 200, NULL, 0);
    cr_assert(closed > 2.5 * base && closed < 3.5 * base,
              "expected: three times %.2f while closed, got: %.2f", base, closed);
    scenario_destroy(s);
}
