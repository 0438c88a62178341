/* test_backtest.c - the backtest (sim/analysis/backtest): episodes, mid-PIT, quantiles and
 * Brier scores by hand and in closed form; the window and the timeline cut; a backtest of
 * records simulated from the scenario itself (the PIT of a correct model); and
 * `frontier backtest` run as a binary. */
#include "analysis/backtest.h"
#include "base/alloc.h"
#include "base/date.h"
#include "base/err.h"
#include "support.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static void setup(void) { gsl_set_error_handler_off(); }

TestSuite(backtest, .init = setup);

#define SCN "scenarios/kabul-ultimatum-2023.yaml"
#define REC "scenarios/record/af-pk-2021-2024.csv"

static long day_of(const char *s)
{
    long d = 0;
    cr_assert(date_parse(s, &d) == 0, "%s", s);
    return d;
}

/* A record of hand-made rows: kinds[i] on dates[i] (ascending). The strings are empty
 * literals: free only ev (record_free_hand). */
typedef struct hand {
    record r;
    record_event ev[64];
} hand;

static void hand_add(hand *h, int kind, const char *date)
{
    cr_assert(h->r.n < 64);
    record_event *e = &h->ev[h->r.n++];
    memset(e, 0, sizeof *e);
    e->day = e->day_last = day_of(date);
    e->kind = kind;
    h->r.ev = h->ev;
}

Test(backtest, strikes_at_most_30_days_apart_are_one_episode)
{
    /* 0, 10, 40: each within 30 days of the one before (the episode lasts 40 days); 71 is
     * 31 after 40 (new); 102 is 31 after 71 (new); 200 (new). */
    const double d[6] = {0, 10, 40, 71, 102, 200};
    double s[6];
    cr_assert_eq(bt_episodes(d, 6, BT_EPISODE_GAP, s), 4);
    cr_expect(s[0] == 0 && s[1] == 71 && s[2] == 102 && s[3] == 200);
    const double exactly[2] = {5, 35}, beyond[2] = {5, 36};
    cr_expect_eq(bt_episodes(exactly, 2, 30, NULL), 1, "30 days apart: one episode");
    cr_expect_eq(bt_episodes(beyond, 2, 30, NULL), 2, "31 days apart: two");
    cr_expect_eq(bt_episodes(d, 0, 30, NULL), 0);
    const double same_day[3] = {7, 7, 7};
    cr_expect_eq(bt_episodes(same_day, 3, 30, NULL), 1, "strikes of one night: one episode");
}

Test(backtest, mid_pit_and_count_quantiles_by_hand)
{
    const double sim[4] = {0, 1, 1, 2};
    cr_expect_float_eq(bt_mid_pit(sim, 4, 1), (1 + 0.5 * 2) / 4.0, 1e-12);
    cr_expect_float_eq(bt_mid_pit(sim, 4, 0), 0.5 / 4, 1e-12);
    cr_expect_float_eq(bt_mid_pit(sim, 4, 3), 1.0, 1e-12);
    cr_expect_float_eq(bt_mid_pit(sim, 4, -1), 0.0, 1e-12);
    cr_expect(isnan(bt_mid_pit(sim, 0, 1)));
    /* Type 1: the smallest x with F(x) >= p, so a quantile of counts is a count. */
    const double sorted[4] = {1, 2, 3, 4};
    cr_expect(bt_quantile(sorted, 4, 0.5) == 2);
    cr_expect(bt_quantile(sorted, 4, 0.05) == 1);
    cr_expect(bt_quantile(sorted, 4, 0.95) == 4);
    cr_expect(bt_quantile(sorted, 4, 0.25) == 1 && bt_quantile(sorted, 4, 0.26) == 2);
    cr_expect(isnan(bt_quantile(sorted, 0, 0.5)));
}

Test(backtest, brier_of_a_constant_forecast_in_closed_form)
{
    /* Months with an event in a share f, a constant forecast c: BS = f (1 - c)^2 +
     * (1 - f) c^2, which is f (1 - f) when c = f (the climatology of the same months). */
    double o[40], p[40];
    for (int i = 0; i < 40; i++) o[i] = i % 4 == 0;   /* f = 0.25 */
    for (double c = 0; c <= 1.0001; c += 0.1) {
        for (int i = 0; i < 40; i++) p[i] = c;
        cr_expect_float_eq(bt_brier(p, o, 40), 0.25 * (1 - c) * (1 - c) + 0.75 * c * c, 1e-12,
                           "c = %g", c);
    }
    for (int i = 0; i < 40; i++) p[i] = 0.25;
    cr_expect_float_eq(bt_brier(p, o, 40), 0.25 * 0.75, 1e-12);
    cr_expect_float_eq(bt_brier(o, o, 40), 0, 1e-12, "a perfect forecast scores 0");
}

