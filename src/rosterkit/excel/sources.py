"""Tables from .xlsx or .csv files, read safely, with every value's place for error messages.

Workbooks are opened with openpyxl in read-only mode, which parses their XML through defusedxml
when it is installed (rosterkit depends on it), so entity expansion and external entities in an
untrusted file are refused. CSV is read as UTF-8 (with or without BOM) or GB18030, the encoding
Excel uses for "CSV" on Chinese Windows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.workbook import Workbook

from rosterkit.errors import RosterInputError
from rosterkit.excel.labels import normalise, normalise_header

log = logging.getLogger(__name__)

MAX_INPUT_BYTES = 32 * 1024 * 1024
"""Largest input file read; officer and leave lists and a month's workbook are far smaller."""
HEADER_SEARCH_ROWS = 20
"""Rows searched for the header row (a sheet may start with a title)."""

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TABLE_SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv")

Row = tuple[int, Sequence[Any]]
"""A row number (1-based, as Excel shows it) and the row's values."""


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
        return f"{type(error).__name__}: the file's XML declares entities, refused as unsafe"
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__


@contextmanager
def open_workbook(path: Path) -> Iterator[Workbook]:
    """A read-only workbook (cached values, not formulas); closed on leaving the block."""
    check_file(path, WORKBOOK_SUFFIXES)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged or foreign file
        raise RosterInputError(
            f"cannot open as an Excel workbook ({describe(error)}); is it a .xlsx file saved by "
            "Excel, WPS or LibreOffice?",
            source=str(path),
        ) from None
    try:
        yield workbook
    finally:
        workbook.close()


def find_sheet(workbook: Workbook, names: Sequence[str], source: str, *, single: bool) -> str:
    """The sheet whose name is one of `names` (normalised); with `single`, a workbook's only
    sheet is taken whatever its name."""
    wanted = {normalise(name) for name in names}
    for sheet in workbook.sheetnames:
        if normalise(sheet) in wanted:
            return sheet
    if single and len(workbook.sheetnames) == 1:
        return workbook.sheetnames[0]
    raise RosterInputError(
        f"no sheet named {' or '.join(names)} (sheets: {', '.join(workbook.sheetnames)}); "
        "rename the sheet that holds the table",
        source=source,
    )


def sheet_rows(workbook: Workbook, sheet: str, source: str) -> list[Row]:
    """Every row of a sheet with its number; damaged sheet XML is a `RosterInputError`."""
    ws = workbook[sheet]
    try:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # a wrong stored size must not cut rows off
        return [
            (number, tuple(values))
            for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1)
        ]
    except Exception as error:  # damaged XML surfaces only while rows are parsed
        raise RosterInputError(
            f"cannot read the sheet ({describe(error)}); open and save the file in Excel to "
            "repair it",
            source=source,
        ) from None


def csv_rows(path: Path) -> list[Row]:
    """Every row of a CSV file with its number."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterInputError(
            "cannot read the text (neither UTF-8 nor GB18030); save it as CSV UTF-8",
            source=str(path),
        )
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise RosterInputError(f"not valid CSV ({error})", source=str(path)) from None
    return [(number, tuple(line)) for number, line in enumerate(lines, start=1)]


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
        source = str(path)
        rows = csv_rows(path)
    else:
        with open_workbook(path) as workbook:
            sheet = find_sheet(workbook, sheet_names, str(path), single=True)
            source = f"{path}, sheet {sheet}"
            rows = sheet_rows(workbook, sheet, source)
    return locate_header(rows, fields, required, source)


def locate_header(
    rows: list[Row],
    fields: Mapping[str, Sequence[str]],
    required: Sequence[str],
    source: str,
) -> Table:
    """Find the header row (the first of the top rows naming every required field)."""
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
            if unknown:
                log.warning("%s: columns not read: %s", source, ", ".join(unknown))
            data = [(n, v) for n, v in rows if n > number and any(_filled(x) for x in v)]
            return Table(source, number, columns, headers, data)
        if best is None or len(columns) > len(best[1]):
            best = (number, columns, headers)
    where = f"{source}, row {best[0]}" if best and best[1] else source
    found = best[1] if best else {}
    missing = [name for name in required if name not in found]
    expected = "; ".join(f"{name}: {' / '.join(fields[name][:2])}" for name in required)
    raise RosterInputError(
        f"missing column(s) {', '.join(f'{m} ({fields[m][0]})' for m in missing)}; the header "
        f"row must name {expected}",
        source=where,
    )


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


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
