"""Colours and cell styles of the workbook, and the one way text is put into a cell.

`put` is the only writer of cell values in this package: text from input files (names, ids,
notes) is stored as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit.cells import looks_like_formula


class CellKind(StrEnum):
    """What a roster cell shows, which decides its colour."""

    main = "main"
    deputy = "deputy"
    rest = "rest"
    leave = "leave"
    off = "off"
    shift = "shift"
    call_in = "call_in"
    substitution = "substitution"


KIND_COLOURS: dict[CellKind, str] = {
    CellKind.main: "F4B183",
    CellKind.deputy: "9DC3E6",
    CellKind.rest: "E2EFDA",
    CellKind.leave: "BFBFBF",
    CellKind.off: "FFFFFF",
    CellKind.shift: "FFE699",
    CellKind.call_in: "C00000",
    CellKind.substitution: "7030A0",
}
"""Fill colour (RGB hex) of each cell kind; call-ins and stand-ins also get bold white text."""

WEEKEND_COLOUR = "FCE4D6"
HOLIDAY_COLOUR = "FF7C80"
HEADER_COLOUR = "D9E1F2"
TEAM_BAND_COLOUR = "EDEDED"
BELOW_MIN_COLOUR = "FF7C80"
ABOVE_MAX_COLOUR = "FFC000"
OK_COLOUR = "E2EFDA"

_FILLS: dict[str, PatternFill] = {}


def fill(colour: str) -> PatternFill:
    """A solid fill of `colour` (shared, so that the workbook keeps one style per colour)."""
    if colour not in _FILLS:
        _FILLS[colour] = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    return _FILLS[colour]


def kind_fill(kind: CellKind) -> PatternFill:
    return fill(KIND_COLOURS[kind])


THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MARKED = Font(bold=True, color="FFFFFF")
CENTRE = Alignment(horizontal="center", vertical="center")
WRAP = Alignment(vertical="top", wrap_text=True)

CellValue = str | int | float | dt.date | dt.datetime | None

_MAX_TEXT = 32767  # the most characters an Excel cell holds


def put(ws: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write `value` to a cell; text stays text.

    openpyxl takes a string starting with '=' for a formula; here every string is stored as a
    string cell instead, with characters that XML cannot hold removed (and cut at Excel's limit
    of 32,767 characters). Text that Excel would take for a formula (starting with '=', '+',
    '-', '@', a tab or a carriage return; `rosterkit.cells`) also gets Excel's quote prefix, so
    that it stays text when someone edits the cell.
    """
    cell = ws.cell(row=row, column=column)
    assert isinstance(cell, Cell), f"cell {row},{column} lies inside a merged range"
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_TEXT]
        cell.value = text
        cell.data_type = "s"
        if looks_like_formula(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def header_footer_text(text: str) -> str:
    """Text for a print header or footer, with '&' (a format code there) escaped."""
    return text.replace("&", "&&")
