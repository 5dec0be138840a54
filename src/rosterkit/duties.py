"""The station's duties seen as data: post slots, eligibility and what an officer's day holds.

A *slot* is a post as it is staffed on one day: a station-wide post once, a per-community post
once for each community (code ``post@community``). Every officer-day of a roster holds exactly
one value: a slot code, ``rest``, ``leave`` or ``off`` (not on the roster that day).
"""

from __future__ import annotations

from dataclasses import dataclass

from rosterkit.station import (
    FULL_TIME_COMMUNITY_ROLES,
    DutyPost,
    DutyState,
    Officer,
    PostState,
    Station,
)

COMMANDER_POST = "commander"
"""The post code of the day's duty commander (rule `duty_commander`)."""
REST = "rest"
LEAVE = "leave"
OFF = "off"
NON_POST_VALUES = frozenset({REST, LEAVE, OFF})


def is_call_in(state: DutyState | None, holds_post: bool) -> bool:
    """The one definition of a call-in: an officer whose duty group rests that day holds a post
    (officers outside the rotation, with no group state, are never called in)."""
    return state is DutyState.rest and holds_post


STATE_OF_POST = {PostState.main: DutyState.main, PostState.deputy: DutyState.deputy}
"""The duty state whose group holds a post of each state (shift posts belong to no group)."""


@dataclass(frozen=True)
class Slot:
    """One staffed instance of a post."""

    code: str
    post: DutyPost
    community: str | None

    @property
    def state(self) -> PostState:
        return self.post.state


def slots(station: Station) -> list[Slot]:
    """All post slots of the station, in the order of its posts and communities."""
    result: list[Slot] = []
    for post in station.posts:
        if post.per_community:
            result += [Slot(f"{post.code}@{c.id}", post, c.id) for c in station.communities]
        else:
            result.append(Slot(post.code, post, None))
    return result


def slot_map(station: Station) -> dict[str, Slot]:
    return {slot.code: slot for slot in slots(station)}


def matches_eligibility(station: Station, officer: Officer, slot: Slot) -> bool:
    """Whether the post's own eligibility admits the officer (team kind, roles, community)."""
    rule = slot.post.eligible
    team = station.team(officer.team)
    if rule.team_kinds and team.kind not in rule.team_kinds:
        return False
    if rule.roles_any and not (officer.roles & set(rule.roles_any)):
        return False
    if officer.roles & set(rule.exclude_roles):
        return False
    return not (slot.community is not None and team.community != slot.community)


def full_time_community_ok(station: Station, officer: Officer, slot: Slot) -> bool:
    """Rule `full_time_community`: full-time community officers (A and B roles) take only posts
    of their own community."""
    if not officer.roles & FULL_TIME_COMMUNITY_ROLES:
        return True
    return slot.community is not None and slot.community == station.officer_community(officer)


def can_hold(station: Station, officer: Officer, slot: Slot) -> bool:
    """Whether the officer may ever hold the slot (rules `eligibility`, `full_time_community`)."""
    return matches_eligibility(station, officer, slot) and full_time_community_ok(
        station, officer, slot
    )
