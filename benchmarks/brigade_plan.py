"""Plan speed of the built-in Qianmen brigade: solve, lay out the month, check.

Target: proven optimal or within 1% of the bound in 10 s or less. Prints each run and the median
of the runs, with the machine's load average (other work on the machine slows the runs).

    python benchmarks/brigade_plan.py              # 3 runs of November 2026
    python benchmarks/brigade_plan.py --runs 5 --month 2027-01
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from rosterkit.brigade.builtin import qianmen_brigade
from rosterkit.brigade.checker import evaluate_plan
from rosterkit.brigade.solver import solve_plan
from rosterkit.options import SolveOptions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="2026-11")
    args = parser.parse_args()
    brigade = qianmen_brigade()
    times = []
    for run in range(1, args.runs + 1):
        began = time.perf_counter()
        plan = solve_plan(brigade, args.month, SolveOptions(time_limit=10))
        solved = time.perf_counter() - began
        evaluation = evaluate_plan(brigade, plan)
        total = time.perf_counter() - began
        times.append(total)
        print(
            f"run {run}: {plan.status.value}, objective {plan.objective}, bound "
            f"{plan.best_bound}, gap {plan.gap:.2%}, solve+layout {solved:.2f} s, with check "
            f"{total:.2f} s, {len(plan.sessions)} sessions, checker "
            f"{'ok' if evaluation.ok else len(evaluation.violations)}"
        )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"median of {args.runs}: {statistics.median(times):.2f} s (target <= 10 s); load {load}")


if __name__ == "__main__":
    main()
