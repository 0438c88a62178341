/* hostile.c - scratch inputs and limited runs for the hostile-input tests. */
#define _DEFAULT_SOURCE 1   /* wait4: the rusage of one child */
#include "hostile.h"
#include "../support.h"
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

void hostile_begin(hostile *h, const char *name)
{
    memset(h, 0, sizeof *h);
    support_temp_dir(h->dir, sizeof h->dir, name);
    snprintf(h->out, sizeof h->out, "%s/stdout", h->dir);
    snprintf(h->err, sizeof h->err, "%s/stderr", h->dir);
}

void hostile_end(hostile *h) { support_remove_tree(h->dir); }

const char *hostile_path(const hostile *h, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", h->dir, name);
    return buf;
}

FILE *hostile_create(const hostile *h, const char *name, char *path, size_t n)
{
    hostile_path(h, name, path, n);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot create %s", path);
    return f;
}

const char *hostile_write(const hostile *h, const char *name, const char *text, char *buf,
                          size_t n)
{
    FILE *f = hostile_create(h, name, buf, n);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
    return buf;
}

static void child(const hostile *h, const char *in, int cpu_limit, int mem_mb,
                  const char *const *args)
{
    struct rlimit cpu = {(rlim_t)cpu_limit, (rlim_t)cpu_limit + 2};
    struct rlimit mem = {(rlim_t)mem_mb << 20, (rlim_t)mem_mb << 20};
    setrlimit(RLIMIT_CPU, &cpu);
    /* A child blocked without using CPU (an open FIFO) is stopped by the clock: the alarm
     * survives exec, and SIGALRM's default action ends the process. */
    alarm((unsigned)cpu_limit * 3);
    if (!hostile_sanitized()) setrlimit(RLIMIT_AS, &mem);
    int fd0 = open(in ? in : "/dev/null", O_RDONLY);
    int fd1 = open(h->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fd2 = open(h->err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd0 < 0 || fd1 < 0 || fd2 < 0 || chdir(h->dir) != 0) _exit(126);
    dup2(fd0, 0);
    dup2(fd1, 1);
    dup2(fd2, 2);
    const char *argv[64] = {support_bin()};
    int n = 1;
    for (; args[n - 1] && n < 63; n++) argv[n] = args[n - 1];
    argv[n] = NULL;
    execv(argv[0], (char *const *)argv);
    _exit(127);
}

void hostile_run(hostile *h, const char *in, int cpu_limit, int mem_mb, const char *const *args)
{
    char bin[4096];
    /* The child runs in the scratch folder: make the binary's path absolute first. */
    if (support_bin()[0] != '/' && realpath(support_bin(), bin)) setenv("FRONTIER_BIN", bin, 1);
    pid_t pid = fork();
    cr_assert(pid >= 0, "fork failed");
    if (pid == 0) child(h, in, cpu_limit, mem_mb, args);
    int st = 0;
    struct rusage ru;
    cr_assert_eq(wait4(pid, &st, 0, &ru), pid);
    h->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    h->peak_kb = ru.ru_maxrss;
    h->cpu_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int hostile_sanitized(void) { return strstr(support_bin(), "build-san/") != NULL; }

char *hostile_stderr(const hostile *h) { return support_slurp(h->err); }
char *hostile_stdout(const hostile *h) { return support_slurp(h->out); }

void hostile_refused(const hostile *h, const char *want)
{
    /* The text is copied and freed before the assertions, so a failing case reports its
     * failure and not also a leak (LeakSanitizer in `make SAN=1 test`). */
    char *err = hostile_stderr(h), head[301];
    snprintf(head, sizeof head, "%s", err);
    int prefixed = strncmp(err, "frontier ", 9) == 0, found = strstr(err, want) != NULL;
    free(err);
    cr_assert_eq(h->status, 2, "expected: exit 2, got: %d; stderr: %s", h->status, head);
    cr_assert(prefixed, "no 'frontier CMD:' prefix: %s", head);
    cr_assert(found, "expected '%s' in: %s", want, head);
}
