"""Rule `street_patrol`: at most the team's weekly cap of shifts in any 7 consecutive days,
looking back into the previous month."""

from __future__ import annotations

import datetime as dt

from conftest import FAST, tiny_station
from rule_cases import DAYS, edited, infeasible, solved, violations, where

from rosterkit import Roster, solve
from rosterkit.station import Station

RULE = "street_patrol"
LAST_DAYS_OF_JANUARY = [dt.date(2026, 1, d) for d in range(27, 32)]


def _january_with_s1_on_the_last_five_days(station: Station) -> Roster:
    """January solved, then edited so that S1 held the shift on its last five days."""
    january = solve(station, "2026-01", [], FAST).roster
    assert january is not None
    changes = [("S1", d, "early") for d in LAST_DAYS_OF_JANUARY]
    changes += [("S2", d, "off") for d in LAST_DAYS_OF_JANUARY]
    return edited(january, *changes)


def test_model_kept_keeps_weekly_cap() -> None:
    station = tiny_station(patrol=2, cap=4)
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    for oid in ("S1", "S2"):
        worked = [roster.value(oid, d) == "early" for d in DAYS]
        assert max(sum(worked[i : i + 7]) for i in range(len(DAYS) - 6)) <= 4


def test_model_kept_looks_back_into_the_previous_month() -> None:
    """S1 held five shifts at the end of January; with a cap of 5 he rests until the window
    that holds them has passed: the 1st and 2nd of February go to S2."""
    station = tiny_station(patrol=2, cap=5)
    previous = _january_with_s1_on_the_last_five_days(station)
    roster = solved(station, previous=previous)
    assert violations(station, roster, RULE, previous=previous) == []
    assert [roster.value("S1", d) for d in DAYS[:2]] == ["off", "off"]


def test_model_broken_infeasible_when_cap_too_low() -> None:
    reasons = infeasible(tiny_station(patrol=2, cap=3))
    assert any("at most 3 shifts" in r for r in reasons)


def test_model_broken_infeasible_when_the_previous_month_used_the_cap() -> None:
    """Both patrol officers held five shifts in January's last six days (cap 5): nobody may
    take the shift on the 1st."""
    station = tiny_station(patrol=2, cap=5)
    january = _january_with_s1_on_the_last_five_days(station)
    changes = [("S2", dt.date(2026, 1, d), "early") for d in range(26, 31)]
    previous = edited(january, *changes)
    reasons = infeasible(station, previous=previous)
    assert any("at most 5 shifts in the 7 days from 01-26" in r for r in reasons)


def test_check_kept_a_solved_roster_keeps_the_cap() -> None:
    station = tiny_station(patrol=2, cap=5)
    assert violations(station, solved(station), RULE) == []


def test_check_broken_flags_too_many_shifts() -> None:
    station = tiny_station(patrol=2, cap=5)
    roster = solved(station)
    broken = edited(roster, *(("S1", day, "early") for day in DAYS[:7]))
    found = violations(station, broken, RULE)
    assert found and {v.officer_id for v in found} == {"S1"}
    assert where(found)[0] == ("S1", DAYS[0])


def test_check_broken_flags_a_window_that_starts_in_the_previous_month() -> None:
    station = tiny_station(patrol=2, cap=5)
    previous = _january_with_s1_on_the_last_five_days(station)
    roster = solved(station, previous=previous)
    broken = edited(roster, ("S1", DAYS[0], "early"), ("S2", DAYS[0], "off"))
    # On its own the month is fine; after January's five shifts, a sixth breaks the cap in
    # the windows from 26 and 27 January.
    assert violations(station, broken, RULE) == []
    found = violations(station, broken, RULE, previous=previous)
    assert where(found) == [("S1", dt.date(2026, 1, 26)), ("S1", dt.date(2026, 1, 27))]
