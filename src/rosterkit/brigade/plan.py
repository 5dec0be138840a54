"""The month's patrol plan as data: who holds which area, when each route's fixed slots are, and
every session of every day. The solver (`rosterkit.brigade.solver`) returns one; the checker
(`rosterkit.brigade.checker`), the workbook, the simulator and the report read one; it is saved
and read back as JSON (`plan_json`, `read_plan`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from enum import StrEnum
from pathlib import Path

from pydantic import Field, ValidationError

from rosterkit.brigade.data import MINUTES_PER_DAY, Brigade, Strict
from rosterkit.calendar import Month, MonthError
from rosterkit.errors import RosterInputError


class PlanStatus(StrEnum):
    """How the search ended."""

    optimal = "optimal"
    feasible = "feasible"
    infeasible = "infeasible"
    unknown = "unknown"


class Assignment(Strict):
    """四定: `squad` patrols `area` (and so its grid, its routes and their task) all month."""

    area: str
    squad: str


class Slot(Strict):
    """A fixed daily slot of a timed route: slot `slot` (0-based window) starts at `start`
    minutes after midnight every day."""

    route: str
    slot: int = Field(ge=0)
    start: int = Field(ge=0, lt=MINUTES_PER_DAY)


class Session(Strict):
    """One patrol session on `day`: `start` minutes after that day's midnight, lasting `minutes`
    (it may run past midnight). `slot` is the window of a timed mode, None for a random one."""

    day: dt.date
    squad: str
    route: str
    mode: str
    slot: int | None
    start: int = Field(ge=0, lt=MINUTES_PER_DAY)
    minutes: int = Field(ge=1)
    scans: int = Field(ge=0)
    km: float = Field(ge=0)
    guard_minutes: int = Field(ge=0)

    @property
    def begins(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time()) + dt.timedelta(minutes=self.start)

    @property
    def ends(self) -> dt.datetime:
        return self.begins + dt.timedelta(minutes=self.minutes)


class PlanPenalty(Strict):
    """What a soft part of the objective cost, and why."""

    term: str
    key: str
    cost: int


class BrigadePlan(Strict):
    """The month's plan of a brigade, or the reasons there is none."""

    brigade: str
    month: str
    seed: int
    status: PlanStatus
    objective: int | None = None
    best_bound: float | None = None
    wall_time: float = 0.0
    reasons: list[str] = Field(default_factory=list)
    reasons_zh: list[str] = Field(default_factory=list)
    """The reasons in Chinese, one for each of `reasons`."""
    assignments: list[Assignment] = Field(default_factory=list)
    slots: list[Slot] = Field(default_factory=list)
    sessions: list[Session] = Field(default_factory=list)
    penalties: list[PlanPenalty] = Field(default_factory=list)

    @property
    def has_plan(self) -> bool:
        return self.status in (PlanStatus.optimal, PlanStatus.feasible)

    @property
    def gap(self) -> float | None:
        """Relative gap between the objective and the bound (0 when proven optimal)."""
        if self.objective is None or self.best_bound is None:
            return None
        return abs(self.objective - self.best_bound) / max(1.0, abs(self.objective))

    def reasons_in(self, lang: str) -> list[str]:
        """The reasons there is no plan, in `lang` ('zh' or 'en')."""
        if lang == "zh" and len(self.reasons_zh) == len(self.reasons):
            return list(self.reasons_zh)
        return list(self.reasons)

    def squad_of_area(self) -> dict[str, str]:
        return {a.area: a.squad for a in self.assignments}


def plan_json(plan: BrigadePlan) -> str:
    """The plan as JSON text (wall time left out, so the same inputs give the same text)."""
    data = plan.model_dump(mode="json")
    data["wall_time"] = 0.0
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def read_plan(path: str | os.PathLike[str], brigade: Brigade | None = None) -> BrigadePlan:
    """A plan written by `plan_json`, e.g. by `rosterkit brigade plan`, or edited by hand.

    A file that is not such a plan, a month that cannot be read and, with `brigade`, a plan of
    another brigade raise `RosterInputError` naming the file and the fix.
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RosterInputError("file not found; check the path", source=source) from None
    except IsADirectoryError:
        raise RosterInputError("is a folder; give the plan's .json file", source=source) from None
    except UnicodeDecodeError:
        raise RosterInputError(
            "not UTF-8 text; give the plan's .json file", source=source
        ) from None
    try:
        plan = BrigadePlan.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(p) for p in first["loc"])
        raise RosterInputError(
            f"not a brigade plan ({place or 'top'}: {first['msg']}); give the .json file "
            "that 'rosterkit brigade plan' wrote",
            source=source,
        ) from None
    try:
        Month.parse(plan.month)
    except MonthError as error:
        raise RosterInputError(f"month: {error}", source=source) from None
    if brigade is not None and plan.brigade != brigade.id:
        raise RosterInputError(
            f"a plan of brigade '{plan.brigade}', not of '{brigade.id}'; give the brigade's "
            "file with --data, or the plan of this brigade",
            source=source,
        )
    return plan
