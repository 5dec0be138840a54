"""The roster as a long table (one row per officer-day), written as CSV or JSON and read back.

Columns, in this order:

- ``officer_id``
- ``date``: ISO date, ``YYYY-MM-DD``
- ``duty_group``: the officer's duty group, empty (CSV) or null (JSON) for none
- ``state``: the officer's state that day: ``leave`` or ``off`` where the roster says so;
  otherwise the state of his duty group (``main``, ``deputy``, ``rest``) for an officer who
  rotates, and the state of the post he holds (``main``, ``deputy``, ``shift``) for one who
  does not
- ``post``: the slot code held (``desk``, ``ccar@qiandong``), empty when he holds none
- ``call_in``: ``true`` when an officer of the resting group holds a post

Rows are sorted by officer id and date and nothing depends on the clock, so the same roster
always gives the same bytes. Reading takes the value of each officer-day from ``post`` when it
is set and from ``state`` (``rest``, ``leave`` or ``off``) otherwise; ``call_in`` is derived
data and is ignored on reading.

CSV files are opened in spreadsheets, so a text cell of the CSV that a spreadsheet would take
for a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written
with a leading apostrophe, which reading takes off again (`rosterkit.cells`). Numbers and dates
are written as they are, and JSON holds every value as it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import os
from collections import Counter
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rosterkit.calendar import Month
from rosterkit.cells import neutralise, restore
from rosterkit.duties import LEAVE, NON_POST_VALUES, OFF, is_call_in, slot_map
from rosterkit.errors import RosterInputError
from rosterkit.io import write_atomic
from rosterkit.roster import Roster
from rosterkit.station import Station

__all__ = [
    "COLUMNS",
    "LongRow",
    "long_rows",
    "read_roster_table",
    "roster_from_records",
    "write_long_csv",
    "write_long_json",
]

log = logging.getLogger(__name__)

COLUMNS = ("officer_id", "date", "duty_group", "state", "post", "call_in")
"""Columns of the long table, in order."""

MAX_TABLE_BYTES = 64 * 1024 * 1024
"""Largest table file read; a month of a large station is a few megabytes."""


@dataclass(frozen=True, order=True)
class LongRow:
    """One officer-day of the long table."""

    officer_id: str
    date: dt.date
    duty_group: int | None
    state: str
    post: str
    call_in: bool


def long_rows(station: Station, roster: Roster) -> list[LongRow]:
    """Every officer-day of the roster, sorted by officer id and date."""
    slots = slot_map(station)
    known = {officer.id: officer for officer in station.officers}
    rows: list[LongRow] = []
    for officer_id, cells in roster.cells.items():
        officer = known.get(officer_id)
        rotates = officer is not None and station.rotates(officer)
        group = roster.groups.get(officer_id)
        for day, value in cells.items():
            slot = slots.get(value)
            duty_state = (
                station.rotation.state(group, day)
                if rotates and group is not None and 1 <= group <= station.rotation.groups
                else None
            )
            group_state = None if duty_state is None else duty_state.value
            if value in (LEAVE, OFF):
                state = value
            elif group_state is not None:
                state = group_state
            elif slot is not None:
                state = slot.state.value
            else:
                state = value if value in NON_POST_VALUES else OFF
            rows.append(
                LongRow(
                    officer_id=officer_id,
                    date=day,
                    duty_group=group,
                    state=state,
                    post=slot.code if slot is not None else "",
                    call_in=is_call_in(duty_state, slot is not None),
                )
            )
    rows.sort(key=lambda row: (row.officer_id, row.date))
    return rows


def _record(row: LongRow) -> dict[str, Any]:
    return {
        "officer_id": row.officer_id,
        "date": row.date.isoformat(),
        "duty_group": row.duty_group,
        "state": row.state,
        "post": row.post,
        "call_in": row.call_in,
    }


def long_csv_text(station: Station, roster: Roster) -> str:
    """The long table as CSV text: a header line, then one line per officer-day ('\\n' ends).

    Text that a spreadsheet would take for a formula gets a leading apostrophe.
    """
    lines = [_csv_line(COLUMNS)]
    for row in long_rows(station, roster):
        lines.append(
            _csv_line(
                [
                    neutralise(row.officer_id),
                    row.date.isoformat(),
                    "" if row.duty_group is None else row.duty_group,
                    neutralise(row.state),
                    neutralise(row.post),
                    "true" if row.call_in else "false",
                ]
            )
        )
    return "".join(lines)


def _csv_line(cells: Iterable[object]) -> str:
    """One CSV line ending in '\\n', with a cell quoted when it holds a line break of any kind.

    A writer ending lines with '\\n' alone would leave a carriage return inside a cell unquoted,
    and a reader would break the line there; so the line is written with '\\r\\n' and ends
    with '\\n' instead.
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue().removesuffix("\r\n") + "\n"


