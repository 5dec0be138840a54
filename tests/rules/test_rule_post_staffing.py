"""Rule `post_staffing`: every post's minimum and maximum staff each day (the minimum may differ
on rest days)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FAST, tiny_posts, tiny_station
from rule_cases import (
    DAYS,
    MONTH,
    assert_checker_agrees,
    days_in_state,
    edited,
    first_day,
    infeasible,
    on_leave,
    paid,
    solve_month,
    solved,
    violations,
    where,
)

from rosterkit import check, solve
from rosterkit.duties import slots
from rosterkit.errors import RosterInputError
from rosterkit.holiday_calendar import month_calendar
from rosterkit.station import (
    CommunityPost,
    DutyPost,
    DutyState,
    Eligibility,
    Officer,
    PostState,
    Station,
    TeamKind,
)

RULE = "post_staffing"


def _patrol_post() -> DutyPost:
    """A station-wide deputy-duty post the community team may hold (it costs community
    presence: it lies outside the community)."""
    return DutyPost(
        code="patrol",
        name="巡逻",
        name_en="Patrol",
        short="巡",
        state=PostState.deputy,
        eligible=Eligibility(team_kinds=[TeamKind.community]),
    )


def test_model_kept_fills_a_gap_from_the_resting_group() -> None:
    station = tiny_station()
    day = first_day(station, 1, DutyState.main)
    result = solve_month(station, on_leave("R1", day))
    assert result.roster is not None
    assert violations(station, result.roster, RULE, on_leave("R1", day)) == []
    assert len(result.roster.holders(day, "moffice@one")) == 1
    assert sum(paid(result.penalties, "call_in").values()) == 1
    assert result.objective == sum(p.cost for p in result.penalties)


def test_model_kept_every_post_within_its_staff_each_day() -> None:
    station = tiny_station(patrol=2)
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    for day in DAYS:
        assert len(roster.holders(day, "commander")) == 1
        assert len(roster.holders(day, "moffice@one")) >= 1
        assert len(roster.holders(day, "early")) == 1


def test_model_kept_max_staff_holds_even_where_more_would_cost_less() -> None:
    """Group 1 has three officers for deputy duty but the community office takes two: the third
    goes to a post outside the community and the model pays community presence for it."""
    posts = [*tiny_posts(doffice={"max_staff": 2})[:3], _patrol_post()]
    station = tiny_station(posts=posts, extra=[Officer(id="R4", name="民警四", team="c1", squad=1)])
    result = solve_month(station)
    roster = result.roster
    assert roster is not None
    assert violations(station, roster, RULE) == []
    group_1_deputy = days_in_state(station, 1, DutyState.deputy)
    for day in DAYS:
        assert len(roster.holders(day, "doffice@one")) <= 2
        assert len(roster.holders(day, "patrol")) == (day in group_1_deputy)
    assert sum(paid(result.penalties, "community_presence").values()) == len(group_1_deputy)
    assert_checker_agrees(station, result)


def test_model_broken_infeasible_names_post_day_and_leave() -> None:
    station = tiny_station(posts=tiny_posts(moffice={"call_in": False})[:3])
    day = first_day(station, 1, DutyState.main)
    reason = " ".join(infeasible(station, on_leave("R1", day)))
    assert "One community office (main)" in reason and day.isoformat() in reason
    assert "on leave" in reason and "R1" in reason


def test_model_broken_infeasible_when_a_minimum_exceeds_the_group() -> None:
    station = tiny_station(posts=tiny_posts(moffice={"min_staff": 2, "call_in": False})[:3])
    reasons = infeasible(station)
    assert any("One community office (main)" in r and "needs at least 2" in r for r in reasons)


def test_model_broken_infeasible_when_a_maximum_leaves_a_group_member_without_post() -> None:
    posts = [p for p in tiny_posts(doffice={"max_staff": 1}) if p.code != "early"]
    station = tiny_station(posts=posts, extra=[Officer(id="R4", name="民警四", team="c1", squad=1)])
    reasons = infeasible(station)
    assert any("One community office (deputy)" in r and "takes at most 1" in r for r in reasons)


def test_check_kept_a_solved_roster_is_staffed() -> None:
    station = tiny_station(patrol=2)
    assert violations(station, solved(station), RULE) == []


def test_check_broken_flags_post_below_minimum(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    roster = qianmen_december.roster
    day = dt.date(2026, 12, 10)
    desk = roster.holders(day, "desk")
    broken = roster
    for oid in desk[:2]:
        broken = edited(broken, (oid, day, "rest"))
    found = check(qianmen_station, broken)
    assert any(v.rule == "post_staffing" and "'desk'" in v.message for v in found)


def test_check_broken_flags_a_post_below_minimum_on_its_day_only() -> None:
    station = tiny_station()
    roster = solved(station)
    day = DAYS[9]
    (holder,) = roster.holders(day, "moffice@one")
    found = violations(station, edited(roster, (holder, day, "rest")), RULE)
    assert where(found) == [(None, day)]
    assert "'moffice@one'" in found[0].message and "needs at least 1" in found[0].message


def test_check_broken_flags_a_post_above_its_maximum() -> None:
    station = tiny_station(patrol=2)
    roster = solved(station)
    day = DAYS[5]
    idle = next(oid for oid in ("S1", "S2") if roster.value(oid, day) == "off")
    broken = edited(roster, ("D", day, "commander"), (idle, day, "early"))
    found = violations(station, broken, RULE)
    assert where(found) == [(None, day), (None, day)]
    assert sorted(v.message for v in found) == [
        "'commander' (Duty commander) has 2, takes at most 1",
        "'early' (Street patrol early) has 2, takes at most 1",
    ]


def test_check_broken_uses_the_rest_day_minimum_on_rest_days_only() -> None:
    station = tiny_station(posts=tiny_posts(doffice={"rest_day_min_staff": 2})[:3])
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    calendar = month_calendar(station, MONTH)
    rest_day = next(d for d in DAYS if calendar.is_rest_day(d))
    workday = next(d for d in DAYS if not calendar.is_rest_day(d))
    changes = []
    for day in (rest_day, workday):
        holder = roster.holders(day, "doffice@one")[0]
        changes.append((holder, day, "rest"))
    found = violations(station, edited(roster, *changes), RULE)
    assert where(found) == [(None, rest_day)]
    assert "needs at least 2" in found[0].message


# --- per-community sizes: a community's own number of a post and its own minimums -----------


def _offices(count: int = 2, **bounds: int) -> Station:
    """The tiny station with R4-R6 in squads 1-3 and community one holding `count` main-duty
    offices, each with `bounds` (the post's own where not given), taking no call-ins."""
    station = tiny_station(
        posts=[
            post
            for post in tiny_posts(moffice={"call_in": False})
            if post.state is not PostState.shift
        ],
        extra=[Officer(id=f"R{k + 3}", name=f"民警{k + 3}", team="c1", squad=k) for k in (1, 2, 3)],
    )
    local = CommunityPost(post="moffice", count=count, **bounds)
    one = station.communities[0].model_copy(update={"posts": [local]})
    return Station.model_validate(station.model_dump() | {"communities": [one]})


def test_model_kept_each_of_a_communitys_offices_is_staffed() -> None:
    station = _offices(2)
    result = solve_month(station)
    roster = result.roster
    assert roster is not None
    assert violations(station, roster, RULE) == []
    for day in days_in_state(station, 1, DutyState.main):
        assert sorted(
            roster.holders(day, "moffice@one") + roster.holders(day, "moffice@one#2")
        ) == [
            "R1",
            "R4",
        ]
    assert_checker_agrees(station, result)


def test_model_broken_a_community_without_its_only_main_post_leaves_its_officers_none() -> None:
    """Count 0: the community has no main-duty office at all, so its officers could hold no
    main-duty post; the month is refused with the reason, never solved without them."""
    station = _offices(0)
    assert [slot.code for slot in slots(station) if slot.post.code == "moffice"] == []
    with pytest.raises(RosterInputError, match=r"officer 'R1' .* may hold no main-duty post"):
        solve(station, MONTH, [], FAST)


def test_model_broken_a_communitys_own_minimum_beyond_its_group_is_infeasible() -> None:
    """Two officers per group can staff one office of two, not two offices of two each."""
    assert solved(_offices(1, min_staff=2)) is not None
    reasons = infeasible(_offices(2, min_staff=2))
    assert any("community office (main)" in reason.lower() for reason in reasons), reasons


def test_check_kept_a_communitys_own_bounds_are_met() -> None:
    station = _offices(1, min_staff=2, max_staff=2)
    assert violations(station, solved(station), RULE) == []


def test_check_broken_a_communitys_second_office_left_empty_or_its_own_minimum_missed() -> None:
    station = _offices(2)
    roster = solved(station)
    day = first_day(station, 1, DutyState.main)
    holder = roster.holders(day, "moffice@one#2")[0]
    broken = edited(roster, (holder, day, "moffice@one"))
    found = violations(station, broken, RULE)
    assert [(v.day, v.message) for v in found] == [
        (day, "'moffice@one#2' (Community office (main)) has 0, needs at least 1")
    ]
    strict = _offices(1, min_staff=2)
    alone = edited(solved(strict), ("R4", day, "moffice@one"), ("R1", day, "rest"))
    assert [v.message for v in violations(strict, alone, RULE) if v.day == day] == [
        "'moffice@one' (Community office (main)) has 1, needs at least 2"
    ]
