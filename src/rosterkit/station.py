"""The station as validated data: teams, officers, posts, rotation, rules and weights.

Nothing here imports the solver. A station is plain data: the built-in Qianmen station is one
instance (`rosterkit.stations.qianmen`), and any other station loads from a YAML or TOML file with
the same schema (`rosterkit.io.load_station`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from rosterkit.errors import listing
from rosterkit.scoring import AppraisalScheme

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"
ID_RULE = (
    "1 to 32 characters: ASCII letters, digits, '_', '.' or '-', starting with a letter or digit"
)
CODE_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
CODE_RULE = "1 to 32 characters: lowercase ASCII letters, digits or '_', starting with a letter"
REFERENCE_MAX_LENGTH = 32
"""Longest id or code; a reference to one (an officer's team, a grid's community) is no longer."""
NAME_MAX_LENGTH = 100
"""Longest name (Chinese or English); names end up in workbook cells and headings."""
SHORT_MAX_LENGTH = 16
"""Longest short label of a community or post, shown in roster cells."""

MAX_OFFICERS = 10_000
MAX_TEAMS = 1_000
MAX_COMMUNITIES = 1_000
MAX_GRIDS = 10_000
MAX_SECTORS = 1_000
MAX_POSTS = 500
MAX_AB_PAIRS = MAX_OFFICERS // 2
MAX_STAFF = 1_000
"""Largest staff count of a post (minimum, most, wanted)."""
MAX_WEIGHT = 1_000_000
"""Largest weight of a soft rule. With the other bounds (staff, officers, posts, the ledger's
counts and the appraisal shares of at most 100) no objective of the model can overflow a 64-bit
integer: 10^6 x 100 x (500 posts x 1,000 communities x 31 days x 1,000 staff) < 2^63."""
MAX_ALLOWANCE = 1_000
"""Largest fairness allowance: a spread of duty figures no team can reach in a year."""


def _shown(value: str, limit: int = 40) -> str:
    """`value` quoted for a message, control characters escaped and long text cut short."""
    cut = value if len(value) <= limit else value[:limit] + "..."
    return repr(cut)


def _matching(pattern: str, complaint: str) -> Callable[[str], str]:
    """A validator refusing text that `pattern` does not match, with `complaint` ('{value}' is
    replaced by the text, quoted)."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if compiled.fullmatch(value) is None:
            raise ValueError(complaint.replace("{value}", _shown(value)))
        return value

    return check


Identifier = Annotated[
    str,
    AfterValidator(_matching(ID_PATTERN, "{value} is not a valid id; use " + ID_RULE)),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]
"""An officer, grid or sector id (`ID_RULE`), e.g. 'P001' or '012345'."""

OfficerReference = Annotated[
    str,
    AfterValidator(_matching(ID_PATTERN, "unknown officer {value}: an officer id is " + ID_RULE)),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN}),
]
"""An officer's id where it names an officer (leave, ledger, A/B pairs): an `Identifier`."""

Code = Annotated[
    str,
    AfterValidator(_matching(CODE_PATTERN, "{value} is not a valid id; use " + CODE_RULE)),
    WithJsonSchema({"type": "string", "pattern": CODE_PATTERN}),
]
"""A station, community, team or post id (`CODE_RULE`), e.g. 'qiandong_team'."""

Reference = Annotated[str, Field(min_length=1, max_length=REFERENCE_MAX_LENGTH)]
"""A reference to an id or code, checked against the station's items by `Station`."""

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX_LENGTH)]
Short = Annotated[str, Field(min_length=1, max_length=SHORT_MAX_LENGTH)]


class Strict(BaseModel):
    """Base of every input model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TeamKind(StrEnum):
    """What a team does; decides whether its officers rotate with the duty groups."""

    leadership = "leadership"
    command_room = "command_room"
    community = "community"
    case = "case"
    street_patrol = "street_patrol"


class Role(StrEnum):
    """Roles an officer can hold besides team membership."""

    director = "director"
    political_commissar = "political_commissar"
    deputy_director = "deputy_director"
    sergeant = "sergeant"
    team_leader = "team_leader"
    a_role = "a_role"
    b_role = "b_role"
    grid_officer = "grid_officer"
    sector_specialist = "sector_specialist"


FULL_TIME_COMMUNITY_ROLES = frozenset({Role.a_role, Role.b_role})
STAND_IN_ROLES = frozenset({Role.director, Role.political_commissar})


class DutyState(StrEnum):
    """The daily state of a duty group (正班 / 副班 / 休班)."""

    main = "main"
    deputy = "deputy"
    rest = "rest"


class PostState(StrEnum):
    """When a post is staffed: by the main group, by the deputy group, or as a team's own shift."""

    main = "main"
    deputy = "deputy"
    shift = "shift"


