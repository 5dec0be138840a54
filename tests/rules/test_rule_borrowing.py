"""Rule `borrowing` (soft, short line): each day an officer of a community team holds a post of
another community; only a community's named `neighbours` may lend officers to it, at a cost
above a call-in."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import tiny_station
from rule_cases import (
    assert_checker_agrees,
    checker_penalties,
    edited,
    first_day,
    infeasible,
    on_leave,
    paid,
    solve_month,
    solved,
    unit_cost,
    varied,
    violations,
    where,
    with_roles,
)

from rosterkit import Leave
from rosterkit.figures import borrowed_days, officer_figures
from rosterkit.station import Community, DutyState, Officer, Role, Station, Team, TeamKind

RULE = "borrowing"


def two_communities(*neighbours: str, **weights: int) -> Station:
    """The tiny station with a second community, 'two', whose team c2 has T1-T6 in squads
    1, 2, 3, 1, 2, 3; community 'one' may borrow from each of `neighbours`."""
    station = tiny_station()
    communities = [
        Community(id="one", name="一社区", name_en="One", short="一", neighbours=list(neighbours)),
        Community(id="two", name="二社区", name_en="Two", short="二"),
    ]
    team = Team(
        id="c2",
        name="二社区队",
        name_en="Community team two",
        kind=TeamKind.community,
        community="two",
    )
    officers = [
        Officer(id=f"T{i}", name=f"二队{i}", team="c2", squad=(i - 1) % 3 + 1) for i in range(1, 7)
    ]
    changes: dict[str, object] = {
        "communities": communities,
        "teams": [*station.teams, team],
        "officers": [*station.officers, *officers],
    }
    if weights:
        changes["weights"] = station.weights.model_copy(update=weights)
    return varied(station, **changes)


def _gap_day(station: Station) -> tuple[list[Leave], dt.date]:
    """R1 (group 1, on main duty) and R3 (the resting group) on leave on the same day: nobody
    of community one can hold its main-duty office that day."""
    day = first_day(station, 1, DutyState.main)
    assert station.rotation.state(3, day) is DutyState.rest
    return [*on_leave("R1", day), *on_leave("R3", day)], day


def test_model_kept_nobody_is_borrowed_when_the_community_suffices() -> None:
    station = two_communities("two")
    result = solve_month(station)
    assert paid(result.penalties, RULE) == {}
    assert result.roster is not None and borrowed_days(station, result.roster) == {}


def test_model_kept_a_call_in_is_cheaper_than_borrowing() -> None:
    station = two_communities("two")
    day = first_day(station, 1, DutyState.main)
    result = solve_month(station, on_leave("R1", day))
    assert paid(result.penalties, RULE) == {}
    assert paid(result.penalties, "call_in") == {"R3": 1}
    assert unit_cost(station, RULE) > unit_cost(station, "call_in")


def test_model_broken_borrows_a_neighbour_when_nobody_can_be_called_in() -> None:
    station = two_communities("two")
    leave, day = _gap_day(station)
    result = solve_month(station, leave)
    roster = result.roster
    assert roster is not None
    borrowed = roster.holders(day, "moffice@one")
    assert len(borrowed) == 1 and borrowed[0] in ("T1", "T4")
    assert paid(result.penalties, RULE) == {borrowed[0]: 1}
    assert borrowed_days(station, roster) == {borrowed[0]: {day: "moffice@one"}}
    assert officer_figures(station, roster)[borrowed[0]].borrowed == 1
    assert_checker_agrees(station, result, leave)


def test_model_broken_infeasible_without_a_named_neighbour() -> None:
    station = two_communities()
    leave, _ = _gap_day(station)
    reasons = infeasible(station, leave)
    assert any("office" in reason.lower() for reason in reasons), reasons


def test_model_broken_borrowing_lets_a_full_time_officer_cover_the_neighbour() -> None:
    """T1 and T4 are A roles of community two: borrowing is the one exception to
    `full_time_community`, so one of them covers community one's office."""
    station = with_roles(two_communities("two"), {"T1": {Role.a_role}, "T4": {Role.a_role}})
    leave, day = _gap_day(station)
    result = solve_month(station, leave)
    assert result.roster is not None
    assert len(result.roster.holders(day, "moffice@one")) == 1
    assert_checker_agrees(station, result, leave)


def test_check_kept_a_roster_without_borrowing_costs_nothing() -> None:
    station = two_communities("two")
    roster = solved(station)
    assert checker_penalties(station, roster, RULE) == {}
    assert violations(station, roster, "eligibility") == []


def test_check_broken_each_borrowed_day_costs_one_unit() -> None:
    station = two_communities("two")
    roster = solved(station)
    days = [first_day(station, 1, DutyState.main), first_day(station, 1, DutyState.main, 5)]
    broken = edited(roster, *(("T4", day, "moffice@one") for day in days))
    assert checker_penalties(station, broken, RULE) == {"T4": 2}
    assert violations(station, broken, "eligibility") == []
    assert officer_figures(station, broken)["T4"].borrowed == 2


def test_check_broken_borrowing_from_a_community_not_named_is_ineligible() -> None:
    station = two_communities()
    roster = solved(station)
    day = first_day(station, 1, DutyState.main)
    broken = edited(roster, ("T4", day, "moffice@one"))
    assert where(violations(station, broken, "eligibility")) == [("T4", day)]
    # One way only: 'one' naming 'two' lets T4 cover one's posts, not R1 cover two's.
    lending = two_communities("two")
    back = edited(solved(lending), ("R1", day, "moffice@two"))
    assert where(violations(lending, back, "eligibility")) == [("R1", day)]


def test_check_broken_a_full_time_officer_may_go_only_where_borrowing_allows() -> None:
    station = with_roles(two_communities(), {"T4": {Role.a_role}})
    day = first_day(station, 1, DutyState.main)
    broken = edited(solved(station), ("T4", day, "moffice@one"))
    assert where(violations(station, broken, "full_time_community")) == [("T4", day)]
    allowed = with_roles(two_communities("two"), {"T4": {Role.a_role}})
    lent = edited(solved(allowed), ("T4", day, "moffice@one"))
    assert violations(allowed, lent, "full_time_community") == []


@pytest.mark.parametrize(
    ("neighbours", "message"),
    [
        (["nowhere"], "community 'one': unknown neighbour community 'nowhere'"),
        (["one"], "community 'one': names itself as a neighbour"),
        (["two", "two"], "community 'one': neighbour 'two' listed twice"),
    ],
)
def test_check_broken_neighbours_must_name_other_known_communities(
    neighbours: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        two_communities(*neighbours)


def test_check_broken_borrowing_must_cost_more_than_a_call_in() -> None:
    with pytest.raises(ValueError, match=r"borrowing \(40\) must be above call_in \(40\)"):
        two_communities("two", borrowing=40)
    assert two_communities(borrowing=40).weights.borrowing == 40  # no borrowing, no constraint
