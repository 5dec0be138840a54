"""The month's workflow as one call: calendar, leave decisions, solve, check, ledger.

`plan_month` does for a library user what ``rosterkit generate`` does at the command line:

1. the month's holiday calendar (`holiday_calendar.month_calendar`), with its warning when no
   source knows the year;
2. the leave decisions (`leave_policy.decide_leave`): each request granted or refused with the
   reason, against the ledger's balances and the station's caps, in priority order; a
   discretionary request (annual leave, compensatory rest) that would leave the month short of
   people by the count of step 3 is refused with the count's words, while sick leave and
   training are always granted;
3. a count without the solver (`rosterkit.capacity`): when it shows the month short of people,
   the month is not searched and the shortfalls say why, in seconds; with ``fixes=True``
   (`explain_month`'s default) the fixes are checked too (`checked_fixes`);
4. the roster of the granted leave and the soft requests (`rosterkit.solve`);
5. the independent checker's verdict on it (`rosterkit.check`);
6. the ledger with the month added (`continuity.update_ledger`), when a roster was found.

`explain_month` takes the same first three steps, so that it judges the leave `plan_month` would
roster and never calls a month impossible that `plan_month` rosters; `decide_month` is those two
steps alone (``rosterkit check`` uses it to know which leave a roster must honour).
`checked_fixes` turns the shortfalls' fixes into changes of the inputs and keeps those that make
the month rosterable, each with its cost (`rosterkit.fixes`).

A ledger of the year before, kept through its December, opens the month's year
(`continuity.ledger_for`): the compensatory rest balance carries over, every other figure
starts at 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import rosterkit
from rosterkit.calendar import Month
from rosterkit.capacity import DISCRETIONARY, Shortfall, shortfalls
from rosterkit.continuity import ledger_for, update_ledger
from rosterkit.explanation import reason_lines
from rosterkit.fixes import CheckedFix, FixLimits, find_fixes
from rosterkit.holiday_calendar import MonthCalendar, month_calendar
from rosterkit.leave import Leave
from rosterkit.leave_policy import LeaveDecision, LeaveDecisions, decide_leave
from rosterkit.ledger import Ledger
from rosterkit.problem import compile_problem
from rosterkit.result import Conflict, Result, SolveStatus, SquadMove
from rosterkit.station import Station

if TYPE_CHECKING:
    from rosterkit.checker import Violation
    from rosterkit.options import SolveOptions
    from rosterkit.roster import Roster
    from rosterkit.solver import Progress

__all__ = [
    "MonthExplanation",
    "MonthPlan",
    "checked_fixes",
    "decide_month",
    "explain_month",
    "plan_month",
]


@dataclass(frozen=True)
class _Decided:
    """A month with its calendar and leave decisions: what planning and explaining share.

    `requests` is the leave the month is rostered with: the granted requests, then the soft
    ones (`preferred_day_off`).
    """

    month: Month
    calendar: MonthCalendar
    decisions: LeaveDecisions
    requests: list[Leave]

    @property
    def refused(self) -> list[LeaveDecision]:
        """The refused leave requests, each with its reason."""
        return self.decisions.refused

    @property
    def warning(self) -> str | None:
        """The calendar's warning when no source knows the month's holidays."""
        return self.calendar.warning


@dataclass(frozen=True)
class MonthPlan(_Decided):
    """A month planned from end to end: every step's outcome.

    `requests` is the leave the roster honours: the granted requests, then the soft ones
    (`preferred_day_off`), as given to the solver and the checker; write the workbook with it.
    `violations` is the checker's verdict ([] also when there is no roster). `ledger` is the
    ledger with the month added (a new one when none was given), or None when no roster was
    found.
    """

    result: Result
    violations: list[Violation]
    ledger: Ledger | None
    shortfalls: list[Shortfall] = field(default_factory=list)
    """What a count without the solver found the month short of (`rosterkit.capacity`); when
    any, the month was not searched and `result` is infeasible with these as its reasons."""
    fixes: list[CheckedFix] = field(default_factory=list)
    """With ``plan_month(..., fixes=True)`` and shortfalls: the checked fixes, cheapest first,
    then the advice that cannot be checked (`checked_fixes`)."""

    @property
    def roster(self) -> Roster | None:
        """The month's roster, or None when the month cannot be rostered (see `result`)."""
        return self.result.roster


