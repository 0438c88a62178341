/* test_ensemble.c - the replication runner, batches, comparisons, sweep grids and the
 * ensemble/compare/sweep commands run as a binary. */
#include "analysis/ens_grid.h"
#include "analysis/ensemble.h"
#include "base/alloc.h"
#include "base/err.h"
#include "report/ens_write.h"
#include "support.h"
#include <criterion/criterion.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The folder of a test that runs the binary, removed after the test even when it fails. */
static char test_dir[600];

static void setup(void) { gsl_set_error_handler_off(); }

static void teardown(void)
{
    if (!test_dir[0]) return;
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", test_dir);
}

TestSuite(ensemble, .init = setup, .fini = teardown);

/* ----- helpers -------------------------------------------------------------------------- */

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

/* A small border: one sanctuary, one target, a crossing and an airbase. */
static scenario *small_scenario(double days)
{
    scenario *s = scenario_create_default();
    cr_assert_not_null(s);
    snprintf(s->name, sizeof s->name, "small \"test\"");
    s->days = days;
    s->start_date = 19358; /* 2023-01-01 */
    add_zone(s, "Alpha", SCN_SIDE_HOST, SCN_ZONE_SANCTUARY);
    add_zone(s, "Town", SCN_SIDE_STATE, SCN_ZONE_TARGET);
    add_zone(s, "Gate", SCN_SIDE_STATE, SCN_ZONE_CROSSING);
    add_zone(s, "Base", SCN_SIDE_STATE, SCN_ZONE_AIRBASE);
    return s;
}

/* Attacks form a plain Poisson process: no excitation, season, cooperation or decisions,
 * so the attack total is Poisson(base_rate x days). */
static scenario *poisson_scenario(double days, double rate)
{
    scenario *s = small_scenario(days);
    scn_params *p = &s->p;
    p->militants.base_rate = rate;
    p->militants.branching = 0;
    p->militants.strike_branching = 0;
    p->militants.season_amplitude = 0;
    p->militants.coop_damping = 0;
    p->state.threshold = 1;
    p->state.warn_at = 1;
    p->state.close_at = 1;
    p->state.demarche_at = 1;
    p->state.drone_rate = 0;
    p->host.crackdown_rate = 0;
    p->mediation.daily_probability = 0;
    return s;
}

static ens_batch *run_batch(const scenario *const *v, int k, uint64_t seed, long n, long series,
                            int jobs)
{
    int err = 0;
    ens_batch *b = ens_batch_create(v, k, seed, n, series, &err);
    cr_assert_not_null(b, "ens_batch_create: %d", err);
    int rc = ens_batch_run(b, jobs, NULL, NULL, NULL);
    cr_assert(rc == 0, "expected: 0, got: %d (%s)", rc, sim_strerror(rc));
    return b;
}

/* ----- the runner ------------------------------------------------------------------------ */

typedef struct {
    atomic_int ran[200];
    volatile int stop;
    long stop_at, fail_at;
} item_ctx;

static int item(void *ctx, long i)
{
    item_ctx *c = ctx;
    if (i == c->fail_at) return SIM_ENOMEM;
    atomic_fetch_add(&c->ran[i], 1);
    if (i == c->stop_at) c->stop = 1;
    return 0;
}

Test(ensemble, runner_runs_every_item_exactly_once)
{
    static item_ctx c;
    c.stop_at = c.fail_at = -1;
    long done = -1;
    cr_assert(ens_run_items(200, 3, item, &c, &c.stop, NULL, NULL, &done) == 0);
    cr_assert(done == 200, "expected: 200, got: %ld", done);
    for (int i = 0; i < 200; i++) cr_assert(c.ran[i] == 1, "item %d ran %d times", i, c.ran[i]);
}

/* Worker ids: each is below jobs and runs one item at a time (a worker's state is its own). */
typedef struct {
    atomic_int busy[4], bad, seen[4];
} worker_ctx;

