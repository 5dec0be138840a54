"""Leave: an officer on leave holds no post; 'leave' stands only on leave days."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.duties import (
    LEAVE,
)
from rosterkit.rules.spec import Rule, Violation, Words
from rosterkit.rules.view import RosterView


def check(v: RosterView) -> Iterator[Violation]:
    """an officer on leave holds no post; 'leave' stands only on leave days."""
    for officer in v.officers:
        for day in v.days:
            value = v.value(officer, day)
            if v.on_leave(officer, day) and value != LEAVE:
                yield Violation(
                    "leave",
                    f"on leave but marked '{value}'",
                    officer.id,
                    day,
                    zh=f"当天请假，排班却为“{v.value_zh(value) or '空'}”",
                )
            elif v.leave_given and value == LEAVE and not v.on_leave(officer, day):
                yield Violation(
                    "leave",
                    "marked 'leave' without a leave request",
                    officer.id,
                    day,
                    zh="排为请假，但没有请假申请",
                )


RULE = Rule(
    id="leave",
    check=check,
    zh=Words(
        name="请假",
        broken="请假民警被安排上岗，或无请假却标为请假",
        fix="请假日标为“假”且不排岗，无请假的日子不标“假”",
    ),
    en=Words(
        name="leave",
        broken="an officer on leave holds a post, or 'leave' stands without a leave request",
        fix="mark leave days 'leave' with no post, and no other day",
    ),
)
