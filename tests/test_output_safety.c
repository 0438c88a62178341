/* test_output_safety.c - outputs are whole or absent: a full disk, an unwritable folder and
 * an interrupt (SIGINT, SIGTERM) during run, ensemble, compare and sweep, checked through the
 * binary (FRONTIER_BIN) and on sim/afile directly.
 *
 * A full disk is simulated with RLIMIT_FSIZE (writes past the limit fail with EFBIG, as
 * they fail with ENOSPC on a full file system; SIGXFSZ is ignored). The tests run as root in
 * CI, where chmod does not stop writes, so an unwritable folder is a path whose parent is a
 * regular file; the chmod case runs too when the tests are not root. */
#include "base/err.h"
#include "io/afile.h"
#include "support.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SCN "scenarios/kabul-ultimatum-2023.yaml"
#define SCN_LOWER "scenarios/variants/lower-threshold.yaml"

TestSuite(output_safety);

/* ----- helpers -------------------------------------------------------------------------- */

static char *slurp(const char *dir, const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
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
    return buf;
}

/* Number of entries in dir (0 when it does not exist); any temporary fails the test. */
static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        cr_assert(strstr(e->d_name, ".tmp.") == NULL && strstr(e->d_name, ".frontier-") == NULL,
                  "temporary left behind: %s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

/* Starts the binary with args (NULL-terminated) and stdout/stderr in dir/stdout, dir/stderr,
 * with the file size limited to fsize bytes when fsize > 0. Returns the child's pid. */
static pid_t spawn(const char *dir, const char *const *args, long fsize)
{
    char out[1200], err[1200];
    snprintf(out, sizeof out, "%s/stdout", dir);
    snprintf(err, sizeof err, "%s/stderr", dir);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0) _exit(127);
        if (fsize > 0) {
            struct rlimit rl = {(rlim_t)fsize, (rlim_t)fsize};
            signal(SIGXFSZ, SIG_IGN);
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(127);
        }
        const char *argv[32];
        int n = 0;
        argv[n++] = support_bin();
        for (; args[n - 1] && n < 31; n++) argv[n] = args[n - 1];
        argv[n] = NULL;
        execv(support_bin(), (char *const *)argv);
        _exit(127);
    }
    return pid;
}

/* Exit status of pid, or 128 + signal when it was killed. */
static int wait_exit(pid_t pid)
{
    int st = 0;
    while (waitpid(pid, &st, 0) < 0)
        cr_assert(errno == EINTR, "waitpid: %s", strerror(errno));
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run_wait(const char *dir, const char *const *args, long fsize)
{
    return wait_exit(spawn(dir, args, fsize));
}

/* Nonzero once pid catches SIGINT, i.e. the command has installed its interrupt handler,
 * which it does just before the long work. Read from /proc/PID/status (SigCgt). */
static int catches_sigint(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    unsigned long long mask = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "SigCgt: %llx", &mask) == 1) break;
    fclose(f);
    return (mask >> (SIGINT - 1)) & 1;
}

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Starts args, waits until the work has started, sends sig and returns the exit status. */
static int interrupt_after_start(const char *dir, const char *const *args, int sig)
{
    pid_t pid = spawn(dir, args, 0);
    /* Polls without a deadline: the long work cannot end before the signal, and a command
     * that never installs its handler fails by running to its end (exit 0). */
    for (;;) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        if (catches_sigint(pid)) break;
        pause_ms(2);
    }
    pause_ms(20); /* let it reach the loop that polls the flag (the flag stays set anyway) */
    cr_assert_eq(kill(pid, sig), 0);
    return wait_exit(pid);
}

static void need_scenarios(void)
{
    if (access(SCN, R_OK) != 0 || access(SCN_LOWER, R_OK) != 0)
        cr_skip_test("scenarios not found (run from the repository root)");
}

/* ----- afile ---------------------------------------------------------------------------- */

Test(output_safety, a_commit_that_cannot_write_fails_and_leaves_no_file)
{
    char dir[600], path[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(path, sizeof path, "%s/big.csv", dir);
    struct rlimit keep, rl;
    cr_assert_eq(getrlimit(RLIMIT_FSIZE, &keep), 0);
    rl = keep;
    rl.rlim_cur = 4096; /* the soft limit only, restored below (coverage data is written at exit) */
    signal(SIGXFSZ, SIG_IGN);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    afile *a = afile_open(path);
    cr_assert_not_null(a);
    for (int i = 0; i < 2000; i++) fprintf(afile_stream(a), "%d,2.385,row\n", i);
    int rc = afile_commit(a);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &keep), 0);
    cr_assert_eq(rc, SIM_EIO);
    cr_assert(access(path, F_OK) != 0, "a truncated %s was left", path);
    cr_assert_eq(count_files(dir), 0);
    support_remove_tree(dir);
}

