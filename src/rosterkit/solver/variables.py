"""All decision variables of the roster model, in one container with readable queries.

- ``group(o, k)``: officer o sits in duty group k (a constant where his squad is given);
- ``assigned(o, d, s)``: officer o holds slot s on day d (created only where that is possible:
  the officer may hold the slot, is not on leave, and his group can be in the slot's state or,
  for call-in slots, at rest).

Three hard rules are kept here by creating no variable where they would break, so that the
solver never even considers it: `eligibility` and `full_time_community` (an officer has
variables only for the slots `rosterkit.duties.can_hold` allows him, see `Problem.eligible`) and
`leave` (no variable on an officer's leave days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from rosterkit.duties import STATE_OF_POST
from rosterkit.problem import Problem
from rosterkit.rules import eligibility, full_time_community, leave
from rosterkit.station import DutyState, PostState

Expr = cp_model.LinearExprT


MODELS = (eligibility.RULE, full_time_community.RULE, leave.RULE)
"""The hard rules kept by the variables themselves (see the module's docstring)."""


Said = str | tuple[str, str]
"""What a hard constraint demands, in English, or as (English, Chinese)."""


@dataclass(frozen=True)
class Guard:
    """A hard constraint's enforcement literal in explain mode, with its words and the rules
    of the model part that added it."""

    literal: cp_model.IntVar
    en: str
    zh: str | None
    rules: tuple[str, ...]
    subject: str | None = None
    """The slot code the constraint is about, where it is about one."""
    days: tuple[dt.date, ...] = ()


def total(terms: Iterable[Expr]) -> Expr:
    """Sum that stays a plain int when every term is an int."""
    items = list(terms)
    if all(isinstance(t, int) for t in items):
        return sum(items)
    return cp_model.LinearExpr.sum(items)


class Variables:
    def __init__(
        self,
        model: cp_model.CpModel,
        problem: Problem,
        *,
        explain: bool = False,
        posts: bool = True,
    ) -> None:
        self.model = model
        self.problem = problem
        self.explain = explain
        self.guards: list[Guard] = []
        self.rules: tuple[str, ...] = ()
        """The rules of the model part being built (set by `build_model`), for the guards."""
        p = problem
        self._group: dict[tuple[int, int], Expr] = {}
        for o in range(len(p.officers)):
            if not p.grouped(o):
                continue
            fixed = p.fixed_group(o)
            for k in range(p.groups):
                if fixed is not None:
                    self._group[o, k] = int(fixed == k)
                else:
                    self._group[o, k] = model.new_bool_var(
                        f"group(officer={p.officers[o].id},k={k + 1})"
                    )
        # The states each officer's group can be in on each day: one where his squad is given.
        every = frozenset(DutyState)
        self._states: list[list[frozenset[DutyState]]] = [
            [
                every if fixed is None else frozenset({p.group_state(fixed, d)})
                for d in range(len(p.days))
            ]
            for o in range(len(p.officers))
            for fixed in [p.fixed_group(o)]
        ]
        self._assigned: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self._by_officer_day: dict[tuple[int, int], list[int]] = {}
        self._by_slot_day: dict[tuple[int, int], list[int]] = {}
        labels = [f"{day:%m-%d}" for day in p.days]
        for o, officer in enumerate(p.officers if posts else []):
            # which slots are possible depends on the day only through the group's states
            possible: dict[frozenset[DutyState], list[int]] = {}
            for d in range(len(p.days)):
                if p.on_leave(o, d):
                    continue
                states = self._states[o][d]
                mine = possible.get(states)
                if mine is None:
                    mine = possible[states] = [s for s in p.eligible[o] if self._possible(o, d, s)]
                if not mine:
                    continue
                self._by_officer_day[o, d] = mine
                for s in mine:
                    self._assigned[o, d, s] = model.new_bool_var(
                        f"assigned(officer={officer.id},day={labels[d]},slot={p.slots[s].code})"
                    )
                    self._by_slot_day.setdefault((s, d), []).append(o)

    # --- structure -----------------------------------------------------------------------------
    def possible_states(self, o: int, d: int) -> frozenset[DutyState]:
        return self._states[o][d]

    def _possible(self, o: int, d: int, s: int) -> bool:
        p = self.problem
        slot = p.slots[s]
        if not p.rotates(o):
            return True
        if slot.state is PostState.shift:
            return False
        states = self._states[o][d]
        if STATE_OF_POST[slot.state] in states:
            return True
        return slot.post.call_in and DutyState.rest in states

    def guard(
        self,
        describe: Said | Callable[[], Said],
        *,
        subject: str | None = None,
        days: tuple[dt.date, ...] = (),
    ) -> list[cp_model.IntVar]:
        """Enforcement literals for a hard constraint that `describe` states in words.

        Empty when solving; in explain mode a fresh literal that is assumed true, so that an
        infeasible month can name the constraints that conflict.
        """
        if not self.explain:
            return []
        literal = self.model.new_bool_var(f"guard#{len(self.guards)}")
        said = describe() if callable(describe) else describe
        en, zh = (said, None) if isinstance(said, str) else said
        self.guards.append(Guard(literal, en, zh, self.rules, subject, days))
        return [literal]

    def require(
        self,
        condition: object,
        describe: Said | Callable[[], Said] | None = None,
        *,
        subject: str | None = None,
        days: tuple[dt.date, ...] = (),
    ) -> None:
        """Add a hard constraint, which may have folded to a plain bool on constants. In explain
        mode `describe` says it, about slot `subject` on `days` where it is about them."""
        literals = self.guard(describe, subject=subject, days=days) if describe is not None else []
        if isinstance(condition, bool | np.bool_):
            if not condition:
                self.model.add_bool_or([]).only_enforce_if(literals)
            return
        assert isinstance(condition, cp_model.BoundedLinearExpression)
        self.model.add(condition).only_enforce_if(literals)

    # --- queries -------------------------------------------------------------------------------
    def group(self, o: int, k: int) -> Expr:
        return self._group[o, k]

    def group_var(self, o: int, k: int) -> cp_model.IntVar:
        var = self._group[o, k]
        assert isinstance(var, cp_model.IntVar)
        return var

    def has_group_var(self, o: int) -> bool:
        return any(not isinstance(self._group[o, k], int) for k in range(self.problem.groups))

    def assigned(self, o: int, d: int, s: int) -> Expr:
        return self._assigned.get((o, d, s), 0)

    def assigned_var(self, o: int, d: int, s: int) -> cp_model.IntVar:
        """The variable of a slot the officer could hold that day (see `slots_of`)."""
        return self._assigned[o, d, s]

    def slots_of(self, o: int, d: int) -> list[int]:
        """Slots the officer could hold on the day."""
        return self._by_officer_day.get((o, d), [])

    def holders_of(self, s: int, d: int) -> list[int]:
        """Officers who could hold the slot on the day."""
        return self._by_slot_day.get((s, d), [])

    def staff(self, s: int, d: int) -> Expr:
        return total(self._assigned[o, d, s] for o in self.holders_of(s, d))

    def works(self, o: int, d: int, where: Iterable[int] | None = None) -> Expr:
        """1 if the officer holds a post (optionally one of `where`) on the day."""
        mine = self.slots_of(o, d)
        if where is None:
            if self._on_duty(o, d):
                return 1
            return total(self._assigned[o, d, s] for s in mine)
        wanted = where if isinstance(where, set | frozenset) else set(where)
        return total(self._assigned[o, d, s] for s in mine if s in wanted)

    def _on_duty(self, o: int, d: int) -> bool:
        """Whether the officer surely holds a post: his squad is given and his group is on main
        or deputy duty, so rule `rotation` gives him one (not when explaining, where that rule
        may be the one left out)."""
        states = self._states[o][d]
        return (
            not self.explain
            and len(states) == 1
            and DutyState.rest not in states
            and self.problem.rotates(o)
            and not self.problem.on_leave(o, d)
            and bool(self.slots_of(o, d))
        )

    def in_state(self, o: int, d: int, state: DutyState) -> Expr:
        """1 if the officer's duty group is in `state` on the day (0 for non-rotating officers)."""
        p = self.problem
        if not p.rotates(o):
            return 0
        fixed = p.fixed_group(o)
        if fixed is not None:
            return int(p.group_state(fixed, d) is state)
        return total(self._group[o, k] for k in range(p.groups) if p.group_state(k, d) is state)

    def call_in(self, o: int, d: int) -> Expr:
        """1 if the officer is called in from the resting group on the day."""
        p = self.problem
        if not p.rotates(o) or p.on_leave(o, d):
            return 0
        rest = self.in_state(o, d, DutyState.rest)
        if isinstance(rest, int):
            return self.works(o, d) if rest else 0
        return total(
            [
                self.works(o, d),
                -1 * self.in_state(o, d, DutyState.main),
                -1 * self.in_state(o, d, DutyState.deputy),
            ]
        )
