"""The index step: a station, a month and leave compiled into integer lookups for the model.

Users speak in officer ids and post codes; the model speaks in indices. This module builds the
lookups once and rejects inputs that no roster could ever use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rosterkit.calendar import Month
from rosterkit.continuity import Carry, carry_from, continue_station
from rosterkit.duties import COMMANDER_POST, Slot, can_hold, slots
from rosterkit.errors import RosterInputError
from rosterkit.holiday_calendar import MonthCalendar, month_calendar
from rosterkit.leave import Leave, LeaveError, leave_days, preferred_days
from rosterkit.ledger import Ledger
from rosterkit.roster import Roster
from rosterkit.station import DutyState, Officer, PostState, Role, Station, TeamKind


@dataclass
class Problem:
    """Everything the model needs, indexed: officers o, days d, slots s, duty groups k (0-based)."""

    station: Station
    month: Month
    leave: dict[str, set[dt.date]] = field(default_factory=dict)
    preferences: dict[str, set[dt.date]] = field(default_factory=dict)
    """Days each officer asked to have off (soft requests)."""
    carry: Carry | None = None
    """What the previous month's roster hands on, if it was given."""
    ledger: Ledger | None = None
    """The year's figures so far, if the station keeps a ledger."""

    def __post_init__(self) -> None:
        self.days = self.month.days
        self.calendar: MonthCalendar = month_calendar(self.station, self.month)
        self.officers: list[Officer] = list(self.station.officers)
        self.slots: list[Slot] = slots(self.station)
        self.groups = self.station.rotation.groups
        self.officer_index = {o.id: i for i, o in enumerate(self.officers)}
        self.slot_index = {s.code: i for i, s in enumerate(self.slots)}
        self.eligible: list[list[int]] = [
            [s for s, slot in enumerate(self.slots) if can_hold(self.station, officer, slot)]
            for officer in self.officers
        ]
        self._check_every_rotating_officer_has_posts()

    # --- officers ------------------------------------------------------------------------------
    def team_kind(self, o: int) -> TeamKind:
        return self.station.team(self.officers[o].team).kind

    def rotates(self, o: int) -> bool:
        return self.station.rotates(self.officers[o])

    def grouped(self, o: int) -> bool:
        """Whether the officer belongs to a duty group (for rotation or for appraisal)."""
        return self.team_kind(o) is not TeamKind.leadership

    def fixed_group(self, o: int) -> int | None:
        squad = self.officers[o].squad
        return None if squad is None else squad - 1

    def community(self, o: int) -> str | None:
        return self.station.officer_community(self.officers[o])

    def has_role(self, o: int, role: Role) -> bool:
        return role in self.officers[o].roles

    def prefers_off(self, o: int, d: int) -> bool:
        return self.days[d] in self.preferences.get(self.officers[o].id, set())

    def before(self, o: int, days_back: int) -> str | None:
        """The slot code the officer held `days_back` days before the 1st (None if unknown)."""
        return None if self.carry is None else self.carry.held(self.officers[o].id, days_back)

    def on_leave(self, o: int, d: int) -> bool:
        return self.days[d] in self.leave.get(self.officers[o].id, set())

    def has_leave(self, o: int) -> bool:
        return bool(self.leave.get(self.officers[o].id))

    @cached_property
    def teams(self) -> dict[str, list[int]]:
        """Officer indices of each team, in station order."""
        result: dict[str, list[int]] = {team.id: [] for team in self.station.teams}
        for o, officer in enumerate(self.officers):
            result[officer.team].append(o)
        return result

    # --- days and groups -----------------------------------------------------------------------
    def group_state(self, k: int, d: int) -> DutyState:
        return self.station.rotation.state(k + 1, self.days[d])

    def weekend(self, d: int) -> bool:
        return self.calendar.is_weekend(self.days[d])

    def holiday(self, d: int) -> bool:
        return self.calendar.is_holiday(self.days[d])

    def rest_day(self, d: int) -> bool:
        return self.calendar.is_rest_day(self.days[d])

    # --- slots ---------------------------------------------------------------------------------
    @cached_property
    def commander_slot(self) -> int | None:
        return self.slot_index.get(COMMANDER_POST)

    def slots_in(self, state: PostState) -> list[int]:
        return [s for s, slot in enumerate(self.slots) if slot.state is state]

    def _check_every_rotating_officer_has_posts(self) -> None:
        for o, officer in enumerate(self.officers):
            if not self.rotates(o):
                continue
            states = {self.slots[s].state for s in self.eligible[o]}
            for needed in (PostState.main, PostState.deputy):
                if needed not in states:
                    raise RosterInputError(
                        f"officer '{officer.id}' ({officer.team}) may hold no {needed.value}-duty "
                        "post; widen a post's eligibility or move him to another team"
                    )


def compile_problem(
    station: Station,
    month: Month | str,
    leave: Iterable[Leave] = (),
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
) -> Problem:
    """Index a station, month and leave list; bad references raise `RosterInputError`.

    With the previous month's roster, the rotation phase and open squads run on from it
    (`rosterkit.continuity`)."""
    period = Month.parse(month)
    leave = list(leave)
    try:
        days = leave_days(station, period, leave)
    except LeaveError as error:
        raise RosterInputError(f"{error}; check the officer id against the station") from None
    carry = None
    if previous is not None:
        carry = carry_from(station, previous, period)
        station = continue_station(station, carry)
    if ledger is not None and ledger.station_id != station.id:
        raise RosterInputError(
            f"the ledger is for station '{ledger.station_id}', not '{station.id}'", source="ledger"
        )
    return Problem(
        station=station,
        month=period,
        leave=days,
        preferences=preferred_days(leave, period),
        carry=carry,
        ledger=ledger if ledger is not None and ledger.year == period.year else None,
    )
