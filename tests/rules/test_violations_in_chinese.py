"""Every violation a check part yields says what is broken in Chinese too.

A sweep over the broken cases of the rule tests (`test_rule_*.py`, `test_check_broken_*`): each
is run again with every hard rule's check part wrapped, and every violation it yields must carry
Chinese words (`Violation.zh`, with CJK characters) besides its English `message`.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rosterkit.rules import HARD, REGISTRY_IDS, Rule, Violation
from rosterkit.rules.view import RosterView

_HERE = Path(__file__).parent
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _broken_cases(module_name: str) -> list[Callable[..., None]]:
    """The module's `test_check_broken_*` functions that take no parametrised arguments."""
    module = importlib.import_module(module_name)
    return [
        function
        for name, function in vars(module).items()
        if name.startswith("test_check_broken_")
        and callable(function)
        and not any(mark.name == "parametrize" for mark in getattr(function, "pytestmark", []))
    ]


_MODULES = sorted(path.stem for path in _HERE.glob("test_rule_*.py"))


def _recording(rule: Rule, seen: list[Violation]) -> Callable[[RosterView], Iterator[Violation]]:
    check = rule.check
    assert check is not None

    def recorded(view: RosterView) -> Iterator[Violation]:
        for violation in check(view):
            seen.append(violation)
            yield violation

    return recorded


@pytest.mark.parametrize("module_name", _MODULES)
def test_every_violation_of_the_broken_cases_is_said_in_chinese(
    module_name: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Violation] = []
    for rule in HARD:
        # Rules are frozen; the checker runs them by identity, so the check part is swapped in
        # place (and put back by monkeypatch).
        monkeypatch.setitem(rule.__dict__, "check", _recording(rule, seen))
    cases = _broken_cases(module_name)
    assert cases, f"{module_name} has no test_check_broken_* case"
    for case in cases:
        fixtures = {
            name: request.getfixturevalue(name) for name in inspect.signature(case).parameters
        }
        case(**fixtures)

    rule_id = module_name.removeprefix("test_rule_")
    if REGISTRY_IDS[rule_id].hard:
        assert any(v.rule == rule_id for v in seen), f"no {rule_id} violation was checked"
    for violation in seen:
        assert _CJK.search(violation.zh), f"no Chinese words: {violation}"
        assert violation.text("zh") == violation.zh
        assert violation.text("en") == violation.message
        assert violation.zh != violation.message


def test_a_violation_made_without_chinese_falls_back_to_its_message() -> None:
    made = Violation("leave", "on leave but marked 'desk'")
    assert made.text("zh") == made.text("en") == "on leave but marked 'desk'"
    said = Violation("leave", "on leave but marked 'desk'", zh="当天请假")
    assert (said.text("zh"), said.text("en"), said.text()) == (
        "当天请假",
        said.message,
        said.message,
    )
