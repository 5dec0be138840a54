"""The sheets of the month itself: Overview, Roster, Daily posts and the machine-readable Data.

The Roster sheet is the one people edit and the one `read_roster` reads back: one row per
officer (id in column A, name in B, duty group in C), one column per day from D, each cell a
post label of `CellLabels`. Team bands (the team's name in column A) separate the teams; the
legend below the table starts with the word of ``title.legend`` in column A (readers stop
there) and lies in blocks side by side, so that it is short; page breaks keep it on one page
with the last officers of the table.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit.duties import COMMANDER_POST, LEAVE, OFF, REST
from rosterkit.excel.book import Book
from rosterkit.excel.figures import cell_kind, commanders_by_day, is_substitution
from rosterkit.excel.labels import group_label
from rosterkit.excel.layout import (
    PageStyle,
    column_width,
    fit_columns,
    fit_wrapped_rows,
    keep_together,
    text_width,
)
from rosterkit.excel.styles import (
    BELOW_MIN_COLOUR,
    BOLD,
    BOX,
    CENTRE,
    HEADER_COLOUR,
    HOLIDAY_COLOUR,
    KIND_COLOURS,
    MARKED,
    TEAM_BAND_COLOUR,
    TITLE,
    WEEKEND_COLOUR,
    WRAP,
    CellKind,
    fill,
    kind_fill,
    put,
)
from rosterkit.station import DutyState
from rosterkit.tables import COLUMNS, long_rows

ROSTER_HEADER_ROW = 3
"""Row of the Roster sheet's header (ids, names, groups, dates); weekdays are on the next row."""
ROSTER_FIRST_ROW = 5
ROSTER_ROW_HEIGHT = 14.0
"""Height of the Roster sheet's rows in points, below its header."""
ROSTER_FIRST_DAY_COLUMN = 4
OVERVIEW_FIRST_ROW = 3
DAILY_FIRST_ROW = 4
DAILY_FIRST_SLOT_COLUMN = 3

_MARKED_KINDS = (CellKind.call_in, CellKind.substitution)


def day_fill_colour(book: Book, day: dt.date) -> str | None:
    """Header colour of a day: holidays first, then weekends."""
    if book.is_holiday(day):
        return HOLIDAY_COLOUR
    if book.is_weekend(day):
        return WEEKEND_COLOUR
    return None


def _date_format(book: Book, day: dt.date, *, short: bool) -> str:
    base = "d" if short else ('m"月"d"日"' if book.zh else "d mmm")
    if book.is_holiday(day) and not short:
        base += f' "{book.w("day.holiday_short")}"'
    return base