Test(output_safety, a_commit_replaces_the_old_file_only_when_complete)
{
    char dir[600], path[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(path, sizeof path, "%s/f.csv", dir);
    afile *a = afile_open(path);
    cr_assert_not_null(a);
    fputs("old,whole\n", afile_stream(a));
    cr_assert_eq(afile_commit(a), 0);
    a = afile_open(path);
    cr_assert_not_null(a);
    fputs("new,half", afile_stream(a));
    afile_abort(a);
    char *s = slurp(dir, "f.csv");
    cr_assert_str_eq(s, "old,whole\n");
    free(s);
    cr_assert_eq(count_files(dir), 1);
    support_remove_tree(dir);
}

Test(output_safety, afile_cannot_open_beside_a_regular_file_parent)
{
    char dir[600], path[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(path, sizeof path, "%s/plain", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fclose(f);
    snprintf(path, sizeof path, "%s/plain/x.csv", dir);
    errno = 0;
    cr_assert_null(afile_open(path));
    cr_assert_eq(errno, ENOTDIR, "expected: ENOTDIR, got: %s", strerror(errno));
    snprintf(path, sizeof path, "%s/plain/sub", dir);
    cr_assert_eq(afile_mkdirs(path), SIM_EIO);
    support_remove_tree(dir);
}

/* ----- full disk and unwritable folders, through the binary ------------------------------ */

Test(output_safety, a_full_disk_fails_a_run_with_exit_1_and_no_output)
{
    need_scenarios();
    char dir[600], out[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(out, sizeof out, "%s/o", dir);
    const char *args[] = {"run", SCN, "--out", out, NULL};
    int rc = run_wait(dir, args, 8192);
    char *err = slurp(dir, "stderr");
    cr_assert_eq(rc, 1, "expected: exit 1, got: %d; stderr: %s", rc, err);
    cr_assert(strstr(err, "frontier run: cannot write") && strstr(err, "nothing was written"),
              "%s", err);
    cr_assert_eq(count_files(out), 0, "outputs left after a failed write");
    cr_assert_eq(count_files(dir), 2, "more than stdout and stderr beside the outputs");
    free(err);
    support_remove_tree(dir);
}

Test(output_safety, a_full_disk_fails_an_ensemble_with_exit_1_and_no_truncated_file)
{
    need_scenarios();
    char dir[600], out[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(out, sizeof out, "%s/o", dir);
    const char *args[] = {"ensemble", SCN, "-n", "40", "--jobs", "2", "--no-plots", "-q",
                          "--out", out, NULL};
    int rc = run_wait(dir, args, 3000);
    char *err = slurp(dir, "stderr");
    cr_assert_eq(rc, 1, "expected: exit 1, got: %d; stderr: %s", rc, err);
    cr_assert(strstr(err, "frontier ensemble: cannot write"), "%s", err);
    /* The file named in the message must not exist; earlier ones are whole. */
    const char *name = strstr(err, out);
    cr_assert_not_null(name, "%s", err);
    char failed[800];
    cr_assert_eq(sscanf(name, "%799[^:]", failed), 1);
    cr_assert(access(failed, F_OK) != 0, "%s exists after its write failed", failed);
    count_files(out);
    count_files(dir);
    free(err);
    support_remove_tree(dir);
}

Test(output_safety, an_output_folder_under_a_regular_file_fails_with_exit_1)
{
    need_scenarios();
    char dir[600], plain[700], out[800];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(plain, sizeof plain, "%s/plain", dir);
    FILE *f = fopen(plain, "w");
    cr_assert_not_null(f);
    fclose(f);
    snprintf(out, sizeof out, "%s/sub", plain);
    const char *run[] = {"run", SCN, "--days", "30", "--out", out, NULL};
    const char *ens[] = {"ensemble", SCN, "-n", "4", "--no-plots", "-q", "--out", out, NULL};
    const char *const *cmds[2] = {run, ens};
    for (int i = 0; i < 2; i++) {
        int rc = run_wait(dir, cmds[i], 0);
        char *err = slurp(dir, "stderr");
        cr_assert_eq(rc, 1, "%s: expected: exit 1, got: %d; %s", cmds[i][0], rc, err);
        cr_assert(strstr(err, "cannot write") && strstr(err, "Not a directory"), "%s", err);
        free(err);
    }
    support_remove_tree(dir);
}

Test(output_safety, a_read_only_folder_fails_with_exit_1_when_not_root)
{
    need_scenarios();
    if (geteuid() == 0) cr_skip_test("root writes through chmod 500 (see the regular-file test)");
    char dir[600], out[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(out, sizeof out, "%s/ro", dir);
    cr_assert_eq(mkdir(out, 0500), 0);
    const char *args[] = {"run", SCN, "--days", "30", "--out", out, NULL};
    int rc = run_wait(dir, args, 0);
    char *err = slurp(dir, "stderr");
    cr_assert_eq(rc, 1, "expected: exit 1, got: %d; %s", rc, err);
    cr_assert(strstr(err, "Permission denied"), "%s", err);
    free(err);
    chmod(out, 0700);
    support_remove_tree(dir);
}

Test(output_safety, a_summary_that_cannot_reach_stdout_is_an_error)
{
    need_scenarios();
    if (access("/dev/full", W_OK) != 0) cr_skip_test("no /dev/full");
    char dir[600], out[700], cmd[2000];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(out, sizeof out, "%s/o", dir);
    snprintf(cmd, sizeof cmd, "'%s' run " SCN " --days 30 --out '%s' >/dev/full 2>'%s/stderr'",
             support_bin(), out, dir);
    int st = system(cmd);
    char *err = slurp(dir, "stderr");
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "expected: exit 1, got: %d; %s", st, err);
    cr_assert(strstr(err, "standard output"), "%s", err);
    free(err);
    support_remove_tree(dir);
}

/* ----- interrupts ------------------------------------------------------------------------ */

Test(output_safety, an_interrupted_run_writes_partial_outputs_and_exits_130)
{
    need_scenarios();
    char dir[600], out[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(out, sizeof out, "%s/o", dir);
    /* A century at a high attack rate: seconds of work, far longer than the signal takes. */
    const char *args[] = {"run", SCN, "--days", "36500", "--set", "militants.base_rate=20",
                          "--out", out, NULL};
    int rc = interrupt_after_start(dir, args, SIGINT);
    char *err = slurp(dir, "stderr");
    cr_assert_eq(rc, 130, "expected: exit 130, got: %d; %s", rc, err);
    cr_assert(strstr(err, "interrupted at day"), "%s", err);
    char *json = slurp(out, "summary.json"), *series = slurp(out, "series.csv");
    cr_assert(json && series, "outputs missing");
    cr_assert(strstr(json, "\"partial\": true"), "%s", json);
    cr_assert(json[strlen(json) - 2] == '}', "summary.json is not whole");
    cr_assert_eq(count_files(out), 4); /* and provenance.json */
    free(json);
    free(series);
    free(err);
    support_remove_tree(dir);
}

Test(output_safety, a_terminated_ensemble_writes_partial_outputs_and_exits_130)
{
    need_scenarios();
    char dir[600], out[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(out, sizeof out, "%s/o", dir);
    const char *args[] = {"ensemble", SCN, "-n", "100000000", "--jobs", "2", "--no-plots",
                          "-q", "--out", out, NULL};
    int rc = interrupt_after_start(dir, args, SIGTERM);
    char *err = slurp(dir, "stderr");
    cr_assert_eq(rc, 130, "expected: exit 130, got: %d; %s", rc, err);
    char *json = slurp(out, "ensemble.json");
    cr_assert(json && strstr(json, "\"partial\": true"), "%s", json ? json : "no ensemble.json");
    cr_assert(json[strlen(json) - 2] == '}', "ensemble.json is not whole");
    cr_assert_geq(count_files(out), 3);
    free(json);
    free(err);
    support_remove_tree(dir);
}

Test(output_safety, an_interrupted_sweep_marks_its_rows_partial_and_exits_130)
{
    need_scenarios();
    char dir[600], out[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(out, sizeof out, "%s/o", dir);
    const char *args[] = {"sweep", SCN, "--vary", "state.strike.threshold=0.6:0.8:0.1",
                          "-n", "10000000", "--jobs", "2", "-q", "--out", out, NULL};
    int rc = interrupt_after_start(dir, args, SIGINT);
    char *err = slurp(dir, "stderr");
    cr_assert_eq(rc, 130, "expected: exit 130, got: %d; %s", rc, err);
    cr_assert(strstr(err, "sweep.csv is marked partial"), "%s", err);
    char *csv = slurp(out, "sweep.csv");
    cr_assert_not_null(csv);
    cr_assert(strncmp(csv, "point,state.strike.threshold,seed,n,partial,", 44) == 0, "%.60s", csv);
    int rows = 0;
    for (const char *p = strchr(csv, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
        int point = -1;
        double thr;
        unsigned long long seed;
        long n = -1;
        char partial[8] = "";
        cr_assert_eq(sscanf(p + 1, "%d,%lf,%llu,%ld,%7[a-z],", &point, &thr, &seed, &n, partial),
                     5);
        cr_assert(strcmp(partial, "true") == 0 && n >= 0 && n < 10000000,
                  "row %d: n %ld, partial %s", point, n, partial);
        rows++;
    }
    cr_assert_eq(rows, 3, "expected: 3 grid points, got: %d", rows);
    cr_assert(csv[strlen(csv) - 1] == '\n', "sweep.csv is not whole");
    free(csv);
    free(err);
    support_remove_tree(dir);
}

Test(output_safety, an_interrupted_compare_marks_compare_csv_partial_and_exits_130)
{
    need_scenarios();
    char dir[600], out[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(out, sizeof out, "%s/o", dir);
    const char *args[] = {"compare", SCN, SCN_LOWER, "-n", "10000000", "--jobs", "2", "-q",
                          "--out", out, NULL};
    int rc = interrupt_after_start(dir, args, SIGTERM);
    char *err = slurp(dir, "stderr");
    cr_assert_eq(rc, 130, "expected: exit 130, got: %d; %s", rc, err);
    char *csv = slurp(out, "compare.csv");
    cr_assert_not_null(csv, "%s", err);
    cr_assert(strstr(csv, ",partial") || strstr(csv, "partial\n"), "no partial column");
    free(csv);
    free(err);
    support_remove_tree(dir);
}

/* An interrupt while the outputs are being written drops the new set: the folder keeps the
 * previous one, whole, and the exit status says the command was interrupted (it exited 0
 * with unmarked outputs before output sets). FRONTIER_OUTSET_PAUSE_MS stretches the write
 * phase so that the signal lands inside it. */
Test(output_safety, an_interrupt_while_writing_keeps_the_previous_outputs_and_exits_130)
{
    need_scenarios();
    char dir[600], out[700], err_path[700];
    support_temp_dir(dir, sizeof dir, "outsafe");
    snprintf(out, sizeof out, "%s/o", dir);
    snprintf(err_path, sizeof err_path, "%s/stderr", dir);
    const char *first[] = {"ensemble", SCN, "-n", "4", "--seed", "1", "--no-plots", "-q",
                           "--out", out, NULL};
    cr_assert_eq(run_wait(dir, first, 0), 0);
    char *before = slurp(out, "ensemble.json");
    cr_assert_not_null(before);
    setenv("FRONTIER_OUTSET_PAUSE_MS", "150", 1);
    const char *second[] = {"ensemble", SCN, "-n", "4", "--seed", "2", "--no-plots", "-q",
                            "--out", out, NULL};
    pid_t pid = support_spawn(second, NULL, err_path);
    unsetenv("FRONTIER_OUTSET_PAUSE_MS");
    /* The write phase has begun once the temporary folder holds a file. */
    for (int found = 0; !found;) {
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (strstr(e->d_name, ".frontier-tmp.")) {
                char tmp[1200];
                snprintf(tmp, sizeof tmp, "%s/%s/replications.csv", dir, e->d_name);
                found |= access(tmp, F_OK) == 0;
            }
        if (d) closedir(d);
        int st;
        cr_assert(waitpid(pid, &st, WNOHANG) == 0, "the ensemble ended before its write phase");
        pause_ms(2);
    }
    cr_assert_eq(kill(pid, SIGINT), 0);
    int rc = wait_exit(pid);
    char *err = slurp(dir, "stderr");
    cr_assert_eq(rc, 130, "expected: exit 130, got: %d; %s", rc, err);
    cr_assert(strstr(err, "interrupted while writing") && strstr(err, "unchanged"), "%s", err);
    char *after = slurp(out, "ensemble.json");
    cr_assert(after && strcmp(before, after) == 0, "the previous outputs were changed");
    cr_assert_eq(count_files(out), 5);
    count_files(dir);
    free(before);
    free(after);
    free(err);
    support_remove_tree(dir);
}