MAX_POST_COUNT = 20
"""Most instances of one per-community post in a community (its cars, its offices)."""


class CommunityPost(Strict):
    """A per-community post as one community has it: how many (cars, offices) and their staff.

    Each field left empty keeps the station post's value; `count` instances of the post are
    staffed each day, each with these bounds (0: the community has none of that post).
    """

    post: Reference = Field(description="Code of a per-community post of the station.")
    count: int = Field(
        default=1, ge=0, le=MAX_POST_COUNT, description="Instances in this community, 0 to 20."
    )
    min_staff: int | None = Field(default=None, ge=0, le=MAX_STAFF, description="0 to 1,000.")
    max_staff: int | None = Field(default=None, ge=1, le=MAX_STAFF, description="1 to 1,000.")
    target_staff: int | None = Field(default=None, ge=0, le=MAX_STAFF, description="0 to 1,000.")
    rest_day_min_staff: int | None = Field(
        default=None, ge=0, le=MAX_STAFF, description="0 to 1,000."
    )
    rest_day_target_staff: int | None = Field(
        default=None, ge=0, le=MAX_STAFF, description="0 to 1,000."
    )

    def overrides(self) -> dict[str, int]:
        """The staff bounds this community sets, by `DutyPost` field."""
        fields = (
            "min_staff",
            "max_staff",
            "target_staff",
            "rest_day_min_staff",
            "rest_day_target_staff",
        )
        return {name: value for name in fields if (value := getattr(self, name)) is not None}


class Community(Strict):
    """A community (社区), policed by its community team; led by the team's deputy director or,
    where it has none, its team leader (`rosterkit.appraisal.team_leader`)."""

    id: Code
    name: Name
    name_en: Name
    short: Short = Field(description="One or two characters used in roster cells.")
    neighbours: list[Reference] = Field(
        default=[],
        max_length=MAX_COMMUNITIES,
        description="Borrowing (rule `borrowing`): communities whose community-team officers "
        "may cover this community's posts, at a cost above a call-in. Empty: none (the default).",
    )
    posts: list[CommunityPost] = Field(
        default=[],
        max_length=MAX_POSTS,
        description="This community's own number and staff of per-community posts (cars, "
        "offices); a post not listed is staffed once, with the post's own bounds.",
    )

    def local(self, code: str) -> CommunityPost | None:
        """This community's own shape of the per-community post `code`, if it sets one."""
        return next((item for item in self.posts if item.post == code), None)


class Grid(Strict):
    id: Identifier
    name: Name
    community: Reference


class Team(Strict):
    """A unit of the station. Rotating teams split into squads that join the duty groups."""

    id: Code
    name: Name
    name_en: Name
    kind: TeamKind
    community: Reference | None = None
    max_shifts_per_week: int | None = Field(
        default=None, ge=1, le=7, description="Own-shift teams: most shifts in any 7 days."
    )

    @property
    def rotates(self) -> bool:
        """Rotating teams take part in the duty groups' main / deputy / rest cycle."""
        return self.kind in (TeamKind.command_room, TeamKind.community, TeamKind.case)

    @model_validator(mode="after")
    def _community_teams_name_their_community(self) -> Self:
        if self.kind is TeamKind.community and self.community is None:
            raise ValueError(f"community team '{self.id}' must name its community")
        if self.kind is not TeamKind.community and self.community is not None:
            raise ValueError(f"team '{self.id}' is not a community team but names a community")
        return self


class Officer(Strict):
    id: Identifier = Field(description="The officer's id: " + ID_RULE + ".")
    name: Name
    team: Reference
    roles: frozenset[Role] = frozenset()
    grid: Reference | None = None
    sector: Reference | None = None
    years_of_service: int = Field(default=1, ge=0, le=60, description="0 to 60 years.")
    squad: int | None = Field(
        default=None,
        ge=1,
        le=99,
        description="Rotating teams: the squad, which is also the duty group (1-based). "
        "Street patrol: the duty group whose commander appraises the officer. "
        "Leave empty to let the solver choose.",
    )

    @model_validator(mode="after")
    def _role_fields_agree(self) -> Self:
        if (self.grid is not None) != (Role.grid_officer in self.roles):
            raise ValueError(f"officer '{self.id}': a grid officer has a grid and only he has one")
        if (self.sector is not None) != (Role.sector_specialist in self.roles):
            raise ValueError(
                f"officer '{self.id}': a sector specialist has a sector and only he has one"
            )
        return self


