/* test_score.c - rolling-origin validation (forecast/score.h), `frontier score` and
 * `frontier forecast --fit`. */
#include "forecast/score.h"
#include "base/alloc.h"
#include "base/err.h"
#include "engine/rng.h"
#include "support.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void setup(void) { gsl_set_error_handler_off(); }
TestSuite(score, .init = setup);

#define FIXTURE "tests/fixtures/synthetic-ttp-2007-2018.csv"

Test(score, forecasts_of_a_series_from_the_model_beat_the_poisson_within_their_noise)
{
    /* Eleven years from a constant-background Hawkes process (mu 0.234, kappa 0.34, beta 1):
     * forecasts by the fitted process are right by construction, so their CRPS is no worse
     * than the Poisson at the window's rate, whose mean is right too but whose spread
     * ignores the clusters. The skill must be at least -2 standard errors of the paired
     * differences over the 16 origins (it comes out positive). */
    fit_params truth = {.mu = 0.234, .kappa = 0.34, .beta = 1.0};
    gsl_rng *r = rng_create(4, 0, "test-score");
    double *t;
    int n;
    long date0 = 14000;
    cr_assert_eq(fit_simulate(r, &truth, 4018, 1, date0, &t, &n), 0);
    rng_destroy(r);
    long *day = malloc((size_t)n * sizeof *day);
    for (int i = 0; i < n; i++) day[i] = date0 + (long)t[i];
    sim_free(t);
    score_data d = {day, n, date0, date0 + 4017};
    score_opts o = {date0 + 800, date0 + 800 + 15 * 200, 200, 90, 730, 400,
                    {FIT_CONSTANT, 0, 0, -1}, 0.09, 2, 5, NULL};
    char why[200];
    cr_assert_eq(score_check(&d, &o, why, sizeof why), 0, "%s", why);
    long k = score_origins(&o);
    cr_assert_eq(k, 16);
    score_row rows[16];
    double diff = 0, diff2 = 0;
    for (long i = 0; i < k; i++) {
        cr_assert_eq(score_origin(&d, &o, i, &rows[i]), 0, "origin %ld", i);
        double x = rows[i].crps[SCORE_POISSON] - rows[i].crps[SCORE_MODEL];
        diff += x / k;
        diff2 += x * x / k;
    }
    score_summary s;
    score_summarise(rows, k, &s);
    double se = sqrt((diff2 - diff * diff) / (k - 1));
    cr_assert(s.skill >= -2 * se / s.crps[SCORE_POISSON], "skill %.3f (paired se %.3f)",
              s.skill, se / s.crps[SCORE_POISSON]);
    cr_assert(s.cover90[SCORE_MODEL] >= 0.75, "90%% intervals covered %.2f", s.cover90[SCORE_MODEL]);
    /* The same origin gives the same row on its own. */
    score_row again;
    cr_assert_eq(score_origin(&d, &o, 7, &again), 0);
    cr_assert(again.crps[SCORE_MODEL] == rows[7].crps[SCORE_MODEL] &&
              again.mean[SCORE_MODEL] == rows[7].mean[SCORE_MODEL]);
    double pit[10], sum = 0;
    score_pit_histogram(rows, k, SCORE_MODEL, 10, pit);
    for (int b = 0; b < 10; b++) sum += pit[b];
    cr_assert(fabs(sum - 1) < 1e-12, "the PIT histogram holds all the mass: %.15f", sum);
    free(day);
}

Test(score, origins_outside_the_data_are_refused_with_a_reason)
{
    long day[20];
    for (int i = 0; i < 20; i++) day[i] = 1000 + 50 * i;
    score_data d = {day, 20, 1000, 1950};
    score_opts o = {1500, 1800, 30, 90, 730, 100, {FIT_CONSTANT, 0, 0, -1}, 0.09, 2, 1, NULL};
    char why[300];
    cr_assert_eq(score_check(&d, &o, why, sizeof why), SIM_EINVAL);
    cr_assert(strstr(why, "before the data"), "%s", why);
    o.window = 400;
    o.to = 1900;
    cr_assert_eq(score_check(&d, &o, why, sizeof why), SIM_EINVAL);
    cr_assert(strstr(why, "after the data"), "%s", why);
    o.to = 1800;
    cr_assert_eq(score_check(&d, &o, why, sizeof why), 0, "%s", why);
}

/* ---- the commands ---------------------------------------------------------------------- */

