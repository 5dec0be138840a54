"""How long listing the swaps for one officer-day takes (target: at most 1 s on the built-in
station).

Solves December 2026 once (not timed), then lists the checked swaps for the first officer on a
community car on the 12th, `--repeat` times, and prints each run, the median, the options
found and the load average. Nothing before the 12th moves (`find_swaps`'s default first day
that may change: the day asked about), so every day given back falls on or after it.

    python benchmarks/swaps.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

import rosterkit
from rosterkit.stations import qianmen
from rosterkit.swaps import find_swaps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    station = qianmen()
    result = rosterkit.solve(station, "2026-12", options=rosterkit.SolveOptions(time_limit=60))
    if result.roster is None:
        raise SystemExit(f"no roster: {result.status} {result.reasons}")
    roster = result.roster
    day = dt.date(2026, 12, 12)
    officer = next(o for o, row in roster.cells.items() if row[day].startswith("ccar"))
    rosterkit.evaluate(station, roster, [])  # load the checker's modules before timing
    times = []
    found = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        found = find_swaps(station, roster, officer, day, [])
        times.append(time.perf_counter() - began)
    print(
        f"{officer} on {day}: {len(found)} checked options; runs "
        + ", ".join(f"{t:.2f}" for t in times)
    )
    for number, option in enumerate(found[:5], start=1):
        print(f"  {number}. {option.describe()}")
    print(f"median {statistics.median(times):.2f} s (target 1 s)")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
