"""Squads when the head count changes: the built-in station less one officer (P022), November
2026, rostered through the month's pipeline with the squads re-balanced (the default) and kept
as given (`rebalance_squads: false`). Per case: the median time of `--runs` runs, the status,
cost, call-ins (and whose) and the squad moves; the load average at the end.

    python benchmarks/squad_balance.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import rosterkit
from rosterkit import SolveOptions
from rosterkit.stations import qianmen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    station = qianmen()
    station = station.model_copy(
        update={"officers": [o for o in station.officers if o.id != "P022"]}
    )
    cases = {
        "re-balanced": station,
        "kept as given": station.model_copy(update={"rebalance_squads": False}),
    }
    options = SolveOptions(time_limit=30, workers=1)
    for label, case in cases.items():
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            plan = rosterkit.plan_month(case, "2026-11", options=options)
            times.append(time.perf_counter() - started)
        result = plan.result
        call_ins = [p for p in result.penalties if p.rule == "call_in"]
        calls = sorted(p.key for p in call_ins)
        moves = [(m.officer_id, m.before, m.after) for m in result.squad_moves]
        print(
            f"{label}: median {statistics.median(times):.2f} s of {args.runs}, "
            f"{result.status.value}, cost {result.objective}, "
            f"{sum(p.amount for p in call_ins)} call-ins ({', '.join(calls) or 'none'}), "
            f"moves {moves or 'none'}"
        )
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
