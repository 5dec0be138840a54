"""`rosterkit brigade ...`: the mobile patrol brigade's plan, QR codes, simulated month, report,
scores and the check of a plan. Each command reads its files, calls `rosterkit.brigade` and shows
the outcome in `--lang` (Chinese by default, as the rest of rosterkit); the heavy libraries load
inside the commands, so that --help answers at once.
Exit codes as for the other commands: 0 success; 1 no plan, or a plan that breaks a rule; 2 bad
input; 3 a bug.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rosterkit.calendar import Month, MonthError
from rosterkit.cli.choices import Lang

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rosterkit.brigade.checker import PlanViolation
    from rosterkit.brigade.data import Brigade
    from rosterkit.brigade.plan import BrigadePlan
    from rosterkit.cli.display import Ui

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
LangOption = Annotated[Lang, typer.Option(help="Language of the files written and of the output.")]
SayLangOption = Annotated[Lang, typer.Option(help="Language of the output.")]

_WORDS: dict[str, tuple[str, str]] = {
    "wrote": ("已写入 {path}", "wrote {path}"),
    "wrote2": ("已写入 {a} 和 {b}", "wrote {a} and {b}"),
    "init.next": ("修改后运行：{command}", "Edit them, then: {command}"),
    "no_plan": ("{month} 无法制定计划（{status}）：", "no plan for {month} ({status}):"),
    "plan.head": (
        "{name} {month}：{status}，总代价 {objective}（下界 {bound}），用时 {seconds} 秒",
        "{name} {month}: {status}, objective {objective} (bound {bound}), {seconds} s",
    ),
    "plan.figures": (
        "共 {sessions} 班次巡逻；预计打卡 {scans} 次，{km} 公里，{hours} 工时",
        "{sessions} sessions; expected {scans} check-ins, {km} km, {hours} guard-hours",
    ),
    "ok": ("独立校验：所有规则均满足", "checker: every rule kept"),
    "broken": ("独立校验：违反规则 {count} 处", "checker: {count} broken rules"),
    "more": (
        "  …另有 {count} 处，运行 'rosterkit brigade check {file}' 查看全部",
        "  … {count} more; run 'rosterkit brigade check {file}' to see them all",
    ),
    "simulated": ("已写入 {path}：打卡 {count} 次", "wrote {path}: {count} check-ins"),
    "report": (
        "{month}：打卡 {done} 次（计划 {planned} 次），{km} 公里，{hours} 工时；漏巡 {missed} "
        "班次，迟到 {late} 班次，可疑打卡 {suspicious} 次，上报问题 {problems} 个（已办结 "
        "{closed} 个）",
        "{month}: {done} check-ins (planned {planned}), {km} km, {hours} guard-hours; {missed} "
        "sessions missed, {late} late, {suspicious} suspicious scans, {problems} problems "
        "({closed} closed)",
    ),
    "group": ("{name}（{task}）", "{name} ({task})"),
    "units": ("单位：", "units:"),
    "commended": ("表彰：{names}", "commended: {names}"),
    "nobody": ("无", "none"),
    "list": ("、", ", "),
    "qr": ("已写入 {count} 个文件到 {folder}：", "wrote {count} files to {folder}:"),
    "check.head": (
        "{file}：{name} {month}，{assignments} 个区域分配，{sessions} 班次巡逻",
        "{file}: {name} {month}, {assignments} areas assigned, {sessions} sessions",
    ),
    "check.ok": ("独立校验：所有规则均满足", "the independent checker finds no broken rule"),
    "check.broken": ("违反规则 {count} 处：", "{count} broken rules:"),
    "check.cost": (
        "总代价（重新计算）{objective}：{terms}；计划文件中记载 {stated}",
        "objective (recomputed) {objective}: {terms}; the file says {stated}",
    ),
    "check.term": ("{rule} {cost}", "{rule} {cost}"),
    "none": ("无", "none"),
}
"""The console's words: (Chinese, English)."""

_STATUS: dict[str, tuple[str, str]] = {
    "optimal": ("最优", "optimal"),
    "feasible": ("可行（限时内最好）", "feasible"),
    "infeasible": ("无解", "infeasible"),
    "unknown": ("未知（限时内未找到）", "unknown"),
}


def _say(key: str, lang: Lang, **values: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang is Lang.zh else en).format(**values)


