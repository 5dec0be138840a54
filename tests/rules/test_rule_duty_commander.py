"""Rule `duty_commander`: exactly one a day, the main group's deputy director, or when he is on
leave the director or political commissar; who commands is data (`Station.command`): a second
deputy director of a group takes a post, a group without one has a named commander, and the
roles that may command are listed."""

from __future__ import annotations

from conftest import tiny_station
from rule_cases import (
    DAYS,
    assert_checker_agrees,
    days_in_state,
    edited,
    first_day,
    infeasible,
    on_leave,
    shaped_station,
    solve_month,
    solved,
    violations,
    where,
)

from rosterkit import check
from rosterkit.station import DutyState, Role, Station

FOUR = [DutyState.main, DutyState.deputy, DutyState.rest, DutyState.rest]
"""Four duty groups on main, deputy, rest, rest."""

RULE = "duty_commander"


def test_model_kept_the_main_groups_deputy_director_commands_every_day() -> None:
    station = tiny_station()
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    for day in DAYS:
        group = station.rotation.group_in(DutyState.main, day)
        assert roster.holders(day, "commander") == [f"DD{group}"]


def test_model_kept_director_stands_in_for_deputy_director_on_leave() -> None:
    station = tiny_station()
    day = first_day(station, 1, DutyState.main)
    leave = on_leave("DD1", day)
    roster = solved(station, leave)
    assert violations(station, roster, RULE, leave) == []
    assert roster.value("D", day) == "commander"
    for other in DAYS:
        if other != day:
            commander = roster.holders(other, "commander")
            assert len(commander) == 1
            group = station.rotation.group_in(DutyState.main, other)
            assert commander == [f"DD{group}"]


def test_model_broken_infeasible_without_stand_in() -> None:
    station = tiny_station()
    station = station.model_copy(update={"officers": station.officers[1:]})
    day = first_day(station, 2, DutyState.main)
    reasons = infeasible(station, on_leave("DD2", day))
    assert any("Duty commander" in r and day.isoformat() in r for r in reasons)


def test_check_kept_a_stand_in_on_the_leave_day_passes() -> None:
    station = tiny_station()
    day = first_day(station, 1, DutyState.main)
    leave = on_leave("DD1", day)
    assert violations(station, solved(station, leave), RULE, leave) == []


def test_check_broken_flags_two_commanders_and_wrong_commander() -> None:
    station = tiny_station()
    roster = solved(station)
    day = first_day(station, 1, DutyState.main)
    two = edited(roster, ("D", day, "commander"))
    messages = [v.message for v in check(station, two) if v.rule == RULE]
    assert any("2 duty commanders" in m for m in messages)
    assert any("commands although" in m for m in messages)
    assert where(violations(station, two, RULE)) == [(None, day), ("D", day)]


def test_check_broken_flags_a_day_without_commander() -> None:
    station = tiny_station()
    roster = solved(station)
    day = first_day(station, 1, DutyState.main)
    found = violations(station, edited(roster, ("DD1", day, "rest")), RULE)
    assert where(found) == [(None, day)]
    assert "0 duty commanders" in found[0].message


def test_check_broken_flags_a_stand_in_who_is_not_the_director() -> None:
    """DD1 is on leave; DD2, of the deputy group, commands instead of the director."""
    station = tiny_station()
    day = first_day(station, 1, DutyState.main)
    leave = on_leave("DD1", day)
    roster = solved(station, leave)
    assert roster.value("DD2", day) == "doffice@one"
    broken = edited(roster, ("D", day, "off"), ("DD2", day, "commander"))
    found = violations(station, broken, RULE, leave)
    assert where(found) == [("DD2", day)]
    assert "director or political commissar" in found[0].message


# --- who commands, as data ------------------------------------------------------------------


def named_station() -> Station:
    """Two deputy directors for three groups (DD1 in squad 1, DD2 in squad 2); the director,
    allowed to command, is named for group 3."""
    return shaped_station(
        deputies=2,
        command={"roles": ["deputy_director", "director"], "commanders": {3: "D"}},
    )