static int run(const char *dir, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s %s >%s/stdout 2>%s/stderr", support_bin(), args, dir, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *dir, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

/* The last line of text. */
static const char *last_line(const char *text)
{
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == '\n') n--;
    while (n > 0 && text[n - 1] != '\n') n--;
    return text + n;
}

Test(score, the_command_writes_its_scores_and_the_same_ones_on_two_threads)
{
    char dir[256], args[2048];
    support_temp_dir(dir, sizeof dir, "score");
    const char *common = "score " FIXTURE " --to 2018-12-31 --origins 2012-01-01:2014-01-01:73 "
                         "--horizon 90 -n 200 --seed 3";
    snprintf(args, sizeof args, "%s --jobs 1 --out %s/a", common, dir);
    cr_assert_eq(run(dir, args), 0);
    char *out = slurp(dir, "stdout");
    const char *last = last_line(out);
    int origins, horizon;
    double cm, cb, skill, cover;
    cr_assert_eq(sscanf(last, "score: origins=%d horizon=%d crps_model=%lf crps_baseline=%lf "
                        "skill=%lf cover90=%lf", &origins, &horizon, &cm, &cb, &skill, &cover),
                 6, "the last line: %s", last);
    cr_assert(origins == 11 && horizon == 90, "%s", last);
    cr_assert(fabs(skill - (1 - cm / cb)) < 1e-3, "%s", last);
    snprintf(args, sizeof args, "%s --jobs 2 --out %s/b", common, dir);
    cr_assert_eq(run(dir, args), 0);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/a", dir);
    char *a = slurp(sub, "scores.csv");
    snprintf(sub, sizeof sub, "%s/b", dir);
    char *b = slurp(sub, "scores.csv");
    cr_assert(a && b && strcmp(a, b) == 0, "one or two threads, the same scores");
    const char *head = "origin,horizon,observed,model_mean,model_q05,model_q95,model_crps,"
                       "model_logscore,baseline_mean,baseline_crps,baseline_logscore,"
                       "negbin_crps\n2012-01-01,90,";
    cr_assert(strncmp(a, head, strlen(head)) == 0, "%s", a);
    int lines = 0;
    for (const char *p = a; *p; p++) lines += *p == '\n';
    cr_assert_eq(lines, 12, "a header and 11 origins: %s", a);
    snprintf(sub, sizeof sub, "%s/a/pit.png", dir);
    cr_assert_eq(access(sub, R_OK), 0);
    snprintf(sub, sizeof sub, "%s/a/reliability.png", dir);
    cr_assert_eq(access(sub, R_OK), 0);
    free(out);
    free(a);
    free(b);
    support_remove_tree(dir);
}

