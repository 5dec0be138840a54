"""How long two-level dispatch takes for 5,000 incidents (target: 2 s or less).

Solves the built-in station's December 2026 once (not timed), simulates 5,000 incidents (seeded,
not timed), then dispatches them `--repeat` times and prints each run, the median and the load
average; the independent dispatch check and the leadership's workbook (written to a temporary
folder) are timed apart.

    python benchmarks/dispatch_speed.py [--repeat 3] [--incidents 5000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import rosterkit
from rosterkit.dispatch import check_dispatch, default_rules, dispatch, simulate, write_result
from rosterkit.stations import qianmen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--incidents", type=int, default=5_000)
    args = parser.parse_args()
    station = qianmen()
    result = rosterkit.solve(station, "2026-12", options=rosterkit.SolveOptions(workers=1))
    assert result.roster is not None
    rules = default_rules()
    log = simulate(station, "2026-12", rules, seed=1, per_day=args.incidents / 31 * 1.05)[
        : args.incidents
    ]
    print(f"incidents: {len(log)}")
    times = []
    for run in range(1, args.repeat + 1):
        start = time.perf_counter()
        outcome = dispatch(station, result.roster, log, rules)
        times.append(time.perf_counter() - start)
        print(f"run {run}: {times[-1]:.3f} s")
    start = time.perf_counter()
    violations = check_dispatch(station, result.roster, log, rules, outcome)
    checked = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        write_result(Path(folder) / "dispatch.xlsx", outcome, station, rules)
        written = time.perf_counter() - start
    print(f"median dispatch: {statistics.median(times):.3f} s (target <= 2 s)")
    print(f"check: {checked:.3f} s, {len(violations)} broken rules")
    print(f"workbook: {written:.3f} s")
    print(
        f"unserved {len(outcome.unserved)}, short {len(outcome.short)}, cases {len(outcome.cases)}"
    )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
