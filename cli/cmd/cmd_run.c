/* cmd_run.c - `frontier run`: one replication of a scenario, its outputs and a summary. */
#include "args.h"
#include "scenario/scn_path.h"
#include "base/date.h"
#include "base/err.h"
#include "cmd.h"
#include "interrupt.h"
#include "io/afile.h"
#include "model/model.h"
#include "opt.h"
#include "outdir.h"
#include "plot/debrief_png.h"
#include "plot/plot.h"
#include "report/output.h"
#include "story/debrief.h"
#include "story/narrate.h"
#include "story/script.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *scenario, *out, *script, *debrief;
    char scn_buf[SCN_PATH_LEN];   /* the scenario found on the search path */
    unsigned long long seed, rep;
    int have_seed;
    opt_seed seed_opt;
    double days;
    opt_list sets;
    int quiet;
    opt_record rec;
} run_args;

/* Turning points worth a line in the summary; the rest is in events.csv. */
static int is_turning_point(const model_record *r)
{
    switch (r->kind) {
    case MODEL_REC_ULTIMATUM: case MODEL_REC_STRIKE: case MODEL_REC_CLASH:
    case MODEL_REC_DEAL_ACCEPTED: case MODEL_REC_DEAL_COLLAPSE: case MODEL_REC_RELOCATION:
    case MODEL_REC_MEDIATION: case MODEL_REC_CEASEFIRE: case MODEL_REC_SET:
        return 1;
    case MODEL_REC_CLOSURE: return strncmp(r->reason, "closure extended", 16) != 0;
    default: return 0;
    }
}

static void print_decisions(const model *m)
{
    enum { MAX_LINES = 14 };
    int shown = 0, more = 0;
    for (int i = 0; i < model_record_count(m); i++) {
        const model_record *r = model_record_at(m, i);
        if (!is_turning_point(r)) continue;
        if (shown == MAX_LINES) {
            more++;
            continue;
        }
        char d[11], text[512];
        date_format(model_scenario(m)->start_date + (long)floor(r->t), d);
        if (narrate_record(model_scenario(m), r, text, sizeof text) < 0)
            snprintf(text, sizeof text, "%s", r->reason);
        printf("    %s  %s\n", d, text);
        shown++;
    }
    if (more) printf("    ... and %d more in events.csv\n", more);
}

/* The value of total i as the summary shows it: a date for a day, a level with its name. */
static void total_text(const model *m, int i, char *out, size_t n)
{
    const model_totals *t = model_totals_get(m);
    double v = model_total_value(t, i);
    char d[11];
    switch (model_total_kind(i)) {
    case MODEL_TOTAL_DAY:
        if (isnan(v)) {
            snprintf(out, n, "none");
            break;
        }
        date_format(model_scenario(m)->start_date + (long)floor(v), d);
        snprintf(out, n, "%s (day %.0f)", d, floor(v)); /* day 0 is the start date */
        break;
    case MODEL_TOTAL_LEVEL: snprintf(out, n, "%d (%s)", (int)v, model_ladder_name((int)v)); break;
    case MODEL_TOTAL_FLAG: snprintf(out, n, "%s", v != 0 ? "yes" : "no"); break;
    default: snprintf(out, n, "%g", v); break;
    }
}

static void print_summary(const model *m, unsigned long long seed, const char *dir)
{
    const scenario *s = model_scenario(m);
    char start[11], value[64];
    date_format(s->start_date, start);
    printf("%s - seed %llu, %g days from %s\n", s->name, seed, s->days, start);
    for (int i = 0; i < MODEL_NTOTALS; i++) {
        total_text(m, i, value, sizeof value);
        printf("  %-31s %s\n", model_total_what(i), value);
    }
    printf("  turning points:\n");
    print_decisions(m);
    printf("  outputs: %s/events.csv, series.csv, summary.json\n", dir);
}

static const opt_cmd RUN_CMD = {
    "run", "SCENARIO [options]",
    "Runs one replication of SCENARIO (a file, a name found on the scenario search path, or "
    "- for standard input) and writes events.csv, series.csv and summary.json, then prints "
    "a summary with the run's turning points.",
    {"frontier run scenarios/kabul-ultimatum-2023.yaml -s 7    # one run, seed 7",
     "frontier run kabul-ultimatum-2023 --set state.strike.threshold=0.6 -o out/low",
     "frontier run lessons/border-closure.yaml -q --debrief out/debrief.md"}};

static int parse(int argc, char **argv, run_args *a)
{
    opt_spec specs[] = {
        {"seed", 's', OPT_SEED, &a->seed_opt, "N", "random seed (default: the scenario's)"},
        {"replication", 0, OPT_UINT64, &a->rep, "R", "replication index (default 0)"},
        {"days", 'd', OPT_DOUBLE, &a->days, "D", "horizon in days (default: the scenario's)"},
        {"out", 'o', OPT_OUTPUT, &a->out, "DIR", "output folder (default out/SCENARIO-SEED)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter (repeatable)"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "no summary on stdout"},
        {"script", 0, OPT_STRING, &a->script, "FILE",
         "replay a knob/inject script (docs/teaching.md)"},
        {"debrief", 0, OPT_OUTPUT, &a->debrief, "FILE.md",
         "write a Markdown debrief with PNG charts beside it"},
    };
    const int n = (int)(sizeof specs / sizeof specs[0]);
    const char *pos[1];
    int rc = args_parse(&RUN_CMD, argc, argv, specs, n, pos, 1, &a->rec);
    if (rc) return rc;
    a->scenario = args_scenario(pos[0], a->scn_buf, sizeof a->scn_buf);
    a->have_seed = a->seed_opt.given;
    if (a->have_seed) a->seed = a->seed_opt.value;
    if (!isnan(a->days) && !(a->days > 0 && a->days <= 36525)) {
        fprintf(stderr, "frontier run: --days: expected a number of days in (0, 36525], found %g\n",
                a->days);
        return 2;
    }
    return 0;
}

