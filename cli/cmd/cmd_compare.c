/* cmd_compare.c - `frontier compare`: paired what-if runs with common random numbers. */
#include "analysis/ens_mpi.h"
#include "analysis/ensemble.h"
#include "args.h"
#include "scenario/scn_path.h"
#include "batch_cmd.h"
#include "base/err.h"
#include "cmd.h"
#include "draws.h"
#include "opt.h"
#include "outdir.h"
#include "plot/plot.h"
#include "report/ens_write.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define COMPARE_N_MAX 50000000L

typedef struct {
    const char *file[2], *out;
    char scn_buf[2][SCN_PATH_LEN];   /* A and B found on the search path */
    long n, jobs;
    unsigned long long seed;
    opt_seed seed_opt;
    int have_seed, quiet, no_plots;
    const char *plots;
    unsigned formats;
    opt_list sets;
    opt_record rec;
    const char *posterior;  /* --posterior FILE, or NULL */
    batch_extra x;
} cmp_args;

/* The command's state between setup, writing and cleanup. */
typedef struct {
    cmp_args a;
    scenario *s[2];
    outset *o;               /* rank 0 only */
    draws d;                 /* --posterior */
} cmp_job;

static int check_args(cmp_args *a)
{
    if (args_plots("compare", a->plots, a->no_plots, &a->formats)) return 2;
    if (a->n == OPT_INT_UNSET) {
        fprintf(stderr, "frontier compare: -n N is required: the number of paired "
                        "replications\n");
        return 2;
    }
    if (a->n < 1 || a->n > COMPARE_N_MAX) {
        fprintf(stderr, "frontier compare: -n: expected a number of replications in [1, %ld], "
                        "found %ld\n", COMPARE_N_MAX, a->n);
        return 2;
    }
    if (a->jobs < 1 || a->jobs > 256) {
        fprintf(stderr, "frontier compare: --jobs: expected 1 to 256 threads, found %ld\n",
                a->jobs);
        return 2;
    }
    return 0;
}

static const opt_cmd CMP_CMD = {
    "compare", "A.yaml B.yaml -n N [options]",
    "Runs replication r of A and of B with the same random streams (seed, r) and reports "
    "each total's mean difference B - A with a 95% interval from the paired differences. "
    "Writes compare.csv.",
    {"frontier compare scenarios/kabul-ultimatum-2023.yaml "
     "scenarios/variants/lower-threshold.yaml -n 1000",
     "frontier compare kabul-ultimatum-2023 variants/early-mediation -qn 500 -o out/med"}};

static int parse(int argc, char **argv, cmp_args *a)
{
    opt_spec specs[] = {
        {"replications", 'n', OPT_INT, &a->n, "N", "number of paired replications (required)"},
        {"jobs", 'j', OPT_INT, &a->jobs, "J", "threads (default: the number of cores)"},
        {"seed", 's', OPT_SEED, &a->seed_opt, "S", "random seed (default: A's)"},
        {"set", 0, OPT_LIST, &a->sets, "KEY=VALUE", "override a parameter in both (repeatable)"},
        {"posterior", 0, OPT_STRING, &a->posterior, "FILE",
         "draw each replication's parameters from a posterior.csv"},
        {"out", 'o', OPT_OUTPUT, &a->out, "DIR", "output folder (default out/A-vs-B)"},
        {"plots", 0, OPT_STRING, &a->plots, "png,svg,pdf|none",
         "figure formats (default png)"},
        {"no-plots", 0, OPT_FLAG, &a->no_plots, NULL, "no figures (--plots none)"},
        {"quiet", 'q', OPT_FLAG, &a->quiet, NULL, "no table on stdout"},
        BATCH_EXTRA_SPECS(&a->x),
    };
    const int ns = (int)(sizeof specs / sizeof specs[0]);
    int rc = args_parse(&CMP_CMD, argc, argv, specs, ns, a->file, 2, &a->rec);
    if (rc) return rc;
    for (int i = 0; i < 2; i++)
        a->file[i] = args_scenario(a->file[i], a->scn_buf[i], sizeof a->scn_buf[i]);
    if (strcmp(a->file[0], "-") == 0 && strcmp(a->file[1], "-") == 0)
        return opt_usage_error("compare", "A and B cannot both be standard input ('-')");
    a->have_seed = a->seed_opt.given;
    if (a->have_seed) a->seed = a->seed_opt.value;
    rc = check_args(a);
    return rc ? rc : batch_extra_check("compare", &a->x, a->n);
}

