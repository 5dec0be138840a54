"""``rosterkit batch``: every station of a folder rostered for a month, with live progress.

A thin layer over `rosterkit.batch.run_batch`: it picks the executor from --workers and --ray,
shows the stations as they end (a live bar on standard error, one line per station on standard
output) and the district's totals. Exit codes: 0 every station has its roster (now or from an
earlier run); 1 some station has none (each says why); 2 bad input or usage of the whole batch;
3 an internal error. It registers itself on the app; `rosterkit.cli.app` imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rosterkit.cli.app import (
    _DEFAULTS,
    EXIT_NO_ROSTER,
    DebugOption,
    ForceOption,
    MonthOption,
    TimeLimitOption,
    _command,
    app,
)
from rosterkit.cli.choices import Lang
from rosterkit.options import SolveOptions

if TYPE_CHECKING:
    from rich.console import Console

    from rosterkit.batch import BatchProgress, BatchResult, Executor, StationOutcome
    from rosterkit.cli.display import Ui

__all__ = ["EPILOG", "batch"]

BatchProgressHook = Callable[["BatchProgress"], None]

EPILOG = (
    "Examples:\n\n"
    "  rosterkit batch --month 2027-01 stations/\n\n"
    "  rosterkit batch -m 2027-01 stations/ --workers 4 -o out/ --time-limit 30\n\n"
    "  rosterkit batch -m 2027-01 stations/ --ray auto\n\n"
    "Each station is NAME.yaml in the folder, with NAME.officers.xlsx, NAME.leave.xlsx, "
    "NAME.previous.xlsx and NAME.ledger.yaml beside it where it has them (docs/batch.md). "
    "Without NAME.previous.xlsx, last month's workbook of a batch is the previous roster."
)

_MARKS = {"rostered": "✓", "skipped": "·", "kept": "!"}


def _executor(workers: int | None, ray: str | None) -> Executor:
    """The executor the options ask for."""
    from rosterkit.batch import LocalProcesses, RayCluster, Serial

    if ray is not None:
        if not ray.strip():
            raise typer.BadParameter(
                "give auto, local or the cluster's address", param_hint="--ray"
            )
        if workers is not None and ray != "local":
            raise typer.BadParameter(
                "the cluster decides how many stations run at once; --workers goes with "
                "--ray local only",
                param_hint="--workers",
            )
        return RayCluster(address=ray, cpus=workers)
    if workers == 1:
        return Serial()
    return LocalProcesses(workers=workers)


def _line(outcome: StationOutcome, lang: str) -> str:
    """One station's outcome in a line: its mark, name, status and figures or first reason."""
    from rosterkit.batch import status_words
    from rosterkit.excel.labels import status_label

    mark = _MARKS.get(outcome.status.value, "✗")
    words = status_words(outcome.status, lang)
    head = f"{mark} {outcome.name}: {words}"
    summary = outcome.summary
    if outcome.failed:
        return f"{head}: {outcome.reasons[0]}" if outcome.reasons else head
    if summary is None:
        return head
    solve = status_label(summary.solve_status, "zh" if lang == "zh" else "en")
    if lang == "zh":
        figures = (
            f"{solve}，代价 {summary.objective}，抽调 {summary.call_ins} 人次，"
            f"均衡代价 {summary.fairness_cost}"
        )
    else:
        figures = (
            f"{solve}, cost {summary.objective}, call-ins {summary.call_ins}, "
            f"fairness cost {summary.fairness_cost}"
        )
    if outcome.notes:
        # Refused leave and warnings: listed on the district workbook's Reasons sheet.
        count = len(outcome.notes)
        figures += f"，备注 {count} 条" if lang == "zh" else f", {count} note(s)"
    where = f" → {outcome.workbook}" if outcome.workbook is not None else ""
    return f"{head} ({figures}){where}"


def _show_outcome(console: Console, outcome: StationOutcome, lang: str, debug: bool) -> None:
    """A station's line, its further reasons, and with --debug the traceback of a bug."""
    from rich.text import Text

    from rosterkit.cli.display import visible

    console.print(Text(visible(_line(outcome, lang))))
    for reason in outcome.reasons[1:]:
        console.print(Text(visible(f"    {reason}")))
    if debug and outcome.detail:
        console.print(Text(visible(outcome.detail)))


