"""The solve façade on the built-in station: result shape, determinism, views, bad months."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FAST

from rosterkit import Month, Result, SolveOptions, SolveStatus, evaluate, explain, solve
from rosterkit.calendar import MonthError
from rosterkit.leave import Leave
from rosterkit.station import Station


def test_qianmen_december_has_zero_violations(
    qianmen_station: Station, qianmen_december: Result
) -> None:
    assert qianmen_december.status is SolveStatus.optimal
    assert qianmen_december.roster is not None
    evaluation = evaluate(qianmen_station, qianmen_december.roster)
    assert evaluation.violations == []
    assert evaluation.objective == qianmen_december.objective
    assert qianmen_december.best_bound == qianmen_december.objective
    assert qianmen_december.gap == 0.0


def test_penalties_add_up_to_objective_with_leave(qianmen_station: Station) -> None:
    leave = [
        Leave(officer_id="P015", start=dt.date(2026, 12, 3), end=dt.date(2026, 12, 9)),
        Leave(officer_id="P003", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 4)),
    ]
    result = solve(qianmen_station, "2026-12", leave, FAST)
    assert result.roster is not None and result.objective is not None
    assert result.objective == sum(p.cost for p in result.penalties)
    mine = sorted((p.rule, p.key, p.amount) for p in result.penalties)
    theirs = sorted(
        (p.rule, p.key, p.amount) for p in evaluate(qianmen_station, result.roster, leave).penalties
    )
    assert mine == theirs


def test_same_inputs_and_seed_give_the_same_roster(qianmen_station: Station) -> None:
    station = qianmen_station.without_squads()
    options = SolveOptions(workers=1, seed=7, time_limit=30)
    first = solve(station, "2027-01", [], options)
    second = solve(station, "2027-01", [], options)
    assert first.roster is not None
    assert first.roster == second.roster


def test_solver_forms_squads_that_pass_the_checker(qianmen_station: Station) -> None:
    station = qianmen_station.without_squads()
    result = solve(station, "2026-12", [], FAST)
    assert result.status is SolveStatus.optimal
    assert result.roster is not None
    assert evaluate(station, result.roster).violations == []


def test_pandas_views(qianmen_station: Station, qianmen_december: Result) -> None:
    roster = qianmen_december.roster
    assert roster is not None
    long = roster.long(qianmen_station)
    assert len(long) == 62 * 31
    assert set(long.columns) >= {"officer_id", "date", "duty_group", "state", "value", "post"}
    assert not long["call_in"].any()
    wide = roster.wide(qianmen_station)
    assert wide.shape == (62, 31)
    assert wide.loc["P001"].eq("off").sum() + wide.loc["P001"].eq("commander").sum() == 31


def test_infeasible_month_returns_a_status_with_reasons(qianmen_station: Station) -> None:
    day = dt.date(2026, 12, 3)
    team = [o.id for o in qianmen_station.officers if o.team == "dajiang_team"]
    leave = [Leave(officer_id=oid, start=day, end=day) for oid in team]
    result = solve(qianmen_station, "2026-12", leave, FAST)
    assert result.status is SolveStatus.infeasible
    assert result.roster is None
    assert result.reasons
    assert all("2026-12-03" in reason or "12-03" in reason for reason in result.reasons)
    assert explain(qianmen_station, "2026-12", leave, FAST)


def test_feasible_month_has_nothing_to_explain(qianmen_station: Station) -> None:
    assert explain(qianmen_station, "2026-12", [], FAST) == []


@pytest.mark.parametrize("text", ["2026-13", "December", "2026/12", "26-12", ""])
def test_bad_month_is_rejected_with_the_expected_form(text: str) -> None:
    with pytest.raises(MonthError):
        Month.parse(text)


def test_month_days() -> None:
    assert len(Month.parse("2028-02").days) == 29
    assert str(Month.parse("2026-1")) == "2026-01"


def test_reasons_that_differ_only_in_the_day_are_said_once() -> None:
    from rosterkit.solver.conflicts import merge_days

    reasons = [
        "Desk on 2026-12-04 needs at least 2",
        "Desk on 2026-12-03 needs at least 2",
        "P001 may work at most 5 shifts in the 7 days from 12-01",
        "the rules conflict",
    ]
    assert merge_days(reasons) == [
        "Desk on 2026-12-03, 12-04 needs at least 2",
        "P001 may work at most 5 shifts in the 7 days from 12-01",
        "the rules conflict",
    ]


def test_three_or_more_consecutive_days_are_said_as_a_span() -> None:
    from rosterkit.solver.conflicts import merge_days

    reasons = [f"Desk on 2026-12-{day:02d} needs at least 2" for day in (9, 3, 4, 5, 12, 11)]
    assert merge_days(reasons) == ["Desk on 2026-12-03–12-05, 12-09, 12-11, 12-12 needs at least 2"]
    # Numbers that are no day are left alone.
    assert merge_days(
        ["group 1 must hold 13-13 of the 40", "group 2 must hold 13-13 of the 40"]
    ) == [
        "group 1 must hold 13-13 of the 40",
        "group 2 must hold 13-13 of the 40",
    ]
    chinese = [f"巡警1（S1）自02-{day:02d}起7天内最多3个班次" for day in (15, 16, 17)]
    assert merge_days(chinese) == ["巡警1（S1）自02-15–02-17起7天内最多3个班次"]
