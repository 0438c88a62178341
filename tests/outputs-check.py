#!/usr/bin/python3
"""outputs-check.py - every output frontier writes, read as an analyst reads it.

Usage: tests/outputs-check.py BIN   (run from the repository root; make test runs it)

1. The schemas: `frontier check --schema` is schemas/scenario.schema.json byte for byte; every
   scenario file of the project validates against it; scenario files with wrong keys, types
   or ranges (tests/scenarios/bad/) do not.
2. run, ensemble, compare, sweep, forecast and backtest are run into a scratch folder. Every JSON output
   validates against its schema in schemas/ (jsonschema, an independent implementation), and
   every provenance.json against output-set.schema.json, with the SHA-256 of every file it
   names checked with hashlib.
3. Every CSV loads with pandas with the expected columns and types: day numbers are integers,
   dates parse as dates, `partial` is boolean; and the day convention holds across files:
   day d is [d, d + 1) from the start date, date = start date + day, in events.csv,
   series.csv, summary.json, replications.csv, fan.csv and first_strike_km.csv.
"""
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import pandas as pd
import yaml

SCN = "scenarios/kabul-ultimatum-2023.yaml"
LOWER = "scenarios/variants/lower-threshold.yaml"
SCHEMAS = os.path.abspath("schemas")
failures = []


def fail(msg):
    failures.append(msg)
    print("outputs-check: FAIL: " + msg, file=sys.stderr)


class DatesAsText(yaml.SafeLoader):
    """YAML as frontier reads it: 2023-01-01 is text, not a timestamp."""


DatesAsText.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def schema(name):
    with open(os.path.join(SCHEMAS, name)) as f:
        s = json.load(f)
    resolver = jsonschema.RefResolver("file://%s/%s" % (SCHEMAS, name), s)
    return jsonschema.Draft202012Validator(s, resolver=resolver)


def errors_of(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.path))


def check_scenario_schema(bin_):
    fresh = subprocess.run([bin_, "check", "--schema"], capture_output=True).stdout
    with open(os.path.join(SCHEMAS, "scenario.schema.json"), "rb") as f:
        if f.read() != fresh:
            fail("schemas/scenario.schema.json differs from `frontier check --schema`: "
                 "regenerate it with `./frontier check --schema > schemas/scenario.schema.json`")
    v = schema("scenario.schema.json")
    jsonschema.Draft202012Validator.check_schema(v.schema)
    good = [os.path.join(d, f) for top in ("scenarios", "tests/scenarios/good")
            for d, _, fs in os.walk(top) for f in fs if f.endswith(".yaml")]
    for path in sorted(good):
        with open(path) as f:
            doc = yaml.load(f, Loader=DatesAsText)
        for e in errors_of(v, doc):
            fail("%s does not validate: %s at %s" % (path, e.message, list(e.path)))
    bad = ["unknown-key", "unknown-section", "out-of-range", "wrong-type", "zone-fields",
           "bad-seed", "bad-bool", "timeline-item"]
    for name in bad:
        with open("tests/scenarios/bad/%s.yaml" % name) as f:
            if not errors_of(v, yaml.load(f, Loader=DatesAsText)):
                fail("tests/scenarios/bad/%s.yaml validates, but frontier refuses it" % name)
    print("outputs-check: scenario schema: %d scenario files validate, %d bad ones do not"
          % (len(good), len(bad)))


