/* test_scn_path.c - the scenario search path: the path as given, $FRONTIER_DATA in order,
 * NAME.yaml, extends: by name, and what a name found nowhere gives. */
#include "base/err.h"
#include "scenario/scenario.h"
#include "scenario/scn_path.h"
#include "support.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[512];

static void setup(void) { support_temp_dir(dir, sizeof dir, "scnpath"); }
static void teardown(void)
{
    unsetenv("FRONTIER_DATA");
    support_remove_tree(dir);
}

TestSuite(scn_path, .init = setup, .fini = teardown);

static void put(const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    fclose(f);
}

static void set_data(const char *a, const char *b)
{
    char v[1200];
    snprintf(v, sizeof v, "%s/%s:%s/%s", dir, a, dir, b);
    setenv("FRONTIER_DATA", v, 1);
}

Test(scn_path, folders_of_frontier_data_are_searched_in_order_with_and_without_yaml)
{
    char p[1024], out[SCN_PATH_LEN];
    for (int i = 0; i < 2; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, i ? "second" : "first");
        cr_assert_eq(mkdir(p, 0700), 0);
    }
    put("first/only-first.yaml", "x");
    put("second/only-first.yaml", "x");
    put("second/plain", "x");
    set_data("first", "second");
    cr_assert_eq(scn_path_find("only-first", out, sizeof out), 0);
    snprintf(p, sizeof p, "%s/first/only-first.yaml", dir);
    cr_assert_str_eq(out, p, "the first folder wins");
    cr_assert_eq(scn_path_find("plain", out, sizeof out), 0);
    snprintf(p, sizeof p, "%s/second/plain", dir);
    cr_assert_str_eq(out, p, "NAME itself before NAME.yaml, in a later folder");
    set_data("missing", "second");   /* a folder that does not exist is skipped */
    cr_assert_eq(scn_path_find("only-first.yaml", out, sizeof out), 0);
    snprintf(p, sizeof p, "%s/second/only-first.yaml", dir);
    cr_assert_str_eq(out, p);
}

Test(scn_path, the_path_as_given_and_stdin_stay_and_a_missing_name_is_given_back)
{
    char out[SCN_PATH_LEN];
    cr_assert_eq(scn_path_find("-", out, sizeof out), 0);
    cr_assert_str_eq(out, "-");
    cr_assert_eq(scn_path_find("scenarios/kabul-ultimatum-2023.yaml", out, sizeof out), 0);
    cr_assert_str_eq(out, "scenarios/kabul-ultimatum-2023.yaml");
    cr_assert_eq(scn_path_find("no-such-scenario", out, sizeof out), SIM_EINVAL);
    cr_assert_str_eq(out, "no-such-scenario", "the error names what was given");
    cr_assert_eq(scn_path_find("/no/such/file.yaml", out, sizeof out), SIM_EINVAL);
    char tiny[4];
    cr_assert_eq(scn_path_find("kabul-ultimatum-2023", tiny, sizeof tiny), SIM_EINVAL);
}

Test(scn_path, a_source_tree_binary_finds_the_trees_scenarios_by_name)
{
    char out[SCN_PATH_LEN];
    /* the test binary is build/frontier_tests: build/../scenarios is the tree's */
    cr_assert_eq(scn_path_find("variants/lower-threshold", out, sizeof out), 0);
    cr_assert_not_null(strstr(out, "scenarios/variants/lower-threshold.yaml"), "%s", out);
}

Test(scn_path, extends_names_a_base_on_the_search_path)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/lib", dir);
    cr_assert_eq(mkdir(p, 0700), 0);
    /* lib/base extends the tree's default scenario by name, and mine extends lib/base */
    put("lib/base.yaml", "extends: kabul-ultimatum-2023\nscenario:\n  name: Base\n  days: 300\n");
    put("mine.yaml", "extends: base\nscenario:\n  name: Mine\n");
    put("beside.yaml", "extends: ./base\nscenario:\n  name: Beside\n");
    set_data("lib", "lib");
    snprintf(p, sizeof p, "%s/mine.yaml", dir);
    scn_errors errs = {0};
    scenario *s = scenario_load(p, NULL, 0, &errs);
    cr_assert_not_null(s, "%s", errs.n ? errs.items[0].msg : "");
    cr_assert_eq(s->days, 300, "the base's value");
    cr_assert_str_eq(s->name, "Mine");
    scenario_destroy(s);
    snprintf(p, sizeof p, "%s/beside.yaml", dir);
    s = scenario_load(p, NULL, 0, &errs);
    cr_assert_null(s, "./base is only looked for beside the file");
    cr_assert_gt(errs.n, 0);
    cr_assert_not_null(strstr(errs.items[0].msg, "cannot open"), "%s", errs.items[0].msg);
    scn_errors_free(&errs);
}