static bt_study *study(const scenario *s, const record *r, const char *from, const char *to,
                       long n, uint64_t seed)
{
    int err = 0;
    char why[300];
    bt_study *st = bt_create(s, r, day_of(from), day_of(to), n, seed, &err, why, sizeof why);
    cr_assert(st, "bt_create: %s", why);
    cr_assert(ens_batch_run(bt_batch(st), 2, NULL, NULL, NULL) == 0);
    return st;
}

Test(backtest, the_record_is_read_as_episodes_months_and_a_climatology)
{
    /* Before the window (2023-07-01 .. 2023-12-31): strikes in 2 of the 6 months
     * 2023-01 .. 2023-06 (too few for a climatology: the window's rate is used) - and for
     * clashes the same. In the window: strikes on 5 Jul and 1 Aug (27 days: one episode),
     * 1 Sep (31 days after: a second), 20 Nov (a third); gaps 58 and 80. */
    scenario *s = support_load_scenario(SCN);
    hand h = {0};
    hand_add(&h, RECORD_STRIKE, "2023-01-10");
    hand_add(&h, RECORD_STRIKE, "2023-04-02");
    hand_add(&h, RECORD_STRIKE, "2023-07-05");
    hand_add(&h, RECORD_CLASH, "2023-07-06");
    hand_add(&h, RECORD_STRIKE, "2023-08-01");
    hand_add(&h, RECORD_STRIKE, "2023-09-01");
    hand_add(&h, RECORD_CLOSURE, "2023-09-02");
    hand_add(&h, RECORD_STRIKE, "2023-11-20");
    bt_study *st = study(s, &h.r, "2023-07-01", "2023-12-31", 20, 3);
    cr_expect_eq(bt_dropped(st), 0, "the default scenario's timeline ends before July");
    cr_expect(bt_scenario(st)->days == day_of("2023-12-31") - s->start_date + 1);
    bt_results r;
    cr_assert(bt_results_compute(st, &r) == 0);
    cr_expect(r.count[BT_STRIKE_EPISODES].observed == 3);
    cr_expect(r.count[BT_CLASHES].observed == 1 && r.count[BT_CLOSURES].observed == 1);
    cr_assert_eq(r.gaps.n_observed, 2);
    cr_expect(r.gaps.observed[0] == 58 && r.gaps.observed[1] == 80);
    cr_assert_eq(r.n_months, 6);
    const double strike_months[6] = {1, 1, 1, 0, 1, 0};
    for (int i = 0; i < 6; i++) cr_expect(r.observed[i] == strike_months[i], "month %d", i);
    /* The window's own rate (4 of 6 months), flagged; Brier of it: f (1 - f). */
    const bt_brier_score *b = &r.brier[BT_STRIKE_EPISODES];
    cr_expect(b->in_sample && b->clim_months == 6);
    cr_expect_float_eq(b->base_rate, 4 / 6.0, 1e-12);
    cr_expect_float_eq(b->climatology, 4 / 6.0 * (2 / 6.0), 1e-12);
    bt_results_free(&r);
    bt_destroy(st);
    scenario_destroy(s);
}

Test(backtest, the_climatology_is_the_record_before_from)
{
    /* 24 months of record before 2023-01-01 (2021-01 .. 2022-12), strikes in 6 of them: a
     * base rate of 0.25; the window's months are scored against it in closed form. */
    scenario *s = support_load_scenario(SCN);
    hand h = {0};
    const char *before[6] = {"2021-01-03", "2021-05-09", "2021-09-30", "2022-02-11",
                             "2022-06-15", "2022-12-31"};
    for (int i = 0; i < 6; i++) hand_add(&h, RECORD_STRIKE, before[i]);
    hand_add(&h, RECORD_STRIKE, "2023-03-15");
    bt_study *st = study(s, &h.r, "2023-01-01", "2023-12-31", 10, 3);
    cr_expect_eq(bt_dropped(st), s->n_timeline, "every item is on or after --from");
    bt_results r;
    cr_assert(bt_results_compute(st, &r) == 0);
    const bt_brier_score *b = &r.brier[BT_STRIKE_EPISODES];
    cr_expect(!b->in_sample && b->clim_months == 24);
    cr_expect_float_eq(b->base_rate, 0.25, 1e-12);
    /* 1 month of 12 with a strike: (1/12) 0.75^2 + (11/12) 0.25^2. */
    cr_expect_float_eq(b->climatology, (0.5625 + 11 * 0.0625) / 12, 1e-12);
    cr_expect(r.brier[BT_CLASHES].base_rate == 0, "no clash in the record before");
    cr_expect(isnan(r.brier[BT_CLASHES].skill) || r.brier[BT_CLASHES].climatology > 0);
    bt_results_free(&r);
    bt_destroy(st);
    scenario_destroy(s);
}

