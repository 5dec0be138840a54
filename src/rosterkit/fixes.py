"""Fixes that are checked: concrete changes to a month's inputs, each shown to make it rosterable.

A shortfall of the capacity count (`rosterkit.capacity`) names the kinds of fix that could mend
it. `find_fixes` turns each into concrete changes of the inputs and keeps only those that work:

- `refuse_leave`, `move_leave`: a named discretionary leave request (annual leave or
  compensatory rest, `capacity.DISCRETIONARY`; never sick leave or training) refused, or moved
  whole, its length kept, to the nearest days of the month outside the short days. (A preferred
  day off is no leave: it never makes a month short, so no fix names one.)
- `lower_minimum`: a named post's minimum staff lowered. A station sets one minimum for working
  days (`DutyPost.min_staff`) and one for rest days (`DutyPost.rest_day_min_staff`), shared by
  every community of a per-community post; so a minimum lowered for the short days is lowered
  on every day of the month of their kind and, for a per-community post, in every community.
  The change says so in its words, and the station it returns is exactly that.
- `change_squad`: a named officer put in another squad, alone or swapped with an officer of his
  team in that squad (so that the team stays evenly spread).
- `widen_eligibility`: a restriction of a post's eligibility (its team kinds, the roles it asks
  for, the roles it excludes) dropped.
- `borrow_officer`: a community short of officers names another community as a neighbour, so
  that the other's officers may cover its posts at the borrowing cost (rule `borrowing`). The
  words of a checked fix name the officers the roster borrowed and their days ("borrow P031
  of Dajiang for Caochang on 3 and 6 Jan").

Each candidate is counted again (a few milliseconds) and, when the count finds nothing short,
solved (`rosterkit.solve`: one worker, a short time limit) and its roster judged by the
independent checker (`rosterkit.check`). A fix is returned only when a roster came back that
the checker accepts, with its cost: that roster's objective (proven optimal, or the best found
in the time allowed). Where no single change mends every shortfall, changes are combined, each
mending one more shortfall, up to `FixLimits.chain` of them.

Adding an officer cannot be checked (nobody knows who he would be): it is returned as advice,
unchecked, as is a fix in kind that names no officer or post to change.

When the count finds nothing short but the search names a conflict
(`rosterkit.solver.explain_conflicts`), the conflict suggests the fixes in kind instead: the
discretionary leave of an officer it names, on its days, moved or refused; the minimum of the
post a staffing conflict is about lowered; officers of another community lent to that post's
community; an officer a squad conflict names put in another squad. The first candidate of each
whose count is clean is solved and checked in the same way.

`FixLimits` bounds the work: the candidates solved, the time of each solve, the counts tried
and a budget in seconds for the whole search.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import islice
from typing import TYPE_CHECKING

import rosterkit
from rosterkit.calendar import Month
from rosterkit.capacity import (
    DISCRETIONARY,
    Fix,
    FixKind,
    Shortfall,
    days_text,
    leave_fix,
    leave_words,
    shortfalls,
)
from rosterkit.duties import slot_map
from rosterkit.errors import RosterInputError
from rosterkit.figures import borrowed_days
from rosterkit.holiday_calendar import MonthCalendar, month_calendar
from rosterkit.leave import Leave
from rosterkit.options import SolveOptions
from rosterkit.result import Conflict, Result, SolveStatus
from rosterkit.rules import Lang, post_staffing, squads
from rosterkit.station import Community, DutyPost, Eligibility, Station

if TYPE_CHECKING:
    from rosterkit.ledger import Ledger
    from rosterkit.roster import Roster

log = logging.getLogger(__name__)

__all__ = [
    "Change",
    "ChangeKind",
    "CheckedFix",
    "Decide",
    "FixLimits",
    "find_fixes",
]


@dataclass(frozen=True)
class FixLimits:
    """How much work `find_fixes` may do. Measured on the built-in station
    (benchmarks/diagnosis.py), the defaults keep a month's fixes within 10 s."""

    solves: int = 5
    """Most candidate fixes solved."""
    solve_time: float = 1.5
    """Seconds for each solve (the options' time limit, if shorter, wins)."""
    budget: float = 8.0
    """Seconds for the whole search: no count or solve starts after it."""
    counts: int = 200
    """Most counts tried while looking for candidates."""
    tries: int = 6
    """Most candidates counted for each fix in kind (positions of a moved leave, lowered
    minimums, squad swaps)."""
    chain: int = 3
    """Most changes combined into one fix."""


