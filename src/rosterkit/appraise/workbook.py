"""The appraisal workbook: written by `appraise init`, filled in by the appraisers, read back by
`appraise score`.

One sheet (考核评分 / Appraisal) holds a row per officer under a band per team that names the
team's long-line appraiser; each row names both its appraisers. Yellow cells are entries for
the side's appraiser (marks, and figures rosterkit had no source for); grey cells stay empty
(nobody appraises that officer on that side here). Every indicator's score, each side's score
and the weighted total are live Excel formulas of the shapes in `rosterkit.scoring`::

    =MAX(0,MIN(1,(F6-(0.0))/((100.0)-(0.0))))*100      indicator score
    =(G6*34+I6*33+K6*33)/100                          side score
    =(L6*50+V6*50)/100                                weighted total

A very hidden sheet carries what rosterkit prepared (`AppraisalSheet`, as JSON), so reading back
needs no other file and trusts the visible sheet only for the entries.
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from rosterkit.appraise.data import SIDES, AppraisalSheet, SheetRow
from rosterkit.appraise.history import AreaChange, baseline_text
from rosterkit.appraise.score import AppraisalScores, Entries, is_entry, score_sheet
from rosterkit.calendar import Month
from rosterkit.dispatch.workbook import embed_json, embedded_json
from rosterkit.errors import RosterInputError
from rosterkit.excel.labels import check_lang
from rosterkit.excel.styles import (
    BOLD,
    BOX,
    CENTRE,
    HEADER_COLOUR,
    TEAM_BAND_COLOUR,
    TITLE,
    fill,
    put,
)
from rosterkit.io import write_atomic
from rosterkit.scoring import Indicator

log = logging.getLogger(__name__)

SHEET_NAMES = ("考核评分", "Appraisal")
DATA_SHEET = "_rosterkit_appraisal"
FIRST_ROW = 5
"""First row under the headers (rows 3 and 4 are the block and column headers)."""
ENTRY_COLOUR = "FFF2CC"
NONE_COLOUR = "D9D9D9"
NONE_MARK = "—"

WORDS: dict[str, tuple[str, str]] = {
    "title": ("主防考核评分表", "appraisal"),
    "intro": (
        "黄色单元格由该行所列考核人填写（分值范围见表头）；灰色单元格不填。各项得分、长线、短线和总分"
        "由公式实时计算；rosterkit appraise score 读取本表、校验并重新计算。",
        "Yellow cells are filled by the appraiser named on the row (ranges in the headers); grey "
        "cells stay empty. Scores, both sides and the total are live formulas; 'rosterkit "
        "appraise score' reads this sheet back, checks it and recomputes everything.",
    ),
    "info": ("基本信息", "Officer"),
    "long_line": ("长线考核（社区警务队长/队长填写）", "Long line (filled by the team leader)"),
    "short_line": ("短线考核（值班副所长填写）", "Short line (filled by the duty commander)"),
    "share": ("占", "weight "),
    "total": ("总分", "Total"),
    "id": ("编号", "Id"),
    "name": ("姓名", "Name"),
    "team": ("队室", "Team"),
    "group": ("值班组", "Group"),
    "area": ("辖区警情", "Incidents in area"),
    "appraiser": ("考核人（填写人）", "Appraiser (fills in)"),
    "score": ("得分", "score"),
    "side": ("小计", "Side score"),
    "note": ("备注", "Note"),
    "band": ("长线考核人：", "long line appraised by "),
    "same": ("长短线考核人为同一人", "one person appraises both sides"),
    "outside": ("由上级考核", "appraised outside the station"),
    "entry": ("填写", "enter"),
}


HISTORY_PARTS = (
    "incidents",
    "incidents_before",
    "incidents_down",
    "cases",
    "cases_before",
    "cases_down",
)
"""The long line's columns of the area's change (shown, never read back)."""
HISTORY_WORDS: dict[str, tuple[str, str]] = {
    "incidents": ("本月警情", "Incidents this month"),
    "incidents_before": ("基期警情", "Incidents, baseline"),
    "incidents_down": ("警情降幅%", "Incidents down %"),
    "cases": ("本月发案", "Cases this month"),
    "cases_before": ("基期发案", "Cases, baseline"),
    "cases_down": ("发案降幅%", "Cases down %"),
}


def _w(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


@dataclass
class Layout:
    """Where everything sits on the sheet: columns by key, and the header rows."""

    columns: dict[str, int] = field(default_factory=dict)

    def letter(self, key: str) -> str:
        return get_column_letter(self.columns[key])


def layout(sheet: AppraisalSheet) -> Layout:
    """Columns: id, name, team, group, area incidents; per side the appraiser (on the long line,
    with earlier figures given, then the area's month against its baseline), each indicator's
    value and score, the side's score; then the total and a note."""
    keys = ["id", "name", "team", "group", "area"]
    for side in SIDES:
        keys.append(f"{side}.appraiser")
        if side == "long_line" and sheet.with_history:
            keys += [f"history.{part}" for part in HISTORY_PARTS]
        for indicator in sheet.side(side):
            keys += [f"{indicator.id}.value", f"{indicator.id}.score"]
        keys.append(f"{side}.side")
    keys += ["total", "note"]
    return Layout({key: number for number, key in enumerate(keys, start=1)})


def _number(value: float) -> str:
    """A number as a formula writes it (repr keeps every bit, so Excel computes with the same
    double as the library)."""
    return repr(float(value))


def indicator_formula(indicator: Indicator, cell: str) -> str:
    """=MAX(0,MIN(1,(cell-(floor))/((target)-(floor))))*100"""
    floor, target = _number(indicator.floor), _number(indicator.target)
    return f"=MAX(0,MIN(1,({cell}-({floor}))/(({target})-({floor}))))*100"


def side_formula(indicators: list[Indicator], cells: list[str]) -> str:
    """=(score1*w1+score2*w2+…)/100"""
    terms = "+".join(f"{cell}*{ind.weight}" for ind, cell in zip(indicators, cells, strict=True))
    return f"=({terms})/100"


def total_formula(long_cell: str, short_cell: str, long_share: int, short_share: int) -> str:
    """=(long*long_share+short*short_share)/100"""
    return f"=({long_cell}*{long_share}+{short_cell}*{short_share})/100"


def _appraiser_text(sheet: AppraisalSheet, officer_id: str | None) -> str:
    if officer_id is None:
        return NONE_MARK
    return f"{sheet.names.get(officer_id, officer_id)} ({officer_id})"


def _heading(indicator: Indicator, lang: str) -> str:
    name = indicator.name if lang == "zh" else indicator.name_en
    return f"{name} {indicator.weight}% ({indicator.floor:g}→{indicator.target:g})"


def _title(sheet: AppraisalSheet, lang: str) -> str:
    month = Month.parse(sheet.month)
    if lang == "zh":
        return f"{sheet.station_name} {month.year}年{month.month}月 {_w('title', lang)}"
    return f"{sheet.station_name_en}, {month.first:%B %Y}: {_w('title', lang)}"


def _header(ws: Worksheet, row: int, column: int, text: str) -> None:
    cell = put(ws, row, column, text)
    cell.font = BOLD
    cell.fill = fill(HEADER_COLOUR)
    cell.border = BOX
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def build_appraisal_workbook(sheet: AppraisalSheet, lang: str = "zh") -> Workbook:
    """The workbook of `sheet` in `lang` ('zh' or 'en')."""
    lang = check_lang(lang)
    grid = layout(sheet)
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = SHEET_NAMES[0] if lang == "zh" else SHEET_NAMES[1]
    last = len(grid.columns)
    put(ws, 1, 1, _title(sheet, lang)).font = TITLE
    put(ws, 2, 1, _w("intro", lang)).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    ws.row_dimensions[2].height = 32
    blocks = [("info", grid.columns["id"], grid.columns["area"])]
    for side in SIDES:
        share = sheet.long_share if side == "long_line" else sheet.short_share
        blocks.append(
            (side, grid.columns[f"{side}.appraiser"], grid.columns[f"{side}.side"], share)  # type: ignore[arg-type]
        )
    blocks.append(("total", grid.columns["total"], grid.columns["note"]))
    for block in blocks:
        key, start, end = block[0], block[1], block[2]
        text = _w(key, lang)
        if len(block) == 4:
            text += f" · {_w('share', lang)}{block[3]}%"
        _header(ws, 3, start, text)
        if end > start:
            ws.merge_cells(start_row=3, start_column=start, end_row=3, end_column=end)
    for key, column in grid.columns.items():
        base, _, part = key.partition(".")
        if base == "history":
            zh, en = HISTORY_WORDS[part]
            text = zh if lang == "zh" else en
            if part.endswith("_before"):
                month = Month.parse(sheet.month)
                text += f"\n({baseline_text(month, sheet.scheme.baseline, lang)})"
        elif part == "value":
            indicator = next(i for i in sheet.scheme.indicators() if i.id == base)
            text = _heading(indicator, lang)
        elif part == "score":
            text = _w("score", lang)
        elif part in ("appraiser", "side"):
            text = _w(part, lang)
        else:
            text = _w(base, lang)
        _header(ws, 4, column, text)
        ws.column_dimensions[get_column_letter(column)].width = 8 if part == "score" else 12
    for key, width in (("name", 10), ("team", 16), ("long_line.appraiser", 16)):
        ws.column_dimensions[grid.letter(key)].width = width
    ws.column_dimensions[grid.letter("short_line.appraiser")].width = 16
    ws.column_dimensions[grid.letter("note")].width = 24
    ws.row_dimensions[4].height = 48
    row = FIRST_ROW
    current_team: str | None = None
    for data in sheet.rows:
        if data.team != current_team:
            current_team = data.team
            team_name = data.team_name if lang == "zh" else data.team_name_en
            # The team's own leader is appraised by the director: name the one most rows have.
            leaders = Counter(r.long_line for r in sheet.rows if r.team == data.team)
            leader = leaders.most_common(1)[0][0]
            who = _appraiser_text(sheet, leader) if leader else _w("outside", lang)
            band = f"{team_name} — {_w('band', lang)}{who}"
            cell = put(ws, row, 2, band)
            cell.font = BOLD
            for column in range(1, last + 1):
                ws.cell(row=row, column=column).fill = fill(TEAM_BAND_COLOUR)
            row += 1
        _write_row(ws, grid, sheet, data, row, lang)
        row += 1
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.auto_filter.ref = f"A4:{get_column_letter(last)}{row - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.print_title_rows = "3:4"
    embed_json(workbook, DATA_SHEET, sheet.model_dump_json())
    workbook.properties.creator = "rosterkit"
    workbook.properties.title = _title(sheet, lang)
    return workbook


def _write_row(
    ws: Worksheet, grid: Layout, sheet: AppraisalSheet, data: SheetRow, row: int, lang: str
) -> None:
    def at(key: str) -> str:
        return f"{grid.letter(key)}{row}"

    values: dict[str, Any] = {
        "id": data.officer_id,
        "name": data.name,
        "team": data.team_name if lang == "zh" else data.team_name_en,
        "group": data.group,
        "area": data.area_incidents,
    }
    for key, value in values.items():
        put(ws, row, grid.columns[key], value).border = BOX
    for side in SIDES:
        appraiser = data.appraiser(side)
        put(
            ws, row, grid.columns[f"{side}.appraiser"], _appraiser_text(sheet, appraiser)
        ).border = BOX
        if side == "long_line" and sheet.with_history:
            _write_history(ws, grid, data.history, row)
        indicators = sheet.side(side)
        for indicator in indicators:
            value_cell = ws.cell(row=row, column=grid.columns[f"{indicator.id}.value"])
            score_cell = ws.cell(row=row, column=grid.columns[f"{indicator.id}.score"])
            value_cell.border = score_cell.border = BOX
            if appraiser is None:
                value_cell.fill = score_cell.fill = fill(NONE_COLOUR)
                continue
            if is_entry(data, indicator):
                value_cell.fill = fill(ENTRY_COLOUR)
            else:
                value_cell.value = data.values[indicator.id]
            # Formulas are written by this module only; `put` keeps text from files as text.
            score_cell.value = indicator_formula(indicator, at(f"{indicator.id}.value"))
            score_cell.number_format = "0.00"
        side_cell = ws.cell(row=row, column=grid.columns[f"{side}.side"])
        side_cell.border = BOX
        if appraiser is None:
            side_cell.fill = fill(NONE_COLOUR)
        else:
            scores = [at(f"{indicator.id}.score") for indicator in indicators]
            side_cell.value = side_formula(indicators, scores)
            side_cell.number_format = "0.00"
            side_cell.font = BOLD
    total = ws.cell(row=row, column=grid.columns["total"])
    total.border = BOX
    if data.long_line is not None and data.short_line is not None:
        total.value = total_formula(
            at("long_line.side"), at("short_line.side"), sheet.long_share, sheet.short_share
        )
        total.number_format = "0.00"
        total.font = Font(bold=True)
    note = ""
    if data.same_person:
        note = _w("same", lang)
    elif data.long_line is None and data.short_line is None:
        note = _w("outside", lang)
    put(ws, row, grid.columns["note"], note).border = BOX
    ws.cell(row=row, column=grid.columns["group"]).alignment = CENTRE


def _write_history(ws: Worksheet, grid: Layout, change: AreaChange | None, row: int) -> None:
    """The area's month, its baseline and the change; a dash where there is nothing to show."""
    shown: dict[str, float | None] = dict.fromkeys(HISTORY_PARTS)
    if change is not None:
        shown |= {
            "incidents": change.incidents,
            "incidents_before": change.incidents_before,
            "incidents_down": change.figure("incidents_down_pct"),
            "cases": change.cases,
            "cases_before": change.cases_before,
            "cases_down": change.figure("cases_down_pct"),
        }
    for part, value in shown.items():
        cell = put(ws, row, grid.columns[f"history.{part}"], NONE_MARK if value is None else value)
        cell.border = BOX
        if value is not None:
            cell.number_format = "0.0" if part.endswith(("_down", "_before")) else "0"


def write_appraisal_workbook(
    path: str | os.PathLike[str],
    sheet: AppraisalSheet,
    *,
    lang: str = "zh",
    overwrite: bool = False,
) -> Path:
    """Write the appraisal workbook atomically (.xlsx); an existing file is kept unless
    `overwrite`."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise RosterInputError(
            "an appraisal workbook is saved as .xlsx; name the file ….xlsx", source=str(target)
        )
    workbook = build_appraisal_workbook(sheet, lang)
    written = write_atomic(target, lambda tmp: workbook.save(tmp), overwrite=overwrite)
    log.info("wrote %s (%d officers)", written, len(sheet.rows))
    return written


# --- reading back ------------------------------------------------------------------------------


def _entry_value(value: Any, where: str, problems: list[str]) -> float | None:
    if value is None or (isinstance(value, str) and value.strip() in ("", NONE_MARK)):
        return None
    if isinstance(value, bool):
        problems.append(f"{where}: '{value}' is not a number")
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        problems.append(f"{where}: '{text[:40]}' is not a number; write digits, e.g. 85")
        return None
    if number != number or number in (float("inf"), float("-inf")):
        problems.append(f"{where}: '{text[:40]}' is not a finite number")
        return None
    return number


def read_appraisal_workbook(
    path: str | os.PathLike[str],
) -> tuple[AppraisalSheet, Entries, dict[tuple[str, str], str], list[str]]:
    """The prepared sheet, the appraisers' entries, the cell of each entry (for messages) and
    warnings, from a workbook `appraise init` wrote and the appraisers filled in.

    Bad cells (text where a number belongs, an appraiser changed, an officer's row removed or
    one added with entries) raise one `RosterInputError` listing them all.
    """
    from rosterkit.excel.sources import find_sheet, open_workbook, sheet_rows, text

    source = Path(path)
    with open_workbook(source) as workbook:
        if DATA_SHEET not in workbook.sheetnames:
            raise RosterInputError(
                "not an appraisal workbook of rosterkit (it carries no appraisal data); write "
                "one with 'rosterkit appraise init'",
                source=str(source),
            )
        hidden = sheet_rows(workbook, DATA_SHEET, f"{source}, sheet {DATA_SHEET}")
        name = find_sheet(workbook, SHEET_NAMES, str(source))
        rows = sheet_rows(workbook, name, f"{source}, sheet {name}")
    payload = embedded_json(hidden)
    try:
        sheet = AppraisalSheet.model_validate(json.loads(payload))
    except (ValueError, ValidationError):
        raise RosterInputError(
            f"the appraisal data on sheet {DATA_SHEET} was changed and cannot be read; write the "
            "workbook again with 'rosterkit appraise init' and copy the marks into it",
            source=str(source),
        ) from None
    grid = layout(sheet)
    place = f"{source}, sheet {name}"
    by_id = {row.officer_id: row for row in sheet.rows}
    problems: list[str] = []
    warnings: list[str] = []
    entries: dict[str, dict[str, float | None]] = {}
    cells: dict[tuple[str, str], str] = {}
    entry_keys = {f"{ind.id}.value" for ind in sheet.scheme.indicators()}

    def value_at(values: Any, key: str) -> Any:
        column = grid.columns[key]
        return values[column - 1] if column <= len(values) else None

    for number, values in rows:
        if number < FIRST_ROW or not values:
            continue
        officer_id = text(value_at(values, "id"))
        data = by_id.get(officer_id)
        if data is None:
            filled = [k for k in entry_keys if value_at(values, k) not in (None, "", NONE_MARK)]
            if officer_id and filled:
                problems.append(
                    f"{place}, row {number}: officer '{officer_id[:40]}' is not in this "
                    "appraisal; remove the row (officers come from the month's roster)"
                )
            continue
        if officer_id in entries:
            problems.append(f"{place}, row {number}: a second row for {officer_id}; keep one")
            continue
        given: dict[str, float | None] = {}
        for side in SIDES:
            shown_appraiser = text(value_at(values, f"{side}.appraiser"))
            expected = _appraiser_text(sheet, data.appraiser(side))
            if shown_appraiser != expected:
                problems.append(
                    f"{place}, row {number}, column {grid.letter(f'{side}.appraiser')}: appraiser "
                    f"'{shown_appraiser[:40]}' where the roster gives '{expected}'; the "
                    "appraisers come from the roster, undo the change"
                )
            for indicator in sheet.side(side):
                key = f"{indicator.id}.value"
                where = f"{place}, row {number}, column {grid.letter(key)} ({indicator.name})"
                cells[(officer_id, indicator.id)] = where
                raw = value_at(values, key)
                number_value = _entry_value(raw, where, problems)
                if is_entry(data, indicator) or data.appraiser(side) is None:
                    given[indicator.id] = number_value
                elif number_value != data.values[indicator.id]:
                    warnings.append(
                        f"{where}: {officer_id} shows {raw!r} but rosterkit's figure is "
                        f"{data.values[indicator.id]:g}; the figure is used"
                    )
        entries[officer_id] = given
    missing = [officer_id for officer_id in by_id if officer_id not in entries]
    if missing:
        problems.append(
            f"{place}: no row for {', '.join(missing[:10])}"
            + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
            + "; put the rows back (undo the deletion)"
        )
    if problems:
        shown = problems[:30] + (
            [f"... and {len(problems) - 30} more"] if len(problems) > 30 else []
        )
        raise RosterInputError(
            "the appraisal cannot be scored:\n" + "\n".join(f"  {p}" for p in shown),
            source=str(source),
        )
    return sheet, entries, cells, warnings


def score_workbook(path: str | os.PathLike[str]) -> AppraisalScores:
    """Read a filled-in appraisal workbook, check it and recompute every score (the formulas in
    it are not read)."""
    sheet, entries, cells, warnings = read_appraisal_workbook(path)
    try:
        return score_sheet(
            sheet,
            entries,
            place=lambda officer_id, indicator_id: cells[(officer_id, indicator_id)],
            warnings=warnings,
        )
    except RosterInputError as error:
        raise RosterInputError(error.detail, source=str(path)) from None
