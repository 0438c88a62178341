/* test_calibrate.c - `frontier calibrate` end to end: recovery of known parameters from a
 * record simulated by the model itself, the files it writes, and its errors. */
#include "analysis/posterior.h"
#include "analysis/sumstats.h"
#include "base/date.h"
#include "support.h"
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

TestSuite(calibrate);

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

/* Writes the record of one run of SCN with `sets` (strikes, clashes and closures, as the
 * record format has them) to path. */
static void synthetic_record(const char *path, const char *const *sets, int n_sets,
                             uint64_t seed)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(SCN, sets, n_sets, &errs);
    cr_assert_not_null(s);
    model *m = model_create(s, seed, 0, MODEL_KEEP_EVENTS, NULL);
    cr_assert_eq(model_run(m), 0);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("date,kind,place,source_url,confidence\n", f);
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        const char *kind = r->kind == MODEL_REC_STRIKE ? "strike"
                           : r->kind == MODEL_REC_CLASH ? "clash"
                           : r->kind == MODEL_REC_CLOSURE ? "closure" : NULL;
        if (!kind) continue;
        char d[11];
        date_format(s->start_date + (long)floor(r->t), d);
        fprintf(f, "%s,%s,synthetic,https://example.org/run,confirmed\n", d, kind);
    }
    fclose(f);
    model_destroy(m);
    scenario_destroy(s);
}