static int worker_item(void *ctx, int worker, long i)
{
    worker_ctx *c = ctx;
    (void)i;
    if (worker < 0 || worker >= 3 || atomic_fetch_add(&c->busy[worker], 1) != 0) c->bad = 1;
    else {
        atomic_store(&c->seen[worker], 1);
        for (volatile int k = 0; k < 2000; k++) continue;
        atomic_fetch_sub(&c->busy[worker], 1);
    }
    return 0;
}

Test(ensemble, workers_have_their_own_ids_below_jobs)
{
    static worker_ctx c;
    long done = -1;
    cr_assert(ens_run_workers(3000, 3, worker_item, &c, NULL, NULL, NULL, &done) == 0);
    cr_assert(done == 3000 && !c.bad, "done %ld, bad %d", done, (int)c.bad);
    /* which workers got items depends on the scheduler (on a loaded machine one thread can
     * take all 3,000): only that some did is certain */
    cr_assert(c.seen[0] || c.seen[1] || c.seen[2], "no worker ran items");
}

Test(ensemble, stopped_runner_has_finished_exactly_a_prefix)
{
    static item_ctx c;
    c.stop_at = 50;
    c.fail_at = -1;
    long done = -1;
    cr_assert(ens_run_items(200, 2, item, &c, &c.stop, NULL, NULL, &done) == SIM_EINTR);
    cr_assert(done > 50 && done < 200, "got done = %ld", done);
    for (int i = 0; i < 200; i++)
        cr_assert(c.ran[i] == (i < done), "item %d ran %d times, done = %ld", i, c.ran[i], done);
}

Test(ensemble, failing_item_stops_the_run_and_is_reported)
{
    static item_ctx c;
    c.stop_at = -1;
    c.fail_at = 37;
    long done = -1;
    cr_assert(ens_run_items(200, 2, item, &c, NULL, NULL, NULL, &done) == SIM_ENOMEM);
    cr_assert(done == 37, "expected: 37, got: %ld", done);
}

/* ----- batches --------------------------------------------------------------------------- */

Test(ensemble, totals_table_covers_model_totals)
{
    cr_assert(MODEL_NTOTALS == 19, "model_totals changed? got %d fields", MODEL_NTOTALS);
    model_totals t;
    memset(&t, 0, sizeof t);
    t.first_strike_day = -1;
    t.max_ladder = 4;
    t.deal_cost = 2.385;
    cr_assert(isnan(model_total_value(&t, model_total_find("first_strike_day"))));
    cr_assert(model_total_value(&t, model_total_find("max_ladder")) == 4);
    cr_assert(model_total_value(&t, model_total_find("deal_cost")) == 2.385);
    cr_assert(model_total_find("nonsense") == -1);
}

/* Contents of what writer wrote for b. */
static char *written(const ens_batch *b, const scenario *s, int which)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    long d0 = s->start_date;
    int rc = which == 0   ? ens_write_replications(b, d0, NULL, f)
             : which == 1 ? ens_write_json(b, s, &(prov){0}, f)
             : which == 2 ? ens_write_km(b, s->days, d0, f)
                          : ens_write_fan(b, d0, f);
    cr_assert(rc == 0, "writer %d: %d", which, rc);
    fclose(f);
    return buf;
}

Test(ensemble, outputs_are_identical_for_one_and_two_threads)
{
    scenario *s = small_scenario(120);
    s->p.state.threshold = 0.6;   /* strikes, so the survival curve has steps */
    const scenario *v[1] = {s};
    ens_batch *a = run_batch(v, 1, 11, 60, 60, 1), *b = run_batch(v, 1, 11, 60, 60, 2);
    for (int w = 0; w < 4; w++) {
        char *x = written(a, s, w), *y = written(b, s, w);
        cr_assert(strcmp(x, y) == 0, "writer %d differs between --jobs 1 and 2", w);
        cr_assert(strlen(x) > 100, "writer %d wrote %zu bytes", w, strlen(x));
        free(x);
        free(y);
    }
    ens_batch_destroy(a);
    ens_batch_destroy(b);
    scenario_destroy(s);
}

