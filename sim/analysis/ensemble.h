/* ensemble.h - replications over threads, their statistics, paired comparisons and sweeps.
 *
 * A batch runs N replications of K scenario variants: item i is replication r = i / K of
 * variant k = i % K, run as model_create(variant k, seed, r, ...). So every variant's
 * replication r uses the same random streams (common random numbers), and a batch cut short
 * holds the same replications of every variant (interleaved, replication-major). Items are
 * claimed in increasing order by J threads and their results stored by index, so every
 * output is byte-identical for any J. An ensemble is K = 1, a comparison K = 2, a sweep
 * K = the grid size.
 *
 * Memory: the totals of every item are kept (N x K model_totals) so quantiles are exact and
 * replications.csv can be written; moments are computed in a streaming (Welford) pass in
 * replication order. With series on (K = 1 only), 5 floats per replication and day are kept
 * for the daily quantiles of fan.csv (about 7 MB per 1,000 replications of 365 days) for the
 * first keep_series replications. */
#ifndef FRONTIER_ENSEMBLE_H
#define FRONTIER_ENSEMBLE_H
#include "analysis/stats.h"
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>

/* --- the runner ---------------------------------------------------------------------- */

/* Runs item index; called from worker threads, concurrently for different indices. It must
 * only write state that belongs to that index. Returns 0 or a SIM_E* code. */
typedef int (*ens_item_fn)(void *ctx, long index);
/* Told, from the calling thread about ten times a second, how many items are finished. */
typedef void (*ens_progress_fn)(void *ctx, long done);

/* Runs fn for items 0..n-1 on jobs threads (jobs < 1 means 1). When *stop (may be NULL)
 * becomes nonzero no new item is claimed and claimed ones finish, so the finished items are
 * always the prefix 0..*done-1. Returns 0, SIM_EINTR when stopped early, SIM_ENOMEM when a
 * thread could not start, or the error of the failing item (then *done is its index). */
int ens_run_items(long n, int jobs, ens_item_fn fn, void *ctx, volatile const int *stop,
                  ens_progress_fn progress, void *progress_ctx, long *done);

/* --- totals ---------------------------------------------------------------------------- */

/* The fields of model_totals, in struct order: count, names ("attacks", ...) and value as a
 * double (NaN for first_strike_day and first_ultimatum_day when there was none). */
int ens_total_count(void);
const char *ens_total_name(int i);
int ens_total_is_int(int i);
double ens_total_value(const model_totals *t, int i);
/* Index of a total by name, or -1. */
int ens_total_find(const char *name);

/* --- batches --------------------------------------------------------------------------- */

typedef struct ens_batch ens_batch;

/* Series kept per replication and day (with keep_series). */
enum { ENS_SERIES_THREAT, ENS_SERIES_ATTACKS_7D, ENS_SERIES_COOPERATION, ENS_SERIES_LADDER,
       ENS_SERIES_THRESHOLD, ENS_NSERIES };
const char *ens_series_name(int which);   /* "threat", "attacks_7d", ... */

/* A batch of n replications of the k scenarios variants[0..k-1] (borrowed: they must outlive
 * the batch), seeded with seed. The daily series of the first keep_series replications
 * (0: none; only with k == 1) are kept for fan charts. Returns NULL on no memory or bad
 * arguments (*err gets SIM_ENOMEM/SIM_EINVAL). */
ens_batch *ens_batch_create(const scenario *const *variants, int k, uint64_t seed, long n,
                            long keep_series, int *err);
void ens_batch_destroy(ens_batch *b); /* accepts NULL */

/* Runs the batch (see ens_run_items; progress counts items, n x k in all). Returns 0,
 * SIM_EINTR when stopped (the finished replications stay usable), or a SIM_E* error. */
int ens_batch_run(ens_batch *b, int jobs, volatile const int *stop, ens_progress_fn progress,
                  void *progress_ctx);