def long_json_text(station: Station, roster: Roster) -> str:
    """The long table as JSON: station id, month, columns and one object per officer-day."""
    document = {
        "station_id": roster.station_id,
        "month": roster.month,
        "columns": list(COLUMNS),
        "rows": [_record(row) for row in long_rows(station, roster)],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def write_long_csv(
    path: str | os.PathLike[str], station: Station, roster: Roster, overwrite: bool = False
) -> Path:
    """Write the long table as UTF-8 CSV, atomically; an existing file needs `overwrite`."""
    return _write_text(path, long_csv_text(station, roster), overwrite)


def write_long_json(
    path: str | os.PathLike[str], station: Station, roster: Roster, overwrite: bool = False
) -> Path:
    """Write the long table as UTF-8 JSON, atomically; an existing file needs `overwrite`."""
    return _write_text(path, long_json_text(station, roster), overwrite)


def _write_text(path: str | os.PathLike[str], text: str, overwrite: bool) -> Path:
    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode("utf-8"))

    return write_atomic(path, write, overwrite=overwrite)


# --- reading ---------------------------------------------------------------------------------


def read_roster_table(path: str | os.PathLike[str], station: Station) -> Roster:
    """Read a long table written by `write_long_csv` or `write_long_json` back into a Roster.

    Errors name the file, the row and the column, and say how to fix them.
    """
    path = Path(path)
    text = _read_text(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _csv_records(text, str(path))
    elif suffix == ".json":
        records = _json_records(text, str(path), station.id)
    else:
        raise RosterInputError(
            f"unknown file type '{suffix or '(none)'}'; read a long table from .csv or .json",
            source=str(path),
        )
    return roster_from_records(records, station, source=str(path))


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise RosterInputError("file not found; check the path", source=str(path))
    if path.stat().st_size > MAX_TABLE_BYTES:
        raise RosterInputError(
            f"file is larger than {MAX_TABLE_BYTES // 2**20} MB; is it the right file?",
            source=str(path),
        )
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise RosterInputError(
            "a NUL byte: this is not a text table (UTF-16, or a binary file?); save the roster "
            "as CSV UTF-8 or JSON",
            source=f"{path}, line {line}",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise RosterInputError(
            "cannot read the text (neither UTF-8 nor GB18030); save it as UTF-8",
            source=str(path),
        ) from None


Record = tuple[str, Mapping[str, object]]
"""A table row and where it came from ('file, row N')."""


def _csv_records(text: str, source: str) -> list[Record]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = list(reader)
    except csv.Error as error:
        raise RosterInputError(f"not valid CSV ({error})", source=source) from None
    if not lines:
        raise RosterInputError("the file is empty; expected a header line", source=source)
    header = [cell.strip().lstrip("\ufeff") for cell in lines[0]]
    _require_columns(header, f"{source}, row 1")
    records: list[Record] = []
    for number, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        cells = [restore(cell) for cell in line]  # the apostrophes `long_csv_text` added
        records.append((f"{source}, row {number}", dict(zip(header, cells, strict=False))))
    return records


def _json_records(text: str, source: str, station_id: str) -> list[Record]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RosterInputError(f"not valid JSON ({error})", source=source) from None
    except RecursionError:
        raise RosterInputError(
            "nested too deeply to be a roster table; is it the right file?", source=source
        ) from None
    if isinstance(document, dict) and document.get("station_id") not in (None, station_id):
        raise RosterInputError(
            f"the table is for station '{document['station_id']}', not '{station_id}'; read it "
            "with the station it was written for",
            source=source,
        )
    rows = document.get("rows") if isinstance(document, dict) else document
    if not isinstance(rows, list):
        raise RosterInputError(
            "expected an object with a list 'rows' (or a list of rows) at the top", source=source
        )
    records: list[Record] = []
    for number, row in enumerate(rows, start=1):
        where = f"{source}, rows[{number - 1}]"
        if not isinstance(row, dict):
            raise RosterInputError("each row must be an object of the columns", source=where)
        _require_columns(list(row), where)
        records.append((where, row))
    return records


def _require_columns(header: Iterable[str], source: str) -> None:
    missing = [column for column in ("officer_id", "date", "state", "post") if column not in header]
    if missing:
        raise RosterInputError(
            f"missing column(s) {', '.join(missing)}; the long table has the columns "
            f"{', '.join(COLUMNS)}",
            source=source,
        )


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _key(value: object, known: Container[str]) -> str:
    """An id or code as written when it is a known one (it may begin with a tab), else trimmed."""
    return value if isinstance(value, str) and value in known else _text(value)


def roster_from_records(
    records: Iterable[Record], station: Station, *, source: str | None = None
) -> Roster:
    """A Roster from long-table rows (`(where, mapping)` pairs); checks ids, dates and posts.

    The month is the one most rows fall in; a row of another month is an error. `source` names
    the table when it holds no rows at all.
    """
    slots = slot_map(station)
    known = {officer.id for officer in station.officers}
    dated: list[tuple[str, Mapping[str, object], dt.date]] = []
    for where, record in records:
        officer_id = _key(record.get("officer_id"), known)
        if officer_id not in known:
            raise RosterInputError(
                f"column officer_id: unknown officer '{officer_id}'; use an id of station "
                f"'{station.id}' or remove the row",
                source=where,
            )
        dated.append((where, record, _date(record.get("date"), f"{where}, column date")))
    if not dated:
        raise RosterInputError(
            "the table holds no rows; write one row per officer-day", source=source
        )
    months = Counter(Month(day.year, day.month) for _, _, day in dated)
    month = months.most_common(1)[0][0]
    cells: dict[str, dict[dt.date, str]] = {}
    groups: dict[str, int] = {}
    group_source: dict[str, str] = {}
    for where, record, day in dated:
        officer_id = _key(record.get("officer_id"), known)
        if day not in month:
            raise RosterInputError(
                f"column date: {day} lies outside {month}, the month of the other rows; a table "
                "holds one month",
                source=where,
            )
        post = _key(record.get("post"), slots)
        state = _text(record.get("state")).lower()
        if post:
            if post not in slots:
                raise RosterInputError(
                    f"column post: unknown post '{post}'; use one of {', '.join(slots)}",
                    source=where,
                )
            value = post
        elif state in NON_POST_VALUES:
            value = state
        else:
            raise RosterInputError(
                f"column state: '{state}' without a post; write the post code, or a state of "
                "rest, leave or off",
                source=where,
            )
        row = cells.setdefault(officer_id, {})
        if day in row:
            raise RosterInputError(
                f"officer '{officer_id}' has a second row for {day}; keep one", source=where
            )
        row[day] = value
        group = _group(record.get("duty_group"), f"{where}, column duty_group")
        if group is not None:
            if groups.get(officer_id, group) != group:
                raise RosterInputError(
                    f"officer '{officer_id}' is in duty group {group} here but in "
                    f"{groups[officer_id]} at {group_source[officer_id]}; give one group",
                    source=where,
                )
            groups[officer_id] = group
            group_source.setdefault(officer_id, where)
    log.debug("read %d officer-days of %s", len(dated), month)
    return Roster(station_id=station.id, month=str(month), groups=groups, cells=cells)


def _date(value: object, source: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RosterInputError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, for example 2026-12-01",
            source=source,
        ) from None


def _group(value: object, source: str) -> int | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, bool):
        raise RosterInputError(f"'{value}' is not a duty group number", source=source)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    if text.isdigit():
        return int(text)
    raise RosterInputError(
        f"'{text}' is not a duty group number; write 1, 2 or 3, or leave it empty", source=source
    )
