/* test_calibrate_long.c - `frontier calibrate` recovers known parameters (make check-long):
 * 40 synthetic records of the history, each simulated by the model from parameters drawn
 * from the prior, each calibrated with the command as a user runs it; the 90% posterior
 * intervals must hold the truth at about the nominal rate, and be narrow for the
 * identifiable parameter; the figures are printed (docs/calibrate.md quotes them).
 * tests/test_calibrate.c runs one record in make test. */
#include "../support.h"
#include "engine/rng.h"
#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

TestSuite(calibrate_long, .timeout = 3600);

#define SCN "scenarios/history-unscripted.yaml"
#define UNTIL "2024-12-31"
#define RECORDS 40
#define PARAMS 2

/* The parameters and their priors, as given to --vary: the strike threshold sets how often
 * the state strikes (episodes, gaps and the first episode's day measure it); the cooldown
 * only bounds how soon a strike may follow the last one, which the shortest gap shows only
 * when the state strikes often, so three and a half years of events hardly identify it. */
static const char *const keys[PARAMS] = {"state.strike.threshold", "state.strike.cooldown"};
static const double lo[PARAMS] = {0.5, 10}, hi[PARAMS] = {0.99, 400};
static const int lg[PARAMS] = {0, 1};     /* log-uniform */

/* x on the scale its prior is uniform on */
static double u(int j, double x) { return lg[j] ? log(x) : x; }

/* Runs the binary's calibrate with args; returns its stdout (malloc'd). */
static char *calibrate(const char *args, const char *dir)
{
    char cmd[8192], o[600];
    snprintf(o, sizeof o, "%s/stdout", dir);
    snprintf(cmd, sizeof cmd, "'%s' calibrate %s >'%s' 2>/dev/null", support_bin(), args, o);
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "calibrate %s: status %d", args, st);
    return support_slurp(o);
}

static void interval(const char *out, const char *key, double *q05, double *q95)
{
    char pat[200];
    snprintf(pat, sizeof pat, "calibrate: param=%s ", key);
    const char *p = strstr(out, pat);
    cr_assert_not_null(p, "no line for %s in:\n%s", key, out);
    double med;
    cr_assert_eq(sscanf(p + strlen(pat), "median=%lf q05=%lf q95=%lf", &med, q05, q95), 3);
}

/* A truth drawn from the prior (stream (seed 2024, record r)); a draw the scenario's rules
 * refuse is drawn again, as the calibration's prior does. */
static void draw_truth(int r, double *x, char sets[PARAMS][96])
{
    gsl_rng *g = rng_create(2024, (uint64_t)r, "calibrate-long-truth");
    cr_assert_not_null(g);
    for (;;) {
        const char *p[PARAMS];
        for (int j = 0; j < PARAMS; j++) {
            x[j] = gsl_ran_flat(g, u(j, lo[j]), u(j, hi[j]));
            if (lg[j]) x[j] = exp(x[j]);
            snprintf(sets[j], sizeof sets[j], "%s=%.17g", keys[j], x[j]);
            p[j] = sets[j];
        }
        scn_errors errs = {0};
        scenario *s = scenario_load(SCN, p, PARAMS, &errs);
        scn_errors_free(&errs);
        if (s) {
            scenario_destroy(s);
            break;
        }
    }
    rng_destroy(g);
}

/* Simulation-based calibration (Cook, Gelman and Rubin 2006; Talts et al. 2018): with the
 * truth drawn from the prior, a correct posterior's 90% interval holds it in 90% of records
 * whatever the parameter, identifiable or not. Each record is one run of the unscripted
 * history from 15 August 2021 to 31 December 2024, the window of the real calibration
 * (seed 7000 + r, model streams apart from the calibration's); each calibration has 200
 * particles, 4 populations, seed 100 + r.
 *
 * Tolerances. The count of covered records is binomial(40, 0.9) for an exact posterior:
 * P(count <= 30) is about 4%, so >= 31 is required (an interval half as wide as it should
 * be covers about 59%, 24 of 40, and fails). ABC with a tolerance above 0 and four
 * populations gives a posterior somewhat wider than the exact one, so the coverage runs at
 * or above 90%, which cannot be told from a prior returned unchanged; hence the second
 * check, that the records are informative about the threshold: its 90% interval averages
 * at most 75% of the prior's own 90% interval (0.9 x 0.49 wide). The cooldown's coverage is
 * held to what an exact posterior gives (>= 31 of 40) and its width (on the log scale of
 * its prior) is printed, not asserted: the record identifies it weakly or not at all.
 * Measured on the model with border clashes of their own and a cost of striking: the
 * threshold covered in 40 of 40 records with intervals 0.44 of the prior's, the cooldown in
 * 39 of 40 with 0.99 (not identified); before those mechanisms 38 of 40 with 0.53 and 38 of
 * 40 with 0.76. About 65 s of CPU. */
Test(calibrate_long, ninety_percent_intervals_cover_truths_drawn_from_the_prior)
{
    char dir[512], rec[600], args[4096], sets[PARAMS][96];
    support_temp_dir(dir, sizeof dir, "calibrate-long");
    snprintf(rec, sizeof rec, "%s/record.csv", dir);
    int cover[PARAMS] = {0};
    double width[PARAMS] = {0};
    for (int r = 0; r < RECORDS; r++) {
        double truth[PARAMS];
        draw_truth(r, truth, sets);
        const char *p[PARAMS] = {sets[0], sets[1]};
        support_write_record(SCN, rec, p, PARAMS, 7000 + (uint64_t)r);
        snprintf(args, sizeof args, SCN " --record '%s' --until " UNTIL " --vary %s=%g:%g%s "
                 "--vary %s=%g:%g%s -n 200 -p 4 --predictive 0 -j 2 -s %d --no-plots -o "
                 "'%s/out'", rec, keys[0], lo[0], hi[0], lg[0] ? ":log" : "", keys[1], lo[1],
                 hi[1], lg[1] ? ":log" : "", 100 + r, dir);
        char *out = calibrate(args, dir);
        for (int j = 0; j < PARAMS; j++) {
            double a, b;
            interval(out, keys[j], &a, &b);
            int in = a <= truth[j] && truth[j] <= b;
            cover[j] += in;
            width[j] += (u(j, b) - u(j, a)) / (0.9 * (u(j, hi[j]) - u(j, lo[j]))) / RECORDS;
            cr_log_info("record %d: %s truth %.3f, 90%% interval [%.3f, %.3f]%s", r, keys[j],
                        truth[j], a, b, in ? "" : " MISSED");
        }
        free(out);
    }
    support_remove_tree(dir);
    for (int j = 0; j < PARAMS; j++)
        cr_log_info("%s: covered %d of %d, mean width %.2f of the prior's 90%% interval",
                    keys[j], cover[j], RECORDS, width[j]);
    cr_expect_geq(cover[0], 31, "threshold covered %d of %d", cover[0], RECORDS);
    cr_expect_leq(width[0], 0.75, "threshold intervals %.2f of the prior's", width[0]);
    cr_expect_geq(cover[1], 31, "cooldown covered %d of %d", cover[1], RECORDS);
}
