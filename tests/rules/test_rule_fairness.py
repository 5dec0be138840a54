"""Rule `fairness` (soft, short line): car duties, call-ins, own shifts of teams outside the
rotation, weekend and holiday duties, and unmet preferred days differ between a team's officers
by at most the station's allowance; each duty beyond it costs. With a ledger the year so far counts.

February 2026 has six weekend days (1, 7, 8, 15, 21, 22: the 14th and 28th are moved workdays)
and four holidays (16-19).
"""

from __future__ import annotations

from conftest import tiny_posts, tiny_station
from rule_cases import (
    DAYS,
    MONTH,
    assert_checker_agrees,
    checker_penalties,
    edited,
    paid,
    solve_month,
    unit_cost,
)

from rosterkit import Roster
from rosterkit.holiday_calendar import month_calendar
from rosterkit.ledger import Ledger, OfficerLedger
from rosterkit.station import Eligibility, Officer, Role, Station, TeamKind

RULE = "fairness"


def _shifts(roster: Roster, officer_id: str) -> int:
    """The officer's own shifts (the tiny station's one shift post) in the month."""
    return sum(roster.value(officer_id, d) == "early" for d in DAYS)


def _weekend_shifts(station: Station, roster: Roster, officer_id: str) -> int:
    calendar = month_calendar(station, MONTH)
    return sum(roster.value(officer_id, d) == "early" for d in DAYS if calendar.is_weekend(d))


def test_model_kept_spreads_weekend_shifts_within_one() -> None:
    station = tiny_station(patrol=3)
    result = solve_month(station)
    assert result.roster is not None
    assert not [p for p in result.penalties if p.rule == RULE and p.key.endswith(" sp")]
    weekends = [_weekend_shifts(station, result.roster, o) for o in ("S1", "S2", "S3")]
    assert max(weekends) - min(weekends) <= 1


def test_model_kept_costs_nothing_within_a_wider_allowance() -> None:
    """With an allowance of 2 even the community team's groups, whose duty days fall unevenly
    on weekends, are fair enough."""
    station = tiny_station(patrol=3).model_copy(update={"fairness_allowance": 2})
    result = solve_month(station)
    assert paid(result.penalties, RULE) == {}
    assert result.objective == 0


def test_model_kept_evens_out_the_year_with_the_ledger() -> None:
    """S1 has done four weekend duties this year, S2 none: of February's six S1 takes one."""
    station = tiny_station(patrol=2)
    ledger = Ledger(station_id="tiny", year=2026, officers={"S1": OfficerLedger(weekend_duties=4)})
    result = solve_month(station, ledger=ledger)
    assert not {k for k in paid(result.penalties, RULE) if k.endswith(" sp")}
    assert result.roster is not None
    assert [_weekend_shifts(station, result.roster, o) for o in ("S1", "S2")] == [1, 5]
    assert_checker_agrees(station, result, ledger=ledger)