def test_model_kept_a_second_deputy_director_of_a_group_takes_a_post() -> None:
    """Four groups; DD1 and DD5 both sit in squad 1: DD1 (first in the station's order)
    commands on every main day of group 1, DD5 holds the community office."""
    station = shaped_station(FOUR, deputies=5)
    result = solve_month(station)
    assert_checker_agrees(station, result)
    roster = result.roster
    assert roster is not None
    for day in DAYS:
        group = station.rotation.group_in(DutyState.main, day)
        assert roster.holders(day, "commander") == [f"DD{group}"]
    for day in days_in_state(station, 1, DutyState.main):
        assert roster.value("DD5", day) == "moffice@one"


def test_model_kept_the_groups_other_deputy_director_stands_in_before_the_director() -> None:
    station = shaped_station(FOUR, deputies=5)
    day = first_day(station, 1, DutyState.main)
    leave = on_leave("DD1", day)
    result = solve_month(station, leave)
    assert_checker_agrees(station, result, leave)
    assert result.roster is not None
    assert result.roster.holders(day, "commander") == ["DD5"]


def test_model_kept_a_named_commander_commands_a_group_without_deputy_director() -> None:
    station = named_station()
    result = solve_month(station)
    assert_checker_agrees(station, result)
    roster = result.roster
    assert roster is not None
    for day in DAYS:
        group = station.rotation.group_in(DutyState.main, day)
        assert roster.holders(day, "commander") == (["D"] if group == 3 else [f"DD{group}"])


def test_model_kept_a_listed_role_commands_a_group() -> None:
    """Team leaders may command: R3, a team leader in squad 3, commands group 3."""
    station = shaped_station(
        deputies=2,
        command={"roles": ["deputy_director", "team_leader"]},
        roles={"R3": {Role.team_leader}},
    )
    result = solve_month(station)
    assert_checker_agrees(station, result)
    assert result.roster is not None
    for day in days_in_state(station, 3, DutyState.main):
        assert result.roster.holders(day, "commander") == ["R3"]


def test_model_broken_a_named_commander_on_leave_with_no_stand_in_left() -> None:
    """The director commands group 3 and is its only stand-in: on leave, nobody may command."""
    station = named_station()
    day = first_day(station, 3, DutyState.main)
    reasons = infeasible(station, on_leave("D", day))
    assert any(day.isoformat() in r for r in reasons), reasons


def test_model_broken_three_groups_with_two_deputy_directors_and_nobody_named() -> None:
    reasons = infeasible(shaped_station(deputies=2))
    assert any("duty group 3 needs a deputy director to command it" in r for r in reasons)


def test_check_kept_the_named_commander_and_the_second_deputy_director_pass() -> None:
    station = named_station()
    assert violations(station, solved(station), RULE) == []
    four = shaped_station(FOUR, deputies=5)
    assert violations(four, solved(four), RULE) == []


def test_check_broken_flags_the_second_deputy_director_commanding_instead_of_the_first() -> None:
    station = shaped_station(FOUR, deputies=5)
    roster = solved(station)
    day = first_day(station, 1, DutyState.main)
    swapped = edited(roster, ("DD1", day, "moffice@one"), ("DD5", day, "commander"))
    found = violations(station, swapped, RULE)
    assert where(found) == [("DD5", day)]
    assert "DD1, who commands duty group 1" in found[0].message


def test_check_broken_flags_a_deputy_director_commanding_instead_of_the_named_one() -> None:
    station = named_station()
    roster = solved(station)
    day = first_day(station, 3, DutyState.main)
    broken = edited(roster, ("D", day, "off"), ("R3", day, "commander"))
    found = violations(station, broken, RULE)
    assert where(found) == [("R3", day)]
    assert "D, who commands duty group 3" in found[0].message


def test_check_broken_flags_a_stand_in_the_station_does_not_allow() -> None:
    """Only the political commissar may stand in: the director standing in is a break."""
    station = shaped_station(command={"stand_ins": ["political_commissar"]})
    day = first_day(station, 1, DutyState.main)
    leave = on_leave("DD1", day)
    roster = solved(tiny_station(), leave)
    assert roster.value("D", day) == "commander"
    found = violations(station, roster, RULE, leave)
    assert where(found) == [("D", day)]
    assert "only a stand-in (political commissar)" in found[0].message
    assert infeasible(station, leave)
