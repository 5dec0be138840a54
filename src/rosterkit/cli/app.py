"""The commands: generate, check, explain, init, schema.

Each command reads its files (`rosterkit.cli.files`), calls the library, and shows the outcome
(`rosterkit.cli.display`). Exit codes: 0 success; 1 the month cannot be rostered, or a checked
roster breaks a rule; 2 bad input or usage; 3 an internal error (a bug).
"""

from __future__ import annotations

import atexit
import gc
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import rosterkit
from rosterkit.calendar import Month, MonthError
from rosterkit.cli.choices import Lang, OutputFormat
from rosterkit.errors import RosterInputError
from rosterkit.options import SolveOptions

if TYPE_CHECKING:
    from rosterkit.cli.display import Ui
    from rosterkit.leave import Leave
    from rosterkit.leave_policy import LeaveDecisions
    from rosterkit.ledger import Ledger
    from rosterkit.month import MonthPlan
    from rosterkit.roster import Roster
    from rosterkit.station import Station

# The commands import the library's heavy parts (OR-Tools, pandas, openpyxl, the holiday data,
# and `rosterkit.cli.files` and `rosterkit.cli.display`, which load them) when they run, not
# here, so that --help and --version answer at once.

EXIT_NO_ROSTER = 1
"""The month cannot be rostered, or a checked roster breaks a rule."""
EXIT_BAD_INPUT = 2
"""Bad input or usage (typer uses 2 for usage errors too)."""
EXIT_BUG = 3
"""An internal error: a bug, not the user's input."""

_DEFAULTS = SolveOptions()

app = typer.Typer(
    name="rosterkit",
    epilog="Start with: **rosterkit generate --month 2026-12**",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _parse_month(text: str) -> Month:
    try:
        return Month.parse(text)
    except MonthError as error:
        from rosterkit.cli.display import visible

        raise typer.BadParameter(visible(str(error))) from None


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"rosterkit {rosterkit.__version__}")
        raise typer.Exit()


_IN_FILE = {"exists": True, "dir_okay": False, "readable": True}

