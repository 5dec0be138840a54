"""rosterkit: monthly duty rosters for police stations, solved with CP-SAT and checked apart.

`plan_month` rosters a month from end to end (calendar, leave decisions, solve, check,
ledger); `solve`, `check` and `evaluate` are the steps below it. Bad input raises
`RosterInputError` or one of its subclasses, `MonthError` and `LeaveError`.

Names are imported on first use (PEP 562), so that ``import rosterkit`` and the command line's
``--help`` do not load OR-Tools, pandas, openpyxl or the holiday data until a name needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from rosterkit.calendar import Month, MonthError
from rosterkit.errors import RosterInputError

if TYPE_CHECKING:
    from rosterkit.appraisal import AppraisalLine, appraisers
    from rosterkit.checker import Evaluation, Violation, check, evaluate
    from rosterkit.fixes import CheckedFix, FixLimits
    from rosterkit.leave import Leave, LeaveError
    from rosterkit.ledger import Ledger
    from rosterkit.month import (
        MonthExplanation,
        MonthPlan,
        checked_fixes,
        decide_month,
        explain_month,
        plan_month,
    )
    from rosterkit.options import SolveOptions
    from rosterkit.result import Penalty, Result, SolveStatus
    from rosterkit.roster import Roster
    from rosterkit.solver import Progress, explain, solve
    from rosterkit.station import LeaveKind, Station

    __version__: str

_LAZY = {
    "AppraisalLine": "rosterkit.appraisal",
    "appraisers": "rosterkit.appraisal",
    "Evaluation": "rosterkit.checker",
    "Violation": "rosterkit.checker",
    "check": "rosterkit.checker",
    "evaluate": "rosterkit.checker",
    "Leave": "rosterkit.leave",
    "LeaveError": "rosterkit.leave",
    "Ledger": "rosterkit.ledger",
    "MonthExplanation": "rosterkit.month",
    "MonthPlan": "rosterkit.month",
    "checked_fixes": "rosterkit.month",
    "CheckedFix": "rosterkit.fixes",
    "FixLimits": "rosterkit.fixes",
    "decide_month": "rosterkit.month",
    "explain_month": "rosterkit.month",
    "plan_month": "rosterkit.month",
    "SolveOptions": "rosterkit.options",
    "Penalty": "rosterkit.result",
    "Result": "rosterkit.result",
    "SolveStatus": "rosterkit.result",
    "Roster": "rosterkit.roster",
    "Progress": "rosterkit.solver",
    "explain": "rosterkit.solver",
    "solve": "rosterkit.solver",
    "LeaveKind": "rosterkit.station",
    "Station": "rosterkit.station",
}
"""Exported names and the module each comes from, imported when first asked for."""


def __getattr__(name: str) -> object:
    if name == "__version__":
        value: object = _version()
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'rosterkit' has no attribute '{name}'")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rosterkit")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


__all__ = [
    "AppraisalLine",
    "CheckedFix",
    "Evaluation",
    "FixLimits",
    "Leave",
    "LeaveError",
    "LeaveKind",
    "Ledger",
    "Month",
    "MonthError",
    "MonthExplanation",
    "MonthPlan",
    "Penalty",
    "Progress",
    "Result",
    "Roster",
    "RosterInputError",
    "SolveOptions",
    "SolveStatus",
    "Station",
    "Violation",
    "__version__",
    "appraisers",
    "check",
    "checked_fixes",
    "decide_month",
    "evaluate",
    "explain",
    "explain_month",
    "plan_month",
    "solve",
]
