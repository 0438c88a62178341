/* output.h - writers of one run's outputs: events.csv, series.csv and summary.json.
 *
 * Columns are those of the design: events.csv
 * t,date,kind,actor,zone,lat,lon,casualties,civilian_casualties,ladder,reason and series.csv
 * t,date,lambda,attacks_7d,pressure,threat,threshold_eff,cooperation,grievance,diplomatic,
 * capacity,ladder,closed_crossings. Numbers are printed with fixed formats so the same run
 * gives byte-identical files. */
#ifndef FRONTIER_OUTPUT_H
#define FRONTIER_OUTPUT_H
#include "model/model.h"
#include <stdint.h>
#include <stdio.h>

void output_events_csv(const model *m, FILE *f);
void output_series_csv(const model *m, FILE *f);
/* summary.json: seed, replication, scenario name and hash, every resolved parameter, totals,
 * and "partial" (nonzero when the run was cut short). */
void output_summary_json(const model *m, uint64_t seed, uint64_t rep, int partial, FILE *f);

/* Writes the three files into dir (created if needed), each atomically. Returns 0 or
 * SIM_EIO with errno set; on failure no file of this call is left half-written. */
int output_write_run(const model *m, const char *dir, uint64_t seed, uint64_t rep, int partial);

#endif