def write_roster(ws: Worksheet, book: Book) -> None:
    """The Roster sheet: officers by team and duty group, days as columns, cells coloured."""
    days = book.days
    last_column = ROSTER_FIRST_DAY_COLUMN + len(days) - 1
    put(ws, 1, 1, book.title("title.roster")).font = TITLE
    note = (
        "单元格为岗位代码,颜色表示状态(图例见表下方);改动后可读回校验。"
        if book.zh
        else "Cells show post codes, colours show states (legend below); edit and read back to "
        "check."
    )
    put(ws, 2, 1, note)
    header = ROSTER_HEADER_ROW
    for column, key in enumerate(("h.id", "h.name", "h.group"), start=1):
        cell = put(ws, header, column, book.w(key))
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, fill(HEADER_COLOUR), CENTRE, BOX
        ws.merge_cells(start_row=header, start_column=column, end_row=header + 1, end_column=column)
    for offset, day in enumerate(days):
        column = ROSTER_FIRST_DAY_COLUMN + offset
        colour = day_fill_colour(book, day) or HEADER_COLOUR
        date_cell = put(ws, header, column, day)
        date_cell.number_format = "d"
        weekday_cell = put(ws, header + 1, column, book.weekday(day))
        for header_cell in (date_cell, weekday_cell):
            header_cell.font, header_cell.fill = BOLD, fill(colour)
            header_cell.alignment, header_cell.border = CENTRE, BOX
        ws.column_dimensions[get_column_letter(column)].width = 4.6 if book.zh else 9
    ws.column_dimensions["A"].width = 9
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 7

    row = ROSTER_FIRST_ROW
    bands: list[int] = []
    for team, members in book.ordered_officers():
        band = put(ws, row, 1, f"{book.team_name(team)} ({len(members)})")
        band.font = BOLD
        bands.append(row)
        for column in range(1, last_column + 1):
            ws.cell(row=row, column=column).fill = fill(TEAM_BAND_COLOUR)
        row += 1
        for officer in members:
            group = book.group_of(officer)
            put(ws, row, 1, officer.id).border = BOX
            put(ws, row, 2, officer.name).border = BOX
            group_cell = put(ws, row, 3, group)
            group_cell.alignment, group_cell.border = CENTRE, BOX
            cells = book.roster.cells.get(officer.id, {})
            for offset, day in enumerate(days):
                value = cells.get(day, OFF)
                kind = cell_kind(book.station, book.roster, officer.id, day)
                cell = put(ws, row, ROSTER_FIRST_DAY_COLUMN + offset, book.labels.label(value))
                cell.fill, cell.alignment, cell.border = kind_fill(kind), CENTRE, BOX
                if kind in _MARKED_KINDS:
                    cell.font = MARKED
            row += 1

    officer_rows = [r for r in range(ROSTER_FIRST_ROW, row) if r not in bands]
    fit_columns(ws, [2, 3], [header, *officer_rows], minimum=7)
    legend_row = row + 1
    end = _legend(ws, book, legend_row, last_column)
    # Fixed heights, so that Excel, WPS and LibreOffice put the same rows on a page as the page
    # breaks below expect (the 11-point default row of a Chinese Excel is 14.25 points).
    for number in range(1, end):
        ws.row_dimensions[number].height = {1: 22.0, header: 15.0, header + 1: 15.0}.get(
            number, ROSTER_ROW_HEIGHT
        )
    ws.freeze_panes = f"{get_column_letter(ROSTER_FIRST_DAY_COLUMN)}{ROSTER_FIRST_ROW}"
    style = PageStyle("A3", "landscape", f"{header}:{header + 1}", "A:C")
    book.page(ws, "title.roster", style)
    # Never a team's name alone at the foot of a page, never the legend alone on a page: it
    # goes with the last officers of the table.
    blocks = [(band, band + 1) for band in bands]
    blocks.append((officer_rows[-min(3, len(officer_rows))] if officer_rows else row, end - 1))
    keep_together(
        ws,
        style,
        columns=last_column,
        title_rows=[header, header + 1],
        blocks=blocks,
        last_row=end - 1,
    )


def _legend(ws: Worksheet, book: Book, row: int, last_column: int) -> int:
    """Colours and codes of the Roster sheet from `row`, laid out in as many side-by-side
    columns as the table is wide, so that it stays short; returns the next free row."""
    put(ws, row, 1, book.w("title.legend")).font = BOLD
    colours: list[_LegendEntry] = []
    for kind in CellKind:
        meaning = book.w(f"state.{kind.value}")
        if kind in _MARKED_KINDS:
            meaning += " (" + ("粗体白字" if book.zh else "bold white text") + ")"
        colours.append(_LegendEntry("", meaning, KIND_COLOURS[kind]))
    for colour, key in ((WEEKEND_COLOUR, "day.weekend"), (HOLIDAY_COLOUR, "day.holiday")):
        colours.append(_LegendEntry("", book.w(key), colour))
    row = _legend_grid(ws, row + 1, last_column, colours)
    put(ws, row, 1, book.w("h.label")).font = BOLD
    put(ws, row, 2, book.w("h.meaning")).font = BOLD
    codes: list[_LegendEntry] = []
    for slot in book.slots:
        state = book.w(f"state.{slot.post.state.value}")
        hours = book.w("hours").format(hours=f"{slot.post.hours:g}")
        codes.append(
            _LegendEntry(book.labels.label(slot.code), f"{book.slot_name(slot)} ({state}, {hours})")
        )
    for value, key in ((REST, "state.rest"), (LEAVE, "state.leave"), (OFF, "state.off")):
        codes.append(_LegendEntry(book.labels.label(value), book.w(key)))
    return _legend_grid(ws, row + 1, last_column, codes)


@dataclass(frozen=True)
class _LegendEntry:
    """A code (or a coloured swatch) and what it means."""

    code: str
    meaning: str
    colour: str | None = None


