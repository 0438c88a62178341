/* test_fit.c - Hawkes likelihood, maximum-likelihood fit, goodness-of-fit tests, and the
 * `frontier fit` command. */
#include "base/alloc.h"
#include "base/err.h"
#include "data/fit.h"
#include "engine/rng.h"
#include "scenario/scenario.h"
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

TestSuite(fit, .init = setup);

/* Simulated events of p on [0, T] for seed; the caller frees d->t. */
static fit_data simulate(const fit_params *p, double T, double doy0, unsigned long seed)
{
    gsl_rng *r = rng_create(seed, 0, "test-fit");
    double *t;
    int n;
    cr_assert_eq(fit_simulate(r, p, T, doy0, 0, &t, &n), 0);
    rng_destroy(r);
    fit_data d = {t, n, T, doy0, 0};
    return d;
}

static void release(fit_data *d) { sim_free((void *)d->t); }

Test(fit, recursion_equals_the_direct_double_sum)
{
    fit_params p = {.mu = 0.37, .kappa = 0.45, .beta = 0.83, .amplitude = 0.4, .peak_day = 97.5};
    fit_data d = simulate(&p, 1500, 33.0, 3);
    cr_assert_gt(d.n, 500);
    double a = fit_loglik(&d, &p, NULL), b = fit_loglik_naive(&d, &p);
    cr_assert(fabs(a - b) < 1e-9 * fabs(b), "expected: %.12g, got: %.12g", b, a);
    release(&d);
}

Test(fit, gradient_matches_finite_differences)
{
    fit_params p = {.mu = 0.31, .kappa = 0.52, .beta = 1.7, .amplitude = 0.25, .peak_day = 140};
    fit_data d = simulate(&p, 800, 200.0, 5);
    double g[5], phi = 2 * M_PI * p.peak_day / FIT_YEAR_DAYS;
    double th[5] = {p.mu, p.kappa, p.beta, p.amplitude * cos(phi), p.amplitude * sin(phi)};
    fit_loglik(&d, &p, g);
    for (int k = 0; k < 5; k++) {
        double h = 1e-6, v[2];
        for (int s = 0; s < 2; s++) {
            double x[5];
            memcpy(x, th, sizeof x);
            x[k] += s ? -h : h;
            fit_params q = {.mu = x[0], .kappa = x[1], .beta = x[2],
                            .amplitude = hypot(x[3], x[4]),
                            .peak_day = FIT_YEAR_DAYS / (2 * M_PI) * atan2(x[4], x[3])};
            v[s] = fit_loglik(&d, &q, NULL);
        }
        double num = (v[0] - v[1]) / (2 * h);
        cr_assert(fabs(num - g[k]) < 1e-4 * fmax(1, fabs(num)),
                  "component %d: expected: %.8g, got: %.8g", k, num, g[k]);
    }
    release(&d);
}

/* Fits seeds seed0..seed0+m-1 of p (about `events` events each) into est[] and se[]. */
static void fit_seeds(const fit_params *p, int events, int m, unsigned long seed0,
                      fit_result *res)
{
    double T = events * (1 - p->kappa) / p->mu;
    for (int s = 0; s < m; s++) {
        fit_data d = simulate(p, T, 1, seed0 + (unsigned long)s);
        fit_spec c = {FIT_CONSTANT, 0, 0, -1};
        cr_assert_eq(fit_hawkes(&d, &c, &res[s]), 0, "seed %lu", seed0 + (unsigned long)s);
        cr_assert(isfinite(res[s].se.mu) && isfinite(res[s].se.kappa) &&
                  isfinite(res[s].se.beta), "seed %lu: singular information",
                  seed0 + (unsigned long)s);
        release(&d);
    }
}

static double field_of(const fit_params *p, int k)
{
    return k == 0 ? p->mu : k == 1 ? p->kappa : p->beta;
}

