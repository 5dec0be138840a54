"""The re-roster model: the month's model (`rosterkit.solver.build_model`) with the days before
the re-roster's first day and the pinned officer-days held as the roster has them, the changes'
per-day minimums, and a lexicographic objective.

1. Minimise the officer-days whose value differs from the roster being changed. When CP-SAT
   proves this optimal, the count is the fewest changes any roster keeping every rule can make.
2. Hold the count at that value and minimise the usual cost (the soft rules' penalties).

The model is built by the month's own `build_model`; this module only adds constraints and sets
the objective, so every rule the month keeps holds here too.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rosterkit.duties import LEAVE
from rosterkit.options import SolveOptions
from rosterkit.problem import Problem
from rosterkit.result import Conflict, Result, SolveStatus
from rosterkit.roster import Roster
from rosterkit.solver import _bound, _found, _parameters, build_model, unit_cost
from rosterkit.solver.conflicts import conflicting
from rosterkit.solver.variables import Expr, Variables, total

__all__ = [
    "COST_STAGE_FACTOR",
    "COST_STAGE_MIN",
    "Frame",
    "ReplanOutcome",
    "explain_replan",
    "solve_replan",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Frame:
    """What a re-roster holds: the roster being changed (`before`), the first day that may
    change (`start`), pinned (officer id, day) pairs, per-day minimums ((slot code, day) ->
    least staff), and officers with no 'before' (joiners) whose days are not counted."""

    before: Roster
    start: dt.date
    pins: frozenset[tuple[str, dt.date]] = frozenset()
    minimums: Mapping[tuple[str, dt.date], int] | None = None
    uncounted: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReplanOutcome:
    """The re-roster's result and its change count.

    `changed` is the number of officer-days that differ from the roster being changed (None
    without a roster); `minimal` says whether the search proved that no roster keeping every
    rule changes fewer; `result.status` is optimal only when the cost was proven least too.
    """

    result: Result
    changed: int | None
    minimal: bool
    count_time: float = 0.0
    """Seconds until the change count was found (and, with `minimal`, proven)."""


def _fixed_literal(v: Variables, o: int, d: int, value: str) -> Expr | bool:
    """1 when officer o holds `value` on day d, as an expression of the model (or a constant
    where the model leaves no choice)."""
    p = v.problem
    if p.on_leave(o, d):
        return value == LEAVE
    s = p.slot_index.get(value)
    if s is not None:
        return v.assigned(o, d, s) if s in v.slots_of(o, d) else False
    # rest, off or leave (no leave now): the officer holds no post
    working = v.works(o, d)
    if isinstance(working, int):
        return working == 0
    return 1 - working


def _keep(v: Variables, o: int, d: int, value: str, literals: list[cp_model.IntVar]) -> None:
    kept = _fixed_literal(v, o, d, value)
    if isinstance(kept, bool | int):
        if not kept:
            v.model.add_bool_or([]).only_enforce_if(literals)
        return
    v.model.add(kept == 1).only_enforce_if(literals)


def _describe_value(problem: Problem, value: str) -> str:
    s = problem.slot_index.get(value)
    if s is None:
        return value
    slot = problem.slots[s]
    if slot.community is None:
        return slot.post.name_en
    return f"{problem.station.community(slot.community).name_en} {slot.post.name_en.lower()}"


def add_frame(v: Variables, frame: Frame) -> list[Expr]:
    """Hold the fixed days and the pins, add the per-day minimums; return the change
    indicators of every counted officer-day from `frame.start` on."""
    p, before = v.problem, frame.before
    changed: list[Expr] = []
    fixed_days = [d for d, day in enumerate(p.days) if day < frame.start]
    for d in fixed_days:
        day = p.days[d]
        literals = v.guard(
            (
                f"the roster of {day:%Y-%m-%d} is fixed (before {frame.start:%Y-%m-%d})",
                f"{day:%Y-%m-%d}的排班已固定（早于{frame.start:%Y-%m-%d}）",
            )
            if v.explain
            else ""
        )
        for o, officer in enumerate(p.officers):
            row = before.cells.get(officer.id)
            if row is None or day not in row:
                continue
            _keep(v, o, d, row[day], literals)
    for officer_id, day in sorted(frame.pins):
        if day < frame.start:
            continue  # held with its day
        o, d = p.officer_index[officer_id], p.days.index(day)
        value = before.cells[officer_id][day]
        shown = _describe_value(p, value)
        literals = v.guard(
            (
                f"{p.officers[o].name} ({officer_id}) is pinned to '{shown}' on {day:%Y-%m-%d}",
                f"{p.officers[o].name}（{officer_id}）{day:%Y-%m-%d}已锁定为“{value}”",
            )
            if v.explain
            else ""
        )
        _keep(v, o, d, value, literals)
    for (code, day), least in sorted((frame.minimums or {}).items()):
        s, d = p.slot_index[code], p.days.index(day)
        if day < frame.start or not least:
            continue
        shown = _describe_value(p, code)
        literals = v.guard(
            (
                f"the changes ask for at least {least} at {shown} on {day:%Y-%m-%d}",
                f"变更要求{day:%Y-%m-%d} {shown}至少{least}人",
            )
            if v.explain
            else ""
        )
        staff = v.staff(s, d)
        if isinstance(staff, int):
            if staff < least:
                v.model.add_bool_or([]).only_enforce_if(literals)
        else:
            v.model.add(staff >= least).only_enforce_if(literals)
    if v.explain:
        return changed
    for o, officer in enumerate(p.officers):
        row = before.cells.get(officer.id)
        if row is None or officer.id in frame.uncounted:
            continue
        for d, day in enumerate(p.days):
            if day < frame.start or (officer.id, day) in frame.pins or day not in row:
                continue
            kept = _fixed_literal(v, o, d, row[day])
            changed.append(int(not kept) if isinstance(kept, bool | int) else 1 - kept)
    return changed


def _hint(v: Variables, before: Roster) -> None:
    """Start from the roster being changed (a hint may break rules: CP-SAT repairs it)."""
    p = v.problem
    indices: list[int] = []
    values: list[int] = []
    for o, officer in enumerate(p.officers):
        row = before.cells.get(officer.id)
        if row is None:
            continue
        for d, day in enumerate(p.days):
            held = row.get(day)
            for s in v.slots_of(o, d):
                indices.append(v.assigned_var(o, d, s).index)
                values.append(int(p.slots[s].code == held))
    hint = v.model.proto.solution_hint
    hint.vars.extend(indices)
    hint.values.extend(values)


_STATUS = {
    cp_model.OPTIMAL: SolveStatus.optimal,
    cp_model.FEASIBLE: SolveStatus.feasible,
    cp_model.INFEASIBLE: SolveStatus.infeasible,
    cp_model.MODEL_INVALID: SolveStatus.invalid,
}


COST_STAGE_MIN = 0.2
"""Seconds below which the cost stage is not started: the first stage's roster stands."""

