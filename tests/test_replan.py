"""Re-rostering with the fewest changes: fixed days and pins hold, every result passes the
checker, the change count matches a brute-force search on the tiny station, and a sick call
that cannot be covered without moving a pin is explained in words."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from conftest import FAST, tiny_station
from rules.rule_cases import MONTH, first_day, solved

import rosterkit.solver.replan as solver_replan
from rosterkit import Roster, SolveStatus, check
from rosterkit.changes import Away, Changes, MinimumChange, Pin, apply_changes
from rosterkit.duties import LEAVE, OFF, REST, can_hold, slots
from rosterkit.errors import RosterInputError
from rosterkit.replan import Replan, diff_csv_text, diff_json_text, leave_from_cells, replan
from rosterkit.station import DutyState, Station


@pytest.fixture(scope="module")
def tiny() -> Station:
    return tiny_station()


@pytest.fixture(scope="module")
def tiny_roster(tiny: Station) -> Roster:
    return solved(tiny)


def sick(officer_id: str, start: dt.date, end: dt.date | None = None) -> Away:
    return Away(officer_id=officer_id, start=start, end=end or start)


def assert_holds(done: Replan, start: dt.date) -> None:
    """Days before `start` and pinned cells are as before; the checker finds nothing."""
    assert done.roster is not None
    for officer_id, row in done.before.cells.items():
        for day, value in row.items():
            if day < start or (officer_id, day) in done.applied.pins:
                assert done.roster.cells[officer_id][day] == value, (officer_id, day)
    assert check(done.station, done.roster, done.leave) == []
    assert done.minimum_breaks == []
    assert done.ok


def test_sick_officer_is_covered_with_the_fewest_changes(
    tiny: Station, tiny_roster: Roster
) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    done = replan(tiny, tiny_roster, Changes(away=[sick("R1", day)]), day, options=FAST)
    assert done.result.status is SolveStatus.optimal and done.minimal
    assert_holds(done, day)
    # R1's post goes to leave, and the one community officer of the resting group is called in
    assert done.changed == 2 == len(done.changes)
    assert done.roster is not None and done.roster.cells["R1"][day] == LEAVE
    why = {c.officer_id: c.why for c in done.changes}
    assert why["R1"].startswith("R1 sick") and why[next(o for o in why if o != "R1")].startswith(
        "covers: R1 sick"
    )
    # the same reasons in Chinese, for the workbook's changes sheet and the console
    said = {c.officer_id: c.said("zh") for c in done.changes}
    assert said["R1"] == f"R1 病假 {day:%m-%d}"
    assert said[next(o for o in said if o != "R1")] == f"顶替：R1 病假 {day:%m-%d}"


def test_an_unchanged_roster_needs_no_change(tiny: Station, tiny_roster: Roster) -> None:
    done = replan(tiny, tiny_roster, Changes(), dt.date(2026, 2, 10), options=FAST)
    assert done.changed == 0 and done.changes == [] and done.minimal
    assert done.roster == tiny_roster.model_copy(update={"groups": done.roster.groups})


def test_days_before_from_and_pins_never_change(tiny: Station, tiny_roster: Roster) -> None:
    start = dt.date(2026, 2, 12)
    days = [d for d in tiny_roster.period.days if d >= start]
    # the deputy directors on every day, R2 and R3 on their deputy-duty days
    pins = [Pin(officer_id=f"DD{k}", day=d) for k in (1, 2, 3) for d in days] + [
        Pin(officer_id=f"R{k}", day=d)
        for k in (2, 3)
        for d in days
        if tiny.rotation.state(k, d) is DutyState.deputy
    ]
    changes = Changes(away=[sick("R1", start, start + dt.timedelta(days=5))], pins=pins)
    done = replan(tiny, tiny_roster, changes, start, options=FAST)
    assert done.roster is not None, done.result.reasons
    assert len(done.applied.pins) == len(pins)
    assert_holds(done, start)


def test_built_in_station_sick_four_days(qianmen_station: Station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    start = dt.date(2026, 12, 12)
    changes = Changes(away=[sick("P015", start, dt.date(2026, 12, 15))])
    done = replan(qianmen_station, qianmen_december.roster, changes, start, [], options=FAST)
    assert done.minimal and done.result.status is SolveStatus.optimal
    assert_holds(done, start)
    assert done.changed == len(done.changes) and "P015" in done.by_officer()


def test_a_sick_call_blocked_by_a_pin_is_explained(tiny: Station, tiny_roster: Roster) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    resting = next(f"R{k}" for k in (2, 3) if tiny.rotation.state(k, day) is DutyState.rest)
    changes = Changes(away=[sick("R1", day)], pins=[Pin(officer_id=resting, day=day)])
    done = replan(tiny, tiny_roster, changes, day, options=FAST)
    assert done.roster is None and done.result.status is SolveStatus.infeasible
    text = " ".join(done.result.reasons)
    assert "pinned" in text and resting in text
    assert "office" in text.lower()
    chinese = " ".join(done.reasons("zh"))
    assert len(done.reasons("zh")) == len(done.result.reasons)
    assert "已锁定" in chinese and resting in chinese


def test_a_raised_minimum_is_met_and_counted(tiny: Station, tiny_roster: Roster) -> None:
    day = first_day(tiny, 2, DutyState.deputy, after=10)
    change = MinimumChange(post="doffice", start=day, end=day, minimum=3)
    done = replan(tiny, tiny_roster, Changes(minimums=[change]), day, options=FAST)
    assert done.roster is not None
    assert done.roster.holders(day, "doffice@one").__len__() >= 3
    assert_holds(done, day)
    assert done.changed == 1 and done.changes[0].why.startswith("covers: doffice minimum 3")
    assert done.changes[0].said("zh") == f"顶替：doffice {day:%m-%d} 最少3人"


def test_a_lowered_minimum_spares_the_call_in(tiny: Station, tiny_roster: Roster) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    changes = Changes(
        away=[sick("R1", day)],
        minimums=[MinimumChange(post="moffice", start=day, end=day, minimum=0)],
    )
    done = replan(tiny, tiny_roster, changes, day, options=FAST)
    assert done.changed == 1  # only R1's own day
    assert_holds(done, day)
    # the usual minimum still holds on every other day
    assert done.roster is not None
    assert all(done.roster.holders(d, "moffice@one") for d in done.roster.period.days if d != day)


def test_changes_before_from_are_refused(tiny: Station, tiny_roster: Roster) -> None:
    with pytest.raises(RosterInputError, match="before --from"):
        replan(
            tiny,
            tiny_roster,
            Changes(away=[sick("R1", dt.date(2026, 2, 3))]),
            dt.date(2026, 2, 10),
            options=FAST,
        )


def test_roster_read_without_leave_list_uses_its_leave_cells(
    tiny: Station, tiny_roster: Roster
) -> None:
    first = dt.date(2026, 2, 10)
    done = replan(tiny, tiny_roster, Changes(away=[sick("R2", first)]), first, options=FAST)
    assert done.roster is not None
    again = replan(tiny, done.roster, Changes(), dt.date(2026, 2, 11), None, options=FAST)
    assert again.changed == 0
    assert [(x.officer_id, x.start) for x in leave_from_cells(done.roster)] == [("R2", first)]


def test_diff_as_csv_and_json(tiny: Station, tiny_roster: Roster) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    done = replan(tiny, tiny_roster, Changes(away=[sick("R1", day)]), day, options=FAST)
    lines = diff_csv_text(done.changes).splitlines()
    assert lines[0] == "officer_id,date,before,after,why" and len(lines) == 3
    assert f"R1,{day},moffice@one,leave," in lines[1] + lines[2]
    assert '"station_id": "tiny"' in diff_json_text("tiny", MONTH, done.changes)


# --- minimality against brute force -----------------------------------------------------------


def _values(station: Station, roster: Roster, officer_id: str) -> list[str]:
    officer = station.officer(officer_id)
    free = REST if station.rotates(officer) else OFF
    return [free, *(s.code for s in slots(station) if can_hold(station, officer, s))]


def _brute_force_fewest(
    station: Station,
    before: Roster,
    leave: list,
    window: list[dt.date],
    forced: dict[tuple[str, dt.date], str],
    most: int = 3,
) -> int | None:  # type: ignore[type-arg]
    """The fewest changed officer-days of any roster that keeps every rule, equals `before`
    outside `window`, and holds the `forced` cells (leave), by trying every set of k other
    cells of the window and every value for them, k = 0, 1, ..."""
    cells = {oid: dict(row) for oid, row in before.cells.items()}
    for key, value in forced.items():
        cells[key[0]][key[1]] = value
    free_cells = [(o, d) for d in window for o in before.cells if (o, d) not in forced]
    for k in range(most + 1):
        for chosen in itertools.combinations(free_cells, k):
            options = [
                [v for v in _values(station, before, o) if v != before.cells[o][d]]
                for o, d in chosen
            ]
            for values in itertools.product(*options):
                trial = {oid: dict(row) for oid, row in cells.items()}
                for (o, d), v in zip(chosen, values, strict=True):
                    trial[o][d] = v
                roster = before.model_copy(update={"cells": trial})
                if not check(station, roster, leave):
                    return len(forced) + k
    return None


def _scenarios(station: Station) -> Iterator[tuple[str, list[dt.date]]]:
    main1 = first_day(station, 1, DutyState.main, after=10)
    yield "R1", [main1]
    yield "R2", [first_day(station, 2, DutyState.main, after=12)]
    deputy3 = first_day(station, 3, DutyState.deputy, after=8)
    yield "R3", [deputy3, deputy3 + dt.timedelta(days=1)]
    yield "DD1", [main1]


@pytest.mark.parametrize("case", range(4))
def test_change_count_matches_brute_force(tiny: Station, tiny_roster: Roster, case: int) -> None:
    officer_id, window = list(_scenarios(tiny))[case]
    start, end = window[0], window[-1]
    after = [d for d in tiny_roster.period.days if d > end]
    # Pins on every day after the window confine both searches to the window.
    pins = [Pin(officer_id=o, day=d) for o in tiny_roster.cells for d in after]
    changes = Changes(away=[sick(officer_id, start, end)], pins=pins)
    done = replan(tiny, tiny_roster, changes, start, options=FAST)
    applied = apply_changes(tiny, tiny_roster, leave_from_cells(tiny_roster), changes, start)
    forced = {(officer_id, d): LEAVE for d in window if tiny_roster.cells[officer_id][d] != LEAVE}
    fewest = _brute_force_fewest(applied.station, tiny_roster, applied.leave, window, forced)
    assert fewest is not None
    assert done.minimal and done.changed == fewest
    assert_holds(done, start)


def test_without_time_to_price_the_first_stage_roster_stands(
    tiny: Station, tiny_roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = first_day(tiny, 1, DutyState.main, after=10)
    changes = Changes(away=[sick("R1", day)])
    priced = replan(tiny, tiny_roster, changes, day, options=FAST)
    # As if the cost stage needed more time than is left: it is not started at all.
    monkeypatch.setattr(solver_replan, "COST_STAGE_FACTOR", 1e9)
    done = replan(tiny, tiny_roster, changes, day, options=FAST)
    assert done.result.status is SolveStatus.feasible and done.minimal
    assert done.changed == priced.changed and done.ok
    assert done.result.objective is not None and priced.result.objective is not None
    assert done.result.objective >= priced.result.objective
    assert_holds(done, day)
