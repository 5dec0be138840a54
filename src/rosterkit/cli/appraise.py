"""`rosterkit appraise init|score`: the month's appraisal workbook, and its scores."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rosterkit.calendar import Month
from rosterkit.cli.choices import Lang
from rosterkit.cli.dispatch import DebugOption, ForceOption, OfficersOption, StationOption

if TYPE_CHECKING:
    from rosterkit.appraise import AppraisalScores

app = typer.Typer(
    name="appraise",
    help="The two-way appraisal (主防, long line / short line, 50/50): a workbook for the "
    "appraisers, and the scores recomputed from it.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

_IN_FILE = {"exists": True, "dir_okay": False, "readable": True}


def _parse_month(text: str) -> Month:
    from rosterkit.cli.app import _parse_month as parse

    return parse(text)


@app.command(
    epilog="Examples:\n\n  rosterkit appraise init --month 2026-12\n\n"
    "  rosterkit appraise init -m 2026-12 --roster roster-2026-12.xlsx "
    "--dispatch dispatch-2026-12.json -o appraisal.xlsx"
)
def init(
    month: Annotated[
        Month,
        typer.Option("--month", "-m", parser=_parse_month, metavar="YYYY-MM", help="The month."),
    ],
    roster: Annotated[
        Path | None,
        typer.Option(metavar="ROSTER", help="The month's roster. Default: roster-YYYY-MM.xlsx."),
    ] = None,
    dispatch: Annotated[
        Path | None,
        typer.Option(
            **_IN_FILE,
            metavar="FILE",
            help="The month's dispatch result (from 'rosterkit dispatch run'), for incidents "
            "handled and grid figures; without it those cells are left to the appraisers.",
        ),
    ] = None,
    station: StationOption = None,
    officers: OfficersOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Default: appraisal-YYYY-MM.xlsx."),
    ] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the workbook.")] = Lang.zh,
    force: ForceOption = False,
    debug: DebugOption = False,
) -> None:
    """Write the appraisal workbook: a row per officer prefilled from the roster (and the
    dispatch result), cells for each appraiser's marks, and live formulas for both sides and
    the weighted total."""
    from rosterkit.cli.app import _command

    with _command(debug=debug) as ui:
        from rosterkit.appraise import appraisal_sheet
        from rosterkit.appraise.workbook import write_appraisal_workbook
        from rosterkit.cli.dispatch import load_station_and_roster
        from rosterkit.cli.files import check_outputs
        from rosterkit.dispatch import DispatchResult
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
            {"--roster": roster_path, "--dispatch": dispatch, "--station": station},
            force=force,
        )
        the_station, the_roster = load_station_and_roster(roster_path, station, officers)
        if the_roster.month != str(month):
            raise RosterInputError(
                f"the roster is of {the_roster.month}, not {month}; give the month's roster",
                source=str(roster_path),
            )
        result = None
        if dispatch is not None:
            from pydantic import ValidationError

            try:
                result = DispatchResult.model_validate_json(dispatch.read_bytes())
            except ValidationError:
                raise RosterInputError(
                    "not a dispatch result; write one with 'rosterkit dispatch run'",
                    source=str(dispatch),
                ) from None
        sheet = appraisal_sheet(the_station, the_roster, result)
        written = write_appraisal_workbook(target, sheet, lang=lang.value, overwrite=force)
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
        lines.append(
            f"{'待填' if zh else 'awaiting'}: {s.officer_id} {s.name}: {', '.join(s.missing)}"
        )
    if len(waiting) > 10:
        lines.append(f"… {len(waiting) - 10} {'人待填' if zh else 'more officers awaiting marks'}")
    lines += [f"warning: {w}" for w in scores.warnings]
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
    from rosterkit.cli.app import _command

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
