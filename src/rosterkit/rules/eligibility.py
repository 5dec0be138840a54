"""Post eligibility: each post's team kinds, roles and community."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.duties import (
    matches_eligibility,
)
from rosterkit.rules.spec import Rule, Violation, Words
from rosterkit.rules.view import RosterView


def check(v: RosterView) -> Iterator[Violation]:
    """Each post's own eligibility: team kinds, roles, community."""
    for officer, day, slot in v.held():
        if not matches_eligibility(v.station, officer, slot):
            yield Violation(
                "eligibility",
                f"may not hold '{slot.code}' ({slot.post.name_en})",
                officer.id,
                day,
                zh=f"不能担任“{v.slot_zh(slot)}”",
            )


RULE = Rule(
    id="eligibility",
    check=check,
    zh=Words(
        name="岗位资格",
        broken="民警担任了其不具备资格的岗位",
        fix="换一名符合岗位队室、角色和社区要求的民警",
    ),
    en=Words(
        name="post eligibility",
        broken="an officer holds a post he may not hold",
        fix="give the post to an officer of the team, role and community it asks for",
    ),
)
