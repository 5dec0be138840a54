"""Fairness inside each team (soft, short line): car duties, call-ins, own shifts
of teams outside the rotation (street patrol), weekend and holiday duties, and unmet preferred
days differ between a team's officers by at most the
station's allowance; each duty beyond it costs. With a ledger the year so far counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rosterkit.duties import can_hold
from rosterkit.figures import Figures, officer_figures
from rosterkit.ledger import CARRIED_FIGURES
from rosterkit.result import Side
from rosterkit.rules.spec import Rule, Words
from rosterkit.rules.view import RosterView
from rosterkit.station import Officer, PostState

Figure = tuple[Callable[[Officer], bool], Callable[[Officer], int]]
"""Who can earn a figure, and his count this month."""


def figures(v: RosterView) -> dict[str, Figure]:
    """Duty figures compared inside each team: who can earn each, and his count."""
    station = v.station
    cars = [slot for slot in v.slots.values() if slot.post.car]
    shifts = [slot for slot in v.slots.values() if slot.state is PostState.shift]
    counts = officer_figures(station, v.roster)

    def count(name: str) -> Callable[[Officer], int]:
        return lambda o: getattr(counts.get(o.id, Figures()), name)

    return {
        "car_duties": (
            lambda o: any(can_hold(station, o, slot) for slot in cars),
            count("car_duties"),
        ),
        "call_ins": (station.rotates, count("call_ins")),
        "shift_days": (
            lambda o: not station.rotates(o) and any(can_hold(station, o, s) for s in shifts),
            count("shift_days"),
        ),
        "weekend_duties": (lambda o: True, count("weekend_duties")),
        "holiday_duties": (lambda o: True, count("holiday_duties")),
        "unmet_preferences": (
            lambda o: True,
            lambda o: sum(v.works(o, d) for d in v.preferences.get(o.id, set())),
        ),
    }


def _carried(v: RosterView, figure: str, officer: Officer) -> int:
    """The year's count of `figure` before this month, from the ledger."""
    if v.ledger is None or figure not in CARRIED_FIGURES:
        return 0
    value: int = getattr(v.ledger.of(officer.id), figure)
    return value


def measure(v: RosterView) -> Iterator[tuple[str, int]]:
    allowance = v.station.fairness_allowance
    for figure, (earns, count) in figures(v).items():
        for team in v.station.teams:
            scope = [o for o in v.team_members(team.id) if not v.leave.get(o.id) and earns(o)]
            if len(scope) < 2:
                continue
            counts = [count(o) + _carried(v, figure, o) for o in scope]
            yield f"{figure} {team.id}", max(0, max(counts) - min(counts) - allowance)


RULE = Rule(
    id="fairness",
    measure=measure,
    side=Side.short_line,
    weight="fairness",
    zh=Words(
        name="队内勤务均衡",
        broken="同队民警的车组、抽调、街面班次、周末或节假日勤务次数相差超过允许值",
        fix="把多出的勤务交给同队次数少的民警",
    ),
    en=Words(
        name="duties uneven inside a team",
        broken="car duties, call-ins, own shifts, weekend or holiday duties differ inside a team "
        "by more than the allowance",
        fix="give the extra duties to officers of the team with fewer",
    ),
)
