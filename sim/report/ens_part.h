/* ens_part.h - part.bin: the exact results of one part of a split run
 * (`--first-replication K -n N`), from which `frontier merge` rebuilds the batch of the whole
 * run and writes, through the same writers, exactly what one run would have written.
 *
 * A part's CSV and JSON files round numbers for people; part.bin keeps the totals and kept
 * series bit for bit, with what is needed to check that the parts belong together. It is an
 * internal format: read only by the same version of frontier on the same kind of machine
 * (the header names the version and the sizes of the records, and a reader refuses any
 * other). Layout, in native byte order:
 *
 *   "frontier-part\n" (14 bytes), u32 format (2), version (u32 length + bytes),
 *   u32 sizeof(model_totals), u32 MODEL_NTOTALS, u32 ENS_NSERIES,
 *   u64 seed, i64 first, i64 n, i64 done, u32 k, u32 days, i64 keep (series are kept for
 *   replications < keep), k x u64 scenario_hash, u64 the batch's parameter key (a
 *   posterior's digest, ens_batch_params_key), the canonical command line (u32 argc, then
 *   each string as u32 length + bytes), done x k model_totals in item order, then the kept
 *   series of replications first .. min(first + done, keep) - 1 (days x ENS_NSERIES floats
 *   each, day-major). */
#ifndef FRONTIER_ENS_PART_H
#define FRONTIER_ENS_PART_H
#include "analysis/ensemble.h"
#include "io/outset.h"
#include <stdint.h>
#include <stdio.h>

#define ENS_PART_NAME "part.bin"
#define ENS_PART_ARGS_MAX 200

/* What a part file says about itself. */
typedef struct ens_part_info {
    char version[64];
    uint64_t seed;
    long first, n, done, keep;
    int k, days;
    uint64_t hash[ENS_PART_ARGS_MAX];      /* k of them */
    uint64_t params_key;                   /* ens_batch_params_key: 0 without --posterior */
    int argc;
    char *argv[ENS_PART_ARGS_MAX];         /* owned: ens_part_info_free */
} ens_part_info;

/* Writes part.bin of batch b (created with keep_series keep) into the set o, with the
 * canonical command line argv. Returns 0 or SIM_EIO/SIM_ENOMEM/SIM_EINTR. */
int ens_part_write(outset *o, const ens_batch *b, long keep, const char *version,
                   const char *const *argv, int argc);

/* Reads the header of the part file path into *info. Returns 0, SIM_EIO (errno) or
 * SIM_EPARSE (not a part file of this version and build) with a sentence in msg. */
int ens_part_read_info(const char *path, ens_part_info *info, char *msg, size_t msg_len);
void ens_part_info_free(ens_part_info *info);

/* Reads the results of the part file path into batch b (the whole run: first 0, n at least
 * the part's first + n): its totals at replications first .. first + done - 1 and its kept
 * series. The part must match b: seed, variants (scenario hashes), days, keep and the
 * per-item parameters (a posterior file's digest). Returns 0,
 * SIM_EIO or SIM_EPARSE with msg. */
int ens_part_load(const char *path, ens_batch *b, long keep, char *msg, size_t msg_len);

#endif
