"""Squads when the head count changes: what balanced squads are, and the moves between two sets
of squads.

Rule `squads` spreads each team's head count evenly (12 -> 4+4+4, 11 -> 4+4+3), but a squad can
be even by head count and still short of the officers its posts need: with one officer of
Qiandong gone, the squad that holds the team's deputy director (who commands and takes no car)
kept three officers, two of them for the car and the office that need three, and the gap was
filled by calling in the same resting squad every main-duty day. Balanced squads also spread,
inside each rotating team, the officers who may hold each post that has a minimum staff: the
team's own posts of its community, and the posts its officers share with other teams.

When the squads given for a month (the station's, with the open ones run on from the previous
month) are not balanced, or some officers have none (they joined), the solver re-balances them
with the fewest moves from last month's squads (`rosterkit.solver.rebalance`); the moves are
listed in the result, the summary and the workbook. The station's `rebalance_squads` turns this
off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rosterkit.duties import can_hold, slots
from rosterkit.result import SquadMove
from rosterkit.station import PostState, Station, TeamKind

__all__ = ["Spread", "SquadMove", "holder_spreads", "imbalance", "squad_moves"]


@dataclass(frozen=True)
class Spread:
    """Officers that balanced squads spread evenly: each group holds floor(n/G) or ceil(n/G)."""

    what: str
    members: tuple[str, ...]


def holder_spreads(station: Station) -> list[Spread]:
    """For each rotating team and each post of the main or deputy duty with a minimum staff
    that its officers may hold (per-community posts: of the team's own community), the team's
    officers who may hold it; each set once."""
    found: dict[tuple[str, ...], Spread] = {}
    staffed = [
        slot
        for slot in slots(station)
        if slot.state is not PostState.shift
        and max(slot.post.minimum(False), slot.post.minimum(True)) > 0
    ]
    for team in station.teams:
        if not team.rotates or team.kind is TeamKind.leadership:
            continue
        members = [o for o in station.officers if o.team == team.id]
        for slot in staffed:
            if slot.community is not None and slot.community != team.community:
                continue
            holders = tuple(o.id for o in members if can_hold(station, o, slot))
            if holders and holders not in found:
                found[holders] = Spread(
                    f"officers of {team.name_en} who may hold {slot.post.name_en}", holders
                )
    return list(found.values())


def imbalance(station: Station, squads: Mapping[str, int | None]) -> int:
    """How far `squads` are from balanced: over every `holder_spreads` set and duty group, the
    officers a group holds below floor(n/G) or above ceil(n/G). Officers without a squad count
    in no group."""
    groups = station.rotation.groups
    total = 0
    for spread in holder_spreads(station):
        n = len(spread.members)
        low, high = n // groups, -(-n // groups)
        for k in range(1, groups + 1):
            count = sum(1 for o in spread.members if squads.get(o) == k)
            total += max(0, low - count) + max(0, count - high)
    return total


def squad_moves(
    before: Mapping[str, int | None], after: Mapping[str, int | None]
) -> list[SquadMove]:
    """The officers whose squad differs between `before` (last month's) and `after`, in the
    order of `after`; an officer new to the squads has `before` None."""
    return [
        SquadMove(officer_id=officer_id, before=before.get(officer_id), after=squad)
        for officer_id, squad in after.items()
        if squad is not None and before.get(officer_id) != squad
    ]
