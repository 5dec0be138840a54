"""The independent checker: judges any roster against the station's rules, without a solver.

It reads the station, a roster (from the solver, a file, or a hand-edited workbook) and the
leave list, and lists every broken hard rule as a `Violation`; `evaluate` also recomputes each
soft penalty and the objective, which must equal the solver's for a roster the solver returned.
It is written from the rules of `domain.md`, not from the model, so that the two can catch each
other's mistakes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rosterkit.calendar import Month
from rosterkit.continuity import carry_from, continue_station
from rosterkit.duties import (
    COMMANDER_POST,
    LEAVE,
    NON_POST_VALUES,
    OFF,
    REST,
    Slot,
    can_hold,
    full_time_community_ok,
    matches_eligibility,
    slot_map,
)
from rosterkit.holiday_calendar import month_calendar
from rosterkit.leave import Leave, leave_days, preferred_days
from rosterkit.ledger import CARRIED_FIGURES, Ledger
from rosterkit.result import Penalty, Side
from rosterkit.roster import Roster
from rosterkit.station import DutyState, Officer, PostState, Role, Station, TeamKind

RULES = (
    "roster_shape",
    "squads",
    "rotation",
    "eligibility",
    "duty_commander",
    "post_staffing",
    "full_time_community",
    "street_patrol",
    "rest_after_24h",
    "leave",
)
"""The hard rules the checker judges, in the order it reports them."""

_STATE_OF_POST = {PostState.main: DutyState.main, PostState.deputy: DutyState.deputy}


@dataclass(frozen=True)
class Violation:
    """A broken hard rule: which rule, which officer and day where it applies, and what."""

    rule: str
    message: str
    officer_id: str | None = None
    day: dt.date | None = None

    def __str__(self) -> str:
        where = " ".join(
            part for part in (self.day.isoformat() if self.day else None, self.officer_id) if part
        )
        return f"[{self.rule}] {where + ': ' if where else ''}{self.message}"


@dataclass(frozen=True)
class Evaluation:
    violations: list[Violation]
    penalties: list[Penalty]

    @property
    def objective(self) -> int:
        return sum(p.cost for p in self.penalties)

    @property
    def ok(self) -> bool:
        return not self.violations


class _View:
    """The roster as the checker reads it."""

    def __init__(
        self,
        station: Station,
        roster: Roster,
        leave: Iterable[Leave] | None,
        previous: Roster | None = None,
        ledger: Ledger | None = None,
    ) -> None:
        self.month = Month.parse(roster.month)
        self.carry = None if previous is None else carry_from(station, previous, self.month)
        if self.carry is not None:
            station = continue_station(station, self.carry)
        self.station = station
        self.roster = roster
        self.ledger = ledger if ledger is not None and ledger.year == self.month.year else None
        self.days = self.month.days
        self.slots = slot_map(station)
        self.calendar = month_calendar(station, self.month)
        self.officers = list(station.officers)
        leave = None if leave is None else list(leave)
        self.preferences = {} if leave is None else preferred_days(leave, self.month)
        if leave is None:
            self.leave = {
                oid: {day for day, value in row.items() if value == LEAVE}
                for oid, row in roster.cells.items()
            }
            self.leave_given = False
        else:
            self.leave = leave_days(station, self.month, leave)
            self.leave_given = True

    def value(self, officer: Officer, day: dt.date) -> str:
        return self.roster.cells.get(officer.id, {}).get(day, "")

    def held(self) -> Iterator[tuple[Officer, dt.date, Slot]]:
        """Every officer-day that holds a post, with the post."""
        for officer in self.officers:
            for day in self.days:
                slot = self.slot(officer, day)
                if slot is not None:
                    yield officer, day, slot

    def held_before(self, officer: Officer, days_back: int) -> Slot | None:
        """The slot held `days_back` days before the 1st, from the previous roster."""
        code = None if self.carry is None else self.carry.held(officer.id, days_back)
        return None if code is None else self.slots.get(code)

    def slot(self, officer: Officer, day: dt.date) -> Slot | None:
        return self.slots.get(self.value(officer, day))

    def group(self, officer: Officer) -> int | None:
        return self.roster.groups.get(officer.id)

    def state(self, officer: Officer, day: dt.date) -> DutyState | None:
        group = self.group(officer)
        if group is None or not self.station.rotates(officer):
            return None
        if not 1 <= group <= self.station.rotation.groups:
            return None
        return self.station.rotation.state(group, day)

    def on_leave(self, officer: Officer, day: dt.date) -> bool:
        return day in self.leave.get(officer.id, set())

    def works(self, officer: Officer, day: dt.date) -> bool:
        return self.slot(officer, day) is not None

    def call_in(self, officer: Officer, day: dt.date) -> bool:
        return self.state(officer, day) is DutyState.rest and self.works(officer, day)

    def team_members(self, team_id: str) -> list[Officer]:
        return [o for o in self.officers if o.team == team_id]


def check(
    station: Station,
    roster: Roster,
    leave: Iterable[Leave] | None = None,
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
) -> list[Violation]:
    """Every broken hard rule of `roster`. With `leave` None, the roster's leave cells are taken
    as the leave record; otherwise they must match the leave list exactly. With `previous`
    (the month before) the rotation runs on from it and rules spanning days look back."""
    return evaluate(station, roster, leave, previous=previous, ledger=ledger).violations


def evaluate(
    station: Station,
    roster: Roster,
    leave: Iterable[Leave] | None = None,
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
) -> Evaluation:
    """Violations, and every soft penalty recomputed from the roster (with `ledger`, fairness
    counts the year so far)."""
    view = _View(station, roster, leave, previous, ledger)
    violations: list[Violation] = []
    for check_rule in _CHECKS:
        violations += check_rule(view)
        if check_rule is _roster_shape and violations:
            return Evaluation(violations, [])
    return Evaluation(violations, _penalties(view))


# --- hard rules -----------------------------------------------------------------------------


def _roster_shape(v: _View) -> Iterator[Violation]:
    """Every officer has a known value on every day, and a duty group where he needs one."""
    rule = "roster_shape"
    if v.roster.station_id != v.station.id:
        yield Violation(
            rule, f"roster is for station '{v.roster.station_id}', not '{v.station.id}'"
        )
    known = {o.id for o in v.officers}
    for oid in sorted(set(v.roster.cells) - known):
        yield Violation(rule, "officer is not in the station", officer_id=oid)
    for officer in v.officers:
        row = v.roster.cells.get(officer.id)
        if row is None:
            yield Violation(rule, "officer missing from the roster", officer_id=officer.id)
            continue
        grouped = v.station.team(officer.team).kind is not TeamKind.leadership
        group = v.group(officer)
        if grouped and (group is None or not 1 <= group <= v.station.rotation.groups):
            yield Violation(
                rule,
                f"duty group {group} is not one of 1-{v.station.rotation.groups}",
                officer_id=officer.id,
            )
        for day in v.days:
            value = row.get(day)
            if value is None:
                yield Violation(rule, "no value for the day", officer.id, day)
            elif value not in v.slots and value not in NON_POST_VALUES:
                yield Violation(rule, f"unknown post '{value}'", officer.id, day)
        for day in sorted(set(row) - set(v.days)):
            yield Violation(rule, "day outside the roster's month", officer.id, day)


def _spread(counts: Counter[int], members: int, groups: int, at_least: int = 0) -> list[int]:
    """Groups whose count lies outside [max(floor(n/G), at_least), ceil(n/G)]."""
    low, high = max(members // groups, at_least), max(-(-members // groups), at_least)
    return [k for k in range(1, groups + 1) if not low <= counts.get(k, 0) <= high]


def _squads(v: _View) -> Iterator[Violation]:
    """Rules 1-2 and the appraisal spans of rule 12."""
    rule, groups = "squads", v.station.rotation.groups
    grouped = [o for o in v.officers if v.station.team(o.team).kind is not TeamKind.leadership]
    rotating = [o for o in grouped if v.station.rotates(o)]

    def spread(members: list[Officer], what: str, at_least: int = 0) -> Iterator[Violation]:
        if not members and not at_least:
            return
        counts = Counter(v.group(o) for o in members)
        for k in _spread(counts, len(members), groups, at_least):  # type: ignore[arg-type]
            yield Violation(
                rule,
                f"duty group {k} holds {counts.get(k, 0)} of the "
                f"{len(members)} {what}; they must spread evenly",
            )

    for team in v.station.teams:
        if team.kind is TeamKind.leadership:
            continue
        members = v.team_members(team.id)
        yield from spread(members, f"officers of {team.name_en}")
        yield from spread(
            [o for o in members if Role.grid_officer in o.roles], f"grid officers of {team.name_en}"
        )
        leaders = [o for o in members if o.roles & {Role.deputy_director, Role.team_leader}]
        for leader in leaders:
            for sergeant in (o for o in members if Role.sergeant in o.roles):
                if v.group(leader) == v.group(sergeant):
                    yield Violation(
                        rule,
                        f"team leader {leader.id} and sergeant {sergeant.id} share a squad",
                        officer_id=sergeant.id,
                    )
    yield from spread(grouped, "officers of the station (appraisal spans)")
    yield from spread(
        [o for o in rotating if Role.deputy_director in o.roles],
        "deputy directors (each group needs one as commander)",
        at_least=1,
    )
    yield from spread([o for o in rotating if Role.sergeant in o.roles], "sergeants")
    yield from spread(
        [o for o in rotating if Role.sector_specialist in o.roles], "sector specialists"
    )
    for pair in v.station.ab_pairs:
        a, b = v.station.officer(pair.a_role), v.station.officer(pair.b_role)
        if v.group(a) == v.group(b):
            yield Violation(
                rule, f"A role {a.id} and B role {b.id} are in the same duty group", officer_id=b.id
            )


def _rotation(v: _View) -> Iterator[Violation]:
    """Rule 3: main and deputy groups hold posts of their state; the resting group rests or is
    called in to a post that admits call-ins; officers outside the rotation are never 'rest'."""
    rule = "rotation"
    for officer in v.officers:
        rotates = v.station.rotates(officer)
        for day in v.days:
            value = v.value(officer, day)
            if v.on_leave(officer, day) or value == LEAVE:
                continue
            slot = v.slot(officer, day)
            if not rotates:
                if value == REST:
                    yield Violation(
                        rule,
                        "officers outside the duty groups are 'off', not 'rest'",
                        officer.id,
                        day,
                    )
                continue
            state = v.state(officer, day)
            if state is None:
                continue
            if value == OFF:
                yield Violation(
                    rule, "rotating officers are never 'off'; use 'rest'", officer.id, day
                )
            if state in (DutyState.main, DutyState.deputy):
                if slot is None or _STATE_OF_POST.get(slot.state) is not state:
                    yield Violation(
                        rule,
                        f"the {state.value} group is on duty but he holds "
                        f"'{value}', not a {state.value}-duty post",
                        officer.id,
                        day,
                    )
            elif slot is not None and not slot.post.call_in:
                yield Violation(
                    rule,
                    f"called in from the resting group to '{slot.code}', which takes no call-ins",
                    officer.id,
                    day,
                )
            elif slot is not None and slot.state is PostState.shift:
                yield Violation(rule, f"'{slot.code}' is another team's shift", officer.id, day)


def _eligibility(v: _View) -> Iterator[Violation]:
    """Each post's own eligibility: team kinds, roles, community."""
    for officer, day, slot in v.held():
        if not matches_eligibility(v.station, officer, slot):
            yield Violation(
                "eligibility", f"may not hold '{slot.code}' ({slot.post.name_en})", officer.id, day
            )


