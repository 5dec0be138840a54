"""Mid-month changes to a published roster, as data: who is away, who joins or leaves, which
post needs more or fewer officers on which days, and which officer-days are pinned.

A change file is YAML or JSON (validated with pydantic, unknown fields refused)::

    away:                 # sick, training or otherwise away on the days given (both included)
      - {officer_id: P015, start: 2026-12-12, end: 2026-12-15, kind: sick, note: flu}
    leaving:              # leaves the station from `start` (away to the month's end)
      - {officer_id: P020, start: 2026-12-20}
    joining:              # joins the station from `start`; squad empty lets the solver choose
      - officer: {id: P063, name: 王新, team: dajiang, squad: 2}
        start: 2026-12-14
    minimums:             # a post's minimum raised or lowered on days (an event)
      - {post: car, community: dajiang, start: 2026-12-24, end: 2026-12-25, minimum: 3}
    pins:                 # officer-days that must stay as they are
      - {officer_id: P016, day: 2026-12-13}

`apply_changes` checks every reference against the station and the month and compiles the
changes into what the re-roster needs (`Applied`): the station with joiners (and lowered
minimums), the leave list with the away days added, the per-day minimums and the pins.
Nothing here solves anything; `rosterkit.replan` does.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from pydantic import Field, ValidationError, model_validator

from rosterkit.calendar import Month
from rosterkit.duties import slots
from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.roster import Roster
from rosterkit.station import (
    MAX_STAFF,
    Code,
    LeaveKind,
    Officer,
    OfficerReference,
    Reference,
    Station,
    Strict,
)

__all__ = [
    "Applied",
    "Away",
    "Changes",
    "Joining",
    "Leaving",
    "MinimumChange",
    "Pin",
    "apply_changes",
    "load_changes",
    "minimum_violations",
]

MAX_CHANGES = 10_000
"""Most entries in one list of a change file."""


class Away(Strict):
    """An officer away (sick, training, other) from `start` to `end`, both included."""

    officer_id: OfficerReference
    start: dt.date
    end: dt.date
    kind: LeaveKind = LeaveKind.sick
    note: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"'{self.officer_id}' is away until {self.end}, before {self.start}")
        if self.kind is LeaveKind.preferred_day_off:
            raise ValueError("a wish for a day off is not a change: use a leave request")
        return self

    def label(self, lang: str = "en") -> str:
        """'P015 sick 12-12..12-15' ('P015 病假 12-12..12-15' in Chinese)."""
        from rosterkit.capacity import leave_words

        kind = leave_words(self.kind, "zh") if lang == "zh" else self.kind.value
        return f"{self.officer_id} {kind} {_span(self.start, self.end)}"


class Leaving(Strict):
    """An officer leaving the station from `start` (away from then to the month's end)."""

    officer_id: OfficerReference
    start: dt.date
    note: str = Field(default="", max_length=500)

    def label(self, lang: str = "en") -> str:
        """'P020 leaves from 12-20' ('P020 12-20起调离')."""
        return _said(
            lang,
            f"{self.officer_id} {self.start:%m-%d}起调离",
            f"{self.officer_id} leaves from {self.start:%m-%d}",
        )


class Joining(Strict):
    """A new officer joining the station from `start` (away before it)."""

    officer: Officer
    start: dt.date

    def label(self, lang: str = "en") -> str:
        """'P063 joins from 12-14' ('P063 12-14起加入')."""
        return _said(
            lang,
            f"{self.officer.id} {self.start:%m-%d}起加入",
            f"{self.officer.id} joins from {self.start:%m-%d}",
        )


class MinimumChange(Strict):
    """A post's minimum staff set to `minimum` from `start` to `end` (both included): raised for
    an event, or lowered. `community` names one community of a per-community post (all of
    them when empty)."""

    post: Code
    community: Reference | None = None
    start: dt.date
    end: dt.date
    minimum: int = Field(ge=0, le=MAX_STAFF)
    note: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"minimum of '{self.post}' ends {self.end} before {self.start}")
        return self

    def label(self, lang: str = "en") -> str:
        """'ccar@dajiang minimum 3 12-24..12-25' ('ccar@dajiang 12-24..12-25 最少3人')."""
        where = self.post if self.community is None else f"{self.post}@{self.community}"
        span = _span(self.start, self.end)
        return _said(
            lang, f"{where} {span} 最少{self.minimum}人", f"{where} minimum {self.minimum} {span}"
        )


