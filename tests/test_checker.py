"""The independent checker as a whole: it runs every rule's check part of the registry, stops at
a roster of the wrong shape, and recomputes the solver's objective from the roster alone."""

from __future__ import annotations

import datetime as dt

from rosterkit import Result, check, evaluate, rules
from rosterkit.checker import RULES, Violation
from rosterkit.station import Station


def test_the_checker_judges_every_hard_rule_of_the_registry_in_order() -> None:
    assert tuple(rule.id for rule in rules.HARD) == RULES


def test_the_checker_recomputes_the_solvers_objective_term_by_term(
    qianmen_station: Station, qianmen_december: Result
) -> None:
    assert qianmen_december.roster is not None
    evaluation = evaluate(qianmen_station, qianmen_december.roster)
    assert evaluation.ok and evaluation.violations == []
    assert evaluation.objective == qianmen_december.objective
    assert sorted(evaluation.penalties, key=repr) == sorted(qianmen_december.penalties, key=repr)


def test_a_roster_of_the_wrong_shape_is_judged_on_its_shape_alone(
    qianmen_station: Station, qianmen_december: Result
) -> None:
    roster = qianmen_december.roster
    assert roster is not None
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    del cells["P015"]
    cells["P001"][dt.date(2026, 12, 5)] = "no-such-post"
    evaluation = evaluate(qianmen_station, roster.model_copy(update={"cells": cells}))
    assert {v.rule for v in evaluation.violations} == {"roster_shape"}
    assert evaluation.penalties == []
    assert {v.officer_id for v in evaluation.violations} == {"P015", "P001"}


def test_check_lists_the_broken_rules_of_an_edited_roster(
    qianmen_station: Station, qianmen_december: Result
) -> None:
    roster = qianmen_december.roster
    assert roster is not None
    day = dt.date(2026, 12, 9)
    commander = next(oid for oid, row in roster.cells.items() if row[day] == "commander")
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    cells[commander][day] = "rest"
    broken = check(qianmen_station, roster.model_copy(update={"cells": cells}))
    assert "duty_commander" in {v.rule for v in broken}
    assert all(v.rule in RULES for v in broken)


def test_a_violation_reads_with_its_rule_day_and_officer() -> None:
    violation = Violation("leave", "on leave but marked 'desk'", "P015", dt.date(2026, 12, 3))
    assert str(violation) == "[leave] 2026-12-03 P015: on leave but marked 'desk'"
    assert str(Violation("squads", "uneven")) == "[squads] uneven"
