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
        station = self.station
        self.days = self.month.days
        self.calendar: MonthCalendar = month_calendar(station, self.month)
        self.officers: list[Officer] = list(station.officers)
        self.slots: list[Slot] = slots(station)
        self.groups = station.rotation.groups
        self.officer_index = {o.id: i for i, o in enumerate(self.officers)}
        self.slot_index = {s.code: i for i, s in enumerate(self.slots)}
        # Every question below is asked for each officer, day and slot while the model is
        # built, so the answers are looked up once here.
        teams = [station.team(officer.team) for officer in self.officers]
        self._team_kind = [team.kind for team in teams]
        self._rotates = [team.rotates for team in teams]
        self._community = [team.community for team in teams]
        self._fixed_group = [
            None if officer.squad is None else officer.squad - 1 for officer in self.officers
        ]
        self._leave_days: list[frozenset[int]] = [
            frozenset(d for d, day in enumerate(self.days) if day in away)
            if (away := self.leave.get(officer.id))
            else frozenset()
            for officer in self.officers
        ]
        self._preferred: list[frozenset[int]] = [
            frozenset(d for d, day in enumerate(self.days) if day in wanted)
            if (wanted := self.preferences.get(officer.id))
            else frozenset()
            for officer in self.officers
        ]
        self._state = [
            [station.rotation.state(k + 1, day) for day in self.days] for k in range(self.groups)
        ]
        self._weekend = [self.calendar.is_weekend(day) for day in self.days]
        self._holiday = [self.calendar.is_holiday(day) for day in self.days]
        self._rest_day = [self.calendar.is_rest_day(day) for day in self.days]
        self._slots_in = {
            state: [s for s, slot in enumerate(self.slots) if slot.state is state]
            for state in PostState
        }
        self.eligible: list[list[int]] = self._eligibility()
        self._check_every_rotating_officer_has_posts()

    def _eligibility(self) -> list[list[int]]:
        """The slots each officer may hold (`rosterkit.duties.can_hold`), in slot order.

        `can_hold` looks only at the officer's team and roles, so officers who share both share
        the answer; a per-community slot admits only officers of its community's team and of
        the communities it may borrow from (`rosterkit.duties.matches_eligibility`), so only
        those are asked. Compiling thus grows with officers x the slots each may hold, not
        officers x all slots.
        """
        shared = [s for s, slot in enumerate(self.slots) if slot.community is None]
        of_community: dict[str, list[int]] = {}
        for s, slot in enumerate(self.slots):
            if slot.community is not None:
                of_community.setdefault(slot.community, []).append(s)
                for home in self.station.community(slot.community).neighbours:
                    of_community.setdefault(home, []).append(s)
        known: dict[tuple[str, frozenset[Role]], list[int]] = {}
        result: list[list[int]] = []
        for o, officer in enumerate(self.officers):
            key = (officer.team, officer.roles)
            if key not in known:
                community = self._community[o]
                asked = shared + (of_community.get(community, []) if community else [])
                known[key] = sorted(
                    s for s in asked if can_hold(self.station, officer, self.slots[s])
                )
            result.append(known[key])
        return result

    # --- officers ------------------------------------------------------------------------------
    def team_kind(self, o: int) -> TeamKind:
        return self._team_kind[o]

    def rotates(self, o: int) -> bool:
        return self._rotates[o]

    def grouped(self, o: int) -> bool:
        """Whether the officer belongs to a duty group (for rotation or for appraisal)."""
        return self._team_kind[o] is not TeamKind.leadership

    def fixed_group(self, o: int) -> int | None:
        return self._fixed_group[o]

    def community(self, o: int) -> str | None:
        return self._community[o]

    def has_role(self, o: int, role: Role) -> bool:
        return role in self.officers[o].roles

    def prefers_off(self, o: int, d: int) -> bool:
        return d in self._preferred[o]

    def before(self, o: int, days_back: int) -> str | None:
        """The slot code the officer held `days_back` days before the 1st (None if unknown)."""
        return None if self.carry is None else self.carry.held(self.officers[o].id, days_back)

    def on_leave(self, o: int, d: int) -> bool:
        return d in self._leave_days[o]

    def has_leave(self, o: int) -> bool:
        return bool(self._leave_days[o])

    @cached_property
    def teams(self) -> dict[str, list[int]]:
        """Officer indices of each team, in station order."""
        result: dict[str, list[int]] = {team.id: [] for team in self.station.teams}
        for o, officer in enumerate(self.officers):
            result[officer.team].append(o)
        return result

    # --- days and groups -----------------------------------------------------------------------
    def group_state(self, k: int, d: int) -> DutyState:
        return self._state[k][d]

    def weekend(self, d: int) -> bool:
        return self._weekend[d]

    def holiday(self, d: int) -> bool:
        return self._holiday[d]

    def rest_day(self, d: int) -> bool:
        return self._rest_day[d]

    # --- slots ---------------------------------------------------------------------------------
    @cached_property
    def commander_slot(self) -> int | None:
        return self.slot_index.get(COMMANDER_POST)

    def slots_in(self, state: PostState) -> list[int]:
        return self._slots_in[state]

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
