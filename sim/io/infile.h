/* infile.h - opening input files without blocking (scenarios, extends, scripts, CSVs, maps).
 *
 * The file is opened with O_NONBLOCK and checked with fstat before anything is read: only a
 * regular file is accepted, so a FIFO, a device node, a socket or a folder named as an input
 * is refused at once (a FIFO without a writer would block forever, /dev/zero would be read
 * without end). Standard input is accepted where a caller allows it, when asked for as "-". */
#ifndef FRONTIER_INFILE_H
#define FRONTIER_INFILE_H
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

/* flags of infile_open and infile_read */
enum { INFILE_STDIN = 1 };   /* "-" names standard input (a pipe is fine there) */

/* The name messages give standard input. */
#define INFILE_STDIN_NAME "<stdin>"

/* Opens path for reading. Returns a stream, or NULL with why (at most n bytes) saying what
 * was wrong ("No such file or directory", "not a regular file (a FIFO)", ...). *st (may be
 * NULL) receives the file's status. The stream of standard input is a duplicate: fclose it
 * like any other. */
FILE *infile_open(const char *path, int flags, struct stat *st, char *why, size_t n);

/* Reads all of path (infile_open's rules) into a NUL-terminated buffer of at most max bytes
 * (the caller frees it with sim_free). Returns the buffer and its length in *len, or NULL
 * with why ("larger than 16 MiB", "out of memory" with errno ENOMEM, ...). A regular file
 * larger than max is refused before it is read. */
char *infile_read(const char *path, int flags, size_t max, size_t *len, struct stat *st,
                  char *why, size_t n);

#endif
