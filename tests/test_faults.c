/* test_faults.c - allocation fault injection: the k-th allocation fails, for every k, during
 * a scenario load, a model run with its outputs, and an ensemble with its outputs. Each must
 * end in a clean error (NULL / SIM_ENOMEM) or the exact result of a run without failure,
 * never a crash, a leak (checked by `make SAN=1 test`) or a half-written file. */
#include "analysis/ensemble.h"
#include "base/alloc.h"
#include "base/err.h"
#include "io/afile.h"
#include "io/outset.h"
#include "model/model.h"
#include "report/ens_write.h"
#include "report/output.h"
#include "scenario/scenario.h"
#include "support.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCN "scenarios/kabul-ultimatum-2023.yaml"
#define SCN_VARIANT "scenarios/variants/lower-threshold.yaml"

static void setup(void) { gsl_set_error_handler_off(); }
static void teardown(void) { sim_alloc_fail_at(0, 0); }
TestSuite(faults, .init = setup, .fini = teardown);

/* ----- helpers -------------------------------------------------------------------------- */

/* Allocations counted during the last injected section (sim_alloc_fail_at resets it). */
static long counted;

static void stop_injection(void)
{
    counted = sim_alloc_count();
    sim_alloc_fail_at(0, 0);
}

static char *slurp(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = n;
    return buf;
}

/* No temporary of an output set is left in root. */
static void check_no_temporary(const char *root, long k)
{
    DIR *d = opendir(root);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        cr_assert(strstr(e->d_name, ".frontier-") == NULL, "allocation %ld: %s/%s left", k,
                  root, e->d_name);
    closedir(d);
}

/* Writes into the output set dir with write_fn; the set is begun and committed inside the
 * injected section, so its allocations fail too. */
static int write_set(const char *dir, int (*write_fn)(void *, outset *), void *ctx)
{
    outset *o = NULL;
    char msg[600];
    int rc = outset_begin(dir, &o, msg, sizeof msg);
    if (!rc) rc = write_fn(ctx, o);
    if (!rc) rc = outset_commit(o, &(prov){0});
    outset_destroy(o);
    return rc;
}

/* Every file in dir must be one of names[] and equal, byte for byte, to the same file in
 * ref: no temporary is left behind and no file is half-written. Returns how many exist. */
static int check_folder(const char *dir, const char *ref, const char *const *names, int n,
                        long k)
{
    DIR *d = opendir(dir);
    if (!d) return 0; /* never created: nothing half-written either */
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        int known = 0;
        for (int i = 0; i < n; i++) known |= strcmp(e->d_name, names[i]) == 0;
        cr_assert(known, "allocation %ld: unexpected file %s/%s", k, dir, e->d_name);
        char a[1200], b[1200];
        snprintf(a, sizeof a, "%s/%s", dir, e->d_name);
        snprintf(b, sizeof b, "%s/%s", ref, e->d_name);
        long na = 0, nb = 0;
        char *x = slurp(a, &na), *y = slurp(b, &nb);
        cr_assert(x && y && na == nb && memcmp(x, y, (size_t)na) == 0,
                  "allocation %ld: %s differs from a run without failure", k, a);
        free(x);
        free(y);
        found++;
    }
    closedir(d);
    return found;
}

static scenario *load_default(double days)
{
    scn_errors errs = {0};
    scenario *s = scenario_load(SCN, NULL, 0, &errs);
    scn_errors_free(&errs);
    cr_assert_not_null(s, "cannot load " SCN " (run the tests from the repository root)");
    s->days = days;
    return s;
}

/* ----- scenario load -------------------------------------------------------------------- */

/* Loads the variant (which extends the default) with two overrides while allocation k
 * fails. Returns the scenario or NULL; a NULL load must say "out of memory". */
static scenario *load_failing(long k, int sticky)
{
    static const char *const over[2] = {"state.strike.threshold=0.65", "militants.decay=1.2"};
    scn_errors errs = {0};
    sim_alloc_fail_at(k, sticky);
    scenario *s = scenario_load(SCN_VARIANT, over, 2, &errs);
    stop_injection();
    if (!s) {
        int said = 0;
        for (int i = 0; i < errs.n; i++) said |= strstr(errs.items[i].msg, "out of memory") != 0;
        cr_assert(said || errs.n == 0, "allocation %ld: failed load without 'out of memory'", k);
    }
    scn_errors_free(&errs);
    return s;
}

