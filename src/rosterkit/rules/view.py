"""The roster as the check parts of the rules read it: values, posts, duty states, leave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from rosterkit.calendar import Month
from rosterkit.continuity import carry_from, continue_station
from rosterkit.duties import LEAVE, OFF, REST, STATE_OF_POST, Slot, is_call_in, slot_map
from rosterkit.holiday_calendar import month_calendar
from rosterkit.leave import Leave, leave_days, preferred_days
from rosterkit.ledger import Ledger
from rosterkit.roster import Roster
from rosterkit.station import DutyState, Officer, Station

__all__ = ["STATE_OF_POST", "RosterView", "officer_zh", "slot_zh"]

_VALUE_ZH = {REST: "休班", LEAVE: "请假", OFF: "不排班"}


def slot_zh(station: Station, slot: Slot) -> str:
    """A post slot as a Chinese reader knows it: its community's and its post's Chinese names,
    with its number where a community staffs the post more than once ('一社区巡逻车（第2个）')."""
    name = slot.post.name
    if slot.community is not None:
        name = station.community(slot.community).name + name
    return name if slot.number == 1 else f"{name}（第{slot.number}个）"


def officer_zh(officer: Officer) -> str:
    """An officer as the Chinese words name him: '张伟（P003）'."""
    return f"{officer.name}（{officer.id}）"


class RosterView:
    """A roster with its station, month, calendar, leave and what the month before hands on.

    With `leave` None the roster's own 'leave' cells are the leave record; with `previous` the
    rotation runs on from it and rules spanning days look back; with `ledger` (of the month's
    year) fairness counts the year so far.
    """

    def __init__(
        self,
        station: Station,
        roster: Roster,
        leave: Iterable[Leave] | None,
        previous: Roster | None = None,
        ledger: Ledger | None = None,
    ) -> None:
        self.month = Month.parse(roster.month)
        self.carry = None if previous is None else carry_from(station, previous, self.month)
        if self.carry is not None:
            station = continue_station(station, self.carry)
        self.station = station
        self.roster = roster
        self.ledger = ledger if ledger is not None and ledger.year == self.month.year else None
        self.days = self.month.days
        self.slots = slot_map(station)
        self.calendar = month_calendar(station, self.month)
        self.officers = list(station.officers)
        leave = None if leave is None else list(leave)
        self.preferences = {} if leave is None else preferred_days(leave, self.month)
        if leave is None:
            self.leave = {
                oid: {day for day, value in row.items() if value == LEAVE}
                for oid, row in roster.cells.items()
            }
            self.leave_given = False
        else:
            self.leave = leave_days(station, self.month, leave)
            self.leave_given = True

    def value(self, officer: Officer, day: dt.date) -> str:
        return self.roster.cells.get(officer.id, {}).get(day, "")

    def held(self) -> Iterator[tuple[Officer, dt.date, Slot]]:
        """Every officer-day that holds a post, with the post."""
        for officer in self.officers:
            for day in self.days:
                slot = self.slot(officer, day)
                if slot is not None:
                    yield officer, day, slot

    def held_before(self, officer: Officer, days_back: int) -> Slot | None:
        """The slot held `days_back` days before the 1st, from the previous roster."""
        code = None if self.carry is None else self.carry.held(officer.id, days_back)
        return None if code is None else self.slots.get(code)

    def slot(self, officer: Officer, day: dt.date) -> Slot | None:
        return self.slots.get(self.value(officer, day))

    def staff(self, code: str, day: dt.date) -> int:
        """Officers holding the slot `code` on `day`."""
        return sum(1 for o in self.officers if self.value(o, day) == code)

    def group(self, officer: Officer) -> int | None:
        return self.roster.groups.get(officer.id)

    def state(self, officer: Officer, day: dt.date) -> DutyState | None:
        group = self.group(officer)
        if group is None or not self.station.rotates(officer):
            return None
        if not 1 <= group <= self.station.rotation.groups:
            return None
        return self.station.rotation.state(group, day)

    def on_leave(self, officer: Officer, day: dt.date) -> bool:
        return day in self.leave.get(officer.id, set())

    def works(self, officer: Officer, day: dt.date) -> bool:
        return self.slot(officer, day) is not None

    def call_in(self, officer: Officer, day: dt.date) -> bool:
        return is_call_in(self.state(officer, day), self.works(officer, day))

    def in_community(self, officer: Officer, day: dt.date) -> bool:
        """Whether the officer holds a post of his own community that day."""
        slot = self.slot(officer, day)
        return slot is not None and slot.community == self.station.officer_community(officer)

    def slot_zh(self, slot: Slot) -> str:
        """The slot's Chinese name in this station (`slot_zh`)."""
        return slot_zh(self.station, slot)

    def value_zh(self, value: str) -> str:
        """A roster value in Chinese: a post by its Chinese name, 'rest', 'leave' and 'off' as
        the workbook says them (休班, 请假, 不排班), anything else as it is."""
        slot = self.slots.get(value)
        if slot is not None:
            return self.slot_zh(slot)
        return _VALUE_ZH.get(value, value)

    def team_members(self, team_id: str) -> list[Officer]:
        return [o for o in self.officers if o.team == team_id]
