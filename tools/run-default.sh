#!/bin/sh
# run-default.sh - what `make run` does: open the view of a scenario when a display is there,
# otherwise run it headless, write its outputs and a screenshot, and say where they are.
# Usage: tools/run-default.sh FRONTIER_BIN SCENARIO
set -u
if [ $# -ne 2 ]; then
  echo "usage: tools/run-default.sh FRONTIER_BIN SCENARIO" >&2
  exit 2
fi
bin=$1
scenario=$2
out=out/default

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$bin" view "$scenario"
  status=$?
  # 1 means the window could not open (no usable display): fall back to headless
  [ "$status" -ne 1 ] && exit "$status"
  echo "run-default: the window did not open; running headless instead" >&2
fi

"$bin" run "$scenario" --out "$out" || exit $?
"$bin" view "$scenario" --headless --until 365 --screenshot "$out/view.png" || exit $?
echo
echo "No display, so the run was headless. Outputs:"
echo "  $out/events.csv    every event with its reason"
echo "  $out/series.csv    the daily series"
echo "  $out/summary.json  totals"
echo "  $out/view.png      the map at day 365"
echo "With a display, 'make run' opens the interactive view."