Test(ensemble, poisson_attack_totals_match_their_closed_form)
{
    /* 0.3/day over 200 days: attacks ~ Poisson(60), mean 60 and sd sqrt(60). */
    scenario *s = poisson_scenario(200, 0.3);
    const scenario *v[1] = {s};
    ens_batch *b = run_batch(v, 1, 2385, 400, 0, 2);
    ens_summary sum;
    cr_assert(ens_summarize(b, 0, model_total_find("attacks"), &sum) == 0);
    cr_assert(sum.m.n == 400);
    cr_assert(sum.ci_lo <= 60 && 60 <= sum.ci_hi, "95%% CI [%g, %g] misses 60", sum.ci_lo,
              sum.ci_hi);
    /* sd of the sample sd for n = 400 is about sd / sqrt(800) = 0.27: allow 4 of those. */
    cr_assert(fabs(stats_sd(&sum.m) - sqrt(60)) < 1.1, "expected sd: 7.75, got: %g",
              stats_sd(&sum.m));
    cr_assert(sum.q25 < sum.q50 && sum.q50 < sum.q75 && fabs(sum.q50 - 60) <= 2);
    ens_batch_destroy(b);
    scenario_destroy(s);
}

Test(ensemble, mean_intervals_cover_the_closed_form_about_95_percent_of_the_time)
{
    /* 200 ensembles of 20 replications of Poisson(24) attacks. */
    scenario *s = poisson_scenario(60, 0.4);
    const scenario *v[1] = {s};
    int covered = 0;
    for (int e = 0; e < 200; e++) {
        ens_batch *b = run_batch(v, 1, 1000 + (uint64_t)e, 20, 0, 2);
        ens_summary sum;
        cr_assert(ens_summarize(b, 0, model_total_find("attacks"), &sum) == 0);
        covered += sum.ci_lo <= 24 && 24 <= sum.ci_hi;
        ens_batch_destroy(b);
    }
    /* Binomial(200, 0.95) has sd 3.1: [180, 197] is more than 3 sd either side. */
    cr_assert(covered >= 180 && covered <= 197, "expected: about 190 of 200, got: %d", covered);
    scenario_destroy(s);
}

Test(ensemble, common_random_numbers_shrink_the_variance_of_a_difference)
{
    scenario *a = small_scenario(365), *b = small_scenario(365);
    b->p.state.threshold = a->p.state.threshold - 0.1;
    const scenario *pair[2] = {a, b};
    ens_batch *crn = run_batch(pair, 2, 5, 300, 0, 2);
    const scenario *only_a[1] = {a}, *only_b[1] = {b};
    ens_batch *ia = run_batch(only_a, 1, 5, 300, 0, 2), *ib = run_batch(only_b, 1, 6, 300, 0, 2);
    int t = model_total_find("attacks");
    ens_paired paired;
    cr_assert(ens_summarize_diff(crn, 0, 1, t, &paired) == 0);
    stats_moments indep;
    stats_moments_init(&indep);
    for (long r = 0; r < 300; r++)
        stats_moments_add(&indep, model_total_value(ens_batch_totals(ib, r, 0), t) -
                                      model_total_value(ens_batch_totals(ia, r, 0), t));
    cr_assert(stats_var(&paired.diff.m) < 0.5 * stats_var(&indep),
              "paired var %g, independent var %g", stats_var(&paired.diff.m), stats_var(&indep));
    cr_assert(stats_var(&paired.diff.m) < paired.var_a + paired.var_b);
    cr_assert(fabs(paired.mean_b - paired.mean_a - stats_mean(&paired.diff.m)) < 1e-9);
    /* Replication r of variant 0 is the same run as replication r of a lone ensemble. */
    cr_assert(memcmp(ens_batch_totals(crn, 7, 0), ens_batch_totals(ia, 7, 0),
                     sizeof(model_totals)) == 0);
    ens_batch_destroy(crn);
    ens_batch_destroy(ia);
    ens_batch_destroy(ib);
    scenario_destroy(a);
    scenario_destroy(b);
}

