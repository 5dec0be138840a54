"""The independent checker of a brigade plan: it never imports the solver.

It reads a brigade and a plan (solved, or edited by hand in its JSON), lists every broken rule of
`rosterkit.brigade.rules` and recomputes the objective, so that tests can hold the solver to it.
"""

from __future__ import annotations

import logging
import math
import os
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from rosterkit.brigade.candidates import community_of_squad, fits_task, is_away
from rosterkit.brigade.data import MINUTES_PER_DAY, Brigade, ModeKind
from rosterkit.brigade.draw import HOURS, week_windows
from rosterkit.brigade.plan import BrigadePlan, Session, read_plan
from rosterkit.brigade.rules import RULES
from rosterkit.brigade.sessions import area_week_minutes, session_shape
from rosterkit.calendar import Month

logger = logging.getLogger(__name__)

_Broken = Callable[[str, str, str, str], None]

SPREAD_SHARE = 0.25
"""No random route may start more than this share of its month's sessions in one hour."""
SPREAD_MIN_SESSIONS = 8
"""Routes with fewer random sessions in the month are not judged on their spread."""


@dataclass(frozen=True)
class PlanViolation:
    """A broken rule: its id, what it concerns, and the problem in words, in English
    (`message`) and Chinese (`message_zh`)."""

    rule: str
    key: str
    message: str
    message_zh: str

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The rule's name, what it concerns and the problem, in `lang` ('zh' or 'en')."""
        rule = RULES[self.rule]
        if lang == "zh":
            return f"{rule.zh}（{self.key}）：{self.message_zh}"
        return f"{rule.en} ({self.key}): {self.message}"

    def problem(self, lang: str = "en") -> str:
        """The problem alone, in `lang`."""
        return self.message_zh if lang == "zh" else self.message


@dataclass(frozen=True)
class PlanEvaluation:
    """The checker's verdict: broken rules and the objective recomputed, term by term."""

    violations: list[PlanViolation]
    costs: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def objective(self) -> int:
        return sum(self.costs.values())


def evaluate_plan(brigade: Brigade, plan: BrigadePlan) -> PlanEvaluation:
    """Check every rule of the plan and recompute its objective."""
    found: list[PlanViolation] = []

    def broken(rule: str, key: str, message: str, message_zh: str) -> None:
        found.append(PlanViolation(rule, key, message, message_zh))

    month = Month.parse(plan.month)
    squad_of: dict[str, str] = {}
    for item in plan.assignments:
        if not brigade.has("areas", item.area):
            broken(
                "area_assigned", item.area, f"unknown area '{item.area}'", f"未知区域 '{item.area}'"
            )
        elif not brigade.has("squads", item.squad):
            broken(
                "area_assigned",
                item.area,
                f"unknown squad '{item.squad}'",
                f"未知小队 '{item.squad}'",
            )
        elif item.area in squad_of:
            broken(
                "area_assigned",
                item.area,
                f"held by {squad_of[item.area]} and {item.squad}",
                f"同时由 {squad_of[item.area]} 和 {item.squad} 负责",
            )
        else:
            squad_of[item.area] = item.squad
    for area in brigade.areas:
        if area.id not in squad_of:
            broken("area_assigned", area.id, "held by no squad", "没有小队负责")
    areas_of: dict[str, list[str]] = defaultdict(list)
    for area_id, squad_id in squad_of.items():
        areas_of[squad_id].append(area_id)
    for squad in brigade.squads:
        held = areas_of.get(squad.id, [])
        if not held:
            broken("squad_has_area", squad.id, "holds no area", "没有负责任何区域")
        grids = sorted({brigade.area(a).grid for a in held})
        if len(grids) > 1:
            broken(
                "fixed_grid",
                squad.id,
                f"areas in {len(grids)} grids: {', '.join(grids)}",
                f"区域分布在 {len(grids)} 个网格：{'、'.join(grids)}",
            )
        home = community_of_squad(brigade, squad)
        for area_id in held:
            area = brigade.area(area_id)
            if brigade.community_of_grid(area.grid) != home:
                broken(
                    "home_community",
                    f"{squad.id}/{area_id}",
                    f"area outside {home}",
                    f"区域不在本单位所在社区 {home}",
                )
            if not fits_task(brigade, squad, area):
                broken(
                    "task_fit",
                    f"{squad.id}/{area_id}",
                    f"group {squad.group} does not do the modes of {area_id}'s routes",
                    f"第{squad.group}小组不承担 {area_id} 各线路的巡逻方式",
                )
    _check_sessions(brigade, plan, month, squad_of, broken)
    _check_hours(brigade, plan, month, broken)
    _check_spread(brigade, plan, broken)
    costs = _costs(brigade, squad_of)
    return PlanEvaluation(found, costs)


