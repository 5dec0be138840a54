"""Officer and leave lists from Excel and CSV, templates, and files wrong or hostile."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit import Leave, LeaveKind
from rosterkit.errors import RosterInputError
from rosterkit.excel import (
    OfficerList,
    read_leave,
    read_officers,
    read_roster,
    station_with_officers,
    write_templates,
)
from rosterkit.station import Role, Station
from rosterkit.stations import qianmen


@pytest.fixture(scope="module")
def station() -> Station:
    return qianmen()


def xlsx(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    """A one-sheet workbook of `rows`, as a person would make it."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert isinstance(ws, Worksheet)
    ws.title = title
    for row in rows:
        ws.append(row)
    workbook.save(path)
    return path


def csv_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- security of the reader --------------------------------------------------------------------


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def test_an_entity_bomb_is_refused_not_expanded(tmp_path: Path, station: Station) -> None:
    source = write_templates(tmp_path, station)[1]
    entities = "".join(
        f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10 if i else "lol"}">' for i in range(9)
    )
    sheet = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e8;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(bomb, "w") as hostile:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            hostile.writestr(item, data)
    with pytest.raises(RosterInputError, match="EntitiesForbidden") as caught:
        read_leave(bomb)
    assert "bomb.xlsx" in str(caught.value) and "unsafe" in str(caught.value)


# --- templates ------------------------------------------------------------------------------------


def test_templates_hold_the_station_and_read_back(tmp_path: Path, station: Station) -> None:
    paths = write_templates(tmp_path, station, month="2026-12")
    assert [p.name for p in paths] == ["officers.xlsx", "leave.xlsx"]
    officers = read_officers(paths[0])
    assert len(officers) == len(station.officers)
    assert station_with_officers(station, officers) == station
    assert read_officers(paths[0], station) == station.officers
    leave = read_leave(paths[1], station)
    assert len(leave) == 2
    assert all(item.start.month == 12 and item.start.year == 2026 for item in leave)
    assert {item.kind for item in leave} == {LeaveKind.annual, LeaveKind.compensatory_rest}
    headers = [c.value for c in openpyxl.load_workbook(paths[0])["民警"][1]]
    assert headers == ["编号", "姓名", "队室", "班组", "角色", "社区", "网格", "专管行业", "警龄"]
    leave_headers = [c.value for c in openpyxl.load_workbook(paths[1])["请假"][1]]
    assert leave_headers == ["编号", "姓名", "开始", "结束", "类型", "备注"]


def test_templates_are_not_overwritten_unless_asked(tmp_path: Path, station: Station) -> None:
    write_templates(tmp_path, station)
    (tmp_path / "leave.xlsx").write_bytes(b"mine")
    with pytest.raises(RosterInputError, match="file exists"):
        write_templates(tmp_path, station)
    assert (tmp_path / "leave.xlsx").read_bytes() == b"mine"
    write_templates(tmp_path, station, overwrite=True)
    assert zipfile.is_zipfile(tmp_path / "leave.xlsx")


# --- officers -------------------------------------------------------------------------------------