Test(ensemble, stopped_batch_keeps_whole_replications_of_every_variant)
{
    scenario *s = small_scenario(30);
    const scenario *v[3] = {s, s, s};
    static volatile int stop = 1;
    ens_batch *b = ens_batch_create(v, 3, 1, 50, 0, NULL);
    cr_assert(ens_batch_run(b, 2, &stop, NULL, NULL) == SIM_EINTR);
    cr_assert(ens_batch_done(b) == 0 && ens_batch_partial(b));
    char *json = written(b, s, 1);
    cr_assert(strstr(json, "\"partial\": true") != NULL, "%s", json);
    cr_assert(strstr(json, "\"n\": 0,") != NULL);
    free(json);
    ens_batch_destroy(b);
    scenario_destroy(s);
}

Test(ensemble, series_are_kept_for_the_first_replications_only)
{
    scenario *s = small_scenario(40);
    const scenario *v[1] = {s};
    ens_batch *b = run_batch(v, 1, 3, 30, 10, 2), *c = run_batch(v, 1, 3, 10, 10, 1);
    /* One row per day of the run: days 0 to 39. */
    cr_assert(ens_batch_series_reps(b) == 10 && ens_batch_days(b) == 40);
    /* The fan of the first 10 of 30 runs is the fan of a 10-run ensemble. */
    double qb[40], qc[40], *const pb[5] = {NULL, NULL, qb, NULL, NULL};
    double *const pc[5] = {NULL, NULL, qc, NULL, NULL};
    cr_assert(ens_fan(b, ENS_SERIES_THREAT, pb, NULL) == 0);
    cr_assert(ens_fan(c, ENS_SERIES_THREAT, pc, NULL) == 0);
    for (int d = 0; d < 40; d++)
        cr_assert((isnan(qb[d]) && isnan(qc[d])) || qb[d] == qc[d], "day %d: %g vs %g", d, qb[d], qc[d]);
    cr_assert(isfinite(qb[20]));
    ens_batch_destroy(b);
    ens_batch_destroy(c);
    scenario_destroy(s);
}

Test(ensemble, batch_rejects_bad_arguments)
{
    scenario *s = small_scenario(30);
    const scenario *v[2] = {s, s};
    int err = 0;
    cr_assert_null(ens_batch_create(v, 2, 1, 10, 1, &err)); /* series need k == 1 */
    cr_assert(err == SIM_EINVAL);
    cr_assert_null(ens_batch_create(v, 1, 1, 0, 0, &err));
    scenario_destroy(s);
}

/* ----- sweep grids ----------------------------------------------------------------------- */

Test(ensemble, axis_includes_hi_despite_floating_steps)
{
    ens_axis ax;
    char msg[256];
    cr_assert(ens_axis_parse("state.strike.threshold=0.1:0.3:0.1", &ax, msg, sizeof msg) == 0, "%s", msg);
    cr_assert(ax.n == 3, "expected: 3 values, got: %ld", ax.n);
    cr_assert(ens_axis_value(&ax, 2) == 0.3, "got: %.17g", ens_axis_value(&ax, 2));
    cr_assert(ens_axis_parse("state.strike.threshold=0.5:0.8:0.1", &ax, msg, sizeof msg) == 0);
    cr_assert(ax.n == 4, "expected: 4 values, got: %ld", ax.n);
    cr_assert(ens_axis_parse("state.strike.threshold=0.6", &ax, msg, sizeof msg) == 0 && ax.n == 1);
}

