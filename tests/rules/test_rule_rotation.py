"""Rule `rotation`: the main and deputy groups hold posts of their state; the resting group rests
or is called in to a post that takes call-ins; officers outside the rotation are 'off', never
'rest'."""

from __future__ import annotations

import pytest
from conftest import FAST, tiny_posts, tiny_station
from rule_cases import (
    DAYS,
    MONTH,
    edited,
    first_day,
    infeasible,
    shaped_station,
    solved,
    violations,
    where,
)

from rosterkit import solve
from rosterkit.errors import RosterInputError
from rosterkit.station import DutyState, Officer

RULE = "rotation"


def test_model_kept_puts_each_group_on_posts_of_its_state() -> None:
    station = tiny_station()
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    for oid in ("DD1", "R1", "R2", "R3"):
        for day in DAYS:
            state = roster.state(station, oid, day)
            value = roster.value(oid, day)
            if state is DutyState.main:
                assert value in ("commander", "moffice@one")
            elif state is DutyState.deputy:
                assert value == "doffice@one"
            else:
                assert value == "rest"


def test_model_kept_officers_outside_the_rotation_are_off_or_on_their_shift() -> None:
    station = tiny_station(patrol=2)
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    for oid in ("D", "S1", "S2"):
        assert set(roster.cells[oid].values()) <= {"off", "early", "commander"}


def test_model_broken_rejects_an_officer_with_no_deputy_post() -> None:
    posts = [p for p in tiny_posts() if p.code not in ("doffice", "early")]
    with pytest.raises(RosterInputError, match="deputy-duty post"):
        solve(tiny_station(posts=posts), MONTH, [], FAST)


def test_model_broken_reports_a_group_member_left_without_post() -> None:
    posts = [p for p in tiny_posts(doffice={"max_staff": 1}) if p.code != "early"]
    station = tiny_station(extra=[Officer(id="R4", name="民警四", team="c1", squad=1)])
    station = station.model_copy(update={"posts": posts})
    reasons = infeasible(station)
    assert any(
        "is in the deputy group on" in r and "must hold one of its posts" in r for r in reasons
    )


def test_check_kept_a_solved_roster_keeps_the_rotation() -> None:
    station = tiny_station(patrol=2)
    assert violations(station, solved(station), RULE) == []


def test_check_broken_flags_main_group_member_resting() -> None:
    station = tiny_station()
    roster = solved(station)
    day = first_day(station, roster.groups["R1"], DutyState.main)
    found = violations(station, edited(roster, ("R1", day, "rest")), RULE)
    assert where(found) == [("R1", day)]


def test_check_broken_flags_deputy_group_member_on_a_main_post() -> None:
    station = tiny_station()
    roster = solved(station)
    day = first_day(station, roster.groups["R2"], DutyState.deputy)
    found = violations(station, edited(roster, ("R2", day, "moffice@one")), RULE)
    assert where(found) == [("R2", day)]
    assert "not a deputy-duty post" in found[0].message


def test_check_broken_flags_resting_officer_called_to_a_no_call_in_post() -> None:
    station = tiny_station(posts=tiny_posts(doffice={"call_in": False})[:3])
    roster = solved(station)
    day = next(d for d in DAYS if roster.state(station, "R1", d) is DutyState.rest)
    found = violations(station, edited(roster, ("R1", day, "doffice@one")), RULE)
    assert where(found) == [("R1", day)]
    assert "takes no call-ins" in found[0].message


def test_check_broken_flags_resting_officer_on_another_teams_shift() -> None:
    station = tiny_station(patrol=2)
    roster = solved(station)
    day = first_day(station, roster.groups["R3"], DutyState.rest)
    found = violations(station, edited(roster, ("R3", day, "early")), RULE)
    assert where(found) == [("R3", day)]
    assert "another team's shift" in found[0].message


def test_check_broken_flags_off_for_a_rotating_and_rest_for_any_other_officer() -> None:
    station = tiny_station(patrol=2)
    roster = solved(station)
    day = first_day(station, roster.groups["R1"], DutyState.rest)
    off_day = next(d for d in DAYS if roster.value("S1", d) == "off")
    broken = edited(roster, ("R1", day, "off"), ("S1", off_day, "rest"), ("D", DAYS[0], "rest"))
    found = violations(station, broken, RULE)
    assert sorted(where(found), key=str) == sorted(
        [("D", DAYS[0]), ("R1", day), ("S1", off_day)], key=str
    )


def test_check_kept_a_leave_day_is_not_judged_by_the_rotation() -> None:
    station = tiny_station()
    roster = solved(station)
    day = first_day(station, roster.groups["R1"], DutyState.main)
    assert violations(station, edited(roster, ("R1", day, "leave")), RULE) == []


# --- duty groups and cycles as data (Station.rotation) ------------------------------------------

SHAPES = {
    "two groups, main and deputy": [DutyState.main, DutyState.deputy],
    "four groups, main deputy rest rest": [
        DutyState.main,
        DutyState.deputy,
        DutyState.rest,
        DutyState.rest,
    ],
    "five groups, two deputy days": [
        DutyState.deputy,
        DutyState.main,
        DutyState.rest,
        DutyState.deputy,
        DutyState.rest,
    ],
}


@pytest.mark.parametrize("cycle", SHAPES.values(), ids=SHAPES.keys())
def test_model_kept_any_cycle_puts_each_group_on_posts_of_its_state(
    cycle: list[DutyState],
) -> None:
    station = shaped_station(cycle)
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    for day in DAYS:
        states = [station.rotation.state(k, day) for k in range(1, len(cycle) + 1)]
        assert sorted(states) == sorted(cycle)  # each position of the cycle held once a day
        for k, state in enumerate(states, start=1):
            value = roster.value(f"R{k}", day)
            expected = {DutyState.main: "moffice@one", DutyState.deputy: "doffice@one"}
            assert value == expected.get(state, "rest")


def test_model_broken_a_four_group_cycle_with_a_group_left_without_post() -> None:
    """Four groups; the community office of deputy duty, the only deputy post, takes at most
    one officer: of the deputy group's deputy director and officer, one has no post."""
    station = shaped_station(SHAPES["four groups, main deputy rest rest"])
    posts = [
        p.model_copy(update={"max_staff": 1}) if p.code == "doffice" else p for p in station.posts
    ]
    reasons = infeasible(station.model_copy(update={"posts": posts}))
    assert any("deputy group" in r and "must hold one of its posts" in r for r in reasons)


def test_check_kept_a_four_group_roster_keeps_the_rotation() -> None:
    station = shaped_station(SHAPES["four groups, main deputy rest rest"])
    assert violations(station, solved(station), RULE) == []


def test_check_broken_flags_a_second_resting_group_member_on_a_main_post() -> None:
    """Four groups: on a day group 1 is in its second rest day, R1 takes a main post that
    takes no call-ins."""
    cycle = SHAPES["four groups, main deputy rest rest"]
    station = shaped_station(cycle)
    posts = [
        p.model_copy(update={"call_in": False}) if p.code == "moffice" else p for p in station.posts
    ]
    station = station.model_copy(update={"posts": posts})
    roster = solved(station)
    day = next(d for d in DAYS if station.rotation.state(1, d) is DutyState.rest)
    found = violations(station, edited(roster, ("R1", day, "moffice@one")), RULE)
    assert where(found) == [("R1", day)]
    assert "takes no call-ins" in found[0].message
