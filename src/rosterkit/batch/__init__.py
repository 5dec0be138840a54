"""A district at once: every station of a folder rostered for a month, each as its own job.

`run_batch` is the library call behind ``rosterkit batch``: it reads a folder of station files
named by a convention (`rosterkit.batch.folder`), rosters each station's month with
`rosterkit.plan_month` in an executor of the caller's choice (`Serial`, `LocalProcesses`,
`RayCluster`), writes each station's workbook and ledger, skips stations done by an earlier run
from the same inputs, and sums the district up in one workbook. One station's failure (a bad
file, a month that cannot be rostered, a crash) is that station's outcome, never the batch's.
See ``docs/batch.md``.
"""

from __future__ import annotations

from rosterkit.batch.district import district_workbook, status_words
from rosterkit.batch.executors import Executor, LocalProcesses, RayCluster, Serial, available_cores
from rosterkit.batch.folder import FolderScan, Part, StationFiles, scan_folder
from rosterkit.batch.job import run_station
from rosterkit.batch.outcome import (
    BatchProgress,
    BatchResult,
    JobOutput,
    StationJob,
    StationOutcome,
    StationStatus,
    StationSummary,
)
from rosterkit.batch.run import district_path, output_folder, run_batch, workbook_path

__all__ = [
    "BatchProgress",
    "BatchResult",
    "Executor",
    "FolderScan",
    "JobOutput",
    "LocalProcesses",
    "Part",
    "RayCluster",
    "Serial",
    "StationFiles",
    "StationJob",
    "StationOutcome",
    "StationStatus",
    "StationSummary",
    "available_cores",
    "district_path",
    "district_workbook",
    "output_folder",
    "run_batch",
    "run_station",
    "scan_folder",
    "status_words",
    "workbook_path",
]
