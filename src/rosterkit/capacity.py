"""The capacity check: people needed against people who can serve, counted without the solver.

`shortfalls(station, month, leave, previous=...)` runs before a solve, in a fraction of a
second, and lists the counts that already show the month cannot be rostered, each with its
rule (an id of `rosterkit.rules.REGISTRY`), days, numbers, the officers concerned and why each
is missing, a sentence in English and Chinese, and the kinds of fix that could help.

Every count is **sound**: when it reports a shortfall, no roster keeps the hard rules (neither
the checker nor the solver accepts one). It is not complete: a month may be impossible for
reasons no count here sees; the solver's conflict set covers the rest. Each count below is
an upper bound on what any roster could achieve, compared with what the hard rules demand.

The facts every count leans on, each a hard rule of the checker and the model:

- one value per officer and day, so an officer holds at most one post a day (`roster_shape`);
- an officer holds only posts `duties.can_hold` allows him (`eligibility`,
  `full_time_community`) and none on his leave days (`leave`);
- a rotating officer holds posts of his group's state: main posts in the main group, deputy
  posts in the deputy group, and in the resting group only posts that take call-ins (main or
  deputy); never a street-patrol shift (`rotation`). Officers outside the rotation may hold any
  post they can hold;
- where the station asks for rest after a 24-hour duty, an officer holds no post the day after
  a 24-hour post (`rest_after_24h`); a main-group officer must hold a main post (`rotation`),
  so one whose every possible main post lasts 24 hours holds none the day after his group's
  main duty, and one who held a 24-hour post on the previous month's last day none on the 1st;
- each team splits evenly over the duty groups: every group holds at most ceil(n/G) of a
  team's n officers (`squads`).

The counts:

1. **Posts on a day** (`post_staffing`; `squads` where the squads are left open and their split
   is the cause; `eligibility` where nobody may hold the post at all). For a day d and a set S
   of posts of one state (each post alone, each community's posts, the posts each team can
   hold, all posts of the state): needed = the sum of the posts' minimums on d. The holders of
   distinct posts are distinct officers (one post a day), and each holder is someone who could
   serve one of S on d by the facts above; so no roster exists if fewer officers can serve
   than needed. Officers whose squad is open are counted per duty group, at most ceil(n/G) of
   their team in any one group, which bounds every way the squads could be formed.
   **The weakest group** (`squads`): however the E officers of a team with open squads who
   may hold a set S of posts taking no call-ins are split into G duty groups, one group holds at
   most floor(E/G) of them. On a day that group holds S's state, S is staffed by it and by
   officers of other teams only; if for every group some day it holds that state needs more
   than floor(E/G) plus what the others can give, no split of the squads works.
2. **Weekly shift cap** (`street_patrol`). For a team with `max_shifts_per_week` c outside the
   rotation, every 7-day window the rule checks (looking back into the previous month when it
   is given) and the shift posts its officers can hold: needed = the sum of their minimums over
   the window's days of the month. A member can give at most min(c - shifts he already held in
   the window's days of the previous month, days he is present and may hold one); anyone else
   who may hold one at most the days he is present. Each shift is held by a distinct
   officer-day, so a window whose capacity is below its need has no roster.
3. **Duty commander** (`duty_commander`, `Station.command`). Each day exactly one commander:
   the main group's named commander when present, else its first present officer who may
   command (a deputy director by default) must be the one; if he is present (or such officers
   are fixed in the main group) and none of those who could be the one may hold the post, no
   roster exists. When nobody who may command can be in the main group that day (on leave, or
   fixed in another squad) and the post has a minimum, only a stand-in (the director or
   political commissar by default) may command; none present means no roster. Counted only
   where the commander post exists.
4. **Squads** (`squads`). Officers whose squads are given are fixed in their groups. Each group
   must hold between max(floor(n/G), at_least) and max(ceil(n/G), at_least) of a team's
   officers, of the station's grouped officers, of the rotating deputy directors, sergeants and
   sector specialists, and of a team's grid officers; by default (deputy directors command, no
   group has a named commander) at least one deputy director in each. A group holding more
   fixed members than its upper bound, or groups short of their lower bound by more than the
   officers left open, cannot be mended by any roster. Otherwise every group without a named
   commander needs an officer who may command: more such groups without one fixed in them than
   such officers left open is a shortfall. A team leader and his sergeant, and A and B of a
   pair, fixed in one group likewise.
5. **Month boundary** (`rest_after_24h`). An officer who held a 24-hour post on the previous
   month's last day and is not on leave on the 1st may not be in the main group that day; if
   his squad is fixed in it, no roster exists. Where the station asks for rest after 24 hours,
   the deputy group too: he would have to hold a post and may not.

Fixes are said here in kind, not verified: move or refuse a named discretionary leave (annual
leave or compensatory rest; never sick leave or training), lower a named post's minimum on
named days, add an officer to a named team, change a squad, widen a post's eligibility.
`rosterkit.fixes` makes them concrete and checks each by solving.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from rosterkit.calendar import Month
from rosterkit.continuity import Carry, carry_from, continue_station
from rosterkit.duties import COMMANDER_POST, Slot, can_hold, slots
from rosterkit.holiday_calendar import month_calendar
from rosterkit.leave import Leave, leave_days
from rosterkit.rules import (
    Lang,
    duty_commander,
    eligibility,
    post_staffing,
    rest_after_24h,
    squads,
    street_patrol,
)
from rosterkit.rules.spec import STATE_ZH, Rule, roles_zh
from rosterkit.station import (
    DutyState,
    LeaveKind,
    Officer,
    PostState,
    Role,
    Station,
    Team,
    TeamKind,
)

if TYPE_CHECKING:
    from rosterkit.roster import Roster

__all__ = [
    "DISCRETIONARY",
    "Fix",
    "FixKind",
    "Missing",
    "MissingReason",
    "Shortfall",
    "days_text",
    "leave_words",
    "shortfalls",
    "slot_name",
]

DISCRETIONARY = frozenset({LeaveKind.annual, LeaveKind.compensatory_rest})
"""Leave kinds a fix may propose to move or refuse. Sick leave and training never; 'other'
leave is not named either (its reason is not known); a preferred day off is no leave."""


class MissingReason(StrEnum):
    """Why an officer who might have served does not count."""

    leave = "leave"
    """On leave (`Missing.leave_kind`, `start`, `end` say which)."""
    resting = "resting"
    """His group rests and the posts take no call-ins."""
    rest_after_24h = "rest_after_24h"
    """He rests after a 24-hour duty the day before."""
    previous_month = "previous_month"
    """Shifts he held in the previous month count towards the window's cap."""
    ineligible = "ineligible"
    """He may not hold the post."""
    same_group = "same_group"
    """His fixed squad puts him in the wrong group (squads, month boundary)."""


class FixKind(StrEnum):
    """Kinds of change that could mend a shortfall."""

    move_leave = "move_leave"
    lower_minimum = "lower_minimum"
    add_officer = "add_officer"
    change_squad = "change_squad"
    widen_eligibility = "widen_eligibility"
    borrow_officer = "borrow_officer"
    """Let officers of another community cover a community's posts (rule `borrowing`)."""


@dataclass(frozen=True)
class Missing:
    """An officer who could otherwise count, and why he does not."""

    officer_id: str
    reason: MissingReason
    leave_kind: LeaveKind | None = None
    start: dt.date | None = None
    """First day of his leave request (reason `leave`)."""
    end: dt.date | None = None
    """Last day of his leave request (reason `leave`)."""
    detail: int = 0
    """Shifts already held in the window (reason `previous_month`), else 0."""

    def text(self, lang: Lang = "en") -> str:
        """'P058 on annual leave 11–15 Jan' / 'P058年休假(1月11日—15日)'."""
        if self.reason is MissingReason.leave and self.leave_kind is not None:
            assert self.start is not None and self.end is not None
            span = _span(self.start, self.end, lang)
            if lang == "zh":
                return f"{self.officer_id}{_KIND_ZH[self.leave_kind]}({span})"
            return f"{self.officer_id} on {_KIND_EN[self.leave_kind]} {span}"
        if self.reason is MissingReason.previous_month:
            if lang == "zh":
                return f"{self.officer_id}上月末已值{self.detail}班"
            return f"{self.officer_id} held {self.detail} shifts at the end of last month"
        zh, en = _REASON_WORDS[self.reason]
        return f"{self.officer_id}{zh}" if lang == "zh" else f"{self.officer_id} {en}"


