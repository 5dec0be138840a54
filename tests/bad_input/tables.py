"""Bad-input cases: tables.

Officer and leave lists (.xlsx, .csv) that are hostile or odd: a zip bomb, a sheet far past the
row limit, a hidden stale sheet before the edited one, CSV with semicolons, an empty file, a NUL
byte. Each must stop before solving with exit code 2 and a message naming the file and the fix.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from bad_input.case import Case

GENERATE = ("generate", "-m", "2026-12", "-q", "--time-limit", "20", "--workers", "1")
OFFICERS = (*GENERATE, "--officers", "{tmp}/officers.xlsx", "-o", "{tmp}/r.csv")
OFFICERS_CSV = (*GENERATE, "--officers", "{tmp}/officers.csv", "-o", "{tmp}/r.csv")
LEAVE_CSV = (*GENERATE, "--leave", "{tmp}/leave.csv", "-o", "{tmp}/r.csv")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["编号", "姓名", "队室"]


def _workbook(sheets: dict[str, list[list[object]]], hidden: Iterable[str] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    default = workbook.active
    assert isinstance(default, Worksheet)
    workbook.remove(default)
    for name, rows in sheets.items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append(row)
        if name in hidden:
            ws.sheet_state = "hidden"
    workbook.active = len(sheets) - 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_replaced(chunks: Callable[[], Iterable[bytes]]) -> Callable[[Path], None]:
    """A maker: a one-sheet officer workbook whose sheet XML is streamed from `chunks`."""

    def make(path: Path) -> None:
        original = _workbook({"民警": [HEADER]})
        with (
            zipfile.ZipFile(io.BytesIO(original)) as source,
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for item in source.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    target.writestr(item, source.read(item.filename))
                    continue
                with target.open(item.filename, "w", force_zip64=True) as part:
                    for chunk in chunks():
                        part.write(chunk)

    return make


def _sheet(rows: Iterable[bytes], dimension: str) -> Iterable[bytes]:
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>'
    ).encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def _bomb() -> Iterable[bytes]:
    """About 16 MB of rows that pack to a few kilobytes."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
    return _sheet([row] * 16, "A1:C3")


def _far_row() -> Iterable[bytes]:
    """A header, one officer, and a cell in Excel's last row, under a dimension of two rows."""
    cells = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADER)
    officer = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in ("P1", "甲", "所领导"))
    rows = [
        f'<row r="1">{cells}</row>'.encode(),
        f'<row r="2">{officer}</row>'.encode(),
        b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>',
    ]
    return _sheet(rows, "A1:C2")


def _stale_hidden_sheet(path: Path) -> None:
    """A hidden, stale 民警 sheet first, then the visible edited 民警名单 (with an unknown team
    in row 3, so that the run stops before solving and says which sheet it read)."""
    stale = [HEADER, ["P001", "王伟", "所领导"], ["P002", "李伟", "Dajiang2"]]
    edited = [HEADER, ["P001", "王伟", "所领导"], ["P002", "李伟", "Dajiang3"]]
    path.write_bytes(_workbook({"民警": stale, "民警名单": edited}, hidden=["民警"]))


@cache
def _december_workbook() -> bytes:
    """The built-in station's December 2026 as rosterkit writes it."""
    from rosterkit import SolveOptions, solve
    from rosterkit.excel import export_workbook
    from rosterkit.stations import qianmen

    station = qianmen()
    result = solve(station, "2026-12", options=SolveOptions(workers=1, time_limit=20))
    with tempfile.TemporaryDirectory() as folder:
        path = export_workbook(Path(folder) / "roster.xlsx", station, result, [])
        return path.read_bytes()


def _tampered_workbook(path: Path) -> None:
    """A workbook whose very hidden station sheet holds YAML that is not a station."""
    path.write_bytes(_december_workbook())
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["_station"]
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str) and "id: qianmen" in cell.value:
                cell.value = cell.value.replace("id: qianmen", "id: [unclosed")
    workbook.save(path)


CASES: list[Case] = [
    Case(
        "officers-xlsx-zip-bomb",
        OFFICERS,
        2,
        "zip bomb",
        files={"officers.xlsx": _sheet_replaced(_bomb)},
        kept=("officers.xlsx",),
        absent=("r.csv",),
    ),
    Case(
        "officers-xlsx-row-past-the-limit-under-a-lying-dimension",
        OFFICERS,
        2,
        "officers.xlsx, sheet 民警: the sheet has more than 100,000 rows",
        files={"officers.xlsx": _sheet_replaced(_far_row)},
        kept=("officers.xlsx",),
        absent=("r.csv",),
    ),
    Case(
        "officers-xlsx-not-a-zip",
        OFFICERS,
        2,
        "cannot open as an Excel workbook",
        files={"officers.xlsx": b"id,name,team\nP1,x,leadership\n"},
        kept=("officers.xlsx",),
        absent=("r.csv",),
    ),
    Case(
        "officers-xlsx-hidden-stale-first-sheet",
        OFFICERS,
        2,
        "officers.xlsx, sheet 民警名单, row 3, column C (队室): unknown team 'Dajiang3'",
        files={"officers.xlsx": _stale_hidden_sheet},
        kept=("officers.xlsx",),
        absent=("r.csv",),
    ),
    Case(
        "officers-csv-semicolons-read-with-their-separator",
        OFFICERS_CSV,
        2,
        "officers.csv, row 3, column C (队室): unknown team 'Dajiang3'",
        files={"officers.csv": "编号;姓名;队室\nP001;王伟;所领导\nP002;李伟;Dajiang3\n"},
        kept=("officers.csv",),
        absent=("r.csv",),
    ),
    Case(
        "officers-csv-semicolons-and-unknown-headers",
        OFFICERS_CSV,
        2,
        "the separator looks like ';', not ','; save it as CSV with commas (Excel: CSV UTF-8)",
        files={"officers.csv": "Nummer;Name;Abteilung\nP001;Wang;Leitung\n"},
        kept=("officers.csv",),
        absent=("r.csv",),
    ),
    Case(
        "leave-csv-tabs-and-unknown-headers",
        LEAVE_CSV,
        2,
        "the separator looks like a tab, not ','",
        files={"leave.csv": "who\twhen\nP001\t2026-12-03\n"},
        kept=("leave.csv",),
        absent=("r.csv",),
    ),
    Case(
        "leave-csv-only-a-byte-order-mark",
        LEAVE_CSV,
        2,
        "leave.csv: the file is empty",
        files={"leave.csv": b"\xef\xbb\xbf"},
        kept=("leave.csv",),
        absent=("r.csv",),
    ),
    Case(
        "leave-csv-empty",
        LEAVE_CSV,
        2,
        "leave.csv: the file is empty",
        files={"leave.csv": b""},
        kept=("leave.csv",),
        absent=("r.csv",),
    ),
    Case(
        "leave-csv-nul-byte",
        LEAVE_CSV,
        2,
        "leave.csv, line 2: a NUL byte",
        files={"leave.csv": b"officer_id,start,end\nP001,2026-12-03\x00,2026-12-05\n"},
        kept=("leave.csv",),
        absent=("r.csv",),
    ),
    Case(
        "checked-workbook-whose-embedded-station-was-tampered-with",
        ("check", "{tmp}/roster.xlsx"),
        2,
        "sheet _station",
        files={"roster.xlsx": _tampered_workbook},
        kept=("roster.xlsx",),
    ),
]