class Pin(Strict):
    """An officer-day that must stay as the roster has it."""

    officer_id: OfficerReference
    day: dt.date

    def label(self, lang: str = "en") -> str:
        """'P016 pinned 12-13' ('P016 12-13锁定')."""
        return _said(
            lang,
            f"{self.officer_id} {self.day:%m-%d}锁定",
            f"{self.officer_id} pinned {self.day:%m-%d}",
        )


class Changes(Strict):
    """Every change of one re-roster (see the module's docstring for the file's shape)."""

    away: list[Away] = Field(default=[], max_length=MAX_CHANGES)
    leaving: list[Leaving] = Field(default=[], max_length=MAX_CHANGES)
    joining: list[Joining] = Field(default=[], max_length=MAX_CHANGES)
    minimums: list[MinimumChange] = Field(default=[], max_length=MAX_CHANGES)
    pins: list[Pin] = Field(default=[], max_length=MAX_CHANGES)

    def with_pins(self, pins: Iterable[Pin]) -> Changes:
        """A copy with more pins (from a workbook's marked cells), each once."""
        merged = list(dict.fromkeys([*self.pins, *pins]))
        return self.model_copy(update={"pins": merged})


_KNOWN = "use the id of an officer of the roster"


def _said(lang: str, zh: str, en: str) -> str:
    """The Chinese words for `lang` 'zh', else the English."""
    return zh if lang == "zh" else en


def _span(start: dt.date, end: dt.date) -> str:
    return f"{start:%m-%d}" if start == end else f"{start:%m-%d}..{end:%m-%d}"


def load_changes(path: str | os.PathLike[str]) -> Changes:
    """A change file (.yaml, .yml or .json); bad content is a `RosterInputError` naming the
    file and the field."""
    from rosterkit.io import _read_mapping, describe_validation_error

    path = Path(path)
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise RosterInputError(
            f"unknown file type '{path.suffix}'; a change file is .yaml or .json", source=str(path)
        )
    data = _read_mapping(path)
    if data is None:
        return Changes()
    if not isinstance(data, dict):
        raise RosterInputError(
            "expected a mapping with the keys away, leaving, joining, minimums, pins",
            source=str(path),
        )
    try:
        return Changes.model_validate(data)
    except ValidationError as error:
        raise describe_validation_error(error, str(path)) from None


MinimumKey = tuple[str, dt.date]
"""(slot code, day): a per-day minimum of one post slot."""


@dataclass(frozen=True)
class Applied:
    """Changes compiled against a station and a month, ready for the re-roster.

    - `station`: the station with joining officers added, and every post whose minimum some
      change lowers holding that lower minimum all month (`minimums` restores the usual one
      on the other days, so that the checker, which reads the station, judges the same rule);
    - `leave`: the leave list with the away, leaving and joining days added;
    - `minimums`: (slot code, day) -> least staff, on the days a change sets and, for lowered
      posts, the usual minimum on the others;
    - `pins`: the pinned (officer id, day) pairs;
    - `why`: (officer id, day) -> the change that made the officer away that day;
    - `day_changes`: day -> labels of the changes in force that day;
    - `zh`: each label of `why` and `day_changes` -> its Chinese words;
    - `joined`: ids of joining officers (they have no 'before' to keep).
    """

    station: Station
    leave: list[Leave]
    minimums: dict[MinimumKey, int] = field(default_factory=dict)
    pins: frozenset[tuple[str, dt.date]] = frozenset()
    why: dict[tuple[str, dt.date], str] = field(default_factory=dict)
    day_changes: dict[dt.date, list[str]] = field(default_factory=dict)
    joined: frozenset[str] = frozenset()
    zh: dict[str, str] = field(default_factory=dict)

    def said(self, label: str, lang: str = "en") -> str:
        """A label of `why` or `day_changes` in `lang`."""
        return self.zh.get(label, label) if lang == "zh" else label