Test(ensemble, axis_errors_name_the_problem)
{
    ens_axis ax;
    char msg[256];
    cr_assert(ens_axis_parse("state.strike.treshold=0:1:0.5", &ax, msg, sizeof msg) == SIM_EINVAL);
    cr_assert(strstr(msg, "unknown parameter") && strstr(msg, "state.strike.threshold"), "%s", msg);
    cr_assert(ens_axis_parse("state.strike.threshold=0.9:0.5:0.1", &ax, msg, sizeof msg) == SIM_EPARSE);
    cr_assert(ens_axis_parse("state.strike.threshold=0:1:0", &ax, msg, sizeof msg) == SIM_EPARSE);
    cr_assert(ens_axis_parse("state.strike.threshold=0:x:1", &ax, msg, sizeof msg) == SIM_EPARSE);
    cr_assert(ens_axis_parse("noequals", &ax, msg, sizeof msg) == SIM_EPARSE);
    cr_assert(ens_axis_parse("state.strike.threshold=0.5:1.5:0.5", &ax, msg, sizeof msg) == SIM_ERANGE,
              "%s", msg);
}

Test(ensemble, grid_is_the_cartesian_product_with_the_last_axis_fastest)
{
    ens_axis ax[2];
    char msg[256];
    double v[2];
    cr_assert(ens_axis_parse("state.strike.threshold=0.5:0.7:0.1", &ax[0], msg, sizeof msg) == 0);
    cr_assert(ens_axis_parse("militants.base_rate=0.1:0.4:0.1", &ax[1], msg, sizeof msg) == 0, "%s", msg);
    cr_assert(ens_grid_size(ax, 2, 1000000) == 12, "got: %ld", ens_grid_size(ax, 2, 1000000));
    ens_grid_point(ax, 2, 0, v);
    cr_assert(v[0] == 0.5 && fabs(v[1] - 0.1) < 1e-12);
    ens_grid_point(ax, 2, 1, v);
    cr_assert(v[0] == 0.5 && fabs(v[1] - 0.2) < 1e-12);
    ens_grid_point(ax, 2, 11, v);
    cr_assert(v[0] == 0.7 && v[1] == 0.4, "got: %g %g", v[0], v[1]);
    cr_assert(ens_grid_size(ax, 2, 10) == 0); /* past the limit */
}

/* ----- the commands, run as a binary ------------------------------------------------------ */

#define SCN "scenarios/kabul-ultimatum-2023.yaml"
#define SCN_LOWER "scenarios/variants/lower-threshold.yaml"

/* A fresh temporary folder for one test's outputs (removed by the caller). */
static void temp_dir(char *dir, size_t n)
{
    support_temp_dir(dir, n, "frontier-ens");
    snprintf(test_dir, sizeof test_dir, "%s", dir);
}

/* Runs "frontier ARGS" with stdout and stderr into dir/stdout and dir/stderr; returns the
 * exit status (or 1000 + signal). */
static int frontier(const char *dir, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s/stdout' 2>'%s/stderr'", support_bin(), args, dir, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

/* The whole of a file, NUL-terminated (free it), or NULL when it cannot be read; its size
 * in *size when size is not NULL. */
static char *slurp_n(const char *dir, const char *name, long *size)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (size) *size = n;
    return buf;
}

static char *slurp(const char *dir, const char *name) { return slurp_n(dir, name, NULL); }

static int count_lines(const char *s)
{
    int n = 0;
    for (; s && *s; s++) n += *s == '\n';
    return n;
}

static void need_scenarios(void)
{
    if (access(SCN, R_OK) != 0 || access(SCN_LOWER, R_OK) != 0)
        cr_skip_test("the scenario files are not in this tree");
}

