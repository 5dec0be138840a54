"""Rule `duty_coverage` (soft, short line): each officer short of a post's target staff on a day.

In the tiny station the deputy group is a deputy director and an officer, both on the community
office (deputy); a third officer there would be a call-in (40) where a shortfall costs 4.
"""

from __future__ import annotations

from conftest import tiny_posts, tiny_station
from rule_cases import (
    DAYS,
    MONTH,
    assert_checker_agrees,
    checker_penalties,
    edited,
    first_day,
    paid,
    solve_month,
    unit_cost,
)

from rosterkit.holiday_calendar import month_calendar
from rosterkit.station import DutyState, Station

RULE = "duty_coverage"


def _office_wanting(target: int, rest_day_target: int | None = None) -> Station:
    posts = tiny_posts(doffice={"target_staff": target, "rest_day_target_staff": rest_day_target})
    return tiny_station(posts=posts[:3])


def test_model_kept_the_deputy_group_meets_a_target_of_two_at_no_cost() -> None:
    station = _office_wanting(2)
    result = solve_month(station)
    assert paid(result.penalties, RULE) == {}
    assert result.roster is not None
    for day in DAYS:
        assert len(result.roster.holders(day, "doffice@one")) >= 2


def test_model_broken_pays_one_unit_each_rest_day_that_wants_three() -> None:
    """Three wanted on rest days, two at hand: each rest day costs one unit of coverage rather
    than a call-in."""
    station = _office_wanting(2, rest_day_target=3)
    result = solve_month(station)
    calendar = month_calendar(station, MONTH)
    rest_days = [d for d in DAYS if calendar.is_rest_day(d)]
    assert len(rest_days) == 12  # weekends and the Spring Festival
    assert paid(result.penalties, RULE) == {f"doffice@one {d:%m-%d}": 1 for d in rest_days}
    cost = {p.unit_cost for p in result.penalties if p.rule == RULE}
    assert cost == {unit_cost(station, RULE)} == {4 * 50}
    assert paid(result.penalties, "call_in") == {}
    assert_checker_agrees(station, result)


def test_check_kept_a_roster_at_its_targets_costs_nothing() -> None:
    station = _office_wanting(2)
    roster = solve_month(station).roster
    assert roster is not None
    assert checker_penalties(station, roster, RULE) == {}


def test_check_kept_no_target_above_the_minimum_costs_nothing() -> None:
    """A target no higher than the minimum is the minimum's business (post staffing)."""
    station = tiny_station(posts=tiny_posts(moffice={"target_staff": 1})[:3])
    roster = solve_month(station).roster
    assert roster is not None
    day = first_day(station, 1, DutyState.main)
    assert checker_penalties(station, edited(roster, ("R1", day, "rest")), RULE) == {}


def test_check_broken_one_officer_short_costs_one_unit_on_that_day() -> None:
    station = _office_wanting(2)
    roster = solve_month(station).roster
    assert roster is not None
    day = first_day(station, 2, DutyState.deputy)
    broken = edited(roster, ("R2", day, "rest"))
    assert checker_penalties(station, broken, RULE) == {f"doffice@one {day:%m-%d}": 1}
    both = edited(broken, ("DD2", day, "rest"))
    assert checker_penalties(station, both, RULE) == {f"doffice@one {day:%m-%d}": 2}
