"""Rule `grid_coverage` (soft, long line): days on which no grid officer of a community holds a
post of that community."""

from __future__ import annotations

from rule_cases import (
    DAYS,
    assert_checker_agrees,
    checker_penalties,
    days_in_state,
    edited,
    first_day,
    grid_station,
    paid,
    solve_month,
    unit_cost,
)

from rosterkit.station import DutyState

RULE = "grid_coverage"


def test_model_kept_two_grid_officers_in_different_squads_cover_every_day() -> None:
    station = grid_station("R1", "R2")
    result = solve_month(station)
    assert paid(result.penalties, RULE) == {}
    roster = result.roster
    assert roster is not None
    for day in DAYS:
        assert any(roster.value(oid, day).endswith("@one") for oid in ("R1", "R2"))


def test_model_broken_pays_each_day_the_only_grid_officer_rests() -> None:
    """Calling R1 in (40) would cost more than an uncovered day (8)."""
    station = grid_station("R1")
    result = solve_month(station)
    resting = days_in_state(station, 1, DutyState.rest)
    assert len(resting) == 10
    assert paid(result.penalties, RULE) == {f"grid one {d:%m-%d}": 1 for d in resting}
    assert {p.unit_cost for p in result.penalties if p.rule == RULE} == {unit_cost(station, RULE)}
    assert_checker_agrees(station, result)


def test_check_kept_a_solved_roster_has_a_grid_officer_every_day() -> None:
    station = grid_station("R1", "R2")
    roster = solve_month(station).roster
    assert roster is not None
    assert checker_penalties(station, roster, RULE) == {}


def test_check_broken_a_day_without_a_grid_officer_costs_one_unit() -> None:
    station = grid_station("R1", "R2")
    roster = solve_month(station).roster
    assert roster is not None
    day = first_day(station, 1, DutyState.rest)
    assert roster.value("R2", day) == "moffice@one"
    broken = edited(roster, ("R2", day, "rest"))
    assert checker_penalties(station, broken, RULE) == {f"grid one {day:%m-%d}": 1}
    # A grid officer on a post outside the community does not cover it either.
    outside = edited(roster, ("R2", day, "commander"))
    assert checker_penalties(station, outside, RULE) == {f"grid one {day:%m-%d}": 1}
