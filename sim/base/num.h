/* num.h - strict number parsing for every reader (scenario files, --set, scripts, CSVs,
 * maps, the command line).
 *
 * strtod and strtoull accept more than a number written by a person: leading blanks,
 * hexadecimal ("0x10", "0x1p-2"), "inf" and "nan", and for strtoull a sign that wraps
 * ("-1" is 2^64 - 1). These accept only decimal text, the whole string, with no blank:
 *   a number:        [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?, finite
 *   a whole number:  digits (no sign), within the type's range */
#ifndef FRONTIER_NUM_H
#define FRONTIER_NUM_H

/* Returns 0 and *out, or -1 (malformed, or too large to be finite). A number too small to
 * be represented reads as the nearest double (0 or a subnormal), as strtod gives it. */
int num_parse_double(const char *s, double *out);
/* The same with blanks (spaces, tabs, a CR) allowed around the number, as CSV exports pad
 * fields. */
int num_parse_padded(const char *s, double *out);
/* Reads the decimal number at the start of s (what follows it is the caller's). Returns the
 * number of bytes read and *out, or -1 when s does not start with a finite number. */
int num_scan_double(const char *s, double *out);
/* Returns 0 and *out, or -1 (malformed or above 2^64 - 1). */
int num_parse_u64(const char *s, unsigned long long *out);
/* [+-]? digits within long. Returns 0 and *out, or -1. */
int num_parse_long(const char *s, long *out);

#endif
