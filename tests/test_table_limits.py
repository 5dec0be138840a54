"""Officer, leave and roster tables that are hostile or odd: zip bombs, sheets past the limits,
hidden sheets, CSV with other separators, empty files and NUL bytes.

Every such file must end as a `RosterInputError` naming the file (and sheet or row) and the fix,
quickly and in little memory, or be read the way the person who made it meant.
"""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from rosterkit import Result
from rosterkit.errors import RosterInputError
from rosterkit.excel import export_workbook, read_leave, read_officers, read_roster, sources
from rosterkit.station import Station

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_PART = "xl/worksheets/sheet1.xml"
HEADER = ["编号", "姓名", "队室"]


def officer_rows(prefix: str, count: int = 2) -> list[list[object]]:
    return [HEADER, *([f"{prefix}{i}", f"民警{i}", "所领导"] for i in range(1, count + 1))]


def workbook_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook of `sheets` (name -> rows), in order, as openpyxl saves it."""
    workbook = openpyxl.Workbook()
    default = workbook.active
    assert isinstance(default, Worksheet)
    workbook.remove(default)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_part(
    original: bytes,
    path: Path,
    name: str,
    chunks: Iterable[bytes],
    extra: dict[str, bytes] | None = None,
) -> Path:
    """`original` written to `path` with its part `name` replaced (or added) by `chunks`,
    streamed through deflate so that a part of many megabytes costs little memory, and `extra`
    parts added."""
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        if name:
            with target.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
        for extra_name, data in (extra or {}).items():
            target.writestr(extra_name, data)
    return path


def sheet_xml(body: Iterable[bytes], dimension: str = "A1:C3") -> Iterable[bytes]:
    """A worksheet's XML around `body` (the rows), with a `dimension` that may lie."""
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>'
    ).encode()
    yield from body
    yield b"</sheetData></worksheet>"


def header_row() -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADER)
    return f'<row r="1">{cells}</row>'.encode()


def officers_xlsx(path: Path, body: Iterable[bytes], dimension: str = "A1:C3") -> Path:
    """An officer workbook whose one sheet, 民警, holds the header row and then `body`."""
    original = workbook_bytes({"民警": [["placeholder"]]})
    return with_part(original, path, SHEET_PART, sheet_xml([header_row(), *body], dimension))


def officer_row(number: int, officer_id: str) -> bytes:
    cells = "".join(
        f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in (officer_id, "民警", "所领导")
    )
    return f'<row r="{number}">{cells}</row>'.encode()


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to parse the workbook with openpyxl fail the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to parse a workbook that should be refused")

    monkeypatch.setattr(sources.openpyxl, "load_workbook", refuse)


# --- the zip archive, before any XML is parsed ---------------------------------------------------


def test_a_zip_bomb_is_refused_before_openpyxl_parses_it(tmp_path: Path, no_openpyxl: None) -> None:
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000  # about 1 MB
    bomb = officers_xlsx(tmp_path / "officers.xlsx", [row] * 8)
    assert bomb.stat().st_size < 100_000
    with pytest.raises(RosterInputError, match="zip bomb") as caught:
        read_officers(bomb)
    assert "officers.xlsx" in str(caught.value) and SHEET_PART in str(caught.value)


def test_a_workbook_that_unpacks_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_openpyxl: None
) -> None:
    monkeypatch.setattr(sources, "MAX_UNPACKED_BYTES", 2**20)
    noise = {"xl/media/noise.bin": os.urandom(2**20)}  # incompressible: no zip bomb by ratio
    original = workbook_bytes({"民警": officer_rows("P")})
    path = with_part(original, tmp_path / "officers.xlsx", "", [], extra=noise)
    with pytest.raises(RosterInputError, match=r"officers.xlsx: .*unpacks to [\d.]+ MB, more than"):
        read_officers(path)


def test_a_workbook_of_too_many_parts_is_refused(tmp_path: Path, no_openpyxl: None) -> None:
    parts = {f"customXml/item{i}.xml": b"<a/>" for i in range(sources.MAX_PARTS + 1)}
    original = workbook_bytes({"民警": officer_rows("P")})
    path = with_part(original, tmp_path / "officers.xlsx", "", [], extra=parts)
    with pytest.raises(
        RosterInputError,
        match=r"officers.xlsx: the workbook holds 1,010 parts .*more than the 1,000 read",
    ):
        read_officers(path)


