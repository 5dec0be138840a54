"""Soft requests for a day off (`LeaveKind.preferred_day_off`), short line.

Each day an officer asked to have off but holds a post costs the preference weight; the
fairness rule spreads the unmet requests inside each team.
"""

from __future__ import annotations

from rosterkit.rules import preference
from rosterkit.solver.terms import Term, term
from rosterkit.solver.variables import Variables

MODELS = (preference.RULE,)


def build(v: Variables) -> list[Term]:
    p = v.problem
    weight = preference.RULE.unit_weight(p.station)
    terms: list[Term] = []
    for o, officer in enumerate(p.officers):
        for d, day in enumerate(p.days):
            if weight and p.prefers_off(o, d):
                terms.append(
                    term(preference.RULE, p.station, f"{officer.id} {day:%m-%d}", v.works(o, d))
                )
    return terms
