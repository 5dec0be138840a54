"""Swaps: every option passes the independent checker, options come cheapest first, a duty
can be given away only by the one who holds it, and chains are checked like the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import tiny_station
from rules.rule_cases import first_day, solved

import rosterkit.swaps as swaps_module
from rosterkit import Roster, evaluate
from rosterkit.duties import LEAVE, OFF, REST
from rosterkit.errors import RosterInputError
from rosterkit.station import DutyState, Station
from rosterkit.swaps import find_swaps


@pytest.fixture(scope="module")
def tiny() -> Station:
    return tiny_station()


@pytest.fixture(scope="module")
def roster(tiny: Station) -> Roster:
    return solved(tiny)


def test_options_pass_the_checker_cheapest_first(tiny: Station, roster: Roster) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    options = find_swaps(tiny, roster, "R1", day, [])
    assert options
    costs = [o.cost for o in options]
    assert costs == sorted(costs)
    for option in options:
        evaluation = evaluate(tiny, option.roster, option.leave)
        assert evaluation.violations == [] and evaluation.objective == option.cost
        assert option.roster.cells["R1"][day] != roster.cells["R1"][day]
        moved = {(m.officer_id, m.day) for m in option.moves}
        for officer_id, row in roster.cells.items():
            for d, value in row.items():
                if (officer_id, d) not in moved:
                    assert option.roster.cells[officer_id][d] == value
    swap = next(o for o in options if o.kind == "swap")
    # R1 gives his main-duty day away as recorded leave; his partner takes a day in return
    assert swap.roster.cells["R1"][day] == LEAVE and swap.added_leave[0].officer_id == "R1"
    assert len(swap.moves) == 4 and swap.officers[0] == "R1"


def test_nothing_moves_before_the_first_day_that_may_change(tiny: Station, roster: Roster) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    # By default the first day that may change is the day asked about: no day before it is
    # offered in return, though one-for-one swaps exist only with earlier days included.
    everything = find_swaps(tiny, roster, "R1", day, [], start=min(roster.cells["R1"]))
    assert any(m.day < day for o in everything for m in o.moves)
    options = find_swaps(tiny, roster, "R1", day, [])
    assert options and all(m.day >= day for o in options for m in o.moves)
    later = day + dt.timedelta(days=3)
    options = find_swaps(tiny, roster, "R1", day, [], start=day - dt.timedelta(days=2))
    assert all(m.day >= day - dt.timedelta(days=2) for o in options for m in o.moves)
    with pytest.raises(RosterInputError, match="cannot be swapped"):
        find_swaps(tiny, roster, "R1", day, [], start=later)
    with pytest.raises(RosterInputError, match="not a day of the month"):
        find_swaps(tiny, roster, "R1", day, [], start=dt.date(2030, 1, 1))


def test_pinned_days_never_move(tiny: Station, roster: Roster) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    options = find_swaps(tiny, roster, "R1", day, [])
    moved = sorted(
        {(m.officer_id, m.day) for o in options for m in o.moves if m.officer_id != "R1"}
    )
    assert moved
    pins = moved[:1]
    kept = find_swaps(tiny, roster, "R1", day, [], pins=pins)
    assert all((m.officer_id, m.day) not in pins for o in kept for m in o.moves)
    assert len(kept) < len(options)
    with pytest.raises(RosterInputError, match="is pinned"):
        find_swaps(tiny, roster, "R1", day, [], pins=[("R1", day)])


def test_options_read_in_both_languages(tiny: Station, roster: Roster) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    option = find_swaps(tiny, roster, "R1", day, [])[0]
    english, chinese = option.describe(), option.describe("zh")
    assert english.startswith(f"{option.kind}: ") and " takes " in english
    assert "代价" in chinese and " takes " not in chinese
    taken = [m for m in option.moves if m.after not in (LEAVE, OFF, REST)]
    assert taken and all(f"{m.officer_id} {m.day:%m-%d} 上 {m.after}" in chinese for m in taken)


def test_a_day_without_a_post_cannot_be_given_away(tiny: Station, roster: Roster) -> None:
    day = first_day(tiny, 1, DutyState.rest, after=10)
    with pytest.raises(RosterInputError, match="holds no post"):
        find_swaps(tiny, roster, "R1", day, [])
    with pytest.raises(RosterInputError, match="no officer"):
        find_swaps(tiny, roster, "P999", day, [])


def test_a_roster_that_breaks_a_rule_is_refused(tiny: Station, roster: Roster) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    cells["R1"][day] = "rest"
    broken = roster.model_copy(update={"cells": cells})
    with pytest.raises(RosterInputError, match="already breaks"):
        find_swaps(tiny, broken, "DD1", day, [])


def test_chains_are_checked_when_no_direct_swap_exists(
    tiny: Station, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swaps_module, "_direct", lambda *args: [])
    day = first_day(tiny, 1, DutyState.main, after=10)
    options = find_swaps(tiny, roster, "R1", day, [], max_checks=60)
    assert options and all(o.kind == "chain" and len(set(o.officers)) == 3 for o in options)
    for option in options:
        assert evaluate(tiny, option.roster, option.leave).violations == []


def test_swaps_on_the_built_in_station(qianmen_station: Station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    day = dt.date(2026, 12, 12)
    roster = qianmen_december.roster
    officer = next(o for o, row in roster.cells.items() if row[day].startswith("ccar"))
    options = find_swaps(qianmen_station, roster, officer, day, [])
    assert options
    assert all(evaluate(qianmen_station, o.roster, o.leave).ok for o in options)
