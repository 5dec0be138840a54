"""The CP-SAT roster model: the only package that imports OR-Tools.

`solve(station, month, leave, options)` compiles the inputs, builds every rule family of
`rosterkit.solver.rules`, sums their penalty terms into one objective weighted by the station's
appraisal weights, solves, and returns a `Result`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rosterkit.calendar import Month
from rosterkit.duties import LEAVE, OFF, REST
from rosterkit.leave import Leave
from rosterkit.ledger import Ledger
from rosterkit.options import SolveOptions
from rosterkit.problem import Problem, compile_problem
from rosterkit.result import Penalty, Result, Side, SolveStatus
from rosterkit.roster import Roster
from rosterkit.solver.conflicts import conflicting
from rosterkit.solver.construct import initial_roster
from rosterkit.solver.rules import RULES, rest, squads
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Variables
from rosterkit.station import DutyState, Station

__all__ = ["Progress", "build_model", "explain", "explain_infeasible", "solve"]

log = logging.getLogger(__name__)

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.optimal,
    cp_model.FEASIBLE: SolveStatus.feasible,
    cp_model.INFEASIBLE: SolveStatus.infeasible,
    cp_model.MODEL_INVALID: SolveStatus.invalid,
    cp_model.UNKNOWN: SolveStatus.timed_out,
}


def unit_cost(station: Station, term: Term) -> int:
    share = (
        station.appraisal.long_line if term.side is Side.long_line else station.appraisal.short_line
    )
    return term.weight * share


def build_model(
    problem: Problem, *, explain: bool = False
) -> tuple[cp_model.CpModel, Variables, list[Term]]:
    """The CP-SAT model of a compiled problem, its variables and its penalty terms."""
    model = cp_model.CpModel()
    variables = Variables(model, problem, explain=explain)
    terms: list[Term] = []
    for rule in RULES:
        terms += rule.build(variables)
    if not explain:
        _hint_no_call_ins(problem, variables)
        model.minimize(
            cp_model.LinearExpr.weighted_sum(
                [t.amount for t in terms], [unit_cost(problem.station, t) for t in terms]
            )
        )
    return model, variables, terms


def _hint_no_call_ins(problem: Problem, v: Variables) -> None:
    """Call-ins are costly: start the search from a roster that has none."""
    for o in range(len(problem.officers)):
        if not problem.rotates(o):
            continue
        for d in range(len(problem.days)):
            if v.possible_states(o, d) == {DutyState.rest}:
                for s in v.slots_of(o, d):
                    v.model.add_hint(v.assigned_var(o, d, s), 0)


def _parameters(
    solver: cp_model.CpSolver, options: SolveOptions, remaining: float, *, fixed_hint: bool = False
) -> None:
    params = solver.parameters
    # A reproducible search runs one worker: CP-SAT's interleaved (deterministic) parallel
    # search was both slower here and seen to abort on some models.
    params.num_workers = 1 if options.deterministic else options.workers
    params.random_seed = options.seed
    params.log_search_progress = options.log
    params.relative_gap_limit = options.relative_gap
    # Measured on the built-in station: symmetry detection and repeated presolve cost more
    # than they save on these models (benchmarks/solve_speed.py).
    params.symmetry_level = 0
    params.max_presolve_iterations = 1
    params.max_time_in_seconds = max(remaining, 0.01)
    if options.deterministic:
        # Reproducible unless the wall-clock limit strikes first.
        params.max_deterministic_time = max(remaining, 0.01)
    if fixed_hint:
        # Completing a hint: every decision is fixed to it, propagation sets the rest.
        params.fix_variables_to_their_hinted_value = True
        params.num_workers = 1


@dataclass(frozen=True)
class Progress:
    """A new best roster during the search."""

    elapsed: float
    objective: int
    bound: int


ProgressHook = Callable[[Progress], None]


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, hook: ProgressHook, started: float) -> None:
        super().__init__()
        self._hook, self._started = hook, started

    def on_solution_callback(self) -> None:
        self._hook(
            Progress(
                time.perf_counter() - self._started,
                round(self.objective_value),
                round(self.best_objective_bound),
            )
        )


def solve(
    station: Station,
    month: Month | str,
    leave: Iterable[Leave] = (),
    options: SolveOptions | None = None,
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
    progress: ProgressHook | None = None,
) -> Result:
    """Roster `station` for `month` with `leave`; outcomes are statuses, bad input raises.

    Where some squads are not given, the squads are first formed on their own (rule `squads`) and
    the month rostered with them; if that roster costs nothing it is optimal for the whole
    problem (every penalty is non-negative), otherwise the full model, squads included, goes on
    from it for the remaining time.

    With `previous`, the roster of the month before, the rotation phase and open squads run on
    from it and rules spanning days look back across the boundary; with `ledger`, fairness
    counts the year so far (`rosterkit.continuity`).

    Raises `rosterkit.errors.RosterInputError` for inputs no roster can use (an unknown officer
    in the leave list, an officer who may hold no post, a malformed month, a previous roster
    of another month).
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    deadline = started + options.time_limit
    leave = list(leave)
    problem = compile_problem(station, month, leave, previous=previous, ledger=ledger)
    staged: Result | None = None
    if any(
        problem.grouped(o) and problem.fixed_group(o) is None for o in range(len(problem.officers))
    ):
        squads = form_squads(problem, options, deadline)
        if squads is not None:
            fixed = compile_problem(
                station.with_squads(squads), month, leave, previous=previous, ledger=ledger
            )
            halfway = time.perf_counter() + (deadline - time.perf_counter()) / 2
            staged = _run(fixed, options, halfway, progress, started)
            if staged.status is SolveStatus.optimal and staged.objective == 0:
                return _timed(staged, started)
    hint = staged.roster if staged is not None else None
    result = _run(problem, options, deadline, progress, started, hint=hint)
    if (
        staged is not None
        and staged.objective is not None
        and (result.objective is None or staged.objective < result.objective)
    ):
        # The full model found nothing better in its time: keep the staged roster, which is
        # feasible for the whole problem but not proven optimal for it.
        bound = result.best_bound if result.best_bound is not None else 0
        result = staged.model_copy(update={"status": SolveStatus.feasible, "best_bound": bound})
    return _timed(result, started)


