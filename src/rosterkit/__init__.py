"""rosterkit: monthly duty rosters for police stations, solved with CP-SAT and checked apart."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from rosterkit.appraisal import AppraisalLine, appraisers
from rosterkit.calendar import Month
from rosterkit.checker import Evaluation, Violation, check, evaluate
from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.options import SolveOptions
from rosterkit.result import Penalty, Result, SolveStatus
from rosterkit.roster import Roster
from rosterkit.solver import Progress, explain, solve
from rosterkit.station import LeaveKind, Station

try:
    __version__ = version("rosterkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "AppraisalLine",
    "Evaluation",
    "Leave",
    "LeaveKind",
    "Month",
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
    "evaluate",
    "explain",
    "solve",
]