@pytest.mark.parametrize("content", [b"this is no zip", b"PK\x03\x04 a broken zip", b""])
def test_a_file_that_is_no_zip_still_says_it_is_no_workbook(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "officers.xlsx"
    path.write_bytes(content)
    with pytest.raises(RosterInputError, match="cannot open as an Excel workbook") as caught:
        read_officers(path)
    assert "officers.xlsx" in str(caught.value)


# --- rows and columns of a sheet -----------------------------------------------------------------


def test_a_row_past_the_limit_is_refused_though_the_dimension_says_three_rows(
    tmp_path: Path,
) -> None:
    body = [officer_row(2, "P1"), officer_row(3, "P2"), officer_row(1_048_576, "P3")]
    path = officers_xlsx(tmp_path / "officers.xlsx", body, dimension="A1:C3")
    with pytest.raises(RosterInputError, match=r"more than 100,000 rows") as caught:
        read_officers(path)
    assert "officers.xlsx, sheet 民警" in str(caught.value)


def test_rows_without_numbers_are_counted_against_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_ROWS", 50)
    rows = [b'<row><c t="inlineStr"><is><t>P</t></is></c></row>'] * 60
    path = officers_xlsx(tmp_path / "officers.xlsx", rows)
    with pytest.raises(RosterInputError, match=r"officers.xlsx, sheet 民警: .*more than 50 rows"):
        read_officers(path)


def test_a_sheet_in_utf16_is_counted_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_ROWS", 50)
    xml = b"".join(sheet_xml([header_row(), *(officer_row(n, f"P{n}") for n in range(2, 70))]))
    xml = xml.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode().encode("utf-16")
    original = workbook_bytes({"民警": [["placeholder"]]})
    path = with_part(original, tmp_path / "officers.xlsx", SHEET_PART, [xml])
    with pytest.raises(RosterInputError, match=r"officers.xlsx, sheet 民警: .*more than 50 rows"):
        read_officers(path)


def test_reading_stops_at_the_row_limit_even_if_the_scan_let_a_sheet_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_ROWS", 50)
    monkeypatch.setattr(sources, "scan_part", lambda *args: None)
    rows = [officer_row(n, f"P{n}") for n in range(2, 70)]
    path = officers_xlsx(tmp_path / "officers.xlsx", rows)
    with pytest.raises(RosterInputError, match=r"officers.xlsx, sheet 民警: .*more than 50 rows"):
        read_officers(path)


def test_a_row_of_more_cells_than_excel_allows_is_refused(tmp_path: Path) -> None:
    cells = b"<c><v>1</v></c>" * (16_384 + 1)
    path = officers_xlsx(tmp_path / "officers.xlsx", [b'<row r="2">' + cells + b"</row>"])
    with pytest.raises(RosterInputError, match=r"sheet 民警, row 2: .*more than 16,384 cells"):
        read_officers(path)


def test_cells_past_the_column_limit_are_not_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert isinstance(ws, Worksheet)
    ws.title = "民警"
    for row in officer_rows("P"):
        ws.append(row)
    ws.cell(row=2, column=sources.MAX_COLUMNS + 200, value="far out")
    workbook.save(tmp_path / "officers.xlsx")
    with caplog.at_level(logging.WARNING, logger="rosterkit"):
        officers = read_officers(tmp_path / "officers.xlsx")
    assert [o.id for o in officers] == ["P1", "P2"]
    assert "past column 1,000 not read" in caplog.text


def test_a_table_of_too_many_cells_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_CELLS", 20)
    path = tmp_path / "officers.xlsx"
    path.write_bytes(workbook_bytes({"民警": officer_rows("P", 10)}))
    with pytest.raises(RosterInputError, match=r"sheet 民警: .*more than 20 cells"):
        read_officers(path)


@pytest.mark.parametrize(
    ("part", "xml", "limit", "message"),
    [
        (
            "xl/sharedStrings.xml",
            "<sst>" + "<si><t>x</t></si>" * 30 + "</sst>",
            "MAX_CELLS",
            "different texts",
        ),
        (
            "xl/styles.xml",
            "<styleSheet><cellXfs>" + "<xf/>" * 30 + "</cellXfs></styleSheet>",
            "MAX_FORMATS",
            "cell formats",
        ),
    ],
)
def test_too_many_texts_or_formats_are_refused_before_openpyxl_reads_them(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_openpyxl: None,
    part: str,
    xml: str,
    limit: str,
    message: str,
) -> None:
    monkeypatch.setattr(sources, limit, 20)
    root = xml.split(">", 1)[0]
    chunk = xml.replace(root, f'{root} xmlns="{MAIN}"', 1).encode()
    original = workbook_bytes({"民警": officer_rows("P")})
    path = with_part(original, tmp_path / "officers.xlsx", part, [chunk])
    with pytest.raises(
        RosterInputError, match=rf"officers.xlsx, part {part}: .*more than 20 {message}"
    ):
        read_officers(path)


# --- which sheet is read --------------------------------------------------------------------------


def hidden_workbook(
    path: Path,
    sheets: dict[str, list[list[object]]],
    states: dict[str, str],
    active: int | None = None,
) -> Path:
    """A workbook of `sheets` with some hidden (`states`) and the `active` tab set as a file
    may have it (openpyxl itself would move a hidden active tab to a visible sheet)."""
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(sheets)))
    for name, state in states.items():
        workbook[name].sheet_state = state
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        book = saved.read("xl/workbook.xml").decode()
    if active is not None:
        book = re.sub(r' activeTab="\d+"', "", book)
        book = book.replace("<workbookView", f'<workbookView activeTab="{active}"', 1)
    return with_part(buffer.getvalue(), path, "xl/workbook.xml", [book.encode()])


