"""Community presence (soft, long line): community-team officer-days on posts outside their
community (the duty commander's post excepted)."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.duties import COMMANDER_POST
from rosterkit.result import Side
from rosterkit.rules.spec import Rule, Words
from rosterkit.rules.view import RosterView
from rosterkit.station import TeamKind


def measure(v: RosterView) -> Iterator[tuple[str, int]]:
    for officer in v.officers:
        team = v.station.team(officer.team)
        if team.kind is not TeamKind.community:
            continue
        away = 0
        for day in v.days:
            held = v.slot(officer, day)
            if held and held.community != team.community and held.code != COMMANDER_POST:
                away += 1
        yield officer.id, away


RULE = Rule(
    id="community_presence",
    measure=measure,
    side=Side.long_line,
    weight="community_presence",
    zh=Words(
        name="社区民警在社区",
        broken="社区民警被派到本社区以外的岗位",
        fix="社区外的岗位优先由非社区民警担任",
    ),
    en=Words(
        name="community officers posted outside their community",
        broken="a community officer holds a post outside his community",
        fix="give posts outside a community to officers of other teams first",
    ),
)
