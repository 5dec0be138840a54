"""The scores written out: a workbook (station ranking, one ranking per team, the commendation
list and notes) or JSON (`AppraisalScores`)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from rosterkit.appraise.score import AppraisalScores, OfficerScore
from rosterkit.errors import RosterInputError
from rosterkit.io import write_atomic, write_text_atomic

log = logging.getLogger(__name__)

_WORDS: dict[str, tuple[str, str]] = {
    "station": ("全所排名", "Station ranking"),
    "teams": ("队室排名", "Team rankings"),
    "commended": ("表彰名单", "Commendations"),
    "notes": ("说明", "Notes"),
    "rank": ("名次", "Rank"),
    "id": ("编号", "Id"),
    "name": ("姓名", "Name"),
    "team": ("队室", "Team"),
    "long": ("长线", "Long line"),
    "short": ("短线", "Short line"),
    "total": ("总分", "Total"),
    "same": ("长短线考核人为同一人：", "One person appraises both sides: "),
    "missing": ("待填：", "Awaiting: "),
    "outside": ("由上级考核", "Appraised outside the station"),
}


def _w(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def write_scores(
    path: str | os.PathLike[str],
    scores: AppraisalScores,
    *,
    lang: str = "zh",
    overwrite: bool = False,
) -> Path:
    """Write the scores atomically as .xlsx or .json (by the file's suffix)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".json":
        return write_text_atomic(
            target, scores.model_dump_json(indent=1) + "\n", overwrite=overwrite
        )
    if suffix != ".xlsx":
        raise RosterInputError("scores are written as .xlsx or .json", source=str(target))
    from openpyxl import Workbook

    from rosterkit.excel.styles import BOLD, BOX, HEADER_COLOUR, fill, put

    workbook = Workbook()
    headers = ["rank", "id", "name", "team", "long", "short", "total"]

    def table(ws: object, row: int, ranked: list[OfficerScore], team_rank: bool) -> int:
        for column, key in enumerate(headers, start=1):
            cell = put(ws, row, column, _w(key, lang))  # type: ignore[arg-type]
            cell.font, cell.fill, cell.border = BOLD, fill(HEADER_COLOUR), BOX
        for s in ranked:
            row += 1
            values = [
                s.team_rank if team_rank else s.rank,
                s.officer_id,
                s.name,
                s.team_name,
                round(s.long_line or 0.0, 2),
                round(s.short_line or 0.0, 2),
                round(s.total or 0.0, 2),
            ]
            for column, value in enumerate(values, start=1):
                put(ws, row, column, value).border = BOX  # type: ignore[arg-type]
        return row + 2

    ws = workbook.active
    assert ws is not None
    ws.title = _w("station", lang)
    table(ws, 1, scores.ranking(), team_rank=False)
    teams = workbook.create_sheet(_w("teams", lang))
    row = 1
    for team in dict.fromkeys(s.team for s in scores.officers if s.rank is not None):
        ranked = sorted(scores.ranking(team), key=lambda s: (s.team_rank or 0, s.officer_id))
        put(teams, row, 1, ranked[0].team_name).font = BOLD
        row = table(teams, row + 1, ranked, team_rank=True)
    commended = workbook.create_sheet(_w("commended", lang))
    by_id = {s.officer_id: s for s in scores.officers}
    table(commended, 1, [by_id[oid] for oid in scores.commended], team_rank=False)
    notes = workbook.create_sheet(_w("notes", lang))
    row = 1
    for s in scores.officers:
        text = ""
        if s.same_person:
            text = f"{_w('same', lang)}{s.same_person}"
        elif s.appraised_outside:
            text = _w("outside", lang)
        elif s.missing:
            text = _w("missing", lang) + ", ".join(s.missing)
        if text:
            put(notes, row, 1, s.officer_id)
            put(notes, row, 2, s.name)
            put(notes, row, 3, text)
            row += 1
    for warning in scores.warnings:
        put(notes, row, 3, warning)
        row += 1
    for sheet in workbook.worksheets:
        for letter, width in zip("ABCDEFG", (8, 10, 10, 18, 10, 10, 10), strict=True):
            sheet.column_dimensions[letter].width = width
    notes.column_dimensions["C"].width = 60
    written = write_atomic(target, lambda tmp: workbook.save(tmp), overwrite=overwrite)
    log.info("wrote %s", written)
    return written
