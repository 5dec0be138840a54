"""Full-time community officers: A and B roles take only posts of their own
community."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.duties import (
    full_time_community_ok,
)
from rosterkit.rules.spec import Rule, Violation, Words
from rosterkit.rules.view import RosterView


def check(v: RosterView) -> Iterator[Violation]:
    """A and B roles only take posts of their own community."""
    for officer, day, slot in v.held():
        if not full_time_community_ok(v.station, officer, slot):
            yield Violation(
                "full_time_community",
                f"full-time community officer holds '{slot.code}', outside his community",
                officer.id,
                day,
                zh=f"专职社区民警担任本社区以外的“{v.slot_zh(slot)}”",
            )


RULE = Rule(
    id="full_time_community",
    check=check,
    zh=Words(
        name="专职社区民警不离社区",
        broken="A角或B角民警担任了本社区以外的岗位",
        fix="让A/B角只担任本社区的岗位，社区外岗位换其他民警",
    ),
    en=Words(
        name="full-time community officers",
        broken="an A or B role holds a post outside his community",
        fix="keep A and B roles on their own community's posts; give outside posts to others",
    ),
)
