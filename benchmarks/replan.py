"""How long a proven-minimal re-roster takes (targets: one officer sick four days from the 12th,
proven minimal in at most 1 s on the built-in station, 5 s on a station 10 times its size).

Solves December 2026 once (not timed), then re-rosters it `--repeat` times with the first
community officer of the first community team sick from the 12th to the 15th, and prints each
run, the medians (time until the change count is proven minimal, and the whole call with the
cost stage and the checker, and the search alone), whether the change count was proven minimal,
and the load average. The time limit bounds the search; the checker runs after it, once.

    python benchmarks/replan.py [--repeat 3] [--scale 1] [--time-limit 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

import rosterkit
from rosterkit.changes import Away, Changes
from rosterkit.replan import replan
from rosterkit.station import Role, TeamKind
from rosterkit.stations import layout, qianmen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    station = qianmen() if args.scale == 1 else layout(args.scale)
    options = rosterkit.SolveOptions(workers=1, time_limit=args.time_limit)
    result = rosterkit.solve(station, "2026-12", options=options)
    if result.roster is None:
        raise SystemExit(f"no roster to change: {result.status} {result.reasons}")
    teams = {t.id: t for t in station.teams}
    sick = next(
        o
        for o in station.officers
        if teams[o.team].kind is TeamKind.community
        and not o.roles & {Role.deputy_director, Role.sergeant}
    )
    start = dt.date(2026, 12, 12)
    changes = Changes(away=[Away(officer_id=sick.id, start=start, end=dt.date(2026, 12, 15))])
    print(
        f"station {station.id} x{args.scale}: {len(station.officers)} officers; "
        f"first solve {result.wall_time:.2f} s ({result.status}); {sick.id} sick 12-12..12-15"
    )
    times = []
    counts = []
    searches = []
    for run in range(args.repeat):
        began = time.perf_counter()
        done = replan(station, result.roster, changes, start, [], options=options)
        times.append(time.perf_counter() - began)
        counts.append(done.count_time)
        searches.append(done.result.wall_time)
        print(
            f"  run {run + 1}: {times[-1]:.2f} s, {done.result.status}, "
            f"{done.changed} officer-days changed "
            f"({'proven minimal' if done.minimal else 'NOT proven minimal'}), "
            f"count proven after {done.count_time:.2f} s, model and both stages "
            f"{done.result.wall_time:.2f} s (limit {args.time_limit:g} s), cost "
            f"{done.result.objective}, checker {'passes' if done.ok else 'FAILS'}"
        )
    target = 1.0 if args.scale == 1 else 5.0
    print(
        f"median: change count proven in {statistics.median(counts):.2f} s "
        f"(target {target:g} s); model and both stages {statistics.median(searches):.2f} s; "
        f"whole re-roster (with the changes compiled, the count without the solver and the "
        f"checker) {statistics.median(times):.2f} s"
    )
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
