"""Export, read back, check: the Roster sheet is what counts, also after a hand edit."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.packaging.custom import StringProperty
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit import Leave, Result, Roster, SolveOptions, SolveStatus, check, solve
from rosterkit.duties import slot_map
from rosterkit.errors import RosterInputError
from rosterkit.excel import CellLabels, export_workbook, read_roster
from rosterkit.station import DutyState, Station
from rosterkit.stations import qianmen

MONTH = "2026-12"
LEAVE_LIST = [Leave(officer_id="P020", start=dt.date(2026, 12, 7), end=dt.date(2026, 12, 9))]


@pytest.fixture(scope="module")
def station() -> Station:
    return qianmen()


@pytest.fixture(scope="module")
def result(station: Station) -> Result:
    result = solve(station, MONTH, LEAVE_LIST, SolveOptions(workers=1, time_limit=30))
    assert result.status in (SolveStatus.optimal, SolveStatus.feasible), result.reasons
    return result


@pytest.fixture(scope="module")
def roster(result: Result) -> Roster:
    assert result.roster is not None
    return result.roster


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, station: Station, result: Result) -> Path:
    return export_workbook(
        tmp_path_factory.mktemp("x") / "december.xlsx", station, result, LEAVE_LIST
    )


@pytest.fixture
def copy(exported: Path, tmp_path: Path) -> Path:
    """A private copy of the exported workbook, to edit."""
    return Path(shutil.copy(exported, tmp_path / "edited.xlsx"))


Where = tuple[int, int] | tuple[str, dt.date]
"""A cell by row and column, or by officer id and day (found on the Roster sheet by looking)."""


def edit(path: Path, sheet: str, changes: dict[Where, object]) -> None:
    """Change cells the way a person would, and save."""
    workbook = openpyxl.load_workbook(path)
    ws = workbook[sheet]
    assert isinstance(ws, Worksheet)
    for where, value in changes.items():
        row, column = position(ws, *where) if isinstance(where[0], str) else where
        ws.cell(row=row, column=column).value = value
    workbook.save(path)


def position(ws: Worksheet, officer_id: object, day: object) -> tuple[int, int]:
    """Row and column of an officer-day on the Roster sheet."""
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == officer_id)
    column = next(
        c for c in range(4, ws.max_column + 1) if ws.cell(row=3, column=c).value.date() == day
    )
    return row, column


def row_of(path: Path, officer_id: str) -> int:
    ws = openpyxl.load_workbook(path, read_only=True)["排班表"]
    return next(r for r, (first, *_) in enumerate(ws.values, start=1) if first == officer_id)


def test_exported_roster_reads_back_unchanged_and_passes_the_checker(
    exported: Path, station: Station, roster: Roster
) -> None:
    back = read_roster(exported, station)
    assert back == roster
    assert check(station, back, LEAVE_LIST) == []


def test_the_hidden_sheets_are_not_in_the_way_and_older_workbooks_still_read(
    copy: Path, station: Station, roster: Roster
) -> None:
    workbook = openpyxl.load_workbook(copy)
    assert workbook["数据"].sheet_state == "hidden"
    assert workbook["_station"].sheet_state == "veryHidden"
    assert read_roster(copy, station) == roster
    # a workbook of an older rosterkit: no station sheet, the Data sheet shown
    del workbook["_station"]
    workbook["数据"].sheet_state = "visible"
    workbook.save(copy)
    assert read_roster(copy, station) == roster
    assert check(station, read_roster(copy, station), LEAVE_LIST) == []


def test_a_hand_edit_that_breaks_a_rule_is_reported_exactly(
    copy: Path, station: Station, roster: Roster
) -> None:
    # a main-duty officer on a post staffed above its minimum sent to rest: only rotation breaks
    slots = slot_map(station)
    officer_id, day = next(
        (o.id, d)
        for d in roster.period.days
        for o in station.officers
        if roster.state(station, o.id, d) is DutyState.main
        and (slot := slots.get(roster.value(o.id, d))) is not None
        and len(roster.holders(d, slot.code)) > slot.post.min_staff
    )
    edit(copy, "排班表", {(officer_id, day): "休"})
    back = read_roster(copy, station)
    assert back.value(officer_id, day) == "rest"
    violations = check(station, back, LEAVE_LIST)
    assert [(v.rule, v.officer_id, v.day) for v in violations] == [("rotation", officer_id, day)]


def test_a_hand_edit_of_the_commander_is_reported_exactly(
    copy: Path, station: Station, roster: Roster
) -> None:
    day = roster.period.days[10]
    (commander,) = roster.holders(day, "commander")
    edit(copy, "排班表", {("P001", day): "指"})  # the director commands as well
    violations = check(station, read_roster(copy, station), LEAVE_LIST)
    assert {(v.rule, v.day) for v in violations} == {
        ("duty_commander", day),  # two commanders, and the director while the commander is there
        ("post_staffing", day),  # the commander's post takes one
    }
    assert any("2 duty commanders" in v.message for v in violations)
    assert commander != "P001"


def test_a_valid_hand_edit_in_english_labels_or_slot_codes_is_accepted(
    copy: Path, station: Station, roster: Roster
) -> None:
    officer_id, day = next(
        (o.id, d)
        for d in roster.period.days
        for o in station.officers
        if roster.value(o.id, d) == "ccar@qiandong"
    )
    english = CellLabels(station, "en").label("ccar@qiandong")
    other_day = day + dt.timedelta(days=3)
    edit(
        copy,
        "排班表",
        {
            (officer_id, day): f"  {english} ",
            (officer_id, other_day): roster.value(officer_id, other_day),
        },
    )
    assert read_roster(copy, station) == roster


def test_the_roster_sheet_counts_over_the_data_sheet(
    copy: Path, station: Station, roster: Roster, caplog: pytest.LogCaptureFixture
) -> None:
    edit(copy, "数据", {(2, 4): "leave", (2, 5): None})
    with caplog.at_level(logging.WARNING, logger="rosterkit"):
        assert read_roster(copy, station) == roster
    assert "differ from the Roster sheet" in caplog.text


def test_a_changed_duty_group_is_read(copy: Path, station: Station, roster: Roster) -> None:
    edit(copy, "排班表", {(row_of(copy, "P004"), 3): "第3组"})
    back = read_roster(copy, station)
    assert back.groups["P004"] == 3
    assert back.cells == roster.cells
    assert check(station, back, LEAVE_LIST)  # now he works on days his new group rests


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("post", r"sheet 排班表, row \d+, column [A-Z]+: 'XYZ' on 2026-12-01 is no post code"),
        ("officer", r"sheet 排班表, row \d+, column A: unknown officer 'P999'"),
        ("group", r"sheet 排班表, row \d+, column C: 'four' is not a group number"),
        ("date", r"sheet 排班表, row 3, column D: 'Monday' is not a date"),
        ("header", r"no header row with 编号"),
    ],
)
def test_bad_hand_edits_name_the_sheet_row_and_column(
    copy: Path, station: Station, roster: Roster, change: str, message: str
) -> None:
    row = row_of(copy, "P003")
    cells: dict[Where, object] = {
        "post": {("P003", roster.period.first): "XYZ"},
        "officer": {(row, 1): "P999"},
        "group": {(row, 3): "four"},
        "date": {(3, 4): "Monday"},
        "header": {(3, 1): "who"},
    }[change]
    edit(copy, "排班表", cells)
    with pytest.raises(RosterInputError, match=message) as caught:
        read_roster(copy, station)
    assert str(copy) in str(caught.value)


def test_a_workbook_of_another_station_is_refused(copy: Path, station: Station) -> None:
    workbook = openpyxl.load_workbook(copy)
    workbook.custom_doc_props.props = [
        p for p in workbook.custom_doc_props.props if p.name != "rosterkit.station_id"
    ]
    workbook.custom_doc_props.append(StringProperty(name="rosterkit.station_id", value="dongsi"))
    workbook.save(copy)
    with pytest.raises(RosterInputError, match="for station 'dongsi', not 'qianmen'"):
        read_roster(copy, station)


def test_a_workbook_without_roster_sheet_is_refused(copy: Path, station: Station) -> None:
    workbook = openpyxl.load_workbook(copy)
    del workbook["排班表"]
    workbook.save(copy)
    with pytest.raises(RosterInputError, match="no sheet named 排班表 or Roster"):
        read_roster(copy, station)


def test_blank_cells_read_as_off_and_the_checker_says_why(
    copy: Path, station: Station, roster: Roster
) -> None:
    edit(copy, "排班表", {("P005", roster.period.first): None})
    violations = check(station, read_roster(copy, station), LEAVE_LIST)
    assert any(v.rule == "rotation" and "never 'off'" in v.message for v in violations)
