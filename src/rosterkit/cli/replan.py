"""The commands for a published month: replan, swap, calendar.

- ``rosterkit replan ROSTER --change changes.yaml --from 2026-12-12`` re-rosters from a day with
  the fewest changed officer-days (`rosterkit.replan`) and writes the next revision;
- ``rosterkit swap ROSTER --officer P015 --day 2026-12-12 [--from DAY] [--apply N]`` lists
  checked swaps that move nothing before --from (`rosterkit.swaps`) and writes the chosen one
  as the next revision;
- ``rosterkit calendar ROSTER -o DIR`` writes one iCalendar file per officer (`rosterkit.ics`).

What they say is in Chinese by default and in English with ``--lang en``, like ``rosterkit
generate``. They read a roster as ``rosterkit check`` does (`rosterkit.cli.app._published`) and
are registered on the main app by `rosterkit.cli.app`; like the others they import the
library's heavy parts only when they run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rosterkit.cli.app import (
    _IN_FILE,
    EXIT_NO_ROSTER,
    DebugOption,
    ForceOption,
    OfficersOption,
    StationOption,
    TimeLimitOption,
    _command,
    _published,
    app,
)
from rosterkit.cli.choices import Lang, OutputFormat
from rosterkit.errors import RosterInputError

if TYPE_CHECKING:
    from collections.abc import Callable

    from rosterkit.cli.display import Ui
    from rosterkit.leave import Leave
    from rosterkit.replan import CellChange
    from rosterkit.result import Result
    from rosterkit.roster import Roster
    from rosterkit.station import Station


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
RevisionOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Where to write the next revision (.xlsx, .csv or .json; for swap, with --apply). "
        "Default: beside ROSTER, named with the revision and date, e.g. "
        "roster-2026-12-r2-20261211.xlsx.",
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
LangOption = Annotated[
    Lang, typer.Option(help="Language of the workbook and of what is shown (zh or en).")
]

_WORDS: dict[str, tuple[str, str]] = {
    "cannot": (
        "从{start}起无法按这些变更重排（{status}）：",
        "The changes cannot be met from {start} ({status}):",
    ),
    "status": ("状态", "Status"),
    "changed": ("变动", "Changed"),
    "changed.value": (
        "{count}个人日（{proven}）：{whose}",
        "{count} officer-days ({proven}): {whose}",
    ),
    "proven": ("已证明最少", "proven minimal"),
    "unproven": ("未证明最少", "not proven minimal"),
    "nobody": ("无", "none"),
    "cost": ("代价", "Cost"),
    "checker": ("校验", "Checker"),
    "passes": ("独立校验通过", "passes"),
    "fails": ("独立校验未通过", "FAILS"),
    "written": ("文件", "Written"),
    "change": (
        "  {officer} {day:%m-%d}：{before} → {after}（{why}）",
        "  {officer} {day:%m-%d}: {before} -> {after}  ({why})",
    ),
    "more": (
        "  …另{count}项（见工作簿的变更表）",
        "  ... and {count} more (see the workbook's changes sheet)",
    ),
    "no_swap": (
        "未找到{officer}在{day}经校验可行的换班。",
        "No checked swap found for {officer} on {day}.",
    ),
    "applied": ("已采用第{number}项，写入 {path}", "applied option {number}; wrote {path}"),
    "calendars": ("已写入{count}个日历文件到 {folder}", "wrote {count} calendars to {folder}"),
    "optimal": ("最优", "optimal"),
    "feasible": ("可行", "feasible"),
    "infeasible": ("无解", "infeasible"),
    "timed_out": ("超时", "timed out"),
}
"""What the commands say: (Chinese, English)."""


def _say(key: str, lang: Lang, **values: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang is Lang.zh else en).format(**values)


def _status(status: str, lang: Lang) -> str:
    return _say(status, lang) if status in _WORDS else status


def _read(
    roster: Path, station: Path | None, officers: Path | None, leave: Path | None
) -> tuple[Station, Roster, list[Leave] | None, int]:
    """The station, roster, leave and revision of a published roster (a workbook carries its
    station and leave; --station, --officers and --leave take precedence)."""
    from rosterkit.cli import files

    the_station, the_roster, carried = _published(roster, station, officers)
    if leave is not None:
        carried = files.load_leave(leave, the_station)
    revision = 1
    if roster.suffix.lower() == ".xlsx":
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
    result: Result,
    leave: list[Leave] | None,
    changes: list[CellChange],
    *,
    revision: int,
    issued: dt.date,
    pins: list[tuple[str, dt.date]],
    lang: Lang,
    force: bool,
) -> Path:
    """The next revision: a long table (`rosterkit.cli.files.write_roster`), or a workbook with
    the changes shown. `result` carries the roster and its penalties, so that nothing is
    checked again here."""
    suffix = target.suffix.lower().lstrip(".")
    if suffix in (OutputFormat.csv, OutputFormat.json):
        from rosterkit.cli import files

        chosen = OutputFormat(suffix)
        return files.write_roster(
            target, chosen, station, result, leave or [], lang=lang, force=force
        )
    from rosterkit.excel.changes import export_changes_workbook

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


def _labels(station: Station, lang: Lang) -> Callable[[str], str]:
    """How a cell value is named: in Chinese with the workbook's cell labels ('车东'), in
    English by its slot code."""
    if lang is not Lang.zh:
        return str
    from rosterkit.excel.labels import CellLabels

    return CellLabels(station, "zh").label


def _show_changes(
    ui: Ui, station: Station, changes: list[CellChange], lang: Lang, shown: int = 40
) -> None:
    """The changed cells, one a line, each with its reason."""
    label = _labels(station, lang)
    for change in changes[:shown]:
        ui.say(
            _say(
                "change",
                lang,
                officer=change.officer_id,
                day=change.day,
                before=label(change.before) if change.before else "-",
                after=label(change.after),
                why=change.said(lang.value),
            )
        )
    if len(changes) > shown:
        ui.say(_say("more", lang, count=len(changes) - shown))


PinsOption = Annotated[
    Path | None,
    typer.Option(
        **_IN_FILE,
        metavar="FILE",
        help="More pinned officer-days (.yaml or .json with a 'pins' list). Cells filled "
        "yellow in the workbook's roster sheet are pinned too.",
    ),
]


def _pinned(roster: Path, pins: Path | None, station: Station) -> list[tuple[str, dt.date]]:
    """The pinned officer-days: those of the `--pins` file, then the cells filled yellow in the
    workbook's roster sheet (a workbook only)."""
    from rosterkit.changes import load_changes

    found = [(pin.officer_id, pin.day) for pin in load_changes(pins).pins] if pins else []
    known = {officer.id for officer in station.officers}
    unknown = [officer for officer, _ in found if officer not in known]
    if unknown:
        raise RosterInputError(
            f"pins: unknown officer '{unknown[0]}'; use the id of an officer of the roster",
            source=str(pins),
        )
    if roster.suffix.lower() == ".xlsx":
        from rosterkit.excel.changes import read_pins

        found += read_pins(roster, station)
    return list(dict.fromkeys(found))


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
    pins: PinsOption = None,
    station: StationOption = None,
    officers: OfficersOption = None,
    leave: RosterLeaveOption = None,
    output: RevisionOutputOption = None,
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
    Exits with 1 when the changes cannot be met, saying why. Says it in Chinese by default, in
    English with --lang en.
    """
    with _command(debug=debug, files={"changes": change}) as ui:
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
        changes = load_changes(change).with_pins(
            Pin(officer_id=o, day=d) for o, d in _pinned(roster, pins, the_station)
        )
        done = do_replan(
            the_station,
            the_roster,
            changes,
            start,
            the_leave,
            options=SolveOptions(time_limit=time_limit),
        )
        if done.roster is None:
            status = _status(done.result.status.value, lang)
            ui.say(_say("cannot", lang, start=start, status=status))
            for reason in done.reasons(lang.value):
                ui.say(f"  - {reason}")
            raise typer.Exit(EXIT_NO_ROSTER)
        with all_or_none():
            written = _write(
                target,
                done.station,
                done.result,
                done.leave,
                done.changes,
                revision=revision + 1,
                issued=day,
                pins=sorted(done.applied.pins),
                lang=lang,
                force=force,
            )
            if diff is not None:
                text = (
                    diff_csv_text(done.changes)
                    if diff.suffix.lower() == ".csv"
                    else diff_json_text(done.station.id, done.roster.month, done.changes)
                )
                write_text_atomic(diff, text, overwrite=force)
        zh = lang is Lang.zh
        whose = ("、" if zh else ", ").join(
            f"{oid}（{n}）" if zh else f"{oid} ({n})" for oid, n in done.by_officer().items()
        )
        changed = _say(
            "changed.value",
            lang,
            count=len(done.changes),
            proven=_say("proven" if done.minimal else "unproven", lang),
            whose=whose or _say("nobody", lang),
        )
        ui.field(_say("status", lang), _status(done.result.status.value, lang))
        ui.field(_say("changed", lang), changed)
        ui.field(_say("cost", lang), f"{done.result.objective}")
        broken = [
            f"{v.day or ''} {v.officer_id or ''} {v.text(lang.value)}".strip()
            for v in done.violations
        ]
        broken += [b.text(lang.value) for b in done.minimum_breaks]
        verdict = _say("passes" if done.ok else "fails", lang)
        ui.field(
            _say("checker", lang),
            verdict
            + (("：" if zh else ": ") + ("；" if zh else "; ").join(broken[:5]) if broken else ""),
        )
        ui.field(_say("written", lang), str(written) + (f", {diff}" if diff is not None else ""))
        _show_changes(ui, done.station, done.changes, lang)
        if not done.ok:
            raise typer.Exit(EXIT_NO_ROSTER)


@app.command(
    epilog="Examples:\n\n"
    "  rosterkit swap roster-2026-12.xlsx --officer P015 --day 2026-12-12\n\n"
    "  rosterkit swap roster-2026-12.xlsx --officer P015 --day 2026-12-12 --apply 2\n\n"
    "  rosterkit swap roster-2026-12.xlsx --officer P015 --day 2026-12-12 --from 2026-12-10 "
    "--lang en"
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
    start: Annotated[
        dt.date | None,
        typer.Option(
            "--from",
            parser=_parse_day,
            metavar="YYYY-MM-DD",
            help="First day that may change, as for replan: no day before it is offered in "
            "return. Default: --day (give today's date to offer the days between).",
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100, help="Options to list.")] = 10,
    pins: PinsOption = None,
    station: StationOption = None,
    officers: OfficersOption = None,
    leave: RosterLeaveOption = None,
    output: RevisionOutputOption = None,
    issued: IssuedOption = None,
    lang: LangOption = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """List who could take an officer's duty on a day and what they give in return, each option
    checked by the independent checker and ranked by cost; --apply N writes option N as the
    next revision. Nothing before --from (default: --day) changes, so a day that has passed is
    never offered in return, and no pinned day (--pins, or cells filled yellow) moves. Exits
    with 1 when no option was found."""
    with _command(debug=debug) as ui:
        from rosterkit.cli import files
        from rosterkit.replan import CellChange
        from rosterkit.swaps import find_swaps

        the_station, the_roster, the_leave, revision = _read(roster, station, officers, leave)
        stamp = issued or dt.date.today()
        target = None
        if apply is not None:
            target = _target(output, roster, revision + 1, stamp)
            inputs = {"ROSTER": roster, "--leave": leave, "--pins": pins}
            files.check_outputs({"-o": target}, inputs, force=force)
        pinned = _pinned(roster, pins, the_station)
        options = find_swaps(
            the_station, the_roster, officer, day, the_leave, start=start, pins=pinned, limit=limit
        )
        if not options:
            ui.say(_say("no_swap", lang, officer=officer, day=day))
            raise typer.Exit(EXIT_NO_ROSTER)
        label = _labels(the_station, lang)
        for number, option in enumerate(options, start=1):
            ui.say(f"{number:>3}. {option.describe(lang.value, label)}")
        if apply is None or target is None:
            return
        if apply > len(options):
            raise RosterInputError(f"--apply {apply}: only {len(options)} options are listed")
        chosen = options[apply - 1]
        why, why_zh = "换班 " + chosen.describe(), "换班 " + chosen.describe("zh", label)
        changes = [
            CellChange(m.officer_id, m.day, m.before, m.after, why, why_zh)
            for m in sorted(chosen.moves, key=lambda m: (m.officer_id, m.day))
        ]
        written = _write(
            target,
            the_station,
            chosen.result(),
            chosen.leave,
            changes,
            revision=revision + 1,
            issued=stamp,
            pins=pinned,
            lang=lang,
            force=force,
        )
        ui.say(_say("applied", lang, number=apply, path=written))


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
    lang: LangOption = Lang.zh,
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
        ui.say(_say("calendars", lang, count=len(written), folder=output))