class Eligibility(Strict):
    """Who may hold a post. Empty lists mean 'no restriction'."""

    team_kinds: list[TeamKind] = Field(default=[], max_length=len(TeamKind))
    roles_any: list[Role] = Field(default=[], max_length=len(Role))
    exclude_roles: list[Role] = Field(default=[], max_length=len(Role))


class DutyPost(Strict):
    """A duty post. `per_community` posts exist once per community and take its officers only."""

    code: Code
    name: Name
    name_en: Name
    short: Short = Field(description="Short label for roster cells.")
    state: PostState
    eligible: Eligibility = Eligibility()
    per_community: bool = False
    min_staff: int = Field(default=0, ge=0, le=MAX_STAFF, description="0 to 1,000.")
    max_staff: int | None = Field(default=None, ge=1, le=MAX_STAFF, description="1 to 1,000.")
    target_staff: int | None = Field(
        default=None,
        ge=0,
        le=MAX_STAFF,
        description="Staff wanted (0 to 1,000); each one short is a duty-coverage penalty.",
    )
    rest_day_min_staff: int | None = Field(
        default=None,
        ge=0,
        le=MAX_STAFF,
        description="Minimum on weekends and holidays (0 to 1,000), if it differs.",
    )
    rest_day_target_staff: int | None = Field(
        default=None,
        ge=0,
        le=MAX_STAFF,
        description="Staff wanted on weekends and holidays (0 to 1,000), if it differs.",
    )
    hours: float = Field(
        default=8.0, gt=0, le=24, allow_inf_nan=False, description="Length of the duty: 0 to 24 h."
    )
    starts: dt.time = dt.time(8, 30)
    car: bool = False
    call_in: bool = Field(
        default=True, description="Whether an officer of the resting group may be called in."
    )

    def minimum(self, rest_day: bool) -> int:
        """Minimum staff on a working day or on a rest day (weekend or holiday)."""
        if rest_day and self.rest_day_min_staff is not None:
            return self.rest_day_min_staff
        return self.min_staff

    def target(self, rest_day: bool) -> int | None:
        """Staff wanted on a working day or on a rest day (weekend or holiday)."""
        if rest_day and self.rest_day_target_staff is not None:
            return self.rest_day_target_staff
        return self.target_staff

    @model_validator(mode="after")
    def _staff_bounds_agree(self) -> Self:
        if self.max_staff is not None and self.max_staff < self.min_staff:
            raise ValueError(f"post '{self.code}': max_staff {self.max_staff} < min_staff")
        if self.target_staff is not None and self.target_staff < self.min_staff:
            raise ValueError(f"post '{self.code}': target_staff below min_staff")
        too_many = self.max_staff is not None and (self.target_staff or 0) > self.max_staff
        if too_many:
            raise ValueError(f"post '{self.code}': target_staff above max_staff")
        return self


MIN_GROUPS = 2
MAX_GROUPS = 6
"""A station has 2 to 6 duty groups."""


