"""The CP-SAT roster model: the only package that imports OR-Tools.

`solve(station, month, leave, options)` compiles the inputs, builds every rule family of
`rosterkit.solver.rules`, sums their penalty terms into one objective weighted by the station's
appraisal weights, solves, and returns a `Result`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from ortools.sat.python import cp_model

from rosterkit.calendar import Month
from rosterkit.duties import LEAVE, OFF, REST
from rosterkit.leave import Leave
from rosterkit.options import SolveOptions
from rosterkit.problem import Problem, compile_problem
from rosterkit.result import Penalty, Result, Side, SolveStatus
from rosterkit.roster import Roster
from rosterkit.solver.explain import conflicting
from rosterkit.solver.rules import RULES
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Variables
from rosterkit.station import Station

__all__ = ["build_model", "solve"]

log = logging.getLogger(__name__)

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.optimal,
    cp_model.FEASIBLE: SolveStatus.feasible,
    cp_model.INFEASIBLE: SolveStatus.infeasible,
    cp_model.MODEL_INVALID: SolveStatus.invalid,
    cp_model.UNKNOWN: SolveStatus.timed_out,
}


def unit_cost(station: Station, term: Term) -> int:
    share = station.appraisal.long_line if term.side is Side.long_line else station.appraisal.short_line
    return term.weight * share


def build_model(problem: Problem, *, explain: bool = False) -> tuple[cp_model.CpModel, Variables, list[Term]]:
    """The CP-SAT model of a compiled problem, its variables and its penalty terms."""
    model = cp_model.CpModel()
    variables = Variables(model, problem, explain=explain)
    terms: list[Term] = []
    for rule in RULES:
        terms += rule.build(variables)
    if not explain:
        model.minimize(
            cp_model.LinearExpr.weighted_sum(
                [t.amount for t in terms], [unit_cost(problem.station, t) for t in terms]
            )
        )
    return model, variables, terms


def _parameters(solver: cp_model.CpSolver, options: SolveOptions, remaining: float) -> None:
    params = solver.parameters
    params.num_workers = options.workers
    params.random_seed = options.seed
    params.log_search_progress = options.log
    params.relative_gap_limit = options.relative_gap
    if options.deterministic:
        params.interleave_search = options.workers > 1
        params.max_deterministic_time = max(remaining, 0.01)
    else:
        params.max_time_in_seconds = max(remaining, 0.01)


def solve(
    station: Station,
    month: Month | str,
    leave: Iterable[Leave] = (),
    options: SolveOptions | None = None,
    *,
    on_solution: cp_model.CpSolverSolutionCallback | None = None,
) -> Result:
    """Roster `station` for `month` with `leave`; outcomes are statuses, bad input raises.

    Raises `rosterkit.errors.RosterInputError` for inputs no roster can use (an unknown officer
    in the leave list, an officer who may hold no post, a malformed month).
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    problem = compile_problem(station, month, leave)
    model, variables, terms = build_model(problem)
    solver = cp_model.CpSolver()
    _parameters(solver, options, options.time_limit - (time.perf_counter() - started))
    status = solver.solve(model, on_solution) if on_solution else solver.solve(model)
    result_status = _STATUS.get(status, SolveStatus.timed_out)
    log.info("solved %s %s: %s in %.2fs", station.id, problem.month, result_status,
             time.perf_counter() - started)
    if result_status in (SolveStatus.infeasible, SolveStatus.invalid):
        reasons = (
            [f"the model is invalid: {model.validate()}"]
            if result_status is SolveStatus.invalid
            else explain_infeasible(problem, time_limit=max(1.0, options.time_limit / 4))
        )
        return Result(status=result_status, wall_time=time.perf_counter() - started,
                      reasons=reasons)
    if result_status is SolveStatus.timed_out:
        return Result(status=result_status, wall_time=time.perf_counter() - started,
                      reasons=[f"no roster found within {options.time_limit:g} s"])
    penalties = [
        Penalty(rule=t.rule, side=t.side, key=t.key, amount=amount,
                unit_cost=unit_cost(station, t))
        for t in terms
        if (amount := int(solver.value(t.amount))) != 0
    ]
    return Result(
        status=result_status,
        objective=round(solver.objective_value),
        best_bound=round(solver.best_objective_bound),
        wall_time=time.perf_counter() - started,
        roster=_roster(problem, variables, solver),
        penalties=penalties,
    )


def explain_infeasible(problem: Problem, *, time_limit: float = 10.0) -> list[str]:
    """Plain-language reasons why the problem has no roster (empty if it has one)."""
    model, variables, _ = build_model(problem, explain=True)
    found = conflicting(model, variables.guards, time_limit)
    if found is None:
        return []
    return found or ["the rules conflict with each other even before any request is considered"]


def _roster(problem: Problem, v: Variables, solver: cp_model.CpSolver) -> Roster:
    groups: dict[str, int] = {}
    cells: dict[str, dict[object, str]] = {}
    for o, officer in enumerate(problem.officers):
        if problem.grouped(o):
            groups[officer.id] = next(
                k + 1 for k in range(problem.groups) if solver.value(v.group(o, k))
            )
        row: dict[object, str] = {}
        for d, day in enumerate(problem.days):
            if problem.on_leave(o, d):
                row[day] = LEAVE
                continue
            held = [s for s in v.slots_of(o, d) if solver.value(v.assigned(o, d, s))]
            row[day] = problem.slots[held[0]].code if held else (
                REST if problem.rotates(o) else OFF
            )
        cells[officer.id] = row
    return Roster(station_id=problem.station.id, month=str(problem.month), groups=groups,
                  cells=cells)  # type: ignore[arg-type]
