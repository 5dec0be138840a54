"""A district at once: 40 generated stations of mixed sizes rostered with each executor.

The stations are `rosterkit.stations.layout` at scales 1 to 5 (62 to 302 officers; 15, 10, 5, 5
and 5 of them), each with a week of sick leave for every sixth rotating officer, spread over the
month with an offset of its own, written to a folder as ``NAME.yaml`` and ``NAME.leave.yaml``.
Each executor rosters the whole folder into an output folder of its own (`rosterkit.batch.
run_batch`, --force so that nothing is skipped), `--runs` times; shown are the median wall
time, stations per minute, and whether its rosters equal those of the serial run. Times include
starting the worker processes or Ray, reading the files, solving, checking and writing every
workbook. Every station's search has one deterministic CP-SAT worker and `--time-limit` seconds.

Per-station times (in its worker, reading to workbook) are printed by size, for planning a
larger run on a cluster.

    python benchmarks/batch.py                      # serial, all local cores, Ray local; 3 runs
                                                    # (about 10 minutes on 2 busy cores)
    python benchmarks/batch.py --runs 1 --executors serial processes
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from rosterkit import SolveOptions
from rosterkit.batch import (
    BatchResult,
    Executor,
    LocalProcesses,
    RayCluster,
    Serial,
    StationStatus,
    available_cores,
    run_batch,
)
from rosterkit.io import station_to_yaml
from rosterkit.station import Station
from rosterkit.stations import layout

MONTH = "2027-01"
SCALES = [1] * 15 + [2] * 10 + [3] * 5 + [4] * 5 + [5] * 5
"""Forty stations: mostly of Qianmen's size, some two to five times as large."""


def leave_yaml(station: Station, offset: int) -> str:
    """A week of sick leave for every sixth rotating officer, starting `offset` days later."""
    rotating = [o for o in station.officers if station.rotates(o)]
    first = dt.date(2027, 1, 1)
    items = []
    for i, officer in enumerate(rotating[::6]):
        start = first + dt.timedelta(days=(5 * i + offset) % 26)
        items.append(
            {
                "officer_id": officer.id,
                "start": start.isoformat(),
                "end": (start + dt.timedelta(days=4)).isoformat(),
                "kind": "sick",
            }
        )
    return yaml.safe_dump(items)


def write_district(folder: Path) -> dict[str, int]:
    """The forty stations' files; returns each station's officer count by name."""
    sizes: dict[str, int] = {}
    for number, scale in enumerate(SCALES, start=1):
        station = layout(scale)
        name = f"s{number:02d}-x{scale}"
        (folder / f"{name}.yaml").write_text(station_to_yaml(station), encoding="utf-8")
        (folder / f"{name}.leave.yaml").write_text(leave_yaml(station, number), encoding="utf-8")
        sizes[name] = len(station.officers)
    return sizes


def executors(chosen: list[str], cores: int) -> dict[str, Executor]:
    known: dict[str, Executor] = {
        "serial": Serial(),
        "processes": LocalProcesses(workers=cores),
        "ray": RayCluster("local", cpus=cores),
    }
    return {name: known[name] for name in chosen}


def rosters(result: BatchResult) -> dict[str, object]:
    return {o.name: (o.roster.groups, o.roster.cells) for o in result.outcomes if o.roster}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument(
        "--executors",
        nargs="+",
        default=["serial", "processes", "ray"],
        choices=["serial", "processes", "ray"],
    )
    args = parser.parse_args()
    cores = available_cores()
    options = SolveOptions(time_limit=args.time_limit)
    print(f"cores: {cores}; load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="rosterkit-bench-batch-") as tmp:
        folder = Path(tmp) / "stations"
        folder.mkdir()
        sizes = write_district(folder)
        print(
            f"{len(sizes)} stations, {sum(sizes.values())} officers, month {MONTH}, "
            f"{args.time_limit:g} s limit per station, {args.runs} run(s) per executor"
        )
        reference: dict[str, object] | None = None
        per_station: dict[str, list[float]] = {}
        for label, executor in executors(args.executors, cores).items():
            walls: list[float] = []
            same = True
            last: BatchResult | None = None
            for run in range(args.runs):
                out = Path(tmp) / f"out-{label}-{run}"
                started = time.perf_counter()
                last = run_batch(folder, MONTH, output=out, executor=executor, options=options)
                walls.append(time.perf_counter() - started)
                found = rosters(last)
                if reference is None:
                    reference = found
                same = same and found == reference
                if label == "serial":
                    for o in last.outcomes:
                        per_station.setdefault(o.name, []).append(o.seconds)
            assert last is not None
            rostered = last.counts.get(StationStatus.rostered, 0)
            wall = statistics.median(walls)
            print(
                f"{label:>10} ({last.executor}): median {wall:6.1f} s "
                f"[{', '.join(f'{w:.1f}' for w in walls)}], "
                f"{rostered / wall * 60:5.1f} stations per minute, "
                f"{rostered}/{len(sizes)} rostered, same rosters as the first run: {same}"
            )
        if per_station:
            print("per-station seconds in the serial runs (median of each station, by size):")
            by_size: dict[int, list[float]] = {}
            for name, seconds in per_station.items():
                by_size.setdefault(sizes[name], []).append(statistics.median(seconds))
            for officers, values in sorted(by_size.items()):
                print(
                    f"  {officers:4d} officers: {len(values):2d} stations, "
                    f"median {statistics.median(values):.2f} s, max {max(values):.2f} s"
                )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
