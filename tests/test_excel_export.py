"""The month's workbook, opened with openpyxl and read against the roster it was made from."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

import rosterkit
from rosterkit import Leave, Result, Roster, SolveOptions, SolveStatus, solve
from rosterkit.appraisal import appraisers
from rosterkit.checker import RULES
from rosterkit.duties import COMMANDER_POST, LEAVE, OFF, REST, slot_map, slots
from rosterkit.errors import RosterInputError
from rosterkit.excel import SHEETS, CellLabels, export_workbook, read_roster, sheet_name
from rosterkit.excel.labels import rule_label
from rosterkit.excel.roster_sheets import overview_position
from rosterkit.excel.styles import HOLIDAY_COLOUR, KIND_COLOURS, WEEKEND_COLOUR, CellKind
from rosterkit.io import fingerprint
from rosterkit.station import STAND_IN_ROLES, DutyState, PostState, Station, YearCalendar
from rosterkit.stations import qianmen
from rosterkit.tables import long_rows

MONTH = "2026-12"
HOLIDAY = dt.date(2026, 12, 24)  # a Thursday, so the holiday mark is not a weekend mark


def is_weekend(day: dt.date) -> bool:
    """December 2026 moves no weekend day to a workday."""
    return day.weekday() >= 5


LEAVE_LIST = [
    # the commander of duty group 1 is away: the director or commissar stands in
    Leave(officer_id="P012", start=dt.date(2026, 12, 3), end=dt.date(2026, 12, 5)),
    Leave(officer_id="P016", start=dt.date(2026, 12, 10), end=dt.date(2026, 12, 12)),
]


@pytest.fixture(scope="module")
def station() -> Station:
    calendar = [YearCalendar(year=2026, holidays=[HOLIDAY])]
    return qianmen().model_copy(update={"calendar": calendar})


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
def workbook_path(
    tmp_path_factory: pytest.TempPathFactory, station: Station, result: Result
) -> Path:
    return export_workbook(
        tmp_path_factory.mktemp("zh") / "december.xlsx", station, result, LEAVE_LIST
    )


@pytest.fixture(scope="module")
def workbook(workbook_path: Path) -> Workbook:
    return openpyxl.load_workbook(workbook_path)


def sheet(workbook: Workbook, key: str, lang: str = "zh") -> Worksheet:
    ws = workbook[sheet_name(key, lang)]
    assert isinstance(ws, Worksheet)
    return ws


def colour(ws: Worksheet, row: int, column: int) -> str:
    """The cell's solid fill colour as six hex digits ('' for none)."""
    fill = ws.cell(row=row, column=column).fill
    if fill.fill_type != "solid":
        return ""
    return str(fill.start_color.rgb)[-6:]


def roster_rows(ws: Worksheet) -> dict[str, int]:
    """Officer id -> row on the Roster sheet."""
    return {
        str(ws.cell(row=r, column=1).value): r
        for r in range(5, ws.max_row + 1)
        if str(ws.cell(row=r, column=1).value or "").startswith("P")
    }


# --- the workbook as a whole -------------------------------------------------------------------


def test_sheets_come_in_order_with_chinese_names(workbook: Workbook) -> None:
    assert workbook.sheetnames == [
        "总览",
        "排班表",
        "每日岗位",
        "值班组",
        "考核",
        "统计",
        "校验",
        "数据",
        "_station",  # very hidden: the station and leave list, see test_excel_embedded
    ]
    assert [sheet_name(key) for key in SHEETS] == workbook.sheetnames[:-1]


def test_workbook_carries_machine_readable_properties(workbook: Workbook, station: Station) -> None:
    props = {p.name: p.value for p in workbook.custom_doc_props.props}
    assert props["rosterkit.station_id"] == station.id
    assert props["rosterkit.month"] == MONTH
    assert props["rosterkit.lang"] == "zh"
    assert props["rosterkit.fingerprint"] == fingerprint(station, MONTH, LEAVE_LIST)
    assert props["rosterkit.version"] == rosterkit.__version__


# --- Roster -------------------------------------------------------------------------------------


