"""The CP-SAT roster model: the only package that imports OR-Tools.

`solve(station, month, leave, options)` compiles the inputs, builds every rule family of
`rosterkit.solver.rules`, sums their penalty terms into one objective weighted by the station's
appraisal weights, solves, and returns a `Result`.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from rosterkit.calendar import Month
from rosterkit.duties import LEAVE, OFF, REST
from rosterkit.explanation import reason_lines
from rosterkit.leave import Leave
from rosterkit.ledger import Ledger
from rosterkit.options import SolveOptions
from rosterkit.problem import Problem, compile_problem
from rosterkit.result import Conflict, Penalty, Result, Side, SolveStatus, SquadMove
from rosterkit.roster import Roster
from rosterkit.rules import call_in
from rosterkit.solver.conflicts import conflicting
from rosterkit.solver.construct import initial_roster
from rosterkit.solver.rebalance import needs_rebalance, rebalance_squads, starting_squads
from rosterkit.solver.rules import RULES, rest, squads
from rosterkit.solver.rules.leave import forced_call_ins
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Variables
from rosterkit.squad_balance import squad_moves
from rosterkit.station import DutyState, Station

__all__ = [
    "Progress",
    "build_model",
    "explain",
    "explain_conflicts",
    "rebalance",
    "solve",
]

log = logging.getLogger(__name__)

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.optimal,
    cp_model.FEASIBLE: SolveStatus.feasible,
    cp_model.INFEASIBLE: SolveStatus.infeasible,
    cp_model.MODEL_INVALID: SolveStatus.invalid,
    cp_model.UNKNOWN: SolveStatus.timed_out,
}


def unit_cost(station: Station, term: Term) -> int:
    return _price(station, term.side, term.weight)


def _price(station: Station, side: Side, weight: int) -> int:
    share = station.appraisal.long_line if side is Side.long_line else station.appraisal.short_line
    return weight * share


def lower_bound(problem: Problem) -> int:
    """A bound on every roster's cost known before the search: the call-ins leave forces
    (`rosterkit.solver.rules.leave.forced_call_ins`) at their price; every other penalty is
    non-negative."""
    rule, station = call_in.RULE, problem.station
    assert rule.side is not None
    price = _price(station, rule.side, rule.unit_weight(station))
    return forced_call_ins(problem) * price if price else 0


def build_model(
    problem: Problem, *, explain: bool = False
) -> tuple[cp_model.CpModel, Variables, list[Term]]:
    """The CP-SAT model of a compiled problem, its variables and its penalty terms."""
    model = cp_model.CpModel()
    variables = Variables(model, problem, explain=explain)
    terms: list[Term] = []
    for rule in RULES:
        variables.rules = tuple(part.id for part in rule.MODELS)
        terms += rule.build(variables)
    if not explain:
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


LINEARIZATION = 2
"""CP-SAT's linearization level for the search (see `_parameters`); a name of its own so that
an experiment can set it back to CP-SAT's default, 1."""
_SUBSOLVERS = (
    "max_lp",
    "core",
    "default_lp",
    "no_lp",
    "quick_restart",
    "reduced_costs",
    "pseudo_costs",
    "lb_tree_search",
    "probing",
    "quick_restart_no_lp",
)
"""CP-SAT's full-problem workers in the order they are taken (its default order, with the
LP at level 2 first)."""


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
    # The bound comes from the LP. At CP-SAT's default linearization level the LP leaves out
    # the at-most-ones and clauses ("one post a day", "one main-group officer in the office"),
    # so it lets an officer count for two posts at once and on months with leave proves only
    # half the call-ins the leave forces (issue 10: 26,700 against 53,900 on the built-in
    # station's hard month). With them (level 2) the same bound comes at once.
    params.linearization_level = LINEARIZATION
    if params.num_workers > 1 and LINEARIZATION == 2:
        # The portfolio's first full-problem worker forces level 1; lead with its level-2 twin.
        params.subsolvers.extend(_SUBSOLVERS)
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


