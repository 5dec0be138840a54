"""Stations laid out like Qianmen, at any size, with synthetic officer names.

`layout(scale)` builds a station `scale` times the size of the built-in one: 3 x scale
communities and community teams of 12, one command room of 9 x scale, scale case teams of 9 and
scale street-patrol teams of 6, plus the director and political commissar. The three deputy
directors lead the first three community teams and command the three duty groups; further
community teams are led by a team leader. Squads are laid out so that every rule of
the built-in station's rules (docs/rules.md) hold.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from rosterkit.station import (
    ABPair,
    Community,
    CommunityPost,
    DutyPost,
    Eligibility,
    Grid,
    Officer,
    PostState,
    Role,
    Station,
    Team,
    TeamKind,
)

GROUPS = 3
SECTORS = ["hotel", "catering", "hospital", "school", "government"]
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "伟磊军勇杰涛明超强平刚辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳剑东峰"

QIANMEN_COMMUNITIES = [
    Community(id="qiandong", name="前东社区", name_en="Qiandong", short="东"),
    Community(id="dajiang", name="大江社区", name_en="Dajiang", short="江"),
    Community(id="caochang", name="草厂社区", name_en="Caochang", short="草"),
]
QIANMEN_GRIDS_PER_COMMUNITY = [4, 4, 3]


def synthetic_name(index: int) -> str:
    """A two- or three-character synthetic name, distinct for the first thousand indices."""
    surname = _SURNAMES[index % len(_SURNAMES)]
    given = _GIVEN[(index // len(_SURNAMES)) % len(_GIVEN)]
    extra = index // (len(_SURNAMES) * len(_GIVEN))
    return surname + given + (_GIVEN[extra - 1] if extra else "")


def default_posts(scale: int = 1) -> list[DutyPost]:
    """The duty posts (rules `duty_commander`, `post_staffing`, `street_patrol`); staff counts
    grow with `scale` where station-wide."""
    community_kinds = [TeamKind.community]
    ab_and_dd = [Role.a_role, Role.b_role, Role.deputy_director]
    return [
        DutyPost(
            code="commander",
            name="值班副所长",
            name_en="Duty commander",
            short="指",
            state=PostState.main,
            hours=24,
            eligible=Eligibility(
                roles_any=[Role.deputy_director, Role.director, Role.political_commissar]
            ),
            min_staff=1,
            max_staff=1,
            call_in=False,
        ),
        DutyPost(
            code="desk",
            name="指挥台",
            name_en="Command desk",
            short="台",
            state=PostState.main,
            hours=24,
            eligible=Eligibility(team_kinds=[TeamKind.command_room]),
            min_staff=2 * scale,
            target_staff=3 * scale,
        ),
        DutyPost(
            code="case",
            name="案件办理",
            name_en="Case handling",
            short="案",
            state=PostState.main,
            hours=24,
            eligible=Eligibility(team_kinds=[TeamKind.case]),
            min_staff=2 * scale,
            target_staff=3 * scale,
        ),
        DutyPost(
            code="ccar",
            name="社区巡逻车",
            name_en="Community car",
            short="车",
            state=PostState.main,
            hours=24,
            per_community=True,
            car=True,
            eligible=Eligibility(team_kinds=community_kinds, exclude_roles=[Role.deputy_director]),
            min_staff=2,
            max_staff=3,
            target_staff=2,
        ),
        DutyPost(
            code="moffice",
            name="社区警务室(正班)",
            name_en="Community office (main)",
            short="室",
            state=PostState.main,
            hours=24,
            per_community=True,
            eligible=Eligibility(team_kinds=community_kinds, exclude_roles=[Role.deputy_director]),
            min_staff=1,
        ),
        DutyPost(
            code="scar1",
            name="一级巡逻车1",
            name_en="Station car 1",
            short="巡1",
            state=PostState.deputy,
            hours=9,
            car=True,
            eligible=Eligibility(
                team_kinds=[TeamKind.command_room, TeamKind.case, TeamKind.community],
                exclude_roles=ab_and_dd,
            ),
            min_staff=2,
            max_staff=3,
            target_staff=2,
        ),
        DutyPost(
            code="scar2",
            name="一级巡逻车2",
            name_en="Station car 2",
            short="巡2",
            state=PostState.deputy,
            hours=9,
            car=True,
            eligible=Eligibility(
                team_kinds=[TeamKind.command_room, TeamKind.case, TeamKind.community],
                exclude_roles=ab_and_dd,
            ),
            min_staff=2,
            max_staff=3,
            target_staff=2,
        ),
        DutyPost(
            code="doffice",
            name="社区警务室(副班)",
            name_en="Community office (deputy)",
            short="驻",
            state=PostState.deputy,
            hours=9,
            per_community=True,
            eligible=Eligibility(team_kinds=community_kinds),
            min_staff=1,
        ),
        DutyPost(
            code="cwork",
            name="社区工作",
            name_en="Community work",
            short="社",
            state=PostState.deputy,
            hours=9,
            per_community=True,
            eligible=Eligibility(team_kinds=community_kinds),
            call_in=False,
        ),
        DutyPost(
            code="video",
            name="视频巡控",
            name_en="Video patrol",
            short="视",
            state=PostState.deputy,
            hours=9,
            eligible=Eligibility(team_kinds=[TeamKind.command_room]),
            call_in=False,
        ),
        DutyPost(
            code="followup",
            name="案件跟进",
            name_en="Case follow-up",
            short="跟",
            state=PostState.deputy,
            hours=9,
            eligible=Eligibility(team_kinds=[TeamKind.case]),
            call_in=False,
        ),
        DutyPost(
            code="early",
            name="街面早班",
            name_en="Street patrol early",
            short="早",
            state=PostState.shift,
            hours=8,
            starts=dt.time(8, 0),
            eligible=Eligibility(team_kinds=[TeamKind.street_patrol]),
            min_staff=2 * scale,
        ),
        DutyPost(
            code="late",
            name="街面晚班",
            name_en="Street patrol late",
            short="晚",
            state=PostState.shift,
            hours=8,
            starts=dt.time(14, 0),
            eligible=Eligibility(team_kinds=[TeamKind.street_patrol]),
            min_staff=2 * scale,
        ),
    ]


def _squads_for_community_team(
    members: list[tuple[str, frozenset[Role]]],
    shift: int,
    sector_start: int = 0,
    sectors_placed: list[int] | None = None,
    extra_start: int = 0,
) -> list[int]:
    """Squads (1-based) for a community team's members so that rule `squads` holds.

    The leader goes to squad shift+1, the sergeant and the A role to the next squad, the B role to
    the one after; grid officers go to the open squad with fewest of the team's grid officers,
    sector specialists to the open squad with fewest placed so far station-wide
    (`sectors_placed`, one count per squad, updated), ties broken round-robin (from shift+2 and
    `sector_start`); the rest fill the smallest squads. When
    the team does not split evenly, its extra members go to the squads from `extra_start` on
    (the extras placed before), so that the station's groups stay even too.
    """
    size = len(members)
    caps = [
        size // GROUPS + (1 if (k - extra_start) % GROUPS < size % GROUPS else 0)
        for k in range(GROUPS)
    ]
    squads: list[int | None] = [None] * size
    fill = [0] * GROUPS

    def put(i: int, k: int) -> None:
        squads[i] = k + 1
        fill[k] += 1

    fixed = {
        Role.deputy_director: shift,
        Role.team_leader: shift,
        Role.sergeant: shift + 1,
        Role.a_role: shift + 1,
        Role.b_role: shift + 2,
    }
    for i, (_, roles) in enumerate(members):
        for role, k in fixed.items():
            if role in roles and squads[i] is None:
                put(i, k % GROUPS)
    placed = sectors_placed if sectors_placed is not None else [0] * GROUPS

    def spread(role: Role, counts: list[int], turn: int) -> None:
        """Each member of `role` to the open squad holding fewest of them (`counts`), ties
        broken round-robin from `turn`."""
        for i, (_, roles) in enumerate(members):
            if squads[i] is not None or role not in roles:
                continue
            open_ = [j for j in range(GROUPS) if fill[j] < caps[j]] or list(range(GROUPS))
            k = min(open_, key=lambda j: (counts[j], (j - turn) % GROUPS))
            put(i, k)
            counts[k] += 1
            turn = k + 1

    spread(Role.grid_officer, [0] * GROUPS, shift + 2)
    spread(Role.sector_specialist, placed, sector_start)
    for i in range(size):
        if squads[i] is None:
            put(i, min(range(GROUPS), key=lambda k: (fill[k] - caps[k], k)))
    return [s for s in squads if s is not None]


def layout(
    scale: int = 1,
    *,
    with_squads: bool = True,
    community_size: int = 12,
    command_size: int = 9,
    case_size: int = 9,
    patrol_size: int = 6,
    community_sizes: Sequence[int] | None = None,
    community_cars: Sequence[int] | None = None,
) -> Station:
    """A station `scale` times Qianmen's size (scale 1 has Qianmen's three communities).

    The team sizes can be changed to make smaller or odd stations (tests use them); a community
    team keeps its leader, sergeant, A, B, grid officers and sector specialists in that order
    as far as its size allows. `community_sizes` gives each community team its own size (one
    per community, 3 x scale of them) instead of `community_size` for all; `community_cars`
    each community's number of community cars (`Community.posts`; 0 for none) instead of one.
    The first three community teams are led by the deputy directors, the others by a team
    leader.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    for what, given in (("community_sizes", community_sizes), ("community_cars", community_cars)):
        if given is not None and len(given) != 3 * scale:
            raise ValueError(f"{what} needs one number per community: {3 * scale}")
    if community_sizes is not None and min(community_sizes) < 1:
        raise ValueError("a community team has at least one officer")
    if community_cars is not None and any(cars < 0 for cars in community_cars):
        raise ValueError("a community has 0 or more cars")
    if scale == 1:
        communities = list(QIANMEN_COMMUNITIES)
        grids_per = list(QIANMEN_GRIDS_PER_COMMUNITY)
    else:
        communities = [
            Community(
                id=f"c{i + 1:02d}",
                name=f"第{i + 1}社区",
                name_en=f"Community {i + 1}",
                short=str(i + 1),
            )
            for i in range(3 * scale)
        ]
        grids_per = [QIANMEN_GRIDS_PER_COMMUNITY[i % 3] for i in range(3 * scale)]
    if community_cars is not None:
        communities = [
            community
            if cars == 1
            else community.model_copy(update={"posts": [CommunityPost(post="ccar", count=cars)]})
            for community, cars in zip(communities, community_cars, strict=True)
        ]
    names = (synthetic_name(i) for i in itertools.count())
    ids = (f"P{i:03d}" for i in itertools.count(1))
    teams: list[Team] = [
        Team(id="leadership", name="所领导", name_en="Leadership", kind=TeamKind.leadership),
        Team(
            id="command_room", name="综合指挥室", name_en="Command room", kind=TeamKind.command_room
        ),
    ]
    officers: list[Officer] = []
    grids: list[Grid] = []
    pairs: list[ABPair] = []
    sector_turn = itertools.cycle(range(len(SECTORS) * 3))
    sectors_placed = [0] * GROUPS
    extras_placed = 0

    def add(
        team: str,
        roles: set[Role] | None = None,
        squad: int | None = None,
        grid: str | None = None,
        sector: str | None = None,
    ) -> str:
        oid = next(ids)
        years = 1 + (int(oid[1:]) * 7) % 28
        officers.append(
            Officer(
                id=oid,
                name=next(names),
                team=team,
                roles=frozenset(roles or ()),
                grid=grid,
                sector=sector,
                years_of_service=years,
                squad=squad,
            )
        )
        return oid

    add("leadership", {Role.director})
    add("leadership", {Role.political_commissar})

    def rotating_team(team: str, size: int, leader_role: Role | None, shift: int) -> None:
        for i in range(size):
            roles = {leader_role} if (i == 0 and leader_role) else set()
            add(team, roles, squad=(i + shift) % GROUPS + 1 if with_squads else None)

    rotating_team("command_room", command_size * scale, Role.team_leader, 0)
    for index, community in enumerate(communities):
        team_id = f"{community.id}_team"
        teams.append(
            Team(
                id=team_id,
                name=f"{community.name}警务队",
                name_en=f"{community.name_en} community team",
                kind=TeamKind.community,
                community=community.id,
            )
        )
        community_grids = [
            Grid(
                id=f"{community.id}_g{g + 1}",
                name=f"{community.name}网格{g + 1}",
                community=community.id,
            )
            for g in range(grids_per[index])
        ]
        grids += community_grids
        members: list[tuple[str, frozenset[Role]]] = []
        leader = Role.deputy_director if index < GROUPS else Role.team_leader
        plan: list[tuple[set[Role], str | None]] = [
            ({leader}, None),
            ({Role.sergeant}, None),
            ({Role.a_role}, None),
            ({Role.b_role}, None),
        ]
        plan += [({Role.grid_officer}, g.id) for g in community_grids]
        sectors_here = 2 if index % 3 < 2 else 1
        plan += [({Role.sector_specialist}, None) for _ in range(sectors_here)]
        size = community_size if community_sizes is None else community_sizes[index]
        plan += [(set(), None) for _ in range(size - len(plan))]
        plan = plan[:size]
        community_grids = [g for g in community_grids if any(grid == g.id for _, grid in plan)]
        grids = grids[: len(grids) - grids_per[index]] + community_grids
        squads = _squads_for_community_team(
            [("", frozenset(roles)) for roles, _ in plan],
            shift=index % GROUPS,
            sector_start=sum(1 for o in officers if o.sector is not None),
            sectors_placed=sectors_placed,
            extra_start=extras_placed,
        )
        extras_placed += len(plan) % GROUPS
        for (roles, grid), squad in zip(plan, squads, strict=True):
            sector = None
            if Role.sector_specialist in roles:
                sector = SECTORS[next(sector_turn) % len(SECTORS)]
            oid = add(
                team_id, roles, squad=squad if with_squads else None, grid=grid, sector=sector
            )
            members.append((oid, frozenset(roles)))
        a_roles = [oid for oid, roles in members if Role.a_role in roles]
        b_roles = [oid for oid, roles in members if Role.b_role in roles]
        if a_roles and b_roles:
            pairs.append(ABPair(a_role=a_roles[0], b_role=b_roles[0]))
    for k in range(scale):
        team_id = "case_team" if scale == 1 else f"case_team_{k + 1}"
        teams.append(
            Team(
                id=team_id,
                name="打击办案队" if scale == 1 else f"打击办案{k + 1}队",
                name_en="Case team" if scale == 1 else f"Case team {k + 1}",
                kind=TeamKind.case,
            )
        )
        rotating_team(team_id, case_size, Role.team_leader, k % GROUPS)
    for k in range(scale):
        team_id = "street_patrol" if scale == 1 else f"street_patrol_{k + 1}"
        teams.append(
            Team(
                id=team_id,
                name="街面巡控队" if scale == 1 else f"街面巡控{k + 1}队",
                name_en="Street patrol team" if scale == 1 else f"Street patrol {k + 1}",
                kind=TeamKind.street_patrol,
                max_shifts_per_week=5,
            )
        )
        for i in range(patrol_size):
            add(
                team_id,
                {Role.team_leader} if i == 0 else set(),
                squad=i % GROUPS + 1 if with_squads else None,
            )
    return Station(
        id="qianmen" if scale == 1 else f"qianmen_x{scale}",
        name="前门派出所" if scale == 1 else f"前门派出所(×{scale})",
        name_en="Qianmen Police Station" if scale == 1 else f"Qianmen Police Station x{scale}",
        communities=communities,
        grids=grids,
        sectors=SECTORS,
        teams=teams,
        officers=officers,
        ab_pairs=pairs,
        posts=default_posts(scale),
    )
