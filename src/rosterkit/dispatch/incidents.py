"""The incident log: one row per incident (time, community, grid, type, and the case it opened).

Logs are read from .xlsx or .csv files with English field names or Chinese headers, and written
as CSV (`write_incidents`) by the simulator. Every bad row is a `RosterInputError` naming the
file, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io as text_io
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rosterkit.dispatch.rules import DispatchRules
from rosterkit.errors import RosterInputError, listing
from rosterkit.station import Station

MAX_INCIDENTS = 100_000


class Incident(BaseModel):
    """One incident: where and when it happened, its type, and the case type it opened (if
    any)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=40)
    time: dt.datetime
    community: str
    grid: str | None = None
    type: str
    case: str | None = None


FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "警情编号"),
    "time": ("time", "时间", "报警时间"),
    "community": ("community", "社区"),
    "grid": ("grid", "网格"),
    "type": ("type", "类型", "警情类型"),
    "case": ("case", "案件", "案件类型"),
}
REQUIRED = ("id", "time", "community", "type")
SHEETS = ("incidents", "警情")

_TIME = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")


def _time(value: Any, where: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    text = "" if value is None else str(value).strip()
    match = _TIME.match(text)
    if match is None:
        raise RosterInputError(
            f"'{text[:40]}' is not a time; write it as 2026-12-03 14:05", source=where
        )
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError as error:
        raise RosterInputError(f"'{text}': {error}", source=where) from None


def _code(value: Any) -> str | None:
    from rosterkit.excel.sources import text

    found = text(value)
    return found or None


def check_incidents(
    incidents: Sequence[Incident], station: Station, rules: DispatchRules, source: str
) -> None:
    """Every incident names a known community, grid of that community, type and case type, and
    ids are unique; all problems are reported at once."""
    communities = {c.id for c in station.communities}
    grids = {g.id: g.community for g in station.grids}
    types = {t.code for t in rules.incident_types}
    cases = {c.code for c in rules.case_types}
    seen: set[str] = set()
    problems: list[str] = []
    for number, item in enumerate(incidents, start=1):
        label = f"  incident {number} ({item.id})"
        if item.id in seen:
            problems.append(f"{label}: id used twice; give each incident its own id")
        seen.add(item.id)
        if item.community not in communities:
            problems.append(
                f"{label}: unknown community '{item.community}' "
                f"(known: {listing(sorted(communities))})"
            )
        if item.grid is not None and grids.get(item.grid) != item.community:
            problems.append(
                f"{label}: grid '{item.grid}' is not a grid of community '{item.community}'"
            )
        if item.type not in types:
            problems.append(
                f"{label}: unknown incident type '{item.type}' (known: {listing(sorted(types))})"
            )
        if item.case is not None and item.case not in cases:
            problems.append(
                f"{label}: unknown case type '{item.case}' (known: {listing(sorted(cases))})"
            )
    if problems:
        shown = problems[:20] + (
            [f"  ... and {len(problems) - 20} more"] if len(problems) > 20 else []
        )
        raise RosterInputError(
            "incidents the station or the dispatch rules do not know; fix these rows:\n"
            + "\n".join(shown),
            source=source,
        )


def read_incidents(
    path: str | os.PathLike[str], station: Station, rules: DispatchRules
) -> list[Incident]:
    """The incident log of an .xlsx or .csv file, checked against the station and the rules."""
    from rosterkit.excel.sources import read_table

    table = read_table(Path(path), FIELDS, REQUIRED, SHEETS)
    incidents: list[Incident] = []
    for number, values in table.rows:
        if len(incidents) >= MAX_INCIDENTS:
            raise RosterInputError(
                f"more than {MAX_INCIDENTS:,} incidents; split the log by month",
                source=table.source,
            )
        fields = {name: _code(table.value(values, name)) for name in FIELDS if name != "time"}
        for name in REQUIRED:
            if name != "time" and fields[name] is None:
                raise RosterInputError(
                    f"empty {name}; every incident needs its {', '.join(REQUIRED)}",
                    source=table.where(number, name),
                )
        when = _time(table.value(values, "time"), table.where(number, "time"))
        incidents.append(
            Incident(
                id=str(fields["id"])[:40],
                time=when,
                community=str(fields["community"]),
                grid=fields["grid"],
                type=str(fields["type"]),
                case=fields["case"],
            )
        )
    check_incidents(incidents, station, rules, str(path))
    return incidents


def incidents_csv(incidents: Sequence[Incident]) -> str:
    """The log as CSV text, with the English field names as its header."""
    out = text_io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for item in incidents:
        writer.writerow(
            [
                item.id,
                item.time.strftime("%Y-%m-%d %H:%M:%S"),
                item.community,
                item.grid or "",
                item.type,
                item.case or "",
            ]
        )
    return out.getvalue()


def write_incidents(
    path: str | os.PathLike[str], incidents: Sequence[Incident], *, overwrite: bool = False
) -> Path:
    """Write the log as CSV (UTF-8 with a byte-order mark, which Excel reads) atomically."""
    from rosterkit.io import write_text_atomic

    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise RosterInputError(
            "an incident log is written as .csv; name the file ….csv", source=str(target)
        )
    return write_text_atomic(target, "\ufeff" + incidents_csv(incidents), overwrite=overwrite)
