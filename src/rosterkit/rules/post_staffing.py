"""Post staffing: every post's minimum and maximum staff each day."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.rules.spec import Rule, Violation, Words
from rosterkit.rules.view import RosterView


def check(v: RosterView) -> Iterator[Violation]:
    """every post's minimum and maximum staff each day."""
    for code, slot in v.slots.items():
        post = slot.post
        for day in v.days:
            staff = sum(1 for o in v.officers if v.value(o, day) == code)
            minimum = post.minimum(v.calendar.is_rest_day(day))
            if staff < minimum:
                yield Violation(
                    "post_staffing",
                    f"'{code}' ({post.name_en}) has {staff}, needs at least {minimum}",
                    day=day,
                    zh=f"“{v.slot_zh(slot)}”只有{staff}人，至少需要{minimum}人",
                )
            if post.max_staff is not None and staff > post.max_staff:
                yield Violation(
                    "post_staffing",
                    f"'{code}' ({post.name_en}) has {staff}, takes at most {post.max_staff}",
                    day=day,
                    zh=f"“{v.slot_zh(slot)}”有{staff}人，最多{post.max_staff}人",
                )


RULE = Rule(
    id="post_staffing",
    check=check,
    zh=Words(
        name="岗位人数",
        broken="岗位人数低于最低人数或高于最高人数",
        fix="增派或减少该岗位的民警，或在站点文件中调整岗位人数",
    ),
    en=Words(
        name="post staffing",
        broken="a post has fewer officers than its minimum or more than its maximum",
        fix="add or remove officers on the post, or change its staff limits in the station file",
    ),
)
