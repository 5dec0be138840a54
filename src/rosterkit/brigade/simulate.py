"""A seeded simulator: a realistic month of check-ins from a plan, for tests and the demo.

Each planned session is walked: the team sets off at the planned time (sometimes late, now and
then not at all), walks the loop at the mode's pace (each leg within +-10%), scans each
checkpoint (a few scans are missed, a few repeated), and now and then reports a problem that the
command room dispatches and the brigade office closes. What the month adds up to follows from
the plan and the route data; nothing here knows a target figure.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from rosterkit.brigade.checkins import Scan
from rosterkit.brigade.data import Brigade
from rosterkit.brigade.plan import BrigadePlan


@dataclass(frozen=True)
class Behaviour:
    """How often things go other than planned (shares of sessions or scans)."""

    skipped_session: float = 0.01
    late_session: float = 0.04
    missed_scan: float = 0.015
    repeated_scan: float = 0.003
    faked_scan: float = 0.0005
    """A scan of a far checkpoint a minute later (a photographed code): an impossible speed."""
    problem: dict[int, float] = field(default_factory=lambda: {1: 0.08, 2: 0.12, 3: 0.05})
    """Share of sessions reporting a problem, by functional group."""
    closed: float = 0.9
    """Share of problems the brigade office closes within the month."""


def guard_ids(squad_id: str, members: int) -> list[str]:
    """Synthetic guard ids of a squad: S01-G01 ..."""
    return [f"{squad_id}-G{n:02d}" for n in range(1, members + 1)]


def simulate_month(
    brigade: Brigade, plan: BrigadePlan, *, seed: int = 0, behaviour: Behaviour | None = None
) -> list[Scan]:
    """The month's scans in time order, the same for the same plan and seed."""
    act = behaviour or Behaviour()
    rng = random.Random(f"rosterkit-brigade-simulate:{plan.brigade}:{plan.month}:{seed}")
    scans: list[Scan] = []
    far = {cp.id: cp for cp in brigade.checkpoints}
    far_ids = sorted(far)
    for session in plan.sessions:
        if rng.random() < act.skipped_session:
            continue
        route = brigade.route(session.route)
        mode = brigade.mode(route.mode)
        squad = brigade.squad(session.squad)
        team = rng.sample(guard_ids(squad.id, squad.members), min(mode.guards, squad.members))
        delay = rng.uniform(16, 45) if rng.random() < act.late_session else rng.uniform(-3, 5)
        clock = session.begins + dt.timedelta(minutes=delay)
        position = 0.0
        stops = route.stops
        session_scans: list[Scan] = []
        for _ in range(mode.rounds):
            for checkpoint, stop in zip(route.checkpoints, stops, strict=True):
                leg = (stop - position) % route.length_km
                minutes = leg / mode.pace_kmh * 60 * rng.uniform(0.9, 1.1)
                clock += dt.timedelta(minutes=minutes)
                position = stop
                if rng.random() >= act.missed_scan:
                    scan = Scan(
                        clock.replace(microsecond=0), squad.id, checkpoint, rng.choice(team)
                    )
                    session_scans.append(scan)
                    if rng.random() < act.repeated_scan:
                        again = clock + dt.timedelta(seconds=rng.randint(20, 120))
                        session_scans.append(
                            Scan(again.replace(microsecond=0), squad.id, checkpoint, scan.guard)
                        )
                    if rng.random() < act.faked_scan:
                        fake = clock + dt.timedelta(seconds=rng.randint(40, 90))
                        session_scans.append(
                            Scan(
                                fake.replace(microsecond=0),
                                squad.id,
                                rng.choice(far_ids),
                                scan.guard,
                            )
                        )
                clock += dt.timedelta(minutes=mode.dwell_minutes * rng.uniform(0.8, 1.2))
        if session_scans and rng.random() < act.problem.get(squad.group, 0.0):
            index = rng.randrange(len(session_scans))
            base = session_scans[index]
            dispatched = base.time + dt.timedelta(minutes=rng.randint(3, 30))
            closed = (
                dispatched + dt.timedelta(minutes=rng.randint(30, 24 * 60))
                if rng.random() < act.closed
                else None
            )
            session_scans[index] = Scan(
                base.time,
                base.squad,
                base.checkpoint,
                base.guard,
                rng.choice(_PROBLEMS[squad.group % len(_PROBLEMS)]),
                dispatched,
                closed,
            )
        scans.extend(session_scans)
    scans.sort(key=lambda s: (s.time, s.squad, s.checkpoint))
    return scans


_PROBLEMS = [
    ["可疑人员徘徊", "消防通道堵塞", "电动车违规充电"],
    ["门前堆物", "占道经营", "垃圾未清运"],
    ["消防通道堵塞", "井盖缺失", "电动车违规充电", "可疑人员徘徊"],
]
