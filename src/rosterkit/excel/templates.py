"""Templates a station starts from: its officer list and a leave list, as Excel workbooks.

``officers.xlsx`` holds the station's officers (sheet 民警) with Chinese headers, a sheet of
allowed values (选项) that drop-down lists use, and instructions (说明). ``leave.xlsx`` holds
the leave headers with two example rows (sheet 请假) and instructions. Both read back with
`read_officers` and `read_leave` unchanged.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit.calendar import Month
from rosterkit.errors import RosterInputError
from rosterkit.excel.labels import (
    LEAVE_HEADERS,
    LEAVE_KIND_LABELS,
    OFFICER_HEADERS,
    ROLE_LABELS,
    roles_text,
    sector_label,
)
from rosterkit.excel.styles import BOLD, BOX, HEADER_COLOUR, TITLE, CellValue, fill, put
from rosterkit.io import write_atomic
from rosterkit.leave import LeaveKind
from rosterkit.station import Role, Station, TeamKind

__all__ = ["LEAVE_TEMPLATE", "OFFICERS_TEMPLATE", "write_templates"]

log = logging.getLogger(__name__)

OFFICERS_TEMPLATE = "officers.xlsx"
LEAVE_TEMPLATE = "leave.xlsx"
_OFFICER_FIELDS = (
    "id",
    "name",
    "team",
    "squad",
    "roles",
    "community",
    "grid",
    "sector",
    "years_of_service",
)
_LEAVE_FIELDS = ("officer_id", "name", "start", "end", "kind", "note")
_MAX_ROWS = 1000
"""Rows under the header that the drop-down lists cover."""


def _header_row(ws: Worksheet, headings: list[str], widths: list[float]) -> None:
    for column, (heading, width) in enumerate(zip(headings, widths, strict=True), start=1):
        cell = put(ws, 1, column, heading)
        cell.font, cell.fill, cell.border = BOLD, fill(HEADER_COLOUR), BOX
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def _lists(wb: Workbook, columns: dict[str, list[str]]) -> dict[str, str]:
    """A sheet 选项 with one list per column; returns each list's range for validation."""
    ws = wb.create_sheet("选项")
    ranges: dict[str, str] = {}
    for column, (heading, values) in enumerate(columns.items(), start=1):
        put(ws, 1, column, heading).font = BOLD
        for row, value in enumerate(values, start=2):
            put(ws, row, column, value)
        letter = get_column_letter(column)
        ws.column_dimensions[letter].width = 22
        end = max(len(values) + 1, 2)
        ranges[heading] = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${end}"
    return ranges


def _list_validation(ws: Worksheet, column: int, source: str, strict: bool = True) -> None:
    letter = get_column_letter(column)
    rule = DataValidation(type="list", formula1=source, allow_blank=True)
    rule.showErrorMessage = strict
    rule.error = "请从下拉列表中选择 / choose a value from the list"
    ws.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{_MAX_ROWS + 1}")


def _instructions(wb: Workbook, lines: list[str]) -> None:
    ws = wb.create_sheet("说明")
    put(ws, 1, 1, lines[0]).font = TITLE
    for row, line in enumerate(lines[1:], start=3):
        put(ws, row, 1, line)
    ws.column_dimensions["A"].width = 110


