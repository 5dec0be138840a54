"""Duty swaps (换班): who could take one officer's duty on one day, and what he gives in return.

For officer X's duty on day D, three kinds of option, each a set of cell moves:

- **exchange**: Y, on duty the same day, takes X's post and X takes Y's (both still work D);
- **swap** (one for one): Y, free on D, takes X's post; in return X, free on another day D',
  takes Y's post that day;
- **chain** (only when no exchange or swap exists): Y takes X's duty on D, Z takes Y's on D',
  X takes Z's on D''.

A day given away is 'rest' when the officer's group rests that day (he was called in), 'off'
outside the rotation, and otherwise leave of kind *other* noted as a swap (换班), so that the
rotation still holds: the officer is excused from his group's duty that day, and the one who
takes it is called in. Each option's roster is judged by the independent checker
(`rosterkit.checker.evaluate`) and kept only if it breaks no rule; options are ranked by the
roster's cost, then by how few cells move. Candidates are tried nearest in time first, up to
`max_checks` checker runs, so that the answer comes in about a second.

Nothing changes before the first day that may change (`start`, by default the day asked
about), as with the fixed days of a re-roster: a day that has passed, or one already published
as final, is never offered as a day to give back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rosterkit.duties import LEAVE, OFF, REST, Slot, can_hold, slot_map
from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.result import Penalty, Result, SolveStatus
from rosterkit.roster import Roster
from rosterkit.station import DutyState, LeaveKind, PostState, Station

__all__ = ["Move", "SwapOption", "find_swaps"]


@dataclass(frozen=True)
class Move:
    """One cell of a swap: the officer's value on the day, before and after."""

    officer_id: str
    day: dt.date
    before: str
    after: str


@dataclass(frozen=True)
class SwapOption:
    """A checked swap: its kind, the officers who take part (the asker first), its moves, the
    leave it records for days given away, and the cost of the roster with it applied
    (`delta` against the roster as it was)."""

    kind: str
    officers: tuple[str, ...]
    moves: tuple[Move, ...]
    added_leave: tuple[Leave, ...]
    cost: int
    delta: int
    roster: Roster
    leave: list[Leave] | None
    """The leave list of the swapped roster (None when the roster's cells are the record)."""
    penalties: tuple[Penalty, ...] = ()
    """What the swapped roster's soft rules cost, as the checker priced it."""

    def result(self) -> Result:
        """The swapped roster as a result to write (feasible, priced by the checker)."""
        return Result(
            status=SolveStatus.feasible,
            objective=self.cost,
            roster=self.roster,
            penalties=list(self.penalties),
        )

    def describe(self, lang: str = "en", label: Callable[[str], str] = str) -> str:
        """The option in words, in English ('swap: P031 takes moffice@qiandong on 12-12; P015
        takes ccar@qiandong on 12-14 (cost +250)') or Chinese (`lang` 'zh'; `label` names a
        post as the workbook does, e.g. `rosterkit.excel.labels.CellLabels(station, 'zh').label`,
        where the slot code stands by default)."""
        if lang == "zh":
            taken = [
                f"{m.officer_id} {m.day:%m-%d} 上 {label(m.after)}"
                for m in self.moves
                if m.after not in (REST, OFF, LEAVE)
            ]
            kind = _KINDS_ZH.get(self.kind, self.kind)
            return f"{kind}：" + "；".join(taken) + f"（代价 {self.delta:+d}）"
        taken = [
            f"{m.officer_id} takes {m.after} on {m.day:%m-%d}"
            for m in self.moves
            if m.after not in (REST, OFF, LEAVE)
        ]
        return f"{self.kind}: " + "; ".join(taken) + f" (cost {self.delta:+d})"


_KINDS_ZH = {"exchange": "当日对调", "swap": "换班", "chain": "连环换班"}
"""The kinds of option in Chinese."""


