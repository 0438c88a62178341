#!/usr/bin/env python3
"""derive_history.py - write the scripted timeline of the history scenarios from the record.

Reads the project's record (scenarios/record/af-pk-2021-2024.csv) and rewrites the part of
scenarios/history-2021-2025.yaml between the lines

    # derived from the record: begin
    # derived from the record: end

with one timeline item (or two, for strikes on two provinces) per record row that the model
can script, each preceded by a comment naming the row (its id, line, confidence, source
title and address) and with a note that ends "(record ID)". Everything outside the markers
(the header, the 2025 items written from memory, the view) is kept as it is. It then
writes the timeline of scenarios/history-unscripted.yaml: the same items minus the strike
episodes and what answered them (strikes, clashes, ceasefires, mediation, the closure of
October 2025), and the closures that came with a clash (a closure on the day of a clash at
the same crossing: the model's clashes close their crossing with a probability of their
own), the rule tests/test_lessons.c checks.

Every row of the record must be either scripted (SCRIPT) or left out with a reason (SKIP):
a row the table does not know stops the script, so a changed record forces a decision.
Casualties are the leading number of the row's `killed` (its low end when a range); a
closure lasts to its end date, or to the reopening row named, or the model's default.

Usage: derive_history.py [RECORD.csv HISTORY.yaml UNSCRIPTED.yaml]
Python 3 standard library only; the output is deterministic for the same input.
"""
import csv
import datetime
import re
import sys

RECORD = "scenarios/record/af-pk-2021-2024.csv"
HISTORY = "scenarios/history-2021-2025.yaml"
UNSCRIPTED = "scenarios/history-unscripted.yaml"
BEGIN = "  # derived from the record: begin"
END = "  # derived from the record: end"
TRUCE_RATE, RATE = 0.06, 0.23   # militants.base_rate during a TTP truce and after (judgement)

