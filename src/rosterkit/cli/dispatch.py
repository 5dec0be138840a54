"""`rosterkit dispatch run|simulate`: the month's incidents dispatched by the roster, and a
simulated incident log to try it with."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rosterkit.calendar import Month
from rosterkit.cli.choices import Lang

if TYPE_CHECKING:
    from rosterkit.dispatch import DispatchResult, DispatchRules
    from rosterkit.roster import Roster
    from rosterkit.station import Station

app = typer.Typer(
    name="dispatch",
    help="Two-level dispatch of a month's incidents by the roster (community car first, station "
    "cars reinforce), cases routed by jurisdiction.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

_IN_FILE = {"exists": True, "dir_okay": False, "readable": True}
RulesOption = Annotated[
    Path | None,
    typer.Option(
        **_IN_FILE,
        metavar="FILE",
        help="Dispatch rules (.yaml, .toml or .json): incident and case types, jurisdiction. "
        "Default: the built-in rules.",
    ),
]
StationOption = Annotated[
    Path | None,
    typer.Option(
        **_IN_FILE,
        metavar="FILE",
        help="Station file. Default: the station the roster workbook carries, else Qianmen.",
    ),
]
OfficersOption = Annotated[
    Path | None, typer.Option(**_IN_FILE, metavar="FILE", help="Officer list (.xlsx or .csv).")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace a file that exists.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show the log and tracebacks.")]


def _rules(path: Path | None) -> DispatchRules:
    from rosterkit.dispatch import default_rules, load_rules

    return default_rules() if path is None else load_rules(path)


def load_station_and_roster(
    roster: Path, station: Path | None, officers: Path | None
) -> tuple[Station, Roster]:
    """The roster, with the station it carries (a rosterkit workbook) or the one given."""
    from rosterkit.cli import files

    if station is None and officers is None and roster.suffix.lower() == ".xlsx":
        from rosterkit.excel import read_embedded_station

        embedded = read_embedded_station(roster)
        if embedded is not None:
            return embedded[0], files.load_roster(roster, embedded[0])
    the_station = files.load_station(station, officers)
    return the_station, files.load_roster(roster, the_station)


def _summary(result: DispatchResult, lang: Lang) -> list[str]:
    zh = lang is Lang.zh
    outcomes = Counter(r.outcome.value for r in result.responses)
    levels = Counter(r.level.value for r in result.responses)
    busiest = sorted(result.loads.items(), key=lambda item: (-item[1].incidents, item[0]))[:5]
    if zh:
        lines = [
            f"{result.month} 警情 {len(result.responses)} 起：处置 {outcomes['served']}，"
            f"警力不足 {outcomes['short']}，无车可派 {outcomes['unserved']}",
            f"  社区二级车组 {levels['community']}，所一级车组 {levels['station']}，"
            f"两级同出 {levels['both']}",
            f"  案件 {len(result.cases)} 起，移交 {len(result.handovers)} 起",
            "  出警最多：" + "，".join(f"{oid} {load.incidents} 起" for oid, load in busiest),
        ]
    else:
        lines = [
            f"{result.month}: {len(result.responses)} incidents: {outcomes['served']} served, "
            f"{outcomes['short']} short of officers, {outcomes['unserved']} found nobody free",
            f"  community car {levels['community']}, station car {levels['station']}, "
            f"both {levels['both']}",
            f"  {len(result.cases)} cases, {len(result.handovers)} handed over",
            "  busiest: " + ", ".join(f"{oid} {load.incidents}" for oid, load in busiest),
        ]
    for response in result.unserved[:10]:
        lines.append(
            f"  {'无车可派' if zh else 'unserved'}: {response.incident_id} "
            f"{response.time:%m-%d %H:%M} {response.community} {response.type} ({response.reason})"
        )
    if len(result.unserved) > 10:
        more = len(result.unserved) - 10
        lines.append(f"  … {'另有' if zh else 'and'} {more} {'起' if zh else 'more'}")
    return lines


@app.command(
    epilog="Example:\n\n  rosterkit dispatch run --roster roster-2026-12.xlsx "
    "--incidents incidents-2026-12.csv"
)
def run(
    roster: Annotated[
        Path,
        typer.Option(**_IN_FILE, metavar="ROSTER", help="The month's roster (.xlsx, .csv, .json)."),
    ],
    incidents: Annotated[
        Path, typer.Option(**_IN_FILE, metavar="LOG", help="Incident log (.xlsx or .csv).")
    ],
    station: StationOption = None,
    officers: OfficersOption = None,
    rules: RulesOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Result (.json). Default: dispatch-YYYY-MM.json."
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the summary.")] = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Dispatch a month's incidents to the officers on duty, route the cases, and write the
    result (each incident's responders, each case's route, each officer's load) as JSON.

    The result is checked by an independent checker; a broken rule is reported and exits 1.
    """
    from rosterkit.cli.app import EXIT_NO_ROSTER, _command

    with _command(debug=debug) as ui:
        from rosterkit.cli.files import check_outputs
        from rosterkit.dispatch import check_dispatch, dispatch, read_incidents
        from rosterkit.errors import RosterInputError
        from rosterkit.io import write_text_atomic

        the_station, the_roster = load_station_and_roster(roster, station, officers)
        target = output or Path(f"dispatch-{the_roster.month}.json")
        if target.suffix.lower() != ".json":
            raise RosterInputError("the dispatch result is written as .json", source=str(target))
        check_outputs(
            {"-o": target},
            {"--roster": roster, "--incidents": incidents, "--station": station, "--rules": rules},
            force=force,
        )
        the_rules = _rules(rules)
        log = read_incidents(incidents, the_station, the_rules)
        result = dispatch(the_station, the_roster, log, the_rules)
        violations = check_dispatch(the_station, the_roster, log, the_rules, result)
        write_text_atomic(target, result.model_dump_json(indent=1) + "\n", overwrite=force)
        for line in _summary(result, lang):
            ui.say(line)
        ui.say(f"{'文件' if lang is Lang.zh else 'file'}: {target.resolve()}")
        for violation in violations:
            ui.say(f"broken rule {violation.rule} at {violation.incident_id}: {violation.message}")
        if violations:
            raise typer.Exit(EXIT_NO_ROSTER)


