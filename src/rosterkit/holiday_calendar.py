"""Which days of a month are weekends, statutory holidays, other days off and moved workdays.

Sources, in order:
1. the station's own schedule for the year (`Station.calendar`), for years the packages do
   not know yet (each November the State Council announces the next year's schedule);
2. the `holidays` package (China) for the statutory holidays (法定节假日, 13 days a year from
   2025) and, with `chinesecalendar` where it covers the year, the other days off of the
   holiday periods and the weekend days moved to workdays (调休);
3. otherwise a warning, and only Saturdays and Sundays count as rest days.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import cache

import chinese_calendar  # type: ignore[import-untyped]
from holidays.countries.china import China, ChinaStaticHolidays

from rosterkit.calendar import Month
from rosterkit.station import Station

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class YearDays:
    holidays: frozenset[dt.date]
    rest_days: frozenset[dt.date]
    shifted_workdays: frozenset[dt.date]
    source: str


@dataclass(frozen=True)
class MonthCalendar:
    """The kinds of day of one month."""

    month: Month
    holidays: frozenset[dt.date]
    """Statutory holidays: duty on them is holiday duty and earns compensatory rest."""
    rest_days: frozenset[dt.date]
    """Every day off: weekends not moved to a workday, statutory holidays, holiday-period days."""
    shifted_workdays: frozenset[dt.date]
    """Saturdays and Sundays made working days."""
    source: str
    warning: str | None = None

    def is_weekend(self, day: dt.date) -> bool:
        """A Saturday or Sunday that stays a day off (weekend duty is counted on these)."""
        return day.weekday() >= 5 and day not in self.shifted_workdays

    def is_holiday(self, day: dt.date) -> bool:
        return day in self.holidays

    def is_rest_day(self, day: dt.date) -> bool:
        return day in self.rest_days


def _package_year(year: int) -> YearDays | None:
    """The official schedule of `year` from the packages, or None if they do not know it."""
    special = ChinaStaticHolidays.special_public_holidays.get(year)
    if special is None:
        return None
    moved = {
        dt.date(year, m, d): dt.date(year, from_m, from_d)
        for m, d, *rest in special
        if len(rest) == 2 and isinstance(rest[0], int)
        for from_m, from_d in [rest]
    }
    calendar = China(years=year, observed=True, language="en_US")  # type: ignore[no-untyped-call]
    statutory = frozenset(
        day
        for day in China(years=year, observed=False, language="en_US")  # type: ignore[no-untyped-call]
        if day not in moved
    )
    shifted = frozenset(moved.values())
    try:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        all_days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        rest = frozenset(day for day in all_days if chinese_calendar.is_holiday(day))
        shifted = frozenset(
            day for day in all_days if day.weekday() >= 5 and chinese_calendar.is_workday(day)
        )
        source = "holidays + chinesecalendar"
    except NotImplementedError:
        weekends = {
            day
            for day in (dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366))
            if day.year == year and day.weekday() >= 5
        }
        rest = frozenset((weekends - shifted) | set(calendar))
        source = "holidays"
    return YearDays(statutory, rest | statutory, shifted, source)


@cache
def _cached_package_year(year: int) -> YearDays | None:
    return _package_year(year)


def month_calendar(station: Station, month: Month | str) -> MonthCalendar:
    """The month's day kinds, with a warning when no source knows the year.

    The warning is returned, not logged as one (it is logged at INFO level): a month asks for
    its calendar several times, and the caller says the warning once (`MonthPlan.warning`).
    """
    period = Month.parse(month)
    override = next((c for c in station.calendar if c.year == period.year), None)
    if override is not None:
        weekends = {d for d in period.days if d.weekday() >= 5}
        year = YearDays(
            holidays=frozenset(override.holidays),
            rest_days=frozenset(
                (weekends - set(override.shifted_workdays))
                | set(override.holidays)
                | set(override.rest_days)
            ),
            shifted_workdays=frozenset(override.shifted_workdays),
            source=f"station calendar {period.year}",
        )
        warning = None
    else:
        known = _cached_package_year(period.year)
        if known is None:
            warning = (
                f"no holiday schedule known for {period.year}: only Saturdays and Sundays "
                "count as days off; add the year's schedule to the station's 'calendar'"
            )
            log.info(warning)
            year = YearDays(
                holidays=frozenset(),
                rest_days=frozenset(d for d in period.days if d.weekday() >= 5),
                shifted_workdays=frozenset(),
                source="weekends only",
            )
        else:
            year, warning = known, None
    days = set(period.days)
    return MonthCalendar(
        month=period,
        holidays=frozenset(year.holidays & days),
        rest_days=frozenset(year.rest_days & days),
        shifted_workdays=frozenset(year.shifted_workdays & days),
        source=year.source,
        warning=warning,
    )
