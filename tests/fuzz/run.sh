#!/bin/sh
# run.sh - run each libFuzzer target for a while on its seed corpus.
# Usage: tests/fuzz/run.sh SECONDS_PER_TARGET BUILD_DIR [TARGET...]
# New inputs go to BUILD_DIR/corpus/<target> (the committed seeds stay as they are); a crash
# is saved as BUILD_DIR/crash-<target>-* and fails the run. Prints each target's executions.
set -u
secs=$1; out=$(cd "$2" && pwd); shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
targets=${*:-scenario incidents record cli script map}
cd "$root" # the script target reads the default scenario
status=0
total=0
for t in $targets; do
  mkdir -p "$out/corpus/$t"
  log="$out/fuzz-$t.log"
  # Absolute paths: the cli target changes its folder. -close_fd_mask=3 silences the
  # targets' own messages (libFuzzer and sanitizer reports still print).
  "$out/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
      -close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$out/crash-$t-" \
      "$out/corpus/$t" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  echo "fuzz $t: ${execs:-?} executions in ${secs}s, exit $rc"
  total=$((total + ${execs:-0}))
  if [ "$rc" -ne 0 ]; then
    status=1
    grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -n 5
  fi
done
echo "fuzz total: $total executions"
exit $status
