"""`rosterkit brigade ...`: the mobile patrol brigade's plan, QR codes, simulated month, report
and scores. Each command reads its files, calls `rosterkit.brigade` and shows the outcome; the
heavy libraries load inside the commands, so that --help answers at once.
Exit codes as for the other commands: 0 success; 1 no plan; 2 bad input; 3 a bug.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rosterkit.calendar import Month, MonthError
from rosterkit.cli.choices import Lang

if TYPE_CHECKING:
    from rosterkit.brigade.data import Brigade
    from rosterkit.brigade.plan import BrigadePlan

brigade_app = typer.Typer(
    name="brigade",
    help="The mobile patrol brigade (机动巡逻队): plan, QR codes, simulated month, report, scores.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)

_IN = {"exists": True, "readable": True}


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except MonthError as error:
        raise typer.BadParameter(str(error)) from None


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        **_IN,
        metavar="FILE|DIR",
        help="Brigade workbook (.xlsx) or folder of CSV files ('rosterkit brigade init'). "
        "Default: the built-in Qianmen brigade.",
    ),
]
PlanOption = Annotated[
    Path,
    typer.Option("--plan", **_IN, dir_okay=False, metavar="PLAN.json", help="The plan's .json."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace files that already exist.")]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks and the log.")]
LangOption = Annotated[Lang, typer.Option(help="Language of the workbook.")]


def _brigade(path: Path | None) -> Brigade:
    if path is None:
        from rosterkit.brigade.builtin import qianmen_brigade

        return qianmen_brigade()
    from rosterkit.brigade.files import read_brigade

    return read_brigade(path)


def _plan_for(path: Path, brigade: Brigade) -> BrigadePlan:
    """The plan of `path`, refused if it belongs to another brigade."""
    from rosterkit.brigade.plan import read_plan
    from rosterkit.errors import RosterInputError

    plan = read_plan(path)
    if plan.brigade != brigade.id:
        raise RosterInputError(
            f"a plan of brigade '{plan.brigade}', not of '{brigade.id}'; give the matching --data",
            source=str(path),
        )
    return plan


@brigade_app.command(epilog="Example:\n\n  rosterkit brigade init my-brigade")
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write into.")],
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Write the built-in brigade as templates to edit: brigade.xlsx and csv/ (one file a table)."""
    from rosterkit.cli.app import _command

    with _command(debug=debug) as ui:
        from rosterkit.brigade.builtin import qianmen_brigade
        from rosterkit.brigade.files import write_brigade_csv, write_brigade_workbook
        from rosterkit.errors import RosterInputError
        from rosterkit.io import all_or_none

        if directory.exists() and not directory.is_dir():
            raise RosterInputError("is a file, not a folder", source=str(directory))
        directory.mkdir(parents=True, exist_ok=True)
        brigade = qianmen_brigade()
        with all_or_none():
            written = [write_brigade_workbook(directory / "brigade.xlsx", brigade, overwrite=force)]
            written += write_brigade_csv(directory / "csv", brigade, overwrite=force)
        for path in written:
            ui.say(f"wrote {path}")
        ui.say(
            "Edit them, then: rosterkit brigade plan --month 2026-11 "
            f"--data {directory / 'brigade.xlsx'}"
        )


