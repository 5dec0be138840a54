"""The mobile patrol brigade (机动巡逻队) as validated data.

Units give guards and weekly hours; squads (巡逻小队) belong to a unit and a functional group;
areas (巡逻区域) lie in one of the station's grids; routes (巡逻线路) lie in an area, follow their
checkpoints (打卡点) in order and are patrolled in one patrol mode. Nothing here imports the
solver: the built-in Qianmen brigade (`rosterkit.brigade.builtin`) is one instance, and any other
brigade is a workbook or a folder of CSV files with the same tables
(`rosterkit.brigade.files`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Annotated, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

MINUTES_PER_DAY = 24 * 60

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
ID_RULE = (
    "1 to 32 characters: ASCII letters, digits, '_', '.' or '-', starting with a letter or digit"
)


def _check_id(value: str) -> str:
    if _ID.fullmatch(value) is None:
        raise ValueError(f"{value[:40]!r} is not a valid id; use {ID_RULE}")
    return value


Id = Annotated[str, AfterValidator(_check_id)]
"""An id of a unit, squad, area, route, checkpoint, grid or mode, e.g. 'S07'."""
Name = Annotated[str, Field(min_length=1, max_length=100)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]


class Strict(BaseModel):
    """Base of every brigade model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def parse_clock(text: str) -> int:
    """'07:30' as minutes after midnight (0 to 1440; '24:00' is the end of the day)."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", text)
    if match is None:
        raise ValueError(f"{text!r} is not a time of day; write HH:MM, e.g. 07:30")
    hours, minutes = int(match[1]), int(match[2])
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{text!r} is not a time of day between 00:00 and 24:00")
    return hours * 60 + minutes


def clock(minutes: int) -> str:
    """Minutes after midnight as 'HH:MM' (past midnight as '+1 HH:MM')."""
    day, rest = divmod(minutes, MINUTES_PER_DAY)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    return f"+{day} {text}" if day else text


class Window(Strict):
    """A daily time window, in minutes after midnight: a session starts and ends inside it."""

    start: int = Field(ge=0, le=MINUTES_PER_DAY)
    end: int = Field(ge=0, le=MINUTES_PER_DAY)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError(f"window {clock(self.start)}-{clock(self.end)} ends before it starts")
        return self

    @classmethod
    def parse(cls, text: str) -> Window:
        """'07:00-11:00'."""
        parts = text.split("-")
        if len(parts) != 2:
            raise ValueError(f"{text!r} is not a window; write HH:MM-HH:MM, e.g. 07:00-11:00")
        return cls(start=parse_clock(parts[0]), end=parse_clock(parts[1]))

    def __str__(self) -> str:
        return f"{clock(self.start)}-{clock(self.end)}"


class ModeKind(StrEnum):
    """How a patrol mode fixes its times."""

    timed = "timed"
    """One session in each daily window, at the same time every day (四定: fixed time slot)."""
    random = "random"
    """Sessions at times drawn afresh each day over all 24 hours (全时段随机巡逻)."""


class PatrolMode(Strict):
    """A patrol mode (巡逻方式): when its sessions happen and what one session is.

    A session walks the route `rounds` times with a team of `guards`, at `pace_kmh`, stopping
    `dwell_minutes` at each checkpoint to scan: it lasts
    rounds x (length / pace + checkpoints x dwell), and brings rounds x checkpoints check-ins
    and rounds x length km.
    """

    id: Id
    name: Name
    name_en: Name
    kind: ModeKind
    windows: list[Window] = Field(default=[], max_length=24)
    sessions_per_day: int = Field(default=0, ge=0, le=24)
    rounds: int = Field(ge=1, le=50)
    guards: int = Field(ge=1, le=20)
    pace_kmh: float = Field(gt=0, le=30, allow_inf_nan=False)
    dwell_minutes: float = Field(ge=0, le=60, allow_inf_nan=False)

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if self.kind is ModeKind.timed and not self.windows:
            raise ValueError(f"mode '{self.id}': a timed mode needs at least one window")
        if self.kind is ModeKind.random and self.sessions_per_day < 1:
            raise ValueError(f"mode '{self.id}': a random mode needs sessions_per_day of 1 or more")
        return self

    @property
    def daily_sessions(self) -> int:
        """Sessions of one route in one day."""
        return len(self.windows) if self.kind is ModeKind.timed else self.sessions_per_day


class Indicator(StrEnum):
    """What a squad's month is scored on; each a share from 0 to 1 (see `brigade.scoring`)."""

    checkins = "checkins"
    """Check-ins done / planned, at most 1."""
    slots_kept = "slots_kept"
    """Planned sessions patrolled / planned."""
    punctuality = "punctuality"
    """Patrolled sessions started on time / patrolled."""
    distance = "distance"
    """km patrolled / planned, at most 1."""
    problems_found = "problems_found"
    """Problems reported per planned guard-hour, against the brigade's best squad."""
    problems_closed = "problems_closed"
    """Problems closed / reported (1 when none was reported)."""
    clean_scans = "clean_scans"
    """Check-ins not suspicious / all check-ins."""