@dataclass(frozen=True)
class Fix:
    """A change that could mend a shortfall, in kind (not verified by a solve)."""

    kind: FixKind
    en: str
    zh: str
    officer_id: str | None = None
    leave: Leave | None = None
    """The discretionary leave request to move or refuse (`move_leave`)."""
    post: str | None = None
    """The slot code whose minimum to lower (`lower_minimum`) or eligibility to widen."""
    days: tuple[dt.date, ...] = ()
    team: str | None = None
    """The team to add an officer to (`add_officer`)."""
    group: int | None = None
    """The duty group to move the officer to (`change_squad`), if one is named."""
    community: str | None = None
    """The community short of officers, to borrow for (`borrow_officer`)."""
    amount: int = 0
    """By how much: officers to add, staff or shifts to lower."""

    def text(self, lang: Lang = "en") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Shortfall:
    """A count that shows the month cannot be rostered.

    `needed` is what the rule demands and `available` the most any roster can give
    (`available < needed`), in `unit` ('officers', 'shifts', 'deputy directors', ...), on the
    days `start`..`end` (`days`: exactly the days it holds on). `missing` names the officers
    who could otherwise count and why they do not; `fixes` the changes that could help.
    """

    rule: str
    subject: str
    """What is short: a slot code, ``community:<id>``, ``team:<id>``, ``state:<state>``,
    ``commander``, ``squads:<what>``, or an officer id (month boundary)."""
    start: dt.date
    end: dt.date
    days: tuple[dt.date, ...]
    needed: int
    available: int
    unit: str
    missing: tuple[Missing, ...]
    fixes: tuple[Fix, ...]
    en: str
    zh: str

    @property
    def gap(self) -> int:
        return self.needed - self.available

    def gap_text(self) -> str:
        """What is missing, in English: '3 shifts', '1 officer'."""
        unit = self.unit[:-1] if self.gap == 1 and self.unit.endswith("s") else self.unit
        return f"{self.gap} {unit}"

    def text(self, lang: Lang = "en") -> str:
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:
        return self.en


def shortfalls(
    station: Station,
    month: Month | str,
    leave: Iterable[Leave] = (),
    *,
    previous: Roster | None = None,
) -> list[Shortfall]:
    """Every shortfall the counts of this module find (see the module's docstring), in the
    order: squads, month boundary, duty commander, posts on a day, weekly shift caps.

    `leave` is the leave the roster must honour (decided requests); preferred days off are not
    leave. With `previous`, the month before's roster, the rotation and open squads run on from
    it and the counts look back across the boundary, as the solver does. Bad input (an unknown
    officer in the leave list, a previous roster of another month) raises
    `rosterkit.errors.RosterInputError`.
    """
    counts = _Counts(station, month, leave, previous)
    found: list[Shortfall] = []
    found += counts.squads()
    found += counts.month_boundary()
    commander = counts.duty_commander()
    found += commander
    found += counts.posts(commander)
    found += counts.weekly_caps()
    return found


# --- words ---------------------------------------------------------------------------------------