def apply_changes(
    station: Station,
    roster: Roster,
    leave: Sequence[Leave],
    changes: Changes,
    start: dt.date,
    *,
    source: str = "changes",
) -> Applied:
    """Compile `changes` for re-rostering `roster` from `start` (see `Applied`).

    Raises `RosterInputError` naming the entry for an unknown officer, post or community, a
    day outside the roster's month, a change before `start` (those days are fixed), a joining
    officer whose id is taken, and a minimum above the post's most staff.
    """
    month = Month.parse(roster.month)
    first, last = month.first, month.days[-1]
    if not first <= start <= last:
        raise RosterInputError(
            f"--from {start} is outside the roster's month {month}; give a day of {month}"
        )
    known = {officer.id for officer in station.officers}
    problems: list[str] = []

    def where(kind: str, index: int) -> str:
        return f"{kind} {index + 1}"

    def check_days(place: str, begin: dt.date, end: dt.date) -> None:
        if end < first or begin > last:
            problems.append(f"{place}: {_span(begin, end)} is not in {month}")
        elif begin < start:
            problems.append(
                f"{place}: starts {begin}, before --from {start}; days before --from are fixed, "
                "so give an earlier --from or a later start"
            )

    added: list[Leave] = []
    why: dict[tuple[str, dt.date], str] = {}
    day_changes: dict[dt.date, list[str]] = {}
    zh: dict[str, str] = {}

    def note_days(
        change: Away | Leaving | Joining | MinimumChange, begin: dt.date, end: dt.date
    ) -> None:
        label = change.label()
        zh[label] = change.label("zh")
        for day in month.days:
            if begin <= day <= end:
                day_changes.setdefault(day, []).append(label)

    for index, away in enumerate(changes.away):
        place = where("away", index)
        if away.officer_id not in known:
            problems.append(f"{place}: unknown officer '{away.officer_id}'; {_KNOWN}")
            continue
        check_days(place, away.start, away.end)
        added.append(
            Leave(
                officer_id=away.officer_id,
                start=away.start,
                end=away.end,
                kind=away.kind,
                note=away.note or away.label(),
            )
        )
        note_days(away, away.start, away.end)
        for day in month.days:
            if away.start <= day <= away.end:
                why[away.officer_id, day] = away.label()
    for index, leaving in enumerate(changes.leaving):
        place = where("leaving", index)
        if leaving.officer_id not in known:
            problems.append(f"{place}: unknown officer '{leaving.officer_id}'; {_KNOWN}")
            continue
        check_days(place, leaving.start, last)
        added.append(
            Leave(
                officer_id=leaving.officer_id,
                start=leaving.start,
                end=last,
                kind=LeaveKind.other,
                note=leaving.note or leaving.label(),
            )
        )
        note_days(leaving, leaving.start, last)
        for day in month.days:
            if day >= leaving.start:
                why[leaving.officer_id, day] = leaving.label()
    joiners: list[Officer] = []
    for index, joining in enumerate(changes.joining):
        place = where("joining", index)
        officer = joining.officer
        if officer.id in known or officer.id in {o.id for o in joiners}:
            problems.append(f"{place}: officer id '{officer.id}' is taken; give a new id")
            continue
        check_days(place, joining.start, last)
        joiners.append(officer)
        if joining.start > first:
            added.append(
                Leave(
                    officer_id=officer.id,
                    start=first,
                    end=joining.start - dt.timedelta(days=1),
                    kind=LeaveKind.other,
                    note=joining.label(),
                )
            )
        note_days(joining, joining.start, last)
        for day in month.days:
            why[officer.id, day] = joining.label()
    changed_station = station
    if joiners:
        try:
            data = station.model_dump()
            data["officers"] = [*data["officers"], *(o.model_dump() for o in joiners)]
            changed_station = Station.model_validate(data)
        except ValidationError as error:
            from rosterkit.io import describe_validation_error

            raise describe_validation_error(error, f"{source}: joining") from None
    minimums, lowered = _minimums(changed_station, changes.minimums, month, problems, where)
    for index, change in enumerate(changes.minimums):
        check_days(where("minimums", index), change.start, change.end)
        note_days(change, change.start, change.end)
    pins: set[tuple[str, dt.date]] = set()
    for index, pin in enumerate(changes.pins):
        place = where("pins", index)
        if pin.officer_id not in known:
            problems.append(f"{place}: unknown officer '{pin.officer_id}'; {_KNOWN}")
        elif pin.day not in roster.cells.get(pin.officer_id, {}):
            problems.append(f"{place}: {pin.day} is not a day of the roster ({month})")
        else:
            pins.add((pin.officer_id, pin.day))
    if problems:
        shown = problems[:20] + (
            [f"... and {len(problems) - 20} more"] if len(problems) > 20 else []
        )
        raise RosterInputError(
            "the changes do not fit the roster:\n  " + "\n  ".join(shown), source=source
        )
    if lowered:
        posts = [
            post.model_copy(
                update={
                    "min_staff": min(post.min_staff, lowered[post.code]),
                    "rest_day_min_staff": None
                    if post.rest_day_min_staff is None
                    else min(post.rest_day_min_staff, lowered[post.code]),
                }
            )
            if post.code in lowered
            else post
            for post in changed_station.posts
        ]
        changed_station = changed_station.model_copy(update={"posts": posts})
    return Applied(
        station=changed_station,
        leave=[*leave, *added],
        minimums=minimums,
        pins=frozenset(pins),
        why=why,
        day_changes=day_changes,
        joined=frozenset(o.id for o in joiners),
        zh=zh,
    )