# id -> the items it scripts: action, its fields, a note; "date" overrides a month-only
# date (with the reason in the note), "casualties": "killed" takes the row's number,
# "until" names the row that ends a closure.
SCRIPT = {
    "2021-11-09-ceasefire": [dict(action="set", key="militants.base_rate", value=TRUCE_RATE,
        note="Pakistan and the TTP begin a one-month ceasefire, the Afghan Taliban as go-between (rate: judgement)")],
    "2021-12-10-ceasefire_end": [dict(action="set", key="militants.base_rate", value=RATE,
        note="The ceasefire is not renewed; the TTP orders its fighters to resume attacks")],
    "2022-04-14-attack": [dict(action="attack", zone="North Waziristan", type="ambush",
        casualties="killed", note="Ambushes on an army convoy in North Waziristan: 7-8 soldiers killed (disputed)")],
    "2022-04-15-clash": [dict(action="clash", zone="Ghulam Khan",
        note="Pakistani troops and Taliban forces clash in Gurbuz district, Khost (reported; crossing: the model's nearest)")],
    "2022-04-16-strike": [
        dict(action="strike", zone="Khost",
             note="Pakistani strikes in Spera district, Khost, before dawn; Afghan officials report 41 killed there (disputed)"),
        dict(action="strike", zone="Kunar",
             note="Pakistani strikes in Shultan district, Kunar, the same night; 6 killed (disputed)")],
    "2022-05-ceasefire": [dict(action="set", key="militants.base_rate", value=TRUCE_RATE,
        date="2022-05-18",
        note="The TTP declares a ceasefire during talks in Kabul (the record gives the month: day 18 is a judgement, as is the rate)")],
    "2022-11-delegation": [dict(action="delegation", date="2022-11-29",
        note="Minister of State Hina Rabbani Khar leads a delegation to Kabul (the record gives late November: day 29, the day after the announcement, is a judgement)")],
    "2022-11-13-clash": [dict(action="clash", zone="Chaman", casualties="killed",
        note="A gunman from the Afghan side kills an FC soldier at Chaman; exchange of fire for over an hour")],
    "2022-11-13-closure": [dict(action="closure", zone="Chaman",
        note="Pakistan closes the Chaman crossing after the shooting, until 21 November")],
    "2022-11-16-attack": [dict(action="attack", zone="Lakki Marwat", type="ambush",
        casualties="killed", note="TTP ambush on a police patrol in Lakki Marwat: 6 killed")],
    "2022-11-28-ceasefire_end": [dict(action="set", key="militants.base_rate", value=RATE,
        note="The TTP calls off its ceasefire and orders attacks across Pakistan")],
    "2022-12-11-clash": [dict(action="clash", zone="Chaman", casualties="killed",
        note="Afghan forces shell Chaman with heavy weapons: 6 killed by Pakistan's count (disputed)")],
    "2022-12-15-clash": [dict(action="clash", zone="Chaman", casualties="killed",
        note="Mortar fire on Chaman kills a civilian (disputed)")],
    "2022-12-15-closure": [dict(action="closure", zone="Chaman",
        note="The Chaman crossing is closed amid the firing (the record has no reopening date: the model's default length)")],
    "2023-01-30-attack": [dict(action="attack", zone="Peshawar", type="suicide",
        casualties="killed", note="Police Lines mosque bombing in Peshawar: 90-100 killed, most of them police")],
    "2023-02-17-attack": [dict(action="attack", zone="Karachi", type="raid",
        casualties="killed", note="TTP assault on the Karachi police office: 4 killed, 3 attackers")],
    "2023-02-19-closure": [dict(action="closure", zone="Torkham",
        note="The Taliban close Torkham; it reopens on 23 February and Pakistan shuts it again hours later (final reopening not in the record: the model's default length)")],
    "2023-02-20-clash": [dict(action="clash", zone="Torkham", casualties="killed",
        note="Exchange of fire at Torkham during the closure; a Pakistani soldier wounded")],
    "2023-02-22-delegation": [dict(action="delegation",
        note="Defence minister Khawaja Asif and ISI chief Lt Gen Nadeem Anjum meet the Taliban leadership in Kabul")],
    "2023-02-22-offer": [dict(action="deal_offer",
        note="The Taliban offer to disarm the TTP and move it away from the border if Pakistan bears the cost (reported)")],
    "2023-09-06-closure": [dict(action="closure", zone="Torkham", until="2023-09-15-reopening",
        note="Torkham closed after a clash over an Afghan border post, until 15 September")],
    "2023-09-06-clash": [dict(action="clash", zone="Torkham", casualties="killed",
        note="Clash at Torkham over the construction of a post (disputed: 6 or 4 September)")],
    "2023-10-03-deportation": [dict(action="deportation",
        note="Pakistan orders undocumented foreigners, most of them Afghans, to leave by 1 November or be deported")],
    "2023-12-12-attack": [dict(action="attack", zone="Dera Ismail Khan", type="suicide",
        casualties="killed", note="Car bomb and suicide attack on an army compound in Daraban: 23 soldiers killed (claimed by a TTP affiliate)")],
    "2023-12-12-demarche": [dict(action="demarche",
        note="Pakistan issues a demarche to the Afghan diplomat and demands the extradition of TTP leaders")],
    "2024-03-16-attack": [dict(action="attack", zone="North Waziristan", type="suicide",
        casualties="killed", note="Truck bomb and assault on an army post in Mir Ali: 7 soldiers killed (claimed by a group allied to the TTP)")],
    "2024-03-18-strike": [
        dict(action="strike", zone="Khost",
             note="Pakistani air strikes in Khost before dawn; the Taliban report 2 killed there"),
        dict(action="strike", zone="Paktika",
             note="Pakistani air strikes in Paktika the same morning; the Taliban report 6 killed, women and children")],
    "2024-03-18-clash": [dict(action="clash", zone="Ghulam Khan", casualties="killed",
        note="Taliban forces fire on Pakistani posts in Kurram in retaliation (reported; crossing: the model's nearest)")],
    "2024-05-clash": [dict(action="clash", zone="Ghulam Khan", date="2024-05-15",
        note="Clashes around the Kharlachi crossing in Kurram (the record gives the month: day 15 is a judgement; crossing: the model's nearest)")],
    "2024-05-17-closure": [dict(action="closure", zone="Torkham",
        note="Torkham closed for three days (technical reasons), reopened 20 May")],
    "2024-09-07-clash": [dict(action="clash", zone="Ghulam Khan", casualties="killed",
        note="Afghan forces attack a Pakistani post near Palosin, Kurram; 8 Afghan troops killed by Pakistan's count (crossing: the model's nearest)")],
    "2024-12-delegation": [dict(action="delegation", date="2024-12-23",
        note="Special Representative Mohammad Sadiq in Kabul for talks (the record says shortly before the strikes of 24 December: day 23 is a judgement)")],
    "2024-12-24-strike": [dict(action="strike", zone="Paktika",
        note="Pakistani air strikes in Barmal district, Paktika; the Taliban report 46 killed, Pakistan says militants (disputed)")],
    "2024-12-28-clash": [dict(action="clash", zone="Ghulam Khan", casualties="killed",
        note="Taliban forces attack Pakistani posts in Upper Kurram in retaliation (disputed; crossing: the model's nearest)")],
}
# id -> why the row is not scripted.
SKIP = {
    "2021-10-talks": "talks between Pakistan and the TTP: the model has no talks with the militants (the truces they brought are scripted)",
    "2021-11-10-delegation": "a Taliban delegation to Islamabad: the model's delegation is the state's",
    "2022-06-01-talks": "talks between Pakistan and the TTP: the model has no talks with the militants",
    "2022-06-02-ceasefire": "the indefinite TTP ceasefire continues the May truce, whose rate stays until 28 November",
    "2022-11-21-reopening": "ends the Chaman closure of 13 November (its length)",
    "2023-02-23-reopening": "the Taliban reopened Torkham and Pakistan shut it again hours later: the closure stands",
    "2023-07-30-attack": "claimed by Islamic State Khorasan, not the TTP (the model's militants)",
    "2023-09-15-reopening": "ends the Torkham closure of 6 September (its length)",
}
# Items of a strike episode, left out of the unscripted history (tests/test_lessons.c).
EPISODE_ACTIONS = {"strike", "clash", "ceasefire", "mediation"}