class Weight(Strict):
    """An indicator of a functional group and its weight in percent."""

    indicator: Indicator
    weight: int = Field(ge=0, le=100)


class FunctionalGroup(Strict):
    """One of the three functional groups (功能化巡逻小组), with its task, the patrol modes its
    squads take and how its squads are scored (weights summing to 100)."""

    id: int = Field(ge=1, le=99)
    name: Name
    name_en: Name
    task: Name
    modes: list[Id] = Field(min_length=1, max_length=10)
    weights: list[Weight] = Field(min_length=1, max_length=len(Indicator))

    @model_validator(mode="after")
    def _weights(self) -> Self:
        total = sum(item.weight for item in self.weights)
        if total != 100:
            raise ValueError(f"group {self.id}: indicator weights add up to {total}, not 100")
        twice = [i.value for i, n in Counter(w.indicator for w in self.weights).items() if n > 1]
        if twice:
            raise ValueError(f"group {self.id}: indicator {', '.join(twice)} weighted twice")
        return self


class Grid(Strict):
    """A police grid (警务网格) of the station, copied from the station so the file stands alone."""

    id: Id
    name: Name
    community: Name


class Unit(Strict):
    """A local organisation (行业单位) that gives security guards to the brigade."""

    id: Id
    name: Name
    guards: int = Field(ge=1, le=10_000)
    hours_per_week: int = Field(ge=0, le=100_000, description="Guard-hours a week it can give.")
    grid: Id
    lon: Longitude | None = None
    lat: Latitude | None = None


class Squad(Strict):
    """A patrol squad (巡逻小队): guards of one unit in one functional group."""

    id: Id
    name: Name
    unit: Id
    members: int = Field(ge=1, le=1_000)
    group: int = Field(ge=1, le=99)


class Area(Strict):
    """A patrol area (巡逻区域) inside one grid."""

    id: Id
    name: Name
    grid: Id


class Checkpoint(Strict):
    """A check-in point (打卡点), with optional coordinates for the map."""

    id: Id
    name: Name
    lon: Longitude | None = None
    lat: Latitude | None = None


class Route(Strict):
    """A patrol route (巡逻线路): a loop of `length_km` from its start, through its checkpoints in
    order, back to the start. `stops_km` are the checkpoints' distances from the start along
    the loop (evenly spaced when not given)."""

    id: Id
    name: Name
    area: Id
    mode: Id
    length_km: float = Field(gt=0, le=100, allow_inf_nan=False)
    checkpoints: list[Id] = Field(min_length=1, max_length=100)
    stops_km: list[float] | None = None

    @model_validator(mode="after")
    def _stops(self) -> Self:
        if len(set(self.checkpoints)) != len(self.checkpoints):
            raise ValueError(f"route '{self.id}': a checkpoint is listed twice")
        if self.stops_km is not None:
            stops = self.stops_km
            if len(stops) != len(self.checkpoints):
                raise ValueError(
                    f"route '{self.id}': {len(stops)} stops_km for "
                    f"{len(self.checkpoints)} checkpoints; give one distance per checkpoint"
                )
            if any(b <= a for a, b in pairwise(stops)) or not (
                stops[0] >= 0 and stops[-1] < self.length_km
            ):
                raise ValueError(
                    f"route '{self.id}': stops_km must rise from 0 and stay below the route's "
                    f"length {self.length_km} km"
                )
        return self

    @property
    def stops(self) -> list[float]:
        """Each checkpoint's distance from the start, in km."""
        if self.stops_km is not None:
            return list(self.stops_km)
        step = self.length_km / len(self.checkpoints)
        return [round(step * (i + 0.5), 3) for i in range(len(self.checkpoints))]


