"""Tables from .xlsx or .csv files, read safely, with every value's place for error messages.

A workbook is a zip of XML parts. Before openpyxl parses anything, the zip's directory is checked
(how many parts, how large they unpack, how tightly they are packed) and every part is scanned
as it unpacks, counting a sheet's rows and cells, a workbook's texts and cell formats, without
building them; so a zip bomb or a sheet of a million rows is refused at once, in little memory.
Then openpyxl opens the workbook in read-only mode, parsing its XML through defusedxml (rosterkit
depends on it), so entity expansion and external entities in an untrusted file are refused too.
A table is read up to `MAX_ROWS` rows, `MAX_COLUMNS` columns and `MAX_CELLS` cells.

A table is taken from the sheet named for it, a visible one before a hidden one; without such a
sheet, from the only visible sheet, or the visible sheet that holds the table (the active sheet
first). Hidden sheets are stale copies or helpers more often than not.

CSV is read as UTF-8 (with or without BOM) or GB18030, the encoding Excel uses for "CSV" on
Chinese Windows; a file separated by semicolons or tabs is read with that separator when its
header row is found with it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.workbook import Workbook
from openpyxl.xml.functions import fromstring

from rosterkit.errors import RosterInputError
from rosterkit.excel.labels import normalise, normalise_header

log = logging.getLogger(__name__)

MAX_INPUT_BYTES = 32 * 1024 * 1024
"""Largest input file read; officer and leave lists and a month's workbook are far smaller."""
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""Largest total size of a workbook's parts once unpacked, as its zip directory declares them
(Python's zipfile stops a part at its declared size). A month's workbook for 60 officers unpacks
to about 1 MB; a zip bomb to gigabytes."""
MAX_PACKING_RATIO = 100
"""Largest ratio of a part's unpacked to its packed size, for parts over `RATIO_CHECKED_BYTES`.
The parts of rosterkit's own month workbook pack at most 13 times; a zip bomb packs hundreds of
times (deflate at most about 1,000)."""
RATIO_CHECKED_BYTES = 1024 * 1024
"""Parts smaller than this once unpacked are not judged by their packing ratio."""
MAX_PARTS = 1_000
"""Most parts (files inside the zip) a workbook may hold; one of a few sheets holds about 25."""
MAX_ROWS = 100_000
"""Most rows read from a sheet or CSV file, counted by row number (a row far down counts as
all the rows above it)."""
MAX_COLUMNS = 1_000
"""Columns read from each row (A to ALL); cells further right are not read."""
MAX_ROW_CELLS = 16_384
"""Most cells a row of a sheet may hold, as Excel allows (columns A to XFD)."""
MAX_CELLS = 1_000_000
"""Most cells of a sheet (as its XML holds them), of a table read (counting each row up to its
last filled cell), and most different texts of a workbook. An officer list of 1,000 officers holds
about 10,000 cells, the Data sheet of a month's workbook for 200 officers about 40,000; openpyxl
reads some 100,000 cells a second."""
MAX_FORMATS = 65_536
"""Most cell formats a workbook may hold; Excel allows about 64,000."""
HEADER_SEARCH_ROWS = 20
"""Rows searched for the header row (a sheet may start with a title)."""

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TABLE_SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv")

Row = tuple[int, Sequence[Any]]
"""A row number (1-based, as Excel shows it) and the row's values."""

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL = f"{_SHEET_NS} row", f"{_SHEET_NS} c"
_TEXT, _FORMAT = f"{_SHEET_NS} si", f"{_SHEET_NS} xf"
_UNSAFE_XML = "EntitiesForbidden: the file's XML declares entities, refused as unsafe"
_SEPARATORS = {";": "';'", "\t": "a tab"}
"""Separators other than the comma that a CSV file may use, with their names in messages."""


def check_file(path: Path, suffixes: Sequence[str]) -> str:
    """The file's lower-case suffix if it exists, is not too large and is of a known type."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise RosterInputError(
            "old Excel 97-2003 file (.xls); open it in Excel and save it as .xlsx"
            + (" or CSV UTF-8" if ".csv" in suffixes else ""),
            source=source,
        )
    if suffix not in suffixes:
        raise RosterInputError(
            f"unknown file type '{suffix or '(none)'}'; use {' or '.join(suffixes)}",
            source=source,
        )
    if not path.is_file():
        raise RosterInputError("file not found; check the path", source=source)
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise RosterInputError(
            f"file is {size // 2**20} MB, more than the {MAX_INPUT_BYTES // 2**20} MB read; "
            "is it the right file?",
            source=source,
        )
    return suffix


def describe(error: BaseException) -> str:
    """The root cause of a reader's exception, in one line; unsafe XML said so plainly."""
    while (cause := error.__cause__ or error.__context__) is not None:
        error = cause
    if type(error).__module__.startswith("defusedxml"):
        return _UNSAFE_XML
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__


def _cannot_open(source: str, reason: str) -> RosterInputError:
    return RosterInputError(
        f"cannot open as an Excel workbook ({reason}); is it a .xlsx file saved by Excel, WPS "
        "or LibreOffice?",
        source=source,
    )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB" if size < 10 * 2**20 else f"{size // 2**20:,} MB"


def _too_many_rows(what: str) -> str:
    return (
        f"the {what} has more than {MAX_ROWS:,} rows; an officer or leave list is far shorter: "
        "delete the rows under the table, or is it the right file?"
    )


def _too_many_cells(what: str) -> str:
    return (
        f"the {what} holds more than {MAX_CELLS:,} cells; an officer or leave list is far "
        "smaller: delete what lies beside and under the table, or is it the right file?"
    )


# --- the zip, before openpyxl ----------------------------------------------------------------


class _Refused(Exception):
    """A part refused while it was scanned; `row` is the sheet row it concerns, if one."""

    def __init__(self, message: str, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row


class _UnsafeXml(Exception):
    """A part's XML declares entities."""


def check_archive(path: Path) -> None:
    """Refuse a workbook whose zip holds too many parts, unpacks too large or packs like a zip
    bomb, or whose parts hold too many rows, cells, texts or formats (see `scan_part`). Run
    before openpyxl parses anything."""
    source = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except Exception as error:  # not a zip, or a damaged one: BadZipFile, OSError, EOFError…
        raise _cannot_open(source, describe(error)) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise RosterInputError(
                f"the workbook holds {len(parts):,} parts (files inside the .xlsx), more than "
                f"the {MAX_PARTS:,} read; copy the table into a new workbook and save that",
                source=source,
            )
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED_BYTES:
            raise RosterInputError(
                f"the workbook unpacks to {_megabytes(unpacked)}, more than the "
                f"{_megabytes(MAX_UNPACKED_BYTES)} read; is it the right file? Copy the table "
                "into a new workbook and save that",
                source=source,
            )
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > RATIO_CHECKED_BYTES and ratio > MAX_PACKING_RATIO:
                raise RosterInputError(
                    f"refused as a zip bomb: its part {part.filename} unpacks {ratio:,.0f} times "
                    f"larger, to {_megabytes(part.file_size)}; copy the table into a new "
                    "workbook and save that",
                    source=source,
                )
        for part in parts:
            try:
                scan_part(archive, part)
            except _Refused as refused:
                where = _part_place(archive, part.filename, source)
                if refused.row is not None:
                    where += f", row {refused.row}"
                raise RosterInputError(refused.message, source=where) from None
            except _UnsafeXml:
                raise _cannot_open(source, _UNSAFE_XML) from None
            except Exception as error:  # a damaged part: bad CRC, encrypted, unknown packing
                raise _cannot_open(source, describe(error)) from None


class _PartScan:
    """Counts, as expat reads a part: a sheet's rows, its cells and the cells of its current
    row; the texts of a shared-strings part; the cell formats of a styles part."""

    def __init__(self) -> None:
        self.rows = 0
        self.row = 0
        self.row_cells = 0
        self.cells = 0
        self.texts = 0
        self.formats = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _ROW:
            self.rows += 1
            self.row_cells = 0
            self.row = _row_number(attributes.get("r"), self.row + 1)
            if self.rows > MAX_ROWS or self.row > MAX_ROWS:
                raise _Refused(_too_many_rows("sheet"))
        elif name == _CELL:
            self.row_cells += 1
            self.cells += 1
            if self.row_cells > MAX_ROW_CELLS:
                raise _Refused(
                    f"the row holds more than {MAX_ROW_CELLS:,} cells, more than Excel allows; "
                    "open and save the file in Excel, or copy the table into a new workbook",
                    self.row,
                )
            if self.cells > MAX_CELLS:
                raise _Refused(_too_many_cells("sheet"))
        elif name == _TEXT:
            self.texts += 1
            if self.texts > MAX_CELLS:
                raise _Refused(
                    f"the workbook holds more than {MAX_CELLS:,} different texts; an officer or "
                    "leave list holds far fewer: copy the table into a new workbook and save that"
                )
        elif name == _FORMAT:
            self.formats += 1
            if self.formats > MAX_FORMATS:
                raise _Refused(
                    f"the workbook holds more than {MAX_FORMATS:,} cell formats, more than Excel "
                    "allows; copy the table into a new workbook and save that"
                )


def _row_number(value: str | None, default: int) -> int:
    """A row's number as openpyxl reads its 'r' attribute (a whole number, maybe as '5.0')."""
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        return default
    return int(number) if number.is_integer() and number > 0 else default


def _refuse_entities(*args: object) -> None:
    raise _UnsafeXml


def scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Scan a part as it unpacks: a sheet past `MAX_ROWS` rows or `MAX_CELLS` cells or with a
    row of more than `MAX_ROW_CELLS` cells, more than `MAX_CELLS` shared texts or `MAX_FORMATS`
    cell formats raise `_Refused`, XML declaring entities `_UnsafeXml`. Parts that are not
    XML (images), or not well-formed, stop the scan where expat stops, as openpyxl would; it
    says so if it reads them. Every part is fed to expat whatever its first bytes, so that XML
    in UTF-16 is counted too."""
    if part.is_dir():
        return
    scan = _PartScan()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EntityDeclHandler = _refuse_entities
    with archive.open(part) as stream:
        try:
            while chunk := stream.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            return


def _part_place(archive: zipfile.ZipFile, name: str, source: str) -> str:
    """'file, sheet NAME' for a sheet's part, found through the workbook's relationships;
    'file, part NAME' when that cannot be told."""
    try:
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {
            rel.get("Id"): str(rel.get("Target", ""))
            for rel in rels.iter()
            if rel.tag.endswith("Relationship")
        }
        book = fromstring(archive.read("xl/workbook.xml"))
        for sheet in book.iter():
            if not sheet.tag.endswith("}sheet"):
                continue
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            if posixpath.normpath(path) == name:
                return f"{source}, sheet {sheet.get('name')}"
    except Exception:  # the place is a courtesy; the error it belongs to is raised anyway
        log.debug("cannot tell the sheet of part %s", name, exc_info=True)
    return f"{source}, part {name}"


# --- workbooks and sheets --------------------------------------------------------------------


@contextmanager
def open_workbook(path: Path) -> Iterator[Workbook]:
    """A read-only workbook (cached values, not formulas); closed on leaving the block."""
    check_file(path, WORKBOOK_SUFFIXES)
    check_archive(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        raise _cannot_open(str(path), describe(error)) from None
    try:
        yield workbook
    finally:
        workbook.close()


def is_visible(workbook: Workbook, sheet: str) -> bool:
    """Whether a sheet is shown (neither hidden nor 'very hidden')."""
    return bool(workbook[sheet].sheet_state == "visible")


def named_sheets(workbook: Workbook, names: Sequence[str]) -> list[str]:
    """The worksheets whose name is one of `names` (normalised), visible ones first."""
    wanted = {normalise(name) for name in names}
    found = [ws.title for ws in workbook.worksheets if normalise(ws.title) in wanted]
    return sorted(found, key=lambda sheet: not is_visible(workbook, sheet))


def shown_sheets(workbook: Workbook) -> list[str]:
    """The visible worksheets, the active one first; all worksheets if none is visible."""
    sheets = [ws.title for ws in workbook.worksheets]
    visible = [sheet for sheet in sheets if is_visible(workbook, sheet)] or sheets
    active = workbook.active
    title = active.title if active is not None else None
    return sorted(visible, key=lambda sheet: sheet != title)


def _no_sheet(workbook: Workbook, names: Sequence[str], source: str) -> RosterInputError:
    sheets = ", ".join(
        sheet if is_visible(workbook, sheet) else f"{sheet} (hidden)"
        for sheet in workbook.sheetnames
    )
    return RosterInputError(
        f"no sheet named {' or '.join(names)} (sheets: {sheets}); rename the sheet that holds "
        "the table",
        source=source,
    )


def find_sheet(workbook: Workbook, names: Sequence[str], source: str) -> str:
    """The sheet whose name is one of `names` (normalised), a visible one before a hidden one."""
    named = named_sheets(workbook, names)
    if not named:
        raise _no_sheet(workbook, names, source)
    return named[0]


def table_sheet(
    workbook: Workbook,
    path: Path,
    fields: Mapping[str, Sequence[str]],
    required: Sequence[str],
    names: Sequence[str],
) -> str:
    """The sheet that holds a table: the visible sheet named one of `names`; else, if no sheet
    has such a name, the only visible sheet; else the visible sheet (the active one first) whose
    top rows name the `required` fields; else the hidden sheet of that name. Hidden sheets are
    passed over because they are stale copies or helpers more often than not."""
    named = named_sheets(workbook, names)
    if named and is_visible(workbook, named[0]):
        return named[0]
    others = [sheet for sheet in shown_sheets(workbook) if sheet not in named]
    if not named and len(others) == 1:
        return others[0]
    for sheet in others:
        try:
            rows = sheet_rows(workbook, sheet, f"{path}, sheet {sheet}", limit=HEADER_SEARCH_ROWS)
            locate_header(rows, fields, required, sheet, quiet=True)
        except RosterInputError:  # not this sheet's table, or a sheet that cannot be read
            continue
        if named:
            log.warning(
                "%s: sheet %s is hidden; reading the visible sheet %s, which holds the table",
                path,
                named[0],
                sheet,
            )
        return sheet
    if named:
        log.warning("%s: reading sheet %s, which is hidden", path, named[0])
        return named[0]
    raise _no_sheet(workbook, names, str(path))


def table_rows(
    lines: Iterable[Sequence[Any]], source: str, what: str, *, limit: int | None = None
) -> list[Row]:
    """Rows numbered from 1 (up to `limit`), each cut at `MAX_COLUMNS` and after its last filled
    cell; more than `MAX_ROWS` rows or `MAX_CELLS` cells is a `RosterInputError`."""
    rows: list[Row] = []
    cells = 0
    cut = 0
    for number, values in enumerate(lines, start=1):
        if limit is not None and number > limit:
            break
        if number > MAX_ROWS:
            raise RosterInputError(_too_many_rows(what), source=source)
        kept = list(values[:MAX_COLUMNS])
        if not cut and any(_filled(value) for value in values[MAX_COLUMNS:]):
            cut = number
        while kept and not _filled(kept[-1]):
            kept.pop()
        cells += len(kept)
        if cells > MAX_CELLS:
            raise RosterInputError(_too_many_cells(what), source=source)
        rows.append((number, tuple(kept)))
    if cut:
        log.warning(
            "%s: cells past column %s not read (columns A to %s are), the first in row %d",
            source,
            f"{MAX_COLUMNS:,}",
            get_column_letter(MAX_COLUMNS),
            cut,
        )
    return rows


def sheet_rows(
    workbook: Workbook, sheet: str, source: str, *, limit: int | None = None
) -> list[Row]:
    """The rows of a sheet with their numbers (see `table_rows`); damaged sheet XML is a
    `RosterInputError`."""
    ws = workbook[sheet]
    try:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # a wrong stored size must not cut rows off
        return table_rows(ws.iter_rows(min_row=1, values_only=True), source, "sheet", limit=limit)
    except RosterInputError:
        raise
    except Exception as error:  # damaged XML surfaces only while rows are parsed
        raise RosterInputError(
            f"cannot read the sheet ({describe(error)}); open and save the file in Excel to "
            "repair it",
            source=source,
        ) from None


# --- CSV -------------------------------------------------------------------------------------


def csv_text(path: Path) -> str:
    """A CSV file's text: UTF-8 (with or without BOM) or GB18030, with no NUL byte."""
    source = str(path)
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterInputError(
            "cannot read the text (it is UTF-16, as Excel saves 'Unicode text'); save it as "
            "CSV UTF-8",
            source=source,
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterInputError(
            "cannot read the text (neither UTF-8 nor GB18030); save it as CSV UTF-8",
            source=source,
        )
    nul = text.find("\x00")
    if nul >= 0:
        raise RosterInputError(
            "a NUL byte, which CSV text never holds: the file is binary or UTF-16; save the "
            "table as CSV UTF-8",
            source=f"{source}, line {text.count(chr(10), 0, nul) + 1}",
        )
    return text


def csv_rows(text: str, source: str, separator: str = ",") -> list[Row]:
    """The rows of a CSV file's text with their numbers (see `table_rows`)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return table_rows(reader, source, "file")
    except csv.Error as error:
        raise RosterInputError(
            f"not valid CSV ({error}); save it as CSV UTF-8",
            source=f"{source}, line {reader.line_num}",
        ) from None


def _other_separator(rows: list[Row]) -> str | None:
    """';' or a tab if the top rows, read with commas, show that separator more than commas."""
    best: tuple[int, str] | None = None
    for _, values in rows[:HEADER_SEARCH_ROWS]:
        line = ",".join(str(value) for value in values)
        for separator in _SEPARATORS:
            count = line.count(separator)
            if count > line.count(",") and (best is None or count > best[0]):
                best = (count, separator)
    return best[1] if best else None


def csv_table(path: Path, fields: Mapping[str, Sequence[str]], required: Sequence[str]) -> Table:
    """A CSV file's table; a file separated by ';' or tabs is read with that separator
    if its header row is found with it, and refused with the fix if not."""
    source = str(path)
    text = csv_text(path)
    rows = csv_rows(text, source)
    if not _any_filled(rows):
        raise _empty("file", fields, required, source)
    try:
        return locate_header(rows, fields, required, source)
    except RosterInputError:
        separator = _other_separator(rows)
        if separator is None:
            raise
    name = _SEPARATORS[separator]
    try:
        table = locate_header(csv_rows(text, source, separator), fields, required, source)
    except RosterInputError:
        raise RosterInputError(
            f"the separator looks like {name}, not ','; save it as CSV with commas (Excel: CSV "
            "UTF-8)",
            source=source,
        ) from None
    log.info("%s: columns separated by %s, not ','; read with it", source, name)
    return table


# --- tables ----------------------------------------------------------------------------------


@dataclass
class Table:
    """A header row and the data rows under it, with the column of each known field."""

    source: str
    header_row: int
    columns: dict[str, int]
    headers: dict[str, str]
    rows: list[Row] = field(default_factory=list)

    def where(self, row: int, name: str | None = None) -> str:
        """'officers.xlsx, sheet 民警, row 14, column C (队室)'."""
        text = f"{self.source}, row {row}"
        if name is not None and name in self.columns:
            text += f", column {get_column_letter(self.columns[name])} ({self.headers[name]})"
        return text

    def value(self, values: Sequence[Any], name: str) -> Any:
        column = self.columns.get(name)
        if column is None or column > len(values):
            return None
        return values[column - 1]


def read_table(
    path: Path,
    fields: Mapping[str, Sequence[str]],
    required: Sequence[str],
    sheet_names: Sequence[str],
) -> Table:
    """The table of `fields` (field -> accepted headers) in an .xlsx sheet or a CSV file."""
    suffix = check_file(path, TABLE_SUFFIXES)
    if suffix == ".csv":
        return csv_table(path, fields, required)
    with open_workbook(path) as workbook:
        sheet = table_sheet(workbook, path, fields, required, sheet_names)
        hidden = "" if is_visible(workbook, sheet) else " (hidden)"
        log.info("%s: reading sheet %s%s", path, sheet, hidden)
        source = f"{path}, sheet {sheet}"
        rows = sheet_rows(workbook, sheet, source)
    if not _any_filled(rows):
        raise _empty("sheet", fields, required, source)
    return locate_header(rows, fields, required, source)


def _missing(
    fields: Mapping[str, Sequence[str]], required: Sequence[str], found: Iterable[str]
) -> tuple[str, str]:
    """'officer_id (编号), start (开始)' for the required fields not `found`, and what the
    header row must name."""
    present = set(found)
    missing = [name for name in required if name not in present]
    expected = "; ".join(f"{name}: {' / '.join(fields[name][:2])}" for name in required)
    return ", ".join(f"{m} ({fields[m][0]})" for m in missing), expected


def _empty(
    what: str, fields: Mapping[str, Sequence[str]], required: Sequence[str], source: str
) -> RosterInputError:
    missing, expected = _missing(fields, required, ())
    return RosterInputError(
        f"the {what} is empty, so missing column(s) {missing}; write a header row naming "
        f"{expected}, and one row under it for each entry",
        source=source,
    )


def locate_header(
    rows: list[Row],
    fields: Mapping[str, Sequence[str]],
    required: Sequence[str],
    source: str,
    *,
    quiet: bool = False,
) -> Table:
    """Find the header row (the first of the top rows naming every required field); `quiet`
    keeps unread columns out of the log."""
    aliases = {normalise_header(alias): name for name, names in fields.items() for alias in names}
    best: tuple[int, dict[str, int], dict[str, str]] | None = None
    for number, values in rows[:HEADER_SEARCH_ROWS]:
        columns: dict[str, int] = {}
        headers: dict[str, str] = {}
        for column, value in enumerate(values, start=1):
            name = aliases.get(normalise_header(value))
            if name is None:
                continue
            if name in columns:
                raise RosterInputError(
                    f"two columns for {name}: {get_column_letter(columns[name])} "
                    f"({headers[name]}) and {get_column_letter(column)} ({value}); keep one",
                    source=f"{source}, row {number}",
                )
            columns[name], headers[name] = column, str(value).strip()
        if all(name in columns for name in required):
            unknown = [
                str(value)
                for value in values
                if value not in (None, "") and normalise_header(value) not in aliases
            ]
            if unknown and not quiet:
                log.warning("%s: columns not read: %s", source, ", ".join(unknown))
            data = [(n, v) for n, v in rows if n > number and any(_filled(x) for x in v)]
            return Table(source, number, columns, headers, data)
        if best is None or len(columns) > len(best[1]):
            best = (number, columns, headers)
    where = f"{source}, row {best[0]}" if best and best[1] else source
    missing, expected = _missing(fields, required, best[1] if best else ())
    raise RosterInputError(
        f"missing column(s) {missing}; the header row must name {expected}", source=where
    )


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _any_filled(rows: list[Row]) -> bool:
    return any(_filled(value) for _, values in rows for value in values)


# --- values ------------------------------------------------------------------------------------


def text(value: Any) -> str:
    """A cell as text: trimmed; whole numbers without '.0' (ids typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_GROUP = re.compile(r"^(?:第|g|group)?([0-9]+|[一二三四五六七八九])(?:组|班|班组)?$")


def group_number(value: Any, where: str) -> int | None:
    """A squad or duty-group number: 2, '2', '2组', '第二组', 'G2'; empty is None."""
    if isinstance(value, bool):
        raise RosterInputError(f"'{value}' is not a group number; write 1, 2 or 3", source=where)
    if isinstance(value, int):
        return value
    key = normalise(text(value))
    if key == "":
        return None
    match = _GROUP.match(key)
    if match is None:
        raise RosterInputError(
            f"'{text(value)}' is not a group number; write 1, 2 or 3 (or leave it empty)",
            source=where,
        )
    digits = match[1]
    return int(digits) if digits.isdigit() else _NUMERALS[digits]


def whole_number(value: Any, where: str, *, unit: str = "") -> int | None:
    """A whole number such as years of service ('8', 8, '8年'); empty is None."""
    if isinstance(value, bool):
        raise RosterInputError(f"'{value}' is not a whole number", source=where)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    key = normalise(text(value))
    if unit:
        key = key.removesuffix(unit)
    if key == "":
        return None
    if not key.isdigit():
        raise RosterInputError(
            f"'{text(value)}' is not a whole number; write digits, for example 8", source=where
        )
    return int(key)


_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def date_value(value: Any, where: str) -> dt.date:
    """A date from a date cell, an Excel serial number or text like 2026-12-03, 2026/12/3,
    2026年12月3日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        converted = from_excel(value)
        if isinstance(converted, dt.datetime):
            return converted.date()
    raw = text(value)
    key = re.sub(r"\s+", "", raw)
    for form in _DATE_FORMS:
        match = form.match(key)
        if match is not None:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                break
    what = f"'{raw}' is not a date" if raw else "the date is missing"
    raise RosterInputError(
        f"{what}; write it as YYYY-MM-DD (for example 2026-12-03) or as an Excel date",
        source=where,
    )
