"""The constructive heuristic: every roster it returns keeps every hard rule.

It starts the search (`rosterkit.solver.construct.initial_roster`); the checker judges what it
builds, so these tests do not depend on the solver.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import tiny_posts, tiny_station
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rosterkit import Leave, LeaveKind, check, evaluate
from rosterkit.calendar import Month
from rosterkit.ledger import Ledger, OfficerLedger
from rosterkit.problem import compile_problem
from rosterkit.solver.construct import initial_roster
from rosterkit.station import DutyState, Station
from rosterkit.stations import layout

MONTH = "2026-12"


@pytest.mark.parametrize("scale", [1, 2])
def test_qianmen_layouts_get_a_roster_that_keeps_every_rule(scale: int) -> None:
    station = layout(scale)
    roster = initial_roster(compile_problem(station, MONTH))
    assert roster is not None
    assert check(station, roster, []) == []


def test_qianmen_roster_is_already_optimal(qianmen_station: Station) -> None:
    """December has a roster that costs nothing; the heuristic finds one by itself."""
    roster = initial_roster(compile_problem(qianmen_station, MONTH))
    assert roster is not None
    assert evaluate(qianmen_station, roster, []).objective == 0


def test_leave_is_covered_by_stand_ins_and_call_ins(qianmen_station: Station) -> None:
    # a deputy director (commander stand-ins), command-room officers (call-ins for the desk),
    # an A-role officer and a street-patrol officer (the weekly cap of the rest of his team)
    leave = [
        Leave(officer_id="P012", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 9)),
        Leave(officer_id="P003", start=dt.date(2026, 12, 10), end=dt.date(2026, 12, 14)),
        Leave(officer_id="P006", start=dt.date(2026, 12, 12), end=dt.date(2026, 12, 13)),
        Leave(officer_id="P014", start=dt.date(2026, 12, 20), end=dt.date(2026, 12, 24)),
        Leave(officer_id="P058", start=dt.date(2026, 12, 19), end=dt.date(2026, 12, 21)),
    ]
    roster = initial_roster(compile_problem(qianmen_station, MONTH, leave))
    assert roster is not None
    assert check(qianmen_station, roster, leave) == []
    main_days = [
        day
        for day in Month.parse(MONTH).days[:9]
        if roster.state(qianmen_station, "P012", day) is DutyState.main
    ]
    assert main_days
    for day in main_days:
        assert {"P001", "P002"} & set(roster.holders(day, "commander"))


def test_rest_after_24h_holiday_month_and_requests_keep_every_rule(
    qianmen_station: Station,
) -> None:
    station = qianmen_station.model_copy(update={"rest_after_24h": True})
    leave = [
        Leave(officer_id="P012", start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 9)),
        Leave(officer_id="P058", start=dt.date(2026, 10, 12), end=dt.date(2026, 10, 14)),
        Leave(
            officer_id="P060",
            start=dt.date(2026, 10, 3),
            end=dt.date(2026, 10, 5),
            kind=LeaveKind.preferred_day_off,
        ),
    ]
    roster = initial_roster(compile_problem(station, "2026-10", leave))
    assert roster is not None
    assert check(station, roster, leave) == []


def test_previous_month_and_ledger_keep_every_rule(qianmen_station: Station) -> None:
    november = initial_roster(compile_problem(qianmen_station, "2026-11"))
    assert november is not None
    ledger = Ledger(
        station_id=qianmen_station.id,
        year=2026,
        officers={
            officer.id: OfficerLedger(car_duties=i % 4, weekend_duties=i % 3)
            for i, officer in enumerate(qianmen_station.officers)
        },
    )
    problem = compile_problem(qianmen_station, MONTH, previous=november, ledger=ledger)
    roster = initial_roster(problem)
    assert roster is not None
    assert check(qianmen_station, roster, [], previous=november, ledger=ledger) == []


def test_street_patrol_shifts_keep_the_rest_between_shifts_across_the_month_boundary() -> None:
    """Early (08:00) and late (14:00) shifts: S1 and S2 held the late shift on 31 January, so
    only S3 may hold the early shift on 1 February (10 h of rest are below 11)."""
    posts = [
        *tiny_posts(early={"starts": dt.time(8, 0)}),
        tiny_posts()[-1].model_copy(
            update={"code": "late", "name": "晚班", "short": "晚", "starts": dt.time(14, 0)}
        ),
    ]
    station = tiny_station(patrol=3, cap=None, posts=posts)
    january = initial_roster(compile_problem(station, "2026-01"))
    assert january is not None
    last = dt.date(2026, 1, 31)
    cells = {oid: dict(row) for oid, row in january.cells.items()}
    for oid, value in (("S1", "late"), ("S2", "late"), ("S3", "off")):
        cells[oid][last] = value
    january = january.model_copy(update={"cells": cells})
    roster = initial_roster(compile_problem(station, "2026-02", previous=january))
    assert roster is not None
    assert check(station, roster, [], previous=january) == []
    assert roster.value("S3", dt.date(2026, 2, 1)) == "early"


def test_same_problem_gives_the_same_roster(qianmen_station: Station) -> None:
    problem = compile_problem(qianmen_station, MONTH)
    assert initial_roster(problem) == initial_roster(problem)


def test_squads_left_to_the_solver_give_no_roster(qianmen_station: Station) -> None:
    problem = compile_problem(qianmen_station.without_squads(), MONTH)
    assert initial_roster(problem) is None


def test_a_station_that_cannot_be_staffed_gives_no_roster() -> None:
    # one street-patrol officer must hold the daily shift but may work 5 days in 7
    station = tiny_station(patrol=1)
    assert initial_roster(compile_problem(station, MONTH)) is None


@st.composite
def months_with_leave(draw: st.DrawFn) -> tuple[Station, str, list[Leave]]:
    station = layout(1).model_copy(update={"rest_after_24h": draw(st.booleans())})
    month = draw(st.sampled_from(["2026-02", "2026-10", "2026-12"]))
    days = Month.parse(month).days
    leave = []
    for _ in range(draw(st.integers(0, 10))):
        start = draw(st.sampled_from(days))
        leave.append(
            Leave(
                officer_id=draw(st.sampled_from([o.id for o in station.officers])),
                start=start,
                end=min(days[-1], start + dt.timedelta(days=draw(st.integers(0, 6)))),
                kind=draw(st.sampled_from([LeaveKind.annual, LeaveKind.preferred_day_off])),
            )
        )
    return station, month, leave


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(months_with_leave())
def test_any_leave_gives_no_roster_or_one_that_keeps_every_rule(
    case: tuple[Station, str, list[Leave]],
) -> None:
    station, month, leave = case
    roster = initial_roster(compile_problem(station, month, leave))
    if roster is not None:
        assert check(station, roster, leave) == []