/* Runs the binary with args (a shell fragment); returns its exit status, stdout in *out. */
static int run(const char *args, const char *dir, char **out)
{
    char cmd[4096], o[600], e[600];
    snprintf(o, sizeof o, "%s/stdout", dir);
    snprintf(e, sizeof e, "%s/stderr", dir);
    snprintf(cmd, sizeof cmd, "'%s' calibrate %s >'%s' 2>'%s'", support_bin(), args, o, e);
    int st = system(cmd);
    *out = support_slurp(o);
    remove(e);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The q05 and q95 the stdout gives for key. */
static void interval(const char *out, const char *key, double *lo, double *hi)
{
    char pat[200];
    snprintf(pat, sizeof pat, "calibrate: param=%s ", key);
    const char *p = strstr(out, pat);
    cr_assert_not_null(p, "no line for %s in:\n%s", key, out);
    double med;
    cr_assert_eq(sscanf(p + strlen(pat), "median=%lf q05=%lf q95=%lf", &med, lo, hi), 3);
}

/* The strike threshold sets how often the state strikes, which the episodes, gaps and first
 * episode measure: it is identifiable from a year's record. Truth 0.7 on a prior of
 * 0.5-0.99, seed fixed; a correct posterior holds the truth in its 90% interval 90% of the
 * time (tests/test_abc.c checks that rate on closed-form problems); here one record checks
 * the pipeline end to end and that the record was informative: the posterior's interval is
 * at most 80% as wide as the prior's own 90% interval (0.9 x 0.49; a year of one run pins
 * the threshold only loosely: about 0.33 wide at this seed). */
Test(calibrate, the_truth_of_a_synthetic_record_is_inside_the_90_percent_interval,
     .timeout = 300)
{
    char dir[512], rec[600], args[2048], *out;
    support_temp_dir(dir, sizeof dir, "calibrate");
    snprintf(rec, sizeof rec, "%s/record.csv", dir);
    const char *sets[] = {"state.strike.threshold=0.7"};
    synthetic_record(rec, sets, 1, 11);
    snprintf(args, sizeof args, SCN " --record '%s' --until 2023-12-31 --vary "
             "state.strike.threshold=0.5:0.99 -n 150 -p 4 --predictive 50 -j 2 -s 3 "
             "--no-plots -o '%s/out'", rec, dir);
    cr_assert_eq(run(args, dir, &out), 0);
    double lo, hi;
    interval(out, "state.strike.threshold", &lo, &hi);
    cr_assert(lo <= 0.7 && 0.7 <= hi, "truth 0.7 outside [%g, %g]", lo, hi);
    cr_assert_lt(hi - lo, 0.8 * 0.9 * 0.49, "interval [%g, %g] not narrower than the prior's", lo, hi);
    /* posterior.csv is what --posterior reads */
    char path[700], msg[512];
    snprintf(path, sizeof path, "%s/out/posterior.csv", dir);
    int err = 0;
    posterior *p = posterior_load(path, msg, sizeof msg, &err);
    cr_assert_not_null(p, "%s", msg);
    cr_assert_eq(posterior_n(p), 150);
    cr_assert_str_eq(posterior_key(p, 0), "state.strike.threshold");
    posterior_destroy(p);
    /* calibrated.yaml runs: it extends the scenario and sets the median */
    snprintf(path, sizeof path, "%s/out/calibrated.yaml", dir);
    scn_errors errs = {0};
    scenario *s = scenario_load(path, NULL, 0, &errs);
    cr_assert_not_null(s, "calibrated.yaml does not load");
    double v = 0;
    scenario_param_get(&s->p, "state.strike.threshold", &v);
    cr_assert(v >= lo && v <= hi, "median %g", v);
    scenario_destroy(s);
    free(out);
    support_remove_tree(dir);
}

/* Same seed, different --jobs: byte-identical posterior.csv. */
Test(calibrate, outputs_are_identical_for_any_number_of_threads, .timeout = 300)
{
    char dir[512], rec[600], args[2048], *out, a[700], b[700];
    support_temp_dir(dir, sizeof dir, "calibrate");
    snprintf(rec, sizeof rec, "%s/record.csv", dir);
    synthetic_record(rec, NULL, 0, 5);
    for (int j = 1; j <= 2; j++) {
        snprintf(args, sizeof args, SCN " --record '%s' --until 2023-06-30 --vary "
                 "state.strike.threshold=0.5:0.99 --vary host.cooperation=0:0.5 -n 40 -p 2 "
                 "--predictive 10 -j %d -s 9 --no-plots -q -o '%s/out%d'", rec, j, dir, j);
        cr_assert_eq(run(args, dir, &out), 0);
        free(out);
    }
    snprintf(a, sizeof a, "%s/out1/posterior.csv", dir);
    snprintf(b, sizeof b, "%s/out2/posterior.csv", dir);
    char *x = support_slurp(a), *y = support_slurp(b);
    cr_assert_gt(strlen(x), 100);
    cr_assert_str_eq(x, y);
    free(x);
    free(y);
    snprintf(a, sizeof a, "%s/out1/calibration.json", dir);
    snprintf(b, sizeof b, "%s/out2/calibration.json", dir);
    x = support_slurp(a);
    y = support_slurp(b);
    cr_assert_str_eq(x, y);
    free(x);
    free(y);
    support_remove_tree(dir);
}

Test(calibrate, bad_arguments_are_refused_with_status_2)
{
    char dir[512], *out;
    support_temp_dir(dir, sizeof dir, "calibrate");
    const char *bad[] = {
        SCN " --until 2023-12-31 --vary state.strike.threshold=0.5:0.9",           /* no record */
        SCN " --record scenarios/record/af-pk-2021-2024.csv --vary state.strike.threshold=0.5:0.9",
        SCN " --record scenarios/record/af-pk-2021-2024.csv --until 2023-12-31",   /* no vary */
        SCN " --record scenarios/record/af-pk-2021-2024.csv --until 2025-06-01 "
            "--vary state.strike.threshold=0.5:0.9",                              /* after end */
        SCN " --record scenarios/record/af-pk-2021-2024.csv --until 2023-12-31 "
            "--vary state.strike.threshold=-1:0.9:log",
        SCN " --record scenarios/record/af-pk-2021-2024.csv --until 2023-12-31 "
            "--vary state.strike.thresold=0.5:0.9",                               /* misspelt */
        SCN " --record tests/fixtures/no-such.csv --until 2023-12-31 "
            "--vary state.strike.threshold=0.5:0.9",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char args[1024];
        snprintf(args, sizeof args, "%s -o '%s/out'", bad[i], dir);
        cr_assert_eq(run(args, dir, &out), 2, "%s", bad[i]);
        free(out);
    }
    support_remove_tree(dir);
}
