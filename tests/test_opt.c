/* test_opt.c - the option parser (cli/opt.c on getopt_long): bundling, prefixes, "-" and
 * "--", values, errors, help; and the same options seen from the binary on every command. */
#include "opt.h"
#include "support.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

TestSuite(opt);

/* A command's worth of options: every type, the usual letters. */
typedef struct {
    long n;
    unsigned long long seed;
    double days;
    int quiet, plots;
    const char *out, *name;
    opt_list sets;
    const char *pos[3];
    int n_pos, help;
} parsed;

/* Parses the NULL-terminated words as argv[1..]; returns opt_parse's status. */
static int parse_words(parsed *p, const char *const *words)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = "test";
    for (int i = 0; words[i]; i++) argv[argc++] = (char *)words[i];
    argv[argc] = NULL;
    memset(p, 0, sizeof *p);
    const opt_spec specs[] = {
        {"replications", 'n', OPT_INT, &p->n, "N", "replications"},
        {"seed", 's', OPT_UINT64, &p->seed, "S", "seed"},
        {"set", 0, OPT_LIST, &p->sets, "K=V", "override"},
        {"days", 'd', OPT_DOUBLE, &p->days, "D", "days"},
        {"quiet", 'q', OPT_FLAG, &p->quiet, NULL, "quiet"},
        {"no-plots", 0, OPT_FLAG, &p->plots, NULL, "no plots"},
        {"out", 'o', OPT_OUTPUT, &p->out, "DIR", "output"},
        {"name", 0, OPT_STRING, &p->name, "S", "a string"},
    };
    return opt_parse("test", argc, argv, specs, 8, p->pos, 3, &p->n_pos, &p->help);
}

#define PARSE(p, ...) parse_words(p, (const char *const[]){__VA_ARGS__, NULL})

Test(opt, one_letter_options_bundle_and_take_attached_values)
{
    parsed p;
    cr_assert_eq(PARSE(&p, "-qn", "20", "a.yaml"), 0);
    cr_assert(p.quiet && p.n == 20 && p.n_pos == 1 && strcmp(p.pos[0], "a.yaml") == 0);
    cr_assert_eq(PARSE(&p, "-qn20"), 0);
    cr_assert(p.quiet && p.n == 20);
    cr_assert_eq(PARSE(&p, "-n20", "-s", "7", "-d3.5"), 0);
    cr_assert(p.n == 20 && p.seed == 7 && p.days == 3.5, "n %ld seed %llu days %g", p.n, p.seed,
              p.days);
}

Test(opt, long_options_take_unambiguous_prefixes_and_equals_values)
{
    parsed p;
    cr_assert_eq(PARSE(&p, "--rep", "5", "--se=9", "--no-p", "--q"), 2,
                 "--se is both --seed and --set");
    cr_assert_eq(PARSE(&p, "--rep", "5", "--see=9", "--no-p", "--qu"), 0);
    cr_assert(p.n == 5 && p.seed == 9 && p.plots && p.quiet);
    cr_assert_eq(PARSE(&p, "--replications=12"), 0);
    cr_assert_eq(p.n, 12);
}

Test(opt, positionals_mix_with_options_in_order_and_dash_is_one)
{
    parsed p;
    cr_assert_eq(PARSE(&p, "a", "-q", "-", "--name", "x", "b"), 0);
    cr_assert_eq(p.n_pos, 3);
    cr_assert(strcmp(p.pos[0], "a") == 0 && strcmp(p.pos[1], "-") == 0 &&
              strcmp(p.pos[2], "b") == 0 && strcmp(p.name, "x") == 0);
    cr_assert_eq(PARSE(&p, "-q", "--", "-n", "--seed"), 0, "after -- everything is positional");
    cr_assert(p.quiet && p.n_pos == 2 && strcmp(p.pos[0], "-n") == 0 && p.n == 0);
    cr_assert_eq(PARSE(&p, "a", "b", "c", "d"), 2, "too many positionals");
}

