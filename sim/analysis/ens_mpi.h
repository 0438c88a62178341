/* ens_mpi.h - an ensemble's items split across the ranks of an MPI job and gathered at
 * rank 0 (built with `make MPI=1`, run under mpirun; docs/cluster.md).
 *
 * ens_batch_run (ensemble.h) splits the items across ranks (item i on rank i % size), each
 * rank on its own threads, and gathers the results at rank 0, which alone should write
 * outputs; they are byte-identical to a run without MPI. ens_mpi_begin starts MPI when an MPI
 * launcher started the process (0 or SIM_EIO; without a launcher it does nothing) and
 * ens_mpi_end stops it; every rank must call ens_batch_run the same number of times, on
 * batches with the same ens_batch_key (check with ens_mpi_agree first). Without MPI these
 * are no-ops, rank 0 of 1.
 *
 * Test hook, MPI builds with 2 or more ranks only: FRONTIER_MPI_FAIL_RANK=r makes rank r's
 * first item fail with SIM_ENOMEM (as if it ran out of memory), FRONTIER_MPI_FAIL_RANK=r:kill
 * kills rank r (SIGKILL) as it starts its share. */
#ifndef FRONTIER_ENS_MPI_H
#define FRONTIER_ENS_MPI_H
#include <stddef.h>
#include <stdint.h>

int ens_mpi_begin(void);
void ens_mpi_end(void);
int ens_mpi_rank(void);
int ens_mpi_size(void);

/* Collective (every rank calls it at the same point): combines every rank's setup status
 * (0, or a positive exit status after the rank printed why) and key (ens_batch_key, or
 * anything when status != 0). A rank whose key differs from rank 0's counts as failed with
 * status 2 (bad input: different arguments or files). Returns the largest status, the same
 * on every rank; *first gets the lowest failed rank, or -1 when all are ready. */
int ens_mpi_agree(int status, uint64_t key, int *first);
/* Collective: rank 0's bytes at buf copied to every rank's buf (for results that rank 0
 * gathered and every rank needs next, like a calibration's distances). Returns 0 or
 * SIM_EIO; without MPI it does nothing. */
int ens_mpi_bcast(void *buf, size_t bytes);
/* Waits until every rank calls it, polling every millisecond: an idle rank leaves its core
 * to others (MPI_Barrier spins). Without MPI it returns at once. For benchmarks. */
void ens_mpi_barrier(void);

#endif
