"""The independent checker: judges any roster against the station's rules, without a solver.

It reads the station, a roster (from the solver, a file, or a hand-edited workbook) and the
leave list, and lists every broken hard rule as a `Violation`; `evaluate` also recomputes each
soft penalty and the objective, which must equal the solver's for a roster the solver returned.
It runs the check part of every rule of `rosterkit.rules` (docs/rules.md), never the model, so
that the two can catch each other's mistakes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rosterkit.leave import Leave
from rosterkit.ledger import Ledger
from rosterkit.result import Penalty, Side
from rosterkit.roster import Roster
from rosterkit.rules import HARD, SOFT, Violation, roster_shape
from rosterkit.rules.view import RosterView
from rosterkit.station import Station

RULES = tuple(rule.id for rule in HARD)
"""The hard rules the checker judges, in the order it reports them."""

__all__ = ["RULES", "Evaluation", "Violation", "check", "evaluate"]


@dataclass(frozen=True)
class Evaluation:
    """A roster judged: every broken hard rule, and every soft rule's cost."""

    violations: list[Violation]
    penalties: list[Penalty]

    @property
    def objective(self) -> int:
        return sum(p.cost for p in self.penalties)

    @property
    def ok(self) -> bool:
        return not self.violations


def check(
    station: Station,
    roster: Roster,
    leave: Iterable[Leave] | None = None,
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
) -> list[Violation]:
    """Every broken hard rule of `roster`. With `leave` None, the roster's leave cells are taken
    as the leave record; otherwise they must match the leave list exactly. With `previous`
    (the month before) the rotation runs on from it and rules spanning days look back."""
    return evaluate(station, roster, leave, previous=previous, ledger=ledger).violations


def evaluate(
    station: Station,
    roster: Roster,
    leave: Iterable[Leave] | None = None,
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
) -> Evaluation:
    """Violations, and every soft penalty recomputed from the roster (with `ledger`, fairness
    counts the year so far)."""
    view = RosterView(station, roster, leave, previous, ledger)
    violations: list[Violation] = []
    for rule in HARD:
        assert rule.check is not None
        violations += rule.check(view)
        if rule is roster_shape.RULE and violations:
            return Evaluation(violations, [])
    return Evaluation(violations, _penalties(view))


def _penalties(v: RosterView) -> list[Penalty]:
    """Every soft rule's cost in the roster, term by term."""
    appraisal = v.station.appraisal
    found: list[Penalty] = []
    for rule in SOFT:
        assert rule.measure is not None and rule.side is not None
        weight = rule.unit_weight(v.station)
        share = appraisal.long_line if rule.side is Side.long_line else appraisal.short_line
        if not weight:
            continue
        found += (
            Penalty(rule=rule.id, side=rule.side, key=key, amount=amount, unit_cost=weight * share)
            for key, amount in rule.measure(v)
            if amount
        )
    return found
