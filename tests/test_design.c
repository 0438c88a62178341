/* test_design.c - sweep axes (lists, booleans, intervals) and designs (grid, Latin
 * hypercube, Sobol), and `frontier sweep --design` end to end. */
#include "analysis/ens_grid.h"
#include "base/err.h"
#include "support.h"
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

TestSuite(design);

static void axis(const char *spec, ens_axis *ax)
{
    char msg[256];
    cr_assert_eq(ens_axis_parse(spec, ax, msg, sizeof msg), 0, "%s: %s", spec, msg);
}

Test(design, lists_keep_their_order_and_booleans_are_one_and_zero)
{
    ens_axis ax;
    axis("state.strike.threshold=0.9,0.6,0.75", &ax);
    cr_assert(ax.is_list && ax.n == 3);
    cr_assert(ens_axis_value(&ax, 0) == 0.9 && ens_axis_value(&ax, 1) == 0.6 &&
              ens_axis_value(&ax, 2) == 0.75);
    axis("militants.allow_explosive=true,false", &ax);
    cr_assert(ax.n == 2 && ens_axis_value(&ax, 0) == 1 && ens_axis_value(&ax, 1) == 0);
    axis("militants.allow_explosive=false", &ax);
    cr_assert(ax.n == 1 && ens_axis_value(&ax, 0) == 0);
}

Test(design, bad_lists_name_the_problem)
{
    ens_axis ax;
    char msg[256];
    cr_assert_eq(ens_axis_parse("state.strike.threshold=true,false", &ax, msg, sizeof msg),
                 SIM_ERANGE);
    cr_assert(strstr(msg, "yes/no parameters"), "%s", msg);
    cr_assert_eq(ens_axis_parse("state.strike.threshold=0.5,,0.6", &ax, msg, sizeof msg),
                 SIM_EPARSE);
    cr_assert_eq(ens_axis_parse("state.strike.threshold=0.5,x", &ax, msg, sizeof msg),
                 SIM_EPARSE);
    cr_assert_eq(ens_axis_parse("state.strike.threshold=0.5,1.5", &ax, msg, sizeof msg),
                 SIM_ERANGE);
    cr_assert(strstr(msg, "1.5") && strstr(msg, "range"), "%s", msg);
    cr_assert_eq(ens_axis_parse("militants.allow_explosive=0.5,1", &ax, msg, sizeof msg),
                 SIM_ERANGE, "a yes/no parameter takes whole numbers only");
    cr_assert_eq(ens_axis_parse("state.strike.threshold=0.2:1.5", &ax, msg, sizeof msg),
                 SIM_ERANGE, "both ends of an interval are checked");
}

Test(design, a_grid_refuses_an_interval_without_steps)
{
    ens_design d = {.kind = ENS_DESIGN_GRID, .n_axes = 1};
    char msg[256];
    axis("state.strike.threshold=0.5:0.9", &d.axes[0]);
    cr_assert_eq(d.axes[0].n, 0);
    cr_assert_eq(ens_design_build(&d, 1, 1000, msg, sizeof msg), SIM_ERANGE);
    cr_assert(strstr(msg, "has no step") && strstr(msg, "lhs:N"), "%s", msg);
    ens_design_free(&d);
}

Test(design, the_grid_lists_every_combination_with_the_last_axis_fastest)
{
    ens_design d = {.kind = ENS_DESIGN_GRID, .n_axes = 2};
    char msg[256];
    axis("state.strike.threshold=0.6,0.9", &d.axes[0]);
    axis("militants.allow_explosive=true,false", &d.axes[1]);
    cr_assert_eq(ens_design_build(&d, 1, 1000, msg, sizeof msg), 0, "%s", msg);
    cr_assert_eq(d.n_points, 4);
    static const double want[4][2] = {{0.6, 1}, {0.6, 0}, {0.9, 1}, {0.9, 0}};
    for (int g = 0; g < 4; g++)
        cr_assert(ens_design_point(&d, g)[0] == want[g][0] &&
                  ens_design_point(&d, g)[1] == want[g][1], "point %d", g);
    ens_design_free(&d);
}

