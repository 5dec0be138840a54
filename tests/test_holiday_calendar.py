"""Holidays, holiday-period days off and moved workdays, and how they shape the roster."""

from __future__ import annotations

import datetime as dt

from conftest import FAST, tiny_posts, tiny_station

from rosterkit import SolveStatus, check, evaluate, solve
from rosterkit.holiday_calendar import month_calendar
from rosterkit.station import Station, YearCalendar
from rosterkit.stations import qianmen

D = dt.date


def test_february_2026_spring_festival() -> None:
    calendar = month_calendar(qianmen(), "2026-02")
    assert calendar.holidays == {D(2026, 2, d) for d in (16, 17, 18, 19)}
    # The festival's other days off, and two Saturdays made workdays (调休).
    assert {D(2026, 2, d) for d in (15, 20, 21, 22, 23)} <= calendar.rest_days
    assert calendar.shifted_workdays == {D(2026, 2, 14), D(2026, 2, 28)}
    assert not calendar.is_weekend(D(2026, 2, 14)) and not calendar.is_rest_day(D(2026, 2, 14))
    assert calendar.warning is None


def test_october_2026_national_day() -> None:
    calendar = month_calendar(qianmen(), "2026-10")
    assert calendar.holidays == {D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 3)}
    assert {D(2026, 10, d) for d in range(1, 8)} <= calendar.rest_days
    assert calendar.shifted_workdays == {D(2026, 10, 10)}


def test_thirteen_statutory_holidays_in_2026() -> None:
    station = qianmen()
    total = sum(len(month_calendar(station, f"2026-{m:02d}").holidays) for m in range(1, 13))
    assert total == 13


def test_unknown_year_warns_and_counts_weekends_only() -> None:
    calendar = month_calendar(qianmen(), "2031-10")
    assert calendar.warning is not None and "2031" in calendar.warning
    assert calendar.holidays == frozenset()
    assert calendar.rest_days == {d for d in calendar.month.days if d.weekday() >= 5}


def test_station_calendar_overrides_an_unknown_year() -> None:
    override = YearCalendar(
        year=2031,
        holidays=[D(2031, 10, 1), D(2031, 10, 2), D(2031, 10, 3)],
        rest_days=[D(2031, 10, 6), D(2031, 10, 7)],
        shifted_workdays=[D(2031, 9, 28), D(2031, 10, 11)],
    )
    station = qianmen().model_copy(update={"calendar": [override]})
    calendar = month_calendar(station, "2031-10")
    assert calendar.warning is None and calendar.source == "station calendar 2031"
    assert calendar.holidays == {D(2031, 10, 1), D(2031, 10, 2), D(2031, 10, 3)}
    assert calendar.shifted_workdays == {D(2031, 10, 11)}
    assert D(2031, 10, 6) in calendar.rest_days and D(2031, 10, 11) not in calendar.rest_days


def _patrol_station() -> Station:
    """Two street-patrol officers; the early shift needs 1 on workdays and 2 on rest days."""
    posts = tiny_posts(early={"max_staff": 2, "rest_day_min_staff": 2})
    return tiny_station(patrol=2, cap=None, posts=posts)


def test_model_staffs_office_hours_posts_by_day_kind() -> None:
    station = _patrol_station()
    result = solve(station, "2026-10", [], FAST)
    assert result.status is SolveStatus.optimal and result.roster is not None
    calendar = month_calendar(station, "2026-10")
    for day in calendar.month.days:
        staff = len(result.roster.holders(day, "early"))
        assert staff >= (2 if calendar.is_rest_day(day) else 1)


def test_checker_judges_rest_day_staffing() -> None:
    station = _patrol_station()
    result = solve(station, "2026-10", [], FAST)
    assert result.roster is not None
    cells = {oid: dict(row) for oid, row in result.roster.cells.items()}
    cells["S1"][D(2026, 10, 2)] = "off"  # a statutory holiday
    broken = result.roster.model_copy(update={"cells": cells})
    violations = check(station, broken)
    assert any(v.rule == "post_staffing" and v.day == D(2026, 10, 2) for v in violations)


def test_holiday_duty_is_tracked_and_spread(qianmen_station: Station) -> None:
    result = solve(qianmen_station, "2026-10", [], FAST)
    assert result.roster is not None
    evaluation = evaluate(qianmen_station, result.roster)
    assert evaluation.violations == [] and evaluation.objective == result.objective
    patrol = [o.id for o in qianmen_station.officers if o.team == "street_patrol"]
    holidays = month_calendar(qianmen_station, "2026-10").holidays
    counts = [sum(result.roster.value(o, d) != "off" for d in holidays) for o in patrol]
    assert max(counts) - min(counts) <= 1
