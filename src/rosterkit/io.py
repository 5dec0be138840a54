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
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import Field, TypeAdapter, ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from rosterkit.errors import RosterInputError
from rosterkit.leave import MAX_LEAVE_REQUESTS, Leave
from rosterkit.ledger import Ledger
from rosterkit.station import ABPair, Station

log = logging.getLogger(__name__)

_AB_PAIRS = TypeAdapter(list[ABPair])
_LEAVE_LIST = TypeAdapter(Annotated[list[Leave], Field(max_length=MAX_LEAVE_REQUESTS)])

MAX_DATA_FILE_BYTES = 8 * 2**20
"""Largest station, leave or ledger file that is read (8 MB). A station of 10,000 officers, the
most the schema allows, takes about 1.5 MB of YAML; a larger file is refused before it is parsed,
which would take minutes and gigabytes."""

MAX_NESTING = 32
"""Deepest nesting of lists and mappings in a data file; a station file needs five levels."""

MAX_YAML_NODES = 1_000_000
"""Most values in a YAML file, each alias counted as the value it repeats, so that a few lines of
aliases cannot stand for billions of values. The largest files the schemas allow hold about half
a million (50,000 leave requests); a station of 10,000 officers about 150,000."""

MAX_SHOWN_ERRORS = 20
"""Invalid fields listed in one message; the rest are counted."""

_DATA_SUFFIXES = (".yaml", ".yml", ".toml", ".json")
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TOO_DEEP = (
    f"nested too deeply (more than {MAX_NESTING} levels of lists and mappings); "
    "a station file needs five"
)
_LEAVE_SHAPE = (
    "a leave file holds a list of requests, or a mapping with the single key 'leave' "
    "holding that list"
)


class _DataError(Exception):
    """A problem found while parsing a data file, with its place; `_read_mapping` names the file."""


