"""Files at the command line: which reader or writer a path needs, chosen by its suffix.

The station, officer, leave and roster files are read by the library's readers
(`rosterkit.inputs`, which the batch's workers use too): stations are YAML, TOML or JSON, officer
lists workbooks or CSV, leave lists workbooks, CSV, YAML, TOML or JSON, rosters workbooks or long
CSV or JSON tables. Every reader raises `RosterInputError` naming the file, the place and the
fix; here are the outputs' names and checks and the writers. Nothing here solves anything.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from rosterkit import excel, io, tables
from rosterkit.calendar import Month
from rosterkit.cli.choices import Lang, OutputFormat
from rosterkit.errors import RosterInputError
from rosterkit.inputs import load_leave, load_roster, load_station
from rosterkit.leave import Leave
from rosterkit.result import Result
from rosterkit.station import Station

STATION_FILE = "station.yaml"
TEMPLATE_FILES = ("officers.xlsx", "leave.xlsx")
"""What `rosterkit.excel.write_templates` writes, besides the station file that `init` writes."""

__all__ = [
    "STATION_FILE",
    "TEMPLATE_FILES",
    "check_outputs",
    "load_leave",
    "load_roster",
    "load_station",
    "output_path",
    "write_roster",
    "write_starter_files",
]


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
