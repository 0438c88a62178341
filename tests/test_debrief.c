/* test_debrief.c - turning points (crafted and of a known seed), the Markdown debrief and
 * its charts, and `frontier run --script/--debrief` end to end. */
#define _GNU_SOURCE /* open_memstream, mkdtemp */
#include "base/alloc.h"
#include "base/err.h"
#include "model/model.h"
#include "plot/debrief_png.h"
#include "story/debrief.h"
#include "support.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

TestSuite(debrief);

static char *temp_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    static char dir[512];
    snprintf(dir, sizeof dir, "%s/debrief-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    cr_assert_not_null(mkdtemp(dir));
    return dir;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = calloc(1, 1 << 17);
    if (f) {
        size_t n = fread(buf, 1, (1 << 17) - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    return buf;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

/* Checks every Markdown link target "](x)" in md names a file that exists in dir; returns
 * how many links there were. */
static int check_links(const char *md, const char *dir)
{
    int n = 0;
    for (const char *p = strstr(md, "]("); p; p = strstr(p + 2, "](")) {
        const char *end = strchr(p + 2, ')');
        cr_assert_not_null(end);
        char path[1024];
        snprintf(path, sizeof path, "%s/%.*s", dir, (int)(end - p - 2), p + 2);
        cr_assert(file_exists(path), "the debrief links to %s, which was not written", path);
        n++;
    }
    return n;
}

static model *run_default(unsigned long long seed)
{
    scn_errors errs = {0};
    scenario *s = scenario_load("scenarios/kabul-ultimatum-2023.yaml", NULL, 0, &errs);
    cr_assert_not_null(s);
    scn_errors_free(&errs);
    model *m = model_create(s, seed, 0, MODEL_KEEP_ALL, NULL);
    scenario_destroy(s);
    cr_assert_not_null(m);
    cr_assert_eq(model_run(m), 0);
    return m;
}

static model_record rec(double t, int kind, int ladder, double cas)
{
    return (model_record){t, kind, MODEL_ACTOR_STATE, -1, -1, -1, cas, 0, ladder, 0, ""};
}

Test(debrief, crafted_records_give_firsts_peaks_and_deals_in_order)
{
    model_record r[] = {
        rec(1, MODEL_REC_DEMARCHE, 1, 0),     rec(5, MODEL_REC_ULTIMATUM, 2, 0),
        rec(6, MODEL_REC_ATTACK, 2, 160),     rec(20, MODEL_REC_ULTIMATUM, 2, 0),
        rec(40, MODEL_REC_STRIKE, 3, 0),      rec(42, MODEL_REC_CLASH, 4, 0),
        rec(43, MODEL_REC_CLASH, 4, 0),       rec(44, MODEL_REC_MEDIATION, 4, 0),
        rec(50, MODEL_REC_CEASEFIRE, 4, 0),   rec(64, MODEL_REC_LADDER, 3, 0),
        rec(90, MODEL_REC_STRIKE, 3, 0),      rec(92, MODEL_REC_CLASH, 4, 0),
        rec(93, MODEL_REC_CLASH, 5, 0),       rec(100, MODEL_REC_DEAL_ACCEPTED, 5, 0),
        rec(120, MODEL_REC_DEAL_COLLAPSE, 4, 0),
    };
    int n = (int)(sizeof r / sizeof r[0]);
    static const int want[][2] = {
        {1, DEBRIEF_FIRST_ULTIMATUM}, {2, DEBRIEF_MASS_CASUALTY}, {4, DEBRIEF_FIRST_STRIKE},
        {5, DEBRIEF_LADDER_PEAK},     {7, DEBRIEF_MEDIATION},     {8, DEBRIEF_CEASEFIRE},
        {10, DEBRIEF_STRIKE},         {12, DEBRIEF_LADDER_PEAK},  {13, DEBRIEF_DEAL_ACCEPTED},
        {14, DEBRIEF_DEAL_COLLAPSE},
    };
    int nw = (int)(sizeof want / sizeof want[0]);
    debrief_point pts[16];
    int got = debrief_points_of(r, n, 150, 0.55, pts, 16);
    cr_assert_eq(got, nw, "expected: %d turning points, got: %d", nw, got);
    for (int i = 0; i < nw; i++)
        cr_assert(pts[i].record == want[i][0] && pts[i].kind == want[i][1],
                  "point %d: expected record %d (%s), got record %d (%s)", i, want[i][0],
                  debrief_kind_name(want[i][1]), pts[i].record, debrief_kind_name(pts[i].kind));
    cr_assert_eq(debrief_points_of(r, n, 150, 0.55, NULL, 0), nw, "a sizing call counts them all");
    /* The clash of day 93 (level 5) is the peak, not the one before it (4, exceeded next). */
    cr_assert_eq(pts[7].ladder, 5);
}

Test(debrief, the_turning_points_of_a_known_seed_match_its_totals)
{
    int checked_strike = 0;
    for (unsigned long long seed = 1; seed <= 6; seed++) {
        model *m = run_default(seed);
        const model_totals *t = model_totals_get(m);
        debrief_point pts[256];
        int n = debrief_points(m, pts, 256);
        cr_assert(n >= 0 && n <= 256);
        int strikes = 0, ceasefires = 0, deals = 0;
        double first_ult = -1, first_strike = -1;
        for (int i = 0; i < n; i++) {
            strikes += pts[i].kind == DEBRIEF_FIRST_STRIKE || pts[i].kind == DEBRIEF_STRIKE;
            ceasefires += pts[i].kind == DEBRIEF_CEASEFIRE;
            deals += pts[i].kind == DEBRIEF_DEAL_ACCEPTED;
            if (pts[i].kind == DEBRIEF_FIRST_ULTIMATUM) first_ult = pts[i].t;
            if (pts[i].kind == DEBRIEF_FIRST_STRIKE) first_strike = pts[i].t;
            if (i) cr_assert(pts[i].t >= pts[i - 1].t, "points are in time order");
        }
        cr_assert_eq(strikes, t->strikes, "seed %llu: strikes", seed);
        cr_assert_eq(ceasefires, t->ceasefires, "seed %llu: ceasefires", seed);
        cr_assert_eq(deals > 0, t->deal != 0, "seed %llu: deal", seed);
        cr_assert(first_ult == t->first_ultimatum_day, "seed %llu: first ultimatum %g vs %g",
                  seed, first_ult, t->first_ultimatum_day);
        cr_assert(first_strike == t->first_strike_day, "seed %llu: first strike", seed);
        checked_strike += t->strikes > 0;
        model_destroy(m);
    }
    cr_assert(checked_strike > 0, "no seed in 1..6 struck: the test checked no strike");
}

Test(debrief, the_markdown_has_its_sections_and_links_only_to_charts_it_wrote)
{
    model *m = run_default(1);
    char *dir = temp_dir();
    debrief_chart charts[DEBRIEF_CHARTS_MAX];
    int n = 0;
    char why[512] = "";
    cr_assert_eq(debrief_png_write(m, dir, "lesson", charts, &n, why, sizeof why), 0, "%s", why);
    cr_assert_eq(n, 2);
    char *md = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&md, &len);
    cr_assert_eq(debrief_write_md(m, 1, charts, n, f), 0);
    fclose(f);
    cr_assert_eq(check_links(md, dir), 2);
    cr_assert_not_null(strstr(md, "# Debrief: Kabul ultimatum 2023"));
    cr_assert_not_null(strstr(md, "| Date | What | Why, in plain words |"));
    cr_assert_not_null(strstr(md, "| First ultimatum |"));
    cr_assert_not_null(strstr(md, "- What moves the threat score most?"));
    if (model_totals_get(m)->strikes)
        cr_assert_not_null(strstr(md, "| First strike | The threat score reached"));
    free(md);
    model_destroy(m);
}

Test(debrief, the_scripted_bombing_and_a_mass_casualty_attack_are_turning_points)
{
    /* The default's Peshawar bombing (100 killed, below the model's mass-casualty level of
     * 150) takes the threat past the warning level: a turning point for that reason. */
    model *m = run_default(1);
    debrief_point pts[256];
    int n = debrief_points(m, pts, 256), found = 0;
    for (int i = 0; i < n && i < 256; i++) {
        const model_record *r = model_record_at(m, pts[i].record);
        if (pts[i].kind == DEBRIEF_WARNING_ATTACK && r->casualties == 100 && r->scripted)
            found = 1;
        cr_assert(pts[i].kind != DEBRIEF_MASS_CASUALTY || r->casualties >= 150,
                  "mass casualty is the model's own level");
    }
    cr_assert(found, "the scripted Peshawar bombing is a turning point");
    model_destroy(m);
    /* crafted: an attack at the model's level is one, one below it without crossing is not */
    model_record r[3] = {{.t = 1, .kind = MODEL_REC_ATTACK, .casualties = 149,
                          .reason = "x; pressure +1.0, threat 0.60 -> 0.70"},
                         {.t = 2, .kind = MODEL_REC_ATTACK, .casualties = 150},
                         {.t = 3, .kind = MODEL_REC_ATTACK, .casualties = 20, .scripted = 1,
                          .reason = "x; pressure +1.0, threat 0.50 -> 0.56"}};
    debrief_point out[3];
    cr_assert_eq(debrief_points_of(r, 3, 150, 0.55, out, 3), 2);
    cr_assert_eq(out[0].kind, DEBRIEF_MASS_CASUALTY);
    cr_assert_eq(out[1].kind, DEBRIEF_WARNING_ATTACK);
    cr_assert_eq(debrief_points_of(r, 3, 150, 0.5, out, 3), 1, "0.50 -> 0.56 starts at it");
}

Test(debrief, without_charts_the_markdown_has_no_links)
{
    model *m = run_default(2);
    char *md = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&md, &len);
    cr_assert_eq(debrief_write_md(m, 2, NULL, 0, f), 0);
    fclose(f);
    cr_assert_null(strstr(md, "]("));
    cr_assert_null(strstr(md, "## Charts"));
    free(md);
    model_destroy(m);
}

/* Runs `frontier run ARGS` quietly; returns the exit status, stderr in *err. */
static int run_cli(const char *args, char **err)
{
    char cmd[4096], e[600];
    snprintf(e, sizeof e, "%s/stderr", temp_dir());
    snprintf(cmd, sizeof cmd, "'%s' run %s >/dev/null 2>'%s'", support_bin(), args, e);
    int st = system(cmd);
    *err = slurp(e);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

Test(debrief, frontier_run_replays_a_script_and_writes_a_debrief_beside_its_charts)
{
    char dir[600], script[700], args[3000], *err;
    snprintf(dir, sizeof dir, "%s", temp_dir());
    snprintf(script, sizeof script, "%s/knobs.script", dir);
    FILE *f = fopen(script, "w");
    fputs("30 set state.strike.threshold 0.6\n40 inject attack zone=Bannu casualties=20\n", f);
    fclose(f);
    snprintf(args, sizeof args, "scenarios/kabul-ultimatum-2023.yaml --out '%s/out' "
             "--script '%s' --debrief '%s/class/debrief.md'", dir, script, dir);
    int rc = run_cli(args, &err);
    cr_assert_eq(rc, 0, "expected: 0, got: %d\n%s", rc, err);
    char path[800];
    snprintf(path, sizeof path, "%s/out/events.csv", dir);
    char *events = slurp(path);
    cr_assert_not_null(strstr(events, "knob changed by the class: state.strike.threshold"));
    cr_assert_not_null(strstr(events, "attack,user,Bannu"));
    snprintf(path, sizeof path, "%s/class/debrief.md", dir);
    char *md = slurp(path);
    /* the knob change in words, with its day and both values; the writer named */
    cr_assert_not_null(strstr(md, "## Settings changed during the run"), "%s", md);
    cr_assert_not_null(strstr(md, "| 31 January 2023 | 30 | the class | strike threshold | "
                                  "0.73 → 0.6 |"), "%s", md);
    cr_assert_not_null(strstr(md, "Written by `frontier run --debrief`"));
    snprintf(path, sizeof path, "%s/class", dir);
    cr_assert_eq(check_links(md, path), 2);
    free(events), free(md), free(err);
}

Test(debrief, a_bad_script_stops_frontier_run_with_status_2_and_no_output)
{
    char dir[600], script[700], args[3000], *err;
    snprintf(dir, sizeof dir, "%s", temp_dir());
    snprintf(script, sizeof script, "%s/bad.script", dir);
    FILE *f = fopen(script, "w");
    fputs("30 set state.strike.threshold 0.6\n40 inject attack zone=Atlantis\n", f);
    fclose(f);
    snprintf(args, sizeof args, "scenarios/kabul-ultimatum-2023.yaml --out '%s/out' "
             "--script '%s' --debrief '%s/d.md'", dir, script, dir);
    int rc = run_cli(args, &err);
    cr_assert_eq(rc, 2, "expected: 2, got: %d\n%s", rc, err);
    cr_assert_not_null(strstr(err, "bad.script:2:18: zone: no zone named 'Atlantis'"), "%s", err);
    char path[800];
    snprintf(path, sizeof path, "%s/out", dir);
    cr_assert(access(path, F_OK) != 0, "no output folder after a bad script");
    snprintf(path, sizeof path, "%s/d.md", dir);
    cr_assert(access(path, F_OK) != 0, "no debrief after a bad script");
    free(err);
}

Test(debrief, a_failed_allocation_gives_an_error_not_a_crash)
{
    model *m = run_default(3);
    int ok = 0;
    for (long k = 1; k <= 10 && !ok; k++) {
        char *md = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&md, &len);
        sim_alloc_fail_at(k, 1);
        int rc = debrief_write_md(m, 3, NULL, 0, f);
        int n = debrief_points(m, NULL, 0);
        sim_alloc_fail_at(0, 0);
        fclose(f);
        cr_assert(rc == 0 || rc == SIM_ENOMEM, "allocation %ld: got %d", k, rc);
        cr_assert(n >= 0 || n == SIM_ENOMEM);
        ok = rc == 0;
        free(md);
    }
    cr_assert(ok);
    model_destroy(m);
}
