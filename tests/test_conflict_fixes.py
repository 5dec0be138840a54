"""Fixes of a conflict the search names, when the count before the search finds nothing short.

The count (`rosterkit.capacity`) catches the causes it knows; what it misses the search finds,
and the conflict it names suggests the fixes: a named officer's discretionary leave moved or
refused, the minimum of the post it is about lowered. Here the count is switched off, so that
the tiny month below reaches the search, as a month the count cannot see through would.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import tiny_station

import rosterkit
import rosterkit.fixes
import rosterkit.month
from rosterkit import Leave, SolveOptions
from rosterkit.fixes import ChangeKind
from rosterkit.rules import post_staffing
from rosterkit.station import LeaveKind

FAST = SolveOptions(time_limit=10, workers=1)
DAY = dt.date(2026, 2, 6)
ANNUAL = [Leave(officer_id=o, start=DAY, end=DAY, kind=LeaveKind.annual) for o in ("R1", "R3")]
"""R1 (group 1, on main duty on 6 Feb, the only officer of his group who may hold the community
office) and R3 (resting, who could be called in) both on annual leave that day."""

SICK = [item.model_copy(update={"kind": LeaveKind.sick}) for item in ANNUAL]


@pytest.fixture
def count_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The count finds nothing short, wherever it is asked."""
    monkeypatch.setattr(rosterkit.month, "shortfalls", lambda *args, **kwargs: [])
    monkeypatch.setattr(rosterkit.fixes, "shortfalls", lambda *args, **kwargs: [])


@pytest.mark.usefixtures("count_misses")
def test_the_conflict_suggests_fixes_and_each_is_checked() -> None:
    station = tiny_station()
    explained = rosterkit.explain_month(station, "2026-02", ANNUAL, options=FAST)
    assert explained.shortfalls == []
    (conflict,) = explained.conflicts
    assert conflict.rule == post_staffing.RULE.id
    assert conflict.subject == "moffice@one" and conflict.days == (DAY,)
    assert "R1" in conflict.officers
    kinds = {fix.changes[0].kind for fix in explained.fixes}
    assert kinds == {ChangeKind.move_leave, ChangeKind.refuse_leave, ChangeKind.lower_minimum}
    for fix in explained.fixes:
        assert fix.checked and fix.cost is not None
        # Applied, the fix gives a roster the checker accepts.
        plan = rosterkit.plan_month(fix.station, "2026-02", fix.requests, options=FAST)
        assert plan.roster is not None and plan.violations == []
    refused = next(f for f in explained.fixes if f.changes[0].kind is ChangeKind.refuse_leave)
    assert refused.text("en") == "refuse R1's annual leave 6 Feb"
    assert refused.text("zh") == "不批准R1的年休假(2月6日)"


@pytest.mark.usefixtures("count_misses")
def test_sick_leave_is_never_a_fix() -> None:
    explained = rosterkit.explain_month(tiny_station(), "2026-02", SICK, options=FAST)
    assert explained.conflicts
    kinds = {change.kind for fix in explained.fixes for change in fix.changes}
    assert kinds == {ChangeKind.lower_minimum}


@pytest.mark.usefixtures("count_misses")
def test_generate_offers_the_same_fixes() -> None:
    plan = rosterkit.plan_month(tiny_station(), "2026-02", ANNUAL, options=FAST, fixes=True)
    assert plan.roster is None and plan.result.conflicts
    explained = rosterkit.explain_month(tiny_station(), "2026-02", ANNUAL, options=FAST)
    assert [fix.text("en") for fix in plan.fixes] == [fix.text("en") for fix in explained.fixes]


def test_without_fixes_asked_none_are_looked_for(count_misses: None) -> None:
    plan = rosterkit.plan_month(tiny_station(), "2026-02", ANNUAL, options=FAST)
    assert plan.result.conflicts and plan.fixes == []
