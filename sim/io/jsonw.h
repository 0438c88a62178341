/* jsonw.h - writing JSON scalars. */
#ifndef FRONTIER_JSONW_H
#define FRONTIER_JSONW_H
#include <stdio.h>

/* Writes s as a JSON string literal (quotes included, escapes as needed). */
void jsonw_string(FILE *f, const char *s);
/* Writes a JSON number (%.10g), or null when v is not finite. */
void jsonw_number(FILE *f, double v);

#endif