def test_roster_sheet_holds_every_officer_with_name_group_and_labels(
    workbook: Workbook, station: Station, roster: Roster
) -> None:
    ws = sheet(workbook, "roster")
    labels = CellLabels(station, "zh")
    rows = roster_rows(ws)
    assert set(rows) == {o.id for o in station.officers}
    days = roster.period.days
    assert [ws.cell(row=3, column=4 + i).value.date() for i in range(len(days))] == days
    for officer in station.officers:
        row = rows[officer.id]
        assert ws.cell(row=row, column=2).value == officer.name
        assert ws.cell(row=row, column=3).value == roster.groups.get(officer.id)
        for i, day in enumerate(days):
            cell = ws.cell(row=row, column=4 + i)
            assert cell.value == labels.label(roster.value(officer.id, day))
            assert cell.data_type == "s"


def test_roster_sheet_groups_officers_by_team_then_duty_group(
    workbook: Workbook, station: Station, roster: Roster
) -> None:
    ws = sheet(workbook, "roster")
    ordered = sorted(roster_rows(ws).items(), key=lambda item: item[1])
    teams = [station.officer(oid).team for oid, _ in ordered]
    team_order = [t.id for t in station.teams]
    assert teams == sorted(teams, key=team_order.index)
    for team in station.teams:
        groups = [
            roster.groups.get(oid, 0) for oid, _ in ordered if station.officer(oid).team == team.id
        ]
        assert groups == sorted(groups)
        band = min(r for oid, r in ordered if station.officer(oid).team == team.id) - 1
        assert str(ws.cell(row=band, column=1).value).startswith(team.name)


def expected_kind(station: Station, roster: Roster, officer_id: str, day: dt.date) -> CellKind:
    """The cell kind, worked out here from the rules, not from the exporter's code."""
    value = roster.value(officer_id, day)
    officer = station.officer(officer_id)
    if value in (LEAVE, OFF, REST):
        return CellKind(value)
    if value == COMMANDER_POST and officer.roles & STAND_IN_ROLES:
        return CellKind.substitution
    if roster.is_call_in(station, officer_id, day):
        return CellKind.call_in
    state = roster.state(station, officer_id, day)
    if state is not None:
        return CellKind(state.value)
    post_state = slot_map(station)[value].state
    return CellKind.shift if post_state is PostState.shift else CellKind(post_state.value)


def test_roster_cells_are_coloured_by_state_with_call_ins_and_stand_ins_marked(
    workbook: Workbook, station: Station, roster: Roster
) -> None:
    ws = sheet(workbook, "roster")
    rows = roster_rows(ws)
    seen: Counter[CellKind] = Counter()
    for officer in station.officers:
        for i, day in enumerate(roster.period.days):
            kind = expected_kind(station, roster, officer.id, day)
            seen[kind] += 1
            assert colour(ws, rows[officer.id], 4 + i) == KIND_COLOURS[kind], (officer.id, day)
            if kind in (CellKind.call_in, CellKind.substitution):
                assert ws.cell(row=rows[officer.id], column=4 + i).font.bold
    # P012 commands group 1 and is away on three days, of which group 1 is on main duty once
    stand_in_days = [
        d
        for d in roster.period.days
        if any(roster.value(o, d) == COMMANDER_POST for o in ("P001", "P002"))
    ]
    assert seen[CellKind.substitution] == len(stand_in_days) >= 1
    assert seen[CellKind.leave] == 6
    assert seen[CellKind.main] and seen[CellKind.deputy] and seen[CellKind.rest]
    assert seen[CellKind.shift] and seen[CellKind.off]


def test_roster_header_marks_weekends_and_holidays(workbook: Workbook, roster: Roster) -> None:
    ws = sheet(workbook, "roster")
    for i, day in enumerate(roster.period.days):
        expected = HOLIDAY_COLOUR if day == HOLIDAY else WEEKEND_COLOUR if is_weekend(day) else None
        if expected:
            assert colour(ws, 3, 4 + i) == expected
            assert colour(ws, 4, 4 + i) == expected
        else:
            assert colour(ws, 3, 4 + i) not in (HOLIDAY_COLOUR, WEEKEND_COLOUR)
    assert ws.cell(row=4, column=4).value == "二"  # 2026-12-01 is a Tuesday


