"""How the workbook's sheets fit paper: page setup, column widths from content, row heights of
wrapped text, and page breaks that keep a block (the roster's legend) with the table above it.

Widths are in Excel's column units (about one digit of the default 11-point font); a CJK
character takes two. Heights are in points. Excel and LibreOffice neither widen columns nor
raise rows for wrapped text when they open a file, so the sheets set both themselves.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit.excel.styles import header_footer_text

Paper = Literal["A3", "A4"]
Orientation = Literal["landscape", "portrait"]

ROW_HEIGHT = 15.0
"""Height of a row of 11-point text in points (Excel's default), also one line of wrapped text."""
DEFAULT_WIDTH = 8.43
"""Width of a column whose width is not set, in column units."""
MARGINS = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.6, header=0.3, footer=0.3)
"""Page margins in inches: narrow at the sides, room for the header and footer."""

_PAPER_MM: dict[Paper, tuple[float, float]] = {"A3": (297, 420), "A4": (210, 297)}
_PAPER_CODE: dict[Paper, int] = {"A3": 8, "A4": 9}
"""Excel's paper size codes (`Worksheet.PAPERSIZE_A3`, `PAPERSIZE_A4`)."""
_POINTS_PER_MM = 72 / 25.4
_SAFETY = 0.92
"""Share of a page that page breaks fill, for the fonts and rounding that differ between Excel,
WPS and LibreOffice."""


def text_width(text: str) -> int:
    """Width of `text` in column units: a wide (CJK) character counts two, others one."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def column_width(ws: Worksheet, column: int) -> float:
    letter = get_column_letter(column)
    if letter in ws.column_dimensions and ws.column_dimensions[letter].width:
        return float(ws.column_dimensions[letter].width)
    return DEFAULT_WIDTH


def fit_columns(
    ws: Worksheet,
    columns: Iterable[int],
    rows: Iterable[int],
    *,
    minimum: float = 4.0,
    maximum: float = 60.0,
) -> None:
    """Widen each of `columns` to the longest unwrapped text it holds in `rows` (plus room for
    the borders), never narrower than it is or than `minimum`, never wider than `maximum`."""
    wanted = {column: max(minimum, column_width(ws, column)) for column in columns}
    merged = {
        (cell_range.min_row, cell_range.min_col)
        for cell_range in ws.merged_cells.ranges
        if cell_range.max_col > cell_range.min_col
    }
    for number in rows:
        for cell in ws[number]:
            column = cell.column
            if (
                not isinstance(column, int)
                or column not in wanted
                or not isinstance(cell.value, str)
                or cell.alignment.wrap_text
                or (cell.row, column) in merged
            ):
                continue
            size = float(cell.font.sz or 11) / 11 if cell.font is not None else 1.0
            bold = 1.1 if cell.font is not None and cell.font.b else 1.0
            wanted[column] = max(wanted[column], text_width(cell.value) * size * bold + 2)
    for column, width in wanted.items():
        ws.column_dimensions[get_column_letter(column)].width = round(min(width, maximum), 1)


def fit_wrapped_rows(ws: Worksheet, rows: Iterable[int]) -> None:
    """Make each of `rows` tall enough for the lines of its wrapped cells (one line at least)."""
    spans: dict[tuple[int, int], float] = {}
    for cell_range in ws.merged_cells.ranges:
        spans[(cell_range.min_row, cell_range.min_col)] = sum(
            column_width(ws, column) for column in range(cell_range.min_col, cell_range.max_col + 1)
        )
    for number in rows:
        lines = 1
        for cell in ws[number]:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            column = cell.column
            assert isinstance(column, int)
            width = spans.get((number, column), column_width(ws, column))
            lines = max(lines, wrapped_lines(cell.value, width))
        ws.row_dimensions[number].height = lines * ROW_HEIGHT


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes in a wrapped cell `width` units wide (a unit of room at the edges);
    CJK text breaks anywhere, which this counts, and Latin text at spaces, close enough."""
    room = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(text_width(line) / room)) for line in text.split("\n"))


