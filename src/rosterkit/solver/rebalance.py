"""Re-balancing squads when the head count changes: the fewest moves from last month's squads.

A small CP-SAT model over the duty-group variables alone (no posts): rule `squads` holds; then,
in this order of priority, the squads are as balanced as they can be (`squad_balance.imbalance`:
each team's officers who may hold each staffed post spread evenly), the fewest officers leave
the squad they held last month, and each team's weekend and holiday duty days (with the ledger,
over the year) spread as little as form_squads would leave them. The priorities are weights
far enough apart that no amount of a lower one buys a unit of a higher one.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping

from ortools.sat.python import cp_model

from rosterkit.options import SolveOptions
from rosterkit.problem import Problem
from rosterkit.roster import Roster
from rosterkit.solver.rules import rest, squads
from rosterkit.solver.variables import Variables, total
from rosterkit.squad_balance import holder_spreads, imbalance

__all__ = ["rebalance_squads", "starting_squads"]


def starting_squads(problem: Problem, previous: Roster | None) -> dict[str, int | None]:
    """Each grouped officer's squad to count moves from: last month's where the previous
    roster has one, else the squad the station gives (None for an officer who joined)."""
    before = previous.groups if previous is not None else {}
    return {
        officer.id: before.get(officer.id, officer.squad)
        for o, officer in enumerate(problem.officers)
        if problem.grouped(o)
    }


def needs_rebalance(
    problem: Problem, start: Mapping[str, int | None], options: SolveOptions, deadline: float
) -> bool:
    """Whether the squads given for the month call for re-balancing: the station allows it,
    some officers have squads, either some have none or they are not balanced, and the squads
    to start from (`starting_squads`) keep rule `squads` and the rest at the month boundary.
    Re-balancing thus only evens out squads a roster could use: squads that break the rule stay
    as given, and the month is infeasible with the rule's reasons, as the count before the
    search (`rosterkit.capacity`) says; its fixes (`rosterkit.fixes`) propose the changes."""
    station = problem.station
    if not station.rebalance_squads:
        return False
    given = {
        officer.id: officer.squad
        for o, officer in enumerate(problem.officers)
        if problem.grouped(o)
    }
    if all(squad is None for squad in given.values()):
        return False
    if not any(squad is None for squad in given.values()) and not imbalance(station, given):
        return False
    started = dataclasses.replace(problem, station=station.with_squads(dict(start)))
    return _keeps_squads_rule(started, options, deadline)


def _keeps_squads_rule(problem: Problem, options: SolveOptions, deadline: float) -> bool:
    """Whether the squads the problem gives (open ones placed freely) keep rule `squads` and
    the rest at the month boundary."""
    from rosterkit.solver import _parameters

    model = cp_model.CpModel()
    v = Variables(model, problem, posts=False)
    squads.build(v)
    rest.build(v)
    solver = cp_model.CpSolver()
    _parameters(solver, options, deadline - time.perf_counter())
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def rebalance_squads(
    problem: Problem,
    start: Mapping[str, int | None],
    options: SolveOptions,
    deadline: float,
) -> dict[str, int | None] | None:
    """Balanced squads (1-based, every grouped officer) with the fewest moves from `start`;
    None when rule `squads` cannot hold or no answer came in time."""
    from rosterkit.solver import _parameters  # the solver parameters are set in one place

    opened = dataclasses.replace(problem, station=problem.station.without_squads())
    model = cp_model.CpModel()
    v = Variables(model, opened, posts=False)
    squads.build(v, break_symmetry=False)
    rest.build(v)
    groups = opened.groups
    index = opened.officer_index

    uneven: list[cp_model.LinearExprT] = []
    for spread in holder_spreads(opened.station):
        n = len(spread.members)
        low, high = n // groups, -(-n // groups)
        for k in range(groups):
            count = total(v.group(index[o], k) for o in spread.members)
            under = model.new_int_var(0, n, f"under({spread.what}, group {k + 1})")
            over = model.new_int_var(0, n, f"over({spread.what}, group {k + 1})")
            model.add(under >= low - count)
            model.add(over >= count - high)
            uneven += [under, over]
    moved = [
        1 - v.group(index[officer_id], squad - 1)
        for officer_id, squad in start.items()
        if squad is not None and 1 <= squad <= groups
    ]
    spreads = squads.duty_day_spread(v)
    spread_bound = len(spreads) * (len(opened.days) + _largest_carried(opened))
    move_weight = spread_bound + 1
    balance_weight = move_weight * (len(moved) + 1)
    model.minimize(
        balance_weight * cp_model.LinearExpr.sum(uneven)
        + move_weight * cp_model.LinearExpr.sum(moved)
        + cp_model.LinearExpr.sum(spreads)
    )
    # Start from where the officers are: the search then only looks for moves.
    for officer_id, squad in start.items():
        if squad is not None and 1 <= squad <= groups:
            for k in range(groups):
                model.add_hint(v.group_var(index[officer_id], k), int(k == squad - 1))
    solver = cp_model.CpSolver()
    _parameters(solver, options, deadline - time.perf_counter())
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {
        officer.id: next(k + 1 for k in range(groups) if solver.value(v.group(o, k)))
        for o, officer in enumerate(opened.officers)
        if opened.grouped(o)
    }


def _largest_carried(problem: Problem) -> int:
    """The largest weekend or holiday count the ledger carries (0 without one)."""
    if problem.ledger is None:
        return 0
    entries = [problem.ledger.of(officer.id) for officer in problem.officers]
    return max((max(e.weekend_duties, e.holiday_duties) for e in entries), default=0)