Test(fit, recovers_known_parameters_within_two_standard_errors_over_eight_seeds)
{
    /* Each estimate is within 2 standard errors with probability 0.95, so a parameter may
     * miss in a seed or two of eight (P(3 or more misses) < 0.5%); none may be off by
     * 3.5 standard errors (P < 0.05% each), and the mean of the eight estimates must be
     * within 2.5 standard errors of the mean (an unbiasedness check, P(miss) ~ 1%). */
    static const char *names[3] = {"mu", "kappa", "beta"};
    fit_params truth = {.mu = 0.3, .kappa = 0.5, .beta = 1.2};
    enum { M = 8 };
    fit_result res[M];
    fit_seeds(&truth, 5000, M, 100, res);
    for (int k = 0; k < 3; k++) {
        double want = field_of(&truth, k), mean = 0, mean_se = 0;
        int within = 0;
        for (int s = 0; s < M; s++) {
            double est = field_of(&res[s].est, k), se = field_of(&res[s].se, k);
            cr_assert(fabs(est - want) < 3.5 * se, "%s, seed %d: %.4g is %.2f standard errors "
                      "from %.4g", names[k], 100 + s, est, fabs(est - want) / se, want);
            within += fabs(est - want) < 2 * se;
            mean += est / M;
            mean_se += se / M;
        }
        cr_assert_geq(within, M - 2, "%s: only %d of %d estimates within 2 standard errors",
                      names[k], within, M);
        cr_assert(fabs(mean - want) < 2.5 * mean_se / sqrt(M), "%s: mean estimate %.4g, true "
                  "%.4g, standard error of the mean %.2g", names[k], mean, want,
                  mean_se / sqrt(M));
    }
    for (int s = 0; s < M; s++) fit_result_free(&res[s]);
}

Test(fit, standard_errors_are_within_a_quarter_of_the_spread_across_seeds)
{
    /* With 40 seeds the sample sd is itself known to about 11%, so 25% is an honest bound. */
    static const char *names[3] = {"mu", "kappa", "beta"};
    fit_params truth = {.mu = 0.3, .kappa = 0.5, .beta = 1.2};
    enum { M = 40 };
    fit_result *res = malloc(M * sizeof *res);
    fit_seeds(&truth, 5000, M, 1000, res);
    for (int k = 0; k < 3; k++) {
        double mean = 0, var = 0, se = 0;
        for (int s = 0; s < M; s++) mean += field_of(&res[s].est, k) / M;
        for (int s = 0; s < M; s++) {
            double e = field_of(&res[s].est, k) - mean;
            var += e * e / (M - 1);
            se += field_of(&res[s].se, k) / M;
        }
        double sd = sqrt(var);
        cr_assert(fabs(se - sd) < 0.25 * sd, "%s: mean standard error %.4g, sd of estimates "
                  "%.4g", names[k], se, sd);
    }
    for (int s = 0; s < M; s++) fit_result_free(&res[s]);
    free(res);
}

Test(fit, a_true_model_fit_passes_the_time_rescaling_test)
{
    fit_params p = {.mu = 0.4, .kappa = 0.6, .beta = 0.9};
    fit_data d = simulate(&p, 3000, 1, 11);
    fit_result r;
    fit_spec c = {FIT_CONSTANT, 0, 0, -1};
    double D, pv;
    cr_assert_eq(fit_hawkes(&d, &c, &r), 0);
    cr_assert_eq(fit_ks(&d, &r.est, &D, &pv), 0);
    cr_assert_gt(pv, 0.05, "KS D = %.4f, p = %.3g on %d events", D, pv, d.n);
    fit_result_free(&r);
    release(&d);
}

Test(fit, a_poisson_fit_to_strongly_self_exciting_data_fails_the_time_rescaling_test)
{
    fit_params p = {.mu = 0.1, .kappa = 0.8, .beta = 2.0};
    fit_data d = simulate(&p, 2000, 1, 12);
    fit_params pois = {.mu = d.n / d.T, .kappa = 0, .beta = 1};
    double D, pv;
    cr_assert_eq(fit_ks(&d, &pois, &D, &pv), 0);
    cr_assert_lt(pv, 0.01, "KS D = %.4f, p = %.3g on %d events", D, pv, d.n);
    cr_assert_gt(fit_poisson_loglik(&d), -HUGE_VAL);
    release(&d);
}

