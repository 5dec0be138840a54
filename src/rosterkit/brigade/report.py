"""The month's report from a check-in log: what was done against what was planned.

Scans of a squad on one of its routes form a done session while they follow one another within
a round's time plus 30 minutes. A session walks from the route's start to its first checkpoint,
along the loop between successive scans (the forward distance; a checkpoint scanned again after
at least half a round means a full round), and back to the start: that is its km. Its time runs
from leaving the start (the first scan less the walk to it) to coming back (the last scan plus
its stop and the walk back, at the mode's pace); its guard-hours are that time times its team
(the guards seen scanning, at least the mode's team). A planned session is kept when a done
session of its route starts from 30 minutes before it to an hour (or its length, if longer)
after it; late when it started more than `late_minutes` after the plan. Suspicious scans: a
guard faster than `max_speed_kmh` between two scans (straight line between the checkpoints'
coordinates, or along the route without them), a squad scanning a checkpoint again within
`repeat_minutes`, and a scan at a checkpoint on none of the squad's routes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from rosterkit.brigade.checkins import Scan
from rosterkit.brigade.data import Brigade, Route
from rosterkit.brigade.plan import BrigadePlan, Session
from rosterkit.brigade.sessions import round_minutes

SESSION_GAP_MINUTES = 30
KEPT_BEFORE_MINUTES = 30
KEPT_AFTER_MINUTES = 60


@dataclass
class Figures:
    """Check-ins, km, guard-hours and sessions."""

    scans: int = 0
    km: float = 0.0
    hours: float = 0.0
    sessions: int = 0

    def add(self, other: Figures) -> None:
        self.scans += other.scans
        self.km += other.km
        self.hours += other.hours
        self.sessions += other.sessions


@dataclass
class DoneSession:
    """Scans of one squad on one route that form one walk of it."""

    squad: str
    route: str
    scans: list[Scan]
    start: dt.datetime = dt.datetime.min
    km: float = 0.0
    hours: float = 0.0


@dataclass
class Outcome:
    """A planned session and what became of it."""

    planned: Session
    done: DoneSession | None
    late_minutes: float = 0.0

    @property
    def kept(self) -> bool:
        return self.done is not None


@dataclass
class Suspicious:
    """A scan that looks wrong, and why."""

    scan: Scan
    kind: str
    detail: str


@dataclass
class Tally:
    """The month of one squad, unit or functional group."""

    planned: Figures = field(default_factory=Figures)
    done: Figures = field(default_factory=Figures)
    kept: int = 0
    late: int = 0
    missed: int = 0
    suspicious: int = 0
    problems: int = 0
    dispatched: int = 0
    closed: int = 0

    def add(self, other: Tally) -> None:
        self.planned.add(other.planned)
        self.done.add(other.done)
        for name in ("kept", "late", "missed", "suspicious", "problems", "dispatched", "closed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class MonthReport:
    """The month's figures, by squad, unit, group and day, with the lists behind them."""

    month: str
    total: Tally
    squads: dict[str, Tally]
    units: dict[str, Tally]
    groups: dict[int, Tally]
    daily: dict[dt.date, tuple[int, int]]
    """Planned and done check-ins a day."""
    outcomes: list[Outcome]
    done_sessions: list[DoneSession]
    suspicious: list[Suspicious]
    problems: list[Scan]
    checkpoint_scans: Counter[str]
    checkpoint_planned: Counter[str]


def _distance_km(brigade: Brigade, a: str, b: str) -> float | None:
    """Straight-line km between two checkpoints with coordinates (equirectangular)."""
    one, two = brigade.checkpoint(a), brigade.checkpoint(b)
    if one.lon is None or one.lat is None or two.lon is None or two.lat is None:
        return None
    lat = math.radians((one.lat + two.lat) / 2)
    dx = math.radians(two.lon - one.lon) * math.cos(lat)
    dy = math.radians(two.lat - one.lat)
    return 6371.0 * math.hypot(dx, dy)


