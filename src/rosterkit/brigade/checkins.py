"""The check-in log (打卡记录): one row per scan, read from CSV or a workbook, written as CSV.

Columns: time (时间), squad (小队), checkpoint (打卡点), guard (队员); optional for the closed
loop of a problem found on patrol (squad -> command room -> brigade office): problem (问题),
dispatched (指挥室派单) and closed (办公室办结), both times. Rows are in time order. A scan of an
unknown squad or checkpoint, an unreadable time, a time earlier than the row above, or a problem
closed before it was dispatched is refused with the file, row and column.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rosterkit.brigade.data import Brigade
from rosterkit.brigade.files import csv_text
from rosterkit.errors import RosterInputError

FIELDS: dict[str, list[str]] = {
    "time": ["时间", "time", "scan_time"],
    "squad": ["小队", "squad"],
    "checkpoint": ["打卡点", "checkpoint"],
    "guard": ["队员", "guard"],
    "problem": ["问题", "problem"],
    "dispatched": ["指挥室派单", "dispatched"],
    "closed": ["办公室办结", "closed"],
}
REQUIRED = ("time", "squad", "checkpoint", "guard")
HEADERS = ("time", "squad", "checkpoint", "guard", "problem", "dispatched", "closed")


@dataclass(frozen=True, slots=True)
class Scan:
    """One check-in: when, which squad, which checkpoint, which guard; and a problem reported
    with it, when the command room dispatched it and when the brigade office closed it."""

    time: dt.datetime
    squad: str
    checkpoint: str
    guard: str
    problem: str | None = None
    dispatched: dt.datetime | None = None
    closed: dt.datetime | None = None
    row: int = 0


def _time(value: str, where: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("/", "-"))
    except ValueError:
        raise RosterInputError(
            f"'{value[:40]}' is not a time; write YYYY-MM-DD HH:MM[:SS]", source=where
        ) from None
    return moment.replace(tzinfo=None)


def read_checkins(path: str | os.PathLike[str], brigade: Brigade) -> list[Scan]:
    """The scans of a log file (.csv or .xlsx), checked against the brigade."""
    from rosterkit.excel.sources import read_table, text

    table = read_table(Path(path), FIELDS, list(REQUIRED), ["打卡记录", "checkins", "log"])
    scans: list[Scan] = []
    columns = {name: table.columns.get(name) for name in FIELDS}
    previous: tuple[int, dt.datetime] | None = None
    for number, values in table.rows:

        def cell(name: str, values: Sequence[object] = values) -> str:
            column = columns[name]
            if column is None or column > len(values):
                return ""
            return text(values[column - 1])

        for name in REQUIRED:
            if cell(name) == "":
                raise RosterInputError(
                    "empty; every scan needs a time, squad, checkpoint and guard",
                    source=table.where(number, name),
                )
        moment = _time(cell("time"), table.where(number, "time"))
        squad = cell("squad")
        if not brigade.has("squads", squad):
            raise RosterInputError(
                f"unknown squad '{squad[:40]}'; the brigade's squads are "
                f"{brigade.squads[0].id} to {brigade.squads[-1].id}",
                source=table.where(number, "squad"),
            )
        checkpoint = cell("checkpoint")
        if not brigade.has("checkpoints", checkpoint):
            raise RosterInputError(
                f"unknown checkpoint '{checkpoint[:40]}'", source=table.where(number, "checkpoint")
            )
        if previous is not None and moment < previous[1]:
            raise RosterInputError(
                f"{moment} is earlier than row {previous[0]} ({previous[1]}); the log must be "
                "in time order: sort it by time",
                source=table.where(number, "time"),
            )
        previous = (number, moment)
        problem = cell("problem") or None
        dispatched = closed = None
        if cell("dispatched"):
            dispatched = _time(cell("dispatched"), table.where(number, "dispatched"))
        if cell("closed"):
            closed = _time(cell("closed"), table.where(number, "closed"))
        if problem is None and (dispatched or closed):
            raise RosterInputError(
                "a dispatch or closing time without a problem; write the problem or clear the "
                "times",
                source=table.where(number, "problem"),
            )
        if dispatched is not None and dispatched < moment:
            raise RosterInputError(
                f"dispatched at {dispatched}, before the scan at {moment}",
                source=table.where(number, "dispatched"),
            )
        if closed is not None and closed < (dispatched or moment):
            raise RosterInputError(
                f"closed at {closed}, before it was reported or dispatched",
                source=table.where(number, "closed"),
            )
        scans.append(
            Scan(moment, squad, checkpoint, cell("guard"), problem, dispatched, closed, number)
        )
    return scans


def _stamp(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.isoformat(sep=" ", timespec="seconds")


def checkins_csv(scans: Sequence[Scan]) -> str:
    """The scans as CSV text, with English headers (UTF-8 with BOM)."""
    rows = [
        [
            _stamp(s.time),
            s.squad,
            s.checkpoint,
            s.guard,
            s.problem or "",
            _stamp(s.dispatched),
            _stamp(s.closed),
        ]
        for s in scans
    ]
    return csv_text(list(HEADERS), rows)


def write_checkins(
    path: str | os.PathLike[str], scans: Sequence[Scan], *, overwrite: bool = False
) -> Path:
    """Write the scans as a CSV log atomically."""
    from rosterkit.io import write_text_atomic

    return write_text_atomic(path, checkins_csv(scans), overwrite=overwrite)
