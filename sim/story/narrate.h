/* narrate.h - plain-language captions of the model's records, for a class.
 *
 * Each record kind gets a sentence built from the record's fields, the numbers in its
 * reason (the model writes them in fixed phrases: "threat 0.81 >= threshold 0.77", "deadline
 * 2023-03-24", ...) and the scenario's names for the sides, the militants and the mediator.
 * A scripted, knob or facilitator record says so and quotes its note. When a reason does not
 * carry an expected number the caption leaves that number out rather than guess. The view
 * calls these each frame; nothing here allocates. */
#ifndef FRONTIER_NARRATE_H
#define FRONTIER_NARRATE_H
#include "model/model.h"
#include <stddef.h>

/* Writes the caption of record r (a record of a model of scenario s) into out (n bytes,
 * truncated and always terminated when n > 0). Returns the caption's full length, as
 * snprintf does, or SIM_EINVAL when s, r or out is NULL or r->kind is unknown. */
int narrate_record(const scenario *s, const model_record *r, char *out, size_t n);

/* Explains the parts of the effective strike threshold th (the strike line) in a sentence:
 * "Pakistan's strike line is at 0.89: the base threshold 0.85, plus 0.04 because ...". Same
 * return contract as narrate_record. */
int narrate_threshold(const scenario *s, const model_threshold *th, char *out, size_t n);
/* States the strike rule r as the model applies it (model_strike_rule_get): "Pakistan
 * strikes only when every condition of its rule holds. no ceasefire in force (holds);
 * threat 0.90 >= line 0.88 (holds); ... So no strike now." Same return contract. */
int narrate_strike_rule(const scenario *s, const model_strike_rule *r, char *out, size_t n);

/* The kind of a record in plain words ("deal accepted", "formal protest"), for screens and
 * handouts (events.csv keeps its identifiers). Never NULL. */
const char *narrate_kind(int kind);

/* Who acted, in the scenario's words: the state's and the host's names, the militants',
 * the mediators', "the scenario" for the timeline, "the class" for a knob, a facilitator's
 * inject or a choice of decision mode. Never NULL. */
const char *narrate_actor(const scenario *s, int actor);

/* The parts of a knob change (a MODEL_REC_SET record): the parameter in words (its knob
 * name, else the parameter table's doc line), its old and new value. Returns 0, or
 * SIM_EINVAL when r is not a change the model logged in its fixed form. */
int narrate_set(const model_record *r, char *words, size_t n, double *old, double *val);

/* The parameter named key in words (n bytes): its knob name ("strike threshold"), else
 * the parameter table's doc line up to its symbol or remark, else the key itself. */
void narrate_param(const char *key, char *out, size_t n);

/* Writes the date of day t of scenario s in words ("24 March 2023") into out (n bytes). */
void narrate_date(const scenario *s, double t, char *out, size_t n);

#endif