def _walk(brigade: Brigade, route: Route, scans: Sequence[Scan]) -> tuple[float, float]:
    """km and minutes of a done session (see the module's docstring)."""
    mode = brigade.mode(route.mode)
    stops = dict(zip(route.checkpoints, route.stops, strict=True))
    length = route.length_km
    one_round = round_minutes(brigade, route)
    first, last = stops[scans[0].checkpoint], stops[scans[-1].checkpoint]
    km = first + (length - last)
    for before, after in pairwise(scans):
        leg = (stops[after.checkpoint] - stops[before.checkpoint]) % length
        if leg == 0:
            gap = (after.time - before.time).total_seconds() / 60
            leg = length if gap >= one_round / 2 else 0.0
        km += leg
    to_first = first / mode.pace_kmh * 60
    back = (length - last) / mode.pace_kmh * 60
    span = (scans[-1].time - scans[0].time).total_seconds() / 60
    return km, to_first + span + mode.dwell_minutes + back


def done_sessions(
    brigade: Brigade, plan: BrigadePlan, scans: Iterable[Scan]
) -> tuple[list[DoneSession], list[Suspicious]]:
    """The done sessions of the log, and scans on none of the squad's routes."""
    squad_routes: dict[str, list[Route]] = defaultdict(list)
    for item in plan.assignments:
        squad_routes[item.squad].extend(brigade.routes_of_area(item.area))
    route_of: dict[tuple[str, str], Route] = {}
    for squad, routes in squad_routes.items():
        for route in routes:
            for checkpoint in route.checkpoints:
                route_of.setdefault((squad, checkpoint), route)
    open_sessions: dict[tuple[str, str], DoneSession] = {}
    sessions: list[DoneSession] = []
    off: list[Suspicious] = []
    for scan in scans:
        found = route_of.get((scan.squad, scan.checkpoint))
        if found is None:
            off.append(Suspicious(scan, "off_route", "checkpoint on none of the squad's routes"))
            continue
        route = found
        key = (scan.squad, route.id)
        current = open_sessions.get(key)
        limit = round_minutes(brigade, route) + SESSION_GAP_MINUTES
        if current is None or (scan.time - current.scans[-1].time).total_seconds() / 60 > limit:
            current = DoneSession(scan.squad, route.id, [])
            open_sessions[key] = current
            sessions.append(current)
        current.scans.append(scan)
    for session in sessions:
        route = brigade.route(session.route)
        mode = brigade.mode(route.mode)
        km, minutes = _walk(brigade, route, session.scans)
        team = max(len({s.guard for s in session.scans}), mode.guards)
        stops = dict(zip(route.checkpoints, route.stops, strict=True))
        walk_in = stops[session.scans[0].checkpoint] / mode.pace_kmh * 60
        session.start = session.scans[0].time - dt.timedelta(minutes=walk_in)
        session.km = km
        session.hours = minutes / 60 * team
    return sessions, off


def _match(plan: BrigadePlan, done: list[DoneSession]) -> list[Outcome]:
    by_route: dict[tuple[str, str], list[DoneSession]] = defaultdict(list)
    for session in done:
        by_route[session.squad, session.route].append(session)
    for items in by_route.values():
        items.sort(key=lambda s: s.start)
    used: set[int] = set()
    outcomes = []
    for planned in sorted(plan.sessions, key=lambda s: (s.day, s.start)):
        begins = planned.begins
        after = max(KEPT_AFTER_MINUTES, planned.minutes)
        found = None
        for session in by_route.get((planned.squad, planned.route), []):
            offset = (session.start - begins).total_seconds() / 60
            if offset > after:
                break
            if id(session) not in used and offset >= -KEPT_BEFORE_MINUTES:
                found = session
                break
        if found is None:
            outcomes.append(Outcome(planned, None))
        else:
            used.add(id(found))
            late = max(0.0, (found.start - begins).total_seconds() / 60)
            outcomes.append(Outcome(planned, found, late))
    return outcomes


