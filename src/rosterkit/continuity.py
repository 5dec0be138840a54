"""Month after month: what a roster carries into the next one.

- The rotation runs on with no break: the group on main duty on the last day of the previous
  month takes the cycle's next state on the 1st (rest in the default cycle), whatever the
  station's anchor says; any number of groups and any cycle (the cycle holds main once, so the
  main group fixes the phase).
- Squads run on: an officer whose squad the station leaves open keeps the previous month's.
- Rules that span days look back across the boundary: the 7-day shift cap of the street patrol
  and, where the station asks for it, rest after a 24-hour duty.
- The ledger (`rosterkit.ledger`) carries the year's duty figures, so fairness holds over the
  year; `update_ledger` adds a rostered month to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rosterkit.calendar import Month
from rosterkit.duties import slot_map
from rosterkit.errors import RosterInputError
from rosterkit.figures import Figures, LeaveCharged, leave_charged, officer_figures
from rosterkit.leave import Leave
from rosterkit.ledger import Ledger, OfficerLedger
from rosterkit.roster import Roster
from rosterkit.station import DutyState, PostState, Station

LOOK_BACK_DAYS = 6
"""Days of the previous month that rules spanning days may need (a 7-day window less one)."""


@dataclass(frozen=True)
class Carry:
    """What the previous month's roster hands to this one."""

    last_day: dt.date
    main_group: int | None
    groups: dict[str, int]
    recent_posts: dict[str, list[str | None]]
    """Each officer's posts (slot codes, None when none) on the last days, oldest first."""

    def held(self, officer_id: str, days_back: int) -> str | None:
        """The slot the officer held `days_back` days before the 1st (1 = the last day)."""
        row = self.recent_posts.get(officer_id, [])
        return row[-days_back] if days_back <= len(row) else None


def carry_from(station: Station, previous: Roster, month: Month | str) -> Carry:
    """Read what `previous` (the month before `month`) hands on; a wrong month is bad input."""
    period = Month.parse(month)
    before = Month.parse(previous.month)
    expected = period.first - dt.timedelta(days=1)
    if before.last != expected:
        raise RosterInputError(
            f"the previous roster is for {before}, but {period} follows "
            f"{expected:%Y-%m}; pass the roster of {expected:%Y-%m}",
            source="previous roster",
        )
    if previous.station_id != station.id:
        raise RosterInputError(
            f"the previous roster is for station '{previous.station_id}', not '{station.id}'",
            source="previous roster",
        )
    slots = slot_map(station)
    # The main group is the one most of whose officers hold main posts on the last day (a
    # called-in officer of the resting group may hold one too).
    holding_main: dict[int, int] = {}
    for officer in station.officers:
        group = previous.groups.get(officer.id)
        held = slots.get(previous.cells.get(officer.id, {}).get(before.last, ""))
        rotating = station.rotates(officer) and group is not None
        if rotating and group is not None and held is not None and held.state is PostState.main:
            holding_main[group] = holding_main.get(group, 0) + 1
    main_group = max(sorted(holding_main), key=holding_main.__getitem__) if holding_main else None
    days = [before.last - dt.timedelta(days=i) for i in range(LOOK_BACK_DAYS - 1, -1, -1)]
    recent = {
        oid: [value if value in slots else None for value in (row.get(day) for day in days)]
        for oid, row in previous.cells.items()
    }
    return Carry(before.last, main_group, dict(previous.groups), recent)


def continue_station(station: Station, carry: Carry) -> Station:
    """The station with its rotation phase and open squads carried on from the previous month."""
    rotation = station.rotation
    if carry.main_group is not None and rotation.state(carry.main_group, carry.last_day) is not (
        DutyState.main
    ):
        main_index = rotation.cycle.index(DutyState.main)
        # state(g, day) = cycle[(day - anchor - (g - 1)) % n]; solve for an anchor that puts
        # the previous main group in the main state on the previous last day.
        anchor = carry.last_day - dt.timedelta(days=carry.main_group - 1 + main_index)
        rotation = rotation.model_copy(update={"anchor": anchor})
    squads: dict[str, int | None] = {
        officer.id: carry.groups[officer.id]
        for officer in station.officers
        if officer.squad is None and officer.id in carry.groups and station.squads_run_on
    }
    return station.with_squads(squads).model_copy(update={"rotation": rotation})


def ledger_for(ledger: Ledger, month: Month | str) -> Ledger:
    """The ledger to roster `month` with: `ledger` itself if it is of the month's year; the
    new year's ledger (`Ledger.new_year`: the compensatory rest balance carried, every other
    figure at 0) if it is of the year before and kept through its December.

    Any other year raises `RosterInputError`: figures of a year with months missing, or of
    another year, would make the new year's balance wrong.
    """
    period = Month.parse(month)
    if ledger.year == period.year:
        return ledger
    december = f"{ledger.year}-12"
    if ledger.year == period.year - 1 and ledger.through == december:
        return ledger.new_year(period.year)
    if ledger.year == period.year - 1:
        held = f"through {ledger.through}" if ledger.through else "no month yet"
        raise RosterInputError(
            f"the ledger of {ledger.year} holds {held}, and a new year starts from the ledger "
            f"kept through {december}; roster the rest of {ledger.year} with it first, or "
            f"start a ledger for {period.year}",
            source="ledger",
        )
    raise RosterInputError(
        f"ledger of {ledger.year} given for {period}; start a ledger for {period.year}, or "
        f"carry one on from the ledger kept through {period.year - 1}-12 "
        "(annual leave and its balance run by calendar year)",
        source="ledger",
    )


def update_ledger(
    ledger: Ledger | None,
    station: Station,
    roster: Roster,
    leave: list[Leave] | None = None,
) -> Ledger:
    """The ledger with `roster`'s month added; a new ledger when `ledger` is None.

    Adds each officer's car duties, call-ins, own shifts, weekend and holiday duties; every
    holiday duty earns a day of compensatory rest (公务员法 §82); granted compensatory-rest
    leave is taken from the balance and annual leave counts as used, on working days only. A
    ledger of the year before, kept through its December, opens the new year (`ledger_for`); a
    ledger of another year, or one that already holds the month, raises `RosterInputError`.
    """
    period = Month.parse(roster.month)
    if ledger is None:
        ledger = Ledger(station_id=station.id, year=period.year)
    else:
        ledger = ledger_for(ledger, period)
    if ledger.through and Month.parse(ledger.through) >= period:
        raise RosterInputError(
            f"the ledger already holds {ledger.through}; it cannot take {period} again",
            source="ledger",
        )
    figures = officer_figures(station, roster)
    charged = leave_charged(station, roster, leave or [])
    officers = dict(ledger.officers)
    for officer in station.officers:
        entry = officers.get(officer.id, OfficerLedger()).model_copy()
        counts = figures.get(officer.id, Figures())
        entry.car_duties += counts.car_duties
        entry.call_ins += counts.call_ins
        entry.shift_days += counts.shift_days
        entry.weekend_duties += counts.weekend_duties
        entry.holiday_duties += counts.holiday_duties
        entry.compensatory_rest_earned += counts.holiday_duties
        taken = charged.get(officer.id, LeaveCharged())
        entry.annual_leave_used += taken.annual_leave
        entry.compensatory_rest_taken += taken.compensatory_rest
        officers[officer.id] = entry
    return Ledger(station_id=station.id, year=period.year, through=str(period), officers=officers)
