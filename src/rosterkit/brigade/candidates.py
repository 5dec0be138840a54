"""Which squads may hold which area, and the weekly loads that go with it; shared by the model
and the checker, so that both read the hard rules home_community and task_fit the same way."""

from __future__ import annotations

from rosterkit.brigade.data import Area, Brigade, Squad


def community_of_squad(brigade: Brigade, squad: Squad) -> str:
    """The community of the grid the squad's unit sits in."""
    return brigade.community_of_grid(brigade.unit(squad.unit).grid)


def fits_task(brigade: Brigade, squad: Squad, area: Area) -> bool:
    """Whether the squad's functional group does every mode of the area's routes (task_fit)."""
    modes = set(brigade.group(squad.group).modes)
    return all(route.mode in modes for route in brigade.routes_of_area(area.id))


def may_hold(brigade: Brigade, squad: Squad, area: Area) -> bool:
    """home_community and task_fit together: the squad may hold the area."""
    return brigade.community_of_grid(area.grid) == community_of_squad(brigade, squad) and fits_task(
        brigade, squad, area
    )


def candidates(brigade: Brigade) -> dict[str, list[str]]:
    """For each area, the squads that may hold it, in the data's order."""
    return {
        area.id: [s.id for s in brigade.squads if may_hold(brigade, s, area)]
        for area in brigade.areas
    }


def is_away(brigade: Brigade, squad: Squad, area: Area) -> bool:
    """Whether the area lies in another grid than the squad's unit (away_from_home)."""
    return brigade.unit(squad.unit).grid != area.grid
