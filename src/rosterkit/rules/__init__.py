"""The roster's rules, each one named thing: id, hard or soft, appraisal side and weight, words
in Chinese and English, and its check part (pure Python). `docs/rules.md` lists them.

A rule's model part is in `rosterkit.solver` and names the rules it models (`MODELS`); the
checker, the explanations, the command line and the workbook read names and words from here.
To add a rule: write its module here (spec and check part), its model part in
`rosterkit/solver/rules/`, a row in `docs/rules.md` and its tests in `tests/rules/`.
"""

from __future__ import annotations

from rosterkit.rules import (
    ab_cover,
    borrowing,
    call_in,
    community_presence,
    duty_commander,
    duty_coverage,
    eligibility,
    fairness,
    full_time_community,
    grid_coverage,
    leave,
    post_staffing,
    preference,
    rest_after_24h,
    rest_between_shifts,
    roster_shape,
    rotation,
    squads,
    street_patrol,
)
from rosterkit.rules.spec import Lang, Rule, Violation, Words

REGISTRY: tuple[Rule, ...] = (
    roster_shape.RULE,
    squads.RULE,
    rotation.RULE,
    eligibility.RULE,
    duty_commander.RULE,
    post_staffing.RULE,
    full_time_community.RULE,
    street_patrol.RULE,
    rest_after_24h.RULE,
    rest_between_shifts.RULE,
    leave.RULE,
    duty_coverage.RULE,
    community_presence.RULE,
    ab_cover.RULE,
    grid_coverage.RULE,
    call_in.RULE,
    borrowing.RULE,
    preference.RULE,
    fairness.RULE,
)
"""Every rule: the hard ones in the order the checker reports them, then the soft ones."""

HARD: tuple[Rule, ...] = tuple(rule for rule in REGISTRY if rule.hard)
SOFT: tuple[Rule, ...] = tuple(rule for rule in REGISTRY if not rule.hard)
REGISTRY_IDS = {rule.id: rule for rule in REGISTRY}
"""Each rule by its id."""


def rule(rule_id: str) -> Rule:
    """The rule of `rule_id`; an unknown id is a `KeyError` naming the known ones."""
    try:
        return REGISTRY_IDS[rule_id]
    except KeyError:
        raise KeyError(f"no rule '{rule_id}'; rules: {', '.join(REGISTRY_IDS)}") from None


def name(rule_id: str, lang: Lang = "en") -> str:
    """A rule's name in `lang`; an id that is not a rule shows as it is."""
    found = REGISTRY_IDS.get(rule_id)
    return rule_id if found is None else found.name(lang)


__all__ = [
    "HARD",
    "REGISTRY",
    "REGISTRY_IDS",
    "SOFT",
    "Lang",
    "Rule",
    "Violation",
    "Words",
    "name",
    "rule",
]
