/* date.h - proleptic Gregorian calendar dates as whole days since 1970-01-01. */
#ifndef FRONTIER_DATE_H
#define FRONTIER_DATE_H

/* Days since 1970-01-01 of y-m-d. No validation: see date_valid. */
long date_from_ymd(int y, int m, int d);
void date_to_ymd(long days, int *y, int *m, int *d);
/* Nonzero when y-m-d is a real calendar date (month 1..12, day within the month). */
int date_valid(int y, int m, int d);
/* Parses exactly "YYYY-MM-DD". Returns 0 and sets *days, or SIM_EPARSE. */
int date_parse(const char *s, long *days);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). Days before 0000-01-01 or after
 * 9999-12-31 are written as that date: the format has four digits of year. */
void date_format(long days, char out[static 11]);
/* 1-based day of the year of the date days. */
int date_day_of_year(long days);

#endif