static void fail_each_in_load(int sticky)
{
    scenario *ref = load_failing(0, 0);
    long total = counted;
    cr_assert_not_null(ref);
    cr_assert_gt(total, 10);
    unsigned long long h = scenario_hash(ref);
    for (long k = 1; k <= total; k++) {
        scenario *s = load_failing(k, sticky);
        cr_assert(!s || scenario_hash(s) == h, "allocation %ld of %ld: a different scenario",
                  k, total);
        scenario_destroy(s);
    }
    cr_log_info("scenario load: %ld allocation points", total);
    scenario_destroy(ref);
}

Test(faults, a_scenario_load_with_extends_and_overrides_fails_cleanly_at_every_allocation)
{
    fail_each_in_load(0);
}

Test(faults, a_scenario_load_fails_cleanly_when_memory_runs_out_at_any_point)
{
    fail_each_in_load(1);
}

/* ----- one run and its outputs ---------------------------------------------------------- */

static const char *const run_files[4] = {"events.csv", "series.csv", "summary.json",
                                         "provenance.json"};

/* Creates, runs and writes one replication into dir with allocation k failing. Returns 0
 * or the first error. */
static int run_and_write(const scenario *s, const char *dir, long k, int sticky)
{
    int err = 0;
    sim_alloc_fail_at(k, sticky);
    model *m = model_create(s, 11, 0, MODEL_KEEP_ALL, &err);
    if (m) err = model_run(m);
    if (m && !err) {
        outset *o = NULL;
        char msg[600];
        err = outset_begin(dir, &o, msg, sizeof msg);
        if (!err) err = output_write_run(m, o, &(prov){0}, 11, 0, 0); /* commits */
        outset_destroy(o);
    }
    stop_injection();
    if (!m) cr_assert(err == SIM_ENOMEM, "allocation %ld: create failed with %d", k, err);
    model_destroy(m);
    return err;
}

static void fail_each_in_run(int sticky)
{
    scenario *s = load_default(60);
    char root[600], ref[700], dir[700];
    support_temp_dir(root, sizeof root, "faults");
    snprintf(ref, sizeof ref, "%s/ref", root);
    sim_alloc_fail_at(0, 0);
    cr_assert_eq(run_and_write(s, ref, 0, 0), 0);
    long total = counted, failed = 0;
    cr_assert_gt(total, 10);
    for (long k = 1; k <= total; k++) {
        snprintf(dir, sizeof dir, "%s/k%ld", root, k);
        int rc = run_and_write(s, dir, k, sticky);
        cr_assert(rc == 0 || rc == SIM_ENOMEM || rc == SIM_EIO,
                  "allocation %ld: expected 0 or SIM_ENOMEM/SIM_EIO, got %d", k, rc);
        int files = check_folder(dir, ref, run_files, 4, k);
        check_no_temporary(root, k);
        if (rc) {
            failed++;
            cr_assert_eq(files, 0, "allocation %ld: %d outputs left after a failure", k, files);
        }
        support_remove_tree(dir);
    }
    cr_assert_gt(failed, total / 2, "only %ld of %ld injected failures were reported", failed,
                 total);
    cr_log_info("run: %ld allocation points, %ld reported failures", total, failed);
    support_remove_tree(root);
    scenario_destroy(s);
}

Test(faults, a_run_and_its_outputs_fail_cleanly_at_every_allocation)
{
    fail_each_in_run(0);
}

Test(faults, a_run_stops_cleanly_when_memory_runs_out_at_any_point)
{
    fail_each_in_run(1);
}

/* ----- an ensemble and its outputs ------------------------------------------------------ */

static const char *const ens_files[5] = {"replications.csv", "ensemble.json",
                                         "first_strike_km.csv", "fan.csv", "provenance.json"};