/* Writes the debrief FILE.md and its charts (FILE-threat.png, FILE-attacks.png) beside it.
 * Charts that cannot be drawn (no font) are left out with a warning. Returns 0 or
 * 1 with a message. */
static int write_debrief(const model *m, unsigned long long seed, const char *md)
{
    char dir[1024], stem[256];
    const char *slash = strrchr(md, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - md) : 1, slash ? md : ".");
    args_file_stem(md, stem, sizeof stem);
    debrief_chart charts[DEBRIEF_CHARTS_MAX];
    int n = 0;
    if (afile_mkdirs(dir) != 0) {
        fprintf(stderr, "frontier run: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char why[512] = "";
    if (debrief_png_write(m, dir, stem, charts, &n, why, sizeof why))
        fprintf(stderr, "frontier run: debrief charts left out: %s\n", why);
    afile *f = afile_open(md);
    if (!f || debrief_write_md(m, seed, charts, n, afile_stream(f)) || afile_commit(f)) {
        if (f) afile_abort(f);
        fprintf(stderr, "frontier run: cannot write %s: %s\n", md, strerror(errno));
        return 1;
    }
    return 0;
}

/* Runs m to its horizon day by day (through the script when there is one). An interrupt
 * stops it between days or, in a busy day, inside it (model_set_stop). Returns 0 (also when
 * interrupted) or a SIM_E* code. */
static int simulate(model *m, script *sc)
{
    int err = 0;
    for (double t = 1; !err && t <= model_horizon(m) + 1 && !interrupt_requested(); t += 1)
        err = sc ? script_apply_until(sc, m, fmin(t, model_horizon(m)))
                 : model_run_until(m, fmin(t, model_horizon(m)));
    return err == SIM_EINTR ? 0 : err;
}

/* Writes the outputs and reports; returns the exit status. */
static int finish(const model *m, const run_args *a, outset *o, int err)
{
    const char *dir = outset_dir(o);
    int partial = interrupt_requested() && !model_done(m);
    if (err == SIM_ELIMIT) {
        fprintf(stderr, "frontier run: stopped at day %.4g: the run reached its limit of %llu "
                "events (scenario.max_events); raise it with --set scenario.max_events=N if "
                "a run this large is meant; nothing was written\n", model_now(m),
                (unsigned long long)model_events_run(m));
        return 1;
    }
    if (err) {
        fprintf(stderr, "frontier run: simulation failed: %s; nothing was written\n",
                sim_strerror(err));
        return 1;
    }
    prov p;
    outdir_prov(&p, &a->rec, a->scenario, model_scenario(m), &a->sets, NULL, a->seed);
    outdir_writing(o);
    int rc = output_write_run(m, o, &p, a->seed, a->rep, partial);
    if (rc) return outdir_failed("run", o, rc);
    if (partial) {
        fprintf(stderr, "frontier run: interrupted at day %g; outputs marked partial in %s\n",
                model_now(m), dir);
        return 130;
    }
    if (a->debrief && write_debrief(m, a->seed, a->debrief)) return 1;
    if (!a->quiet) {
        print_summary(m, a->seed, dir);
        if (a->debrief) printf("  debrief: %s\n", a->debrief);
    }
    return 0;
}

int cmd_run(int argc, char **argv)
{
    run_args a = {.days = NAN};
    int rc = parse(argc, argv, &a);
    if (rc) return rc < 0 ? 0 : rc;
    scenario *s = args_load_scenario("run", a.scenario, &a.sets);
    if (!s) return 2;
    if (!a.have_seed) a.seed = s->seed;
    if (!isnan(a.days)) s->days = a.days;
    script *sc = NULL;
    if (a.script && args_load_script("run", a.script, s, &sc)) {
        scenario_destroy(s);
        return 2;
    }
    char dir[1024], stem[256], msg[1200];
    args_file_stem(a.scenario, stem, sizeof stem);
    if (a.out) snprintf(dir, sizeof dir, "%s", a.out);
    else snprintf(dir, sizeof dir, "out/%s-%llu", stem, a.seed);
    outset *o = NULL;
    int status = outdir_begin("run", dir, &o);
    if (!status && a.debrief && outset_check_file(a.debrief, msg, sizeof msg)) {
        fprintf(stderr, "frontier run: --debrief %s\n", msg);
        status = 2;
    }
    if (status) {
        outset_destroy(o);
        script_destroy(sc);
        scenario_destroy(s);
        return status;
    }
    interrupt_install();
    int err = 0;
    model *m = model_create(s, a.seed, a.rep, MODEL_KEEP_ALL, &err);
    scenario_destroy(s);
    if (m) model_set_stop(m, interrupt_flag());
    status = 1;
    if (m) status = finish(m, &a, o, simulate(m, sc));
    else fprintf(stderr, "frontier run: %s\n", sim_strerror(err));
    outset_destroy(o);
    script_destroy(sc);
    model_destroy(m);
    return status;
}
