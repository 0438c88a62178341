#!/usr/bin/env python3
"""make_synthetic_ttp.py - write the SYNTHETIC GTD-like series of TTP attacks in Pakistan,
1 December 2007 to 31 December 2018, used by the tests and docs of `frontier fit` and
`frontier score` (tests/fixtures/synthetic-ttp-2007-2018.csv).

Nothing in it is real. It imitates the shape of the published record that the design notes
quote (about 1,400 attacks claimed by TTP over 2008-2018, yearly counts between 74 and 176,
rising to a peak and falling after 2014, an exponential Hawkes fit with branching about 0.34
and a mean lag of about a day) without any real event. It is simulated from a process the
forecasts do NOT assume, so that scoring them on it is a test and not an echo:
  - a background whose log level runs straight between the knots below (a level that rises,
    plateaus and falls, with one sharp drop), times a spring seasonal factor
    1 + 0.3 cos(2 pi (doy - 120) / 365.25) (the forecasts' default shape has no season);
  - self-excitation with branching 0.34 and exponential lags of mean 1 day (beta = 1);
  - events placed in time exactly, then written as dates only (GTD gives dates).
Each row also gets a place near one of a few districts of Khyber Pakhtunkhwa and the former
tribal areas, and a negative binomial death toll, so that the GTD layout is complete.

Usage: make_synthetic_ttp.py OUT.csv [--seed N]
Python 3 standard library only; the same seed gives the same file.
"""
import argparse
import bisect
import datetime
import math
import random

START = datetime.date(2007, 12, 1)
END = datetime.date(2018, 12, 31)
KAPPA, BETA = 0.34, 1.0
AMPLITUDE, PEAK_DAY = 0.3, 120.0
# Background per day (the rate of immigrant attacks, before the season) at these dates;
# log-linear in between. Expected yearly totals are these times 365 / (1 - KAPPA).
KNOTS = [
    (datetime.date(2007, 12, 1), 0.17),
    (datetime.date(2009, 6, 1), 0.31),
    (datetime.date(2011, 1, 1), 0.24),
    (datetime.date(2013, 6, 1), 0.29),
    (datetime.date(2014, 9, 1), 0.21),
    (datetime.date(2015, 3, 1), 0.15),
    (datetime.date(2017, 6, 1), 0.12),
    (datetime.date(2018, 12, 31), 0.14),
]
PLACES = [  # (district, latitude, longitude)
    ("Peshawar", 34.01, 71.58), ("Bannu", 32.99, 70.60), ("Dera Ismail Khan", 31.83, 70.90),
    ("North Waziristan", 32.99, 70.07), ("South Waziristan", 32.30, 69.66),
    ("Khyber", 34.05, 71.10), ("Swat", 35.22, 72.43), ("Bajaur", 34.78, 71.50),
]


def level(t):
    """Background per day at day t (days since START), log-linear between the knots."""
    x = [(k - START).days for k, _ in KNOTS]
    i = max(1, min(bisect.bisect_right(x, t), len(x) - 1))
    (a, la), (b, lb) = (x[i - 1], math.log(KNOTS[i - 1][1])), (x[i], math.log(KNOTS[i][1]))
    w = min(max((t - a) / (b - a), 0.0), 1.0)
    return math.exp(la + w * (lb - la))


def season(t):
    doy = (START + datetime.timedelta(days=int(t))).timetuple().tm_yday + (t - int(t))
    return 1 + AMPLITUDE * math.cos(2 * math.pi * (doy - PEAK_DAY) / 365.25)


def poisson(rng, m):
    """A Poisson draw by inversion (m is small here)."""
    k, p, u = 0, math.exp(-m), rng.random()
    s = p
    while u > s:
        k += 1
        p *= m / k
        s += p
    return k


def simulate(rng, days):
    """Exact cluster simulation: background by thinning, then offspring generations."""
    peak = max(level(t) for t in range(days + 1)) * (1 + AMPLITUDE)
    times, t = [], 0.0
    while True:
        t += rng.expovariate(peak)
        if t >= days:
            break
        if rng.random() < level(t) * season(t) / peak:
            times.append(t)
    i = 0
    while i < len(times):
        for _ in range(poisson(rng, KAPPA)):
            c = times[i] + rng.expovariate(BETA)
            if c < days:
                times.append(c)
        i += 1
    return sorted(times)


def deaths(rng):
    """Negative binomial, mean 2.5, size 0.5 (a gamma-Poisson mixture)."""
    return poisson(rng, rng.gammavariate(0.5, 2.5 / 0.5))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=2007)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    days = (END - START).days + 1
    times = simulate(rng, days)
    with open(a.out, "w", encoding="ascii", newline="\n") as f:
        f.write("eventid,iyear,imonth,iday,country_txt,provstate,latitude,longitude,gname,nkill\n")
        for k, t in enumerate(times):
            d = START + datetime.timedelta(days=int(t))
            name, lat, lon = PLACES[rng.randrange(len(PLACES))]
            lat += rng.uniform(-0.15, 0.15)
            lon += rng.uniform(-0.15, 0.15)
            f.write(f"{d:%Y%m%d}{k % 10000:04d},{d.year},{d.month},{d.day},Pakistan,"
                    f"Khyber Pakhtunkhwa,{lat:.4f},{lon:.4f},Tehrik-i-Taliban Pakistan (TTP),"
                    f"{deaths(rng)}\n")
    years = {}
    for t in times:
        y = (START + datetime.timedelta(days=int(t))).year
        years[y] = years.get(y, 0) + 1
    print(f"wrote {a.out}: {len(times)} events; by year " +
          ", ".join(f"{y} {n}" for y, n in sorted(years.items())))


if __name__ == "__main__":
    main()