Test(backtest, a_window_outside_the_scenario_is_refused_with_its_dates)
{
    scenario *s = support_load_scenario(SCN);
    hand h = {0};
    int err = 0;
    char why[300];
    cr_expect(!bt_create(s, &h.r, day_of("2023-06-01"), day_of("2024-01-01"), 5, 1, &err, why,
                         sizeof why));
    cr_expect(err == SIM_EINVAL && strstr(why, "2023-01-01 to 2023-12-31"), "%s", why);
    cr_expect(!bt_create(s, &h.r, day_of("2023-06-01"), day_of("2023-05-01"), 5, 1, &err, why,
                         sizeof why));
    cr_expect(strstr(why, "after --to"), "%s", why);
    scenario_destroy(s);
}

/* A record of what one run of s (the study's scenario, or another) did in the study's
 * window: replication rep of seed, far from the backtest's replications. */
static void simulated_record(const bt_study *st, const scenario *s, uint64_t seed,
                             uint64_t rep, hand *h)
{
    int err = 0;
    model *m = model_create(s, seed, rep, MODEL_KEEP_EVENTS, &err);
    cr_assert(m && model_run(m) == 0);
    h->r.n = 0;
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *x = model_record_at(m, i);
        int kind = x->kind == MODEL_REC_STRIKE ? RECORD_STRIKE
                 : x->kind == MODEL_REC_CLASH ? RECORD_CLASH
                 : x->kind == MODEL_REC_CLOSURE ? RECORD_CLOSURE : -1;
        /* An extended closure is logged again but is not a new closure (not counted in
         * the totals, as the record has one row per closure). */
        if (kind == RECORD_CLOSURE && strncmp(x->reason, "closure extended", 16) == 0) continue;
        if (kind < 0 || x->t < (double)(bt_from(st) - s->start_date) || h->r.n >= 64) continue;
        char d[11];
        date_format(s->start_date + (long)floor(x->t), d);
        hand_add(h, kind, d);
    }
    model_destroy(m);
}

/* Mean mid-PIT of each kind, and how many PITs fell outside [0.05, 0.95], over 40 records
 * simulated from truth, against the study's runs. */
static void pits_of(const bt_study *st, record *r, const scenario *truth,
                    double mean[BT_NKINDS], int outside[BT_NKINDS])
{
    hand h = {0};
    for (int k = 0; k < BT_NKINDS; k++) mean[k] = 0, outside[k] = 0;
    for (int t = 0; t < 40; t++) {
        simulated_record(st, truth, 11, 100000 + (uint64_t)t, &h);
        /* The study borrows r: point it at this record. */
        r->ev = h.ev, r->n = h.r.n;
        bt_results res;
        cr_assert(bt_results_compute(st, &res) == 0);
        for (int k = 0; k < BT_NKINDS; k++) {
            mean[k] += res.count[k].pit / 40;
            outside[k] += res.count[k].pit < 0.05 || res.count[k].pit > 0.95;
        }
        bt_results_free(&res);
    }
}

Test(backtest, records_simulated_from_the_model_itself_have_pits_not_extreme)
{
    /* If the record comes from the model, its mid-PIT has mean 1/2 (exactly, for a count)
     * and a standard deviation under 0.29: over 40 records the mean's is under 0.046, so
     * 0.5 +/- 0.15 is more than 3 of them. Outside [0.05, 0.95] about 10% of uniform PITs
     * fall, fewer for the mid-PIT of a count; 10 of 40 or more has a chance under 0.003.
     * The same runs against records from a model that strikes far more (threshold 0.5
     * instead of the default's 0.73) must fail this: the check can see a wrong model. */
    scenario *s = support_load_scenario(SCN);
    record r = {0};
    bt_study *st = study(s, &r, "2023-03-01", "2023-12-31", 200, 11);
    double mean[BT_NKINDS];
    int outside[BT_NKINDS];
    pits_of(st, &r, bt_scenario(st), mean, outside);
    for (int k = 0; k < BT_NKINDS; k++) {
        cr_expect(fabs(mean[k] - 0.5) < 0.15, "%s: mean PIT %g", bt_kind_name(k), mean[k]);
        cr_expect(outside[k] < 10, "%s: %d of 40 PITs outside [0.05, 0.95]", bt_kind_name(k),
                  outside[k]);
    }
    scenario other = *bt_scenario(st);
    cr_assert(scenario_param_set(&other.p, "state.strike.threshold", 0.5) == 0);
    pits_of(st, &r, &other, mean, outside);
    cr_expect(mean[BT_STRIKE_EPISODES] > 0.8, "a model striking more: mean PIT %g",
              mean[BT_STRIKE_EPISODES]);
    bt_destroy(st);
    scenario_destroy(s);
}

