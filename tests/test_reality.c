/* test_reality.c - the scenario key `record:` and the debrief's "What really happened": the
 * key resolved like view.map and refused (status 2, file:line:column) when the record is
 * missing or malformed; the section's rows and counts checked against the record file and
 * the run's own totals. */
#define _GNU_SOURCE /* open_memstream */
#include "base/date.h"
#include "data/record.h"
#include "model/model.h"
#include "story/debrief.h"
#include "story/reality.h"
#include "support.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define HISTORY "scenarios/history-2021-2025.yaml"
#define PROJECT_RECORD "scenarios/record/af-pk-2021-2024.csv"

TestSuite(reality);

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* A scenario in dir extending the history scenario, with `extra` appended. */
static void write_variant(const char *path, const char *extra)
{
    char cwd[1024], text[4096];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    snprintf(text, sizeof text, "extends: %s/" HISTORY "\n%s", cwd, extra);
    write_file(path, text);
}

static int same_file(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

Test(reality, the_key_names_the_record_beside_the_file_and_variants_inherit_it)
{
    scenario *s = support_load_scenario(HISTORY);
    char path[1024];
    cr_assert_str_eq(s->record, "record/af-pk-2021-2024.csv");
    cr_assert_eq(scenario_file_path(s, s->record, path, sizeof path), 0);
    cr_assert_str_eq(path, PROJECT_RECORD);
    scenario_destroy(s);
    s = support_load_scenario("scenarios/history-unscripted.yaml");
    cr_assert_str_eq(s->record, "record/af-pk-2021-2024.csv", "inherited from its base");
    scenario_destroy(s);
    /* A variant in another folder inherits a path that still names the same file. */
    char dir[512], var[700];
    support_temp_dir(dir, sizeof dir, "reality");
    snprintf(var, sizeof var, "%s/variant.yaml", dir);
    write_variant(var, "scenario: {name: elsewhere}\n");
    s = support_load_scenario(var);
    cr_assert_eq(scenario_file_path(s, s->record, path, sizeof path), 0);
    cr_assert(same_file(path, PROJECT_RECORD), "the variant's record %s is not the project's",
              path);
    scenario_destroy(s);
    /* The default scenario names none (docs/scenarios.md says why). */
    s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    cr_assert_str_eq(s->record, "");
    scenario_destroy(s);
    support_remove_tree(dir);
}

/* `frontier ARGS...` with stdout and stderr to files in dir; the exit status. */
static int run_cli(const char *dir, const char *const *args, char **out, char **err)
{
    char o[700], e[700];
    snprintf(o, sizeof o, "%s/stdout", dir);
    snprintf(e, sizeof e, "%s/stderr", dir);
    int st = support_wait_exit(support_spawn(args, o, e));
    *out = support_slurp(o);
    *err = support_slurp(e);
    return st;
}

Test(reality, a_missing_or_malformed_record_is_refused_with_status_2_and_its_place)
{
    char dir[512], var[700], csv[700], want[1200], *out, *err;
    support_temp_dir(dir, sizeof dir, "reality");
    snprintf(var, sizeof var, "%s/bad.yaml", dir);
    write_variant(var, "record: nothere.csv\n");
    const char *check[] = {"check", var, NULL};
    cr_assert_eq(run_cli(dir, check, &out, &err), 2, "%s", err);
    snprintf(want, sizeof want, "%s:2:9: record: expected a record file", var);
    cr_assert_not_null(strstr(err, want), "expected '%s' in: %s", want, err);
    snprintf(want, sizeof want, "%s/nothere.csv:1:1: cannot open", dir);
    cr_assert_not_null(strstr(err, want), "expected '%s' in: %s", want, err);
    cr_assert_str_eq(out, "", "nothing on stdout");
    free(out), free(err);

    /* A row with a month 13 on line 3: the record's own place, inside the scenario's. */
    snprintf(csv, sizeof csv, "%s/badrec.csv", dir);
    write_file(csv, "id,date,kind,source_url,confidence\n"
                    "a,2022-04-16,strike,https://example.org/a,reported\n"
                    "b,2022-13-01,strike,https://example.org/b,reported\n");
    write_variant(var, "record: badrec.csv\n");
    char outdir[700];
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    const char *run[] = {"run", var, "-q", "--out", outdir, NULL};
    cr_assert_eq(run_cli(dir, run, &out, &err), 2, "%s", err);
    snprintf(want, sizeof want, "%s:2:9: record: expected a record file", var);
    cr_assert_not_null(strstr(err, want), "expected '%s' in: %s", want, err);
    snprintf(want, sizeof want, "%s:3:2: date: expected a date", csv);
    cr_assert_not_null(strstr(err, want), "expected '%s' in: %s", want, err);
    cr_assert(access(outdir, F_OK) != 0, "no output folder for a refused scenario");
    free(out), free(err);

    /* A header without the required columns. */
    write_file(csv, "when,what\n2022-04-16,strike\n");
    cr_assert_eq(run_cli(dir, check, &out, &err), 2, "%s", err);
    cr_assert_not_null(strstr(err, "expected a column 'date' in the header"), "%s", err);
    free(out), free(err);
    support_remove_tree(dir);
}

static model *run_history(void)
{
    scenario *s = support_load_scenario(HISTORY);
    model *m = model_create(s, s->seed, 0, MODEL_KEEP_ALL, NULL);
    scenario_destroy(s);
    cr_assert_not_null(m);
    cr_assert_eq(model_run(m), 0);
    return m;
}

static char *debrief_of(const model *m)
{
    char *md = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&md, &len);
    cr_assert_eq(debrief_write_md(m, 1, NULL, 0, f), 0);
    fclose(f);
    return md;
}