@dataclass(frozen=True)
class MonthExplanation(_Decided):
    """Why a month cannot be rostered, after the same leave decisions as `plan_month`.

    `reasons` is [] when the month can be rostered, and None when the search could not decide
    within the time limit.
    """

    reasons: list[str] | None
    shortfalls: list[Shortfall] = field(default_factory=list)
    """What the count without the solver found short; when any, `reasons` are their words."""
    conflicts: list[Conflict] = field(default_factory=list)
    """When the count found nothing short but the search found a conflict: its constraints,
    each with its rule (`reasons` are their English lines; `rosterkit.explanation` says them
    grouped by rule in either language)."""
    fixes: list[CheckedFix] = field(default_factory=list)
    """With shortfalls (and ``fixes=True``): the checked fixes, cheapest first, then the advice
    that cannot be checked (`checked_fixes`)."""


def decide_month(
    station: Station,
    month: Month | str,
    requests: Iterable[Leave] = (),
    ledger: Ledger | None = None,
    *,
    previous: Roster | None = None,
) -> tuple[MonthCalendar, LeaveDecisions]:
    """The month's calendar and the decision on each leave request (steps 1 and 2).

    Requests are decided in priority order (`leave_policy.decide_leave`); after the policy, a
    discretionary request (annual leave, compensatory rest) is refused when the capacity count
    (`rosterkit.capacity`, with `previous` the month before) finds the month short with it
    where it is not short without it, given the requests granted before it and the sick leave
    and training to come; its reason gives the count's words. Sick leave and training are
    never refused.

    Raises `RosterInputError` for a malformed month (`MonthError`), a request naming an
    unknown officer, and a ledger of another station or holding officers the station does not
    have, of a year it cannot open (anything but
    the month's year, or the year before kept through its December), or one that already holds
    the month.
    """
    period = Month.parse(month)
    if ledger is not None:
        ledger.check_officers(station)
    year_so_far = None if ledger is None else ledger_for(ledger, period)
    calendar = month_calendar(station, period)
    check = _CountCheck(station, period, previous)
    decisions = decide_leave(station, period, list(requests), calendar, year_so_far, check=check)
    return calendar, decisions


_Gaps = dict[tuple[str, str, dt.date], int]


class _CountCheck:
    """The capacity count asked about each discretionary request the policy would grant
    (`leave_policy.LeaveCheck`): refused if it makes the month short, or shorter, on some day."""

    def __init__(self, station: Station, month: Month, previous: Roster | None) -> None:
        self.station, self.month, self.previous = station, month, previous
        self._known: dict[frozenset[Leave], tuple[list[Shortfall], _Gaps]] = {}

    def _count(self, leave: Sequence[Leave]) -> tuple[list[Shortfall], _Gaps]:
        # The count with a granted request is the next request's count without it.
        key = frozenset(leave)
        if key not in self._known:
            if len(self._known) > 4:
                self._known.clear()
            # `shortfalls` as this module holds it, so that a test replacing it replaces it here.
            found = shortfalls(self.station, self.month, leave, previous=self.previous)
            gaps: _Gaps = {}
            for item in found:
                for day in item.days:
                    where = (item.rule, item.subject, day)
                    gaps[where] = max(gaps.get(where, 0), item.gap)
            self._known[key] = (found, gaps)
        return self._known[key]

    def __call__(self, request: Leave, honoured: list[Leave]) -> tuple[str, str] | None:
        if request.kind not in DISCRETIONARY:
            return None
        _, before = self._count(honoured)
        found, _ = self._count([*honoured, request])
        for item in found:
            if any(item.gap > before.get((item.rule, item.subject, day), 0) for day in item.days):
                return (
                    f"granting it leaves {item.gap_text()} short: {item.en}",
                    f"准假后人手不足：{item.zh}",
                )
        return None


def _count(
    station: Station,
    month: Month,
    requests: list[Leave],
    previous: Roster | None,
    ledger: Ledger | None,
) -> list[Shortfall]:
    """What the month is short of by counting alone, before any search; the inputs are first
    indexed as the solver indexes them, so that bad input is reported as such, not as a
    shortfall (a few milliseconds)."""
    compile_problem(station, month, requests, previous=previous, ledger=ledger)
    return shortfalls(station, month, requests, previous=previous)


