/* num.c - strict decimal numbers. */
#include "base/num.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int digit(char c) { return c >= '0' && c <= '9'; }

/* Length of a run of digits at s. */
static int digits(const char *s)
{
    int n = 0;
    while (digit(s[n])) n++;
    return n;
}

/* Length of the decimal number (num.h's grammar) at the start of s, or 0. */
static size_t decimal_prefix(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    int whole = digits(p);
    p += whole;
    int frac = 0;
    if (*p == '.') {
        frac = digits(p + 1);
        if (whole == 0 && frac == 0) return 0;
        p += 1 + frac;
    }
    if (whole == 0 && frac == 0) return 0;
    if ((*p == 'e' || *p == 'E')) {
        const char *e = p + 1;
        if (*e == '+' || *e == '-') e++;
        if (digits(e) > 0) p = e + digits(e);   /* "1e" is the number 1 followed by 'e' */
    }
    return (size_t)(p - s);
}

/* Converts the n bytes of a decimal number at s. Returns 0 or -1 on overflow. */
static int convert(const char *s, size_t n, double *out)
{
    char buf[128];
    if (n >= sizeof buf) {
        /* Longer than any useful number, but legal: strtod stops where the grammar does. */
        errno = 0;
        double v = strtod(s, NULL);
        if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1)) return -1;
        *out = v;
        return 0;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1)) return -1;  /* overflow */
    *out = v;
    return 0;
}

int num_parse_double(const char *s, double *out)
{
    if (!s) return -1;
    size_t n = decimal_prefix(s);
    if (n == 0 || s[n] != '\0') return -1;
    return convert(s, n, out);
}

static int blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

int num_parse_padded(const char *s, double *out)
{
    if (!s) return -1;
    while (blank(*s)) s++;
    int n = num_scan_double(s, out);
    if (n <= 0) return -1;
    for (s += n; blank(*s); s++) continue;
    return *s ? -1 : 0;
}

int num_scan_double(const char *s, double *out)
{
    if (!s) return -1;
    size_t n = decimal_prefix(s);
    if (n == 0 || n > 1 << 20 || convert(s, n, out) != 0) return -1;
    return (int)n;
}

int num_parse_u64(const char *s, unsigned long long *out)
{
    if (!s || !digit(*s) || s[digits(s)] != '\0') return -1;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno == ERANGE) return -1;
    *out = v;
    return 0;
}

int num_parse_long(const char *s, long *out)
{
    if (!s) return -1;
    const char *d = s + (*s == '+' || *s == '-');
    if (!digit(*d) || d[digits(d)] != '\0') return -1;
    errno = 0;
    long v = strtol(s, NULL, 10);
    if (errno == ERANGE) return -1;
    *out = v;
    return 0;
}