Test(design, design_names_parse_with_their_sizes)
{
    ens_design d = {0};
    char msg[256];
    cr_assert_eq(ens_design_parse("lhs:20", 100, &d, msg, sizeof msg), 0);
    cr_assert(d.kind == ENS_DESIGN_LHS && d.n_req == 20);
    cr_assert_eq(ens_design_parse("sobol:64", 100, &d, msg, sizeof msg), 0);
    cr_assert(d.kind == ENS_DESIGN_SOBOL && d.n_req == 64);
    cr_assert_eq(ens_design_parse("grid", 100, &d, msg, sizeof msg), 0);
    cr_assert_eq(d.kind, ENS_DESIGN_GRID);
    const char *bad[] = {"lhs", "lhs:", "lhs:0", "lhs:101", "lhs:5x", "sobol:-3", "random:5", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(ens_design_parse(bad[i], 100, &d, msg, sizeof msg), SIM_EPARSE, "%s", bad[i]);
    cr_assert(strstr(msg, "grid, lhs:N or sobol:N"), "%s", msg);
}

/* Builds a sampled design of n points over two intervals and a 3-value list. */
static void sampled(ens_design *d, int kind, long n, uint64_t seed)
{
    char msg[256];
    *d = (ens_design){.kind = kind, .n_req = n, .n_axes = 3};
    axis("state.strike.threshold=0.2:0.8", &d->axes[0]);
    axis("militants.base_rate=0.1:0.5", &d->axes[1]);
    axis("state.strike.threshold=0.3,0.5,0.7", &d->axes[2]);
    cr_assert_eq(ens_design_build(d, seed, 100000, msg, sizeof msg), 0, "%s", msg);
    cr_assert_eq(d->n_points, n);
}

/* Each axis's interval cut into n equal strata: how many points fall in each. Sobol points
 * lie on the strata's lower edges, so u is nudged up past the rounding of lo + u (hi - lo). */
static void strata_counts(const ens_design *d, int a, int n, int *count)
{
    const ens_axis *ax = &d->axes[a];
    memset(count, 0, (size_t)n * sizeof *count);
    for (long g = 0; g < d->n_points; g++) {
        double u = (ens_design_point(d, g)[a] - ax->lo) / (ax->hi - ax->lo);
        cr_assert(u >= -1e-12 && u < 1, "point %ld of axis %d outside [lo, hi): u = %g", g, a, u);
        count[(int)floor(u * n + 1e-9)]++;
    }
}

Test(design, a_latin_hypercube_puts_one_point_in_every_stratum_of_every_axis)
{
    ens_design d;
    int count[50];
    sampled(&d, ENS_DESIGN_LHS, 50, 7);
    for (int a = 0; a < 2; a++) {
        strata_counts(&d, a, 50, count);
        for (int k = 0; k < 50; k++) cr_assert_eq(count[k], 1, "axis %d stratum %d", a, k);
    }
    /* a list axis of 3 values over 50 points: each value 16 or 17 times */
    int levels[3] = {0};
    for (long g = 0; g < 50; g++) {
        double v = ens_design_point(&d, g)[2];
        levels[v == 0.3 ? 0 : v == 0.5 ? 1 : 2]++;
    }
    /* strata 16 and 33 straddle 1/3 and 2/3: either side */
    for (int k = 0; k < 3; k++) cr_assert(levels[k] >= 16 && levels[k] <= 18, "%d", levels[k]);
    ens_design_free(&d);
}

Test(design, a_latin_hypercube_is_the_same_for_a_seed_and_differs_between_seeds)
{
    ens_design a, b, c;
    sampled(&a, ENS_DESIGN_LHS, 30, 11);
    sampled(&b, ENS_DESIGN_LHS, 30, 11);
    sampled(&c, ENS_DESIGN_LHS, 30, 12);
    cr_assert(memcmp(a.values, b.values, 30 * 3 * sizeof(double)) == 0);
    cr_assert(memcmp(a.values, c.values, 30 * 3 * sizeof(double)) != 0);
    /* the pairing of strata across axes is random: the two axes are not in lockstep
     * (rank correlation of 30 independent permutations is ~N(0, 1/29); |r| > 0.9 has a
     * chance below 1e-6) */
    double sxy = 0;
    for (long g = 0; g < 30; g++)
        sxy += (ens_design_point(&a, g)[0] - 0.5) * (ens_design_point(&a, g)[1] - 0.3);
    double sx = 0.6 / sqrt(12.0), sy = 0.4 / sqrt(12.0);
    cr_assert(fabs(sxy / 30 / (sx * sy)) < 0.9, "axes move together: r = %g",
              sxy / 30 / (sx * sy));
    ens_design_free(&a);
    ens_design_free(&b);
    ens_design_free(&c);
}

Test(design, sobol_points_from_the_origin_form_a_net)
{
    ens_design d;
    sampled(&d, ENS_DESIGN_SOBOL, 16, 1);
    cr_assert(ens_design_point(&d, 0)[0] == 0.2 && ens_design_point(&d, 0)[1] == 0.1,
              "point 0 is the origin: the lower ends");
    /* the first 2^4 points: every one of the 16 strata of each axis holds exactly one, and
     * the first two axes are a (0,4,2)-net: each cell of the 4 x 4 grid holds one */
    int count[16], cell[4][4] = {{0}};
    for (int a = 0; a < 2; a++) {
        strata_counts(&d, a, 16, count);
        for (int k = 0; k < 16; k++) cr_assert_eq(count[k], 1, "axis %d stratum %d", a, k);
    }
    for (long g = 0; g < 16; g++) {
        double u = (ens_design_point(&d, g)[0] - 0.2) / 0.6;
        double v = (ens_design_point(&d, g)[1] - 0.1) / 0.4;
        cell[(int)(u * 4 + 1e-9)][(int)(v * 4 + 1e-9)]++;
    }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) cr_assert_eq(cell[i][j], 1, "cell %d,%d", i, j);
    ens_design sd;
    sampled(&sd, ENS_DESIGN_SOBOL, 16, 99);
    cr_assert(memcmp(d.values, sd.values, 16 * 3 * sizeof(double)) == 0,
              "Sobol points do not depend on the seed");
    ens_design_free(&d);
    ens_design_free(&sd);
}