typedef struct ens_ctx {
    const ens_batch *b;
    const scenario *s;
} ens_ctx;

static int write_ensemble(void *ctx, outset *o)
{
    const ens_ctx *c = ctx;
    return ens_write_ensemble(c->b, c->s, &(prov){0}, NULL, o);
}

static int ensemble_and_write(const scenario *s, const char *dir, long k, int sticky, int jobs)
{
    const scenario *v[1] = {s};
    int err = 0;
    sim_alloc_fail_at(k, sticky);
    ens_batch *b = ens_batch_create(v, 1, 5, 6, 3, &err);
    if (b) err = ens_batch_run(b, jobs, NULL, NULL, NULL);
    ens_ctx c = {b, s};
    if (b && !err) err = write_set(dir, write_ensemble, &c);
    stop_injection();
    if (!b) cr_assert(err == SIM_ENOMEM, "allocation %ld: create failed with %d", k, err);
    ens_batch_destroy(b);
    return err;
}

static void fail_each_in_ensemble(int sticky, int jobs)
{
    scenario *s = load_default(40);
    char root[600], ref[700], dir[700];
    support_temp_dir(root, sizeof root, "faults");
    snprintf(ref, sizeof ref, "%s/ref", root);
    sim_alloc_fail_at(0, 0);
    cr_assert_eq(ensemble_and_write(s, ref, 0, 0, jobs), 0);
    long total = counted, failed = 0;
    cr_assert_gt(total, 10);
    /* With threads the order of allocations varies; every k still fails one of them. */
    for (long k = 1; k <= total; k++) {
        snprintf(dir, sizeof dir, "%s/k%ld", root, k);
        int rc = ensemble_and_write(s, dir, k, sticky, jobs);
        cr_assert(rc == 0 || rc == SIM_ENOMEM || rc == SIM_EIO,
                  "allocation %ld: expected 0 or SIM_ENOMEM/SIM_EIO, got %d", k, rc);
        int files = check_folder(dir, ref, ens_files, 5, k);
        cr_assert(rc == 0 ? files == 5 : files == 0, "allocation %ld: %d files after %d", k,
                  files, rc);
        check_no_temporary(root, k);
        failed += rc != 0;
        support_remove_tree(dir);
    }
    cr_assert_gt(failed, total / 2, "only %ld of %ld injected failures were reported", failed,
                 total);
    cr_log_info("ensemble: %ld allocation points, %ld reported failures", total, failed);
    support_remove_tree(root);
    scenario_destroy(s);
}

Test(faults, an_ensemble_and_its_outputs_fail_cleanly_at_every_allocation)
{
    fail_each_in_ensemble(0, 1);
}

Test(faults, an_ensemble_on_two_threads_stops_cleanly_when_memory_runs_out)
{
    fail_each_in_ensemble(1, 2);
}

/* ----- afile ----------------------------------------------------------------------------- */

Test(faults, an_atomic_file_that_cannot_allocate_leaves_nothing_behind)
{
    char root[600], path[700];
    support_temp_dir(root, sizeof root, "faults");
    snprintf(path, sizeof path, "%s/out.csv", root);
    for (long k = 1; k <= 3; k++) {
        sim_alloc_fail_at(k, 0);
        afile *a = afile_open(path);
        sim_alloc_fail_at(0, 0);
        cr_assert_null(a, "allocation %ld of afile_open failed but it returned a file", k);
        cr_assert(check_folder(root, root, NULL, 0, k) == 0);
    }
    support_remove_tree(root);
}

/* ----- error texts ----------------------------------------------------------------------- */

Test(faults, every_error_code_has_its_own_description)
{
    cr_assert_str_eq(sim_strerror(SIM_ENOMEM), "out of memory");
    cr_assert_str_eq(sim_strerror(SIM_OK), "ok");
    cr_assert_str_eq(sim_strerror(12345), "unknown error");
    for (int a = SIM_EEMPTY; a <= SIM_ENOMEM; a++)
        for (int b = a + 1; b <= SIM_ENOMEM; b++)
            cr_assert_str_neq(sim_strerror(a), sim_strerror(b), "codes %d and %d", a, b);
}
