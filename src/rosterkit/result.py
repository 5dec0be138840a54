"""What a solve returns."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from rosterkit.roster import Roster


class SolveStatus(StrEnum):
    optimal = "optimal"
    feasible = "feasible"
    infeasible = "infeasible"
    timed_out = "timed_out"
    invalid = "invalid"


class Side(StrEnum):
    """Which appraisal side a soft rule belongs to (长线 / 短线)."""

    long_line = "long_line"
    short_line = "short_line"


class Penalty(BaseModel):
    """One soft-rule term that cost something: `amount` units at `unit_cost` each."""

    model_config = ConfigDict(frozen=True)

    rule: str
    side: Side
    key: str
    amount: int
    unit_cost: int

    @property
    def cost(self) -> int:
        return self.amount * self.unit_cost


class Conflict(BaseModel):
    """One hard constraint of a set that cannot hold together: the rule it belongs to (an id
    of `rosterkit.rules.REGISTRY`), what it demands in English and, where its model part says
    it, in Chinese, the officers it names, and where the model part says them, the slot it is
    about (`subject`, a slot code such as ``ccar@dajiang``) and its days."""

    model_config = ConfigDict(frozen=True)

    rule: str
    en: str
    zh: str | None = None
    officers: tuple[str, ...] = ()
    subject: str | None = None
    days: tuple[dt.date, ...] = ()

    def text(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" and self.zh else self.en


class SquadMove(BaseModel):
    """An officer's squad changed to re-balance the squads when the head count changed
    (`rosterkit.squad_balance`): from `before` (last month's; None for an officer who joined)
    to `after`."""

    model_config = ConfigDict(frozen=True)

    officer_id: str
    before: int | None
    after: int


class Result(BaseModel):
    """The outcome of `rosterkit.solve`.

    `roster` is set for optimal and feasible results. `reasons` explains an infeasible or invalid
    result in plain words; where the search named the constraints that conflict, `conflicts`
    holds them with their rules, so that they can be said in either language. `penalties` lists
    every soft-rule term that cost something, so that
    ``objective == sum(p.cost for p in penalties)``.
    """

    status: SolveStatus
    objective: int | None = None
    best_bound: int | None = None
    wall_time: float = 0.0
    roster: Roster | None = None
    penalties: list[Penalty] = []
    reasons: list[str] = []
    conflicts: list[Conflict] = []
    squad_moves: list[SquadMove] = []
    """Squads re-balanced before rostering (`rosterkit.squad_balance`): each officer moved."""

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and bound (0 when proven optimal)."""
        if self.objective is None or self.best_bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return (self.objective - self.best_bound) / abs(self.objective)
