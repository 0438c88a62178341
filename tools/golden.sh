#!/bin/sh
# golden.sh - the golden outputs: events.csv, series.csv and summary.json of the default
# scenario and of the fictional one at seed 7, kept in tests/golden/<name>/.
# Usage: tools/golden.sh check BIN    compare a fresh run with the kept files (make test)
#        tools/golden.sh update BIN   rewrite the kept files (say why in the commit)
set -u
mode=${1:-}; bin=${2:-./frontier}
case "$mode" in check|update) ;; *) echo "usage: tools/golden.sh check|update BIN" >&2; exit 2 ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
while read -r name scenario; do
  kept="$top/tests/golden/$name"
  out="$scratch/$name"
  (cd "$top" && "$bin" run "$scenario" --seed 7 --out "$out" -q) || {
    echo "golden: frontier run $scenario failed" >&2; exit 1; }
  if [ "$mode" = update ]; then
    mkdir -p "$kept"; cp "$out"/events.csv "$out"/series.csv "$out"/summary.json "$kept"/
    echo "golden: updated tests/golden/$name"
    continue
  fi
  for f in events.csv series.csv summary.json; do
    if ! cmp -s "$kept/$f" "$out/$f"; then
      echo "golden: tests/golden/$name/$f differs from a fresh run of $scenario --seed 7:" >&2
      diff "$kept/$f" "$out/$f" | head -n 8 >&2
      status=1
    fi
  done
done <<LIST
default scenarios/kabul-ultimatum-2023.yaml
fictional scenarios/fictional/varesh-kordan.yaml
LIST
if [ "$status" -ne 0 ]; then
  echo "golden: if the change is meant to alter these outputs, run 'make golden' and say why in the commit" >&2
  exit 1
fi
[ "$mode" = check ] && echo "golden: default and fictional runs at seed 7 match tests/golden/"
exit 0
