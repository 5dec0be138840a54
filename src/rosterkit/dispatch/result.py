"""What a month's dispatch comes to: each incident's response, each case's route, each officer's
load, and the incidents per grid and community."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Level(StrEnum):
    """Which level answered: the community car, the station cars, both, or nobody."""

    community = "community"
    station = "station"
    both = "both"
    none = "none"


class Outcome(StrEnum):
    """served: as many officers as the type needs; short: fewer; unserved: nobody was free."""

    served = "served"
    short = "short"
    unserved = "unserved"


REASONS: dict[str, str] = {
    "community car": "社区车组出警",
    "community car busy": "社区车组正忙",
    "no community car on duty": "社区无车组在岗",
    "station car answers": "所车组出警",
    "type needs a station car": "此类警情需所车组",
    "no station car free": "所车组均忙",
    "no station car on duty": "所车组不在岗",
}
"""The parts of a response's reason, in English (as the result holds them) and Chinese; the
dispatcher writes them joined by '; '."""
REINFORCES = "station car reinforces: {officers} officers needed"
"""The one reason part with a number in it."""
_REINFORCES = re.compile(r"^station car reinforces: (\d+) officers needed$")


def reason_text(reason: str, lang: str) -> str:
    """A response's reason in `lang` ('zh' or 'en'); a part not known is kept as written."""
    if lang != "zh":
        return reason
    parts = []
    for part in reason.split("; "):
        match = _REINFORCES.match(part)
        parts.append(f"所车组增援（需{match[1]}名民警）" if match else REASONS.get(part, part))
    return "；".join(parts)


class Response(_Model):
    """One incident's response: the cars sent (slot codes, e.g. ``ccar@qiandong``, ``scar1``)
    and their officers, and why."""

    incident_id: str
    time: dt.datetime
    community: str
    grid: str | None = None
    type: str
    cars: list[str] = []
    officers: list[str] = []
    needed: int
    level: Level
    outcome: Outcome
    reason: str


class CaseRoute(_Model):
    """A case: the team that opened it (the first responder's), the team with jurisdiction, the
    officer on duty it went to (None: nobody of the team was on duty; the team takes it at its
    next duty), and whether it was handed over (移交) between teams."""

    incident_id: str
    case_type: str
    opened_by: str | None
    team: str
    officer: str | None
    handover: bool


class OfficerLoad(_Model):
    """Incidents an officer responded to, minutes on them, and cases he was given."""

    incidents: int = 0
    minutes: int = 0
    cases: int = 0


class DispatchResult(_Model):
    """The month's dispatch, in incident order (time, then id)."""

    station_id: str
    month: str
    responses: list[Response] = []
    cases: list[CaseRoute] = []
    loads: dict[str, OfficerLoad] = Field(default_factory=dict)

    @property
    def handovers(self) -> list[CaseRoute]:
        return [case for case in self.cases if case.handover]

    @property
    def unserved(self) -> list[Response]:
        return [r for r in self.responses if r.outcome is Outcome.unserved]

    @property
    def short(self) -> list[Response]:
        return [r for r in self.responses if r.outcome is Outcome.short]

    def area_incidents(self) -> dict[str, int]:
        """Incidents per grid id and per community id (one table: the ids never clash in a
        valid station, grids being ids and communities codes of their own lists)."""
        counts: dict[str, int] = {}
        for response in self.responses:
            counts[response.community] = counts.get(response.community, 0) + 1
            if response.grid is not None:
                counts[response.grid] = counts.get(response.grid, 0) + 1
        return counts