def _status(status: str, lang: Lang) -> str:
    zh, en = _STATUS.get(status, (status, status))
    return zh if lang is Lang.zh else en


def _brigade(path: Path | None) -> Brigade:
    if path is None:
        from rosterkit.brigade.builtin import qianmen_brigade

        return qianmen_brigade()
    from rosterkit.brigade.files import read_brigade

    return read_brigade(path)


def _plan_for(path: Path, brigade: Brigade) -> BrigadePlan:
    """The plan of `path`, refused if it belongs to another brigade."""
    from rosterkit.brigade.plan import read_plan

    return read_plan(path, brigade)


@brigade_app.command(epilog="Example:\n\n  rosterkit brigade init my-brigade")
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write into.")],
    lang: SayLangOption = Lang.zh,
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
            ui.say(_say("wrote", lang, path=path))
        command = f"rosterkit brigade plan --month 2026-11 --data {directory / 'brigade.xlsx'}"
        ui.say(_say("init.next", lang, command=command))


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
            ui.say(_say("no_plan", lang, month=month, status=_status(result.status.value, lang)))
            for reason in result.reasons_in(lang.value):
                ui.say(f"  {reason}")
            raise typer.Exit(EXIT_NO_ROSTER)
        evaluation = evaluate_plan(brigade, result)
        with all_or_none():
            export_plan_workbook(
                target, brigade, result, evaluation.violations, lang=lang.value, overwrite=force
            )
            write_text_atomic(json_path, plan_json(result), overwrite=force)
        ui.say(
            _say(
                "plan.head",
                lang,
                name=_brigade_name(brigade, lang),
                month=month,
                status=_status(result.status.value, lang),
                objective=result.objective,
                bound=f"{result.best_bound:g}",
                seconds=f"{result.wall_time:.2f}",
            )
        )
        ui.say(
            _say(
                "plan.figures",
                lang,
                sessions=f"{len(result.sessions):,}",
                scans=f"{sum(s.scans for s in result.sessions):,}",
                km=f"{sum(s.km for s in result.sessions):,.0f}",
                hours=f"{sum(s.guard_minutes for s in result.sessions) / 60:,.0f}",
            )
        )
        _show_verdict(ui, evaluation.violations, lang, json_path, shown=20)
        ui.say(_say("wrote2", lang, a=target, b=json_path))
        if not evaluation.ok:
            raise typer.Exit(EXIT_NO_ROSTER)


def _brigade_name(brigade: Brigade, lang: Lang) -> str:
    return brigade.name if lang is Lang.zh else brigade.name_en


def _show_verdict(
    ui: Ui, violations: Sequence[PlanViolation], lang: Lang, file: Path, shown: int | None = None
) -> None:
    """The checker's verdict: every rule kept, or the broken rules in words (the first
    `shown`, then how many more)."""
    if not violations:
        ui.say(_say("ok", lang))
        return
    ui.say(_say("broken", lang, count=len(violations)))
    for violation in violations[:shown]:
        ui.say(f"  {violation.text(lang.value)}")
    if shown is not None and len(violations) > shown:
        ui.say(_say("more", lang, count=len(violations) - shown, file=file))


