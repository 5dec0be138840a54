"""Stations and leave lists as files (YAML or TOML), read and written safely."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.ledger import Ledger
from rosterkit.station import Station

_LEAVE_LIST = TypeAdapter(list[Leave])


class _TextDateLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text, so pydantic validates them and a bad
    date is reported at its field instead of failing the whole file."""


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_mapping(path: Path) -> Any:
    if not path.exists():
        raise RosterInputError("file not found; check the path", source=str(path))
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RosterInputError(f"cannot read as UTF-8 text ({error})", source=str(path)) from None
    try:
        if suffix in (".yaml", ".yml"):
            return yaml.load(text, Loader=_TextDateLoader)  # a SafeLoader subclass
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise RosterInputError(
            f"not valid {suffix[1:].upper()}: {error}", source=str(path)
        ) from None
    raise RosterInputError(
        f"unknown file type '{suffix}'; use .yaml, .yml, .toml or .json", source=str(path)
    )


def describe_validation_error(error: ValidationError, source: str) -> RosterInputError:
    """One message naming every bad field by its path in the file."""
    lines = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"  at {where}: {item['msg']}")
    return RosterInputError("invalid content:\n" + "\n".join(lines), source=source)


def load_station(path: str | os.PathLike[str]) -> Station:
    """Read a station from YAML, TOML or JSON; errors name the file and the field."""
    path = Path(path)
    data = _read_mapping(path)
    if not isinstance(data, dict):
        raise RosterInputError("expected a mapping of station fields at the top", source=str(path))
    try:
        return Station.model_validate(data)
    except ValidationError as error:
        raise describe_validation_error(error, str(path)) from None


def load_leave(path: str | os.PathLike[str]) -> list[Leave]:
    """Read leave requests from YAML, TOML or JSON: a list, or a mapping with key ``leave``."""
    path = Path(path)
    data = _read_mapping(path)
    if isinstance(data, dict):
        data = data.get("leave", [])
    try:
        return _LEAVE_LIST.validate_python(data or [])
    except ValidationError as error:
        raise describe_validation_error(error, str(path)) from None


def fingerprint(station: Station, month: str, leave: list[Leave]) -> str:
    """A short SHA-256 of the inputs of a solve, to tell which inputs made a roster."""
    payload = json.dumps(
        {
            "station": station.model_dump(mode="json"),
            "month": month,
            "leave": [item.model_dump(mode="json") for item in leave],
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def load_ledger(path: str | os.PathLike[str]) -> Ledger:
    """Read the station's carry-over ledger (YAML or JSON)."""
    path = Path(path)
    data = _read_mapping(path)
    try:
        return Ledger.model_validate(data)
    except ValidationError as error:
        raise describe_validation_error(error, str(path)) from None


def ledger_to_yaml(ledger: Ledger) -> str:
    return yaml.safe_dump(ledger.model_dump(mode="json"), allow_unicode=True, sort_keys=True)


def station_to_yaml(station: Station) -> str:
    data = station.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_atomic(
    path: str | os.PathLike[str],
    write: Callable[[Path], None],
    *,
    overwrite: bool = False,
) -> Path:
    """Write through `write(tmp_path)` to a temporary file beside `path`, then rename it.

    An existing file is kept unless `overwrite`; a failed write leaves nothing behind.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise RosterInputError(
            "file exists; choose another name or allow overwriting (--force)", source=str(target)
        )
    if not target.parent.exists():
        raise RosterInputError("folder does not exist; create it first", source=str(target))
    handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def write_text_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write UTF-8 text atomically (see `write_atomic`)."""

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomic(path, write, overwrite=overwrite)