/* A number as a person would say it: whole when large, two decimals when small. */
static void say(char *buf, size_t n, double v)
{
    double a = fabs(v);
    snprintf(buf, n, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
}

/* What B changes: "lowering state.strike.threshold from 0.75 to 0.6" for one parameter,
 * a list for several, the scenario names otherwise. */
static void describe_change(const scenario *a, const scenario *b, char *out, size_t n)
{
    int diffs = 0;
    size_t len = (size_t)snprintf(out, n, "Changing");
    const char *key = NULL;
    double va = 0, vb = 0;
    for (int i = 0; i < scenario_param_count(); i++) {
        const char *k = scenario_param_at(i)->key;
        double x, y;
        if (scenario_param_get(&a->p, k, &x) || scenario_param_get(&b->p, k, &y) || x == y)
            continue;
        if (diffs++ == 0) { key = k; va = x; vb = y; }
        if (len < n) len += (size_t)snprintf(out + len, n - len, "%s %s %g -> %g",
                                             diffs > 1 ? "," : "", k, x, y);
    }
    if (diffs == 1)
        snprintf(out, n, "%s %s from %g to %g", vb < va ? "Lowering" : "Raising", key, va, vb);
    else if (diffs == 0)
        snprintf(out, n, "Going from \"%s\" to \"%s\"", a->name, b->name);
}

/* One readable line for a total: "LEAD 41 days earlier (95% CI 33 to 49)", or "LABEL: no
 * clear difference (...)" when the interval holds 0. */
static void sentence(const ens_paired *p, const char *label, const char *lead, const char *up,
                     const char *down)
{
    char d[32], lo[32], hi[32], ma[32], mb[32];
    double m = stats_mean(&p->diff.m);
    if (p->diff.m.n < 2) {
        printf("  - %s: too few pairs to tell (%ld)\n", label, p->diff.m.n);
        return;
    }
    say(ma, sizeof ma, p->mean_a);
    say(mb, sizeof mb, p->mean_b);
    if (p->diff.ci_lo > 0 || p->diff.ci_hi < 0) {
        int neg = m < 0;
        say(d, sizeof d, fabs(m));
        say(lo, sizeof lo, neg ? -p->diff.ci_hi : p->diff.ci_lo);
        say(hi, sizeof hi, neg ? -p->diff.ci_lo : p->diff.ci_hi);
        printf("  - %s %s %s (95%% CI %s to %s): %s -> %s\n", lead, d, neg ? down : up, lo,
               hi, ma, mb);
    } else {
        say(d, sizeof d, m);
        say(lo, sizeof lo, p->diff.ci_lo);
        say(hi, sizeof hi, p->diff.ci_hi);
        printf("  - %s: no clear difference (%s, 95%% CI %s to %s): %s -> %s\n", label, d, lo,
               hi, ma, mb);
    }
}

/* The Kaplan-Meier medians of A and B over every run (those that never struck censored at
 * each horizon), beside the paired mean above, which is over the pairs where both struck. */
static void print_km_medians(const ens_batch *b, const scenario *sa, const scenario *sb)
{
    ens_first_strike fa, fb;
    if (ens_first_strike_summary(b, 0, sa->days, &fa) != 0 ||
        ens_first_strike_summary(b, 1, sb->days, &fb) != 0)
        return;
    char ma[32], mb[32];
    if (isfinite(fa.km.median)) snprintf(ma, sizeof ma, "day %.4g", fa.km.median);
    else snprintf(ma, sizeof ma, "not reached");
    if (isfinite(fb.km.median)) snprintf(mb, sizeof mb, "day %.4g", fb.km.median);
    else snprintf(mb, sizeof mb, "not reached");
    printf("  - median first strike over all runs (Kaplan-Meier): %s -> %s; runs that "
           "struck: %ld -> %ld of %ld\n", ma, mb, fa.struck, fb.struck, fa.runs);
}

static void print_sentences(const ens_batch *b, const scenario *sa, const scenario *sb)
{
    char change[2048];
    ens_paired p;
    describe_change(sa, sb, change, sizeof change);
    printf("\n%s:\n", change);
    if (ens_summarize_diff(b, 0, 1, model_total_find("first_strike_day"), &p) == 0) {
        sentence(&p, "day of the first strike", "the first strike comes", "days later",
                 "days earlier");
        printf("    (over the %ld of %ld pairs where both struck)\n", p.diff.m.n,
               ens_batch_done(b));
    }
    print_km_medians(b, sa, sb);
    static const char *const rows[4][5] = {
        {"strikes", "strikes per run", "strikes per run:", "more", "fewer"},
        {"attacks", "attacks per run", "attacks per run:", "more", "fewer"},
        {"casualties", "attack casualties per run", "attack casualties per run:", "more", "fewer"},
        {"max_ladder", "highest escalation level", "the highest escalation level is", "higher",
         "lower"}};
    for (int i = 0; i < 4; i++)
        if (ens_summarize_diff(b, 0, 1, model_total_find(rows[i][0]), &p) == 0)
            sentence(&p, rows[i][1], rows[i][2], rows[i][3], rows[i][4]);
    long n = ens_batch_done(b), ka = ens_strikes_by(b, 0, 90), kb = ens_strikes_by(b, 1, 90);
    if (n > 0)
        printf("  - the chance of a strike within 90 days goes from %.0f%% to %.0f%%\n",
               100.0 * (double)ka / (double)n, 100.0 * (double)kb / (double)n);
}

static void print_table(const ens_batch *b, const scenario *sa, const scenario *sb)
{
    printf("A: %s\nB: %s\n%ld paired replications%s, seed %llu (common random numbers)\n\n",
           sa->name, sb->name, ens_batch_done(b), ens_batch_partial(b) ? " (PARTIAL)" : "",
           (unsigned long long)ens_batch_seed(b));
    printf("%-20s %6s %10s %10s %10s  %-23s %s\n", "total", "pairs", "mean A", "mean B",
           "B - A", "95% CI of B - A", "var. reduction");
    for (int i = 0; i < MODEL_NTOTALS; i++) {
        ens_paired p;
        if (ens_summarize_diff(b, 0, 1, i, &p) != 0) continue;
        double vp = stats_var(&p.diff.m), vu = p.var_a + p.var_b;
        char ci[64] = "", red[32] = "-";
        if (isfinite(p.diff.ci_lo))
            snprintf(ci, sizeof ci, "%.4g to %.4g", p.diff.ci_lo, p.diff.ci_hi);
        if (vp > 0 && isfinite(vu)) snprintf(red, sizeof red, "%.1fx", vu / vp);
        else if (vp == 0) snprintf(red, sizeof red, "identical");
        printf("%-20s %6ld %10.4g %10.4g %10.4g  %-23s %s\n", model_total_name(i), p.diff.m.n,
               p.mean_a, p.mean_b, stats_mean(&p.diff.m), ci, red);
    }
    printf("(var. reduction: var(A) + var(B) over var(B - A), how much less noisy the paired\n"
           " difference is than one from as many independent runs; \"identical\": B - A is\n"
           " the same in every pair)\n");
    print_sentences(b, sa, sb);
}

/* Loads both files; prints every error. Returns 0 or 2. */
static int load_both(const cmp_args *a, scenario *s[2])
{
    int status = 0;
    for (int i = 0; i < 2; i++)
        if (!(s[i] = args_load_scenario("compare", a->file[i], &a->sets))) status = 2;
    return status;
}

static int w_compare(void *ctx, FILE *f) { return ens_write_compare(ctx, f); }

/* Rank 0 after the run: compare.csv as a set, then the table. Returns the exit status. */
/* The figures; a failure is a warning (the numbers are written). */
static void write_plots(const cmp_job *j, const ens_batch *b)
{
    char cap[600], err[600];
    plot_caption(cap, sizeof cap, ens_batch_done(b), "paired replications", ens_batch_seed(b),
                 j->a.file[0]);
    size_t len = strlen(cap);
    const char *base = strrchr(j->a.file[1], '/');
    snprintf(cap + len, sizeof cap - len, " against %s", base ? base + 1 : j->a.file[1]);
    plot_target t = {j->o, NULL, j->a.formats, cap};
    if (plot_compare(b, j->s[0], j->s[1], &t, err, sizeof err) != 0)
        fprintf(stderr, "frontier compare: plots not drawn: %s\n", err);
}

/* The parameters that differ between A and B: replications.csv's columns. */
typedef struct cmp_cols {
    const scenario *s[2];
    const char *keys[64];
    int n;
} cmp_cols;

static double cmp_value(const void *ctx, long rep, int variant, int c)
{
    const cmp_cols *cc = ctx;
    double v = NAN;
    (void)rep;
    scenario_param_get(&cc->s[variant]->p, cc->keys[c], &v);
    return v;
}

static void differing(cmp_cols *cc)
{
    cc->n = 0;
    for (int i = 0; i < scenario_param_count() && cc->n < 64; i++) {
        const char *k = scenario_param_at(i)->key;
        double x, y;
        if (scenario_param_get(&cc->s[0]->p, k, &x) == 0 &&
            scenario_param_get(&cc->s[1]->p, k, &y) == 0 && x != y)
            cc->keys[cc->n++] = k;
    }
}

typedef struct cmp_out {
    const ens_batch *b;
    const ens_cols *cols;
    long start_date;
} cmp_out;

static int w_reps(void *ctx, FILE *f)
{
    const cmp_out *c = ctx;
    return ens_write_replications(c->b, c->start_date, c->cols, f);
}

/* Rank 0 after the run: compare.csv and replications.csv as a set, then the table. Returns
 * the exit status. */
static const char *const variant_labels[2] = {"A", "B"};

static int write_outputs(void *ctx, const ens_batch *b)
{
    cmp_job *j = ctx;
    cmp_cols cc = {{j->s[0], j->s[1]}, {0}, 0};
    differing(&cc);
    ens_cols cols = {"variant", variant_labels, cc.n, cc.keys, cmp_value, &cc};
    draws_cols dc; /* with --posterior, the drawn parameters too */
    cmp_out out = {b, draws_cols_make(&dc, &j->d, &cols), j->s[0]->start_date};
    prov p;
    outdir_prov(&p, &j->a.rec, j->a.file[0], j->s[0], &j->a.sets, NULL, ens_batch_seed(b));
    p.scenario_b = j->a.file[1];
    p.scenario_b_hash = scenario_hash(j->s[1]);
    if (draws_prov("compare", &j->d, &p)) return 1;
    outdir_writing(j->o);
    int rc = outset_write(j->o, "compare.csv", w_compare, (void *)b);
    if (!rc) rc = outset_write(j->o, "replications.csv", w_reps, &out);
    if (rc) return outdir_failed("compare", j->o, rc);
    write_plots(j, b);
    if ((rc = batch_extra_write("compare", &j->a.x, b, j->o, &j->a.rec)) != 0) return rc;
    rc = outdir_commit("compare", j->o, &p);
    if (rc == 0 && !j->a.quiet) print_table(b, j->s[0], j->s[1]);
    return rc;
}

/* Loads both scenarios, opens the output set (rank 0) and creates the batch; prints why not
 * and returns 1 or 2. */
static int setup(cmp_args *a, scenario *s[2], outset **o, ens_batch **bp)
{
    int status = load_both(a, s), err = 0;
    if (status != 0) return status;
    char dir[4096], sa[256], sb[256];
    args_file_stem(a->file[0], sa, sizeof sa);
    args_file_stem(a->file[1], sb, sizeof sb);
    if (a->out) snprintf(dir, sizeof dir, "%s", a->out);
    else snprintf(dir, sizeof dir, "out/%s-vs-%s", sa, sb);
    if (ens_mpi_rank() == 0 && (status = outdir_begin("compare", dir, o)) != 0) return status;
    /* The batch borrows the variants array: s lives in the caller. */
    *bp = ens_batch_create((const scenario *const *)s, 2, a->have_seed ? a->seed : s[0]->seed,
                           a->n, 0, &err);
    if (!*bp) {
        fprintf(stderr, "frontier compare: %s\n", sim_strerror(err));
        return 1;
    }
    return batch_extra_setup("compare", &a->x, *bp, 0, *o, s[0]->start_date, "variant",
                             variant_labels);
}

static int cmp_setup(void *ctx, int argc, char **argv, ens_batch **b, long *jobs)
{
    cmp_job *j = ctx;
    int rc = parse(argc, argv, &j->a);
    *jobs = j->a.jobs;
    if (rc == 0) rc = setup(&j->a, j->s, &j->o, b);
    if (rc == 0) rc = draws_setup("compare", &j->d, j->a.posterior, &j->a.sets,
                                  (const scenario *const *)j->s, 2, *b);
    return rc;
}

static void cmp_cleanup(void *ctx, ens_batch *b)
{
    cmp_job *j = ctx;
    ens_batch_destroy(b);
    draws_free(&j->d);
    scenario_destroy(j->s[0]);
    scenario_destroy(j->s[1]);
    batch_extra_free(&j->a.x);
    outset_destroy(j->o);
}

static batch_extra *cmp_extra(void *ctx) { return &((cmp_job *)ctx)->a.x; }

static const batch_cmd CMP_BATCH = {"compare", "pair", "", "pairs", "compare.csv is",
                                    cmp_setup, write_outputs, cmp_cleanup, cmp_extra};

/* parts: NULL for a run, else the part folders frontier merge joins. */
static int compare_main(int argc, char **argv, const char *const *parts, int n_parts)
{
    cmp_job j = {.a = {.n = OPT_INT_UNSET, .jobs = sysconf(_SC_NPROCESSORS_ONLN),
                       .x = BATCH_EXTRA_INIT}};
    if (j.a.jobs < 1) j.a.jobs = 1;
    return parts ? batch_cmd_merge(&CMP_BATCH, &j, argc, argv, parts, n_parts)
                 : batch_cmd_main(&CMP_BATCH, &j, argc, argv);
}

int cmd_compare(int argc, char **argv) { return compare_main(argc, argv, NULL, 0); }

int cmd_compare_merge(int argc, char **argv, const char *const *parts, int n_parts)
{
    return compare_main(argc, argv, parts, n_parts);
}
