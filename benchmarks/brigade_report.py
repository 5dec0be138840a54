"""Report speed: a month of about 15,000 scans, read from CSV, reported and scored.

The log is the built-in brigade's November simulated twice (seeds 0 and 1), merged in time
order and cut at 15,000 rows: a denser log than a real month, with many repeats to flag.
Target: 2 s or less for reading, the report and the scores (the workbook's writing is timed
apart). Prints each run and the median, with the load average.

    python benchmarks/brigade_report.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from rosterkit.brigade.builtin import qianmen_brigade
from rosterkit.brigade.checkins import read_checkins, write_checkins
from rosterkit.brigade.report import month_report
from rosterkit.brigade.report_book import build_report_workbook
from rosterkit.brigade.scoring import score_month
from rosterkit.brigade.simulate import simulate_month
from rosterkit.brigade.solver import solve_plan

SCANS = 15_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    brigade = qianmen_brigade()
    plan = solve_plan(brigade, "2026-11")
    merged = simulate_month(brigade, plan, seed=0) + simulate_month(brigade, plan, seed=1)
    scans = sorted(merged, key=lambda s: s.time)[:SCANS]
    with tempfile.TemporaryDirectory() as folder:
        path = write_checkins(Path(folder) / "log.csv", scans)
        times, books = [], []
        for run in range(1, args.runs + 1):
            began = time.perf_counter()
            read = read_checkins(path, brigade)
            report = month_report(brigade, plan, read)
            scores = score_month(brigade, report)
            took = time.perf_counter() - began
            build_report_workbook(brigade, report, scores).save(Path(folder) / "r.xlsx")
            book = time.perf_counter() - began - took
            times.append(took)
            books.append(book)
            print(
                f"run {run}: {len(read):,} scans: read+report+score {took:.2f} s, "
                f"workbook {book:.2f} s"
            )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"median of {args.runs}: {statistics.median(times):.2f} s (target <= 2 s), workbook "
        f"{statistics.median(books):.2f} s; load {load}"
    )


if __name__ == "__main__":
    main()