def check_plan(brigade: Brigade, plan: BrigadePlan) -> list[PlanViolation]:
    """Every broken rule of the plan (empty when it keeps them all)."""
    return evaluate_plan(brigade, plan).violations


def check_plan_file(brigade: Brigade, path: str | os.PathLike[str]) -> PlanEvaluation:
    """Check a plan's .json file, e.g. one edited by hand, against `brigade`.

    A file that is no plan, or a plan of another brigade, raises `RosterInputError` naming the
    file; broken rules are the verdict's violations, not errors.
    """
    plan = read_plan(path, brigade)
    evaluation = evaluate_plan(brigade, plan)
    logger.info(
        "%s: %d broken rules, objective %d", path, len(evaluation.violations), evaluation.objective
    )
    return evaluation


def _costs(brigade: Brigade, squad_of: dict[str, str]) -> dict[str, int]:
    """The objective's terms: load_balance and away_from_home."""
    settings = brigade.settings
    load: Counter[str] = Counter()
    away = 0
    for area_id, squad_id in squad_of.items():
        if not brigade.has("squads", squad_id):
            continue
        load[squad_id] += area_week_minutes(brigade, area_id)
        away += is_away(brigade, brigade.squad(squad_id), brigade.area(area_id))
    heaviest = max((math.ceil(load[s.id] / s.members) for s in brigade.squads), default=0)
    return {
        "load_balance": settings.load_weight * heaviest,
        "away_from_home": settings.away_weight * away,
    }


def _check_sessions(
    brigade: Brigade,
    plan: BrigadePlan,
    month: Month,
    squad_of: dict[str, str],
    broken: _Broken,
) -> None:
    by_route_day: dict[tuple[str, object], list[Session]] = defaultdict(list)
    starts: dict[tuple[str, int], set[int]] = defaultdict(set)
    for session in plan.sessions:
        key = f"{session.route} {session.day}"
        if not brigade.has("routes", session.route):
            broken(
                "route_sessions",
                key,
                f"unknown route '{session.route}'",
                f"未知线路 '{session.route}'",
            )
            continue
        route = brigade.route(session.route)
        if session.day not in month:
            broken("route_sessions", key, f"day outside {month}", f"日期不在 {month} 内")
            continue
        if session.squad != squad_of.get(route.area):
            broken(
                "route_sessions",
                key,
                f"patrolled by {session.squad}, not by {route.area}'s squad "
                f"{squad_of.get(route.area, '(none)')}",
                f"由 {session.squad} 巡逻，而不是区域 {route.area} 的小队 "
                f"{squad_of.get(route.area, '（无）')}",
            )
        shape = session_shape(brigade, route)
        if (session.minutes, session.scans, session.guard_minutes) != (
            shape.minutes,
            shape.scans,
            shape.guard_minutes,
        ) or not math.isclose(session.km, shape.km, abs_tol=1e-6):
            broken(
                "route_sessions",
                key,
                "session figures differ from the route and its mode",
                "时长、打卡数、里程或工时与线路和巡逻方式不符",
            )
        mode = brigade.mode(route.mode)
        if session.mode != mode.id:
            broken(
                "route_sessions",
                key,
                f"mode {session.mode}, the route's is {mode.id}",
                f"巡逻方式为 {session.mode}，线路的巡逻方式是 {mode.id}",
            )
        by_route_day[route.id, session.day].append(session)
        if mode.kind is ModeKind.timed:
            if session.slot is None or not 0 <= session.slot < len(mode.windows):
                broken(
                    "route_sessions",
                    key,
                    "a timed session without a valid slot",
                    "定时段巡逻缺少有效的时段",
                )
                continue
            window = mode.windows[session.slot]
            if session.start < window.start or session.start + session.minutes > window.end:
                broken(
                    "fixed_time",
                    key,
                    f"slot {session.slot + 1} outside its window {window}",
                    f"第{session.slot + 1}时段超出其时间窗 {window}",
                )
            starts[route.id, session.slot].add(session.start)
    for (route_id, slot), seen in starts.items():
        if len(seen) > 1:
            broken(
                "fixed_time",
                f"{route_id} slot {slot + 1}",
                f"{len(seen)} different start times",
                f"有 {len(seen)} 个不同的开始时间",
            )
    for route in brigade.routes:
        mode = brigade.mode(route.mode)
        for day in month.days:
            sessions = by_route_day.get((route.id, day), [])
            key = f"{route.id} {day}"
            if mode.kind is ModeKind.timed:
                slots = Counter(s.slot for s in sessions)
                for k in range(len(mode.windows)):
                    if slots[k] != 1:
                        broken(
                            "route_sessions",
                            key,
                            f"slot {k + 1} patrolled {slots[k]} times",
                            f"第{k + 1}时段巡逻了 {slots[k]} 次",
                        )
            elif len(sessions) != mode.sessions_per_day:
                broken(
                    "route_sessions",
                    key,
                    f"{len(sessions)} random sessions, the mode asks {mode.sessions_per_day}",
                    f"随机巡逻 {len(sessions)} 次，巡逻方式要求 {mode.sessions_per_day} 次",
                )
    by_squad: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    first = month.first
    for s in plan.sessions:
        begin = (s.day - first).days * MINUTES_PER_DAY + s.start
        by_squad[s.squad].append((begin, begin + s.minutes, f"{s.route} {s.day}"))
    for squad, items in by_squad.items():
        items.sort()
        for (_, end, what), (begin, _, other) in pairwise(items):
            if begin < end:
                broken(
                    "no_overlap", squad, f"{what} overlaps {other}", f"{what} 与 {other} 时间重叠"
                )


