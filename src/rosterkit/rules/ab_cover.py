"""A/B cover (soft, long line): days on which neither the A nor the B role of a community holds
a post of that community."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.result import Side
from rosterkit.rules.spec import Rule, Words
from rosterkit.rules.view import RosterView


def measure(v: RosterView) -> Iterator[tuple[str, int]]:
    for pair in v.station.ab_pairs:
        a, b = v.station.officer(pair.a_role), v.station.officer(pair.b_role)
        for day in v.days:
            covered = v.in_community(a, day) or v.in_community(b, day)
            yield f"ab {a.id}/{b.id} {day:%m-%d}", int(not covered)


RULE = Rule(
    id="ab_cover",
    measure=measure,
    side=Side.long_line,
    weight="ab_cover",
    zh=Words(
        name="A/B角在岗",
        broken="当天社区的A角和B角都不在本社区岗位",
        fix="让A角或B角至少一人每天在本社区岗位",
    ),
    en=Words(
        name="days with neither A nor B role in the community",
        broken="neither the A nor the B role holds a post of the community that day",
        fix="keep the A or the B role on a post of the community every day",
    ),
)
