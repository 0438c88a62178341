/* cmd_merge.c - `frontier merge`: joins the output folders of the parts of a split run
 * (ensemble, compare or sweep with --first-replication K -n N, for instance one per task of
 * a Slurm job array) into exactly the folder one run would have written. */
#include "args.h"
#include "base/alloc.h"
#include "cmd.h"
#include "opt.h"
#include "report/ens_part.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MERGE_PARTS_MAX 100000

static const opt_cmd MERGE_CMD = {
    "merge", "DIR... [-o OUT] [-q] [--plots FORMATS | --no-plots]",
    "Joins the output folders of the parts of a split run (ensemble, compare or sweep run "
    "with --first-replication K -n N, each writing its own folder) into the folder the whole "
    "run would have written, byte for byte: the same command line with -n the sum of the "
    "parts, as recorded in the parts (docs/outputs.md). The parts must be whole (not "
    "interrupted), made by this version with the same options, and together cover "
    "replications 0 to N-1 once each. Every part's provenance.json is checked first. "
    "Options that change where the outputs go or whether plots are drawn are not recorded "
    "in the parts: give them to merge (-o, -q, --plots, --no-plots).",
    {"frontier merge out/part-* -o out/whole    # the parts of a Slurm job array",
     "frontier merge a b c -q"}};

typedef struct part {
    const char *dir;
    ens_part_info in;
} part;

static int by_first(const void *x, const void *y)
{
    long a = ((const part *)x)->in.first, b = ((const part *)y)->in.first;
    return (a > b) - (a < b);
}

/* Nonzero for the tokens a part's command line has of its own. */
static int own_token(const char *t)
{
    return strncmp(t, "--first-replication=", 20) == 0 || strncmp(t, "--replications=", 15) == 0;
}

/* Nonzero when two parts' command lines are the same but for their own tokens. */
static int same_command(const ens_part_info *a, const ens_part_info *b)
{
    int i = 0, j = 0;
    for (;;) {
        while (i < a->argc && own_token(a->argv[i])) i++;
        while (j < b->argc && own_token(b->argv[j])) j++;
        if (i == a->argc || j == b->argc) return i == a->argc && j == b->argc;
        if (strcmp(a->argv[i++], b->argv[j++]) != 0) return 0;
    }
}

static int read_parts(part *p, int n)
{
    for (int i = 0; i < n; i++) {
        char path[4200], msg[1400];
        snprintf(path, sizeof path, "%s/" ENS_PART_NAME, p[i].dir);
        if (ens_part_read_info(path, &p[i].in, msg, sizeof msg) != 0) {
            fprintf(stderr, "frontier merge: %s (was it written with --first-replication?)\n",
                    msg);
            return 2;
        }
        if (strcmp(p[i].in.version, FRONTIER_VERSION) != 0) {
            fprintf(stderr, "frontier merge: %s was made by frontier %s; this is %s\n",
                    p[i].dir, p[i].in.version, FRONTIER_VERSION);
            return 2;
        }
    }
    return 0;
}

/* The parts, sorted, must be whole, alike and cover 0 .. total - 1 once each. */
static int check_parts(part *p, int n, long *total)
{
    qsort(p, (size_t)n, sizeof *p, by_first);
    long next = 0;
    for (int i = 0; i < n; i++) {
        const ens_part_info *in = &p[i].in;
        if (in->done != in->n) {
            fprintf(stderr, "frontier merge: %s is partial (%ld of %ld replications: it was "
                    "interrupted); run it again\n", p[i].dir, in->done, in->n);
            return 2;
        }
        if (!same_command(in, &p[0].in)) {
            fprintf(stderr, "frontier merge: %s was run with another command line than %s\n",
                    p[i].dir, p[0].dir);
            return 2;
        }
        if (in->first > next) {
            fprintf(stderr, "frontier merge: replications %ld to %ld are in no part\n", next,
                    in->first - 1);
            return 2;
        }
        if (in->first < next) {
            fprintf(stderr, "frontier merge: %s and %s both hold replication %ld\n",
                    p[i - 1].dir, p[i].dir, in->first);
            return 2;
        }
        next = in->first + in->n;
    }
    *total = next;
    return 0;
}

