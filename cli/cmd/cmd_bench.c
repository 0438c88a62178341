/* cmd_bench.c - `frontier bench [NAME] [options]`: runs one benchmark or all of them. */
#include "bench.h"
#include "cmd.h"
#include "opt.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

double bench_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double bench_thread_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct {
    const char *name;
    int (*fn)(int, char **);
    const char *about;
} bench_entry;

static const bench_entry benches[] = {
    {"evq", bench_evq, "engine hold loop vs a bare binary heap (pending 1e3 and 1e5)"},
    {"hawkes", bench_hawkes, "Hawkes thinning on the engine vs a bare loop"},
    {"ensemble", bench_ensemble, "replications per second of the default scenario"},
    {"view", bench_view, "headless frames per second with 5,000 live markers"},
    {"fit", bench_fit, "Hawkes maximum-likelihood fit of 10,000 events"},
};
#define N_BENCHES ((int)(sizeof benches / sizeof benches[0]))

static void usage(void)
{
    printf("usage: frontier bench [NAME [options]]\n\nWith no NAME, runs every benchmark "
           "with its defaults.\n\nbenchmarks (frontier bench NAME --help for options):\n");
    for (int i = 0; i < N_BENCHES; i++) printf("  %-9s %s\n", benches[i].name, benches[i].about);
    printf("\nexamples:\n  frontier bench                    # every benchmark\n"
           "  frontier bench ensemble -n 2000   # one, with its options\n");
}

/* The man page's bench section: the list, then each benchmark's own section. */
static int man(void)
{
    printf(".SS \"frontier bench\"\n\\fBfrontier bench\\fR [\\fINAME\\fR [options]]\n.PP\n"
           "Runs one benchmark, or every one with its defaults when no NAME is given:\n");
    for (int i = 0; i < N_BENCHES; i++) {
        printf(".TP\n\\fB%s\\fR\n", benches[i].name);
        opt_man_text(benches[i].about);
        putchar('\n');
    }
    for (int i = 0; i < N_BENCHES; i++) {
        char *args[] = {(char *)benches[i].name, "--help-man", NULL};
        benches[i].fn(2, args);
    }
    return 0;
}

int cmd_bench(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage();
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--help-man") == 0) return man();
    if (argc >= 2 && strcmp(argv[1], "--help-words") == 0) {   /* for --help-bash */
        printf("opts='--help' valued='' pos=words words='");
        for (int i = 0; i < N_BENCHES; i++) printf("%s%s", i ? " " : "", benches[i].name);
        printf("'");
        return 0;
    }
    if (argc < 2) {
        int worst = 0;
        for (int i = 0; i < N_BENCHES; i++) {
            char *args[] = {(char *)benches[i].name, NULL};
            int rc = benches[i].fn(1, args);
            if (rc > worst) worst = rc;
        }
        return worst;
    }
    for (int i = 0; i < N_BENCHES; i++)
        if (strcmp(argv[1], benches[i].name) == 0) return benches[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "frontier bench: unknown benchmark '%s' (try 'frontier bench --help')\n",
            argv[1]);
    return 2;
}
