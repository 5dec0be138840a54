"""The commands for a published month: replan, swap, calendar.

- ``rosterkit replan ROSTER --change changes.yaml --from 2026-12-12`` re-rosters from a day with
  the fewest changed officer-days (`rosterkit.replan`) and writes the next revision;
- ``rosterkit swap ROSTER --officer P015 --day 2026-12-12 [--apply N]`` lists checked swaps
  (`rosterkit.swaps`) and writes the chosen one as the next revision;
- ``rosterkit calendar ROSTER -o DIR`` writes one iCalendar file per officer (`rosterkit.ics`).

The commands are registered on the main app by `rosterkit.cli.app`; like the others they import
the library's heavy parts only when they run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rosterkit.cli.app import (
    EXIT_NO_ROSTER,
    DebugOption,
    ForceOption,
    OfficersOption,
    StationOption,
    TimeLimitOption,
    _command,
    app,
)
from rosterkit.cli.choices import Lang
from rosterkit.errors import RosterInputError

if TYPE_CHECKING:
    from rosterkit.cli.display import Ui
    from rosterkit.leave import Leave
    from rosterkit.replan import CellChange
    from rosterkit.roster import Roster
    from rosterkit.station import Station

_IN_FILE = {"exists": True, "dir_okay": False, "readable": True}


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a date; write YYYY-MM-DD") from None


RosterArgument = Annotated[
    Path,
    typer.Argument(
        **_IN_FILE,
        metavar="ROSTER",
        help="The published roster: a workbook rosterkit wrote (also hand-edited), or a long "
        ".csv or .json table.",
    ),
]
RosterLeaveOption = Annotated[
    Path | None,
    typer.Option(
        **_IN_FILE,
        metavar="FILE",
        help="The leave the roster was made with. Default: the leave a workbook carries, else "
        "the roster's own leave days.",
    ),
]
IssuedOption = Annotated[
    dt.date | None,
    typer.Option(
        "--date",
        parser=_parse_day,
        metavar="YYYY-MM-DD",
        help="Date of the new revision (its title and file name). Default: today.",
    ),
]
LangOption = Annotated[Lang, typer.Option(help="Language of the workbook and summary.")]


def _read(
    roster: Path, station: Path | None, officers: Path | None, leave: Path | None
) -> tuple[Station, Roster, list[Leave] | None, int]:
    """The station, roster, leave and revision of a published roster (a workbook carries its
    station and leave; --station, --officers and --leave take precedence)."""
    from rosterkit.cli import files

    embedded = None
    workbook = roster.suffix.lower() == ".xlsx"
    if station is None and officers is None and workbook:
        from rosterkit.excel import read_embedded_station

        embedded = read_embedded_station(roster)
    carried: list[Leave] | None = None
    if embedded is not None:
        the_station, carried = embedded
    else:
        the_station = files.load_station(station, officers)
    the_roster = files.load_roster(roster, the_station)
    if leave is not None:
        carried = files.load_leave(leave, the_station)
    revision = 1
    if workbook:
        from rosterkit.excel.changes import read_revision

        revision, _ = read_revision(roster)
    return the_station, the_roster, carried, revision


def _target(output: Path | None, roster: Path, revision: int, issued: dt.date) -> Path:
    from rosterkit.excel.changes import revision_path

    if output is None:
        return revision_path(roster, revision, issued)
    if output.is_dir():
        return revision_path(output / roster.name, revision, issued)
    return output


def _write(
    target: Path,
    station: Station,
    new: Roster,
    leave: list[Leave] | None,
    changes: list[CellChange],
    *,
    revision: int,
    issued: dt.date,
    pins: list[tuple[str, dt.date]],
    lang: Lang,
    force: bool,
    cost: int | None = None,
) -> Path:
    """The next revision, as a workbook with the changes shown or as a long table."""
    from rosterkit import tables
    from rosterkit.result import Result, SolveStatus

    suffix = target.suffix.lower()
    if suffix == ".csv":
        return tables.write_long_csv(target, station, new, overwrite=force)
    if suffix == ".json":
        return tables.write_long_json(target, station, new, overwrite=force)
    from rosterkit.checker import evaluate
    from rosterkit.excel.changes import export_changes_workbook

    evaluation = evaluate(station, new, leave)
    result = Result(
        status=SolveStatus.feasible,
        objective=evaluation.objective if cost is None else cost,
        roster=new,
        penalties=evaluation.penalties,
    )
    return export_changes_workbook(
        target,
        station,
        result,
        leave,
        changes,
        revision=revision,
        issued=issued,
        pins=pins,
        lang=lang.value,
        overwrite=force,
    )


def _show_changes(ui: Ui, changes: list[CellChange], shown: int = 40) -> None:
    for change in changes[:shown]:
        ui.say(
            f"  {change.officer_id} {change.day:%m-%d}: {change.before or '-'} -> "
            f"{change.after}  ({change.why})"
        )
    if len(changes) > shown:
        ui.say(f"  ... and {len(changes) - shown} more (see the workbook's changes sheet)")


@app.command(
    epilog="Examples:\n\n"
    "  rosterkit replan roster-2026-12.xlsx --change changes.yaml --from 2026-12-12\n\n"
    "  rosterkit replan roster.json --station station.yaml --change sick.yaml "
    "--from 2026-12-12 -o roster-r2.xlsx --diff changes.csv"
)
def replan(
    roster: RosterArgument,
    change: Annotated[
        Path,
        typer.Option(
            "--change",
            "-c",
            **_IN_FILE,
            metavar="FILE",
            help="The changes (.yaml or .json): away, leaving, joining, minimums, pins.",
        ),
    ],
    start: Annotated[
        dt.date,
        typer.Option(
            "--from",
            parser=_parse_day,
            metavar="YYYY-MM-DD",
            help="First day that may change; the days before it are fixed.",
        ),
    ],
    pins: Annotated[
        Path | None,
        typer.Option(
            **_IN_FILE,
            metavar="FILE",
            help="More pinned officer-days (.yaml or .json with a 'pins' list). Cells filled "
            "yellow in the workbook's roster sheet are pinned too.",
        ),
    ] = None,
    station: StationOption = None,
    officers: OfficersOption = None,
    leave: RosterLeaveOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write (.xlsx, .csv or .json). Default: beside ROSTER, named with the "
            "revision and date, e.g. roster-2026-12-r2-20261211.xlsx.",
        ),
    ] = None,
    diff: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Also write the changes (officer, day, before, after, why) as .csv or .json.",
        ),
    ] = None,
    issued: IssuedOption = None,
    time_limit: TimeLimitOption = 30.0,
    lang: LangOption = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Re-roster a published month from a day, changing as few officer-days as possible.

    Days before --from and pinned cells stay as they are; the changes apply; the search first
    finds the fewest changed officer-days (and says whether it proved that no roster changes
    fewer), then the least cost with that many. Writes the next revision with every changed
    cell outlined in red and a sheet of changes, never over an existing file without --force.
    Exits with 1 when the changes cannot be met, saying why.
    """
    with _command(debug=debug) as ui:
        from rosterkit.changes import Pin, load_changes
        from rosterkit.cli import files
        from rosterkit.io import all_or_none, write_text_atomic
        from rosterkit.options import SolveOptions
        from rosterkit.replan import diff_csv_text, diff_json_text
        from rosterkit.replan import replan as do_replan

        the_station, the_roster, the_leave, revision = _read(roster, station, officers, leave)
        day = issued or dt.date.today()
        target = _target(output, roster, revision + 1, day)
        outputs = {"-o": target}
        if diff is not None:
            if diff.suffix.lower() not in (".csv", ".json"):
                raise RosterInputError("the diff is written as .csv or .json", source=str(diff))
            outputs["--diff"] = diff
        inputs = {"ROSTER": roster, "--change": change, "--pins": pins, "--leave": leave}
        files.check_outputs(outputs, inputs, force=force)
        changes = load_changes(change)
        if pins is not None:
            changes = changes.with_pins(load_changes(pins).pins)
        if roster.suffix.lower() == ".xlsx":
            from rosterkit.excel.changes import read_pins

            marked = read_pins(roster, the_station)
            changes = changes.with_pins(Pin(officer_id=o, day=d) for o, d in marked)
        done = do_replan(
            the_station,
            the_roster,
            changes,
            start,
            the_leave,
            options=SolveOptions(time_limit=time_limit),
        )
        if done.roster is None:
            ui.say(f"The changes cannot be met from {start} ({done.result.status.value}):")
            for reason in done.result.reasons:
                ui.say(f"  - {reason}")
            raise typer.Exit(EXIT_NO_ROSTER)
        with all_or_none():
            written = _write(
                target,
                done.station,
                done.roster,
                done.leave,
                done.changes,
                revision=revision + 1,
                issued=day,
                pins=sorted(done.applied.pins),
                lang=lang,
                force=force,
                cost=done.result.objective,
            )
            if diff is not None:
                text = (
                    diff_csv_text(done.changes)
                    if diff.suffix.lower() == ".csv"
                    else diff_json_text(done.station.id, done.roster.month, done.changes)
                )
                write_text_atomic(diff, text, overwrite=force)
        proven = "proven minimal" if done.minimal else "not proven minimal"
        whose = ", ".join(f"{oid} ({n})" for oid, n in done.by_officer().items())
        ui.field("Status", done.result.status.value)
        ui.field("Changed", f"{len(done.changes)} officer-days ({proven}): {whose or 'none'}")
        ui.field("Cost", f"{done.result.objective}")
        verdict = "passes" if done.ok else "FAILS"
        broken = [str(v) for v in done.violations] + [str(b) for b in done.minimum_breaks]
        ui.field("Checker", verdict + (": " + "; ".join(broken[:5]) if broken else ""))
        ui.field("Written", str(written) + (f", {diff}" if diff is not None else ""))
        _show_changes(ui, done.changes)
        if not done.ok:
            raise typer.Exit(EXIT_NO_ROSTER)


