/* outset.h - an output folder written as one set: a reader finds either the complete new set
 * or the complete previous one, never a mix, whatever moment the writer is killed at.
 *
 * How it works. outset_begin creates a fresh temporary folder beside the target
 * (PARENT/.NAME.frontier-tmp.XXXXXX, locked with flock for as long as the writer lives). The
 * command writes its files into it (outset_open / outset_write, or outset_path for writers
 * that take a path). outset_commit then lists the folder, writes provenance.json last (the
 * provenance object and every file with its size and SHA-256), syncs, and swaps the folder
 * into place in one step (Linux renameat2 RENAME_EXCHANGE; RENAME_NOREPLACE when there was
 * no previous set); only then is the previous set, now at the temporary name, removed.
 * outset_destroy without a commit removes the temporary folder: nothing changes in place.
 * Temporaries left by killed writers (unlocked ones) are removed by the next outset_begin
 * for the same target. On file systems without RENAME_EXCHANGE (NFS) the swap is two
 * renames and for a moment the folder is absent while the previous set sits at
 * PARENT/.NAME.frontier-old.XXXXXX.
 *
 * What may be a target (anything else is refused with SIM_EINVAL, which commands report with
 * exit status 2, before any work): a path that does not exist yet (its parents are created),
 * an empty folder, or a frontier output folder (one with a provenance.json of this format, or
 * one holding only regular files with the names earlier versions wrote). The folder then
 * belongs to frontier: the next set replaces it whole, files added to it by hand included.
 * Refused: regular files, device nodes, FIFOs, sockets, folders holding anything else (so
 * `--out .` or `--out ~` never empties a working folder), and folders on special file
 * systems (/proc, /sys, the /dev file system, cgroup, debugfs, ...). Only regular files are
 * created in the set.
 *
 * Usage:
 *     outset *o = NULL;
 *     char msg[600];
 *     int rc = outset_begin(dir, &o, msg, sizeof msg);   // early: a bad --out fails fast
 *     if (rc) { fprintf(stderr, "frontier CMD: %s\n", msg); return rc == SIM_EINVAL ? 2 : 1; }
 *     ... the long work ...
 *     rc = outset_write(o, "replications.csv", writer, ctx);
 *     if (!rc) rc = outset_commit(o, &prov);
 *     if (rc) fprintf(stderr, "frontier CMD: %s\n", outset_error(o));
 *     outset_destroy(o);                                  // removes the temporary unless committed
 *
 * Test hook: FRONTIER_OUTSET_PAUSE_MS=n sleeps n ms after each step of the write phase (each
 * file closed, the manifest, the swap, each file of the previous set removed), so that a test
 * can kill the writer at every stage (tests/chaos-outputs.sh). */
#ifndef FRONTIER_OUTSET_H
#define FRONTIER_OUTSET_H
#include "io/manifest.h"
#include "io/prov.h"
#include <stddef.h>
#include <stdio.h>

typedef struct outset outset;

/* Checks dir as a target (see above), removes stale temporaries beside it and creates the
 * temporary folder. Returns 0 with *out set, SIM_EINVAL (dir cannot be an output folder),
 * SIM_EIO (a folder could not be created or read; errno set) or SIM_ENOMEM; msg gets a
 * sentence naming dir and the reason. */
int outset_begin(const char *dir, outset **out, char *msg, size_t msg_len);

/* When *stop becomes nonzero (an interrupt during the write phase), outset_open and
 * outset_commit fail with SIM_EINTR and the previous set stays in place. */
void outset_set_stop(outset *o, volatile const int *stop);

/* Opens file name (a plain name: no '/', not starting with '.', not provenance.json) in the
 * temporary folder. NULL on failure (errno set; outset_error says which file). */
FILE *outset_open(outset *o, const char *name);
/* Flushes, checks, syncs and closes a stream from outset_open. Returns 0 or SIM_EIO. */
int outset_close(outset *o, FILE *f);

/* Opens name, calls fn(ctx, f) and closes it. Returns 0, fn's error or SIM_EIO. */
typedef int (*outset_writer)(void *ctx, FILE *f);
int outset_write(outset *o, const char *name, outset_writer fn, void *ctx);

/* The path of name in the temporary folder, for writers that open files themselves. Returns
 * 0 or SIM_EINVAL (bad name, or it does not fit in n). */
int outset_path(const outset *o, const char *name, char *buf, size_t n);

/* Writes provenance.json and swaps the set into place (see above). Returns 0, SIM_EINTR,
 * SIM_EIO (errno set) or SIM_ENOMEM. After a failure the previous set is unchanged. */
int outset_commit(outset *o, const prov *p);

/* The target as given to outset_begin. */
const char *outset_dir(const outset *o);
/* What failed, as a sentence naming the file ("cannot write DIR/NAME: reason"). */
const char *outset_error(const outset *o);

/* Removes the temporary folder when the set was not committed, and frees o. Accepts NULL. */
void outset_destroy(outset *o);

/* For commands that write one file (fit --out FILE.yaml, a debrief): 0 when path may be
 * written, that is when it does not exist or is a regular file in a folder that is not on a
 * special file system; otherwise SIM_EINVAL with a sentence in msg. */
int outset_check_file(const char *path, char *msg, size_t msg_len);

#endif
