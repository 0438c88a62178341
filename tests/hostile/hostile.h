/* hostile.h - what the hostile-input tests share: generated inputs in a scratch folder and
 * the binary run on them under limits (tests/hostile/README.md). */
#ifndef FRONTIER_HOSTILE_H
#define FRONTIER_HOSTILE_H
#include <stddef.h>
#include <stdio.h>

/* A minimal valid scenario head: name, dates, one sanctuary, one target, one crossing. */
#define HOSTILE_HEAD                                                                   \
    "scenario: {name: hostile, start_date: 2023-01-01, days: 60, seed: 7}\n"             \
    "zones:\n"                                                                           \
    "  - {name: Kunar, side: host, kind: sanctuary, lat: 34.87, lon: 71.15}\n"          \
    "  - {name: Peshawar, side: state, kind: target, lat: 34.01, lon: 71.58}\n"         \
    "  - {name: Torkham, side: state, kind: crossing, lat: 34.11, lon: 71.09}\n"

/* A scratch folder for one test, removed by hostile_end. */
typedef struct hostile {
    char dir[512];
    char out[600], err[600];   /* the last run's stdout and stderr files */
    int status;                /* its exit status, or 128 + signal */
    long peak_kb;              /* its peak resident memory */
    double cpu_s;              /* its user + system time */
} hostile;

void hostile_begin(hostile *h, const char *name);
void hostile_end(hostile *h);

/* dir/name, into buf. */
const char *hostile_path(const hostile *h, const char *name, char *buf, size_t n);
/* Opens dir/name for writing (a failure fails the test). */
FILE *hostile_create(const hostile *h, const char *name, char *path, size_t n);
/* Writes text to dir/name; returns the path in buf. */
const char *hostile_write(const hostile *h, const char *name, const char *text, char *buf,
                          size_t n);

/* Runs the binary with args (NULL-terminated, without the binary), stdin from in (NULL:
 * /dev/null), in dir, with a CPU limit of cpu_limit seconds and a clock limit of three
 * times that (a runaway or blocked child is killed by SIGXCPU or SIGALRM and reported as
 * 128 + signal) and its address space limited to mem_mb MB
 * (not under sanitizers).
 * Fills h->status, h->peak_kb, h->cpu_s; stdout and stderr go to h->out and h->err. */
void hostile_run(hostile *h, const char *in, int cpu_limit, int mem_mb, const char *const *args);

/* Nonzero when the binary under test is built with sanitizers (make SAN=1): its memory
 * is not limited then (ASan reserves terabytes of address space) nor compared. */
int hostile_sanitized(void);

/* The last run's stderr (or stdout) as text; the caller frees it. */
char *hostile_stderr(const hostile *h);
char *hostile_stdout(const hostile *h);

/* Asserts that the last run exited 2 with a message on stderr that contains want, printed
 * with the "frontier CMD: " prefix. */
void hostile_refused(const hostile *h, const char *want);

#endif
