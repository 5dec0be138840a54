"""Stations and leave lists as files (YAML or TOML), read and written safely."""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import logging
import os
import stat
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.ledger import Ledger
from rosterkit.station import Station

log = logging.getLogger(__name__)

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


LEDGER_SUFFIXES = (".yaml", ".yml", ".json")
"""Formats a ledger is written in (and read back from next month), chosen by its name."""


def check_ledger_name(path: str | os.PathLike[str]) -> None:
    """A ledger is read back next month, so it must be named for a format it is written in."""
    suffix = Path(path).suffix.lower()
    if suffix not in LEDGER_SUFFIXES:
        raise RosterInputError(
            f"a ledger is written back as YAML or JSON, not '{suffix or '(no extension)'}'; "
            "name it ….yaml or ….json",
            source=str(path),
        )


def ledger_text(ledger: Ledger, path: str | os.PathLike[str]) -> str:
    """The ledger in the format `path` names (YAML or JSON), sorted for a stable diff."""
    check_ledger_name(path)
    data = ledger.model_dump(mode="json")
    if Path(path).suffix.lower() == ".json":
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True)


def station_to_yaml(station: Station) -> str:
    data = station.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


_TMP_MARK = "rosterkit"
"""Temporary files are named ``.NAME.rosterkit-PID-RANDOM.tmp`` beside their target, so a
later write can tell its own stale ones (of a process that no longer runs) and remove them."""

_batch: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("rosterkit_batch", default=None)


def check_writable(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Fail, before any work is done, if writing `path` would fail or replace a file unasked.

    An existing file is replaced only with `overwrite`, and never when it is read-only (no write
    permission for its owner) or not a regular file; the folder must exist and be writable.
    """
    target = Path(path)
    source = str(target)
    if target.name == "":
        raise RosterInputError("the file name is empty; give a file name", source=source)
    if target.is_dir():
        raise RosterInputError("is a folder; give a file name", source=source)
    if target.exists() or target.is_symlink():
        if not overwrite:
            raise RosterInputError(
                "file exists and is kept; choose another name, or replace it with --force",
                source=source,
            )
        if not target.exists():
            raise RosterInputError("is a broken symbolic link; remove it first", source=source)
        mode = target.stat().st_mode
        if not stat.S_ISREG(mode):
            raise RosterInputError("is not a regular file; choose another name", source=source)
        if not mode & stat.S_IWUSR:
            raise RosterInputError(
                "file is read-only and is kept; make it writable (chmod u+w) or choose "
                "another name",
                source=source,
            )
    folder = target.parent
    if not folder.is_dir():
        raise RosterInputError("folder does not exist; create it first", source=source)
    if not folder.stat().st_mode & stat.S_IWUSR or not os.access(folder, os.W_OK | os.X_OK):
        raise RosterInputError(
            f"folder {folder} is read-only; choose a writable folder", source=source
        )
    return target


def _remove_stale_temporaries(target: Path) -> None:
    """Remove temporary files of `target` left by a rosterkit process that was killed."""
    prefix = f".{target.name}.{_TMP_MARK}-"
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.{_TMP_MARK}-*.tmp"):
        pid_text = tmp.name.removeprefix(prefix).split("-", 1)[0]
        if pid_text.isdigit() and not _running(int(pid_text)):
            with contextlib.suppress(OSError):
                tmp.unlink()
                log.info("removed %s, left by an interrupted write", tmp)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: str | os.PathLike[str],
    write: Callable[[Path], None],
    *,
    overwrite: bool = False,
) -> Path:
    """Write through `write(tmp_path)` to a temporary file beside `path`, then rename it.

    An existing file is kept unless `overwrite` (and a read-only one always, see
    `check_writable`); a failed write leaves nothing behind and names `path`, not the temporary
    file. Inside `all_or_none()` the rename waits until every file of the block is written.
    """
    target = check_writable(path, overwrite=overwrite)
    _remove_stale_temporaries(target)
    handle, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.{_TMP_MARK}-{os.getpid()}-", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(tmp, _default_mode())
        staged = _batch.get()
        if staged is None:
            os.replace(tmp, target)
        else:
            staged.append((tmp, target))
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise RosterInputError(
            f"cannot write the file ({error.strerror or error})", source=str(target)
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


@contextlib.contextmanager
def all_or_none() -> Iterator[None]:
    """Write every file of the block, or none: `write_atomic` calls inside it write their
    temporary files, and only when the block ends without an error are they all renamed into
    place; otherwise they are removed and every old file stays as it was."""
    staged: list[tuple[Path, Path]] = []
    token = _batch.set(staged)
    try:
        yield
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _batch.reset(token)
    for tmp, target in staged:
        try:
            os.replace(tmp, target)
        except OSError as error:
            for left, _ in staged:
                left.unlink(missing_ok=True)
            raise RosterInputError(
                f"cannot write the file ({error.strerror or error})", source=str(target)
            ) from None


def write_text_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = False) -> Path:
    """Write UTF-8 text atomically (see `write_atomic`)."""

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomic(path, write, overwrite=overwrite)
