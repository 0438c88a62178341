/* replay.c - real incidents on the scenario's clock and zones, for the view's replay. */
#include "record/replay.h"
#include "base/alloc.h"
#include "base/err.h"
#include "engine/rng.h"
#include <math.h>
#include <string.h>

#define EARTH_KM 6371.0
#define DEG 0.017453292519943295

scenario *replay_scenario(const scenario *s)
{
    scenario *c = scenario_clone(s);
    if (!c) return NULL;
    c->p.militants.base_rate = 0;
    c->p.militants.branching = 0;
    c->p.militants.strike_branching = 0;
    int k = 0;
    for (int i = 0; i < c->n_timeline; i++)
        if (c->timeline[i].action != SCN_ACT_ATTACK) c->timeline[k++] = c->timeline[i];
    c->n_timeline = k;
    return c;
}

static double km(double lat0, double lon0, double lat1, double lon1)
{
    double a = sin(0.5 * (lat1 - lat0) * DEG), b = sin(0.5 * (lon1 - lon0) * DEG);
    double h = a * a + cos(lat0 * DEG) * cos(lat1 * DEG) * b * b;
    return 2 * EARTH_KM * asin(fmin(1, sqrt(h)));
}

/* The nearest target zone within REPLAY_MAX_KM, or -1; the most exposed target when the
 * incident has no position. */
static int nearest_target(const scenario *s, double lat, double lon)
{
    int best = -1;
    double bd = REPLAY_MAX_KM, be = -1;
    for (int z = 0; z < s->n_zones; z++) {
        if (s->zones[z].kind != SCN_ZONE_TARGET) continue;
        if (isnan(lat) || isnan(lon)) {
            if (s->zones[z].exposure > be) be = s->zones[z].exposure, best = z;
            continue;
        }
        double d = km(lat, lon, s->zones[z].lat, s->zones[z].lon);
        if (d <= bd) bd = d, best = z;
    }
    return best;
}

int replay_prepare(const scenario *s, const incidents *set, uint64_t seed, replay_item **items,
                   int *n, replay_stats *st)
{
    memset(st, 0, sizeof *st);
    *items = NULL;
    *n = 0;
    if (nearest_target(s, NAN, NAN) < 0) return SIM_EINVAL;
    double *t = sim_malloc((size_t)(set->n ? set->n : 1) * sizeof *t);
    replay_item *out = sim_malloc((size_t)(set->n ? set->n : 1) * sizeof *out);
    gsl_rng *r = rng_create(seed, 0, "replay");
    if (!t || !out || !r) {
        sim_free(t);
        sim_free(out);
        rng_destroy(r);
        return SIM_ENOMEM;
    }
    incidents_jitter_times(set, s->start_date, r, t, &st->tie_days, &st->tie_events);
    for (int i = 0; i < set->n; i++) {
        const incident *in = &set->items[i];
        int z = nearest_target(s, in->lat, in->lon);
        if (t[i] < 0) st->before++;
        else if (t[i] >= s->days) st->after++;
        else if (z < 0) st->far++;
        else out[(*n)++] = (replay_item){t[i], z, isnan(in->casualties) ? -1 : in->casualties,
                                         in->line};
    }
    st->used = *n;
    sim_free(t);
    rng_destroy(r);
    *items = out;
    return 0;
}
