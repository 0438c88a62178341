/* replay.h - real incidents replayed through the model for `frontier view --replay`.
 *
 * A replay keeps the scenario's state, host and diplomacy but switches the militants' own
 * attack process off and drops the timeline's scripted attacks: the attacks are the real
 * incidents, each fed to the model at its time as a scripted attack on the nearest target
 * zone, so the threat, the ultimatums and the strikes follow from real data by the model's
 * own rules. */
#ifndef FRONTIER_REPLAY_H
#define FRONTIER_REPLAY_H
#include "data/incidents.h"
#include "scenario/scenario.h"
#include <stdint.h>

/* Incidents farther than this from every target zone are left out (km). */
#define REPLAY_MAX_KM 150.0

/* One incident placed on the scenario's clock and zones. */
typedef struct replay_item {
    double t;            /* days since the scenario's start */
    int zone;            /* target zone index */
    double casualties;   /* < 0 when the source did not say (the model then draws it) */
    long line;           /* line in the incident file */
} replay_item;

typedef struct replay_stats {
    int used, before, after, far;   /* placed; outside the run's window; too far from a target */
    int tie_days, tie_events;       /* same-day incidents spread within their day */
} replay_stats;

/* A copy of s for a replay (militant base rate, branching and strike excitation 0; no
 * scripted attacks). NULL on no memory. */
scenario *replay_scenario(const scenario *s);

/* Places the incidents of set on s's clock (a seeded uniform time within each day) and on
 * its nearest target zone. Returns 0 with *items (free with sim_free) and *n, or
 * SIM_ENOMEM, or SIM_EINVAL when s has no target zone. */
int replay_prepare(const scenario *s, const incidents *set, uint64_t seed, replay_item **items,
                   int *n, replay_stats *st);

#endif