Test(ensemble, command_outputs_are_byte_identical_for_jobs_1_and_2)
{
    need_scenarios();
    char dir[600], args[1600];
    temp_dir(dir, sizeof dir);
    snprintf(args, sizeof args, "ensemble " SCN " -n 120 --jobs 1 --seed 9 --out '%s/j1'", dir);
    cr_assert(frontier(dir, args) == 0, "jobs 1 failed");
    snprintf(args, sizeof args, "ensemble " SCN " -n 120 --jobs 2 --seed 9 --out '%s/j2'", dir);
    cr_assert(frontier(dir, args) == 0, "jobs 2 failed");
    static const char *const files[] = {"replications.csv", "ensemble.json",
        "first_strike_km.csv", "fan.csv", "fan_threat.png", "first_strike_survival.png",
        "hist_strikes.png", "hist_casualties.png"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char a[700], b[700];
        snprintf(a, sizeof a, "%s/j1", dir);
        snprintf(b, sizeof b, "%s/j2", dir);
        long nx = 0, ny = 0;
        char *x = slurp_n(a, files[i], &nx), *y = slurp_n(b, files[i], &ny);
        cr_assert(x && y && nx > 100, "%s missing or empty", files[i]);
        cr_assert(nx == ny && memcmp(x, y, (size_t)nx) == 0,
                  "%s differs between --jobs 1 and --jobs 2", files[i]);
        free(x);
        free(y);
    }
    char j1[700];
    snprintf(j1, sizeof j1, "%s/j1", dir);
    char *reps = slurp(j1, "replications.csv"), *json = slurp(j1, "ensemble.json");
    cr_assert(count_lines(reps) == 121, "expected: 121 lines, got: %d", count_lines(reps));
    cr_assert(strstr(json, "\"partial\": false") && strstr(json, "\"seed\": 9"));
    free(reps);
    free(json);
}

/* Shell lines that wait until $pid catches SIGINT (the handler is installed just before the
 * long work). */
#define WAIT_CATCHES_SIGINT                                                                \
    "until sed -n 's/^SigCgt:[[:space:]]*//p' /proc/$pid/status | grep -q '[2367abef]$';" \
    " do sleep 0.01; done; "

Test(ensemble, interrupted_ensemble_writes_a_valid_partial_output_and_exits_130)
{
    need_scenarios();
    char dir[600], cmd[2400];
    temp_dir(dir, sizeof dir);
    /* Far more replications than can finish in a second; SIGINT a second after the command
     * catches it (SigCgt in /proc: a background job of sh starts with SIGINT ignored, so a
     * signal sent before the handler is installed would be lost on a busy machine). */
    snprintf(cmd, sizeof cmd, "'%s' ensemble " SCN " -n 1000000 --no-plots --out '%s/e' "
             ">'%s/stdout' 2>'%s/stderr' & pid=$!; " WAIT_CATCHES_SIGINT
             "sleep 1; kill -INT $pid; wait $pid",
             support_bin(), dir, dir, dir);
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 130, "expected: exit 130, got: %d", st);
    char e[700];
    snprintf(e, sizeof e, "%s/e", dir);
    char *json = slurp(e, "ensemble.json"), *reps = slurp(e, "replications.csv");
    cr_assert(json && reps, "outputs missing");
    cr_assert(strstr(json, "\"partial\": true") != NULL);
    long n = -1;
    const char *p = strstr(json, "\"n\": ");
    cr_assert(p && sscanf(p, "\"n\": %ld", &n) == 1 && n >= 0 && n < 1000000, "n = %ld", n);
    cr_assert(count_lines(reps) == n + 1, "expected: %ld rows, got: %d", n, count_lines(reps) - 1);
    char *err = slurp(dir, "stderr");
    cr_assert(strstr(err, "interrupted") != NULL, "%s", err);
    free(json);
    free(reps);
    free(err);
}

