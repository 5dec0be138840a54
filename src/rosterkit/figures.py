"""A roster's figures per officer: duty days by state, hours, community days, car duties,
call-ins, weekend and holiday duties; and the leave a month charges to the year.

Read from the roster alone (and the station), so a hand-edited roster gets the same figures as
one the solver returned. The workbook, the ledger and the fairness rule's check part count
with these; the model counts the same things as expressions of its variables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from rosterkit.duties import LEAVE, OFF, REST, is_borrowed, is_call_in, slot_map
from rosterkit.holiday_calendar import month_calendar
from rosterkit.leave import Leave
from rosterkit.leave_policy import is_working_day
from rosterkit.roster import Roster
from rosterkit.station import LeaveKind, Station


@dataclass(frozen=True)
class Figures:
    """One officer's month in numbers.

    main / deputy / shift days count days holding a post of that state (a call-in counts under
    the post's state); rest days count 'rest' and 'off' days; hours add up the posts' hours;
    community days count posts in the officer's own community; car duties count posts on a
    patrol car; borrowed days count posts of another community (rule `borrowing`); weekend and
    holiday duties count days holding any post on those days.
    """

    main_days: int = 0
    deputy_days: int = 0
    shift_days: int = 0
    rest_days: int = 0
    leave_days: int = 0
    hours: float = 0.0
    community_days: int = 0
    car_duties: int = 0
    call_ins: int = 0
    borrowed: int = 0
    weekend_duties: int = 0
    holiday_duties: int = 0


FIGURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Figures))
LONG_LINE_FIGURES = ("community_days", "leave_days")
"""Figures of the long-line (team) side: community work and presence."""
SHORT_LINE_FIGURES = (
    "main_days",
    "deputy_days",
    "shift_days",
    "rest_days",
    "hours",
    "car_duties",
    "call_ins",
    "borrowed",
    "weekend_duties",
    "holiday_duties",
)
"""Figures of the short-line (duty) side: the duty the group commander sees."""
FAIRNESS_FIGURES = (
    "hours",
    "car_duties",
    "call_ins",
    "shift_days",
    "weekend_duties",
    "holiday_duties",
)
"""Figures that the rule `fairness` wants even inside each team."""


def officer_figures(station: Station, roster: Roster) -> dict[str, Figures]:
    """The figures of every officer of the station that the roster holds."""
    slots = slot_map(station)
    calendar = month_calendar(station, roster.month)
    result: dict[str, Figures] = {}
    for officer in station.officers:
        row = roster.cells.get(officer.id)
        if row is None:
            continue
        community = station.officer_community(officer)
        counts = dict.fromkeys(FIGURE_NAMES, 0)
        hours = 0.0
        for day, value in row.items():
            if value in (REST, OFF):
                counts["rest_days"] += 1
                continue
            if value == LEAVE:
                counts["leave_days"] += 1
                continue
            slot = slots.get(value)
            if slot is None:
                continue
            counts[f"{slot.state.value}_days"] += 1
            hours += slot.post.hours
            counts["community_days"] += community is not None and slot.community == community
            counts["car_duties"] += slot.post.car
            counts["call_ins"] += is_call_in(roster.state(station, officer.id, day), True)
            counts["borrowed"] += is_borrowed(station, officer, slot)
            counts["weekend_duties"] += calendar.is_weekend(day)
            counts["holiday_duties"] += calendar.is_holiday(day)
        del counts["hours"]
        result[officer.id] = Figures(hours=hours, **counts)
    return result


def borrowed_days(station: Station, roster: Roster) -> dict[str, dict[dt.date, str]]:
    """Each borrowed officer's days on another community's posts, with the slot held (the
    officer-days the `borrowed` figure counts)."""
    slots = slot_map(station)
    result: dict[str, dict[dt.date, str]] = {}
    for officer in station.officers:
        for day, value in sorted(roster.cells.get(officer.id, {}).items()):
            slot = slots.get(value)
            if slot is not None and is_borrowed(station, officer, slot):
                result.setdefault(officer.id, {})[day] = value
    return result


@dataclass(frozen=True)
class LeaveCharged:
    """Working days of one officer's leave the month charges to his year."""

    annual_leave: int = 0
    compensatory_rest: int = 0


def leave_charged(
    station: Station, roster: Roster, leave: Iterable[Leave]
) -> dict[str, LeaveCharged]:
    """Annual leave and compensatory rest taken, per officer, on working days only (rest days
    and holidays are not charged) and only where the roster honours the leave (a refused
    request never reaches it)."""
    period = roster.period
    calendar = month_calendar(station, period)
    days: dict[str, dict[LeaveKind, int]] = {}
    for item in leave:
        if item.kind not in (LeaveKind.annual, LeaveKind.compensatory_rest):
            continue
        row = roster.cells.get(item.officer_id, {})
        working = sum(
            1
            for day in item.days_in(period)
            if is_working_day(day, calendar) and row.get(day) == LEAVE
        )
        kinds = days.setdefault(item.officer_id, {})
        kinds[item.kind] = kinds.get(item.kind, 0) + working
    return {
        officer_id: LeaveCharged(
            annual_leave=kinds.get(LeaveKind.annual, 0),
            compensatory_rest=kinds.get(LeaveKind.compensatory_rest, 0),
        )
        for officer_id, kinds in days.items()
    }
