"""The month's patrol plan as a CP-SAT model; the only module of the brigade that imports OR-Tools.

Decisions: which squad holds each area (四定: area, and with it grid, task and routes) and when
each timed route's daily slots start (定时段). Hard rules (`rosterkit.brigade.rules`): each area
one squad, each squad an area, areas in the unit's community and one grid per squad, modes its
group does, a squad's fixed sessions apart, each unit's weekly hours and each guard's daily and
weekly hours. Objective: load_weight x the heaviest weekly guard-minutes per member of any
squad (load balance) + away_weight x the areas outside their squad's unit's grid.
Random-patrol times are then drawn over all hours by `rosterkit.brigade.draw`, from the seed.
"""

from __future__ import annotations

import logging
import time

from ortools.sat.python import cp_model

from rosterkit.brigade.candidates import candidates, community_of_squad, is_away
from rosterkit.brigade.data import Brigade, ModeKind
from rosterkit.brigade.draw import month_sessions
from rosterkit.brigade.plan import Assignment, BrigadePlan, PlanPenalty, PlanStatus, Slot
from rosterkit.brigade.sessions import (
    area_day_minutes,
    area_session_minutes,
    area_week_minutes,
    session_shape,
)
from rosterkit.calendar import Month
from rosterkit.options import SolveOptions

log = logging.getLogger(__name__)

_STATUS = {
    cp_model.OPTIMAL: PlanStatus.optimal,
    cp_model.FEASIBLE: PlanStatus.feasible,
    cp_model.INFEASIBLE: PlanStatus.infeasible,
    cp_model.MODEL_INVALID: PlanStatus.infeasible,
}

DEFAULT_OPTIONS = SolveOptions(time_limit=10.0)
"""The brigade's plan is small: ten seconds is plenty."""