Test(ensemble, compare_reads_aloud_and_writes_compare_csv)
{
    need_scenarios();
    char dir[600], args[1600];
    temp_dir(dir, sizeof dir);
    snprintf(args, sizeof args, "compare " SCN " " SCN_LOWER " -n 100 --jobs 2 --out '%s/c'", dir);
    cr_assert(frontier(dir, args) == 0);
    char c[700];
    snprintf(c, sizeof c, "%s/c", dir);
    char *csv = slurp(c, "compare.csv"), *out = slurp(dir, "stdout");
    cr_assert(count_lines(csv) == 1 + MODEL_NTOTALS, "got %d lines", count_lines(csv));
    cr_assert(strncmp(csv, "total,pairs,mean_a,mean_b,diff_mean", 35) == 0);
    cr_assert(strstr(out, "Lowering state.strike.threshold from ") && strstr(out, " to 0.6:"),
              "%s", out);
    cr_assert(strstr(out, "pairs where both struck") && strstr(out, "strikes per run"), "%s", out);
    free(csv);
    free(out);
}

Test(ensemble, sweep_writes_one_row_per_grid_point_in_grid_order)
{
    need_scenarios();
    char dir[600], args[1600];
    temp_dir(dir, sizeof dir);
    snprintf(args, sizeof args, "sweep " SCN " --vary state.strike.threshold=0.6:0.8:0.1 "
             "--vary militants.branching=0.2:0.3:0.1 -n 4 --out '%s/s'", dir);
    cr_assert(frontier(dir, args) == 0);
    char s[700];
    snprintf(s, sizeof s, "%s/s", dir);
    char *csv = slurp(s, "sweep.csv");
    cr_assert(count_lines(csv) == 7, "expected: 6 points, got: %d", count_lines(csv) - 1);
    cr_assert(strncmp(csv, "point,state.strike.threshold,militants.branching,seed,n,partial,", 64) == 0);
    const char *want[6] = {"\n0,0.6,0.2,", "\n1,0.6,0.3,", "\n2,0.7,0.2,", "\n3,0.7,0.3,",
                           "\n4,0.8,0.2,", "\n5,0.8,0.3,"};
    const char *at = csv;
    for (int i = 0; i < 6; i++) {
        const char *p = strstr(at, want[i]);
        cr_assert(p != NULL, "row %d (%s) missing or out of order", i, want[i] + 1);
        at = p + 1;
    }
    free(csv);
}

Test(ensemble, bad_input_exits_2_with_a_clear_message_and_no_output)
{
    need_scenarios();
    char dir[600], args[1600];
    temp_dir(dir, sizeof dir);
    snprintf(args, sizeof args, "sweep " SCN " --vary state.strike.treshold=0.6:0.8:0.1 -n 4 "
             "--out '%s/s'", dir);
    cr_assert(frontier(dir, args) == 2);
    char *err = slurp(dir, "stderr");
    cr_assert(strstr(err, "frontier sweep: --vary: unknown parameter 'state.strike.treshold'") &&
              strstr(err, "state.strike.threshold"), "%s", err);
    free(err);
    snprintf(args, sizeof args, "ensemble " SCN " -n 0 --out '%s/e'", dir);
    cr_assert(frontier(dir, args) == 2);
    snprintf(args, sizeof args, "ensemble no-such-file.yaml -n 5 --out '%s/e'", dir);
    cr_assert(frontier(dir, args) == 2);
    snprintf(args, sizeof args, "compare " SCN " -n 5 --out '%s/c'", dir);
    cr_assert(frontier(dir, args) == 2);
    char p[700];
    snprintf(p, sizeof p, "%s/s", dir);
    cr_assert(access(p, F_OK) != 0, "an output folder was created");
    snprintf(p, sizeof p, "%s/e", dir);
    cr_assert(access(p, F_OK) != 0, "an output folder was created");
}