@brigade_app.command(
    epilog="Examples:\n\n  rosterkit brigade plan --month 2026-11\n\n"
    "  rosterkit brigade plan -m 2026-11 --data brigade.xlsx -o plan.xlsx --seed 7"
)
def plan(
    month: Annotated[
        Month, typer.Option("--month", "-m", parser=_month, metavar="YYYY-MM", help="The month.")
    ],
    data: DataOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE.xlsx",
            help="The plan's workbook; its .json goes beside it. "
            "Default: brigade-plan-YYYY-MM.xlsx.",
        ),
    ] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", "-t", min=0.1, max=3600)] = 10.0,
    seed: Annotated[
        int, typer.Option(min=0, max=2**31 - 1, help="Seed of the random patrol times.")
    ] = 0,
    lang: LangOption = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Plan the month (四定 assignment, fixed slots, random patrol times), check it with the
    independent checker and write the workbook for the brigade office and the plan's .json."""
    from rosterkit.cli.app import EXIT_NO_ROSTER, _command

    with _command(debug=debug) as ui:
        from rosterkit.brigade.checker import evaluate_plan
        from rosterkit.brigade.plan import plan_json
        from rosterkit.brigade.solver import solve_plan
        from rosterkit.brigade.workbook import export_plan_workbook
        from rosterkit.cli.files import check_outputs
        from rosterkit.io import all_or_none, write_text_atomic
        from rosterkit.options import SolveOptions

        target = output or Path(f"brigade-plan-{month}.xlsx")
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        json_path = target.with_suffix(".json")
        check_outputs({"-o": target, "json": json_path}, {"--data": data}, force=force)
        brigade = _brigade(data)
        result = solve_plan(brigade, month, SolveOptions(time_limit=time_limit, seed=seed))
        if not result.has_plan:
            ui.say(f"no plan for {month} ({result.status.value}):")
            for reason in result.reasons:
                ui.say(f"  {reason}")
            raise typer.Exit(EXIT_NO_ROSTER)
        evaluation = evaluate_plan(brigade, result)
        with all_or_none():
            export_plan_workbook(
                target, brigade, result, evaluation.violations, lang=lang.value, overwrite=force
            )
            write_text_atomic(json_path, plan_json(result), overwrite=force)
        scans = sum(s.scans for s in result.sessions)
        km = sum(s.km for s in result.sessions)
        hours = sum(s.guard_minutes for s in result.sessions) / 60
        ui.say(
            f"{brigade.name} {month}: {result.status.value}, objective {result.objective} "
            f"(bound {result.best_bound:g}), {result.wall_time:.2f} s"
        )
        ui.say(
            f"{len(result.sessions)} sessions; expected {scans:,} check-ins, {km:,.0f} km, "
            f"{hours:,.0f} guard-hours"
        )
        ui.say(
            "checker: every rule kept"
            if evaluation.ok
            else f"checker: {len(evaluation.violations)} broken rules"
        )
        for violation in evaluation.violations[:20]:
            ui.say(f"  {violation}")
        ui.say(f"wrote {target} and {json_path}")
        if not evaluation.ok:
            raise typer.Exit(EXIT_NO_ROSTER)


