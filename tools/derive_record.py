#!/usr/bin/env python3
"""derive_record.py - derive the project's record of the conflict from a researcher's file.

Reads a record CSV in the layout

    date,end_date,kind,place,lat,lon,actor,target,killed,description,source_url,
    source_title,confidence

checks every row against its own text, applies the corrections listed below (each with
the words of the row it rests on, so a changed input stops the script instead of being
silently "corrected"), merges rows that report one event twice, gives each row an id and
writes scenarios/record/af-pk-2021-2024.csv (the same columns, with `id` first and
`also_source_url`, `also_source_title` last for a merged row's second source).

Checks (a failure stops the script with the row's line and what is wrong):
  - columns, kinds, confidence values, dates (YYYY-MM-DD or YYYY-MM), lat/lon ranges;
  - end_date on or after date;
  - every weekday named in a description agrees with the date it names ("on Monday
    (20 Feb)"), or else with the row's own date or end date;
  - every row has a source address and title.
Findings that are not errors (rows dated by month only, one-source rows, sources that are
aggregators or reprints) are printed, for scenarios/record/README.md.

Usage: derive_record.py IN.csv OUT.csv
Python 3 standard library only; the output is deterministic for the same input.
"""
import csv
import datetime
import re
import sys

COLUMNS = ["date", "end_date", "kind", "place", "lat", "lon", "actor", "target", "killed",
           "description", "source_url", "source_title", "confidence"]
OUT_COLUMNS = ["id"] + COLUMNS + ["also_source_url", "also_source_title"]
IN_KINDS = {"strike", "clash", "closure", "reopening", "delegation", "ultimatum", "talks",
            "ceasefire", "ceasefire_end", "attack", "offer"}
# The project's record adds two kinds the researcher's file folds into "ultimatum".
OUT_KINDS = IN_KINDS | {"demarche", "deportation"}
CONFIDENCE = {"reported", "confirmed", "disputed"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = {m: i + 1 for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])}
# Sites that republish or summarise other outlets' reports: credited, and flagged as weak.
AGGREGATORS = ["wikisum.wiki", "exbulletin.com", "bnnbreaking.com", "headtopics.com",
               "politicalobserver.in", "ommcomnews.com", "theliberalworld.com",
               "indiandefensenews.in", "independent.ng"]

# Corrections: the row (date, kind, start of place), the words of its text that justify the
# change (checked), the changes, and why (copied into the README by hand).
CORRECTIONS = [
    {"row": ("2021-10", "talks", "Afghanistan"),
     "requires": "broke down in December 2021",
     "set": {"end_date": "2021-12"},
     "why": "the text says the talks broke down in December 2021: end_date was blank"},
    {"row": ("2023-10-03", "ultimatum", "Pakistan"),
     "requires": "ordered to leave by 1 Nov 2023 or be deported",
     "set": {"kind": "deportation"},
     "why": "an order to undocumented migrants to leave or be deported, not a warning to "
            "the Afghan government: kind deportation (the model's deportation action)"},
    {"row": ("2023-12-12", "ultimatum", "Islamabad"),
     "requires": "issued a demarche",
     "set": {"kind": "demarche"},
     "why": "the text reports a demarche and a demand for extraditions, with no deadline "
            "and no threat: kind demarche, not ultimatum"},
    {"row": ("2024-05", "closure", "Torkham"),
     "requires": "Three-day closure",
     "also_requires": "reopened Monday 20 May 2024",
     "set": {"date": "2024-05-17"},
     "why": "a three-day closure that ended when the crossing reopened on Monday 20 May "
            "began on Friday 17 May: the day follows from the row's own text"},
]
# Rows that report one event twice: the second is merged into the first.
MERGES = [
    {"keep": ("2022-04-16", "strike", "Spera district"),
     "drop": ("2022-04-16", "strike", "Khost and Kunar"),
     "why": "both rows are the strikes of the night of 15-16 April 2022 in Khost and Kunar "
            "(the same 47 dead); one event, two sources"},
]


def fail(line, msg):
    sys.exit(f"derive_record: line {line}: {msg}")