def _bound(value: float, floor: int, objective: int | None = None) -> int:
    """A proven lower bound as an integer: CP-SAT's `value` rounded up (every cost is an
    integer), never below `floor` (0, or a bound known before the search: every penalty is
    non-negative) nor above the roster's `objective`."""
    bound = max(floor, math.ceil(value - 1e-6)) if math.isfinite(value) else floor
    return bound if objective is None else min(bound, objective)


class _Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, hook: ProgressHook, started: float, floor: int) -> None:
        super().__init__()
        self._hook, self._started, self._floor = hook, started, floor

    def on_solution_callback(self) -> None:
        objective = round(self.objective_value)
        self._hook(
            Progress(
                time.perf_counter() - self._started,
                objective,
                _bound(self.best_objective_bound, self._floor, objective),
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

    Where the squads given are no longer balanced because the head count changed (or some
    officers joined without one), they are first re-balanced with the fewest moves from last
    month's squads (`rosterkit.squad_balance`; `Result.squad_moves` lists the moves).

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
    station, problem, moves = _rebalanced(problem, options, deadline, previous, leave, ledger)
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
            # A bound with these squads bounds nothing of the whole problem: show only 0.
            staged_progress = (
                None
                if progress is None
                else lambda p: progress(Progress(p.elapsed, p.objective, 0))
            )
            staged = _run(fixed, options, halfway, staged_progress, started)
            if staged.status is SolveStatus.optimal and staged.objective == 0:
                return _timed(staged, started, moves)
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
    return _timed(result, started, moves)


def _rebalanced(
    problem: Problem,
    options: SolveOptions,
    deadline: float,
    previous: Roster | None,
    leave: list[Leave],
    ledger: Ledger | None,
) -> tuple[Station, Problem, list[SquadMove]]:
    """The problem's station with its squads re-balanced where they call for it, the problem
    compiled again with them, and the moves ([] and the problem as it is when none)."""
    start = starting_squads(problem, previous)
    if needs_rebalance(problem, start, options, deadline):
        balanced = rebalance_squads(problem, start, options, deadline)
        if balanced is not None:
            station = problem.station.with_squads(balanced)
            month = problem.month
            again = compile_problem(station, month, leave, previous=previous, ledger=ledger)
            return station, again, squad_moves(start, balanced)
    return problem.station, problem, []


def rebalance(
    station: Station,
    month: Month | str,
    leave: Iterable[Leave] = (),
    options: SolveOptions | None = None,
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
) -> tuple[Station, list[SquadMove]]:
    """`station` with its squads re-balanced with the fewest moves where the head count changed
    (`rosterkit.squad_balance`), and the moves; the station as it is and [] when its squads
    need no re-balancing, break rule `squads`, or the station's `rebalance_squads` is off.

    `rosterkit.month` calls it first, so that the leave decisions and the count see the
    squads the month is rostered with; `solve` does the same for squads given to it directly.
    """
    options = options or SolveOptions()
    deadline = time.perf_counter() + options.time_limit
    problem = compile_problem(station, month, list(leave), previous=previous, ledger=ledger)
    balanced, _, moves = _rebalanced(problem, options, deadline, previous, list(leave), ledger)
    return balanced, moves


def _timed(result: Result, started: float, moves: list[SquadMove]) -> Result:
    return result.model_copy(
        update={"wall_time": time.perf_counter() - started, "squad_moves": moves}
    )


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


_SEARCH_AT_LEAST = 0.05
"""Seconds a search needs to be worth starting; with less left the best roster so far stands."""
_GRACE = 0.3
"""Seconds allowed past the time limit to price a roster already built (the limit is kept to
within half a second)."""


def _run(
    problem: Problem,
    options: SolveOptions,
    deadline: float,
    progress: ProgressHook | None,
    started: float,
    *,
    hint: Roster | None = None,
) -> Result:
    """Build the model, start from `hint` or the constructed roster, and search until the
    deadline; the best roster found is returned, whichever step found it."""
    model, variables, terms = build_model(problem)
    floor = lower_bound(problem)
    start: Result | None = None
    roster = hint if hint is not None else initial_roster(problem)
    if roster is None:
        _hint_no_call_ins(problem, variables)
    else:
        _hint_roster(problem, variables, roster)
        # A roster in hand is priced even when the time is up, so that it is not lost.
        completed = _complete_hint(model, options, max(deadline, time.perf_counter() + _GRACE))
        if completed is not None:
            # No search has bounded its cost yet: only what is known before one.
            start = _found(problem, variables, terms, completed, SolveStatus.feasible, floor)
            assert start.objective is not None and start.best_bound is not None
            if progress is not None:
                progress(Progress(time.perf_counter() - started, start.objective, start.best_bound))
            if start.objective == start.best_bound:
                # The starting roster costs no more than any roster can (0 when there is no
                # leave to cover): it is optimal.
                return _logged(
                    problem, start.model_copy(update={"status": SolveStatus.optimal}), started
                )
    status = cp_model.UNKNOWN
    solver = cp_model.CpSolver()
    searched = deadline - time.perf_counter() >= _SEARCH_AT_LEAST
    if searched:
        _parameters(solver, options, deadline - time.perf_counter())
        if progress is not None:
            status = solver.solve(model, _Reporter(progress, started, floor))
        else:
            status = solver.solve(model)
    result_status = _STATUS.get(status, SolveStatus.timed_out)
    if result_status in (SolveStatus.optimal, SolveStatus.feasible):
        bound = _bound(solver.best_objective_bound, floor)
        found = _found(problem, variables, terms, solver, result_status, bound)
        if start is not None and (start.objective or 0) < (found.objective or 0):
            # The search stopped before it reached the start roster's cost.
            found = start.model_copy(update={"best_bound": found.best_bound})
        return _logged(problem, found, started)
    if result_status is SolveStatus.timed_out and start is not None:
        # No roster from the search in its time: the start roster stands, with what the search
        # proved about the bound.
        bound = _bound(solver.best_objective_bound, floor) if searched else floor
        bound = min(bound, start.objective or 0)
        return _logged(problem, start.model_copy(update={"best_bound": bound}), started)
    if result_status in (SolveStatus.infeasible, SolveStatus.invalid):
        conflicts: list[Conflict] = []
        if result_status is SolveStatus.invalid:
            reasons = [f"the model is invalid: {model.validate()}"]
        else:
            left = deadline - time.perf_counter()
            named = (
                explain_conflicts(problem, time_limit=min(max(1.0, options.time_limit / 4), left))
                if left >= _SEARCH_AT_LEAST
                else None
            )
            conflicts = named or []
            reasons = reason_lines(conflicts, problem.station) or [
                "the rules cannot all hold this month; 'rosterkit explain' with a longer time "
                "limit names the conflicting ones"
            ]
        return _logged(
            problem,
            Result(status=result_status, reasons=reasons, conflicts=conflicts),
            started,
        )
    return _logged(
        problem,
        Result(status=result_status, reasons=[f"no roster found within {options.time_limit:g} s"]),
        started,
    )


def _logged(problem: Problem, result: Result, started: float) -> Result:
    log.info(
        "solved %s %s: %s after %.2fs",
        problem.station.id,
        problem.month,
        result.status,
        time.perf_counter() - started,
    )
    return result


def _found(
    problem: Problem,
    variables: Variables,
    terms: list[Term],
    solver: cp_model.CpSolver,
    status: SolveStatus,
    bound: int,
) -> Result:
    """The roster a solver holds, its penalties and objective, and `bound` (a proven lower
    bound, capped at the objective)."""
    values = _Values(solver)
    penalties = [
        Penalty(
            rule=t.rule,
            side=t.side,
            key=t.key,
            amount=amount,
            unit_cost=unit_cost(problem.station, t),
        )
        for t in terms
        if (amount := values.of(t.amount)) != 0
    ]
    # The objective is what the returned roster costs. When a search is stopped by its time
    # limit, CP-SAT's reported objective can exceed the cost of the solution it returns (seen
    # with symmetry detection off); the roster is what the station gets, so its cost counts.
    objective = sum(p.cost for p in penalties)
    if objective != round(solver.objective_value):
        log.debug("objective %s, CP-SAT reported %s", objective, solver.objective_value)
    return Result(
        status=status,
        objective=objective,
        best_bound=min(bound, objective),
        roster=_roster(problem, variables, values),
        penalties=penalties,
    )


class _Values:
    """The values of a solver's solution, read once from its response."""

    def __init__(self, solver: cp_model.CpSolver) -> None:
        self._solver = solver
        self._solution = solver.response_proto.solution

    def var(self, var: cp_model.IntVar) -> int:
        return int(self._solution[var.index])

    def of(self, expr: cp_model.LinearExprT) -> int:
        if isinstance(expr, int):
            return expr
        if isinstance(expr, cp_model.IntVar):
            return self.var(expr)
        return int(self._solver.value(expr))


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
    # written to the model in one go: one call per variable is slow on large stations
    indices: list[int] = []
    values: list[int] = []
    for o, officer in enumerate(problem.officers):
        if problem.grouped(o) and v.has_group_var(o):
            for k in range(problem.groups):
                indices.append(v.group_var(o, k).index)
                values.append(int(roster.groups.get(officer.id) == k + 1))
        cells = roster.cells[officer.id]
        for d, day in enumerate(problem.days):
            held = cells[day]
            for s in v.slots_of(o, d):
                indices.append(v.assigned_var(o, d, s).index)
                values.append(int(problem.slots[s].code == held))
    hint = v.model.proto.solution_hint
    hint.vars.extend(indices)
    hint.values.extend(values)


def explain(
    station: Station,
    month: Month | str,
    leave: Iterable[Leave] = (),
    options: SolveOptions | None = None,
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
) -> list[str] | None:
    """Why the month cannot be rostered, in plain words (English; see `explain_conflicts` for
    the conflicts themselves, which can be said in Chinese too).

    ``[]`` when it can be rostered; None when the search could not decide within the options'
    time limit. Bad input raises `RosterInputError`, as for `solve`.
    """
    options = options or SolveOptions()
    problem = compile_problem(station, month, leave, previous=previous, ledger=ledger)
    found = explain_conflicts(problem, time_limit=options.time_limit)
    return None if found is None else reason_lines(found, station)


def explain_conflicts(problem: Problem, *, time_limit: float = 10.0) -> list[Conflict] | None:
    """The hard constraints that cannot hold together, each with its rule and the officers it
    names ([] if the problem has a roster, None if the search could not decide in time)."""
    model, variables, _ = build_model(problem, explain=True)
    officer_ids = [officer.id for officer in problem.officers]
    return conflicting(model, variables.guards, time_limit, officer_ids)


def _roster(problem: Problem, v: Variables, values: _Values) -> Roster:
    groups: dict[str, int] = {}
    cells: dict[str, dict[dt.date, str]] = {}
    for o, officer in enumerate(problem.officers):
        if problem.grouped(o):
            groups[officer.id] = next(
                k + 1 for k in range(problem.groups) if values.of(v.group(o, k))
            )
        row: dict[dt.date, str] = {}
        for d, day in enumerate(problem.days):
            if problem.on_leave(o, d):
                row[day] = LEAVE
                continue
            held = [s for s in v.slots_of(o, d) if values.var(v.assigned_var(o, d, s))]
            row[day] = (
                problem.slots[held[0]].code if held else (REST if problem.rotates(o) else OFF)
            )
        cells[officer.id] = row
    return Roster(
        station_id=problem.station.id, month=str(problem.month), groups=groups, cells=cells
    )
