"""`rosterkit appraise init|score`: the month's appraisal workbook, and its scores."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rosterkit.cli.app import (
    _IN_FILE,
    DebugOption,
    ForceOption,
    MonthOption,
    OfficersOption,
    StationOption,
    _command,
)
from rosterkit.cli.choices import Lang
from rosterkit.cli.dispatch import load_station_and_roster

if TYPE_CHECKING:
    from rosterkit.appraise import AppraisalScores

app = typer.Typer(
    name="appraise",
    help="The two-way appraisal (主防, long line / short line, 50/50): a workbook for the "
    "appraisers, and the scores recomputed from it.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


@app.command(
    epilog="Examples:\n\n  rosterkit appraise init --month 2026-12\n\n"
    "  rosterkit appraise init -m 2026-12 --roster roster-2026-12.xlsx "
    "--dispatch dispatch-2026-12.json --history history.csv -o appraisal.xlsx"
)
def init(
    month: MonthOption,
    roster: Annotated[
        Path | None,
        typer.Option(metavar="ROSTER", help="The month's roster. Default: roster-YYYY-MM.xlsx."),
    ] = None,
    dispatch: Annotated[
        Path | None,
        typer.Option(
            **_IN_FILE,
            metavar="FILE",
            help="The month's dispatch result (.json or .xlsx from 'rosterkit dispatch run'), "
            "for incidents handled and grid figures; without it those cells are left to the "
            "appraisers.",
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            **_IN_FILE,
            metavar="FILE",
            help="Earlier incidents and cases per community and grid (.csv, .xlsx, .yaml, .toml "
            "or .json: period, community, grid, incidents, cases), to show and score each "
            "area's change against the same month last year or the last three months (the "
            "scheme's baseline).",
        ),
    ] = None,
    station: StationOption = None,
    officers: OfficersOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Default: appraisal-YYYY-MM.xlsx."),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the workbook and messages.")] = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Write the appraisal workbook: a row per officer prefilled from the roster (and the
    dispatch result and earlier figures), cells for each appraiser's marks, and live formulas
    for both sides and the weighted total.

    A roster workbook rosterkit wrote carries its station; --station and --officers take
    precedence.
    """
    parts = {"earlier figures": history, "dispatch result": dispatch}
    with _command(debug=debug, files=parts) as ui:
        from rosterkit.appraise import appraisal_sheet, read_history
        from rosterkit.appraise.workbook import write_appraisal_workbook
        from rosterkit.cli.files import check_outputs
        from rosterkit.dispatch import read_result
        from rosterkit.errors import RosterInputError

        roster_path = roster or Path(f"roster-{month}.xlsx")
        if not roster_path.is_file():
            raise RosterInputError(
                "roster not found; give it with --roster (rosterkit generate writes it)",
                source=str(roster_path),
            )
        target = output or Path(f"appraisal-{month}.xlsx")
        check_outputs(
            {"-o": target},
            {
                "--roster": roster_path,
                "--dispatch": dispatch,
                "--history": history,
                "--station": station,
                "--officers": officers,
            },
            force=force,
        )
        the_station, the_roster = load_station_and_roster(roster_path, station, officers)
        if the_roster.month != str(month):
            raise RosterInputError(
                f"the roster is of {the_roster.month}, not {month}; give the month's roster",
                source=str(roster_path),
            )
        result = read_result(dispatch) if dispatch is not None else None
        earlier = read_history(history, the_station, month) if history is not None else None
        sheet = appraisal_sheet(the_station, the_roster, result, earlier)
        written = write_appraisal_workbook(target, sheet, lang=lang.value, overwrite=force)
        if lang is Lang.zh:
            ui.say(f"已写入 {written.resolve()}（{len(sheet.rows)} 名民警）")
        else:
            ui.say(f"wrote {written.resolve()} ({len(sheet.rows)} officers)")


def summary(scores: AppraisalScores, lang: Lang) -> list[str]:
    """The station's ranking (top ten), the commendation list, notes and what is missing."""
    zh = lang is Lang.zh
    names = {s.officer_id: s for s in scores.officers}
    lines = [f"{scores.month} {'全所排名' if zh else 'station ranking'}:"]
    for s in scores.ranking()[:10]:
        lines.append(
            f"  {s.rank:>3}. {s.officer_id} {s.name} {s.team_name} {s.total:.2f} "
            f"({'长线' if zh else 'long'} {s.long_line:.2f}, {'短线' if zh else 'short'} "
            f"{s.short_line:.2f})"
        )
    commended = ", ".join(f"{oid} {names[oid].name}" for oid in scores.commended)
    lines.append(f"{'表彰名单' if zh else 'commended'}: {commended or '—'}")
    for s in scores.officers:
        if s.same_person:
            lines.append(
                f"{'注' if zh else 'note'}: {s.officer_id} {s.name}: "
                + (
                    f"长短线考核人同为 {s.same_person}"
                    if zh
                    else f"{s.same_person} appraises both sides"
                )
            )
    waiting = [s for s in scores.officers if s.missing]
    for s in waiting[:10]:
        awaited = s.missing if zh or not s.missing_en else s.missing_en
        label = "待填" if zh else "awaiting"
        lines.append(f"{label}: {s.officer_id} {s.name}: {', '.join(awaited)}")
    if len(waiting) > 10:
        lines.append(f"… {len(waiting) - 10} {'人待填' if zh else 'more officers awaiting marks'}")
    lines += [f"{'提示' if zh else 'warning'}: {w}" for w in scores.warnings]
    return lines


@app.command(epilog="Example:\n\n  rosterkit appraise score appraisal-2026-12.xlsx")
def score(
    workbook: Annotated[
        Path, typer.Argument(**_IN_FILE, metavar="FILE", help="The filled-in appraisal workbook.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Scores (.xlsx or .json). Default: FILE's name with -scores.xlsx.",
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the scores and the summary.")] = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Read the appraisal workbook back, check the marks, recompute every score (the formulas
    are not trusted), and write rankings per team and station, the commendation list and notes
    where one person is both appraisers. Bad marks exit with 2, naming each cell."""
    with _command(debug=debug) as ui:
        from rosterkit.appraise.report import write_scores
        from rosterkit.appraise.workbook import score_workbook
        from rosterkit.cli.files import check_outputs

        target = output or workbook.with_name(f"{workbook.stem}-scores.xlsx")
        check_outputs({"-o": target}, {"FILE": workbook}, force=force)
        scores = score_workbook(workbook)
        written = write_scores(target, scores, lang=lang.value, overwrite=force)
        for line in summary(scores, lang):
            ui.say(line)
        ui.say(f"{'文件' if lang is Lang.zh else 'file'}: {written.resolve()}")
