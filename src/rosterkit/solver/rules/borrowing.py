"""Model of rule `borrowing`: each day an officer of a community team holds a post of another
community (possible only where that community names his as a neighbour, see
`rosterkit.duties.may_borrow`) costs the borrowing weight, short line."""

from __future__ import annotations

from rosterkit.rules import borrowing
from rosterkit.solver.terms import Term, term
from rosterkit.solver.variables import Variables, total

MODELS = (borrowing.RULE,)


def build(v: Variables) -> list[Term]:
    p = v.problem
    if not borrowing.RULE.unit_weight(p.station):
        return []
    terms: list[Term] = []
    for o, officer in enumerate(p.officers):
        home = p.community(o)
        if home is None:
            continue
        away = [s for s in p.eligible[o] if p.slots[s].community not in (None, home)]
        if not away:
            continue
        amount = total(v.works(o, d, away) for d in range(len(p.days)))
        terms.append(term(borrowing.RULE, p.station, officer.id, amount))
    return terms
