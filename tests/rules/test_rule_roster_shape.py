"""Rule `roster_shape`: every officer of the station, a known value on every day of the month, a
duty group where he needs one. The model gives each officer-day one value (`solver/rules/
rotation.py`); the checker reports every gap and every unknown value."""

from __future__ import annotations

import datetime as dt

from conftest import tiny_posts, tiny_station
from rule_cases import (
    DAYS,
    MONTH,
    edited,
    first_day,
    infeasible,
    solve_month,
    solved,
    violations,
    where,
)

from rosterkit import check
from rosterkit.duties import NON_POST_VALUES, slot_map
from rosterkit.station import DutyPost, DutyState, Eligibility, PostState, Role, TeamKind

RULE = "roster_shape"


def _desk(call_in: bool) -> DutyPost:
    """A second main-duty post that only the community team's officers may hold."""
    return DutyPost(
        code="desk",
        name="内勤",
        name_en="Desk",
        short="内",
        state=PostState.main,
        min_staff=1,
        call_in=call_in,
        eligible=Eligibility(team_kinds=[TeamKind.community], exclude_roles=[Role.deputy_director]),
    )


def test_model_kept_every_officer_has_one_known_value_a_day_and_a_group() -> None:
    station = tiny_station(patrol=2)
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    known = set(slot_map(station)) | NON_POST_VALUES
    assert roster.station_id == station.id and roster.month == MONTH
    assert set(roster.cells) == {o.id for o in station.officers}
    for row in roster.cells.values():
        assert sorted(row) == DAYS
        assert set(row.values()) <= known
    grouped = {o.id for o in station.officers if o.team != "lead"}
    assert set(roster.groups) == grouped
    assert set(roster.groups.values()) <= {1, 2, 3}


def test_model_broken_never_gives_an_officer_two_posts_a_day_even_to_save_call_ins() -> None:
    """Group k's only officer who may hold the desk also holds its community office; holding
    both would save a call-in every day, but an officer holds one value a day."""
    posts = [*tiny_posts()[:3], _desk(call_in=True)]
    station = tiny_station(posts=posts)
    result = solve_month(station)
    roster = result.roster
    assert roster is not None
    assert check(station, roster) == []
    for day in DAYS:
        office, desk = roster.holders(day, "moffice@one"), roster.holders(day, "desk")
        assert len(office) >= 1 and len(desk) >= 1
        assert not set(office) & set(desk)
    # One of the two main posts is filled by a call-in every day.
    call_ins = sum(p.amount for p in result.penalties if p.rule == "call_in")
    assert call_ins == len(DAYS)


def test_model_broken_infeasible_when_one_officer_would_need_two_posts_a_day() -> None:
    posts = [*tiny_posts(moffice={"call_in": False})[:3], _desk(call_in=False)]
    reasons = " ".join(infeasible(tiny_station(posts=posts)))
    assert "Desk on" in reasons and "One community office (main) on" in reasons
    assert "needs at least 1 from the main group" in reasons


def test_check_kept_a_solved_roster_is_complete() -> None:
    station = tiny_station(patrol=2)
    assert violations(station, solved(station), RULE) == []


def test_check_broken_a_missing_day_and_an_unknown_post() -> None:
    station = tiny_station()
    roster = solved(station)
    day = DAYS[4]
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    del cells["R2"][day]
    gap = roster.model_copy(update={"cells": cells})
    found = violations(station, gap, RULE)
    assert where(found) == [("R2", day)]
    assert "no value" in found[0].message

    unknown = edited(roster, ("R3", day, "nonesuch"))
    found = violations(station, unknown, RULE)
    assert where(found) == [("R3", day)]
    assert "unknown post 'nonesuch'" in found[0].message


def test_check_broken_a_missing_officer_and_one_not_in_the_station() -> None:
    station = tiny_station()
    roster = solved(station)
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    cells["X9"] = cells.pop("R1")
    found = violations(station, roster.model_copy(update={"cells": cells}), RULE)
    assert sorted(where(found), key=str) == [("R1", None), ("X9", None)]


def test_check_broken_a_group_outside_the_rotation_or_missing() -> None:
    station = tiny_station()
    roster = solved(station)
    groups = dict(roster.groups) | {"R1": 4}
    del groups["R2"]
    found = violations(station, roster.model_copy(update={"groups": groups}), RULE)
    assert where(found) == [("R1", None), ("R2", None)]
    assert all("duty group" in v.message for v in found)


def test_check_broken_another_station_and_a_day_of_another_month() -> None:
    station = tiny_station()
    roster = solved(station)
    found = violations(station, roster.model_copy(update={"station_id": "other"}), RULE)
    assert where(found) == [(None, None)] and "'other'" in found[0].message

    march = dt.date(2026, 3, 1)
    found = violations(station, edited(roster, ("DD1", march, "rest")), RULE)
    assert where(found) == [("DD1", march)]


def test_check_broken_stops_the_checker_before_the_other_rules() -> None:
    """A roster of the wrong shape is judged on its shape alone: nothing else can be read."""
    station = tiny_station()
    roster = solved(station)
    day = first_day(station, 1, DutyState.main)
    broken = edited(roster, ("DD1", day, "nonesuch"))
    assert {v.rule for v in check(station, broken)} == {RULE}