@dataclass(frozen=True)
class _FirstSteps:
    """What planning and explaining a month share: the month, the ledger of its year, the
    calendar and leave decisions, the requests to roster, the count, and its checked fixes."""

    month: Month
    ledger: Ledger | None
    calendar: MonthCalendar
    decisions: LeaveDecisions
    requests: list[Leave]
    shortfalls: list[Shortfall]
    fixes: list[CheckedFix]
    station: Station
    """The station with its squads re-balanced where the head count changed."""
    moves: list[SquadMove]
    """The squad moves that re-balancing made ([] when none)."""


def _first_steps(
    station: Station,
    month: Month | str,
    requests: Iterable[Leave],
    previous: Roster | None,
    ledger: Ledger | None,
    options: SolveOptions | None,
    limits: FixLimits | None,
    fixes: bool,
) -> _FirstSteps:
    """Steps 1 to 3 (calendar, leave decisions, the count), and the checked fixes when the
    count finds the month short and `fixes` asks for them. The squads are first re-balanced
    where the head count changed (`rosterkit.solver.rebalance`), so that the leave decisions,
    the count and the search all see the squads the month is rostered with."""
    from rosterkit.solver import rebalance

    period = Month.parse(month)
    asked = list(requests)
    year_so_far = None if ledger is None else ledger_for(ledger, period)
    station, moves = rebalance(station, period, options=options, previous=previous)
    calendar, decisions = decide_month(station, period, asked, year_so_far, previous=previous)
    rostered = [*decisions.granted, *decisions.preferences]
    short = _count(station, period, rostered, previous, year_so_far)
    found = (
        _fixes(station, period, asked, previous, year_so_far, options, limits)
        if short and fixes
        else []
    )
    return _FirstSteps(
        period, year_so_far, calendar, decisions, rostered, short, found, station, moves
    )


def plan_month(
    station: Station,
    month: Month | str,
    requests: Iterable[Leave] = (),
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
    options: SolveOptions | None = None,
    progress: Callable[[Progress], None] | None = None,
    fixes: bool = False,
    limits: FixLimits | None = None,
) -> MonthPlan:
    """Roster `station` for `month`: calendar, leave decisions, solve, check and ledger.

    `requests` are the leave requests as asked, decided here; `previous` is the roster of the
    month before and `ledger` the station's ledger of the year so far (see `rosterkit.solve`);
    `progress` is called with each better roster found during the search. A month that cannot
    be rostered is a `MonthPlan` whose `result` says why (its status and reasons), not an
    error; with `fixes`, when the count finds it short or the search names a conflict,
    `MonthPlan.fixes` holds the checked fixes (`checked_fixes`, within `limits`).

    Raises `RosterInputError` for bad input: everything `decide_month` raises, and what
    `rosterkit.solve` raises (for instance a previous roster of another month or station, an
    officer who may hold no post).
    """
    asked = list(requests)
    first = _first_steps(station, month, asked, previous, ledger, options, limits, fixes)
    period, year_so_far, rostered = first.month, first.ledger, first.requests
    station = first.station
    found_fixes = first.fixes
    if first.shortfalls:
        reasons = [item.en for item in first.shortfalls]
        result = Result(status=SolveStatus.infeasible, reasons=reasons)
    else:
        # Through the package, as every caller of the façade does (a test may replace it).
        result = rosterkit.solve(
            station,
            period,
            rostered,
            options,
            previous=previous,
            ledger=year_so_far,
            progress=progress,
        )
    if first.moves:
        result = result.model_copy(update={"squad_moves": first.moves})
    if fixes and result.conflicts:
        found_fixes = _fixes(
            station, period, asked, previous, year_so_far, options, limits, result.conflicts
        )
    violations: list[Violation] = []
    updated: Ledger | None = None
    if result.roster is not None:
        violations = rosterkit.check(
            station, result.roster, rostered, previous=previous, ledger=year_so_far
        )
        updated = update_ledger(year_so_far, station, result.roster, rostered)
    return MonthPlan(
        month=period,
        calendar=first.calendar,
        decisions=first.decisions,
        requests=rostered,
        result=result,
        violations=violations,
        ledger=updated,
        shortfalls=first.shortfalls,
        fixes=found_fixes,
    )


