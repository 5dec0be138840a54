"""The month's scores: each squad by its functional group's indicators and weights (from the
data), each unit as the member-weighted mean of its squads, rankings and the commendation list.

score = 100 x sum(weight% / 100 x indicator), each indicator a share from 0 to 1
(`rosterkit.brigade.data.Indicator` says how each is measured).
"""

from __future__ import annotations

from dataclasses import dataclass

from rosterkit.brigade.data import Brigade, Indicator
from rosterkit.brigade.report import MonthReport, Tally


@dataclass(frozen=True)
class SquadScore:
    squad: str
    group: int
    score: float
    indicators: dict[Indicator, float]
    rank: int = 0
    """Rank within its functional group (1 is best)."""


@dataclass(frozen=True)
class UnitScore:
    unit: str
    score: float
    rank: int = 0


@dataclass(frozen=True)
class Scores:
    squads: list[SquadScore]
    units: list[UnitScore]
    commended: list[SquadScore]


def _share(part: float, whole: float, *, empty: float = 1.0) -> float:
    return empty if whole <= 0 else max(0.0, min(1.0, part / whole))


def indicators(tally: Tally, best_found_rate: float) -> dict[Indicator, float]:
    """Every indicator of one squad's month."""
    found_rate = tally.problems / tally.planned.hours if tally.planned.hours else 0.0
    return {
        Indicator.checkins: _share(tally.done.scans, tally.planned.scans),
        Indicator.slots_kept: _share(tally.kept, tally.planned.sessions),
        Indicator.punctuality: _share(tally.kept - tally.late, tally.kept),
        Indicator.distance: _share(tally.done.km, tally.planned.km),
        Indicator.problems_found: _share(found_rate, best_found_rate, empty=0.0),
        Indicator.problems_closed: _share(tally.closed, tally.problems),
        Indicator.clean_scans: _share(tally.done.scans - tally.suspicious, tally.done.scans),
    }


def score_month(brigade: Brigade, report: MonthReport) -> Scores:
    """Scores, ranks and the commendation list of the month."""
    rates = [t.problems / t.planned.hours for t in report.squads.values() if t.planned.hours > 0]
    best = max(rates, default=0.0)
    raw: list[SquadScore] = []
    for squad in brigade.squads:
        values = indicators(report.squads[squad.id], best)
        group = brigade.group(squad.group)
        score = sum(w.weight * values[w.indicator] for w in group.weights)
        raw.append(SquadScore(squad.id, squad.group, round(score, 2), values))
    ranked: list[SquadScore] = []
    for group in brigade.groups:
        members = sorted((s for s in raw if s.group == group.id), key=lambda s: (-s.score, s.squad))
        ranked += [
            SquadScore(s.squad, s.group, s.score, s.indicators, rank)
            for rank, s in enumerate(members, start=1)
        ]
    by_squad = {s.squad: s for s in ranked}
    units = []
    for unit in brigade.units:
        squads = [s for s in brigade.squads if s.unit == unit.id]
        people = sum(s.members for s in squads)
        score = sum(by_squad[s.id].score * s.members for s in squads) / people if people else 0.0
        units.append(UnitScore(unit.id, round(score, 2)))
    units.sort(key=lambda u: (-u.score, u.unit))
    units = [UnitScore(u.unit, u.score, rank) for rank, u in enumerate(units, start=1)]
    settings = brigade.settings
    commended = [
        s
        for s in ranked
        if s.rank <= settings.commend_top and s.score >= settings.commend_min_score
    ]
    ordered = [by_squad[s.id] for s in brigade.squads]
    return Scores(ordered, units, commended)