@app.command(
    epilog="Examples:\n\n"
    "  rosterkit swap roster-2026-12.xlsx --officer P015 --day 2026-12-12\n\n"
    "  rosterkit swap roster-2026-12.xlsx --officer P015 --day 2026-12-12 --apply 2"
)
def swap(
    roster: RosterArgument,
    officer: Annotated[
        str, typer.Option("--officer", metavar="ID", help="The officer who gives his duty away.")
    ],
    day: Annotated[
        dt.date,
        typer.Option("--day", parser=_parse_day, metavar="YYYY-MM-DD", help="The day of the duty."),
    ],
    apply: Annotated[
        int | None,
        typer.Option(
            "--apply",
            min=1,
            metavar="N",
            help="Apply option N of the list and write the next revision.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Options to list.")] = 10,
    station: StationOption = None,
    officers: OfficersOption = None,
    leave: RosterLeaveOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="With --apply: where to write (.xlsx, .csv or .json). Default: beside ROSTER, "
            "named with the revision and date.",
        ),
    ] = None,
    issued: IssuedOption = None,
    lang: LangOption = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """List who could take an officer's duty on a day and what they give in return, each option
    checked by the independent checker and ranked by cost; --apply N writes option N as the
    next revision. Exits with 1 when no option was found."""
    with _command(debug=debug) as ui:
        from rosterkit.cli import files
        from rosterkit.replan import CellChange
        from rosterkit.swaps import find_swaps

        the_station, the_roster, the_leave, revision = _read(roster, station, officers, leave)
        stamp = issued or dt.date.today()
        target = None
        if apply is not None:
            target = _target(output, roster, revision + 1, stamp)
            files.check_outputs({"-o": target}, {"ROSTER": roster, "--leave": leave}, force=force)
        options = find_swaps(the_station, the_roster, officer, day, the_leave, limit=limit)
        if not options:
            ui.say(f"No checked swap found for {officer} on {day}.")
            raise typer.Exit(EXIT_NO_ROSTER)
        for number, option in enumerate(options, start=1):
            ui.say(f"{number:>3}. {option.describe()}")
        if apply is None or target is None:
            return
        if apply > len(options):
            raise RosterInputError(f"--apply {apply}: only {len(options)} options are listed")
        chosen = options[apply - 1]
        why = "换班 " + chosen.describe()
        changes = [
            CellChange(m.officer_id, m.day, m.before, m.after, why)
            for m in sorted(chosen.moves, key=lambda m: (m.officer_id, m.day))
        ]
        written = _write(
            target,
            the_station,
            chosen.roster,
            chosen.leave,
            changes,
            revision=revision + 1,
            issued=stamp,
            pins=[],
            lang=lang,
            force=force,
            cost=chosen.cost,
        )
        ui.say(f"applied option {apply}; wrote {written}")


