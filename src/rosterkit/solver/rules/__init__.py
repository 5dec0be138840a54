"""The rule families of the roster model, in the order they are built.

Each module is the model part of the rules it names in `MODELS` (specs of `rosterkit.rules`) and
has `build(variables) -> list[Term]`: it adds their hard constraints to the model and returns
their soft penalty terms. Eligibility, full-time community officers and leave are kept by the
variables themselves (`rosterkit.solver.variables.MODELS`).
"""

from __future__ import annotations

from types import ModuleType

from rosterkit.solver.rules import (
    borrowing,
    commander,
    community,
    fairness,
    leave,
    preferences,
    rest,
    rest_between,
    rotation,
    squads,
    staffing,
    street_patrol,
)

RULES: list[ModuleType] = [
    squads,
    rotation,
    commander,
    staffing,
    community,
    street_patrol,
    rest,
    rest_between,
    leave,
    borrowing,
    preferences,
    fairness,
]