def test_roster_sheet_is_print_ready(workbook: Workbook, station: Station) -> None:
    ws = sheet(workbook, "roster")
    assert ws.freeze_panes == "D5"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 8  # A3
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$3:$4"
    assert ws.print_title_cols == "$A:$C"
    title = f"{station.name} 2026年12月 勤务排班表"
    assert ws.cell(row=1, column=1).value == title
    assert ws.oddHeader.center.text == title


def test_roster_legend_explains_every_colour_and_code(workbook: Workbook, station: Station) -> None:
    ws = sheet(workbook, "roster")
    legend = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "图例")
    # the legend lies in blocks side by side below the table
    below_cells = [
        (r, c) for r in range(legend, ws.max_row + 1) for c in range(1, ws.max_column + 1)
    ]
    below = {ws.cell(row=r, column=c).value for r, c in below_cells}
    colours = {colour(ws, r, c) for r, c in below_cells}
    labels = CellLabels(station, "zh")
    assert {labels.label(s.code) for s in slots(station)} <= below
    assert {"休", "假", "—"} <= below
    assert set(KIND_COLOURS.values()) - {"FFFFFF"} <= colours


# --- Overview -----------------------------------------------------------------------------------


def test_overview_shows_each_groups_state_and_the_commander_per_day(
    workbook: Workbook, station: Station, roster: Roster
) -> None:
    ws = sheet(workbook, "overview")
    first = roster.period.first
    for day in roster.period.days:
        top, column = overview_position(first, day, 3)
        assert ws.cell(row=top, column=column).value.date() == day
        for group in (1, 2, 3):
            state = station.rotation.state(group, day)
            cell = ws.cell(row=top + group, column=column)
            assert (
                cell.value
                == f"{group}组 {({'main': '正班', 'deputy': '副班', 'rest': '休班'})[state.value]}"
            )
            assert colour(ws, top + group, column) == KIND_COLOURS[CellKind(state.value)]
        (commander,) = roster.holders(day, COMMANDER_POST)
        text = ws.cell(row=top + 4, column=column).value
        assert text.startswith(station.officer(commander).name)
        if station.officer(commander).roles & STAND_IN_ROLES:
            assert text.endswith("(代)")
            assert colour(ws, top + 4, column) == KIND_COLOURS[CellKind.substitution]
        if day == HOLIDAY:
            assert colour(ws, top, column) == HOLIDAY_COLOUR
            assert "节" in ws.cell(row=top, column=column).number_format
        elif is_weekend(day):
            assert colour(ws, top, column) == WEEKEND_COLOUR


# --- Daily posts --------------------------------------------------------------------------------


def test_daily_posts_list_who_holds_each_post_each_day(
    workbook: Workbook, station: Station, roster: Roster
) -> None:
    ws = sheet(workbook, "daily")
    all_slots = slots(station)
    labels = CellLabels(station, "zh")
    for i, slot in enumerate(all_slots):
        assert ws.cell(row=3, column=3 + i).value.startswith(labels.label(slot.code))
    for d, day in enumerate(roster.period.days):
        row = 4 + d
        assert ws.cell(row=row, column=1).value.date() == day
        for i, slot in enumerate(all_slots):
            text = ws.cell(row=row, column=3 + i).value or ""
            names = [n.removesuffix("(召)").removesuffix("(代)") for n in text.split("、") if n]
            holders = roster.holders(day, slot.code)
            assert sorted(names) == sorted(station.officer(o).name for o in holders)
            call_ins = [o for o in holders if roster.is_call_in(station, o, day)]
            assert text.count("(召)") == len(call_ins)
            assert colour(ws, row, 3 + i) != "FF7C80"  # no post short of its minimum


# --- Duty groups --------------------------------------------------------------------------------


