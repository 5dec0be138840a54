"""Hard months (issue 10): a roster found is never lost, bounds are proven and never below 0,
and compiling a large station asks its lookups once per officer.

Correctness only: how fast these months are solved is measured by benchmarks/hard_months.py.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from ortools.sat.python import cp_model

from rosterkit import Leave, Progress, SolveOptions, SolveStatus, evaluate, solve
from rosterkit.duties import can_hold
from rosterkit.problem import compile_problem
from rosterkit.solver import (
    _bound,
    _complete_hint,
    _found,
    _hint_roster,
    build_model,
    lower_bound,
)
from rosterkit.solver.construct import initial_roster
from rosterkit.solver.rules.leave import forced_call_ins
from rosterkit.station import DutyState, Role, Station
from rosterkit.stations import layout, qianmen

MONTH = "2026-12"
CALL_IN_COST = 40 * 50
"""A call-in at the built-in station's weight and short-line share."""
CLUSTERS = [
    # three officers of one community squad away the same week, a day apart, 7 days each;
    # every fourth cluster two officers of a case-team squad (benchmarks/hard_months.py)
    ("P037", 1),
    ("P038", 2),
    ("P042", 3),
    ("P027", 6),
    ("P028", 7),
    ("P031", 8),
    ("P017", 11),
    ("P020", 12),
    ("P022", 13),
    ("P048", 16),
    ("P051", 17),
    ("P039", 21),
    ("P040", 22),
    ("P043", 23),
    ("P029", 4),
]


@pytest.fixture(scope="module")
def clustered_leave() -> list[Leave]:
    """The built-in station's hard month: 15 leave periods in clusters."""
    return [
        Leave(
            officer_id=officer,
            start=dt.date(2026, 12, day),
            end=dt.date(2026, 12, day) + dt.timedelta(days=6),
        )
        for officer, day in CLUSTERS
    ]


def _forced_by_hand(station: Station, leave: list[Leave]) -> int:
    """Call-ins the clustered month forces, counted on the built-in station's own terms: on a
    main-duty day a community needs three of its main squad for its car (2) and office (1),
    which its deputy director may not take; the command room's desk and the case post need two
    each."""
    away = {
        (item.officer_id, item.start + dt.timedelta(days=i))
        for item in leave
        for i in range((item.end - item.start).days + 1)
    }
    rotation = station.rotation
    forced = 0
    for day in (dt.date(2026, 12, 1) + dt.timedelta(days=i) for i in range(31)):
        main = rotation.group_in(DutyState.main, day)
        for team, need in [(c.id + "_team", 3) for c in station.communities] + [
            ("command_room", 2),
            ("case_team", 2),
        ]:
            present = [
                o
                for o in station.officers
                if o.team == team
                and o.squad == main
                and Role.deputy_director not in o.roles
                and (o.id, day) not in away
            ]
            forced += max(0, need - len(present))
    return forced


def test_a_roster_found_is_returned_however_short_the_time(clustered_leave: list[Leave]) -> None:
    """With no time for a search, the constructed start roster comes back, priced by the model
    and agreeing with the checker; its bound is what is known before any search."""
    station = qianmen()
    result = solve(station, MONTH, clustered_leave, SolveOptions(time_limit=0.001))
    assert result.status is SolveStatus.feasible
    assert result.roster is not None and result.objective is not None
    evaluation = evaluate(station, result.roster, clustered_leave)
    assert evaluation.violations == []
    assert evaluation.objective == result.objective
    assert result.best_bound == 24 * CALL_IN_COST
    assert result.objective >= result.best_bound


@pytest.mark.parametrize("workers", [1, 2])
def test_a_short_search_keeps_its_best_roster(clustered_leave: list[Leave], workers: int) -> None:
    station = qianmen()
    options = SolveOptions(time_limit=0.5, workers=workers, deterministic=workers == 1)
    result = solve(station, MONTH, clustered_leave, options)
    assert result.status in (SolveStatus.feasible, SolveStatus.optimal)
    assert result.roster is not None and result.best_bound is not None
    evaluation = evaluate(station, result.roster, clustered_leave)
    assert evaluation.violations == []
    assert evaluation.objective == result.objective
    assert 0 <= result.best_bound <= evaluation.objective


@pytest.mark.slow
def test_the_hard_month_proves_the_call_ins_leave_forces(clustered_leave: list[Leave]) -> None:
    """The bound covers at least the call-ins the leave forces (issue 10: CP-SAT's own bound
    was half of them), and the roster agrees with the checker term by term."""
    station = qianmen()
    forced = _forced_by_hand(station, clustered_leave)
    assert forced == 24
    assert forced_call_ins(compile_problem(station, MONTH, clustered_leave)) == forced
    result = solve(station, MONTH, clustered_leave, SolveOptions(time_limit=60))
    assert result.roster is not None and result.best_bound is not None
    assert result.best_bound >= forced * CALL_IN_COST
    mine = sorted((p.rule, p.key, p.amount) for p in result.penalties)
    theirs = sorted(
        (p.rule, p.key, p.amount)
        for p in evaluate(station, result.roster, clustered_leave).penalties
    )
    assert mine == theirs
    call_ins = sum(p.amount for p in result.penalties if p.rule == "call_in")
    assert call_ins >= forced


