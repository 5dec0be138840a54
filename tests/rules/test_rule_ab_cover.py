"""Rule `ab_cover` (soft, long line): days on which neither the A nor the B role of a community
holds a post of that community.

`ab_station()`: R1 (squad 1) is A, R3 (squad 3) B; whichever group rests, the other of the two
is on duty in the community.
"""

from __future__ import annotations

from rule_cases import (
    ab_station,
    assert_checker_agrees,
    checker_penalties,
    edited,
    first_day,
    on_leave,
    paid,
    solve_month,
    unit_cost,
)

from rosterkit.station import DutyState

RULE = "ab_cover"


def test_model_kept_a_or_b_is_in_the_community_every_day() -> None:
    station = ab_station()
    result = solve_month(station)
    assert paid(result.penalties, RULE) == {}
    roster = result.roster
    assert roster is not None
    for day, value in roster.cells["R1"].items():
        assert value.endswith("@one") or roster.value("R3", day).endswith("@one")


def test_model_broken_pays_for_a_day_with_a_resting_and_b_on_leave() -> None:
    """B is on leave on a day A rests and B's group holds deputy duty (which needs nobody): a
    call-in of A (40) costs more than the uncovered day (20)."""
    station = ab_station()
    day = first_day(station, 1, DutyState.rest)
    assert station.rotation.state(3, day) is DutyState.deputy
    leave = on_leave("R3", day)
    result = solve_month(station, leave)
    assert paid(result.penalties, RULE) == {f"ab R1/R3 {day:%m-%d}": 1}
    assert [p.unit_cost for p in result.penalties if p.rule == RULE] == [unit_cost(station, RULE)]
    assert result.roster is not None and result.roster.value("R1", day) == "rest"
    assert_checker_agrees(station, result, leave)


def test_check_kept_a_solved_roster_has_a_or_b_every_day() -> None:
    station = ab_station()
    roster = solve_month(station).roster
    assert roster is not None
    assert checker_penalties(station, roster, RULE) == {}


def test_check_broken_a_day_without_a_or_b_costs_one_unit() -> None:
    station = ab_station()
    roster = solve_month(station).roster
    assert roster is not None
    day = first_day(station, 1, DutyState.rest)
    assert roster.value("R1", day) == "rest"
    broken = edited(roster, ("R3", day, "rest"))
    assert checker_penalties(station, broken, RULE) == {f"ab R1/R3 {day:%m-%d}": 1}
    # A back on a community post, even called in, covers the day again.
    assert checker_penalties(station, edited(broken, ("R1", day, "doffice@one")), RULE) == {}
