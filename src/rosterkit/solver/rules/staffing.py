"""Rules 6, 7 and 9 (post staffing): each post's minimum and maximum staff every day.

Hard: ``min_staff <= staff(post, day) <= max_staff``. Soft (duty coverage, short line): each
officer short of a post's ``target_staff`` costs the duty-coverage weight.
"""

from __future__ import annotations

from functools import partial

from rosterkit.result import Side
from rosterkit.solver.conflicts import describe_staffing
from rosterkit.solver.terms import Term, shortfall
from rosterkit.solver.variables import Variables

NAME = "post_staffing"
COVERAGE = "duty_coverage"


def build(v: Variables) -> list[Term]:
    p, m = v.problem, v.model
    terms: list[Term] = []
    weight = p.station.weights.duty_coverage
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
                )
            if post.max_staff is not None and len(v.holders_of(s, d)) > post.max_staff:
                v.require(
                    staff <= post.max_staff,
                    partial(describe_staffing, p, s, d, at_least=False),
                )
            if target and target > minimum and weight:
                short = shortfall(m, f"short(slot={slot.code},day={day:%m-%d})", target, staff)
                terms.append(
                    Term(COVERAGE, Side.short_line, weight, f"{slot.code} {day:%m-%d}", short)
                )
    return terms