@brigade_app.command(
    epilog="Examples:\n\n  rosterkit brigade check brigade-plan-2026-11.json\n\n"
    "  rosterkit brigade check edited.json --data my-brigade/brigade.xlsx --lang en"
)
def check(
    plan_file: Annotated[
        Path,
        typer.Argument(**_IN, dir_okay=False, metavar="PLAN.json", help="The plan's .json."),
    ],
    data: DataOption = None,
    lang: SayLangOption = Lang.zh,
    debug: DebugOption = False,
) -> None:
    """Check a plan (also one edited by hand) with the independent checker: every broken rule
    in words and the objective recomputed. Exits with 0 if it breaks no rule, 1 otherwise, 2 if
    the file is no plan of this brigade."""
    from rosterkit.cli.app import EXIT_NO_ROSTER, _command

    with _command(debug=debug) as ui:
        from rosterkit.brigade.checker import evaluate_plan
        from rosterkit.brigade.rules import RULES

        brigade = _brigade(data)
        the_plan = _plan_for(plan_file, brigade)
        evaluation = evaluate_plan(brigade, the_plan)
        ui.say(
            _say(
                "check.head",
                lang,
                file=plan_file,
                name=_brigade_name(brigade, lang),
                month=the_plan.month,
                assignments=len(the_plan.assignments),
                sessions=f"{len(the_plan.sessions):,}",
            )
        )
        if evaluation.ok:
            ui.say(_say("check.ok", lang))
        else:
            ui.say(_say("check.broken", lang, count=len(evaluation.violations)))
            for violation in evaluation.violations:
                ui.say(f"  {violation.text(lang.value)}")
        terms = _say("list", lang).join(
            _say(
                "check.term",
                lang,
                rule=RULES[term].zh if lang is Lang.zh else RULES[term].en,
                cost=cost,
            )
            for term, cost in evaluation.costs.items()
        )
        stated = _say("none", lang) if the_plan.objective is None else the_plan.objective
        ui.say(_say("check.cost", lang, objective=evaluation.objective, terms=terms, stated=stated))
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
    lang: SayLangOption = Lang.zh,
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
        ui.say(_say("simulated", lang, path=output, count=f"{len(scans):,}"))


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
            _say(
                "report",
                lang,
                month=the_plan.month,
                done=f"{total.done.scans:,}",
                planned=f"{total.planned.scans:,}",
                km=f"{total.done.km:,.0f}",
                hours=f"{total.done.hours:,.0f}",
                missed=total.missed,
                late=total.late,
                suspicious=total.suspicious,
                problems=total.problems,
                closed=total.closed,
            )
        )
        ui.say(
            _say("wrote2", lang, a=target, b=map_file)
            if map_file
            else _say("wrote", lang, path=target)
        )


@brigade_app.command(
    epilog="Example:\n\n  rosterkit brigade score --plan brigade-plan-2026-11.json "
    "--log checkins.csv"
)
def score(
    plan_file: PlanOption,
    log: Annotated[Path, typer.Option("--log", **_IN, dir_okay=False, metavar="FILE")],
    data: DataOption = None,
    lang: SayLangOption = Lang.zh,
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
            name = group.name if lang is Lang.zh else group.name_en
            ui.say(_say("group", lang, name=name, task=group.task))
            for s in sorted(
                (s for s in scores.squads if s.group == group.id), key=lambda s: s.rank
            ):
                ui.say(f"  {s.rank:2d}. {s.squad} {brigade.squad(s.squad).name}: {s.score:.1f}")
        ui.say(_say("units", lang))
        for u in scores.units:
            ui.say(f"  {u.rank:2d}. {brigade.unit(u.unit).name}: {u.score:.1f}")
        names = _say("list", lang).join(
            f"{s.squad} {brigade.squad(s.squad).name}" for s in scores.commended
        )
        ui.say(_say("commended", lang, names=names or _say("nobody", lang)))


@brigade_app.command(
    epilog="Examples:\n\n  rosterkit brigade qr codes --plan brigade-plan-2026-11.json\n\n"
    "  rosterkit brigade qr codes --png --lang en"
)
def qr(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write into.")],
    plan_file: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            **_IN,
            dir_okay=False,
            metavar="PLAN.json",
            help="Adds each squad's areas, routes, checkpoints and slots to its sheet.",
        ),
    ] = None,
    data: DataOption = None,
    png: Annotated[
        bool,
        typer.Option("--png", help="Also each bare code as a PNG in DIR/png (to send to a phone)."),
    ] = False,
    lang: LangOption = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """QR codes to print: DIR/squads.pdf (an A4 sheet per squad: its code, unit, group, and with
    --plan its routes and slots) and DIR/checkpoints.pdf (an A4 poster per checkpoint). The
    payload format is in docs/brigade.md."""
    from rosterkit.cli.app import _command

    with _command(debug=debug) as ui:
        from rosterkit.brigade.qr import write_qr_sheets

        brigade = _brigade(data)
        the_plan = _plan_for(plan_file, brigade) if plan_file is not None else None
        written = write_qr_sheets(
            directory, brigade, the_plan, lang=lang.value, png=png, overwrite=force
        )
        pdfs = [path for path in written if path.suffix == ".pdf"]
        ui.say(_say("qr", lang, count=len(written), folder=directory))
        for path in pdfs:
            ui.say(f"  {path}")
        if len(written) > len(pdfs):
            ui.say(f"  {directory / 'png'} ({len(written) - len(pdfs)} PNG)")
