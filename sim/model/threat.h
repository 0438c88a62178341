/* threat.h - the threat the state perceives, S = 1 - exp(-P / s) for pressure P and scale
 * s, and its comparison with a level L without the exponential.
 *
 * The daily decisions compare S with a few levels (protest, warning, closure); P changes
 * every day, the levels seldom. threat_level keeps, for one level and scale, the pressures
 * at which S is L - THREAT_BAND and L + THREAT_BAND; a pressure beyond either settles the
 * comparison, and only a pressure between them needs S itself. Pure functions: no state. */
#ifndef FRONTIER_THREAT_H
#define FRONTIER_THREAT_H

/* Half-width, in threat, of the band where the exponential decides. The computed S is
 * within about 6e-16 of the true one, and so are the threats of the computed bounds, so a
 * band of 1e-9 leaves a margin of six orders of magnitude. */
#define THREAT_BAND 1e-9

typedef struct threat_level {
    double L, scale;  /* the level and the scale the bounds are for (NaN: none yet) */
    double lo, hi;    /* pressures of threats L - band and L + band (NaN: none) */
} threat_level;

/* 1 - exp(-P / s); 0 for P == 0. */
double threat_value(double P, double s);

/* Sets c's bounds for level L at scale s. Without bounds (NaN) when L is within the band of
 * 0 or 1 or beyond, or s is not a positive finite number: then every comparison computes S. */
void threat_level_set(threat_level *c, double L, double s);

/* threat_value(P, s) >= L, the same answer always; c keeps the bounds for (L, s) and is
 * set again when either differs. */
int threat_at_least(threat_level *c, double P, double s, double L);

#endif
