"""Rule `leave`: an officer on leave holds no post; 'leave' stands only on leave days. The model
keeps it by construction (no variable on a leave day); the checker reports a post on a leave day
and 'leave' without a request."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FAST, tiny_posts, tiny_station
from rule_cases import (
    DAYS,
    MONTH,
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

from rosterkit import Leave, check, solve
from rosterkit.errors import RosterInputError
from rosterkit.station import DutyState

RULE = "leave"


def test_model_kept_gives_leave_and_no_post_on_leave_days() -> None:
    station = tiny_station()
    leave = [Leave(officer_id="R2", start=DAYS[3], end=DAYS[9])]
    roster = solved(station, leave)
    assert violations(station, roster, RULE, leave) == []
    for day in DAYS:
        on = DAYS[3] <= day <= DAYS[9]
        assert (roster.value("R2", day) == "leave") is on
    assert "leave" not in {
        v for oid, row in roster.cells.items() if oid != "R2" for v in row.values()
    }


def test_model_kept_gives_no_post_on_leave_days(qianmen_station) -> None:  # type: ignore[no-untyped-def]
    leave = [Leave(officer_id="P020", start=dt.date(2026, 12, 5), end=dt.date(2026, 12, 12))]
    result = solve(qianmen_station, "2026-12", leave, FAST)
    assert result.roster is not None
    for day in (dt.date(2026, 12, d) for d in range(5, 13)):
        assert result.roster.value("P020", day) == "leave"
    assert check(qianmen_station, result.roster, leave) == []


def test_model_broken_never_puts_an_officer_on_leave_to_work_even_to_save_call_ins() -> None:
    """R1 is on leave over his group's main days: working would save a call-in on each."""
    station = tiny_station()
    main_days = days_in_state(station, 1, DutyState.main)[:3]
    leave = [Leave(officer_id="R1", start=main_days[0], end=main_days[-1])]
    result = solve_month(station, leave)
    assert result.roster is not None
    assert violations(station, result.roster, RULE, leave) == []
    for day in main_days:
        assert result.roster.value("R1", day) == "leave"
    assert sum(paid(result.penalties, "call_in").values()) == len(main_days)


def test_model_broken_infeasible_when_only_the_officer_on_leave_could_hold_a_post() -> None:
    station = tiny_station(posts=tiny_posts(moffice={"call_in": False})[:3])
    day = first_day(station, 1, DutyState.main)
    reason = " ".join(infeasible(station, on_leave("R1", day)))
    assert "1 of them on leave: 民警1 (R1)" in reason and day.isoformat() in reason


def test_leave_for_unknown_officer_is_bad_input() -> None:
    with pytest.raises(RosterInputError, match="unknown officer 'X9'"):
        solve(tiny_station(), MONTH, [Leave(officer_id="X9", start=DAYS[0], end=DAYS[1])], FAST)


def test_check_kept_leave_days_marked_leave_pass() -> None:
    station = tiny_station()
    day = first_day(station, 2, DutyState.main)
    leave = on_leave("R2", day)
    roster = solved(station, leave)
    assert violations(station, roster, RULE, leave) == []
    assert check(station, roster, leave) == []


def test_check_kept_without_a_leave_list_the_rosters_leave_cells_are_the_record() -> None:
    station = tiny_station()
    roster = solved(station)
    day = next(d for d in DAYS if roster.value("R3", d) == "rest")
    assert violations(station, edited(roster, ("R3", day, "leave")), RULE) == []


def test_check_broken_flags_post_on_leave_day_and_leave_without_request() -> None:
    station = tiny_station()
    day = first_day(station, 2, DutyState.main)
    leave = on_leave("R2", day)
    roster = solved(station, leave)
    assert {v.rule for v in check(station, roster, leave)} == set()
    found = violations(station, edited(roster, ("R2", day, "moffice@one")), RULE, leave)
    assert where(found) == [("R2", day)]
    other = next(d for d in DAYS if roster.value("R3", d) == "rest")
    found = violations(station, edited(roster, ("R3", other, "leave")), RULE, leave)
    assert where(found) == [("R3", other)]
    assert "without a leave request" in found[0].message


def test_check_broken_flags_rest_on_a_leave_day() -> None:
    station = tiny_station()
    day = first_day(station, 2, DutyState.main)
    leave = on_leave("R2", day)
    roster = solved(station, leave)
    found = violations(station, edited(roster, ("R2", day, "rest")), RULE, leave)
    assert where(found) == [("R2", day)]
    assert "on leave but marked 'rest'" in found[0].message