def officers_workbook(station: Station) -> Workbook:
    """The station's officers with Chinese headers, drop-down lists and instructions."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = "民警"
    headings = [OFFICER_HEADERS[name][0] for name in _OFFICER_FIELDS]
    _header_row(ws, headings, [8, 10, 18, 6, 22, 10, 18, 10, 6])
    teams = {team.id: team for team in station.teams}
    grids = {grid.id: grid for grid in station.grids}
    for row, officer in enumerate(station.officers, start=2):
        team = teams[officer.team]
        community = station.community(team.community).name if team.community else ""
        values: tuple[CellValue, ...] = (
            officer.id,
            officer.name,
            team.name,
            officer.squad,
            roles_text(officer.roles, "zh"),
            community,
            grids[officer.grid].name if officer.grid in grids else (officer.grid or ""),
            sector_label(officer.sector, "zh") if officer.sector else "",
            officer.years_of_service,
        )
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value)
    ranges = _lists(
        wb,
        {
            "队室": [team.name for team in station.teams],
            "角色": [ROLE_LABELS[role][0] for role in Role],
            "社区": [community.name for community in station.communities],
            "网格": [grid.name for grid in station.grids],
            "专管行业": [sector_label(sector, "zh") for sector in station.sectors],
        },
    )
    _list_validation(ws, 3, ranges["队室"])
    _list_validation(ws, 5, ranges["角色"], strict=False)
    _list_validation(ws, 6, ranges["社区"])
    _list_validation(ws, 7, ranges["网格"])
    _list_validation(ws, 8, ranges["专管行业"])
    squads = DataValidation(
        type="whole", operator="between", formula1="1", formula2=str(station.rotation.groups)
    )
    squads.allow_blank = True
    squads.error = f"班组为 1 到 {station.rotation.groups} / squad 1 to {station.rotation.groups}"
    ws.add_data_validation(squads)
    squads.add(f"D2:D{_MAX_ROWS + 1}")
    rotating = ", ".join(t.name for t in station.teams if t.rotates)
    leadership = ", ".join(t.name for t in station.teams if t.kind is TeamKind.leadership)
    _instructions(
        wb,
        [
            f"{station.name} 民警名单模板 / officer list template",
            "每行一名民警。编号、姓名、队室必填;其余可空。列名也可写英文字段名:"
            "id, name, team, squad, roles, community, grid, sector, years_of_service。",
            "队室:写队室名称或编号(见“选项”表)。社区:可空;填写时须与队室所在社区一致。",
            f"班组:1 到 {station.rotation.groups};轮转队室({rotating})的班组即值班组,"
            f"留空由求解器编排;{leadership}不分班组。",
            "角色:可多个,用顿号或逗号分隔,如“A角、网格责任民警”。"
            "网格责任民警须填网格,行业专管民警须填专管行业,其他人留空。",
            "A角与B角的搭档关系在派出所配置(ab_pairs)中,名单须包含这些民警并保留其角色。",
            "警龄:整数年,用于年休假天数(1-9年5天,10-19年10天,20年以上15天)。",
            "保存为 .xlsx,或另存为“CSV UTF-8”。",
        ],
    )
    wb.active = 0
    return wb


def leave_workbook(station: Station, month: Month) -> Workbook:
    """Leave headers with two example rows in `month`, drop-down kinds, and instructions."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)
    ws.title = "请假"
    headings = [LEAVE_HEADERS[name][0] for name in _LEAVE_FIELDS]
    _header_row(ws, headings, [8, 10, 12, 12, 10, 30])
    examples = [o for o in station.officers if station.rotates(o) and not o.roles][:2]
    kinds = (LeaveKind.annual, LeaveKind.compensatory_rest)
    spans = ((3, 5), (10, 10))
    for row, (officer, kind, (first, last)) in enumerate(
        zip(examples, kinds, spans, strict=False), start=2
    ):
        values: tuple[CellValue, ...] = (
            officer.id,
            officer.name,
            dt.date(month.year, month.month, first),
            dt.date(month.year, month.month, last),
            LEAVE_KIND_LABELS[kind][0],
            "示例,可删除 / example, delete it",
        )
        for column, value in enumerate(values, start=1):
            cell = put(ws, row, column, value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    ranges = _lists(wb, {"类型": [LEAVE_KIND_LABELS[kind][0] for kind in LeaveKind]})
    _list_validation(ws, 5, ranges["类型"])
    _instructions(
        wb,
        [
            f"{station.name} 请假模板 / leave template",
            "每行一次请假:编号(警号)、开始、结束必填,开始与结束两天都算在内。"
            "列名也可写英文:officer_id, start, end, kind, note。",
            "姓名可空;填写时须与编号对应的民警一致。",
            "日期写 Excel 日期或 2026-12-03 这样的文字。类型:"
            + "、".join(LEAVE_KIND_LABELS[kind][0] for kind in LeaveKind)
            + ",空为年休假。",
            "第 2、3 行是示例,使用前请删除。",
        ],
    )
    wb.active = 0
    return wb


def write_templates(
    directory: str | os.PathLike[str],
    station: Station,
    *,
    month: Month | str | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """Write ``officers.xlsx`` (the station's officers) and ``leave.xlsx`` (header and two
    example rows, dated in `month` or the month of the rotation's anchor) into `directory`.

    Existing files are kept unless `overwrite`; neither file is written if either exists.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise RosterInputError("folder does not exist; create it first", source=str(folder))
    targets = [folder / OFFICERS_TEMPLATE, folder / LEAVE_TEMPLATE]
    if not overwrite:
        for target in targets:
            if target.exists():
                raise RosterInputError(
                    "file exists; choose another folder or allow overwriting (--force)",
                    source=str(target),
                )
    period = (
        Month.parse(month) if month is not None else Month.parse(f"{station.rotation.anchor:%Y-%m}")
    )
    books = [officers_workbook(station), leave_workbook(station, period)]
    written = [
        write_atomic(target, book.save, overwrite=overwrite)
        for target, book in zip(targets, books, strict=True)
    ]
    log.info("wrote templates %s", ", ".join(str(path) for path in written))
    return written