class Rotation(Strict):
    """Duty groups and their cycle of main / deputy / rest days, run on from `anchor`.

    The number of duty groups is the cycle's length, 2 to 6 (`groups`, if given, must equal
    it). On `anchor` group 1 is in the cycle's first state and each group runs one day behind
    the one before: group g (1-based) is in state ``cycle[(days_since_anchor - (g - 1)) mod
    G]``. So every day each position of the cycle is held by exactly one group, and a state
    written k times in the cycle is held by k groups each day. The cycle holds main exactly once
    (one duty commander leads the day's main duty) and deputy at least once; the default is
    three groups, main -> rest -> deputy (三班两运转); four groups on main, deputy, rest, rest
    write ``cycle: [main, deputy, rest, rest]``. The days run on without a break across months
    (and years) from the anchor.
    """

    groups: int = Field(
        default=3,
        ge=MIN_GROUPS,
        le=MAX_GROUPS,
        description="Number of duty groups, 2 to 6; the cycle's length (left out: taken from "
        "the cycle).",
    )
    cycle: list[DutyState] = Field(
        default=[DutyState.main, DutyState.rest, DutyState.deputy],
        min_length=MIN_GROUPS,
        max_length=MAX_GROUPS,
        description="The states a duty group goes through, one a day, 2 to 6 days: main "
        "exactly once, deputy at least once, rest any number of times. Group g runs g - 1 days "
        "behind group 1.",
        json_schema_extra={
            "allOf": [
                {"contains": {"const": "main"}, "minContains": 1, "maxContains": 1},
                {"contains": {"const": "deputy"}},
            ]
        },
    )
    anchor: dt.date = Field(
        default=dt.date(2026, 1, 1),
        description="A day on which duty group 1 is in the cycle's first state.",
    )

    @model_validator(mode="before")
    @classmethod
    def _groups_from_cycle(cls, data: object) -> object:
        """`groups` left out is the cycle's length."""
        if isinstance(data, dict) and "groups" not in data and isinstance(data.get("cycle"), list):
            return {**data, "groups": len(data["cycle"])}
        return data

    @model_validator(mode="after")
    def _cycle_fits_the_groups(self) -> Self:
        mains = self.cycle.count(DutyState.main)
        if mains != 1:
            raise ValueError(
                f"rotation cycle holds main {mains} times; it must hold main exactly once "
                "(one group leads each day's main duty), e.g. [main, rest, deputy]"
            )
        if DutyState.deputy not in self.cycle:
            raise ValueError(
                "rotation cycle holds no deputy day; it must hold deputy at least once, "
                "e.g. [main, rest, deputy]"
            )
        if len(self.cycle) != self.groups:
            raise ValueError(
                f"rotation: {self.groups} duty groups but a cycle of {len(self.cycle)} days; "
                "the cycle has one day per group (for example 4 groups: "
                "[main, deputy, rest, rest])"
            )
        return self

    def state(self, group: int, day: dt.date) -> DutyState:
        """State of duty group `group` (1-based) on `day`."""
        offset = (day - self.anchor).days - (group - 1)
        return self.cycle[offset % len(self.cycle)]

    def groups_in(self, state: DutyState, day: dt.date) -> list[int]:
        """The duty groups (1-based, ascending) holding `state` on `day`: as many as the cycle
        holds the state."""
        return [group for group in range(1, self.groups + 1) if self.state(group, day) is state]

    def group_in(self, state: DutyState, day: dt.date) -> int:
        """The duty group (1-based) holding `state` on `day`; the first of them where the cycle
        holds the state more than once (deputy, rest)."""
        found = self.groups_in(state, day)
        if not found:
            raise ValueError(f"no duty group is on {state.value} duty: the cycle lacks it")
        return found[0]

    def holders(self, state: DutyState) -> int:
        """How many duty groups hold `state` each day."""
        return self.cycle.count(state)


GroupNumber = Annotated[int, Field(ge=1, le=MAX_GROUPS)]
"""A duty group, 1-based (1 to 6)."""


class Command(Strict):
    """Who commands the duty groups (值班副所长, rule `duty_commander`).

    A group's commander is the officer `commanders` names for it, else the first officer of the
    group (in the station's order) who rotates and holds one of `roles`. On the days a group
    holds main duty, its named commander commands when present; else the first present officer
    of the group holding one of `roles`; else, when none is present, an officer holding one of
    `stand_ins`. Other officers of the group holding those roles (a second deputy director)
    take an ordinary post that their eligibility allows. Every group without a named commander
    holds at least one rotating officer with one of `roles` (rule `squads`).
    """

    roles: list[Role] = Field(
        default=[Role.deputy_director],
        min_length=1,
        max_length=len(Role),
        description="Roles that may command a duty group; deputy directors by default. A "
        "named commander holds one of them (add director or political_commissar to name the "
        "director or political commissar).",
    )
    stand_ins: list[Role] = Field(
        default=[Role.director, Role.political_commissar],
        max_length=len(Role),
        description="Roles that stand in as duty commander when no officer of the main group "
        "who may command is present; the director and political commissar by default.",
    )
    commanders: dict[GroupNumber, OfficerReference] = Field(
        default={},
        max_length=MAX_GROUPS,
        description="Duty group (1-based) -> the officer who commands it, e.g. {3: P001} where "
        "three groups have two deputy directors. He must hold one of `roles`; if he rotates, "
        "he sits in that group.",
        json_schema_extra={"propertyNames": {"pattern": f"^[1-{MAX_GROUPS}]$"}},
    )


class AppraisalWeights(Strict):
    """Shares of the two appraisal sides in percent (条块结合: 50/50 by default)."""

    long_line: int = Field(default=50, ge=0, le=100)
    short_line: int = Field(default=50, ge=0, le=100)

    @model_validator(mode="after")
    def _sum_to_100(self) -> Self:
        if self.long_line + self.short_line != 100:
            raise ValueError(
                f"appraisal weights must sum to 100%, got {self.long_line} + {self.short_line}"
            )
        return self


_WEIGHT_RANGE = "0 to 1,000,000."


