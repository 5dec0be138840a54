"""The brigade's data as files: one workbook with a sheet per table, or a folder of CSV files
(one per table), read with every bad value named by file, row and column; and the templates
`rosterkit brigade init` writes (the built-in brigade, to edit).

Tables (sheet or file name, English or Chinese): grids 网格, units 单位, squads 小队, areas 区域,
routes 线路, checkpoints 打卡点, modes 巡逻方式, groups 功能小组, weights 考核权重 and settings
设置 (key and value rows: the brigade's id, name, name_en, station, and `Settings`).
Lists in a cell (a route's checkpoints, a mode's windows) are separated by ';'.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rosterkit.brigade.data import (
    Area,
    Brigade,
    Checkpoint,
    FunctionalGroup,
    Grid,
    PatrolMode,
    Route,
    Settings,
    Squad,
    Strict,
    Unit,
    Window,
    cross_references,
)
from rosterkit.errors import RosterInputError

LIST_SEPARATORS = (";", "；", "、")


def _split(value: str) -> list[str]:
    for separator in LIST_SEPARATORS[1:]:
        value = value.replace(separator, ";")
    return [part.strip() for part in value.split(";") if part.strip()]


def _windows(value: str) -> list[dict[str, int]]:
    return [Window.parse(part).model_dump() for part in _split(value)]


@dataclass(frozen=True)
class Column:
    """A column of a table: field name, headers it is known by (the first one is written),
    whether it is required, and how a cell's text becomes the field's value."""

    field: str
    headers: tuple[str, ...]
    required: bool = True
    convert: Callable[[str], Any] | None = None
    show: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class TableSpec:
    """A table of the brigade file: its names and columns."""

    key: str
    names: tuple[str, ...]
    columns: tuple[Column, ...]
    model: type[Strict] | None

    @property
    def file_name(self) -> str:
        return f"{self.key}.csv"


def _join(values: Any) -> str:
    return ";".join(str(v) for v in values)


def _id(zh: str = "编号") -> Column:
    return Column("id", (zh, "id"))


def _name() -> Column:
    return Column("name", ("名称", "name"))


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "grids",
        ("网格", "grids"),
        (_id(), _name(), Column("community", ("社区", "community"))),
        Grid,
    ),
    TableSpec(
        "units",
        ("单位", "units"),
        (
            _id(),
            _name(),
            Column("guards", ("保安人数", "guards")),
            Column("hours_per_week", ("每周可出工时", "hours_per_week")),
            Column("grid", ("所在网格", "grid")),
            Column("lon", ("经度", "lon"), required=False),
            Column("lat", ("纬度", "lat"), required=False),
        ),
        Unit,
    ),
    TableSpec(
        "squads",
        ("小队", "squads"),
        (
            _id(),
            _name(),
            Column("unit", ("所属单位", "unit")),
            Column("members", ("队员人数", "members")),
            Column("group", ("功能小组", "group")),
        ),
        Squad,
    ),
    TableSpec(
        "areas", ("区域", "areas"), (_id(), _name(), Column("grid", ("所在网格", "grid"))), Area
    ),
    TableSpec(
        "routes",
        ("线路", "routes"),
        (
            _id(),
            _name(),
            Column("area", ("所属区域", "area")),
            Column("mode", ("巡逻方式", "mode")),
            Column("length_km", ("长度(公里)", "length_km")),
            Column("checkpoints", ("打卡点(按顺序)", "checkpoints"), convert=_split, show=_join),
            Column(
                "stops_km",
                ("打卡点里程(公里)", "stops_km"),
                required=False,
                convert=lambda v: [float(x) for x in _split(v)],
                show=_join,
            ),
        ),
        Route,
    ),
    TableSpec(
        "checkpoints",
        ("打卡点", "checkpoints"),
        (
            _id(),
            _name(),
            Column("lon", ("经度", "lon"), required=False),
            Column("lat", ("纬度", "lat"), required=False),
        ),
        Checkpoint,
    ),
    TableSpec(
        "modes",
        ("巡逻方式", "modes"),
        (
            _id(),
            _name(),
            Column("name_en", ("英文名称", "name_en")),
            Column("kind", ("类型", "kind")),
            Column(
                "windows",
                ("时段", "windows"),
                required=False,
                convert=_windows,
                show=lambda ws: ";".join(str(Window.model_validate(w)) for w in ws),
            ),
            Column("sessions_per_day", ("每日随机次数", "sessions_per_day"), required=False),
            Column("rounds", ("每次圈数", "rounds")),
            Column("guards", ("每组人数", "guards")),
            Column("pace_kmh", ("步速(公里/小时)", "pace_kmh")),
            Column("dwell_minutes", ("每点停留(分钟)", "dwell_minutes")),
        ),
        PatrolMode,
    ),
    TableSpec(
        "groups",
        ("功能小组", "groups"),
        (
            _id(),
            _name(),
            Column("name_en", ("英文名称", "name_en")),
            Column("task", ("任务", "task")),
            Column("modes", ("巡逻方式", "modes"), convert=_split, show=_join),
        ),
        None,
    ),
    TableSpec(
        "weights",
        ("考核权重", "weights"),
        (
            Column("group", ("功能小组", "group")),
            Column("indicator", ("指标", "indicator")),
            Column("weight", ("权重(%)", "weight")),
        ),
        None,
    ),
    TableSpec(
        "settings",
        ("设置", "settings"),
        (Column("key", ("项目", "key")), Column("value", ("值", "value"))),
        None,
    ),
)
TABLE_BY_KEY = {t.key: t for t in TABLES}
ABOUT_KEYS = ("id", "name", "name_en", "station")
"""Settings rows that describe the brigade itself rather than `Settings`."""


@dataclass
class _Rows:
    """A table's rows as field -> text, with the place of each row and column for messages."""

    spec: TableSpec
    source: str
    records: list[tuple[int, dict[str, str]]]
    column_letters: dict[str, str]

    def where(self, row: int, field: str | None = None) -> str:
        text = f"{self.source}, row {row}"
        if field is not None and field in self.column_letters:
            header = next(c.headers[0] for c in self.spec.columns if c.field == field)
            text += f", column {self.column_letters[field]} ({header})"
        return text