class ChangeKind(StrEnum):
    """Kinds of concrete change to a month's inputs."""

    move_leave = "move_leave"
    refuse_leave = "refuse_leave"
    change_squad = "change_squad"
    lower_minimum = "lower_minimum"
    widen_eligibility = "widen_eligibility"
    borrow_officer = "borrow_officer"


_PREFERRED = {kind: place for place, kind in enumerate(ChangeKind)}
"""Smaller changes first: a leave moved keeps the leave; a station changed changes every month."""


@dataclass(frozen=True)
class Change:
    """One concrete change of the inputs: a leave request refused or moved, a post changed, or
    officers' squads changed. `fix` is the fix in kind it makes concrete."""

    kind: ChangeKind
    en: str
    zh: str
    fix: Fix
    request: Leave | None = None
    """The leave request refused or moved."""
    moved_to: Leave | None = None
    """The request as moved (`move_leave`)."""
    post: DutyPost | None = None
    """The post as changed; it replaces the station's post of the same code."""
    squads: tuple[tuple[str, int], ...] = ()
    """(officer id, new squad) for each officer moved (`change_squad`)."""
    community: Community | None = None
    """The community as changed; it replaces the station's community of the same id."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind.value, self.en)

    def text(self, lang: Lang = "en") -> str:
        return self.zh if lang == "zh" else self.en

    def station(self, station: Station) -> Station:
        """`station` with the change made."""
        if self.post is not None:
            code = self.post.code
            posts = [self.post if post.code == code else post for post in station.posts]
            return station.model_copy(update={"posts": posts})
        if self.squads:
            return station.with_squads(dict(self.squads))
        if self.community is not None:
            changed = self.community
            communities = [changed if c.id == changed.id else c for c in station.communities]
            return station.model_copy(update={"communities": communities})
        return station

    def leave(self, requests: Sequence[Leave]) -> list[Leave]:
        """`requests` with the change made (a refused request left out, a moved one moved)."""
        if self.request is None:
            return list(requests)
        if self.moved_to is None:
            return [item for item in requests if item != self.request]
        return [self.moved_to if item == self.request else item for item in requests]


@dataclass(frozen=True)
class CheckedFix:
    """A fix of a month that cannot be rostered: concrete changes that were checked, or advice.

    A checked fix (`checked`) holds the changes, the inputs with them made (`station`,
    `requests` in the terms `find_fixes` was given them, `leave` the leave the roster honours)
    and the solver's `result` on them: a roster the independent checker accepts, and its cost.
    Advice (`advice`, adding an officer) holds no change and no result.
    """

    changes: tuple[Change, ...]
    station: Station
    requests: tuple[Leave, ...]
    leave: tuple[Leave, ...]
    result: Result | None = None
    advice: Fix | None = None

    @property
    def checked(self) -> bool:
        """Whether the fix was solved and its roster accepted by the checker."""
        return self.result is not None and self.result.roster is not None

    @property
    def cost(self) -> int | None:
        """The objective of the roster found with the fix (None for advice)."""
        return None if self.result is None else self.result.objective

    @property
    def optimal(self) -> bool:
        """Whether that roster is proven optimal (else: the best found in the time allowed)."""
        return self.result is not None and self.result.status is SolveStatus.optimal

    @property
    def roster(self) -> Roster | None:
        return None if self.result is None else self.result.roster

    def text(self, lang: Lang = "en") -> str:
        if self.advice is not None:
            return self.advice.text(lang)
        return ("；" if lang == "zh" else "; ").join(change.text(lang) for change in self.changes)


Decide = Callable[[Station, list[Leave]], list[Leave]]
"""The leave a roster honours, given a station and the leave requests as asked
(`rosterkit.month` passes its leave decisions)."""


def find_fixes(
    station: Station,
    month: Month | str,
    leave: Sequence[Leave] = (),
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
    options: SolveOptions | None = None,
    limits: FixLimits | None = None,
    decide: Decide | None = None,
    conflicts: Sequence[Conflict] = (),
) -> list[CheckedFix]:
    """Checked fixes of the shortfalls the capacity count finds in the month, cheapest first,
    then the advice that cannot be checked; [] when the count finds nothing short and no
    `conflicts` are given.

    When the count finds nothing short, the `conflicts` the search named
    (`rosterkit.solver.explain_conflicts`) give the candidates instead: a discretionary leave
    request of an officer a conflict names, on its days, refused or moved; the minimum of the
    post a staffing conflict is about lowered on its days; officers of another community lent
    to the community of that post; an officer a squad conflict names put in another squad.
    Each is solved and checked as the count's fixes are.

    `leave` is the leave the roster honours, as for `rosterkit.solve`; with `decide`, it is the
    requests as asked, and `decide` gives the leave to honour, for the month as given and for
    each changed one (a moved request must then be granted where it was moved). `options`
    gives the seed; each solve runs one worker for at most `limits.solve_time` seconds. Bad
    input raises `RosterInputError`, as for `rosterkit.solve`.
    """
    search = _Search(
        station,
        Month.parse(month),
        list(leave),
        decide=decide,
        previous=previous,
        ledger=ledger,
        options=options or SolveOptions(),
        limits=limits or FixLimits(),
    )
    return search.run(conflicts)


# --- the search --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    """Inputs with some changes made, and what the count finds short in them."""

    station: Station
    requests: tuple[Leave, ...]
    leave: tuple[Leave, ...]
    changes: tuple[Change, ...]
    found: tuple[Shortfall, ...]

    @property
    def key(self) -> frozenset[tuple[str, str]]:
        return frozenset(change.key for change in self.changes)

    @property
    def rank(self) -> tuple[int, int, str]:
        kinds = [_PREFERRED[change.kind] for change in self.changes]
        return (len(self.changes), max(kinds), self.changes[0].en)


def _short_keys(found: Sequence[Shortfall]) -> set[tuple[str, str]]:
    return {(item.rule, item.subject) for item in found}


@dataclass
class _Search:
    station: Station
    month: Month
    requests: list[Leave]
    decide: Decide | None
    previous: Roster | None
    ledger: Ledger | None
    options: SolveOptions
    limits: FixLimits
    started: float = field(default_factory=time.perf_counter)
    counted: int = 0
    tried: dict[tuple[frozenset[tuple[str, str]], tuple[str, str]], _State | None] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        self.deadline = self.started + self.limits.budget
        self.calendar: MonthCalendar = month_calendar(self.station, self.month)

    # --- counting ------------------------------------------------------------------------------
    def _honoured(self, station: Station, requests: Sequence[Leave]) -> list[Leave]:
        return list(requests) if self.decide is None else self.decide(station, list(requests))

    def _room(self) -> bool:
        return self.counted < self.limits.counts and time.perf_counter() < self.deadline

    def _apply(self, state: _State, change: Change) -> _State | None:
        """The state with `change` made and counted again; None if the change gives inputs
        no roster can use, or the count's allowance is spent."""
        memo = (state.key, change.key)
        if memo in self.tried:
            return self.tried[memo]
        self.counted += 1
        station = change.station(state.station)
        leave = change.leave(state.leave)
        try:
            found = shortfalls(station, self.month, leave, previous=self.previous)
        except RosterInputError as error:
            log.debug("fix %s gives unusable input: %s", change.en, error)
            self.tried[memo] = None
            return None
        result = _State(
            station,
            tuple(change.leave(state.requests)),
            tuple(leave),
            (*state.changes, change),
            tuple(found),
        )
        self.tried[memo] = result
        return result

    def run(self, conflicts: Sequence[Conflict] = ()) -> list[CheckedFix]:
        leave = self._honoured(self.station, self.requests)
        found = shortfalls(self.station, self.month, leave, previous=self.previous)
        if not found:
            if not conflicts:
                return []
            root = _State(self.station, tuple(self.requests), tuple(leave), (), ())
            return self._conflict_fixes(conflicts, root)
        root = _State(self.station, tuple(self.requests), tuple(leave), (), tuple(found))
        whole: dict[frozenset[tuple[str, str]], _State] = {}
        # Which of its fix in kind's candidates a state is (0: the first found), so that every
        # fix in kind has its first candidate solved before any has its second.
        rounds: dict[frozenset[tuple[str, str]], int] = {}
        found_for: dict[str, int] = {}
        partial: list[_State] = []
        advice: dict[tuple[object, ...], Fix] = {}
        for shortfall in found:
            for fix in shortfall.fixes:
                streams = self._streams(fix, shortfall, root)
                if streams is None:
                    # One piece of advice per team (or subject), the largest said.
                    said = (fix.kind, fix.team, fix.post, fix.officer_id, fix.team or fix.en)
                    if said not in advice or advice[said].amount < fix.amount:
                        advice[said] = fix
                    continue
                for stream in streams:
                    first_partial: _State | None = None
                    for change in islice(stream, self.limits.tries):
                        if not self._room():
                            break
                        state = self._apply(root, change)
                        if state is None:
                            continue
                        if not state.found:
                            if state.key not in whole:
                                whole[state.key] = state
                                rounds[state.key] = found_for.get(fix.en, 0)
                                found_for[fix.en] = rounds[state.key] + 1
                            break
                        if first_partial is None and _mends(shortfall, root.found, state.found):
                            first_partial = state
                    else:
                        if first_partial is not None:
                            partial.append(first_partial)
        for state in partial:
            if len(whole) >= self.limits.solves or not self._room():
                break
            done = self._extend(state)
            if done is not None and done.key not in whole:
                whole[done.key] = done
                rounds[done.key] = 0
        ordered = sorted(whole.values(), key=lambda s: (len(s.changes), rounds[s.key], s.rank))
        checked = self._check(ordered)
        checked.sort(key=lambda fix: (fix.cost or 0, len(fix.changes)))
        return checked + [
            CheckedFix((), self.station, tuple(self.requests), tuple(leave), advice=fix)
            for fix in advice.values()
        ]

    def _extend(self, state: _State) -> _State | None:
        """Changes added to `state`, each mending its first shortfall, until nothing is short
        (None if that takes more than `limits.chain` changes or the allowance is spent)."""
        if not state.found:
            return state
        if len(state.changes) >= self.limits.chain:
            return None
        target = state.found[0]
        for fix in target.fixes:
            for stream in self._streams(fix, target, state) or []:
                for change in islice(stream, self.limits.tries):
                    if not self._room():
                        return None
                    after = self._apply(state, change)
                    if after is None:
                        continue
                    if not after.found:
                        return after
                    if _mends(target, state.found, after.found):
                        done = self._extend(after)
                        if done is not None:
                            return done
                        break
        return None

    def _check(self, states: list[_State]) -> list[CheckedFix]:
        """Each state solved, in order, within the limits: the fixes whose roster the checker
        accepts."""
        checked: list[CheckedFix] = []
        solved = 0
        for place, state in enumerate(states):
            left = self.deadline - time.perf_counter()
            if solved >= self.limits.solves or left < 0.1:
                log.info(
                    "fixes: the limits are reached; %d candidates not solved", len(states) - place
                )
                break
            leave = list(state.leave)
            if self.decide is not None:
                leave = self.decide(state.station, list(state.requests))
                moved = [c.moved_to for c in state.changes if c.moved_to is not None]
                if any(item not in leave for item in moved):
                    log.debug("fix %s: a moved request is refused", state.changes[0].en)
                    continue
                if shortfalls(state.station, self.month, leave, previous=self.previous):
                    continue
            options = SolveOptions(
                time_limit=min(self.limits.solve_time, self.options.time_limit, left),
                workers=1,
                seed=self.options.seed,
                deterministic=True,
            )
            solved += 1
            try:
                result = rosterkit.solve(
                    state.station,
                    self.month,
                    leave,
                    options,
                    previous=self.previous,
                    ledger=self.ledger,
                )
            except RosterInputError as error:
                log.debug("fix %s gives unusable input: %s", state.changes[0].en, error)
                continue
            if result.roster is None:
                log.debug("fix %s: no roster (%s)", state.changes[0].en, result.status)
                continue
            broken = rosterkit.check(
                state.station, result.roster, leave, previous=self.previous, ledger=self.ledger
            )
            if broken:
                log.warning(
                    "fix %s: the checker finds %d broken rules", state.changes[0].en, len(broken)
                )
                continue
            changes = tuple(
                _borrowed_words(change, state.station, result.roster) for change in state.changes
            )
            checked.append(CheckedFix(changes, state.station, state.requests, tuple(leave), result))
        return checked

    # --- fixes of a conflict the search named ----------------------------------------------------
    def _conflict_fixes(self, conflicts: Sequence[Conflict], root: _State) -> list[CheckedFix]:
        """The first candidate of each fix in kind the conflicts suggest whose count is clean,
        solved and checked in turn (smaller changes first), cheapest first."""
        states: dict[frozenset[tuple[str, str]], _State] = {}
        for fix, shortfall in self._conflict_kinds(conflicts, root):
            for stream in self._streams(fix, shortfall, root) or []:
                for change in islice(stream, self.limits.tries):
                    if not self._room():
                        break
                    state = self._apply(root, change)
                    if state is not None and not state.found:
                        states.setdefault(state.key, state)
                        break
        ordered = sorted(states.values(), key=lambda state: state.rank)
        checked = self._check(ordered)
        checked.sort(key=lambda fix: (fix.cost or 0, len(fix.changes)))
        return checked

    def _conflict_kinds(
        self, conflicts: Sequence[Conflict], root: _State
    ) -> Iterator[tuple[Fix, Shortfall]]:
        """The fixes in kind each conflict suggests, each with a shortfall standing for the
        conflict (its rule, slot and days), as the candidate streams take them."""
        slots = slot_map(root.station)
        for conflict in conflicts:
            days = conflict.days
            named = set(conflict.officers)
            kinds: list[Fix] = [
                leave_fix(item, days or tuple(item.days_in(self.month)))
                for item in root.requests
                if item.officer_id in named
                and item.kind in DISCRETIONARY
                and (not days or set(days) & set(item.days_in(self.month)))
            ]
            slot = slots.get(conflict.subject) if conflict.subject else None
            if conflict.rule == post_staffing.RULE.id and slot is not None and days:
                kinds.append(
                    Fix(
                        FixKind.lower_minimum,
                        en=f"lower the minimum of {slot.post.name_en}",
                        zh=f"降低{slot.post.name}的最低人数",
                        post=conflict.subject,
                        days=days,
                        amount=1,
                    )
                )
                if slot.community is not None and len(root.station.communities) > 1:
                    kinds.append(
                        Fix(
                            FixKind.borrow_officer,
                            en="borrow officers of another community",
                            zh="从其他社区借调民警",
                            days=days,
                            community=slot.community,
                        )
                    )
            if conflict.rule == squads.RULE.id:
                kinds += [
                    Fix(
                        FixKind.change_squad,
                        en=f"put {officer_id} in another squad",
                        zh=f"将{officer_id}调到其他班组",
                        officer_id=officer_id,
                    )
                    for officer_id in conflict.officers
                ]
            first = min(days) if days else self.month.days[0]
            last = max(days) if days else self.month.days[-1]
            for fix in kinds:
                yield (
                    fix,
                    Shortfall(
                        rule=conflict.rule,
                        subject=conflict.subject or "",
                        start=first,
                        end=last,
                        days=days,
                        needed=0,
                        available=0,
                        unit="",
                        missing=(),
                        fixes=(fix,),
                        en=conflict.en,
                        zh=conflict.zh or conflict.en,
                    ),
                )

    # --- candidate changes -----------------------------------------------------------------------
    def _streams(
        self, fix: Fix, shortfall: Shortfall, state: _State
    ) -> list[Iterator[Change]] | None:
        """The candidate changes making `fix` concrete, as streams of alternatives (each tried
        until one works); None when the fix cannot be made concrete (advice)."""
        if fix.kind is FixKind.move_leave:
            item = fix.leave
            if item is None or item.kind not in DISCRETIONARY or item not in state.requests:
                return []
            return [self._moves(fix, shortfall, item), iter([self._refusal(fix, item)])]
        if fix.kind is FixKind.lower_minimum and fix.post is not None:
            return [self._lowerings(fix, shortfall, state.station)]
        if fix.kind is FixKind.change_squad and fix.officer_id is not None:
            return [self._squads(fix, state.station)]
        if fix.kind is FixKind.widen_eligibility and fix.post is not None:
            return [self._widenings(fix, state.station)]
        if fix.kind is FixKind.borrow_officer and fix.community is not None:
            return [self._borrowings(fix, shortfall, state)]
        return None

    def _borrowings(self, fix: Fix, shortfall: Shortfall, state: _State) -> Iterator[Change]:
        """The short community lets each other community lend it officers, those with most
        officers present on the short days first."""
        assert fix.community is not None
        station = state.station
        community = station.community(fix.community)
        days = set(fix.days or shortfall.days)
        away: dict[str, int] = {}
        for item in state.leave:
            away[item.officer_id] = away.get(item.officer_id, 0) + len(
                days & set(item.days_in(self.month))
            )
        present: dict[str, int] = {}
        for officer in station.officers:
            home = station.officer_community(officer)
            if home is not None and home != community.id and home not in community.neighbours:
                present[home] = present.get(home, 0) + (not away.get(officer.id))
        for lender in sorted(present, key=lambda c: (-present[c], c)):
            other = station.community(lender)
            changed = community.model_copy(update={"neighbours": [*community.neighbours, lender]})
            yield Change(
                ChangeKind.borrow_officer,
                en=f"borrow officers of {other.name_en} for {community.name_en}",
                zh=f"从{other.name}借调民警到{community.name}",
                fix=fix,
                community=changed,
            )

    def _refusal(self, fix: Fix, item: Leave) -> Change:
        return Change(
            ChangeKind.refuse_leave,
            en=f"refuse {item.officer_id}'s {leave_words(item.kind, 'en')} {_span(item, 'en')}",
            zh=f"不批准{item.officer_id}的{leave_words(item.kind, 'zh')}({_span(item, 'zh')})",
            fix=fix,
            request=item,
        )

    def _moves(self, fix: Fix, shortfall: Shortfall, item: Leave) -> Iterator[Change]:
        """The request moved whole to the nearest days of the month clear of the short days
        (of the whole window, for a rolling window)."""
        length = (item.end - item.start).days + 1
        days = self.month.days
        if length > len(days):
            return
        blocked = set(fix.days) | set(shortfall.days)
        day = shortfall.start
        while day <= shortfall.end:
            blocked.add(day)
            day += dt.timedelta(days=1)
        starts = [
            days[i]
            for i in range(len(days) - length + 1)
            if not blocked.intersection(days[i : i + length]) and days[i] != item.start
        ]
        starts.sort(key=lambda start: (abs((start - item.start).days), start))
        for start in starts:
            moved = item.model_copy(
                update={"start": start, "end": start + dt.timedelta(days=length - 1)}
            )
            words = leave_words(item.kind, "en"), leave_words(item.kind, "zh")
            yield Change(
                ChangeKind.move_leave,
                en=f"move {item.officer_id}'s {words[0]} {_span(item, 'en')} to "
                f"{_span(moved, 'en')}",
                zh=f"将{item.officer_id}的{words[1]}({_span(item, 'zh')})改到{_span(moved, 'zh')}",
                fix=fix,
                request=item,
                moved_to=moved,
            )

    def _lowerings(self, fix: Fix, shortfall: Shortfall, station: Station) -> Iterator[Change]:
        """The post's minimum lowered on the kinds of day (working, rest) the short days are,
        least first (by `fix.amount` may not be enough: the count is a bound)."""
        assert fix.post is not None
        post = _post(station, fix.post)
        if post is None:
            return
        days = fix.days or shortfall.days
        rest = [day for day in days if self.calendar.is_rest_day(day)]
        work = [day for day in days if not self.calendar.is_rest_day(day)]
        low_work, low_rest = post.minimum(False), post.minimum(True)
        seen: set[tuple[int, int]] = {(low_work, low_rest)}
        options: list[tuple[int, int]] = []
        for by in range(1, max(low_work, low_rest) + 1):
            for on_work, on_rest in ((0, by), (by, 0), (by, by)):
                if (on_work and not work) or (on_rest and not rest):
                    continue
                lowered = (max(0, low_work - on_work), max(0, low_rest - on_rest))
                if lowered not in seen:
                    seen.add(lowered)
                    options.append(lowered)
        # Least taken from the short days first.
        options.sort(
            key=lambda o: ((low_work - o[0]) * len(work) + (low_rest - o[1]) * len(rest), o)
        )
        for new_work, new_rest in options:
            changed = DutyPost.model_validate(
                post.model_dump() | {"min_staff": new_work, "rest_day_min_staff": new_rest}
            )
            yield Change(
                ChangeKind.lower_minimum,
                *_lowered_words(station, post, (low_work, low_rest), (new_work, new_rest), days),
                fix=fix,
                post=changed,
            )

    def _squads(self, fix: Fix, station: Station) -> Iterator[Change]:
        """The officer put in the named squad (or each other one), alone, then swapped with an
        officer of his team there (those of his roles first)."""
        assert fix.officer_id is not None
        officer = station.officer(fix.officer_id)
        now = officer.squad
        groups = station.rotation.groups
        targets = [fix.group] if fix.group is not None else list(range(1, groups + 1))
        for squad in targets:
            if squad == now:
                continue
            where_en = f" (now in squad {now})" if now is not None else ""
            where_zh = f"(现在第{now}班组)" if now is not None else ""
            yield Change(
                ChangeKind.change_squad,
                en=f"put {officer.id} in squad {squad}{where_en}",
                zh=f"将{officer.id}调到第{squad}班组{where_zh}",
                fix=fix,
                squads=((officer.id, squad),),
            )
            if now is None:
                continue
            mates = [
                other
                for other in station.officers
                if other.team == officer.team and other.squad == squad and other.id != officer.id
            ]
            mates.sort(key=lambda other: (other.roles != officer.roles, other.id))
            for mate in mates[:3]:
                yield Change(
                    ChangeKind.change_squad,
                    en=f"swap the squads of {officer.id} (squad {now}) and {mate.id} "
                    f"(squad {squad})",
                    zh=f"对调{officer.id}(第{now}班组)与{mate.id}(第{squad}班组)的班组",
                    fix=fix,
                    squads=((officer.id, squad), (mate.id, now)),
                )

    def _widenings(self, fix: Fix, station: Station) -> Iterator[Change]:
        """Each restriction of the post's eligibility dropped alone, then all of them."""
        assert fix.post is not None
        post = _post(station, fix.post)
        if post is None:
            return
        rule = post.eligible
        # (field, English, Chinese): each restriction the post may drop, said with its values.
        named = (
            ("team_kinds", "officers of any team (now only {})", "任何队室的民警(现仅限{})"),
            ("roles_any", "officers of any role (now only {})", "任何职务的民警(现仅限{})"),
            ("exclude_roles", "officers of the roles it excludes ({})", "其排除的职务({})"),
        )
        drops: list[tuple[dict[str, list[str]], str, str]] = []
        for name, en_said, zh_said in named:
            values: list[str] = getattr(rule, name)
            if values:
                said = ", ".join(values)
                drops.append(({name: []}, en_said.format(said), zh_said.format(said)))
        if len(drops) > 1:
            drops.append(
                (
                    {name: [] for name, _, _ in named},
                    "every officer (no restriction)",
                    "所有民警(不设限制)",
                )
            )
        for update, en, zh in drops:
            eligible = Eligibility.model_validate(rule.model_dump() | update)
            changed = DutyPost.model_validate(post.model_dump() | {"eligible": eligible})
            yield Change(
                ChangeKind.widen_eligibility,
                en=f"let {en} hold {post.name_en}",
                zh=f"允许{zh}担任{post.name}",
                fix=fix,
                post=changed,
            )