Test(fit, the_likelihood_ratio_test_finds_seasonality_only_where_there_is_some)
{
    fit_params seasonal = {.mu = 0.3, .kappa = 0.4, .beta = 1.0, .amplitude = 0.5,
                           .peak_day = 120};
    fit_params flat = {.mu = 0.3, .kappa = 0.4, .beta = 1.0};
    fit_spec cs = {FIT_CONSTANT, 0, 0, -1}, ss = {FIT_SEASONAL, 0, 0, -1};
    double stat, df, pv;
    fit_result c, s;
    fit_data d = simulate(&seasonal, 6 * 365.25, 1, 21);
    cr_assert_eq(fit_hawkes(&d, &cs, &c), 0);
    cr_assert_eq(fit_hawkes(&d, &ss, &s), 0);
    fit_lr_test(&c, &s, &stat, &df, &pv);
    cr_assert(fabs(df - 2) < 1e-9, "two more parameters, found %g", df);
    cr_assert_lt(pv, 0.01, "seasonal data: LR %.3g, p = %.3g", stat, pv);
    cr_assert(fabs(s.est.amplitude - 0.5) < 2.5 * s.se.amplitude, "amplitude %.3g (se %.2g)",
              s.est.amplitude, s.se.amplitude);
    cr_assert(fabs(s.est.peak_day - 120) < 2.5 * s.se.peak_day, "peak %.4g (se %.2g)",
              s.est.peak_day, s.se.peak_day);
    fit_result_free(&c);
    fit_result_free(&s);
    release(&d);
    d = simulate(&flat, 6 * 365.25, 1, 22);
    cr_assert_eq(fit_hawkes(&d, &cs, &c), 0);
    cr_assert_eq(fit_hawkes(&d, &ss, &s), 0);
    fit_lr_test(&c, &s, &stat, &df, &pv);
    cr_assert_gt(pv, 0.05, "flat data: LR %.3g, p = %.3g", stat, pv);
    cr_assert_geq(s.loglik, c.loglik - 1e-6, "the seasonal model nests the constant one");
    fit_result_free(&c);
    fit_result_free(&s);
    release(&d);
}

Test(fit, kolmogorov_p_values_match_known_quantiles)
{
    /* Asymptotic critical values of sqrt(n) D: 1.2238 (10%), 1.3581 (5%), 1.6276 (1%). */
    int n = 1000000;
    double s = sqrt((double)n) + 0.12 + 0.11 / sqrt((double)n);
    cr_assert(fabs(fit_ks_pvalue(1.2238 / s, n) - 0.10) < 1e-3);
    cr_assert(fabs(fit_ks_pvalue(1.3581 / s, n) - 0.05) < 1e-3);
    cr_assert(fabs(fit_ks_pvalue(1.6276 / s, n) - 0.01) < 1e-3);
    cr_assert(fabs(fit_ks_pvalue(1.18 / s - 1e-12, n) - fit_ks_pvalue(1.18 / s, n)) < 1e-9,
              "the two series agree where they meet");
    cr_assert(fabs(fit_ks_pvalue(0.0, 10) - 1.0) < 1e-12);
}

Test(fit, bad_data_is_refused)
{
    double t[4] = {0.5, 0.2, 1.0, 2.0};
    fit_data d = {t, 4, 3.0, 1, 0};
    fit_result r;
    fit_spec c = {FIT_CONSTANT, 0, 0, -1};
    cr_assert_eq(fit_hawkes(&d, &c, &r), SIM_EINVAL, "unsorted times");
    t[1] = 0.7;
    d.T = 1.5;
    cr_assert_eq(fit_hawkes(&d, &c, &r), SIM_EINVAL, "times after T");
    d.T = 3;
    d.n = 2;
    cr_assert_eq(fit_hawkes(&d, &c, &r), SIM_EINVAL, "too few events");
    d.n = 4;
    fit_spec pw = {FIT_PIECEWISE, 365, 0, -1};
    cr_assert_eq(fit_hawkes(&d, &pw, &r), SIM_EINVAL, "a window shorter than two blocks");
    fit_params p = {.mu = 0.1, .kappa = 1.2, .beta = 1};
    double *out;
    int n;
    cr_assert_eq(fit_simulate(NULL, &p, 10, 1, 0, &out, &n), SIM_EINVAL, "explosive");
}

Test(fit, simulation_gives_the_stationary_mean_count)
{
    fit_params p = {.mu = 0.5, .kappa = 0.5, .beta = 2.0};
    double total = 0;
    for (unsigned long s = 0; s < 10; s++) {
        fit_data d = simulate(&p, 1000, 1, 40 + s);
        total += d.n;
        release(&d);
    }
    /* mean 1000 per run (less a small edge effect); sd of the 10-run mean ~ 20 */
    cr_assert(fabs(total / 10 - 1000) < 60, "mean count %.1f, expected about 1000", total / 10);
}

