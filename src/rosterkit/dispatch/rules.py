"""The dispatch rules as data: incident types, case types and the jurisdiction table.

Two-level dispatch (domain.md rule 19): an incident goes to the second-level car of its
community (the main group's officers of that community, 二级巡逻车组); the station's first-level
cars (the deputy group, 一级巡逻车组) reinforce when the community car is busy or the incident's
type needs them or more officers. Which posts are those cars is read from the station: posts with
``car: true``, per community for the community car, station-wide for the station cars.

Two-level case handling: each case type names the team that has jurisdiction (`Handler`): the
case team takes criminal cases and cases not tied to one community; a community team takes
cases tied to its community's control elements (disputes, rentals, sector units). A case opened
by another team is handed over (移交) to the team with jurisdiction. All of it is [default] and
can be replaced by a rules file (YAML, TOML or JSON with the same schema).
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rosterkit.errors import RosterInputError

_CODE = r"^[a-z][a-z0-9_]{0,31}$"
MAX_TYPES = 200


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Handler(StrEnum):
    """The team with jurisdiction over a case type."""

    case_team = "case_team"
    """The case team (打击办案队)."""
    community_team = "community_team"
    """The community team of the community where the case arose (社区警务队)."""


class CaseType(_Strict):
    """A kind of case and who handles it; `element` is the community control element it is
    tied to (empty: tied to no one community)."""

    code: str = Field(pattern=_CODE)
    name: str = Field(min_length=1, max_length=40)
    name_en: str = Field(min_length=1, max_length=60)
    handler: Handler
    element: str | None = Field(default=None, max_length=40)


class IncidentType(_Strict):
    """A kind of incident (警情): how many officers and minutes it takes, whether a station car
    always goes, how often it turns into a case and which one, and its share of incidents in
    the simulator."""

    code: str = Field(pattern=_CODE)
    name: str = Field(min_length=1, max_length=40)
    name_en: str = Field(min_length=1, max_length=60)
    officers: int = Field(default=2, ge=1, le=20, description="Officers it needs (1 to 20).")
    minutes: int = Field(default=45, ge=1, le=24 * 60, description="Minutes a car is busy.")
    station_car: bool = Field(default=False, description="A station car always reinforces.")
    case: str | None = Field(default=None, description="Case type it may open.")
    case_share: float = Field(default=0.0, ge=0, le=1, allow_inf_nan=False)
    share: float = Field(default=1.0, ge=0, le=1_000, allow_inf_nan=False)


class DispatchRules(_Strict):
    """Incident types, case types and the simulator's day."""

    incident_types: list[IncidentType] = Field(min_length=1, max_length=MAX_TYPES)
    case_types: list[CaseType] = Field(default=[], max_length=MAX_TYPES)
    per_day: float = Field(
        default=14.0, gt=0, le=10_000, allow_inf_nan=False, description="Simulated incidents/day."
    )
    hour_weights: list[float] = Field(
        default=[
            *(1.0, 0.8, 0.6, 0.5, 0.5, 0.6),
            *(1.0, 1.6, 2.2, 2.6, 2.8, 2.8),
            *(2.6, 2.5, 2.6, 2.7, 2.8, 3.0),
            *(3.2, 3.2, 2.8, 2.2, 1.6, 1.2),
        ],
        min_length=24,
        max_length=24,
        description="Relative frequency of incidents in each hour of the day (simulator).",
    )

    @model_validator(mode="after")
    def _references(self) -> Self:
        problems = []
        for what, codes in (
            ("incident type", [t.code for t in self.incident_types]),
            ("case type", [c.code for c in self.case_types]),
        ):
            problems += [
                f"{what} '{c}' listed twice" for c in sorted(set(codes)) if codes.count(c) > 1
            ]
        cases = {c.code for c in self.case_types}
        for kind in self.incident_types:
            if kind.case is not None and kind.case not in cases:
                problems.append(f"incident type '{kind.code}': unknown case type '{kind.case}'")
        if any(w < 0 or w > 1_000 for w in self.hour_weights) or sum(self.hour_weights) <= 0:
            problems.append("hour_weights: 24 numbers from 0 to 1,000, not all 0")
        if sum(kind.share for kind in self.incident_types) <= 0:
            problems.append("incident_types: at least one share must be above 0")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def incident_type(self, code: str) -> IncidentType | None:
        return next((t for t in self.incident_types if t.code == code), None)

    def case_type(self, code: str) -> CaseType | None:
        return next((c for c in self.case_types if c.code == code), None)


def default_rules() -> DispatchRules:
    """The built-in rules for Qianmen: everyday incidents of a tourist area in old Beijing, and
    the routing table of domain.md rule 19."""
    community, case_team = Handler.community_team, Handler.case_team
    return DispatchRules(
        incident_types=[
            IncidentType(code="help", name="求助", name_en="Help", minutes=30, share=35),
            IncidentType(
                code="dispute",
                name="纠纷",
                name_en="Dispute",
                minutes=45,
                case="mediation",
                case_share=0.2,
                share=25,
            ),
            IncidentType(
                code="theft",
                name="盗窃",
                name_en="Theft",
                minutes=60,
                case="theft",
                case_share=0.6,
                share=10,
            ),
            IncidentType(
                code="fight",
                name="打架斗殴",
                name_en="Fight",
                officers=4,
                minutes=60,
                station_car=True,
                case="assault",
                case_share=0.5,
                share=5,
            ),
            IncidentType(
                code="touting",
                name="非法揽客",
                name_en="Illegal touting",
                minutes=40,
                case="touting",
                case_share=0.5,
                share=10,
            ),
            IncidentType(
                code="vending",
                name="无照游商",
                name_en="Unlicensed vending",
                minutes=30,
                case="unlicensed_trade",
                case_share=0.3,
                share=5,
            ),
            IncidentType(
                code="rental",
                name="出租房屋",
                name_en="Rented housing",
                minutes=40,
                case="rental",
                case_share=0.3,
                share=5,
            ),
            IncidentType(code="traffic", name="交通", name_en="Traffic", minutes=30, share=5),
        ],
        case_types=[
            CaseType(
                code="mediation",
                name="治安调解",
                name_en="Mediation",
                handler=community,
                element="矛盾纠纷",
            ),
            CaseType(
                code="rental",
                name="出租房屋违法",
                name_en="Rented-housing offence",
                handler=community,
                element="出租房屋",
            ),
            CaseType(
                code="unlicensed_trade",
                name="无照经营",
                name_en="Unlicensed trading",
                handler=community,
                element="门前商户",
            ),
            CaseType(code="theft", name="盗窃案", name_en="Theft case", handler=case_team),
            CaseType(code="assault", name="殴打他人", name_en="Assault case", handler=case_team),
            CaseType(code="touting", name="非法揽客", name_en="Touting case", handler=case_team),
        ],
    )


def load_rules(path: str | os.PathLike[str]) -> DispatchRules:
    """Dispatch rules from a YAML, TOML or JSON file; errors name the file and the field."""
    from rosterkit import io

    source = Path(path)
    data = io._read_mapping(source)  # the safe reader of station files: size, depth, aliases
    try:
        return DispatchRules.model_validate(data)
    except ValidationError as error:
        raise io.describe_validation_error(error, str(source)) from None
    except ValueError as error:  # pragma: no cover - pydantic wraps validator errors
        raise RosterInputError(str(error), source=str(source)) from None
