#!/usr/bin/python3
"""Run an ensemble and a sweep with frontier, load the outputs with pandas, draw a figure.

    python3 examples/ensemble_sweep.py [--frontier PATH] [--out DIR] [-n N] [--seed S]
                                       [--scenario FILE|NAME]

The ensemble gives the daily spread of the threat score over N replications of the default
scenario (fan.csv) and one row per replication (replications.csv); the sweep gives, for each
strike threshold from 0.6 to 0.9, the chance of a first strike within 90 days with its
Wilson 95% interval (sweep.csv). The figure (DIR/example.png) shows both. Columns and units:
docs/outputs.md. Needs pandas and matplotlib (Debian: python3-pandas python3-matplotlib).
"""
import argparse
import os
import shutil
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

SCENARIO = "kabul-ultimatum-2023"  # a name: found on the scenario search path (frontier list)
THRESHOLDS = "state.strike.threshold=0.6:0.9:0.05"


def frontier(exe, *args):
    """Runs one frontier command; its error, if any, ends the script with frontier's status."""
    cmd = [exe, *args]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--frontier", default=shutil.which("frontier") or "./frontier",
                   help="the frontier binary (default: the one on PATH, else ./frontier)")
    p.add_argument("--out", default="out/example-py", help="output folder")
    p.add_argument("-n", type=int, default=400, help="replications (the sweep runs n/4 a point)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scenario", default=SCENARIO, help="a scenario file or name")
    a = p.parse_args()
    ens, swp = os.path.join(a.out, "ensemble"), os.path.join(a.out, "sweep")
    frontier(a.frontier, "ensemble", a.scenario, "-n", str(a.n), "-s", str(a.seed), "-q",
             "--no-plots", "-o", ens)
    frontier(a.frontier, "sweep", a.scenario, "--vary", THRESHOLDS, "-n", str(max(a.n // 4, 2)),
             "-s", str(a.seed), "-q", "--no-plots", "-o", swp)

    fan = pd.read_csv(os.path.join(ens, "fan.csv"), parse_dates=["date"])
    reps = pd.read_csv(os.path.join(ens, "replications.csv"))
    sweep = pd.read_csv(os.path.join(swp, "sweep.csv"))
    struck = reps["first_strike_day"].notna()   # empty when a run never struck
    print(f"ensemble: {len(reps)} replications, mean strikes {reps['strikes'].mean():.2f}, "
          f"{struck.mean():.0%} struck at least once; among them the median first strike "
          f"is day {reps.loc[struck, 'first_strike_day'].median():.0f}")
    for _, r in sweep.iterrows():
        print(f"sweep: threshold {r['state.strike.threshold']:.2f}: P(strike within 90 days) "
              f"{r['p_strike_90']:.2f} ({r['p_strike_90_ci95_lo']:.2f} to "
              f"{r['p_strike_90_ci95_hi']:.2f}), n = {r['n']}")

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 5), constrained_layout=True)
    left.fill_between(fan["date"], fan["threat_q05"], fan["threat_q95"], alpha=0.25,
                      color="C0", label="5-95% of runs")
    left.fill_between(fan["date"], fan["threat_q25"], fan["threat_q75"], alpha=0.45,
                      color="C0", label="25-75% of runs")
    left.plot(fan["date"], fan["threat_median"], color="C0", label="median")
    left.plot(fan["date"], fan["threshold_mean"], "--", color="C3",
              label="mean effective strike threshold")
    left.set(title="Threat score", ylabel="threat score S", ylim=(0, 1.05))
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, fontsize=8)
    left.tick_params(axis="x", labelrotation=30)
    x = sweep["state.strike.threshold"]
    err = [sweep["p_strike_90"] - sweep["p_strike_90_ci95_lo"],
           sweep["p_strike_90_ci95_hi"] - sweep["p_strike_90"]]
    right.errorbar(x, sweep["p_strike_90"], yerr=err, fmt="o-", capsize=3, color="C0",
                   label="share of runs, Wilson 95% interval")
    right.set(title="First strike within 90 days", xlabel="state.strike.threshold",
              ylabel="P(first strike within 90 days)", ylim=(0, 1))
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), fontsize=8)
    fig.supxlabel(f"frontier, scenario {os.path.basename(a.scenario)}, seed {a.seed}: "
                  f"ensemble n = {len(reps)}, sweep n = {int(sweep['n'].iloc[0])} per point",
                  fontsize=7, color="grey", x=0.01, ha="left")
    path = os.path.join(a.out, "example.png")
    fig.savefig(path, dpi=120)
    print(f"figure: {path}")


if __name__ == "__main__":
    main()