MonthOption = Annotated[
    Month,
    typer.Option(
        "--month", "-m", parser=_parse_month, metavar="YYYY-MM", help="The month, e.g. 2026-12."
    ),
]
StationOption = Annotated[
    Path | None,
    typer.Option(
        **_IN_FILE,
        metavar="FILE",
        help="Station file (.yaml, .toml or .json; see 'rosterkit init' and 'rosterkit schema'). "
        "Default: the built-in Qianmen station.",
    ),
]
OfficersOption = Annotated[
    Path | None,
    typer.Option(
        **_IN_FILE,
        metavar="FILE",
        help="Officer list (.xlsx or .csv) that replaces the station's officers.",
    ),
]
LeaveOption = Annotated[
    Path | None,
    typer.Option(
        **_IN_FILE,
        metavar="FILE",
        help="Leave requests: .xlsx or .csv, or a .yaml, .toml or .json list.",
    ),
]
PreviousOption = Annotated[
    Path | None,
    typer.Option(
        **_IN_FILE,
        metavar="ROSTER",
        help="Last month's roster (.xlsx, .csv or .json), to carry the rotation on from it.",
    ),
]
LedgerOption = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help="The station's carry-over ledger (.yaml or .json): read if it exists, so fairness "
        "counts the year so far, and written back with this month added.",
    ),
]
TimeLimitOption = Annotated[
    float,
    typer.Option(
        "--time-limit", "-t", min=0.1, max=86_400, metavar="S", help="Seconds for the search."
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace files that already exist.")]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the library's log and the traceback of any error.")
]


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Monthly duty rosters for a police station (派出所), solved with CP-SAT and checked by an
    independent checker.

    Exit codes: 0 success; 1 the month cannot be rostered, or a roster breaks a rule; 2 bad
    input or usage; 3 an internal error (a bug).
    """
    _end_without_final_collection()


def _end_without_final_collection() -> None:
    """Spare the process the garbage collections of interpreter shutdown.

    At exit CPython collects the objects still alive, some 100,000 once OR-Tools, pandas,
    openpyxl and pydantic are loaded: measured 0.15-0.4 s after the last line of a command (the
    same with the libraries imported and nothing solved), 0.02-0.06 s with this handler.
    `gc.freeze()` in an exit handler puts them out of the collector's sight, so they are simply
    left to the operating system. Nothing is lost: every output is written and closed before
    the command returns, and `logging` flushes its handlers in its own exit handler, which runs
    after this one. Registered once per process, however many commands run in it (as in tests).
    """
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


@contextmanager
def _command(*, debug: bool, files: Mapping[str, Path | None] | None = None) -> Iterator[Ui]:
    """The output streams of a command, with the library's log shown on standard error.

    Bad input becomes one message and exit code 2, a bug a short note and exit code 3; with
    --debug the exception goes on, with its traceback. `files` maps the parts the library names
    in its errors ('ledger', 'previous roster') to the files they were read from, so that each
    message names the file.
    """
    from rosterkit.cli.display import Ui, library_log

    names = {part: str(path) for part, path in (files or {}).items() if path is not None}
    ui = Ui()
    with library_log(ui, debug=debug):
        try:
            yield ui
        except (typer.Exit, typer.Abort):
            raise
        except RosterInputError as error:  # MonthError and LeaveError too
            if debug:
                raise
            ui.error(str(error.relabel(names)))
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except OSError as error:
            if debug:
                raise
            place = f"{error.filename}: " if error.filename else ""
            ui.error(f"{place}{error.strerror or error}")
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except Exception as error:
            if debug:
                raise
            ui.error(
                f"internal error ({type(error).__name__}: {error}). This is a bug in rosterkit; "
                "run the command again with --debug to see where, and report it."
            )
            raise typer.Exit(EXIT_BUG) from None


def _published(
    roster: Path, station: Path | None, officers: Path | None
) -> tuple[Station, Roster, list[Leave] | None]:
    """A roster with the station it was made for and the leave it carries: a workbook
    rosterkit wrote carries its station and the leave it was rostered with (decided), unless
    --station or --officers is given; otherwise the station is read from them (or is the
    built-in one) and the leave is None (the roster's own leave cells are the record)."""
    from rosterkit.cli import files

    embedded = None
    if station is None and officers is None and roster.suffix.lower() == ".xlsx":
        from rosterkit.excel import read_embedded_station

        embedded = read_embedded_station(roster)
    carried: list[Leave] | None = None
    if embedded is not None:
        the_station, carried = embedded
    else:
        the_station = files.load_station(station, officers)
    try:
        the_roster = files.load_roster(roster, the_station)
    except RosterInputError as error:
        older = embedded is None and station is None and officers is None
        if not (older and roster.suffix.lower() == ".xlsx"):
            raise
        raise RosterInputError(
            f"{error.detail}; this workbook carries no station of its own (an older "
            "rosterkit wrote it): pass its --station and --officers",
            source=error.source,
        ) from None
    return the_station, the_roster, carried


def _previous(path: Path | None, station: Station) -> Roster | None:
    """Last month's roster, if one was given."""
    from rosterkit.cli.files import load_roster

    return None if path is None else load_roster(path, station)


def _year_so_far(path: Path | None) -> Ledger | None:
    """The ledger read from `path`, if one was given and exists (a new one starts otherwise)."""
    from rosterkit.io import load_ledger

    return load_ledger(path) if path is not None and path.exists() else None


def _show_decisions(
    ui: Ui,
    month: Month,
    requests: list[Leave],
    warning: str | None,
    decisions: LeaveDecisions,
    lang: Lang = Lang.en,
) -> None:
    """The calendar's warning, each leave request outside the month (ignored), and each refused
    leave request, with its reason in `lang`."""
    zh = lang is Lang.zh
    if warning:
        ui.say(f"{'提醒' if zh else 'warning'}: {warning}")
    for request in requests:
        if not request.days_in(month):
            span = f"{request.officer_id} {request.start}..{request.end} ({request.kind.value})"
            ui.say(
                f"不在{month}内的请假，未计：{span}"
                if zh
                else f"leave outside {month}, ignored: {span}"
            )
    for refused in decisions.refused:
        ui.say(f"请假未准：{refused.said('zh')}" if zh else f"leave refused: {refused.reason}")


def _plan(
    ui: Ui,
    station: Station,
    month: Month,
    requests: list[Leave],
    options: SolveOptions,
    *,
    previous: Roster | None,
    ledger: Ledger | None,
    live: bool,
) -> MonthPlan:
    """The month planned by the library, with the live search view on standard error when it
    is a terminal."""
    if not (live and ui.err.is_terminal):
        return rosterkit.plan_month(
            station, month, requests, previous=previous, ledger=ledger, options=options, fixes=True
        )
    from rich.live import Live

    from rosterkit.cli.display import SearchView

    view = SearchView(f"Solving {month}", options.time_limit)
    with Live(view, console=ui.err, transient=True, refresh_per_second=8):
        return rosterkit.plan_month(
            station,
            month,
            requests,
            previous=previous,
            ledger=ledger,
            options=options,
            progress=view,
            fixes=True,
        )


@app.command(
    epilog="Examples:\n\n"
    "  rosterkit generate --month 2026-12\n\n"
    "  rosterkit generate -m 2026-12 --station station.yaml --officers officers.xlsx "
    "--leave leave.xlsx -o roster.xlsx\n\n"
    "  rosterkit generate -m 2026-12 --format csv --seed 7 --time-limit 120 --quiet"
)
def generate(
    month: MonthOption,
    station: StationOption = None,
    officers: OfficersOption = None,
    leave: LeaveOption = None,
    previous: PreviousOption = None,
    ledger: LedgerOption = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write. Default: roster-YYYY-MM.xlsx (or .csv, .json, as --format "
            "says) in the current folder.",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="xlsx: a workbook to print; csv, json: one row per officer-day. "
            "Default: from the output's name, else xlsx. Each officer's iCalendar (.ics): "
            "rosterkit calendar ROSTER -o DIR.",
        ),
    ] = None,
    time_limit: TimeLimitOption = _DEFAULTS.time_limit,
    seed: Annotated[
        int,
        typer.Option(
            min=0,
            max=2**31 - 1,
            help="Random seed; the same inputs and seed give the same roster.",
        ),
    ] = _DEFAULTS.seed,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=64,
            help="Search workers. 1 (the default) is reproducible: the same inputs and seed "
            "give the same roster. More race in parallel: faster on large stations, but may "
            "return another roster of the same cost.",
        ),
    ] = _DEFAULTS.workers,
    lang: Annotated[
        Lang, typer.Option(help="Language of the workbook and of the summary.")
    ] = Lang.zh,
    force: ForceOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No live progress display while solving.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Roster a month and write it to a file, then show a one-screen summary.

    With no options but --month it rosters the built-in Qianmen station and writes
    roster-YYYY-MM.xlsx. If the month cannot be rostered it says which rules and requests
    conflict, writes nothing and exits with 1.
    """
    with _command(debug=debug, files={"previous roster": previous, "ledger": ledger}) as ui:
        from rosterkit.cli import display, files
        from rosterkit.io import all_or_none, check_ledger_name, ledger_text, write_text_atomic

        target, chosen = files.output_path(output, output_format, month)
        outputs = {"-o": target}
        if ledger is not None:
            check_ledger_name(ledger)
            outputs["--ledger"] = ledger
        inputs = {
            "--station": station,
            "--officers": officers,
            "--leave": leave,
            "--previous": previous,
            "--ledger": ledger,
        }
        files.check_outputs(outputs, inputs, force=force, rewritten=["--ledger"])
        the_station = files.load_station(station, officers)
        requests = files.load_leave(leave, the_station)
        the_previous = _previous(previous, the_station)
        year_so_far = _year_so_far(ledger)
        options = SolveOptions(
            time_limit=time_limit, seed=seed, workers=workers, deterministic=workers == 1
        )
        plan = _plan(
            ui,
            the_station,
            month,
            requests,
            options,
            previous=the_previous,
            ledger=year_so_far,
            live=not quiet,
        )
        _show_decisions(ui, month, requests, plan.warning, plan.decisions, lang)
        if plan.roster is None:
            if plan.shortfalls:
                display.show_shortfalls(ui, month, plan.shortfalls, lang.value, plan.fixes)
            else:
                display.show_reasons(
                    ui,
                    month,
                    plan.result.reasons,
                    plan.result.status,
                    plan.result.conflicts,
                    the_station,
                    lang.value,
                    plan.fixes,
                )
            raise typer.Exit(EXIT_NO_ROSTER)
        updated = plan.ledger if ledger is not None else None
        with all_or_none():
            written = files.write_roster(
                target,
                chosen,
                the_station,
                plan.result,
                plan.requests,
                lang=lang,
                force=force,
            )
            if ledger is not None and updated is not None:
                write_text_atomic(ledger, ledger_text(updated, ledger), overwrite=True)
        if updated is not None and ledger is not None:
            ui.say(f"ledger updated: {ledger.resolve()} (through {updated.through})")
        display.show_summary(
            ui,
            the_station,
            month,
            plan.result,
            leave_requests=len(requests),
            violations=plan.violations,
            written=written,
            lang=lang.value,
        )


@app.command(
    epilog="Examples:\n\n"
    "  rosterkit check roster-2026-12.xlsx\n\n"
    "  rosterkit check edited.xlsx --station station.yaml --leave leave.xlsx\n\n"
    "  rosterkit check roster-2026-12.xlsx --lang en"
)
def check(
    roster: Annotated[
        Path,
        typer.Argument(
            **_IN_FILE,
            metavar="ROSTER",
            help="The roster: .xlsx (also hand-edited), .csv or .json.",
        ),
    ],
    station: StationOption = None,
    officers: OfficersOption = None,
    leave: Annotated[
        Path | None,
        typer.Option(
            **_IN_FILE,
            metavar="FILE",
            help="Leave requests the roster must match. Default: the leave a workbook carries, "
            "else the roster's own leave days.",
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the broken rules shown.")] = Lang.zh,
    debug: DebugOption = False,
) -> None:
    """Check a roster with the independent checker and print every broken rule in plain words.

    A workbook rosterkit wrote carries its station and leave, so it needs no other file;
    --station and --officers (and --leave) take precedence. The broken rules are said in
    Chinese by default, in English with --lang en. Exits with 0 if it breaks no rule and 1
    otherwise.
    """
    with _command(debug=debug) as ui:
        from rosterkit.cli import display, files

        the_station, the_roster, requests = _published(roster, station, officers)
        if leave is not None:
            # The roster honours the leave the station's policy grants, as generate does.
            asked = files.load_leave(leave, the_station)
            _, decisions = rosterkit.decide_month(the_station, the_roster.month, asked)
            for refused in decisions.refused:
                ui.say(
                    f"请假未准，排班表中不应出现：{refused.said('zh')}"
                    if lang is Lang.zh
                    else "not expected in the roster, refused by the leave policy: "
                    + refused.reason
                )
            requests = [*decisions.granted, *decisions.preferences]
        evaluation = rosterkit.evaluate(the_station, the_roster, requests)
        display.show_violations(
            ui, roster, the_station, evaluation.violations, evaluation.penalties, lang.value
        )
        if not evaluation.ok:
            raise typer.Exit(EXIT_NO_ROSTER)


@app.command(
    epilog="Examples:\n\n"
    "  rosterkit explain --month 2026-12 --leave leave.xlsx\n\n"
    "  rosterkit explain -m 2026-12 --station station.yaml --officers officers.xlsx"
)
def explain(
    month: MonthOption,
    station: StationOption = None,
    officers: OfficersOption = None,
    leave: LeaveOption = None,
    previous: PreviousOption = None,
    ledger: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="The station's carry-over ledger (.yaml or .json), read if it exists, so that "
            "leave is decided against the year's balances as generate decides it; not written.",
        ),
    ] = None,
    time_limit: TimeLimitOption = _DEFAULTS.time_limit,
    lang: Annotated[Lang, typer.Option(help="Language of the shortfalls and conflicts shown.")] = (
        Lang.zh
    ),
    debug: DebugOption = False,
) -> None:
    """Say why a month cannot be rostered: a small set of rules and requests that conflict, and
    what would fix it.

    Leave is decided first, as generate decides it: refused requests are reported and not held
    against the month. When counting shows the month short of people, each fix shown was
    checked by rostering the month with it (a few seconds), with that roster's cost; adding an
    officer is shown as advice, not checked. Exits with 1 when it finds a conflict and 0 when
    the month can be rostered.
    """
    with _command(debug=debug, files={"previous roster": previous, "ledger": ledger}) as ui:
        from rosterkit.cli import display, files
        from rosterkit.result import SolveStatus

        the_station = files.load_station(station, officers)
        requests = files.load_leave(leave, the_station)
        found = rosterkit.explain_month(
            the_station,
            month,
            requests,
            previous=_previous(previous, the_station),
            ledger=_year_so_far(ledger),
            options=SolveOptions(time_limit=time_limit),
        )
        _show_decisions(ui, month, requests, found.warning, found.decisions, lang)
        if found.reasons is None:
            ui.say(
                f"Could not decide within {time_limit:g} s whether {month} can be rostered; "
                "try a longer --time-limit."
            )
            raise typer.Exit(EXIT_NO_ROSTER)
        if not found.reasons:
            ui.say(
                f"No conflict found: {display.station_title(the_station)} can be rostered for "
                f"{month} with these inputs; run 'rosterkit generate'."
            )
            return
        if found.shortfalls:
            display.show_shortfalls(ui, month, found.shortfalls, lang.value, found.fixes)
        else:
            display.show_reasons(
                ui,
                month,
                found.reasons,
                SolveStatus.infeasible,
                found.conflicts,
                the_station,
                lang.value,
                found.fixes,
            )
        raise typer.Exit(EXIT_NO_ROSTER)


@app.command(
    epilog="Examples:\n\n"
    "  rosterkit init my-station --month 2026-12\n\n"
    "  rosterkit generate -m 2026-12 --station my-station/station.yaml "
    "--officers my-station/officers.xlsx --leave my-station/leave.xlsx"
)
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder to write into; created if need be.")
    ],
    month: Annotated[
        Month | None,
        typer.Option(
            "--month",
            "-m",
            parser=_parse_month,
            metavar="YYYY-MM",
            help="Month of the two example rows of leave.xlsx. Default: the coming month.",
        ),
    ] = None,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Write an editable station file and officer and leave templates for the built-in station:
    station.yaml, officers.xlsx and leave.xlsx."""
    from rosterkit.cli.files import STATION_FILE, TEMPLATE_FILES, write_starter_files
    from rosterkit.stations import qianmen

    month = month or Month.coming()
    with _command(debug=debug) as ui:
        written = write_starter_files(directory, qianmen(), month=month, force=force)
    for path in written:
        ui.say(f"wrote {path}")
    station_file, officers_file, leave_file = (
        directory / name for name in (STATION_FILE, *TEMPLATE_FILES)
    )
    ui.say(
        f"Edit them, then: rosterkit generate --month {month} "
        f"--station {station_file} --officers {officers_file} --leave {leave_file}"
    )


@app.command(epilog="Example:\n\n  rosterkit schema > station.schema.json")
def schema() -> None:
    """Print the JSON Schema of the station file, for editors that validate YAML or JSON."""
    from rosterkit.station import Station

    typer.echo(json.dumps(Station.model_json_schema(), indent=2, ensure_ascii=False))


# The commands beyond the month's roster live in their own modules: `replan` (replan, swap,
# calendar) and `batch` register themselves on `app`; appraise, dispatch and brigade are
# sub-apps. None imports a heavy library before its command runs.
from rosterkit.cli import batch as _batch  # noqa: E402, F401
from rosterkit.cli import replan as _replan  # noqa: E402, F401
from rosterkit.cli.appraise import app as _appraise  # noqa: E402
from rosterkit.cli.brigade import brigade_app as _brigade  # noqa: E402
from rosterkit.cli.dispatch import app as _dispatch  # noqa: E402

app.add_typer(_appraise, name="appraise")
app.add_typer(_dispatch, name="dispatch")
app.add_typer(_brigade, name="brigade")
