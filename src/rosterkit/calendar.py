"""Months and days of a roster."""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass

from rosterkit.errors import RosterInputError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class MonthError(RosterInputError):
    """A month that cannot be read or rostered (a `RosterInputError`)."""


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written ``YYYY-MM``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise MonthError(f"month {self.month} is not between 1 and 12")
        if not 1900 <= self.year <= 2200:
            raise MonthError(f"year {self.year} is outside 1900-2200")

    @classmethod
    def parse(cls, text: str | Month) -> Month:
        """Read ``2026-12``; anything else raises `MonthError` with the expected form."""
        if isinstance(text, Month):
            return text
        match = _MONTH.match(text.strip())
        if match is None:
            raise MonthError(f"month '{text}' is not of the form YYYY-MM, for example 2026-12")
        return cls(int(match[1]), int(match[2]))

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, self.month, _calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        """The month after this one."""
        day = self.last + dt.timedelta(days=1)
        return Month(day.year, day.month)

    @classmethod
    def coming(cls, today: dt.date | None = None) -> Month:
        """The month after the one of `today` (the date of the machine by default)."""
        day = today or dt.date.today()
        return cls(day.year, day.month).next()

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range(self.last.day)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
