/* test_outset.c - output folders written as one set (sim/io/outset, manifest): what may be a
 * target, what a committed, aborted or interrupted set leaves, stale temporaries, and the
 * manifest check; and the commands refusing device nodes, FIFOs, sockets and special folders
 * as --out with exit status 2 (issue 17, item 2). The kill-at-random-moments test is
 * tests/chaos-outputs.sh. */
#include "base/err.h"
#include "io/manifest.h"
#include "io/outset.h"
#include "io/sha256.h"
#include "support.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

TestSuite(outset);

#define SCN "scenarios/kabul-ultimatum-2023.yaml"

/* ----- helpers -------------------------------------------------------------------------- */

static int put(void *ctx, FILE *f)
{
    fputs(ctx, f);
    return 0;
}

/* Writes a set of the given files (name, content pairs, NULL-terminated) into dir. */
static int write_set(const char *dir, const char *const *files)
{
    outset *o = NULL;
    char msg[600];
    int rc = outset_begin(dir, &o, msg, sizeof msg);
    cr_assert_eq(rc, 0, "outset_begin %s: %s", dir, msg);
    for (int i = 0; rc == 0 && files[i]; i += 2)
        rc = outset_write(o, files[i], put, (void *)files[i + 1]);
    static const char *const argv[2] = {"frontier", "test"};
    if (rc == 0) rc = outset_commit(o, &(prov){.version = "t", .command = argv, .argc = 2});
    outset_destroy(o);
    return rc;
}

static char *slurp(const char *dir, const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Number of entries in dir whose name contains part (all entries when part is ""). */
static int count(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strstr(e->d_name, part)) n++;
    closedir(d);
    return n;
}

static int begin_rc(const char *dir, char *msg, size_t n)
{
    outset *o = NULL;
    int rc = outset_begin(dir, &o, msg, n);
    outset_destroy(o);
    return rc;
}

static void touch(const char *dir, const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s: %s", path, strerror(errno));
    fputs("x\n", f);
    fclose(f);
}

