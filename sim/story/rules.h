/* rules.h - the model's rules in plain words, written from the parameters a run uses.
 *
 * Each section states one quantity or one decision the way sim/model computes it, with
 * the numbers of the parameters given (model_params of the running model, so a --set or a
 * knob changes the text): first the words of the brief with their scales (the glossary:
 * threat, grievance, cooperation, diplomatic pressure, the deal), then the decisions
 * (protests, ultimatums, the strike line, strikes, closures, mediators). The view's "how it
 * works" page and docs/teaching.md show them; names of the sides come from the scenario. */
#ifndef FRONTIER_RULES_H
#define FRONTIER_RULES_H
#include "scenario/scenario.h"

#define RULES_WORDS 5          /* the first sections: the glossary */
#define RULES_MAX 12
#define RULES_HEAD_MAX 64
#define RULES_TEXT_MAX 720

typedef struct rules_section {
    char head[RULES_HEAD_MAX];   /* "Threat (0 to 1)" */
    char text[RULES_TEXT_MAX];
} rules_section;

/* Writes the sections for scenario s with parameters p (s's own or a running model's) into
 * out (cap of them at most) and returns how many there are (at most RULES_MAX). */
int rules_sections(const scenario *s, const scn_params *p, rules_section *out, int cap);

#endif