def test_duty_groups_sheet_names_commanders_and_members(
    workbook: Workbook, station: Station, roster: Roster
) -> None:
    ws = sheet(workbook, "groups")
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, 20)}
    for group in (1, 2, 3):
        members = [o for o in station.officers if roster.groups.get(o.id) == group]
        (commander,) = [o for o in members if "deputy_director" in o.roles and station.rotates(o)]
        assert ws.cell(row=rows["值班副所长"], column=1 + group).value == commander.name
        sergeants = [o.name for o in members if "sergeant" in o.roles]
        assert ws.cell(row=rows["警长"], column=1 + group).value == "、".join(sergeants)
        for team in station.teams[1:]:
            in_team = [o for o in members if o.team == team.id]
            assert ws.cell(row=rows[team.name], column=1 + group).value.endswith(
                f"({len(in_team)})"
            )
        assert ws.cell(row=rows["人数"], column=1 + group).value == str(len(members))
    a_and_b = " ".join(
        str(ws.cell(row=rows[key], column=c).value) for key in ("A角", "B角") for c in (2, 3, 4)
    )
    for pair in station.ab_pairs:
        assert station.officer(pair.a_role).name in a_and_b
        assert station.officer(pair.b_role).name in a_and_b
    grid_text = " ".join(str(ws.cell(row=rows["网格责任民警"], column=c).value) for c in (2, 3, 4))
    assert grid_text.count("网格") == len(station.grids)


# --- Appraisal ----------------------------------------------------------------------------------


def test_appraisal_sheet_gives_both_appraisers_weights_and_figures(
    workbook: Workbook, station: Station, roster: Roster
) -> None:
    ws = sheet(workbook, "appraisal")
    headings = [ws.cell(row=3, column=c).value for c in range(1, ws.max_column + 1)]
    column = {h: i + 1 for i, h in reversed(list(enumerate(headings)))}
    lines = {line.officer_id: line for line in appraisers(station, roster.groups)}
    rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1)}
    assert set(rows) == {o.id for o in station.officers}
    all_slots = slot_map(station)
    for officer in station.officers:
        row, line = rows[officer.id], lines[officer.id]

        def value(heading: str, offset: int = 0, row: int = row) -> object:
            return ws.cell(row=row, column=column[heading] + offset).value

        long_name = (
            f"{station.officer(line.long_line).name}({line.long_line})" if line.long_line else "—"
        )
        assert value("考核人") == long_name
        assert value("权重") == (0.5 if line.long_line else "—")
        cells = roster.cells[officer.id]
        held = [all_slots[v] for v in cells.values() if v in all_slots]
        assert value("正班天数") == sum(s.state is PostState.main for s in held)
        assert value("副班天数") == sum(s.state is PostState.deputy for s in held)
        assert value("请假天数") == sum(v == LEAVE for v in cells.values())
        assert value("巡逻车勤务") == sum(s.post.car for s in held)
        assert value("勤务小时") == sum(s.post.hours for s in held)
        assert value("抽调次数") == sum(roster.is_call_in(station, officer.id, d) for d in cells)
        assert value("周末勤务") == sum(v in all_slots and is_weekend(d) for d, v in cells.items())
    short_column = column["考核人"] + headings[column["考核人"] :].index("考核人") + 1
    for officer in station.officers:
        short = lines[officer.id].short_line
        expected = f"{station.officer(short).name}({short})" if short else "—"
        assert ws.cell(row=rows[officer.id], column=short_column).value == expected
    with_appraiser = next(r for o, r in rows.items() if lines[o].long_line is not None)
    assert ws.cell(row=with_appraiser, column=column["权重"]).number_format == "0%"


def test_appraisal_sheet_gives_no_weights_to_officers_without_an_appraiser(
    workbook: Workbook, station: Station, roster: Roster
) -> None:
    ws = sheet(workbook, "appraisal")
    headings = [ws.cell(row=3, column=c).value for c in range(1, ws.max_column + 1)]
    weights = [c for c, h in enumerate(headings, start=1) if h == "权重"]
    appraisers_ = [c for c, h in enumerate(headings, start=1) if h == "考核人"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1)}
    lines = {line.officer_id: line for line in appraisers(station, roster.groups)}
    leadership = [o.id for o in station.officers if o.team == "leadership"]
    assert leadership and all(
        lines[o].long_line is None and lines[o].short_line is None for o in leadership
    )
    for officer_id in leadership:
        row = rows[officer_id]
        for column in (*weights, *appraisers_):
            assert ws.cell(row=row, column=column).value == "—"
        assert ws.cell(row=row, column=len(headings)).value == "所外考核,本表不适用"
    others = [o.id for o in station.officers if o.id not in leadership]
    for officer_id in others:
        assert [ws.cell(row=rows[officer_id], column=c).value for c in weights] == [0.5, 0.5]


# --- Statistics ---------------------------------------------------------------------------------


