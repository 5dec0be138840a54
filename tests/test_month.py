"""The month as one library call: `plan_month`, `explain_month`, `decide_month`, and ledgers
that run from one year into the next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FAST, tiny_station
from typer.testing import CliRunner, Result

import rosterkit
from rosterkit import Leave, LeaveKind, Ledger, MonthPlan, SolveStatus
from rosterkit.cli import app
from rosterkit.continuity import ledger_for, update_ledger
from rosterkit.errors import RosterInputError
from rosterkit.io import ledger_text, load_ledger
from rosterkit.ledger import OfficerLedger
from rosterkit.stations import qianmen

D = dt.date

DAJIANG = [f"P{n:03d}" for n in range(24, 36)]
"""The Dajiang community team: the month has no roster if all of them are away on one day."""


def december_ledger(**entries: OfficerLedger) -> Ledger:
    return Ledger(station_id="qianmen", year=2026, through="2026-12", officers=entries)


@pytest.fixture(scope="module")
def december_plan() -> MonthPlan:
    """December 2026 of the built-in station with one annual leave and one refused beside it
    (the squad cap is one a day), planned with a new ledger."""
    requests = [
        Leave(officer_id="P013", start=D(2026, 12, 7), end=D(2026, 12, 11)),
        Leave(officer_id="P014", start=D(2026, 12, 8), end=D(2026, 12, 8)),
        Leave(
            officer_id="P015",
            start=D(2026, 12, 20),
            end=D(2026, 12, 20),
            kind=LeaveKind.preferred_day_off,
        ),
    ]
    return rosterkit.plan_month(qianmen(), "2026-12", requests, options=FAST)


# --- plan_month ------------------------------------------------------------------------------


def test_plan_month_rosters_decides_checks_and_keeps_the_ledger(december_plan: MonthPlan) -> None:
    plan = december_plan
    assert plan.result.status is SolveStatus.optimal
    assert plan.roster is plan.result.roster is not None
    assert plan.violations == []
    assert plan.warning is None and plan.calendar.month == plan.month
    assert [d.request.officer_id for d in plan.refused] == ["P014"]
    assert "refused" in plan.refused[0].reason
    # The roster honours the granted leave and the soft request, not the refused one.
    assert [(r.officer_id, r.kind) for r in plan.requests] == [
        ("P013", LeaveKind.annual),
        ("P015", LeaveKind.preferred_day_off),
    ]
    assert plan.roster.value("P013", D(2026, 12, 9)) == "leave"
    assert plan.roster.value("P014", D(2026, 12, 8)) != "leave"
    assert plan.ledger is not None and plan.ledger.through == "2026-12"
    assert plan.ledger.of("P013").annual_leave_used == 5


def test_plan_month_agrees_with_the_steps_below_it(december_plan: MonthPlan) -> None:
    station = qianmen()
    roster = december_plan.roster
    assert roster is not None
    evaluation = rosterkit.evaluate(station, roster, december_plan.requests)
    assert evaluation.violations == december_plan.violations
    assert evaluation.objective == december_plan.result.objective
    assert december_plan.ledger == update_ledger(None, station, roster, december_plan.requests)


def test_a_month_without_a_roster_is_a_plan_with_reasons_not_an_error() -> None:
    away = [
        Leave(officer_id=o, start=D(2026, 12, 3), end=D(2026, 12, 3), kind=LeaveKind.sick)
        for o in DAJIANG
    ]
    plan = rosterkit.plan_month(qianmen(), "2026-12", away, options=FAST)
    assert plan.result.status is SolveStatus.infeasible
    assert plan.roster is None and plan.ledger is None and plan.violations == []
    assert any("Dajiang" in reason for reason in plan.result.reasons)


def test_plan_month_reports_progress() -> None:
    seen: list[rosterkit.Progress] = []
    plan = rosterkit.plan_month(qianmen(), "2026-12", options=FAST, progress=seen.append)
    assert plan.roster is not None
    assert seen and seen[-1].objective == plan.result.objective


# --- explain_month and decide_month ------------------------------------------------------------


def test_explain_month_decides_leave_as_plan_month_does() -> None:
    """Annual leave for the whole Dajiang team on one day: the caps grant three requests, one
    per squad, and refuse the rest; with those, the month can be rostered."""
    away = [Leave(officer_id=o, start=D(2026, 12, 3), end=D(2026, 12, 3)) for o in DAJIANG]
    found = rosterkit.explain_month(qianmen(), "2026-12", away, options=FAST)
    assert len(found.refused) == len(DAJIANG) - 3
    assert len(found.requests) == 3
    assert found.reasons == []


def test_decide_month_gives_the_calendar_and_the_decisions() -> None:
    requests = [
        Leave(officer_id="P013", start=D(2026, 10, 1), end=D(2026, 10, 9)),  # the national days
    ]
    calendar, decisions = rosterkit.decide_month(qianmen(), "2026-10", requests)
    assert calendar.is_holiday(D(2026, 10, 1))
    assert decisions.granted == requests
    assert decisions.annual_charged.get("P013", 0) < 9  # holidays and rest days not charged


P058_WEEK = Leave(officer_id="P058", start=D(2026, 1, 11), end=D(2026, 1, 17))
"""One of six street-patrol officers away 7 days: the other five give 25 of the 28 shifts."""


def test_plan_explain_and_decide_refuse_the_same_leave_by_the_count() -> None:
    _, decided = rosterkit.decide_month(qianmen(), "2026-01", [P058_WEEK])
    plan = rosterkit.plan_month(qianmen(), "2026-01", [P058_WEEK], options=FAST)
    explained = rosterkit.explain_month(
        qianmen(), "2026-01", [P058_WEEK], options=rosterkit.SolveOptions(time_limit=10)
    )
    assert decided == plan.decisions == explained.decisions
    assert [d.request for d in decided.refused] == [P058_WEEK]
    assert "granting it leaves 3 shifts short: Street patrol shifts" in decided.refused[0].reason
    assert plan.roster is not None and plan.shortfalls == [] and plan.fixes == []
    assert explained.reasons == [] and explained.fixes == []


def test_plan_month_checks_fixes_when_asked() -> None:
    away = [
        Leave(officer_id=o, start=D(2026, 12, 3), end=D(2026, 12, 3), kind=LeaveKind.sick)
        for o in DAJIANG
    ]
    plain = rosterkit.plan_month(qianmen(), "2026-12", away, options=FAST)
    assert plain.shortfalls and plain.fixes == []
    plan = rosterkit.plan_month(qianmen(), "2026-12", away, options=FAST, fixes=True)
    checked = [fix for fix in plan.fixes if fix.checked]
    assert checked and all(fix.roster is not None for fix in checked)
    again = rosterkit.month.checked_fixes(qianmen(), "2026-12", away)
    assert [(f.text(), f.cost) for f in checked] == [(f.text(), f.cost) for f in again if f.checked]


# --- the ledger from one year into the next ---------------------------------------------------


def test_new_year_carries_the_compensatory_rest_balance_only() -> None:
    ledger = december_ledger(
        P013=OfficerLedger(
            car_duties=30,
            call_ins=2,
            weekend_duties=40,
            holiday_duties=5,
            compensatory_rest_earned=5,
            compensatory_rest_taken=2,
            annual_leave_used=10,
        ),
        P014=OfficerLedger(compensatory_rest_earned=1, compensatory_rest_taken=3),
        P015=OfficerLedger(car_duties=12, compensatory_rest_earned=2, compensatory_rest_taken=2),
    )
    opened = ledger.new_year(2027)
    assert (opened.station_id, opened.year, opened.through) == ("qianmen", 2027, "")
    assert opened.officers == {
        "P013": OfficerLedger(compensatory_rest_earned=3),
        "P014": OfficerLedger(compensatory_rest_taken=2),
    }
    assert opened.of("P013").compensatory_rest_balance == 3
    assert opened.of("P014").compensatory_rest_balance == -2
    assert opened.of("P015") == OfficerLedger()
    with pytest.raises(ValueError, match="after 2026"):
        ledger.new_year(2026)


def test_january_draws_compensatory_rest_on_decembers_balance() -> None:
    ledger = december_ledger(
        P013=OfficerLedger(compensatory_rest_earned=4, compensatory_rest_taken=1),
        P014=OfficerLedger(annual_leave_used=5),
    )
    requests = [
        # Tuesday 5 to Thursday 7 January 2027: 3 working days, the balance is 3.
        Leave(
            officer_id="P013",
            start=D(2027, 1, 5),
            end=D(2027, 1, 7),
            kind=LeaveKind.compensatory_rest,
        ),
        # A new year's annual leave: last year's 5 days used do not count.
        Leave(officer_id="P014", start=D(2027, 1, 12), end=D(2027, 1, 12)),
    ]
    _, decisions = rosterkit.decide_month(qianmen(), "2027-01", requests, ledger)
    assert decisions.refused == []
    assert decisions.compensatory_rest_charged == {"P013": 3}
    more = [requests[0].model_copy(update={"end": D(2027, 1, 8)})]
    _, decisions = rosterkit.decide_month(qianmen(), "2027-01", more, ledger)
    assert [d.request.officer_id for d in decisions.refused] == ["P013"]
    assert "3 left of 3 earned" in decisions.refused[0].reason


def test_january_planned_with_decembers_ledger_starts_the_new_year() -> None:
    ledger = december_ledger(
        P013=OfficerLedger(car_duties=30, compensatory_rest_earned=4, compensatory_rest_taken=1),
        P014=OfficerLedger(weekend_duties=40, annual_leave_used=5),
    )
    requests = [
        Leave(
            officer_id="P013",
            start=D(2027, 1, 5),
            end=D(2027, 1, 5),
            kind=LeaveKind.compensatory_rest,
        )
    ]
    plan = rosterkit.plan_month(qianmen(), "2027-01", requests, ledger=ledger, options=FAST)
    assert plan.roster is not None and plan.violations == []
    assert plan.refused == []
    updated = plan.ledger
    assert updated is not None
    assert (updated.year, updated.through) == (2027, "2027-01")
    p013, p014 = updated.of("P013"), updated.of("P014")
    assert p013.compensatory_rest_balance == 2  # 3 carried, 1 taken in January
    assert p013.car_duties < 30 and p014.weekend_duties < 40 and p014.annual_leave_used == 0


def test_update_ledger_opens_the_new_year_from_december() -> None:
    station = qianmen()
    ledger = december_ledger(
        P013=OfficerLedger(car_duties=30, compensatory_rest_earned=2, annual_leave_used=5)
    )
    result = rosterkit.solve(station, "2027-01", options=FAST)
    assert result.roster is not None
    updated = update_ledger(ledger, station, result.roster, [])
    assert (updated.year, updated.through) == (2027, "2027-01")
    assert updated.of("P013").compensatory_rest_earned == 2
    assert updated.of("P013").annual_leave_used == 0
    assert updated.of("P013").car_duties < 30


@pytest.mark.parametrize(
    ("ledger", "expected"),
    [
        (Ledger(station_id="qianmen", year=2026, through="2026-11"), "through 2026-11"),
        (Ledger(station_id="qianmen", year=2026), "no month yet"),
        (Ledger(station_id="qianmen", year=2025, through="2025-12"), "start a ledger for 2027"),
        (Ledger(station_id="qianmen", year=2028), "start a ledger for 2027"),
    ],
)
def test_a_ledger_the_new_year_cannot_open_is_refused(ledger: Ledger, expected: str) -> None:
    with pytest.raises(RosterInputError, match=expected) as raised:
        rosterkit.decide_month(qianmen(), "2027-01", [], ledger)
    assert raised.value.source == "ledger"
    with pytest.raises(RosterInputError, match=expected):
        ledger_for(ledger, "2027-01")


def test_a_ledger_of_the_months_year_is_used_as_it_is() -> None:
    ledger = Ledger(station_id="qianmen", year=2027, through="2027-01")
    assert ledger_for(ledger, "2027-02") is ledger


def test_planning_another_station_with_the_ledger_is_refused() -> None:
    with pytest.raises(RosterInputError, match="station 'qianmen'"):
        rosterkit.plan_month(tiny_station(), "2027-01", ledger=december_ledger(), options=FAST)


# --- at the command line ---------------------------------------------------------------------


def run(*args: object) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args])


def test_explain_at_the_command_line_decides_leave_as_generate_does(tmp_path: Path) -> None:
    leave = tmp_path / "leave.yaml"
    leave.write_text(
        "".join(f"- {{officer_id: {o}, start: 2026-12-03, end: 2026-12-03}}\n" for o in DAJIANG),
        encoding="utf-8",
    )
    explained = run("explain", "-m", "2026-12", "--leave", leave, "--time-limit", "30")
    assert explained.exit_code == 0, explained.output
    assert explained.stdout.count("请假未准：") == len(DAJIANG) - 3
    assert "No conflict found" in explained.stdout
    generated = run("generate", "-m", "2026-12", "--leave", leave, "-q", "-o", tmp_path / "r.csv")
    assert generated.exit_code == 0, generated.output
    assert generated.stdout.count("请假未准：") == len(DAJIANG) - 3


def test_check_at_the_command_line_decides_leave_as_generate_does(tmp_path: Path) -> None:
    """The annual leave the count refuses is refused by generate and not expected by check."""
    leave = tmp_path / "leave.yaml"
    leave.write_text("- {officer_id: P058, start: 2026-01-11, end: 2026-01-17}\n", "utf-8")
    roster = tmp_path / "january.json"
    generated = run(
        "generate", "-m", "2026-01", "--leave", leave, "-q", "-o", roster, "--lang", "en"
    )
    assert generated.exit_code == 0, generated.output
    assert "leave refused: annual leave of P058 01-11..01-17: refused, granting it leaves 3 " in (
        generated.stdout
    )
    checked = run("check", roster, "--leave", leave, "--lang", "en")
    assert checked.exit_code == 0, checked.output
    assert "not expected in the roster, refused by the leave policy: annual leave of P058" in (
        checked.stdout
    )


def test_generate_january_with_decembers_ledger_opens_the_new_year(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.yaml"
    december = december_ledger(
        P013=OfficerLedger(car_duties=30, compensatory_rest_earned=4, compensatory_rest_taken=1)
    )
    ledger.write_text(ledger_text(december, ledger), encoding="utf-8")
    leave = tmp_path / "leave.yaml"
    leave.write_text(
        "- {officer_id: P013, start: 2027-01-05, end: 2027-01-07, kind: compensatory_rest}\n",
        encoding="utf-8",
    )
    january = ["-m", "2027-01", "--ledger", ledger, "--leave", leave]
    explained = run("explain", *january)
    assert explained.exit_code == 0, explained.output
    assert "请假未准" not in explained.stdout
    generated = run("generate", *january, "-q", "-o", tmp_path / "january.json")
    assert generated.exit_code == 0, generated.output
    assert "请假未准" not in generated.stdout
    assert "through 2027-01" in generated.stdout
    opened = load_ledger(ledger)
    assert (opened.year, opened.through) == (2027, "2027-01")
    assert opened.of("P013").compensatory_rest_balance == 0  # 3 carried, 3 taken
    assert opened.of("P013").car_duties < 30
