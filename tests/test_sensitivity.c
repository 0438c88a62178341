/* test_sensitivity.c - Sobol indices of the model's totals (sim/analysis/sensitivity) and
 * `frontier sensitivity` run as a binary. The estimators themselves are tested on the
 * Ishigami function in test_sobol.c. */
#include "analysis/sensitivity.h"
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

TestSuite(sensitivity, .init = setup);

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

static sens_study *study(const scenario *s, const char *const *specs, int nf, long n,
                         long reps)
{
    sens_factor f[SENS_PARAMS_MAX];
    char msg[400];
    for (int i = 0; i < nf; i++)
        cr_assert(sens_factor_parse(specs[i], &f[i], msg, sizeof msg) == 0, "%s", msg);
    int err = 0;
    sens_study *st = sens_create(s, f, nf, 1, n, reps, SOBOL_RANDOM, 5, &err);
    cr_assert(st, "sens_create: %s", sim_strerror(err));
    scn_errors errs = {0};
    char point[512];
    cr_assert(sens_validate(st, &errs, point, sizeof point) == 0, "%s", point);
    scn_errors_free(&errs);
    cr_assert(ens_batch_run(sens_batch(st), 2, NULL, NULL, NULL) == 0);
    return st;
}

Test(sensitivity, what_the_model_cannot_read_has_no_total_effect)
{
    /* The cooldown between strikes cannot move the first strike (it starts after one), and
     * the dummy is read by nothing: with common random numbers between A and AB_i their
     * total indices are exactly 0, while the threshold and the model's noise matter. */
    scenario *s = support_load_scenario(SCN);
    s->p.state.strike_cost = 0;   /* with a cost of striking the cooldown rarely binds */
    const char *specs[2] = {"state.strike.threshold=0.6:0.95", "state.strike.cooldown=10:90"};
    sens_study *st = study(s, specs, 2, 60, 1);
    cr_assert(sens_factor_count(st) == 4 && strcmp(sens_factor_name(st, 2), "dummy") == 0 &&
              strcmp(sens_factor_name(st, 3), "noise") == 0);
    sobol_index o[4];
    cr_assert(sens_estimate(st, SENS_OUT_FIRST_STRIKE, 200, 0.95, o) == 0);
    cr_expect(o[1].total == 0, "cooldown on the first strike: expected: 0, got: %g", o[1].total);
    cr_expect(o[2].total == 0, "dummy: expected: 0, got: %g", o[2].total);
    cr_expect(o[0].total > 0.05 && o[3].total > 0.05, "threshold %g, noise %g", o[0].total,
              o[3].total);
    cr_assert(sens_estimate(st, SENS_OUT_STRIKES, 200, 0.95, o) == 0);
    cr_expect(o[1].total > 0, "the cooldown does move the number of strikes");
    /* The dummy's first-order interval is the noise floor: a 95% interval, so it holds 0
     * in 95% of designs, not in every one; only its width is asserted. */
    cr_expect(o[2].total == 0 && o[2].first_hi - o[2].first_lo > 0.01,
              "dummy: total %g, first [%g, %g]", o[2].total, o[2].first_lo, o[2].first_hi);
    sens_destroy(st);
    scenario_destroy(s);
}

Test(sensitivity, design_points_map_onto_the_ranges_and_the_noise_onto_streams)
{
    /* Whole-number parameters take whole values LO..HI; the others LO + u (HI - LO). */
    sens_factor f;
    char msg[400];
    cr_assert(sens_factor_parse("state.strike.cooldown=10:90", &f, msg, sizeof msg) == 0);
    cr_assert(sens_factor_value(&f, 0) == 10 && sens_factor_value(&f, 0.5) == 10 + 0.5 * 80);
    scenario *s = support_load_scenario(SCN);
    const char *specs[1] = {"state.strike.threshold=0.6:0.95"};
    sens_study *st = study(s, specs, 1, 4, 2);
    /* 4 rows x 2 reps = 8 replications of 1 + dummy + noise + 2 = 5 blocks. */
    const ens_batch *b = sens_batch_const(st);
    cr_assert(ens_batch_n(b) == 8 && ens_batch_k(b) == 5 && sens_rows_done(st) == 4);
    scn_params p;
    uint64_t ra, rb, rn;
    cr_assert(ens_batch_item_params(b, 3 * 2 + 1, 0, &p, &ra) == 0); /* row 3, rep 1, A */
    cr_assert(p.state.threshold >= 0.6 && p.state.threshold < 0.95);
    cr_assert(ens_batch_item_params(b, 3 * 2 + 1, 1, &p, &rb) == 0); /* B */
    cr_assert(ens_batch_item_params(b, 3 * 2 + 1, 4, &p, &rn) == 0); /* AB_noise */
    cr_expect(ra == (2 * 3) * 2 + 1 && rb == (2 * 3 + 1) * 2 + 1 && rn == rb,
              "streams: A %llu, B %llu, AB_noise %llu", (unsigned long long)ra,
              (unsigned long long)rb, (unsigned long long)rn);
    sens_destroy(st);
    scenario_destroy(s);
}

