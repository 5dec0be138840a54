"""Excel both ways: the month's workbook for the leadership, officer and leave lists in.

- `export_workbook` writes the month's workbook (see `rosterkit.excel.export`).
- `read_roster` reads a roster back from the workbook's Roster sheet, the authoritative one,
  also after a person edited it by hand, so the checker can judge it.
- `read_officers` and `read_leave` read officer and leave lists from .xlsx or .csv with field
  names or Chinese headers; `station_with_officers` puts officers into a station and checks
  every cross-reference.
- `write_templates` writes ``officers.xlsx`` and ``leave.xlsx`` to start from.
- `read_embedded_station` reads back the station and leave list a workbook carries on its very
  hidden sheet, so that a workbook can be checked with no other file.

Every bad input is a `rosterkit.errors.RosterInputError` naming file, sheet, row and column.
"""

from __future__ import annotations

from rosterkit.excel.embedded import read_embedded_station
from rosterkit.excel.export import SHEETS, build_workbook, export_workbook, sheet_name
from rosterkit.excel.labels import CellLabels
from rosterkit.excel.read import (
    OfficerList,
    read_leave,
    read_officers,
    read_roster,
    station_with_officers,
)
from rosterkit.excel.templates import write_templates

__all__ = [
    "SHEETS",
    "CellLabels",
    "OfficerList",
    "build_workbook",
    "export_workbook",
    "read_embedded_station",
    "read_leave",
    "read_officers",
    "read_roster",
    "sheet_name",
    "station_with_officers",
    "write_templates",
]
