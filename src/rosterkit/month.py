"""The month's workflow as one call: calendar, leave decisions, solve, check, ledger.

`plan_month` does for a library user what ``rosterkit generate`` does at the command line:

1. the month's holiday calendar (`holiday_calendar.month_calendar`), with its warning when no
   source knows the year;
2. the leave decisions (`leave_policy.decide_leave`): each request granted or refused with the
   reason, against the ledger's balances and the station's caps;
3. a count without the solver (`rosterkit.capacity`): when it shows the month short of people,
   the month is not searched and the shortfalls say why, in seconds;
4. the roster of the granted leave and the soft requests (`rosterkit.solve`);
5. the independent checker's verdict on it (`rosterkit.check`);
6. the ledger with the month added (`continuity.update_ledger`), when a roster was found.

`explain_month` takes the same first three steps, so that it judges the leave `plan_month` would
roster and never calls a month impossible that `plan_month` rosters; `decide_month` is those two
steps alone (``rosterkit check`` uses it to know which leave a roster must honour).

A ledger of the year before, kept through its December, opens the month's year
(`continuity.ledger_for`): the compensatory rest balance carries over, every other figure
starts at 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import rosterkit
from rosterkit.calendar import Month
from rosterkit.capacity import Shortfall, shortfalls
from rosterkit.continuity import ledger_for, update_ledger
from rosterkit.holiday_calendar import MonthCalendar, month_calendar
from rosterkit.leave import Leave
from rosterkit.leave_policy import LeaveDecision, LeaveDecisions, decide_leave
from rosterkit.ledger import Ledger
from rosterkit.problem import compile_problem
from rosterkit.result import Result, SolveStatus
from rosterkit.station import Station

if TYPE_CHECKING:
    from rosterkit.checker import Violation
    from rosterkit.options import SolveOptions
    from rosterkit.roster import Roster
    from rosterkit.solver import Progress

__all__ = ["MonthExplanation", "MonthPlan", "decide_month", "explain_month", "plan_month"]


@dataclass(frozen=True)
class MonthPlan:
    """A month planned from end to end: every step's outcome.

    `requests` is the leave the roster honours: the granted requests, then the soft ones
    (`preferred_day_off`), as given to the solver and the checker; write the workbook with it.
    `violations` is the checker's verdict ([] also when there is no roster). `ledger` is the
    ledger with the month added (a new one when none was given), or None when no roster was
    found.
    """

    month: Month
    calendar: MonthCalendar
    decisions: LeaveDecisions
    requests: list[Leave]
    result: Result
    violations: list[Violation]
    ledger: Ledger | None
    shortfalls: list[Shortfall] = field(default_factory=list)
    """What a count without the solver found the month short of (`rosterkit.capacity`); when
    any, the month was not searched and `result` is infeasible with these as its reasons."""

    @property
    def roster(self) -> Roster | None:
        """The month's roster, or None when the month cannot be rostered (see `result`)."""
        return self.result.roster

    @property
    def refused(self) -> list[LeaveDecision]:
        """The refused leave requests, each with its reason."""
        return self.decisions.refused

    @property
    def warning(self) -> str | None:
        """The calendar's warning when no source knows the month's holidays."""
        return self.calendar.warning


@dataclass(frozen=True)
class MonthExplanation:
    """Why a month cannot be rostered, after the same leave decisions as `plan_month`.

    `reasons` is [] when the month can be rostered, and None when the search could not decide
    within the time limit.
    """

    month: Month
    calendar: MonthCalendar
    decisions: LeaveDecisions
    requests: list[Leave]
    reasons: list[str] | None
    shortfalls: list[Shortfall] = field(default_factory=list)
    """What the count without the solver found short; when any, `reasons` are their words."""

    @property
    def refused(self) -> list[LeaveDecision]:
        """The refused leave requests, each with its reason."""
        return self.decisions.refused

    @property
    def warning(self) -> str | None:
        """The calendar's warning when no source knows the month's holidays."""
        return self.calendar.warning


def decide_month(
    station: Station,
    month: Month | str,
    requests: Iterable[Leave] = (),
    ledger: Ledger | None = None,
) -> tuple[MonthCalendar, LeaveDecisions]:
    """The month's calendar and the decision on each leave request (steps 1 and 2).

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
    return calendar, decide_leave(station, period, list(requests), calendar, year_so_far)


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


def plan_month(
    station: Station,
    month: Month | str,
    requests: Iterable[Leave] = (),
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
    options: SolveOptions | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> MonthPlan:
    """Roster `station` for `month`: calendar, leave decisions, solve, check and ledger.

    `requests` are the leave requests as asked, decided here; `previous` is the roster of the
    month before and `ledger` the station's ledger of the year so far (see `rosterkit.solve`);
    `progress` is called with each better roster found during the search. A month that cannot
    be rostered is a `MonthPlan` whose `result` says why (its status and reasons), not an
    error.

    Raises `RosterInputError` for bad input: everything `decide_month` raises, and what
    `rosterkit.solve` raises (for instance a previous roster of another month or station, an
    officer who may hold no post).
    """
    period = Month.parse(month)
    year_so_far = None if ledger is None else ledger_for(ledger, period)
    calendar, decisions = decide_month(station, period, requests, year_so_far)
    rostered = [*decisions.granted, *decisions.preferences]
    short = _count(station, period, rostered, previous, year_so_far)
    if short:
        result = Result(status=SolveStatus.infeasible, reasons=[item.en for item in short])
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
    violations: list[Violation] = []
    updated: Ledger | None = None
    if result.roster is not None:
        violations = rosterkit.check(
            station, result.roster, rostered, previous=previous, ledger=year_so_far
        )
        updated = update_ledger(year_so_far, station, result.roster, rostered)
    return MonthPlan(
        month=period,
        calendar=calendar,
        decisions=decisions,
        requests=rostered,
        result=result,
        violations=violations,
        ledger=updated,
        shortfalls=short,
    )


def explain_month(
    station: Station,
    month: Month | str,
    requests: Iterable[Leave] = (),
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
    options: SolveOptions | None = None,
) -> MonthExplanation:
    """Why `month` cannot be rostered, in plain words, with the leave decided as `plan_month`
    decides it: a refused request is not held against the month.

    The search runs for the options' time limit. Raises `RosterInputError` for bad input, as
    `plan_month` does.
    """
    period = Month.parse(month)
    year_so_far = None if ledger is None else ledger_for(ledger, period)
    calendar, decisions = decide_month(station, period, requests, year_so_far)
    rostered = [*decisions.granted, *decisions.preferences]
    short = _count(station, period, rostered, previous, year_so_far)
    reasons = (
        [item.en for item in short]
        if short
        else rosterkit.explain(
            station, period, rostered, options, previous=previous, ledger=year_so_far
        )
    )
    return MonthExplanation(
        month=period,
        calendar=calendar,
        decisions=decisions,
        requests=rostered,
        reasons=reasons,
        shortfalls=short,
    )