/* Runs the binary with args (NULL-terminated), stderr to dir/stderr; returns the status. */
static int frontier(const char *dir, const char *const *args)
{
    char cmd[4096];
    int n = snprintf(cmd, sizeof cmd, "'%s'", support_bin());
    for (int i = 0; args[i]; i++) n += snprintf(cmd + n, sizeof cmd - (size_t)n, " '%s'", args[i]);
    snprintf(cmd + n, sizeof cmd - (size_t)n, " >/dev/null 2>'%s/stderr' </dev/null", dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ----- sets ----------------------------------------------------------------------------- */

Test(outset, a_committed_set_holds_its_files_and_a_manifest_that_names_them)
{
    char root[600], dir[700], msg[600];
    support_temp_dir(root, sizeof root, "outset");
    snprintf(dir, sizeof dir, "%s/a/b/set", root); /* parents are created */
    const char *files[] = {"b.csv", "x,y\n1,2\n", "a.json", "{}\n", NULL};
    cr_assert_eq(write_set(dir, files), 0);
    cr_assert_eq(count(dir, ""), 3);
    cr_assert_str_eq(slurp(dir, "b.csv"), "x,y\n1,2\n");
    cr_assert_eq(manifest_verify(dir, msg, sizeof msg), 0, "%s", msg);
    char *m = slurp(dir, "provenance.json");
    char sha[SHA256_HEX_LEN];
    sha256_hex("x,y\n1,2\n", 8, sha);
    char line[200];
    snprintf(line, sizeof line, "{\"name\": \"b.csv\", \"bytes\": 8, \"sha256\": \"%s\"}", sha);
    cr_assert(strstr(m, line), "expected: %s in %s", line, m);
    cr_assert(strstr(m, "\"a.json\"") < strstr(m, "\"b.csv\""), "files not in name order");
    cr_assert(strstr(m, "\"command\": [\"frontier\", \"test\"]"), "%s", m);
    char parent[800];
    snprintf(parent, sizeof parent, "%s/a/b", root);
    cr_assert_eq(count(parent, ".frontier-"), 0, "a temporary was left beside the set");
    support_remove_tree(root);
}

Test(outset, a_new_set_replaces_the_previous_one_whole)
{
    char root[600], dir[700], msg[600];
    support_temp_dir(root, sizeof root, "outset");
    snprintf(dir, sizeof dir, "%s/set", root);
    const char *old[] = {"old-only.csv", "1\n", "same.csv", "old\n", NULL};
    const char *new[] = {"same.csv", "new\n", NULL};
    cr_assert_eq(write_set(dir, old), 0);
    cr_assert_eq(write_set(dir, new), 0);
    cr_assert_eq(count(dir, ""), 2, "the previous set's own file survived");
    cr_assert_str_eq(slurp(dir, "same.csv"), "new\n");
    cr_assert_eq(manifest_verify(dir, msg, sizeof msg), 0, "%s", msg);
    cr_assert_eq(count(root, ".frontier-"), 0);
    support_remove_tree(root);
}

Test(outset, an_aborted_or_interrupted_set_leaves_the_previous_one_and_no_temporary)
{
    char root[600], dir[700], msg[600];
    support_temp_dir(root, sizeof root, "outset");
    snprintf(dir, sizeof dir, "%s/set", root);
    const char *old[] = {"f.csv", "old\n", NULL};
    cr_assert_eq(write_set(dir, old), 0);
    outset *o = NULL;
    cr_assert_eq(outset_begin(dir, &o, msg, sizeof msg), 0, "%s", msg);
    cr_assert_eq(outset_write(o, "f.csv", put, "half"), 0);
    outset_destroy(o); /* abandoned: an error in the command */
    cr_assert_str_eq(slurp(dir, "f.csv"), "old\n");
    volatile int stop = 0;
    cr_assert_eq(outset_begin(dir, &o, msg, sizeof msg), 0, "%s", msg);
    outset_set_stop(o, &stop);
    cr_assert_eq(outset_write(o, "f.csv", put, "new\n"), 0);
    stop = 1; /* an interrupt during the write phase */
    cr_assert_eq(outset_commit(o, &(prov){0}), SIM_EINTR);
    cr_assert(strstr(outset_error(o), "interrupted"), "%s", outset_error(o));
    outset_destroy(o);
    cr_assert_str_eq(slurp(dir, "f.csv"), "old\n");
    cr_assert_eq(manifest_verify(dir, msg, sizeof msg), 0, "%s", msg);
    cr_assert_eq(count(root, ".frontier-"), 0);
    support_remove_tree(root);
}

Test(outset, stale_temporaries_are_removed_and_live_ones_kept)
{
    char root[600], dir[700], stale[800], live[800], msg[600];
    support_temp_dir(root, sizeof root, "outset");
    snprintf(dir, sizeof dir, "%s/set", root);
    snprintf(stale, sizeof stale, "%s/.set.frontier-tmp.AAAAAA", root);
    snprintf(live, sizeof live, "%s/.set.frontier-tmp.BBBBBB", root);
    cr_assert_eq(mkdir(stale, 0755), 0);
    cr_assert_eq(mkdir(live, 0755), 0);
    touch(stale, "replications.csv");
    /* A lock on another open file description is what a live writer holds. */
    int fd = open(live, O_RDONLY | O_DIRECTORY);
    cr_assert(fd >= 0 && flock(fd, LOCK_EX) == 0);
    const char *files[] = {"f.csv", "1\n", NULL};
    cr_assert_eq(write_set(dir, files), 0);
    cr_assert(access(stale, F_OK) != 0, "the stale temporary was kept");
    cr_assert(access(live, F_OK) == 0, "a live writer's temporary was removed");
    close(fd);
    cr_assert_eq(begin_rc(dir, msg, sizeof msg), 0, "%s", msg);
    cr_assert(access(live, F_OK) != 0, "the temporary of a writer now gone was kept");
    support_remove_tree(root);
}

Test(outset, file_names_are_plain)
{
    char root[600], dir[700], msg[600];
    support_temp_dir(root, sizeof root, "outset");
    snprintf(dir, sizeof dir, "%s/set", root);
    outset *o = NULL;
    cr_assert_eq(outset_begin(dir, &o, msg, sizeof msg), 0, "%s", msg);
    const char *bad[] = {"a/b.csv", ".hidden", "provenance.json", "", "sp ace.csv", "q\"uote"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_null(outset_open(o, bad[i]), "'%s' was accepted", bad[i]);
    outset_destroy(o);
    support_remove_tree(root);
}

/* ----- targets -------------------------------------------------------------------------- */

Test(outset, special_files_and_foreign_folders_are_refused)
{
    char root[600], path[800], msg[600];
    support_temp_dir(root, sizeof root, "outset");
    snprintf(path, sizeof path, "%s/fifo", root);
    cr_assert_eq(mkfifo(path, 0644), 0);
    cr_assert_eq(begin_rc(path, msg, sizeof msg), SIM_EINVAL);
    cr_assert(strstr(msg, "a FIFO, not a folder"), "%s", msg);
    snprintf(path, sizeof path, "%s/sock", root);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    size_t len = strlen(path);
    if (len < sizeof sa.sun_path) memcpy(sa.sun_path, path, len + 1);
    if (len < sizeof sa.sun_path && bind(s, (struct sockaddr *)&sa, sizeof sa) == 0) {
        cr_assert_eq(begin_rc(path, msg, sizeof msg), SIM_EINVAL);
        cr_assert(strstr(msg, "a socket"), "%s", msg);
    }
    close(s);
    touch(root, "plain");
    snprintf(path, sizeof path, "%s/plain", root);
    cr_assert_eq(begin_rc(path, msg, sizeof msg), SIM_EINVAL);
    cr_assert(strstr(msg, "a regular file, not a folder"), "%s", msg);
    cr_assert_eq(begin_rc("/dev/null", msg, sizeof msg), SIM_EINVAL);
    cr_assert(strstr(msg, "character device"), "%s", msg);
    /* A folder holding a folder, and one holding files frontier never writes. */
    cr_assert_eq(begin_rc(root, msg, sizeof msg), SIM_EINVAL, "%s", msg);
    snprintf(path, sizeof path, "%s/mine", root);
    cr_assert_eq(mkdir(path, 0755), 0);
    touch(path, "thesis.tex");
    cr_assert_eq(begin_rc(path, msg, sizeof msg), SIM_EINVAL);
    cr_assert(strstr(msg, "not a frontier output folder") && strstr(msg, "thesis.tex"), "%s",
              msg);
    cr_assert_eq(access(path, F_OK), 0);
    support_remove_tree(root);
}

Test(outset, folders_of_special_file_systems_are_refused)
{
    char msg[600];
    const char *dirs[] = {"/proc/self", "/sys/kernel", "/proc/frontier-new", "/"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (access(i == 2 ? "/proc" : dirs[i], F_OK) != 0) continue;
        cr_assert_eq(begin_rc(dirs[i], msg, sizeof msg), SIM_EINVAL, "%s: %s", dirs[i], msg);
    }
    struct stat dev, root;
    if (stat("/dev", &dev) == 0 && stat("/", &root) == 0 && dev.st_dev != root.st_dev) {
        cr_assert_eq(begin_rc("/dev/frontier-out", msg, sizeof msg), SIM_EINVAL, "%s", msg);
        cr_assert(strstr(msg, "/dev file system"), "%s", msg);
        cr_assert(access("/dev/frontier-out", F_OK) != 0);
    }
    cr_assert_eq(outset_check_file("/dev/full", msg, sizeof msg), SIM_EINVAL);
    cr_assert_eq(outset_check_file("/proc/self/new.yaml", msg, sizeof msg), SIM_EINVAL);
}

Test(outset, empty_and_earlier_frontier_folders_may_be_replaced)
{
    char root[600], dir[700], msg[600];
    support_temp_dir(root, sizeof root, "outset");
    snprintf(dir, sizeof dir, "%s/empty", root);
    cr_assert_eq(mkdir(dir, 0755), 0);
    cr_assert_eq(begin_rc(dir, msg, sizeof msg), 0, "%s", msg);
    snprintf(dir, sizeof dir, "%s/legacy", root); /* written before sets had a manifest */
    cr_assert_eq(mkdir(dir, 0755), 0);
    touch(dir, "events.csv");
    touch(dir, "summary.json");
    touch(dir, "ensemble.json.tmp.Ab12Cd");
    cr_assert_eq(begin_rc(dir, msg, sizeof msg), 0, "%s", msg);
    snprintf(dir, sizeof dir, "%s/set", root); /* a set with a file added by hand */
    const char *files[] = {"f.csv", "1\n", NULL};
    cr_assert_eq(write_set(dir, files), 0);
    touch(dir, "notes.txt");
    cr_assert_eq(write_set(dir, files), 0);
    char notes[800];
    snprintf(notes, sizeof notes, "%s/notes.txt", dir);
    cr_assert(access(notes, F_OK) != 0, "the folder was not replaced whole");
    support_remove_tree(root);
}

/* ----- the manifest check --------------------------------------------------------------- */

Test(outset, the_manifest_check_finds_changed_missing_and_extra_files)
{
    char root[600], dir[700], path[800], msg[600];
    support_temp_dir(root, sizeof root, "outset");
    snprintf(dir, sizeof dir, "%s/set", root);
    const char *files[] = {"a.csv", "1\n", "b.csv", "2\n", NULL};
    cr_assert_eq(write_set(dir, files), 0);
    touch(dir, "extra.csv");
    cr_assert_eq(manifest_verify(dir, msg, sizeof msg), SIM_EIO);
    cr_assert(strstr(msg, "extra.csv is not named"), "%s", msg);
    snprintf(path, sizeof path, "%s/extra.csv", dir);
    unlink(path);
    touch(dir, "a.csv"); /* changed */
    cr_assert_eq(manifest_verify(dir, msg, sizeof msg), SIM_EIO);
    cr_assert(strstr(msg, "a.csv differs"), "%s", msg);
    snprintf(path, sizeof path, "%s/a.csv", dir);
    unlink(path);
    cr_assert_eq(manifest_verify(dir, msg, sizeof msg), SIM_EIO);
    cr_assert(strstr(msg, "a.csv is named in provenance.json but missing"), "%s", msg);
    snprintf(path, sizeof path, "%s/provenance.json", dir);
    unlink(path);
    cr_assert_eq(manifest_verify(dir, msg, sizeof msg), SIM_EPARSE);
    support_remove_tree(root);
}

/* ----- through the commands --------------------------------------------------------------- */

Test(outset, commands_refuse_special_files_as_out_with_exit_2_and_leave_them_alone)
{
    if (access(SCN, R_OK) != 0) cr_skip_test("scenarios not found (run from the repository root)");
    char root[600], fifo[800];
    support_temp_dir(root, sizeof root, "outset");
    snprintf(fifo, sizeof fifo, "%s/fifo", root);
    cr_assert_eq(mkfifo(fifo, 0644), 0);
    const char *targets[] = {"/dev/full", "/dev/null", "/dev", fifo, "/proc/self"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        struct stat before, after;
        cr_assert_eq(stat(targets[i], &before), 0);
        const char *run[] = {"run", SCN, "--days", "20", "-q", "--out", targets[i], NULL};
        const char *ens[] = {"ensemble", SCN, "-n", "2", "--no-plots", "-q", "--out",
                             targets[i], NULL};
        const char *fit[] = {"fit", "tests/fixtures/plain.csv", "--out", targets[i], NULL};
        const char *const *cmds[] = {run, ens, fit};
        for (int c = 0; c < 3; c++) {
            if (c == 1 && strcmp(targets[i], "/dev") != 0) continue; /* enough to see it */
            int rc = frontier(root, cmds[c]);
            cr_assert_eq(rc, 2, "%s --out %s: expected: exit 2, got: %d; %s", cmds[c][0],
                         targets[i], rc, slurp(root, "stderr"));
        }
        cr_assert_eq(stat(targets[i], &after), 0);
        cr_assert(before.st_mode == after.st_mode && before.st_ino == after.st_ino &&
                  before.st_rdev == after.st_rdev, "%s was replaced", targets[i]);
    }
    cr_assert_eq(count("/dev", ".frontier-"), 0, "a temporary was left in /dev");
    support_remove_tree(root);
}