/* MPI (built with `make MPI=1`, run under mpirun): ens_batch_run splits the items across
 * ranks (item i on rank i % size), each rank on its own threads, and gathers the results
 * at rank 0, which alone should write outputs; they are byte-identical to a run without
 * MPI. A batch created on another rank holds only that rank's items, so the accessors and
 * statistics below are for rank 0 (or a lone process) only. Progress is reported on rank 0
 * only, as its share times the number of ranks. When an item fails on any rank every rank
 * returns the error and ens_batch_done is the failing replication. ens_mpi_begin starts MPI
 * when an MPI launcher started the process (0 or SIM_EIO; without a launcher it does
 * nothing) and ens_mpi_end stops it; every rank must call ens_batch_run the same number of
 * times, on batches with the same ens_batch_key (check with ens_mpi_agree first). Without
 * MPI these are no-ops, rank 0 of 1.
 *
 * Test hook, MPI builds with 2 or more ranks only: FRONTIER_MPI_FAIL_RANK=r makes rank r's
 * first item fail with SIM_ENOMEM (as if it ran out of memory), FRONTIER_MPI_FAIL_RANK=r:kill
 * kills rank r (SIGKILL) as it starts its share. */
int ens_mpi_begin(void);
void ens_mpi_end(void);
int ens_mpi_rank(void);
int ens_mpi_size(void);

/* A digest of what a batch will run: n, k, seed, the series kept and every variant's
 * scenario_hash. Ranks that disagree on it would gather mismatched results. */
uint64_t ens_batch_key(const ens_batch *b);

/* Collective (every rank calls it at the same point): combines every rank's setup status
 * (0, or a positive exit status after the rank printed why) and key (ens_batch_key, or
 * anything when status != 0). A rank whose key differs from rank 0's counts as failed with
 * status 2 (bad input: different arguments or files). Returns the largest status, the same
 * on every rank; *first gets the lowest failed rank, or -1 when all are ready. */
int ens_mpi_agree(int status, uint64_t key, int *first);
/* Waits until every rank calls it, polling every millisecond: an idle rank leaves its core
 * to others (MPI_Barrier spins). Without MPI it returns at once. For benchmarks. */
void ens_mpi_barrier(void);
/* Wall seconds this rank spent in the last ens_batch_run's gather (moving the other ranks'
 * results to rank 0, after every rank finished): 0 without MPI or with one rank. */
double ens_batch_gather_seconds(const ens_batch *b);

long ens_batch_n(const ens_batch *b);            /* replications asked for */
int ens_batch_k(const ens_batch *b);
uint64_t ens_batch_seed(const ens_batch *b);
/* Replications finished for every variant (== n unless stopped or failed). */
long ens_batch_done(const ens_batch *b);
int ens_batch_partial(const ens_batch *b);       /* done < n */
const model_totals *ens_batch_totals(const ens_batch *b, long rep, int variant);
/* Days in the kept series (0 without series), the number of finished replications with
 * series, and one value (NaN when that day is missing; rep < ens_batch_series_reps). */
int ens_batch_days(const ens_batch *b);
long ens_batch_series_reps(const ens_batch *b);
double ens_batch_series(const ens_batch *b, long rep, int day, int which);

/* --- statistics ------------------------------------------------------------------------ */

/* Summary of one total over the finished replications of one variant. */
typedef struct ens_summary {
    stats_moments m;             /* n counts the replications where the total is defined */
    double ci_lo, ci_hi;         /* 95% interval of the mean (Student t) */
    double q05, q25, q50, q75, q95;
} ens_summary;

/* Computes the summary of total i of variant. Returns 0 or SIM_ENOMEM. */
int ens_summarize(const ens_batch *b, int variant, int total, ens_summary *out);
/* Paired differences (variant vb minus va) of one total over the pairs where both values
 * are defined (diff.m.n tells how many): the summary of the differences, and the means and
 * variances of A and B over the same pairs. (var_a + var_b) / var(diff) is the variance
 * reduction of pairing against independent runs. */
typedef struct ens_paired {
    ens_summary diff;
    double mean_a, mean_b, var_a, var_b;
} ens_paired;