def _quoted(value: object, limit: int = 40) -> str:
    """`value` for a message: quoted, control characters escaped, long text cut short."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _at(mark: Any) -> str:
    """Where a PyYAML mark points, as 'line L, column C' (1-based)."""
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "?"


class _Checks(Composer, SafeConstructor):
    """What the data files' YAML loaders refuse beyond `yaml.SafeLoader`: a key given twice in a
    mapping (which would keep the last value silently), nesting deeper than `MAX_NESTING`, and
    more than `MAX_YAML_NODES` values once aliases are expanded."""

    peek_event: Callable[[], Any]  # of the parser the loaders mix in

    def _start_checks(self) -> None:
        self._depth = 0
        self._reach = 0
        self._values = 0
        # per anchored node (by id): the values it stands for and the levels of nesting it holds
        self._anchored: dict[int, tuple[int, int]] = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: Any = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            expanded = self._anchored.get(id(node))
            if expanded is None:
                raise _DataError(
                    f"{_at(event.start_mark)}: alias *{event.anchor} stands for a value that "
                    "contains it; write the value out"
                )
            values, levels = expanded
            self._count(values, event.start_mark)
            self._deepen(self._depth + levels, event.start_mark)
            return node
        collection = isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent))
        self._count(1, event.start_mark)
        before, outer_reach = self._values, self._reach
        self._reach = self._depth
        if collection:
            self._depth += 1
            self._deepen(self._depth, event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            if collection:
                self._depth -= 1
        levels = self._reach - self._depth
        self._reach = max(outer_reach, self._reach)
        if event.anchor is not None and node is not None:
            self._anchored[id(node)] = (self._values - before + 1, levels)
        return node

    def _count(self, values: int, mark: Any) -> None:
        self._values += values
        if self._values > MAX_YAML_NODES:
            raise _DataError(
                f"{_at(mark)}: more than {MAX_YAML_NODES:,} values (aliases counted as what they "
                "repeat); is it the right file?"
            )

    def _deepen(self, depth: int, mark: Any) -> None:
        self._reach = max(self._reach, depth)
        if depth > MAX_NESTING:
            raise _DataError(f"{_at(mark)}: {_TOO_DEEP}")

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        if isinstance(node, yaml.MappingNode):
            first: dict[Any, yaml.Node] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue  # '<<' merges another mapping, whose keys this one may override
                key = self.construct_object(key_node, deep=True)
                try:
                    earlier = first.setdefault(key, key_node)
                except TypeError:
                    continue  # an unhashable key, which the base class refuses
                if earlier is not key_node:
                    raise _DataError(
                        f"{_at(key_node.start_mark)}: key {_quoted(key)} is given twice (first at "
                        f"{_at(earlier.start_mark)}), and only one value can hold; keep one"
                    )
        return super().construct_mapping(node, deep=deep)


_NO_TIMESTAMPS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
"""Implicit resolvers without timestamps: dates stay text, so pydantic validates them and a bad
date is reported at its field instead of failing the whole file."""


class _TextDateLoader(_Checks, yaml.SafeLoader):
    """The pure-Python YAML loader with `_Checks`, dates left as text."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS

    def __init__(self, stream: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._start_checks()


_new_loader: Callable[[str], _Checks] = _TextDateLoader
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _FastTextDateLoader(_Checks, CParser, Resolver):
        """`_TextDateLoader` with libyaml's scanner and parser, four times as fast; the
        composer and constructor, where the checks are, stay those of PyYAML."""

        yaml_implicit_resolvers = _NO_TIMESTAMPS

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._start_checks()

    _new_loader = _FastTextDateLoader


class _DuplicateJsonKey(Exception):
    """A JSON object gives a key twice; `_load_json` then finds where."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateJsonKey
    return result


def _load_json(text: str) -> Any:
    """JSON with every object's keys distinct; a duplicate is refused with the object's place."""
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except _DuplicateJsonKey:
        pass
    # Parse again, slowly, with a scanner that knows where each object starts.
    decoder = json.JSONDecoder()
    parse_pairs = json.decoder.JSONObject  # type: ignore[attr-defined]

    def parse_object(
        s_and_end: tuple[str, int],
        strict: bool,
        scan_once: Any,
        hook: Any,
        pairs_hook: Any,
        memo: Any,
    ) -> tuple[dict[str, Any], int]:
        pairs, end = parse_pairs(s_and_end, strict, scan_once, hook, list, memo)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                start = s_and_end[1] - 1
                line = text.count("\n", 0, start) + 1
                column = start - text.rfind("\n", 0, start)
                raise _DataError(
                    f"line {line}, column {column}: the object starting here gives key "
                    f"{_quoted(key)} twice, and only one value can hold; keep one"
                )
            seen.add(key)
        return dict(pairs), end

    setattr(decoder, "parse_object", parse_object)  # noqa: B010 (no such attribute in the stubs)
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    decoder.decode(text)
    raise _DataError("an object gives a key twice, and only one value can hold; keep one")


def _check_nesting(data: Any) -> None:
    """Refuse data nested deeper than `MAX_NESTING` (a tree without shared parts)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_NESTING:
            raise _DataError(_TOO_DEEP)
        stack.extend((child, depth + 1) for child in children)


def _read_text(path: Path) -> str:
    """The file's text (UTF-8, with or without a byte-order mark), refused above the size limit."""
    source = str(path)
    limit = f"{MAX_DATA_FILE_BYTES // 2**20} MB"
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > MAX_DATA_FILE_BYTES else handle.read(MAX_DATA_FILE_BYTES + 1)
    except OSError as error:
        raise RosterInputError(
            f"cannot read the file ({error.strerror or error})", source=source
        ) from None
    if size > MAX_DATA_FILE_BYTES or len(raw) > MAX_DATA_FILE_BYTES:
        shown = f"{size / 2**20:.1f} MB" if size > MAX_DATA_FILE_BYTES else f"over {limit}"
        raise RosterInputError(
            f"the file is {shown}, more than the {limit} a station, leave or ledger file may "
            "have; check that it is the right file",
            source=source,
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterInputError("the file is UTF-16 text; save it as UTF-8", source=source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterInputError(
            f"not UTF-8 text (at byte {error.start}: {error.reason}); save the file as UTF-8",
            source=source,
        ) from None


def _parse(text: str, suffix: str) -> Any:
    if suffix in (".yaml", ".yml"):
        return _new_loader(text).get_single_data()  # safe: a SafeConstructor, see `_Checks`
    data = tomllib.loads(text) if suffix == ".toml" else _load_json(text)
    _check_nesting(data)
    return data


def _yaml_problem(error: yaml.YAMLError, text: str) -> str:
    """PyYAML's complaint as 'line L, column C: what' (its own text names no file)."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        if "maximum nesting depth" in (error.problem or ""):  # libyaml's own bound (1,000)
            return f"{_at(error.problem_mark)}: {_TOO_DEEP}"
        context = f"{error.context}, " if error.context else ""
        return f"{_at(error.problem_mark)}: {context}{error.problem}"
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1
        column = error.position - text.rfind("\n", 0, error.position)
        character = f"#x{error.character:04x}" if isinstance(error.character, int) else "?"
        return f"line {line}, column {column}: character {character}: {error.reason}; remove it"
    return str(error)


def _read_mapping(path: Path) -> Any:
    """The parsed content of a YAML, TOML or JSON data file; any problem is a `RosterInputError`
    naming the file and, where the parser knows it, the line and column."""
    source = str(path)
    if not path.exists():
        raise RosterInputError("file not found; check the path", source=source)
    suffix = path.suffix.lower()
    if suffix not in _DATA_SUFFIXES:
        raise RosterInputError(
            f"unknown file type '{suffix}'; use .yaml, .yml, .toml or .json", source=source
        )
    text = _read_text(path)
    kind = "YAML" if suffix == ".yml" else suffix[1:].upper()
    try:
        return _parse(text, suffix)
    except _DataError as error:
        problem = str(error)
    except yaml.YAMLError as error:
        problem = _yaml_problem(error, text)
    except RecursionError:
        problem = _TOO_DEEP
    except ValueError as error:  # TOMLDecodeError, JSONDecodeError and int() are ValueErrors
        problem = str(error)
        if "integer string conversion" in problem:
            problem = "a number has thousands of digits; write a number of ordinary size"
    raise RosterInputError(f"not valid {kind}: {problem}", source=source)


def describe_validation_error(
    error: ValidationError, source: str, *, prefix: tuple[str, ...] = ()
) -> RosterInputError:
    """One message naming every bad field by its path in the file (after `prefix`, where the
    validated data sits inside the file), at most `MAX_SHOWN_ERRORS` of them."""
    items = error.errors()
    lines = []
    for item in items[:MAX_SHOWN_ERRORS]:
        parts = [*prefix, *item["loc"]]
        where = ".".join(_field_name(part) for part in parts) or "(top level)"
        message = item["msg"]
        if item["type"] == "missing" and tuple(item["loc"]) == ("officers",):
            message = (
                "the station lists no officers; add them under 'officers', or pass the "
                "officer list with --officers"
            )
        if item["type"] in ("enum", "literal_error"):
            message = f"{message}; got {_quoted(item['input'])}"
        if item["type"] == "int_parsing_size":
            message = (
                "number far too large for this field; give one in its range (see rosterkit schema)"
            )
        lines.append(f"  at {where}: {message}")
    if len(items) > MAX_SHOWN_ERRORS:
        lines.append(f"  ... and {len(items) - MAX_SHOWN_ERRORS} more")
    return RosterInputError("invalid content:\n" + "\n".join(lines), source=source)


def _field_name(part: object) -> str:
    """A part of a field's path, as written in the file (quoted if it is unusual)."""
    text = str(part)
    return text if text.isprintable() and len(text) <= 40 and " " not in text else _quoted(text)


def load_station(path: str | os.PathLike[str], *, officers_elsewhere: bool = False) -> Station:
    """Read a station from YAML, TOML or JSON; errors name the file and the field.

    A station file may leave its officers out when they come from an officer list
    (`officers_elsewhere`, as ``rosterkit init`` writes it): the station is then returned with
    no officers and its A/B pairs unchecked, for `rosterkit.excel.station_with_officers` to
    fill in and check as a whole.
    """
    path = Path(path)
    data = _read_mapping(path)
    if not isinstance(data, dict):
        raise RosterInputError("expected a mapping of station fields at the top", source=str(path))
    elsewhere = "officers" not in data and officers_elsewhere
    pairs: Any = []
    if elsewhere:
        data = {**data, "officers": []}
        pairs = data.pop("ab_pairs", [])
    try:
        station = Station.model_validate(data)
    except ValidationError as error:
        raise describe_validation_error(error, str(path)) from None
    if not elsewhere:
        return station
    try:
        return station.model_copy(update={"ab_pairs": _AB_PAIRS.validate_python(pairs)})
    except ValidationError as error:
        raise describe_validation_error(error, str(path), prefix=("ab_pairs",)) from None


def station_without_officers_to_yaml(station: Station, officers_file: str) -> str:
    """The station as YAML without its officers, which `officers_file` beside it holds."""
    data = station.model_dump(mode="json", exclude_defaults=True, exclude={"officers"})
    note = (
        f"# The officers of this station are in {officers_file} beside this file: pass it with\n"
        f"# --officers {officers_file} (or list them here under 'officers').\n"
    )
    return note + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def load_leave(path: str | os.PathLike[str]) -> list[Leave]:
    """Read leave requests from YAML, TOML or JSON: a list, or a mapping with the single key
    ``leave`` holding the list (TOML: ``[[leave]]`` tables). An empty file is no leave; any
    other shape, or another key beside ``leave``, is refused rather than read as no leave."""
    path = Path(path)
    source = str(path)
    data = _read_mapping(path)
    if isinstance(data, dict):
        unknown = [key for key in data if key != "leave"]
        if unknown:
            names = ", ".join(_quoted(key) for key in unknown[:5])
            if "officer_id" in data:
                hint = "one request must still be in a list"
            elif len(data) == 1:
                hint = f"rename {names} to 'leave'"
            else:
                hint = f"remove {names}"
            raise RosterInputError(
                f"{_LEAVE_SHAPE}; found the unknown top-level key(s) {names}: {hint}",
                source=source,
            )
        data = data.get("leave")
    elif data is not None and not isinstance(data, list):
        raise RosterInputError(f"{_LEAVE_SHAPE}, not {_quoted(data)}", source=source)
    try:
        return _LEAVE_LIST.validate_python([] if data is None else data)
    except ValidationError as error:
        raise describe_validation_error(error, source) from None


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


def load_ledger(path: str | os.PathLike[str], station: Station | None = None) -> Ledger:
    """Read the station's carry-over ledger (YAML or JSON).

    With `station`, a ledger of another station or one holding officers the station does not
    have is refused too (`Ledger.check_officers`).
    """
    path = Path(path)
    data = _read_mapping(path)
    try:
        ledger = Ledger.model_validate(data)
    except ValidationError as error:
        raise describe_validation_error(error, str(path)) from None
    if station is not None:
        ledger.check_officers(station, source=str(path))
    return ledger


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
