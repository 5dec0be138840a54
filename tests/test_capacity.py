"""The capacity check (`rosterkit.capacity`): one impossible month per kind of cause, each named
with its rule, days, numbers and officers; months that can be rostered show no shortfall; and
whenever the count says short, the solver agrees that no roster exists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import FAST, tiny_posts, tiny_station
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rosterkit import Leave, LeaveKind, Roster, SolveOptions, SolveStatus, solve
from rosterkit.calendar import Month
from rosterkit.capacity import FixKind, Missing, MissingReason, Shortfall, shortfalls
from rosterkit.rules import rule
from rosterkit.station import DutyPost, DutyState, Eligibility, PostState, Station, TeamKind
from rosterkit.stations import layout, qianmen

D = dt.date
DATA = Path(__file__).parent / "data"
FEBRUARY = "2026-02"
FEB_1 = D(2026, 2, 1)
JAN_31 = D(2026, 1, 31)


def only(found: list[Shortfall], rule_id: str) -> Shortfall:
    """The one shortfall found, checked to be of `rule_id` (an id of the rule registry)."""
    assert rule(rule_id).id == rule_id
    assert len(found) == 1, [s.en for s in found]
    assert found[0].rule == rule_id
    return found[0]


def leave(officer_id: str, start: dt.date, end: dt.date, kind: LeaveKind) -> Leave:
    return Leave(officer_id=officer_id, start=start, end=end, kind=kind)


def moved_leave(shortfall: Shortfall) -> set[str]:
    """Officers whose leave a fix proposes to move or refuse."""
    return {f.officer_id for f in shortfall.fixes if f.kind is FixKind.move_leave if f.officer_id}


def assert_infeasible(station: Station, month: str, leave: list[Leave], **kwargs: object) -> None:
    result = solve(station, month, leave, FAST, **kwargs)  # type: ignore[arg-type]
    assert result.status is SolveStatus.infeasible, result.status


def january_roster(station: Station, **held: dict[dt.date, str]) -> Roster:
    """A January roster of the tiny station as far as February needs it: on the 31st the main
    group holds its posts (the deputy directors command), the deputy group the office; `held`
    adds posts on other days (officer -> day -> slot code)."""
    cells: dict[str, dict[dt.date, str]] = {}
    for officer in station.officers:
        state = (
            station.rotation.state(officer.squad, JAN_31)
            if officer.squad is not None and station.rotates(officer)
            else None
        )
        value = {
            DutyState.main: "commander" if officer.id.startswith("DD") else "moffice@one",
            DutyState.deputy: "doffice@one",
            DutyState.rest: "rest",
            None: "off",
        }[state]
        cells[officer.id] = {JAN_31: value} | held.get(officer.id, {})
    groups = {o.id: o.squad for o in station.officers if o.squad is not None}
    return Roster(station_id=station.id, month="2026-01", groups=groups, cells=cells)


# --- one impossible month per kind ----------------------------------------------------------


def test_weekly_cap_of_the_street_patrol_after_one_annual_leave() -> None:
    """The issue's case: one of six street-patrol officers away for a week in January; the two
    shifts of two a day need 28 shifts in those 7 days, the other five give at most 5 x 5."""
    away = [leave("P058", D(2026, 1, 11), D(2026, 1, 17), LeaveKind.annual)]
    found = only(shortfalls(qianmen(), "2026-01", away), "street_patrol")
    assert (found.start, found.end) == (D(2026, 1, 11), D(2026, 1, 17))
    assert (found.needed, found.available, found.unit) == (28, 25, "shifts")
    assert found.subject == "team:street_patrol"
    assert found.missing == (
        Missing("P058", MissingReason.leave, LeaveKind.annual, D(2026, 1, 11), D(2026, 1, 17)),
    )
    assert found.en.startswith(
        "Street patrol shifts, 11–17 Jan: 28 shifts of Street patrol team needed, 5 officers "
        "present can give at most 25 (P058 on annual leave 11–17 Jan)"
    )
    assert "街面巡控班次，1月11日—17日" in found.zh and "P058年休假" in found.zh
    assert moved_leave(found) == {"P058"}
    kinds = {f.kind for f in found.fixes}
    assert kinds == {FixKind.move_leave, FixKind.lower_minimum, FixKind.add_officer}


def test_weekly_cap_counts_the_days_around_a_shorter_leave() -> None:
    """Away 11-15 Jan, P058 can still work 2 days of each window holding his leave: 27 < 28."""
    away = [leave("P058", D(2026, 1, 11), D(2026, 1, 15), LeaveKind.annual)]
    found = only(shortfalls(qianmen(), "2026-01", away), "street_patrol")
    assert (found.needed, found.available) == (28, 27)
    assert "6 officers present can give at most 27" in found.en
    assert "3 windows of 7 days starting 9–11 Jan are short" in found.en


def test_weekly_cap_looks_back_into_the_previous_month() -> None:
    """S1 held the early shift on the last five days of January (cap 5): he may not work on
    1-2 February, and S2, the only other officer, is on annual leave then."""
    station = tiny_station(patrol=2, cap=5)
    january = january_roster(
        station, S1={D(2026, 1, day): "early" for day in range(27, 32)}, S2={JAN_31: "off"}
    )
    away = [leave("S2", FEB_1, D(2026, 2, 2), LeaveKind.annual)]
    found = only(shortfalls(station, FEBRUARY, away, previous=january), "street_patrol")
    assert (found.start, found.end) == (D(2026, 1, 27), D(2026, 2, 2))
    assert found.days == (FEB_1, D(2026, 2, 2))
    assert (found.needed, found.available) == (2, 0)
    assert found.missing == (
        Missing("S1", MissingReason.previous_month, detail=5),
        Missing("S2", MissingReason.leave, LeaveKind.annual, FEB_1, D(2026, 2, 2)),
    )
    assert found.en.startswith(
        "Street patrol shifts, 27 Jan–2 Feb: 2 shifts of Street patrol needed, 1 officer "
        "present can give at most 0 (S1 held 5 shifts at the end of last month; "
        "S2 on annual leave 1–2 Feb); 3 windows of 7 days starting 26–28 Jan are short"
    )
    assert_infeasible(station, FEBRUARY, away, previous=january)
    assert shortfalls(station, FEBRUARY, [], previous=january) == []


def test_a_whole_resting_group_sick_leaves_nobody_to_call_in() -> None:
    """Caochang on 2 December: the main group (squad 3) has two of its three officers left for
    the car and the office, and the resting group (squad 2) is sick to a man."""
    sick = [
        leave(oid, D(2026, 12, 1), D(2026, 12, 3), LeaveKind.sick)
        for oid in ("P039", "P040", "P043", "P046", "P044")
    ]
    station = qianmen()
    found = only(shortfalls(station, "2026-12", sick), "post_staffing")
    assert found.subject == "community:caochang:main"
    assert found.days == (D(2026, 12, 2),)
    assert (found.needed, found.available) == (3, 2)
    assert {m.officer_id for m in found.missing} == {"P039", "P040", "P043", "P044", "P046"}
    assert {m.leave_kind for m in found.missing} == {LeaveKind.sick}
    assert "nobody can be called in: the resting group's officers are all on leave" in found.en
    assert moved_leave(found) == set()  # sick leave is never moved
    lowered = {f.post for f in found.fixes if f.kind is FixKind.lower_minimum}
    assert lowered == {"ccar@caochang", "moffice@caochang"}
    assert {f.team for f in found.fixes if f.kind is FixKind.add_officer} == {"caochang_team"}
    assert_infeasible(station, "2026-12", sick)


def test_a_post_needs_more_than_its_team_has_present() -> None:
    """Case handling needs 2 on 2 December; of the case team's main group (squad 3) and resting
    group (squad 2) five of six are away: annual leave, compensatory rest, sick, training."""
    away = [
        leave("P050", D(2026, 12, 1), D(2026, 12, 3), LeaveKind.annual),
        leave("P053", D(2026, 12, 2), D(2026, 12, 2), LeaveKind.sick),
        leave("P049", D(2026, 12, 2), D(2026, 12, 4), LeaveKind.compensatory_rest),
        leave("P052", D(2026, 12, 1), D(2026, 12, 5), LeaveKind.training),
        leave("P055", D(2026, 12, 2), D(2026, 12, 2), LeaveKind.annual),
    ]
    station = qianmen()
    found = only(shortfalls(station, "2026-12", away), "post_staffing")
    assert found.subject == "case"
    assert found.days == (D(2026, 12, 2),)
    assert (found.needed, found.available) == (2, 1)
    assert {m.officer_id: m.leave_kind for m in found.missing} == {
        "P049": LeaveKind.compensatory_rest,
        "P050": LeaveKind.annual,
        "P052": LeaveKind.training,
        "P053": LeaveKind.sick,
        "P055": LeaveKind.annual,
    }
    assert found.en.startswith(
        "Post staffing, 2 Dec: Case handling needs 2 officers from the main group or called in "
        "from the resting group, at most 1 can serve (P049 on compensatory rest 2–4 Dec"
    )
    assert moved_leave(found) == {"P049", "P050", "P055"}  # never sick leave or training
    assert any(f.kind is FixKind.lower_minimum and f.post == "case" for f in found.fixes)
    assert_infeasible(station, "2026-12", away)


def test_two_deputy_directors_in_one_group_leave_another_without_a_commander() -> None:
    station = tiny_station().with_squads({"DD3": 1, "R1": 3})
    found = only(shortfalls(station, FEBRUARY), "squads")
    assert found.subject == "squads:deputy_director"
    assert (found.start, found.end) == (FEB_1, D(2026, 2, 28))
    assert (found.needed, found.available, found.unit) == (1, 0, "deputy directors")
    assert {m.officer_id for m in found.missing} == {"DD1", "DD3"}
    assert "duty group 3 has no deputy director" in found.en
    assert "DD1 and DD3 are both deputy directors in duty group 1" in found.en
    assert any(f.kind is FixKind.change_squad and f.group == 3 for f in found.fixes)
    assert_infeasible(station, FEBRUARY, [])


def test_too_few_deputy_directors_for_the_groups() -> None:
    base = tiny_station()
    officers = [
        o.model_copy(update={"roles": frozenset()}) if o.id == "DD3" else o for o in base.officers
    ]
    station = base.model_copy(update={"officers": officers})
    found = only(shortfalls(station, FEBRUARY), "squads")
    assert (found.needed, found.available) == (1, 0)
    assert "3 duty groups need a deputy director each" in found.en
    assert "the station has 2: DD1 and DD2" in found.en
    assert "3个值班组各需一名副所长" in found.zh
    assert_infeasible(station, FEBRUARY, [])


def test_a_community_too_small_for_three_groups() -> None:
    """Squads left open, six officers a community (one a deputy director), and the car and the
    office of main duty take no call-ins: a group of at most 2 cannot staff 2 + 1."""
    posts = [
        p.model_copy(update={"call_in": False}) if p.code in ("ccar", "moffice") else p
        for p in layout(1).posts
    ]
    station = layout(1, with_squads=False, community_size=6).model_copy(update={"posts": posts})
    found = shortfalls(station, FEBRUARY)
    assert [s.rule for s in found] == ["squads"] * 3
    assert [s.subject for s in found] == [
        f"community:{c}:main" for c in ("qiandong", "dajiang", "caochang")
    ]
    caochang = found[2]
    assert (caochang.needed, caochang.available) == (3, 2)
    assert len(caochang.days) == 28
    assert (
        "the 6 officers of Caochang community team cannot cover 3 duty groups that need 3 each"
        in caochang.en
    )
    assert {f.team for f in caochang.fixes if f.kind is FixKind.add_officer} == {"caochang_team"}


def small_communities(car: int) -> Station:
    """Six officers a community, squads open, a car of `car` and an office of 1 on main duty
    that take no call-ins: of the six, the deputy director may hold neither post."""
    posts = [
        p.model_copy(update={"call_in": False, "min_staff": car}) if p.code == "ccar" else p
        for p in layout(1).posts
    ]
    posts = [p.model_copy(update={"call_in": False}) if p.code == "moffice" else p for p in posts]
    return layout(1, with_squads=False, community_size=6).model_copy(update={"posts": posts})


def test_the_weakest_group_of_a_team_with_open_squads() -> None:
    """A car of 1 and an office of 1 need 2 a day, and a group holds 2 of the team: no
    shortfall by the even split. But the 5 who may hold them split into 3 groups leave one
    with at most 1, and every group holds main duty every third day."""
    found = shortfalls(small_communities(car=1), FEBRUARY)
    assert [(s.rule, s.subject) for s in found] == [
        ("squads", f"community:{c}:main") for c in ("qiandong", "dajiang", "caochang")
    ]
    caochang = found[2]
    assert (caochang.needed, caochang.available) == (2, 1)
    assert caochang.en == (
        "Squads and duty groups, 1–28 Feb: the main-duty posts of Caochang need 2 officers from "
        "the main group (these posts take no call-ins); split into 3 duty groups, the 5 officers "
        "of Caochang community team who may hold them leave one group with at most 1, so on the "
        "days that group holds main duty at most 1 can serve"
    )
    assert {f.team for f in caochang.fixes if f.kind is FixKind.add_officer} == {"caochang_team"}
    assert shortfalls(small_communities(car=0), FEBRUARY) == []


@pytest.mark.slow
def test_the_weakest_group_count_agrees_with_the_solver() -> None:
    assert_infeasible(small_communities(car=1), FEBRUARY, [])


def video_station() -> Station:
    """The tiny station without shifts plus a deputy-duty video post only a case team may hold
    (it has none)."""
    video = DutyPost(
        code="video",
        name="视频巡控",
        name_en="Video patrol",
        short="视",
        state=PostState.deputy,
        min_staff=1,
        eligible=Eligibility(team_kinds=[TeamKind.case]),  # the tiny station has no case team
    )
    posts = [p for p in tiny_posts() if p.state is not PostState.shift]
    return tiny_station(posts=[*posts, video])


def test_a_post_nobody_may_hold() -> None:
    station = video_station()
    found = only(shortfalls(station, FEBRUARY), "eligibility")
    assert found.subject == "video"
    assert (found.needed, found.available, len(found.days)) == (1, 0, 28)
    assert (
        found.en
        == "Post eligibility, 1–28 Feb: nobody may hold Video patrol, which needs 1 officer"
    )
    assert {f.kind for f in found.fixes} == {FixKind.widen_eligibility, FixKind.lower_minimum}
    assert_infeasible(station, FEBRUARY, [])


def test_month_boundary_no_48_hour_duty_from_a_squad_change() -> None:
    """Group 1 held main duty on 31 January; the station file now puts its officers in the squad
    that holds main duty on 1 February."""
    station = tiny_station(patrol=2)
    january = january_roster(station)
    assert station.rotation.group_in(DutyState.main, JAN_31) == 1
    moved = station.with_squads({"DD1": 2, "R1": 2, "DD2": 1, "R2": 1})
    found = shortfalls(moved, FEBRUARY, previous=january)
    assert [(s.rule, s.subject, s.days) for s in found] == [
        ("rest_after_24h", "DD1", (FEB_1,)),
        ("rest_after_24h", "R1", (FEB_1,)),
    ]
    assert (found[0].needed, found[0].available) == (1, 0)
    assert found[0].en == (
        "Rest after a 24-hour duty, 1 Feb: DD1 held the 24-hour post Duty commander on 31 Jan "
        "and his squad 2 holds main duty on the 1st: a 48-hour duty"
    )
    assert found[0].fixes[0].kind is FixKind.change_squad and found[0].fixes[0].group == 1
    assert_infeasible(moved, FEBRUARY, [], previous=january)
    # Kept: the rotation runs on, and an officer on leave on the 1st holds no duty at all.
    assert shortfalls(station, FEBRUARY, previous=january) == []
    on_leave = [leave(oid, FEB_1, FEB_1, LeaveKind.annual) for oid in ("DD1", "R1")]
    assert shortfalls(moved, FEBRUARY, on_leave, previous=january) == []


def test_duty_commander_with_nobody_to_stand_in() -> None:
    """On a main day of group 1 its deputy director is on annual leave and the director, the
    only stand-in, is sick."""
    station = tiny_station()
    day = next(
        d for d in Month.parse(FEBRUARY).days if station.rotation.state(1, d) is DutyState.main
    )
    away = [
        leave("DD1", day, day, LeaveKind.annual),
        leave("D", day - dt.timedelta(days=1), day, LeaveKind.sick),
    ]
    found = only(shortfalls(station, FEBRUARY, away), "duty_commander")
    assert found.days == (day,)
    assert (found.needed, found.available) == (1, 0)
    assert [m.officer_id for m in found.missing] == ["DD1", "D"]
    assert moved_leave(found) == {"DD1"}
    assert_infeasible(station, FEBRUARY, away)


# --- months that can be rostered -------------------------------------------------------------


def _december_leave() -> list[Leave]:
    text = (DATA / "cli" / "leave-december.yaml").read_text("utf-8")
    return [Leave.model_validate(item) for item in yaml.safe_load(text)["leave"]]


@pytest.mark.parametrize("with_leave", [False, True], ids=["no leave", "leave-december.yaml"])
def test_qianmen_december_has_no_shortfall(with_leave: bool) -> None:
    """Both months are rostered by the solver (tests/test_cli.py, the README), so a sound count
    finds nothing."""
    assert shortfalls(qianmen(), "2026-12", _december_leave() if with_leave else []) == []


def test_larger_stations_laid_out_like_qianmen_have_no_shortfall() -> None:
    for scale in (2, 10):
        assert shortfalls(layout(scale), "2026-12") == []


# --- soundness: the solver agrees -------------------------------------------------------------

PROPERTY_OPTIONS = SolveOptions(workers=1, time_limit=5)


@st.composite
def tiny_months(draw: st.DrawFn) -> tuple[Station, list[Leave], Roster | None]:
    """Tiny stations of all shapes (squads given, moved or open, a street patrol with a cap,
    rest after 24 hours, posts with higher minimums) with a few leave requests of any kind in
    February 2026, and sometimes January's roster before it: often impossible, often not."""
    patrol = draw(st.integers(0, 3))
    posts = tiny_posts(
        moffice={"min_staff": draw(st.integers(1, 2))},
        doffice={"min_staff": draw(st.integers(0, 1))},
        early={"min_staff": draw(st.integers(1, 2)), "max_staff": None},
    )
    station = tiny_station(
        patrol=patrol,
        cap=draw(st.sampled_from([2, 3, 5, None])),
        posts=posts if patrol else [p for p in posts if p.state is not PostState.shift],
    )
    previous = None
    if draw(st.booleans()):
        last_days = [D(2026, 1, day) for day in range(25, 32)]
        shifts = {
            f"S{i}": {day: "early" for day in last_days if draw(st.booleans())}
            for i in range(1, patrol + 1)
        }
        previous = january_roster(station, **shifts)
    squads = draw(st.sampled_from(["given", "moved", "open"]))
    if squads == "moved":
        swap = {1: 2, 2: 1, 3: 3}
        station = station.with_squads(
            {o.id: swap[o.squad] for o in station.officers if o.squad and station.rotates(o)}
        )
    elif squads == "open":
        station = station.without_squads()
    if draw(st.booleans()):
        station = station.model_copy(update={"rest_after_24h": True})
    days = Month.parse(FEBRUARY).days
    ids = [o.id for o in station.officers]
    requests = []
    for _ in range(draw(st.integers(0, 4))):
        start = draw(st.sampled_from(days))
        requests.append(
            Leave(
                officer_id=draw(st.sampled_from(ids)),
                start=start,
                end=start + dt.timedelta(days=draw(st.integers(0, 6))),
                kind=draw(st.sampled_from(list(LeaveKind))),
            )
        )
    return station, requests, previous


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(tiny_months())
def test_a_shortfall_means_the_solver_finds_no_roster(
    case: tuple[Station, list[Leave], Roster | None],
) -> None:
    station, requests, previous = case
    found = shortfalls(station, FEBRUARY, requests, previous=previous)
    event("shortfall" if found else "no shortfall")
    if not found:
        return
    result = solve(station, FEBRUARY, requests, PROPERTY_OPTIONS, previous=previous)
    if result.status is SolveStatus.timed_out:
        event("solve timed out")
        return
    assert result.status is SolveStatus.infeasible, [s.en for s in found]


def test_borrowing_counts_the_neighbours_officers_who_can_serve() -> None:
    """Caochang's resting group sick on 2 December: short, with borrowing offered; once
    Caochang names Dajiang as a neighbour, Dajiang's main group can serve and nothing is short."""
    sick = [
        leave(oid, D(2026, 12, 1), D(2026, 12, 3), LeaveKind.sick)
        for oid in ("P039", "P040", "P043", "P046", "P044")
    ]
    station = qianmen()
    found = only(shortfalls(station, "2026-12", sick), "post_staffing")
    offered = [f for f in found.fixes if f.kind is FixKind.borrow_officer]
    assert [(f.community, f.amount) for f in offered] == [("caochang", 1)]
    communities = [
        c.model_copy(update={"neighbours": ["dajiang"]}) if c.id == "caochang" else c
        for c in station.communities
    ]
    lending = Station.model_validate(station.model_dump() | {"communities": communities})
    assert shortfalls(lending, "2026-12", sick) == []
    # Borrowing runs one way: Dajiang still may not borrow from Caochang.
    assert lending.community("dajiang").neighbours == []