Test(design, a_stepped_range_sampled_stays_on_its_steps)
{
    ens_design d = {.kind = ENS_DESIGN_LHS, .n_req = 40, .n_axes = 1};
    char msg[256];
    axis("state.strike.threshold=0.5:0.9:0.1", &d.axes[0]);
    cr_assert_eq(ens_design_build(&d, 3, 1000, msg, sizeof msg), 0, "%s", msg);
    int hits[5] = {0};
    for (long g = 0; g < 40; g++) {
        double k = (ens_design_point(&d, g)[0] - 0.5) / 0.1;
        cr_assert(fabs(k - round(k)) < 1e-9, "%g is off the steps", ens_design_point(&d, g)[0]);
        hits[(int)round(k)]++;
    }
    for (int k = 0; k < 5; k++) cr_assert_eq(hits[k], 8, "a Latin hypercube balances levels");
    ens_design_free(&d);
}

/* ---- the command ----------------------------------------------------------------------- */

static int sweep(const char *dir, const char *args, char **csv)
{
    char cmd[2048], path[600];
    snprintf(cmd, sizeof cmd, "%s sweep scenarios/kabul-ultimatum-2023.yaml --set scenario.days=60 -qj1 "
             "-o %s/out %s >/dev/null 2>%s/err", support_bin(), dir, args, dir);
    int st = system(cmd);
    snprintf(path, sizeof path, "%s/out/sweep.csv", dir);
    *csv = support_slurp(path);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

Test(design, sweep_takes_lists_booleans_and_sampled_designs)
{
    char dir[512], *csv;
    support_temp_dir(dir, sizeof dir, "design");
    cr_assert_eq(sweep(dir, "--vary state.strike.threshold=0.6,0.75,0.9 "
                       "--vary militants.allow_explosive=true,false -n 3", &csv), 0);
    cr_assert_eq(lines(csv), 1 + 6, "%s", csv);
    const char *head = "point,state.strike.threshold,militants.allow_explosive,";
    cr_assert(strncmp(csv, head, strlen(head)) == 0, "%s", csv);
    cr_assert(strstr(csv, "\n0,0.6,1,") && strstr(csv, "\n5,0.9,0,"), "%s", csv);
    free(csv);
    cr_assert_eq(sweep(dir, "--vary state.strike.threshold=0.5:0.95 "
                       "--vary militants.base_rate=0.05:0.3 --design sobol:8 -n 2", &csv), 0);
    cr_assert_eq(lines(csv), 1 + 8, "%s", csv);
    cr_assert(strstr(csv, "\n0,0.5,0.05,"), "Sobol's point 0 is the lower corner: %s", csv);
    free(csv);
    cr_assert_eq(sweep(dir, "--vary state.strike.threshold=0.5:0.95 --design lhs:5 -n 2", &csv),
                 0);
    cr_assert_eq(lines(csv), 1 + 5);
    free(csv);
    cr_assert_eq(sweep(dir, "--vary state.strike.threshold=0.5:0.95 -n 2", &csv), 2,
                 "an interval needs a sampled design");
    free(csv);
    char path[600];
    snprintf(path, sizeof path, "%s/err", dir);
    char *err = support_slurp(path);
    cr_assert(strstr(err, "frontier sweep: state.strike.threshold=0.5:0.95 has no step"), "%s",
              err);
    free(err);
    cr_assert_eq(sweep(dir, "--vary state.strike.threshold=0.5:0.9:0.1 --design lhs:0 -n 2",
                       &csv), 2);
    free(csv);
    support_remove_tree(dir);
}
