"""A month's roster: who holds what on each day, and the facts derived from it.

The roster stores only what a person would write down: each officer's duty group and each
officer-day's value. Everything else (the group's state, call-ins, the duty commander) is derived,
so that a roster edited by hand can be read back and judged.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from rosterkit.calendar import Month
from rosterkit.duties import is_call_in, slot_map
from rosterkit.station import DutyState, Station

if TYPE_CHECKING:
    import pandas as pd


class Roster(BaseModel):
    """Officer x day -> value, with each officer's duty group.

    `groups` holds the squad (= duty group) of each rotating officer and the appraisal duty group
    of each street-patrol officer. `cells[officer_id][day]` is a slot code, ``rest``, ``leave``
    or ``off``.
    """

    model_config = ConfigDict(extra="forbid")

    station_id: str
    month: str
    groups: dict[str, int]
    cells: dict[str, dict[dt.date, str]]

    @property
    def period(self) -> Month:
        return Month.parse(self.month)

    def value(self, officer_id: str, day: dt.date) -> str:
        return self.cells[officer_id][day]

    def state(self, station: Station, officer_id: str, day: dt.date) -> DutyState | None:
        """The state of the officer's duty group, or None for officers outside the rotation."""
        officer = station.officer(officer_id)
        group = self.groups.get(officer_id)
        if not station.rotates(officer) or group is None:
            return None
        return station.rotation.state(group, day)

    def is_call_in(self, station: Station, officer_id: str, day: dt.date) -> bool:
        """A call-in: an officer of the resting group holding a post."""
        holds_post = self.value(officer_id, day) in slot_map(station)
        return is_call_in(self.state(station, officer_id, day), holds_post)

    def holders(self, day: dt.date, code: str) -> list[str]:
        return [oid for oid, days in self.cells.items() if days.get(day) == code]

    def long(self, station: Station) -> pd.DataFrame:
        """One row per officer-day: officer_id, name, team, date, duty_group, state, value,
        post (slot code or empty), community, call_in."""
        import pandas as pd  # only here: a roster needs no pandas until it becomes a table

        slots = slot_map(station)
        rows = []
        for officer in station.officers:
            for day, value in sorted(self.cells.get(officer.id, {}).items()):
                state = self.state(station, officer.id, day)
                slot = slots.get(value)
                rows.append(
                    {
                        "officer_id": officer.id,
                        "name": officer.name,
                        "team": officer.team,
                        "date": day,
                        "duty_group": self.groups.get(officer.id),
                        "state": state.value if state else None,
                        "value": value,
                        "post": slot.post.code if slot else None,
                        "community": slot.community if slot else None,
                        "call_in": is_call_in(state, slot is not None),
                    }
                )
        return pd.DataFrame(rows)

    def wide(self, station: Station) -> pd.DataFrame:
        """Officers as rows (index officer_id), days as columns, values as cells."""
        import pandas as pd

        order = [o.id for o in station.officers if o.id in self.cells]
        frame = pd.DataFrame(
            {day: [self.cells[oid][day] for oid in order] for day in self.period.days},
            index=pd.Index(order, name="officer_id"),
        )
        return frame
