"""Fixtures of the brigade's tests: the built-in brigade and its November plan, and a tiny
brigade small enough to reason about by hand."""

from __future__ import annotations

import pytest

from brigade.brigade_cases import tiny_data
from rosterkit.brigade.builtin import qianmen_brigade
from rosterkit.brigade.data import Brigade
from rosterkit.brigade.plan import BrigadePlan
from rosterkit.brigade.solver import solve_plan
from rosterkit.options import SolveOptions

FAST = SolveOptions(time_limit=10, workers=1)


@pytest.fixture
def tiny() -> Brigade:
    return Brigade.model_validate(tiny_data())


@pytest.fixture
def tiny_plan(tiny: Brigade) -> BrigadePlan:
    return solve_plan(tiny, "2026-11", FAST)


@pytest.fixture(scope="session")
def qianmen() -> Brigade:
    return qianmen_brigade()


@pytest.fixture(scope="session")
def qianmen_november(qianmen: Brigade) -> BrigadePlan:
    return solve_plan(qianmen, "2026-11", FAST)
