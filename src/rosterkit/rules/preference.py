"""Preferred days off (soft, short line): each requested day off on which the officer holds a
post."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.result import Side
from rosterkit.rules.spec import Rule, Words
from rosterkit.rules.view import RosterView


def measure(v: RosterView) -> Iterator[tuple[str, int]]:
    for officer in v.officers:
        for day in sorted(v.preferences.get(officer.id, set())):
            yield f"{officer.id} {day:%m-%d}", int(v.works(officer, day))


RULE = Rule(
    id="preference",
    measure=measure,
    side=Side.short_line,
    weight="preference",
    zh=Words(
        name="希望休息日",
        broken="民警在申请休息的日子上岗",
        fix="把该日的岗位交给同组其他民警",
    ),
    en=Words(
        name="requested days off not granted",
        broken="an officer holds a post on a day he asked to have off",
        fix="give that day's post to another officer of his group",
    ),
)
