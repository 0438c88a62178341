/* ens_series.h - the daily series of every replication of a batch in one long table
 * (`--series FILE`): [variant|point,] replication, day, date, variable, value, one row per
 * replication, day and variable (lambda, attacks_7d, pressure, threat, threshold_eff,
 * cooperation, grievance, diplomatic, capacity, ladder, closed_crossings: the columns of
 * series.csv, the state at the end of each day). Gzip-compressed through zlib when the name
 * ends in ".gz".
 *
 * The file is streamed as the batch runs (no replication's series is kept longer than it
 * waits for the ones before it), in item order, so it is byte-identical for any number of
 * threads: ens_series_hook is the batch's item hook (ensemble.h). It holds only whole
 * replications: a batch cut short writes exactly the replications of replications.csv. */
#ifndef FRONTIER_ENS_SERIES_H
#define FRONTIER_ENS_SERIES_H
#include "analysis/ensemble.h"
#include "io/outset.h"
#include <stddef.h>

typedef struct ens_series ens_series;

/* Opens name (a plain file name) in the output set o for a batch of k variants, dates
 * counted from start_date; lead names the variant column when k > 1 ("variant", "point"),
 * labels[v] its values (NULL: the variant number). Returns NULL with *err (SIM_ENOMEM,
 * SIM_EIO; outset_error says which file). */
ens_series *ens_series_open(outset *o, const char *name, long start_date, int k,
                            const char *lead, const char *const *labels, int *err);

/* An ens_item_hook (ctx is the ens_series): renders the rows of item `item` from m and
 * writes every whole replication whose items are all done, in order. Returns 0, SIM_ENOMEM
 * or SIM_EIO (the file could not be written: the batch stops). */
int ens_series_hook(void *ctx, long item, long rep, int variant, const model *m);

/* The rows of item `item` as text already rendered (frontier merge, from a part's file):
 * takes text (allocated with sim_malloc). Returns 0, SIM_ENOMEM or SIM_EIO. */
int ens_series_add_text(ens_series *s, long item, char *text, size_t len);

/* Reads the rows of n_items items from a --series file written by a part of a split run
 * (frontier merge), its first item being item first_item of this batch: each item is the
 * run of lines of one replication and variant. Returns 0, SIM_ENOMEM, SIM_EIO or SIM_EPARSE
 * (not the expected number of items). */
int ens_series_add_file(ens_series *s, const char *path, long first_item, long n_items);

/* Writes the rows of the items before n_items that are still waiting, drops the others (a
 * replication left unfinished by an interrupt), and closes the file. Returns 0 or SIM_EIO
 * (SIM_EINVAL when an item before n_items is missing). */
int ens_series_close(ens_series *s, long n_items);

/* Frees s (closing the file if still open). Accepts NULL. */
void ens_series_destroy(ens_series *s);

/* Nonzero when name may be a --series file: a plain file name, .csv or .csv.gz. */
int ens_series_name_ok(const char *name);

#endif
