"""A district's folder: which files belong to which station, and what a station's inputs are.

The naming convention (also in ``docs/batch.md``): every station is one station file named
``NAME.yaml`` (or ``.yml``, ``.toml``, ``.json``), where NAME holds no dot; the files beside it
that start with ``NAME.`` are its parts:

=====================  ====================================================  ==========
file                   what it holds                                         needed
=====================  ====================================================  ==========
``NAME.yaml``          the station (`rosterkit.io.load_station`)             yes
``NAME.officers.xlsx`` the officer list, replacing the station's (or .csv)  no
``NAME.leave.xlsx``    leave requests (or .csv, .yaml, .yml, .toml, .json)  no
``NAME.previous.xlsx`` last month's roster (or .csv, .json); without it,    no
                       last month's batch workbook (`rosterkit.batch.run`)
``NAME.ledger.yaml``   the year's ledger (or .yml, .json): read, then        no
                       written back with the month added
=====================  ====================================================  ==========

Only the folder's own files are read, not those of its subfolders (the outputs go to one).
Files whose names start with ``.`` or ``~`` (hidden files, Excel's lock files) are left alone,
as are files of other kinds (a README). A part without its station file, a part of an unknown
kind (``NAME.leaves.xlsx``) and two files for one part are each a station's problem, reported
for that station, not for the whole folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from rosterkit.errors import RosterInputError

__all__ = [
    "PART_SUFFIXES",
    "STATION_SUFFIXES",
    "FolderScan",
    "Part",
    "StationFiles",
    "content_hash",
    "inputs_hash",
    "scan_folder",
]

STATION_SUFFIXES = (".yaml", ".yml", ".toml", ".json")
"""Suffixes of a station file."""


class Part(StrEnum):
    """A station's input files, by the word after ``NAME.`` in their names."""

    station = "station"
    officers = "officers"
    leave = "leave"
    previous = "previous"
    ledger = "ledger"


PART_SUFFIXES: Mapping[Part, tuple[str, ...]] = {
    Part.station: STATION_SUFFIXES,
    Part.officers: (".xlsx", ".csv"),
    Part.leave: (".xlsx", ".csv", ".yaml", ".yml", ".toml", ".json"),
    Part.previous: (".xlsx", ".csv", ".json"),
    Part.ledger: (".yaml", ".yml", ".json"),
}
"""The file types each part may be written in."""

_KNOWN_SUFFIXES = frozenset(suffix for suffixes in PART_SUFFIXES.values() for suffix in suffixes)


@dataclass(frozen=True)
class StationFiles:
    """One station of the folder: its name (the file name before the first dot), its files by
    part, and the problems its files have (each a sentence naming the file and the fix)."""

    name: str
    files: Mapping[Part, Path] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def station_file(self) -> Path | None:
        return self.files.get(Part.station)


@dataclass(frozen=True)
class FolderScan:
    """The stations of a folder, sorted by name."""

    folder: Path
    stations: tuple[StationFiles, ...]


def _problem_of(path: Path, part_word: str, suffix: str) -> str | None:
    """Why `path` cannot be the part `part_word` of its station, or None if it can."""
    try:
        part = Part(part_word)
    except ValueError:
        known = ", ".join(
            f"NAME.{p.value}{PART_SUFFIXES[p][0]}" for p in Part if p is not Part.station
        )
        return (
            f"{path.name}: unknown kind of file '{part_word}'; name a station's files "
            f"NAME.yaml, {known} (see docs/batch.md)"
        )
    if part is Part.station:
        return f"{path.name}: name the station file NAME{suffix}, without '.station'"
    if suffix not in PART_SUFFIXES[part]:
        allowed = ", ".join(PART_SUFFIXES[part])
        return f"{path.name}: the {part.value} file is {allowed}, not '{suffix}'"
    return None


def scan_folder(folder: str | Path) -> FolderScan:
    """The stations of `folder` by the naming convention (see the module's docstring).

    Raises `RosterInputError` when `folder` is not a folder or holds no station file; the
    problems of single stations are reported in their `StationFiles.problems` instead.
    """
    root = Path(folder)
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        raise RosterInputError(f"{what}; give the folder of the station files", source=str(root))
    found: dict[str, dict[Part, list[Path]]] = {}
    problems: dict[str, list[str]] = {}
    for path in sorted(root.iterdir()):
        if path.name.startswith((".", "~")) or not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix not in _KNOWN_SUFFIXES:
            continue
        name, _, middle = path.name[: -len(path.suffix)].partition(".")
        if not name:
            continue
        if not middle:
            if suffix in STATION_SUFFIXES:
                found.setdefault(name, {}).setdefault(Part.station, []).append(path)
            continue
        problem = _problem_of(path, middle, suffix)
        if problem is not None:
            problems.setdefault(name, []).append(problem)
            continue
        found.setdefault(name, {}).setdefault(Part(middle), []).append(path)
    stations: list[StationFiles] = []
    for name in sorted(found.keys() | problems.keys()):
        parts = found.get(name, {})
        notes = list(problems.get(name, []))
        if Part.station not in parts:
            given = ", ".join(path.name for paths in parts.values() for path in paths)
            notes.insert(
                0,
                f"no station file {name}.yaml (or .yml, .toml, .json) for {given or 'these files'};"
                " add it, or rename the files to the station's name",
            )
        for part, paths in parts.items():
            if len(paths) > 1:
                names = " and ".join(path.name for path in paths)
                notes.append(f"{names} are both the {part.value} file of '{name}'; keep one")
        files = {part: paths[0] for part, paths in parts.items()}
        stations.append(StationFiles(name=name, files=files, problems=tuple(notes)))
    if not stations:
        raise RosterInputError(
            "holds no station file; put each station's NAME.yaml (or .toml, .json) in it, "
            "with its NAME.officers.xlsx and NAME.leave.xlsx beside it (see docs/batch.md)",
            source=str(root),
        )
    return FolderScan(folder=root, stations=tuple(stations))


def content_hash(data: bytes | str) -> str:
    """A short SHA-256 of file content (16 hex digits), as `rosterkit.io.fingerprint` makes."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:16]


def inputs_hash(month: str, settings: Mapping[str, object], contents: Mapping[str, str]) -> str:
    """The fingerprint of a station's run: the month, the settings that shape its roster and
    workbook, and the hash of each input file by part (the ledger apart, see
    `rosterkit.batch.marks`)."""
    payload = json.dumps(
        {"month": month, "settings": settings, "files": contents},
        sort_keys=True,
        ensure_ascii=False,
    )
    return content_hash(payload)
