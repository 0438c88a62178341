/* test_posterior.c - posterior.csv (the particles of a calibration): the reader's checks and
 * errors, the draw by weight, and --posterior in ensemble, compare, sweep and forecast on a
 * hand-made file (calibrate writes the real ones). */
#include "analysis/posterior.h"
#include "base/err.h"
#include "support.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char dir[600];

static void setup(void)
{
    gsl_set_error_handler_off();
    support_temp_dir(dir, sizeof dir, "posterior");
}

static void teardown(void) { support_remove_tree(dir); }

TestSuite(posterior, .init = setup, .fini = teardown);

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

/* Writes text to dir/name and returns the path (static buffer, one at a time). */
static const char *file(const char *name, const char *text)
{
    static char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* Loads text as a posterior; on failure returns NULL with the message in msg. */
static posterior *load(const char *text, char *msg, size_t len)
{
    return posterior_load(file("p.csv", text), msg, len, NULL);
}

Test(posterior, reads_the_weight_and_parameter_columns_in_any_order)
{
    char msg[600];
    posterior *p = load("state.strike.cooldown,weight,state.strike.threshold\n"
                        "30,1,0.7\n60,3,0.8\n", msg, sizeof msg);
    cr_assert(p, "%s", msg);
    cr_assert(posterior_n(p) == 2 && posterior_key_count(p) == 2);
    int th = posterior_key_find(p, "state.strike.threshold");
    cr_assert(th >= 0 && posterior_value(p, 1, th) == 0.8 && posterior_weight(p, 1) == 3);
    cr_assert(posterior_line(p, 1) == 3);
    cr_assert(fabs(posterior_ess(p) - 16.0 / 10.0) < 1e-12, "Kish: (1+3)^2 / (1+9)");
    posterior_destroy(p);
}

Test(posterior, bad_files_are_refused_with_file_line_and_column)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"weight,state.strike.treshold\n1,0.7\n", ":1:2: state.strike.treshold: expected `weight` "
                                                  "or a parameter key"},
        {"weight,state.strike.treshold\n1,0.7\n", "did you mean 'state.strike.threshold'?"},
        {"state.strike.threshold\n0.7\n", ":1: expected a header with a `weight` column"},
        {"weight,state.strike.threshold\n1,abc\n", ":2:2: state.strike.threshold: expected a "
                                                   "number, found 'abc'"},
        {"weight,state.strike.threshold\n-1,0.7\n", ":2:1: weight: expected a finite number >= 0"},
        {"weight,state.strike.threshold\n1,7\n", ":2:2: state.strike.threshold: expected a "
                                                 "number in [0, 1], found 7"},
        {"weight,militants.allow_explosive\n1,0.5\n", "expected a whole number"},
        {"weight,state.strike.threshold\n1,0.7,3\n", ":2: expected 2 fields as in the header, "
                                                     "found 3"},
        {"weight,state.strike.threshold\n", "expected at least one particle row"},
        {"weight,state.strike.threshold\n0,0.7\n0,0.8\n", "expected at least one positive "
                                                          "weight"},
        {"weight,state.strike.threshold,state.strike.threshold\n1,0.7,0.8\n", ":1:3:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char msg[600] = "";
        posterior *p = load(cases[i].text, msg, sizeof msg);
        cr_expect(!p && strstr(msg, cases[i].want), "case %zu: expected: '%s', got: '%s'", i,
                  cases[i].want, msg);
        posterior_destroy(p);
    }
}

Test(posterior, draws_follow_the_weights_and_depend_only_on_seed_and_replication)
{
    /* Weights 1, 2, 7 over 20,000 replications: each share within 4 binomial sd of 0.1,
     * 0.2, 0.7 (sd at most 0.0032). */
    char msg[600];
    posterior *p = load("weight,state.strike.threshold\n1,0.6\n2,0.7\n7,0.8\n", msg, sizeof msg);
    cr_assert(p, "%s", msg);
    long count[3] = {0};
    const long n = 20000;
    for (long r = 0; r < n; r++) count[posterior_draw(p, 42, (uint64_t)r)]++;
    const double want[3] = {0.1, 0.2, 0.7};
    for (int i = 0; i < 3; i++) {
        double share = (double)count[i] / (double)n, sd = sqrt(want[i] * (1 - want[i]) / n);
        cr_expect(fabs(share - want[i]) < 4 * sd, "particle %d: expected: %.2f, got: %.4f", i,
                  want[i], share);
    }
    cr_assert(posterior_draw(p, 42, 123) == posterior_draw(p, 42, 123));
    int differs = 0;
    for (long r = 0; r < 50; r++) differs += posterior_draw(p, 42, r) != posterior_draw(p, 43, r);
    cr_assert(differs > 0, "another seed, other draws");
    scn_params q = {0};
    posterior_apply(p, 2, &q);
    cr_assert(q.state.threshold == 0.8);
    posterior_destroy(p);
}

