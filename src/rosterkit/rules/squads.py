"""Squads and duty groups: even spreads of each team, grid officers, deputy
directors, sergeants and sector specialists over the duty groups; a commander for every group
(its named commander sits in it, or it holds an officer who may command); a team leader and his
sergeant apart; A and B roles of a community in different groups."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from rosterkit.rules.spec import ROLE_ZH, Rule, Violation, Words, roles_zh
from rosterkit.rules.view import RosterView, officer_zh
from rosterkit.station import Officer, Role, TeamKind


def _uneven(counts: Counter[int], members: int, groups: int, at_least: int = 0) -> list[int]:
    """Groups whose count lies outside [max(floor(n/G), at_least), ceil(n/G)]."""
    low, high = max(members // groups, at_least), max(-(-members // groups), at_least)
    return [k for k in range(1, groups + 1) if not low <= counts.get(k, 0) <= high]


def check(v: RosterView) -> Iterator[Violation]:
    """Even spreads over the duty groups, and the appraisal spans."""
    rule, groups = "squads", v.station.rotation.groups
    grouped = [o for o in v.officers if v.station.team(o.team).kind is not TeamKind.leadership]
    rotating = [o for o in grouped if v.station.rotates(o)]

    def spread(
        members: list[Officer], what: str, what_zh: str, at_least: int = 0
    ) -> Iterator[Violation]:
        if not members and not at_least:
            return
        counts = Counter(v.group(o) for o in members)
        for k in _uneven(counts, len(members), groups, at_least):  # type: ignore[arg-type]
            yield Violation(
                rule,
                f"duty group {k} holds {counts.get(k, 0)} of the "
                f"{len(members)} {what}; they must spread evenly",
                zh=f"第{k}值班组有{counts.get(k, 0)}名{what_zh}（共{len(members)}名），"
                "应在各值班组间平均分布",
            )

    for team in v.station.teams:
        if team.kind is TeamKind.leadership:
            continue
        members = v.team_members(team.id)
        yield from spread(members, f"officers of {team.name_en}", f"{team.name}民警")
        yield from spread(
            [o for o in members if Role.grid_officer in o.roles],
            f"grid officers of {team.name_en}",
            f"{team.name}{ROLE_ZH[Role.grid_officer]}",
        )
        leaders = [o for o in members if o.roles & {Role.deputy_director, Role.team_leader}]
        for leader in leaders:
            for sergeant in (o for o in members if Role.sergeant in o.roles):
                if v.group(leader) == v.group(sergeant):
                    yield Violation(
                        rule,
                        f"team leader {leader.id} and sergeant {sergeant.id} share a squad",
                        officer_id=sergeant.id,
                        zh=f"{team.name}的带队{_leader_zh(leader)}{officer_zh(leader)}与警长"
                        f"{officer_zh(sergeant)}在同一班组",
                    )
    yield from spread(grouped, "officers of the station (appraisal spans)", "全所民警（考核范围）")
    yield from spread(
        [o for o in rotating if Role.deputy_director in o.roles],
        "deputy directors",
        ROLE_ZH[Role.deputy_director],
    )
    yield from _commanders(v, rotating)
    yield from spread(
        [o for o in rotating if Role.sergeant in o.roles], "sergeants", ROLE_ZH[Role.sergeant]
    )
    yield from spread(
        [o for o in rotating if Role.sector_specialist in o.roles],
        "sector specialists",
        ROLE_ZH[Role.sector_specialist],
    )
    for pair in v.station.ab_pairs:
        a, b = v.station.officer(pair.a_role), v.station.officer(pair.b_role)
        if v.group(a) == v.group(b):
            yield Violation(
                rule,
                f"A role {a.id} and B role {b.id} are in the same duty group",
                officer_id=b.id,
                zh=f"A角{officer_zh(a)}与B角{officer_zh(b)}在同一值班组",
            )


def _commanders(v: RosterView, rotating: list[Officer]) -> Iterator[Violation]:
    """Every duty group has a commander (`Station.command`): the officer named for it, who
    sits in it if he rotates, or else a rotating officer of the group who may command."""
    station = v.station
    roles = " or ".join(role.value.replace("_", " ") for role in station.command.roles)
    for k in range(1, station.rotation.groups + 1):
        named = station.named_commander(k)
        if named is None:
            if not any(v.group(o) == k and station.may_command(o) for o in rotating):
                yield Violation(
                    "squads",
                    f"duty group {k} holds no {roles} to command it, and command.commanders "
                    "names nobody for it",
                    zh=f"第{k}值班组没有可带班的{roles_zh(station.command.roles)}，"
                    "带班设置（command.commanders）也未为该组指定带班人",
                )
        elif station.rotates(named) and v.group(named) != k:
            yield Violation(
                "squads",
                f"{named.id} commands duty group {k} but sits in duty group {v.group(named)}",
                officer_id=named.id,
                zh=f"{officer_zh(named)}带第{k}值班组，却"
                + ("未分入值班组" if v.group(named) is None else f"在第{v.group(named)}值班组"),
            )


def _leader_zh(leader: Officer) -> str:
    """What a team's leader is called in Chinese: a deputy director or a team leader."""
    role = Role.deputy_director if Role.deputy_director in leader.roles else Role.team_leader
    return ROLE_ZH[role]


RULE = Rule(
    id="squads",
    check=check,
    zh=Words(
        name="班组与值班组",
        broken="值班组人数不均，或副所长、警长、A/B角的分组不合要求",
        fix="在各值班组之间调整班组，使人员均衡、每组一名副所长和警长、A/B角分开",
    ),
    en=Words(
        name="squads and duty groups",
        broken=(
            "duty groups are uneven, or deputy directors, sergeants or A/B roles are grouped "
            "wrongly"
        ),
        fix=(
            "move officers between squads so that groups are even, each has one deputy "
            "director and sergeant, and A and B are apart"
        ),
    ),
)