def day(s):
    return datetime.date.fromisoformat(s)


def killed_low(text, rid):
    m = re.match(r"\s*(\d+)", text)
    if not m:
        sys.exit(f"derive_history: row {rid}: no number in killed '{text}'")
    return int(m.group(1))


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def item_fields(spec, row, rows):
    """The YAML flow mapping of one item, and its date."""
    date = spec.get("date", row["date"])
    if len(date) != 10:
        sys.exit(f"derive_history: row {row['id']} is dated by month: SCRIPT must choose a day")
    f = [f"date: {date}", f"action: {spec['action']}"]
    for k in ("zone", "type", "key", "value"):
        if k in spec:
            f.append(f"{k}: {spec[k]}")
    if spec.get("casualties") == "killed":
        f.append(f"casualties: {killed_low(row['killed'], row['id'])}")
    end = rows[spec["until"]]["date"] if "until" in spec else row["end_date"]
    if spec["action"] == "closure" and end:
        f.append(f"days: {(day(end) - day(date)).days}")
    f.append(f"note: {quote(spec['note'] + ' (record ' + row['id'] + ')')}")
    return date, f


def derive(rows, lines):
    """The lines of the derived block: skipped rows first, then the items by date."""
    known = set(SCRIPT) | set(SKIP)
    for rid in rows:
        if rid not in known:
            sys.exit(f"derive_history: record row {rid} is neither in SCRIPT nor in SKIP")
    for rid in known - set(rows):
        sys.exit(f"derive_history: {rid} is not a row of the record")
    out = [BEGIN, "  # Generated by tools/derive_history.py from scenarios/record/af-pk-2021-2024.csv;",
           "  # edit the script, not these lines. Rows of the record not scripted, and why:"]
    out += [f"  #   {rid}: {why}" for rid, why in SKIP.items()]
    items = []
    for rid, specs in SCRIPT.items():
        row = rows[rid]
        for k, spec in enumerate(specs):
            date, f = item_fields(spec, row, rows)
            items.append((date, lines[rid], k, rid, spec["action"], f))
    for date, line, _, rid, action, f in sorted(items):
        row = rows[rid]
        out.append(f"  # record row {rid} (line {line}, {row['confidence']}): "
                   f"{row['source_title']} <{row['source_url']}>")
        out.append("  - {" + (",\n     ".join([", ".join(f[:-1]), f[-1]])) + "}")
    out.append(END)
    return out, [(date, action, f) for date, _, _, _, action, f in sorted(items)]