COST_STAGE_FACTOR = 3.5
"""The cost stage is started only with at least this many times the first stage's solve time
left. CP-SAT's presolve is not interrupted by the time limit everywhere, and the cost stage
(the whole model presolved again, at the month's LP level) took 2.3 to 2.8 times the first
stage's solve on a station 10 times Qianmen's size (2.2 s against 0.8 s on a quiet machine,
2.3 s against 1.0 s on a busy one), so a stage started with less time left would end after
the limit."""


def solve_replan(
    problem: Problem, frame: Frame, options: SolveOptions, *, deadline: float | None = None
) -> ReplanOutcome:
    """Re-roster `problem` within `frame`: fewest changes first, then least cost.

    The time limit counts from the call (or ends at `deadline`, a `time.perf_counter()` value,
    when one is given), model building included. At most two thirds of it go to the change
    count. The cost stage starts from the first stage's roster (a complete hint, so it can
    only improve on it) and gets what is left; it is skipped when less than `COST_STAGE_MIN`
    seconds, or less than `COST_STAGE_FACTOR` times the first stage's solve time, remain, and
    the first stage's roster then stands, its cost not proven least.

    The result's status is optimal when both were proven, feasible when a roster was found
    without both proofs, infeasible (with no reasons: `explain_replan` finds them) when no
    roster keeps the rules, the fixed days and the pins, and timed out when none was found in
    time.
    """
    started = time.perf_counter()
    if deadline is None:
        deadline = started + options.time_limit
    model, variables, terms = build_model(problem)
    changed = add_frame(variables, frame)
    count = total(changed)
    cost = cp_model.LinearExpr.weighted_sum(
        [t.amount for t in terms], [unit_cost(problem.station, t) for t in terms]
    )
    _hint(variables, frame.before)
    model.minimize(count)
    first = cp_model.CpSolver()
    _parameters(first, options, (deadline - time.perf_counter()) * 2 / 3)
    # Measured on a station 10 times Qianmen's size: the count is proven in 0.8 s without
    # the LP (level 0) and in 12 s at the month's level 2, which helps only the cost's bound.
    first.parameters.linearization_level = 0
    status = first.solve(model)
    counted = time.perf_counter() - started
    log.debug("replan: change count %s after %.2fs", first.status_name(status), first.wall_time)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result_status = _STATUS.get(status, SolveStatus.timed_out)
        reasons = (
            []
            if result_status is SolveStatus.infeasible
            else [f"no roster found within {options.time_limit:g} s"]
        )
        return ReplanOutcome(
            Result(
                status=result_status,
                reasons=reasons,
                wall_time=time.perf_counter() - started,
            ),
            None,
            False,
        )
    minimal = status == cp_model.OPTIMAL
    fewest = round(first.objective_value)
    # Lexicographic: hold the count, then price the roster as the month would be priced.
    model.add(count <= fewest)
    model.minimize(cost)
    model.clear_hints()  # type: ignore[no-untyped-call]
    solution = list(first.response_proto.solution)
    model.proto.solution_hint.vars.extend(range(len(solution)))
    model.proto.solution_hint.values.extend(solution)
    second = cp_model.CpSolver()
    _parameters(second, options, deadline - time.perf_counter())
    # Measured on a station 10 times Qianmen's size: with the count held, presolve's probing
    # makes its next fix-point loop take 6 s, which no time limit interrupts; without probing
    # presolve leaves a handful of variables and the cost is proven in well under a second.
    second.parameters.cp_model_probing_level = 0
    needed = max(COST_STAGE_MIN, COST_STAGE_FACTOR * first.wall_time)
    if deadline - time.perf_counter() >= needed:
        status2 = second.solve(model)
    else:
        log.info(
            "replan: %.2fs left, too little to price the roster", deadline - time.perf_counter()
        )
        status2 = cp_model.UNKNOWN
    if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        holder, proven = second, status2 == cp_model.OPTIMAL
        bound = _bound(second.best_objective_bound, 0)
    else:
        # No time left to price: the first roster stands, with its cost unproven.
        holder, proven, bound = first, False, 0
    result = _found(
        problem,
        variables,
        terms,
        holder,
        SolveStatus.optimal if proven and minimal else SolveStatus.feasible,
        bound,
    )
    changes = sum(c if isinstance(c, int) else int(holder.value(c)) for c in changed)
    log.info(
        "re-rostered %s %s from %s: %d changed officer-days (%s), cost %s, %.2fs",
        problem.station.id,
        problem.month,
        frame.start,
        changes,
        "minimal" if minimal else "not proven minimal",
        result.objective,
        time.perf_counter() - started,
    )
    result = result.model_copy(update={"wall_time": time.perf_counter() - started})
    return ReplanOutcome(result, changes, minimal, counted)


def explain_replan(problem: Problem, frame: Frame, time_limit: float) -> list[Conflict] | None:
    """Why no roster keeps the rules, the fixed days, the pins and the changes' minimums: the
    conflicting constraints, each in plain words in English and Chinese (`Conflict.text`);
    [] when a roster does, None when the search could not decide in time."""
    model, variables, _ = build_model(problem, explain=True)
    add_frame(variables, frame)
    return conflicting(model, variables.guards, time_limit)
