"""Rest between shifts: between the end of one post shorter than 24 hours and the start of the
next such post an officer holds at least the station's `min_rest_hours` (0 turns it off),
looking back into the previous month. Posts of 24 hours are left to `rest_after_24h`.

A post held on day d runs from its `starts` on d for its `hours`; the rest before a post held
k days later is ``24 k + starts(second) - (starts(first) + hours(first))`` hours. Only posts a
day or two apart can come too close: a post shorter than 24 hours ends before midnight of the
day after next, and the minimum is at most 24 hours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from rosterkit.rules.spec import Rule, Violation, Words
from rosterkit.rules.view import RosterView
from rosterkit.station import DutyPost

REACH = 2
"""Most days between two posts that can come too close (see the module's docstring)."""


def _clock(time: dt.time) -> float:
    """Hours after midnight."""
    return time.hour + time.minute / 60 + time.second / 3600


def applies(post: DutyPost) -> bool:
    """Whether the rule looks at the post: shorter than 24 hours."""
    return post.hours < 24


def rest_hours(first: DutyPost, second: DutyPost, days_apart: int) -> float:
    """Hours from the end of `first` to the start of `second`, held `days_apart` days later."""
    return 24 * days_apart + _clock(second.starts) - (_clock(first.starts) + first.hours)


def too_close(first: DutyPost, second: DutyPost, days_apart: int, minimum: float) -> bool:
    """Whether holding `second` `days_apart` days after `first` breaks the rule with the
    station's minimum rest `minimum` (hours; 0 turns the rule off)."""
    return (
        minimum > 0
        and days_apart >= 1
        and applies(first)
        and applies(second)
        and rest_hours(first, second, days_apart) < minimum
    )


def close_pairs(posts: Iterable[DutyPost], minimum: float) -> frozenset[tuple[str, str, int]]:
    """Every (first post, second post, days apart) of `posts` that `too_close` rules out, by
    post code: what the model and the start-roster heuristic look up."""
    by_code = {post.code: post for post in posts}
    return frozenset(
        (a, b, k)
        for a, first in by_code.items()
        for b, second in by_code.items()
        for k in range(1, REACH + 1)
        if too_close(first, second, k, minimum)
    )


def _hours(value: float) -> str:
    return f"{value:g} h"


def check(v: RosterView) -> Iterator[Violation]:
    """Each post held less than `min_rest_hours` after the end of an earlier post (both
    shorter than 24 hours), the previous month's last days included."""
    minimum = v.station.min_rest_hours
    if minimum <= 0:
        return
    for officer in v.officers:
        # the posts held on the days before the month (those the previous roster hands on)
        # and on the month's days, oldest first
        held = [v.held_before(officer, back) for back in range(REACH, 0, -1)]
        held += [v.slot(officer, day) for day in v.days]
        for i, later in enumerate(held):
            if i < REACH or later is None or not applies(later.post):
                continue
            for apart in range(1, REACH + 1):
                earlier = held[i - apart]
                if earlier is None or not too_close(earlier.post, later.post, apart, minimum):
                    continue
                rest = rest_hours(earlier.post, later.post, apart)
                yield Violation(
                    "rest_between_shifts",
                    f"holds '{later.code}' {_hours(rest)} after the end of '{earlier.code}' "
                    f"{apart} day{'s' if apart > 1 else ''} before (at least {_hours(minimum)})",
                    officer.id,
                    v.days[i - REACH],
                    zh=f"在{apart}天前的“{v.slot_zh(earlier)}”结束后仅"
                    f"{rest:g}小时就担任“{v.slot_zh(later)}”（至少应休息{minimum:g}小时）",
                )


RULE = Rule(
    id="rest_between_shifts",
    check=check,
    zh=Words(
        name="班次间隔休息",
        broken="两个不足24小时的班次之间休息时间短于规定的最少小时数（如晚班后次日早班）",
        fix="调整班次，使同一民警在上一班结束后至少休息规定的小时数再上下一班",
    ),
    en=Words(
        name="rest between shifts",
        broken=(
            "less than the station's minimum rest between the end of one post and the start "
            "of the next (both shorter than 24 hours), such as a late shift before an early one"
        ),
        fix=(
            "give the shift to another officer, so that each officer rests at least the minimum "
            "between two posts"
        ),
    ),
)
