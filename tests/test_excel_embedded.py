"""The workbook carries its station and leave list, so that it can be checked with no other file."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from rosterkit import Leave, Result, SolveOptions, SolveStatus, check, solve
from rosterkit.errors import RosterInputError
from rosterkit.excel import export_workbook, read_embedded_station, read_roster
from rosterkit.excel.embedded import CHUNK_CHARS, EMBEDDED_SHEET, MAX_EMBEDDED_CHARS
from rosterkit.station import Station
from rosterkit.stations import qianmen

MONTH = "2026-12"
LEAVE_LIST = [
    Leave(officer_id="P020", start=dt.date(2026, 12, 7), end=dt.date(2026, 12, 9), note="家事"),
]


@pytest.fixture(scope="module")
def custom_station() -> Station:
    """A station that is not the built-in one: another id and name, renamed posts, long
    officers' names so that the station's text spans several cells."""
    data = qianmen().model_dump()
    data |= {"id": "dongsi", "name": "东四派出所", "name_en": "Dongsi Police Station"}
    for post in data["posts"]:
        post["name"] += "(东四)"
    for officer in data["officers"]:
        officer["name"] += "·" + "长" * 90
    return Station.model_validate(data)


@pytest.fixture(scope="module")
def result(custom_station: Station) -> Result:
    result = solve(custom_station, MONTH, LEAVE_LIST, SolveOptions(workers=1, time_limit=30))
    assert result.status in (SolveStatus.optimal, SolveStatus.feasible), result.reasons
    return result


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory, custom_station: Station, result: Result
) -> Path:
    return export_workbook(
        tmp_path_factory.mktemp("embedded") / "roster.xlsx", custom_station, result, LEAVE_LIST
    )


@pytest.fixture
def copy(exported: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(exported, tmp_path / "edited.xlsx"))


def test_a_custom_station_is_read_back_from_its_own_workbook(
    exported: Path, custom_station: Station, result: Result
) -> None:
    embedded = read_embedded_station(exported)
    assert embedded is not None
    station, leave = embedded
    assert station == custom_station
    assert leave == LEAVE_LIST
    roster = read_roster(exported, station)  # the hidden sheet is not in the reader's way
    assert roster == result.roster
    assert check(station, roster, leave) == []


def test_the_station_sheet_is_very_hidden_and_split_in_cells_excel_can_hold(
    exported: Path,
) -> None:
    workbook = openpyxl.load_workbook(exported)
    ws = workbook[EMBEDDED_SHEET]
    assert ws.sheet_state == "veryHidden"
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert max(len(text) for text in texts) <= CHUNK_CHARS < 32_767
    station_cells = [r for r in ws.iter_rows(values_only=True) if r[0] == "station"]
    assert len(station_cells) >= 2  # the long names need several cells
    assert workbook.sheetnames[-1] == EMBEDDED_SHEET


def test_an_older_workbook_without_the_sheet_reads_as_before(
    copy: Path, custom_station: Station, result: Result
) -> None:
    workbook = openpyxl.load_workbook(copy)
    del workbook[EMBEDDED_SHEET]
    workbook.save(copy)
    assert read_embedded_station(copy) is None
    assert read_roster(copy, custom_station) == result.roster


def test_a_workbook_written_without_a_leave_list_says_so(
    tmp_path: Path, custom_station: Station, result: Result
) -> None:
    path = export_workbook(tmp_path / "no-leave.xlsx", custom_station, result, None)
    embedded = read_embedded_station(path)
    assert embedded is not None
    assert embedded[0] == custom_station and embedded[1] is None


def set_cell(path: Path, part: str, value: str, *, chunk: int = 1) -> None:
    """Replace the text of `part` on the hidden sheet by `value` in chunk `chunk` (the other
    chunks left empty), as a tampered file would."""
    workbook = openpyxl.load_workbook(path)
    ws = workbook[EMBEDDED_SHEET]
    rows = [r for r in ws.iter_rows() if r[0].value == part]
    for row in rows:
        row[2].value = value if row[1].value == chunk else ""
    workbook.save(path)


@pytest.mark.parametrize(
    ("part", "text", "message"),
    [
        ("station", "id: [unclosed", r"sheet _station.*not valid YAML"),
        ("station", "id: x\nname: 1\n", r"sheet _station.*invalid content"),
        ("station", "a: &x [1, 2]\nb: *x\n", r"anchors and aliases"),
        ("station", "- " * 200 + "x", r"nested too deeply"),
        (
            "leave",
            "- {officer_id: P020, start: not-a-date, end: 2026-12-09}\n",
            r"(?s)leave.*start",
        ),
    ],
)
def test_a_damaged_station_sheet_is_an_input_error_naming_the_sheet(
    copy: Path, part: str, text: str, message: str
) -> None:
    set_cell(copy, part, text)
    with pytest.raises(RosterInputError, match=message) as caught:
        read_embedded_station(copy)
    assert str(copy) in str(caught.value)


def test_an_oversized_station_sheet_is_refused_before_parsing(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = 3 * CHUNK_CHARS
    monkeypatch.setattr("rosterkit.excel.embedded.MAX_EMBEDDED_CHARS", limit)
    assert MAX_EMBEDDED_CHARS >= 2**21  # the real limit takes the largest station the schema allows
    workbook = openpyxl.load_workbook(copy)
    ws = workbook[EMBEDDED_SHEET]
    for number in range(1, 5):
        ws.append(["leave", 1000 + number, "- " * (CHUNK_CHARS // 2)])
    workbook.save(copy)
    with pytest.raises(RosterInputError, match=f"leave text is more than {limit:,} characters"):
        read_embedded_station(copy)