def test_statistics_sheet_has_fairness_per_team_a_chart_and_staffing(
    workbook: Workbook, station: Station, roster: Roster
) -> None:
    ws = sheet(workbook, "statistics")
    assert any(isinstance(chart, BarChart) for chart in ws._charts)
    heads = [ws.cell(row=3, column=c).value for c in range(1, ws.max_column + 1)]
    car = heads.index("巡逻车勤务") + 1
    all_slots = slot_map(station)
    for r in range(5, 11):
        team = next(t for t in station.teams if t.name == ws.cell(row=r, column=1).value)
        members = [o.id for o in station.officers if o.team == team.id]
        cars = [
            sum(all_slots[v].post.car for v in roster.cells[o].values() if v in all_slots)
            for o in members
        ]
        assert ws.cell(row=r, column=2).value == len(members)
        assert ws.cell(row=r, column=car).value == min(cars)
        assert ws.cell(row=r, column=car + 1).value == pytest.approx(
            sum(cars) / len(cars), abs=0.01
        )
        assert ws.cell(row=r, column=car + 2).value == max(cars)
    staffing = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "岗位")
    for i, slot in enumerate(slots(station)):
        row = staffing + 1 + i
        assert ws.cell(row=row, column=2).value == slot.post.min_staff
        for d, day in enumerate(roster.period.days):
            assert ws.cell(row=row, column=4 + d).value == len(roster.holders(day, slot.code))


# --- Check and Data -----------------------------------------------------------------------------


def test_check_sheet_reports_every_rule_and_the_solve(
    workbook: Workbook, station: Station, result: Result
) -> None:
    ws = sheet(workbook, "check")
    values = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
        for r in range(1, ws.max_row + 1)
    }
    assert values["求解状态"] == {"optimal": "最优", "feasible": "可行"}[result.status.value]
    assert values["目标值"] == result.objective
    assert values["下界"] == result.best_bound
    assert values["校验器重算目标值"] == result.objective
    assert values["违规总数"] == 0
    assert values["rosterkit 版本"] == rosterkit.__version__
    assert values["输入指纹"] == fingerprint(station, MONTH, LEAVE_LIST)
    verdicts = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value
        for r in range(1, ws.max_row + 1)
    }
    assert all(verdicts[rule_label(rule, "zh")] == "满足" for rule in RULES)


def test_data_sheet_is_the_long_table(workbook: Workbook, station: Station, roster: Roster) -> None:
    ws = sheet(workbook, "data")
    assert [c.value for c in ws[1]] == [
        "officer_id",
        "date",
        "duty_group",
        "state",
        "post",
        "call_in",
    ]
    assert "roster_long" in ws.tables
    rows = long_rows(station, roster)
    assert ws.max_row == len(rows) + 1
    for r, item in enumerate(rows, start=2):
        got = [ws.cell(row=r, column=c).value for c in range(1, 7)]
        assert got[0] == item.officer_id and got[1].date() == item.date
        assert got[2:] == [item.duty_group, item.state, item.post or None, item.call_in]


# --- English, safety, files ---------------------------------------------------------------------


def test_english_workbook_uses_english_words_and_reads_back(
    tmp_path: Path, station: Station, result: Result, roster: Roster
) -> None:
    path = export_workbook(tmp_path / "december.xlsx", station, result, LEAVE_LIST, lang="en")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "Overview",
        "Roster",
        "Daily posts",
        "Duty groups",
        "Appraisal",
        "Statistics",
        "Check",
        "Data",
        "_station",
    ]
    ws = sheet(workbook, "roster", "en")
    assert ws.cell(row=3, column=1).value == "ID"
    assert "Qianmen Police Station" in ws.cell(row=1, column=1).value
    rows = roster_rows(ws)
    labels = CellLabels(station, "en")
    day = roster.period.first
    assert ws.cell(row=rows["P012"], column=4).value == labels.label(roster.value("P012", day))
    assert read_roster(path, station) == roster


