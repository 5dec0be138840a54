"""Who is on duty when, read from a roster: the cars with their crews, and each team's officers.

A *car shift* is a car post as one day's roster staffs it: its slot, its hours (from the post's
start and length, so a 24-hour community car runs to 08:30 the next morning) and its crew. The
dispatcher and the dispatch checker read the roster only through this module, so they agree on
what "on duty at 03:00" means.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from rosterkit.duties import Slot, slots
from rosterkit.errors import RosterInputError
from rosterkit.roster import Roster
from rosterkit.station import Station, TeamKind


@dataclass(frozen=True)
class CarShift:
    """One car on one day: `code` is its slot code; `community` is None for a station car."""

    code: str
    community: str | None
    start: dt.datetime
    end: dt.datetime
    crew: tuple[str, ...]

    @property
    def key(self) -> tuple[str, dt.datetime]:
        return (self.code, self.start)

    def covers(self, moment: dt.datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True)
class Watch:
    """An officer holding a post from `start` to `end`."""

    officer_id: str
    start: dt.datetime
    end: dt.datetime


def _window(slot: Slot, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, slot.post.starts)
    return start, start + dt.timedelta(hours=slot.post.hours)


class DutyIndex:
    """The month's cars and watches, looked up by community, team and moment."""

    def __init__(self, station: Station, roster: Roster) -> None:
        self.station = station
        self.roster = roster
        all_slots = slots(station)
        car_slots = [s for s in all_slots if s.post.car]
        if not any(s.community is not None for s in car_slots):
            raise RosterInputError(
                "the station has no community car: dispatch needs a per-community post with "
                "'car: true' (the main group's second-level car)",
                source="station",
            )
        by_code = {s.code: s for s in all_slots}
        holders: dict[tuple[dt.date, str], list[str]] = defaultdict(list)
        team_of = {o.id: o.team for o in station.officers}
        self._watches: dict[tuple[str, dt.date], list[Watch]] = defaultdict(list)
        for officer in station.officers:
            for day, value in roster.cells.get(officer.id, {}).items():
                slot = by_code.get(value)
                if slot is None:
                    continue
                holders[(day, value)].append(officer.id)
                start, end = _window(slot, day)
                self._watches[(team_of[officer.id], day)].append(Watch(officer.id, start, end))
        self._community_cars: dict[tuple[str, dt.date], list[CarShift]] = defaultdict(list)
        self._station_cars: dict[dt.date, list[CarShift]] = defaultdict(list)
        for day in roster.period.days:
            for slot in car_slots:
                crew = tuple(holders.get((day, slot.code), ()))
                if not crew:
                    continue
                start, end = _window(slot, day)
                car = CarShift(slot.code, slot.community, start, end, crew)
                if slot.community is None:
                    self._station_cars[day].append(car)
                else:
                    self._community_cars[(slot.community, day)].append(car)
        self.case_team = next((t.id for t in station.teams if t.kind is TeamKind.case), None)
        self.community_team = {
            t.community: t.id for t in station.teams if t.kind is TeamKind.community and t.community
        }

    @staticmethod
    def _days(moment: dt.datetime) -> tuple[dt.date, dt.date]:
        # A shift starting the day before may still run (24-hour posts end at 08:30).
        day = moment.date()
        return day - dt.timedelta(days=1), day

    def community_cars(self, community: str, moment: dt.datetime) -> list[CarShift]:
        """The community's car shifts running at `moment` (one in a valid roster)."""
        return [
            car
            for day in self._days(moment)
            for car in self._community_cars.get((community, day), ())
            if car.covers(moment)
        ]

    def station_cars(self, moment: dt.datetime) -> list[CarShift]:
        """The station car shifts running at `moment`, in the order of the station's posts."""
        return [
            car
            for day in self._days(moment)
            for car in self._station_cars.get(day, ())
            if car.covers(moment)
        ]

    def on_duty(self, team: str, moment: dt.datetime) -> list[str]:
        """Officers of `team` holding a post at `moment`, by id."""
        found = {
            watch.officer_id
            for day in self._days(moment)
            for watch in self._watches.get((team, day), ())
            if watch.start <= moment < watch.end
        }
        return sorted(found)

    def handler_team(self, handler: str, community: str) -> str | None:
        """The team id a case handler stands for, at a community."""
        if handler == "case_team":
            return self.case_team
        return self.community_team.get(community)
