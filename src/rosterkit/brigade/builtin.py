"""The built-in Qianmen patrol brigade (前门地区机动巡逻队), generated deterministically.

The counts are the seed's (21 units, 200+ guards, 22 squads, 25 areas, 31 routes, 69
checkpoints, 3 functional groups, 3 patrol modes), attached to the built-in station's 11 grids.
Names are synthetic. Route lengths, checkpoints per route, rounds per session and the modes'
slots are one consistent set: a month of the plan they give comes out near the seed's monthly
figures (13,276 check-ins, 5,500 km, 4,560 guard-hours) because each session is what
`rosterkit.brigade.sessions` makes of these numbers; no target figure is written here.
"""

from __future__ import annotations

import random
from functools import cache

from rosterkit.brigade.data import (
    Area,
    Brigade,
    Checkpoint,
    FunctionalGroup,
    Grid,
    Indicator,
    ModeKind,
    PatrolMode,
    Route,
    Squad,
    Unit,
    Weight,
    Window,
)

SEED = 20240903
"""The brigade was formed on 3 September 2024; its synthetic data is drawn from this seed."""

CHECKIN, OUTDOOR, RANDOM = "checkin", "outdoor", "random"

# Per community: per grid, the areas as (mode, routes). Three communities, 11 grids, 25 areas,
# 31 routes; each area's routes share one mode, which decides which functional groups may take it.
_LAYOUT: dict[str, list[list[tuple[str, int]]]] = {
    "qiandong": [
        [(OUTDOOR, 2), (CHECKIN, 1), (RANDOM, 1)],
        [(OUTDOOR, 1), (CHECKIN, 2)],
        [(OUTDOOR, 1), (RANDOM, 1)],
        [(CHECKIN, 1), (RANDOM, 2)],
    ],
    "dajiang": [
        [(OUTDOOR, 1), (CHECKIN, 1), (RANDOM, 2)],
        [(CHECKIN, 1), (RANDOM, 1)],
        [(OUTDOOR, 2), (CHECKIN, 1)],
        [(CHECKIN, 1), (RANDOM, 1)],
    ],
    "caochang": [
        [(OUTDOOR, 1), (CHECKIN, 1), (RANDOM, 1)],
        [(OUTDOOR, 1), (CHECKIN, 2)],
        [(CHECKIN, 1), (RANDOM, 1)],
    ],
}

# Per community: units as (grid index, squads' functional groups). 21 units, 22 squads.
_UNITS: dict[str, list[tuple[int, list[int]]]] = {
    "qiandong": [(0, [1]), (0, [3]), (1, [1]), (1, [2]), (2, [1]), (2, [3]), (3, [2]), (3, [3])],
    "dajiang": [(0, [1]), (0, [3]), (1, [2, 3]), (2, [1]), (2, [2]), (3, [2]), (3, [3])],
    "caochang": [(0, [1]), (0, [3]), (1, [1]), (1, [2]), (2, [2]), (2, [3])],
}

_PLACES = [
    "鲜鱼口", "西打磨厂", "长巷", "草厂头条", "前门东", "珠市口", "大江胡同", "布巷子",
    "兴隆街", "台基厂", "北芦草园", "南芦草园", "銮庆胡同", "得丰", "薛家湾", "冰窖厂",
    "三里河", "西兴隆", "东兴隆", "正义路", "箭楼",
]  # fmt: skip
_KINDS = ["商业管理公司", "酒店", "物业公司", "医院", "学校", "景区服务中心", "商场"]
_AREA_WORDS = ["商业街", "胡同片", "居民区", "景区", "市场", "广场", "街巷"]

# Map frame: the Qianmen area around (116.398 E, 39.894 N); 1 km is about these degrees.
_LON0, _LAT0 = 116.392, 39.889
_KM_LON, _KM_LAT = 0.01172, 0.008993
_GRID_KM = 0.32  # side of the square drawn for a grid on the map (illustrative geometry)