def _duty_commander(v: _View) -> Iterator[Violation]:
    """Rule 5: one duty commander a day, the main group's deputy director, or when he is on
    leave the director or political commissar."""
    rule = "duty_commander"
    if COMMANDER_POST not in v.slots:
        return
    for day in v.days:
        holders = [o for o in v.officers if v.value(o, day) == COMMANDER_POST]
        if len(holders) != 1:
            yield Violation(rule, f"{len(holders)} duty commanders; exactly one is needed", day=day)
        main_dds = [
            o
            for o in v.officers
            if Role.deputy_director in o.roles and v.state(o, day) is DutyState.main
        ]
        present = [o for o in main_dds if not v.on_leave(o, day)]
        for holder in holders:
            if present and holder not in present:
                yield Violation(
                    rule,
                    f"{holder.id} commands although the main group's deputy "
                    f"director {present[0].id} is on duty",
                    holder.id,
                    day,
                )
            if not present and not holder.roles & {Role.director, Role.political_commissar}:
                yield Violation(
                    rule,
                    "only the director or political commissar stands in for "
                    "the main group's deputy director",
                    holder.id,
                    day,
                )


def _post_staffing(v: _View) -> Iterator[Violation]:
    """Rules 6, 7, 9: every post's minimum and maximum staff each day."""
    for code, slot in v.slots.items():
        post = slot.post
        for day in v.days:
            staff = sum(1 for o in v.officers if v.value(o, day) == code)
            minimum = post.minimum(v.calendar.is_rest_day(day))
            if staff < minimum:
                yield Violation(
                    "post_staffing",
                    f"'{code}' ({post.name_en}) has {staff}, needs at least {minimum}",
                    day=day,
                )
            if post.max_staff is not None and staff > post.max_staff:
                yield Violation(
                    "post_staffing",
                    f"'{code}' ({post.name_en}) has {staff}, takes at most {post.max_staff}",
                    day=day,
                )


