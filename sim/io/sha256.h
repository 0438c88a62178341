/* sha256.h - SHA-256 digests (through nettle) as lowercase hexadecimal, for the manifest of an
 * output folder and the hashes of input files in provenance. */
#ifndef FRONTIER_SHA256_H
#define FRONTIER_SHA256_H
#include <stddef.h>

#define SHA256_HEX_LEN 65 /* 64 digits and the terminating NUL */

/* The digest of n bytes at data. */
void sha256_hex(const void *data, size_t n, char out[SHA256_HEX_LEN]);

/* The digest of the file at path, read through. Returns 0, or SIM_EIO with errno set
 * (out is then the empty string). *bytes (may be NULL) gets the file's size. */
int sha256_file(const char *path, char out[SHA256_HEX_LEN], long long *bytes);

/* The same for a file already open for reading at fd (read from its start with pread). */
int sha256_fd(int fd, char out[SHA256_HEX_LEN], long long *bytes);

#endif
