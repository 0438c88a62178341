#!/usr/bin/env python3
"""chaos-outputs.py - kill `frontier ensemble` and `frontier sweep` with SIGKILL at random
moments and check, after every kill, that the output folder holds one complete, consistent
set: the previous one or the new one, never a mix (issue 17, item 4).

Usage: tests/chaos-outputs.py BIN KILLS [SEED]
  BIN    the frontier binary; run from the repository root
  KILLS  kills per command (make test: 50 each, make check-long: 500 each)

Half of the runs set FRONTIER_OUTSET_PAUSE_MS so that the write phase (each file, the
manifest, the swap, the removal of the previous set) takes long enough for the kills to land
in every step of it; the other half run at full speed and are killed anywhere. The checks do
not trust frontier's own code: the manifest is read with Python's json module and every file
is hashed with hashlib.

After each run the folder must:
  - hold provenance.json naming every file of the folder, each with its size and SHA-256;
  - be the set of the previous run or of this one (the seed in provenance.json), with the
    same seed inside the data files (ensemble.json's provenance, the seed column of
    replications.csv or sweep.csv);
and after a run that was not killed, no temporary may be left beside it (stale temporaries
of the killed runs are removed by the next run).
"""
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SCN = "scenarios/kabul-ultimatum-2023.yaml"
PAUSE_MS = "12"


def command(kind, bin_, seed, out):
    if kind == "ensemble":
        return [bin_, "ensemble", SCN, "-n", "40", "--jobs", "1", "--no-plots", "-q",
                "--seed", str(seed), "--out", out]
    return [bin_, "sweep", SCN, "--vary", "state.strike.threshold=0.6:0.8:0.1", "-n", "12",
            "--jobs", "1", "-q", "--seed", str(seed), "--out", out]


def fail(msg):
    print("chaos-outputs: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def csv_seeds(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
        col = header.index("seed")
        return {line.rstrip("\n").split(",")[col] for line in f if line.strip()}


def check_set(kind, out):
    """Returns the seed of the complete set in out, or fails."""
    try:
        with open(os.path.join(out, "provenance.json")) as f:
            man = json.load(f)
    except (OSError, ValueError) as e:
        fail("%s: no readable provenance.json (%s); holds %s" %
             (out, e, sorted(os.listdir(out)) if os.path.isdir(out) else "nothing"))
    if man.get("format") != "frontier-output-set":
        fail("%s: provenance.json has format %r" % (out, man.get("format")))
    listed = {e["name"]: e for e in man["files"]}
    present = set(os.listdir(out)) - {"provenance.json"}
    if present != set(listed):
        fail("%s: files %s, manifest names %s" % (out, sorted(present), sorted(listed)))
    for name, e in listed.items():
        with open(os.path.join(out, name), "rb") as f:
            data = f.read()
        if len(data) != e["bytes"] or hashlib.sha256(data).hexdigest() != e["sha256"]:
            fail("%s/%s differs from its manifest entry" % (out, name))
    seed = man["provenance"]["seed"]
    table = "replications.csv" if kind == "ensemble" else "sweep.csv"
    if table not in listed:
        fail("%s: the set has no %s" % (out, table))
    if csv_seeds(os.path.join(out, table)) != {str(seed)}:
        fail("%s/%s holds another run's seed than provenance.json (%s)" % (out, table, seed))
    if kind == "ensemble":
        with open(os.path.join(out, "ensemble.json")) as f:
            if json.load(f)["provenance"]["seed"] != seed:
                fail("%s/ensemble.json is from another run" % out)
    return seed


def temporaries(parent, name):
    return [e for e in os.listdir(parent) if e.startswith("." + name + ".frontier-")]


def timed_run(kind, bin_, out, seed, env):
    t0 = time.monotonic()
    rc = subprocess.run(command(kind, bin_, seed, out), env=env,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    if rc != 0:
        fail("%s: a run that was not killed exited %d" % (kind, rc))
    return time.monotonic() - t0


def chaos(kind, bin_, kills, rng, scratch):
    out = os.path.join(scratch, kind)
    env_fast = dict(os.environ)
    env_fast.pop("FRONTIER_OUTSET_PAUSE_MS", None)
    env_slow = dict(env_fast, FRONTIER_OUTSET_PAUSE_MS=PAUSE_MS)
    timed_run(kind, bin_, out, 1, env_fast)
    previous = check_set(kind, out)
    span = {e: max(timed_run(kind, bin_, out, 1, env) for _ in range(2))
            for e, env in (("fast", env_fast), ("slow", env_slow))}
    tally = {"previous set": 0, "new set": 0, "finished": 0}
    for i in range(kills):
        mode = "slow" if i % 2 else "fast"
        seed = 1000 + i
        proc = subprocess.Popen(command(kind, bin_, seed, out),
                                env=env_slow if mode == "slow" else env_fast,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, 1.1 * span[mode]))
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        rc = proc.wait()
        found = check_set(kind, out)
        if found not in (previous, seed):
            fail("%s: after run %d the folder holds seed %s, neither the previous set (%s) "
                 "nor the new one (%s)" % (kind, i, found, previous, seed))
        if not killed:
            if rc != 0 or found != seed:
                fail("%s: run %d finished with exit %d and seed %s" % (kind, i, rc, found))
            left = temporaries(scratch, kind)
            if left:
                fail("%s: run %d finished but left temporaries %s" % (kind, i, left))
        tally["finished" if not killed else "new set" if found == seed else "previous set"] += 1
        previous = found
    timed_run(kind, bin_, out, 7, env_fast)
    check_set(kind, out)
    left = temporaries(scratch, kind)
    if left:
        fail("%s: the final run left temporaries %s" % (kind, left))
    print("chaos-outputs: %s: %d runs killed at random moments (%d left the previous set, "
          "%d the new one), %d finished; every folder held one complete set" %
          (kind, kills - tally["finished"], tally["previous set"], tally["new set"],
           tally["finished"]))
    if tally["previous set"] == 0 or tally["new set"] == 0:
        fail("%s: the kills never landed on both sides of the swap: the test saw nothing" % kind)


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    bin_, kills = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) == 4 else 17)
    scratch = tempfile.mkdtemp(prefix="chaos-outputs-")
    try:
        for kind in ("ensemble", "sweep"):
            chaos(kind, bin_, kills, rng, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
