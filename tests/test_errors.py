"""One error hierarchy for bad input, and every raise the public functions document.

`RosterInputError` is the base; `MonthError` and `LeaveError` are kinds of it. Each test below
holds one documented raise of `solve`, `check`, `evaluate`, `plan_month`, `explain_month`,
`decide_month` or `io.load_station` to its word.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FAST, tiny_posts, tiny_station

import rosterkit
from rosterkit import (
    Leave,
    LeaveError,
    Ledger,
    MonthError,
    Result,
    Roster,
    RosterInputError,
    Station,
)
from rosterkit.errors import listing
from rosterkit.io import load_station
from rosterkit.station import Eligibility, Role

D = dt.date

UNKNOWN_OFFICER = [Leave(officer_id="P999", start=D(2026, 12, 1), end=D(2026, 12, 2))]


@pytest.fixture(scope="module")
def december(qianmen_december: Result) -> Roster:
    assert qianmen_december.roster is not None
    return qianmen_december.roster


# --- the hierarchy ---------------------------------------------------------------------------


def test_month_and_leave_errors_are_input_errors_exported_from_the_package() -> None:
    assert issubclass(MonthError, RosterInputError)
    assert issubclass(LeaveError, RosterInputError)
    assert issubclass(RosterInputError, ValueError)
    assert rosterkit.MonthError is rosterkit.calendar.MonthError
    assert rosterkit.LeaveError is rosterkit.leave.LeaveError
    for name in ("RosterInputError", "MonthError", "LeaveError"):
        assert name in rosterkit.__all__


def test_every_input_error_has_a_message_a_detail_and_a_place() -> None:
    error = RosterInputError("unknown team 'Dajiang2'", source="officers.xlsx row 14")
    assert str(error) == "officers.xlsx row 14: unknown team 'Dajiang2'"
    assert (error.detail, error.source) == ("unknown team 'Dajiang2'", "officers.xlsx row 14")
    with pytest.raises(MonthError) as raised:
        rosterkit.Month.parse("2026/12")
    assert raised.value.source is None
    assert raised.value.detail == str(raised.value)
    assert "YYYY-MM" in raised.value.detail


def test_relabelling_keeps_the_kind_of_error() -> None:
    error = LeaveError("unknown officer 'P999'", source="leave")
    relabelled = error.relabel({"leave": "leave.yaml"})
    assert type(relabelled) is LeaveError
    assert str(relabelled) == "leave.yaml: unknown officer 'P999'"
    assert MonthError("no such month").relabel({"ledger": "l.yaml"}).detail == "no such month"


def test_relabelling_names_only_a_part_not_a_file_of_a_like_name() -> None:
    assert str(RosterInputError("x", source="ledger").relabel({"ledger": "l.yaml"})) == "l.yaml: x"
    named = RosterInputError("x", source="ledger.yaml")  # already a file: kept as it is
    assert str(named.relabel({"ledger": "ledger.yaml"})) == "ledger.yaml: x"


# --- solve -----------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["2026-13", "December", "2026/12", ""])
def test_solve_a_malformed_month_raises_a_month_error(qianmen_station: Station, month: str) -> None:
    with pytest.raises(MonthError):
        rosterkit.solve(qianmen_station, month, options=FAST)


def test_solve_an_unknown_officer_in_the_leave_list_raises(qianmen_station: Station) -> None:
    with pytest.raises(RosterInputError, match="unknown officer 'P999'"):
        rosterkit.solve(qianmen_station, "2026-12", UNKNOWN_OFFICER, FAST)


def test_solve_an_officer_who_may_hold_no_post_raises() -> None:
    deputy_directors_only = Eligibility(roles_any=[Role.deputy_director])
    station = tiny_station(posts=tiny_posts(doffice={"eligible": deputy_directors_only}))
    with pytest.raises(RosterInputError, match="may hold no deputy-duty post"):
        rosterkit.solve(station, "2026-12", options=FAST)


def test_solve_a_previous_roster_of_another_month_raises(
    qianmen_station: Station, december: Roster
) -> None:
    with pytest.raises(RosterInputError, match="pass the roster of 2027-01"):
        rosterkit.solve(qianmen_station, "2027-02", options=FAST, previous=december)


# --- check and evaluate ----------------------------------------------------------------------


@pytest.mark.parametrize("judge", [rosterkit.check, rosterkit.evaluate])
def test_check_an_unknown_officer_in_the_leave_list_raises(
    qianmen_station: Station, december: Roster, judge: object
) -> None:
    with pytest.raises(LeaveError, match="unknown officer 'P999'"):
        judge(qianmen_station, december, UNKNOWN_OFFICER)  # type: ignore[operator]


@pytest.mark.parametrize("judge", [rosterkit.check, rosterkit.evaluate])
def test_check_a_previous_roster_of_another_month_raises(
    qianmen_station: Station, december: Roster, judge: object
) -> None:
    with pytest.raises(RosterInputError, match="previous roster is for 2026-12"):
        judge(qianmen_station, december, previous=december)  # type: ignore[operator]


# --- plan_month, explain_month and decide_month ----------------------------------------------

PLANNERS = [rosterkit.plan_month, rosterkit.explain_month]


@pytest.mark.parametrize("plan", PLANNERS)
def test_plan_a_malformed_month_raises_a_month_error(
    qianmen_station: Station, plan: object
) -> None:
    with pytest.raises(MonthError):
        plan(qianmen_station, "2026-13", options=FAST)  # type: ignore[operator]


@pytest.mark.parametrize("plan", PLANNERS)
def test_plan_an_unknown_officer_in_the_requests_raises(
    qianmen_station: Station, plan: object
) -> None:
    with pytest.raises(RosterInputError, match="unknown officer 'P999'") as raised:
        plan(qianmen_station, "2026-12", UNKNOWN_OFFICER, options=FAST)  # type: ignore[operator]
    assert raised.value.source == "leave"


@pytest.mark.parametrize(
    ("ledger", "expected"),
    [
        (Ledger(station_id="elsewhere", year=2026), "station 'elsewhere'"),
        (Ledger(station_id="qianmen", year=2024, through="2024-12"), "start a ledger for 2026"),
        (Ledger(station_id="qianmen", year=2025, through="2025-11"), "through 2025-11"),
        (Ledger(station_id="qianmen", year=2026, through="2026-12"), "charged twice"),
    ],
)
@pytest.mark.parametrize("plan", PLANNERS)
def test_plan_a_ledger_that_cannot_be_used_raises(
    qianmen_station: Station, plan: object, ledger: Ledger, expected: str
) -> None:
    with pytest.raises(RosterInputError, match=expected) as raised:
        plan(qianmen_station, "2026-12", ledger=ledger, options=FAST)  # type: ignore[operator]
    assert raised.value.source == "ledger"


@pytest.mark.parametrize("plan", PLANNERS)
def test_plan_a_previous_roster_of_another_month_raises(
    qianmen_station: Station, december: Roster, plan: object
) -> None:
    with pytest.raises(RosterInputError, match="pass the roster of 2027-01"):
        plan(qianmen_station, "2027-02", previous=december, options=FAST)  # type: ignore[operator]


def test_plan_an_officer_who_may_hold_no_post_raises() -> None:
    deputy_directors_only = Eligibility(roles_any=[Role.deputy_director])
    station = tiny_station(posts=tiny_posts(doffice={"eligible": deputy_directors_only}))
    with pytest.raises(RosterInputError, match="may hold no deputy-duty post"):
        rosterkit.plan_month(station, "2026-12", options=FAST)


def test_decide_month_raises_what_plan_month_raises_before_solving(
    qianmen_station: Station,
) -> None:
    with pytest.raises(MonthError):
        rosterkit.decide_month(qianmen_station, "2026-13")
    with pytest.raises(RosterInputError, match="unknown officer 'P999'"):
        rosterkit.decide_month(qianmen_station, "2026-12", UNKNOWN_OFFICER)
    with pytest.raises(RosterInputError, match="charged twice"):
        rosterkit.decide_month(
            qianmen_station,
            "2026-12",
            ledger=Ledger(station_id="qianmen", year=2026, through="2026-12"),
        )


# --- io.load_station -------------------------------------------------------------------------


def test_load_station_a_missing_file_raises_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(RosterInputError, match="file not found") as raised:
        load_station(path)
    assert raised.value.source == str(path)


def test_load_station_unreadable_yaml_raises_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "station.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(RosterInputError) as raised:
        load_station(path)
    assert str(path) in str(raised.value)


def test_load_station_a_bad_field_raises_naming_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "station.yaml"
    path.write_text("id: tiny\nname: 小所\nno_such_field: 1\n", encoding="utf-8")
    with pytest.raises(RosterInputError) as raised:
        load_station(path)
    assert str(path) in str(raised.value) and "no_such_field" in str(raised.value)


def test_load_station_not_a_mapping_raises(tmp_path: Path) -> None:
    path = tmp_path / "station.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(RosterInputError, match="mapping") as raised:
        load_station(path)
    assert raised.value.source == str(path)


def test_known_values_are_listed_shortened() -> None:
    assert listing(["a", "b"]) == "a, b"
    assert listing([str(n) for n in range(20)], shown=3) == "0, 1, 2, … and 17 more"