def _full_time_community(v: _View) -> Iterator[Violation]:
    """Rule 8: A and B roles only take posts of their own community."""
    for officer, day, slot in v.held():
        if not full_time_community_ok(v.station, officer, slot):
            yield Violation(
                "full_time_community",
                f"full-time community officer holds '{slot.code}', outside his community",
                officer.id,
                day,
            )


def _street_patrol(v: _View) -> Iterator[Violation]:
    """Rule 9: at most `max_shifts_per_week` shifts in any 7 consecutive days of the month."""
    for team in v.station.teams:
        cap = team.max_shifts_per_week
        if cap is None or team.rotates:
            continue
        for officer in v.team_members(team.id):
            before = [v.held_before(officer, back) is not None for back in range(6, 0, -1)]
            worked = [*before, *(v.works(officer, day) for day in v.days)]
            first = 0 if v.carry is not None else len(before)
            for start in range(first, max(first + 1, len(worked) - 6)):
                shifts = sum(worked[start : start + 7])
                if shifts > cap:
                    day = v.days[0] + dt.timedelta(days=start - len(before))
                    yield Violation(
                        "street_patrol",
                        f"{shifts} shifts in the 7 days from this day; at most {cap}",
                        officer.id,
                        day,
                    )


def _rest_after_24h(v: _View) -> Iterator[Violation]:
    """No 48-hour duty from a squad change at the month boundary; and where the station asks
    for it, no post the day after a 24-hour post."""
    for officer in v.officers:
        last = v.held_before(officer, 1)
        first_day = v.days[0]
        if (
            last is not None
            and last.post.hours >= 24
            and v.state(officer, first_day) is DutyState.main
            and not v.on_leave(officer, first_day)
        ):
            yield Violation(
                "rest_after_24h",
                f"in the main group on the 1st after the 24-hour post '{last.code}' the day before",
                officer.id,
                first_day,
            )
    if not v.station.rest_after_24h:
        return
    for officer in v.officers:
        previous = v.held_before(officer, 1)
        for day in v.days:
            held = v.slot(officer, day)
            if held is not None and previous is not None and previous.post.hours >= 24:
                yield Violation(
                    "rest_after_24h",
                    f"holds '{held.code}' the day after the 24-hour post '{previous.code}'",
                    officer.id,
                    day,
                )
            previous = held