def frontier(bin_, *args):
    r = subprocess.run([bin_] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        fail("frontier %s exited %d: %s" % (" ".join(args), r.returncode, r.stderr[-400:]))
    return r


def check_set(folder, json_schemas):
    """Validates provenance.json, its hashes and the JSON files of folder."""
    with open(os.path.join(folder, "provenance.json")) as f:
        man = json.load(f)
    for e in errors_of(schema("output-set.schema.json"), man):
        fail("%s/provenance.json: %s at %s" % (folder, e.message, list(e.path)))
    names = {e["name"] for e in man["files"]}
    if names != set(os.listdir(folder)) - {"provenance.json"}:
        fail("%s: provenance.json names %s" % (folder, sorted(names)))
    for e in man["files"]:
        with open(os.path.join(folder, e["name"]), "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != e["sha256"]:
                fail("%s/%s: SHA-256 differs from provenance.json" % (folder, e["name"]))
    for name, sname in json_schemas.items():
        with open(os.path.join(folder, name)) as f:
            doc = json.load(f)
        for e in errors_of(schema(sname), doc):
            fail("%s/%s: %s at %s" % (folder, name, e.message, list(e.path)))
        if doc["provenance"] != man["provenance"]:
            fail("%s/%s: its provenance differs from provenance.json's" % (folder, name))
    return man


def read_csv(folder, name, columns=None, **kw):
    df = pd.read_csv(os.path.join(folder, name), **kw)
    bad = [c for c in df.columns if str(c).startswith("Unnamed")]
    if bad:
        fail("%s/%s: unnamed columns %s" % (folder, name, bad))
    if columns and list(df.columns[:len(columns)]) != columns:
        fail("%s/%s: columns %s, expected %s first" % (folder, name, list(df.columns), columns))
    return df


def check_dates(where, df, start, day_col, date_col):
    """date = start + floor(day) on every row that has a day."""
    rows = df[df[day_col].notna()]
    want = pd.to_datetime(start) + pd.to_timedelta(rows[day_col].astype(float) // 1, unit="D")
    got = pd.to_datetime(rows[date_col], format="%Y-%m-%d")
    if not (want.values == got.values).all():
        fail("%s: %s is not the start date + floor(%s)" % (where, date_col, day_col))


def check_run(bin_, out):
    frontier(bin_, "run", SCN, "--seed", "7", "--days", "120", "-q", "--out", out)
    check_set(out, {"summary.json": "summary.schema.json"})
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    start = summary["start_date"]
    ev = read_csv(out, "events.csv", ["t", "day", "date", "kind"])
    se = read_csv(out, "series.csv", ["day", "date", "lambda"])
    if ev["day"].dtype.kind != "i" or se["day"].dtype.kind != "i":
        fail("run: day columns are not integers")
    if not (ev["day"] == ev["t"] // 1).all():
        fail("run: events.csv day is not floor(t)")
    check_dates("events.csv", ev, start, "day", "date")
    check_dates("series.csv", se, start, "day", "date")
    if list(se["day"]) != list(range(120)):
        fail("run: series.csv does not have one row for each day 0..119")
    strikes = ev[ev["kind"] == "strike"]
    tot = summary["totals"]
    if len(strikes) and (tot["first_strike_date"] != strikes["date"].iloc[0] or
                         int(tot["first_strike_day"]) != strikes["day"].iloc[0]):
        fail("run: summary.json's first strike is not the first strike of events.csv")
    if len(strikes):
        d = strikes["day"].iloc[0]
        if se[se["day"] == d]["ladder"].iloc[0] < 3:
            fail("run: series.csv does not show the strike of day %d on that day" % d)


def check_ensemble(bin_, out):
    frontier(bin_, "ensemble", SCN, "-n", "24", "--seed", "3", "--no-plots", "-q",
             "--series", "series.csv.gz", "--out", out)
    check_set(out, {"ensemble.json": "ensemble.schema.json"})
    with open(os.path.join(out, "ensemble.json")) as f:
        start = json.load(f)["start_date"]
    reps = read_csv(out, "replications.csv", ["replication", "seed", "attacks"])
    check_dates("replications.csv", reps, start, "first_strike_day", "first_strike_date")
    if len(reps) != 24 or reps["replication"].dtype.kind != "i":
        fail("ensemble: replications.csv has %d rows" % len(reps))
    fan = read_csv(out, "fan.csv", ["day", "date", "threat_q05", "threat_q25", "threat_median"])
    check_dates("fan.csv", fan, start, "day", "date")
    km = read_csv(out, "first_strike_km.csv",
                  ["day", "date", "at_risk", "events", "survival", "ci95_lo", "ci95_hi"])
    check_dates("first_strike_km.csv", km, start, "day", "date")
    series = read_csv(out, "series.csv.gz", ["replication", "day", "date", "variable", "value"])
    check_dates("series.csv.gz", series, start, "day", "date")
    if len(series) != 24 * 365 * 11 or series["value"].dtype.kind != "f":
        fail("series.csv.gz: %d rows, value %s" % (len(series), series["value"].dtype))
    wide = series.pivot_table(index=["replication", "day"], columns="variable", values="value")
    if list(wide.loc[0]["ladder"].index) != list(range(365)):
        fail("series.csv.gz: replication 0 does not have days 0 to 364")


def check_compare_sweep(bin_, cmp_out, sweep_out):
    frontier(bin_, "compare", SCN, LOWER, "-n", "10", "--seed", "2", "-q", "--out", cmp_out)
    check_set(cmp_out, {})
    c = read_csv(cmp_out, "compare.csv", ["total", "pairs", "mean_a", "mean_b", "diff_mean",
                                          "diff_sd", "diff_ci95_lo", "diff_ci95_hi"])
    r = read_csv(cmp_out, "replications.csv", ["variant", "replication", "seed",
                                               "state.strike.threshold", "attacks"])
    if list(r["variant"][:4]) != ["A", "B", "A", "B"] or len(r) != 20:
        fail("compare replications.csv: variants %s, %d rows" % (list(r["variant"][:4]), len(r)))
    if c["partial"].dtype != bool:
        fail("compare.csv: partial is not read as a boolean (%s)" % c["partial"].dtype)
    frontier(bin_, "sweep", SCN, "--vary", "state.strike.threshold=0.7:0.8:0.1", "-n", "6",
             "--seed", "2", "-q", "--out", sweep_out)
    man = check_set(sweep_out, {})
    if man["provenance"]["overrides"]["vary"] != ["state.strike.threshold=0.7:0.8:0.1"]:
        fail("sweep: provenance does not name the --vary axis")
    s = read_csv(sweep_out, "sweep.csv", ["point", "state.strike.threshold", "seed", "n",
                                         "partial"])
    if s["partial"].dtype != bool or len(s) != 2:
        fail("sweep.csv: %d rows, partial %s" % (len(s), s["partial"].dtype))
    r = read_csv(sweep_out, "replications.csv", ["point", "replication", "seed",
                                                 "state.strike.threshold", "attacks"])
    if len(r) != 12 or sorted(set(r["state.strike.threshold"])) != [0.7, 0.8]:
        fail("sweep replications.csv: %d rows" % len(r))
    # sweep.csv has 8 significant digits
    if ((r.groupby("point")["strikes"].mean() - s["strikes_mean"]).abs() > 1e-6).any():
        fail("sweep: the mean strikes of replications.csv are not those of sweep.csv")


def check_forecast(bin_, out):
    frontier(bin_, "forecast", SCN, "--history", "tests/fixtures/synthetic-gtd.csv",
             "--actor", "TTP", "--from", "2018-01-01", "-n", "12", "--days", "90",
             "--seed", "5", "--out", out)
    man = check_set(out, {"forecast.json": "forecast.schema.json"})
    with open("tests/fixtures/synthetic-gtd.csv", "rb") as f:
        if man["provenance"]["data"]["sha256"] != hashlib.sha256(f.read()).hexdigest():
            fail("forecast: provenance.data does not hash the history file")
    r = read_csv(out, "replications.csv", ["replication"])
    check_dates("forecast replications.csv", r, "2018-01-01", "first_strike_day",
                "first_strike_date")


def check_backtest(bin_, out):
    rec = "scenarios/record/af-pk-2021-2024.csv"
    frontier(bin_, "backtest", "scenarios/history-2021-2025.yaml", "--record", rec,
             "--from", "2023-01-01", "--to", "2024-12-31", "-n", "12", "--seed", "4",
             "--no-plots", "-q", "--out", out)
    man = check_set(out, {"backtest.json": "backtest.schema.json"})
    with open(rec, "rb") as f:
        if man["provenance"]["data"]["sha256"] != hashlib.sha256(f.read()).hexdigest():
            fail("backtest: provenance.data does not hash the record")
    b = read_csv(out, "backtest.csv", ["kind", "observed", "median", "q05", "q95", "mean",
                                       "pit", "brier", "brier_climatology", "skill"])
    if list(b["kind"]) != ["strike_episodes", "clashes", "closures"] or \
            b["climatology_in_sample"].dtype != bool:
        fail("backtest.csv: kinds %s, climatology_in_sample %s" %
             (list(b["kind"]), b["climatology_in_sample"].dtype))
    m = read_csv(out, "backtest_months.csv", ["month", "kind", "observed", "probability"])
    months = pd.to_datetime(m["month"], format="%Y-%m")
    if len(m) != 24 * 3 or months.min() != pd.Timestamp("2023-01-01") or \
            m["observed"].dtype.kind != "i":
        fail("backtest_months.csv: %d rows from %s" % (len(m), months.min()))


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    bin_ = os.path.abspath(sys.argv[1])
    for name in os.listdir(SCHEMAS):
        jsonschema.Draft202012Validator.check_schema(json.load(open(os.path.join(SCHEMAS, name))))
    check_scenario_schema(bin_)
    scratch = tempfile.mkdtemp(prefix="outputs-check-")
    try:
        check_run(bin_, os.path.join(scratch, "run"))
        check_ensemble(bin_, os.path.join(scratch, "ensemble"))
        check_compare_sweep(bin_, os.path.join(scratch, "compare"),
                            os.path.join(scratch, "sweep"))
        check_forecast(bin_, os.path.join(scratch, "forecast"))
        check_backtest(bin_, os.path.join(scratch, "backtest"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        print("outputs-check: %d problems" % len(failures), file=sys.stderr)
        return 1
    print("outputs-check: run, ensemble, compare, sweep, forecast and backtest outputs validate against "
          "schemas/ and read cleanly with pandas %s" % pd.__version__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
