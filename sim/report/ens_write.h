/* ens_write.h - the files of an ensemble (replications.csv, ensemble.json,
 * first_strike_km.csv, fan.csv), a comparison (compare.csv) and a sweep (sweep.csv).
 *
 * The ens_write_* writers write to open streams; ens_write_ensemble writes the files of an
 * ensemble into an output set (io/outset.h). Numbers have fixed formats (io/csvw.h,
 * io/jsonw.h), so the same batch gives byte-identical files. */
#ifndef FRONTIER_ENS_WRITE_H
#define FRONTIER_ENS_WRITE_H
#include "analysis/ens_grid.h"
#include "analysis/ensemble.h"
#include "io/outset.h"
#include "io/prov.h"
#include <stdio.h>

/* One summary (ens_summarize) as a JSON object: n, mean, sd, ci95_lo, ci95_hi (of the
 * mean), q05, q25, median, q75, q95, min, max; null where undefined. */
void ens_json_summary(FILE *f, const ens_summary *s);
/* The chance of a first strike within days, k of n runs: {"days", "count", "n", "p",
 * "ci95_lo", "ci95_hi"} (Wilson score interval). */
void ens_json_within(FILE *f, double days, long k, long n);

/* The columns replications.csv adds to replication and seed: the name of the variant column
 * (lead: "variant" for compare, "point" for sweep; written when the batch has k > 1), its
 * labels (labels[v], or NULL for the variant number), and n parameter columns (keys[c]) whose
 * value for replication rep (counted from 0 as in one run) of variant v is
 * value(ctx, rep, v, c): the varied parameters of a sweep, those that differ between the
 * two scenarios of a comparison, or the parameters drawn from a posterior. */
typedef struct ens_cols {
    const char *lead;
    const char *const *labels;
    int n;
    const char *const *keys;
    double (*value)(const void *ctx, long rep, int variant, int c);
    const void *ctx;
} ens_cols;

/* replications.csv, one row per finished replication and variant, in item order
 * (replication-major): [lead,] replication, seed, the parameter columns of cols (may be
 * NULL), then every total, each that is a day (first_strike_day, ...) followed by its date
 * (first_strike_date), day 0 being start_date. */
int ens_write_replications(const ens_batch *b, long start_date, const ens_cols *cols, FILE *f);
/* ensemble.json for variant 0 with the provenance p and the scenario's name and hash. */
int ens_write_json(const ens_batch *b, const scenario *s, const prov *p, FILE *f);
/* first_strike_km.csv: day, date, at_risk, events, survival, ci95_lo, ci95_hi; runs without
 * a strike are censored at the horizon. */
int ens_write_km(const ens_batch *b, double horizon, long start_date, FILE *f);
/* fan.csv: day, date and the 5/25/50/75/95% quantiles (q05, q25, median, q75, q95) of each
 * kept series at the end of the day, and the mean effective threshold. Returns SIM_EINVAL
 * when no series were kept. */
int ens_write_fan(const ens_batch *b, long start_date, FILE *f);
/* Writes into the output set o (the caller commits it): replications.csv (with the columns
 * cols, may be NULL), ensemble.json (with provenance p), first_strike_km.csv and, when series
 * were kept, fan.csv. Returns 0, or SIM_EIO / SIM_ENOMEM / SIM_EINTR (outset_error names the
 * failing file). */
int ens_write_ensemble(const ens_batch *b, const scenario *s, const prov *p,
                       const ens_cols *cols, outset *o);

/* compare.csv: one row per total with the paired statistics of variant 1 minus variant 0:
 * total, pairs, mean_a, mean_b, diff_mean, diff_sd, diff_ci95_lo, diff_ci95_hi,
 * var_unpaired, var_paired, variance_reduction, partial (true/false). */
int ens_write_compare(const ens_batch *b, FILE *f);

/* sweep.csv: one row per design point (variant g of the batch is point g of d): point, the
 * axes' values, seed, n, partial (true/false), then <total>_mean, _sd, _ci95_lo, _ci95_hi
 * for every total and p_strike_90 with its Wilson interval (p_strike_90_ci95_lo, _hi). */
int ens_write_sweep(const ens_batch *b, const ens_design *d, FILE *f);

#endif
