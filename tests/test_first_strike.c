/* test_first_strike.c - the first strike in ensembles: the "within N days" convention, runs
 * that never struck, and the Kaplan-Meier median beside the mean over the runs that struck. */
#include "analysis/ensemble.h"
#include "base/alloc.h"
#include "base/err.h"
#include "support.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void setup(void) { gsl_set_error_handler_off(); }

TestSuite(first_strike, .init = setup);

static void add_zone(scenario *s, const char *name, int side, int kind)
{
    scn_zone z = {0};
    snprintf(z.name, sizeof z.name, "%s", name);
    z.side = side;
    z.kind = kind;
    z.lat = 34.0 + 0.1 * s->n_zones;
    z.lon = 71.0 - 0.2 * s->n_zones;
    z.capacity = 1.0;
    z.exposure = 1.0;
    cr_assert(scenario_add_zone(s, &z) >= 0);
}

/* A small border where the state never strikes on its own (threshold 1): a strike happens
 * only when the timeline scripts one. */
static scenario *quiet_scenario(double days)
{
    scenario *s = scenario_create_default();
    cr_assert_not_null(s);
    s->days = days;
    s->start_date = 19358; /* 2023-01-01 */
    add_zone(s, "Alpha", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY);
    add_zone(s, "Town", SCN_SIDE_STATE, SCN_ZONE_TARGET);
    add_zone(s, "Gate", SCN_SIDE_STATE, SCN_ZONE_CROSSING);
    add_zone(s, "Base", SCN_SIDE_STATE, SCN_ZONE_AIRBASE);
    s->p.state.threshold = 1;
    s->p.state.drone_rate = 0;
    return s;
}

static ens_batch *run(const scenario *const *v, long n, uint64_t seed)
{
    int err = 0;
    ens_batch *b = ens_batch_create(v, 1, seed, n, 0, &err);
    cr_assert_not_null(b, "ens_batch_create: %s", sim_strerror(err));
    int rc = ens_batch_run(b, 2, NULL, NULL, NULL);
    cr_assert(rc == 0, "run: %s", sim_strerror(rc));
    return b;
}

Test(first_strike, within_n_days_excludes_a_strike_at_the_tick_of_day_n)
{
    /* Every run strikes at t = 30 exactly (scripted): that is day 30, the 31st day, so it
     * is not within 30 days and it is within 31. */
    scenario *s = quiet_scenario(90);
    scn_timeline_item it = {.day = 30, .action = SCN_ACT_STRIKE, .zone = 0, .type = -1,
                            .casualties = -1, .days = -1};
    cr_assert(scenario_add_timeline(s, &it) == 0);
    const scenario *v[1] = {s};
    ens_batch *b = run(v, 20, 3);
    for (long r = 0; r < 20; r++)
        cr_assert(ens_batch_totals(b, r, 0)->first_strike_day == 30);
    cr_expect(ens_strikes_by(b, 0, 30) == 0, "expected: 0 within 30 days, got: %ld",
              ens_strikes_by(b, 0, 30));
    cr_expect(ens_strikes_by(b, 0, 31) == 20, "expected: 20 within 31 days, got: %ld",
              ens_strikes_by(b, 0, 31));
    cr_expect(ens_within(29.999, 30) && !ens_within(30, 30) && !ens_within(-1, 1e9));
    ens_batch_destroy(b);
    scenario_destroy(s);
}

Test(first_strike, within_n_days_is_one_minus_the_kaplan_meier_survival_just_before_n)
{
    /* The default scenario, where most runs strike at some tick and some never do: for every
     * N up to the horizon, the share within N days equals 1 - S(N-) of the curve. */
    scenario *s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    const scenario *v[1] = {s};
    long n = 200;
    ens_batch *b = run(v, n, 11);
    stats_km_row *rows = sim_malloc((size_t)n * sizeof *rows);
    size_t nr = 0;
    cr_assert(ens_first_strike_km(b, s->days, rows, &nr) == 0 && nr > 0);
    for (int d = 1; d <= (int)s->days; d++) {
        double share = (double)ens_strikes_by(b, 0, d) / (double)n;
        double km = 1 - stats_km_surv_before(rows, nr, d);
        cr_assert(fabs(share - km) < 1e-12, "day %d: share within %.6f, 1 - S(d-) %.6f", d,
                  share, km);
    }
    sim_free(rows);
    ens_batch_destroy(b);
    scenario_destroy(s);
}

/* The Kaplan-Meier median computed by hand: with every run observed to the horizon, S(t)
 * is the share of runs whose first strike is after t, so the median is the smallest first-
 * strike day t with at most half the runs striking later; NaN if there is none. */
static double median_by_hand(const ens_batch *b, long n)
{
    double best = NAN;
    for (long r = 0; r < n; r++) {
        double t = ens_batch_totals(b, r, 0)->first_strike_day;
        if (t < 0 || (isfinite(best) && t >= best)) continue;
        long later = 0;
        for (long q = 0; q < n; q++) {
            double u = ens_batch_totals(b, q, 0)->first_strike_day;
            later += u < 0 || u > t;
        }
        if (2 * later <= n) best = t;
    }
    return best;
}

