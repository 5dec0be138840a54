"""Officer figures and charged leave: counted from the roster alone, one definition for the
workbook, the ledger and the fairness rule."""

from __future__ import annotations

import datetime as dt

from rosterkit import Leave, Result, Roster
from rosterkit.continuity import update_ledger
from rosterkit.duties import slot_map
from rosterkit.figures import leave_charged, officer_figures
from rosterkit.holiday_calendar import month_calendar
from rosterkit.station import LeaveKind, Station


def test_figures_count_each_officer_day_once_by_what_it_holds(
    qianmen_station: Station, qianmen_december: Result
) -> None:
    roster = qianmen_december.roster
    assert roster is not None
    slots = slot_map(qianmen_station)
    calendar = month_calendar(qianmen_station, roster.month)
    figures = officer_figures(qianmen_station, roster)
    for officer in qianmen_station.officers:
        row = roster.cells[officer.id]
        mine = figures[officer.id]
        held = {day: slots[value] for day, value in row.items() if value in slots}
        assert mine.main_days + mine.deputy_days + mine.shift_days == len(held)
        assert mine.main_days + mine.deputy_days + mine.shift_days + mine.rest_days + (
            mine.leave_days
        ) == len(row)
        assert mine.hours == sum(slot.post.hours for slot in held.values())
        assert mine.car_duties == sum(slot.post.car for slot in held.values())
        assert mine.weekend_duties == sum(calendar.is_weekend(day) for day in held)
        assert mine.holiday_duties == sum(calendar.is_holiday(day) for day in held)
        assert mine.call_ins == sum(roster.is_call_in(qianmen_station, officer.id, d) for d in row)


def test_the_ledger_adds_the_figures_of_the_month(
    qianmen_station: Station, qianmen_december: Result
) -> None:
    roster = qianmen_december.roster
    assert roster is not None
    ledger = update_ledger(None, qianmen_station, roster)
    figures = officer_figures(qianmen_station, roster)
    for officer in qianmen_station.officers:
        entry, mine = ledger.of(officer.id), figures[officer.id]
        assert (entry.car_duties, entry.call_ins) == (mine.car_duties, mine.call_ins)
        assert (entry.weekend_duties, entry.holiday_duties) == (
            mine.weekend_duties,
            mine.holiday_duties,
        )
        assert entry.compensatory_rest_earned == mine.holiday_duties


def _with_leave(roster: Roster, officer_id: str, days: list[dt.date]) -> Roster:
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    for day in days:
        cells[officer_id][day] = "leave"
    return roster.model_copy(update={"cells": cells})


def test_charged_leave_counts_working_days_the_roster_honours(
    qianmen_station: Station, qianmen_december: Result
) -> None:
    roster = qianmen_december.roster
    assert roster is not None
    # Mon 7 Dec to Sun 13 Dec 2026: five working days, a weekend; only the first four honoured
    week = [dt.date(2026, 12, 7) + dt.timedelta(days=i) for i in range(7)]
    honoured = _with_leave(roster, "P015", [*week[:4], *week[5:]])
    annual = Leave(officer_id="P015", start=week[0], end=week[-1])
    charged = leave_charged(qianmen_station, honoured, [annual])
    assert charged["P015"].annual_leave == 4
    assert charged["P015"].compensatory_rest == 0
    rest = Leave(officer_id="P015", start=week[0], end=week[1], kind=LeaveKind.compensatory_rest)
    sick = Leave(officer_id="P015", start=week[2], end=week[3], kind=LeaveKind.sick)
    charged = leave_charged(qianmen_station, honoured, [rest, sick])
    assert charged["P015"].annual_leave == 0 and charged["P015"].compensatory_rest == 2
