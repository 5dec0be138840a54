"""The month's sessions from the fixed part of a plan, with random-patrol times drawn.

Timed routes repeat their slots every day. Random-patrol times are drawn per route from a
seeded generator: each route takes its start hours from a shuffled bag of the 24 hours, refilled
when empty, so over the month its sessions spread over every hour its squad has free, in an
order nobody can learn; the minute within the hour is drawn too. A drawn time that would overlap
another session of the same squad is passed over for the next hour in the bag.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import random
from collections.abc import Sequence

from rosterkit.brigade.data import MINUTES_PER_DAY, Brigade, ModeKind, Route
from rosterkit.brigade.plan import Assignment, Session, Slot
from rosterkit.brigade.sessions import SessionShape, session_shape
from rosterkit.calendar import Month

log = logging.getLogger(__name__)

HOURS = 24


class _Timeline:
    """A squad's sessions over the month as sorted, non-overlapping [start, end) minutes."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)
        return i == 0 or self.ends[i - 1] <= start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def draw_rng(seed: int, brigade_id: str, month: Month) -> random.Random:
    """The generator of a month's random-patrol times: the same seed gives the same times."""
    return random.Random(f"rosterkit-brigade:{brigade_id}:{month}:{seed}")


def month_sessions(
    brigade: Brigade,
    month: Month,
    assignments: Sequence[Assignment],
    slots: Sequence[Slot],
    seed: int,
) -> list[Session]:
    """Every session of the month: the fixed slots each day, then the drawn random ones."""
    squad_of_area = {a.area: a.squad for a in assignments}
    days = month.days
    timelines: dict[str, _Timeline] = {s.id: _Timeline() for s in brigade.squads}
    sessions: list[Session] = []
    for index, day in enumerate(days):
        for slot in slots:
            route = brigade.route(slot.route)
            shape = session_shape(brigade, route)
            squad = squad_of_area[route.area]
            timelines[squad].add(*_span(index, slot.start, shape))
            sessions.append(_session(day, squad, route, slot.slot, slot.start, shape))
    rng = draw_rng(seed, brigade.id, month)
    random_routes = [r for r in brigade.routes if brigade.mode(r.mode).kind is ModeKind.random]
    bags: dict[str, list[int]] = {r.id: [] for r in random_routes}
    for index, day in enumerate(days):
        for route in random_routes:
            if route.area not in squad_of_area:
                continue
            squad = squad_of_area[route.area]
            shape = session_shape(brigade, route)
            for _ in range(brigade.mode(route.mode).sessions_per_day):
                start = _draw(rng, bags[route.id], timelines[squad], index, shape.minutes)
                if start is None:
                    log.warning("no free time for a random session of %s on %s", route.id, day)
                    continue
                timelines[squad].add(*_span(index, start, shape))
                sessions.append(_session(day, squad, route, None, start, shape))
    sessions.sort(key=lambda s: (s.day, s.start, s.squad, s.route))
    return sessions


def _span(day_index: int, start: int, shape: SessionShape) -> tuple[int, int]:
    """A session's [start, end) in minutes from the start of the month."""
    begin = day_index * MINUTES_PER_DAY + start
    return begin, begin + shape.minutes


def _session(
    day: dt.date, squad: str, route: Route, slot: int | None, start: int, shape: SessionShape
) -> Session:
    return Session(
        day=day,
        squad=squad,
        route=route.id,
        mode=route.mode,
        slot=slot,
        start=start,
        minutes=shape.minutes,
        scans=shape.scans,
        km=shape.km,
        guard_minutes=shape.guard_minutes,
    )


def _draw(
    rng: random.Random, bag: list[int], timeline: _Timeline, day_index: int, minutes: int
) -> int | None:
    """A start (minutes after midnight) from the route's bag of hours that keeps the squad's
    sessions apart, or None if the day has no room."""
    for refill in (False, True):
        if refill or not bag:
            hours = list(range(HOURS))
            rng.shuffle(hours)
            bag[:] = hours
        for position, hour in enumerate(bag):
            minute = rng.randrange(60)
            start = hour * 60 + minute
            begin = day_index * MINUTES_PER_DAY + start
            if timeline.free(begin, begin + minutes):
                del bag[position]
                return start
    # Every hour's drawn minute collided: look for any free start in the day, from a drawn offset.
    offset = rng.randrange(MINUTES_PER_DAY)
    for step in range(0, MINUTES_PER_DAY, 5):
        start = (offset + step) % MINUTES_PER_DAY
        begin = day_index * MINUTES_PER_DAY + start
        if timeline.free(begin, begin + minutes):
            return start
    return None


def week_windows(days: Sequence[dt.date]) -> list[list[dt.date]]:
    """Every run of 7 consecutive days of the month (the whole month if shorter)."""
    if len(days) <= 7:
        return [list(days)]
    return [list(days[i : i + 7]) for i in range(len(days) - 6)]