def _modes() -> list[PatrolMode]:
    return [
        PatrolMode(
            id=CHECKIN,
            name="分时段打卡巡逻",
            name_en="Time-slot check-in patrol",
            kind=ModeKind.timed,
            windows=[
                Window.parse("07:00-11:00"),
                Window.parse("13:00-17:00"),
                Window.parse("18:30-22:30"),
            ],
            rounds=2,
            guards=2,
            pace_kmh=3.0,
            dwell_minutes=2.0,
        ),
        PatrolMode(
            id=OUTDOOR,
            name="定时段户外巡逻",
            name_en="Fixed-period outdoor patrol",
            kind=ModeKind.timed,
            windows=[Window.parse("09:00-21:00")],
            rounds=8,
            guards=2,
            pace_kmh=3.0,
            dwell_minutes=2.0,
        ),
        PatrolMode(
            id=RANDOM,
            name="全时段随机巡逻",
            name_en="Round-the-clock random patrol",
            kind=ModeKind.random,
            sessions_per_day=3,
            rounds=2,
            guards=2,
            pace_kmh=3.0,
            dwell_minutes=2.0,
        ),
    ]


def _groups() -> list[FunctionalGroup]:
    def weights(**shares: int) -> list[Weight]:
        return [Weight(indicator=Indicator(k), weight=v) for k, v in shares.items()]

    return [
        FunctionalGroup(
            id=1,
            name="第一小组",
            name_en="Group 1",
            task="门前三包:环境卫生与市容秩序",
            modes=[OUTDOOR],
            weights=weights(slots_kept=30, problems_found=20, problems_closed=30, checkins=20),
        ),
        FunctionalGroup(
            id=2,
            name="第二小组",
            name_en="Group 2",
            task="治安隐患排查与问题处置",
            modes=[CHECKIN],
            weights=weights(problems_found=35, problems_closed=25, checkins=25, clean_scans=15),
        ),
        FunctionalGroup(
            id=3,
            name="第三小组",
            name_en="Group 3",
            task="日常巡逻防控:见警率与管事率",
            modes=[RANDOM, CHECKIN],
            weights=weights(slots_kept=25, punctuality=25, distance=30, checkins=20),
        ),
    ]


def _grids() -> list[Grid]:
    # Imported here: the built-in station is only needed to build the built-in brigade.
    from rosterkit.stations import qianmen

    return [Grid(id=g.id, name=g.name, community=g.community) for g in qianmen().grids]


def _loop_point(
    origin: tuple[float, float], side_km: tuple[float, float], at_km: float
) -> tuple[float, float]:
    """The point `at_km` along a rectangular loop of sides `side_km` starting at `origin`."""
    width, height = side_km
    d = at_km % (2 * (width + height))
    x, y = origin
    if d <= width:
        return x + d * _KM_LON, y
    if d <= width + height:
        return x + width * _KM_LON, y + (d - width) * _KM_LAT
    if d <= 2 * width + height:
        return x + (2 * width + height - d) * _KM_LON, y + height * _KM_LAT
    return x, y + (2 * (width + height) - d) * _KM_LAT