def test_names_that_look_like_formulas_stay_text(
    tmp_path: Path, station: Station, roster: Roster, result: Result
) -> None:
    hostile = ['=HYPERLINK("http://example.com","x")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]
    officers = [
        o.model_copy(update={"name": hostile[i]}) if i < len(hostile) else o
        for i, o in enumerate(station.officers)
    ]
    named = station.model_copy(update={"officers": officers, "name": "=cmd|'/c calc'!A1"})
    path = export_workbook(tmp_path / "hostile.xlsx", named, result, LEAVE_LIST)
    workbook = openpyxl.load_workbook(path)
    found = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if cell.value in hostile:
                    found += 1
    assert found >= 3 * len(hostile)
    roster_ws = sheet(workbook, "roster")
    rows = roster_rows(roster_ws)
    for officer, name in zip(officers, hostile, strict=False):
        cell = roster_ws.cell(row=rows[officer.id], column=2)
        assert cell.value == name and cell.data_type == "s"
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(member) and b"<f " not in archive.read(member)
    assert read_roster(path, named) == roster


def test_an_existing_file_is_kept_unless_overwrite(
    tmp_path: Path, station: Station, result: Result
) -> None:
    path = tmp_path / "month.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(RosterInputError, match="file exists"):
        export_workbook(path, station, result, LEAVE_LIST)
    assert path.read_bytes() == b"keep me"
    export_workbook(path, station, result, LEAVE_LIST, overwrite=True)
    assert zipfile.is_zipfile(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["month.xlsx"]  # no temporary left


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "month.csv"}, "saved as .xlsx"),
        ({"lang": "fr"}, "unknown language"),
        (
            {"result": Result(status=SolveStatus.infeasible, reasons=["too few officers"])},
            "no roster",
        ),
        ({"folder": "missing"}, "folder does not exist"),
    ],
)
def test_bad_export_requests_are_input_errors(
    tmp_path: Path, station: Station, result: Result, change: dict[str, object], message: str
) -> None:
    folder = tmp_path / str(change.get("folder", ""))
    path = folder / str(change.get("name", "month.xlsx"))
    with pytest.raises(RosterInputError, match=message):
        export_workbook(
            path,
            station,
            change.get("result", result),  # type: ignore[arg-type]
            LEAVE_LIST,
            lang=str(change.get("lang", "zh")),
        )


def test_roster_of_another_station_is_refused(
    tmp_path: Path, station: Station, result: Result
) -> None:
    other = station.model_copy(update={"id": "other"})
    with pytest.raises(RosterInputError, match="station 'qianmen'"):
        export_workbook(tmp_path / "x.xlsx", other, result)


def test_states_of_a_roster_all_have_their_own_colour() -> None:
    assert len(set(KIND_COLOURS.values())) == len(CellKind)
    assert {s.value for s in DutyState} <= {k.value for k in CellKind}


def test_check_sheet_judges_leave_against_the_list_given(
    tmp_path: Path, station: Station, result: Result
) -> None:
    def verdicts(leave: list[Leave] | None) -> dict[object, object]:
        path = export_workbook(tmp_path / f"{leave is None}.xlsx", station, result, leave)
        ws = sheet(openpyxl.load_workbook(path), "check")
        found: dict[object, object] = {}
        for r in range(1, 40):  # the rules table comes before the list of violations
            found.setdefault(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value)
        return found

    assert verdicts([])["请假"] == "不满足"  # 'leave' cells with no leave request behind them
    from_cells = verdicts(None)  # the roster's own 'leave' cells are the record
    assert all(from_cells[rule_label(rule, "zh")] == "满足" for rule in RULES)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cell_labels_are_unique_and_read_back_to_their_value(station: Station, lang: str) -> None:
    labels = CellLabels(station, lang)  # type: ignore[arg-type]
    values = [s.code for s in slots(station)] + [REST, LEAVE, OFF]
    written = [labels.label(v) for v in values]
    assert len(set(written)) == len(written)
    assert [labels.value(text) for text in written] == values
    assert labels.label("ccar@qiandong") == ("车东" if lang == "zh" else "ccar-Q")
    assert labels.value("") == OFF and labels.value("not a post") is None


def test_clashing_post_labels_fall_back_to_slot_codes(station: Station) -> None:
    posts = [p.model_copy(update={"short": "案"}) if p.code == "desk" else p for p in station.posts]
    labels = CellLabels(station.model_copy(update={"posts": posts}), "zh")
    assert (labels.label("desk"), labels.label("case")) == ("desk", "case")
    assert (labels.value("desk"), labels.value("case")) == ("desk", "case")