def test_model_broken_pays_for_a_forced_spread_and_checker_agrees() -> None:
    posts = tiny_posts(
        early={
            "eligible": Eligibility(
                team_kinds=[TeamKind.street_patrol], exclude_roles=[Role.sergeant]
            )
        }
    )
    station = tiny_station(
        patrol=2,
        cap=None,
        posts=posts,
        extra=[
            Officer(id="S3", name="巡警三", team="sp", roles=frozenset({Role.sergeant}), squad=1)
        ],
    )
    result = solve_month(station)
    assert result.roster is not None
    fairness = {p.key: p for p in result.penalties if p.rule == RULE}
    calendar = month_calendar(station, MONTH)  # February 2026 moves two Saturdays to workdays
    weekend_days = sum(1 for d in DAYS if calendar.is_weekend(d))
    # The sergeant never works; S1 and S2 share the weekend shifts evenly.
    spread = -(-weekend_days // 2)
    assert fairness["weekend_duties sp"].amount == spread - station.fairness_allowance
    assert fairness["weekend_duties sp"].unit_cost == unit_cost(station, RULE)
    assert {k for k in fairness if k.endswith(" sp")} == {
        "weekend_duties sp",
        "holiday_duties sp",
    }
    # Four holidays: S1 and S2 two each, the sergeant none.
    assert fairness["holiday_duties sp"].amount == 2 - station.fairness_allowance
    assert_checker_agrees(station, result)


def test_check_kept_an_even_roster_costs_nothing() -> None:
    station = tiny_station(patrol=3).model_copy(update={"fairness_allowance": 2})
    roster = solve_month(station).roster
    assert roster is not None
    assert checker_penalties(station, roster, RULE) == {}


def test_check_broken_all_weekend_shifts_to_one_officer() -> None:
    station = tiny_station(patrol=2)
    roster = solve_month(station).roster
    assert roster is not None
    before = checker_penalties(station, roster, RULE)
    assert not {k for k in before if k.endswith(" sp")}
    calendar = month_calendar(station, MONTH)
    weekend = [d for d in DAYS if calendar.is_weekend(d)]
    broken = edited(
        roster, *(("S1", d, "early") for d in weekend), *(("S2", d, "off") for d in weekend)
    )
    after = checker_penalties(station, broken, RULE)
    # Six weekend duties against none, one allowed: five units; the shift totals move with the
    # weekend shifts handed over; nothing else moves.
    totals = [_shifts(broken, o) for o in ("S1", "S2")]
    shift_excess = max(0, abs(totals[0] - totals[1]) - station.fairness_allowance)
    expected = before | {"weekend_duties sp": 6 - 0 - station.fairness_allowance}
    if shift_excess:
        expected["shift_days sp"] = shift_excess
    assert after == expected


def test_check_broken_the_ledger_counts_the_year_so_far() -> None:
    station = tiny_station(patrol=2)
    roster = solve_month(station).roster
    assert roster is not None
    weekends = {o: _weekend_shifts(station, roster, o) for o in ("S1", "S2")}
    assert abs(weekends["S1"] - weekends["S2"]) <= 1
    ledger = Ledger(station_id="tiny", year=2026, officers={"S1": OfficerLedger(weekend_duties=6)})
    after = checker_penalties(station, roster, RULE, ledger=ledger)
    expected = abs(weekends["S1"] + 6 - weekends["S2"]) - station.fairness_allowance
    assert after["weekend_duties sp"] == expected
    # A ledger of another year is not this month's.
    other_year = ledger.model_copy(update={"year": 2025})
    assert "weekend_duties sp" not in checker_penalties(station, roster, RULE, ledger=other_year)


# --- own-shift totals of teams outside the rotation (street patrol) ----------------------------


def test_model_kept_spreads_shift_totals_within_one() -> None:
    """February's 28 early shifts over three patrol officers: 9, 9 and 10, never 4 and 14;
    the rotating community team has no shift figure."""
    station = tiny_station(patrol=3)
    result = solve_month(station)
    assert result.roster is not None
    totals = [_shifts(result.roster, o) for o in ("S1", "S2", "S3")]
    assert sum(totals) == 28
    assert max(totals) - min(totals) <= station.fairness_allowance
    assert not {k for k in paid(result.penalties, RULE) if k.startswith("shift_days")}
    assert_checker_agrees(station, result)


def test_model_kept_evens_out_shift_totals_over_the_year_with_the_ledger() -> None:
    """S1 has held six shifts more than S2 this year: of February's 28 he takes 11, S2 17."""
    station = tiny_station(patrol=2)
    ledger = Ledger(station_id="tiny", year=2026, officers={"S1": OfficerLedger(shift_days=6)})
    result = solve_month(station, ledger=ledger)
    assert result.roster is not None
    assert [_shifts(result.roster, o) for o in ("S1", "S2")] == [11, 17]
    assert "shift_days sp" not in paid(result.penalties, RULE)
    assert_checker_agrees(station, result, ledger=ledger)


def test_model_broken_pays_for_a_year_it_cannot_even_out() -> None:
    """S1 is 40 shifts ahead; S2 may hold at most 5 shifts in any 7 days, 20 of February's 28,
    so S1 holds the other 8: 48 against 20, one allowed, 27 units."""
    station = tiny_station(patrol=2)
    ledger = Ledger(station_id="tiny", year=2026, officers={"S1": OfficerLedger(shift_days=40)})
    result = solve_month(station, ledger=ledger)
    assert result.roster is not None
    assert [_shifts(result.roster, o) for o in ("S1", "S2")] == [8, 20]
    fairness = {p.key: p for p in result.penalties if p.rule == RULE}
    assert fairness["shift_days sp"].amount == 48 - 20 - station.fairness_allowance
    assert fairness["shift_days sp"].unit_cost == unit_cost(station, RULE)
    assert_checker_agrees(station, result, ledger=ledger)


def test_check_kept_even_shift_totals_cost_nothing() -> None:
    station = tiny_station(patrol=3)
    roster = solve_month(station).roster
    assert roster is not None
    assert not {k for k in checker_penalties(station, roster, RULE) if k.startswith("shift_")}


def test_check_broken_shifts_handed_to_one_officer() -> None:
    """Three of S2's weekday shifts written to S1: the totals move six apart, less the
    allowance; the ledger's shifts count too."""
    station = tiny_station(patrol=2)
    roster = solve_month(station).roster
    assert roster is not None
    calendar = month_calendar(station, MONTH)
    weekdays = [
        d
        for d in DAYS
        if roster.value("S2", d) == "early"
        and not calendar.is_weekend(d)
        and not calendar.is_holiday(d)
    ][:3]
    broken = edited(
        roster, *(("S1", d, "early") for d in weekdays), *(("S2", d, "off") for d in weekdays)
    )
    totals = {o: _shifts(broken, o) for o in ("S1", "S2")}
    assert totals["S1"] - totals["S2"] == _shifts(roster, "S1") - _shifts(roster, "S2") + 6
    after = checker_penalties(station, broken, RULE)
    assert after["shift_days sp"] == totals["S1"] - totals["S2"] - station.fairness_allowance
    ledger = Ledger(station_id="tiny", year=2026, officers={"S2": OfficerLedger(shift_days=4)})
    with_ledger = checker_penalties(station, broken, RULE, ledger=ledger)
    expected = abs(totals["S1"] - totals["S2"] - 4) - station.fairness_allowance
    assert with_ledger.get("shift_days sp", 0) == max(0, expected)
