"""Rule `full_time_community`: A and B roles take only posts of their own community. The model
keeps it by construction (no variable for another post); the checker reports any such post."""

from __future__ import annotations

from conftest import tiny_posts, tiny_station
from rule_cases import (
    DAYS,
    assert_checker_agrees,
    days_in_state,
    edited,
    first_day,
    infeasible,
    paid,
    solve_month,
    solved,
    violations,
    where,
    with_roles,
)

from rosterkit.station import DutyPost, DutyState, Eligibility, PostState, Role, TeamKind

RULE = "full_time_community"


def _car(**changes: object) -> DutyPost:
    """A station car on deputy duty that any community officer but a deputy director may hold
    (eligibility does not exclude A and B roles: only this rule keeps them off it)."""
    car = DutyPost(
        code="scar",
        name="一级车",
        name_en="Station car",
        short="巡",
        state=PostState.deputy,
        car=True,
        eligible=Eligibility(team_kinds=[TeamKind.community], exclude_roles=[Role.deputy_director]),
    )
    return car.model_copy(update=changes)


def test_model_kept_a_role_holds_only_posts_of_his_community() -> None:
    station = with_roles(tiny_station(posts=[*tiny_posts()[:3], _car()]), {"R1": {Role.a_role}})
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    assert set(roster.cells["R1"].values()) <= {"rest", "moffice@one", "doffice@one"}


def test_model_kept_never_sends_a_role_elsewhere(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    roster = qianmen_december.roster
    for pair in qianmen_station.ab_pairs:
        for oid in (pair.a_role, pair.b_role):
            community = qianmen_station.officer_community(qianmen_station.officer(oid))
            for value in roster.cells[oid].values():
                assert value in ("rest", "leave") or value.endswith(f"@{community}")


def test_model_broken_never_sends_an_a_role_to_the_car_even_where_it_costs_less() -> None:
    """The car wants one officer a day. On group 1's deputy days only R1, an A role, could take
    it without a call-in: the model pays the shortfall instead of sending him."""
    station = with_roles(
        tiny_station(posts=[*tiny_posts()[:3], _car(target_staff=1)]), {"R1": {Role.a_role}}
    )
    result = solve_month(station)
    roster = result.roster
    assert roster is not None
    assert "scar" not in roster.cells["R1"].values()
    short = days_in_state(station, 1, DutyState.deputy)
    assert paid(result.penalties, "duty_coverage") == {f"scar {d:%m-%d}": 1 for d in short}
    assert_checker_agrees(station, result)


def test_model_broken_infeasible_when_only_a_roles_could_fill_a_car() -> None:
    officers = [
        o.model_copy(update={"roles": frozenset({Role.a_role})}) if o.id.startswith("R") else o
        for o in tiny_station().officers
    ]
    station = tiny_station(officers=officers, posts=[*tiny_posts()[:3], _car(min_staff=1)])
    reasons = infeasible(station)
    assert any("Station car" in r for r in reasons)


def test_check_kept_a_solved_roster_keeps_a_roles_home() -> None:
    station = with_roles(tiny_station(posts=[*tiny_posts()[:3], _car()]), {"R1": {Role.a_role}})
    assert violations(station, solved(station), RULE) == []


def test_check_broken_flags_an_a_role_on_a_post_outside_his_community() -> None:
    station = with_roles(tiny_station(posts=[*tiny_posts()[:3], _car()]), {"R1": {Role.a_role}})
    roster = solved(station)
    day = first_day(station, 1, DutyState.deputy)
    broken = edited(roster, ("R1", day, "scar"), ("R2", DAYS[0], "scar"))
    found = violations(station, broken, RULE)
    assert where(found) == [("R1", day)]
    # The post itself admits him: only this rule is broken.
    assert violations(station, broken, "eligibility") == []


def test_check_broken_flags_a_role_on_station_car(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    roster = qianmen_december.roster
    a_role = qianmen_station.ab_pairs[0].a_role
    day = next(
        d
        for d, v in roster.cells[a_role].items()
        if v.startswith("doffice") or v.startswith("cwork")
    )
    found = violations(qianmen_station, edited(roster, (a_role, day, "scar1")), RULE)
    assert where(found) == [(a_role, day)]