CHINESE_CSV = """编号,姓名,团队,班组,角色,社区,网格,行业,警龄
P001,王伟,所领导,,所长,,,,8
X1,新民警,前东社区警务队,2,"网格责任民警",前东社区,前东社区网格1,,3
X2,老民警,qiandong_team,第三组,"行业专管民警、警长",前东,,旅店,21年
X3,李四,Case team,1,,,,,
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_officers_from_csv_with_chinese_headers_and_names(
    tmp_path: Path, station: Station, encoding: str
) -> None:
    officers = read_officers(csv_file(tmp_path / "officers.csv", CHINESE_CSV, encoding), station)
    assert [o.id for o in officers] == ["P001", "X1", "X2", "X3"]
    p001, x1, x2, x3 = officers
    assert p001.roles == {Role.director} and p001.squad is None and p001.years_of_service == 8
    assert (x1.team, x1.squad, x1.grid, x1.roles) == (
        "qiandong_team",
        2,
        "qiandong_g1",
        {Role.grid_officer},
    )
    assert (x2.squad, x2.sector, x2.roles, x2.years_of_service) == (
        3,
        "hotel",
        {Role.sector_specialist, Role.sergeant},
        21,
    )
    assert x3.team == "case_team" and x3.years_of_service == 1


def test_officers_from_xlsx_with_field_names(tmp_path: Path, station: Station) -> None:
    rows: list[list[object]] = [
        ["A title row above the table"],
        ["id", "name", "team", "squad", "roles", "years_of_service"],
        [1001, "Zhang San", "command_room", 1, "team_leader", 12],
        [None, None, None, None, None, None],
        ["1002", "Li Si", "Command room", 2.0, "", None],
    ]
    officers = read_officers(xlsx(tmp_path / "officers.xlsx", rows), station)
    assert [(o.id, o.team, o.squad) for o in officers] == [
        ("1001", "command_room", 1),
        ("1002", "command_room", 2),
    ]
    assert isinstance(officers, OfficerList) and officers.rows == [3, 5]


def test_station_with_officers_keeps_the_station_valid(tmp_path: Path, station: Station) -> None:
    path = write_templates(tmp_path, station)[0]
    officers = read_officers(path)
    renamed = [o.model_copy(update={"name": "新名字"}) if o.id == "P050" else o for o in officers]
    updated = station_with_officers(station, renamed)
    assert updated.officer("P050").name == "新名字"
    dropped = [o for o in officers if o.id != "P014"]
    with pytest.raises(RosterInputError, match="officer 'P014' is not in the list"):
        station_with_officers(station, dropped)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("X9,甲,二队,1,,,,,", r"row 3, column C \(团队\): unknown team '二队'; use one of 所领导"),
        ("X9,甲,前东社区警务队,1,,大江,,,", r"row 3, column F \(社区\): community '大江' does not"),
        ("X9,甲,前东社区警务队,1,,东城,,,", r"row 3, column F \(社区\): unknown community '东城'"),
        ("X9,甲,前东社区警务队,1,网格员,,大江社区网格1,,", r"row 3, column G \(网格\): grid"),
        ("X9,甲,前东社区警务队,1,网格员,,九号网格,,", r"row 3, column G \(网格\): unknown grid"),
        (
            "X9,甲,前东社区警务队,1,行业专管民警,,,银行,",
            r"row 3, column H \(行业\): unknown sector",
        ),
        (
            "X9,甲,前东社区警务队,4,,,,,",
            r"row 3, column D \(班组\): squad 4, but the station has 3",
        ),
        ("X9,甲,所领导,1,,,,,", r"row 3, column D \(班组\): the leadership has no squads"),
        ("X9,甲,打击办案队,1,A角,,,,", r"row 3, column E \(角色\): A and B roles belong"),
    ],
)
def test_bad_references_name_row_and_column(
    tmp_path: Path, station: Station, line: str, message: str
) -> None:
    header, first = CHINESE_CSV.splitlines()[:2]
    path = csv_file(tmp_path / "officers.csv", f"{header}\n{first}\n{line}\n")
    officers = read_officers(path)
    with pytest.raises(RosterInputError, match=message) as caught:
        station_with_officers(station, officers)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("X9,甲,前东社区警务队,1,队副,,,,", r"row 3, column E \(角色\): unknown role '队副'"),
        ("X9,甲,前东社区警务队,x,,,,,", r"row 3, column D \(班组\): 'x' is not a group number"),
        ("X9,甲,前东社区警务队,0,,,,,", r"row 3, column D \(班组\): .*squads are numbered from 1"),
        ("X9,甲,前东社区警务队,1,,,,,many", r"row 3, column I \(警龄\): 'many' is not a whole"),
        ("X9,甲,前东社区警务队,1,,,,,99", r"row 3, column I \(警龄\): .*0 to 60"),
        ("X9,甲,前东社区警务队,1,网格员,,,,", r"row 3, column E \(角色\): .*fill in the grid"),
        ("X9,,前东社区警务队,1,,,,,", r"row 3, column B \(姓名\): no name"),
        (",甲,前东社区警务队,1,,,,,", r"row 3, column A \(编号\): no officer id"),
        ("P001,甲,前东社区警务队,1,,,,,", r"row 3, column A \(编号\): officer id 'P001' again"),
    ],
)
def test_bad_officer_values_name_row_and_column(tmp_path: Path, line: str, message: str) -> None:
    header, first = CHINESE_CSV.splitlines()[:2]
    path = csv_file(tmp_path / "officers.csv", f"{header}\n{first}\n{line}\n")
    with pytest.raises(RosterInputError, match=message):
        read_officers(path)


def test_a_missing_column_is_named_with_the_header_row(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "officers.xlsx", [["编号", "姓名", "社区"], ["P1", "甲", "前东"]])
    with pytest.raises(
        RosterInputError, match=r"sheet Sheet1, row 1: missing column\(s\) team \(队室\)"
    ):
        read_officers(path)


def test_two_columns_for_one_field_are_refused(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "o.csv", "编号,警号,姓名,队室\nP1,P1,甲,所领导\n")
    with pytest.raises(RosterInputError, match=r"row 1: two columns for id: A \(编号\) and B"):
        read_officers(path)


# --- leave ----------------------------------------------------------------------------------------


def test_leave_from_xlsx_with_chinese_headers_and_dates_in_many_forms(
    tmp_path: Path, station: Station
) -> None:
    rows: list[list[object]] = [
        ["警号", "姓名", "开始日期", "结束日期", "假别", "备注"],
        ["P012", "孙伟", dt.datetime(2026, 12, 3), dt.date(2026, 12, 5), "年假", "探亲"],
        ["P016", None, "2026/12/10", "2026年12月12日", "病假", None],
        ["P020", None, "2026-12-20", 46376, None, "@home"],
    ]
    leave = read_leave(xlsx(tmp_path / "leave.xlsx", rows, "请假"), station)
    assert leave == [
        Leave(
            officer_id="P012",
            start=dt.date(2026, 12, 3),
            end=dt.date(2026, 12, 5),
            kind=LeaveKind.annual,
            note="探亲",
        ),
        Leave(
            officer_id="P016",
            start=dt.date(2026, 12, 10),
            end=dt.date(2026, 12, 12),
            kind=LeaveKind.sick,
        ),
        Leave(
            officer_id="P020",
            start=dt.date(2026, 12, 20),
            end=dt.date(2026, 12, 20),
            note="@home",
        ),
    ]


def test_leave_from_csv_with_field_names(tmp_path: Path) -> None:
    text = "officer_id,start,end,kind,note\nP003,2026-12-01,2026-12-02,training,course\n"
    (item,) = read_leave(csv_file(tmp_path / "leave.csv", text))
    assert (item.officer_id, item.kind, item.note) == ("P003", LeaveKind.training, "course")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["P012", "孙伟", "2026-13-01", "2026-12-05", ""],
            r"row 2, column C \(开始\): '2026-13-01' is not a date",
        ),
        (
            ["P012", "孙伟", "next week", "2026-12-05", ""],
            r"row 2, column C \(开始\): 'next week' is not a date; write it as YYYY-MM-DD",
        ),
        (
            ["P012", "孙伟", "2026-12-03", None, ""],
            r"row 2, column D \(结束\): the date is missing",
        ),
        (
            ["P012", "孙伟", "2026-12-05", "2026-12-03", ""],
            r"row 2, column D \(结束\): leave ends 2026-12-03 before it starts",
        ),
        (
            ["P999", None, "2026-12-03", "2026-12-05", ""],
            r"row 2, column A \(编号\): unknown officer 'P999'",
        ),
        (
            ["P012", "张三", "2026-12-03", "2026-12-05", ""],
            r"row 2, column B \(姓名\): officer 'P012' is 孙伟, not 张三",
        ),
        (
            ["P012", "孙伟", "2026-12-03", "2026-12-05", "婚假"],
            r"row 2, column E \(类型\): unknown kind of leave '婚假'",
        ),
    ],
)
def test_bad_leave_rows_name_sheet_row_and_column(
    tmp_path: Path, station: Station, row: list[object], message: str
) -> None:
    path = xlsx(tmp_path / "leave.xlsx", [["编号", "姓名", "开始", "结束", "类型"], row], "请假")
    with pytest.raises(RosterInputError, match=r"leave.xlsx, sheet 请假, " + message):
        read_leave(path, station)


# --- wrong files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "leave.txt",
            b"officer_id,start,end\n",
            r"unknown file type '.txt'; use .xlsx or .xlsm or .csv",
        ),
        (
            "leave.xls",
            b"\xd0\xcf\x11\xe0",
            r"old Excel 97-2003 file \(.xls\); open it in Excel and save",
        ),
        ("leave.xlsx", b"this is no zip", r"cannot open as an Excel workbook"),
        ("leave.csv", b"", r"missing column\(s\) officer_id"),
        ("leave.csv", b"\xff\xfe\x00\xd8\x00", r"cannot read the text"),
    ],
)
def test_wrong_files_are_input_errors(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterInputError, match=message):
        read_leave(path)


def test_a_missing_file_is_named(tmp_path: Path, station: Station) -> None:
    with pytest.raises(RosterInputError, match="file not found") as caught:
        read_officers(tmp_path / "nowhere.xlsx")
    assert "nowhere.xlsx" in str(caught.value)
    with pytest.raises(RosterInputError, match="file not found"):
        read_roster(tmp_path / "nowhere.xlsx", station)


def test_a_workbook_without_the_named_sheet_is_refused(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.create_sheet("其他")
    workbook.save(tmp_path / "leave.xlsx")
    with pytest.raises(
        RosterInputError, match=r"no sheet named 请假 or 请假名单 or leave \(sheets: Sheet, 其他\)"
    ):
        read_leave(tmp_path / "leave.xlsx")


def test_a_damaged_sheet_is_an_input_error(tmp_path: Path, station: Station) -> None:
    source = write_templates(tmp_path, station)[0]
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(damaged, "w") as broken:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            broken.writestr(item, data)
    with pytest.raises(RosterInputError, match=r"damaged.xlsx"):
        read_officers(damaged)