/* ---- the command ----------------------------------------------------------------------- */

/* Runs `frontier fit ARGS` with stdout and stderr to files in dir; returns the exit status. */
static int run_cli(const char *dir, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s fit %s >%s/stdout 2>%s/stderr", support_bin(), args, dir, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    char *s = malloc(n + 1);
    memcpy(s, buf, n + 1);
    return s;
}

static void make_dir(char *tmpl)
{
    cr_assert_not_null(mkdtemp(tmpl), "mkdtemp %s", tmpl);
}

Test(fit, the_command_fits_a_fixture_and_writes_the_same_fragment_twice)
{
    char dir[] = "build/test-fit-XXXXXX", args[600], path[600];
    make_dir(dir);
    snprintf(args, sizeof args, "tests/fixtures/synthetic-gtd.csv --actor TTP --seed 3 "
             "--background seasonal --bootstrap 9 --out %s/a.yaml", dir);
    cr_assert_eq(run_cli(dir, args), 0);
    snprintf(path, sizeof path, "%s/stdout", dir);
    char *out = slurp(path);
    cr_assert(out && strstr(out, "days had 2 or more events"), "%s", out);
    cr_assert(strstr(out, "KS time-rescaling") && strstr(out, "LR ="), "%s", out);
    cr_assert(strstr(out, "parametric-bootstrap p = ") && strstr(out, "(9 of 9 samples)"),
              "%s", out);
    cr_assert(strstr(out, "<- written"), "%s", out);
    snprintf(args, sizeof args, "tests/fixtures/synthetic-gtd.csv --actor TTP --seed 3 "
             "--background seasonal --bootstrap 9 --jobs 2 --out %s/b.yaml", dir);
    cr_assert_eq(run_cli(dir, args), 0);
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    char *a = slurp(path);
    snprintf(path, sizeof path, "%s/b.yaml", dir);
    char *b = slurp(path);
    cr_assert(a && strstr(a, "militants:\n  base_rate: ") && strstr(a, "    peak_day: "), "%s", a);
    cr_assert(strstr(a, "branching: ") && strstr(a, "decay: ") && strstr(a, "amplitude: "));
    cr_assert(b && strcmp(strstr(a, "militants:"), strstr(b, "militants:")) == 0);
    free(out);
    free(a);
    free(b);
    support_remove_tree(dir);
}

Test(fit, the_command_exits_2_on_bad_input_and_writes_nothing)
{
    char dir[] = "build/test-fit-XXXXXX", args[600], path[600];
    make_dir(dir);
    snprintf(args, sizeof args, "tests/fixtures/malformed.csv --strict --out %s/x.yaml", dir);
    cr_assert_eq(run_cli(dir, args), 2);
    snprintf(path, sizeof path, "%s/stderr", dir);
    char *err = slurp(path);
    cr_assert(err && strstr(err, "frontier fit: tests/fixtures/malformed.csv:4:2:"), "%s", err);
    snprintf(path, sizeof path, "%s/x.yaml", dir);
    cr_assert_neq(access(path, F_OK), 0, "no fragment after a failure");
    snprintf(args, sizeof args, "tests/fixtures/empty.csv --out %s/x.yaml", dir);
    cr_assert_eq(run_cli(dir, args), 2);
    snprintf(args, sizeof args, "tests/fixtures/header-only.csv --out %s/x.yaml", dir);
    cr_assert_eq(run_cli(dir, args), 2);
    snprintf(args, sizeof args, "tests/fixtures/plain.csv --format nope");
    cr_assert_eq(run_cli(dir, args), 2);
    snprintf(args, sizeof args, "tests/fixtures/plain.csv --from 2023-02-30");
    cr_assert_eq(run_cli(dir, args), 2);
    cr_assert_neq(access(path, F_OK), 0, "no fragment after a failure");
    free(err);
    support_remove_tree(dir);
}

/* Reads the number after `key` in text, or NaN. */
static double value_after(const char *text, const char *key)
{
    const char *p = text ? strstr(text, key) : NULL;
    return p ? strtod(p + strlen(key), NULL) : NAN;
}