int ens_summarize_diff(const ens_batch *b, int va, int vb, int total, ens_paired *out);
/* Replications of variant whose first strike came by day d (within d days), of `done`. */
long ens_strikes_by(const ens_batch *b, int variant, double d);

/* --- writers (to open streams; the caller makes the files atomic) ---------------------- */

/* replications.csv: replication, seed, every total (one row per finished replication). */
int ens_write_replications(const ens_batch *b, FILE *f);
/* ensemble.json for variant 0 with the scenario's name and hash. */
int ens_write_json(const ens_batch *b, const scenario *s, FILE *f);
/* first_strike_km.csv: day, at_risk, events, survival, lower, upper; runs without a strike
 * are censored at the horizon. */
int ens_write_km(const ens_batch *b, double horizon, FILE *f);
/* The Kaplan-Meier curve of the first-strike day of variant 0 (runs without a strike
 * censored at horizon) into rows (room for ens_batch_done rows). Returns 0 or SIM_ENOMEM. */
int ens_first_strike_km(const ens_batch *b, double horizon, stats_km_row *rows,
                        size_t *n_rows);
/* Daily 5/25/50/75/95% quantiles q[0..4][day] and mean[day] of series which over the
 * finished runs (each array has ens_batch_days entries; NaN where no run reached the day;
 * q or mean or any q[j] may be NULL). Returns 0, SIM_EINVAL (no series kept), SIM_ENOMEM. */
int ens_fan(const ens_batch *b, int which, double *const q[5], double *mean);
/* Writes, each atomically into dir (created if needed): replications.csv, ensemble.json,
 * first_strike_km.csv and, when series were kept, fan.csv. Returns 0, or SIM_EIO /
 * SIM_ENOMEM with errno set and the failing file's name in failed. */
int ens_write_ensemble(const ens_batch *b, const scenario *s, const char *dir, char *failed,
                       size_t failed_len);
/* fan.csv: day and the 5/25/50/75/95% quantiles of each kept series, and the mean
 * effective threshold. Returns SIM_EINVAL when no series were kept. */
int ens_write_fan(const ens_batch *b, FILE *f);

/* compare.csv: one row per total with the paired statistics of variant 1 minus variant 0:
 * total, pairs, mean_a, mean_b, diff_mean, diff_sd, diff_ci_lo, diff_ci_hi, var_unpaired,
 * var_paired, variance_reduction, partial. */
int ens_write_compare(const ens_batch *b, FILE *f);

/* --- sweeps ---------------------------------------------------------------------------- */

#define ENS_AXIS_MAX 8

/* One --vary axis: lo, lo + step, ... up to hi inclusive (within a tolerance of 1e-9 step). */
typedef struct ens_axis {
    char key[128];
    double lo, hi, step;
    long n;
} ens_axis;

/* Parses "key=lo:hi:step" (or "key=value" for one point). The key must be in the parameter
 * table and every value inside its range. Returns 0, or SIM_EPARSE / SIM_EINVAL (unknown
 * key) / SIM_ERANGE with a message in msg. */
int ens_axis_parse(const char *spec, ens_axis *ax, char *msg, size_t msg_len);
double ens_axis_value(const ens_axis *ax, long i);
/* Grid size (product of the axes' sizes); 0 on overflow past limit. */
long ens_grid_size(const ens_axis *axes, int n_axes, long limit);
/* Values of grid point g (the last axis varies fastest) into values[0..n_axes-1]. */
void ens_grid_point(const ens_axis *axes, int n_axes, long g, double *values);

/* sweep.csv: one row per grid point (variant g of the batch is grid point g): point, the
 * axes' values, seed, n, partial, then <total>_mean, _sd, _ci_lo, _ci_hi for every total and
 * p_strike_90 with its Wilson interval (p_strike_90_lo, p_strike_90_hi). */
int ens_write_sweep(const ens_batch *b, const ens_axis *axes, int n_axes, FILE *f);

#endif