Test(ensemble, interrupted_sweep_is_balanced_across_grid_points)
{
    need_scenarios();
    char dir[600], cmd[2400];
    temp_dir(dir, sizeof dir);
    snprintf(cmd, sizeof cmd, "'%s' sweep " SCN " --vary state.strike.threshold=0.6:0.8:0.1 "
             "-n 200000 --out '%s/s' >'%s/stdout' 2>'%s/stderr' & pid=$!; "
             WAIT_CATCHES_SIGINT "sleep 1; kill -INT $pid; wait $pid",
             support_bin(), dir, dir, dir);
    int st = system(cmd);
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 130, "expected: exit 130, got: %d", st);
    char s[700];
    snprintf(s, sizeof s, "%s/s", dir);
    char *csv = slurp(s, "sweep.csv");
    cr_assert(csv != NULL && count_lines(csv) == 4, "sweep.csv missing or not 3 rows");
    long n[3];
    const char *line = strchr(csv, '\n') + 1;
    for (int i = 0; i < 3; i++) {
        int point;
        double thr;
        unsigned long long seed;
        char partial[8] = "";
        cr_assert(sscanf(line, "%d,%lf,%llu,%ld,%7[a-z]", &point, &thr, &seed, &n[i],
                         partial) == 5);
        cr_assert(point == i && strcmp(partial, "true") == 0, "row %d: point %d partial %s", i,
                  point, partial);
        line = strchr(line, '\n') + 1;
    }
    cr_assert(n[0] == n[1] && n[1] == n[2], "unbalanced: %ld %ld %ld", n[0], n[1], n[2]);
    free(csv);
}

/* Creates, runs and writes a tiny batch; returns the first error or 0. */
static int tiny_batch(const scenario *s)
{
    const scenario *v[1] = {s};
    int err = 0;
    ens_batch *b = ens_batch_create(v, 1, 4, 3, 3, &err);
    if (!b) return err;
    int rc = ens_batch_run(b, 1, NULL, NULL, NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    for (int w = 0; rc == 0 && w < 4; w++)
        rc = w == 0   ? ens_write_replications(b, s->start_date, NULL, f)
             : w == 1 ? ens_write_json(b, s, &(prov){0}, f)
             : w == 2 ? ens_write_km(b, s->days, s->start_date, f)
                      : ens_write_fan(b, s->start_date, f);
    fclose(f);
    free(buf);
    ens_batch_destroy(b);
    return rc;
}

Test(ensemble, every_allocation_failure_is_reported_cleanly)
{
    scenario *s = small_scenario(10);
    sim_alloc_fail_at(0, 0);
    cr_assert(tiny_batch(s) == 0);
    long total = sim_alloc_count();
    cr_assert(total > 5, "only %ld allocations?", total);
    for (long k = 1; k <= total; k++) {
        sim_alloc_fail_at(k, 0);
        int rc = tiny_batch(s);
        cr_assert(rc == 0 || rc == SIM_ENOMEM, "allocation %ld: expected 0 or ENOMEM, got: %d",
                  k, rc);
    }
    sim_alloc_fail_at(0, 0);
    scenario_destroy(s);
}

#ifdef FRONTIER_MPI
Test(ensemble, mpi_ranks_give_the_same_bytes_as_one_process)
{
    need_scenarios();
    char dir[600], cmd[8192];
    temp_dir(dir, sizeof dir);
    snprintf(cmd, sizeof cmd, "'%s' ensemble " SCN " -n 61 --jobs 1 -q --out '%s/one' && "
             "mpirun --allow-run-as-root --oversubscribe -np 2 '%s' ensemble " SCN " -n 61 "
             "--jobs 1 -q --out '%s/two' >'%s/stdout' 2>'%s/stderr'", support_bin(), dir, support_bin(), dir,
             dir, dir);
    cr_assert(system(cmd) == 0, "mpirun failed");
    static const char *const files[] = {"replications.csv", "ensemble.json",
                                        "first_strike_km.csv", "fan.csv"};
    for (int i = 0; i < 4; i++) {
        char a[700], b[700];
        snprintf(a, sizeof a, "%s/one", dir);
        snprintf(b, sizeof b, "%s/two", dir);
        char *x = slurp(a, files[i]), *y = slurp(b, files[i]);
        cr_assert(x && y && strcmp(x, y) == 0, "%s differs with 2 MPI ranks", files[i]);
        free(x);
        free(y);
    }
}
#endif
