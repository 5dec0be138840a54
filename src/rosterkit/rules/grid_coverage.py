"""Grid coverage (soft, long line): days on which no grid officer of a community holds a post
of that community."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.result import Side
from rosterkit.rules.spec import Rule, Words
from rosterkit.rules.view import RosterView
from rosterkit.station import Role


def measure(v: RosterView) -> Iterator[tuple[str, int]]:
    for community in v.station.communities:
        grid_officers = [
            o
            for o in v.officers
            if Role.grid_officer in o.roles and v.station.officer_community(o) == community.id
        ]
        if not grid_officers:
            continue
        for day in v.days:
            covered = any(v.in_community(o, day) for o in grid_officers)
            yield f"grid {community.id} {day:%m-%d}", int(not covered)


RULE = Rule(
    id="grid_coverage",
    measure=measure,
    side=Side.long_line,
    weight="grid_coverage",
    zh=Words(
        name="网格民警在岗",
        broken="当天社区没有网格责任民警在本社区岗位",
        fix="每天至少安排一名网格责任民警在本社区岗位",
    ),
    en=Words(
        name="days with no grid officer in the community",
        broken="no grid officer holds a post of his community that day",
        fix="keep one grid officer on a post of the community every day",
    ),
)
