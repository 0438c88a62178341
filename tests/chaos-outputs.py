#!/usr/bin/env python3
"""chaos-outputs.py - kill `frontier ensemble` and `frontier sweep` with SIGKILL at random
moments and check, after every kill, that the output folder holds one complete, consistent
set: the previous one or the new one, never a mix (issue 17, item 4).

Usage: tests/chaos-outputs.py BIN KILLS [SEED]
  BIN    the frontier binary; run from the repository root
  KILLS  kills per command (make test: 15 each, make check-long: 100 each)
  SEED   the seed of the moments (default 17: the same moments on every run)

The ensemble writes its --series file (gzip, streamed while the replications run); the
sweep is a part of a split run (--first-replication 0, so it writes part.bin).

A third of the runs are killed anywhere (full speed, a moment uniform over a run's length);
a third during the write phase (FRONTIER_OUTSET_PAUSE_MS slows each step of it: each file,
the manifest, the swap, the removal of the previous set; the moment uniform over it once the
run's temporary holds its first written file); a third just after the swap, while the
previous set is being removed. The random delays come from a generator with a fixed seed.
The checks do not trust frontier's own code: the manifest is read with Python's json module
and every file is hashed with hashlib.

After each run the folder must:
  - hold provenance.json naming every file of the folder, each with its size and SHA-256;
  - be the set of the previous run or of this one (the seed in provenance.json), with the
    same seed inside the data files (ensemble.json's provenance, the seed column of
    replications.csv and sweep.csv);
  - hold a --series file with exactly the replications of replications.csv (ensemble), and
    be a part that `frontier merge` accepts (sweep): readers of the set agree with it;
  - hold no temporary inside it (the killed runs' temporaries are hidden folders beside it);
and after a run that was not killed, no temporary may be left beside it (stale temporaries
of the killed runs are removed by the next run).
"""
import gzip
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

SCN = None  # set by main: the default scenario cut to 60 days, so that runs are short
BASE = "scenarios/kabul-ultimatum-2023.yaml"
PAUSE_MS = "12"


def command(kind, bin_, seed, out):
    if kind == "ensemble":
        return [bin_, "ensemble", SCN, "-n", "40", "--jobs", "1", "--no-plots", "-q",
                "--series", "s.csv.gz", "--seed", str(seed), "--out", out]
    return [bin_, "sweep", SCN, "--vary", "state.strike.threshold=0.6:0.8:0.1", "-n", "12",
            "--jobs", "1", "-q", "--first-replication", "0", "--seed", str(seed),
            "--out", out]


