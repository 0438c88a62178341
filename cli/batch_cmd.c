/* batch_cmd.c - the shared frame of the ensemble, compare and sweep commands. */
#include "batch_cmd.h"
#include "analysis/ens_mpi.h"
#include "base/err.h"
#include "cmd.h"
#include "interrupt.h"
#include "io/manifest.h"
#include "outdir.h"
#include "progress.h"
#include "ranks.h"
#include "report/ens_part.h"
#include <limits.h>
#include <stdio.h>

/* Runs the batch with a progress bar; on rank 0 writes (unless an item failed) and says
 * what happened. Returns the exit status. */
static int run_and_write(const batch_cmd *c, void *ctx, ens_batch *b, long jobs)
{
    progress pr;
    progress_init(&pr, stderr, c->name, "runs", ens_batch_n(b) * ens_batch_k(b));
    int rc = ens_batch_run(b, (int)jobs, interrupt_flag(), progress_callback, &pr);
    progress_finish(&pr);
    int status = rc == 0 ? 0 : rc == SIM_EINTR ? 130 : 1;
    if (ens_mpi_rank() != 0) return status;
    if (status == 1) {
        fprintf(stderr, "frontier %s: %s %ld%s failed: %s; nothing was written\n", c->name,
                c->item, ens_batch_done(b), c->item_of, sim_strerror(rc));
        return 1;
    }
    int written = c->write(ctx, b);
    if (written != 0) return written; /* it said why: 1, or 130 when interrupted writing */
    if (rc == SIM_EINTR)
        fprintf(stderr, "frontier %s: interrupted after %ld of %ld %s; %s marked partial\n",
                c->name, ens_batch_done(b), ens_batch_n(b), c->unit, c->partial);
    return status;
}

/* Under MPI the other ranks stay quiet until every rank has parsed and loaded. Ctrl-C is
 * caught from the start: one that comes while loading stops the run before its first
 * replication (and the empty, partial outputs say so), instead of killing the process. */
static int batch_main(const batch_cmd *c, void *ctx, int argc, char **argv)
{
    interrupt_install();
    ranks_quiet q;
    ranks_hush(&q);
    ens_batch *b = NULL;
    long jobs = 1;
    int rc = c->setup(ctx, argc, argv, &b, &jobs);
    int status = rc < 0 ? 0 : rc;
    status = ranks_agree(&q, c->name, status, b && rc == 0 ? ens_batch_key(b) : 0);
    if (status == 0 && rc == 0) status = run_and_write(c, ctx, b, jobs);
    c->cleanup(ctx, b);
    return status;
}

int batch_cmd_main(const batch_cmd *c, void *ctx, int argc, char **argv)
{
    if (ens_mpi_begin() != 0) {
        fprintf(stderr, "frontier %s: MPI did not start\n", c->name);
        return 1;
    }
    int status = batch_main(c, ctx, argc, argv);
    ens_mpi_end();
    return status;
}

/* ===== --first-replication and --series ================================================= */

int batch_extra_check(const char *cmd, const batch_extra *x, long n)
{
    if (x->first != BATCH_NO_FIRST && (x->first < 0 || x->first > LONG_MAX / 2 - n))
        return opt_usage_error(cmd, "--first-replication: expected a replication number >= 0, "
                               "found %ld", x->first);
    if (x->series && !ens_series_name_ok(x->series))
        return opt_usage_error(cmd, "--series: expected a file name in the output folder "
                               "ending in .csv or .csv.gz, found '%s'", x->series);
    if (x->series && ens_mpi_size() > 1) {
        fprintf(stderr, "frontier %s: --series is not available under MPI; split the run "
                "with --first-replication and join the parts with frontier merge "
                "(docs/cluster.md)\n", cmd);
        return 2;
    }
    return 0;
}

int batch_extra_setup(const char *cmd, batch_extra *x, ens_batch *b, long keep, outset *o,
                      long start_date, const char *lead, const char *const *labels)
{
    x->keep = keep;
    if (x->first != BATCH_NO_FIRST) ens_batch_set_first(b, x->first); /* checked: >= 0 */
    if (!x->series || ens_mpi_rank() != 0) return 0;
    int err = 0;
    x->sink = ens_series_open(o, x->series, start_date, ens_batch_k(b), lead, labels, &err);
    if (!x->sink) {
        fprintf(stderr, "frontier %s: %s\n", cmd, err == SIM_ENOMEM ? "out of memory"
                                                                      : outset_error(o));
        return 1;
    }
    ens_batch_set_hook(b, ens_series_hook, x->sink);
    return 0;
}

int batch_extra_write(const char *cmd, batch_extra *x, const ens_batch *b, outset *o,
                      const opt_record *rec)
{
    int rc = 0;
    if (x->sink) {
        rc = ens_series_close(x->sink, ens_batch_done(b) * ens_batch_k(b));
        if (rc) {
            fprintf(stderr, "frontier %s: cannot write %s/%s: %s; nothing was written\n", cmd,
                    outset_dir(o), x->series, sim_strerror(rc));
            return 1;
        }
    }
    if (x->first == BATCH_NO_FIRST) return 0;
    rc = ens_part_write(o, b, x->keep, FRONTIER_VERSION, rec->argv, rec->argc);
    return rc ? outdir_failed(cmd, o, rc) : 0;
}

void batch_extra_free(batch_extra *x)
{
    ens_series_destroy(x->sink);
    x->sink = NULL;
}

/* ===== frontier merge ==================================================================== */

/* Checks dir's manifest and loads its part into b (and its series into the sink). */
static int merge_part(const char *cmd, batch_extra *x, ens_batch *b, const char *dir)
{
    char msg[1400], path[4200];
    if (manifest_verify(dir, msg, sizeof msg) != 0) {
        fprintf(stderr, "frontier %s: %s\n", cmd, msg);
        return 2;
    }
    snprintf(path, sizeof path, "%s/" ENS_PART_NAME, dir);
    ens_part_info in;
    if (ens_part_read_info(path, &in, msg, sizeof msg) != 0) {
        fprintf(stderr, "frontier %s: %s\n", cmd, msg);
        return 2;
    }
    ens_part_info_free(&in); /* its counts stay */
    if (ens_part_load(path, b, x->keep, msg, sizeof msg) != 0) {
        fprintf(stderr, "frontier %s: %s\n", cmd, msg);
        return 2;
    }
    if (!x->sink) return 0;
    snprintf(path, sizeof path, "%s/%s", dir, x->series);
    int rc = ens_series_add_file(x->sink, path, in.first * in.k, in.done * in.k);
    if (rc) fprintf(stderr, "frontier %s: %s: %s\n", cmd, path,
                    rc == SIM_EPARSE ? "not the series of the part's replications"
                                     : sim_strerror(rc));
    return rc ? 2 : 0;
}

int batch_cmd_merge(const batch_cmd *c, void *ctx, int argc, char **argv,
                    const char *const *dirs, int n_dirs)
{
    interrupt_install();
    ens_batch *b = NULL;
    long jobs = 1;
    int rc = c->setup(ctx, argc, argv, &b, &jobs);
    int status = rc < 0 ? 0 : rc;
    batch_extra *x = status == 0 && rc == 0 ? c->extra(ctx) : NULL;
    for (int i = 0; x && status == 0 && i < n_dirs; i++)
        status = merge_part(c->name, x, b, dirs[i]);
    if (x && status == 0) {
        ens_batch_set_done(b, ens_batch_n(b));
        status = c->write(ctx, b);
    }
    c->cleanup(ctx, b);
    return status;
}
