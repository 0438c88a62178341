#!/bin/sh
# run-tests.sh - run the Criterion suite and fail when it fails or when it ran no test.
# Usage: tests/run-tests.sh TESTBIN [criterion options]
set -u
bin=$1; shift
log=$(mktemp)
# Tests write their scratch files under TMPDIR: give them a fresh one and remove it after.
TMPDIR=$(mktemp -d)
export TMPDIR
trap 'rm -f "$log"; rm -rf "$TMPDIR"' EXIT
"$bin" --jobs "${TEST_JOBS:-2}" "$@" 2>&1 | tee "$log"
status=$?
# tee hides the runner's status in plain sh; read the synthesis line instead.
line=$(grep 'Synthesis:' "$log" | tail -n 1)
tested=$(echo "$line" | sed -n 's/.*Tested: *\([0-9]*\).*/\1/p')
failing=$(echo "$line" | sed -n 's/.*Failing: *\([0-9]*\).*/\1/p')
crashing=$(echo "$line" | sed -n 's/.*Crashing: *\([0-9]*\).*/\1/p')
if [ -z "$tested" ] || [ "$tested" -eq 0 ]; then
  echo "run-tests: no test ran" >&2; exit 1
fi
# Criterion 2.4 counts a test whose process failed after it passed (a leak found by
# LeakSanitizer at exit, for one) only as a warning: treat that as a failure.
late=$(grep -c 'crashed during its setup or teardown' "$log")
if [ "$late" -ne 0 ]; then
  echo "run-tests: $late test(s) failed in setup or teardown (leaks?)" >&2; exit 1
fi
if [ "${failing:-1}" -ne 0 ] || [ "${crashing:-1}" -ne 0 ]; then
  echo "run-tests: $failing failing, $crashing crashing" >&2; exit 1
fi
echo "$tested passed, 0 failed"
exit 0