Test(fit, a_scenario_can_extend_the_written_fragment)
{
    char dir[] = "build/test-fit-XXXXXX", args[600], path[600];
    make_dir(dir);
    snprintf(args, sizeof args, "tests/fixtures/synthetic-gtd.csv --actor TTP --background "
             "piecewise:365 --bootstrap 0 --out %s/fit.yaml", dir);
    cr_assert_eq(run_cli(dir, args), 0);
    snprintf(path, sizeof path, "%s/child.yaml", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("extends: fit.yaml\n"
          "scenario: {name: fitted, start_date: 2023-01-01, days: 100, seed: 7}\n"
          "zones:\n"
          "  - {name: Kunar, side: host, kind: sanctuary, lat: 34.87, lon: 71.15}\n"
          "  - {name: Peshawar, side: state, kind: target, lat: 34.01, lon: 71.58}\n", f);
    fclose(f);
    scn_errors errs = {0};
    scenario *s = scenario_load(path, NULL, 0, &errs);
    if (!s) scn_errors_print(&errs, stderr);
    cr_assert_not_null(s, "the child scenario loads");
    snprintf(path, sizeof path, "%s/fit.yaml", dir);
    char *frag = slurp(path);
    cr_assert(fabs(s->p.militants.branching - value_after(frag, "branching: ")) < 1e-12);
    cr_assert(fabs(s->p.militants.base_rate - value_after(frag, "base_rate: ")) < 1e-12);
    cr_assert(fabs(s->p.militants.decay - value_after(frag, "decay: ")) < 1e-12);
    cr_assert(fabs(s->p.militants.season_peak_day - value_after(frag, "peak_day: ")) < 1e-9);
    const bg_shape *b = &s->background;
    cr_assert_eq(b->kind, BG_PIECEWISE, "%s", frag);
    cr_assert_eq(b->n, 4, "four yearly blocks over the fixture's four years: %s", frag);
    cr_assert(fabs(b->step - 365) < 1e-12);
    cr_assert(fabs(b->level[0] - value_after(frag, "levels: [")) < 1e-12);
    cr_assert(fabs(b->level[3] - 1) < 1e-12, "levels are relative to the last one");
    cr_assert(fabs(bg_factor(b, b->from + 10) - b->level[0]) < 1e-12);
    scenario_destroy(s);
    scn_errors_free(&errs);
    free(frag);
    support_remove_tree(dir);
}

/* Runs `frontier forecast ARGS` like run_cli. */
static int run_forecast(const char *dir, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s forecast %s >%s/stdout 2>%s/stderr", support_bin(), args, dir, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(fit, the_forecast_command_gives_the_same_numbers_on_one_or_two_threads)
{
    char dir[] = "build/test-fit-XXXXXX", args[800], path[600];
    make_dir(dir);
    const char *common = "scenarios/kabul-ultimatum-2023.yaml --history "
                         "tests/fixtures/synthetic-gtd.csv --actor TTP --from 2018-01-01 -n 40 "
                         "--days 120 --seed 5";
    snprintf(args, sizeof args, "%s --jobs 1 --out %s/a", common, dir);
    cr_assert_eq(run_forecast(dir, args), 0);
    snprintf(args, sizeof args, "%s --jobs 2 --out %s/b", common, dir);
    cr_assert_eq(run_forecast(dir, args), 0);
    snprintf(path, sizeof path, "%s/a/forecast.json", dir);
    char *a = slurp(path);
    snprintf(path, sizeof path, "%s/b/forecast.json", dir);
    char *b = slurp(path);
    cr_assert(a && b && strcmp(a, b) == 0, "%s\n---\n%s", a, b);
    cr_assert(strstr(a, "\"n\": 40,") && strstr(a, "{\"days\": 90, \"count\": "), "%s", a);
    cr_assert(strstr(a, "\"preloaded\": ") && !strstr(a, "\"preloaded\": 0"),
              "recent incidents go into the model state: %s", a);
    free(a);
    free(b);
    snprintf(args, sizeof args, "%s --from 2010-01-01", common);
    cr_assert_eq(run_forecast(dir, args), 2, "no history before the date");
    snprintf(args, sizeof args, "scenarios/kabul-ultimatum-2023.yaml --from 2017-06-01 -n 3");
    cr_assert_eq(run_forecast(dir, args), 2, "--history is required");
    support_remove_tree(dir);
}