class Settings(Strict):
    """Thresholds of the report and weights of the plan, with their defaults."""

    max_speed_kmh: float = Field(default=15.0, gt=0, le=200, allow_inf_nan=False)
    """Faster than this between two scans of one guard is suspicious."""
    repeat_minutes: int = Field(default=5, ge=0, le=600)
    """A squad scanning the same checkpoint again within this is a repeat."""
    late_minutes: int = Field(default=15, ge=0, le=600)
    """A session starting later than this after its planned start is late."""
    day_hours: int = Field(default=8, ge=1, le=24)
    """Most hours a guard works a day (劳动法 §36)."""
    week_hours: int = Field(default=40, ge=1, le=168)
    """Most hours a guard works a week (劳动法 §36)."""
    slot_step_minutes: int = Field(default=15, ge=1, le=120)
    """Planned start times are multiples of this."""
    load_weight: int = Field(default=1, ge=0, le=1_000)
    """Cost of each minute of the heaviest weekly load per guard (load balance)."""
    away_weight: int = Field(default=20, ge=0, le=100_000)
    """Cost of each area given to a squad whose unit sits in another grid."""
    commend_top: int = Field(default=3, ge=0, le=100)
    """Squads commended in each functional group, best first."""
    commend_min_score: float = Field(default=85.0, ge=0, le=100, allow_inf_nan=False)
    """No squad below this score is commended."""


@dataclass(frozen=True)
class Problem:
    """A broken cross-reference: the table and item it sits in, the field and what is wrong."""

    table: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.table} '{self.item}', {self.field}: {self.message}"