class _Roster:
    """Questions about the roster asked while candidates are made."""

    def __init__(
        self,
        station: Station,
        roster: Roster,
        leave_days: set[tuple[str, dt.date]],
        start: dt.date,
    ):
        self.station, self.roster = station, roster
        self.start = start
        """The first day a move may fall on."""
        self.slots = slot_map(station)
        self.officers = {o.id: o for o in station.officers}
        self.leave_days = leave_days
        every = sorted(next(iter(roster.cells.values())).keys()) if roster.cells else []
        self.days = [d for d in every if d >= start]
        """The days a move may fall on: from `start` on."""

    def value(self, officer_id: str, day: dt.date) -> str:
        return self.roster.cells[officer_id][day]

    def post(self, officer_id: str, day: dt.date) -> Slot | None:
        return self.slots.get(self.value(officer_id, day))

    def free(self, officer_id: str, day: dt.date) -> bool:
        return (
            self.value(officer_id, day) in (REST, OFF) and (officer_id, day) not in self.leave_days
        )

    def may_take(self, officer_id: str, day: dt.date, slot: Slot) -> bool:
        """Whether the officer may hold the slot that day as far as a quick look tells (the
        checker decides): he may ever hold it, and, in the rotation, it is a post of his
        group's state or one that takes call-ins on his rest day."""
        officer = self.officers[officer_id]
        if not can_hold(self.station, officer, slot):
            return False
        state = self.roster.state(self.station, officer_id, day)
        if state is None:
            return not self.station.rotates(officer)
        if slot.state is PostState.shift:
            return False
        if state is DutyState.rest:
            return slot.post.call_in
        return slot.state.value == state.value

    def given_away(self, officer_id: str, day: dt.date) -> str:
        """The value of a day the officer gives away (see the module's docstring)."""
        state = self.roster.state(self.station, officer_id, day)
        if state is None:
            return OFF if not self.station.rotates(self.officers[officer_id]) else REST
        return REST if state is DutyState.rest else LEAVE


def find_swaps(
    station: Station,
    roster: Roster,
    officer_id: str,
    day: dt.date,
    leave: Sequence[Leave] | None = None,
    *,
    start: dt.date | None = None,
    pins: Iterable[tuple[str, dt.date]] = (),
    limit: int = 10,
    max_checks: int = 40,
) -> list[SwapOption]:
    """Checked options for someone to take `officer_id`'s duty on `day`, cheapest first (see
    the module's docstring); [] when none was found within `max_checks` checker runs.

    `leave` is the roster's leave list (None: its 'leave' cells are the record). No cell
    before `start` (default: `day`) moves, nor any pinned (officer id, day) of `pins`. Raises
    `RosterInputError` for an unknown officer or day, a `start` after `day` or outside the
    month, a pinned day asked about, a day on which the officer holds no post, and a roster
    that already breaks a rule (re-roster or fix it first).
    """
    from rosterkit.checker import evaluate

    if officer_id not in roster.cells:
        raise RosterInputError(f"no officer '{officer_id}' in the roster; check the id")
    if day not in roster.cells[officer_id]:
        raise RosterInputError(f"{day} is not a day of the roster's month {roster.month}")
    first = day if start is None else start
    if first not in roster.cells[officer_id]:
        raise RosterInputError(
            f"the first day that may change, {first}, is not a day of the month {roster.month}"
        )
    if first > day:
        raise RosterInputError(
            f"{day} is before the first day that may change ({first}): a day that has "
            "passed cannot be swapped"
        )
    pinned = frozenset(pins)
    if (officer_id, day) in pinned:
        raise RosterInputError(
            f"{officer_id} on {day} is pinned: a pinned day never changes; unpin it to swap it"
        )
    leave_list = None if leave is None else list(leave)
    base = evaluate(station, roster, leave_list)
    if base.violations:
        shown = "; ".join(str(v) for v in base.violations[:3])
        raise RosterInputError(
            f"the roster already breaks {len(base.violations)} rule(s) ({shown}); check and "
            "re-roster it before swapping"
        )
    leave_days: set[tuple[str, dt.date]] = {
        (oid, d) for oid, row in roster.cells.items() for d, value in row.items() if value == LEAVE
    }
    view = _Roster(station, roster, leave_days, first)
    slot = view.post(officer_id, day)
    if slot is None:
        raise RosterInputError(
            f"{officer_id} holds no post on {day} ('{view.value(officer_id, day)}'); a swap "
            "gives away a duty"
        )
    found: list[SwapOption] = []
    checks = 0

    def judged(kind: str, officers: tuple[str, ...], moves: tuple[Move, ...]) -> None:
        nonlocal checks
        if any((move.officer_id, move.day) in pinned for move in moves):
            return
        checks += 1
        cells = {oid: dict(row) for oid, row in roster.cells.items()}
        for move in moves:
            cells[move.officer_id][move.day] = move.after
        added = tuple(
            Leave(
                officer_id=m.officer_id,
                start=m.day,
                end=m.day,
                kind=LeaveKind.other,
                note=f"换班 duty swap: {', '.join(o for o in officers if o != m.officer_id)}",
            )
            for m in moves
            if m.after == LEAVE
        )
        swapped = roster.model_copy(update={"cells": cells})
        new_leave = None if leave_list is None else [*leave_list, *added]
        evaluation = evaluate(station, swapped, new_leave)
        if evaluation.violations:
            return
        found.append(
            SwapOption(
                kind=kind,
                officers=officers,
                moves=moves,
                added_leave=added,
                cost=evaluation.objective,
                delta=evaluation.objective - base.objective,
                roster=swapped,
                leave=new_leave,
                penalties=tuple(evaluation.penalties),
            )
        )

    direct = _direct(view, officer_id, day, slot)
    for kind, officers, moves in direct:
        if checks >= max_checks:
            break
        judged(kind, officers, moves)
    if not found:
        for kind, officers, moves in _chains(view, officer_id, day, slot):
            if checks >= max_checks:
                break
            judged(kind, officers, moves)
    found.sort(key=lambda o: (o.cost, len(o.moves), [(m.day, m.officer_id) for m in o.moves]))
    return found[:limit]


