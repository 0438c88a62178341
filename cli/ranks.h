/* ranks.h - the subcommands' side of MPI: one voice (rank 0) and one agreement before running.
 *
 * Under mpirun every rank parses the same arguments and loads the same files, so each would
 * print the same errors. Between ranks_hush and ranks_agree the other ranks' stdout and
 * stderr go to a scratch file. ranks_agree then tells every rank whether all are ready;
 * when rank 0 was but another rank was not (a file missing or different on its node,
 * different arguments), rank 0 says which rank and that rank shows what it printed, so a
 * run never fails silently. Without MPI, or with one rank, both do nothing but combine. */
#ifndef FRONTIER_RANKS_H
#define FRONTIER_RANKS_H
#include <stdint.h>
#include <stdio.h>

/* Caller-owned; filled by ranks_hush. */
typedef struct ranks_quiet {
    FILE *buf;                /* scratch file taking this rank's output, or NULL */
    int saved_out, saved_err; /* the real stdout and stderr, or -1 */
} ranks_quiet;

/* On ranks other than 0, sends stdout and stderr to a scratch file until ranks_agree.
 * Cannot fail: without a scratch file the rank keeps printing. */
void ranks_hush(ranks_quiet *q);

/* Collective (every rank calls it once after ranks_hush): restores the output, combines
 * status (0 or a positive exit status) and key (ens_batch_key, or 0 when status != 0) as
 * ens_mpi_agree does, and prints as described above under "frontier CMD: ". Returns the
 * largest status over the ranks. */
int ranks_agree(ranks_quiet *q, const char *cmd, int status, uint64_t key);

#endif
