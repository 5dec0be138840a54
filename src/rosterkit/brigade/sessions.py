"""What one patrol session of a route is: its length in time, check-ins, km and guard-minutes.

The plan, the checker, the simulator and the report all take these figures from here, so that a
session means the same everywhere. A session walks the route's loop `rounds` times with a team
of `guards`, at the mode's pace, stopping `dwell_minutes` at each checkpoint to scan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rosterkit.brigade.data import Brigade, Route

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class SessionShape:
    """One session of a route: minutes, check-ins, km (team distance) and guard-minutes."""

    minutes: int
    scans: int
    km: float
    guard_minutes: int
    guards: int
    rounds: int

    @property
    def guard_hours(self) -> float:
        return self.guard_minutes / 60


def round_minutes(brigade: Brigade, route: Route) -> float:
    """Minutes for one round of the loop: walking at the mode's pace plus a stop per checkpoint."""
    mode = brigade.mode(route.mode)
    return route.length_km / mode.pace_kmh * 60 + len(route.checkpoints) * mode.dwell_minutes


def session_shape(brigade: Brigade, route: Route) -> SessionShape:
    """The session of `route` in its mode (minutes rounded up to whole minutes)."""
    mode = brigade.mode(route.mode)
    minutes = math.ceil(mode.rounds * round_minutes(brigade, route) - 1e-9)
    return SessionShape(
        minutes=minutes,
        scans=mode.rounds * len(route.checkpoints),
        km=round(mode.rounds * route.length_km, 3),
        guard_minutes=minutes * mode.guards,
        guards=mode.guards,
        rounds=mode.rounds,
    )


def daily_guard_minutes(brigade: Brigade, route: Route) -> int:
    """Guard-minutes `route` takes every day: its sessions a day times one session's."""
    return brigade.mode(route.mode).daily_sessions * session_shape(brigade, route).guard_minutes


def area_week_minutes(brigade: Brigade, area_id: str) -> int:
    """Guard-minutes a week that patrolling `area_id` takes, all its routes together."""
    return DAYS_PER_WEEK * sum(
        daily_guard_minutes(brigade, route) for route in brigade.routes_of_area(area_id)
    )


def area_day_minutes(brigade: Brigade, area_id: str) -> int:
    """Guard-minutes a day that patrolling `area_id` takes."""
    return sum(daily_guard_minutes(brigade, route) for route in brigade.routes_of_area(area_id))


def area_session_minutes(brigade: Brigade, area_id: str) -> int:
    """Minutes a day the squad of `area_id` spends in its sessions (team time, not guard time)."""
    return sum(
        brigade.mode(r.mode).daily_sessions * session_shape(brigade, r).minutes
        for r in brigade.routes_of_area(area_id)
    )


@dataclass(frozen=True)
class Expected:
    """What a plan is expected to bring over some days: check-ins, km, guard-hours, sessions."""

    sessions: int
    scans: int
    km: float
    hours: float


def expected_per_day(brigade: Brigade) -> Expected:
    """One day of the whole brigade, every route patrolled as its mode says."""
    sessions = scans = 0
    km = 0.0
    minutes = 0
    for route in brigade.routes:
        shape = session_shape(brigade, route)
        count = brigade.mode(route.mode).daily_sessions
        sessions += count
        scans += count * shape.scans
        km += count * shape.km
        minutes += count * shape.guard_minutes
    return Expected(sessions=sessions, scans=scans, km=round(km, 3), hours=minutes / 60)
