"""Borrowing (soft, short line): each day an officer of a community team holds a post of
another community. Only a community's named neighbours may lend officers to it
(`Community.neighbours`; `eligibility` and `full_time_community` keep everyone else out), and
each borrowed officer-day costs more than a call-in (`RuleWeights.borrowing`)."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.duties import is_borrowed
from rosterkit.result import Side
from rosterkit.rules.spec import Rule, Words
from rosterkit.rules.view import RosterView


def measure(v: RosterView) -> Iterator[tuple[str, int]]:
    for officer in v.officers:
        if v.station.officer_community(officer) is None:
            continue
        yield (
            officer.id,
            sum(
                1
                for day in v.days
                if (slot := v.slot(officer, day)) is not None
                and is_borrowed(v.station, officer, slot)
            ),
        )


RULE = Rule(
    id="borrowing",
    measure=measure,
    side=Side.short_line,
    weight="borrowing",
    zh=Words(
        name="跨社区借调",
        broken="民警被借调到相邻社区的岗位",
        fix="先由本社区同组民警补位或从休班组抽调，或调整请假日期",
    ),
    en=Words(
        name="officers borrowed from neighbouring communities",
        broken="an officer covers a post of a neighbouring community",
        fix="cover from the community's own group or a call-in first, or move the leave",
    ),
)
