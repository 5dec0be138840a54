"""Rule `fairness` (soft, short line): car duties, call-ins, weekend and holiday duties, and unmet
preferred days differ between a team's officers by at most the station's allowance; each duty
beyond it costs. With a ledger the year so far counts.

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
    # Six weekend duties against none, one allowed: five units; nothing else moves.
    assert after == before | {"weekend_duties sp": 6 - 0 - station.fairness_allowance}


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