Test(opt, repeated_values_keep_the_last_and_lists_keep_every_one)
{
    parsed p;
    cr_assert_eq(PARSE(&p, "-n", "3", "--set", "a=1", "-n", "4", "--set=b=2"), 0);
    cr_assert_eq(p.n, 4);
    cr_assert(p.sets.n == 2 && strcmp(p.sets.items[0], "a=1") == 0 &&
              strcmp(p.sets.items[1], "b=2") == 0);
}

Test(opt, bad_options_and_values_are_usage_errors)
{
    parsed p;
    cr_assert_eq(PARSE(&p, "--bogus"), 2);
    cr_assert_eq(PARSE(&p, "-x"), 2);
    cr_assert_eq(PARSE(&p, "-qx"), 2, "an unknown letter inside a bundle");
    cr_assert_eq(PARSE(&p, "-n"), 2, "a missing value");
    cr_assert_eq(PARSE(&p, "--seed"), 2);
    cr_assert_eq(PARSE(&p, "--quiet=1"), 2, "a flag takes no value");
    cr_assert_eq(PARSE(&p, "-n", "2x"), 2);
    cr_assert_eq(PARSE(&p, "-s", "-1"), 2, "a seed is not negative");
    cr_assert_eq(PARSE(&p, "-d", "nan"), 2, "NaN is not a number of days");
    cr_assert_eq(PARSE(&p, "-d", "inf"), 2);
    cr_assert_eq(PARSE(&p, "-d", "-2.5"), 0, "a negative value is a value, not an option");
    cr_assert_eq(p.days, -2.5);
}

Test(opt, an_output_cannot_be_standard_output_or_empty)
{
    parsed p;
    cr_assert_eq(PARSE(&p, "-o", "-"), 2);
    cr_assert_eq(PARSE(&p, "--out=-"), 2);
    cr_assert_eq(PARSE(&p, "--out="), 2);
    cr_assert_eq(PARSE(&p, "-o", "out/x"), 0);
    cr_assert_str_eq(p.out, "out/x");
}

Test(opt, help_is_seen_anywhere_and_parsing_starts_afresh_each_call)
{
    parsed p;
    cr_assert_eq(PARSE(&p, "a", "-qh"), 0);
    cr_assert(p.help && p.quiet);
    cr_assert_eq(PARSE(&p, "--he"), 0);
    cr_assert(p.help);
    /* a call cut short inside a bundle must not leak into the next */
    cr_assert_eq(PARSE(&p, "-qx"), 2);
    cr_assert_eq(PARSE(&p, "-n", "1"), 0);
    cr_assert(p.n == 1 && !p.quiet);
}

/* ---- the binary ------------------------------------------------------------------------ */

/* Runs `frontier ARGS` in a shell (from any folder: the binary's path is made absolute);
 * stdout and stderr into malloc'd strings. */
static const char *abs_bin(void)
{
    static char bin[4096];
    if (bin[0]) return bin;
    char cwd[3000] = "";
    if (support_bin()[0] != '/') cr_assert_not_null(getcwd(cwd, sizeof cwd));
    snprintf(bin, sizeof bin, "%s%s%s", cwd, cwd[0] ? "/" : "", support_bin());
    return bin;
}

static int run(const char *args, char **out, char **err)
{
    const char *bin = abs_bin();
    char dir[512], cmd[9000], o[600], e[600];
    support_temp_dir(dir, sizeof dir, "opt");
    snprintf(o, sizeof o, "%s/out", dir);
    snprintf(e, sizeof e, "%s/err", dir);
    snprintf(cmd, sizeof cmd, "'%s' %s >'%s' 2>'%s'", bin, args, o, e);
    int st = system(cmd);
    *out = support_slurp(o);
    *err = support_slurp(e);
    support_remove_tree(dir);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *const commands[] = {"run", "check", "ensemble", "compare", "sweep", "view",
                                       "fit", "forecast"};

Test(opt, every_command_has_help_with_examples_and_rejects_unknown_options)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        char args[128], *out, *err;
        snprintf(args, sizeof args, "%s --help", commands[i]);
        cr_assert_eq(run(args, &out, &err), 0, "%s", args);
        cr_assert(strstr(out, "usage: frontier ") && strstr(out, "examples:\n  frontier "),
                  "%s: %s", args, out);
        free(out);
        free(err);
        snprintf(args, sizeof args, "%s --no-such-option x", commands[i]);
        cr_assert_eq(run(args, &out, &err), 2, "%s", args);
        cr_assert(strstr(err, "unknown option '--no-such-option'") &&
                  strstr(err, "--help')"), "%s: %s", args, err);
        free(out);
        free(err);
    }
}

