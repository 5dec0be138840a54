"""How long the month's workbook takes to write and to read back (target: export under 3 s).

Solves the built-in station's December 2026 once (not timed), then writes the workbook, the
CSV and JSON long tables, and reads the workbook back, each `--repeat` times, and prints the
best and median wall-clock seconds. `--scale 2` uses a station twice Qianmen's size.

    python benchmarks/export_speed.py [--repeat 5] [--scale 1]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import rosterkit
from rosterkit.excel import export_workbook, read_roster
from rosterkit.stations import layout, qianmen
from rosterkit.tables import write_long_csv, write_long_json


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    station = qianmen() if args.scale == 1 else layout(args.scale)
    options = rosterkit.SolveOptions(workers=1, time_limit=120)
    result = rosterkit.solve(station, "2026-12", options=options)
    if result.roster is None:
        raise SystemExit(f"no roster to export: {result.status} {result.reasons}")
    roster = result.roster
    print(
        f"station {station.id} x{args.scale}: {len(station.officers)} officers, "
        f"{len(roster.period.days)} days; solve {result.wall_time:.2f} s ({result.status})"
    )
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "december.xlsx"
        cases: list[tuple[str, Callable[[], object]]] = [
            (
                "export workbook (zh)",
                lambda: export_workbook(book, station, result, overwrite=True),
            ),
            (
                "export workbook (en)",
                lambda: export_workbook(book, station, result, lang="en", overwrite=True),
            ),
            ("read_roster", lambda: read_roster(book, station)),
            (
                "long table CSV",
                lambda: write_long_csv(Path(folder) / "l.csv", station, roster, overwrite=True),
            ),
            (
                "long table JSON",
                lambda: write_long_json(Path(folder) / "l.json", station, roster, overwrite=True),
            ),
        ]
        for name, action in cases:
            times = timed(action, args.repeat)
            print(
                f"{name:22s} best {min(times):6.3f} s   median {statistics.median(times):6.3f} s"
                f"   ({args.repeat} runs)"
            )
        print(f"workbook size {book.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