@brigade_app.command(
    epilog="Example:\n\n  rosterkit brigade simulate --plan brigade-plan-2026-11.json "
    "-o checkins.csv"
)
def simulate(
    plan_file: PlanOption,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE.csv")],
    data: DataOption = None,
    seed: Annotated[int, typer.Option(min=0, max=2**31 - 1)] = 0,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Simulate a month of check-ins from a plan (seeded) and write the log as CSV."""
    from rosterkit.cli.app import _command

    with _command(debug=debug) as ui:
        from rosterkit.brigade.checkins import write_checkins
        from rosterkit.brigade.simulate import simulate_month
        from rosterkit.cli.files import check_outputs

        check_outputs({"-o": output}, {"--plan": plan_file, "--data": data}, force=force)
        brigade = _brigade(data)
        scans = simulate_month(brigade, _plan_for(plan_file, brigade), seed=seed)
        write_checkins(output, scans, overwrite=force)
        ui.say(f"wrote {output}: {len(scans):,} check-ins")


@brigade_app.command(
    epilog="Example:\n\n  rosterkit brigade report --plan brigade-plan-2026-11.json "
    "--log checkins.csv --map map.html"
)
def report(
    plan_file: PlanOption,
    log: Annotated[Path, typer.Option("--log", **_IN, dir_okay=False, metavar="FILE")],
    data: DataOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE.xlsx")] = None,
    map_file: Annotated[Path | None, typer.Option("--map", metavar="FILE.html")] = None,
    lang: LangOption = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """The month's report from a check-in log: a workbook with charts, and an HTML map."""
    from rosterkit.cli.app import _command

    with _command(debug=debug) as ui:
        from rosterkit.brigade.checkins import read_checkins
        from rosterkit.brigade.report import month_report
        from rosterkit.brigade.report_book import coverage_map_html, export_report_workbook
        from rosterkit.brigade.scoring import score_month
        from rosterkit.cli.files import check_outputs
        from rosterkit.io import all_or_none, write_text_atomic

        brigade = _brigade(data)
        the_plan = _plan_for(plan_file, brigade)
        target = output or Path(f"brigade-report-{the_plan.month}.xlsx")
        outputs = {"-o": target} | ({"--map": map_file} if map_file else {})
        check_outputs(outputs, {"--plan": plan_file, "--log": log, "--data": data}, force=force)
        scans = read_checkins(log, brigade)
        figures = month_report(brigade, the_plan, scans)
        scores = score_month(brigade, figures)
        with all_or_none():
            export_report_workbook(
                target, brigade, figures, scores, lang=lang.value, overwrite=force
            )
            if map_file is not None:
                write_text_atomic(
                    map_file, coverage_map_html(brigade, figures, lang=lang.value), overwrite=force
                )
        total = figures.total
        ui.say(
            f"{the_plan.month}: {total.done.scans:,} check-ins (planned {total.planned.scans:,}), "
            f"{total.done.km:,.0f} km, {total.done.hours:,.0f} guard-hours; "
            f"{total.missed} sessions missed, {total.late} late, {total.suspicious} suspicious "
            f"scans, {total.problems} problems ({total.closed} closed)"
        )
        ui.say(f"wrote {target}" + (f" and {map_file}" if map_file else ""))


@brigade_app.command(
    epilog="Example:\n\n  rosterkit brigade score --plan brigade-plan-2026-11.json "
    "--log checkins.csv"
)
def score(
    plan_file: PlanOption,
    log: Annotated[Path, typer.Option("--log", **_IN, dir_okay=False, metavar="FILE")],
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """Score each squad and unit for the month, rank them and list the squads to commend."""
    from rosterkit.cli.app import _command

    with _command(debug=debug) as ui:
        from rosterkit.brigade.checkins import read_checkins
        from rosterkit.brigade.report import month_report
        from rosterkit.brigade.scoring import score_month

        brigade = _brigade(data)
        the_plan = _plan_for(plan_file, brigade)
        scores = score_month(brigade, month_report(brigade, the_plan, read_checkins(log, brigade)))
        for group in brigade.groups:
            ui.say(f"{group.name} ({group.task})")
            for s in sorted(
                (s for s in scores.squads if s.group == group.id), key=lambda s: s.rank
            ):
                ui.say(f"  {s.rank:2d}. {s.squad} {brigade.squad(s.squad).name}: {s.score:.1f}")
        ui.say("units:")
        for u in scores.units:
            ui.say(f"  {u.rank:2d}. {brigade.unit(u.unit).name}: {u.score:.1f}")
        names = ", ".join(f"{s.squad} {brigade.squad(s.squad).name}" for s in scores.commended)
        ui.say(f"commended: {names or 'none'}")


@brigade_app.command(
    epilog="Example:\n\n  rosterkit brigade qr codes --plan brigade-plan-2026-11.json"
)
def qr(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write into.")],
    plan_file: Annotated[
        Path | None,
        typer.Option(
            "--plan", **_IN, dir_okay=False, metavar="PLAN.json", help="Adds routes and slots."
        ),
    ] = None,
    data: DataOption = None,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """QR codes: a PNG code and an SVG sheet per squad (with its routes and slots) and per
    checkpoint (a poster). The payload format is in docs/brigade.md."""
    from rosterkit.cli.app import _command

    with _command(debug=debug) as ui:
        from rosterkit.brigade.qr import write_qr_sheets
        from rosterkit.errors import RosterInputError

        if directory.exists() and not directory.is_dir():
            raise RosterInputError("is a file, not a folder", source=str(directory))
        brigade = _brigade(data)
        the_plan = _plan_for(plan_file, brigade) if plan_file is not None else None
        written = write_qr_sheets(directory, brigade, the_plan, overwrite=force)
        ui.say(f"wrote {len(written)} files to {directory}")
