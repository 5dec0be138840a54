"""Domain truths over generated stations and leave sets.

- every roster the solver returns passes the independent checker;
- the checker's objective equals the solver's, term by term;
- inputs that cannot be rostered come back as a status with a reason, never an exception.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rosterkit import Leave, SolveOptions, SolveStatus, Station, evaluate, solve
from rosterkit.calendar import Month
from rosterkit.stations import layout

OPTIONS = SolveOptions(workers=1, time_limit=6)


RELAXED = {"ccar": 1, "desk": 1, "case": 1, "early": 1, "late": 1, "scar1": 1, "scar2": 1}


@st.composite
def stations(draw: st.DrawFn) -> Station:
    """Qianmen-shaped stations of other sizes; often with the posts' minimums relaxed so that
    smaller teams can staff them."""
    station = layout(
        1,
        with_squads=draw(st.booleans()),
        community_size=draw(st.integers(6, 12)),
        command_size=draw(st.integers(3, 6)),
        case_size=draw(st.integers(3, 6)),
        patrol_size=draw(st.sampled_from([0, 3, 4, 6])),
    )
    if draw(st.booleans()):
        posts = [
            p.model_copy(update={"min_staff": RELAXED[p.code], "target_staff": None})
            if p.code in RELAXED
            else p
            for p in station.posts
        ]
        station = station.model_copy(update={"posts": posts})
    return station


@st.composite
def cases(draw: st.DrawFn) -> tuple[Station, str, list[Leave]]:
    station = draw(stations())
    if not any(o.team.startswith("street_patrol") for o in station.officers):
        station = station.model_copy(
            update={"posts": [p for p in station.posts if p.code not in ("early", "late")]}
        )
    month = draw(st.sampled_from(["2026-02", "2026-10", "2026-12", "2027-01"]))
    days = Month.parse(month).days
    ids = [o.id for o in station.officers]
    leave = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.sampled_from(days))
        length = draw(st.integers(1, 5))
        leave.append(
            Leave(
                officer_id=draw(st.sampled_from(ids)),
                start=start,
                end=start + dt.timedelta(days=length - 1),
            )
        )
    return station, month, leave


@pytest.mark.slow
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cases())
def test_solver_and_checker_agree(case: tuple[Station, str, list[Leave]]) -> None:
    station, month, leave = case
    result = solve(station, month, leave, OPTIONS)
    event(f"status {result.status.value}")
    if result.roster is None:
        assert result.status in (SolveStatus.infeasible, SolveStatus.timed_out)
        assert result.reasons and all(isinstance(r, str) and r for r in result.reasons)
        return
    assert result.status in (SolveStatus.optimal, SolveStatus.feasible)
    evaluation = evaluate(station, result.roster, leave)
    assert evaluation.violations == []
    assert evaluation.objective == result.objective
    assert sorted((p.rule, p.key, p.amount) for p in evaluation.penalties) == sorted(
        (p.rule, p.key, p.amount) for p in result.penalties
    )
    assert result.best_bound is not None and result.best_bound <= result.objective