def _minimums(
    station: Station,
    changes: Sequence[MinimumChange],
    month: Month,
    problems: list[str],
    where: object,
) -> tuple[dict[MinimumKey, int], dict[str, int]]:
    """Per-day minimums of the changes and, for each post some change lowers, its lowest
    minimum; the usual minimum is kept on the other days of a lowered post."""
    from rosterkit.holiday_calendar import month_calendar

    assert callable(where)
    by_post = {post.code: post for post in station.posts}
    communities = {c.id for c in station.communities}
    all_slots = slots(station)
    set_days: dict[MinimumKey, int] = {}
    lowered: dict[str, int] = {}
    calendar = month_calendar(station, month)
    for index, change in enumerate(changes):
        place = where("minimums", index)
        post = by_post.get(change.post)
        if post is None:
            problems.append(f"{place}: unknown post '{change.post}'")
            continue
        if change.community is not None and (
            not post.per_community or change.community not in communities
        ):
            problems.append(
                f"{place}: '{change.community}' is not a community of post '{post.code}'"
            )
            continue
        if post.max_staff is not None and change.minimum > post.max_staff:
            problems.append(
                f"{place}: minimum {change.minimum} is above the post's most staff {post.max_staff}"
            )
            continue
        for slot in all_slots:
            if slot.post.code != post.code:
                continue
            if change.community is not None and slot.community != change.community:
                continue
            for day in month.days:
                if change.start <= day <= change.end:
                    set_days[slot.code, day] = change.minimum
                    usual = post.minimum(calendar.is_rest_day(day))
                    if change.minimum < usual:
                        lowered[post.code] = min(lowered.get(post.code, usual), change.minimum)
    minimums = dict(set_days)
    for slot in all_slots:
        if slot.post.code not in lowered:
            continue
        for day in month.days:
            if (slot.code, day) not in minimums:
                minimums[slot.code, day] = slot.post.minimum(calendar.is_rest_day(day))
    return minimums, lowered


@dataclass(frozen=True)
class MinimumBreak:
    """A post slot below the minimum a change set for the day."""

    slot: str
    day: dt.date
    minimum: int
    staff: int

    def __str__(self) -> str:
        return f"[minimums] {self.text()}"

    def text(self, lang: str = "en") -> str:
        """The break in words, in English or Chinese (`lang` 'zh')."""
        return _said(
            lang,
            f"{self.day} {self.slot} 仅{self.staff}人，变更要求至少{self.minimum}人",
            f"{self.day}: {self.slot} has {self.staff}, the change asks for at least "
            f"{self.minimum}",
        )


def minimum_violations(roster: Roster, minimums: dict[MinimumKey, int]) -> list[MinimumBreak]:
    """Every (slot, day) of `minimums` the roster staffs below it, counted from the cells alone
    (no solver), so that the changes' own minimums are checked apart from the model."""
    staff: dict[MinimumKey, int] = {}
    for row in roster.cells.values():
        for day, value in row.items():
            staff[value, day] = staff.get((value, day), 0) + 1
    return [
        MinimumBreak(code, day, least, staff.get((code, day), 0))
        for (code, day), least in sorted(
            minimums.items(), key=lambda item: (item[0][1], item[0][0])
        )
        if staff.get((code, day), 0) < least
    ]