def _borrowed_words(change: Change, station: Station, roster: Roster) -> Change:
    """A borrowing change said with the officers the checked roster borrowed and their days."""
    if change.kind is not ChangeKind.borrow_officer or change.community is None:
        return change
    community = change.community
    lent = borrowed_days(station, roster)
    parts_en: list[str] = []
    parts_zh: list[str] = []
    slots = slot_map(station)
    for officer_id, held in lent.items():
        days = [day for day, code in held.items() if slots[code].community == community.id]
        if days:
            parts_en.append(f"{officer_id} on {days_text(days, 'en')}")
            parts_zh.append(f"{officer_id}({days_text(days, 'zh')})")
    if not parts_en:
        return change
    return replace(
        change,
        en=f"{change.en}: {', '.join(parts_en)}",
        zh=f"{change.zh}：{'、'.join(parts_zh)}",
    )


def _mends(target: Shortfall, before: Sequence[Shortfall], after: Sequence[Shortfall]) -> bool:
    """Whether a change mended `target` without adding a shortfall of its own."""
    keys = _short_keys(after)
    return (target.rule, target.subject) not in keys and keys < _short_keys(before)


def _post(station: Station, slot_code: str) -> DutyPost | None:
    """The post of a slot code (``post`` or ``post@community``)."""
    code = slot_code.partition("@")[0]
    return next((post for post in station.posts if post.code == code), None)