def _leave(v: _View) -> Iterator[Violation]:
    """Rule 10: an officer on leave holds no post; 'leave' stands only on leave days."""
    for officer in v.officers:
        for day in v.days:
            value = v.value(officer, day)
            if v.on_leave(officer, day) and value != LEAVE:
                yield Violation("leave", f"on leave but marked '{value}'", officer.id, day)
            elif v.leave_given and value == LEAVE and not v.on_leave(officer, day):
                yield Violation("leave", "marked 'leave' without a leave request", officer.id, day)


_CHECKS: list[Callable[[_View], Iterator[Violation]]] = [
    _roster_shape,
    _squads,
    _rotation,
    _eligibility,
    _duty_commander,
    _post_staffing,
    _full_time_community,
    _street_patrol,
    _rest_after_24h,
    _leave,
]


# --- soft rules -----------------------------------------------------------------------------


def _share(station: Station, side: Side) -> int:
    return station.appraisal.long_line if side is Side.long_line else station.appraisal.short_line


def _penalties(v: _View) -> list[Penalty]:
    station, weights = v.station, v.station.weights
    found: list[Penalty] = []

    def add(rule: str, side: Side, weight: int, key: str, amount: int) -> None:
        if amount and weight:
            found.append(
                Penalty(
                    rule=rule,
                    side=side,
                    key=key,
                    amount=amount,
                    unit_cost=weight * _share(station, side),
                )
            )

    # duty coverage: officers short of each post's target
    for code, slot in v.slots.items():
        for day in v.days:
            rest_day = v.calendar.is_rest_day(day)
            target = slot.post.target(rest_day)
            if not target or target <= slot.post.minimum(rest_day):
                continue
            staff = sum(1 for o in v.officers if v.value(o, day) == code)
            add(
                "duty_coverage",
                Side.short_line,
                weights.duty_coverage,
                f"{code} {day:%m-%d}",
                max(0, target - staff),
            )

    # community presence: community-team officer-days on posts outside their community
    for officer in v.officers:
        team = station.team(officer.team)
        if team.kind is not TeamKind.community:
            continue
        away = 0
        for day in v.days:
            held = v.slot(officer, day)
            if held and held.community != team.community and held.code != COMMANDER_POST:
                away += 1
        add("community_presence", Side.long_line, weights.community_presence, officer.id, away)

    def in_community(officer: Officer, day: dt.date) -> bool:
        slot = v.slot(officer, day)
        return slot is not None and slot.community == station.officer_community(officer)

    for pair in station.ab_pairs:
        a, b = station.officer(pair.a_role), station.officer(pair.b_role)
        for day in v.days:
            add(
                "ab_cover",
                Side.long_line,
                weights.ab_cover,
                f"ab {a.id}/{b.id} {day:%m-%d}",
                int(not (in_community(a, day) or in_community(b, day))),
            )

    for community in station.communities:
        grid_officers = [
            o
            for o in v.officers
            if Role.grid_officer in o.roles and station.officer_community(o) == community.id
        ]
        if not grid_officers:
            continue
        for day in v.days:
            add(
                "grid_coverage",
                Side.long_line,
                weights.grid_coverage,
                f"grid {community.id} {day:%m-%d}",
                int(not any(in_community(o, day) for o in grid_officers)),
            )

    for officer in v.officers:
        if station.rotates(officer):
            add(
                "call_in",
                Side.short_line,
                weights.call_in,
                officer.id,
                sum(v.call_in(officer, day) for day in v.days),
            )

    for officer in v.officers:
        for day in sorted(v.preferences.get(officer.id, set())):
            add(
                "preference",
                Side.short_line,
                weights.preference,
                f"{officer.id} {day:%m-%d}",
                int(v.works(officer, day)),
            )

    for figure, (earns, count) in _figures(v).items():
        for team in station.teams:
            scope = [o for o in v.team_members(team.id) if not v.leave.get(o.id) and earns(o)]
            if len(scope) < 2:
                continue
            counts = [count(o) + _carried(v, figure, o) for o in scope]
            add(
                "fairness",
                Side.short_line,
                weights.fairness,
                f"{figure} {team.id}",
                max(0, max(counts) - min(counts) - station.fairness_allowance),
            )
    return found


