"""Stations as they are: duty groups and cycles as data, and who commands (issue 12).

- a station has 2 to 6 duty groups and any cycle of main / deputy / rest days holding main once
  and deputy at least once, validated in the station and in its JSON Schema, run on across
  months from the anchor;
- who commands each group is data (`command`): the roles that may, named commanders, stand-ins;
- over generated group counts, cycles, commanders, squads, street-patrol shifts (weekly cap,
  rest between shifts), borrowing between communities and leave (hypothesis) every roster
  the solver returns passes the independent checker, whose objective equals the solver's term
  by term; a month that cannot be rostered is a status with a reason, and one the capacity
  count finds short is never rostered.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rosterkit import Leave, SolveOptions, SolveStatus, Station, evaluate, solve
from rosterkit.appraisal import appraisers, commanders
from rosterkit.calendar import Month
from rosterkit.capacity import shortfalls
from rosterkit.continuity import carry_from, continue_station
from rosterkit.problem import compile_problem
from rosterkit.solver.construct import initial_roster
from rosterkit.station import DutyState, LeaveKind, Role, Rotation

sys.path.insert(0, str(Path(__file__).resolve().parent / "rules"))
from conftest import tiny_posts
from rule_cases import shaped_station

OPTIONS = SolveOptions(workers=1, time_limit=5)
M, D, R = DutyState.main, DutyState.deputy, DutyState.rest


# --- the rotation ------------------------------------------------------------------------------


def test_the_default_is_three_groups_main_rest_deputy_from_the_anchor() -> None:
    rotation = Rotation()
    assert (rotation.groups, rotation.cycle) == (3, [M, R, D])
    anchor = rotation.anchor
    assert [rotation.state(1, anchor + dt.timedelta(days=i)) for i in range(3)] == [M, R, D]
    assert [rotation.state(k, anchor) for k in (1, 2, 3)] == [M, D, R]


def test_four_groups_on_main_deputy_rest_rest() -> None:
    rotation = Rotation(cycle=[M, D, R, R], anchor=dt.date(2026, 1, 1))
    assert rotation.groups == 4
    day = dt.date(2026, 1, 1)
    assert [rotation.state(k, day) for k in (1, 2, 3, 4)] == [M, R, R, D]
    assert rotation.groups_in(R, day) == [2, 3]
    assert (rotation.group_in(M, day), rotation.holders(R), rotation.holders(M)) == (1, 2, 1)
    # continuous over the year's end: each group takes the cycle's next state every day
    for k in (1, 2, 3, 4):
        before = rotation.state(k, dt.date(2026, 12, 31))
        after = rotation.state(k, dt.date(2027, 1, 1))
        assert rotation.cycle.index(after) == (rotation.cycle.index(before) + 1) % 4 or (
            before is R and after in (R, M)
        )


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"cycle": ["main", "main", "deputy"]}, "main exactly once"),
        ({"cycle": ["main", "rest", "rest"]}, "deputy at least once"),
        ({"cycle": ["main"]}, "at least 2"),
        ({"cycle": ["main", "deputy", "rest", "rest", "rest", "rest", "rest"]}, "at most 6"),
        ({"groups": 4}, "4 duty groups but a cycle of 3 days"),
        ({"groups": 4, "cycle": ["main", "deputy", "rest"]}, "4 duty groups but a cycle of 3"),
        ({"groups": 1, "cycle": ["main"]}, "greater than or equal to 2"),
    ],
)
def test_bad_rotations_are_refused_with_the_fix(data: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        Rotation.model_validate(data)


def test_a_squad_beyond_the_groups_is_refused() -> None:
    station = shaped_station([M, D])
    data = station.model_dump()
    data["officers"][1]["squad"] = 3
    with pytest.raises(ValidationError, match="squad 3 but the station has 2 duty groups"):
        Station.model_validate(data)


def _schema() -> dict[str, object]:
    schema: dict[str, object] = Station.model_json_schema()
    return schema


def _valid(rotation: dict[str, object], command: dict[str, object] | None = None) -> bool:
    """Whether the JSON Schema admits the built-in station with this rotation and command."""
    data = json.loads(shaped_station().model_dump_json())
    data["rotation"] = rotation
    if command is not None:
        data["command"] = command
    try:
        jsonschema.validate(data, _schema())
    except jsonschema.ValidationError:
        return False
    return True


def test_the_json_schema_states_the_rotation_and_command_rules() -> None:
    assert _valid({"cycle": ["main", "deputy", "rest", "rest"], "groups": 4})
    assert not _valid({"cycle": ["main", "main", "deputy"]})
    assert not _valid({"cycle": ["main", "rest", "rest"]})
    assert not _valid({"cycle": ["main", "deputy"] * 4})
    assert not _valid({"groups": 7})
    assert _valid({}, {"roles": ["deputy_director", "director"], "commanders": {"3": "D"}})
    assert not _valid({}, {"commanders": {"7": "D"}})
    assert not _valid({}, {"roles": []})
    assert not _valid({}, {"roles": ["chief"]})


def test_rotation_and_command_survive_a_round_trip() -> None:
    station = shaped_station(
        [M, D, R, R],
        deputies=3,
        command={"roles": ["deputy_director", "director"], "commanders": {4: "D"}},
    )
    again = Station.model_validate_json(station.model_dump_json())
    assert again == station
    assert again.command.commanders == {4: "D"}


def test_the_phase_runs_on_from_last_months_roster() -> None:
    """Four groups; February's station has another anchor, but with January's roster the
    rotation runs on from it without a break."""
    station = shaped_station([M, D, R, R])
    january = solve(station, "2026-01", options=OPTIONS).roster
    assert january is not None
    moved = station.model_copy(
        update={"rotation": station.rotation.model_copy(update={"anchor": dt.date(2026, 1, 2)})}
    )
    carried = continue_station(moved, carry_from(moved, january, "2026-02"))
    jan31, feb1 = dt.date(2026, 1, 31), dt.date(2026, 2, 1)
    assert carried.rotation.groups == 4
    for k in (1, 2, 3, 4):
        assert carried.rotation.state(k, jan31) is station.rotation.state(k, jan31)
        assert carried.rotation.state(k, feb1) is station.rotation.state(k, feb1)
    february = solve(moved, "2026-02", options=OPTIONS, previous=january)
    assert february.roster is not None
    assert evaluate(moved, february.roster, [], previous=january).violations == []


# --- who commands ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ({"commanders": {4: "DD1"}}, "the station has 3 duty groups"),
        ({"commanders": {3: "X9"}}, "unknown officer 'X9'"),
        ({"commanders": {3: "D"}}, "holds none of the roles that may command"),
        ({"commanders": {3: "DD1"}}, "rotates in squad 1"),
        ({"roles": []}, "at least 1"),
        ({"commanders": {0: "D"}}, "greater than or equal to 1"),
    ],
)
def test_bad_commanders_are_refused_with_the_fix(command: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        shaped_station(command=command)


def test_a_rotating_officer_commands_one_group_only() -> None:
    command = {"roles": ["deputy_director"], "commanders": {1: "DD1", 2: "DD1"}}
    with pytest.raises(ValidationError, match="already commands duty group 1"):
        shaped_station(command=command)


def test_the_group_commanders_appraise_their_groups() -> None:
    """Two deputy directors for three groups; the director commands group 3 and appraises its
    members on the short line; a second deputy director in group 1 is appraised by the first."""
    station = shaped_station(
        deputies=2, command={"roles": ["deputy_director", "director"], "commanders": {3: "D"}}
    )
    groups = {o.id: o.squad for o in station.officers if o.squad is not None}
    assert {k: o.id for k, o in commanders(station, groups).items()} == {
        1: "DD1",
        2: "DD2",
        3: "D",
    }
    lines = {line.officer_id: line for line in appraisers(station, groups)}
    assert lines["R3"].short_line == "D"
    four = shaped_station([M, D, R, R], deputies=5)
    groups = {o.id: o.squad for o in four.officers if o.squad is not None}
    assert commanders(four, groups)[1].id == "DD1"
    assert {line.officer_id: line for line in appraisers(four, groups)}["DD5"].short_line == "DD1"


@pytest.mark.parametrize(
    "station",
    [
        shaped_station([M, D, R, R], deputies=5),
        shaped_station([D, M, D, R, R, D]),
        shaped_station(
            deputies=2, command={"roles": ["deputy_director", "director"], "commanders": {3: "D"}}
        ),
    ],
    ids=["four groups, two deputy directors in one", "six groups", "a named commander"],
)
def test_the_heuristic_start_roster_keeps_the_shape(station: Station) -> None:
    """The heuristic start roster (`solver.construct`) reads the groups, cycle and command."""
    roster = initial_roster(compile_problem(station, "2026-02"))
    assert roster is not None
    assert evaluate(station, roster, []).violations == []


# --- the capacity count says who commands --------------------------------------------------


def _infeasible(station: Station, leave: list[Leave]) -> bool:
    return solve(station, "2026-02", leave, OPTIONS).status is SolveStatus.infeasible


def test_capacity_finds_nothing_wrong_with_valid_shapes() -> None:
    for station in (
        shaped_station([M, D, R, R], deputies=5),
        shaped_station([M, D]),
        shaped_station(
            deputies=2, command={"roles": ["deputy_director", "director"], "commanders": {3: "D"}}
        ),
    ):
        assert shortfalls(station, "2026-02", []) == []


def test_capacity_two_deputy_directors_for_three_groups_suggests_naming_a_commander() -> None:
    station = shaped_station(deputies=2)
    (found,) = shortfalls(station, "2026-02", [])
    assert found.rule == "squads"
    assert "3 duty groups need a deputy director each" in found.en
    assert "name who commands the others (command.commanders)" in found.en
    assert "command.commanders" in found.zh
    assert _infeasible(station, [])


def test_capacity_a_group_nobody_may_command_with_roles_widened() -> None:
    """Directors may command, but nobody is named: group 3 has nobody who may command it."""
    station = shaped_station(deputies=2, command={"roles": ["deputy_director", "director"]})
    (found,) = shortfalls(station, "2026-02", [])
    assert (found.rule, found.subject) == ("squads", "squads:commander")
    assert (found.needed, found.available) == (1, 0)
    assert "duty group 3 needs a deputy director or director to command it" in found.en
    assert _infeasible(station, [])


def test_capacity_a_named_commander_on_leave_with_no_stand_in_left() -> None:
    station = shaped_station(
        deputies=2, command={"roles": ["deputy_director", "director"], "commanders": {3: "D"}}
    )
    day = next(d for d in Month.parse("2026-02").days if station.rotation.state(3, d) is M)
    leave = [Leave(officer_id="D", start=day, end=day)]
    (found,) = shortfalls(station, "2026-02", leave)
    assert (found.rule, found.days) == ("duty_commander", (day,))
    assert [m.officer_id for m in found.missing] == ["D"]
    assert _infeasible(station, leave)


def test_capacity_a_named_commander_the_post_does_not_admit() -> None:
    station = shaped_station(
        deputies=2, command={"roles": ["deputy_director", "director"], "commanders": {3: "D"}}
    )
    posts = [
        p.model_copy(
            update={"eligible": p.eligible.model_copy(update={"roles_any": [Role.deputy_director]})}
        )
        if p.code == "commander"
        else p
        for p in station.posts
    ]
    station = station.model_copy(update={"posts": posts})
    (found,) = shortfalls(station, "2026-02", [])
    assert found.rule == "duty_commander"
    assert [m.officer_id for m in found.missing] == ["D"]
    assert "may not hold the post" in found.en
    assert _infeasible(station, [])


# --- generated shapes: solver and checker agree ----------------------------------------------


@st.composite
def cycles(draw: st.DrawFn) -> list[DutyState]:
    groups = draw(st.integers(2, 6))
    others = draw(st.lists(st.sampled_from([D, R]), min_size=groups - 2, max_size=groups - 2))
    return draw(st.permutations([M, D, *others]))


@st.composite
def shapes(draw: st.DrawFn) -> tuple[Station, str, list[Leave]]:
    """A tiny station of 2 to 6 groups on a drawn cycle, with one deputy director fewer than
    groups (the last group commanded by a named director or team leader), as many, or one more
    (two in group 1); squads given or left to the solver; a few days of leave."""
    cycle = draw(cycles())
    groups = len(cycle)
    deputies = groups + draw(st.sampled_from([-1, 0, 1]))
    command: dict[str, object] = {}
    roles: dict[str, set[Role]] = {}
    named = draw(st.sampled_from(["nobody", "director", "team leader"]))
    if deputies < groups and named == "nobody":
        named = "director"
    if named == "director":
        group = groups if deputies < groups else draw(st.integers(1, groups))
        command = {"roles": ["deputy_director", "director"], "commanders": {group: "D"}}
    elif named == "team leader":
        roles = {f"R{groups}": {Role.team_leader}}
        command = {"roles": ["deputy_director", "team_leader"]}
        if deputies < groups or draw(st.booleans()):
            command["commanders"] = {groups: f"R{groups}"}
    if draw(st.booleans()):
        command["stand_ins"] = draw(
            st.sampled_from([["director"], ["political_commissar"], ["director", "sergeant"]])
        )
    station = shaped_station(cycle, deputies=max(deputies, 1), command=command, roles=roles)
    station = station.model_copy(
        update={
            "rotation": station.rotation.model_copy(
                update={"anchor": dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 6)))}
            )
        }
    )
    station = _with_extras(
        station,
        patrol=draw(st.sampled_from([0, 0, 3, 4])),
        cap=draw(st.sampled_from([4, 5])),
        rest_hours=draw(st.sampled_from([0, 11, 16])),
        borrowing=draw(st.sampled_from(["none", "one way", "both ways"])),
    )
    if draw(st.booleans()):
        station = station.without_squads()
    month = draw(st.sampled_from(["2026-02", "2026-03"]))
    days = Month.parse(month).days
    ids = [o.id for o in station.officers]
    leave = [
        Leave(
            officer_id=draw(st.sampled_from(ids)),
            start=(start := draw(st.sampled_from(days))),
            end=start + dt.timedelta(days=draw(st.integers(0, 2))),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    if len(station.communities) > 1 and draw(st.booleans()):
        # The first community's team all away one day: its posts need borrowing.
        day = draw(st.sampled_from(days))
        leave += [
            Leave(officer_id=o.id, start=day, end=day, kind=LeaveKind.sick)
            for o in station.officers
            if o.team == "c1"
        ]
    return station, month, leave


def _with_extras(
    station: Station, *, patrol: int, cap: int, rest_hours: int, borrowing: str
) -> Station:
    """The shaped station with, as drawn, a street-patrol team of `patrol` officers on the
    early shift (at most `cap` shifts in 7 days, `rest_hours` between shifts), and a second
    community whose team (one officer a group) lends officers to the first, or both lend."""
    data = station.model_dump()
    groups = station.rotation.groups
    data["min_rest_hours"] = rest_hours
    if patrol:
        data["posts"].append(next(p for p in tiny_posts() if p.code == "early").model_dump())
        for team in data["teams"]:
            if team["id"] == "sp":
                team["max_shifts_per_week"] = cap
        data["officers"] += [
            {"id": f"S{i}", "name": f"巡警{i}", "team": "sp", "squad": (i - 1) % groups + 1}
            for i in range(1, patrol + 1)
        ]
    if borrowing != "none":
        data["communities"].append({"id": "two", "name": "二社区", "name_en": "Two", "short": "二"})
        data["teams"].append(
            {
                "id": "c2",
                "name": "二社区队",
                "name_en": "Community team two",
                "kind": "community",
                "community": "two",
            }
        )
        data["officers"] += [
            {"id": f"T{k}", "name": f"二民警{k}", "team": "c2", "squad": k}
            for k in range(1, groups + 1)
        ]
        for community in data["communities"]:
            if community["id"] == "one":
                community["neighbours"] = ["two"]
            elif borrowing == "both ways":
                community["neighbours"] = ["one"]
    return Station.model_validate(data)


def _agree(station: Station, month: str, leave: list[Leave]) -> None:
    result = solve(station, month, leave, OPTIONS)
    event(f"{station.rotation.groups} groups: {result.status.value}")
    found = shortfalls(station, month, leave)
    if found:  # the capacity count is sound: a shortfall means no roster
        event("capacity shortfall")
        assert result.status is SolveStatus.infeasible, [f.en for f in found]
    if result.roster is None:
        assert result.status in (SolveStatus.infeasible, SolveStatus.timed_out)
        assert result.reasons and all(isinstance(r, str) and r for r in result.reasons)
        return
    assert result.status in (SolveStatus.optimal, SolveStatus.feasible)
    evaluation = evaluate(station, result.roster, leave)
    assert evaluation.violations == []
    assert sorted((p.rule, p.key, p.amount, p.unit_cost) for p in evaluation.penalties) == sorted(
        (p.rule, p.key, p.amount, p.unit_cost) for p in result.penalties
    )
    assert evaluation.objective == result.objective
    if any(penalty.rule == "borrowing" for penalty in result.penalties):
        event("officers borrowed")
    if any(officer.team == "sp" for officer in station.officers):
        event("street patrol")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(shapes())
def test_solver_and_checker_agree_on_generated_shapes(
    case: tuple[Station, str, list[Leave]],
) -> None:
    _agree(*case)


@pytest.mark.slow
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(shapes())
def test_solver_and_checker_agree_on_many_generated_shapes(
    case: tuple[Station, str, list[Leave]],
) -> None:
    _agree(*case)
