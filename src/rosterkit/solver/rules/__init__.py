"""The rule families of the roster model, in the order they are built.

Each module has a `NAME` and `build(variables) -> list[Term]`: it adds its hard constraints to
the model and returns its soft penalty terms.
"""

from __future__ import annotations

from types import ModuleType

from rosterkit.solver.rules import (
    commander,
    community,
    fairness,
    leave,
    preferences,
    rest,
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
    leave,
    preferences,
    fairness,
]
