/* test_merge.c - a run split with --first-replication and joined with `frontier merge` is,
 * byte for byte, what one run writes (every file: tables, JSON, plots, the gzip series,
 * provenance.json); merge refuses parts that do not fit; --series is the same for any number
 * of threads and holds exactly the replications of replications.csv. Through the binary. */
#include "support.h"
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define SCN "scenarios/kabul-ultimatum-2023.yaml"
#define SCN_B "scenarios/variants/lower-threshold.yaml"

TestSuite(merge);

/* Runs "BIN ARGS" from the repository root, stderr to dir/stderr. Returns the exit status. */
static int frontier(const char *dir, const char *args)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' %s >/dev/null 2>'%s/stderr'", support_bin(), args, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
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
    if (len) *len = n;
    return buf;
}

static char *err_of(const char *dir)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/stderr", dir);
    return slurp(path, NULL);
}

/* Every file of a is in b with the same bytes, and b holds no other; returns the count. */
static int same_folder(const char *a, const char *b)
{
    DIR *d = opendir(a);
    cr_assert_not_null(d, "%s missing", a);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char pa[1200], pb[1200];
        snprintf(pa, sizeof pa, "%s/%s", a, e->d_name);
        snprintf(pb, sizeof pb, "%s/%s", b, e->d_name);
        long la = 0, lb = 0;
        char *x = slurp(pa, &la), *y = slurp(pb, &lb);
        cr_assert(y, "%s is missing from the merged folder", e->d_name);
        cr_assert(la == lb && memcmp(x, y, (size_t)la) == 0,
                  "%s differs between one run and the merged parts", e->d_name);
        free(x);
        free(y);
        n++;
    }
    closedir(d);
    d = opendir(b);
    int m = 0;
    while ((e = readdir(d))) m += e->d_name[0] != '.';
    closedir(d);
    cr_assert_eq(m, n, "the merged folder holds %d files, one run %d", m, n);
    return n;
}

/* One run of cmd with -n 24 into dir/whole, three parts (5, 11, 8 replications, given to
 * merge out of order, on different thread counts) merged into dir/merged. */
static void split_and_merge(const char *dir, const char *cmd, const char *opts)
{
    char args[4096];
    snprintf(args, sizeof args, "%s -n 24 %s -q -j 2 -o %s/whole", cmd, opts, dir);
    cr_assert_eq(frontier(dir, args), 0, "%s", err_of(dir));
    const long first[3] = {0, 5, 16}, n[3] = {5, 11, 8};
    for (int i = 0; i < 3; i++) {
        snprintf(args, sizeof args, "%s -n %ld %s --first-replication %ld -q -j %d -o %s/p%d",
                 cmd, n[i], opts, first[i], 1 + i % 2, dir, i);
        cr_assert_eq(frontier(dir, args), 0, "part %d: %s", i, err_of(dir));
    }
    /* What the parts do not record (it changes no file's contents) goes to merge itself. */
    const char *plots = strstr(opts, "--no-plots") ? " --no-plots"
                        : strstr(opts, "--plots svg") ? " --plots svg" : "";
    snprintf(args, sizeof args, "merge %s/p2 %s/p0 %s/p1 -q%s -o %s/merged", dir, dir, dir,
             plots, dir);
    cr_assert_eq(frontier(dir, args), 0, "merge: %s", err_of(dir));
    char whole[800], merged[800];
    snprintf(whole, sizeof whole, "%s/whole", dir);
    snprintf(merged, sizeof merged, "%s/merged", dir);
    int files = same_folder(whole, merged);
    cr_log_info("%s: %d files identical", cmd, files);
}

Test(merge, three_parts_of_an_ensemble_are_one_run_byte_for_byte, .timeout = 120)
{
    char dir[600];
    support_temp_dir(dir, sizeof dir, "merge");
    split_and_merge(dir, "ensemble " SCN, "-s 3 --series series.csv.gz");
    support_remove_tree(dir);
}

Test(merge, three_parts_of_a_comparison_and_of_a_sweep_are_one_run, .timeout = 120)
{
    char dir[600], sub[700];
    support_temp_dir(dir, sizeof dir, "merge");
    snprintf(sub, sizeof sub, "%s/c", dir);
    cr_assert_eq(mkdir(sub, 0755), 0);
    split_and_merge(sub, "compare " SCN " " SCN_B, "-s 5 --series s.csv");
    snprintf(sub, sizeof sub, "%s/s", dir);
    cr_assert_eq(mkdir(sub, 0755), 0);
    split_and_merge(sub, "sweep " SCN " --vary state.strike.threshold=0.7:0.8:0.1",
                    "-s 5 --plots svg");
    support_remove_tree(dir);
}

