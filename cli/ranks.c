/* ranks.c - rank 0 speaks for every MPI rank; all ranks agree before running. */
#include "ranks.h"
#include "analysis/ens_mpi.h"
#include <unistd.h>

void ranks_hush(ranks_quiet *q)
{
    *q = (ranks_quiet){NULL, -1, -1};
    if (ens_mpi_rank() == 0) return;
    fflush(stdout);
    fflush(stderr);
    q->buf = tmpfile();
    if (!q->buf) return;
    q->saved_out = dup(STDOUT_FILENO);
    q->saved_err = dup(STDERR_FILENO);
    if (q->saved_out < 0 || q->saved_err < 0 || dup2(fileno(q->buf), STDOUT_FILENO) < 0 ||
        dup2(fileno(q->buf), STDERR_FILENO) < 0) {
        if (q->saved_out >= 0) dup2(q->saved_out, STDOUT_FILENO);
        if (q->saved_err >= 0) dup2(q->saved_err, STDERR_FILENO);
    }
}

/* Puts stdout and stderr back; with replay, copies what was printed meanwhile to stderr. */
static void quiet_end(ranks_quiet *q, int replay)
{
    if (!q->buf) return;
    fflush(stdout);
    fflush(stderr);
    if (q->saved_out >= 0) {
        dup2(q->saved_out, STDOUT_FILENO);
        close(q->saved_out);
    }
    if (q->saved_err >= 0) {
        dup2(q->saved_err, STDERR_FILENO);
        close(q->saved_err);
    }
    if (replay) {
        char line[1024];
        rewind(q->buf);
        while (fgets(line, sizeof line, q->buf)) fputs(line, stderr);
        fflush(stderr);
    }
    fclose(q->buf);
    *q = (ranks_quiet){NULL, -1, -1};
}

int ranks_agree(ranks_quiet *q, const char *cmd, int status, uint64_t key)
{
    int first = -1;
    int all = ens_mpi_agree(status, key, &first);
    int rank = ens_mpi_rank();
    if (rank == 0 && first > 0)
        fprintf(stderr, "frontier %s: rank %d of %d could not set up the run, or was given a "
                        "different one (arguments or scenario files that differ from rank "
                        "0's); nothing was run\n", cmd, first, ens_mpi_size());
    quiet_end(q, first > 0 && rank == first);
    return all;
}
