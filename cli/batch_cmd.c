/* batch_cmd.c - the shared frame of the ensemble, compare and sweep commands. */
#include "batch_cmd.h"
#include "analysis/ens_mpi.h"
#include "base/err.h"
#include "interrupt.h"
#include "progress.h"
#include "ranks.h"
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
