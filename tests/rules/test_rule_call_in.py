"""Rule `call_in` (soft, short line): each day a rotating officer of the resting group holds a
post (leave is covered from the same group first, then by costly call-ins)."""

from __future__ import annotations

from conftest import tiny_station
from rule_cases import (
    DAYS,
    assert_checker_agrees,
    checker_penalties,
    edited,
    first_day,
    on_leave,
    paid,
    solve_month,
    unit_cost,
)

from rosterkit.station import DutyState, Officer

RULE = "call_in"


def test_model_kept_nobody_is_called_in_when_the_groups_suffice() -> None:
    station = tiny_station(patrol=2)
    result = solve_month(station)
    assert paid(result.penalties, RULE) == {}
    roster = result.roster
    assert roster is not None
    assert not any(roster.is_call_in(station, oid, day) for oid in roster.cells for day in DAYS)


def test_model_kept_a_gap_is_covered_from_the_same_group_first() -> None:
    """Group 1 has a second officer, R4: he covers R1's leave, so nobody is called in."""
    station = tiny_station(extra=[Officer(id="R4", name="民警四", team="c1", squad=1)])
    day = first_day(station, 1, DutyState.main)
    leave = on_leave("R1", day)
    result = solve_month(station, leave)
    assert paid(result.penalties, RULE) == {}
    assert result.roster is not None and result.roster.holders(day, "moffice@one") == ["R4"]


def test_model_broken_pays_one_call_in_for_a_gap_no_one_of_the_group_can_fill() -> None:
    station = tiny_station()
    day = first_day(station, 1, DutyState.main)
    leave = on_leave("R1", day)
    result = solve_month(station, leave)
    roster = result.roster
    assert roster is not None
    called = [oid for oid in roster.cells if roster.is_call_in(station, oid, day)]
    assert called == roster.holders(day, "moffice@one")
    assert paid(result.penalties, RULE) == {called[0]: 1}
    assert [p.unit_cost for p in result.penalties if p.rule == RULE] == [unit_cost(station, RULE)]
    assert_checker_agrees(station, result, leave)


def test_check_kept_a_roster_without_call_ins_costs_nothing() -> None:
    station = tiny_station(patrol=2)
    roster = solve_month(station).roster
    assert roster is not None
    assert checker_penalties(station, roster, RULE) == {}


def test_check_broken_a_resting_officer_on_a_post_costs_one_unit_a_day() -> None:
    station = tiny_station(patrol=2)
    roster = solve_month(station).roster
    assert roster is not None
    days = [first_day(station, 2, DutyState.rest), first_day(station, 2, DutyState.rest, 5)]
    broken = edited(roster, *(("R2", day, "doffice@one") for day in days))
    assert checker_penalties(station, broken, RULE) == {"R2": 2}
    # Officers outside the rotation are never called in, whatever they hold.
    off_day = next(d for d in DAYS if roster.value("S1", d) == "off")
    assert checker_penalties(station, edited(broken, ("S1", off_day, "early")), RULE) == {"R2": 2}
