"""Figures of a roster the workbook reports: per officer, per day, per cell.

These are read from the roster alone (and the station), so a hand-edited roster gets the same
figures as one the solver returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from rosterkit.duties import COMMANDER_POST, LEAVE, OFF, REST, slot_map
from rosterkit.excel.styles import CellKind
from rosterkit.holiday_calendar import month_calendar
from rosterkit.roster import Roster
from rosterkit.station import STAND_IN_ROLES, DutyState, PostState, Station


@dataclass(frozen=True)
class Figures:
    """One officer's month in numbers.

    main / deputy / shift days count days holding a post of that state (a call-in counts under
    the post's state); rest days count 'rest' and 'off' days; hours add up the posts' hours;
    community days count posts in the officer's own community; car duties count posts on a
    patrol car; weekend and holiday duties count days holding any post on those days.
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
    "weekend_duties",
    "holiday_duties",
)
"""Figures of the short-line (duty) side: the duty the group commander sees."""
FAIRNESS_FIGURES = ("hours", "car_duties", "call_ins", "weekend_duties", "holiday_duties")
"""Figures that rule 11 wants even inside each team."""


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
            counts["call_ins"] += roster.state(station, officer.id, day) is DutyState.rest
            counts["weekend_duties"] += calendar.is_weekend(day)
            counts["holiday_duties"] += calendar.is_holiday(day)
        del counts["hours"]
        result[officer.id] = Figures(hours=hours, **counts)
    return result


def cell_kind(station: Station, roster: Roster, officer_id: str, day: dt.date) -> CellKind:
    """What a roster cell shows: leave, off, rest, a call-in, a stand-in commander, or the
    state of the officer's duty group (or of the post, for officers outside the rotation)."""
    value = roster.cells.get(officer_id, {}).get(day, OFF)
    if value == LEAVE:
        return CellKind.leave
    if value == OFF:
        return CellKind.off
    if value == REST:
        return CellKind.rest
    if is_substitution(station, officer_id, value):
        return CellKind.substitution
    slot = slot_map(station).get(value)
    officer = station.officer(officer_id)
    group = roster.groups.get(officer_id)
    if station.rotates(officer) and group is not None and 1 <= group <= station.rotation.groups:
        state = station.rotation.state(group, day)
        if state is DutyState.rest:
            return CellKind.call_in if slot is not None else CellKind.rest
        return CellKind(state.value)
    if slot is None:
        return CellKind.off
    if slot.state is PostState.shift:
        return CellKind.shift
    return CellKind(slot.state.value)


def is_substitution(station: Station, officer_id: str, value: str) -> bool:
    """The duty commander's post held by the director or political commissar (a stand-in)."""
    return value == COMMANDER_POST and bool(station.officer(officer_id).roles & STAND_IN_ROLES)


def commanders_by_day(roster: Roster) -> dict[dt.date, list[str]]:
    """Officers holding the duty commander's post on each day of the roster's month."""
    result: dict[dt.date, list[str]] = {day: [] for day in roster.period.days}
    for officer_id, row in roster.cells.items():
        for day, value in row.items():
            if value == COMMANDER_POST and day in result:
                result[day].append(officer_id)
    return result