def _timed(result: Result, started: float) -> Result:
    return result.model_copy(update={"wall_time": time.perf_counter() - started})


def form_squads(
    problem: Problem, options: SolveOptions, deadline: float
) -> dict[str, int | None] | None:
    """Squads (and appraisal groups) that keep rule `squads` and even out each team's weekend and
    holiday duty days (with the ledger, over the year), or None if there are none."""
    model = cp_model.CpModel()
    variables = Variables(model, problem, posts=False)
    squads.build(variables)
    rest.build(variables)
    spreads = squads.duty_day_spread(variables)
    if spreads:
        model.minimize(cp_model.LinearExpr.sum(spreads))
    solver = cp_model.CpSolver()
    _parameters(solver, options, deadline - time.perf_counter())
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {
        officer.id: next(
            k + 1 for k in range(problem.groups) if solver.value(variables.group(o, k))
        )
        for o, officer in enumerate(problem.officers)
        if problem.grouped(o)
    }


def _run(
    problem: Problem,
    options: SolveOptions,
    deadline: float,
    progress: ProgressHook | None,
    started: float,
    *,
    hint: Roster | None = None,
) -> Result:
    model, variables, terms = build_model(problem)
    start = hint if hint is not None else initial_roster(problem)
    solver = None
    if start is not None:
        _hint_roster(problem, variables, start)
        solver = _complete_hint(model, options, deadline)
        if solver is not None and progress is not None:
            # Every penalty is non-negative, so 0 bounds any roster.
            progress(Progress(time.perf_counter() - started, round(solver.objective_value), 0))
    if solver is not None and solver.objective_value == 0:
        # The starting roster costs nothing, so no roster is better: it is optimal.
        status = cp_model.OPTIMAL
    else:
        solver = cp_model.CpSolver()
        _parameters(solver, options, deadline - time.perf_counter())
        if progress is not None:
            status = solver.solve(model, _Reporter(progress, started))
        else:
            status = solver.solve(model)
    result_status = _STATUS.get(status, SolveStatus.timed_out)
    log.info(
        "solved %s %s: %s after %.2fs",
        problem.station.id,
        problem.month,
        result_status,
        time.perf_counter() - started,
    )
    if result_status in (SolveStatus.infeasible, SolveStatus.invalid):
        if result_status is SolveStatus.invalid:
            reasons = [f"the model is invalid: {model.validate()}"]
        else:
            found = explain_infeasible(problem, time_limit=max(1.0, options.time_limit / 4))
            reasons = found or [
                "the rules cannot all hold this month; 'rosterkit explain' with a longer time "
                "limit names the conflicting ones"
            ]
        return Result(status=result_status, reasons=reasons)
    if result_status is SolveStatus.timed_out:
        return Result(
            status=result_status, reasons=[f"no roster found within {options.time_limit:g} s"]
        )
    penalties = [
        Penalty(
            rule=t.rule,
            side=t.side,
            key=t.key,
            amount=amount,
            unit_cost=unit_cost(problem.station, t),
        )
        for t in terms
        if (amount := int(solver.value(t.amount))) != 0
    ]
    # The objective is what the returned roster costs. When a search is stopped by its time
    # limit, CP-SAT's reported objective can exceed the cost of the solution it returns (seen
    # with symmetry detection off); the roster is what the station gets, so its cost counts.
    objective = sum(p.cost for p in penalties)
    if objective != round(solver.objective_value):
        log.debug("objective %s, CP-SAT reported %s", objective, solver.objective_value)
    return Result(
        status=result_status,
        objective=objective,
        # Every penalty is non-negative, so 0 is a bound even when CP-SAT's is weaker.
        best_bound=min(objective, max(0, round(solver.best_objective_bound))),
        roster=_roster(problem, variables, solver),
        penalties=penalties,
    )


