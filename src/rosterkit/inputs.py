"""A station's input files, read by their suffix: the station with its officer list, its leave
requests and last month's roster.

Stations are YAML, TOML or JSON (`rosterkit.io`); officer lists are workbooks or CSV; leave lists
workbooks, CSV, YAML, TOML or JSON; rosters workbooks (also ones edited by hand) or long CSV or
JSON tables (`rosterkit.excel`, `rosterkit.tables`). The command line (`rosterkit.cli.files`) and
the batch's workers (`rosterkit.batch.job`) both read through here, so a file means the same
thing to both. Every reader raises `RosterInputError` naming the file, the place and the fix.

The readers import openpyxl and pandas only when a file needs them, so that importing this
module stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rosterkit.errors import RosterInputError

if TYPE_CHECKING:
    from rosterkit.leave import Leave
    from rosterkit.roster import Roster
    from rosterkit.station import Station

__all__ = [
    "DATA_SUFFIXES",
    "ROSTER_SUFFIXES",
    "TABLE_SUFFIXES",
    "StationPeek",
    "load_leave",
    "load_roster",
    "load_station",
    "peek_station",
]

DATA_SUFFIXES = (".yaml", ".yml", ".toml", ".json")
"""Suffixes of a data file (a station, or a leave list)."""
TABLE_SUFFIXES = (".xlsx", ".csv")
"""Suffixes of a table (an officer list, or a leave list)."""
ROSTER_SUFFIXES = (".xlsx", ".csv", ".json")
"""Suffixes of a roster: a workbook, or a long CSV or JSON table."""


def _unknown_type(path: Path, allowed: Sequence[str]) -> RosterInputError:
    return RosterInputError(
        f"unknown file type '{path.suffix}'; use {', '.join(allowed)}", source=str(path)
    )


def load_station(station_file: Path | None, officers_file: Path | None) -> Station:
    """The station file (or, for None, the built-in Qianmen station), with its officers replaced
    by those of `officers_file` when one is given."""
    from rosterkit import excel, io
    from rosterkit.stations import qianmen

    if station_file is None:
        station = qianmen()
    else:
        station = io.load_station(station_file, officers_elsewhere=officers_file is not None)
    if officers_file is not None:
        station = excel.station_with_officers(station, excel.read_officers(officers_file, station))
    return station


def load_leave(path: Path | None, station: Station) -> list[Leave]:
    """Leave requests from a workbook or CSV table, or from a YAML, TOML or JSON list; [] for
    None.

    Every request must name an officer of `station`: a table's reader names the row and column
    of each one that does not, and for a data file each is listed with its request's number.
    """
    from rosterkit import excel, io

    if path is None:
        return []
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return excel.read_leave(path, station)
    if suffix not in DATA_SUFFIXES:
        raise _unknown_type(path, [*TABLE_SUFFIXES, *DATA_SUFFIXES])
    leave = io.load_leave(path)
    known = {officer.id for officer in station.officers}
    unknown = [
        f"  request {number}: unknown officer '{item.officer_id}'"
        for number, item in enumerate(leave, start=1)
        if item.officer_id not in known
    ]
    if unknown:
        raise RosterInputError(
            "leave for officers the station does not have; check each id against the "
            "station's officers:\n" + "\n".join(unknown),
            source=str(path),
        )
    return leave


def load_roster(path: Path, station: Station) -> Roster:
    """A roster from a workbook (also one edited by hand) or from a long CSV or JSON table."""
    from rosterkit import excel, tables

    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return excel.read_roster(path, station)
    if suffix in (".csv", ".json"):
        return tables.read_roster_table(path, station)
    raise _unknown_type(path, ROSTER_SUFFIXES)


@dataclass(frozen=True)
class StationPeek:
    """What a quick look at a station's files tells: its name, and how many officers it has
    (those of its officer list where it has one; 0 when that list cannot be read)."""

    name: str
    officers: int


def peek_station(station_file: Path, officers_file: Path | None = None) -> StationPeek:
    """The station's name and officer count, without checking the officer list against it.

    Cheaper than `load_station` by the cross-checks of the officer list (a few hundredths of a
    second for 300 officers): enough to order a district's stations by size and to name them.
    Raises `RosterInputError` when the station file cannot be read; an officer list that
    cannot be read counts 0 officers, as its trouble is for `load_station` to tell.
    """
    from rosterkit import io

    station = io.load_station(station_file, officers_elsewhere=officers_file is not None)
    officers = len(station.officers)
    if officers_file is not None:
        from rosterkit import excel

        try:
            officers = len(excel.read_officers(officers_file))
        except RosterInputError:
            officers = 0
    return StationPeek(name=station.name, officers=officers)
