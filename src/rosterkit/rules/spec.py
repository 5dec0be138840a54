"""What a rule is: its id, hard or soft, appraisal side and weight, its words, its check part.

A rule's model part lives in `rosterkit.solver` (the only place that imports OR-Tools) and names
the rules it models; everything else here is pure Python, so the checker stays independent of
the solver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rosterkit.result import Side
from rosterkit.station import DutyState, Role

if TYPE_CHECKING:
    from rosterkit.rules.view import RosterView
    from rosterkit.station import Station

Lang = Literal["zh", "en"]


@dataclass(frozen=True)
class Violation:
    """A broken hard rule: which rule, which officer and day where it applies, and what, in
    English (`message`) and in Chinese (`zh`, with the station's Chinese names)."""

    rule: str
    message: str
    officer_id: str | None = None
    day: dt.date | None = None
    zh: str = ""
    """What is broken in Chinese; every check part of `rosterkit.rules` fills it."""

    def text(self, lang: Lang = "en") -> str:
        """What is broken in `lang`; in Chinese the English message stands in where a
        violation was made without Chinese words (a caller's own check)."""
        return (self.zh or self.message) if lang == "zh" else self.message

    def __str__(self) -> str:
        where = " ".join(
            part for part in (self.day.isoformat() if self.day else None, self.officer_id) if part
        )
        return f"[{self.rule}] {where + ': ' if where else ''}{self.message}"


@dataclass(frozen=True)
class Words:
    """A rule in one language: its name, what a break (or a cost) means, and a fix."""

    name: str
    broken: str
    fix: str


ROLE_ZH: dict[Role, str] = {
    Role.director: "所长",
    Role.political_commissar: "政委",
    Role.deputy_director: "副所长",
    Role.sergeant: "警长",
    Role.team_leader: "队长",
    Role.a_role: "A角",
    Role.b_role: "B角",
    Role.grid_officer: "网格责任民警",
    Role.sector_specialist: "行业专管民警",
}
"""Each role's Chinese name, for what the check and model parts say in Chinese."""

STATE_ZH: dict[DutyState, str] = {
    DutyState.main: "正班",
    DutyState.deputy: "副班",
    DutyState.rest: "休班",
}
"""Each duty state's Chinese name."""


def roles_zh(roles: Iterable[Role], joiner: str = "或") -> str:
    """Roles in Chinese, joined ('所长或政委')."""
    return joiner.join(ROLE_ZH.get(role, role.value) for role in roles)


Check = Callable[["RosterView"], Iterator[Violation]]
"""A hard rule's check part: every violation in a roster."""
Measure = Callable[["RosterView"], Iterator[tuple[str, int]]]
"""A soft rule's check part: each (key, units) the roster pays for; units of 0 cost nothing."""


@dataclass(frozen=True)
class Rule:
    """One rule of the roster. Hard rules have a `check`; soft ones a `measure`, a `side` and
    the `weight` field of `Station.weights` that prices each unit."""

    id: str
    zh: Words
    en: Words
    check: Check | None = None
    measure: Measure | None = None
    side: Side | None = None
    weight: str | None = None

    def __post_init__(self) -> None:
        soft_parts = (self.measure, self.side, self.weight)
        if self.check is not None and any(part is not None for part in soft_parts):
            raise ValueError(f"rule {self.id}: a hard rule has no measure, side or weight")
        if self.check is None and any(part is None for part in soft_parts):
            raise ValueError(f"rule {self.id}: a soft rule needs a measure, a side and a weight")

    @property
    def hard(self) -> bool:
        return self.check is not None

    def words(self, lang: Lang) -> Words:
        return self.zh if lang == "zh" else self.en

    def name(self, lang: Lang) -> str:
        return self.words(lang).name

    def unit_weight(self, station: Station) -> int:
        """What one unit of this soft rule weighs in `station`, before the side's share."""
        if self.weight is None:
            raise ValueError(f"rule {self.id} is hard; it has no weight")
        value: int = getattr(station.weights, self.weight)
        return value