@dataclass(frozen=True)
class PageStyle:
    """How one sheet goes on paper."""

    paper: Paper
    orientation: Orientation
    title_rows: str | None
    """Rows repeated at the top of every page, as '3:4'."""
    title_columns: str | None = None
    """Columns repeated at the left of every page, as 'A:C'."""


def print_setup(ws: Worksheet, style: PageStyle, *, header: str, footer: str) -> None:
    """Paper, orientation, one page wide (as many tall as it takes), repeated titles, margins,
    the sheet's title (station, month, sheet) as header and page numbers as footer."""
    setup = ws.page_setup
    setup.orientation = style.orientation
    setup.paperSize = _PAPER_CODE[style.paper]
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    properties = ws.sheet_properties.pageSetUpPr
    if properties is not None:
        properties.fitToPage = True
    ws.page_margins = PageMargins(
        left=MARGINS.left,
        right=MARGINS.right,
        top=MARGINS.top,
        bottom=MARGINS.bottom,
        header=MARGINS.header,
        footer=MARGINS.footer,
    )
    ws.print_options.horizontalCentered = True
    if style.title_rows:
        ws.print_title_rows = style.title_rows
    if style.title_columns:
        ws.print_title_cols = style.title_columns
    odd_header, odd_footer = ws.oddHeader, ws.oddFooter
    if odd_header is not None and odd_footer is not None:
        odd_header.center.text = header_footer_text(header)
        odd_header.center.size = 14
        odd_header.center.font = "-,Bold"
        odd_footer.center.text = footer


def page_rows_height(ws: Worksheet, style: PageStyle, columns: int) -> float:
    """Height in points, at the size the sheet prints (fit to the page's width), of the rows that
    fill one page below the repeated title rows, less a safety share."""
    short, long = _PAPER_MM[style.paper]
    width_mm, height_mm = (long, short) if style.orientation == "landscape" else (short, long)
    printable_width = width_mm * _POINTS_PER_MM - (MARGINS.left + MARGINS.right) * 72
    printable_height = height_mm * _POINTS_PER_MM - (MARGINS.top + MARGINS.bottom) * 72
    # A column of width w is about 7w + 5 pixels of 0.75 point (11-point Calibri).
    table_width = sum((column_width(ws, c) * 7 + 5) * 0.75 for c in range(1, columns + 1))
    scale = min(1.0, printable_width / table_width) if table_width else 1.0
    return printable_height * _SAFETY / scale


def row_height(ws: Worksheet, row: int) -> float:
    height = ws.row_dimensions[row].height if row in ws.row_dimensions else None
    return float(height) if height else ROW_HEIGHT


def keep_together(
    ws: Worksheet,
    style: PageStyle,
    *,
    columns: int,
    title_rows: Sequence[int],
    blocks: Sequence[tuple[int, int]],
    last_row: int,
) -> list[int]:
    """Set manual page breaks from row 1 to `last_row` so that no block (first row, last row)
    is split across pages where it fits on one; returns the rows after which a page ends.

    Rows are packed greedily into pages of `page_rows_height`; pages after the first also
    repeat `title_rows`. A block that does not fit where the page has room starts a new page.
    """
    capacity = page_rows_height(ws, style, columns)
    titles = sum(row_height(ws, row) for row in title_rows)
    merged: list[list[int]] = []
    for first, last in sorted(blocks):
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)  # overlapping blocks stay together
        else:
            merged.append([first, last])
    starts = {first: last for first, last in merged}
    breaks: list[int] = []
    used = 0.0
    row = 1
    while row <= last_row:
        last = starts.get(row, row)
        height = sum(row_height(ws, r) for r in range(row, last + 1))
        room = capacity - (titles if breaks else 0.0)
        if used + height > room and used > 0:
            breaks.append(row - 1)
            used = 0.0
            room = capacity - titles
        if height > room and last > row:
            last = row  # a block taller than a page breaks where it must
            height = row_height(ws, row)
        used += height
        row = last + 1
    for after in breaks:
        ws.row_breaks.append(Break(id=after))
    return breaks