RETURNS_PER_PARTNER = 3
"""Return days tried for each partner of a one-for-one swap, nearest first."""

_Candidate = tuple[str, tuple[str, ...], tuple[Move, ...]]


def _direct(view: _Roster, x: str, day: dt.date, slot: Slot) -> list[_Candidate]:
    """Exchanges on the day, then one-for-one swaps, nearest return day first."""
    value = slot.code
    candidates: list[tuple[int, _Candidate]] = []
    moves: tuple[Move, ...]
    for y in view.roster.cells:
        if y == x or (y, day) in view.leave_days:
            continue
        theirs = view.post(y, day)
        if theirs is not None:
            if (
                theirs.code != value
                and view.may_take(y, day, slot)
                and view.may_take(x, day, theirs)
            ):
                moves = (
                    Move(x, day, value, theirs.code),
                    Move(y, day, theirs.code, value),
                )
                candidates.append((0, ("exchange", (x, y), moves)))
            continue
        if not view.free(y, day) or not view.may_take(y, day, slot):
            continue
        # Each partner's nearest few return days: more partners within the checks allowed.
        returns = sorted(
            (
                other
                for other in view.days
                if other != day
                and (back := view.post(y, other)) is not None
                and view.free(x, other)
                and view.may_take(x, other, back)
            ),
            key=lambda other: (abs((other - day).days), other),
        )[:RETURNS_PER_PARTNER]
        for other in returns:
            back = view.post(y, other)
            assert back is not None
            moves = (
                Move(x, day, value, view.given_away(x, day)),
                Move(y, day, view.value(y, day), value),
                Move(y, other, back.code, view.given_away(y, other)),
                Move(x, other, view.value(x, other), back.code),
            )
            candidates.append((abs((other - day).days), ("swap", (x, y), moves)))
    candidates.sort(key=lambda item: (item[0], item[1][1], [m.day for m in item[1][2]]))
    return [candidate for _, candidate in candidates]


def _chains(view: _Roster, x: str, day: dt.date, slot: Slot) -> Iterator[_Candidate]:
    """Three-officer chains, nearest days first: Y takes X's duty on `day`, Z takes Y's on D',
    X takes Z's on D''."""
    value = slot.code
    takers = [
        y for y in view.roster.cells if y != x and view.free(y, day) and view.may_take(y, day, slot)
    ]
    options: list[tuple[int, _Candidate]] = []
    for y in takers:
        for d1 in view.days:
            back1 = view.post(y, d1) if d1 != day else None
            if back1 is None:
                continue
            for z in view.roster.cells:
                if z in (x, y) or not view.free(z, d1) or not view.may_take(z, d1, back1):
                    continue
                for d2 in view.days:
                    if d2 in (day, d1):
                        continue
                    back2 = view.post(z, d2)
                    if back2 is None or not view.free(x, d2) or not view.may_take(x, d2, back2):
                        continue
                    moves = (
                        Move(x, day, value, view.given_away(x, day)),
                        Move(y, day, view.value(y, day), value),
                        Move(y, d1, back1.code, view.given_away(y, d1)),
                        Move(z, d1, view.value(z, d1), back1.code),
                        Move(z, d2, back2.code, view.given_away(z, d2)),
                        Move(x, d2, view.value(x, d2), back2.code),
                    )
                    distance = abs((d1 - day).days) + abs((d2 - day).days)
                    options.append((distance, ("chain", (x, y, z), moves)))
    options.sort(key=lambda item: (item[0], item[1][1], [m.day for m in item[1][2]]))
    for _, candidate in options:
        yield candidate