Test(sensitivity, bad_ranges_are_refused_with_the_reason)
{
    sens_factor f;
    char msg[400];
    cr_assert(sens_factor_parse("state.strike.treshold=0.6:0.9", &f, msg, sizeof msg) ==
              SIM_EINVAL);
    cr_assert(strstr(msg, "did you mean 'state.strike.threshold'"), "%s", msg);
    cr_assert(sens_factor_parse("state.strike.threshold=0.9:0.6", &f, msg, sizeof msg) ==
              SIM_EPARSE);
    cr_assert(sens_factor_parse("state.strike.threshold=0.6:7", &f, msg, sizeof msg) ==
              SIM_ERANGE);
    cr_assert(sens_factor_parse("state.strike.threshold=0.6", &f, msg, sizeof msg) ==
              SIM_EPARSE);
    cr_assert(strstr(msg, "LO:HI"), "%s", msg);
}

/* Runs the binary with args in dir; returns the exit status. */
static int frontier(const char *dir, const char *args)
{
    char cmd[3000];
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s/stdout' 2>'%s/stderr'", support_bin(), args, dir,
             dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *dir, const char *name)
{
    char path[800];
    snprintf(path, sizeof path, "%s/%s", dir, name);
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

static int count_lines(const char *s)
{
    int n = 0;
    for (; s && *s; s++) n += *s == '\n';
    return n;
}

Test(sensitivity, the_command_writes_the_indices_and_says_them_the_same_for_any_jobs)
{
    char dir[600], args[1600];
    support_temp_dir(dir, sizeof dir, "sensitivity");
    const char *base = "sensitivity " SCN " --vary state.strike.threshold=0.6:0.95 "
                       "--vary host.cooperation=0:0.5 -n 30 --dummy --bootstrap 100 --no-plots";
    snprintf(args, sizeof args, "%s --jobs 1 --out '%s/a'", base, dir);
    cr_assert(frontier(dir, args) == 0, "%s", slurp(dir, "stderr"));
    char *out = slurp(dir, "stdout");
    snprintf(args, sizeof args, "%s --jobs 2 --out '%s/b'", base, dir);
    cr_assert(frontier(dir, args) == 0);
    char a[700], b[700];
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    char *csv = slurp(a, "sensitivity.csv"), *csv2 = slurp(b, "sensitivity.csv");
    char *json = slurp(a, "sensitivity.json");
    cr_assert(csv && csv2 && json && out);
    cr_expect(strcmp(csv, csv2) == 0, "--jobs 1 and 2 differ");
    const char *head = "output,param,first,first_lo,first_hi,total,total_lo,total_hi\n";
    cr_assert(strncmp(csv, head, strlen(head)) == 0, "%s", csv);
    cr_expect(count_lines(csv) == 1 + 7 * 4, "expected: 7 outputs x 4 factors, got: %d rows",
              count_lines(csv) - 1);
    cr_expect(strstr(csv, "\nstrikes,state.strike.threshold,") &&
              strstr(csv, "\ndays_at_ladder_3plus,noise,") &&
              strstr(csv, "\nfirst_strike_day,dummy,"), "%s", csv);
    cr_expect(strstr(out, "\nsobol: output=strikes param=state.strike.threshold first="),
              "%s", out);
    int lines = 0;
    for (const char *p = strstr(out, "sobol: "); p; p = strstr(p + 1, "\nsobol: ")) lines++;
    cr_expect(lines == 28, "expected: 28 sobol: lines, got: %d", lines);
    cr_expect(strstr(json, "\"rows_done\": 30") && strstr(json, "\"runs\": 180") &&
              strstr(json, "\"partial\": false"), "%s", json);
    free(out), free(csv), free(csv2), free(json);
    support_remove_tree(dir);
}

Test(sensitivity, bad_arguments_exit_2_and_write_nothing)
{
    char dir[600], args[1600];
    support_temp_dir(dir, sizeof dir, "sensitivity-bad");
    const char *bad[] = {
        "--vary state.strike.threshold=0.6:0.95",                      /* no -n */
        "--vary state.strike.threshold=0.95:0.6 -n 10",                /* LO > HI */
        "--vary state.strike.treshold=0.6:0.9 -n 10",                  /* unknown key */
        "-n 10",                                                       /* no --vary */
        "--vary state.strike.threshold=0.6:0.9 -n 1",                  /* one row */
        "--vary state.strike.threshold=0.6:0.9 --vary state.strike.threshold=0.6:0.8 -n 10",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(args, sizeof args, "sensitivity " SCN " %s --out '%s/o'", bad[i], dir);
        cr_expect(frontier(dir, args) == 2, "expected: exit 2 for %s", bad[i]);
        char *err = slurp(dir, "stderr");
        cr_expect(err && strstr(err, "frontier sensitivity: "), "%s: %s", bad[i], err);
        free(err);
        char o[700];
        snprintf(o, sizeof o, "%s/o/sensitivity.csv", dir);
        FILE *f = fopen(o, "r");
        cr_expect(!f, "nothing written for %s", bad[i]);
        if (f) fclose(f);
    }
    support_remove_tree(dir);
}
