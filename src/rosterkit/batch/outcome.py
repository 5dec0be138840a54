"""What a batch hands round: a station's job, its outcome and figures, the batch's result.

Everything here is plain data that pickles, so that a job and its output cross to a worker
process or a Ray node and back. The heavy parts (a roster, which needs pandas) are only named
for the type checker.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rosterkit.options import SolveOptions
    from rosterkit.roster import Roster

__all__ = [
    "FAILED",
    "BatchProgress",
    "BatchResult",
    "InputFile",
    "JobOutput",
    "StationJob",
    "StationOutcome",
    "StationStatus",
    "StationSummary",
]


class StationStatus(StrEnum):
    """How a station's month ended in a batch."""

    rostered = "rostered"
    """Rostered in this run: its workbook (and ledger) written."""
    skipped = "skipped"
    """Rostered by an earlier run from the same inputs; its workbook was kept as it is."""
    no_roster = "no_roster"
    """The month cannot be rostered (infeasible, or no roster within the time limit)."""
    bad_input = "bad_input"
    """A file of the station could not be read or used (the reason names it)."""
    kept = "kept"
    """Its workbook exists from other inputs, or its ledger changed since; kept without --force."""
    error = "error"
    """A bug, or the worker running it crashed."""


FAILED = frozenset(
    {StationStatus.no_roster, StationStatus.bad_input, StationStatus.kept, StationStatus.error}
)
"""Statuses of a station left without a roster of this month's inputs."""


@dataclass(frozen=True)
class StationSummary:
    """A station's month in the figures the district workbook shows (one row).

    `call_ins` adds up every officer's call-ins (`rosterkit.figures`); `fairness_cost` and
    `fairness_terms` are what the rule `fairness` cost and in how many terms (a figure of a
    team beyond the allowance), from the result's penalties; `violations` is the independent
    checker's count (0 for every roster rosterkit returns).
    """

    station_id: str
    station_name: str
    officers: int
    solve_status: str
    objective: int | None
    best_bound: int | None
    call_ins: int
    fairness_cost: int
    fairness_terms: int
    violations: int
    refused_leave: int
    solve_seconds: float

    @property
    def gap(self) -> float | None:
        """Relative gap of the cost from the proven bound (0 when optimal)."""
        if self.objective is None or self.best_bound is None:
            return None
        return 0.0 if self.objective == 0 else (self.objective - self.best_bound) / self.objective

    def to_json(self) -> str:
        """Compact JSON, as the station workbook carries it (well under Excel's 255 characters
        of a document property for a station of any name up to 40 characters)."""
        data = asdict(self)
        data["solve_seconds"] = round(self.solve_seconds, 2)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> StationSummary | None:
        """The summary `to_json` wrote, or None for text that is not one."""
        try:
            data: Any = json.loads(text)
            names = {f.name for f in fields(cls)}
            if not isinstance(data, dict) or set(data) != names:
                return None
            return cls(**data)
        except (ValueError, TypeError):
            return None


@dataclass(frozen=True)
class InputFile:
    """One input file of a station as the worker gets it: its part, name and bytes (a Ray node
    need not see the folder), and the path it was read from, which messages show."""

    part: str
    name: str
    content: bytes
    origin: str


@dataclass(frozen=True)
class StationJob:
    """Everything a worker needs to roster one station's month, and nothing it must look up.

    `inputs` is the fingerprint of the run's inputs (`folder.inputs_hash`), embedded in the
    workbook so that a later run can tell it is done. `notes` are what the driver has to say
    of the station's inputs (last month's workbook taken as its previous roster), put before
    the job's own. `officers` is the station's size as a quick look found it (0 when it could
    not tell), by which the jobs are handed out, largest first.
    """

    name: str
    month: str
    folder: str
    files: tuple[InputFile, ...]
    options: SolveOptions
    lang: str
    inputs: str
    notes: tuple[str, ...] = ()
    officers: int = 0


@dataclass(frozen=True)
class StationOutcome:
    """A station's month in a batch: its status, and its figures or its reasons.

    `reasons` say why a station has no roster (each names the file or rule and the fix);
    `notes` what a rostered station should know (refused leave, the calendar's warning).
    `workbook` is its workbook (written now or kept from an earlier run), `roster` the roster
    made in this run. `seconds` is the time the station took in its worker, reading to
    workbook; `detail` the traceback of an internal error. `station_name` is the station's own
    name where its station file could be read (`name` is the file's).
    """

    name: str
    status: StationStatus
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    summary: StationSummary | None = None
    roster: Roster | None = None
    workbook: Path | None = None
    ledger: Path | None = None
    seconds: float = 0.0
    detail: str | None = None
    station_name: str | None = None

    @property
    def failed(self) -> bool:
        """Whether the station is left without a roster of this month's inputs."""
        return self.status in FAILED


@dataclass(frozen=True)
class JobOutput:
    """What a worker sends back: the outcome, the workbook's bytes and the ledger's text, for
    the driver to write (a Ray node may not see the folder)."""

    outcome: StationOutcome
    workbook: bytes | None = None
    ledger_text: str | None = None
    ledger_name: str | None = None


@dataclass(frozen=True)
class BatchProgress:
    """A station has ended (`outcome`) or the batch starts (`outcome` None): `done` of `total`
    stations have ended."""

    done: int
    total: int
    outcome: StationOutcome | None


@dataclass(frozen=True)
class BatchResult:
    """A district's month: every station's outcome in name order, the district workbook, and
    how long it all took with which executor."""

    month: str
    folder: Path
    output: Path
    executor: str
    outcomes: tuple[StationOutcome, ...]
    district: Path | None
    seconds: float

    @property
    def counts(self) -> dict[StationStatus, int]:
        """How many stations ended with each status (those with none left out)."""
        found: dict[StationStatus, int] = {}
        for outcome in self.outcomes:
            found[outcome.status] = found.get(outcome.status, 0) + 1
        return found

    @property
    def ok(self) -> bool:
        """Whether every station has its roster (rostered now or before)."""
        return not any(outcome.failed for outcome in self.outcomes)