/* Runs the binary; returns the exit status. */
static int frontier(const char *args)
{
    char cmd[4000];
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s/stdout' 2>'%s/stderr'", support_bin(), args, dir,
             dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *sub, const char *name)
{
    char path[900];
    snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
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

Test(posterior, one_particle_is_the_same_as_setting_its_values)
{
    /* A posterior of a single particle draws it for every replication: the runs are those
     * of --set with its values, replication for replication. */
    const char *p = file("one.csv", "weight,state.strike.threshold,state.strike.cooldown\n"
                                    "0.5,0.65,20\n");
    char args[2000];
    snprintf(args, sizeof args, "ensemble " SCN " -n 40 --jobs 2 --no-plots --posterior '%s' "
             "--out '%s/p'", p, dir);
    cr_assert(frontier(args) == 0);
    snprintf(args, sizeof args, "ensemble " SCN " -n 40 --jobs 2 --no-plots --set "
             "state.strike.threshold=0.65 --set state.strike.cooldown=20 --out '%s/s'", dir);
    cr_assert(frontier(args) == 0);
    char *a = slurp("p", "first_strike_km.csv"), *b = slurp("s", "first_strike_km.csv");
    char *fa = slurp("p", "fan.csv"), *fb = slurp("s", "fan.csv");
    char *prov = slurp("p", "provenance.json");
    cr_assert(a && b && fa && fb && prov);
    cr_expect(strcmp(a, b) == 0 && strcmp(fa, fb) == 0, "the draws are not the --set runs");
    cr_expect(strstr(prov, "\"posterior\": {\"path\": ") && strstr(prov, "one.csv"), "%s", prov);
    free(a), free(b), free(fa), free(fb), free(prov);
}

Test(posterior, draws_are_the_same_for_any_jobs_and_differ_from_no_draws)
{
    const char *p = file("three.csv", "weight,state.strike.threshold\n1,0.6\n1,0.75\n2,0.95\n");
    char args[2000];
    for (int j = 1; j <= 2; j++) {
        snprintf(args, sizeof args, "ensemble " SCN " -n 60 --jobs %d --no-plots --posterior "
                 "'%s' --out '%s/j%d'", j, p, dir, j);
        cr_assert(frontier(args) == 0);
    }
    snprintf(args, sizeof args, "ensemble " SCN " -n 60 --no-plots --out '%s/none'", dir);
    cr_assert(frontier(args) == 0);
    char *a = slurp("j1", "replications.csv"), *b = slurp("j2", "replications.csv");
    char *c = slurp("none", "replications.csv");
    cr_assert(a && b && c);
    cr_expect(strcmp(a, b) == 0, "--jobs 1 and 2 differ");
    cr_expect(strcmp(a, c) != 0, "the draws changed nothing");
    free(a), free(b), free(c);
}

Test(posterior, compare_sweep_and_forecast_take_it_too)
{
    const char *p = file("two.csv", "weight,state.strike.cooldown\n1,20\n1,80\n");
    char args[2000];
    snprintf(args, sizeof args, "compare " SCN " scenarios/variants/lower-threshold.yaml -n 30 "
             "--posterior '%s' --out '%s/c'", p, dir);
    cr_expect(frontier(args) == 0, "compare");
    snprintf(args, sizeof args, "sweep " SCN " --vary state.strike.cooldown=10:30:20 -n 20 "
             "--posterior '%s' --out '%s/w'", p, dir);
    cr_expect(frontier(args) == 0, "sweep: the varied key is the sweep's, not drawn");
    snprintf(args, sizeof args, "forecast " SCN " --history tests/fixtures/synthetic-gtd.csv "
             "--actor TTP --from 2018-01-01 -n 20 --days 60 --seed 5 --posterior '%s' "
             "--out '%s/f'", p, dir);
    cr_expect(frontier(args) == 0, "forecast");
    char *prov = slurp("f", "provenance.json");
    cr_expect(prov && strstr(prov, "two.csv"), "forecast provenance names the posterior");
    free(prov);
}

Test(posterior, a_key_both_drawn_and_set_or_a_bad_file_is_exit_2)
{
    const char *p = file("p2.csv", "weight,state.strike.threshold\n1,0.7\n");
    char args[2000];
    snprintf(args, sizeof args, "ensemble " SCN " -n 5 --posterior '%s' --set "
             "state.strike.threshold=0.9 --out '%s/x'", p, dir);
    cr_expect(frontier(args) == 2);
    char *err = slurp(".", "stderr");
    cr_expect(err && strstr(err, "state.strike.threshold is drawn from"), "%s", err);
    free(err);
    const char *bad = file("bad.csv", "weight,state.strike.threshold\n1,2\n");
    snprintf(args, sizeof args, "ensemble " SCN " -n 5 --posterior '%s' --out '%s/y'", bad, dir);
    cr_expect(frontier(args) == 2);
    err = slurp(".", "stderr");
    cr_expect(err && strstr(err, "bad.csv:2:2: state.strike.threshold: expected"), "%s", err);
    free(err);
    /* A particle inside every range that breaks a rule between parameters (an explosive
     * process) is refused before any run, by its line. */
    const char *expl = file("expl.csv", "weight,militants.branching\n1,0.5\n1,1.2\n");
    snprintf(args, sizeof args, "ensemble " SCN " -n 5 --posterior '%s' --out '%s/e'", expl, dir);
    cr_expect(frontier(args) == 2);
    err = slurp(".", "stderr");
    cr_expect(err && strstr(err, "expl.csv:3: this particle does not make a valid scenario") &&
              strstr(err, "explosive"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "ensemble " SCN " -n 5 --posterior '%s/missing.csv' --out "
             "'%s/z'", dir, dir);
    cr_expect(frontier(args) == 2);
}