def test_a_hidden_stale_first_sheet_gives_way_to_the_visible_edited_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = hidden_workbook(
        tmp_path / "officers.xlsx",
        {"民警": officer_rows("OLD"), "民警名单": officer_rows("NEW")},
        {"民警": "hidden"},
        active=1,
    )
    with caplog.at_level(logging.INFO, logger="rosterkit"):
        officers = read_officers(path)
    assert [o.id for o in officers] == ["NEW1", "NEW2"]
    assert officers.table is not None and officers.table.source.endswith("sheet 民警名单")
    assert "sheet 民警名单" in caplog.text


def test_a_hidden_named_sheet_gives_way_to_a_visible_sheet_holding_the_table(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = hidden_workbook(
        tmp_path / "officers.xlsx",
        {"民警": officer_rows("OLD"), "说明": [["read me"]], "Sheet1": officer_rows("NEW")},
        {"民警": "veryHidden"},
        active=1,
    )
    with caplog.at_level(logging.INFO, logger="rosterkit"):
        officers = read_officers(path)
    assert [o.id for o in officers] == ["NEW1", "NEW2"]
    assert "hidden" in caplog.text and "Sheet1" in caplog.text


def test_a_hidden_named_sheet_is_read_when_no_visible_sheet_holds_the_table(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = hidden_workbook(
        tmp_path / "officers.xlsx",
        {"民警": officer_rows("P"), "说明": [["read me"]]},
        {"民警": "hidden"},
        active=1,
    )
    with caplog.at_level(logging.WARNING, logger="rosterkit"):
        officers = read_officers(path)
    assert [o.id for o in officers] == ["P1", "P2"]
    assert "hidden" in caplog.text


@pytest.mark.parametrize(
    ("states", "active", "read"),
    [
        ({"Sheet1": "hidden"}, 2, "C"),  # the active sheet, visible
        ({"Sheet1": "hidden"}, 0, "B"),  # the active sheet is hidden: the first visible one
        ({"Sheet1": "veryHidden", "Sheet3": "hidden"}, 0, "B"),
    ],
)
def test_a_nameless_choice_takes_the_active_visible_sheet(
    tmp_path: Path, states: dict[str, str], active: int, read: str
) -> None:
    sheets = {"Sheet1": officer_rows("A"), "Sheet2": officer_rows("B"), "Sheet3": officer_rows("C")}
    path = hidden_workbook(tmp_path / "officers.xlsx", sheets, states, active=active)
    assert [o.id for o in read_officers(path)] == [f"{read}1", f"{read}2"]


def test_the_only_visible_sheet_is_read_whatever_it_holds(tmp_path: Path) -> None:
    path = hidden_workbook(
        tmp_path / "leave.xlsx",
        {"Old": [["编号", "开始", "结束"], ["P001", "2026-12-01", "2026-12-02"]], "New": [["x"]]},
        {"Old": "hidden"},
        active=1,
    )
    with pytest.raises(RosterInputError, match=r"leave.xlsx, sheet New: missing column"):
        read_leave(path)


def test_an_exported_roster_with_hidden_data_sheet_reads_back(
    tmp_path: Path, qianmen_station: Station, qianmen_december: Result
) -> None:
    path = export_workbook(tmp_path / "december.xlsx", qianmen_station, qianmen_december)
    workbook = openpyxl.load_workbook(path)
    workbook["数据"].sheet_state = "hidden"
    workbook.save(path)
    assert read_roster(path, qianmen_station) == qianmen_december.roster


# --- CSV ------------------------------------------------------------------------------------------


def csv_file(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("separator", "name"), [(";", "';'"), ("\t", "a tab")])
def test_a_csv_with_another_separator_is_read_with_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, separator: str, name: str
) -> None:
    header = separator.join(["编号", "姓名", "队室", "角色"])
    text = header + "\n" + separator.join(["P1", "王伟", "所领导", "所长,政委"]) + "\n"
    with caplog.at_level(logging.INFO, logger="rosterkit"):
        (officer,) = read_officers(csv_file(tmp_path / "officers.csv", text))
    assert (officer.id, officer.name, officer.team, len(officer.roles)) == (
        "P1",
        "王伟",
        "所领导",
        2,
    )
    assert f"separated by {name}" in caplog.text


def test_a_semicolon_csv_without_the_columns_names_the_separator(tmp_path: Path) -> None:
    path = csv_file(tmp_path / "officers.csv", "Nummer;Name;Abteilung\nP1;Wang;Leitung\n")
    with pytest.raises(RosterInputError) as caught:
        read_officers(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: the separator looks like ';', not ','")
    assert "save it as CSV with commas (Excel: CSV UTF-8)" in message


@pytest.mark.parametrize(
    "content", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\r\n", b" ,, \n\n", b"\n\n\n"]
)
def test_an_empty_csv_says_it_is_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "leave.csv"
    path.write_bytes(content)
    with pytest.raises(RosterInputError, match=r"leave.csv: the file is empty") as caught:
        read_leave(path)
    assert "header row" in str(caught.value)


def test_an_empty_sheet_says_it_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "leave.xlsx"
    path.write_bytes(workbook_bytes({"请假": []}))
    with pytest.raises(RosterInputError, match=r"leave.xlsx, sheet 请假: the sheet is empty"):
        read_leave(path)


def test_a_csv_with_a_nul_byte_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "officers.csv"
    path.write_bytes("编号,姓名,队室\nP1,王\x00伟,所领导\n".encode())
    with pytest.raises(RosterInputError, match=r"officers.csv, line 2: .*NUL") as caught:
        read_officers(path)
    assert "CSV UTF-8" in str(caught.value)


def test_a_utf16_csv_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "officers.csv"
    path.write_bytes("编号,姓名,队室\nP1,王伟,所领导\n".encode("utf-16"))
    with pytest.raises(RosterInputError, match=r"cannot read the text .*UTF-16.*CSV UTF-8"):
        read_officers(path)


def test_a_csv_of_too_many_rows_is_refused(tmp_path: Path) -> None:
    lines = "\n".join(f"P{n},x,所领导" for n in range(sources.MAX_ROWS + 1))
    path = csv_file(tmp_path / "officers.csv", "编号,姓名,队室\n" + lines + "\n")
    with pytest.raises(RosterInputError, match=r"officers.csv: .*more than 100,000 rows"):
        read_officers(path)


def test_csv_cells_past_the_column_limit_are_not_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    far = "," * sources.MAX_COLUMNS + "far out"
    path = csv_file(tmp_path / "officers.csv", f"编号,姓名,队室\nP1,王伟,所领导{far}\n")
    with caplog.at_level(logging.WARNING, logger="rosterkit"):
        (officer,) = read_officers(path)
    assert officer.id == "P1"
    assert "past column 1,000 not read" in caplog.text


def test_a_csv_table_of_too_many_cells_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_CELLS", 20)
    lines = "".join(f"P{n},x,所领导\n" for n in range(10))
    with pytest.raises(RosterInputError, match=r"officers.csv: .*more than 20 cells"):
        read_officers(csv_file(tmp_path / "officers.csv", "编号,姓名,队室\n" + lines))