_KIND_EN = {
    LeaveKind.annual: "annual leave",
    LeaveKind.sick: "sick leave",
    LeaveKind.compensatory_rest: "compensatory rest",
    LeaveKind.training: "training",
    LeaveKind.other: "other leave",
    LeaveKind.preferred_day_off: "a preferred day off",
}
_KIND_ZH = {
    LeaveKind.annual: "年休假",
    LeaveKind.sick: "病假",
    LeaveKind.compensatory_rest: "补休",
    LeaveKind.training: "培训",
    LeaveKind.other: "其他请假",
    LeaveKind.preferred_day_off: "希望休息",
}
_REASON_WORDS = {
    MissingReason.resting: ("休班(该岗位不收抽调)", "resting (the posts take no call-ins)"),
    MissingReason.rest_after_24h: ("24小时勤务后休息", "resting after a 24-hour duty"),
    MissingReason.ineligible: ("无资格担任该岗位", "may not hold the post"),
    MissingReason.same_group: ("所在班组不符", "is in the wrong squad"),
    MissingReason.leave: ("请假", "on leave"),
    MissingReason.previous_month: ("上月末已值班", "held shifts last month"),
}
_POST_STATE_ZH = {PostState.main: "正班", PostState.deputy: "副班", PostState.shift: "街面班次"}
_POST_STATE_EN = {
    PostState.main: "main-duty",
    PostState.deputy: "deputy-duty",
    PostState.shift: "shift",
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SHOWN = 6
"""Officers named in a sentence; the rest are counted ('and 3 more')."""


def days_text(days: Iterable[dt.date], lang: Lang = "en") -> str:
    """Days in words, as the shortfalls say them: '3, 6 and 9–11 Jan' / '1月3日、6日、9日—11日'."""
    return _days_text(days, lang)


def leave_words(kind: LeaveKind, lang: Lang = "en") -> str:
    """A kind of leave in words: 'annual leave' / '年休假'."""
    return _KIND_ZH[kind] if lang == "zh" else _KIND_EN[kind]


def leave_fix(item: Leave, days: Sequence[dt.date]) -> Fix:
    """The fix in kind of a discretionary leave request in the way on `days`: move or refuse
    it ('move or refuse P058's annual leave 11–17 Jan')."""
    span_en, span_zh = _span(item.start, item.end, "en"), _span(item.start, item.end, "zh")
    return Fix(
        FixKind.move_leave,
        en=f"move or refuse {item.officer_id}'s {_KIND_EN[item.kind]} {span_en}",
        zh=f"调整或不批准{item.officer_id}的{_KIND_ZH[item.kind]}({span_zh})",
        officer_id=item.officer_id,
        leave=item,
        days=tuple(day for day in days if item.start <= day <= item.end),
    )


def slot_name(station: Station, slot: Slot, lang: Lang = "en") -> str:
    """A post slot in words: 'Community car (Caochang)' / '社区巡逻车(草厂社区)'."""
    return _slot_name(station, slot, lang)


def _runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted days as runs of consecutive days."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _span(first: dt.date, last: dt.date, lang: Lang) -> str:
    return _dates([(first, last)], lang)


def _days_text(days: Iterable[dt.date], lang: Lang) -> str:
    return _dates(_runs(days), lang)


def _dates(runs: list[tuple[dt.date, dt.date]], lang: Lang) -> str:
    """'3, 6 and 9–11 Jan', '28 Dec–3 Jan' / '1月3日、6日、9日—11日', '12月28日—1月3日'."""
    if lang == "zh":
        parts: list[str] = []
        shown_month: tuple[int, int] | None = None
        for a, b in runs:
            head = f"{a.day}日" if shown_month == (a.year, a.month) else f"{a.month}月{a.day}日"
            if a == b:
                parts.append(head)
            elif (a.year, a.month) == (b.year, b.month):
                parts.append(f"{head}—{b.day}日")
            else:
                parts.append(f"{head}—{b.month}月{b.day}日")
            shown_month = (b.year, b.month)
        return "、".join(parts)
    groups: list[list[str]] = []
    months: list[tuple[int, int]] = []
    for a, b in runs:
        if a == b:
            text = f"{a.day}"
        elif (a.year, a.month) == (b.year, b.month):
            text = f"{a.day}–{b.day}"
        else:
            text = f"{a.day} {_MONTHS_EN[a.month - 1]}–{b.day}"
        if months and months[-1] == (b.year, b.month):
            groups[-1].append(text)
        else:
            groups.append([text])
            months.append((b.year, b.month))
    pieces = [
        _and(texts) + f" {_MONTHS_EN[m - 1]}" for texts, (_, m) in zip(groups, months, strict=True)
    ]
    return _and(pieces)


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _names(missing: Sequence[Missing], lang: Lang) -> str:
    """The first few missing officers in words, the rest counted."""
    shown = [m.text(lang) for m in missing[:_SHOWN]]
    more = len(missing) - _SHOWN
    if lang == "zh":
        text = "；".join(shown)
        return text + (f"；另有{more}人" if more > 0 else "")
    text = "; ".join(shown)
    return text + (f"; and {more} more" if more > 0 else "")


def _bracket(missing: Sequence[Missing], lang: Lang) -> str:
    if not missing:
        return ""
    return f"({_names(missing, lang)})" if lang == "zh" else f" ({_names(missing, lang)})"


def _head(rule: Rule, days: Iterable[dt.date], lang: Lang) -> str:
    name = rule.name(lang)
    when = _days_text(days, lang)
    if lang == "zh":
        return f"{name}，{when}："
    return f"{name[:1].upper()}{name[1:]}, {when}: "


def _over(
    rule: Rule,
    *,
    subject: str,
    days: Sequence[dt.date],
    needed: int,
    available: int,
    unit: str,
    missing: Iterable[Missing],
    fixes: Iterable[Fix],
    en: str,
    zh: str,
) -> Shortfall:
    """A shortfall of `rule` on `days` (first to last), its words led by the rule's name and
    the days."""
    return Shortfall(
        rule=rule.id,
        subject=subject,
        start=days[0],
        end=days[-1],
        days=tuple(days),
        needed=needed,
        available=available,
        unit=unit,
        missing=tuple(missing),
        fixes=tuple(fixes),
        en=_head(rule, days, "en") + en,
        zh=_head(rule, days, "zh") + zh,
    )


def _slot_name(station: Station, slot: Slot, lang: Lang) -> str:
    post = slot.post
    if slot.community is None:
        return post.name if lang == "zh" else post.name_en
    community = station.community(slot.community)
    if lang == "zh":
        return f"{post.name}({community.name})"
    return f"{post.name_en} ({community.name_en})"


# --- the counts ----------------------------------------------------------------------------------


@dataclass
class _Set:
    """A set of posts of one state counted together on a day."""

    subject: str
    en: str
    zh: str
    mask: int
    state: PostState
    candidates: list[int] = field(default_factory=list)
    classes: list[tuple[int, int]] = field(default_factory=list)
    """The candidates as classes of alike officers (`_Counts.classes`)."""


@dataclass
class _Found:
    """A shortfall of a set, gathered over days before it is said."""

    rule: Rule
    the_set: _Set
    needed: int
    available: int
    days: list[dt.date] = field(default_factory=list)
    missing: dict[Missing, None] = field(default_factory=dict)
    posts: dict[int, None] = field(default_factory=dict)
    call_in: bool = False
    floating_teams: dict[str, None] = field(default_factory=dict)
    resting_away: bool = False
    """Whether, on every day, each officer of the resting group who could be called in is away."""
    weakest: tuple[str, int, int] | None = None
    """(team, officers of it who may hold the posts, the most the weakest group holds) for a
    count of the weakest group (count 1b)."""


class _Counts:
    """The month's facts indexed once, and the counts over them."""

    def __init__(
        self,
        station: Station,
        month: Month | str,
        leave: Iterable[Leave],
        previous: Roster | None,
    ) -> None:
        self.month = Month.parse(month)
        requests = list(leave)
        self.leave = leave_days(station, self.month, requests)
        self.carry: Carry | None = None
        if previous is not None:
            self.carry = carry_from(station, previous, self.month)
            station = continue_station(station, self.carry)
        self.station = station
        self.days = self.month.days
        calendar = month_calendar(station, self.month)
        self.rest_day = [calendar.is_rest_day(day) for day in self.days]
        self.slots = slots(station)
        self.officers: list[Officer] = list(station.officers)
        self.groups = station.rotation.groups
        teams = {team.id: team for team in station.teams}
        self.team: list[Team] = [teams[o.team] for o in self.officers]
        self.rotates = [team.rotates for team in self.team]
        self.requests: dict[str, list[Leave]] = {}
        for item in requests:
            if item.kind is not LeaveKind.preferred_day_off and item.days_in(self.month):
                self.requests.setdefault(item.officer_id, []).append(item)
        self.state_table = [
            [station.rotation.state(k, day) for day in self.days] for k in range(1, self.groups + 1)
        ]
        self._index_slots()
        self._index_officers()

    # --- indexing ------------------------------------------------------------------------------
    def _index_slots(self) -> None:
        self.bit = {slot.code: 1 << s for s, slot in enumerate(self.slots)}
        self.state_mask = {state: 0 for state in PostState}
        self.call_in_mask = 0
        self.long_mask = 0
        for s, slot in enumerate(self.slots):
            self.state_mask[slot.state] |= 1 << s
            if slot.post.call_in and slot.state is not PostState.shift:
                self.call_in_mask |= 1 << s
            if slot.post.hours >= 24:
                self.long_mask |= 1 << s
        self.allowed = {
            DutyState.main: self.state_mask[PostState.main],
            DutyState.deputy: self.state_mask[PostState.deputy],
            DutyState.rest: self.call_in_mask,
        }
        self.minimum = [
            [slot.post.minimum(rest_day) for rest_day in self.rest_day] for slot in self.slots
        ]
        self.positive = [
            sum(1 << s for s in range(len(self.slots)) if self.minimum[s][d] > 0)
            for d in range(len(self.days))
        ]
        self.commander = next(
            (s for s, slot in enumerate(self.slots) if slot.code == COMMANDER_POST), None
        )

    def _index_officers(self) -> None:
        n_days, groups = len(self.days), self.groups
        # Eligibility depends on the officer's team and roles only.
        by_kind: dict[tuple[str, frozenset[Role]], int] = {}
        self.eligible = []
        for officer in self.officers:
            kind = (officer.team, officer.roles)
            if kind not in by_kind:
                by_kind[kind] = sum(
                    1 << s
                    for s, slot in enumerate(self.slots)
                    if can_hold(self.station, officer, slot)
                )
            self.eligible.append(by_kind[kind])
        self.away = [
            [day in self.leave.get(officer.id, ()) for day in self.days]
            for officer in self.officers
        ]
        self.fixed: list[int | None] = []
        self.possible: list[tuple[int, ...]] = []
        self.barred: list[int | None] = []
        """The group an officer may not be in (month boundary), if any."""
        first_main = self._group_in(DutyState.main, 0)
        for o, officer in enumerate(self.officers):
            grouped = self.team[o].kind is not TeamKind.leadership
            squad = officer.squad if grouped else None
            self.fixed.append(squad)
            barred = None
            if self.rotates[o] and self._long_before(o) and not self.away[o][0]:
                barred = first_main
            self.barred.append(barred)
            if not self.rotates[o]:
                self.possible.append(())
            elif squad is not None:
                self.possible.append((squad,))
            else:
                self.possible.append(tuple(k for k in range(1, groups + 1) if k != barred))
        # What each officer could hold on each day: `own` for officers outside the rotation or
        # with a fixed squad, `per_group` (group -> mask) for rotating officers whose squad is
        # open. `tired` marks officer-days lost to rest after a 24-hour duty.
        self.tired: set[tuple[int, int, int]] = set()
        self.own: list[list[int]] = []
        self.per_group: list[list[dict[int, int]]] = []
        for o in range(len(self.officers)):
            if not self.rotates[o]:
                self.own.append([self._mask(o, d, None) for d in range(n_days)])
                self.per_group.append([])
            elif self.fixed[o] is not None:
                k = self.fixed[o]
                assert k is not None
                self.own.append([self._mask(o, d, k) for d in range(n_days)])
                self.per_group.append([])
            else:
                self.own.append([0] * n_days)
                self.per_group.append(
                    [{k: self._mask(o, d, k) for k in self.possible[o]} for d in range(n_days)]
                )
        # Officers alike in everything a count sees (team, rotation, squad, posts, no leave and
        # nothing carried from last month) are counted once, with their number.
        alike: dict[tuple[object, ...], list[int]] = {}
        for o, officer in enumerate(self.officers):
            special = any(self.away[o]) or self._long_before(o)
            profile: tuple[object, ...] = (
                (o,)
                if special
                else (
                    officer.team,
                    self.rotates[o],
                    self.fixed[o],
                    self.eligible[o],
                    self.possible[o],
                )
            )
            alike.setdefault(profile, []).append(o)
        self.classes = [(members[0], len(members)) for members in alike.values()]
        """(a representative officer, how many are alike) for every class of alike officers."""
        self.team_size: dict[str, int] = {}
        self.team_fixed: dict[tuple[str, int], int] = {}
        for o, officer in enumerate(self.officers):
            self.team_size[officer.team] = self.team_size.get(officer.team, 0) + 1
            k = self.fixed[o]
            if k is not None:
                self.team_fixed[officer.team, k] = self.team_fixed.get((officer.team, k), 0) + 1

    def _group_in(self, state: DutyState, d: int) -> int:
        return next(k for k in range(1, self.groups + 1) if self.state_table[k - 1][d] is state)

    def _long_before(self, o: int) -> bool:
        """Whether the officer held a 24-hour post on the previous month's last day."""
        if self.carry is None:
            return False
        code = self.carry.held(self.officers[o].id, 1)
        return code is not None and code in self.bit and bool(self.bit[code] & self.long_mask)

    def _mask(self, o: int, d: int, k: int | None) -> int:
        """Posts officer o could hold on day d if in group k (None: outside the rotation)."""
        if self.away[o][d]:
            return 0
        if self.station.rest_after_24h and self._rests(o, d, k):
            self.tired.add((o, d, k or 0))
            return 0
        if k is None:
            return self.eligible[o]
        return self.eligible[o] & self.allowed[self.state_table[k - 1][d]]

    def _rests(self, o: int, d: int, k: int | None) -> bool:
        """Rest after a 24-hour duty forced on day d by the day before (see the docstring)."""
        if d == 0:
            return self._long_before(o)
        if k is None or self.away[o][d - 1]:
            return False
        if self.state_table[k - 1][d - 1] is not DutyState.main:
            return False
        main_posts = self.eligible[o] & self.state_mask[PostState.main]
        return main_posts != 0 and main_posts & ~self.long_mask == 0

    # --- helpers -------------------------------------------------------------------------------
    def _request(self, o: int, day: dt.date) -> Leave | None:
        for item in self.requests.get(self.officers[o].id, []):
            if item.start <= day <= item.end:
                return item
        return None

    def _on_leave(self, o: int, day: dt.date) -> Missing:
        item = self._request(o, day)
        oid = self.officers[o].id
        if item is None:
            return Missing(oid, MissingReason.leave)
        return Missing(oid, MissingReason.leave, item.kind, item.start, item.end)

    def _leave_fixes(self, missing: Iterable[Missing], days: Sequence[dt.date]) -> list[Fix]:
        fixes: list[Fix] = []
        seen: set[Leave] = set()
        for m in missing:
            if m.reason is not MissingReason.leave or m.leave_kind not in DISCRETIONARY:
                continue
            for item in self.requests.get(m.officer_id, []):
                if item in seen or item.kind not in DISCRETIONARY:
                    continue
                if not any(item.start <= day <= item.end for day in days):
                    continue
                seen.add(item)
                fixes.append(leave_fix(item, days))
                break
        return fixes

    def _add_officer(self, team_id: str, amount: int, what_en: str = "", what_zh: str = "") -> Fix:
        team = self.station.team(team_id)
        count_en = "an officer" if amount <= 1 else f"{amount} officers"
        count_zh = "一名民警" if amount <= 1 else f"{amount}名民警"
        return Fix(
            FixKind.add_officer,
            en=f"add {what_en or count_en} to {team.name_en}",
            zh=f"为{team.name}增加{what_zh or count_zh}",
            team=team_id,
            amount=amount,
        )

    # --- 4. squads -----------------------------------------------------------------------------
    def squads(self) -> list[Shortfall]:
        """Count 4: even spreads over the duty groups, and officers who must sit apart."""
        found: list[Shortfall] = []
        grouped = [
            o for o in range(len(self.officers)) if self.team[o].kind is not TeamKind.leadership
        ]
        rotating = [o for o in grouped if self.rotates[o]]

        def has(o: int, role: Role) -> bool:
            return role in self.officers[o].roles

        for team in self.station.teams:
            if team.kind is TeamKind.leadership:
                continue
            members = [o for o in grouped if self.team[o].id == team.id]
            found += self._spread(
                members, team.id, (f"officers of {team.name_en}", f"{team.name}民警")
            )
            found += self._spread(
                [o for o in members if has(o, Role.grid_officer)],
                f"{team.id}/grid_officer",
                (f"grid officers of {team.name_en}", f"{team.name}网格民警"),
            )
            leaders = [
                o for o in members if has(o, Role.deputy_director) or has(o, Role.team_leader)
            ]
            for a in leaders:
                for b in (o for o in members if has(o, Role.sergeant)):
                    found += self._apart(a, b, "team leader and his sergeant", "队长与警长")
        found += self._spread(grouped, "station", ("officers of the station", "全所民警"))
        command = self.station.command
        deputies = [o for o in rotating if has(o, Role.deputy_director)]
        if command.roles == [Role.deputy_director] and not command.commanders:
            # The default: deputy directors spread evenly and command, so each group needs one.
            found += self._spread(
                deputies, "deputy_director", ("deputy directors", "副所长"), at_least=1
            )
        else:
            found += self._spread(deputies, "deputy_directors", ("deputy directors", "副所长"))
            found += self._commanders(rotating)
        found += self._spread(
            [o for o in rotating if has(o, Role.sergeant)], "sergeant", ("sergeants", "警长")
        )
        found += self._spread(
            [o for o in rotating if has(o, Role.sector_specialist)],
            "sector_specialist",
            ("sector specialists", "行业专管民警"),
        )
        index = {officer.id: o for o, officer in enumerate(self.officers)}
        for pair in self.station.ab_pairs:
            found += self._apart(
                index[pair.a_role], index[pair.b_role], "A and B roles", "A角与B角"
            )
        return found

    def _spread(
        self,
        members: list[int],
        key: str,
        what: tuple[str, str],
        at_least: int = 0,
    ) -> list[Shortfall]:
        """Shortfalls of an even spread of `members` over the duty groups (rule `squads`)."""
        groups, n = self.groups, len(members)
        if not members and not at_least:
            return []
        low, high = max(n // groups, at_least), max(-(-n // groups), at_least)
        counts = {k: [o for o in members if self.fixed[o] == k] for k in range(1, groups + 1)}
        open_ = [o for o in members if self.fixed[o] is None]
        rule = squads.RULE
        what_en, what_zh = what
        found: list[Shortfall] = []
        days = tuple(self.days)
        dd = key == "deputy_director"
        short = {k: low - len(inside) for k, inside in counts.items() if len(inside) < low}
        deficit = sum(short.values())
        for k, inside in counts.items():
            if len(inside) <= high or (dd and deficit > len(open_)):
                # A group without a deputy director is said once, below, naming the crowded one.
                continue
            ids = [self.officers[o].id for o in inside]
            needed, available = n - high, n - len(inside)
            if dd:
                every = "both" if len(ids) == 2 else "all"
                en = (
                    f"duty group {k} holds {len(inside)} deputy directors ({_and(ids)}: {every} "
                    f"are deputy directors), at most {high} may sit in one group, so another "
                    "group has no commander"
                )
                zh = (
                    f"第{k}值班组有{len(inside)}名副所长({'、'.join(ids)}均为副所长)，每组至多"
                    f"{high}名，另一组便无值班副所长"
                )
            else:
                en = (
                    f"duty group {k} holds {len(inside)} of the {n} {what_en} "
                    f"({_and(ids)}); at most {high} may sit in one group"
                )
                listed = "、".join(ids)
                zh = f"第{k}值班组有{n}名{what_zh}中的{len(inside)}名({listed})，每组至多{high}名"
            others = [j for j in range(1, groups + 1) if j != k]
            moves = [
                Fix(
                    FixKind.change_squad,
                    en=f"move {ids[-1]} from squad {k} to squad "
                    + " or ".join(str(j) for j in others),
                    zh=f"将{ids[-1]}从第{k}班组调到第{'或第'.join(str(j) for j in others)}班组",
                    officer_id=ids[-1],
                    group=others[0] if len(others) == 1 else None,
                )
            ]
            found.append(
                _over(
                    rule,
                    subject=f"squads:{key}",
                    days=days,
                    needed=needed,
                    available=available,
                    unit="deputy directors" if dd else "officers",
                    missing=tuple(Missing(i, MissingReason.same_group) for i in ids),
                    fixes=tuple(moves),
                    en=en,
                    zh=zh,
                )
            )
        if deficit > len(open_):
            bare = sorted(short)
            ids = [self.officers[o].id for o in members]
            if dd and n < groups:
                en = (
                    f"{groups} duty groups need a deputy director each (the duty commander); "
                    f"the station has {n}" + (f": {_and(ids)}" if ids else "")
                )
                zh = f"{groups}个值班组各需一名副所长(值班副所长)，全所只有{n}名" + (
                    f"：{'、'.join(ids)}" if ids else ""
                )
                en += (
                    "; name who commands the others (command.commanders) or let more roles "
                    "command (command.roles)"
                )
                zh += (
                    "；可为其余各组指定指挥员(command.commanders)或放宽可指挥的职务(command.roles)"
                )
                missing: tuple[Missing, ...] = ()
            elif dd:
                crowded = [k for k, inside in counts.items() if len(inside) > 1]
                held = [self.officers[o].id for k in crowded for o in counts[k]]
                en = (
                    f"duty group {_and([str(k) for k in bare])} has no deputy director to "
                    f"command it; "
                    + (
                        f"{_and(held)} are {'both' if len(held) == 2 else 'all'} deputy "
                        "directors in duty group "
                        f"{_and([str(k) for k in crowded])}"
                        if held
                        else "none is left to place"
                    )
                )
                zh = f"第{'、'.join(str(k) for k in bare)}值班组没有副所长担任值班副所长" + (
                    f"：{'、'.join(held)}均为副所长，"
                    f"同在第{'、'.join(str(k) for k in crowded)}值班组"
                    if held
                    else ""
                )
                missing = tuple(Missing(i, MissingReason.same_group) for i in held)
            else:
                en = (
                    f"duty groups {_and([str(k) for k in bare])} need {deficit} more of the "
                    f"{n} {what_en} (at least {low} each), {len(open_)} are left to place"
                )
                zh = (
                    f"第{'、'.join(str(k) for k in bare)}值班组还需{n}名{what_zh}中的{deficit}名"
                    f"(每组至少{low}名)，只剩{len(open_)}名可分"
                )
                missing = ()
            fixes: list[Fix] = []
            if dd:
                fixes.append(
                    Fix(
                        FixKind.add_officer,
                        en="add a deputy director to a rotating team",
                        zh="为轮值队室增加一名副所长",
                        amount=deficit - len(open_),
                    )
                )
                crowded_members = [
                    o for inside in counts.values() if len(inside) > 1 for o in inside
                ]
                if crowded_members:
                    mover = self.officers[crowded_members[-1]].id
                    fixes.append(
                        Fix(
                            FixKind.change_squad,
                            en=f"move deputy director {mover} to squad {bare[0]}",
                            zh=f"将副所长{mover}调到第{bare[0]}班组",
                            officer_id=mover,
                            group=bare[0],
                        )
                    )
            else:
                fixes.append(
                    Fix(
                        FixKind.change_squad,
                        en=f"move {what_en} into duty groups {_and([str(k) for k in bare])}",
                        zh=f"把{what_zh}调入第{'、'.join(str(k) for k in bare)}值班组",
                        group=bare[0] if len(bare) == 1 else None,
                    )
                )
            found.append(
                _over(
                    rule,
                    subject=f"squads:{key}",
                    days=days,
                    needed=deficit,
                    available=len(open_),
                    unit="deputy directors" if dd else "officers",
                    missing=missing,
                    fixes=tuple(fixes),
                    en=en,
                    zh=zh,
                )
            )
        return found

    def _commanders(self, rotating: list[int]) -> list[Shortfall]:
        """Groups without a named commander that no officer who may command can reach: each
        needs one (rule `squads`), and each open officer fills at most one group."""
        station = self.station
        able = [o for o in rotating if station.may_command(self.officers[o])]
        bare = [
            k
            for k in range(1, self.groups + 1)
            if station.named_commander(k) is None and not any(self.fixed[o] == k for o in able)
        ]
        open_ = [o for o in able if self.fixed[o] is None]
        if len(bare) <= len(open_):
            return []
        rule, days = squads.RULE, tuple(self.days)
        roles_en = " or ".join(role.value.replace("_", " ") for role in station.command.roles)
        roles_said = roles_zh(station.command.roles)
        groups_en, groups_zh = _and([str(k) for k in bare]), "、".join(str(k) for k in bare)
        en = (
            f"duty group {groups_en} needs a {roles_en} to command it or a named commander, and "
            f"{len(open_)} who may command {'is' if len(open_) == 1 else 'are'} left to place; "
            "name who commands it (command.commanders) or let more roles command (command.roles)"
        )
        zh = (
            f"第{groups_zh}值班组需要{roles_said}担任指挥或指定指挥员，可调配的只有{len(open_)}名；"
            "请指定该组指挥员(command.commanders)或放宽可指挥的职务(command.roles)"
        )
        return [
            _over(
                rule,
                subject="squads:commander",
                days=days,
                needed=len(bare),
                available=len(open_),
                unit="commanders",
                missing=(),
                fixes=(
                    Fix(
                        FixKind.add_officer,
                        en=f"add a {roles_en} to a rotating team",
                        zh=f"为轮值队室增加一名{roles_said}",
                        amount=len(bare) - len(open_),
                    ),
                ),
                en=en,
                zh=zh,
            )
        ]

    def _apart(self, a: int, b: int, what_en: str, what_zh: str) -> list[Shortfall]:
        k = self.fixed[a]
        if k is None or self.fixed[b] != k:
            return []
        rule, days = squads.RULE, tuple(self.days)
        ida, idb = self.officers[a].id, self.officers[b].id
        other = next(j for j in range(1, self.groups + 1) if j != k)
        return [
            _over(
                rule,
                subject=f"squads:{ida}/{idb}",
                days=days,
                needed=2,
                available=1,
                unit="duty groups",
                missing=(Missing(idb, MissingReason.same_group),),
                fixes=(
                    Fix(
                        FixKind.change_squad,
                        en=f"move {idb} out of squad {k}",
                        zh=f"将{idb}调出第{k}班组",
                        officer_id=idb,
                        group=other if self.groups == 2 else None,
                    ),
                ),
                en=f"{what_en} {ida} and {idb} must sit in different duty groups; both are in {k}",
                zh=f"{what_zh}{ida}、{idb}须分在不同值班组，现同在第{k}组",
            )
        ]

    # --- 5. month boundary ---------------------------------------------------------------------
    def month_boundary(self) -> list[Shortfall]:
        """Count 5: no 48-hour duty from a fixed squad at the month boundary."""
        if self.carry is None:
            return []
        rule, first = rest_after_24h.RULE, self.days[0]
        found: list[Shortfall] = []
        for o, officer in enumerate(self.officers):
            k = self.fixed[o]
            if not self.rotates[o] or k is None or self.away[o][0] or not self._long_before(o):
                continue
            state = self.state_table[k - 1][0]
            barred = state is DutyState.main or (
                self.station.rest_after_24h and state is DutyState.deputy
            )
            if not barred:
                continue
            code = self.carry.held(officer.id, 1)
            assert code is not None
            slot = next(slot for slot in self.slots if slot.code == code)
            last = self.carry.last_day
            before = self.carry.groups.get(officer.id)
            targets = [
                j
                for j in range(1, self.groups + 1)
                if self.state_table[j - 1][0] is DutyState.rest
                or (
                    self.state_table[j - 1][0] is DutyState.deputy
                    and not self.station.rest_after_24h
                )
            ]
            target = before if before in targets else targets[0]
            when_en, when_zh = _span(last, last, "en"), _span(last, last, "zh")
            if state is DutyState.main:
                en = (
                    f"{officer.id} held the 24-hour post {_slot_name(self.station, slot, 'en')} "
                    f"on {when_en} and his squad {k} holds main duty on the 1st: a 48-hour duty"
                )
                zh = (
                    f"{officer.id}于{when_zh}值24小时岗位{_slot_name(self.station, slot, 'zh')}，"
                    f"其第{k}班组1日为正班，将连续值班48小时"
                )
            else:
                en = (
                    f"{officer.id} held the 24-hour post {_slot_name(self.station, slot, 'en')} "
                    f"on {when_en}, must rest on the 1st, but his squad {k} holds deputy duty"
                )
                zh = (
                    f"{officer.id}于{when_zh}值24小时岗位{_slot_name(self.station, slot, 'zh')}，"
                    f"1日须休息，但其第{k}班组为副班"
                )
            found.append(
                _over(
                    rule,
                    subject=officer.id,
                    days=(first,),
                    needed=1,
                    available=0,
                    unit="officers",
                    missing=(Missing(officer.id, MissingReason.same_group),),
                    fixes=(
                        Fix(
                            FixKind.change_squad,
                            en=f"put {officer.id} in squad {target}",
                            zh=f"将{officer.id}编入第{target}班组",
                            officer_id=officer.id,
                            group=target,
                        ),
                    ),
                    en=en,
                    zh=zh,
                )
            )
        return found

    # --- 3. duty commander ---------------------------------------------------------------------
    def duty_commander(self) -> list[Shortfall]:
        """Count 3: a duty commander every day."""
        s = self.commander
        if s is None:
            return []
        rule = duty_commander.RULE
        bit = 1 << s
        station = self.station
        able = [o for o, officer in enumerate(self.officers) if station.may_command(officer)]
        stand_ins = [o for o, officer in enumerate(self.officers) if station.stands_in(officer)]
        index = {officer.id: o for o, officer in enumerate(self.officers)}
        merged: dict[str, tuple[list[dt.date], dict[Missing, None]]] = {}
        for d, day in enumerate(self.days):
            k = self._group_in(DutyState.main, d)
            named = station.named_commander(k)
            n = None if named is None else index[named.id]
            # Who may command the main group that day: its named commander if present, else
            # its first present officer who may command, fixed in it or possibly placed in it.
            sure = [o for o in able if self.fixed[o] == k and not self.away[o][d]]
            loose = [
                o
                for o in able
                if self.fixed[o] is None and k in self.possible[o] and not self.away[o][d]
            ]
            if n is not None and not self.away[n][d]:
                sure, loose = [n], []
            if sure:
                if any(self.eligible[o] & bit for o in sure + loose):
                    continue
                key = "ineligible"
                missing = [Missing(self.officers[o].id, MissingReason.ineligible) for o in sure]
            else:
                if loose or self.minimum[s][d] < 1:
                    continue
                # Whoever the rules let hold the post that day counts (the checker admits only
                # a stand-in; counting more keeps the count sound).
                if any(self._can_serve(o, d, bit) for o in range(len(self.officers))):
                    continue
                key = "stand_in"
                missing = []
                if n is not None and self.away[n][d]:
                    missing.append(self._on_leave(n, day))
                for o in able:
                    if k in self.possible[o] and self.away[o][d] and o != n:
                        missing.append(self._on_leave(o, day))
                for o in stand_ins:
                    if o == n:
                        continue
                    if self.away[o][d]:
                        missing.append(self._on_leave(o, day))
                    elif (o, d, self.fixed[o] or 0) in self.tired:
                        missing.append(Missing(self.officers[o].id, MissingReason.rest_after_24h))
                    else:
                        missing.append(Missing(self.officers[o].id, MissingReason.ineligible))
            days, gathered = merged.setdefault(key, ([], {}))
            days.append(day)
            gathered.update(dict.fromkeys(missing))
        found: list[Shortfall] = []
        leadership = next((t.id for t in self.station.teams if t.kind is TeamKind.leadership), None)
        for kind, (days, gathered) in merged.items():
            missing = list(gathered)
            if kind == "ineligible":
                en = (
                    "the main group's commander (its named commander, else its deputy "
                    "director) must command, and may not hold the post"
                )
                zh = (
                    "正班组的指挥员(指定的指挥员，否则为其副所长)须担任值班副所长，"
                    "但无资格担任该岗位"
                )
            else:
                en = (
                    "nobody of the main group who may command (a deputy director by default), "
                    "nor its named commander, is present, and no stand-in (the director or "
                    "political commissar by default) can take the post"
                )
                zh = (
                    "正班组无可指挥者(默认为副所长)或指定的指挥员在岗，"
                    "所长、政委等替班人员也无人可替班"
                )
            fixes = self._leave_fixes(missing, days)
            if kind == "ineligible":
                fixes.append(
                    Fix(
                        FixKind.widen_eligibility,
                        en="let deputy directors hold the duty commander's post (its eligibility)",
                        zh="放宽值班副所长岗位的任职资格，使副所长可以担任",
                        post=COMMANDER_POST,
                    )
                )
            if leadership is not None and kind == "stand_in":
                fixes.append(
                    self._add_officer(
                        leadership,
                        1,
                        "a director or political commissar to stand in",
                        "一名可替班的所领导",
                    )
                )
            found.append(
                _over(
                    rule,
                    subject=COMMANDER_POST,
                    days=days,
                    needed=1,
                    available=0,
                    unit="duty commanders",
                    missing=tuple(missing),
                    fixes=tuple(fixes),
                    en=en + _bracket(missing, "en"),
                    zh=zh + _bracket(missing, "zh"),
                )
            )
        return found

    def _can_serve(self, o: int, d: int, mask: int) -> bool:
        if self.rotates[o] and self.fixed[o] is None:
            return any(m & mask for m in self.per_group[o][d].values())
        return bool(self.own[o][d] & mask)

    # --- 1. posts on a day ---------------------------------------------------------------------
    def _sets(self) -> list[_Set]:
        """Each post alone, each community's posts, the posts each team can hold, all posts of
        a state; of one state each, smallest first, each set once."""
        station = self.station
        found: dict[int, _Set] = {}

        def add(the_set: _Set) -> None:
            if the_set.mask and the_set.mask not in found:
                found[the_set.mask] = the_set

        any_positive = 0
        for mask in self.positive:
            any_positive |= mask
        team_masks: dict[str, int] = {}
        for o, officer in enumerate(self.officers):
            team_masks[officer.team] = team_masks.get(officer.team, 0) | self.eligible[o]
        for state in PostState:
            in_state = self.state_mask[state] & any_positive
            for s, slot in enumerate(self.slots):
                if in_state & (1 << s) and s != self.commander:
                    add(
                        _Set(
                            slot.code,
                            _slot_name(station, slot, "en"),
                            _slot_name(station, slot, "zh"),
                            1 << s,
                            state,
                        )
                    )
            for community in station.communities:
                mask = sum(
                    1 << s for s, slot in enumerate(self.slots) if slot.community == community.id
                )
                add(
                    _Set(
                        f"community:{community.id}:{state.value}",
                        f"the {_POST_STATE_EN[state]} posts of {community.name_en}",
                        f"{community.name}的{_POST_STATE_ZH[state]}岗位",
                        mask & in_state,
                        state,
                    )
                )
            for team in station.teams:
                mask = team_masks.get(team.id, 0)
                add(
                    _Set(
                        f"team:{team.id}:{state.value}",
                        f"the {_POST_STATE_EN[state]} posts {team.name_en} can hold",
                        f"{team.name}可担任的{_POST_STATE_ZH[state]}岗位",
                        mask & in_state,
                        state,
                    )
                )
            add(
                _Set(
                    f"state:{state.value}",
                    f"all {_POST_STATE_EN[state]} posts",
                    f"全部{_POST_STATE_ZH[state]}岗位",
                    in_state,
                    state,
                )
            )
        result = sorted(found.values(), key=lambda x: (x.mask.bit_count(), x.mask))
        for the_set in result:
            the_set.candidates = [
                o for o in range(len(self.officers)) if self.eligible[o] & the_set.mask
            ]
            the_set.classes = [(o, n) for o, n in self.classes if self.eligible[o] & the_set.mask]
        return result

    def posts(self, commander: list[Shortfall]) -> list[Shortfall]:
        """Count 1: each set of posts on each day. A set is not reported on a day when a set
        inside it (or the duty commander) already is, with a gap at least as large."""
        sets = self._sets()
        gathered: dict[tuple[str, str, int, int], _Found] = {}
        reported: list[list[tuple[int, int]]] = [[] for _ in self.days]
        for shortfall in commander:
            for day in shortfall.days:
                assert self.commander is not None
                reported[(day - self.days[0]).days].append((1 << self.commander, shortfall.gap))
        for the_set in sets:
            if not the_set.candidates and the_set.mask.bit_count() == 1:
                self._ineligible(the_set, gathered, reported)
                continue
            for d, day in enumerate(self.days):
                mask = the_set.mask & self.positive[d]
                if not mask:
                    continue
                needed = sum(self.minimum[s][d] for s in _iter_bits(mask))
                available, loose = self._available(the_set.classes, d, mask)
                if available >= needed:
                    continue
                gap = needed - available
                if any(m & mask == m and g >= gap for m, g in reported[d]):
                    continue
                reported[d].append((mask, gap))
                rule = squads.RULE if loose >= needed else post_staffing.RULE
                key = (rule.id, the_set.subject, needed, available)
                entry = gathered.get(key)
                if entry is None:
                    entry = gathered[key] = _Found(rule, the_set, needed, available)
                away = self._resting_away(the_set, d, mask)
                entry.resting_away = away and (entry.resting_away or not entry.days)
                entry.days.append(day)
                entry.call_in = entry.call_in or bool(mask & self.call_in_mask)
                entry.posts.update(dict.fromkeys(_iter_bits(mask)))
                entry.missing.update(dict.fromkeys(self._missing(the_set, d, mask)))
                for o in the_set.candidates:
                    if self.rotates[o] and self.fixed[o] is None:
                        entry.floating_teams[self.officers[o].team] = None
        for the_set in sets:
            self._weakest(the_set, gathered, reported)
        return [self._said(entry) for entry in gathered.values()]

    def _weakest(
        self,
        the_set: _Set,
        gathered: dict[tuple[str, str, int, int], _Found],
        reported: list[list[tuple[int, int]]],
    ) -> None:
        """Count 1b: the weakest group of a team whose squads are all open.

        However the E officers of a team who may hold a set of posts are split into G duty
        groups, one group holds at most floor(E/G) of them (pigeonhole). Where the posts take
        no call-ins, on a day that group holds the posts' state they are staffed by it and by
        officers of other teams only. If for every group some day of the month when it holds
        that state needs more than floor(E/G) plus what every other officer can give, no split
        works, whichever group is the weak one. Said only where no other count named a set
        sharing a post with it on those days.
        """
        state = the_set.state
        if state is PostState.shift or the_set.mask & self.call_in_mask:
            return
        duty = DutyState(state.value)
        if self.station.rotation.holders(duty) != 1:
            # Two groups holding the state on one day staff its posts together: the weakest
            # group is never alone.
            return
        groups = self.groups
        members: dict[str, int] = {}
        for o in the_set.candidates:
            if self.rotates[o] and self.fixed[o] is None:
                members[self.officers[o].team] = members.get(self.officers[o].team, 0) + 1
        for team, eligible in members.items():
            if any(self.team_fixed.get((team, k), 0) for k in range(1, groups + 1)):
                continue
            weak = eligible // groups
            others = [
                (o, n)
                for o, n in the_set.classes
                if not (self.rotates[o] and self.fixed[o] is None and self.team[o].id == team)
            ]
            short: dict[int, list[tuple[int, int, int]]] = {}
            for d in range(len(self.days)):
                mask = the_set.mask & self.positive[d]
                if not mask or any(m & mask for m, _ in reported[d]):
                    continue
                needed = sum(self.minimum[s][d] for s in _iter_bits(mask))
                other, _ = self._available(others, d, mask)
                if other + weak < needed:
                    short.setdefault(self._group_in(duty, d), []).append((d, needed, other + weak))
            if len(short) < groups:
                continue
            days = sorted(d for found in short.values() for d, _, _ in found)
            _, needed, available = max(
                (item for found in short.values() for item in found),
                key=lambda item: (item[1] - item[2], -item[0]),
            )
            entry = _Found(squads.RULE, the_set, needed, available)
            entry.weakest = (team, eligible, weak)
            entry.floating_teams[team] = None
            for d in days:
                mask = the_set.mask & self.positive[d]
                entry.days.append(self.days[d])
                entry.posts.update(dict.fromkeys(_iter_bits(mask)))
                reported[d].append((mask, needed - available))
            gathered[(squads.RULE.id, the_set.subject + f"/weakest:{team}", needed, available)] = (
                entry
            )

    def _ineligible(
        self,
        the_set: _Set,
        gathered: dict[tuple[str, str, int, int], _Found],
        reported: list[list[tuple[int, int]]],
    ) -> None:
        days = [day for d, day in enumerate(self.days) if the_set.mask & self.positive[d]]
        if not days:
            return
        (s,) = list(_iter_bits(the_set.mask))
        needed = max(self.minimum[s][d] for d in range(len(self.days)))
        entry = _Found(eligibility.RULE, the_set, needed, 0, days=days)
        entry.posts[s] = None
        gathered[(eligibility.RULE.id, the_set.subject, needed, 0)] = entry
        for d in range(len(self.days)):
            if the_set.mask & self.positive[d]:
                reported[d].append((the_set.mask, self.minimum[s][d]))

    def _available(self, classes: list[tuple[int, int]], d: int, mask: int) -> tuple[int, int]:
        """(an upper bound on the officers who can serve `mask` on day d, the same bound
        without the even split of open squads)."""
        count = 0
        open_any: dict[str, int] = {}
        open_in: dict[tuple[str, int], int] = {}
        for o, alike in classes:
            if not self.rotates[o] or self.fixed[o] is not None:
                if self.own[o][d] & mask:
                    count += alike
                continue
            team = self.officers[o].team
            hit = False
            for k, held in self.per_group[o][d].items():
                if held & mask:
                    hit = True
                    open_in[team, k] = open_in.get((team, k), 0) + alike
            if hit:
                open_any[team] = open_any.get(team, 0) + alike
        loose = count + sum(open_any.values())
        for team, anywhere in open_any.items():
            room = -(-self.team_size[team] // self.groups)
            in_groups = sum(
                min(open_in.get((team, k), 0), max(0, room - self.team_fixed.get((team, k), 0)))
                for k in range(1, self.groups + 1)
            )
            count += min(anywhere, in_groups)
        return count, loose

    def _would_serve(self, o: int, d: int, mask: int) -> bool:
        """Whether the officer could serve `mask` on day d in some group open to him, were he
        not away."""
        if not self.rotates[o]:
            return bool(self.eligible[o] & mask)
        return any(
            self.eligible[o] & self.allowed[self.state_table[k - 1][d]] & mask
            for k in self.possible[o]
        )

    def _resting_away(self, the_set: _Set, d: int, mask: int) -> bool:
        """Whether the resting group holds officers who could be called in to `mask` on day d,
        and every one of them is on leave."""
        call_in = mask & self.call_in_mask
        resting = [
            o
            for o in the_set.candidates
            if self.rotates[o]
            and self.fixed[o] is not None
            and self.eligible[o] & call_in
            and self.state_table[self.fixed[o] - 1][d] is DutyState.rest  # type: ignore[operator]
        ]
        return bool(resting) and all(self.away[o][d] for o in resting)

    def _missing(self, the_set: _Set, d: int, mask: int) -> list[Missing]:
        day = self.days[d]
        missing: list[Missing] = []
        for o in the_set.candidates:
            if not self.eligible[o] & mask:
                continue
            oid = self.officers[o].id
            if self.away[o][d]:
                if self._would_serve(o, d, mask):
                    missing.append(self._on_leave(o, day))
                continue
            if not self.rotates[o] or self.fixed[o] is not None:
                if self.own[o][d] & mask:
                    continue
                k = self.fixed[o] if self.rotates[o] else None
                if (o, d, k or 0) in self.tired:
                    missing.append(Missing(oid, MissingReason.rest_after_24h))
                elif k is not None and self.state_table[k - 1][d] is DutyState.rest:
                    missing.append(Missing(oid, MissingReason.resting))
        return missing

    def _said(self, entry: _Found) -> Shortfall:
        rule, the_set = entry.rule, entry.the_set
        days = entry.days
        missing = list(entry.missing)
        missing.sort(key=lambda m: (m.reason is not MissingReason.leave, m.officer_id))
        station = self.station
        posts = list(entry.posts)
        needed, available = entry.needed, entry.available
        state = the_set.state
        if state is PostState.shift:
            source_en, source_zh = "", ""
        else:
            group = "main" if state is PostState.main else "deputy"
            if entry.call_in:
                source_en = f" from the {group} group or called in from the resting group"
                source_zh = f"{STATE_ZH[DutyState(group)]}及休班抽调"
            else:
                source_en = f" from the {group} group (these posts take no call-ins)"
                source_zh = f"{STATE_ZH[DutyState(group)]}(不收抽调)"
        fixes: list[Fix] = []
        if rule is eligibility.RULE:
            slot = self.slots[posts[0]]
            en = (
                f"nobody may hold {the_set.en}, which needs {needed} "
                f"officer{'s' if needed != 1 else ''}"
            )
            zh = f"{the_set.zh}需{needed}人，但无人有资格担任"
            fixes.append(
                Fix(
                    FixKind.widen_eligibility,
                    en=f"let more officers hold {the_set.en} (its eligibility)",
                    zh=f"放宽{the_set.zh}的任职资格",
                    post=slot.code,
                )
            )
            fixes.append(self._lower(slot, days, needed))
        elif rule is squads.RULE:
            teams = list(entry.floating_teams)
            sizes = [self.team_size[t] for t in teams]
            names_en = _and([station.team(t).name_en for t in teams])
            names_zh = "、".join(station.team(t).name for t in teams)
            rooms = [-(-n // self.groups) for n in sizes]
            if entry.weakest is not None:
                _, eligible, weak = entry.weakest
                state_zh = _POST_STATE_ZH[the_set.state]
                verb = "needs" if len(posts) == 1 else "need"
                en = (
                    f"{the_set.en} {verb} {needed} officers{source_en}; split into {self.groups} "
                    f"duty groups, the {eligible} officers of {names_en} who may hold them leave "
                    f"one group with at most {weak}, so on the days that group holds "
                    f"{the_set.state.value} duty at most {available} can serve"
                )
                zh = (
                    f"{the_set.zh}需{needed}人({source_zh})；{names_zh}可担任的{eligible}名民警"
                    f"分成{self.groups}个值班组，总有一组至多{weak}名，该组{state_zh}之日最多"
                    f"{available}人可上岗"
                )
            elif len(teams) == 1 and not entry.call_in:
                en = (
                    f"the {sizes[0]} officers of {names_en} cannot cover {self.groups} duty "
                    f"groups that need {needed} each for {the_set.en}: a group holds at most "
                    f"{rooms[0]} of them"
                )
                zh = (
                    f"{names_zh}{sizes[0]}名民警分成{self.groups}个值班组，每组至多{rooms[0]}名，"
                    f"不足以满足{the_set.zh}每组{needed}人的需要"
                )
            else:
                en = (
                    f"{the_set.en} need {needed} officers{source_en}; split evenly into "
                    f"{self.groups} duty groups, {names_en} can give at most {available}"
                )
                zh = (
                    f"{the_set.zh}需{needed}人({source_zh})；{names_zh}平均分成{self.groups}个"
                    f"值班组后最多只有{available}人"
                )
            en += _bracket(missing, "en")
            zh += _bracket(missing, "zh")
            for t in teams:
                fixes.append(self._add_officer(t, needed - available))
            fixes += self._leave_fixes(missing, days)
            fixes += [self._lower(self.slots[s], days, needed - available) for s in posts]
        else:
            verb = "needs" if len(posts) == 1 else "need"
            en = (
                f"{the_set.en} {verb} {needed} officer{'s' if needed != 1 else ''}{source_en}, "
                f"at most {available} can serve"
            ) + _bracket(missing, "en")
            zh = f"{the_set.zh}至少需{needed}人，{source_zh}最多{available}人可上岗" + _bracket(
                missing, "zh"
            )
            if entry.call_in and entry.resting_away:
                en += "; nobody can be called in: the resting group's officers are all on leave"
                zh += "；无人可抽调：休班组民警均在请假"

            fixes += self._leave_fixes(missing, days)
            fixes += self._borrow(the_set, posts, days, needed - available)
            fixes += [self._lower(self.slots[s], days, needed - available) for s in posts]
            holding = {self.officers[o].team for o in the_set.candidates}
            fixes += [
                self._add_officer(t.id, needed - available)
                for t in station.teams
                if t.id in holding
            ]
        return _over(
            rule,
            subject=the_set.subject,
            days=days,
            needed=needed,
            available=available,
            unit="officers",
            missing=tuple(missing),
            fixes=tuple(fixes),
            en=en,
            zh=zh,
        )

    def _borrow(
        self, the_set: _Set, posts: list[int], days: Sequence[dt.date], by: int
    ) -> list[Fix]:
        """Borrowing for a set of posts of one community, where some other community could lend
        officers to it and does not yet (its officers would be eligible but for the community)."""
        homes = {self.slots[s].community for s in posts}
        if len(homes) != 1 or None in homes:
            return []
        community = self.station.community(next(iter(homes)))  # type: ignore[arg-type]
        lenders = [
            other
            for other in self.station.communities
            if other.id != community.id
            and other.id not in community.neighbours
            and any(
                team.community == other.id and self._could_lend(team, posts)
                for team in self.station.teams
            )
        ]
        if not lenders:
            return []
        when_en, when_zh = _days_text(days, "en"), _days_text(days, "zh")
        return [
            Fix(
                FixKind.borrow_officer,
                en=f"borrow {by} officer{'s' if by != 1 else ''} from a neighbouring community "
                f"for {the_set.en} on {when_en}",
                zh=f"从相邻社区借调{by}名民警担任{the_set.zh}({when_zh})",
                post=self.slots[posts[0]].code,
                days=tuple(days),
                community=community.id,
                amount=by,
            )
        ]

    def _could_lend(self, team: Team, posts: list[int]) -> bool:
        """Whether some officer of `team` could hold one of `posts` if his community lent him."""
        for officer in self.officers:
            if officer.team != team.id:
                continue
            for s in posts:
                slot = self.slots[s]
                moved = Slot(slot.code, slot.post, team.community, slot.number)
                if can_hold(self.station, officer, moved):
                    return True
        return False

    def _lower(self, slot: Slot, days: Sequence[dt.date], by: int, unit: str = "") -> Fix:
        s = self.slots.index(slot)
        name_en = _slot_name(self.station, slot, "en")
        name_zh = _slot_name(self.station, slot, "zh")
        when_en, when_zh = _days_text(days, "en"), _days_text(days, "zh")
        lows = {self.minimum[s][(day - self.days[0]).days] for day in days}
        if unit:
            en = f"lower the minimum of {name_en} on days of {when_en} by {by} {unit} in all"
            zh = f"在{when_zh}中降低{name_zh}的最低人数，共{by}班"
        elif len(lows) == 1:
            low = lows.pop()
            en = f"lower the minimum of {name_en} from {low} to {max(0, low - by)} on {when_en}"
            zh = f"将{name_zh}在{when_zh}的最低人数由{low}降为{max(0, low - by)}"
        else:
            en = f"lower the minimum of {name_en} by {by} on {when_en}"
            zh = f"将{name_zh}在{when_zh}的最低人数降低{by}"
        return Fix(FixKind.lower_minimum, en=en, zh=zh, post=slot.code, days=tuple(days), amount=by)

    # --- 2. weekly shift caps ------------------------------------------------------------------
    def weekly_caps(self) -> list[Shortfall]:
        """Count 2: each 7-day window of each team with a weekly shift cap; a run of short
        windows is one shortfall, said with its tightest window."""
        found: list[Shortfall] = []
        n_days = len(self.days)
        shift = self.state_mask[PostState.shift]
        for team in self.station.teams:
            cap = team.max_shifts_per_week
            if cap is None or team.rotates:
                continue
            mask = 0
            for o, officer in enumerate(self.officers):
                if officer.team == team.id:
                    mask |= self.eligible[o] & shift
            if not mask:
                continue
            # Rotating officers never hold a shift (rule `rotation`).
            holders = [
                o
                for o in range(len(self.officers))
                if self.eligible[o] & mask and not self.rotates[o]
            ]
            need_day = [sum(self.minimum[s][d] for s in _iter_bits(mask)) for d in range(n_days)]
            first = -6 if self.carry is not None else 0
            windows: list[tuple[int, int, int]] = []
            for start in range(first, max(1, n_days - 6)):
                inside = range(max(start, 0), min(start + 7, n_days))
                needed = sum(need_day[d] for d in inside)
                gives = 0
                for o in holders:
                    days = sum(1 for d in inside if self.own[o][d] & mask)
                    limit = self._cap(o)
                    if limit is not None:
                        days = min(days, max(0, limit - self._before(o, start)))
                    gives += days
                windows.append((start, needed, gives))
            run: list[tuple[int, int, int]] = []
            for window in [*windows, None]:
                if window is not None and window[2] < window[1]:
                    run.append(window)
                    continue
                if run:
                    found.append(self._said_window(team, mask, holders, run))
                    run = []
        return found

    def _cap(self, o: int) -> int | None:
        team = self.team[o]
        return None if team.rotates else team.max_shifts_per_week

    def _before(self, o: int, start: int) -> int:
        """Posts the officer held on the window's days of the previous month."""
        if self.carry is None or start >= 0:
            return 0
        oid = self.officers[o].id
        return sum(1 for d in range(start, 0) if self.carry.held(oid, -d) is not None)

    def _said_window(
        self,
        team: Team,
        mask: int,
        holders: list[int],
        run: list[tuple[int, int, int]],
    ) -> Shortfall:
        rule = street_patrol.RULE
        start, needed, available = max(run, key=lambda w: (w[1] - w[2], -w[0]))
        first_day = self.days[0] + dt.timedelta(days=start)
        window = [first_day + dt.timedelta(days=i) for i in range(7)]
        in_month = [day for day in window if day in self.month]
        present = sum(
            1
            for o in holders
            if any(self.own[o][(day - self.days[0]).days] & mask for day in in_month)
        )
        missing: dict[Missing, None] = {}
        for o in holders:
            for day in in_month:
                d = (day - self.days[0]).days
                if self.away[o][d]:
                    missing[self._on_leave(o, day)] = None
                elif (o, d, 0) in self.tired:
                    missing[Missing(self.officers[o].id, MissingReason.rest_after_24h)] = None
            held = self._before(o, start)
            if held:
                missing[Missing(self.officers[o].id, MissingReason.previous_month, detail=held)] = (
                    None
                )
        missing_list = list(missing)
        when = window[0], window[-1]
        en = (
            f"{needed} shifts of {team.name_en} needed, {present} "
            f"officer{'s' if present != 1 else ''} present can give at "
            f"most {available}" + _bracket(missing_list, "en")
        )
        zh = f"{team.name}需{needed}个班次，在岗{present}名民警最多能值{available}个" + _bracket(
            missing_list, "zh"
        )
        if len(run) > 1:
            starts = [self.days[0] + dt.timedelta(days=w[0]) for w in run]
            en += f"; {len(run)} windows of 7 days starting {_days_text(starts, 'en')} are short"
            zh += f"；自{_days_text(starts, 'zh')}起的{len(run)}个7天区间均不足"
        gap = needed - available
        fixes = self._leave_fixes(missing_list, in_month)
        fixes += [
            self._lower(slot, in_month, gap, unit="shifts" if gap != 1 else "shift")
            for s, slot in enumerate(self.slots)
            if mask & (1 << s)
        ]
        cap = team.max_shifts_per_week or 7
        fixes.append(self._add_officer(team.id, -(-gap // cap)))
        return Shortfall(
            rule=rule.id,
            subject=f"team:{team.id}",
            start=when[0],
            end=when[1],
            days=tuple(in_month),
            needed=needed,
            available=available,
            unit="shifts",
            missing=tuple(missing_list),
            fixes=tuple(fixes),
            en=_head(rule, window, "en") + en,
            zh=_head(rule, window, "zh") + zh,
        )


def _iter_bits(mask: int) -> Iterator[int]:
    s = 0
    while mask:
        if mask & 1:
            yield s
        mask >>= 1
        s += 1