Test(first_strike, runs_that_never_struck_are_counted_and_the_median_uses_them)
{
    /* The default scenario with a strike threshold of 0.9 (about two thirds of the runs
     * strike within the year) and of 0.93 (about two fifths do). The mean over the runs that struck is
     * over `struck` runs only; the Kaplan-Meier median counts the others as still waiting
     * at the horizon, so with fewer than half striking it is not reached even though the
     * mean over the runs that struck is a finite, early-looking day. */
    const double threshold[2] = {0.9, 0.93};
    for (int c = 0; c < 2; c++) {
        scenario *s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
        s->p.state.threshold = threshold[c];
        const scenario *v[1] = {s};
        long n = 200, struck = 0;
        ens_batch *b = run(v, n, 17);
        double sum = 0;
        for (long r = 0; r < n; r++) {
            double t = ens_batch_totals(b, r, 0)->first_strike_day;
            if (t >= 0) { struck++; sum += t; }
        }
        ens_first_strike f;
        cr_assert(ens_first_strike_summary(b, 0, s->days, &f) == 0);
        cr_expect(f.runs == n && f.struck == struck, "threshold %g: expected: %ld of %ld, got: "
                  "%ld of %ld", threshold[c], struck, n, f.struck, f.runs);
        cr_expect(struck == 0 || fabs(stats_mean(&f.among_struck.m) - sum / (double)struck) <
                  1e-9, "the mean is over the runs that struck");
        double m = median_by_hand(b, n);
        cr_expect(isnan(m) ? isnan(f.km.median) : f.km.median == m,
                  "threshold %g: expected: median %g, got: %g", threshold[c], m, f.km.median);
        cr_log_info("threshold %g: %ld of %ld struck, mean if struck %g, KM median %g",
                    threshold[c], struck, n, struck ? sum / (double)struck : NAN, f.km.median);
        if (c == 1)
            cr_expect(2 * struck < n && isnan(f.km.median) && struck > 0,
                      "expected: fewer than half struck and the median not reached, got: %ld "
                      "of %ld, median %g", struck, n, f.km.median);
        ens_batch_destroy(b);
        scenario_destroy(s);
    }
}

/* Reads a whole file into a new string (NULL when missing). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    size_t got = s ? fread(s, 1, (size_t)n, f) : 0;
    fclose(f);
    if (s) s[got] = '\0';
    return s;
}

Test(first_strike, the_ensemble_says_how_many_runs_struck_and_gives_the_km_median)
{
    /* The mean first strike day used to be printed (and written) over the runs that struck
     * without saying so. Now stdout and ensemble.json say how many struck and give the
     * Kaplan-Meier median over every run; the numbers agree with replications.csv. */
    char dir[600], cmd[2000], path[700];
    support_temp_dir(dir, sizeof dir, "first-strike");
    snprintf(cmd, sizeof cmd, "'%s' ensemble scenarios/kabul-ultimatum-2023.yaml -n 100 "
             "--seed 3 --jobs 2 --no-plots --out '%s/e' >'%s/stdout' 2>'%s/stderr'",
             support_bin(), dir, dir, dir);
    cr_assert(system(cmd) == 0, "%s", cmd);
    snprintf(path, sizeof path, "%s/e/replications.csv", dir);
    char *reps = slurp(path);
    snprintf(path, sizeof path, "%s/e/ensemble.json", dir);
    char *json = slurp(path);
    snprintf(path, sizeof path, "%s/stdout", dir);
    char *out = slurp(path);
    cr_assert(reps && json && out);
    /* The first_strike_day column, found by its header name; empty when there was none. */
    char *h = strstr(reps, "first_strike_day");
    cr_assert(h && h < strchr(reps, '\n'));
    int col = 0;
    for (const char *c = reps; c < h; c++) col += *c == ',';
    long struck = 0;
    for (char *line = strchr(reps, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        const char *c = line + 1;
        for (int k = 0; k < col && c; k++) c = strchr(c, ',') ? strchr(c, ',') + 1 : NULL;
        cr_assert(c);
        struck += *c != ',' && *c != '\n';
    }
    char want[200];
    snprintf(want, sizeof want, "first strike: %ld of 100 runs struck", struck);
    cr_expect(strstr(out, want), "expected: '%s' in stdout:\n%s", want, out);
    snprintf(want, sizeof want, "among the runs that struck (n = %ld)", struck);
    cr_expect(strstr(out, want), "expected: '%s' in stdout:\n%s", want, out);
    cr_expect(strstr(out, "Kaplan-Meier median over all 100 runs"), "%s", out);
    snprintf(want, sizeof want, "\"first_strike\": {\"runs\": 100, \"struck\": %ld, "
             "\"never_struck\": %ld", struck, 100 - struck);
    cr_expect(strstr(json, want), "expected: '%s' in ensemble.json", want);
    cr_expect(strstr(json, "\"km_median\": ") && strstr(json, "\"km_median_ci95_lo\": "));
    free(reps);
    free(json);
    free(out);
    support_remove_tree(dir);
}
