"""The two-way appraisal (条块结合): who appraises each officer, and with what weight.

Every officer outside the leadership has a long-line appraiser, his team's leader (the deputy
director of a community team, the team leader elsewhere), and a short-line appraiser, the
commander of his duty group (its deputy director). A leader is appraised on that side by the
director. The leadership is appraised outside the station.
"""

from __future__ import annotations

from pydantic import BaseModel

from rosterkit.station import Officer, Role, Station, TeamKind


class AppraisalLine(BaseModel):
    officer_id: str
    long_line: str | None
    short_line: str | None
    long_line_weight: int
    short_line_weight: int

    @property
    def same_person(self) -> bool:
        """Both sides appraised by one person, as in a deputy director's own squad."""
        return self.long_line is not None and self.long_line == self.short_line


def team_leader(station: Station, team_id: str) -> Officer | None:
    members = [o for o in station.officers if o.team == team_id]
    for role in (Role.deputy_director, Role.team_leader):
        for officer in members:
            if role in officer.roles:
                return officer
    return None


def director(station: Station) -> Officer | None:
    return next((o for o in station.officers if Role.director in o.roles), None)


def commanders(station: Station, groups: dict[str, int]) -> dict[int, Officer]:
    """The commander of each duty group (`Station.command`): the officer named for it, else its
    first rotating officer (station order) holding a role that may command, a deputy director
    by default. Groups with neither are left out."""
    result: dict[int, Officer] = {}
    for group in range(1, station.rotation.groups + 1):
        commander = station.commander_due(group, lambda officer: groups.get(officer.id))
        if commander is not None:
            result[group] = commander
    return result


def appraisers(station: Station, groups: dict[str, int]) -> list[AppraisalLine]:
    """Both appraisers of every officer, given each officer's duty group."""
    head = director(station)
    head_id = head.id if head else None
    group_commanders = commanders(station, groups)
    lines = []
    for officer in station.officers:
        long_line = short_line = None
        if station.team(officer.team).kind is not TeamKind.leadership:
            leader = team_leader(station, officer.team)
            long_line = head_id if leader is None or leader.id == officer.id else leader.id
            commander = group_commanders.get(groups.get(officer.id, 0))
            if commander is not None:
                short_line = head_id if commander.id == officer.id else commander.id
        lines.append(
            AppraisalLine(
                officer_id=officer.id,
                long_line=long_line,
                short_line=short_line,
                long_line_weight=station.appraisal.long_line,
                short_line_weight=station.appraisal.short_line,
            )
        )
    return lines
