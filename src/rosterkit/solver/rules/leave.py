"""Model of `call_in` (leave itself is kept by the variables).

Hard: an officer on leave holds no post (the model has no variable for him that day).
Soft, short line: every call-in (an officer of the resting group holding a post) costs the
call-in weight, so a gap is filled from the same duty group first; call-ins are spread by the
fairness rule.
"""

from __future__ import annotations

from rosterkit.rules import call_in
from rosterkit.solver.terms import Term, term
from rosterkit.solver.variables import Variables, total

MODELS = (call_in.RULE,)


def build(v: Variables) -> list[Term]:
    p = v.problem
    weight = call_in.RULE.unit_weight(p.station)
    terms: list[Term] = []
    for o, officer in enumerate(p.officers):
        if not p.rotates(o) or not weight:
            continue
        amount = total(v.call_in(o, d) for d in range(len(p.days)))
        if not isinstance(amount, int) or amount:
            terms.append(term(call_in.RULE, p.station, officer.id, amount))
    return terms
