#!/usr/bin/env bash
# mpi-check.sh - the MPI build against the plain one: `make MPI=1`, the suite's MPI tests, and
# ensemble, compare, sweep, backtest and calibrate under `mpirun --oversubscribe -np 3`
# compared byte for byte (cmp) with ./frontier. Exits non-zero on any difference; ends with "N passed, M failed".
# Usage: tests/mpi-check.sh [RANKS]   (run from anywhere; default 3 ranks)
set -uo pipefail
cd "$(dirname "$0")/.."
ranks=${1:-3}
scn=scenarios/kabul-ultimatum-2023.yaml
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $1"; }
bad() { failed=$((failed + 1)); echo "FAILED: $1"; }
# Open MPI refuses to start as root unless told; CI containers run as root.
if [ "$(id -u)" = 0 ]; then
  export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

make deps MPI=1 || { echo "mpi-check: make deps MPI=1 failed"; exit 1; }
t0=$SECONDS
make -j2 >/dev/null && make -j2 MPI=1 all build-mpi/frontier_tests >/dev/null ||
  { echo "mpi-check: the build failed"; exit 1; }
echo "mpi-check: builds took $((SECONDS - t0)) s"

# The default build must not depend on MPI.
if ldd ./frontier | grep -qi mpi; then bad "./frontier links an MPI library"
else ok "./frontier has no MPI dependency"; fi

# The suite's MPI tests (each runs mpirun itself).
for filter in 'mpi/*' 'ensemble/mpi_*'; do
  if FRONTIER_BIN=$PWD/build-mpi/frontier tests/run-tests.sh build-mpi/frontier_tests \
       --filter "$filter" >"$out/tests.log" 2>&1; then ok "tests $filter"
  else cat "$out/tests.log"; bad "tests $filter"; fi
done

# same NAME ARGS...: the command once with ./frontier and once under mpirun, then every
# file of the two output folders compared with cmp, and the file lists too.
same() {
  local name=$1; shift
  ./frontier "$@" -j 1 -q --out "$out/$name-plain" >/dev/null 2>"$out/$name.err" &&
    mpirun --oversubscribe -np "$ranks" build-mpi/frontier "$@" -j 1 -q \
      --out "$out/$name-mpi" >/dev/null 2>>"$out/$name.err"
  local rc=$?
  if [ $rc -ne 0 ]; then cat "$out/$name.err"; bad "$name: exit status $rc"; return; fi
  local plain mpi f diffs=0
  plain=$(cd "$out/$name-plain" && ls)
  mpi=$(cd "$out/$name-mpi" && ls)
  [ "$plain" = "$mpi" ] || { echo "files: [$plain] vs [$mpi]"; diffs=1; }
  for f in $plain; do cmp "$out/$name-plain/$f" "$out/$name-mpi/$f" || diffs=1; done
  if [ $diffs -eq 0 ]; then ok "$name: $(echo $plain | wc -w) files identical with $ranks ranks"
  else bad "$name: outputs differ with $ranks ranks"; fi
}

same ensemble ensemble "$scn" -n 37
same compare compare "$scn" scenarios/variants/lower-threshold.yaml -n 23
same sweep sweep "$scn" --vary state.strike.threshold=0.5:0.9:0.2 \
  --vary militants.branching=0.3:0.5:0.2 -n 5
same backtest backtest scenarios/history-2021-2025.yaml \
  --record scenarios/record/af-pk-2021-2024.csv --from 2023-01-01 --to 2024-12-31 -n 17
# calibrate: every round split across the ranks and the statistics broadcast, so every rank
# builds the same populations (2 populations of 30 particles: about 150 runs, a second).
same calibrate calibrate "$scn" --record scenarios/record/af-pk-2021-2024.csv \
  --until 2023-12-31 --vary state.strike.threshold=0.5:0.99 --vary host.cooperation=0:0.5 \
  -n 30 -p 2 --predictive 20 -s 5

# A rank that fails makes the run fail, with rank 0's message and no output folder (the
# test hook needs a rank 1).
if [ "$ranks" -ge 2 ]; then
  FRONTIER_MPI_FAIL_RANK=1 mpirun --oversubscribe -x FRONTIER_MPI_FAIL_RANK -np "$ranks" \
    build-mpi/frontier ensemble "$scn" -n 9 -j 1 -q --out "$out/fail" >/dev/null \
    2>"$out/fail.err"
  rc=$?
  if [ $rc -ne 0 ] && grep -q "replication 1 failed" "$out/fail.err" && [ ! -e "$out/fail" ]
  then ok "a failing rank fails the run (exit status $rc)"
  else cat "$out/fail.err"; bad "a failing rank: exit status $rc"; fi
fi

# make install MPI=1 installs the MPI binary, and it runs by scenario name from elsewhere.
if tests/install-check.sh MPI=1 >"$out/install.log" 2>&1; then ok "make install MPI=1"
else cat "$out/install.log"; bad "make install MPI=1"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
