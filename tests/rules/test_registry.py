"""The registry of rules: every rule has its spec, words in both languages, a model part, a
check part, a row in docs/rules.md, and kept and broken tests on the model and checker sides."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from rosterkit import rules
from rosterkit.rules import REGISTRY, Rule
from rosterkit.solver import variables
from rosterkit.solver.rules import RULES as MODEL_MODULES
from rosterkit.station import RuleWeights

ROOT = Path(__file__).resolve().parents[2]
TESTS = Path(__file__).resolve().parent
SIDES = ("test_model_kept", "test_model_broken", "test_check_kept", "test_check_broken")
"""Each rule's test module has at least one test whose name starts with each of these."""

_CJK = re.compile(r"[\u4e00-\u9fff]")
IDS = [rule.id for rule in REGISTRY]


def test_rule_ids_are_unique_and_found_by_id() -> None:
    assert len(set(IDS)) == len(IDS)
    for rule in REGISTRY:
        assert rules.rule(rule.id) is rule
    with pytest.raises(KeyError, match="no rule 'nonesuch'"):
        rules.rule("nonesuch")


@pytest.mark.parametrize("rule", REGISTRY, ids=IDS)
def test_every_rule_has_words_in_chinese_and_english(rule: Rule) -> None:
    for field in ("name", "broken", "fix"):
        zh, en = getattr(rule.zh, field), getattr(rule.en, field)
        assert _CJK.search(zh), f"{rule.id}.zh.{field} is not Chinese: {zh!r}"
        assert en.strip() and not _CJK.search(en), f"{rule.id}.en.{field}: {en!r}"
    assert rule.name("zh") == rule.zh.name and rule.name("en") == rule.en.name


@pytest.mark.parametrize("rule", REGISTRY, ids=IDS)
def test_every_rule_has_a_check_part_and_soft_rules_a_side_and_weight(rule: Rule) -> None:
    if rule.hard:
        assert callable(rule.check) and rule.measure is None and rule.side is None
    else:
        assert callable(rule.measure) and rule.side is not None and rule.weight is not None
        assert rule.weight in RuleWeights.model_fields, f"{rule.id}: no weight '{rule.weight}'"


def test_every_rule_has_exactly_one_model_part() -> None:
    modelled = Counter(rule.id for module in [*MODEL_MODULES, variables] for rule in module.MODELS)
    assert sorted(modelled) == sorted(IDS), "rules without a model part, or unknown ones"
    assert [rule for rule, count in modelled.items() if count > 1] == []


def _documented() -> dict[str, list[str]]:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        match = re.match(r"\| `([a-z0-9_]+)` \|(.*)\|$", line)
        if match:
            rows[match[1]] = [cell.strip() for cell in match[2].split("|")]
    return rows


def test_docs_rules_lists_every_rule_as_the_registry_does() -> None:
    rows = _documented()
    assert list(rows) == IDS, "docs/rules.md rows, in the registry's order"
    defaults = RuleWeights()
    for rule in REGISTRY:
        kind, side, weight, zh, meaning = rows[rule.id][:5]
        assert kind == ("hard" if rule.hard else "soft"), rule.id
        assert side == ("—" if rule.side is None else rule.side.value.replace("_", " ")), rule.id
        expected = "—" if rule.weight is None else str(getattr(defaults, rule.weight))
        assert weight == expected, rule.id
        assert zh == rule.zh.name, rule.id
        assert meaning, rule.id


def _test_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


@pytest.mark.parametrize("rule", REGISTRY, ids=IDS)
def test_every_rule_is_tested_kept_and_broken_on_each_side(rule: Rule) -> None:
    path = TESTS / f"test_rule_{rule.id}.py"
    assert path.exists(), f"no tests for rule {rule.id}: write {path.relative_to(ROOT)}"
    names = _test_names(path)
    missing = [side for side in SIDES if not any(name.startswith(side) for name in names)]
    assert missing == [], f"{path.name} lacks {', '.join(missing)}"
