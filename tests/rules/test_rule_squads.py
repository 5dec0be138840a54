"""Rule `squads`: even spreads of each team, grid officers, deputy directors, sergeants and sector
specialists over the duty groups; a team leader and his sergeant apart; A and B apart."""

from __future__ import annotations

from collections import Counter

from conftest import tiny_station
from rule_cases import (
    ab_station,
    infeasible,
    shaped_station,
    solved,
    violations,
    where,
    with_roles,
)

from rosterkit import check
from rosterkit.station import Officer, Role, Station

RULE = "squads"


def test_model_kept_forms_valid_squads_when_none_given() -> None:
    station = tiny_station(patrol=3).without_squads()
    roster = solved(station)
    assert check(station, roster) == []
    assert sorted(roster.groups[f"DD{k}"] for k in (1, 2, 3)) == [1, 2, 3]
    # The community team (three deputy directors, three officers) splits 2+2+2, the street
    # patrol 1+1+1.
    community = Counter(roster.groups[oid] for oid in ("DD1", "DD2", "DD3", "R1", "R2", "R3"))
    assert sorted(community.values()) == [2, 2, 2]
    assert sorted(Counter(roster.groups[f"S{i}"] for i in (1, 2, 3)).values()) == [1, 1, 1]


def test_model_kept_puts_a_and_b_apart() -> None:
    station = ab_station().without_squads()
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    assert roster.groups["R1"] != roster.groups["R3"]


def test_model_kept_puts_a_team_leader_and_his_sergeant_apart() -> None:
    station = with_roles(
        tiny_station(patrol=6).without_squads(), {"S1": {Role.team_leader}, "S2": {Role.sergeant}}
    )
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    assert roster.groups["S1"] != roster.groups["S2"]


def test_model_broken_rejects_two_deputy_directors_in_one_group() -> None:
    station = tiny_station().with_squads({"DD2": 1, "R1": 2})
    reasons = infeasible(station)
    assert any("deputy directors" in reason for reason in reasons)


def test_model_broken_rejects_a_and_b_in_one_group() -> None:
    """Three officers a squad, so that A and B together is the only thing wrong."""
    extra = [
        Officer(id=f"R{k + 3}", name=f"民警{k + 3}", team="c1", squad=squad)
        for k, squad in ((1, 2), (2, 1), (3, 3))
    ]
    station = ab_station("R1", "R4", extra=extra)
    assert violations(station, solved(station), RULE) == []
    # R4 (B) and R5 swap squads: every spread stays even, but A and B now share group 1.
    reasons = infeasible(station.with_squads({"R4": 1, "R5": 2}))
    assert reasons == ["A and B of a community sit in different duty groups: R1 and R4"]


def test_check_kept_the_solved_squads_pass() -> None:
    station = ab_station()
    assert violations(station, solved(station), RULE) == []


def test_check_broken_flags_a_group_without_commander() -> None:
    station = tiny_station()
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    groups = dict(roster.groups) | {"DD2": roster.groups["DD1"]}
    found = violations(station, roster.model_copy(update={"groups": groups}), RULE)
    assert any("deputy directors" in v.message for v in found)


def test_check_broken_flags_a_and_b_together_on_the_tiny_station() -> None:
    station = ab_station()
    roster = solved(station)
    groups = dict(roster.groups) | {"R3": roster.groups["R1"]}
    found = violations(station, roster.model_copy(update={"groups": groups}), RULE)
    assert [v.officer_id for v in found if "A role" in v.message] == ["R3"]
    # Moving R3 also leaves the community team uneven; only the pair names an officer.
    assert [v.officer_id for v in found if v.officer_id] == ["R3"]


def test_check_broken_flags_a_and_b_together(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    roster = qianmen_december.roster
    pair = qianmen_station.ab_pairs[0]
    groups = dict(roster.groups) | {pair.b_role: roster.groups[pair.a_role]}
    found = check(qianmen_station, roster.model_copy(update={"groups": groups}))
    assert any(v.rule == "squads" and "A role" in v.message for v in found)


def test_check_broken_flags_a_team_leader_and_his_sergeant_together() -> None:
    station = with_roles(tiny_station(patrol=6), {"S1": {Role.team_leader}, "S2": {Role.sergeant}})
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    # S2 swaps squads with the other street-patrol officer of S1's squad: still even.
    mate = next(
        oid
        for oid, g in roster.groups.items()
        if g == roster.groups["S1"] and oid != "S1" and oid.startswith("S")
    )
    groups = dict(roster.groups) | {"S2": roster.groups["S1"], mate: roster.groups["S2"]}
    found = violations(station, roster.model_copy(update={"groups": groups}), RULE)
    assert where(found) == [("S2", None)]
    assert "team leader S1 and sergeant S2 share a squad" in found[0].message


# --- a commander for every group (Station.command) ---------------------------------------------


def team_leader_commands_group_3() -> Station:
    """Two deputy directors for three groups; R3, a team leader, is named commander of group 3."""
    return shaped_station(
        deputies=2,
        command={"roles": ["deputy_director", "team_leader"], "commanders": {3: "R3"}},
        roles={"R3": {Role.team_leader}},
    )


def test_model_kept_places_a_named_rotating_commander_in_his_group() -> None:
    station = team_leader_commands_group_3().without_squads()
    roster = solved(station)
    assert violations(station, roster, RULE) == []
    assert roster.groups["R3"] == 3
    assert sorted(roster.groups[oid] for oid in ("DD1", "DD2")) == [1, 2]


def test_model_broken_a_group_nobody_may_command() -> None:
    reasons = infeasible(shaped_station(deputies=2).without_squads())
    assert any("needs a deputy director to command it" in reason for reason in reasons)


def test_check_kept_a_group_with_a_named_commander_needs_no_deputy_director() -> None:
    station = team_leader_commands_group_3()
    assert violations(station, solved(station), RULE) == []


def test_check_broken_flags_a_group_nobody_may_command() -> None:
    named = team_leader_commands_group_3()
    roster = solved(named)
    found = violations(shaped_station(deputies=2), roster, RULE)
    assert [v.message for v in found] == [
        "duty group 3 holds no deputy director to command it, and command.commanders names "
        "nobody for it"
    ]


def test_check_broken_flags_a_named_commander_outside_his_group() -> None:
    station = team_leader_commands_group_3()
    roster = solved(station)
    groups = dict(roster.groups) | {"R3": 1, "R1": 3}
    found = violations(station, roster.model_copy(update={"groups": groups}), RULE)
    assert ("R3", None) in where(found)
    assert any("R3 commands duty group 3 but sits in duty group 1" in v.message for v in found)
