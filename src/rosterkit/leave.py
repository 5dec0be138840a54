"""Leave requests (请假): an officer on leave takes no post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Self

from pydantic import Field, model_validator

from rosterkit.calendar import Month
from rosterkit.errors import RosterInputError
from rosterkit.station import ID_RULE, LeaveKind, OfficerReference, Station, Strict

__all__ = ["MAX_LEAVE_REQUESTS", "Leave", "LeaveError", "LeaveKind", "leave_days", "preferred_days"]

MAX_LEAVE_REQUESTS = 50_000
"""Most requests in one leave list: five for each of the station's largest number of officers."""


class Leave(Strict):
    """Leave of one officer from `start` to `end`, both included."""

    officer_id: OfficerReference = Field(description="The officer's id: " + ID_RULE + ".")
    start: dt.date
    end: dt.date
    kind: LeaveKind = LeaveKind.annual
    note: str = Field(default="", max_length=500)
    priority: int = Field(
        default=0,
        ge=-1000,
        le=1000,
        description="Higher is decided first among the same kind (-1,000 to 1,000).",
    )

    @model_validator(mode="after")
    def _start_before_end(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"leave of '{self.officer_id}' ends {self.end} before it starts")
        return self

    def days_in(self, month: Month) -> list[dt.date]:
        return [day for day in month.days if self.start <= day <= self.end]


class LeaveError(RosterInputError):
    """A leave request that names no officer of the station (a `RosterInputError`)."""


def leave_days(station: Station, month: Month, leave: Iterable[Leave]) -> dict[str, set[dt.date]]:
    """Days of `month` on which each officer is on leave; unknown officers raise `LeaveError`.

    Soft requests (`preferred_day_off`) are not leave: see `preferred_days`."""
    known = {officer.id for officer in station.officers}
    days: dict[str, set[dt.date]] = {}
    for item in leave:
        if item.officer_id not in known:
            raise LeaveError(f"leave request for unknown officer '{item.officer_id}'")
        if item.kind is not LeaveKind.preferred_day_off:
            days.setdefault(item.officer_id, set()).update(item.days_in(month))
    return {officer: ds for officer, ds in days.items() if ds}


def preferred_days(leave: Iterable[Leave], month: Month) -> dict[str, set[dt.date]]:
    """Days of `month` each officer asked to have off (soft requests)."""
    days: dict[str, set[dt.date]] = {}
    for item in leave:
        if item.kind is LeaveKind.preferred_day_off:
            days.setdefault(item.officer_id, set()).update(item.days_in(month))
    return {officer: ds for officer, ds in days.items() if ds}