static void refused(const char *dir, const char *args, const char *says);

/* The particles of the posterior the tests draw from: weight, threshold, cooperation. */
static const char POSTERIOR[] = "weight,state.strike.threshold,host.cooperation\n"
                                "1,0.7,0.2\n2,0.8,0.3\n1,0.9,0.1\n";

Test(merge, with_a_posterior_the_drawn_parameters_are_columns_and_parts_merge, .timeout = 120)
{
    char dir[600], path[800], opts[3000];
    support_temp_dir(dir, sizeof dir, "merge");
    snprintf(path, sizeof path, "%s/posterior.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(POSTERIOR, f);
    fclose(f);
    snprintf(opts, sizeof opts, "-s 2 --no-plots --posterior %s", path);
    split_and_merge(dir, "ensemble " SCN, opts);
    snprintf(path, sizeof path, "%s/whole/replications.csv", dir);
    char *reps = slurp(path, NULL);
    cr_assert_not_null(reps);
    const char *head = "replication,seed,state.strike.threshold,host.cooperation,attacks,";
    cr_assert(strncmp(reps, head, strlen(head)) == 0, "%.80s", reps);
    /* Every row holds one particle's values together (the draw is of whole particles), and
     * 24 draws by weight 1:2:1 leave none of the three out (chance (3/4)^24 + 2 (1/2)^24 +
     * ... < 0.1%, and the draw is fixed by the seed). */
    int seen[3] = {0};
    const char *row[3] = {",0.7,0.2,", ",0.8,0.3,", ",0.9,0.1,"};
    for (const char *line = strchr(reps, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        const char *vals = strchr(line, ',') + 1;
        vals = strchr(vals, ',');
        int which = -1;
        for (int i = 0; i < 3; i++)
            if (strncmp(vals, row[i], strlen(row[i])) == 0) which = i;
        cr_assert(which >= 0, "a row whose parameters are no particle: %.60s", line);
        seen[which]++;
    }
    cr_assert(seen[0] && seen[1] && seen[2], "draws %d %d %d", seen[0], seen[1], seen[2]);
    free(reps);
    /* The posterior file changed after the parts ran: the merge would draw otherwise. */
    snprintf(path, sizeof path, "%s/posterior.csv", dir);
    f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("weight,state.strike.threshold,host.cooperation\n1,0.75,0.2\n", f);
    fclose(f);
    snprintf(opts, sizeof opts, "merge %s/p0 %s/p1 %s/p2 -o %s/again", dir, dir, dir, dir);
    refused(dir, opts, "posterior file");
    support_remove_tree(dir);
}

/* Writes parts p0 (0..4) and p1 (5..9) of a 10-run ensemble. */
static void two_parts(const char *dir)
{
    char args[2048];
    for (int i = 0; i < 2; i++) {
        snprintf(args, sizeof args, "ensemble " SCN " -n 5 -s 4 --no-plots -q "
                 "--first-replication %d -o %s/p%d", 5 * i, dir, i);
        cr_assert_eq(frontier(dir, args), 0, "%s", err_of(dir));
    }
}

static void refused(const char *dir, const char *args, const char *says)
{
    int rc = frontier(dir, args);
    char *err = err_of(dir);
    cr_assert_eq(rc, 2, "merge %s: expected: exit 2, got: %d; %s", args, rc, err);
    cr_assert(strstr(err, says), "merge %s: expected '%s' in: %s", args, says, err);
    free(err);
}

Test(merge, parts_that_do_not_fit_are_refused_with_exit_2, .timeout = 120)
{
    char dir[600], args[2048], path[800];
    support_temp_dir(dir, sizeof dir, "merge");
    two_parts(dir);
    snprintf(args, sizeof args, "merge %s/p1 -o %s/m", dir, dir);
    refused(dir, args, "replications 0 to 4 are in no part");
    snprintf(args, sizeof args, "merge %s/p0 %s/p0 -o %s/m", dir, dir, dir);
    refused(dir, args, "both hold replication 0");
    snprintf(args, sizeof args, "ensemble " SCN " -n 5 -s 9 --no-plots -q "
             "--first-replication 5 -o %s/other", dir);
    cr_assert_eq(frontier(dir, args), 0);
    snprintf(args, sizeof args, "merge %s/p0 %s/other -o %s/m", dir, dir, dir);
    refused(dir, args, "another command line");
    snprintf(args, sizeof args, "ensemble " SCN " -n 5 -s 4 --no-plots -q -o %s/plain", dir);
    cr_assert_eq(frontier(dir, args), 0);
    snprintf(args, sizeof args, "merge %s/plain -o %s/m", dir, dir);
    refused(dir, args, "--first-replication");
    snprintf(path, sizeof path, "%s/p1/replications.csv", dir); /* changed after the run */
    FILE *f = fopen(path, "a");
    cr_assert_not_null(f);
    fputs("99,4,1\n", f);
    fclose(f);
    snprintf(args, sizeof args, "merge %s/p0 %s/p1 -o %s/m", dir, dir, dir);
    refused(dir, args, "replications.csv differs");
    snprintf(path, sizeof path, "%s/m", dir);
    cr_assert(access(path, F_OK) != 0, "a refused merge wrote %s", path);
    support_remove_tree(dir);
}

/* The decompressed text of a gzip file. */
static char *gunzip(const char *path)
{
    gzFile g = gzopen(path, "rb");
    cr_assert_not_null(g, "%s", path);
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    int k;
    while ((k = gzread(g, buf + len, (unsigned)(cap - len - 1))) > 0) {
        len += (size_t)k;
        if (cap - len < 2) buf = realloc(buf, cap *= 2);
    }
    gzclose(g);
    buf[len] = '\0';
    return buf;
}

static long count_lines(const char *s)
{
    long n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

Test(merge, the_series_file_is_the_same_for_any_threads_and_has_every_day, .timeout = 120)
{
    char dir[600], args[2048], a[800], b[800];
    support_temp_dir(dir, sizeof dir, "merge");
    for (int j = 1; j <= 2; j++) {
        snprintf(args, sizeof args, "ensemble " SCN " -n 9 -s 6 --no-plots -q -j %d "
                 "--series s.csv.gz -o %s/j%d", j, dir, j);
        cr_assert_eq(frontier(dir, args), 0, "%s", err_of(dir));
    }
    snprintf(a, sizeof a, "%s/j1/s.csv.gz", dir);
    snprintf(b, sizeof b, "%s/j2/s.csv.gz", dir);
    long la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    cr_assert(la == lb && memcmp(x, y, (size_t)la) == 0, "the series differ for -j 1 and -j 2");
    free(x);
    free(y);
    char *text = gunzip(a);
    cr_assert(strncmp(text, "replication,day,date,variable,value\n", 36) == 0, "%.60s", text);
    /* 9 replications x 365 days x 11 variables, and the header. */
    cr_assert_eq(count_lines(text), 9 * 365 * 11 + 1);
    cr_assert(strstr(text, "\n8,364,2023-12-31,closed_crossings,"), "the last row is missing");
    free(text);
    support_remove_tree(dir);
}

Test(merge, an_interrupted_run_has_the_series_of_its_finished_replications_only, .timeout = 120)
{
    char dir[600], out[700], err[700], path[1200];
    support_temp_dir(dir, sizeof dir, "merge");
    snprintf(out, sizeof out, "%s/o", dir);
    snprintf(err, sizeof err, "%s/stderr", dir);
    const char *args[] = {"ensemble", SCN, "-n", "1000000", "--no-plots", "-q", "-j", "2",
                          "--series", "s.csv.gz", "-o", out, NULL};
    pid_t pid = support_spawn(args, NULL, err);
    cr_assert(support_wait_handler(pid, SIGINT));
    /* Replications are being written once the series in the temporary folder grows. */
    for (long size = 0; size < 100000;) {
        const struct timespec ms = {0, 5000000L};
        nanosleep(&ms, NULL);
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (strstr(e->d_name, ".frontier-tmp.")) {
                struct stat st;
                snprintf(path, sizeof path, "%s/%s/s.csv.gz", dir, e->d_name);
                if (stat(path, &st) == 0) size = st.st_size;
            }
        if (d) closedir(d);
        int st;
        cr_assert(waitpid(pid, &st, WNOHANG) == 0, "the ensemble ended: %s", err_of(dir));
    }
    cr_assert_eq(kill(pid, SIGINT), 0);
    cr_assert_eq(support_wait_exit(pid), 130, "%s", err_of(dir));
    snprintf(path, sizeof path, "%s/replications.csv", out);
    char *reps = slurp(path, NULL);
    long n = count_lines(reps) - 1;
    cr_assert(n > 0 && n < 1000000, "%ld replications", n);
    snprintf(path, sizeof path, "%s/s.csv.gz", out);
    char *text = gunzip(path);
    cr_assert_eq(count_lines(text), n * 365 * 11 + 1, "the series hold other replications "
                 "than replications.csv (%ld)", n);
    free(reps);
    free(text);
    support_remove_tree(dir);
}
