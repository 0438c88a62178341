/* sumstats.h - the summary statistics of a stretch of the conflict, computed the same way
 * from the record (sim/data/record.h) and from a run of the model, so the two can be
 * compared (`frontier calibrate`'s distance, `frontier backtest`'s checks).
 *
 * Strike episodes: strikes sorted by day, a strike within SUMSTATS_EPISODE_GAP (30) days
 * of the previous strike belongs to that strike's episode, so an episode may last longer
 * than 30 days when its strikes keep coming; it starts on its first strike's day.
 *
 * The statistics of a window of `window` days (day 0 its first):
 *   strike_episodes   episodes starting in the window
 *   clashes, closures events of those kinds in the window
 *   first_episode_day the start of the first episode, or window when none (censored)
 *   longest_gap       the longest of the intervals between consecutive episode starts,
 *                     the window's start and end counting as bounds (window when none):
 *                     how long the longest quiet stretch lasted
 *   shortest_gap      the shortest interval between consecutive episode starts (window
 *                     when fewer than two): how close together episodes came
 *   attacks_per_year  attacks in the window per 365.25 days (NaN when not known)
 * Every statistic is defined for every window (no NaN but attacks_per_year), so a distance
 * between two sets needs no special cases. */
#ifndef FRONTIER_SUMSTATS_H
#define FRONTIER_SUMSTATS_H
#include "data/incidents.h"
#include "data/record.h"
#include "model/model.h"

#define SUMSTATS_EPISODE_GAP 30.0

enum { SUMSTATS_STRIKE_EPISODES, SUMSTATS_CLASHES, SUMSTATS_CLOSURES,
       SUMSTATS_FIRST_EPISODE_DAY, SUMSTATS_LONGEST_GAP, SUMSTATS_SHORTEST_GAP,
       SUMSTATS_ATTACKS_PER_YEAR, SUMSTATS_N };

/* "strike_episodes", "clashes", ...; what it is in words ("strike episodes"). */
const char *sumstats_name(int i);
const char *sumstats_what(int i);

typedef struct sumstats {
    double v[SUMSTATS_N];
} sumstats;

/* Groups days t[0..n-1] (ascending) into episodes: t[i] joins the episode of t[i-1] when
 * t[i] - t[i-1] <= gap. Writes each episode's first day into starts (room for n; may be t
 * itself) and returns the number of episodes. */
int sumstats_episodes(const double *t, int n, double gap, double *starts);

/* The statistics of a window of window days (> 0) from the strike days t[0..n_strikes-1]
 * (ascending; days outside [0, window) are left out), the counts of clashes and closures
 * in the window and the attacks in it (NaN when unknown). */
void sumstats_compute(const double *t, int n_strikes, double clashes, double closures,
                      double attacks, double window, sumstats *out);

/* The statistics of a model run up to window days (run it to the horizon, window <= the
 * horizon): strikes from model_strike_time_at, clashes, closures and attacks from its
 * totals, which count the whole run (so run it with the window as its horizon). */
int sumstats_of_model(const model *m, double window, sumstats *out); /* 0 or SIM_ENOMEM */

/* The statistics of the record from day0 (days since 1970-01-01) for window days: strike,
 * clash and closure rows whose date lies in [day0, day0 + window) (a month-only date
 * counts at the middle of its month), and, when inc is not NULL, its incidents in the
 * window as the attacks (else NaN). */
int sumstats_of_record(const record *r, const incidents *inc, long day0, double window,
                       sumstats *out); /* 0 or SIM_ENOMEM */

/* The day of a record row: its date, or the middle of its month when only the month is
 * known. */
double sumstats_record_day(const record_event *e);

#endif
