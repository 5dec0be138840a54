"""The model and the checker agree, rule by rule, over generated variations of the tiny station.

Every roster the solver returns breaks no hard rule in the checker's eyes, and the checker
recomputes every soft rule's penalties term by term; a month that cannot be rostered comes back
as a status with reasons, never an exception. The stations vary the things each rule reads:
street patrol and its cap, rest after 24 hours, a target staff, call-ins allowed or not, squads
given or formed, an A/B pair, grid officers, leave and requests for days off.
(`tests/test_properties.py` does the same on Qianmen-shaped stations.)
"""

from __future__ import annotations

import datetime as dt

from conftest import tiny_posts, tiny_station
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rule_cases import DAYS, MONTH, ab_station, grid_station

from rosterkit import Leave, SolveOptions, SolveStatus, Station, evaluate, solve
from rosterkit.rules import REGISTRY
from rosterkit.station import DutyPost, Eligibility, LeaveKind, PostState, TeamKind

OPTIONS = SolveOptions(workers=1, time_limit=5)
_DESK = DutyPost(
    code="desk",
    name="内勤",
    name_en="Desk",
    short="内",
    state=PostState.deputy,
    eligible=Eligibility(team_kinds=[TeamKind.community, TeamKind.leadership]),
)
"""A station-wide post: community officers on it are away from their community."""


@st.composite
def stations(draw: st.DrawFn) -> Station:
    patrol = draw(st.sampled_from([0, 2, 3]))
    posts = tiny_posts(
        moffice={"call_in": draw(st.booleans())},
        doffice={"target_staff": draw(st.sampled_from([None, 1, 2, 3]))},
    )
    posts = [p for p in posts if patrol or p.code != "early"]
    if draw(st.booleans()):
        posts.append(_DESK.model_copy(update={"target_staff": draw(st.sampled_from([None, 1]))}))
    shape = draw(st.sampled_from(["plain", "ab", "grid"]))
    if shape == "ab":
        station = ab_station(patrol=patrol, posts=posts)
    elif shape == "grid":
        station = grid_station("R1", patrol=patrol, posts=posts)
    else:
        station = tiny_station(patrol=patrol, posts=posts)
    station = station.model_copy(
        update={
            "rest_after_24h": draw(st.booleans()),
            "fairness_allowance": draw(st.integers(0, 2)),
        }
    )
    if patrol:
        cap = draw(st.sampled_from([None, 4, 5]))  # 3 starves two officers' seven days
        teams = [
            t.model_copy(update={"max_shifts_per_week": cap}) if t.id == "sp" else t
            for t in station.teams
        ]
        station = station.model_copy(update={"teams": teams})
    return station


@st.composite
def cases(draw: st.DrawFn) -> tuple[Station, list[Leave]]:
    station = draw(stations())
    if draw(st.booleans()):
        # Squads formed by the solver; with leave as well the search can take many seconds.
        return station.without_squads(), []
    ids = [o.id for o in station.officers]
    leave = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.sampled_from(DAYS))
        length = draw(st.integers(1, 4))
        kind = draw(st.sampled_from([LeaveKind.annual, LeaveKind.preferred_day_off]))
        leave.append(
            Leave(
                officer_id=draw(st.sampled_from(ids)),
                start=start,
                end=min(start + dt.timedelta(days=length - 1), DAYS[-1]),
                kind=kind,
            )
        )
    return station, leave


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cases())
def test_model_and_checker_agree_rule_by_rule(case: tuple[Station, list[Leave]]) -> None:
    station, leave = case
    result = solve(station, MONTH, leave, OPTIONS)
    event(f"status {result.status.value}")
    if result.roster is None:
        assert result.status in (SolveStatus.infeasible, SolveStatus.timed_out)
        assert result.reasons and all(isinstance(r, str) and r for r in result.reasons)
        return
    assert result.status in (SolveStatus.optimal, SolveStatus.feasible)
    evaluation = evaluate(station, result.roster, leave)
    assert [str(v) for v in evaluation.violations] == []
    for rule in REGISTRY:
        if rule.hard:
            continue
        model = sorted(
            (p.key, p.amount, p.unit_cost) for p in result.penalties if p.rule == rule.id
        )
        checker = sorted(
            (p.key, p.amount, p.unit_cost) for p in evaluation.penalties if p.rule == rule.id
        )
        assert checker == model, rule.id
        if model:
            event(f"pays {rule.id}")
    assert evaluation.objective == result.objective
