"""Rule 10 (leave and call-ins).

Hard: an officer on leave holds no post (the model has no variable for him that day).
Soft, short line: every call-in (an officer of the resting group holding a post) costs the
call-in weight, so a gap is filled from the same duty group first; call-ins are spread by the
fairness rule.
"""

from __future__ import annotations

from rosterkit.result import Side
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Variables, total

NAME = "leave"
CALL_IN = "call_in"


def build(v: Variables) -> list[Term]:
    p = v.problem
    weight = p.station.weights.call_in
    terms: list[Term] = []
    for o, officer in enumerate(p.officers):
        if not p.rotates(o) or not weight:
            continue
        amount = total(v.call_in(o, d) for d in range(len(p.days)))
        if not isinstance(amount, int) or amount:
            terms.append(Term(CALL_IN, Side.short_line, weight, officer.id, amount))
    return terms
