/* fuzz_cli.c - libFuzzer target for the command-line parser and the subcommands' argument
 * checks.
 *
 * The first input byte picks opt_parse with a table of every option type, or one
 * subcommand; the rest, split at NUL bytes, is its argv. So that no input can start real
 * work, an argument holding '/' is refused and the target runs in an empty scratch folder:
 * no scenario or CSV named by a fuzzed argument exists, so every command stops after its
 * argument checks (file errors included). bench and view are left out (they run without a
 * file). */
#include "cmd.h"
#include "fuzz_util.h"
#include "opt.h"
#include <gsl/gsl_errno.h>

#define MAX_ARGS 64

static int parse_table(int argc, char **argv)
{
    int flag = 0, help = 0, n_pos = 0;
    const char *str = NULL, *pos[3];
    long l = 0;
    unsigned long long u = 0;
    double d = 0;
    opt_list list = {.n = 0};
    const opt_spec specs[] = {
        {"flag", 'f', OPT_FLAG, &flag, NULL, "a flag"},
        {"name", 'n', OPT_STRING, &str, "S", "a string"},
        {"count", 'c', OPT_INT, &l, "N", "an integer"},
        {"seed", 's', OPT_UINT64, &u, "N", "a seed"},
        {"rate", 0, OPT_DOUBLE, &d, "X", "a number"},
        {"set", 0, OPT_LIST, &list, "K=V", "repeatable"},
    };
    int rc = opt_parse("fuzz", argc, argv, specs, 6, pos, 3, &n_pos, &help);
    if (rc != 0 && rc != 2) abort();
    if (n_pos < 0 || n_pos > 3 || list.n < 0 || list.n > OPT_LIST_MAX) abort();
    if (rc == 0 && d != d) abort(); /* a NaN must not pass as a number */
    return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    gsl_set_error_handler_off();
    const char *dir = fuzz_scratch();
    if (!dir || chdir(dir) != 0) abort();
    if (!freopen("/dev/null", "w", stdout)) abort(); /* usage text */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int (*const cmds[])(int, char **) = {
        NULL, cmd_run, cmd_check, cmd_ensemble, cmd_compare, cmd_sweep, cmd_fit, cmd_forecast,
    };
    static const char *const names[] = {"fuzz", "run", "check", "ensemble", "compare",
                                        "sweep", "fit", "forecast"};
    if (size < 1 || memchr(data, '/', size)) return 0;
    int which = data[0] % (int)(sizeof cmds / sizeof cmds[0]);
    char *buf = malloc(size);
    if (!buf) return 0;
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    char *argv[MAX_ARGS + 1];
    int argc = 0;
    argv[argc++] = (char *)names[which];
    for (size_t i = 0; i < size - 1 && argc < MAX_ARGS; i += strlen(buf + i) + 1)
        argv[argc++] = buf + i;
    argv[argc] = NULL;
    int rc = which == 0 ? parse_table(argc, argv) : cmds[which](argc, argv);
    if (rc != 0 && rc != 1 && rc != 2) abort(); /* nothing ran, so nothing was interrupted */
    free(buf);
    fflush(stdout);
    return 0;
}
