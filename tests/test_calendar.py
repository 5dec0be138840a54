"""Months: read, checked, and the month after."""

from __future__ import annotations

import datetime as dt

import pytest

from rosterkit import RosterInputError
from rosterkit.calendar import Month, MonthError


@pytest.mark.parametrize(
    ("month", "following"), [("2026-11", "2026-12"), ("2026-12", "2027-01"), ("2024-02", "2024-03")]
)
def test_the_next_month_runs_over_the_year(month: str, following: str) -> None:
    assert Month.parse(month).next() == Month.parse(following)


def test_the_coming_month_is_the_one_after_today() -> None:
    assert Month.coming(dt.date(2026, 11, 30)) == Month(2026, 12)
    assert Month.coming(dt.date(2026, 12, 1)) == Month(2027, 1)


@pytest.mark.parametrize("text", ["2026-13", "2026/12", "26-12", "", "2301-01"])
def test_a_bad_month_is_bad_input(text: str) -> None:
    with pytest.raises(MonthError) as caught:
        Month.parse(text)
    assert isinstance(caught.value, RosterInputError)