class RuleWeights(Strict):
    """Cost of one unit of each soft rule, before the appraisal side's share is applied."""

    call_in: int = Field(default=40, ge=0, le=MAX_WEIGHT, description=_WEIGHT_RANGE)
    fairness: int = Field(default=10, ge=0, le=MAX_WEIGHT, description=_WEIGHT_RANGE)
    duty_coverage: int = Field(default=4, ge=0, le=MAX_WEIGHT, description=_WEIGHT_RANGE)
    community_presence: int = Field(default=2, ge=0, le=MAX_WEIGHT, description=_WEIGHT_RANGE)
    ab_cover: int = Field(default=20, ge=0, le=MAX_WEIGHT, description=_WEIGHT_RANGE)
    borrowing: int = Field(
        default=60,
        ge=0,
        le=MAX_WEIGHT,
        description="0 to 1,000,000; above `call_in` where a community names neighbours.",
    )
    grid_coverage: int = Field(default=8, ge=0, le=MAX_WEIGHT, description=_WEIGHT_RANGE)
    preference: int = Field(default=6, ge=0, le=MAX_WEIGHT, description=_WEIGHT_RANGE)


class ABPair(Strict):
    """A full-time community officer (A role) and his partner (B role), 师徒结对."""

    a_role: OfficerReference
    b_role: OfficerReference


class LeaveKind(StrEnum):
    """Kinds of leave. `preferred_day_off` is a soft request: honoured where the rules allow."""

    annual = "annual"
    sick = "sick"
    compensatory_rest = "compensatory_rest"
    training = "training"
    other = "other"
    preferred_day_off = "preferred_day_off"


class YearCalendar(Strict):
    """A station's own holiday schedule for one year, overriding the packages' data.

    A new year's schedule is announced each November (国务院办公厅通知); until the packages
    know it, the station writes it here.
    """

    year: int = Field(ge=1900, le=2200)
    holidays: list[dt.date] = Field(
        default=[],
        max_length=366,
        description="Statutory holidays (法定节假日): duty on them earns compensatory rest.",
    )
    rest_days: list[dt.date] = Field(
        default=[], max_length=366, description="Other days off of the holiday periods (调休放假)."
    )
    shifted_workdays: list[dt.date] = Field(
        default=[], max_length=366, description="Weekend days made working days (调休上班)."
    )

    @model_validator(mode="after")
    def _dates_in_year(self) -> Self:
        for day in [*self.holidays, *self.rest_days, *self.shifted_workdays]:
            if day.year != self.year:
                raise ValueError(f"calendar of {self.year} lists {day}, a day of another year")
        return self


class LeavePolicy(Strict):
    """How leave requests are decided before rostering (before rule `leave` applies).

    Requests are taken in `priority` order of their kind, then by their own `priority` (higher
    first), then in the order given; a request is granted whole or refused with the reason.
    Kinds not in `refusable` are always granted (they still count towards the caps).
    """

    max_per_squad_per_day: int | None = Field(
        default=1, ge=1, le=MAX_OFFICERS, description="1 to 10,000, or empty for no cap."
    )
    max_per_team_per_day: int | None = Field(
        default=3, ge=1, le=MAX_OFFICERS, description="1 to 10,000, or empty for no cap."
    )
    priority: list[LeaveKind] = Field(
        default=[
            LeaveKind.sick,
            LeaveKind.training,
            LeaveKind.compensatory_rest,
            LeaveKind.annual,
            LeaveKind.other,
        ],
        max_length=len(LeaveKind),
    )
    refusable: list[LeaveKind] = Field(
        default=[LeaveKind.compensatory_rest, LeaveKind.annual, LeaveKind.other],
        max_length=len(LeaveKind),
    )


_Item = TypeVar("_Item", Team, Officer, Community)


def _item_id(item: Team | Officer | Community) -> str:
    return item.id