def _suspicious(brigade: Brigade, scans: Sequence[Scan]) -> list[Suspicious]:
    settings = brigade.settings
    found: list[Suspicious] = []
    last_of_guard: dict[str, Scan] = {}
    last_at: dict[tuple[str, str], dt.datetime] = {}
    stops: dict[str, tuple[Route, float]] = {}
    for route in brigade.routes:
        for checkpoint, stop in zip(route.checkpoints, route.stops, strict=True):
            stops.setdefault(checkpoint, (route, stop))
    for scan in scans:
        before = last_of_guard.get(scan.guard)
        if before is not None and before.checkpoint != scan.checkpoint:
            km = _distance_km(brigade, before.checkpoint, scan.checkpoint)
            if km is None:
                a, b = stops[before.checkpoint], stops[scan.checkpoint]
                km = (b[1] - a[1]) % a[0].length_km if a[0].id == b[0].id else None
            hours = (scan.time - before.time).total_seconds() / 3600
            if km is not None and km > 0 and (hours <= 0 or km / hours > settings.max_speed_kmh):
                speed = "instantly" if hours <= 0 else f"at {km / hours:.0f} km/h"
                found.append(
                    Suspicious(scan, "speed", f"{km:.2f} km from {before.checkpoint} {speed}")
                )
        last_of_guard[scan.guard] = scan
        key = (scan.squad, scan.checkpoint)
        previous = last_at.get(key)
        if (
            previous is not None
            and (scan.time - previous).total_seconds() / 60 < settings.repeat_minutes
        ):
            found.append(
                Suspicious(
                    scan, "repeat", f"again after {(scan.time - previous).total_seconds():.0f} s"
                )
            )
        last_at[key] = scan.time
    return found


def month_report(brigade: Brigade, plan: BrigadePlan, scans: Sequence[Scan]) -> MonthReport:
    """The month's report of `scans` (in time order) against `plan`."""
    done, off = done_sessions(brigade, plan, scans)
    outcomes = _match(plan, done)
    suspicious = off + _suspicious(brigade, scans)
    squads = {s.id: Tally() for s in brigade.squads}
    daily_planned: Counter[dt.date] = Counter()
    daily_done: Counter[dt.date] = Counter()
    planned_at: Counter[str] = Counter()
    for session in plan.sessions:
        tally = squads[session.squad]
        tally.planned.add(Figures(session.scans, session.km, session.guard_minutes / 60, 1))
        daily_planned[session.day] += session.scans
        route = brigade.route(session.route)
        for checkpoint in route.checkpoints:
            planned_at[checkpoint] += brigade.mode(route.mode).rounds
    for walked in done:
        squads[walked.squad].done.add(Figures(len(walked.scans), walked.km, walked.hours, 1))
    for item in off:
        squads[item.scan.squad].done.scans += 1
    late_limit = brigade.settings.late_minutes
    for outcome in outcomes:
        tally = squads[outcome.planned.squad]
        if outcome.kept:
            tally.kept += 1
            tally.late += outcome.late_minutes > late_limit
        else:
            tally.missed += 1
    for item in suspicious:
        squads[item.scan.squad].suspicious += 1
    problems = [s for s in scans if s.problem]
    for reported in problems:
        tally = squads[reported.squad]
        tally.problems += 1
        tally.dispatched += reported.dispatched is not None
        tally.closed += reported.closed is not None
    for each in scans:
        daily_done[each.time.date()] += 1
    units = {u.id: Tally() for u in brigade.units}
    groups = {g.id: Tally() for g in brigade.groups}
    total = Tally()
    for squad in brigade.squads:
        units[squad.unit].add(squads[squad.id])
        groups[squad.group].add(squads[squad.id])
        total.add(squads[squad.id])
    days = sorted(set(daily_planned) | set(daily_done))
    return MonthReport(
        month=plan.month,
        total=total,
        squads=squads,
        units=units,
        groups=groups,
        daily={d: (daily_planned[d], daily_done[d]) for d in days},
        outcomes=outcomes,
        done_sessions=done,
        suspicious=suspicious,
        problems=problems,
        checkpoint_scans=Counter(s.checkpoint for s in scans),
        checkpoint_planned=planned_at,
    )
