/* output.h - writers of one run's outputs: events.csv, series.csv and summary.json.
 *
 * Day d is [d, d + 1) from the start date (day 0 is the start date) in every file.
 * events.csv: t (time in days), day (floor of t), date, kind, actor, zone, lat, lon,
 * casualties, civilian_casualties, ladder, reason. series.csv: day, date, lambda,
 * attacks_7d, pressure, threat, threshold_eff, cooperation, grievance, diplomatic, capacity,
 * ladder, closed_crossings: the state at the end of each day. Columns and units:
 * docs/outputs.md. Numbers are printed with fixed formats so the same run gives
 * byte-identical files. */
#ifndef FRONTIER_OUTPUT_H
#define FRONTIER_OUTPUT_H
#include "io/outset.h"
#include "io/prov.h"
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>

void output_events_csv(const model *m, FILE *f);
void output_series_csv(const model *m, FILE *f);
/* summary.json: the provenance p, seed, replication, scenario name and hash, every resolved
 * parameter, totals, and "partial" (true when the run was cut short). */
void output_summary_json(const model *m, const prov *p, uint64_t seed, uint64_t rep,
                         int partial, FILE *f);

/* Writes the three files into the output set o and commits it with provenance p. Returns 0,
 * SIM_EINTR, SIM_EIO or SIM_ENOMEM (outset_error says what failed); on failure the folder
 * keeps its previous contents. */
int output_write_run(const model *m, outset *o, const prov *p, uint64_t seed, uint64_t rep,
                     int partial);

#endif
