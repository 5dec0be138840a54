"""Two-level dispatch and case handling during the month (domain.md rule 19).

- `DispatchRules` (`default_rules`, `load_rules`): incident types, case types and the
  jurisdiction table.
- `Incident`, `read_incidents`, `write_incidents`: the incident log.
- `dispatch(station, roster, incidents, rules) -> DispatchResult`: each incident's responders,
  each case's route and hand-over, each officer's load, the incidents nobody was free for.
- `check_dispatch`: an independent check of a dispatch result against the rules.
- `simulate`: a seeded month of incidents by community, hour and type.
- `write_result`, `read_result`: the result as JSON or as a workbook for the leadership.
"""

from __future__ import annotations

from rosterkit.dispatch.check import DispatchViolation, check_dispatch
from rosterkit.dispatch.engine import dispatch
from rosterkit.dispatch.incidents import Incident, read_incidents, write_incidents
from rosterkit.dispatch.result import (
    CaseRoute,
    DispatchResult,
    Level,
    OfficerLoad,
    Outcome,
    Response,
)
from rosterkit.dispatch.rules import (
    CaseType,
    DispatchRules,
    Handler,
    IncidentType,
    default_rules,
    load_rules,
)
from rosterkit.dispatch.simulate import simulate
from rosterkit.dispatch.workbook import build_dispatch_workbook, read_result, write_result

__all__ = [
    "CaseRoute",
    "CaseType",
    "DispatchResult",
    "DispatchRules",
    "DispatchViolation",
    "Handler",
    "Incident",
    "IncidentType",
    "Level",
    "OfficerLoad",
    "Outcome",
    "Response",
    "build_dispatch_workbook",
    "check_dispatch",
    "default_rules",
    "dispatch",
    "load_rules",
    "read_incidents",
    "read_result",
    "simulate",
    "write_incidents",
    "write_result",
]