/* Runs the binary with args, its output in dir; returns the exit status. */
static int frontier(const char *dir, const char *args)
{
    char cmd[5000];
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s/stdout' 2>'%s/stderr'", support_bin(), args, dir,
             dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp_in(const char *dir, const char *name)
{
    char path[800];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return support_slurp(path);
}

Test(backtest, the_command_compares_the_history_with_the_record_the_same_for_any_jobs)
{
    char dir[600], args[2000];
    support_temp_dir(dir, sizeof dir, "backtest");
    const char *base = "backtest scenarios/history-2021-2025.yaml --record " REC
                       " --from 2023-01-01 --to 2024-12-31 -n 40 --no-plots";
    snprintf(args, sizeof args, "%s --jobs 1 --out '%s/a'", base, dir);
    cr_assert(frontier(dir, args) == 0, "%s", slurp_in(dir, "stderr"));
    char *out = slurp_in(dir, "stdout");
    snprintf(args, sizeof args, "%s --jobs 2 --out '%s/b'", base, dir);
    cr_assert(frontier(dir, args) == 0);
    char a[700], b[700];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    const char *files[3] = {"backtest.csv", "backtest_months.csv", "backtest.json"};
    for (int i = 0; i < 3; i++) {
        char *x = slurp_in(a, files[i]), *y = slurp_in(b, files[i]);
        cr_assert(x && y, "%s missing", files[i]);
        cr_expect(strcmp(x, y) == 0, "%s: --jobs 1 and 2 differ", files[i]);
        free(x), free(y);
    }
    /* 2023-2024 in the record: strike episodes of March and December 2024 (2), 6 clashes
     * and 3 closures; the lines come last, one per kind. */
    cr_assert(out);
    const char *kinds[3] = {"kind=strike_episodes observed=2 ", "kind=clashes observed=6 ",
                            "kind=closures observed=3 "};
    const char *p = out;
    for (int k = 0; k < 3; k++) {
        p = strstr(p, kinds[k]);
        cr_expect(p, "no line '%s' in order:\n%s", kinds[k], out);
        if (!p) break;
    }
    const char *last = strstr(out, "backtest: kind=closures");
    cr_expect(last && strchr(last, '\n')[1] == '\0', "the closures line is the last:\n%s", out);
    char *csv = slurp_in(a, "backtest.csv");
    cr_expect(csv && strncmp(csv, "kind,observed,median,q05,q95,mean,pit,brier,", 44) == 0);
    free(csv);
    free(out);
    support_remove_tree(dir);
}

Test(backtest, bad_flags_and_records_are_refused_with_status_2)
{
    char dir[600], args[2000];
    support_temp_dir(dir, sizeof dir, "backtest-bad");
    struct {
        const char *args, *says;
    } cases[] = {
        {"--record " REC " --from 2023-01-01 --to 2023-06-30", "-n N is required"},
        {"--from 2023-01-01 --to 2023-06-30 -n 5", "--record R.csv is required"},
        {"--record " REC " --from 2023-13-01 --to 2023-06-30 -n 5", "--from: expected a date"},
        {"--record " REC " --from 2023-01-01 --to 2026-06-30 -n 5", "not inside the scenario"},
        {"--record " SCN " --from 2023-01-01 --to 2023-06-30 -n 5", SCN ":"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(args, sizeof args, "backtest " SCN " %s --out '%s/o'", cases[i].args, dir);
        cr_expect(frontier(dir, args) == 2, "%s: not status 2", cases[i].args);
        char *err = slurp_in(dir, "stderr");
        cr_expect(err && strstr(err, cases[i].says), "%s: stderr lacks '%s':\n%s", cases[i].args,
                  cases[i].says, err ? err : "");
        free(err);
        char o[700];
        snprintf(o, sizeof o, "%s/o/backtest.json", dir);
        FILE *f = fopen(o, "r");
        cr_expect(!f, "%s: output written", cases[i].args);
        if (f) fclose(f);
    }
    support_remove_tree(dir);
}
