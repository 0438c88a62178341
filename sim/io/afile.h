/* afile.h - output files written atomically: to a temporary name in the same folder,
 * renamed over the final name only when complete, so an interrupted or failed write never
 * leaves a truncated file that looks whole. The temporary (PATH.tmp.XXXXXX) is locked
 * (flock) while its writer lives; afile_open removes the unlocked ones a killed writer left.
 * A folder of several files is written as one set by outset.h instead. */
#ifndef FRONTIER_AFILE_H
#define FRONTIER_AFILE_H
#include <stdio.h>

typedef struct afile afile;

/* Opens a temporary file beside path. Returns NULL (errno set) on failure. */
afile *afile_open(const char *path);
/* The stream to write to. */
FILE *afile_stream(afile *a);
/* Flushes, syncs and renames onto the final path; frees a. Returns 0, or SIM_EIO (the
 * temporary is removed and the final path left untouched; errno tells why). */
int afile_commit(afile *a);
/* Removes the temporary and frees a. Accepts NULL. */
void afile_abort(afile *a);

/* Creates dir and its parents (like mkdir -p). Returns 0 or SIM_EIO (errno set). */
int afile_mkdirs(const char *dir);

#endif
