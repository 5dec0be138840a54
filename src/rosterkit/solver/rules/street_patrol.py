"""Model of `street_patrol`: own shifts outside the duty groups, at most N shifts in any 7 days.

The shifts' staffing (>= 2 each) is post staffing; this module adds each team's weekly cap over
every window of 7 consecutive days that ends in the month; with the previous month's roster,
the windows that start in it count its shifts too.
"""

from __future__ import annotations

import datetime as dt

from rosterkit.rules import street_patrol
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Variables, total

MODELS = (street_patrol.RULE,)


def build(v: Variables) -> list[Term]:
    p = v.problem
    for team in p.station.teams:
        cap = team.max_shifts_per_week
        if cap is None or team.rotates:
            continue
        for o in p.teams[team.id]:
            officer = p.officers[o]
            first = -6 if p.carry is not None else 0
            for start in range(first, max(1, len(p.days) - 6)):
                window = range(max(start, 0), min(start + 7, len(p.days)))
                before = sum(p.before(o, -d) is not None for d in range(start, 0))
                v.require(
                    total([before, *(v.works(o, d) for d in window)]) <= cap,
                    (
                        f"{officer.name} ({officer.id}) may work at most {cap} shifts in the 7 "
                        f"days from {p.days[0] + dt.timedelta(days=start):%m-%d}",
                        f"{officer.name}（{officer.id}）自"
                        f"{p.days[0] + dt.timedelta(days=start):%m-%d}起7天内最多{cap}个班次",
                    ),
                )
    return []