def _check_hours(brigade: Brigade, plan: BrigadePlan, month: Month, broken: _Broken) -> None:
    settings = brigade.settings
    per_day: dict[tuple[str, object], int] = Counter()
    for s in plan.sessions:
        per_day[s.squad, s.day] += s.guard_minutes
    for squad in brigade.squads:
        cap = squad.members * settings.day_hours * 60
        for day in month.days:
            if per_day[squad.id, day] > cap:
                broken(
                    "guard_day_hours",
                    f"{squad.id} {day}",
                    f"{per_day[squad.id, day] / 60:.1f} guard-hours, more than {cap // 60}",
                    f"{per_day[squad.id, day] / 60:.1f} 工时，超过上限 {cap // 60}",
                )
    for days in week_windows(month.days):
        label = f"{days[0]}..{days[-1]}"
        for squad in brigade.squads:
            total = sum(per_day[squad.id, d] for d in days)
            cap = squad.members * settings.week_hours * 60
            if total > cap:
                broken(
                    "guard_week_hours",
                    f"{squad.id} {label}",
                    f"{total / 60:.1f} h > {cap // 60}",
                    f"{total / 60:.1f} 工时，超过上限 {cap // 60}",
                )
        for unit in brigade.units:
            total = sum(per_day[s.id, d] for s in brigade.squads if s.unit == unit.id for d in days)
            if total > unit.hours_per_week * 60:
                broken(
                    "unit_hours",
                    f"{unit.id} {label}",
                    f"{total / 60:.1f} guard-hours, the unit gives {unit.hours_per_week}",
                    f"{total / 60:.1f} 工时，单位每周只提供 {unit.hours_per_week}",
                )


def _check_spread(brigade: Brigade, plan: BrigadePlan, broken: _Broken) -> None:
    random_modes = {m.id for m in brigade.modes if m.kind is ModeKind.random}
    randoms = [s for s in plan.sessions if s.mode in random_modes]
    hours = {s.start // 60 for s in randoms}
    if len(randoms) >= HOURS and len(hours) < HOURS:
        missing = sorted(set(range(HOURS)) - hours)
        broken(
            "random_spread",
            "brigade",
            f"no random session starts in hour(s) {', '.join(f'{h:02d}' for h in missing)}",
            f"{'、'.join(f'{h:02d}' for h in missing)} 时没有随机巡逻开始",
        )
    per_route: dict[str, Counter[int]] = defaultdict(Counter)
    for s in randoms:
        per_route[s.route][s.start // 60] += 1
    for route, counts in per_route.items():
        total = sum(counts.values())
        hour, most = counts.most_common(1)[0]
        if total >= SPREAD_MIN_SESSIONS and most > SPREAD_SHARE * total:
            broken(
                "random_spread",
                route,
                f"{most} of {total} random sessions start in hour {hour:02d}: a pattern",
                f"{total} 次随机巡逻中有 {most} 次在 {hour:02d} 时开始，形成规律",
            )