def _with_bar(
    ui: Ui, run: Callable[[BatchProgressHook], BatchResult], lang: str, debug: bool
) -> BatchResult:
    """The batch run under a live bar on standard error (stations ended of all, elapsed time);
    each station's line is printed above the bar when standard output is the same terminal."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from rosterkit.cli.display import visible

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=ui.err,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = bar.add_task("stations", total=None)
    lines = bar.console if ui.out.is_terminal else ui.out

    def progress(event: BatchProgress) -> None:
        last = "" if event.outcome is None else f" · {visible(event.outcome.name)}"
        bar.update(task, total=event.total, completed=event.done, description=f"stations{last}")
        if event.outcome is not None:
            _show_outcome(lines, event.outcome, lang, debug)

    with bar:
        return run(progress)


def _show_result(ui: Ui, result: BatchResult, lang: str) -> None:
    """The batch's totals: counts per status, the district workbook, time and pace."""
    from rosterkit.batch import status_words

    counts = ", ".join(
        f"{status_words(status, lang)} {count}" for status, count in result.counts.items()
    )
    rostered = sum(1 for o in result.outcomes if o.status.value == "rostered")
    pace = rostered / result.seconds * 60 if result.seconds > 0 else 0.0
    if lang == "zh":
        ui.say(f"{result.month}：{len(result.outcomes)} 个派出所，{counts}")
        ui.say(f"辖区汇总：{result.district}")
        ui.say(f"用时 {result.seconds:.1f} 秒（{result.executor}），每分钟 {pace:.1f} 个所")
    else:
        ui.say(f"{result.month}: {len(result.outcomes)} stations, {counts}")
        ui.say(f"district workbook: {result.district}")
        ui.say(
            f"{result.seconds:.1f} s with {result.executor}, {pace:.1f} stations rostered "
            "per minute"
        )


@app.command(epilog=EPILOG)
def batch(
    folder: Annotated[
        Path,
        typer.Argument(
            exists=True,
            file_okay=False,
            dir_okay=True,
            metavar="FOLDER",
            help="The folder of the station files (NAME.yaml and the files beside it).",
        ),
    ],
    month: MonthOption,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            max=1024,
            help="Stations rostered at once, each in a worker process. Default: one per core. "
            "1 rosters them one after another in this process. With --ray local: Ray's CPUs.",
        ),
    ] = None,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="auto|local|ADDRESS",
            help="Run each station as a Ray task: 'auto' on the cluster this machine belongs "
            "to, an address (ray://HEAD:10001) for another, 'local' on a Ray of this machine "
            "alone. Needs pip install 'rosterkit[ray]'.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FOLDER",
            help="Where the workbooks go (created if need be). Default: FOLDER/roster-YYYY-MM.",
        ),
    ] = None,
    time_limit: TimeLimitOption = _DEFAULTS.time_limit,
    seed: Annotated[
        int,
        typer.Option(
            min=0,
            max=2**31 - 1,
            help="Random seed of every station's search; the same inputs and seed give the "
            "same rosters whatever runs them.",
        ),
    ] = _DEFAULTS.seed,
    lang: Annotated[
        Lang, typer.Option(help="Language of the workbooks and of what is shown.")
    ] = Lang.zh,
    force: ForceOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No live progress bar.")] = False,
    debug: DebugOption = False,
) -> None:
    """Roster a month for every station of a folder, each station as a job of its own, and sum
    the district up in one workbook.

    Each station gets its workbook (OUT/roster-NAME-YYYY-MM.xlsx) or its reasons; one station's
    trouble never stops the others. A ledger beside a station is written back with the month
    added. A station without NAME.previous.xlsx carries on from last month's workbook of a
    batch (in the output folder, or last month's default one). A station whose workbook was
    made from the same inputs by an earlier run is skipped; an existing workbook of other
    inputs is kept unless --force. Every station's search uses one CP-SAT worker and the same
    seed, so the rosters do not depend on --workers or --ray. Exits with 0 when every station
    has its roster, 1 otherwise.
    """
    chosen = _executor(workers, ray)  # a usage error, before the command's own errors
    with _command(debug=debug) as ui:
        from rosterkit.batch import run_batch

        options = SolveOptions(time_limit=time_limit, seed=seed, workers=1, deterministic=True)
        language = lang.value
        from rich.text import Text

        from rosterkit.cli.display import visible

        heading = f"{folder}: rostering {month} with {chosen.name}, {time_limit:g} s per station"
        ui.err.print(Text(visible(heading)))

        def run(progress: BatchProgressHook) -> BatchResult:
            return run_batch(
                folder,
                month,
                output=output,
                executor=chosen,
                options=options,
                lang=language,
                force=force,
                progress=progress,
            )

        if quiet or not ui.err.is_terminal:

            def progress(event: BatchProgress) -> None:
                if event.outcome is not None:
                    _show_outcome(ui.out, event.outcome, language, debug)

            result = run(progress)
        else:
            result = _with_bar(ui, run, language, debug)
        _show_result(ui, result, language)
        if not result.ok:
            raise typer.Exit(EXIT_NO_ROSTER)
