"""Duty coverage (soft, short line): each officer short of a post's target staff on a day."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.result import Side
from rosterkit.rules.spec import Rule, Words
from rosterkit.rules.view import RosterView


def measure(v: RosterView) -> Iterator[tuple[str, int]]:
    for code, slot in v.slots.items():
        for day in v.days:
            rest_day = v.calendar.is_rest_day(day)
            target = slot.post.target(rest_day)
            if target and target > slot.post.minimum(rest_day):
                yield f"{code} {day:%m-%d}", max(0, target - v.staff(code, day))


RULE = Rule(
    id="duty_coverage",
    measure=measure,
    side=Side.short_line,
    weight="duty_coverage",
    zh=Words(
        name="岗位满员",
        broken="岗位人数低于目标人数",
        fix="从同组或休班组补足人手，或降低该岗位的目标人数",
    ),
    en=Words(
        name="posts below their target staff",
        broken="a post has fewer officers than its target",
        fix="add officers from the same group or call them in, or lower the post's target",
    ),
)
