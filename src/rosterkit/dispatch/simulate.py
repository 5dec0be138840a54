"""A month of incidents drawn at random, by community, hour and type, for tests and the demo.

Seeded: the same station, month, rules, seed and rate give the same log. Each day's count is
drawn around `per_day` (a Poisson count); each incident's community in proportion to its grids
(a community of four grids sees more than one of three), its grid evenly among the community's
grids, its hour by the rules' `hour_weights`, its minute evenly, its type by the types'
`share`, and whether it opened a case by the type's `case_share`.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from rosterkit.calendar import Month
from rosterkit.dispatch.incidents import Incident
from rosterkit.dispatch.rules import DispatchRules
from rosterkit.station import Station


def _poisson(draw: random.Random, mean: float) -> int:
    """A Poisson count (Knuth's method for small means, a rounded normal for large ones)."""
    if mean > 60:
        return max(0, round(draw.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, draw.random()
    while product > limit:
        count += 1
        product *= draw.random()
    return count


def simulate(
    station: Station,
    month: Month | str,
    rules: DispatchRules,
    *,
    seed: int = 0,
    per_day: float | None = None,
) -> list[Incident]:
    """A month's incident log, in time order, ids ``I0001``, ``I0002``…"""
    period = Month.parse(month)
    mean = rules.per_day if per_day is None else per_day
    draw = random.Random(f"{station.id}/{period}/{seed}")
    communities = [c.id for c in station.communities]
    grids = {c: [g.id for g in station.grids if g.community == c] for c in communities}
    community_weights = [max(1, len(grids[c])) for c in communities]
    kinds = list(rules.incident_types)
    kind_weights = [kind.share for kind in kinds]
    drawn: list[tuple[dt.datetime, str, str | None, str, str | None]] = []
    for day in period.days:
        for _ in range(_poisson(draw, mean)):
            community = draw.choices(communities, community_weights)[0]
            grid = draw.choice(grids[community]) if grids[community] else None
            hour = draw.choices(range(24), rules.hour_weights)[0]
            moment = dt.datetime.combine(day, dt.time(hour, draw.randrange(60)))
            kind = draw.choices(kinds, kind_weights)[0]
            opened = (
                kind.case if kind.case is not None and draw.random() < kind.case_share else None
            )
            drawn.append((moment, community, grid, kind.code, opened))
    drawn.sort(key=lambda item: item[0])
    width = max(4, len(str(len(drawn))))
    return [
        Incident(
            id=f"I{number:0{width}d}",
            time=moment,
            community=community,
            grid=grid,
            type=code,
            case=opened,
        )
        for number, (moment, community, grid, code, opened) in enumerate(drawn, start=1)
    ]
