/* test_check_cli.c - `frontier check` end to end: exit status and where output goes. */
#include "support.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

TestSuite(check_cli);

/* Reads a whole file into a malloc'd string ("" when missing). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = calloc(1, 1 << 16);
    if (f) {
        size_t n = fread(buf, 1, (1 << 16) - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    return buf;
}

/* Runs `frontier check ARGS`; returns the exit status and the captured stdout/stderr. */
static int run_check(const char *args, char **out, char **err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[512], cmd[2048], o[600], e[600];
    snprintf(dir, sizeof dir, "%s/check-cli-XXXXXX", tmp && *tmp ? tmp : ".");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(o, sizeof o, "%s/out", dir);
    snprintf(e, sizeof e, "%s/err", dir);
    snprintf(cmd, sizeof cmd, "'%s' check %s >'%s' 2>'%s'", support_bin(), args, o, e);
    int st = system(cmd);
    *out = slurp(o);
    *err = slurp(e);
    remove(o);
    remove(e);
    remove(dir);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(check_cli, the_default_scenario_checks_clean_and_prints_its_parameters)
{
    char *out, *err;
    int rc = run_check("scenarios/kabul-ultimatum-2023.yaml", &out, &err);
    cr_assert_eq(rc, 0, "expected: 0, got: %d\n%s", rc, err);
    cr_assert_str_empty(err);
    cr_assert_not_null(strstr(out, "Kabul ultimatum 2023"));
    cr_assert_not_null(strstr(out, "state.strike.threshold"));
    cr_assert_not_null(strstr(out, "Police Lines"));
    free(out);
    free(err);
}

Test(check_cli, a_set_override_is_marked_as_changed)
{
    char *out, *err;
    int rc = run_check("scenarios/kabul-ultimatum-2023.yaml --set state.strike.threshold=0.6",
                       &out, &err);
    cr_assert_eq(rc, 0);
    cr_assert_not_null(strstr(out, "* state.strike.threshold"), "%s", out);
    cr_assert_null(strstr(out, "* state.warn_at"));
    free(out);
    free(err);
}

Test(check_cli, a_bad_file_exits_2_with_errors_on_stderr_only)
{
    char *out, *err;
    int rc = run_check("tests/scenarios/bad/three-errors.yaml", &out, &err);
    cr_assert_eq(rc, 2, "expected: 2, got: %d", rc);
    cr_assert_str_empty(out);
    const char *want =
        "frontier check: tests/scenarios/bad/three-errors.yaml:3:10: militants.decay: "
        "expected a number in (0, 10000], found '0'\n";
    cr_assert(strncmp(err, want, strlen(want)) == 0, "got: %s", err);
    int lines = 0;
    for (const char *p = err; *p; p++) lines += *p == '\n';
    cr_assert_eq(lines, 3);
    free(out);
    free(err);
}

Test(check_cli, usage_errors_exit_2_and_help_exits_0)
{
    char *out, *err;
    cr_assert_eq(run_check("", &out, &err), 2);
    cr_assert_str_empty(out);
    free(out);
    free(err);
    cr_assert_eq(run_check("--help", &out, &err), 0);
    cr_assert_not_null(strstr(out, "usage: frontier check"));
    free(out);
    free(err);
}
