"""Scores from the appraisers' entries, recomputed by the library: each side, the weighted total,
rankings per team and for the station, the commendation list, and notes.

The workbook's formulas are for people working in Excel; nothing here reads them. Entries are
the cells an appraiser fills (marks, and figures rosterkit could not fill); every other value
comes from the `AppraisalSheet` rosterkit prepared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import BaseModel, ConfigDict

from rosterkit.appraise.data import SIDES, AppraisalSheet, SheetRow
from rosterkit.errors import RosterInputError
from rosterkit.scoring import (
    LIMIT,
    Indicator,
    IndicatorSource,
    indicator_score,
    shown,
    side_score,
    total_score,
)

_COUNTS = (IndicatorSource.roster, IndicatorSource.dispatch)
"""Sources whose values are counts; a history figure is a change in percent, below 0 when the
incidents went up."""

Entries = Mapping[str, Mapping[str, float | None]]
"""Officer id -> indicator id -> the value an appraiser entered (None: left empty)."""
Place = Callable[[str, str], str]
"""Where an officer's entry for an indicator sits, for messages."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OfficerScore(_Model):
    """One officer's scores; `missing` lists the entries still awaited (then nothing is
    totalled), `rank` and `team_rank` are set for officers scored on both sides."""

    officer_id: str
    name: str
    team: str
    team_name: str
    long_line: float | None = None
    short_line: float | None = None
    total: float | None = None
    indicators: dict[str, float] = {}
    missing: list[str] = []
    missing_en: list[str] = []
    """`missing` with the indicators' English names."""
    rank: int | None = None
    team_rank: int | None = None
    same_person: str | None = None
    """The one appraiser of both sides, where one person is both."""
    appraised_outside: bool = False


class AppraisalScores(_Model):
    """The month's scores: officers in the sheet's order, the commendation list (officer ids,
    best first) and warnings (visible cells that disagreed with rosterkit's figures)."""

    station_id: str
    month: str
    officers: list[OfficerScore]
    commended: list[str]
    warnings: list[str] = []

    def ranking(self, team: str | None = None) -> list[OfficerScore]:
        """Ranked officers, best first: the station's, or one team's."""
        ranked = [s for s in self.officers if s.rank is not None]
        if team is not None:
            ranked = [s for s in ranked if s.team == team]
        return sorted(ranked, key=lambda s: (s.rank, s.officer_id))


def is_entry(row: SheetRow, indicator: Indicator) -> bool:
    """Whether the appraiser enters this value (a mark, or a figure rosterkit could not fill)."""
    return indicator.source is IndicatorSource.marked or indicator.id not in row.values


def entry_problems(sheet: AppraisalSheet, entries: Entries, place: Place) -> list[str]:
    """Every entry that cannot be used: a mark outside its range, a negative figure, or anything
    filled for an officer whom nobody appraises on that side."""
    problems: list[str] = []
    for row in sheet.rows:
        given = entries.get(row.officer_id, {})
        for side in SIDES:
            appraiser = row.appraiser(side)
            for indicator in sheet.side(side):
                value = given.get(indicator.id)
                if value is None or not is_entry(row, indicator):
                    continue
                where = place(row.officer_id, indicator.id)
                if appraiser is None:
                    problems.append(
                        f"{where}: {value:g} filled for {row.officer_id}, whom nobody appraises on "
                        "this side here; clear the cell"
                    )
                elif indicator.source is IndicatorSource.marked and not (
                    indicator.lowest <= value <= indicator.highest
                ):
                    problems.append(
                        f"{where}: mark {value:g} for {row.officer_id} outside "
                        f"{indicator.lowest:g}-{indicator.highest:g}; give a mark in that range"
                    )
                elif indicator.source in _COUNTS and value < 0:
                    problems.append(f"{where}: {value:g} is a count below 0; give 0 or more")
                elif indicator.source is IndicatorSource.history and not -LIMIT <= value <= LIMIT:
                    problems.append(f"{where}: {value:g} is not a change in percent")
    return problems


def _competition_ranks(scores: list[OfficerScore]) -> dict[str, int]:
    """1, 2, 2, 4 …: equal shown totals share a rank."""
    ordered = sorted(scores, key=lambda s: (-shown(s.total or 0.0), s.officer_id))
    ranks: dict[str, int] = {}
    previous: float | None = None
    rank = 0
    for position, score in enumerate(ordered, start=1):
        value = shown(score.total or 0.0)
        if value != previous:
            rank, previous = position, value
        ranks[score.officer_id] = rank
    return ranks


def score_sheet(
    sheet: AppraisalSheet,
    entries: Entries,
    *,
    place: Place | None = None,
    warnings: list[str] | None = None,
) -> AppraisalScores:
    """Each officer's scores from `entries`, recomputed; `RosterInputError` listing every entry
    that cannot be used (see `entry_problems`)."""
    where = place or (lambda officer_id, indicator_id: f"{officer_id} {indicator_id}")
    problems = entry_problems(sheet, entries, where)
    if problems:
        raise RosterInputError(
            "entries that cannot be used:\n" + "\n".join(f"  {p}" for p in problems),
            source="appraisal",
        )
    results: list[OfficerScore] = []
    for row in sheet.rows:
        given = entries.get(row.officer_id, {})
        score = OfficerScore(
            officer_id=row.officer_id,
            name=row.name,
            team=row.team,
            team_name=row.team_name,
            same_person=row.long_line if row.same_person else None,
            appraised_outside=row.long_line is None and row.short_line is None,
        )
        sides: dict[str, float] = {}
        for side in SIDES:
            if row.appraiser(side) is None:
                continue
            values: dict[str, float] = {}
            for indicator in sheet.side(side):
                value = (
                    given.get(indicator.id)
                    if is_entry(row, indicator)
                    else row.values[indicator.id]
                )
                if value is None:
                    appraiser = row.appraiser(side)
                    who = sheet.names.get(appraiser or "", appraiser)
                    score.missing.append(f"{indicator.name} ({who})")
                    score.missing_en.append(f"{indicator.name_en} ({who})")
                    continue
                values[indicator.id] = value
            if len(values) == len(sheet.side(side)):
                sides[side] = side_score(sheet.side(side), values)
                for indicator in sheet.side(side):
                    score.indicators[indicator.id] = indicator_score(
                        indicator, values[indicator.id]
                    )
        score.long_line = sides.get("long_line")
        score.short_line = sides.get("short_line")
        if len(sides) == 2:
            score.total = total_score(
                sides["long_line"], sides["short_line"], sheet.long_share, sheet.short_share
            )
        results.append(score)
    totalled = [s for s in results if s.total is not None]
    station_ranks = _competition_ranks(totalled)
    for team in dict.fromkeys(s.team for s in totalled):
        team_ranks = _competition_ranks([s for s in totalled if s.team == team])
        for s in totalled:
            if s.team == team:
                s.team_rank = team_ranks[s.officer_id]
    for s in totalled:
        s.rank = station_ranks[s.officer_id]
    scheme = sheet.scheme
    commended = [
        s.officer_id
        for s in sorted(totalled, key=lambda s: (s.rank, s.officer_id))
        if s.rank is not None
        and s.rank <= scheme.commend_places
        and shown(s.total or 0.0) >= scheme.commend_at
    ]
    return AppraisalScores(
        station_id=sheet.station_id,
        month=sheet.month,
        officers=results,
        commended=commended,
        warnings=list(warnings or []),
    )