Test(score, the_command_refuses_bad_origins_and_writes_nothing)
{
    char dir[256], args[2048], path[600];
    support_temp_dir(dir, sizeof dir, "score");
    snprintf(args, sizeof args, "score " FIXTURE " --origins 2008-01-01:2010-01-01:30 "
             "--horizon 30 --out %s/x", dir);
    cr_assert_eq(run(dir, args), 2);
    char *err = slurp(dir, "stderr");
    cr_assert(err && strstr(err, "frontier score: the first origin's window starts on "
                               "2006-01-01, before the data"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "score " FIXTURE " --origins 2012-01-01:2011-01-01:30 "
             "--horizon 30 --out %s/x", dir);
    cr_assert_eq(run(dir, args), 2);
    snprintf(args, sizeof args, "score " FIXTURE " --origins 2012-01-01:2013-01-01 "
             "--horizon 30 --out %s/x", dir);
    cr_assert_eq(run(dir, args), 2);
    snprintf(args, sizeof args, "score " FIXTURE " --origins 2012-01-01:2013-01-01:30 "
             "--out %s/x", dir);
    cr_assert_eq(run(dir, args), 2, "--horizon is required");
    snprintf(args, sizeof args, "score " FIXTURE " --origins 2012-01-01:2018-12-01:30 "
             "--horizon 90 --out %s/x", dir);
    cr_assert_eq(run(dir, args), 2, "the last horizon runs past the data");
    snprintf(args, sizeof args, "score " FIXTURE " --origins 2012-01-01:2013-01-01:30 "
             "--horizon 30 --background wavy --out %s/x", dir);
    cr_assert_eq(run(dir, args), 2);
    snprintf(path, sizeof path, "%s/x", dir);
    cr_assert_neq(access(path, F_OK), 0, "nothing written");
    support_remove_tree(dir);
}

Test(score, forecast_fit_draws_the_same_replications_on_any_thread_count)
{
    char dir[256], args[2048];
    support_temp_dir(dir, sizeof dir, "fcfit");
    const char *common = "forecast scenarios/kabul-ultimatum-2023.yaml --history " FIXTURE
                         " --from 2019-01-01 -d 120 --fit -n 30 --seed 4";
    snprintf(args, sizeof args, "%s --jobs 1 --out %s/a", common, dir);
    cr_assert_eq(run(dir, args), 0);
    char *out = slurp(dir, "stdout");
    cr_assert(out && strstr(out, "fitted to 2017-01-01..2018-12-31"), "%s", out);
    cr_assert(strstr(out, "each replication draws its own"), "%s", out);
    snprintf(args, sizeof args, "%s --jobs 2 --out %s/b", common, dir);
    cr_assert_eq(run(dir, args), 0);
    char sub[300];
    snprintf(sub, sizeof sub, "%s/a", dir);
    char *a = slurp(sub, "replications.csv");
    snprintf(sub, sizeof sub, "%s/b", dir);
    char *b = slurp(sub, "replications.csv");
    cr_assert(a && b && strcmp(a, b) == 0);
    snprintf(sub, sizeof sub, "%s/a", dir);
    char *j = slurp(sub, "forecast.json");
    cr_assert(j && strstr(j, "\"fit\": {\"window_days\": 730"), "%s", j);
    free(out);
    free(a);
    free(b);
    free(j);
    support_remove_tree(dir);
}

Test(score, forecast_warns_of_a_stale_history_and_refuses_one_that_runs_past_from)
{
    char dir[256], args[2048];
    support_temp_dir(dir, sizeof dir, "fcdates");
    snprintf(args, sizeof args, "forecast scenarios/kabul-ultimatum-2023.yaml --history "
             FIXTURE " --from 2019-03-01 -d 30 -n 5 --out %s/a", dir);
    cr_assert_eq(run(dir, args), 0);
    char *err = slurp(dir, "stderr");
    cr_assert(err && strstr(err, "warning: the history ends on 2018-12-23, 68 days before "
                               "--from 2019-03-01"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "forecast scenarios/kabul-ultimatum-2023.yaml --history "
             FIXTURE " --from 2016-03-01 -d 30 -n 5 --out %s/b", dir);
    cr_assert_eq(run(dir, args), 2);
    err = slurp(dir, "stderr");
    cr_assert(err && strstr(err, "the history runs to 2018-12-23, on or after --from "
                               "2016-03-01"), "%s", err);
    free(err);
    support_remove_tree(dir);
}

Test(score, an_interrupted_score_writes_the_origins_done_and_exits_130)
{
    /* 100 origins take tens of seconds; SIGINT a second after the command catches it (SigCgt
     * in /proc: a background job of sh starts with SIGINT ignored, so a signal sent before
     * the handler is installed would be lost on a busy machine). */
    char dir[256], cmd[4096];
    support_temp_dir(dir, sizeof dir, "scint");
    snprintf(cmd, sizeof cmd, "'%s' score " FIXTURE " --to 2018-12-31 --origins "
             "2010-01-01:2017-12-01:29 --horizon 365 -n 1000 --out '%s/s' >'%s/stdout' "
             "2>'%s/stderr' & pid=$!; until sed -n 's/^SigCgt:[[:space:]]*//p' "
             "/proc/$pid/status | grep -q '[2367abef]$'; do sleep 0.01; done; sleep 1; "
             "kill -INT $pid; wait $pid", support_bin(), dir, dir, dir);
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 130, "expected: exit 130, got: %d", st);
    char *out = slurp(dir, "stdout"), sub[300];
    cr_assert(out && strstr(out, "(PARTIAL: interrupted)"), "%s", out);
    int origins = -1;
    cr_assert_eq(sscanf(last_line(out), "score: origins=%d", &origins), 1, "%s", out);
    cr_assert(origins >= 1 && origins < 100, "origins done: %d", origins);
    snprintf(sub, sizeof sub, "%s/s", dir);
    char *csv = slurp(sub, "scores.csv");
    int lines = 0;
    for (const char *p = csv; p && *p; p++) lines += *p == '\n';
    cr_assert_eq(lines, origins + 1, "a header and a row per origin done");
    free(out);
    free(csv);
    support_remove_tree(dir);
}
