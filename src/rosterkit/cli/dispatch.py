"""`rosterkit dispatch run|simulate`: the month's incidents dispatched by the roster, and a
simulated incident log to try it with."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rosterkit.cli.app import (
    _IN_FILE,
    EXIT_NO_ROSTER,
    DebugOption,
    ForceOption,
    MonthOption,
    OfficersOption,
    StationOption,
    _command,
)
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

RulesOption = Annotated[
    Path | None,
    typer.Option(
        **_IN_FILE,
        metavar="FILE",
        help="Dispatch rules (.yaml, .toml or .json): incident and case types, jurisdiction. "
        "Default: the built-in rules.",
    ),
]


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


def _summary(
    result: DispatchResult, station: Station, rules: DispatchRules, lang: Lang
) -> list[str]:
    """The month in a few lines: outcomes, levels, cases, the busiest officers, and the
    incidents nobody was free for (in `lang`)."""
    from rosterkit.dispatch.result import reason_text

    zh = lang is Lang.zh
    outcomes = Counter(r.outcome.value for r in result.responses)
    levels = Counter(r.level.value for r in result.responses)
    busiest = sorted(result.loads.items(), key=lambda item: (-item[1].incidents, item[0]))[:5]
    kinds = {t.code: t.name if zh else t.name_en for t in rules.incident_types}
    places = {c.id: c.name if zh else c.name_en for c in station.communities}
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
            f"{response.time:%m-%d %H:%M} {places.get(response.community, response.community)} "
            f"{kinds.get(response.type, response.type)} "
            + (f"（{reason_text(response.reason, 'zh')}）" if zh else f"({response.reason})")
        )
    if len(result.unserved) > 10:
        more = len(result.unserved) - 10
        lines.append(f"  … 另有 {more} 起" if zh else f"  … and {more} more")
    return lines


LangOption = Annotated[Lang, typer.Option(help="Language of the workbook and of the summary.")]


@app.command(
    epilog="Examples:\n\n  rosterkit dispatch run --roster roster-2026-12.xlsx "
    "--incidents incidents-2026-12.csv\n\n"
    "  rosterkit dispatch run --roster roster-2026-12.xlsx --incidents incidents-2026-12.csv "
    "-o dispatch-2026-12.xlsx"
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
            "--output",
            "-o",
            metavar="FILE",
            help="Result: .json, or .xlsx for a workbook for the leadership (incidents with "
            "responders, each officer's load, hand-overs, unserved incidents, counts per "
            "community and grid). Default: dispatch-YYYY-MM.json.",
        ),
    ] = None,
    lang: LangOption = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Dispatch a month's incidents to the officers on duty, route the cases, and write the
    result (each incident's responders, each case's route, each officer's load) as JSON or as
    a workbook, by the output's suffix.

    A roster workbook rosterkit wrote carries its station; --station and --officers take
    precedence. The result is checked by an independent checker; a broken rule is reported
    and exits 1.
    """
    with _command(debug=debug) as ui:
        from rosterkit.cli.files import check_outputs
        from rosterkit.dispatch import check_dispatch, dispatch, read_incidents, write_result
        from rosterkit.dispatch.workbook import SUFFIXES
        from rosterkit.errors import RosterInputError

        the_station, the_roster = load_station_and_roster(roster, station, officers)
        target = output or Path(f"dispatch-{the_roster.month}.json")
        if target.suffix.lower() not in SUFFIXES:
            raise RosterInputError(
                "the dispatch result is written as .json or .xlsx; name the file so",
                source=str(target),
            )
        check_outputs(
            {"-o": target},
            {
                "--roster": roster,
                "--incidents": incidents,
                "--station": station,
                "--officers": officers,
                "--rules": rules,
            },
            force=force,
        )
        the_rules = _rules(rules)
        log = read_incidents(incidents, the_station, the_rules)
        result = dispatch(the_station, the_roster, log, the_rules)
        violations = check_dispatch(the_station, the_roster, log, the_rules, result)
        written = write_result(
            target, result, the_station, the_rules, lang=lang.value, overwrite=force
        )
        zh = lang is Lang.zh
        for line in _summary(result, the_station, the_rules, lang):
            ui.say(line)
        ui.say(f"{'文件' if zh else 'file'}: {written.resolve()}")
        for violation in violations:
            where = f"{violation.rule}, {violation.incident_id}"
            ui.say(
                f"违反派警规则（{where}）：{violation.message}"
                if zh
                else f"broken rule {where}: {violation.message}"
            )
        if violations:
            raise typer.Exit(EXIT_NO_ROSTER)


@app.command(epilog="Example:\n\n  rosterkit dispatch simulate --month 2026-12 --seed 7")
def simulate(
    month: MonthOption,
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
    lang: Annotated[Lang, typer.Option(help="Language of the message.")] = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Write a simulated month of incidents (by community, hour and type; seeded) as CSV."""
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
        if lang is Lang.zh:
            ui.say(f"{month} 模拟警情 {len(log)} 起（种子 {seed}）：{written.resolve()}")
        else:
            ui.say(f"{len(log)} incidents of {month} (seed {seed}): {written.resolve()}")