def _read_rows(path: Path, spec: TableSpec) -> _Rows:
    from openpyxl.utils import get_column_letter

    from rosterkit.excel.sources import read_table, text

    fields = {c.field: list(c.headers) for c in spec.columns}
    required = [c.field for c in spec.columns if c.required]
    table = read_table(path, fields, required, list(spec.names))
    records = []
    for number, values in table.rows:
        record = {}
        for column in spec.columns:
            cell = text(table.value(values, column.field))
            if cell != "":
                record[column.field] = cell
        records.append((number, record))
    letters = {name: get_column_letter(col) for name, col in table.columns.items()}
    return _Rows(spec, table.source, records, letters)


def _table_path(path: Path, spec: TableSpec) -> Path:
    if path.is_dir():
        for name in (spec.file_name, *(f"{n}.csv" for n in spec.names)):
            candidate = path / name
            if candidate.exists():
                return candidate
        raise RosterInputError(
            f"no {spec.file_name} (or {spec.names[0]}.csv) in the folder; every table of the "
            "brigade needs its file (see 'rosterkit brigade init')",
            source=str(path),
        )
    return path


def _model_error(error: ValidationError, rows: _Rows, number: int) -> RosterInputError:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else None
    message = str(first["msg"]).removeprefix("Value error, ")
    return RosterInputError(f"{message}; fix the value", source=rows.where(number, field))


