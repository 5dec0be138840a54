"""Rule `rest_between_shifts`: at least the station's `min_rest_hours` (11 by default) from the
end of one post to the start of the next, both shorter than 24 hours, looking back into the
previous month.

The stations here are the tiny station with a street patrol holding an early shift (08:00,
8 h, ends 16:00) and a late one (14:00, 8 h, ends 22:00): a late shift followed by the next
day's early one leaves 10 hours of rest. No weekly cap, so that only this rule binds.
"""

from __future__ import annotations

import datetime as dt
import itertools

from conftest import FAST, tiny_posts, tiny_station
from rule_cases import DAYS, edited, first_day, infeasible, on_leave, solved, violations, where

from rosterkit import Roster, solve
from rosterkit.rules.rest_between_shifts import rest_hours, too_close
from rosterkit.station import DutyPost, DutyState, Eligibility, PostState, Station, TeamKind

RULE = "rest_between_shifts"
JANUARY_31 = dt.date(2026, 1, 31)


def _late(**changes: object) -> DutyPost:
    post = DutyPost(
        code="late",
        name="晚班",
        name_en="Street patrol late",
        short="晚",
        state=PostState.shift,
        min_staff=1,
        max_staff=1,
        starts=dt.time(14, 0),
        hours=8,
        eligible=Eligibility(team_kinds=[TeamKind.street_patrol]),
    )
    return post.model_copy(update=changes)


def _shift_station(patrol: int = 3, **settings: object) -> Station:
    """The tiny station with early (08:00) and late (14:00) street-patrol shifts."""
    posts = [*tiny_posts(early={"starts": dt.time(8, 0)}), _late()]
    station = tiny_station(patrol=patrol, cap=None, posts=posts)
    return station.model_copy(update=settings)


def _late_then_early(roster: Roster) -> list[tuple[str, dt.date]]:
    """(officer, day) of each early shift held the day after a late one."""
    return [
        (oid, after)
        for oid, row in roster.cells.items()
        for before, after in itertools.pairwise(DAYS)
        if row[before] == "late" and row[after] == "early"
    ]


def _january_ending_late(station: Station, *late: str) -> Roster:
    """January solved, then edited so that `late` held the late shift on its last day and the
    other patrol officers were off."""
    january = solve(station, "2026-01", [], FAST).roster
    assert january is not None
    patrol = [o.id for o in station.officers if o.team == "sp"]
    return edited(january, *((oid, JANUARY_31, "late" if oid in late else "off") for oid in patrol))


def _early_after_late(roster: Roster) -> tuple[Roster, dt.date]:
    """The roster with S1 moved onto the early shift the day after one of his late shifts
    (whoever held it is off), and that day."""
    late = next(day for day in DAYS[:-1] if roster.value("S1", day) == "late")
    after = late + dt.timedelta(days=1)
    holder = next(oid for oid in ("S2", "S3") if roster.value(oid, after) == "early")
    return edited(roster, ("S1", after, "early"), (holder, after, "off")), after


def test_model_kept_no_early_shift_the_day_after_a_late_one() -> None:
    station = _shift_station()
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    assert _late_then_early(roster) == []
    held = {value for row in roster.cells.values() for value in row.values()}
    assert {"early", "late"} <= held


def test_model_kept_looks_back_at_the_last_day_of_the_previous_month() -> None:
    """S1 and S2 held the late shift on 31 January: the early shift of 1 February goes to S3."""
    station = _shift_station()
    january = _january_ending_late(station, "S1", "S2")
    roster = solved(station, previous=january)
    assert violations(station, roster, RULE, previous=january) == []
    assert roster.value("S3", DAYS[0]) == "early"


def test_model_kept_24_hour_posts_are_left_to_rest_after_24h() -> None:
    """R1 on leave on a deputy day of group 1, whose community office (deputy, 9 h) needs two
    officers: one is called in from the resting group, which held 24 hours of main duty the day
    before (0 h of rest; rule `rest_after_24h` forbids that only where the station asks)."""
    posts = [*tiny_posts(early={"starts": dt.time(8, 0)}, doffice={"min_staff": 2}), _late()]
    station = tiny_station(patrol=3, cap=None, posts=posts)
    day = first_day(station, 1, DutyState.deputy, after=1)
    resting = station.rotation.group_in(DutyState.rest, day)
    leave = on_leave("R1", day)
    roster = solved(station, leave)
    called = [
        oid for oid in (f"DD{resting}", f"R{resting}") if roster.value(oid, day) == "doffice@one"
    ]
    assert len(called) == 1
    assert roster.value(called[0], day - dt.timedelta(days=1)) in {"commander", "moffice@one"}
    assert violations(station, roster, RULE, leave) == []


