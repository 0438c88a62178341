/* manifest.h - provenance.json, the manifest of an output folder: the provenance object and
 * every other file of the folder with its size and SHA-256, in byte order of their names.
 *
 *   {
 *     "format": "frontier-output-set",
 *     "provenance": { ... see prov.h ... },
 *     "files": [
 *       {"name": "events.csv", "bytes": 48211, "sha256": "9f86d0..."},
 *       ...
 *     ]
 *   }
 *
 * Each file entry is one line in exactly this layout, and names are plain (letters, digits,
 * '.', '_', '-'), so manifest_verify reads it back without a JSON parser. */
#ifndef FRONTIER_MANIFEST_H
#define FRONTIER_MANIFEST_H
#include "io/prov.h"
#include <stddef.h>

#define MANIFEST_NAME "provenance.json"
#define MANIFEST_FORMAT "frontier-output-set"

/* Lists the regular files of the folder open at dir_fd, hashes them and writes
 * provenance.json there (synced). Returns 0, SIM_EIO (errno set; *failed names the file, when
 * failed is not NULL) or SIM_ENOMEM. */
int manifest_write(int dir_fd, const prov *p, char *failed, size_t failed_len);

/* Checks the folder dir against its provenance.json: every file it names exists with that
 * size and SHA-256, and the folder holds no other file. Returns 0, or SIM_EPARSE (no or a
 * malformed manifest), SIM_EIO (a file differs, is missing or is extra) with a sentence in
 * msg. */
int manifest_verify(const char *dir, char *msg, size_t msg_len);

#endif