def _convert(rows: _Rows, number: int, record: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for column in rows.spec.columns:
        if column.field not in record:
            if column.required:
                raise RosterInputError(
                    "empty; every row needs this value", source=rows.where(number, column.field)
                )
            continue
        value = record[column.field]
        if column.convert is not None:
            try:
                data[column.field] = column.convert(value)
            except ValueError as error:
                raise RosterInputError(
                    f"{error}; fix the value", source=rows.where(number, column.field)
                ) from None
        else:
            data[column.field] = value
    return data


def read_brigade(path: str | os.PathLike[str]) -> Brigade:
    """A brigade from a workbook (.xlsx, one sheet per table) or a folder of CSV files.

    Every bad value is reported with its file, row and column; broken references (a squad of an
    unknown unit, a checkpoint on no route) with the row of the item and the column at fault.
    """
    base = Path(path)
    if not base.exists():
        raise RosterInputError(
            "not found; give the brigade workbook or CSV folder", source=str(base)
        )
    read: dict[str, _Rows] = {}
    parts: dict[str, list[Any]] = {}
    places: dict[tuple[str, str], tuple[_Rows, int]] = {}
    for spec in TABLES:
        rows = _read_rows(_table_path(base, spec), spec)
        read[spec.key] = rows
        items: list[Any] = []
        for number, record in rows.records:
            data = _convert(rows, number, record)
            if spec.model is not None:
                try:
                    items.append(spec.model.model_validate(data))
                except ValidationError as error:
                    raise _model_error(error, rows, number) from None
            else:
                items.append(data)
            if "id" in data:
                places[spec.key, str(data["id"])] = (rows, number)
        parts[spec.key] = items
    about: dict[str, str] = {}
    settings: dict[str, str] = {}
    setting_rows = read["settings"]
    for (number, _), item in zip(setting_rows.records, parts["settings"], strict=True):
        key = item["key"]
        if key in ABOUT_KEYS:
            about[key] = item["value"]
        elif key in Settings.model_fields:
            settings[key] = item["value"]
        else:
            known = ", ".join([*ABOUT_KEYS, *Settings.model_fields])
            raise RosterInputError(
                f"unknown setting '{key}'; known: {known}", source=setting_rows.where(number, "key")
            )
    missing = [k for k in ABOUT_KEYS if k not in about]
    if missing:
        raise RosterInputError(
            f"no row for {', '.join(missing)}; the settings table names the brigade's "
            f"{', '.join(ABOUT_KEYS)}",
            source=setting_rows.source,
        )
    try:
        settings_model = Settings.model_validate(settings)
    except ValidationError as error:
        first = error.errors()[0]
        key = str(first["loc"][0])
        number = next(
            n
            for (n, _), i in zip(setting_rows.records, parts["settings"], strict=True)
            if i["key"] == key
        )
        raise RosterInputError(
            f"{key}: {first['msg']}; fix the value", source=setting_rows.where(number, "value")
        ) from None
    weights_rows = read["weights"]
    groups = []
    group_rows = read["groups"]
    for (number, _), group in zip(group_rows.records, parts["groups"], strict=True):
        shares = [
            {"indicator": w["indicator"], "weight": w["weight"]}
            for w in parts["weights"]
            if w["group"] == group["id"]
        ]
        try:
            groups.append(FunctionalGroup.model_validate({**group, "weights": shares}))
        except ValidationError as error:
            first = error.errors()[0]
            loc = first["loc"]
            field = str(loc[0]) if loc and loc[0] != "weights" else None
            message = str(first["msg"]).removeprefix("Value error, ")
            if loc and loc[0] == "weights":
                message += f" (weights of group {group['id']} in the weights table)"
            raise RosterInputError(
                f"{message}; fix the value", source=group_rows.where(number, field)
            ) from None
    data = {
        **about,
        "grids": parts["grids"],
        "units": parts["units"],
        "squads": parts["squads"],
        "areas": parts["areas"],
        "routes": parts["routes"],
        "checkpoints": parts["checkpoints"],
        "modes": parts["modes"],
        "groups": groups,
        "settings": settings_model,
    }
    group_ids = {str(g["id"]) for g in parts["groups"]}
    for (number, _), weight in zip(weights_rows.records, parts["weights"], strict=True):
        if weight["group"] not in group_ids:
            raise RosterInputError(
                f"unknown group '{weight['group']}'", source=weights_rows.where(number, "group")
            )
    constructed = Brigade.model_construct(**data)
    problems = cross_references(constructed)
    if problems:
        lines = []
        for problem in problems[:20]:
            table = "groups" if problem.table == "group" else f"{problem.table}s"
            spot = places.get((table, problem.item))
            if spot is None:
                lines.append(f"  {problem}")
            else:
                rows, number = spot
                lines.append(f"  {rows.where(number, problem.field)}: {problem.message}")
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise RosterInputError(
            "the tables do not agree; fix each place:\n" + "\n".join(lines) + more,
            source=str(base),
        )
    try:
        return Brigade.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        place = None
        if len(first["loc"]) >= 2 and first["loc"][0] == "groups":
            index = int(first["loc"][1])
            place = read["groups"].where(read["groups"].records[index][0])
        raise RosterInputError(f"{where}: {message}", source=place or str(base)) from None


def brigade_tables(brigade: Brigade) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Each table of the brigade as its headers and rows of cell values (for the templates)."""
    dumped = brigade.model_dump(mode="json")
    out: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for spec in TABLES:
        headers = [c.headers[0] for c in spec.columns]
        rows: list[list[Any]] = []
        if spec.key == "weights":
            rows = [
                [g["id"], w["indicator"], w["weight"]]
                for g in dumped["groups"]
                for w in g["weights"]
            ]
        elif spec.key == "settings":
            rows = [[k, dumped[k]] for k in ABOUT_KEYS]
            rows += [[k, v] for k, v in dumped["settings"].items()]
        else:
            for item in dumped[spec.key]:
                row = []
                for column in spec.columns:
                    value = item.get(column.field)
                    if value is not None and column.show is not None:
                        value = column.show(value)
                    if column.field == "sessions_per_day" and value == 0:
                        value = None
                    if column.field == "windows" and value == "":
                        value = None
                    row.append(value)
                rows.append(row)
        out[spec.key] = (headers, rows)
    return out


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A table as CSV text (UTF-8 with BOM, so Excel shows the Chinese headers)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return "\ufeff" + buffer.getvalue()


def write_brigade_workbook(path: Path, brigade: Brigade, *, overwrite: bool = False) -> Path:
    """The brigade as a workbook, one sheet per table, headers in Chinese."""
    from openpyxl import Workbook

    from rosterkit.excel.styles import BOLD, fill, put
    from rosterkit.io import write_atomic

    wb = Workbook()
    first = True
    for key, (headers, rows) in brigade_tables(brigade).items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = TABLE_BY_KEY[key].names[0]
        for col, header in enumerate(headers, start=1):
            cell = put(ws, 1, col, header)
            cell.font = BOLD
            cell.fill = fill("D9E1F2")
            ws.column_dimensions[cell.column_letter].width = max(12, len(header) * 2 + 2)
        for r, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                put(ws, r, col, value)
        ws.freeze_panes = "A2"
    return write_atomic(path, lambda tmp: wb.save(tmp), overwrite=overwrite)


def write_brigade_csv(folder: Path, brigade: Brigade, *, overwrite: bool = False) -> list[Path]:
    """The brigade as a folder of CSV files, one per table (created if need be)."""
    from rosterkit.io import write_text_atomic

    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_text_atomic(folder / TABLE_BY_KEY[key].file_name, csv_text(h, r), overwrite=overwrite)
        for key, (h, r) in brigade_tables(brigade).items()
    ]
