/* script.h - knob and inject scripts: timed parameter changes and injected actions, read
 * from a file, replayed on a model, recorded from a class and written back.
 *
 * The format (docs/teaching.md) is one entry per line; '#' starts a comment:
 *
 *     DAY set KEY VALUE [note="..."]
 *     DAY inject ACTION [zone="..."] [type=T] [casualties=N] [days=N] [note="..."]
 *
 * DAY is a number of days since the scenario's start (fractions allowed) or a date
 * YYYY-MM-DD; KEY is a dotted parameter key (scenario.h); ACTION is a timeline action
 * (attack, strike, delegation, demarche, deportation, ultimatum, closure, reopen,
 * deal_offer, deal_accept, deal_refuse, handover, note, mediation, ceasefire, drone, clash,
 * crackdown). Values with spaces are
 * quoted; \" and \\ escape inside quotes. Entries run in the order of their day, ties in
 * file order, through model_set_param and model_inject with actor MODEL_ACTOR_USER;
 * without a note, a `set` is logged as "knob changed by the class" and an inject as
 * "injected by facilitator". The same script on the same scenario and seed gives
 * byte-identical outputs. */
#ifndef FRONTIER_SCRIPT_H
#define FRONTIER_SCRIPT_H
#include "model/model.h"
#include "scenario/scenario.h"
#include <stdio.h>

typedef struct script script;

/* An empty script (for recording), or NULL on no memory. */
script *script_create(void);
void script_destroy(script *sc); /* accepts NULL */

/* Reads the script file path for scenario s (zone names and dates are resolved against
 * it). Returns 0 and *out, SIM_EIO when the file cannot be read (one error naming it),
 * SIM_EPARSE with every problem in errs as "file:line:col: key: message", or SIM_ENOMEM;
 * on error *out is NULL. The caller frees errs with scn_errors_free. */
int script_load(const char *path, const scenario *s, script **out, scn_errors *errs);
/* The same, from text in memory; name is used in messages. */
int script_parse(const char *text, const char *name, const scenario *s, script **out,
                 scn_errors *errs);

/* Number of entries and the i-th one (item->day holds its day). */
int script_count(const script *sc);
const scn_timeline_item *script_at(const script *sc, int i);

/* Runs model m up to day t (clamped to its horizon), applying on the way every entry not
 * yet applied whose day is <= t, each at its day (an entry whose day has already passed
 * runs now). Returns 0 or the first SIM_E* code of the model. */
int script_apply_until(script *sc, model *m, double t);
/* Forgets which entries were applied, for a restart of the run on a fresh model. */
void script_rewind(script *sc);

/* Adds a copy of it, kept in day order after the entries of the same day. The entry counts
 * as applied when its day is not after those already applied (it was applied by the caller,
 * as script_record_* do). Returns 0, SIM_EINVAL (bad action) or SIM_ENOMEM. */
int script_append(script *sc, const scn_timeline_item *it);
/* A knob change the class makes now: model_set_param(m, key, value, MODEL_ACTOR_USER,
 * "knob changed by the class"), then recorded at model_now(m). Returns 0 or a SIM_E*. */
int script_record_set(script *sc, model *m, const char *key, double value);
/* An inject made now: model_inject(m, it, MODEL_ACTOR_USER), recorded at model_now(m). */
int script_record_inject(script *sc, model *m, const scn_timeline_item *it);

/* Writes sc in the file format above (zone names from s) so that script_load reads back
 * the same entries. Returns 0 or SIM_EIO. */
int script_write(const script *sc, const scenario *s, FILE *f);

#endif
