"""Files at the command line: which reader or writer a path needs, chosen by its suffix.

Stations are YAML, TOML or JSON (`rosterkit.io`). Officer lists are workbooks or CSV, leave lists
workbooks, CSV, YAML, TOML or JSON, rosters workbooks or long CSV or JSON tables
(`rosterkit.excel`, `rosterkit.tables`). Every reader raises `RosterInputError` naming the file,
the place and the fix; nothing here solves anything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from rosterkit import excel, io, tables
from rosterkit.calendar import Month
from rosterkit.cli.choices import Lang, OutputFormat
from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.result import Result
from rosterkit.roster import Roster
from rosterkit.station import Station
from rosterkit.stations import qianmen

STATION_FILE = "station.yaml"
TEMPLATE_FILES = ("officers.xlsx", "leave.xlsx")
"""What `rosterkit.excel.write_templates` writes, besides the station file that `init` writes."""

_DATA_SUFFIXES = (".yaml", ".yml", ".toml", ".json")
_TABLE_SUFFIXES = (".xlsx", ".csv")


def _unknown_type(path: Path, allowed: Sequence[str]) -> RosterInputError:
    return RosterInputError(
        f"unknown file type '{path.suffix}'; use {', '.join(allowed)}", source=str(path)
    )


def load_station(station_file: Path | None, officers_file: Path | None) -> Station:
    """The station file (or the built-in Qianmen station), with its officers replaced by those of
    `officers_file` when one is given."""
    if station_file is None:
        station = qianmen()
    else:
        station = io.load_station(station_file, officers_elsewhere=officers_file is not None)
    if officers_file is not None:
        station = excel.station_with_officers(station, excel.read_officers(officers_file, station))
    return station


def load_leave(path: Path | None, station: Station) -> list[Leave]:
    """Leave requests from a workbook or CSV table, or from a YAML, TOML or JSON list.

    Every request must name an officer of `station`; each one that does not is reported with
    its place in the file.
    """
    if path is None:
        return []
    suffix = path.suffix.lower()
    if suffix in _TABLE_SUFFIXES:
        return excel.read_leave(path, station)
    if suffix not in _DATA_SUFFIXES:
        raise _unknown_type(path, [*_TABLE_SUFFIXES, *_DATA_SUFFIXES])
    leave = io.load_leave(path)
    known = {officer.id for officer in station.officers}
    unknown = [
        f"  request {number}: unknown officer '{item.officer_id}'"
        for number, item in enumerate(leave, start=1)
        if item.officer_id not in known
    ]
    if unknown:
        raise RosterInputError(
            "leave for officers the station does not have; check each id against the "
            "station's officers:\n" + "\n".join(unknown),
            source=str(path),
        )
    return leave


def load_roster(path: Path, station: Station) -> Roster:
    """A roster from a workbook (also one edited by hand) or from a long CSV or JSON table."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return excel.read_roster(path, station)
    if suffix in (".csv", ".json"):
        return tables.read_roster_table(path, station)
    raise _unknown_type(path, [".xlsx", ".csv", ".json"])


def output_path(
    given: str | None, output_format: OutputFormat | None, month: Month
) -> tuple[Path, OutputFormat]:
    """Where `generate` writes and in which format.

    The format is `output_format`, else the suffix of `given`, else a workbook. Without
    `given`, or when it names a folder, the file is ``roster-YYYY-MM.<format>`` there.
    """
    if given is not None and not given.strip():
        raise RosterInputError("-o names no file; give a file or folder name, or leave -o out")
    output = Path(given) if given is not None else None
    if output is not None and not output.is_dir():
        try:
            implied = OutputFormat(output.suffix.lower().removeprefix("."))
        except ValueError:
            raise RosterInputError(
                f"cannot tell the format from '{output.suffix or 'no suffix'}'; "
                "end the name in .xlsx, .csv or .json, or give --format",
                source=str(output),
            ) from None
        if output_format is not None and output_format is not implied:
            raise RosterInputError(
                f"the name ends in .{implied.value} but --format is {output_format.value}; "
                "make them agree",
                source=str(output),
            )
        return output, implied
    chosen = output_format or OutputFormat.xlsx
    folder = output if output is not None else Path()
    return folder / f"roster-{month}.{chosen.value}", chosen


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, through symbolic links and hard links."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_outputs(
    outputs: Mapping[str, Path],
    inputs: Mapping[str, Path | None],
    *,
    force: bool,
    rewritten: Sequence[str] = (),
) -> None:
    """Fail before any work is done unless every output of a run can be written safely.

    `outputs` and `inputs` map an option (``-o``, ``--leave``) to its path. No output may be
    another output or an input of the same run (compared through links): ``--force`` replaces an
    old output, never an input. Outputs named in `rewritten` (the ledger, read and written back)
    are inputs of their own and may be replaced without ``--force``.
    """
    named = list(outputs.items())
    for index, (option, path) in enumerate(named):
        for other, earlier in named[:index]:
            if _same_file(path, earlier):
                raise RosterInputError(
                    f"is both the {other} and the {option} output; give each its own file",
                    source=str(path),
                )
        for other, given in inputs.items():
            if given is not None and other != option and _same_file(path, given):
                raise RosterInputError(
                    f"{option} names the {other} input of this run; an output never replaces an "
                    "input (not with --force either): choose another name",
                    source=str(path),
                )
        io.check_writable(path, overwrite=force or option in rewritten)


def write_roster(
    path: Path,
    output_format: OutputFormat,
    station: Station,
    result: Result,
    leave: Sequence[Leave],
    *,
    lang: Lang,
    force: bool,
) -> Path:
    """Write the result's roster atomically; returns the path written."""
    roster = result.roster
    if roster is None:
        raise ValueError("a result without a roster has nothing to write")
    if output_format is OutputFormat.xlsx:
        return excel.export_workbook(path, station, result, leave, lang=lang.value, overwrite=force)
    if output_format is OutputFormat.csv:
        return tables.write_long_csv(path, station, roster, overwrite=force)
    return tables.write_long_json(path, station, roster, overwrite=force)


def write_starter_files(
    directory: Path, station: Station, *, month: Month | None, force: bool
) -> list[Path]:
    """The station file and the officer and leave templates, in `directory` (created if need be);
    the leave template's example rows fall in `month`.

    Nothing is written if any of them exists, unless `force`.
    """
    if directory.exists() and not directory.is_dir():
        raise RosterInputError("is a file, not a folder; choose a folder", source=str(directory))
    targets = [directory / name for name in (STATION_FILE, *TEMPLATE_FILES)]
    existing = [target for target in targets if target.exists()]
    if existing and not force:
        names = ", ".join(target.name for target in existing)
        raise RosterInputError(
            f"{names} already there and kept; choose another folder, or replace them with --force",
            source=str(directory),
        )
    directory.mkdir(parents=True, exist_ok=True)
    text = io.station_without_officers_to_yaml(station, TEMPLATE_FILES[0])
    written = [io.write_text_atomic(targets[0], text, overwrite=force)]
    written += excel.write_templates(directory, station, month=month, overwrite=force)
    return written
