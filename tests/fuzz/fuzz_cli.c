/* fuzz_cli.c - libFuzzer target for the command-line parser and the subcommands' argument
 * checks.
 *
 * The first input byte picks opt_parse with a table of every option type, or one
 * subcommand; the rest, split at NUL bytes, is its argv. So that no input can start real
 * work, an argument holding '/' is refused and the target runs in an empty scratch folder:
 * no scenario or CSV named by a fuzzed argument exists, so every command stops after its
 * argument checks (file errors included). bench and view are left out (they run without a
 * file). The scenario search path is pointed at the empty folder too (FRONTIER_DATA), so a
 * fuzzed name cannot find a scenario there. */
#include "cmd.h"
#include "fuzz_util.h"
#include "opt.h"
#include <gsl/gsl_errno.h>
#include <math.h>

#define MAX_ARGS 64

/* The number parsers on one argument: what they accept is a finite decimal number, and a
 * seed is digits only whose value prints back as the same digits (leading zeros aside). */
static void check_numbers(const char *arg)
{
    double d;
    if (opt_to_double(arg, &d) == 0 && !isfinite(d)) abort();
    unsigned long long u;
    if (opt_to_u64(arg, &u) == 0) {
        char back[32];
        snprintf(back, sizeof back, "%llu", u);
        const char *p = arg;
        while (p[0] == '0' && p[1]) p++;
        if (strcmp(p, back) != 0) abort();
    }
    long l;
    if (opt_to_long(arg, &l) == 0 && opt_to_u64(arg, &u) == 0 && (unsigned long long)l != u)
        abort(); /* digits only: the same value either way */
}

static int parse_table(int argc, char **argv)
{
    int flag = 0, help = 0, n_pos = 0;
    const char *str = NULL, *out = NULL, *pos[3];
    long l = 0;
    unsigned long long u = 0;
    double d = 0;
    opt_seed seed = {0, 0};
    opt_list list = {.n = 0};
    const opt_spec specs[] = {
        {"flag", 'f', OPT_FLAG, &flag, NULL, "a flag"},
        {"name", 'n', OPT_STRING, &str, "S", "a string"},
        {"count", 'c', OPT_INT, &l, "N", "an integer"},
        {"index", 'i', OPT_UINT64, &u, "N", "an unsigned integer"},
        {"rate", 0, OPT_DOUBLE, &d, "X", "a number"},
        {"set", 0, OPT_LIST, &list, "K=V", "repeatable"},
        {"out", 'o', OPT_OUTPUT, &out, "DIR", "an output"},
        {"seed", 's', OPT_SEED, &seed, "S", "a seed"},
    };
    static opt_record rec;
    memset(&rec, 0, sizeof rec);
    for (int i = 1; i < argc; i++) check_numbers(argv[i]);
    int rc = opt_parse_rec("fuzz", argc, argv, specs, 8, pos, 3, &n_pos, &help, &rec);
    if (rc != 0 && rc != 2) abort();
    if (n_pos < 0 || n_pos > 3 || list.n < 0 || list.n > OPT_LIST_MAX) abort();
    if (rc == 0 && !isfinite(d)) abort(); /* a NaN or an infinity must not pass as a number */
    if (rc == 0 && out && (!out[0] || strcmp(out, "-") == 0)) abort();
    if (rc == 0 && !help && (rec.argc < 2 || rec.argc > OPT_RECORD_MAX || rec.used > sizeof rec.buf))
        abort();
    return rc;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    gsl_set_error_handler_off();
    const char *dir = fuzz_scratch();
    if (!dir || chdir(dir) != 0 || setenv("FRONTIER_DATA", dir, 1) != 0) abort();
    if (!freopen("/dev/null", "w", stdout)) abort(); /* usage text */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int (*const cmds[])(int, char **) = {
        NULL,    cmd_run, cmd_check,    cmd_ensemble, cmd_compare,
        cmd_sweep, cmd_fit, cmd_forecast, cmd_sensitivity,
    };
    static const char *const names[] = {"fuzz",  "run", "check",    "ensemble",   "compare",
                                        "sweep", "fit", "forecast", "sensitivity"};
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
