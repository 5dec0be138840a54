"""Rule `community_presence` (soft, long line): community-team officer-days on posts outside
their community (the duty commander's post excepted)."""

from __future__ import annotations

from conftest import tiny_posts, tiny_station
from rule_cases import (
    DAYS,
    assert_checker_agrees,
    checker_penalties,
    edited,
    first_day,
    paid,
    solve_month,
    unit_cost,
)

from rosterkit.station import DutyPost, DutyState, Eligibility, Officer, PostState, TeamKind

RULE = "community_presence"


def _desk(state: PostState, *team_kinds: TeamKind) -> DutyPost:
    """A station-wide post (outside every community) that one officer must hold each day."""
    return DutyPost(
        code="desk",
        name="内勤",
        name_en="Desk",
        short="内",
        state=state,
        min_staff=1,
        eligible=Eligibility(team_kinds=list(team_kinds)),
    )


def test_model_kept_the_director_takes_the_desk_so_community_officers_stay_home() -> None:
    """On group 1's main days R4 could hold the desk; the director holds it for nothing."""
    station = tiny_station(
        posts=[*tiny_posts()[:3], _desk(PostState.main, TeamKind.community, TeamKind.leadership)],
        extra=[Officer(id="R4", name="民警四", team="c1", squad=1)],
    )
    result = solve_month(station)
    assert paid(result.penalties, RULE) == {}
    assert result.roster is not None
    assert all(result.roster.holders(day, "desk") == ["D"] for day in DAYS)
    # Deputy directors command every day, on a station-wide post, at no cost.
    assert all(result.roster.holders(day, "commander")[0].startswith("DD") for day in DAYS)


def test_model_broken_pays_one_unit_a_day_when_only_the_community_can_hold_the_desk() -> None:
    station = tiny_station(posts=[*tiny_posts()[:3], _desk(PostState.deputy, TeamKind.community)])
    result = solve_month(station)
    assert result.roster is not None
    away = paid(result.penalties, RULE)
    assert sum(away.values()) == len(DAYS)
    for oid, units in away.items():
        assert units == sum(result.roster.value(oid, day) == "desk" for day in DAYS)
    assert {p.unit_cost for p in result.penalties if p.rule == RULE} == {unit_cost(station, RULE)}
    assert_checker_agrees(station, result)


def test_check_kept_the_commander_post_is_no_absence() -> None:
    station = tiny_station()
    roster = solve_month(station).roster
    assert roster is not None
    assert checker_penalties(station, roster, RULE) == {}


def test_check_broken_an_officer_on_a_post_outside_his_community_costs_a_unit_a_day() -> None:
    station = tiny_station(
        posts=[*tiny_posts()[:3], _desk(PostState.main, TeamKind.community, TeamKind.leadership)]
    )
    roster = solve_month(station).roster
    assert roster is not None
    assert checker_penalties(station, roster, RULE) == {}
    days = [first_day(station, 3, DutyState.main), first_day(station, 3, DutyState.main, 5)]
    broken = edited(roster, *(("R3", day, "desk") for day in days), ("D", days[0], "off"))
    assert checker_penalties(station, broken, RULE) == {"R3": 2}
