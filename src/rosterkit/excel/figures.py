"""What the workbook shows of a roster's cells: the kind of each cell, stand-ins, commanders.

The officers' figures are `rosterkit.figures`.
"""

from __future__ import annotations

import datetime as dt

from rosterkit.duties import COMMANDER_POST, LEAVE, OFF, REST, slot_map
from rosterkit.excel.styles import CellKind
from rosterkit.roster import Roster
from rosterkit.station import DutyState, PostState, Station


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
    """The duty commander's post held by a stand-in (the director or political commissar by
    default): someone who commands no duty group of his own (`Station.command`)."""
    if value != COMMANDER_POST:
        return False
    officer = station.officer(officer_id)
    named = officer_id in station.command.commanders.values()
    return not named and not station.may_command(officer)


def commanders_by_day(roster: Roster) -> dict[dt.date, list[str]]:
    """Officers holding the duty commander's post on each day of the roster's month."""
    result: dict[dt.date, list[str]] = {day: [] for day in roster.period.days}
    for officer_id, row in roster.cells.items():
        for day, value in row.items():
            if value == COMMANDER_POST and day in result:
                result[day].append(officer_id)
    return result
