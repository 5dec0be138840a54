"""Model of `post_staffing` and `duty_coverage`: each post's minimum and maximum staff every day.

Hard: ``min_staff <= staff(post, day) <= max_staff``. Soft (duty coverage, short line): each
officer short of a post's ``target_staff`` costs the duty-coverage weight.
"""

from __future__ import annotations

from functools import partial

from rosterkit.rules import duty_coverage, post_staffing
from rosterkit.solver.conflicts import describe_staffing
from rosterkit.solver.terms import Term, shortfall, term
from rosterkit.solver.variables import Variables

MODELS = (post_staffing.RULE, duty_coverage.RULE)


def build(v: Variables) -> list[Term]:
    p, m = v.problem, v.model
    terms: list[Term] = []
    weight = duty_coverage.RULE.unit_weight(p.station)
    for s, slot in enumerate(p.slots):
        post = slot.post
        for d, day in enumerate(p.days):
            staff = v.staff(s, d)
            rest_day = p.rest_day(d)
            minimum, target = post.minimum(rest_day), post.target(rest_day)
            if minimum:
                v.require(
                    staff >= minimum,
                    partial(describe_staffing, p, s, d, at_least=True),
                    subject=slot.code,
                    days=(day,),
                )
            if post.max_staff is not None and len(v.holders_of(s, d)) > post.max_staff:
                v.require(
                    staff <= post.max_staff,
                    partial(describe_staffing, p, s, d, at_least=False),
                )
            if target and target > minimum and weight:
                short = shortfall(m, f"short(slot={slot.code},day={day:%m-%d})", target, staff)
                terms.append(term(duty_coverage.RULE, p.station, f"{slot.code} {day:%m-%d}", short))
    return terms