def _pre_check(brigade: Brigade, allowed: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Reasons no plan can exist, found by counting before any search: (English, Chinese)."""
    reasons = [
        (
            f"area {area}: no squad may hold it (none of its community's squads is of a group "
            "that does its routes' mode); add a squad or change the group's modes",
            f"区域 {area}：没有小队可以负责（本社区没有承担其线路巡逻方式的功能小组的小队）；"
            "请增加小队或调整功能小组的巡逻方式",
        )
        for area, squads in allowed.items()
        if not squads
    ]
    held = {squad for squads in allowed.values() for squad in squads}
    reasons += [
        (
            f"squad {s.id}: no area it may hold (its community has no area of a mode its group "
            "does); move it to another group or unit",
            f"小队 {s.id}：没有可负责的区域（本社区没有其功能小组承担的巡逻方式的区域）；"
            "请调到其他功能小组或单位",
        )
        for s in brigade.squads
        if s.id not in held
    ]
    step = brigade.settings.slot_step_minutes
    for route in brigade.routes:
        mode = brigade.mode(route.mode)
        minutes = session_shape(brigade, route).minutes
        for window in mode.windows if mode.kind is ModeKind.timed else []:
            if (
                window.start + minutes > window.end
                or _first_start(window.start, step) + minutes > window.end
            ):
                reasons.append(
                    (
                        f"route {route.id}: a session lasts {minutes} min, longer than its "
                        f"window {window}; shorten the route or widen the window",
                        f"线路 {route.id}：一次巡逻需 {minutes} 分钟，超过其时间窗 {window}；"
                        "请缩短线路或放宽时间窗",
                    )
                )
    return reasons


def _first_start(start: int, step: int) -> int:
    return -(-start // step) * step


def solve_plan(
    brigade: Brigade, month: Month | str, options: SolveOptions | None = None
) -> BrigadePlan:
    """The month's plan for `brigade`: solved, then every session of every day laid out, with
    random-patrol times drawn from `options.seed`. A plan that cannot be made is a status with
    its reasons, not an error."""
    month = Month.parse(month)
    options = options or DEFAULT_OPTIONS
    began = time.perf_counter()
    allowed = candidates(brigade)
    reasons = _pre_check(brigade, allowed)
    if reasons:
        return BrigadePlan(
            brigade=brigade.id,
            month=str(month),
            seed=options.seed,
            status=PlanStatus.infeasible,
            reasons=[en for en, _ in reasons],
            reasons_zh=[zh for _, zh in reasons],
            wall_time=time.perf_counter() - began,
        )
    settings = brigade.settings
    model = cp_model.CpModel()
    hold = {
        (area, squad): model.new_bool_var(f"holds(area={area}, squad={squad})")
        for area, squads in allowed.items()
        for squad in squads
    }
    areas_of: dict[str, list[str]] = {s.id: [] for s in brigade.squads}
    for area, holder in hold:
        areas_of[holder].append(area)
    for area, squads in allowed.items():
        model.add_exactly_one(hold[area, s] for s in squads)  # area_assigned
    for squad in brigade.squads:
        model.add_bool_or(hold[a, squad.id] for a in areas_of[squad.id])  # squad_has_area
        community = community_of_squad(brigade, squad)
        grid_vars = {
            g.id: model.new_bool_var(f"grid(squad={squad.id}, grid={g.id})")
            for g in brigade.grids
            if g.community == community
        }
        model.add_exactly_one(grid_vars.values())  # fixed_grid
        for area in areas_of[squad.id]:
            model.add_implication(hold[area, squad.id], grid_vars[brigade.area(area).grid])
    week = {a.id: area_week_minutes(brigade, a.id) for a in brigade.areas}
    day = {a.id: area_day_minutes(brigade, a.id) for a in brigade.areas}
    team = {a.id: area_session_minutes(brigade, a.id) for a in brigade.areas}

    def weighted(values: dict[str, int], squad_id: str) -> cp_model.LinearExprT:
        held = areas_of[squad_id]
        return cp_model.LinearExpr.weighted_sum(
            [hold[a, squad_id] for a in held], [values[a] for a in held]
        )

    load = {s.id: weighted(week, s.id) for s in brigade.squads}
    heaviest = max(week.values())
    most = model.new_int_var(0, heaviest, "max_week_minutes_per_member")
    for squad in brigade.squads:
        model.add(load[squad.id] <= most * squad.members)  # load_balance
        model.add(load[squad.id] <= squad.members * settings.week_hours * 60)  # guard_week_hours
        model.add(  # guard_day_hours
            weighted(day, squad.id) <= squad.members * settings.day_hours * 60
        )
        # One team at a time: the day must hold the squad's sessions, random ones included.
        model.add(weighted(team, squad.id) <= 24 * 60)
    for unit in brigade.units:
        own = [load[s.id] for s in brigade.squads if s.unit == unit.id]
        model.add(cp_model.LinearExpr.sum(own) <= unit.hours_per_week * 60)  # unit_hours
    starts: dict[tuple[str, int], cp_model.IntVar] = {}
    intervals: dict[str, list[cp_model.IntervalVar]] = {s.id: [] for s in brigade.squads}
    step = settings.slot_step_minutes
    for route in brigade.routes:
        mode = brigade.mode(route.mode)
        if mode.kind is not ModeKind.timed:
            continue
        minutes = session_shape(brigade, route).minutes
        for k, window in enumerate(mode.windows):
            first, last = _first_start(window.start, step), window.end - minutes
            slot = model.new_int_var(first // step, last // step, f"slot(route={route.id}, k={k})")
            start = model.new_int_var(first, last, f"start(route={route.id}, k={k})")
            model.add(start == slot * step)
            starts[route.id, k] = start
            for holder in allowed[route.area]:
                intervals[holder].append(
                    model.new_optional_fixed_size_interval_var(
                        start,
                        minutes,
                        hold[route.area, holder],
                        f"session(route={route.id}, k={k}, squad={holder})",
                    )
                )
    for items in intervals.values():
        if len(items) > 1:
            model.add_no_overlap(items)  # no_overlap
    away = [
        (area, squad)
        for (area, squad) in hold
        if is_away(brigade, brigade.squad(squad), brigade.area(area))
    ]
    model.minimize(
        settings.load_weight * most + settings.away_weight * sum(hold[key] for key in away)
    )
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = options.time_limit
    params.num_workers = 1 if options.deterministic else options.workers
    params.random_seed = options.seed
    params.relative_gap_limit = options.relative_gap
    params.log_search_progress = options.log
    code = solver.solve(model)
    status = _STATUS.get(code, PlanStatus.unknown)
    if status not in (PlanStatus.optimal, PlanStatus.feasible):
        why, why_zh = (
            (
                "the rules cannot all hold: a unit's weekly hours, a squad's guard-hours or its "
                "slots leave no plan; add hours or squads, or lighten routes",
                "规则无法同时满足：单位每周工时、小队队员工时或时段安排使计划无解；"
                "请增加工时或小队，或减轻线路负荷",
            )
            if status is PlanStatus.infeasible
            else (
                f"no plan found within {options.time_limit:g} s; give more time",
                f"{options.time_limit:g} 秒内未找到计划；请加大 --time-limit",
            )
        )
        return BrigadePlan(
            brigade=brigade.id,
            month=str(month),
            seed=options.seed,
            status=status,
            reasons=[why],
            reasons_zh=[why_zh],
            wall_time=time.perf_counter() - began,
        )
    assignments = [
        Assignment(area=area, squad=squad)
        for (area, squad), var in hold.items()
        if solver.boolean_value(var)
    ]
    slots = [
        Slot(route=route, slot=k, start=solver.value(var)) for (route, k), var in starts.items()
    ]
    penalties = [
        PlanPenalty(
            term="load_balance",
            key="heaviest weekly guard-minutes per member",
            cost=settings.load_weight * solver.value(most),
        )
    ]
    penalties += [
        PlanPenalty(
            term="away_from_home", key=f"area={area}, squad={squad}", cost=settings.away_weight
        )
        for area, squad in away
        if solver.boolean_value(hold[area, squad]) and settings.away_weight
    ]
    sessions = month_sessions(brigade, month, assignments, slots, options.seed)
    plan = BrigadePlan(
        brigade=brigade.id,
        month=str(month),
        seed=options.seed,
        status=status,
        objective=round(solver.objective_value),
        best_bound=solver.best_objective_bound,
        wall_time=time.perf_counter() - began,
        assignments=sorted(assignments, key=lambda a: a.area),
        slots=sorted(slots, key=lambda s: (s.route, s.slot)),
        sessions=sessions,
        penalties=penalties,
    )
    log.info(
        "brigade plan %s: %s, objective %s, bound %s, %.2f s",
        month,
        status.value,
        plan.objective,
        plan.best_bound,
        plan.wall_time,
    )
    return plan
