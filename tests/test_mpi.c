/* test_mpi.c - the commands under mpirun: same bytes as one process, failures never silent.
 *
 * Compiled to an empty suite without MPI; in `make MPI=1 test` each test runs the MPI binary
 * (FRONTIER_BIN) under `mpirun --oversubscribe`, so it needs no more cores than one. */
#include "support.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef FRONTIER_MPI
#define SCN "scenarios/kabul-ultimatum-2023.yaml"
#define MPIRUN "mpirun --allow-run-as-root --oversubscribe"

static char test_dir[600];

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(test_dir, sizeof test_dir, "%s/frontier-mpi-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    cr_assert_not_null(mkdtemp(test_dir), "cannot make a scratch folder");
}

static void teardown(void)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", test_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", test_dir);
}

TestSuite(mpi, .init = setup, .fini = teardown, .timeout = 120);

/* Runs a shell command (in the scratch folder's parent context) and returns its exit
 * status, or -1 when it did not exit normally. */
static int sh(const char *cmd)
{
    int rc = system(cmd);
    return rc != -1 && WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* The number of lines of file that contain needle, or -1 when it cannot be read. */
static int count_lines(const char *file, const char *needle)
{
    FILE *f = fopen(file, "r");
    if (!f) return -1;
    char line[2048];
    int n = 0;
    while (fgets(line, sizeof line, f)) n += strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

static int exists(const char *dir, const char *name)
{
    char path[800];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

Test(mpi, three_ranks_write_the_same_compare_and_sweep_files_as_one_process)
{
    char cmd[16384];
    const char *d = test_dir, *b = support_bin();
    snprintf(cmd, sizeof cmd,
             "'%s' compare " SCN " " SCN " --set state.strike.threshold=0.7 -n 17 -j 1 -q "
             "--out '%s/c1' && " MPIRUN " -np 3 '%s' compare " SCN " " SCN
             " --set state.strike.threshold=0.7 -n 17 -j 1 -q --out '%s/c3' >/dev/null 2>&1 && "
             "'%s' sweep " SCN " --vary state.strike.threshold=0.5:0.9:0.2 -n 7 -j 1 -q "
             "--out '%s/s1' && " MPIRUN " -np 3 '%s' sweep " SCN
             " --vary state.strike.threshold=0.5:0.9:0.2 -n 7 -j 1 -q --out '%s/s3' "
             ">/dev/null 2>&1 && cmp '%s/c1/compare.csv' '%s/c3/compare.csv' && "
             "cmp '%s/s1/sweep.csv' '%s/s3/sweep.csv'",
             b, d, b, d, b, d, b, d, d, d, d, d);
    cr_assert_eq(sh(cmd), 0, "compare or sweep differ with 3 ranks (or did not run)");
}

Test(mpi, a_rank_whose_replication_fails_fails_the_run_and_nothing_is_written)
{
    char cmd[8192], err[700];
    snprintf(err, sizeof err, "%s/stderr", test_dir);
    snprintf(cmd, sizeof cmd, "FRONTIER_MPI_FAIL_RANK=1 " MPIRUN " -x FRONTIER_MPI_FAIL_RANK "
             "-np 3 '%s' ensemble " SCN " -n 12 -j 1 -q --out '%s/out' >/dev/null 2>'%s'",
             support_bin(), test_dir, err);
    int rc = sh(cmd);
    cr_assert(rc != 0 && rc != -1, "expected: a failing exit status, got: %d", rc);
    cr_assert_eq(count_lines(err, "replication 1 failed: out of memory"), 1,
                 "expected rank 0 to name the failing replication once");
    cr_assert(!exists(test_dir, "out"), "a failed run wrote its folder");
}

Test(mpi, a_killed_rank_fails_the_run_and_nothing_is_written)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "FRONTIER_MPI_FAIL_RANK=2:kill " MPIRUN " -x "
             "FRONTIER_MPI_FAIL_RANK -np 3 '%s' sweep " SCN " --vary "
             "state.strike.threshold=0.6:0.8:0.2 -n 6 -j 1 -q --out '%s/out' >/dev/null 2>&1",
             support_bin(), test_dir);
    int rc = sh(cmd);
    cr_assert(rc != 0 && rc != -1, "expected: a failing exit status, got: %d", rc);
    cr_assert(!exists(test_dir, "out"), "a failed run wrote its folder");
}

Test(mpi, a_rank_that_cannot_load_its_scenario_is_named_by_rank_0)
{
    char cmd[8192], err[700];
    snprintf(err, sizeof err, "%s/stderr", test_dir);
    snprintf(cmd, sizeof cmd, MPIRUN " -np 1 '%s' ensemble " SCN " -n 4 -q --out '%s/out' : "
             "-np 1 '%s' ensemble '%s/missing.yaml' -n 4 -q --out '%s/out' >/dev/null 2>'%s'",
             support_bin(), test_dir, support_bin(), test_dir, test_dir, err);
    int rc = sh(cmd);
    cr_assert_eq(rc, 2, "expected: exit status 2 (bad input), got: %d", rc);
    cr_assert_eq(count_lines(err, "rank 1 of 2 could not set up the run"), 1);
    cr_assert_eq(count_lines(err, "missing.yaml"), 1, "expected rank 1's own message once");
    cr_assert(!exists(test_dir, "out"), "a failed run wrote its folder");
}

Test(mpi, ranks_given_different_arguments_do_not_run)
{
    char cmd[8192], err[700];
    snprintf(err, sizeof err, "%s/stderr", test_dir);
    snprintf(cmd, sizeof cmd, MPIRUN " -np 2 '%s' compare " SCN " " SCN " -n 9 -q --out "
             "'%s/out' : -np 1 '%s' compare " SCN " " SCN " -n 9 --seed 5 -q --out '%s/out' "
             ">/dev/null 2>'%s'", support_bin(), test_dir, support_bin(), test_dir, err);
    int rc = sh(cmd);
    cr_assert_eq(rc, 2, "expected: exit status 2, got: %d", rc);
    cr_assert_eq(count_lines(err, "rank 2 of 3 could not set up the run"), 1);
    cr_assert(!exists(test_dir, "out"), "a failed run wrote its folder");
}

Test(mpi, only_rank_0_prints_a_load_error)
{
    char cmd[8192], err[700];
    snprintf(err, sizeof err, "%s/stderr", test_dir);
    snprintf(cmd, sizeof cmd, MPIRUN " -np 3 '%s' sweep '%s/none.yaml' --vary "
             "state.strike.threshold=0.6 -n 3 -q >/dev/null 2>'%s'", support_bin(), test_dir, err);
    int rc = sh(cmd);
    cr_assert_eq(rc, 2, "expected: exit status 2, got: %d", rc);
    cr_assert_eq(count_lines(err, "none.yaml"), 1, "expected the error once, not per rank");
}
#else
TestSuite(mpi);
#endif
