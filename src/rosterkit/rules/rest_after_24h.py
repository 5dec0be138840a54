"""Rest after a 24-hour duty (practice): never a 48-hour duty from a squad change at
the month boundary; where the station asks for it, no post the day after a 24-hour post."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.rules.spec import Rule, Violation, Words
from rosterkit.rules.view import RosterView
from rosterkit.station import DutyState


def check(v: RosterView) -> Iterator[Violation]:
    """No 48-hour duty from a squad change at the month boundary; and where the station asks
    for it, no post the day after a 24-hour post."""
    for officer in v.officers:
        last = v.held_before(officer, 1)
        first_day = v.days[0]
        if (
            last is not None
            and last.post.hours >= 24
            and v.state(officer, first_day) is DutyState.main
            and not v.on_leave(officer, first_day)
        ):
            yield Violation(
                "rest_after_24h",
                f"in the main group on the 1st after the 24-hour post '{last.code}' the day before",
                officer.id,
                first_day,
                zh=f"上月最后一天值24小时的“{v.slot_zh(last)}”，1日却在正班组",
            )
    if not v.station.rest_after_24h:
        return
    for officer in v.officers:
        previous = v.held_before(officer, 1)
        for day in v.days:
            held = v.slot(officer, day)
            if held is not None and previous is not None and previous.post.hours >= 24:
                yield Violation(
                    "rest_after_24h",
                    f"holds '{held.code}' the day after the 24-hour post '{previous.code}'",
                    officer.id,
                    day,
                    zh=f"前一天值24小时的“{v.slot_zh(previous)}”，"
                    f"当天却担任“{v.slot_zh(held)}”，应休息",
                )
            previous = held


RULE = Rule(
    id="rest_after_24h",
    check=check,
    zh=Words(
        name="24小时勤务后休息",
        broken="24小时勤务后次日又上岗，或月初换组造成连续48小时勤务",
        fix="24小时勤务后的次日安排休息，月初换组避开上月最后一天值24小时班的民警",
    ),
    en=Words(
        name="rest after a 24-hour duty",
        broken=(
            "a post the day after a 24-hour duty, or a 48-hour duty from a squad change at "
            "the month boundary"
        ),
        fix=(
            "let the officer rest the day after a 24-hour duty; keep such officers out of the"
            " main group on the 1st"
        ),
    ),
)
