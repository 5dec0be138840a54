"""Rule `duty_commander`: exactly one a day, the main group's deputy director, or when he is on
leave the director or political commissar."""

from __future__ import annotations

from conftest import tiny_station
from rule_cases import (
    DAYS,
    edited,
    first_day,
    infeasible,
    on_leave,
    solved,
    violations,
    where,
)

from rosterkit import check
from rosterkit.station import DutyState

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
