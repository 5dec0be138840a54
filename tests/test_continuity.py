"""Month after month: rotation, squads, rules across the boundary, soft requests, the ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FAST, tiny_posts, tiny_station

from rosterkit import Leave, LeaveKind, Roster, SolveOptions, SolveStatus, check, evaluate, solve
from rosterkit.continuity import update_ledger
from rosterkit.duties import can_hold, slots
from rosterkit.errors import RosterInputError
from rosterkit.io import ledger_text, load_ledger
from rosterkit.ledger import Ledger, OfficerLedger
from rosterkit.station import DutyState, PostState, Rotation, Station
from rosterkit.stations import qianmen

D = dt.date


def group_holding(station: Station, roster: Roster, day: dt.date, state: PostState) -> int:
    """The duty group most of whose officers hold posts of `state` on `day`."""
    codes = {s.code for s in slots(station) if s.state is state}
    counts: dict[int, int] = {}
    for oid, group in roster.groups.items():
        if station.rotates(station.officer(oid)) and roster.value(oid, day) in codes:
            counts[group] = counts.get(group, 0) + 1
    return max(counts, key=counts.__getitem__)


def edited(roster: Roster, changes: dict[tuple[str, dt.date], str]) -> Roster:
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    for (oid, day), value in changes.items():
        cells[oid][day] = value
    return roster.model_copy(update={"cells": cells})


@pytest.fixture(scope="module")
def november() -> Roster:
    result = solve(qianmen(), "2026-11", [], FAST)
    assert result.roster is not None
    return result.roster


def test_rotation_runs_on_from_the_previous_roster_not_the_anchor(november: Roster) -> None:
    station = qianmen()
    shifted = station.model_copy(update={"rotation": Rotation(anchor=D(2026, 1, 2))})
    result = solve(shifted, "2026-12", [], FAST, previous=november)
    assert result.roster is not None
    deputy_nov30 = group_holding(station, november, D(2026, 11, 30), PostState.deputy)
    main_nov30 = group_holding(station, november, D(2026, 11, 30), PostState.main)
    # main -> rest -> deputy: the deputy group of the 30th is on main duty on the 1st.
    assert group_holding(station, result.roster, D(2026, 12, 1), PostState.main) == deputy_nov30
    assert all(
        result.roster.value(oid, D(2026, 12, 1)) in ("rest", "leave")
        for oid, g in result.roster.groups.items()
        if g == main_nov30 and station.rotates(station.officer(oid))
    )
    assert result.roster.groups == november.groups  # squads run on
    assert check(shifted, result.roster, previous=november) == []
    # Judged against the shifted anchor alone, the same roster breaks the rotation.
    assert any(v.rule == "rotation" for v in check(shifted, result.roster))


def test_previous_roster_must_be_the_month_before(november: Roster) -> None:
    with pytest.raises(RosterInputError, match="follows 2026-12"):
        solve(qianmen(), "2027-01", [], FAST, previous=november)


def test_street_patrol_cap_counts_the_previous_month() -> None:
    station = tiny_station(patrol=2, cap=5)
    nov = solve(station, "2026-11", [], FAST)
    assert nov.roster is not None
    # S1 worked the last five days of November.
    last_five = {("S1", D(2026, 11, d)): "early" for d in range(26, 31)}
    last_five |= {("S2", D(2026, 11, d)): "off" for d in range(26, 31)}
    last_five |= {("S1", D(2026, 11, 25)): "off", ("S2", D(2026, 11, 25)): "early"}
    previous = edited(nov.roster, last_five)
    dec = solve(station, "2026-12", [], FAST, previous=previous)
    assert dec.roster is not None
    assert [dec.roster.value("S1", D(2026, 12, d)) for d in (1, 2)] == ["off", "off"]
    assert check(station, dec.roster, previous=previous) == []
    broken = edited(dec.roster, {("S1", D(2026, 12, 1)): "early", ("S2", D(2026, 12, 1)): "off"})
    violations = check(station, broken, previous=previous)
    assert any(v.rule == "street_patrol" and v.officer_id == "S1" for v in violations)


def test_rest_after_24h_needs_a_second_stand_in() -> None:
    station = tiny_station().model_copy(update={"rest_after_24h": True})
    day = D(2026, 12, 1)
    first = station.rotation.group_in(DutyState.main, day)
    second = station.rotation.group_in(DutyState.main, day + dt.timedelta(days=1))
    leave = [
        Leave(officer_id=f"DD{first}", start=day, end=day),
        Leave(
            officer_id=f"DD{second}",
            start=day + dt.timedelta(days=1),
            end=day + dt.timedelta(days=1),
        ),
    ]
    # One director cannot command two days running when he must rest after 24 hours.
    assert solve(station, "2026-12", leave, FAST).status is SolveStatus.infeasible
    relaxed = station.model_copy(update={"rest_after_24h": False})
    result = solve(relaxed, "2026-12", leave, FAST)
    assert result.roster is not None
    assert check(relaxed, result.roster, leave) == []
    assert any(v.rule == "rest_after_24h" for v in check(station, result.roster, leave))


def test_no_48_hour_duty_from_a_squad_change_at_the_boundary(november: Roster) -> None:
    station = qianmen()
    december = solve(station, "2026-12", [], FAST, previous=november)
    assert december.roster is not None
    main_nov30 = group_holding(station, november, D(2026, 11, 30), PostState.main)
    main_dec1 = group_holding(station, december.roster, D(2026, 12, 1), PostState.main)
    mover = next(
        oid
        for oid, g in november.groups.items()
        if g == main_nov30 and station.officer(oid).team == "command_room"
    )
    groups = dict(december.roster.groups) | {mover: main_dec1}
    moved = december.roster.model_copy(update={"groups": groups})
    violations = check(station, moved, previous=november)
    assert any(v.rule == "rest_after_24h" and v.officer_id == mover for v in violations)


def test_preferred_day_off_is_honoured_where_the_rules_allow() -> None:
    station = tiny_station(patrol=2, cap=None, posts=tiny_posts(early={"max_staff": 1}))
    wish = [
        Leave(
            officer_id="S1",
            start=D(2026, 12, 10),
            end=D(2026, 12, 10),
            kind=LeaveKind.preferred_day_off,
        )
    ]
    result = solve(station, "2026-12", wish, FAST)
    assert result.roster is not None
    assert result.roster.value("S1", D(2026, 12, 10)) == "off"
    assert not [p for p in result.penalties if p.rule == "preference"]
    both = [*wish, wish[0].model_copy(update={"officer_id": "S2"})]
    result = solve(station, "2026-12", both, FAST)
    assert result.roster is not None
    unmet = [p for p in result.penalties if p.rule == "preference"]
    assert sum(p.amount for p in unmet) == 1  # someone must take the shift
    assert evaluate(station, result.roster, both).objective == result.objective


def test_ledger_makes_fairness_hold_over_the_year() -> None:
    station = tiny_station(patrol=2, cap=None, posts=tiny_posts(early={"max_staff": 1}))
    ledger = Ledger(
        station_id="tiny",
        year=2026,
        through="2026-11",
        officers={"S1": OfficerLedger(weekend_duties=4)},
    )
    result = solve(station, "2026-12", [], FAST, ledger=ledger)
    assert result.roster is not None
    weekends = [d for d in result.roster.period.days if d.weekday() >= 5]
    s1 = 4 + sum(result.roster.value("S1", d) == "early" for d in weekends)
    s2 = sum(result.roster.value("S2", d) == "early" for d in weekends)
    assert abs(s1 - s2) <= 1
    assert evaluate(station, result.roster, ledger=ledger).objective == result.objective


def test_ledger_update_counts_duties_and_compensatory_rest(tmp_path: Path) -> None:
    station = qianmen()
    result = solve(station, "2026-10", [], FAST)
    assert result.roster is not None
    ledger = update_ledger(None, station, result.roster, [])
    assert ledger.through == "2026-10"
    holidays = [D(2026, 10, d) for d in (1, 2, 3)]
    for officer in station.officers:
        entry = ledger.of(officer.id)
        worked = sum(
            result.roster.value(officer.id, d) not in ("rest", "off", "leave") for d in holidays
        )
        assert entry.holiday_duties == worked == entry.compensatory_rest_earned
        shifts = sum(
            result.roster.value(officer.id, d) in ("early", "late")
            for d in result.roster.period.days
        )
        assert entry.shift_days == shifts  # the street patrol's own shifts; 0 for the others
    assert sum(ledger.of(o.id).shift_days for o in station.officers) >= 2 * 2 * 31
    path = tmp_path / "ledger.yaml"
    path.write_text(ledger_text(ledger, path), encoding="utf-8")
    assert load_ledger(path) == ledger
    with pytest.raises(RosterInputError, match="already holds 2026-10"):
        update_ledger(ledger, station, result.roster, [])


@pytest.mark.slow
def test_twelve_months_run_on() -> None:
    """The built-in station through 2026, its squads formed afresh each month with the ledger:
    the rotation never breaks, the checker finds nothing, and yearly car and holiday duties
    differ by at most one inside each team."""
    station = qianmen().without_squads().model_copy(update={"squads_run_on": False})
    options = SolveOptions(workers=1, time_limit=10)
    previous: Roster | None = None
    ledger: Ledger | None = None
    for month in range(1, 13):
        name = f"2026-{month:02d}"
        result = solve(station, name, [], options, previous=previous, ledger=ledger)
        assert result.roster is not None, (name, result.reasons)
        evaluation = evaluate(station, result.roster, [], previous=previous, ledger=ledger)
        assert evaluation.violations == [], name
        assert evaluation.objective == result.objective
        if previous is not None:
            last = previous.period.last
            main_last = group_holding(station, previous, last, PostState.main)
            deputy_last = group_holding(station, previous, last, PostState.deputy)
            first = result.roster.period.first
            assert group_holding(station, result.roster, first, PostState.main) == deputy_last
            assert group_holding(station, result.roster, first, PostState.deputy) not in (
                main_last,
                deputy_last,
            )
        ledger = update_ledger(ledger, station, result.roster, [])
        previous = result.roster
    assert ledger is not None and ledger.through == "2026-12"
    cars = [s for s in slots(station) if s.post.car]
    for team in station.teams:
        drivers = [
            o
            for o in station.officers
            if o.team == team.id and any(can_hold(station, o, s) for s in cars)
        ]
        counts = [ledger.of(o.id).car_duties for o in drivers]
        if counts:
            assert max(counts) - min(counts) <= 1, team.id
    for team in station.teams:
        holidays = [ledger.of(o.id).holiday_duties for o in station.officers if o.team == team.id]
        assert max(holidays) - min(holidays) <= 1, team.id
    holiday_total = sum(ledger.of(o.id).holiday_duties for o in station.officers)
    assert (
        holiday_total == sum(ledger.of(o.id).compensatory_rest_earned for o in station.officers) > 0
    )


def test_formed_squads_even_out_holiday_duty_days_with_the_ledger() -> None:
    """Where the solver forms the squads, it spreads each team's holiday duty (the days its
    group is on duty on a holiday) as evenly as the ledger and the month allow."""
    import time

    from rosterkit.problem import compile_problem
    from rosterkit.solver import form_squads

    station = qianmen().without_squads()
    carried = {o.id: OfficerLedger(holiday_duties=1) for o in station.officers[2:20:2]}
    ledger = Ledger(station_id=station.id, year=2026, through="2026-01", officers=carried)
    problem = compile_problem(station, "2026-02", [], ledger=ledger)
    squads = form_squads(problem, SolveOptions(), time.perf_counter() + 20)
    assert squads is not None
    on_duty = (DutyState.main, DutyState.deputy)
    holidays = [d for d in range(len(problem.days)) if problem.holiday(d)]
    per_group = [sum(problem.group_state(k, d) in on_duty for d in holidays) for k in range(3)]
    for team in station.teams:
        counts = [
            ledger.of(o.id).holiday_duties + per_group[squads[o.id] - 1]  # type: ignore[operator]
            for o in station.officers
            if o.team == team.id and station.rotates(o)
        ]
        if counts:
            assert max(counts) - min(counts) <= 1, team.id