class Station(Strict):
    """A police station and its default rules."""

    id: Code
    name: Name
    name_en: Name
    communities: list[Community] = Field(max_length=MAX_COMMUNITIES, description="At most 1,000.")
    grids: list[Grid] = Field(default=[], max_length=MAX_GRIDS, description="At most 10,000.")
    sectors: list[Identifier] = Field(
        default=[], max_length=MAX_SECTORS, description="Sector ids, at most 1,000."
    )
    teams: list[Team] = Field(max_length=MAX_TEAMS, description="At most 1,000.")
    officers: list[Officer] = Field(max_length=MAX_OFFICERS, description="At most 10,000.")
    ab_pairs: list[ABPair] = Field(
        default=[],
        max_length=MAX_AB_PAIRS,
        description="A/B pairs (师徒结对); an officer is in at most one pair. At most 5,000.",
    )
    posts: list[DutyPost] = Field(max_length=MAX_POSTS, description="At most 500.")
    rotation: Rotation = Rotation()
    command: Command = Field(
        default=Command(),
        description="Who commands the duty groups, and who stands in (rule duty_commander).",
    )
    appraisal: AppraisalWeights = AppraisalWeights()
    appraisal_scheme: AppraisalScheme = Field(
        default_factory=AppraisalScheme,
        description="What each appraisal side is made of (`rosterkit appraise`).",
    )
    weights: RuleWeights = RuleWeights()
    calendar: list[YearCalendar] = Field(
        default=[],
        max_length=301,
        description="Holiday schedules that override the packages' data, one per year.",
    )
    leave_policy: LeavePolicy = LeavePolicy()
    squads_run_on: bool = Field(
        default=True,
        description="Squads left open keep the previous month's; False lets the solver form "
        "them afresh each month, which can even out holiday duty over the year.",
    )
    rebalance_squads: bool = Field(
        default=True,
        description="When officers join, leave or move team and the squads given for the month "
        "are no longer balanced (each team's officers, and those who may hold each staffed "
        "post, spread evenly), re-balance them with the fewest moves from last month's squads; "
        "the moves are listed in the summary and the workbook. False keeps the squads as given.",
    )
    rest_after_24h: bool = Field(
        default=False,
        description="An officer who held a 24-hour post does not hold a post the next day, so "
        "nobody is called in the day after main duty. Off by default: gaps are filled by "
        "calling in the resting group, which has just come off main duty.",
    )
    min_rest_hours: float = Field(
        default=11.0,
        ge=0,
        le=24,
        allow_inf_nan=False,
        description="Least rest in hours between the end of one post and the start of the next "
        "an officer holds, both shorter than 24 hours (posts of 24 hours are left to "
        "rest_after_24h); across the month boundary too. 0 to 24; 0 turns the rule off.",
    )
    fairness_allowance: int = Field(
        default=1,
        ge=0,
        le=MAX_ALLOWANCE,
        description="Largest spread of a duty figure inside a team without cost (0 to 1,000).",
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        problems = list(_reference_problems(self))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # --- lookups -------------------------------------------------------------------------------
    # Building a model asks these for every officer, day and post, so each goes through an index
    # by id instead of a scan.
    def _index(self, name: str, items: list[_Item]) -> dict[str, _Item]:
        """`items` by id, built once. The index is kept in the instance's dict beside the fields
        (not a field: equality, hashing and dumps ignore it) together with the list it indexes:
        `model_copy(update=...)` copies that dict without validating again, so a copy that holds
        another list builds its own index."""
        cached = self.__dict__.get(name)
        if cached is None or cached[0] is not items:
            cached = (items, {_item_id(item): item for item in items})
            self.__dict__[name] = cached
        index: dict[str, _Item] = cached[1]
        return index

    def team(self, team_id: str) -> Team:
        found = self._index("_teams_by_id", self.teams).get(team_id)
        return found if found is not None else next(t for t in self.teams if t.id == team_id)

    def officer(self, officer_id: str) -> Officer:
        found = self._index("_officers_by_id", self.officers).get(officer_id)
        return found if found is not None else next(o for o in self.officers if o.id == officer_id)

    def community(self, community_id: str) -> Community:
        found = self._index("_communities_by_id", self.communities).get(community_id)
        return (
            found
            if found is not None
            else next(c for c in self.communities if c.id == community_id)
        )

    def officer_community(self, officer: Officer) -> str | None:
        return self.team(officer.team).community

    def rotates(self, officer: Officer) -> bool:
        return self.team(officer.team).rotates

    def with_squads(self, squads: dict[str, int | None]) -> Station:
        """A copy with the given officers' squads replaced (None clears a squad)."""
        officers = [
            o.model_copy(update={"squad": squads[o.id]}) if o.id in squads else o
            for o in self.officers
        ]
        return self.model_copy(update={"officers": officers})

    def without_squads(self) -> Station:
        """A copy in which the solver forms the squads."""
        return self.with_squads({o.id: None for o in self.officers})

    # --- who commands (rule duty_commander) ----------------------------------------------------
    def may_command(self, officer: Officer) -> bool:
        """Whether the officer may command the duty group he rotates with (`command.roles`)."""
        return bool(officer.roles & set(self.command.roles)) and self.rotates(officer)

    def stands_in(self, officer: Officer) -> bool:
        """Whether the officer may stand in as duty commander (`command.stand_ins`)."""
        return bool(officer.roles & set(self.command.stand_ins))

    def named_commander(self, group: int) -> Officer | None:
        """The officer `command.commanders` names for duty group `group`, if any."""
        officer_id = self.command.commanders.get(group)
        return None if officer_id is None else self.officer(officer_id)

    def commander_due(
        self,
        group: int,
        group_of: Callable[[Officer], int | None],
        present: Callable[[Officer], bool] = lambda officer: True,
    ) -> Officer | None:
        """Who commands on a day duty group `group` holds main duty: its named commander if
        present, else the first present officer of the group (station order) who may command;
        None when nobody is, and a stand-in must (`command`). `group_of` gives each officer's
        duty group; with everyone present this is the group's commander (its short-line
        appraiser)."""
        named = self.named_commander(group)
        if named is not None and present(named):
            return named
        for officer in self.officers:
            if group_of(officer) == group and self.may_command(officer) and present(officer):
                return officer
        return None


def _duplicates(values: list[str]) -> list[str]:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def _reference_problems(station: Station) -> list[str]:
    """Every broken cross-reference of a station, as messages naming the item."""
    problems: list[str] = []
    for what, ids in (
        ("community", [c.id for c in station.communities]),
        ("grid", [g.id for g in station.grids]),
        ("team", [t.id for t in station.teams]),
        ("officer", [o.id for o in station.officers]),
        ("post", [p.code for p in station.posts]),
        ("sector", list(station.sectors)),
    ):
        problems += [f"duplicate {what} id '{dup}'" for dup in _duplicates(ids)]
    years = [str(calendar.year) for calendar in station.calendar]
    problems += [f"calendar: year {dup} given twice" for dup in _duplicates(years)]
    communities = {c.id for c in station.communities}
    teams = {t.id: t for t in station.teams}
    grids = {g.id: g for g in station.grids}
    for grid in station.grids:
        if grid.community not in communities:
            problems.append(f"grid '{grid.id}': unknown community '{grid.community}'")
    for team in station.teams:
        if team.community is not None and team.community not in communities:
            problems.append(f"team '{team.id}': unknown community '{team.community}'")
    problems += _community_problems(station)
    problems += _command_problems(station)
    for officer in station.officers:
        found_team = teams.get(officer.team)
        if found_team is None:
            known = listing(sorted(teams))
            problems.append(
                f"officer '{officer.id}': unknown team '{officer.team}' (known: {known})"
            )
            continue
        team = found_team
        if officer.grid is not None:
            found_grid = grids.get(officer.grid)
            if found_grid is None:
                problems.append(f"officer '{officer.id}': unknown grid '{officer.grid}'")
            elif found_grid.community != team.community:
                problems.append(
                    f"officer '{officer.id}': grid '{found_grid.id}' lies outside his "
                    "team's community"
                )
        if officer.sector is not None and officer.sector not in station.sectors:
            problems.append(f"officer '{officer.id}': unknown sector '{officer.sector}'")
        if officer.squad is not None and officer.squad > station.rotation.groups:
            problems.append(
                f"officer '{officer.id}': squad {officer.squad} but the station has "
                f"{station.rotation.groups} duty groups"
            )
        if officer.squad is not None and team.kind is TeamKind.leadership:
            problems.append(f"officer '{officer.id}': the leadership team has no squads")
        if FULL_TIME_COMMUNITY_ROLES & officer.roles and team.kind is not TeamKind.community:
            problems.append(f"officer '{officer.id}': A/B roles belong to a community team")
    officers = {o.id: o for o in station.officers}
    problems += _pair_problems(station.ab_pairs)
    for pair in station.ab_pairs:
        a, b = officers.get(pair.a_role), officers.get(pair.b_role)
        if a is None or b is None:
            problems.append(f"A/B pair {pair.a_role}/{pair.b_role}: unknown officer")
        elif Role.a_role not in a.roles or Role.b_role not in b.roles:
            problems.append(f"A/B pair {pair.a_role}/{pair.b_role}: roles must be a_role, b_role")
        elif a.team != b.team:
            problems.append(f"A/B pair {pair.a_role}/{pair.b_role}: not in the same team")
    return problems


MAX_SLOTS = MAX_POSTS * MAX_COMMUNITIES
"""Most post slots a station staffs each day (the bound `MAX_WEIGHT` is reckoned with)."""


def _community_problems(station: Station) -> list[str]:
    """Borrowing neighbours and per-community posts that do not resolve or do not agree."""
    problems: list[str] = []
    known = {c.id for c in station.communities}
    posts = {post.code: post for post in station.posts}
    shared = sorted(code for code, post in posts.items() if post.per_community)
    slots = sum(1 for post in station.posts if not post.per_community)
    borrows = False
    for community in station.communities:
        where = f"community '{community.id}'"
        for neighbour in community.neighbours:
            if neighbour not in known:
                problems.append(
                    f"{where}: unknown neighbour community '{neighbour}' "
                    f"(known: {listing(sorted(known))})"
                )
            elif neighbour == community.id:
                problems.append(f"{where}: names itself as a neighbour; list other communities")
        problems += [
            f"{where}: neighbour '{dup}' listed twice" for dup in _duplicates(community.neighbours)
        ]
        borrows = borrows or bool(community.neighbours)
        problems += [
            f"{where}: post '{dup}' listed twice"
            for dup in _duplicates([p.post for p in community.posts])
        ]
        for local in community.posts:
            post = posts.get(local.post)
            if post is None or not post.per_community:
                problems.append(
                    f"{where}: '{local.post}' is not a per-community post "
                    f"(per-community posts: {listing(shared)})"
                )
                continue
            try:
                DutyPost.model_validate(post.model_dump() | local.overrides())
            except ValidationError as error:
                reason = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
                problems.append(f"{where}, post '{local.post}': {reason}")
        for code, post in posts.items():
            if post.per_community:
                shaped = community.local(code)
                slots += 1 if shaped is None else shaped.count
    if slots > MAX_SLOTS:
        problems.append(
            f"the station staffs {slots:,} post slots a day; at most {MAX_SLOTS:,} are allowed"
        )
    weights = station.weights
    if borrows and weights.borrowing <= weights.call_in:
        problems.append(
            f"weights: borrowing ({weights.borrowing}) must be above call_in "
            f"({weights.call_in}): an officer borrowed from another community costs more than "
            "one called in from the resting group"
        )
    return problems


def _command_problems(station: Station) -> list[str]:
    """Named commanders that do not resolve, may not command, or sit in another group."""
    problems: list[str] = []
    groups = station.rotation.groups
    officers = {o.id: o for o in station.officers}
    roles = listing(sorted(role.value for role in station.command.roles))
    named: dict[str, int] = {}
    for group, officer_id in sorted(station.command.commanders.items()):
        where = f"command.commanders: duty group {group}"
        if group > groups:
            problems.append(f"{where}, but the station has {groups} duty groups (1-{groups})")
            continue
        officer = officers.get(officer_id)
        if officer is None:
            problems.append(f"{where}: unknown officer '{officer_id}'")
            continue
        if not officer.roles & set(station.command.roles):
            problems.append(
                f"{where}: officer '{officer_id}' holds none of the roles that may command "
                f"({roles}); add one of his roles to command.roles or name another officer"
            )
        team = next((t for t in station.teams if t.id == officer.team), None)
        if team is None or not team.rotates:
            continue
        if officer.squad is not None and officer.squad != group:
            problems.append(
                f"{where}: officer '{officer_id}' rotates in squad {officer.squad}; a rotating "
                f"commander sits in the group he commands: set his squad to {group}"
            )
        if officer_id in named:
            problems.append(
                f"{where}: officer '{officer_id}' already commands duty group "
                f"{named[officer_id]}, and a rotating officer sits in one group"
            )
        named.setdefault(officer_id, group)
    return problems


def _pair_problems(pairs: list[ABPair]) -> list[str]:
    """A/B pairs listed twice (also reversed), and officers in more than one pair.

    Each A-role officer has one B-role partner (师徒结对: 3 pairs for 3 A roles at Qianmen), so
    an officer stands in at most one pair.
    """
    problems: list[str] = []
    seen: dict[frozenset[str], int] = {}
    first_pair: dict[str, int] = {}
    for number, pair in enumerate(pairs, start=1):
        label = f"A/B pair {number} ({pair.a_role}/{pair.b_role})"
        if pair.a_role == pair.b_role:
            problems.append(f"{label}: an officer cannot be his own partner")
            continue
        key = frozenset((pair.a_role, pair.b_role))
        if key in seen:
            problems.append(f"{label}: the same pair as pair {seen[key]}; list each pair once")
            continue
        seen[key] = number
        for officer_id in (pair.a_role, pair.b_role):
            if officer_id in first_pair:
                problems.append(
                    f"{label}: officer '{officer_id}' is already in pair "
                    f"{first_pair[officer_id]}; an officer has one partner"
                )
            else:
                first_pair[officer_id] = number
    return problems
