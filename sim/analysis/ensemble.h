/* ensemble.h - batches of replications, their totals and statistics.
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
 * first keep_series replications.
 *
 * The threads are in ens_runner.h, the MPI split in ens_mpi.h, sweep grids in ens_grid.h and
 * the files written from a batch in report/ens_write.h. */
#ifndef FRONTIER_ENSEMBLE_H
#define FRONTIER_ENSEMBLE_H
#include "analysis/ens_runner.h"
#include "analysis/stats.h"
#include "model/model.h"
#include <stddef.h>
#include <stdint.h>

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

/* Per-item parameters: told the replication and variant of an item and a copy of the
 * variant's parameters, it changes them for this item alone (a posterior draw, a design
 * point) and may change *stream_rep, the replication whose random streams the run uses
 * (rep on entry). Called from worker threads: it must be thread-safe and depend only on its
 * arguments, so outputs stay byte-identical for any --jobs and MPI split. Returns 0 or a
 * SIM_E* code (the item fails). */
typedef int (*ens_params_fn)(void *ctx, long rep, int variant, scn_params *p,
                             uint64_t *stream_rep);
/* Sets the batch's per-item parameters (before ens_batch_run; fn NULL: none). key is a
 * digest of what fn does (the posterior's hash, the design's), mixed into ens_batch_key. */
void ens_batch_set_params(ens_batch *b, ens_params_fn fn, void *ctx, uint64_t key);
/* The parameters and stream replication item (rep, variant) runs with: the variant's, as
 * changed by the batch's ens_params_fn. rep counts the batch's own replications (0..n-1);
 * the function is told, and the stream defaults to, first + rep (ens_batch_set_first), so
 * a part of a split run draws what one run would. Returns 0 or the function's error. */
int ens_batch_item_params(const ens_batch *b, long rep, int variant, scn_params *p,
                          uint64_t *stream_rep);
/* The key given to ens_batch_set_params (0: no per-item parameters). */
uint64_t ens_batch_params_key(const ens_batch *b);

/* A probe: what a command reads from each run beyond its totals. Instead of model_run the
 * batch calls fn(ctx, m, rep, variant, row), which must run m to its horizon (stepping with
 * model_run_until, reading the totals as they grow) and fill row[0..width-1]; the rows are
 * kept per item (and gathered under MPI) like the totals. Called from worker threads: it
 * must be thread-safe and depend only on its arguments and the run. Returns 0 or the run's
 * SIM_E* code (SIM_EINTR when the stop flag stopped it). */
typedef int (*ens_probe_fn)(void *ctx, model *m, long rep, int variant, double *row);
/* Sets the batch's probe (before ens_batch_run): width > 0 doubles per item; key is a
 * digest of what fn records, mixed into ens_batch_key. Returns 0, SIM_EINVAL (width < 1 or
 * fn NULL) or SIM_ENOMEM. */
int ens_batch_set_probe(ens_batch *b, int width, ens_probe_fn fn, void *ctx, uint64_t key);
/* The probe row of a finished item (rep < ens_batch_done), or NULL without a probe. */
const double *ens_batch_probe_row(const ens_batch *b, long rep, int variant);

/* Makes item i replication first + i / k (its random streams are those of (seed, first +
 * i / k)), so that a run can be split into parts (--first-replication) that join into what
 * one run would have given: series are kept for the replications first + r < keep_series
 * (counted from 0, as in one run). Call before ens_batch_run. Returns 0 or SIM_EINVAL
 * (first < 0). */
int ens_batch_set_first(ens_batch *b, long first);
long ens_batch_first(const ens_batch *b);

/* Called on a worker thread after item `item` (replication rep, counted from 0 as in one
 * run, of variant) ran to its end, with its model (which keeps its daily series when a hook
 * is set); concurrently for different items, in any order. Returns 0 or a SIM_E* code,
 * which fails the batch. */
typedef int (*ens_item_hook)(void *ctx, long item, long rep, int variant, const model *m);
void ens_batch_set_hook(ens_batch *b, ens_item_hook fn, void *ctx);

/* For frontier merge: stores the totals of replication rep (local: 0..n-1) of variant, and
 * its kept series (days x ENS_NSERIES floats, day-major, or NULL), as a run would have;
 * ens_batch_set_done then says how many replications are whole. Return 0 or SIM_EINVAL. */
int ens_batch_put(ens_batch *b, long rep, int variant, const model_totals *t);
int ens_batch_put_series(ens_batch *b, long rep, const float *series);
void ens_batch_set_done(ens_batch *b, long done);

