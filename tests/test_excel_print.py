"""The workbook prints well: every sheet for people has a page setup, the Data sheet is not
printed, the roster's legend shares a page with the table, and no text on the Duty groups sheet
runs over its cell.

Checked on openpyxl's page-setup properties, without printing (no LibreOffice needed).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit import Leave, Result, SolveOptions, SolveStatus, solve
from rosterkit.excel import SHEETS, export_workbook, sheet_name
from rosterkit.station import Station
from rosterkit.stations import qianmen

MONTH = "2026-12"
LEAVE_LIST = [Leave(officer_id="P025", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 10))]
PRINTED = tuple(key for key in SHEETS if key != "data")
A3, A4 = 8, 9
POINTS_PER_MM = 72 / 25.4
DEFAULT_ROW_HEIGHT = 15.0
DEFAULT_COLUMN_WIDTH = 8.43


@pytest.fixture(scope="module")
def station() -> Station:
    return qianmen()


@pytest.fixture(scope="module")
def result(station: Station) -> Result:
    result = solve(station, MONTH, LEAVE_LIST, SolveOptions(workers=1, time_limit=30))
    assert result.status in (SolveStatus.optimal, SolveStatus.feasible), result.reasons
    return result


@pytest.fixture(scope="module", params=["zh", "en"])
def workbook(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    station: Station,
    result: Result,
) -> tuple[Workbook, str]:
    lang = request.param
    path: Path = export_workbook(
        tmp_path_factory.mktemp(lang) / "roster.xlsx", station, result, LEAVE_LIST, lang=lang
    )
    return openpyxl.load_workbook(path), lang


def sheet(workbook: Workbook, key: str, lang: str) -> Worksheet:
    ws = workbook[sheet_name(key, lang)]
    assert isinstance(ws, Worksheet)
    return ws


@pytest.mark.parametrize("key", PRINTED)
def test_every_sheet_for_people_has_a_page_setup(
    workbook: tuple[Workbook, str], key: str, station: Station
) -> None:
    book, lang = workbook
    ws = sheet(book, key, lang)
    setup = ws.page_setup
    assert setup.orientation in ("landscape", "portrait")
    assert int(setup.paperSize) in (A3, A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert ws.print_title_rows, "header rows repeat on every page"
    margins = ws.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.4, 0.4, 0.7, 0.6)
    assert ws.print_options.horizontalCentered
    header = ws.oddHeader.center.text
    footer = " ".join(str(getattr(ws.oddFooter, side).text) for side in ("left", "center", "right"))
    if lang == "zh":
        assert station.name in header and "2026年12月" in header
    else:
        assert station.name_en in header and "December 2026" in header
    assert "&P" in footer and "&N" in footer


def test_paper_and_orientation_suit_each_sheet(workbook: tuple[Workbook, str]) -> None:
    book, lang = workbook
    chosen = {
        key: (
            int(sheet(book, key, lang).page_setup.paperSize),
            sheet(book, key, lang).page_setup.orientation,
        )
        for key in PRINTED
    }
    assert chosen == {
        "overview": (A4, "landscape"),
        "roster": (A3, "landscape"),
        "daily": (A3, "landscape"),
        "groups": (A3, "portrait"),
        "appraisal": (A3, "landscape"),
        "statistics": (A3, "landscape"),
        "check": (A4, "landscape"),
    }


def test_the_data_sheet_is_hidden_and_not_printed(workbook: tuple[Workbook, str]) -> None:
    book, lang = workbook
    assert sheet(book, "data", lang).sheet_state == "hidden"
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible == [sheet_name(key, lang) for key in PRINTED]
    assert book.active is not None and book.active.title == sheet_name("overview", lang)


def row_height(ws: Worksheet, row: int) -> float:
    height = ws.row_dimensions[row].height if row in ws.row_dimensions else None
    return float(height) if height else DEFAULT_ROW_HEIGHT


def test_the_roster_legend_shares_a_page_with_the_table(workbook: tuple[Workbook, str]) -> None:
    book, lang = workbook
    ws = sheet(book, "roster", lang)
    legend_word = "图例" if lang == "zh" else "Legend"
    legend = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == legend_word
    )
    breaks = sorted(int(b.id) for b in ws.row_breaks.brk)  # a break follows row `id`
    assert not [b for b in breaks if b >= legend - 1], "no break between table and legend"
    page_start = max([0, *breaks]) + 1
    officers_on_legend_page = [
        r
        for r in range(page_start, legend)
        if str(ws.cell(row=r, column=1).value or "").startswith("P")
    ]
    assert len(officers_on_legend_page) >= 3
    assert not ws.print_area, "the whole sheet prints, legend and all"
    if lang == "zh":
        # At full size (fit-to-width only ever shrinks) every page of rows fits on A3 landscape.
        printable = 297 * POINTS_PER_MM - (ws.page_margins.top + ws.page_margins.bottom) * 72
        titles = row_height(ws, 3) + row_height(ws, 4)
        edges = [0, *breaks, ws.max_row]
        for number, (first, last) in enumerate(itertools.pairwise(edges)):
            rows = sum(row_height(ws, r) for r in range(first + 1, last + 1))
            assert rows + (titles if number else 0) <= printable, (first, last)


def display_width(text: str) -> int:
    """Width of text in Excel's column units: a CJK (wide) character counts double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_width(ws: Worksheet, column: int) -> float:
    letter = get_column_letter(column)
    if letter in ws.column_dimensions and ws.column_dimensions[letter].width:
        return float(ws.column_dimensions[letter].width)
    return DEFAULT_COLUMN_WIDTH


def test_no_text_runs_over_its_cell_on_the_duty_groups_sheet(
    workbook: tuple[Workbook, str],
) -> None:
    book, lang = workbook
    ws = sheet(book, "groups", lang)
    spans: dict[tuple[int, int], float] = {}
    for merged in ws.merged_cells.ranges:
        first_column, first_row, last_column, _ = range_boundaries(str(merged))
        spans[(first_row, first_column)] = sum(
            column_width(ws, c) for c in range(first_column, last_column + 1)
        )
    checked = 0
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            assert isinstance(cell.column, int)
            width = spans.get((cell.row, cell.column), column_width(ws, cell.column))
            size = float(cell.font.sz or 11) / 11
            needed = display_width(cell.value) * size
            if cell.alignment.wrap_text:
                lines = math.ceil(needed / max(width - 1, 1))
                assert row_height(ws, cell.row) >= lines * 14 * size, (cell.coordinate, cell.value)
            else:
                assert needed <= width, (cell.coordinate, cell.value, width)
            checked += 1
    assert checked > 300
