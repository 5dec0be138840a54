"""Squads when the head count changes: re-balanced with the fewest moves from last month's."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from pathlib import Path

import pytest
from conftest import FAST, tiny_posts, tiny_station

from rosterkit import Roster, SolveStatus, check, solve
from rosterkit.squad_balance import imbalance, squad_moves
from rosterkit.station import DutyPost, Eligibility, Officer, PostState, Role, Station, TeamKind
from rosterkit.stations import qianmen

MONTH = "2026-02"


def _call_ins(station: Station, roster: Roster) -> Counter[str]:
    return Counter(
        oid
        for oid in roster.cells
        for day in roster.period.days
        if roster.is_call_in(station, oid, day)
    )


def _without(station: Station, *officer_ids: str) -> Station:
    return station.model_copy(
        update={"officers": [o for o in station.officers if o.id not in officer_ids]}
    )


def _squads_rule_holds(station: Station, groups: dict[str, int]) -> bool:
    """Rule `squads` as the checker judges it, for these groups alone."""
    days = [dt.date(2026, 2, 1) + dt.timedelta(days=i) for i in range(28)]
    cells = {
        o.id: dict.fromkeys(days, "rest" if station.rotates(o) else "off") for o in station.officers
    }
    roster = Roster(station_id=station.id, month=MONTH, groups=groups, cells=cells)
    return not [v for v in check(station, roster) if v.rule == "squads"]


def _fewest_moves(station: Station, start: dict[str, int | None]) -> tuple[int, int]:
    """Brute force over every choice of squads: the least imbalance squads keeping rule
    `squads` can have, and the fewest moves from `start` among those squads."""
    grouped = list(start)
    ranked = []
    for choice in itertools.product((1, 2, 3), repeat=len(grouped)):
        groups = dict(zip(grouped, choice, strict=True))
        moves = sum(1 for o in grouped if start[o] is not None and start[o] != groups[o])
        ranked.append((imbalance(station, groups), moves, choice))
    ranked.sort()
    for uneven, moves, choice in ranked:
        if _squads_rule_holds(station, dict(zip(grouped, choice, strict=True))):
            return uneven, moves
    raise AssertionError("no squads keep rule `squads`")


def _tiny_with_a_team_leader() -> Station:
    """The tiny station's community team with a team leader in squad 1, who (like the deputy
    directors) may not hold the office, and seven officers: 4 + 4 + 3, holders 2 + 3 + 2."""
    placed = {"R1": 1, "R2": 1, "R3": 2, "R4": 2, "R5": 2, "R6": 3, "R7": 3}
    officers = [
        Officer(id="TL", name="队长", team="c1", roles=frozenset({Role.team_leader}), squad=1),
        *(Officer(id=o, name=f"民警{o}", team="c1", squad=k) for o, k in placed.items()),
    ]
    base = tiny_station()
    office = Eligibility(
        team_kinds=[TeamKind.community],
        exclude_roles=[Role.deputy_director, Role.team_leader],
    )
    # The team leader's main-duty post: no minimum, so it asks nothing of the squads.
    watch = DutyPost(
        code="watch",
        name="值守",
        name_en="Watch",
        short="守",
        state=PostState.main,
        hours=24,
        eligible=Eligibility(roles_any=[Role.team_leader]),
    )
    return tiny_station(
        officers=[o for o in base.officers if not o.id.startswith("R")] + officers,
        posts=[
            *(
                p
                for p in tiny_posts(moffice={"eligible": office})
                if p.state is not PostState.shift
            ),
            watch,
        ],
    )


def test_officers_leaving_are_rebalanced_with_the_fewest_moves() -> None:
    """R1 leaves squad 1, which keeps three officers (rule `squads` holds: 3 + 4 + 3) but only
    one of the six who may hold the office. The solver moves as few officers as brute force over
    every choice of squads finds, and the squads end balanced."""
    station = _without(_tiny_with_a_team_leader(), "R1")
    start = {o.id: o.squad for o in station.officers if o.team != "lead"}
    assert imbalance(station, start) > 0
    assert _squads_rule_holds(station, start)  # type: ignore[arg-type]
    result = solve(station, MONTH, [], FAST)
    assert result.status is SolveStatus.optimal and result.roster is not None
    groups = result.roster.groups
    least_imbalance, fewest = _fewest_moves(station, start)
    assert imbalance(station, groups) == least_imbalance == 0
    assert len(result.squad_moves) == fewest == 1
    assert result.squad_moves == squad_moves(start, groups)
    assert [(m.before, m.after) for m in result.squad_moves] == [(2, 1)]
    assert check(station, result.roster) == []


def test_an_officer_who_joins_is_placed_and_nobody_moves_needlessly() -> None:
    joined = Officer(id="R9", name="民警9", team="c1")
    station = tiny_station(extra=[joined])
    start = {o.id: o.squad for o in station.officers if o.team != "lead"}
    result = solve(station, MONTH, [], FAST)
    assert result.roster is not None
    moved = [m for m in result.squad_moves if m.before is not None]
    assert len(moved) == _fewest_moves(station, start)[1] == 0
    assert [(m.officer_id, m.before) for m in result.squad_moves] == [("R9", None)]
    assert imbalance(station, result.roster.groups) == 0
    assert check(station, result.roster) == []


def test_balanced_squads_stay_as_given_and_the_setting_turns_it_off() -> None:
    station = qianmen()
    assert imbalance(station, {o.id: o.squad for o in station.officers}) == 0
    uneven = _without(_tiny_with_a_team_leader(), "R1")
    kept = uneven.model_copy(update={"rebalance_squads": False})
    result = solve(kept, MONTH, [], FAST)
    assert result.roster is not None and result.squad_moves == []
    assert result.roster.groups == {o.id: o.squad for o in kept.officers if o.squad is not None}


def test_squads_breaking_the_rule_are_not_rebalanced_but_refused() -> None:
    """Two deputy directors in one group leave another without a commander: the count before
    the search calls that month impossible, and so does the solver (the fixes propose moves)."""
    station = tiny_station().with_squads({"DD2": 1, "R1": 2})
    result = solve(station, MONTH, [], FAST)
    assert result.status is SolveStatus.infeasible and result.squad_moves == []


def test_one_officer_fewer_at_qianmen_no_longer_calls_in_the_same_squad() -> None:
    """Without P022 Qiandong's squad 1 keeps its deputy director and two officers for a car of
    two and an office of one: kept as given, every main-duty day calls in one of the same four
    resting officers. Re-balanced (one move) the calls fall, month after month, and the
    squads run on."""
    station = _without(qianmen(), "P022")
    kept = station.model_copy(update={"rebalance_squads": False})
    as_given = solve(kept, "2026-11", [], FAST)
    assert as_given.roster is not None
    before = _call_ins(kept, as_given.roster)
    assert sum(before.values()) >= 9 and len(before) <= 4
    assert {as_given.roster.groups[o] for o in before} == {3}

    previous: Roster | None = None
    for month in ("2026-11", "2026-12"):
        result = solve(station, month, [], FAST, previous=previous)
        assert result.roster is not None, result.reasons
        assert check(station, result.roster, previous=previous) == []
        calls = _call_ins(station, result.roster)
        assert sum(calls.values()) < sum(before.values())
        assert not calls or set(calls) != set(before)
        if previous is None:
            assert len(result.squad_moves) == 1  # the fewest: one officer into squad 1
            assert result.squad_moves[0].after == 1
        else:
            assert result.squad_moves == []  # last month's squads are balanced: they run on
            assert result.roster.groups == previous.groups
        previous = result.roster


def test_the_moves_are_listed_in_the_summary_and_the_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rosterkit.calendar import Month
    from rosterkit.cli.display import Ui, show_summary
    from rosterkit.excel.export import build_workbook, sheet_name

    station = _without(_tiny_with_a_team_leader(), "R1")
    result = solve(station, MONTH, [], FAST)
    assert result.roster is not None and len(result.squad_moves) == 1
    move = result.squad_moves[0]
    for lang, words in (("en", f"group {move.before} -> {move.after}"), ("zh", "调动1人")):
        show_summary(
            Ui(),
            station,
            Month.parse(MONTH),
            result,
            leave_requests=0,
            violations=[],
            written=tmp_path / "roster.xlsx",
            lang=lang,
        )
        shown = capsys.readouterr().out
        assert move.officer_id in shown and words in shown, shown
    for lang, title in (("zh", "班组调整"), ("en", "squad moves")):
        sheet = build_workbook(station, result, [], lang=lang)[sheet_name("groups", lang)]
        rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
        at = next(i for i, row in enumerate(rows) if row and str(row[0]).startswith(title))
        assert rows[at + 2][0] == move.officer_id
        assert len(rows[at + 2]) == 5


def test_the_leave_decisions_see_the_squads_the_month_is_rostered_with() -> None:
    """Without P022, P014 moves from squad 2 to squad 1 of Qiandong. With one officer a squad
    on leave a day, P014's and P021's annual leave on the same day are both granted by the
    month's pipeline (the squads re-balanced first), though the squads as given put them in one
    squad."""
    import rosterkit
    from rosterkit import Leave
    from rosterkit.station import LeaveKind

    station = _without(qianmen(), "P022")
    day = dt.date(2026, 11, 10)
    leave = [
        Leave(officer_id=officer, start=day, end=day, kind=LeaveKind.annual)
        for officer in ("P014", "P021")
    ]
    _, as_given = rosterkit.decide_month(station, "2026-11", leave)
    assert [d.request.officer_id for d in as_given.refused] == ["P021"]
    plan = rosterkit.plan_month(station, "2026-11", leave, options=FAST)
    assert [(m.officer_id, m.before, m.after) for m in plan.result.squad_moves] == [("P014", 2, 1)]
    assert plan.refused == [] and plan.decisions.granted == leave
    assert plan.roster is not None and plan.violations == []