/* Runs the batch (see ens_run_items; progress counts items, n x k in all). Returns 0,
 * SIM_EINTR when stopped (the finished replications stay usable), or a SIM_E* error.
 * Under MPI the items are split across the ranks and gathered at rank 0 (ens_mpi.h): a
 * batch created on another rank holds only that rank's items, so the accessors and
 * statistics below are for rank 0 (or a lone process) only; progress is reported on rank 0
 * only, as its share times the number of ranks; when an item fails on any rank every rank
 * returns the error and ens_batch_done is the failing replication. */
int ens_batch_run(ens_batch *b, int jobs, volatile const int *stop, ens_progress_fn progress,
                  void *progress_ctx);

/* A digest of what a batch will run: n, k, seed, the first replication, the series kept and
 * every variant's scenario_hash. Ranks that disagree on it would gather mismatched results. */
uint64_t ens_batch_key(const ens_batch *b);

/* Wall seconds this rank spent in the last ens_batch_run's gather (moving the other ranks'
 * results to rank 0, after every rank finished): 0 without MPI or with one rank. */
double ens_batch_gather_seconds(const ens_batch *b);

long ens_batch_n(const ens_batch *b);            /* replications asked for */
uint64_t ens_batch_variant_hash(const ens_batch *b, int variant); /* its scenario_hash */
int ens_batch_k(const ens_batch *b);
uint64_t ens_batch_seed(const ens_batch *b);
/* Replications finished for every variant (== n unless stopped or failed). */
long ens_batch_done(const ens_batch *b);
int ens_batch_partial(const ens_batch *b);       /* done < n */
const model_totals *ens_batch_totals(const ens_batch *b, long rep, int variant);
/* Days in the kept series (0 without series), the number of finished replications with
 * series (the first ones of the batch), and one value (NaN when that day is missing; rep <
 * ens_batch_series_reps). */
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
/* The same summary of n values v (NaN values are left out), for outputs computed outside a
 * batch (forecast). Returns 0 or SIM_ENOMEM. */
int ens_summarize_values(const double *v, long n, ens_summary *out);
/* Paired differences (variant vb minus va) of one total over the pairs where both values
 * are defined (diff.m.n tells how many): the summary of the differences, and the means and
 * variances of A and B over the same pairs. (var_a + var_b) / var(diff) is the variance
 * reduction of pairing against independent runs. */
typedef struct ens_paired {
    ens_summary diff;
    double mean_a, mean_b, var_a, var_b;
} ens_paired;

int ens_summarize_diff(const ens_batch *b, int va, int vb, int total, ens_paired *out);
/* "Within d days": a first strike at time t (days since the start; day k is [k, k+1))
 * came within d days when 0 <= t < d, that is on day 0 .. d-1. A strike at the tick that
 * opens day d (t = d) is not within d days. Every "within" figure (ensemble, compare,
 * sweep, forecast) counts with this, and 1 - S(d-) of the Kaplan-Meier curve agrees with
 * it. first_strike_day < 0 (no strike) is never within. */
int ens_within(double first_strike_day, double d);
/* Replications of variant whose first strike came within d days, of `done`. */
long ens_strikes_by(const ens_batch *b, int variant, double d);

/* The first strike over the finished runs of one variant, runs that never struck included:
 * the mean and quantiles of first_strike_day are over the `struck` runs only (conditional on
 * a strike), while the Kaplan-Meier median (runs without a strike censored at the horizon)
 * is over all `runs`; it is NaN ("not reached") when fewer than half struck, and so are the
 * bounds of its interval that the band never reaches. */
typedef struct ens_first_strike {
    long runs, struck;
    ens_summary among_struck;
    stats_km_median km;
} ens_first_strike;

int ens_first_strike_summary(const ens_batch *b, int variant, double horizon,
                             ens_first_strike *out);
/* The Kaplan-Meier curve of the first-strike day of variant 0 (runs without a strike
 * censored at horizon) into rows (room for ens_batch_done rows). Returns 0 or SIM_ENOMEM. */
int ens_first_strike_km(const ens_batch *b, double horizon, stats_km_row *rows,
                        size_t *n_rows);
/* The same for any variant. */
int ens_first_strike_km_of(const ens_batch *b, int variant, double horizon,
                           stats_km_row *rows, size_t *n_rows);
/* Daily 5/25/50/75/95% quantiles q[0..4][day] and mean[day] of series which over the
 * finished runs (each array has ens_batch_days entries; NaN where no run reached the day;
 * q or mean or any q[j] may be NULL). Only what an output uses is computed: the quantiles
 * of every series but ENS_SERIES_THRESHOLD and the mean of ENS_SERIES_THRESHOLD; the other
 * entries are NaN. Returns 0, SIM_EINVAL (no series kept), SIM_ENOMEM. */
int ens_fan(const ens_batch *b, int which, double *const q[5], double *mean);

#endif
