"""Solve speed of the built-in station and of generated stations 2x, 5x and 10x its size.

For each case: time to the first roster, time to the end of the search (proven optimum or time
limit), objective, bound, gap and the process's peak memory, over several runs (median). Every
case runs in its own process so that its peak memory is its own. Times include compiling the
inputs and building the model.

    python benchmarks/solve_speed.py                 # all cases, 2 workers
    python benchmarks/solve_speed.py --runs 5 --cases qianmen qianmen-free
    python benchmarks/solve_speed.py --deterministic # the library default (1 worker)
    python benchmarks/solve_speed.py --runs 1 --cases qianmen-leave x10-leave  # months with leave
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import time

from rosterkit import Leave, Progress, SolveOptions, Station, solve
from rosterkit.checker import evaluate
from rosterkit.stations import layout

CASES = {
    "qianmen": (1, True),
    "qianmen-free": (1, False),
    "qianmen-leave": (1, True),
    "x2": (2, True),
    "x5": (5, True),
    "x10": (10, True),
    "x10-free": (10, False),
    "x10-leave": (10, True),
}


def leave_for(station: Station, case: str) -> list[Leave]:
    """'-leave' cases: every sixth rotating officer away for five days, spread over the month."""
    if not case.endswith("-leave"):
        return []
    rotating = [o for o in station.officers if station.rotates(o)]
    first = dt.date(2026, 12, 1)
    return [
        Leave(
            officer_id=o.id,
            start=first + dt.timedelta(days=(5 * i) % 26),
            end=first + dt.timedelta(days=(5 * i) % 26 + 4),
        )
        for i, o in enumerate(rotating[::6])
    ]


MONTH = "2026-12"


def run_case(name: str, workers: int, deterministic: bool, time_limit: float, seed: int) -> dict:
    scale, squads = CASES[name]
    station = layout(scale, with_squads=squads)
    first: list[float] = []

    def on_progress(progress: Progress) -> None:
        if not first:
            first.append(progress.elapsed)

    options = SolveOptions(
        workers=workers,
        deterministic=deterministic,
        time_limit=time_limit,
        seed=seed,
        relative_gap=0.005 if scale > 1 else 0.0,
    )
    started = time.perf_counter()
    leave = leave_for(station, name)
    result = solve(station, MONTH, leave, options, progress=on_progress)
    total = time.perf_counter() - started
    violations = len(evaluate(station, result.roster, leave).violations) if result.roster else None
    return {
        "case": name,
        "officers": len(station.officers),
        "status": result.status.value,
        "first": first[0] if first else None,
        "total": total,
        "objective": result.objective,
        "bound": result.best_bound,
        "gap": result.gap,
        "violations": violations,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases",
        nargs="*",
        default=[c for c in CASES if not c.endswith("-leave")],
        choices=list(CASES),
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--deterministic", action="store_true")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        row = run_case(args.one, args.workers, args.deterministic, args.time_limit, args.seed)
        print(json.dumps(row))
        return
    mode = "deterministic" if args.deterministic else "parallel"
    print(f"{MONTH}, {args.workers} worker(s), {mode} search, {args.runs} run(s) per case")
    header = (
        f"{'case':<13}{'officers':>9}{'status':>10}{'first s':>9}{'total s':>9}"
        f"{'objective':>11}{'bound':>10}{'gap %':>7}{'viol':>6}{'peak MB':>9}"
    )
    print(header)
    for name in args.cases:
        rows = []
        for seed in range(args.runs):
            command = [
                sys.executable,
                __file__,
                "--one",
                name,
                "--workers",
                str(args.workers),
                "--time-limit",
                str(args.time_limit),
                "--seed",
                str(seed),
            ]
            if args.deterministic:
                command.append("--deterministic")
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            rows.append(json.loads(out.strip().splitlines()[-1]))
        last = rows[-1]
        first = [r["first"] for r in rows if r["first"] is not None]
        statuses = "/".join(sorted({r["status"] for r in rows}))
        gaps = [r["gap"] for r in rows if r["gap"] is not None]
        print(
            f"{name:<13}{last['officers']:>9}{statuses:>10}"
            f"{statistics.median(first) if first else float('nan'):>9.2f}"
            f"{statistics.median(r['total'] for r in rows):>9.2f}"
            f"{statistics.median(r['objective'] or 0 for r in rows):>11.0f}"
            f"{statistics.median(r['bound'] or 0 for r in rows):>10.0f}"
            f"{100 * max(gaps) if gaps else float('nan'):>7.2f}"
            f"{max(r['violations'] or 0 for r in rows):>6}"
            f"{max(r['peak_mb'] for r in rows):>9.0f}"
        )


if __name__ == "__main__":
    main()