def fail(msg):
    print("chaos-outputs: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def csv_seeds(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
        col = header.index("seed")
        return {line.rstrip("\n").split(",")[col] for line in f if line.strip()}


def csv_replications(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
        col = header.index("replication")
        return sorted(int(line.split(",")[col]) for line in f if line.strip())


def series_replications(path):
    """The replications of a --series file, each once, in order (its rows are whole)."""
    reps = []
    with gzip.open(path, "rt") as f:
        if f.readline() != "replication,day,date,variable,value\n":
            fail("%s: not a series file" % path)
        for line in f:
            r = int(line.split(",", 1)[0])
            if not reps or reps[-1] != r:
                reps.append(r)
    return reps


def check_readers(kind, bin_, out, scratch):
    """What reads the set agrees with it: the series holds replications.csv's replications;
    frontier merge takes the sweep's part as it is."""
    if kind == "ensemble":
        want = csv_replications(os.path.join(out, "replications.csv"))
        if series_replications(os.path.join(out, "s.csv.gz")) != want:
            fail("%s: s.csv.gz holds other replications than replications.csv" % out)
        return
    merged = os.path.join(scratch, "merged")
    rc = subprocess.run([bin_, "merge", out, "-q", "-o", merged], stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE)
    if rc.returncode != 0:
        fail("%s: frontier merge refused the set: %s" % (out, rc.stderr.decode()))
    for name in ("sweep.csv", "replications.csv"):
        with open(os.path.join(out, name), "rb") as a, open(os.path.join(merged, name), "rb") as b:
            if a.read() != b.read():
                fail("%s: the merge of the part gives another %s" % (out, name))


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
    tables = ["replications.csv"] + (["sweep.csv"] if kind == "sweep" else [])
    for table in tables + (["s.csv.gz"] if kind == "ensemble" else ["part.bin"]):
        if table not in listed:
            fail("%s: the set has no %s" % (out, table))
    for table in tables:
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


STREAMED = {"s.csv.gz"}  # files a run opens in its temporary before the write phase


def fresh_temporaries(parent, name, before):
    return [e for e in temporaries(parent, name) if e not in before]


def writing(parent, name, before):
    """Nonzero once the run's temporary holds a file of the write phase."""
    for t in fresh_temporaries(parent, name, before):
        try:
            if set(os.listdir(os.path.join(parent, t))) - STREAMED:
                return True
        except OSError:
            pass  # swapped or removed meanwhile
    return False


def swapped(out, seed):
    """Nonzero once the folder holds the run's set (the swap is done)."""
    try:
        with open(os.path.join(out, "provenance.json")) as f:
            return json.load(f)["provenance"]["seed"] == seed
    except (OSError, ValueError, KeyError):
        return False


def wait_until(proc, pred):
    """Polls pred every 2 ms while proc runs; nonzero when it held with proc alive."""
    while proc.poll() is None:
        if pred():
            return True
        time.sleep(0.002)
    return False


# The moments: "anywhere" (full speed, uniform over a run's duration), "writing" (the write
# phase slowed by PAUSE_MS a step, uniform over it once it has begun), "swapped" (just after
# the swap, while the previous set is being removed). Writing and removal take a few percent
# of a run; without aiming at them most kills would land in the simulation.
MODES = ("anywhere", "writing", "swapped")
WRITE_SPAN = 0.25  # s: the ~10 paused steps of the write phase, with room for a busy machine


def kill_once(kind, bin_, out, scratch, seed, mode, span, rng, envs):
    before = set(temporaries(scratch, kind))
    proc = subprocess.Popen(command(kind, bin_, seed, out), env=envs[mode != "anywhere"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if mode == "anywhere":
        time.sleep(rng.uniform(0, 1.1 * span))
    elif mode == "writing" and wait_until(proc, lambda: writing(scratch, kind, before)):
        time.sleep(rng.uniform(0, WRITE_SPAN))
    elif mode == "swapped" and wait_until(proc, lambda: swapped(out, seed)):
        time.sleep(rng.uniform(0, 0.02))
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    return killed, proc.wait()


def chaos(kind, bin_, kills, rng, scratch):
    out = os.path.join(scratch, kind)
    env_fast = dict(os.environ)
    env_fast.pop("FRONTIER_OUTSET_PAUSE_MS", None)
    envs = (env_fast, dict(env_fast, FRONTIER_OUTSET_PAUSE_MS=PAUSE_MS))
    timed_run(kind, bin_, out, 1, env_fast)
    previous = check_set(kind, out)
    span = max(timed_run(kind, bin_, out, 1, env_fast) for _ in range(2))
    tally = {"previous set": 0, "new set": 0, "finished": 0}
    for i in range(kills):
        seed = 1000 + i
        killed, rc = kill_once(kind, bin_, out, scratch, seed, MODES[i % 3], span, rng, envs)
        found = check_set(kind, out)
        check_readers(kind, bin_, out, scratch)
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
    global SCN
    SCN = os.path.join(scratch, "short.yaml")
    with open(SCN, "w") as f:
        f.write("extends: %s\nscenario:\n  days: 60\n" % os.path.abspath(BASE))
    try:
        for kind in ("ensemble", "sweep"):
            chaos(kind, bin_, kills, rng, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