def explain_month(
    station: Station,
    month: Month | str,
    requests: Iterable[Leave] = (),
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
    options: SolveOptions | None = None,
    fixes: bool = True,
    limits: FixLimits | None = None,
) -> MonthExplanation:
    """Why `month` cannot be rostered, in plain words, with the leave decided as `plan_month`
    decides it: a refused request is not held against the month.

    When the count finds the month short, its shortfalls are the reasons and, with `fixes`,
    `MonthExplanation.fixes` holds the checked fixes (`checked_fixes`, within `limits`);
    otherwise the search runs for the options' time limit and, when it names a conflict,
    `fixes` are the changes that conflict suggests, checked the same way
    (`rosterkit.fixes.find_fixes`). Raises `RosterInputError` for bad input, as `plan_month`
    does.
    """
    asked = list(requests)
    first = _first_steps(station, month, asked, previous, ledger, options, limits, fixes)
    station = first.station
    found_fixes = first.fixes
    conflicts: list[Conflict] | None = []
    if first.shortfalls:
        reasons: list[str] | None = [item.en for item in first.shortfalls]
    else:
        from rosterkit.options import SolveOptions
        from rosterkit.solver import explain_conflicts

        problem = compile_problem(
            station, first.month, first.requests, previous=previous, ledger=first.ledger
        )
        conflicts = explain_conflicts(problem, time_limit=(options or SolveOptions()).time_limit)
        reasons = None if conflicts is None else reason_lines(conflicts, station)
        if fixes and conflicts:
            found_fixes = _fixes(
                station, first.month, asked, previous, first.ledger, options, limits, conflicts
            )
    return MonthExplanation(
        month=first.month,
        calendar=first.calendar,
        decisions=first.decisions,
        requests=first.requests,
        reasons=reasons,
        shortfalls=first.shortfalls,
        conflicts=conflicts or [],
        fixes=found_fixes,
    )


def checked_fixes(
    station: Station,
    month: Month | str,
    requests: Iterable[Leave] = (),
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
    options: SolveOptions | None = None,
    limits: FixLimits | None = None,
) -> list[CheckedFix]:
    """Fixes that make the month rosterable, each checked, with the leave decided as
    `plan_month` decides it; [] when the count finds the month short of nothing.

    Each fix in kind of the month's shortfalls (`rosterkit.capacity`) becomes concrete changes
    of the inputs (a discretionary request refused or moved, a post's minimum lowered, squads
    changed, a post's eligibility widened: `rosterkit.fixes`); the leave is decided again with
    each change, counted again, rostered by `rosterkit.solve` (one worker, `limits.solve_time`
    seconds) and judged by the independent checker. Returned: those that gave a roster the
    checker accepts, cheapest first (`CheckedFix.cost`, the roster's objective), then the
    advice that cannot be checked (an officer to add). `CheckedFix.requests` are the requests
    as asked, with the change made: pass them to `plan_month` with `CheckedFix.station`.

    `limits` bounds the work (`FixLimits`: within 10 s on the built-in station by default).
    Raises `RosterInputError` for bad input, as `plan_month` does.
    """
    period = Month.parse(month)
    year_so_far = None if ledger is None else ledger_for(ledger, period)
    if year_so_far is not None:
        year_so_far.check_officers(station)
    return _fixes(station, period, list(requests), previous, year_so_far, options, limits)


def _fixes(
    station: Station,
    month: Month,
    requests: list[Leave],
    previous: Roster | None,
    ledger: Ledger | None,
    options: SolveOptions | None,
    limits: FixLimits | None,
    conflicts: Sequence[Conflict] = (),
) -> list[CheckedFix]:
    def decide(changed: Station, asked: list[Leave]) -> list[Leave]:
        _, decisions = decide_month(changed, month, asked, ledger, previous=previous)
        return [*decisions.granted, *decisions.preferences]

    return find_fixes(
        station,
        month,
        requests,
        previous=previous,
        ledger=ledger,
        options=options,
        limits=limits,
        decide=decide,
        conflicts=conflicts,
    )
