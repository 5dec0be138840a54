"""Rule `preference` (soft, short line): each requested day off on which the officer holds a
post. A request is not leave: it may be refused at a cost."""

from __future__ import annotations

from conftest import tiny_station
from rule_cases import (
    DAYS,
    assert_checker_agrees,
    checker_penalties,
    day_off_wanted,
    edited,
    first_day,
    paid,
    solve_month,
    unit_cost,
)

from rosterkit.station import DutyState

RULE = "preference"


def test_model_kept_grants_days_off_another_officer_can_cover() -> None:
    """S1 asks for three days off; S2 takes the shift on them."""
    station = tiny_station(patrol=2)
    wanted = day_off_wanted("S1", *DAYS[2:5])
    result = solve_month(station, wanted)
    assert paid(result.penalties, RULE) == {}
    roster = result.roster
    assert roster is not None
    assert [roster.value("S1", d) for d in DAYS[2:5]] == ["off"] * 3
    assert [roster.value("S2", d) for d in DAYS[2:5]] == ["early"] * 3


def test_model_broken_pays_one_unit_when_both_patrol_officers_want_the_same_day() -> None:
    station = tiny_station(patrol=2)
    day = DAYS[9]
    wanted = [*day_off_wanted("S1", day), *day_off_wanted("S2", day)]
    result = solve_month(station, wanted)
    roster = result.roster
    assert roster is not None
    (worker,) = roster.holders(day, "early")
    assert paid(result.penalties, RULE) == {f"{worker} {day:%m-%d}": 1}
    assert [p.unit_cost for p in result.penalties if p.rule == RULE] == [unit_cost(station, RULE)]
    assert_checker_agrees(station, result, wanted)


def test_model_broken_pays_for_a_request_on_a_day_of_main_duty() -> None:
    """R1 is group 1's only officer for the community office: his group's main duty wins."""
    station = tiny_station()
    day = first_day(station, 1, DutyState.main)
    wanted = day_off_wanted("R1", day)
    result = solve_month(station, wanted)
    assert paid(result.penalties, RULE) == {f"R1 {day:%m-%d}": 1}
    assert result.roster is not None and result.roster.value("R1", day) == "moffice@one"
    assert_checker_agrees(station, result, wanted)


def test_check_kept_granted_requests_cost_nothing() -> None:
    station = tiny_station(patrol=2)
    wanted = day_off_wanted("S1", *DAYS[2:5])
    roster = solve_month(station, wanted).roster
    assert roster is not None
    assert checker_penalties(station, roster, RULE, wanted) == {}


def test_check_broken_a_refused_request_costs_one_unit() -> None:
    station = tiny_station(patrol=2)
    wanted = day_off_wanted("S1", *DAYS[2:5])
    roster = solve_month(station, wanted).roster
    assert roster is not None
    day = DAYS[3]
    broken = edited(roster, ("S1", day, "early"), ("S2", day, "off"))
    assert checker_penalties(station, broken, RULE, wanted) == {f"S1 {day:%m-%d}": 1}
    # Without the requests nothing was asked, so nothing is refused.
    assert checker_penalties(station, broken, RULE) == {}
