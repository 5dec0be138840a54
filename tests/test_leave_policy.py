"""Leave decisions before rostering: entitlement, balances, caps, priority order (rules 10, 13).

December 2026 starts on a Tuesday; its weekends are 5-6, 12-13, 19-20 and 26-27. In the built-in
station, squad 3 of qiandong_team is P015, P016, P019 and P023; P014 (15 years of service) has 10
days of annual leave, P016 (1 year) has 5; P001 and P002 (leadership) have no squad.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import pytest

from rosterkit.calendar import Month
from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.leave_policy import (
    DayKinds,
    LeaveDecisions,
    annual_entitlement,
    charged_days,
    decide_leave,
)
from rosterkit.ledger import Ledger, OfficerLedger
from rosterkit.station import LeaveKind, LeavePolicy, Station
from rosterkit.stations import qianmen

DECEMBER = Month(2026, 12)


@dataclass(frozen=True)
class FakeCalendar:
    """Weekends are rest days unless shifted to workdays; holidays and extra rest days too."""

    holidays: frozenset[dt.date] = frozenset()
    rest_days: frozenset[dt.date] = frozenset()
    shifted_workdays: frozenset[dt.date] = frozenset()

    def is_holiday(self, day: dt.date) -> bool:
        return day in self.holidays

    def is_rest_day(self, day: dt.date) -> bool:
        weekend = day.weekday() >= 5 and day not in self.shifted_workdays
        return weekend or day in self.holidays or day in self.rest_days


WEEKENDS_ONLY: DayKinds = FakeCalendar()


def dec(day: int) -> dt.date:
    return dt.date(2026, 12, day)


def leave(
    officer: str,
    start: int,
    end: int | None = None,
    kind: LeaveKind = LeaveKind.annual,
    priority: int = 0,
) -> Leave:
    return Leave(
        officer_id=officer,
        start=dec(start),
        end=dec(end if end is not None else start),
        kind=kind,
        priority=priority,
    )


def ledger(**officers: OfficerLedger) -> Ledger:
    return Ledger(station_id="qianmen", year=2026, through="2026-11", officers=officers)


def with_policy(**changes: object) -> Station:
    policy = LeavePolicy.model_validate({**LeavePolicy().model_dump(), **changes})
    return qianmen().model_copy(update={"leave_policy": policy})


def decide(
    requests: list[Leave],
    *,
    station: Station | None = None,
    calendar: DayKinds = WEEKENDS_ONLY,
    book: Ledger | None = None,
) -> LeaveDecisions:
    return decide_leave(station or qianmen(), DECEMBER, requests, calendar, book)


def granted_ids(decisions: LeaveDecisions) -> list[str]:
    return [item.officer_id for item in decisions.granted]


# --- entitlement and charging ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "days"), [(0, 0), (1, 5), (9, 5), (10, 10), (19, 10), (20, 15), (35, 15)]
)
def test_annual_entitlement_follows_years_of_service(years: int, days: int) -> None:
    assert annual_entitlement(years) == days


def test_rest_days_and_holidays_are_not_charged() -> None:
    week = leave("P014", 3, 9)  # Thu 3 .. Wed 9, weekend 5-6 inside
    assert charged_days(week, DECEMBER, WEEKENDS_ONLY) == 5
    holiday = FakeCalendar(holidays=frozenset({dec(8)}))
    assert charged_days(week, DECEMBER, holiday) == 4
    holiday_period = FakeCalendar(rest_days=frozenset({dec(7)}), holidays=frozenset({dec(8)}))
    assert charged_days(week, DECEMBER, holiday_period) == 3


def test_a_weekend_day_moved_to_a_workday_is_charged() -> None:
    shifted = FakeCalendar(shifted_workdays=frozenset({dec(5)}))
    assert charged_days(leave("P014", 3, 9), DECEMBER, shifted) == 6


def test_only_days_inside_the_month_are_charged() -> None:
    across = Leave(officer_id="P014", start=dt.date(2026, 11, 27), end=dec(2))
    assert charged_days(across, DECEMBER, WEEKENDS_ONLY) == 2
    result = decide([across])
    assert result.annual_charged == {"P014": 2}
    assert "days inside 2026-12 only" in result.decisions[0].reason


# --- annual leave and compensatory rest balances --------------------------------------------------


def test_annual_leave_within_the_balance_is_granted_and_charged() -> None:
    result = decide([leave("P014", 3, 9)], book=ledger(P014=OfficerLedger(annual_leave_used=5)))
    (decision,) = result.decisions
    assert decision.granted
    assert decision.charged_days == 5
    assert result.annual_charged == {"P014": 5}
    assert (
        decision.reason
        == "annual leave of P014 12-03..12-09: granted, 5 working days charged, 0 left of 10"
    )


def test_annual_leave_beyond_the_balance_is_refused_with_the_reason() -> None:
    result = decide([leave("P014", 3, 9)], book=ledger(P014=OfficerLedger(annual_leave_used=7)))
    (decision,) = result.refused
    assert not decision.granted
    assert decision.charged_days == 0
    assert result.granted == []
    assert result.annual_charged == {}
    assert decision.reason == (
        "annual leave of P014 12-03..12-09: refused, 5 working days asked, 3 left of 10 (7 used)"
    )
    assert decision.said("zh") == (
        "P014年休假（12-03至12-09）：不准，申请5个工作日，全年10天只剩3天（已休7天）"
    )
    assert decision.said("en") == decision.reason


def test_annual_leave_granted_earlier_in_the_month_reduces_the_balance() -> None:
    first, second = leave("P016", 1, 3), leave("P016", 14, 16)  # 3 + 3 days of 5
    result = decide([first, second])
    assert [d.granted for d in result.decisions] == [True, False]
    assert "3 working days asked, 2 left of 5 (3 used)" in result.decisions[1].reason
    assert result.annual_charged == {"P016": 3}


def test_an_officer_under_one_year_has_no_annual_leave() -> None:
    station = qianmen()
    newcomer = station.officer("P016").model_copy(update={"years_of_service": 0})
    officers = [newcomer if o.id == "P016" else o for o in station.officers]
    station = station.model_copy(update={"officers": officers})
    result = decide([leave("P016", 3)], station=station)
    assert "1 working day asked, 0 left of 0 (0 used)" in result.refused[0].reason


def test_a_second_overlapping_request_charges_only_new_days() -> None:
    result = decide([leave("P014", 1, 4), leave("P014", 3, 8)])  # 4 days, then only 7-8 new
    assert [d.granted for d in result.decisions] == [True, True]
    assert [d.charged_days for d in result.decisions] == [4, 2]
    assert result.annual_charged == {"P014": 6}


def test_compensatory_rest_needs_an_earned_balance() -> None:
    asked = [leave("P014", 3, kind=LeaveKind.compensatory_rest)]
    nothing_earned = decide(asked, book=ledger())
    assert "1 working day asked, 0 left of 0 earned (0 taken)" in nothing_earned.refused[0].reason
    unknown = decide(asked)  # no ledger kept: the balance is unknown and not checked
    assert unknown.decisions[0].granted and "not checked" in unknown.decisions[0].reason
    earned = decide(asked, book=ledger(P014=OfficerLedger(compensatory_rest_earned=1)))
    assert earned.decisions[0].granted
    assert earned.compensatory_rest_charged == {"P014": 1}
    assert earned.annual_charged == {}


def test_compensatory_rest_taken_before_and_earlier_this_month_reduces_the_balance() -> None:
    book = ledger(P014=OfficerLedger(compensatory_rest_earned=4, compensatory_rest_taken=1))
    requests = [
        leave("P014", 1, 2, kind=LeaveKind.compensatory_rest),  # 2 of 3 left
        leave("P014", 7, 8, kind=LeaveKind.compensatory_rest),  # 2 asked, 1 left
        leave("P014", 12, 14, kind=LeaveKind.compensatory_rest),  # weekend 12-13: 1 asked
    ]
    result = decide(requests, book=book)
    assert [d.granted for d in result.decisions] == [True, False, True]
    assert "2 working days asked, 1 left of 4 earned (3 taken)" in result.decisions[1].reason
    assert result.compensatory_rest_charged == {"P014": 3}


def test_a_ledger_of_another_year_or_one_holding_the_month_is_refused() -> None:
    with pytest.raises(RosterInputError, match="start a ledger for 2026"):
        decide([], book=Ledger(station_id="qianmen", year=2025, through="2025-12"))
    with pytest.raises(RosterInputError, match="charged twice"):
        decide([], book=Ledger(station_id="qianmen", year=2026, through="2026-12"))
    with pytest.raises(RosterInputError, match="station 'elsewhere'"):
        decide([], book=Ledger(station_id="elsewhere", year=2026))


# --- caps and priority ----------------------------------------------------------------------------


def test_sick_leave_is_always_granted_even_over_the_cap() -> None:
    requests = [
        leave("P016", 3, kind=LeaveKind.sick),
        leave("P019", 3, kind=LeaveKind.sick),
        leave("P023", 3, kind=LeaveKind.training),
        leave("P015", 3),
    ]
    result = decide(requests)
    assert granted_ids(result) == ["P016", "P019", "P023"]
    assert "sick leave is always granted" in result.decisions[1].reason
    assert [d.charged_days for d in result.decisions[:3]] == [0, 0, 0]
    assert result.refused[0].reason == (
        "annual leave of P015 12-03: refused, on 12-03 squad 3 of qiandong_team already has 3 on "
        "leave (P016, P019, P023), the cap is 1 per squad"
    )
    team = next(t.name for t in qianmen().teams if t.id == "qiandong_team")
    assert result.refused[0].said("zh") == (
        f"P015年休假（12-03）：不准，12-03 {team}第3班组已有3人请假（P016、P019、P023），"
        "每个班组最多1人"
    )
    assert result.decisions[1].said("zh").startswith("P019病假（12-03）：准假，1个工作日；")
    assert "病假一律准假，尽管" in result.decisions[1].said("zh")


def test_squad_cap_goes_to_the_kind_listed_first() -> None:
    book = ledger(P016=OfficerLedger(compensatory_rest_earned=2))
    requests = [leave("P015", 2, 4), leave("P016", 3, kind=LeaveKind.compensatory_rest)]
    result = decide(requests, book=book)
    assert granted_ids(result) == ["P016"]
    assert result.refused[0].request == requests[0]
    assert result.refused[0].reason == (
        "annual leave of P015 12-02..12-04: refused, on 12-03 squad 3 of qiandong_team already "
        "has 1 on leave (P016), the cap is 1 per squad"
    )


def test_squad_cap_goes_to_the_higher_priority_then_to_the_earlier_request() -> None:
    by_priority = decide([leave("P015", 3), leave("P016", 3, priority=5)])
    assert granted_ids(by_priority) == ["P016"]
    by_order = decide([leave("P015", 3), leave("P016", 3)])
    assert granted_ids(by_order) == ["P015"]
    assert "(P015), the cap is 1 per squad" in by_order.refused[0].reason


def test_other_squads_and_other_days_are_not_capped() -> None:
    requests = [leave("P015", 3), leave("P014", 3), leave("P012", 3), leave("P016", 4)]
    assert len(decide(requests).granted) == 4


def test_team_cap_counts_every_squad_of_the_team() -> None:
    station = with_policy(max_per_squad_per_day=None, max_per_team_per_day=2)
    requests = [leave("P015", 3), leave("P016", 3), leave("P012", 1, 3), leave("P004", 3)]
    result = decide(requests, station=station)
    assert granted_ids(result) == ["P015", "P016", "P004"]
    assert result.refused[0].reason == (
        "annual leave of P012 12-01..12-03: refused, on 12-03 team qiandong_team already has 2 "
        "on leave (P015, P016), the cap is 2 per team"
    )


def test_officers_without_a_squad_count_per_team_only() -> None:
    two = decide([leave("P001", 3), leave("P002", 3)])
    assert granted_ids(two) == ["P001", "P002"]
    station = with_policy(max_per_team_per_day=1)
    one = decide([leave("P001", 3), leave("P002", 3)], station=station)
    assert granted_ids(one) == ["P001"]
    assert "team leadership already has 1 on leave (P001)" in one.refused[0].reason


def test_no_caps_when_the_policy_sets_none() -> None:
    station = with_policy(max_per_squad_per_day=None, max_per_team_per_day=None)
    squad = [leave(officer, 3) for officer in ("P015", "P016", "P019", "P023")]
    assert len(decide(squad, station=station).granted) == 4


def test_an_officer_does_not_take_a_second_place_for_overlapping_requests() -> None:
    requests = [leave("P015", 3, kind=LeaveKind.sick), leave("P015", 3, 4)]
    result = decide(requests)
    assert granted_ids(result) == ["P015", "P015"]
    assert result.annual_charged == {"P015": 1}


def test_kinds_the_policy_does_not_list_go_last_in_input_order() -> None:
    station = with_policy(priority=[LeaveKind.annual])
    requests = [
        leave("P015", 3, kind=LeaveKind.other, priority=9),
        leave("P016", 3, kind=LeaveKind.other),
        leave("P019", 3),
    ]
    result = decide(requests, station=station)
    assert granted_ids(result) == ["P019"]
    assert "(P019)" in result.decisions[0].reason


def test_refusals_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="rosterkit.leave_policy"):
        decide([leave("P015", 3), leave("P016", 3)])
    assert any("refused" in record.getMessage() for record in caplog.records)


# --- preferences, bad input, determinism ----------------------------------------------------------


def test_preferences_pass_through_untouched() -> None:
    wish = Leave(
        officer_id="P016",
        start=dec(3),
        end=dec(4),
        kind=LeaveKind.preferred_day_off,
        note="family visit",
        priority=2,
    )
    outside = Leave(
        officer_id="P019",
        start=dt.date(2027, 1, 2),
        end=dt.date(2027, 1, 2),
        kind=LeaveKind.preferred_day_off,
    )
    result = decide([wish, leave("P015", 3), outside])
    assert result.preferences == [wish, outside]
    assert result.preferences[0] is wish
    assert [d.request for d in result.decisions] == [leave("P015", 3)]
    assert granted_ids(result) == ["P015"]


def test_an_unknown_officer_is_an_input_error_naming_the_request() -> None:
    with pytest.raises(RosterInputError, match=r"leave request 1 names unknown officer 'P999'"):
        decide([leave("P015", 3), leave("P999", 3)])
    with pytest.raises(RosterInputError, match="'X'"):
        decide([leave("X", 3, kind=LeaveKind.preferred_day_off)])


def test_the_same_input_gives_the_same_decisions() -> None:
    book = ledger(P016=OfficerLedger(compensatory_rest_earned=1, annual_leave_used=4))
    requests = [
        leave("P015", 1, 9),
        leave("P016", 3, kind=LeaveKind.compensatory_rest),
        leave("P019", 8, 10, priority=1),
        leave("P023", 2, kind=LeaveKind.sick),
        leave("P014", 3, 31),
        leave("P013", 9, 11, kind=LeaveKind.other),
    ]
    first = decide(requests, book=book)
    second = decide(list(requests), book=book)
    assert first == second
    assert first.model_dump() == second.model_dump()
    assert [d.index for d in first.decisions] == list(range(len(requests)))


# --- a further check (the capacity count in `rosterkit.month`) ------------------------------------


def test_check_is_asked_about_refusable_requests_the_policy_grants_in_order_of_decision() -> None:
    """It sees the requests granted so far and the sick leave still to come; its answer refuses
    a request with its words, and None grants it. Sick leave and training are never asked."""
    asked: list[tuple[str, list[str]]] = []

    def check(request: Leave, honoured: list[Leave]) -> str | None:
        asked.append((request.officer_id, [item.officer_id for item in honoured]))
        return "granting it leaves 1 officer short" if request.officer_id == "P016" else None

    policy = with_policy(priority=["annual", "sick", "training"])
    requests = [
        leave("P013", 3),
        leave("P016", 4),  # refused by the check
        leave("P014", 5, kind=LeaveKind.sick),
        leave("P017", 6, kind=LeaveKind.training),
        leave("P019", 7),
        leave("P018", 10),
    ]
    result = decide_leave(policy, DECEMBER, requests, WEEKENDS_ONLY, check=check)
    assert asked == [
        ("P013", ["P014", "P017"]),
        ("P016", ["P013", "P014", "P017"]),
        ("P019", ["P013", "P014", "P017"]),
        ("P018", ["P013", "P019", "P014", "P017"]),
    ]
    assert granted_ids(result) == ["P013", "P014", "P017", "P019", "P018"]
    (refused,) = result.refused
    assert (
        refused.reason == "annual leave of P016 12-04: refused, granting it leaves 1 officer short"
    )


def test_check_is_not_asked_about_requests_the_policy_refuses() -> None:
    asked: list[str] = []

    def check(request: Leave, honoured: list[Leave]) -> str | None:
        asked.append(request.officer_id)
        return None

    requests = [leave("P015", 4), leave("P016", 4)]  # squad 3, one a day
    result = decide_leave(qianmen(), DECEMBER, requests, WEEKENDS_ONLY, check=check)
    assert asked == ["P015"]
    assert granted_ids(result) == ["P015"]
    assert "the cap is 1 per squad" in result.refused[0].reason
