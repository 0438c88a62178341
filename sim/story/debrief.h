/* debrief.h - the turning points of a run and a Markdown debrief to hand out.
 *
 * Turning points, in the order they happened: the first ultimatum, every strike (the first
 * one marked), mass-casualty attacks (at least the model's own state.strike.mass_casualty,
 * the level at which a strike needs no ultimatum), an attack of the scenario's timeline or
 * the facilitator that took the threat across the warning level (where the model's rule
 * for an ultimatum starts), the peaks of the escalation ladder at level 3 or more
 * that are not strikes themselves (a level reached and left without going higher), deals
 * accepted and collapsed, mediators stepping in, ceasefires. Each points at the record it
 * comes from, so narrate_record explains it. The Markdown debrief has the scenario's title
 * and brief, what happened in numbers, a table of turning points (date, what, why in plain
 * words), the scenario's questions, and links to charts the caller wrote beside it (the PNG
 * charts are drawn by viz/plot/debrief_png.h: sim/ draws nothing). */
#ifndef FRONTIER_DEBRIEF_H
#define FRONTIER_DEBRIEF_H
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>

enum debrief_kind {
    DEBRIEF_FIRST_ULTIMATUM, DEBRIEF_FIRST_STRIKE, DEBRIEF_STRIKE, DEBRIEF_MASS_CASUALTY,
    DEBRIEF_LADDER_PEAK, DEBRIEF_DEAL_ACCEPTED, DEBRIEF_DEAL_COLLAPSE, DEBRIEF_MEDIATION,
    DEBRIEF_CEASEFIRE, DEBRIEF_WARNING_ATTACK, DEBRIEF_NKINDS
};

/* "First ultimatum", "First strike", "Strike", ... for a table's "What" column. */
const char *debrief_kind_name(int kind);

typedef struct debrief_point {
    double t;       /* day of the record */
    int kind;       /* enum debrief_kind */
    int record;     /* index of the record (model_record_at) */
    int ladder;     /* ladder level after the record */
} debrief_point;

/* Finds the turning points among records recs[0..n-1] (attacks of at least mass_casualty
 * casualties count; scripted attacks that took the threat from below warn_at to at least
 * it). Stores at most cap of them in out and returns how many there are in
 * all (like snprintf), so a call with cap 0 sizes the array. */
int debrief_points_of(const model_record *recs, int n, double mass_casualty, double warn_at,
                      debrief_point *out, int cap);
/* The same over the records model m kept (MODEL_KEEP_EVENTS). */
int debrief_points(const model *m, debrief_point *out, int cap);

/* A chart written beside the Markdown file: its file name (relative to the .md) and
 * caption. */
#define DEBRIEF_CHARTS_MAX 4
typedef struct debrief_chart {
    char file[256];
    char title[128];
} debrief_chart;

/* Writes the Markdown debrief of model m (run with seed) to f, linking charts[0..n_charts-1],
 * with a table of the settings changed during the run (date, day, who, setting, old → new).
 * writer names the command that wrote it ("frontier view --debrief"); debrief_write_md says
 * "frontier run --debrief". Return 0, SIM_EINVAL, SIM_ENOMEM or SIM_EIO (a write failed). */
int debrief_write_md(const model *m, uint64_t seed, const debrief_chart *charts, int n_charts,
                     FILE *f);
int debrief_write_md_as(const model *m, uint64_t seed, const debrief_chart *charts,
                        int n_charts, const char *writer, FILE *f);

#endif
