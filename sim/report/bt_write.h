/* bt_write.h - the files of `frontier backtest`: backtest.csv (one row per kind: observed,
 * the runs' median and 90% interval, mid-PIT, Brier scores), backtest_months.csv (one row per
 * month and kind: observed, the model's probability, the climatology) and backtest.json
 * (all of it, the gaps and the provenance). Fixed number formats, so the same backtest gives
 * the same bytes. */
#ifndef FRONTIER_BT_WRITE_H
#define FRONTIER_BT_WRITE_H
#include "analysis/backtest.h"
#include "io/prov.h"
#include <stdio.h>

/* kind,observed,median,q05,q95,mean,pit,brier,brier_climatology,skill,base_rate,
 * climatology_months,climatology_in_sample */
int bt_write_csv(const bt_results *r, FILE *f);
/* month,kind,observed,probability,climatology (month YYYY-MM; kind strike, clash, closure) */
int bt_write_months_csv(const bt_results *r, FILE *f);
/* backtest.json (schemas/backtest.schema.json); rec is the record the study compared with. */
int bt_write_json(const bt_results *r, const bt_study *st, const scenario *s, const record *rec,
                  const prov *p, FILE *f);

#endif
