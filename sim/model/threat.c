/* threat.c - the threat and its comparison with a level through inverted bounds. */
#include "model/threat.h"
#include <math.h>

double threat_value(double P, double s)
{
    if (P == 0) return 0; /* 1 - exp(-0) */
    return 1.0 - exp(-P / s);
}

/* S(P) = L at P = -s log(1 - L): log1p keeps the digits of small L. */
void threat_level_set(threat_level *c, double L, double s)
{
    c->L = L;
    c->scale = s;
    c->lo = c->hi = NAN;
    if (L - THREAT_BAND > 0 && L + THREAT_BAND < 1 && s > 0 && isfinite(s)) {
        c->lo = s * -log1p(-(L - THREAT_BAND));
        c->hi = s * -log1p(-(L + THREAT_BAND));
    }
}

int threat_at_least(threat_level *c, double P, double s, double L)
{
    if (!(c->L == L && c->scale == s)) threat_level_set(c, L, s);
    if (P >= c->hi) return 1; /* NaN bounds or P: neither, the threat decides */
    if (P <= c->lo) return 0;
    return threat_value(P, s) >= L;
}