Test(opt, the_common_letters_mean_the_same_on_every_command)
{
    /* -s seed on every command that runs the model; -q quiet; -o output; -n and -j. */
    static const char *const want[][2] = {
        {"run", "-s, --seed"}, {"run", "-q, --quiet"}, {"run", "-o, --out"},
        {"run", "-d, --days"}, {"view", "-s, --seed"}, {"view", "-q, --quiet"},
        {"check", "-q, --quiet"}, {"fit", "-s, --seed"}, {"fit", "-q, --quiet"},
        {"fit", "-o, --out"}, {"fit", "-f, --format"},
        {"forecast", "-q, --quiet"}, {"forecast", "-d, --days"}, {"forecast", "-f, --format"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char args[128], *out, *err;
        snprintf(args, sizeof args, "%s --help", want[i][0]);
        cr_assert_eq(run(args, &out, &err), 0);
        cr_assert(strstr(out, want[i][1]), "%s lacks %s", want[i][0], want[i][1]);
        free(out);
        free(err);
    }
    for (int i = 2; i < 5; i++)   /* ensemble, compare, sweep */
        for (int k = 0; k < 5; k++) {
            static const char *const letters[] = {"-n, --replications", "-s, --seed",
                                                  "-j, --jobs", "-o, --out", "-q, --quiet"};
            char args[128], *out, *err;
            snprintf(args, sizeof args, "%s --help", commands[i]);
            cr_assert_eq(run(args, &out, &err), 0);
            cr_assert(strstr(out, letters[k]), "%s lacks %s", commands[i], letters[k]);
            free(out);
            free(err);
        }
}

Test(opt, out_dash_is_refused_and_creates_nothing)
{
    char dir[512], cwd[4096], args[5000], *out, *err;
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    abs_bin();   /* before leaving the folder */
    support_temp_dir(dir, sizeof dir, "opt-dash");
    cr_assert_eq(chdir(dir), 0);
    snprintf(args, sizeof args, "run %s/scenarios/kabul-ultimatum-2023.yaml -o -", cwd);
    int rc = run(args, &out, &err);
    struct stat st;
    int made = stat("-", &st) == 0;
    cr_assert_eq(chdir(cwd), 0);
    support_remove_tree(dir);
    cr_assert_eq(rc, 2, "%s", err);
    cr_assert(strstr(err, "frontier run: --out: cannot write to standard output"), "%s", err);
    cr_assert(!made, "a folder named '-' was created");
    free(out);
    free(err);
}

Test(opt, a_scenario_on_standard_input_runs_like_the_file)
{
    char dir[512], args[2048], a[600], b[600], *out, *err;
    support_temp_dir(dir, sizeof dir, "opt-stdin");
    snprintf(args, sizeof args, "run scenarios/kabul-ultimatum-2023.yaml -qs 7 -o %s/file", dir);
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    free(out);
    free(err);
    snprintf(args, sizeof args, "run - -qs7 -o %s/stdin < scenarios/kabul-ultimatum-2023.yaml",
             dir);
    cr_assert_eq(run(args, &out, &err), 0, "%s", err);
    free(out);
    free(err);
    for (int i = 0; i < 2; i++) {
        const char *f = i ? "series.csv" : "events.csv";
        snprintf(a, sizeof a, "%s/file/%s", dir, f);
        snprintf(b, sizeof b, "%s/stdin/%s", dir, f);
        char *x = support_slurp(a), *y = support_slurp(b);
        cr_assert(x[0] && strcmp(x, y) == 0, "%s differs between the file and stdin", f);
        free(x);
        free(y);
    }
    /* errors name standard input */
    cr_assert_eq(run("check - < tests/scenarios/bad/no-sanctuary.yaml", &out, &err), 2);
    cr_assert(strstr(err, "frontier check: <stdin>:3:3: zones: expected at least one"), "%s", err);
    free(out);
    free(err);
    support_remove_tree(dir);
}