def replace_block(path, block):
    text = open(path, encoding="utf-8").read().split("\n")
    if BEGIN not in text or END not in text:
        sys.exit(f"derive_history: {path} lacks the lines '{BEGIN.strip()}' and '{END.strip()}'")
    a, b = text.index(BEGIN), text.index(END)
    return text[:a] + block + text[b + 1:], text[b + 1:]


def hand_items(tail):
    """The hand-written items after the derived block: (text lines, action, date)."""
    items, cur = [], None
    for ln in tail:
        if ln.startswith("  - {"):
            cur = [ln]
        elif cur is not None:
            cur.append(ln)
        if cur is not None and ln.rstrip().endswith("}"):
            body = " ".join(cur)
            items.append((cur, re.search(r"action: (\w+)", body).group(1),
                          re.search(r"date: ([0-9-]+)", body).group(1)))
            cur = None
        if cur is None and ln and not ln.startswith(" "):
            break
    return items


def zone_of(f):
    z = [x for x in f if x.startswith("zone: ")]
    return z[0] if z else None


def clash_closures(derived):
    """Indices of the closures on the day of a clash at the same crossing."""
    clashes = {(date, zone_of(f)) for date, action, f in derived if action == "clash"}
    return {i for i, (date, action, f) in enumerate(derived)
            if action == "closure" and (date, zone_of(f)) in clashes}


def write_unscripted(path, derived, hand):
    text = open(path, encoding="utf-8").read().split("\n")
    a = text.index("timeline:")
    b = next(i for i in range(a + 1, len(text) + 1)    # the next top-level key, or the end
             if i == len(text) or (text[i] and not text[i].startswith((" ", "#"))))
    while b > a + 1 and not text[b - 1].strip():
        b -= 1
    out = text[:a + 1] + ["  # Generated by tools/derive_history.py: the history's timeline without "
                          "its strike episodes."]
    with_clash = clash_closures(derived)
    for i, (date, action, f) in enumerate(derived):
        if action not in EPISODE_ACTIONS and i not in with_clash:
            out.append("  - {" + (",\n     ".join([", ".join(f[:-1]), f[-1]])) + "}")
    for lines, action, date in hand:
        late_closure = action == "closure" and date >= "2025-10-01"
        if action not in EPISODE_ACTIONS and not late_closure:
            out += lines
    out += text[b:]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main():
    args = sys.argv[1:] or [RECORD, HISTORY, UNSCRIPTED]
    if len(args) != 3:
        sys.exit("usage: derive_history.py [RECORD.csv HISTORY.yaml UNSCRIPTED.yaml]")
    with open(args[0], newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows, lines = {}, {}
        for r in reader:
            rows[r["id"]], lines[r["id"]] = r, reader.line_num
    block, derived = derive(rows, lines)
    text, tail = replace_block(args[1], block)
    with open(args[1], "w", encoding="utf-8") as f:
        f.write("\n".join(text))
    write_unscripted(args[2], derived, hand_items(tail))
    n = sum(len(s) for s in SCRIPT.values())
    print(f"derive_history: {len(SCRIPT)} rows scripted as {n} items, {len(SKIP)} left out; "
          f"wrote {args[1]} and {args[2]}")


if __name__ == "__main__":
    main()
