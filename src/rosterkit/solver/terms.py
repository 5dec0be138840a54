"""Penalty terms: what each soft rule contributes to the objective."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from rosterkit.result import Side
from rosterkit.rules import Rule
from rosterkit.station import Station


@dataclass(frozen=True)
class Term:
    """`amount` units of soft rule `rule`, each costing `weight` before the side's share."""

    rule: str
    side: Side
    weight: int
    key: str
    amount: cp_model.LinearExprT


def term(rule: Rule, station: Station, key: str, amount: cp_model.LinearExprT) -> Term:
    """`amount` units of the soft `rule`, priced as `station` weighs it."""
    if rule.side is None:
        raise ValueError(f"rule {rule.id} is hard; it has no penalty terms")
    return Term(rule.id, rule.side, rule.unit_weight(station), key, amount)


def shortfall(
    model: cp_model.CpModel, name: str, target: int, have: cp_model.LinearExprT
) -> cp_model.LinearExprT:
    """An exact ``max(0, target - have)``: a constant when `have` is one."""
    if isinstance(have, int):
        return max(0, target - have)
    var = model.new_int_var(0, max(0, target), name)
    model.add_max_equality(var, [0, target - have])
    return var