def parse_date(s):
    """(first, last) dates of YYYY-MM-DD or YYYY-MM, or None."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", s)
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    try:
        if m.group(3):
            d = datetime.date(y, mo, int(m.group(3)))
            return d, d
        first = datetime.date(y, mo, 1)
        nxt = datetime.date(y + (mo == 12), mo % 12 + 1, 1)
        return first, nxt - datetime.timedelta(days=1)
    except ValueError:
        return None


def check_row(r, line, kinds):
    for col in ("date", "kind", "source_url", "source_title", "confidence"):
        if not r[col].strip():
            fail(line, f"{col} is blank")
    if parse_date(r["date"]) is None:
        fail(line, f"date '{r['date']}' is not YYYY-MM-DD or YYYY-MM")
    if r["end_date"]:
        end = parse_date(r["end_date"])
        if end is None:
            fail(line, f"end_date '{r['end_date']}' is not YYYY-MM-DD or YYYY-MM")
        if end[1] < parse_date(r["date"])[0]:
            fail(line, f"end_date {r['end_date']} is before date {r['date']}")
    if r["kind"] not in kinds:
        fail(line, f"kind '{r['kind']}' is not one of {sorted(kinds)}")
    if r["confidence"] not in CONFIDENCE:
        fail(line, f"confidence '{r['confidence']}' is not one of {sorted(CONFIDENCE)}")
    for col, lim in (("lat", 90), ("lon", 180)):
        if r[col] and not abs(float(r[col])) <= lim:
            fail(line, f"{col} {r[col]} is out of range")
    if bool(r["lat"]) != bool(r["lon"]):
        fail(line, "lat and lon must be given together")


def check_weekdays(r, line):
    """Every weekday the text names must fit the date it names, or the row's dates."""
    first, last = parse_date(r["date"])
    own = {first.weekday(), last.weekday()} if first == last else set()
    if r["end_date"]:
        e0, e1 = parse_date(r["end_date"])
        if e0 == e1:
            own.add(e0.weekday())
    pat = r"(%s)\b(?:\s+[A-Za-z]+)?\s*\(?(\d{1,2}) (%s)\w*(?: (\d{4}))?" % (
        "|".join(WEEKDAYS), "|".join(MONTHS))
    named = set()
    for m in re.finditer(pat, r["description"]):
        year = int(m.group(4) or first.year)
        d = datetime.date(year, MONTHS[m.group(3)], int(m.group(2)))
        if d.weekday() != WEEKDAYS.index(m.group(1)):
            fail(line, f"the text says {m.group(0)!r} but {d} is a {d.strftime('%A')}")
        named.add(m.start())
    # "Friday Times" is a newspaper, not a day.
    for m in re.finditer(r"\b(%s)\b(?! Times)" % "|".join(WEEKDAYS), r["description"]):
        if m.start() in named:
            continue
        if first != last:
            print(f"  line {line}: the text names a {m.group(1)}, the row has no day to check")
        elif WEEKDAYS.index(m.group(1)) not in own:
            fail(line, f"the text says {m.group(1)} but {r['date']} is a "
                       f"{first.strftime('%A')}")


def matches(r, key):
    date, kind, place = key
    return r["date"] == date and r["kind"] == kind and r["place"].startswith(place)


def find_one(rows, key, what):
    hits = [i for i, (r, _) in enumerate(rows) if matches(r, key)]
    if len(hits) != 1:
        sys.exit(f"derive_record: {what} {key}: expected one matching row, found {len(hits)}")
    return hits[0]


def apply_corrections(rows):
    for c in CORRECTIONS:
        i = find_one(rows, c["row"], "correction")
        r, line = rows[i]
        for words in (c["requires"], c.get("also_requires")):
            if words and words not in r["description"]:
                fail(line, f"the correction needs the text to say {words!r}; it does not")
        r.update(c["set"])
        print(f"  line {line}: {c['set']}: {c['why']}")


def apply_merges(rows):
    for mg in MERGES:
        k = find_one(rows, mg["keep"], "merge")
        d = find_one(rows, mg["drop"], "merge")
        keep, drop = rows[k][0], rows[d][0]
        keep["description"] += f" Second source ({drop['source_title']}): {drop['description']}"
        keep["also_source_url"], keep["also_source_title"] = drop["source_url"], drop["source_title"]
        if "confirmed" in (keep["confidence"], drop["confidence"]) and \
                keep["confidence"] == "reported":
            keep["confidence"] = "confirmed"
        print(f"  lines {rows[k][1]} + {rows[d][1]}: merged: {mg['why']}")
        del rows[d]


def assign_ids(rows):
    seen = {}
    for r, _ in rows:
        base = f"{r['date']}-{r['kind']}"
        seen[base] = seen.get(base, 0) + 1
        r["id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"


def findings(rows):
    for r, line in rows:
        if len(r["date"]) == 7:
            print(f"  line {line}: {r['kind']} dated by month only ({r['date']})")
        host = re.sub(r"^https?://(www\.)?", "", r["source_url"]).split("/")[0]
        if any(host.endswith(a) for a in AGGREGATORS):
            print(f"  line {line}: source is an aggregator or reprint: {host}")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: derive_record.py IN.csv OUT.csv")
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            sys.exit(f"derive_record: expected the columns {','.join(COLUMNS)}")
        rows = [(dict(r, also_source_url="", also_source_title=""), reader.line_num)
                for r in reader]
    print("checks:")
    for r, line in rows:
        check_row(r, line, IN_KINDS)
        check_weekdays(r, line)
    print("corrections:")
    apply_corrections(rows)
    apply_merges(rows)
    for r, line in rows:
        check_row(r, line, OUT_KINDS)
    rows.sort(key=lambda rl: parse_date(rl[0]["date"])[0])   # stable: file order per day
    assign_ids(rows)
    print("findings:")
    findings(rows)
    with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=OUT_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r, _ in rows:
            w.writerow(r)
    print(f"wrote {sys.argv[2]}: {len(rows)} rows")


if __name__ == "__main__":
    main()