def _legend_grid(ws: Worksheet, row: int, last_column: int, entries: list[_LegendEntry]) -> int:
    """`entries` from `row` down, in blocks side by side (code, then its meaning over as many
    columns as it needs), filled column by column; returns the next free row."""
    code_width = max([text_width(e.code) + 0.5 for e in entries] + [3])
    meaning_width = max([text_width(e.meaning) + 2 for e in entries] + [6])
    blocks: list[tuple[int, int, int]] = []  # code column, meaning's first and last column
    column = 1
    while column <= last_column:
        code_end = _span_end(ws, column, last_column, code_width)
        meaning_end = _span_end(ws, code_end + 1, last_column, meaning_width)
        if meaning_end > last_column:
            break
        blocks.append((column, code_end + 1, meaning_end))
        column = meaning_end + 1
    if not blocks:
        blocks = [(1, 2, max(2, last_column))]
    per_block = math.ceil(len(entries) / len(blocks))
    for index, entry in enumerate(entries):
        code_column, first, last = blocks[index // per_block]
        top = row + index % per_block
        code = put(ws, top, code_column, entry.code or None)
        code.alignment, code.border = CENTRE, BOX
        if entry.colour is not None:
            code.fill = fill(entry.colour)
        put(ws, top, first, entry.meaning)
        if last > first:
            ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
        if code_column + 1 < first:
            ws.merge_cells(
                start_row=top, start_column=code_column, end_row=top, end_column=first - 1
            )
    return row + per_block + 1


def _span_end(ws: Worksheet, first: int, last_column: int, width: float) -> int:
    """The last column of a span from `first` at least `width` units wide (past `last_column`
    when the sheet has no room left)."""
    column, total = first, column_width(ws, first)
    while total < width and column <= last_column:
        column += 1
        total += column_width(ws, column)
    return column


def write_overview(ws: Worksheet, book: Book) -> None:
    """The month as a calendar: per day its date, each duty group's state, and the commander."""
    groups = book.station.rotation.groups
    block = groups + 2
    put(ws, 1, 1, book.title("title.overview")).font = TITLE
    for weekday in range(7):
        cell = put(ws, 2, weekday + 1, book.weekday(dt.date(2024, 1, 1) + dt.timedelta(weekday)))
        colour = WEEKEND_COLOUR if weekday >= 5 else HEADER_COLOUR
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, fill(colour), CENTRE, BOX
        ws.column_dimensions[get_column_letter(weekday + 1)].width = 18
    commanders = commanders_by_day(book.roster)
    row = OVERVIEW_FIRST_ROW
    for day in book.days:
        top, column = overview_position(book.month.first, day, groups)
        row = max(row, top + block)
        date_cell = put(ws, top, column, day)
        date_cell.number_format = _date_format(book, day, short=False)
        date_cell.font, date_cell.alignment, date_cell.border = BOLD, CENTRE, BOX
        date_cell.fill = fill(day_fill_colour(book, day) or HEADER_COLOUR)
        for group in range(1, groups + 1):
            state = book.station.rotation.state(group, day)
            text = f"{group_label(group, book.lang)} {book.w(f'state.{state.value}')}"
            cell = put(ws, top + group, column, text)
            cell.fill, cell.alignment, cell.border = kind_fill(CellKind(state.value)), CENTRE, BOX
        holders = commanders[day]
        names = [book.name(oid) + _mark(book, oid, day, COMMANDER_POST) for oid in holders]
        cell = put(ws, top + groups + 1, column, "、".join(names) or "—")
        cell.alignment, cell.border = CENTRE, BOX
        if any(is_substitution(book.station, oid, COMMANDER_POST) for oid in holders):
            cell.fill, cell.font = kind_fill(CellKind.substitution), MARKED
    row += 1
    put(ws, row, 1, book.w("title.legend")).font = BOLD
    row += 1
    legend = [(KIND_COLOURS[CellKind(state.value)], f"state.{state.value}") for state in DutyState]
    legend += [
        (KIND_COLOURS[CellKind.substitution], "state.substitution"),
        (WEEKEND_COLOUR, "day.weekend"),
        (HOLIDAY_COLOUR, "day.holiday"),
    ]
    for colour, key in legend:
        swatch = put(ws, row, 1, book.w(key))
        swatch.fill, swatch.border = fill(colour), BOX
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        row += 1
    note = (
        f"每日一格:日期、各值班组状态、{book.w('h.commander')}。"
        if book.zh
        else "Each day: date, each duty group's state, the duty commander."
    )
    put(ws, row, 1, note)
    ws.freeze_panes = "A3"
    book.page(ws, "title.overview", PageStyle("A4", "landscape", "2:2"))


def overview_position(first: dt.date, day: dt.date, groups: int) -> tuple[int, int]:
    """Top row and column of a day's block in the Overview calendar (Monday first)."""
    week = (day.day - 1 + first.weekday()) // 7
    return OVERVIEW_FIRST_ROW + week * (groups + 2), day.weekday() + 1


def write_daily(ws: Worksheet, book: Book) -> None:
    """For each day (rows) and each post slot (columns): who holds it; short posts in red."""
    put(ws, 1, 1, book.title("title.daily")).font = TITLE
    top = DAILY_FIRST_ROW - 2
    for column, key in ((1, "h.date"), (2, "h.weekday")):
        cell = put(ws, top, column, book.w(key))
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, fill(HEADER_COLOUR), CENTRE, BOX
        ws.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
    ws.column_dimensions["A"].width = 11
    ws.column_dimensions["B"].width = 6
    for index, slot in enumerate(book.slots):
        column = DAILY_FIRST_SLOT_COLUMN + index
        name = put(ws, top, column, book.slot_name(slot))
        minimum = f"≥{slot.post.min_staff}" if slot.post.min_staff else ""
        code = put(ws, top + 1, column, f"{book.labels.label(slot.code)} {minimum}".strip())
        for cell in (name, code):
            cell.font, cell.fill, cell.border = BOLD, fill(HEADER_COLOUR), BOX
            cell.alignment = CENTRE if cell is code else WRAP
        ws.column_dimensions[get_column_letter(column)].width = 14
    holders: dict[tuple[dt.date, str], list[str]] = {}
    for officer in book.station.officers:
        for day, value in book.roster.cells.get(officer.id, {}).items():
            holders.setdefault((day, value), []).append(officer.id)
    for offset, day in enumerate(book.days):
        row = DAILY_FIRST_ROW + offset
        date_cell = put(ws, row, 1, day)
        date_cell.number_format = "yyyy-mm-dd"
        weekday = put(ws, row, 2, book.weekday(day))
        day_colour = day_fill_colour(book, day)
        for day_cell in (date_cell, weekday):
            day_cell.border, day_cell.alignment = BOX, CENTRE
            if day_colour:
                day_cell.fill = fill(day_colour)
        for index, slot in enumerate(book.slots):
            staff = holders.get((day, slot.code), [])
            names = [book.name(oid) + _mark(book, oid, day, slot.code) for oid in staff]
            cell = put(ws, row, DAILY_FIRST_SLOT_COLUMN + index, "、".join(names))
            cell.border, cell.alignment = BOX, WRAP
            if len(staff) < slot.post.minimum(book.is_rest_day(day)):
                cell.fill = fill(BELOW_MIN_COLOUR)
    fit_wrapped_rows(ws, range(top, DAILY_FIRST_ROW + len(book.days)))
    ws.freeze_panes = f"{get_column_letter(DAILY_FIRST_SLOT_COLUMN)}{DAILY_FIRST_ROW}"
    book.page(ws, "title.daily", PageStyle("A3", "landscape", f"{top}:{top + 1}", "A:B"))


def _mark(book: Book, officer_id: str, day: dt.date, code: str) -> str:
    """'(召)' after a called-in officer, '(代)' after a stand-in commander."""
    if is_substitution(book.station, officer_id, code):
        return f"({book.w('mark.substitution')})"
    if book.roster.is_call_in(book.station, officer_id, day):
        return f"({book.w('mark.call_in')})"
    return ""


def write_data(ws: Worksheet, book: Book) -> None:
    """The long table as an Excel table named ``roster_long``: one row per officer-day."""
    for column, name in enumerate(COLUMNS, start=1):
        put(ws, 1, column, name).font = BOLD
    rows = long_rows(book.station, book.roster)
    for index, item in enumerate(rows, start=2):
        put(ws, index, 1, item.officer_id)
        put(ws, index, 2, item.date).number_format = "yyyy-mm-dd"
        put(ws, index, 3, item.duty_group)
        put(ws, index, 4, item.state)
        put(ws, index, 5, item.post)
        ws.cell(row=index, column=6).value = item.call_in
    last = f"{get_column_letter(len(COLUMNS))}{max(len(rows) + 1, 2)}"
    table = Table(displayName="roster_long", ref=f"A1:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)
    for letter, width in zip("ABCDEF", (12, 12, 11, 9, 18, 8), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
