"""Rule `rest_after_24h`: never a 48-hour duty from a squad change at the month boundary; where
the station asks for it, no post the day after a 24-hour post.

In the tiny station the commander and the community office (main) are 24-hour posts.
"""

from __future__ import annotations

import datetime as dt
import itertools

from conftest import FAST, tiny_station
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

from rosterkit import Roster, solve
from rosterkit.duties import slot_map
from rosterkit.station import DutyState, Station

RULE = "rest_after_24h"
JANUARY_31 = dt.date(2026, 1, 31)


def _rested_station() -> Station:
    return tiny_station(patrol=2).model_copy(update={"rest_after_24h": True})


def _january(station: Station) -> Roster:
    roster = solve(station, "2026-01", [], FAST).roster
    assert roster is not None
    return roster


def _long_posts_on_31_january(station: Station, january: Roster) -> set[str]:
    """Officers who held a 24-hour post on the last day of January."""
    slots = slot_map(station)
    return {
        oid
        for oid, row in january.cells.items()
        if row[JANUARY_31] in slots and slots[row[JANUARY_31]].post.hours >= 24
    }


def _squads_swapped_into_the_main_group(station: Station) -> Station:
    """January's main group on the 31st swaps squads with its deputy group, which holds main
    duty on 1 February: the officers who just held 24 hours would start February on main duty."""
    main = station.rotation.group_in(DutyState.main, JANUARY_31)
    deputy = station.rotation.group_in(DutyState.deputy, JANUARY_31)
    assert station.rotation.group_in(DutyState.main, DAYS[0]) == deputy
    swap = {main: deputy, deputy: main}
    return station.with_squads(
        {o.id: swap.get(o.squad, o.squad) for o in station.officers if o.squad is not None}
    )


def test_model_kept_no_post_the_day_after_a_24_hour_post() -> None:
    station = _rested_station()
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    slots = slot_map(station)
    for row in roster.cells.values():
        for before, after in itertools.pairwise(DAYS):
            if row[before] in slots and slots[row[before]].post.hours >= 24:
                assert row[after] not in slots


def test_model_kept_new_squads_keep_last_nights_24_hour_officers_off_main_duty() -> None:
    """Squads formed afresh for February: whoever held a 24-hour post on 31 January is not in
    the main group on the 1st."""
    station = tiny_station(patrol=2)
    january = _january(station)
    open_squads = station.without_squads().model_copy(update={"squads_run_on": False})
    roster = solved(open_squads, previous=january)
    assert violations(open_squads, roster, RULE, previous=january) == []
    tired = _long_posts_on_31_january(station, january)
    assert tired == {"DD1", "R1"}
    main_on_1st = station.rotation.group_in(DutyState.main, DAYS[0])
    assert all(roster.groups[oid] != main_on_1st for oid in tired)


def test_model_broken_infeasible_when_a_squad_change_makes_a_48_hour_duty() -> None:
    station = tiny_station(patrol=2)
    january = _january(station)
    reasons = infeasible(_squads_swapped_into_the_main_group(station), previous=january)
    assert any(
        "held a 24-hour post on the last day of the previous month and cannot be in the main "
        "group on 02-01" in r
        for r in reasons
    )


def test_model_broken_infeasible_when_only_the_officer_just_off_24_hours_could_fill_a_gap() -> None:
    """R1 is on leave on a main day of group 1; the only officer who could be called in rests
    after his own 24 hours of main duty the day before."""
    station = _rested_station()
    day = first_day(station, 1, DutyState.main, after=1)
    reasons = infeasible(station, on_leave("R1", day))
    assert any(f"rests on {day:%m-%d} after a 24-hour duty" in r for r in reasons)


def test_model_broken_infeasible_when_the_gap_on_the_1st_needs_last_nights_officer() -> None:
    """R2 is on leave on 1 February, when his group holds main duty; the resting group held
    main duty on 31 January, so with the station's rule nobody may be called in."""
    station = _rested_station()
    january = _january(station)
    assert station.rotation.group_in(DutyState.main, DAYS[0]) == 2
    reasons = infeasible(station, on_leave("R2", DAYS[0]), previous=january)
    assert any(
        "民警1 (R1) held a 24-hour post on the last day of the previous month and rests on 02-01"
        in r
        for r in reasons
    )


def test_check_kept_a_solved_roster_rests_after_24_hours() -> None:
    station = _rested_station()
    assert violations(station, solved(station), RULE) == []


def test_check_kept_the_rotation_running_on_needs_no_rest_rule() -> None:
    station = tiny_station(patrol=2)
    january = _january(station)
    roster = solved(station, previous=january)
    assert violations(station, roster, RULE, previous=january) == []


def test_check_broken_flags_a_call_in_the_day_after_main_duty() -> None:
    station = _rested_station()
    roster = solved(station)
    day = first_day(station, 1, DutyState.rest, after=1)
    assert roster.value("R1", day - dt.timedelta(days=1)) == "moffice@one"
    found = violations(station, edited(roster, ("R1", day, "doffice@one")), RULE)
    assert where(found) == [("R1", day)]
    # Without the station's rule the same call-in is allowed.
    relaxed = station.model_copy(update={"rest_after_24h": False})
    assert violations(relaxed, edited(roster, ("R1", day, "doffice@one")), RULE) == []


def test_check_broken_flags_a_48_hour_duty_at_the_month_boundary() -> None:
    station = tiny_station(patrol=2)
    january = _january(station)
    swapped = _squads_swapped_into_the_main_group(station)
    roster = solved(swapped)  # rostered without looking back at January
    assert violations(swapped, roster, RULE) == []
    found = violations(swapped, roster, RULE, previous=january)
    assert where(found) == [("DD1", DAYS[0]), ("R1", DAYS[0])]


def test_check_broken_flags_a_post_on_the_1st_after_24_hours_on_the_31st() -> None:
    station = _rested_station()
    january = _january(station)
    roster = solved(station, previous=january)
    assert violations(station, roster, RULE, previous=january) == []
    broken = edited(roster, ("R1", DAYS[0], "doffice@one"))
    assert violations(station, broken, RULE) == []
    assert where(violations(station, broken, RULE, previous=january)) == [("R1", DAYS[0])]