/* The merge's own options: what the parts do not record (cli/opt.c). */
typedef struct merge_opts {
    const char *out, *plots;
    int quiet, no_plots;
} merge_opts;

/* The whole run's command line (without "frontier"): the first part's, without
 * --first-replication, with --replications=total, and the merge's --out, --quiet, --plots
 * and --no-plots. */
static char **whole_command(const ens_part_info *in, long total, const merge_opts *mo,
                            int *argc, char *nbuf, char *obuf, char *pbuf)
{
    char **v = sim_calloc((size_t)in->argc + 6, sizeof *v);
    if (!v) return NULL;
    int k = 0;
    const char *out = mo->out;
    v[k++] = in->argv[1];
    if (out) v[k++] = obuf;
    if (mo->quiet) v[k++] = "--quiet";
    if (mo->no_plots) v[k++] = "--no-plots";
    if (mo->plots) {
        snprintf(pbuf, 256, "--plots=%s", mo->plots);
        v[k++] = pbuf;
    }
    for (int i = 2; i < in->argc; i++) {
        if (strncmp(in->argv[i], "--first-replication=", 20) == 0) continue;
        v[k++] = strncmp(in->argv[i], "--replications=", 15) == 0 ? nbuf : in->argv[i];
    }
    snprintf(nbuf, 64, "--replications=%ld", total);
    if (out) snprintf(obuf, 4200, "--out=%s", out);
    *argc = k;
    return v;
}

static int dispatch(char **v, int argc, const char *const *dirs, int n)
{
    if (strcmp(v[0], "ensemble") == 0) return cmd_ensemble_merge(argc, v, dirs, n);
    if (strcmp(v[0], "compare") == 0) return cmd_compare_merge(argc, v, dirs, n);
    if (strcmp(v[0], "sweep") == 0) return cmd_sweep_merge(argc, v, dirs, n);
    fprintf(stderr, "frontier merge: the parts were made by 'frontier %s', which has no "
            "parts to merge\n", v[0]);
    return 2;
}

static int merge(part *p, int n, const merge_opts *mo)
{
    long total = 0;
    int rc = read_parts(p, n);
    if (!rc) rc = check_parts(p, n, &total);
    if (!rc && p[0].in.argc < 2) rc = 2;
    if (rc) return rc;
    char nbuf[64], obuf[4200], pbuf[256];
    int argc = 0;
    char **v = whole_command(&p[0].in, total, mo, &argc, nbuf, obuf, pbuf);
    const char **dirs = sim_calloc((size_t)n, sizeof *dirs);
    if (!v || !dirs) {
        fprintf(stderr, "frontier merge: out of memory\n");
        rc = 1;
    } else {
        for (int i = 0; i < n; i++) dirs[i] = p[i].dir;
        rc = dispatch(v, argc, dirs, n);
    }
    sim_free(v);
    sim_free(dirs);
    return rc;
}

int cmd_merge(int argc, char **argv)
{
    merge_opts mo = {NULL, NULL, 0, 0};
    int n = 0;
    const opt_spec specs[] = {
        {"out", 'o', OPT_OUTPUT, &mo.out, "OUT", "the whole run's folder (default: the "
         "command's own, as one run would write)"},
        {"quiet", 'q', OPT_FLAG, &mo.quiet, NULL, "no summary on stdout"},
        {"plots", 0, OPT_STRING, &mo.plots, "png,svg,pdf|none",
         "figure formats (default png), as the command takes them"},
        {"no-plots", 0, OPT_FLAG, &mo.no_plots, NULL, "no figures (--plots none)"},
    };
    const char **pos = calloc(MERGE_PARTS_MAX, sizeof *pos);
    if (!pos) return 1;
    int rc = opt_parse_cmd(&MERGE_CMD, argc, argv, specs, 4, pos, 1, MERGE_PARTS_MAX, &n, NULL);
    part *p = rc == 0 ? sim_calloc((size_t)n, sizeof *p) : NULL;
    if (rc == 0 && !p) rc = 1;
    for (int i = 0; p && i < n; i++) p[i].dir = pos[i];
    if (rc == 0) rc = merge(p, n, &mo);
    for (int i = 0; p && i < n; i++) ens_part_info_free(&p[i].in);
    sim_free(p);
    free(pos);
    return rc < 0 ? 0 : rc;
}
