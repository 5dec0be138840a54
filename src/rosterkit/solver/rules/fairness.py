"""Model of `fairness` (inside each team), soft, short line.

For each team and each duty figure, over the team's officers with no leave in the month who can
earn the figure at all, ``excess = max(0, max(count) - min(count) - allowance)`` costs the
fairness weight per unit. Figures: car duties, call-ins, own shifts (shift-state posts held
by officers outside the rotation: the street patrol's monthly shift totals), weekend duties and
holiday duties
(days holding a post on a Saturday or Sunday that stays a day off, or on a statutory holiday),
and unmet preferences (days an officer asked to have off but holds a post). With a ledger,
each count is the year's so far plus the month's, so fairness holds over the year.
"""

from __future__ import annotations

from collections.abc import Callable

from rosterkit.ledger import CARRIED_FIGURES
from rosterkit.rules import fairness
from rosterkit.solver.terms import Term, term
from rosterkit.solver.variables import Expr, Variables, total
from rosterkit.station import PostState

MODELS = (fairness.RULE,)


def figures(v: Variables) -> dict[str, tuple[Callable[[int], bool], Callable[[int], Expr]]]:
    """Each figure: who can earn it, and the officer's count as an expression."""
    p = v.problem
    days = range(len(p.days))
    cars = {s for s, slot in enumerate(p.slots) if slot.post.car}
    shifts = set(p.slots_in(PostState.shift))
    return {
        "car_duties": (
            lambda o: bool(cars & set(p.eligible[o])),
            lambda o: total(v.works(o, d, cars) for d in days),
        ),
        "call_ins": (p.rotates, lambda o: total(v.call_in(o, d) for d in days)),
        "shift_days": (
            lambda o: not p.rotates(o) and bool(shifts & set(p.eligible[o])),
            lambda o: total(v.works(o, d, shifts) for d in days),
        ),
        "weekend_duties": (
            lambda o: True,
            lambda o: total(v.works(o, d) for d in days if p.weekend(d)),
        ),
        "holiday_duties": (
            lambda o: True,
            lambda o: total(v.works(o, d) for d in days if p.holiday(d)),
        ),
        "unmet_preferences": (
            lambda o: True,
            lambda o: total(v.works(o, d) for d in days if p.prefers_off(o, d)),
        ),
    }


def carried(v: Variables, figure: str, o: int) -> int:
    """The officer's count of `figure` in the ledger (0 without one)."""
    ledger = v.problem.ledger
    if ledger is None or figure not in CARRIED_FIGURES:
        return 0
    value: int = getattr(ledger.of(v.problem.officers[o].id), figure)
    return value


def build(v: Variables) -> list[Term]:
    p, m = v.problem, v.model
    weight = fairness.RULE.unit_weight(p.station)
    allowance = p.station.fairness_allowance
    terms: list[Term] = []
    if not weight:
        return terms
    for figure, (earns, count) in figures(v).items():
        for team in p.station.teams:
            scope = [o for o in p.teams[team.id] if not p.has_leave(o) and earns(o)]
            if len(scope) < 2:
                continue
            counts = [total([count(o), carried(v, figure, o)]) for o in scope]
            key = f"{figure} {team.id}"
            if all(isinstance(c, int) for c in counts):
                ints = [c for c in counts if isinstance(c, int)]
                excess: Expr = max(0, max(ints) - min(ints) - allowance)
            else:
                bound = len(p.days) + max(carried(v, figure, o) for o in scope)
                high = m.new_int_var(0, bound, f"max({key})")
                low = m.new_int_var(0, bound, f"min({key})")
                m.add_max_equality(high, counts)
                m.add_min_equality(low, counts)
                excess_var = m.new_int_var(0, bound, f"excess({key})")
                m.add_max_equality(excess_var, [0, high - low - allowance])
                excess = excess_var
            terms.append(term(fairness.RULE, p.station, key, excess))
    return terms
