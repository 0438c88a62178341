/* date.c - civil-date arithmetic (Howard Hinnant's days-from-civil algorithm). */
#include "base/date.h"
#include "base/err.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

long date_from_ymd(int y, int m, int d)
{
    long yy = y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_to_ymd(long days, int *y, int *m, int *d)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1) return 0;
    return d <= mdays[m - 1] + (m == 2 && leap(y));
}

int date_parse(const char *s, long *days)
{
    static const int digit_at[] = {0, 1, 2, 3, 5, 6, 8, 9};
    if (strlen(s) != 10) return SIM_EPARSE;
    for (int i = 0; i < 8; i++)
        if (!isdigit((unsigned char)s[digit_at[i]])) return SIM_EPARSE;
    if (s[4] != '-' || s[7] != '-' || s[10] != '\0') return SIM_EPARSE;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (!date_valid(y, m, d)) return SIM_EPARSE;
    *days = date_from_ymd(y, m, d);
    return 0;
}

void date_format(long days, char out[static 11])
{
    int y, m, d;
    /* Four digits hold 0000-01-01 to 9999-12-31: a day outside is written as the nearest
     * of the two (a deadline of 1e300 days reads "9999-12-31"), never as a wrapped year. */
    long lo = date_from_ymd(0, 1, 1), hi = date_from_ymd(9999, 12, 31);
    date_to_ymd(days < lo ? lo : days > hi ? hi : days, &y, &m, &d);
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

int date_day_of_year(long days)
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    return (int)(days - date_from_ymd(y, 1, 1)) + 1;
}
