"""Re-rostering a published month with the fewest changes: one library call.

`replan(station, roster, changes, start)` does for a library user what ``rosterkit replan``
does at the command line:

1. the changes are checked against the station and the month and compiled
   (`rosterkit.changes.apply_changes`): away days become leave, joiners join the station, a
   post's minimum is set on the days an event names, pinned officer-days are collected;
2. a count without the solver (`rosterkit.capacity`) says at once when the changed month is
   short of people, with its numbers;
3. the days before `start` and the pins are held, and the model first minimises the officer-days
   that change, then, with that count held, the usual cost (`rosterkit.solver.replan`); the
   status says whether the count was proven the fewest;
4. a month that cannot be re-rostered is explained in plain words by the month's explanation
   pipeline, naming the pins and fixed days that stand in the way;
5. the independent checker (`rosterkit.checker`) judges the new roster, and the changes' own
   minimums are counted from its cells (`rosterkit.changes.minimum_violations`);
6. every changed cell is listed: officer, day, before, after and the change that caused it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rosterkit.changes import Applied, Changes, MinimumBreak, apply_changes, minimum_violations
from rosterkit.duties import LEAVE
from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.result import Result, SolveStatus
from rosterkit.roster import Roster
from rosterkit.station import LeaveKind, Station

if TYPE_CHECKING:
    from rosterkit.checker import Violation
    from rosterkit.ledger import Ledger
    from rosterkit.options import SolveOptions

__all__ = [
    "CellChange",
    "Replan",
    "diff_csv_text",
    "diff_json_text",
    "diff_rosters",
    "leave_from_cells",
    "replan",
]

DIFF_COLUMNS = ("officer_id", "date", "before", "after", "why")
"""Columns of the CSV and JSON diff, in order."""


@dataclass(frozen=True)
class CellChange:
    """One officer-day that changed: its value before and after, and why (in English, and in
    Chinese where `why_zh` says it)."""

    officer_id: str
    day: dt.date
    before: str | None
    after: str
    why: str
    why_zh: str = ""

    def said(self, lang: str = "en") -> str:
        """Why, in `lang` ('zh' or 'en')."""
        return self.why_zh or self.why if lang == "zh" else self.why

    def record(self) -> dict[str, Any]:
        """The change as a row of the CSV or JSON diff."""
        return {
            "officer_id": self.officer_id,
            "date": self.day.isoformat(),
            "before": self.before or "",
            "after": self.after,
            "why": self.why,
        }


@dataclass(frozen=True)
class Replan:
    """A re-rostered month: the new roster, what changed and why, and the checker's verdict.

    `result` is the solve's outcome (its roster is None when the month cannot be re-rostered:
    `result.reasons` says why). `changed` counts the changed officer-days the search minimised;
    `minimal` says whether it proved no roster changes fewer. `changes` lists every changed
    cell, joiners' days included. `station` and `leave` are what the new roster was made and
    judged with (the changes applied): write the workbook with them. `violations` is the
    checker's verdict, `minimum_breaks` the changes' own minimums counted from the cells.
    """

    station: Station
    before: Roster
    start: dt.date
    leave: list[Leave]
    applied: Applied
    result: Result
    changed: int | None
    minimal: bool
    changes: list[CellChange] = field(default_factory=list)
    count_time: float = 0.0
    """Seconds the search took to find (and, with `minimal`, prove) the change count."""
    violations: list[Violation] = field(default_factory=list)
    minimum_breaks: list[MinimumBreak] = field(default_factory=list)
    reasons_zh: list[str] = field(default_factory=list)
    """`result.reasons` in Chinese, in the same order."""

    def reasons(self, lang: str = "en") -> list[str]:
        """Why no roster came back, in `lang` ('zh' or 'en')."""
        return self.reasons_zh or self.result.reasons if lang == "zh" else self.result.reasons

    @property
    def roster(self) -> Roster | None:
        return self.result.roster

    @property
    def ok(self) -> bool:
        """A roster was found and passes the checker and the changes' minimums."""
        return self.roster is not None and not self.violations and not self.minimum_breaks

    def by_officer(self) -> dict[str, int]:
        """Changed officer-days per officer, most first."""
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.officer_id] = counts.get(change.officer_id, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def leave_from_cells(roster: Roster) -> list[Leave]:
    """The roster's 'leave' cells as leave records (kind other), one per run of days: the leave
    record of a roster read without its leave list."""
    found: list[Leave] = []
    for officer_id, row in roster.cells.items():
        run: list[dt.date] = []
        for day in sorted(row):
            if row[day] == LEAVE and (not run or run[-1] + dt.timedelta(days=1) == day):
                run.append(day)
                continue
            if run:
                found.append(_leave(officer_id, run))
            run = [day] if row[day] == LEAVE else []
        if run:
            found.append(_leave(officer_id, run))
    return found


def _leave(officer_id: str, run: list[dt.date]) -> Leave:
    return Leave(
        officer_id=officer_id,
        start=run[0],
        end=run[-1],
        kind=LeaveKind.other,
        note="leave in the roster",
    )


def diff_rosters(
    before: Roster,
    after: Roster,
    why: Any = None,
) -> list[CellChange]:
    """Every officer-day whose value differs, in officer then day order; `why(officer, day)`
    says why (empty when None): a string, or its English and Chinese words as a pair."""
    changes: list[CellChange] = []
    for officer_id, row in after.cells.items():
        old = before.cells.get(officer_id, {})
        for day in sorted(row):
            value = row[day]
            previous = old.get(day)
            if previous != value:
                reason = "" if why is None else why(officer_id, day)
                en, zh = reason if isinstance(reason, tuple) else (str(reason), "")
                changes.append(CellChange(officer_id, day, previous, value, en, zh))
    return changes


def _why(applied: Applied, start: dt.date) -> Any:
    """Why an officer-day changed, in English and Chinese: the change that made him away, else
    the changes in force that day (he covers for them), else the nearest change in time."""
    in_force = sorted(applied.day_changes.items())

    def both(en: str, zh: str, labels: list[str]) -> tuple[str, str]:
        said = [applied.said(label, "zh") for label in labels]
        return en + "; ".join(labels), zh + "；".join(said)

    def reason(officer_id: str, day: dt.date) -> tuple[str, str]:
        own = applied.why.get((officer_id, day))
        if own is not None:
            return own, applied.said(own, "zh")
        today = applied.day_changes.get(day)
        if today:
            return both("covers: ", "顶替：", today)
        if in_force:
            nearest = min(in_force, key=lambda item: (abs((item[0] - day).days), item[0]))
            return both("follows from: ", "连带调整：", nearest[1])
        return f"repairs a broken rule from {start:%m-%d}", f"修正{start:%m-%d}起违反的规则"

    return reason


def replan(
    station: Station,
    roster: Roster,
    changes: Changes,
    start: dt.date,
    leave: Sequence[Leave] | None = None,
    *,
    previous: Roster | None = None,
    ledger: Ledger | None = None,
    options: SolveOptions | None = None,
    explain: bool = True,
) -> Replan:
    """Re-roster `roster` from `start` with `changes`, changing as few officer-days as possible.

    `leave` is the leave list the roster was made with (None: its 'leave' cells are the
    record, see `leave_from_cells`); `previous` and `ledger` as for `rosterkit.solve`. Squads
    stay as the roster has them. A month that cannot be re-rostered is a `Replan` whose
    `result` says why (with `explain`, in plain words naming the pins and fixed days in the
    way), not an error.

    Raises `RosterInputError` for bad input: a roster of another station, changes that do not
    fit (`rosterkit.changes.apply_changes`), and what `rosterkit.solve` raises.
    """
    from rosterkit.capacity import shortfalls
    from rosterkit.checker import check
    from rosterkit.options import SolveOptions
    from rosterkit.problem import compile_problem
    from rosterkit.solver.replan import Frame, explain_replan, solve_replan

    options = options or SolveOptions()
    # The time limit bounds the whole call up to the search's end, reading and counting
    # included; the checker then runs once.
    deadline = time.perf_counter() + options.time_limit
    if roster.station_id != station.id:
        raise RosterInputError(
            f"the roster is for station '{roster.station_id}', not '{station.id}'; give the "
            "station it was made for"
        )
    unknown = sorted(set(roster.cells) - {officer.id for officer in station.officers})
    if unknown:
        raise RosterInputError(
            f"the roster has officers the station does not: {', '.join(unknown[:10])}"
        )
    known_leave = leave_from_cells(roster) if leave is None else list(leave)
    applied = apply_changes(station, roster, known_leave, changes, start)
    # Squads stay as published: a re-roster never moves an officer to another duty group.
    squads: dict[str, int | None] = {
        oid: group for oid, group in roster.groups.items() if oid in roster.cells
    }
    the_station = applied.station.with_squads(squads)
    problem = compile_problem(
        the_station, roster.month, applied.leave, previous=previous, ledger=ledger
    )
    frame = Frame(
        before=roster,
        start=start,
        pins=applied.pins,
        minimums=applied.minimums,
        uncounted=applied.joined,
    )

    def outcome(result: Result, **found: Any) -> Replan:
        return Replan(
            station=the_station,
            before=roster,
            start=start,
            leave=applied.leave,
            applied=applied,
            result=result,
            **{"changed": None, "minimal": False, **found},
        )

    short = shortfalls(the_station, roster.month, applied.leave, previous=previous)
    if short:
        return outcome(
            Result(status=SolveStatus.infeasible, reasons=[item.en for item in short]),
            reasons_zh=[item.text("zh") for item in short],
        )
    solved = solve_replan(problem, frame, options, deadline=deadline)
    result = solved.result
    if result.roster is None:
        if result.status is not SolveStatus.infeasible or not explain:
            return outcome(result)
        found = explain_replan(problem, frame, time_limit=max(1.0, options.time_limit / 2))
        if not found:
            en = (
                f"the rules, the fixed days before {start:%Y-%m-%d} and the pins cannot all "
                "hold with these changes"
            )
            zh = f"在这些变更下，规则、{start:%Y-%m-%d}之前已固定的排班和锁定的格子不能同时满足"
            return outcome(result.model_copy(update={"reasons": [en]}), reasons_zh=[zh])
        reasons = result.model_copy(
            update={"reasons": [c.text("en") for c in found], "conflicts": found}
        )
        return outcome(reasons, reasons_zh=[c.text("zh") for c in found])
    new = result.roster
    violations = check(the_station, new, applied.leave, previous=previous, ledger=ledger)
    breaks = minimum_violations(new, applied.minimums)
    return outcome(
        result,
        changed=solved.changed,
        minimal=solved.minimal,
        changes=diff_rosters(roster, new, _why(applied, start)),
        count_time=solved.count_time,
        violations=violations,
        minimum_breaks=breaks,
    )


def diff_csv_text(changes: Sequence[CellChange]) -> str:
    """The changes as CSV (`DIFF_COLUMNS`), one row per changed officer-day."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=DIFF_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for change in changes:
        writer.writerow(change.record())
    return buffer.getvalue()


def diff_json_text(station_id: str, month: str, changes: Sequence[CellChange]) -> str:
    """The changes as JSON: the station, the month and one record per changed officer-day."""
    import json

    data = {
        "station_id": station_id,
        "month": month,
        "changes": [change.record() for change in changes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def pins_of(items: Iterable[tuple[str, dt.date]]) -> list[Any]:
    """Pins from (officer id, day) pairs, e.g. read from a workbook's marked cells."""
    from rosterkit.changes import Pin

    return [Pin(officer_id=officer_id, day=day) for officer_id, day in items]