def _figures(v: _View) -> dict[str, tuple[Callable[[Officer], bool], Callable[[Officer], int]]]:
    """Duty figures compared inside each team (rule 11): who can earn each, and his count."""
    station = v.station
    cars = [slot for slot in v.slots.values() if slot.post.car]
    calendar = v.calendar
    return {
        "car_duties": (
            lambda o: any(can_hold(station, o, slot) for slot in cars),
            lambda o: sum(1 for d in v.days if (s := v.slot(o, d)) is not None and s.post.car),
        ),
        "call_ins": (station.rotates, lambda o: sum(v.call_in(o, d) for d in v.days)),
        "weekend_duties": (
            lambda o: True,
            lambda o: sum(v.works(o, d) for d in v.days if calendar.is_weekend(d)),
        ),
        "holiday_duties": (
            lambda o: True,
            lambda o: sum(v.works(o, d) for d in v.days if calendar.is_holiday(d)),
        ),
        "unmet_preferences": (
            lambda o: True,
            lambda o: sum(v.works(o, d) for d in v.preferences.get(o.id, set())),
        ),
    }


def _carried(v: _View, figure: str, officer: Officer) -> int:
    """The year's count of `figure` before this month, from the ledger."""
    if v.ledger is None or figure not in CARRIED_FIGURES:
        return 0
    value: int = getattr(v.ledger.of(officer.id), figure)
    return value