class Brigade(Strict):
    """The whole brigade: who patrols, where, how, and how squads are scored."""

    id: Id
    name: Name
    name_en: Name
    station: Id
    grids: list[Grid] = Field(min_length=1, max_length=10_000)
    units: list[Unit] = Field(min_length=1, max_length=10_000)
    squads: list[Squad] = Field(min_length=1, max_length=10_000)
    areas: list[Area] = Field(min_length=1, max_length=10_000)
    routes: list[Route] = Field(min_length=1, max_length=10_000)
    checkpoints: list[Checkpoint] = Field(min_length=1, max_length=100_000)
    modes: list[PatrolMode] = Field(min_length=1, max_length=20)
    groups: list[FunctionalGroup] = Field(min_length=1, max_length=99)
    settings: Settings = Settings()

    @model_validator(mode="after")
    def _references(self) -> Self:
        problems = cross_references(self)
        if problems:
            raise ValueError("; ".join(str(p) for p in problems[:20]))
        return self

    _ids: dict[str, dict[str, object]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        """Build the lookups by id once (the model is frozen, so they never go stale)."""
        for name in ("units", "squads", "areas", "routes", "modes", "grids", "checkpoints"):
            self._ids[name] = {item.id: item for item in getattr(self, name)}

    def unit(self, unit_id: str) -> Unit:
        return self._ids["units"][unit_id]  # type: ignore[return-value]

    def squad(self, squad_id: str) -> Squad:
        return self._ids["squads"][squad_id]  # type: ignore[return-value]

    def area(self, area_id: str) -> Area:
        return self._ids["areas"][area_id]  # type: ignore[return-value]

    def route(self, route_id: str) -> Route:
        return self._ids["routes"][route_id]  # type: ignore[return-value]

    def mode(self, mode_id: str) -> PatrolMode:
        return self._ids["modes"][mode_id]  # type: ignore[return-value]

    def grid(self, grid_id: str) -> Grid:
        return self._ids["grids"][grid_id]  # type: ignore[return-value]

    def checkpoint(self, checkpoint_id: str) -> Checkpoint:
        return self._ids["checkpoints"][checkpoint_id]  # type: ignore[return-value]

    def has(self, table: str, item_id: str) -> bool:
        """Whether `table` ('squads', 'checkpoints', ...) holds `item_id`."""
        return item_id in self._ids[table]

    def group(self, group_id: int) -> FunctionalGroup:
        return next(g for g in self.groups if g.id == group_id)

    def routes_of_area(self, area_id: str) -> list[Route]:
        return [r for r in self.routes if r.area == area_id]

    def community_of_grid(self, grid_id: str) -> str:
        return self.grid(grid_id).community


def cross_references(brigade: Brigade) -> list[Problem]:
    """Every broken reference between the tables, and every id given twice."""
    problems: list[Problem] = []
    tables: list[tuple[str, list[str]]] = [
        ("grid", [g.id for g in brigade.grids]),
        ("unit", [u.id for u in brigade.units]),
        ("squad", [s.id for s in brigade.squads]),
        ("area", [a.id for a in brigade.areas]),
        ("route", [r.id for r in brigade.routes]),
        ("checkpoint", [c.id for c in brigade.checkpoints]),
        ("mode", [m.id for m in brigade.modes]),
        ("group", [str(g.id) for g in brigade.groups]),
    ]
    for table, ids in tables:
        for item, count in Counter(ids).items():
            if count > 1:
                problems.append(Problem(table, item, "id", f"given {count} times; ids are unique"))
    grids = {g.id for g in brigade.grids}
    units = {u.id: u for u in brigade.units}
    areas = {a.id for a in brigade.areas}
    modes = {m.id for m in brigade.modes}
    groups = {g.id: g for g in brigade.groups}
    checkpoints = {c.id for c in brigade.checkpoints}
    for unit in brigade.units:
        if unit.grid not in grids:
            problems.append(Problem("unit", unit.id, "grid", f"unknown grid '{unit.grid}'"))
    members: Counter[str] = Counter()
    for squad in brigade.squads:
        if squad.unit not in units:
            problems.append(Problem("squad", squad.id, "unit", f"unknown unit '{squad.unit}'"))
        else:
            members[squad.unit] += squad.members
        if squad.group not in groups:
            problems.append(Problem("squad", squad.id, "group", f"unknown group {squad.group}"))
    for unit_id, count in members.items():
        if count > units[unit_id].guards:
            problems.append(
                Problem(
                    "unit",
                    unit_id,
                    "guards",
                    f"its squads have {count} members but the unit gives "
                    f"{units[unit_id].guards} guards",
                )
            )
    for group in brigade.groups:
        for mode in group.modes:
            if mode not in modes:
                problems.append(Problem("group", str(group.id), "modes", f"unknown mode '{mode}'"))
    for area in brigade.areas:
        if area.grid not in grids:
            problems.append(Problem("area", area.id, "grid", f"unknown grid '{area.grid}'"))
    on_routes: set[str] = set()
    for route in brigade.routes:
        if route.area not in areas:
            problems.append(Problem("route", route.id, "area", f"unknown area '{route.area}'"))
        if route.mode not in modes:
            problems.append(Problem("route", route.id, "mode", f"unknown mode '{route.mode}'"))
        for checkpoint in route.checkpoints:
            if checkpoint not in checkpoints:
                problems.append(
                    Problem("route", route.id, "checkpoints", f"unknown checkpoint '{checkpoint}'")
                )
        on_routes.update(route.checkpoints)
    for point in brigade.checkpoints:
        if point.id not in on_routes:
            problems.append(
                Problem(
                    "checkpoint",
                    point.id,
                    "id",
                    "is on no route; add it to a route's checkpoints or remove it",
                )
            )
    with_routes = {r.area for r in brigade.routes}
    for area in brigade.areas:
        if area.id not in with_routes:
            problems.append(
                Problem("area", area.id, "id", "has no route; give it one or remove it")
            )
    return problems
