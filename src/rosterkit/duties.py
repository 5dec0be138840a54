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
    """The post as this slot is staffed: a community's own bounds (`Community.posts`) applied."""
    community: str | None
    number: int = 1
    """Which instance of the post in its community (its second car: 2)."""

    @property
    def state(self) -> PostState:
        return self.post.state


def slots(station: Station) -> list[Slot]:
    """All post slots of the station, in the order of its posts and communities.

    A per-community post is staffed in each community as many times as the community says
    (once by default), each instance with the community's own staff bounds: codes
    ``post@community``, then ``post@community#2`` and on.
    """
    result: list[Slot] = []
    for post in station.posts:
        if not post.per_community:
            result.append(Slot(post.code, post, None))
            continue
        for community in station.communities:
            local = community.local(post.code)
            if local is None:
                result.append(Slot(f"{post.code}@{community.id}", post, community.id))
                continue
            shaped = post.model_copy(update=local.overrides())
            for number in range(1, local.count + 1):
                code = f"{post.code}@{community.id}" + (f"#{number}" if number > 1 else "")
                result.append(Slot(code, shaped, community.id, number))
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
    return (
        slot.community is None
        or team.community == slot.community
        or may_borrow(station, team.community, slot.community)
    )


def may_borrow(station: Station, home: str | None, community: str) -> bool:
    """Whether the station lets officers of community `home` cover posts of `community`
    (borrowing: `home` is one of its named neighbours)."""
    return home is not None and home in station.community(community).neighbours


def is_borrowed(station: Station, officer: Officer, slot: Slot) -> bool:
    """The one definition of a borrowed officer (rule `borrowing`): an officer of a community
    team holds a post of another community."""
    home = station.officer_community(officer)
    return home is not None and slot.community is not None and slot.community != home


def full_time_community_ok(station: Station, officer: Officer, slot: Slot) -> bool:
    """Rule `full_time_community`: full-time community officers (A and B roles) take only posts
    of their own community, or of a community that may borrow them (borrowing is the one
    exception the station makes explicitly)."""
    if not officer.roles & FULL_TIME_COMMUNITY_ROLES:
        return True
    if slot.community is None:
        return False
    home = station.officer_community(officer)
    return slot.community == home or may_borrow(station, home, slot.community)


def can_hold(station: Station, officer: Officer, slot: Slot) -> bool:
    """Whether the officer may ever hold the slot (rules `eligibility`, `full_time_community`)."""
    return matches_eligibility(station, officer, slot) and full_time_community_ok(
        station, officer, slot
    )