def test_model_broken_infeasible_when_everyone_held_the_late_shift_on_the_31st() -> None:
    station = _shift_station()
    january = _january_ending_late(station, "S1", "S2", "S3")
    reasons = infeasible(station, previous=january)
    assert any(
        "held 'late' on the last days of the previous month and rests at least 11 h before a "
        "post on 02-01" in r
        for r in reasons
    )
    # With a minimum of 0 the rule is off.
    off = station.model_copy(update={"min_rest_hours": 0.0})
    roster = solved(off, previous=january)
    assert violations(off, roster, RULE, previous=january) == []


def test_model_broken_infeasible_when_one_officer_must_hold_the_early_shift_two_days_running() -> (
    None
):
    """Only the early shift, S2 on leave on the 9th and 10th: S1 holds it both days, 16 h
    apart, which a station minimum of 17 h forbids (and the default of 11 h allows)."""
    posts = tiny_posts(early={"starts": dt.time(8, 0)})
    station = tiny_station(patrol=2, cap=None, posts=posts)
    leave = on_leave("S2", dt.date(2026, 2, 9), dt.date(2026, 2, 10))
    roster = solved(station, leave)
    assert [roster.value("S1", dt.date(2026, 2, d)) for d in (9, 10)] == ["early", "early"]
    strict = station.model_copy(update={"min_rest_hours": 17.0})
    reasons = infeasible(strict, leave)
    assert any("rests at least 17 h between his posts of 02-09 and 02-10" in r for r in reasons)


def test_check_kept_a_solved_roster_rests_between_shifts() -> None:
    station = _shift_station()
    assert violations(station, solved(station), RULE) == []


def test_check_kept_24_hour_posts_and_a_minimum_of_0_are_not_checked() -> None:
    station = _shift_station()
    roster = solved(station)
    broken, _ = _early_after_late(roster)
    off = station.model_copy(update={"min_rest_hours": 0.0})
    assert violations(off, broken, RULE) == []
    # a 9-hour post the day after 24 hours of main duty is rule rest_after_24h's to judge
    main_day = next(day for day in DAYS[:-1] if roster.value("R1", day) == "moffice@one")
    called_in = edited(roster, ("R1", main_day + dt.timedelta(days=1), "doffice@one"))
    assert violations(station, called_in, RULE) == []


def test_check_broken_flags_an_early_shift_the_day_after_a_late_one() -> None:
    station = _shift_station()
    roster = solved(station)
    broken, after = _early_after_late(roster)
    found = violations(station, broken, RULE)
    assert where(found) == [("S1", after)]
    assert "10 h after the end of 'late'" in found[0].message


def test_check_broken_flags_an_early_shift_on_the_1st_after_a_late_one_on_the_31st() -> None:
    station = _shift_station()
    january = _january_ending_late(station, "S1", "S2")
    roster = solved(station, previous=january)
    broken = edited(roster, ("S1", DAYS[0], "early"), ("S3", DAYS[0], "off"))
    assert violations(station, broken, RULE) == []
    assert where(violations(station, broken, RULE, previous=january)) == [("S1", DAYS[0])]


def test_check_broken_a_post_that_crosses_midnight_reaches_two_days_on() -> None:
    """A night post of 23 h from 23:00 ends at 22:00 the next day: an early shift at 08:00 the
    day after leaves 10 h. A night shift ending 07:00 is never followed by a shift at 07:00."""
    early = tiny_posts(early={"starts": dt.time(8, 0)})[-1]
    long_night = _late(code="night", starts=dt.time(23, 0), hours=23)
    assert rest_hours(long_night, early, 2) == 10
    assert too_close(long_night, early, 2, 11) and not too_close(long_night, early, 2, 10)
    night = _late(code="night", starts=dt.time(22, 0), hours=9)
    at_seven = early.model_copy(update={"starts": dt.time(7, 0)})
    assert rest_hours(night, at_seven, 1) == 0 and too_close(night, at_seven, 1, 11)
    main = tiny_posts()[1]
    assert main.hours == 24 and not too_close(main, early, 1, 11)