def build() -> Brigade:
    """The built-in brigade, the same on every call and every machine (see `SEED`)."""
    rng = random.Random(SEED)
    grids = _grids()
    by_community: dict[str, list[Grid]] = {}
    for grid in grids:
        by_community.setdefault(grid.community, []).append(grid)
    units: list[Unit] = []
    squads: list[Squad] = []
    areas: list[Area] = []
    routes: list[Route] = []
    checkpoints: list[Checkpoint] = []
    places = iter(_PLACES)
    # 69 checkpoints on 31 routes: 24 routes with two, 7 (drawn) with three.
    route_total = sum(n for cells in _LAYOUT.values() for cell in cells for _, n in cell)
    three = set(rng.sample(range(route_total), 7))
    route_number = 0
    for column, (community, cells) in enumerate(_LAYOUT.items()):
        community_grids = by_community[community]
        for row, cell in enumerate(cells):
            grid = community_grids[row]
            grid_origin = (_LON0 + column * 0.45 * _KM_LON * 2.2, _LAT0 + row * 0.36 * _KM_LAT * 2)
            for area_index, (mode, count) in enumerate(cell):
                area_id = f"A{len(areas) + 1:02d}"
                word = _AREA_WORDS[rng.randrange(len(_AREA_WORDS))]
                areas.append(
                    Area(id=area_id, name=f"{grid.name}{word}{area_index + 1}区", grid=grid.id)
                )
                for _ in range(count):
                    route_number += 1
                    length = round(rng.uniform(0.72, 1.12), 2)
                    stops_count = 3 if route_number - 1 in three else 2
                    step = length / stops_count
                    stops = [
                        round(step * (i + rng.uniform(0.3, 0.7)), 3) for i in range(stops_count)
                    ]
                    ids: list[str] = []
                    width = round(length * rng.uniform(0.22, 0.32), 3)
                    origin = (
                        grid_origin[0]
                        + area_index * 0.12 * _KM_LON
                        + rng.uniform(0, 0.05) * _KM_LON,
                        grid_origin[1] + rng.uniform(0, 0.08) * _KM_LAT,
                    )
                    for stop in stops:
                        cp_id = f"C{len(checkpoints) + 1:02d}"
                        lon, lat = _loop_point(origin, (width, length / 2 - width), stop)
                        checkpoints.append(
                            Checkpoint(
                                id=cp_id,
                                name=f"{area_id}-{len(ids) + 1}号打卡点",
                                lon=round(lon, 6),
                                lat=round(lat, 6),
                            )
                        )
                        ids.append(cp_id)
                    routes.append(
                        Route(
                            id=f"R{route_number:02d}",
                            name=f"{areas[-1].name}线路{chr(ord('A') + len(routes) % 26)}",
                            area=area_id,
                            mode=mode,
                            length_km=length,
                            checkpoints=ids,
                            stops_km=stops,
                        )
                    )
        for grid_index, groups in _UNITS[community]:
            grid = community_grids[grid_index]
            unit_id = f"U{len(units) + 1:02d}"
            place = next(places)
            kind = _KINDS[rng.randrange(len(_KINDS))]
            members = [rng.randint(7, 12) for _ in groups]
            guards = sum(members) + rng.randint(0, 2)
            units.append(
                Unit(
                    id=unit_id,
                    name=f"{place}{kind}",
                    guards=guards,
                    hours_per_week=guards * rng.choice((10, 11, 12)),
                    grid=grid.id,
                    lon=round(_LON0 + column * 0.99 * _KM_LON + 0.05 * _KM_LON, 6),
                    lat=round(_LAT0 + grid_index * 0.72 * _KM_LAT + 0.3 * _KM_LAT, 6),
                )
            )
            for number, (group, count) in enumerate(zip(groups, members, strict=True)):
                suffix = f"{number + 1}队" if len(groups) > 1 else "巡逻小队"
                squads.append(
                    Squad(
                        id=f"S{len(squads) + 1:02d}",
                        name=f"{place}{suffix}",
                        unit=unit_id,
                        members=count,
                        group=group,
                    )
                )
    return Brigade(
        id="qianmen_brigade",
        name="前门地区机动巡逻队",
        name_en="Qianmen Mobile Patrol Brigade",
        station="qianmen",
        grids=grids,
        units=units,
        squads=squads,
        areas=areas,
        routes=routes,
        checkpoints=checkpoints,
        modes=_modes(),
        groups=_groups(),
    )


@cache
def _built() -> Brigade:
    return build()


def qianmen_brigade() -> Brigade:
    """The built-in Qianmen brigade (shared: the model is frozen)."""
    return _built()
