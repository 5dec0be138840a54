"""The re-rostered month's workbook: the month's workbook (`build_workbook`) with every changed
cell outlined in red, pinned cells filled yellow, a 变更 (Changes) sheet listing officer, day,
before -> after and why, and a revision number and date in its title, file name and properties.

Pins are marked in the Roster sheet by filling a day cell with `PIN_COLOUR` (Excel's standard
yellow, FFFF00); the legend explains the mark, `read_pins` reads it back, and a re-rostered
workbook keeps the pins it honoured marked, so that they hold in the next revision too.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit.errors import RosterInputError
from rosterkit.excel.export import build_workbook, sheet_name
from rosterkit.excel.labels import CellLabels, Lang, check_lang, words
from rosterkit.excel.roster_sheets import ROSTER_FIRST_DAY_COLUMN, ROSTER_HEADER_ROW
from rosterkit.excel.sources import find_sheet, open_workbook, text
from rosterkit.excel.styles import BOLD, BOX, HEADER_COLOUR, TITLE, WRAP, fill, put
from rosterkit.io import write_atomic
from rosterkit.leave import Leave
from rosterkit.result import Result
from rosterkit.station import Station

__all__ = [
    "CHANGED_BORDER",
    "PIN_COLOUR",
    "build_changes_workbook",
    "export_changes_workbook",
    "read_pins",
    "read_revision",
    "revision_path",
]

PIN_COLOUR = "FFFF00"
"""Fill of a pinned day cell in the Roster sheet (Excel's standard yellow)."""
_CHANGED_SIDE = Side(style="medium", color="FF0000")
CHANGED_BORDER = Border(
    left=_CHANGED_SIDE, right=_CHANGED_SIDE, top=_CHANGED_SIDE, bottom=_CHANGED_SIDE
)
"""Outline of a changed day cell in the Roster sheet."""
_REVISION_PROPERTY = "rosterkit.revision"
_ISSUED_PROPERTY = "rosterkit.issued"

_WORDS: dict[str, tuple[str, str]] = {
    "sheet": ("变更", "Changes"),
    "title": ("排班变更", "changes"),
    "officer": ("民警编号", "Officer"),
    "name": ("姓名", "Name"),
    "day": ("日期", "Day"),
    "before": ("原安排", "Before"),
    "after": ("新安排", "After"),
    "why": ("原因", "Why"),
    "changed": ("红框:本版变更的单元格", "red outline: changed in this revision"),
    "pinned": (
        "黄色填充:锁定,重排时不变(可在本表标记)",
        "yellow fill: pinned, kept when re-rostered (mark cells here)",
    ),
    "summary": (
        "共{count}个民警日变更,涉及{officers}名民警",
        "{count} officer-days changed, {officers} officers",
    ),
    "none": ("(无)", "(none)"),
}


def _w(key: str, lang: Lang) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def revision_suffix(revision: int, issued: dt.date, lang: Lang) -> str:
    """' 第2版(2026-12-11)' or ' (revision 2, 2026-12-11)'."""
    if lang == "zh":
        return f" 第{revision}版({issued:%Y-%m-%d})"
    return f" (revision {revision}, {issued:%Y-%m-%d})"


_REVISION_TAIL = re.compile(r"-r\d+-\d{8}$")


def revision_path(source: str | os.PathLike[str], revision: int, issued: dt.date) -> Path:
    """'roster-2026-12.xlsx' -> 'roster-2026-12-r2-20261211.xlsx' beside it; an earlier
    revision's tail is replaced, not added to."""
    path = Path(source)
    stem = _REVISION_TAIL.sub("", path.stem)
    return path.with_name(f"{stem}-r{revision}-{issued:%Y%m%d}.xlsx")


def read_revision(path: str | os.PathLike[str]) -> tuple[int, dt.date | None]:
    """The revision a workbook carries (1 for a first workbook, or one not by rosterkit) and
    the day it was issued (None when it does not say)."""
    with open_workbook(Path(path)) as workbook:
        custom = workbook.custom_doc_props  # type: ignore[attr-defined]  # not in the stubs
        props = {p.name: p.value for p in custom.props}
    value, issued = props.get(_REVISION_PROPERTY), props.get(_ISSUED_PROPERTY)
    try:
        revision = max(1, int(str(value))) if value is not None else 1
    except ValueError:
        revision = 1
    try:
        day = dt.date.fromisoformat(str(issued)) if issued is not None else None
    except ValueError:
        day = None
    return revision, day


def _is_pin_fill(cell: Any) -> bool:
    colour = getattr(getattr(getattr(cell, "fill", None), "fgColor", None), "rgb", None)
    fill_type = getattr(getattr(cell, "fill", None), "fill_type", None)
    return isinstance(colour, str) and fill_type == "solid" and colour.upper().endswith(PIN_COLOUR)


def read_pins(path: str | os.PathLike[str], station: Station) -> list[tuple[str, dt.date]]:
    """The (officer id, day) cells of the Roster sheet filled with `PIN_COLOUR`.

    Officer rows are those whose column A holds an officer id of `station`; day columns are the
    dates of the header row, as `rosterkit.excel.read_roster` reads them."""
    path = Path(path)
    officers = {officer.id for officer in station.officers}
    legend = set(words("title.legend"))
    pins: list[tuple[str, dt.date]] = []
    with open_workbook(path) as workbook:
        sheet = find_sheet(workbook, words("sheet.roster"), str(path))
        ws = workbook[sheet]
        days: dict[int, dt.date] = {}
        for number, row in enumerate(ws.iter_rows(), start=1):
            if not row:
                continue
            first = text(row[0].value)
            if number == ROSTER_HEADER_ROW or (not days and first in words("h.id")):
                for index, cell in enumerate(row[ROSTER_FIRST_DAY_COLUMN - 1 :]):
                    value = cell.value
                    if isinstance(value, dt.datetime):
                        value = value.date()
                    if isinstance(value, dt.date):
                        days[ROSTER_FIRST_DAY_COLUMN + index] = value
                continue
            if first in legend:
                break
            if first not in officers or not days:
                continue
            for index, cell in enumerate(row[ROSTER_FIRST_DAY_COLUMN - 1 :]):
                day = days.get(ROSTER_FIRST_DAY_COLUMN + index)
                if day is not None and _is_pin_fill(cell):
                    pins.append((first, day))
    return pins


def _roster_cells(ws: Worksheet) -> dict[tuple[str, dt.date], Any]:
    """The day cells of a Roster sheet just written, by (officer id, day)."""
    days: dict[int, dt.date] = {}
    for column in range(ROSTER_FIRST_DAY_COLUMN, ws.max_column + 1):
        value = ws.cell(row=ROSTER_HEADER_ROW, column=column).value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            days[column] = value
    legend = set(words("title.legend"))
    found: dict[tuple[str, dt.date], Any] = {}
    for row in range(ROSTER_HEADER_ROW + 2, ws.max_row + 1):
        first = ws.cell(row=row, column=1).value
        if isinstance(first, str) and first in legend:
            break
        if not isinstance(first, str):
            continue
        for column, day in days.items():
            found[first, day] = ws.cell(row=row, column=column)
    return found


def build_changes_workbook(
    station: Station,
    result: Result,
    leave: Iterable[Leave] | None,
    changes: Sequence[Any],
    *,
    revision: int,
    issued: dt.date,
    pins: Iterable[tuple[str, dt.date]] = (),
    lang: Lang | str = "zh",
) -> Workbook:
    """The month's workbook with the changes shown (see the module's docstring).

    `changes` are `rosterkit.replan.CellChange`s (officer_id, day, before, after, why).
    """
    language = check_lang(lang)
    workbook = build_workbook(station, result, leave, lang=language)
    suffix = revision_suffix(revision, issued, language)
    for ws in workbook.worksheets:
        title = ws.cell(row=1, column=1).value
        if (
            isinstance(title, str)
            and ws.sheet_state == "visible"
            and title.startswith(station.name if language == "zh" else station.name_en)
        ):
            ws.cell(row=1, column=1).value = title + suffix
    workbook.properties.title = (workbook.properties.title or "") + suffix
    roster_ws = workbook[sheet_name("roster", language)]
    cells = _roster_cells(roster_ws)
    for change in changes:
        cell = cells.get((change.officer_id, change.day))
        if cell is not None:
            cell.border = CHANGED_BORDER
    for officer_id, day in pins:
        cell = cells.get((officer_id, day))
        if cell is not None:
            cell.fill = fill(PIN_COLOUR)
    # The two marks join the legend, below it.
    row = roster_ws.max_row + 1
    marked = put(roster_ws, row, 1, None)
    marked.border = CHANGED_BORDER
    put(roster_ws, row, 2, _w("changed", language))
    pin = put(roster_ws, row + 1, 1, None)
    pin.fill, pin.border = fill(PIN_COLOUR), BOX
    put(roster_ws, row + 1, 2, _w("pinned", language))
    _write_changes_sheet(workbook, station, result, changes, language, suffix)
    custom = workbook.custom_doc_props  # type: ignore[attr-defined]  # not in the stubs
    custom.append(StringProperty(name=_REVISION_PROPERTY, value=str(revision)))
    custom.append(StringProperty(name=_ISSUED_PROPERTY, value=issued.isoformat()))
    return workbook


def _write_changes_sheet(
    workbook: Workbook,
    station: Station,
    result: Result,
    changes: Sequence[Any],
    lang: Lang,
    suffix: str,
) -> None:
    ws = workbook.create_sheet(_w("sheet", lang), index=2)
    labels = CellLabels(station, lang)
    names = {officer.id: officer.name for officer in station.officers}
    base = station.name if lang == "zh" else station.name_en
    month = result.roster.month if result.roster is not None else ""
    put(ws, 1, 1, f"{base} {month} {_w('title', lang)}{suffix}").font = TITLE
    officers = {change.officer_id for change in changes}
    put(ws, 2, 1, _w("summary", lang).format(count=len(changes), officers=len(officers)))
    keys = ("officer", "name", "day", "before", "after", "why")
    for column, key in enumerate(keys, start=1):
        cell = put(ws, 3, column, _w(key, lang))
        cell.font, cell.fill, cell.border = BOLD, fill(HEADER_COLOUR), BOX
    row = 4
    for change in changes:
        values = (
            change.officer_id,
            names.get(change.officer_id, change.officer_id),
            change.day,
            labels.label(change.before) if change.before else "",
            labels.label(change.after),
            change.said(lang),
        )
        for column, value in enumerate(values, start=1):
            cell = put(ws, row, column, value)
            cell.border = BOX
            if column == 3:
                cell.number_format = "yyyy-mm-dd"
            if column == 6:
                cell.alignment = WRAP
        row += 1
    if not changes:
        put(ws, row, 1, _w("none", lang))
    for letter, width in zip("ABCDEF", (10, 10, 12, 14, 14, 48), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    ws.cell(row=3, column=1).font = Font(bold=True)


def export_changes_workbook(
    path: str | os.PathLike[str],
    station: Station,
    result: Result,
    leave: Iterable[Leave] | None,
    changes: Sequence[Any],
    *,
    revision: int,
    issued: dt.date,
    pins: Iterable[tuple[str, dt.date]] = (),
    lang: Lang | str = "zh",
    overwrite: bool = False,
) -> Path:
    """Write `build_changes_workbook` to `path` (.xlsx) atomically; an existing file is kept
    unless `overwrite` (`RosterInputError`)."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise RosterInputError(
            f"a workbook is saved as .xlsx, not '{target.suffix or '(no extension)'}'",
            source=str(target),
        )
    if target.exists() and not overwrite:
        raise RosterInputError(
            "file exists; choose another name or allow overwriting (--force)", source=str(target)
        )
    workbook = build_changes_workbook(
        station,
        result,
        leave,
        changes,
        revision=revision,
        issued=issued,
        pins=pins,
        lang=lang,
    )
    return write_atomic(target, lambda tmp: workbook.save(tmp), overwrite=overwrite)