def _parse_month(text: str) -> Month:
    from rosterkit.cli.app import _parse_month as parse

    return parse(text)


@app.command(epilog="Example:\n\n  rosterkit dispatch simulate --month 2026-12 --seed 7")
def simulate(
    month: Annotated[
        Month,
        typer.Option("--month", "-m", parser=_parse_month, metavar="YYYY-MM", help="The month."),
    ],
    station: StationOption = None,
    officers: OfficersOption = None,
    rules: RulesOption = None,
    seed: Annotated[int, typer.Option(min=0, max=2**31 - 1, help="Random seed.")] = 0,
    per_day: Annotated[
        float | None,
        typer.Option(min=0.01, max=10_000, help="Mean incidents a day. Default: the rules'."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Log (.csv). Default: incidents-YYYY-MM.csv."
        ),
    ] = None,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Write a simulated month of incidents (by community, hour and type; seeded) as CSV."""
    from rosterkit.cli.app import _command

    with _command(debug=debug) as ui:
        from rosterkit.cli import files
        from rosterkit.dispatch import simulate as draw
        from rosterkit.dispatch import write_incidents

        target = output or Path(f"incidents-{month}.csv")
        files.check_outputs(
            {"-o": target},
            {"--station": station, "--officers": officers, "--rules": rules},
            force=force,
        )
        the_station = files.load_station(station, officers)
        log = draw(the_station, month, _rules(rules), seed=seed, per_day=per_day)
        written = write_incidents(target, log, overwrite=force)
        ui.say(f"{len(log)} incidents of {month} (seed {seed}): {written.resolve()}")
