/* csvrd.h - reads a CSV file record by record (libcsv), knowing the line each record starts on.
 *
 * The shared driver of the data readers (incidents, record): it feeds the file to libcsv in
 * pieces that end at newlines, so every record knows the line of its first non-blank
 * character (also after quoted fields that span lines), and it reports an unclosed quote, a
 * libcsv error and an empty file as "file:line: ..." messages. A UTF-8 byte order mark at the
 * start of the file is removed from the first field. Only a regular file is read (a FIFO or
 * a device is refused at once: io/infile.h), and a row (a record, with the quoted newlines
 * in it) of more than CSVRD_RECORD_MAX bytes or CSVRD_FIELDS_MAX fields stops the read at
 * its line before libcsv buffers it: a 1 GB line costs 1 MiB, not 3 GB. */
#ifndef FRONTIER_CSVRD_H
#define FRONTIER_CSVRD_H
#include <stddef.h>

#define CSVRD_RECORD_MAX (1 << 20)
#define CSVRD_FIELDS_MAX 10000

/* Called for every record, the header first, with its nf fields (NUL-terminated, writable
 * until the call returns) and the line it starts on. Returns 0 to go on, or a nonzero value
 * (a negative SIM_E* code) that stops the read and is returned by csvrd_read_file. */
typedef int (*csvrd_record_fn)(void *ctx, char **fields, int nf, long line);

/* Reads path. Returns 0; the callback's nonzero value; SIM_EIO when the file cannot be
 * opened or read; SIM_EPARSE for an empty file (no header), a field whose quote is never
 * closed or a libcsv error; SIM_ENOMEM. On SIM_EIO and SIM_EPARSE err (err_len bytes) says
 * why as "file:line: expected ..., found ..."; on the callback's codes err is left alone. */
int csvrd_read_file(const char *path, csvrd_record_fn fn, void *ctx, char *err,
                    size_t err_len);

#endif