@pytest.mark.slow
def test_the_same_hard_month_and_seed_give_the_same_roster(
    clustered_leave: list[Leave],
) -> None:
    station = qianmen()
    leave = clustered_leave[:6]
    options = SolveOptions(workers=1, seed=3, time_limit=60)
    first = solve(station, MONTH, leave, options)
    second = solve(station, MONTH, leave, options)
    assert first.roster is not None
    assert first.roster == second.roster
    assert first.objective == second.objective


@pytest.mark.slow
def test_progress_never_shows_a_bound_below_zero_or_above_the_cost() -> None:
    """Squads left open put negative terms in the call-in counts, so CP-SAT's own bound can
    fall below 0; every penalty is non-negative, so the display never shows that."""
    station = qianmen().without_squads()
    leave = [Leave(officer_id="P015", start=dt.date(2026, 12, 3), end=dt.date(2026, 12, 9))]
    seen: list[Progress] = []
    result = solve(station, MONTH, leave, SolveOptions(time_limit=20), progress=seen.append)
    assert seen
    assert all(0 <= p.bound <= p.objective for p in seen)
    assert result.best_bound is not None and result.best_bound >= 0


def test_a_bound_is_rounded_up_and_kept_between_floor_and_cost() -> None:
    assert _bound(-20000.0, 0) == 0
    assert _bound(26699.2, 0) == 26700
    assert _bound(53900.0000001, 0, 53900) == 53900
    assert _bound(float("-inf"), 4000) == 4000
    assert _bound(1000.0, 4000, 60000) == 4000


def test_the_bound_before_the_search_is_zero_without_leave() -> None:
    assert lower_bound(compile_problem(qianmen(), MONTH)) == 0


@pytest.mark.parametrize("station", [qianmen(), layout(2), layout(1, community_size=9)])
def test_eligibility_index_agrees_with_can_hold(station: Station) -> None:
    problem = compile_problem(station, MONTH)
    for o, officer in enumerate(problem.officers):
        expected = [s for s, slot in enumerate(problem.slots) if can_hold(station, officer, slot)]
        assert problem.eligible[o] == expected


def test_compiling_asks_each_team_once_per_officer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10: `Station.team()` was asked 387,759 times for one 10x solve (about 640 times
    per officer); compiling, building the model and the start roster now ask it a few times
    per officer (eligibility once per team and roles, not per day and post)."""
    station = layout(2)
    calls = 0
    team = Station.team

    def counted(self: Station, team_id: str) -> object:
        nonlocal calls
        calls += 1
        return team(self, team_id)

    monkeypatch.setattr(Station, "team", counted)
    problem = compile_problem(station, MONTH)
    build_model(problem)
    assert initial_roster(problem) is not None
    assert calls <= 10 * len(station.officers)


def test_lookups_follow_copies_of_a_station() -> None:
    """The lookups' index belongs to the lists it was built from: a copy with other officers
    or teams answers from its own."""
    station = qianmen()
    assert station.officer("P003").squad == 1
    moved = station.with_squads({"P003": 2})
    assert moved.officer("P003").squad == 2
    assert station.officer("P003").squad == 1
    renamed = [
        t.model_copy(update={"name_en": "Desk room"}) if t.id == "command_room" else t
        for t in station.teams
    ]
    assert station.model_copy(update={"teams": renamed}).team("command_room").name_en == (
        "Desk room"
    )
    assert station.team("command_room").name_en != "Desk room"
    assert station == qianmen()


def test_the_start_roster_priced_by_the_model_is_the_checkers_cost(
    clustered_leave: list[Leave],
) -> None:
    """The start roster is a result of its own when time runs out: the model's price of it
    (completing the hint) agrees with the checker."""
    station = qianmen()
    problem = compile_problem(station, MONTH, clustered_leave)
    model, variables, terms = build_model(problem)
    roster = initial_roster(problem)
    assert roster is not None
    _hint_roster(problem, variables, roster)
    completed = _complete_hint(model, SolveOptions(), time.perf_counter() + 30)
    assert isinstance(completed, cp_model.CpSolver)
    start = _found(problem, variables, terms, completed, SolveStatus.feasible, 0)
    assert start.roster == roster
    assert start.objective == evaluate(station, roster, clustered_leave).objective
