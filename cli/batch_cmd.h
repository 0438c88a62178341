/* batch_cmd.h - what `ensemble`, `compare` and `sweep` share around their batch: MPI started
 * and stopped, the other ranks quiet until every rank has parsed and loaded (ranks.h), the
 * batch run with a progress bar and Ctrl-C, and the messages and exit status of a failed or
 * interrupted run. A command supplies its setup and what it writes. */
#ifndef FRONTIER_BATCH_CMD_H
#define FRONTIER_BATCH_CMD_H
#include <limits.h>
#include "analysis/ensemble.h"
#include "io/outset.h"
#include "opt.h"
#include "report/ens_series.h"

/* What ensemble, compare and sweep share beyond the frame: --first-replication (a part of a
 * split run, with its part.bin for frontier merge) and --series (every replication's daily
 * series). A command embeds one, puts BATCH_EXTRA_SPECS in its option table, and calls the
 * batch_extra_* functions from its setup, its writer and its cleanup. */
typedef struct batch_extra {
    long first;              /* --first-replication K; BATCH_NO_FIRST when not given */
    const char *series;      /* --series FILE, or NULL */
    long keep;               /* the batch's keep_series, for part.bin */
    ens_series *sink;        /* rank 0, with --series */
} batch_extra;

#define BATCH_NO_FIRST LONG_MIN
#define BATCH_EXTRA_INIT {BATCH_NO_FIRST, NULL, 0, NULL}
#define BATCH_EXTRA_SPECS(x)                                                                \
    {"first-replication", 0, OPT_INT, &(x)->first, "K",                                   \
     "run replications K .. K+N-1 only: a part of a split run (frontier merge joins them)"}, \
    {"series", 0, OPT_STRING, &(x)->series, "FILE",                                       \
     "also write every replication's daily series, long form (FILE.csv or FILE.csv.gz)"}

/* Checks the options after parsing (n replications). Returns 0 or 2 after a message. */
int batch_extra_check(const char *cmd, const batch_extra *x, long n);
/* After the batch is created with keep_series keep: sets its first replication and, on rank
 * 0 with --series, opens the series file in o (variant column lead, labels) and hooks it to
 * the batch. Returns 0 or 1 after a message. */
int batch_extra_setup(const char *cmd, batch_extra *x, ens_batch *b, long keep, outset *o,
                      long start_date, const char *lead, const char *const *labels);
/* In the writer, before the commit: ends the series file and, for a part, writes part.bin
 * with the command line rec. Returns 0 or the exit status after a message. */
int batch_extra_write(const char *cmd, batch_extra *x, const ens_batch *b, outset *o,
                      const opt_record *rec);
/* Frees what setup made. */
void batch_extra_free(batch_extra *x);

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
    /* The command's batch_extra (for frontier merge). */
    batch_extra *(*extra)(void *ctx);
} batch_cmd;

/* Runs command c with its state ctx: MPI begin, setup on every rank, agreement, the run,
 * write on rank 0, cleanup, MPI end. Returns the exit status: 0, 1 (a replication or a
 * write failed), 2 (bad input), 130 (interrupted; partial outputs written). */
int batch_cmd_main(const batch_cmd *c, void *ctx, int argc, char **argv);

/* frontier merge: the same, but instead of running the batch it reads the results of the
 * parts in dirs[0..n_dirs-1] (each an output folder written with --first-replication, its
 * manifest checked, together covering replications 0..N-1 of the N that argv asks for), and
 * their --series files, then writes as one run would have. Returns the exit status: 0, 1, 2
 * (a part is missing, changed, partial or does not fit). */
int batch_cmd_merge(const batch_cmd *c, void *ctx, int argc, char **argv,
                    const char *const *dirs, int n_dirs);

#endif
