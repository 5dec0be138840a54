"""Call-ins (soft, short line): each day a rotating officer of the resting group holds a post
(leave is covered from the same group first, then by costly call-ins)."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.result import Side
from rosterkit.rules.spec import Rule, Words
from rosterkit.rules.view import RosterView


def measure(v: RosterView) -> Iterator[tuple[str, int]]:
    for officer in v.officers:
        if v.station.rotates(officer):
            yield officer.id, sum(v.call_in(officer, day) for day in v.days)


RULE = Rule(
    id="call_in",
    measure=measure,
    side=Side.short_line,
    weight="call_in",
    zh=Words(
        name="休班抽调",
        broken="休班组民警被抽调上岗",
        fix="先由同组民警补位，或调整请假日期",
    ),
    en=Words(
        name="call-ins from the resting group",
        broken="an officer of the resting group is called in to a post",
        fix="cover from the same duty group first, or move the leave",
    ),
)
