/* batch_cmd.h - what `ensemble`, `compare` and `sweep` share around their batch: MPI started
 * and stopped, the other ranks quiet until every rank has parsed and loaded (ranks.h), the
 * batch run with a progress bar and Ctrl-C, and the messages and exit status of a failed or
 * interrupted run. A command supplies its setup and what it writes. */
#ifndef FRONTIER_BATCH_CMD_H
#define FRONTIER_BATCH_CMD_H
#include "analysis/ensemble.h"

typedef struct batch_cmd {
    const char *name;      /* "ensemble": messages start with "frontier ensemble: " */
    const char *item;      /* what a failure names: "replication" 12 ... */
    const char *item_of;   /* ... and after it: "" or " of a grid point" */
    const char *unit;      /* "interrupted after 40 of 100 replications" (or "pairs") */
    const char *partial;   /* "... outputs are" / "sweep.csv is" marked partial */
    /* Parses argv and loads what the batch runs: *b gets the batch, *jobs its threads.
     * Returns 0, a positive exit status after printing why, or a negative value when there
     * is nothing to run (--help was printed: exit 0). */
    int (*setup)(void *ctx, int argc, char **argv, ens_batch **b, long *jobs);
    /* Rank 0 only, after a run that finished or was interrupted (b is then partial): writes
     * the outputs (an output set, cli/outdir.h) and prints. Returns 0 or an exit status after
     * printing why (1, or 130 when an interrupt stopped the writing). */
    int (*write)(void *ctx, const ens_batch *b);
    /* Frees what setup made, the batch b (may be NULL) included; called once, always. */
    void (*cleanup)(void *ctx, ens_batch *b);
} batch_cmd;

/* Runs command c with its state ctx: MPI begin, setup on every rank, agreement, the run,
 * write on rank 0, cleanup, MPI end. Returns the exit status: 0, 1 (a replication or a
 * write failed), 2 (bad input), 130 (interrupted; partial outputs written). */
int batch_cmd_main(const batch_cmd *c, void *ctx, int argc, char **argv);

#endif