def _span(item: Leave, lang: Lang) -> str:
    return days_text(
        [item.start + dt.timedelta(days=i) for i in range((item.end - item.start).days + 1)],
        lang,
    )


def _lowered_words(
    station: Station,
    post: DutyPost,
    old: tuple[int, int],
    new: tuple[int, int],
    days: Sequence[dt.date],
) -> tuple[str, str]:
    """What a lowered minimum changes, in English and Chinese, and where it was short."""
    parts_en: list[str] = []
    parts_zh: list[str] = []
    if new[0] != old[0]:
        parts_en.append(f"from {old[0]} to {new[0]} on every working day")
        parts_zh.append(f"每个工作日由{old[0]}降为{new[0]}")
    if new[1] != old[1]:
        parts_en.append(f"from {old[1]} to {new[1]} on every rest day")
        parts_zh.append(f"每个休息日由{old[1]}降为{new[1]}")
    shared = post.per_community and len(station.communities) > 1
    every_en = ", in every community," if shared else ""
    every_zh = "(各社区均适用)" if every_en else ""
    en = (
        f"lower the minimum staff of {post.name_en}{every_en} "
        + " and ".join(parts_en)
        + f" of the month (short on {days_text(days, 'en')})"
    )
    zh = (
        f"降低{post.name}{every_zh}的最低人数：本月"
        + "，".join(parts_zh)
        + f"(缺口在{days_text(days, 'zh')})"
    )
    return en, zh
