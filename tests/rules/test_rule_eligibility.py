"""Rule `eligibility`: each post's team kinds, roles and community. The model keeps it by
construction (no variable for a post an officer may not hold); the checker reports any officer
on a post he may not hold."""

from __future__ import annotations

from conftest import tiny_posts, tiny_station
from rule_cases import (
    DAYS,
    edited,
    first_day,
    infeasible,
    on_leave,
    paid,
    solve_month,
    solved,
    violations,
    where,
)

from rosterkit.duties import matches_eligibility, slot_map
from rosterkit.station import DutyPost, DutyState, Eligibility, PostState, Role

RULE = "eligibility"


def test_model_kept_every_post_is_held_by_an_officer_it_admits() -> None:
    station = tiny_station(patrol=2)
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    slots = slot_map(station)
    for oid, row in roster.cells.items():
        officer = station.officer(oid)
        for value in row.values():
            if value in slots:
                assert matches_eligibility(station, officer, slots[value]), (oid, value)
    # Deputy directors never hold the community office, the director never a community post.
    assert not {v for oid in ("DD1", "DD2", "DD3") for v in roster.cells[oid].values()} & {
        "moffice@one"
    }
    assert set(roster.cells["D"].values()) <= {"off", "commander"}


def test_model_broken_never_gives_a_post_to_an_officer_it_excludes_even_to_save_a_call_in() -> None:
    """R1 is on leave on a main day of group 1: the director (off) or deputy director DD1 would
    fill the community office for nothing; neither may hold it, so a call-in is paid."""
    station = tiny_station()
    day = first_day(station, 1, DutyState.main)
    result = solve_month(station, on_leave("R1", day))
    roster = result.roster
    assert roster is not None
    assert violations(station, roster, RULE, on_leave("R1", day)) == []
    (holder,) = roster.holders(day, "moffice@one")
    assert holder not in ("D", "DD1") and roster.is_call_in(station, holder, day)
    assert roster.value("D", day) == "off" and roster.value("DD1", day) == "commander"
    assert sum(paid(result.penalties, "call_in").values()) == 1


def test_model_broken_infeasible_when_no_officer_may_hold_a_post() -> None:
    desk = DutyPost(
        code="sdesk",
        name="警长台",
        name_en="Sergeant desk",
        short="长",
        state=PostState.main,
        min_staff=1,
        eligible=Eligibility(roles_any=[Role.sergeant]),
    )
    reasons = infeasible(tiny_station(posts=[*tiny_posts()[:3], desk]))
    assert any("Sergeant desk" in r and "0 of its officers may hold it" in r for r in reasons)


def test_check_kept_a_solved_roster_has_eligible_holders() -> None:
    station = tiny_station(patrol=2)
    assert violations(station, solved(station), RULE) == []


def test_check_broken_flags_a_team_kind_the_post_does_not_take() -> None:
    station = tiny_station(patrol=2)
    roster = solved(station)
    day = next(d for d in DAYS if roster.value("S1", d) == "off")
    broken = edited(roster, ("D", DAYS[3], "moffice@one"), ("S1", day, "doffice@one"))
    found = violations(station, broken, RULE)
    assert where(found) == [("D", DAYS[3]), ("S1", day)]


def test_check_broken_flags_an_excluded_role_and_a_missing_role() -> None:
    station = tiny_station()
    roster = solved(station)
    day = first_day(station, roster.groups["DD1"], DutyState.main)
    broken = edited(roster, ("DD1", day, "moffice@one"), ("R1", day, "commander"))
    found = violations(station, broken, RULE)
    assert where(found) == [("DD1", day), ("R1", day)]
    assert all("may not hold" in v.message for v in found)


def test_check_broken_flags_a_post_of_another_community(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    roster = qianmen_december.roster
    assert violations(qianmen_station, roster, RULE) == []
    oid, day = next(
        (oid, day)
        for oid, row in roster.cells.items()
        for day, value in row.items()
        if value == "doffice@qiandong"
        and not qianmen_station.officer(oid).roles & {Role.a_role, Role.b_role}
    )
    found = violations(qianmen_station, edited(roster, (oid, day, "doffice@dajiang")), RULE)
    assert where(found) == [(oid, day)]