/* The record kind names of the four compared kinds, as the file writes them. */
static const char *const file_kinds[REALITY_NKINDS] = {"strike", "clash", "closure",
                                                       "ceasefire"};

Test(reality, the_debrief_lists_the_records_events_of_the_period_and_counts_both)
{
    model *m = run_history();
    const scenario *s = model_scenario(m);
    char *md = debrief_of(m);
    cr_assert_not_null(strstr(md, "## What really happened"), "%s", md);
    record *r = NULL;
    record_report rep;
    cr_assert_eq(record_load(PROJECT_RECORD, 1, &r, &rep), 0, "%s", rep.error);
    reality_counts c;
    reality_count(m, r, &c);
    const model_totals *t = model_totals_get(m);
    const int totals[REALITY_NKINDS] = {t->strikes, t->clashes, t->closures, t->ceasefires};
    int rows = 0;
    for (int k = 0; k < REALITY_NKINDS; k++) {
        /* The record's count, from the file: rows of the kind dated within the run. */
        int want = 0;
        for (int i = 0; i < r->n; i++) {
            const record_event *e = &r->ev[i];
            if (strcmp(record_kind_name(e->kind), file_kinds[k]) != 0) continue;
            long day = e->day - s->start_date;
            if (day < 0 || (double)day >= s->days) continue;
            want++;
            char row[160];
            char d[11];
            date_format(e->day, d);
            if (e->day_last != e->day) d[7] = '\0';
            snprintf(row, sizeof row, "| %s | %ld | ", d, day);
            cr_assert_not_null(strstr(md, row), "no row '%s' for line %ld", row, e->line);
            cr_assert_not_null(strstr(md, e->source_title), "no source '%s'", e->source_title);
        }
        rows += want;
        cr_assert_eq(c.record[k], want, "%s: %d in the debrief, %d in the file",
                     file_kinds[k], c.record[k], want);
        /* The run's, before and after the record ends, add up to the run's own totals. */
        cr_assert_eq(c.run[k] + c.after[k], totals[k], "%s: %d + %d vs total %d",
                     file_kinds[k], c.run[k], c.after[k], totals[k]);
        cr_assert(c.scripted[k] <= c.run[k]);
        char line[160], head[160];
        snprintf(line, sizeof line, "| %s | %d | %d | %d |\n", reality_kind_title(k), want,
                 c.run[k], c.scripted[k]);
        cr_assert_not_null(strstr(md, line), "no count line '%s'", line);
        snprintf(head, sizeof head, "### %s in the record (%d)\n", reality_kind_title(k), want);
        cr_assert_not_null(strstr(md, head), "no heading '%s'", head);
    }
    /* The history scripts every strike, clash and closure of the record: the run has at
     * least as many of each as the record (a strike on two districts is two strikes). */
    for (int k = REALITY_STRIKE; k <= REALITY_CLOSURE; k++)
        cr_assert(c.scripted[k] >= c.record[k], "%s: %d scripted, %d in the record",
                  file_kinds[k], c.scripted[k], c.record[k]);
    cr_assert(rows >= 15, "the period holds the record's strikes, clashes, closures and "
              "ceasefires (%d rows)", rows);
    /* The record ends on 31 December 2024; the run goes on to the end of 2025. */
    cr_assert_eq(c.end, date_from_ymd(2025, 1, 1) - s->start_date);
    cr_assert(c.after[REALITY_STRIKE] > 0, "the strikes of 2025 are counted after the record");
    cr_assert_not_null(strstr(md, "more came after it"));
    record_destroy(r);
    free(md);
    model_destroy(m);
}

Test(reality, a_debrief_part_way_counts_only_the_days_run)
{
    scenario *s = support_load_scenario(HISTORY);
    model *m = model_create(s, s->seed, 0, MODEL_KEEP_ALL, NULL);
    cr_assert_not_null(m);
    /* 2022-06-01 is day 290: the ceasefire of 2 June 2022 (day 291) is not yet in. */
    long until = date_from_ymd(2022, 6, 1) - s->start_date;
    cr_assert_eq(model_run_until(m, (double)until), 0);
    char *md = debrief_of(m);
    cr_assert_not_null(strstr(md, "### Ceasefires in the record (2)\n"), "%s",
                       strstr(md, "## What really happened"));
    cr_assert_null(strstr(md, "| 2022-06-02 |"));
    cr_assert_null(strstr(md, "more came after it"), "the run has not passed the record");
    free(md);
    model_destroy(m);
    scenario_destroy(s);
}

Test(reality, a_scenario_without_a_record_has_no_section)
{
    scenario *s = support_load_scenario("scenarios/kabul-ultimatum-2023.yaml");
    model *m = model_create(s, 1, 0, MODEL_KEEP_ALL, NULL);
    scenario_destroy(s);
    cr_assert_eq(model_run(m), 0);
    char *md = debrief_of(m);
    cr_assert_null(strstr(md, "What really happened"));
    free(md);
    model_destroy(m);
}