@app.command(
    epilog="Examples:\n\n"
    "  rosterkit calendar roster-2026-12.xlsx -o calendars\n\n"
    "  rosterkit calendar roster-2026-12-r2-20261211.xlsx -o calendars --force"
)
def calendar(
    roster: RosterArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="DIR", help="Folder for the files; created if need be."
        ),
    ],
    officer: Annotated[
        list[str] | None,
        typer.Option("--officer", metavar="ID", help="Only these officers (repeatable)."),
    ] = None,
    station: StationOption = None,
    officers: OfficersOption = None,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Write one iCalendar file (.ics) per officer: each day an event, duties with post, hours
    and place. Event ids stay the same in every revision of the month, so a calendar that
    imported the file updates the changed days in place."""
    with _command(debug=debug) as ui:
        from rosterkit.ics import write_calendars

        the_station, the_roster, _, revision = _read(roster, station, officers, None)
        issued = None
        if roster.suffix.lower() == ".xlsx":
            from rosterkit.excel.changes import read_revision

            _, issued = read_revision(roster)
        written = write_calendars(
            output,
            the_station,
            the_roster,
            officers=officer or None,
            revision=revision,
            issued=issued,
            overwrite=force,
        )
        ui.say(f"wrote {len(written)} calendars to {output}")
