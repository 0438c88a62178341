/* csvw.h - writing CSV fields (RFC 4180) with fixed number formats, so that the same run
 * gives byte-identical files. */
#ifndef FRONTIER_CSVW_H
#define FRONTIER_CSVW_H
#include <stdio.h>

/* Writes s as one CSV field, quoted when it holds a comma, quote, CR or LF. */
void csvw_field(FILE *f, const char *s);
/* Writes a double with %.*g; NaN and infinities are written as empty fields. */
void csvw_double(FILE *f, double v, int digits);

#endif
