"""The station and the leave list inside the month's workbook, so that it can be checked alone.

`write_embedded_station` adds a very hidden sheet ``_station`` (Excel shows it in no menu; only
code can unhide it) holding the station as YAML (`rosterkit.io.station_to_yaml`) and the leave
list the roster was made with, as YAML too. Each text is split in chunks of `CHUNK_CHARS`, one
per row: part name in column A, chunk number in B, text in C.

`read_embedded_station` reads them back with the care of any other input: the text is bounded
(`MAX_EMBEDDED_CHARS`), parsed by a safe YAML loader that refuses anchors, aliases and deep
nesting, and validated by the pydantic models; a problem is a `RosterInputError` naming the file
and sheet. A workbook written before this sheet existed gives None.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from pydantic import TypeAdapter, ValidationError

from rosterkit.errors import RosterInputError
from rosterkit.excel.sources import open_workbook, sheet_rows, text
from rosterkit.excel.styles import put
from rosterkit.io import describe_validation_error, station_to_yaml
from rosterkit.leave import Leave
from rosterkit.station import Station

__all__ = [
    "CHUNK_CHARS",
    "EMBEDDED_SHEET",
    "MAX_EMBEDDED_CHARS",
    "read_embedded_station",
    "write_embedded_station",
]

log = logging.getLogger(__name__)

EMBEDDED_SHEET = "_station"
"""Name of the very hidden sheet that carries the station and the leave list."""
CHUNK_CHARS = 8_000
"""Characters of text per cell: well below Excel's 32,767 (counted in UTF-16 units, so that
even text of characters outside the BMP fits)."""
MAX_EMBEDDED_CHARS = 4 * 2**20
"""Most characters of each part that are read (4 Mi): a station of 10,000 officers, the most the
schema allows, takes about 1.5 MB of YAML."""
MAX_NESTING = 32
"""Deepest nesting of lists and mappings read; a station needs five levels."""

_FORMAT = 1
_MARK = "rosterkit embedded inputs"
_STATION, _LEAVE = "station", "leave"
_LEAVE_LIST = TypeAdapter(list[Leave])


def write_embedded_station(workbook: Workbook, station: Station, leave: list[Leave] | None) -> None:
    """Add the very hidden sheet with `station` and `leave` (None: no list was given, and the
    roster's own leave cells are the record) to `workbook`."""
    ws = workbook.create_sheet(EMBEDDED_SHEET)
    ws.sheet_state = "veryHidden"
    put(ws, 1, 1, _MARK)
    put(ws, 1, 2, _FORMAT)
    put(ws, 1, 3, "rosterkit writes and reads this sheet; do not edit it")
    parts = [(_STATION, station_to_yaml(station))]
    if leave is not None:
        data = [item.model_dump(mode="json") for item in leave]
        parts.append((_LEAVE, yaml.safe_dump(data, allow_unicode=True, sort_keys=False)))
    row = 2
    for name, content in parts:
        chunks = [content[i : i + CHUNK_CHARS] for i in range(0, len(content), CHUNK_CHARS)]
        for number, chunk in enumerate(chunks or [""], start=1):
            put(ws, row, 1, name)
            put(ws, row, 2, number)
            put(ws, row, 3, chunk)
            row += 1


def read_embedded_station(
    path: str | os.PathLike[str],
) -> tuple[Station, list[Leave] | None] | None:
    """The station and leave list a workbook of `export_workbook` carries, or None for a
    workbook without them (written by an older rosterkit, or not by rosterkit).

    The leave list is None when the workbook was written without one; the roster's own leave
    cells are then the record, as `rosterkit.check` takes ``leave=None``. Damaged or oversized
    content is a `RosterInputError` naming the file and sheet.
    """
    path = Path(path)
    source = f"{path}, sheet {EMBEDDED_SHEET}"
    with open_workbook(path) as workbook:
        if EMBEDDED_SHEET not in workbook.sheetnames:
            return None
        rows = sheet_rows(workbook, EMBEDDED_SHEET, source)
    parts = _parts(rows, source)
    if _STATION not in parts:
        raise RosterInputError(
            "the sheet holds no station; export the workbook again", source=source
        )
    station_data = _parse(parts[_STATION], f"{source}, station")
    if not isinstance(station_data, dict):
        raise RosterInputError("expected a mapping of station fields", source=f"{source}, station")
    try:
        station = Station.model_validate(station_data)
    except ValidationError as error:
        raise describe_validation_error(error, f"{source}, station") from None
    leave: list[Leave] | None = None
    if _LEAVE in parts:
        leave_data = _parse(parts[_LEAVE], f"{source}, leave")
        try:
            leave = _LEAVE_LIST.validate_python([] if leave_data is None else leave_data)
        except ValidationError as error:
            raise describe_validation_error(error, f"{source}, leave") from None
    log.info("%s: read the station '%s' carried by the workbook", path, station.id)
    return station, leave


def _parts(rows: list[tuple[int, Any]], source: str) -> dict[str, str]:
    """The text of each part, its chunks joined in order; refused beyond the size limit."""
    if not rows or text(rows[0][1][0] if rows[0][1] else None) != _MARK:
        raise RosterInputError(
            "the sheet was not written by rosterkit; export the workbook again", source=source
        )
    chunks: dict[str, dict[int, str]] = {}
    sizes: dict[str, int] = {}
    for number, values in rows[1:]:
        cells = list(values) + [None] * 3
        name, index, content = cells[0], cells[1], cells[2]
        if name is None and index is None and content is None:
            continue
        if name not in (_STATION, _LEAVE) or not isinstance(index, int) or index < 1:
            raise RosterInputError(
                "not a part of the station or leave list; export the workbook again",
                source=f"{source}, row {number}",
            )
        piece = "" if content is None else str(content)
        sizes[name] = sizes.get(name, 0) + len(piece)
        if sizes[name] > MAX_EMBEDDED_CHARS:
            raise RosterInputError(
                f"the {name} text is more than {MAX_EMBEDDED_CHARS:,} characters; is it the "
                "workbook rosterkit wrote?",
                source=source,
            )
        if index in chunks.setdefault(name, {}):
            raise RosterInputError(
                f"chunk {index} of the {name} text is there twice; export the workbook again",
                source=f"{source}, row {number}",
            )
        chunks[name][index] = piece
    joined: dict[str, str] = {}
    for name, pieces in chunks.items():
        if sorted(pieces) != list(range(1, len(pieces) + 1)):
            raise RosterInputError(
                f"chunks of the {name} text are missing; export the workbook again",
                source=source,
            )
        joined[name] = "".join(pieces[i] for i in range(1, len(pieces) + 1))
    return joined


class _Loader(yaml.SafeLoader):
    """`yaml.SafeLoader` without anchors and aliases (rosterkit writes none, and they can make
    a few lines stand for billions of values) and with nesting bounded by `MAX_NESTING`."""

    peek_event: Callable[[], Any]  # of PyYAML's parser, untyped in the stubs

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: Any = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.YAMLError("anchors and aliases are not allowed here")
        nested = isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent))
        if nested:
            self._depth += 1
            if self._depth > MAX_NESTING:
                raise yaml.YAMLError(f"nested too deeply (more than {MAX_NESTING} levels)")
        try:
            return super().compose_node(parent, index)
        finally:
            if nested:
                self._depth -= 1


def _parse(content: str, source: str) -> Any:
    loader = _Loader(content)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        raise RosterInputError(f"not valid YAML: {_problem(error)}", source=source) from None
    except RecursionError:
        raise RosterInputError("not valid YAML: nested too deeply", source=source) from None
    finally:
        loader.dispose()


def _problem(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        return f"line {mark.line + 1}, column {mark.column + 1}: {error.problem}"
    return str(error)