def _complete_hint(
    model: cp_model.CpModel, options: SolveOptions, deadline: float
) -> cp_model.CpSolver | None:
    """Extend the model's hint to every variable (penalty counters included) by solving with the
    hinted variables fixed, so that CP-SAT takes it as a first solution; None, and the hint left
    as it was, if the hinted roster breaks a rule of the model.

    The returned solver holds the completed roster and its cost.
    """
    solver = cp_model.CpSolver()
    _parameters(solver, options, deadline - time.perf_counter(), fixed_hint=True)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        log.debug("the starting roster breaks a rule of the model; hinting it as it is")
        return None
    values = list(solver.response_proto.solution)
    model.clear_hints()  # type: ignore[no-untyped-call]
    hint = model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)
    return solver


def _hint_roster(problem: Problem, v: Variables, roster: Roster) -> None:
    """Start the search from a known roster."""
    v.model.clear_hints()  # type: ignore[no-untyped-call]
    for o, officer in enumerate(problem.officers):
        if problem.grouped(o) and v.has_group_var(o):
            for k in range(problem.groups):
                v.model.add_hint(v.group_var(o, k), roster.groups.get(officer.id) == k + 1)
        for d, day in enumerate(problem.days):
            held = roster.cells[officer.id][day]
            for s in v.slots_of(o, d):
                v.model.add_hint(v.assigned_var(o, d, s), problem.slots[s].code == held)


def explain(
    station: Station,
    month: Month | str,
    leave: Iterable[Leave] = (),
    options: SolveOptions | None = None,
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
) -> list[str] | None:
    """Why the month cannot be rostered, in plain words.

    ``[]`` when it can be rostered; None when the search could not decide within the options'
    time limit. Bad input raises `RosterInputError`, as for `solve`.
    """
    options = options or SolveOptions()
    problem = compile_problem(station, month, leave, previous=previous, ledger=ledger)
    return explain_infeasible(problem, time_limit=options.time_limit)


def explain_infeasible(problem: Problem, *, time_limit: float = 10.0) -> list[str] | None:
    """Plain-language reasons why the problem has no roster ([] if it has one, None if the
    search could not decide in time)."""
    model, variables, _ = build_model(problem, explain=True)
    return conflicting(model, variables.guards, time_limit)


def _roster(problem: Problem, v: Variables, solver: cp_model.CpSolver) -> Roster:
    groups: dict[str, int] = {}
    cells: dict[str, dict[dt.date, str]] = {}
    for o, officer in enumerate(problem.officers):
        if problem.grouped(o):
            groups[officer.id] = next(
                k + 1 for k in range(problem.groups) if solver.value(v.group(o, k))
            )
        row: dict[dt.date, str] = {}
        for d, day in enumerate(problem.days):
            if problem.on_leave(o, d):
                row[day] = LEAVE
                continue
            held = [s for s in v.slots_of(o, d) if solver.value(v.assigned(o, d, s))]
            row[day] = (
                problem.slots[held[0]].code if held else (REST if problem.rotates(o) else OFF)
            )
        cells[officer.id] = row
    return Roster(
        station_id=problem.station.id, month=str(problem.month), groups=groups, cells=cells
    )
