/* main.c - the frontier binary: subcommand dispatch. */
#include "cmd.h"
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*fn)(int, char **);
    const char *synopsis;
} command;

static const command commands[] = {
    {"run", cmd_run, "SCENARIO [--seed N] [--out DIR] [--set k=v]    one replication"},
    {"ensemble", cmd_ensemble, "SCENARIO -n N [--jobs J] [--out DIR]           replications + statistics"},
    {"compare", cmd_compare, "A.yaml B.yaml -n N [--jobs J] [--out DIR]      paired what-if"},
    {"sweep", cmd_sweep, "SCENARIO --vary k=lo:hi:step... -n N           parameter grid"},
    {"check", cmd_check, "SCENARIO [--set k=v]...                        validate, print parameters"},
    {"view", cmd_view, "SCENARIO [--seed N] [--headless ...]           the animated map"},
    {"fit", cmd_fit, "EVENTS.csv [--format F] [--out FILE.yaml]      Hawkes fit to real incidents"},
    {"forecast", cmd_forecast, "SCENARIO --history EVENTS.csv --from D -n N    simulate ahead of real history"},
    {"bench", cmd_bench, "[evq|hawkes|ensemble|view|fit]                 benchmarks"},
};
#define N_COMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *f)
{
    fprintf(f, "usage: frontier COMMAND [ARGS]   (frontier COMMAND --help for details)\n\n"
               "A cross-border incident monitoring simulator.\n\ncommands:\n");
    for (int i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].synopsis);
    fprintf(f, "\n  --version  print the version\n");
}

/* A report that did not reach stdout (full disk, closed pipe) is a failure, not a success. */
static int check_stdout(int status)
{
    if (fflush(stdout) == 0 && !ferror(stdout)) return status;
    fprintf(stderr, "frontier: cannot write to standard output: %s\n", strerror(errno));
    return status ? status : 1;
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; every caller checks status codes instead. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("frontier %s\n", FRONTIER_VERSION);
        return 0;
    }
    for (int i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return check_stdout(commands[i].fn(argc - 1, argv + 1));
    fprintf(stderr, "frontier: unknown command '%s' (try 'frontier --help')\n", argv[1]);
    return 2;
}
