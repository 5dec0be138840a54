"""Fixes that are checked (`rosterkit.fixes`, `rosterkit.month.checked_fixes`) and leave decided
against the count (`rosterkit.month.decide_month`).

One impossible month per kind of cause: each names its cause, and every fix proposed, made to
the inputs, gives a roster the independent checker accepts, at the cost the fix says. Adding an
officer is advice, never checked. A discretionary leave that would make the month impossible is
refused with the count's words; sick leave and training never are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import FAST, tiny_station
from test_capacity import JAN_31, january_roster, video_station
from typer.testing import CliRunner

import rosterkit
from rosterkit import Leave, LeaveKind, Roster
from rosterkit.capacity import DISCRETIONARY, FixKind, Shortfall, shortfalls
from rosterkit.cli import app
from rosterkit.figures import borrowed_days
from rosterkit.fixes import ChangeKind, CheckedFix, FixLimits, find_fixes
from rosterkit.month import checked_fixes
from rosterkit.station import (
    DutyState,
    Station,
)
from rosterkit.stations import layout, qianmen

D = dt.date
FEBRUARY = "2026-02"
QUICK = FixLimits(solve_time=1.0)
"""Fixes solved for a second each: enough on these months, and tests stay short."""
DATA = Path(__file__).parent / "data" / "cli"


def leave(officer_id: str, start: dt.date, end: dt.date, kind: LeaveKind) -> Leave:
    return Leave(officer_id=officer_id, start=start, end=end, kind=kind)


def lifted_caps(station: Station) -> Station:
    """The station with no leave cap per squad or team: only the count can refuse."""
    policy = station.leave_policy.model_copy(
        update={"max_per_squad_per_day": None, "max_per_team_per_day": None}
    )
    return station.model_copy(update={"leave_policy": policy})


def assert_fixes_hold(
    fixes: Sequence[CheckedFix],
    station: Station,
    month: str,
    requests: Sequence[Leave],
    *,
    previous: Roster | None = None,
) -> list[CheckedFix]:
    """Every checked fix: its changes, made to the inputs, give its station and requests; the
    count finds nothing short in them; its roster keeps every hard rule by the independent
    checker, which prices it at the fix's cost; no change touches a leave that is not
    discretionary. Advice holds no change and no roster. Checked fixes come cheapest first."""
    checked = [fix for fix in fixes if fix.checked]
    for fix in checked:
        changed, asked = station, list(requests)
        for change in fix.changes:
            changed = change.station(changed)
            asked = change.leave(asked)
            if change.request is not None:
                assert change.request.kind in DISCRETIONARY
        assert changed == fix.station
        assert asked == list(fix.requests)
        assert shortfalls(fix.station, month, fix.leave, previous=previous) == []
        assert fix.roster is not None
        evaluation = rosterkit.evaluate(fix.station, fix.roster, fix.leave, previous=previous)
        assert evaluation.violations == [], fix.text()
        assert evaluation.objective == fix.cost
    for fix in fixes:
        if not fix.checked:
            assert fix.advice is not None and fix.changes == () and fix.roster is None
    assert [fix.cost for fix in checked] == sorted(fix.cost or 0 for fix in checked)
    return checked


def kinds(fix: CheckedFix) -> list[ChangeKind]:
    return [change.kind for change in fix.changes]


def advice(fixes: Sequence[CheckedFix]) -> list[str]:
    return [fix.text() for fix in fixes if not fix.checked]


def only_cause(found: Sequence[Shortfall], rule_id: str) -> Shortfall:
    assert [item.rule for item in found] == [rule_id], [item.en for item in found]
    return found[0]


# --- 1. the street patrol's weekly cap after one annual leave ------------------------------------

P058_WEEK = leave("P058", D(2026, 1, 11), D(2026, 1, 17), LeaveKind.annual)
"""The issue's case: one of six street-patrol officers away for 7 days of January leaves the
other five 25 shifts for the 28 that those 7 days need."""


def test_an_annual_leave_that_would_make_the_month_impossible_is_refused_with_the_cause() -> None:
    _, decisions = rosterkit.decide_month(qianmen(), "2026-01", [P058_WEEK])
    assert decisions.granted == []
    (refused,) = decisions.refused
    assert refused.reason.startswith(
        "annual leave of P058 01-11..01-17: refused, granting it leaves 3 shifts short: "
        "Street patrol shifts, 11–17 Jan: 28 shifts of Street patrol team needed, 5 officers "
        "present can give at most 25 (P058 on annual leave 11–17 Jan)"
    )
    plan = rosterkit.plan_month(qianmen(), "2026-01", [P058_WEEK], options=FAST)
    assert [d.reason for d in plan.refused] == [refused.reason]
    assert plan.roster is not None and plan.violations == []


def test_a_shorter_annual_leave_that_leaves_enough_shifts_is_granted() -> None:
    """Away 11-13 January, P058 still gives 4 shifts in each window holding his leave: 29 >= 28."""
    shorter = P058_WEEK.model_copy(update={"end": D(2026, 1, 13)})
    _, decisions = rosterkit.decide_month(qianmen(), "2026-01", [shorter])
    assert decisions.granted == [shorter] and decisions.refused == []


def test_weekly_cap_with_the_annual_leave_honoured_the_fixes_refuse_it_or_lower_a_minimum() -> None:
    """As `rosterkit.solve` takes leave (granted by hand): the cause is named, refusing the leave
    is checked at cost 0, and moving it is not offered (a week away anywhere in the month
    leaves some 7 days short)."""
    station = qianmen()
    cause = only_cause(shortfalls(station, "2026-01", [P058_WEEK]), "street_patrol")
    assert (cause.needed, cause.available) == (28, 25)
    fixes = find_fixes(station, "2026-01", [P058_WEEK], limits=QUICK)
    checked = assert_fixes_hold(fixes, station, "2026-01", [P058_WEEK])
    assert checked[0].text() == "refuse P058's annual leave 11–17 Jan" and checked[0].cost == 0
    assert checked[0].changes[0].fix.kind is FixKind.move_leave  # the fix in kind it makes concrete
    assert not any(ChangeKind.move_leave in kinds(fix) for fix in checked)
    lowered = [fix for fix in checked if kinds(fix) == [ChangeKind.lower_minimum]]
    assert {fix.changes[0].post.code for fix in lowered if fix.changes[0].post} == {"early", "late"}
    assert advice(fixes) == ["add an officer to Street patrol team"]


def test_sick_leave_is_never_refused_and_the_fixes_leave_it_alone() -> None:
    sick = P058_WEEK.model_copy(update={"kind": LeaveKind.sick})
    explained = rosterkit.explain_month(qianmen(), "2026-01", [sick], limits=QUICK)
    assert explained.refused == [] and explained.requests == [sick]
    cause = only_cause(explained.shortfalls, "street_patrol")
    assert "P058 on sick leave 11–17 Jan" in cause.en
    checked = assert_fixes_hold(explained.fixes, qianmen(), "2026-01", [sick])
    assert checked and all(kinds(fix) == [ChangeKind.lower_minimum] for fix in checked)
    assert all(sick in fix.leave for fix in checked)


# --- 2. a whole resting group of a community sick ----------------------------------------------


def test_a_whole_resting_group_sick_is_fixed_by_lowering_a_minimum() -> None:
    sick = [
        leave(oid, D(2026, 12, 1), D(2026, 12, 3), LeaveKind.sick)
        for oid in ("P039", "P040", "P043", "P046", "P044")
    ]
    explained = rosterkit.explain_month(qianmen(), "2026-12", sick, limits=QUICK)
    cause = only_cause(explained.shortfalls, "post_staffing")
    assert cause.subject == "community:caochang:main"
    assert "nobody can be called in: the resting group's officers are all on leave" in cause.en
    checked = assert_fixes_hold(explained.fixes, qianmen(), "2026-12", sick)
    assert {fix.changes[0].post.code for fix in checked if fix.changes[0].post} == {
        "ccar",
        "moffice",
    }
    office = next(fix for fix in checked if "Community office (main)" in fix.text())
    assert office.text() == (
        "lower the minimum staff of Community office (main), in every community, from 1 to 0 "
        "on every working day of the month (short on 2 Dec)"
    )
    lowered = next(post for post in office.station.posts if post.code == "moffice")
    assert (lowered.min_staff, lowered.rest_day_min_staff) == (0, 1)  # rest days were not short
    assert advice(explained.fixes) == ["add an officer to Caochang community team"]


def test_a_discretionary_leave_is_refused_only_where_it_makes_the_month_shorter() -> None:
    """The month is already short on 2 December (the Caochang resting group sick): an annual
    leave of the Caochang main group that day makes it shorter and is refused; one elsewhere
    is granted. The caps are lifted, so that only the count refuses."""
    sick = [
        leave(oid, D(2026, 12, 1), D(2026, 12, 3), LeaveKind.sick)
        for oid in ("P039", "P040", "P043", "P046", "P044")
    ]
    elsewhere = leave("P013", D(2026, 12, 7), D(2026, 12, 11), LeaveKind.annual)
    shorter = leave("P041", D(2026, 12, 2), D(2026, 12, 2), LeaveKind.annual)
    _, decisions = rosterkit.decide_month(
        lifted_caps(qianmen()), "2026-12", [*sick, elsewhere, shorter]
    )
    assert decisions.granted == [*sick, elsewhere]
    (refused,) = decisions.refused
    assert refused.request == shorter
    assert (
        "refused, granting it leaves 1 officer short: Post staffing, 2 Dec: Community car "
        "(Caochang) needs 2 officers"
    ) in refused.reason


# --- 3. too few deputy directors ---------------------------------------------------------------


def test_too_few_deputy_directors_gives_advice_only() -> None:
    base = tiny_station()
    officers = [
        o.model_copy(update={"roles": frozenset()}) if o.id == "DD3" else o for o in base.officers
    ]
    station = base.model_copy(update={"officers": officers})
    explained = rosterkit.explain_month(station, FEBRUARY, limits=QUICK)
    cause = only_cause(explained.shortfalls, "squads")
    assert "3 duty groups need a deputy director each" in cause.en
    assert assert_fixes_hold(explained.fixes, station, FEBRUARY, []) == []
    assert advice(explained.fixes) == ["add a deputy director to a rotating team"]


# --- 4. two deputy directors in one group ------------------------------------------------------


def test_two_deputy_directors_in_one_group_are_fixed_by_a_swap_of_squads() -> None:
    station = tiny_station().with_squads({"DD3": 1, "R1": 3})
    explained = rosterkit.explain_month(station, FEBRUARY, limits=QUICK)
    cause = only_cause(explained.shortfalls, "squads")
    assert "DD1 and DD3 are both deputy directors in duty group 1" in cause.en
    checked = assert_fixes_hold(explained.fixes, station, FEBRUARY, [])
    assert [fix.text() for fix in checked] == ["swap the squads of DD3 (squad 1) and R1 (squad 3)"]
    assert checked[0].station.officer("DD3").squad == 3
    assert checked[0].station.officer("R1").squad == 1


# --- 5. a community too small ------------------------------------------------------------------


def test_a_community_too_small_for_three_groups_is_fixed_by_lowering_the_car() -> None:
    """Six officers a community (one a deputy director, who may hold neither post), squads
    open, the car (2) and the office (1) of main duty take no call-ins. Lowering the car to 1
    is not enough: of the five who may hold them one group holds at most one. To 0 it is."""
    posts = [
        p.model_copy(update={"call_in": False}) if p.code in ("ccar", "moffice") else p
        for p in layout(1).posts
    ]
    station = layout(1, with_squads=False, community_size=6).model_copy(update={"posts": posts})
    explained = rosterkit.explain_month(station, FEBRUARY, limits=QUICK)
    assert [item.subject for item in explained.shortfalls] == [
        f"community:{c}:main" for c in ("qiandong", "dajiang", "caochang")
    ]
    assert "cannot cover 3 duty groups that need 3 each" in explained.shortfalls[2].en
    checked = assert_fixes_hold(explained.fixes, station, FEBRUARY, [])
    assert [fix.text() for fix in checked] == [
        "lower the minimum staff of Community car, in every community, from 2 to 0 on every "
        "working day and from 2 to 0 on every rest day of the month (short on 1–28 Feb)"
    ]
    assert sorted(advice(explained.fixes)) == [
        f"add an officer to {c} community team" for c in ("Caochang", "Dajiang", "Qiandong")
    ]


# --- 6. a post nobody may hold -----------------------------------------------------------------


def test_a_post_nobody_may_hold_is_fixed_by_widening_or_lowering() -> None:
    station = video_station()
    explained = rosterkit.explain_month(station, FEBRUARY, limits=QUICK)
    cause = only_cause(explained.shortfalls, "eligibility")
    assert "nobody may hold Video patrol" in cause.en
    checked = assert_fixes_hold(explained.fixes, station, FEBRUARY, [])
    assert sorted(kinds(fix)[0] for fix in checked) == [
        ChangeKind.lower_minimum,
        ChangeKind.widen_eligibility,
    ]
    widened = next(fix for fix in checked if kinds(fix) == [ChangeKind.widen_eligibility])
    assert widened.text() == "let officers of any team (now only case) hold Video patrol"


# --- 7. a leave cap ----------------------------------------------------------------------------

CASE_TEAM_AWAY = [
    leave("P050", D(2026, 12, 1), D(2026, 12, 3), LeaveKind.annual),
    leave("P053", D(2026, 12, 2), D(2026, 12, 2), LeaveKind.sick),
    leave("P049", D(2026, 12, 2), D(2026, 12, 4), LeaveKind.compensatory_rest),
    leave("P052", D(2026, 12, 1), D(2026, 12, 5), LeaveKind.training),
    leave("P055", D(2026, 12, 2), D(2026, 12, 2), LeaveKind.annual),
]
"""Five of the six case-team officers of the main and resting groups away on 2 December, when
case handling needs 2."""


def test_leave_caps_and_the_count_each_refuse_what_would_make_the_month_impossible() -> None:
    """With the station's caps (one a squad a day) the caps refuse three requests; with the
    caps lifted the count refuses the one that would leave case handling short. Either way the
    month is rostered and the checker accepts it; sick leave and training stand."""
    station = qianmen()
    _, capped = rosterkit.decide_month(station, "2026-12", CASE_TEAM_AWAY)
    assert {d.request.officer_id for d in capped.refused} == {"P049", "P050", "P055"}
    assert all("the cap is 1 per squad" in d.reason for d in capped.refused)
    lifted = lifted_caps(station)
    plan = rosterkit.plan_month(lifted, "2026-12", CASE_TEAM_AWAY, options=FAST)
    (refused,) = plan.refused
    assert refused.request.officer_id == "P055"
    assert refused.reason.startswith(
        "annual leave of P055 12-02: refused, granting it leaves 1 officer short: Post "
        "staffing, 2 Dec: Case handling needs 2 officers"
    )
    assert plan.roster is not None and plan.violations == []


def test_leave_beyond_the_caps_honoured_by_hand_is_fixed_by_refusing_or_moving_one() -> None:
    """All five honoured as given (`find_fixes` without leave decisions): each fix refuses or
    moves one discretionary request, never the sick leave or the training."""
    station = qianmen()
    cause = only_cause(shortfalls(station, "2026-12", CASE_TEAM_AWAY), "post_staffing")
    assert cause.subject == "case" and (cause.needed, cause.available) == (2, 1)
    fixes = find_fixes(station, "2026-12", CASE_TEAM_AWAY, limits=QUICK)
    checked = assert_fixes_hold(fixes, station, "2026-12", CASE_TEAM_AWAY)
    touched = {c.request.officer_id for fix in checked for c in fix.changes if c.request}
    assert touched and touched <= {"P049", "P050", "P055"}
    moved = [c for fix in checked for c in fix.changes if c.kind is ChangeKind.move_leave]
    assert moved, [fix.text() for fix in checked]
    for change in moved:
        assert change.moved_to is not None
        assert D(2026, 12, 2) not in change.moved_to.days_in(rosterkit.Month(2026, 12))


def test_checked_fixes_decide_the_leave_first() -> None:
    """Through `checked_fixes` the same month is decided first: the caps refuse three requests,
    nothing is short, and there is nothing to fix."""
    assert checked_fixes(qianmen(), "2026-12", CASE_TEAM_AWAY, limits=QUICK) == []


# --- 8. a month-boundary rule ------------------------------------------------------------------


def test_a_48_hour_duty_at_the_month_boundary_is_fixed_by_two_swaps() -> None:
    """The station file moves group 1, on main duty on 31 January, into squad 2, on main duty
    on 1 February: both its officers would serve 48 hours. One change mends one of them; the
    fix takes two."""
    station = tiny_station(patrol=2)
    january = january_roster(station)
    assert station.rotation.group_in(DutyState.main, JAN_31) == 1
    moved = station.with_squads({"DD1": 2, "R1": 2, "DD2": 1, "R2": 1})
    explained = rosterkit.explain_month(moved, FEBRUARY, previous=january, limits=QUICK)
    assert [(item.rule, item.subject) for item in explained.shortfalls] == [
        ("rest_after_24h", "DD1"),
        ("rest_after_24h", "R1"),
    ]
    checked = assert_fixes_hold(explained.fixes, moved, FEBRUARY, [], previous=january)
    assert [fix.text() for fix in checked] == [
        "swap the squads of DD1 (squad 2) and DD2 (squad 1); "
        "swap the squads of R1 (squad 2) and R2 (squad 1)"
    ]
    plan = rosterkit.plan_month(checked[0].station, FEBRUARY, previous=january, options=FAST)
    assert plan.roster is not None and plan.violations == []


# --- limits and the command line ---------------------------------------------------------------


def test_the_limits_bound_the_work() -> None:
    station = qianmen()
    one = find_fixes(station, "2026-01", [P058_WEEK], limits=FixLimits(solves=1, solve_time=1))
    assert len([fix for fix in one if fix.checked]) == 1
    spent = find_fixes(station, "2026-01", [P058_WEEK], limits=FixLimits(budget=0))
    assert [fix.checked for fix in spent] == [False]  # only the advice, which needs no solve


def test_a_month_with_nothing_short_has_no_fixes() -> None:
    assert find_fixes(tiny_station(), FEBRUARY) == []


@pytest.mark.parametrize("command", ["explain", "generate"])
def test_the_command_line_shows_the_checked_fixes_with_their_cost(
    command: str, tmp_path: Path
) -> None:
    out = ["-o", tmp_path / "r.csv", "-q"] if command == "generate" else []
    args = [command, "-m", "2026-12", "--leave", DATA / "leave-dajiang-away.yaml", *out]
    result = CliRunner().invoke(app, [str(arg) for arg in [*args, "--lang", "en"]])
    assert result.exit_code == 1, result.output
    assert "Fixes checked (each line alone makes the month rosterable" in result.stdout
    assert "fix: lower the minimum staff of Community car, in every community" in result.stdout
    assert "[checked: cost " in result.stdout
    assert "fix: add 3 officers to Dajiang community team [not checked: advice only]" in (
        result.stdout
    )
    chinese = CliRunner().invoke(app, [str(arg) for arg in args])
    assert "【已验证，代价 " in chinese.stdout and "【未验证，仅供参考】" in chinese.stdout
    assert not (tmp_path / "r.csv").exists()


def test_a_whole_resting_group_sick_is_fixed_by_borrowing_from_a_neighbour() -> None:
    """The issue's case: Caochang's resting group sick to a man on 2 December. Borrowing an
    officer of another community is offered, checked by a solve, and said with the officers
    and days the roster borrowed; the station it returns names the lender as a neighbour."""
    sick = [
        leave(oid, D(2026, 12, 1), D(2026, 12, 3), LeaveKind.sick)
        for oid in ("P039", "P040", "P043", "P046", "P044")
    ]
    station = qianmen()
    explained = rosterkit.explain_month(station, "2026-12", sick, limits=QUICK)
    cause = only_cause(explained.shortfalls, "post_staffing")
    offered = [f for f in cause.fixes if f.kind is FixKind.borrow_officer]
    assert [(f.community, f.days) for f in offered] == [("caochang", (D(2026, 12, 2),))]
    checked = assert_fixes_hold(explained.fixes, station, "2026-12", sick)
    borrowed = [fix for fix in checked if kinds(fix) == [ChangeKind.borrow_officer]]
    assert borrowed, [fix.text() for fix in checked]
    for fix in borrowed:
        caochang = fix.station.community("caochang")
        assert len(caochang.neighbours) == 1
        lender = caochang.neighbours[0]
        assert fix.roster is not None
        lent = borrowed_days(fix.station, fix.roster)
        assert lent and all(
            fix.station.officer_community(fix.station.officer(oid)) == lender for oid in lent
        )
        assert all(f"{oid} on " in fix.text() for oid in lent)
        assert fix.text("zh").startswith(
            f"从{fix.station.community(lender).name}借调民警到草厂社区："
        )
        assert fix.result is not None and any(p.rule == "borrowing" for p in fix.result.penalties)
