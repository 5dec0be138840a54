"""Helpers for the per-rule tests: a month of the tiny station, solving it, editing a roster, and
reading one rule's violations or penalties.

The tiny station (`conftest.tiny_station`) has a director and a community team of three deputy
directors and three officers in squads 1-3; February 2026 has 28 days, weekends on the 1st, 7th,
8th, 15th, 21st and 22nd and the Spring Festival holidays on the 16th-19th.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from conftest import FAST, tiny_posts, tiny_station

from rosterkit import Leave, Penalty, Result, Roster, SolveStatus, evaluate, solve
from rosterkit.calendar import Month
from rosterkit.checker import Violation
from rosterkit.rules import rule
from rosterkit.station import (
    ABPair,
    DutyState,
    Eligibility,
    Grid,
    LeaveKind,
    Officer,
    Role,
    Station,
    TeamKind,
)

MONTH = "2026-02"
DAYS = Month.parse(MONTH).days


def solve_month(station: Station, leave: Iterable[Leave] = (), **kwargs: object) -> Result:
    """The month solved to optimality (with `previous` or `ledger` passed through)."""
    result = solve(station, MONTH, list(leave), FAST, **kwargs)  # type: ignore[arg-type]
    assert result.status is SolveStatus.optimal, result.reasons
    assert result.roster is not None
    return result


def solved(station: Station, leave: Iterable[Leave] = (), **kwargs: object) -> Roster:
    roster = solve_month(station, leave, **kwargs).roster
    assert roster is not None
    return roster


def infeasible(station: Station, leave: Iterable[Leave] = (), **kwargs: object) -> list[str]:
    """What each constraint of the conflict of a month that cannot be rostered demands (the
    conflict's words without its rule's name; see `infeasible_rules` for the rules)."""
    result = solve(station, MONTH, list(leave), FAST, **kwargs)  # type: ignore[arg-type]
    assert result.status is SolveStatus.infeasible, result.status
    assert result.roster is None and result.reasons
    return [conflict.en for conflict in result.conflicts] or result.reasons


def infeasible_rules(station: Station, leave: Iterable[Leave] = (), **kwargs: object) -> set[str]:
    """The rules of the conflict of a month that cannot be rostered."""
    result = solve(station, MONTH, list(leave), FAST, **kwargs)  # type: ignore[arg-type]
    assert result.status is SolveStatus.infeasible, result.status
    return {conflict.rule for conflict in result.conflicts}


def edited(roster: Roster, *changes: tuple[str, dt.date, str]) -> Roster:
    """A copy of the roster with each (officer, day, value) written in."""
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    for officer_id, day, value in changes:
        cells[officer_id][day] = value
    return roster.model_copy(update={"cells": cells})


def violations(
    station: Station,
    roster: Roster,
    rule_id: str,
    leave: Iterable[Leave] | None = None,
    **kwargs: object,
) -> list[Violation]:
    """The checker's violations of one rule."""
    rule(rule_id)  # a typo in a test's rule id fails here, not as a silent pass
    found = evaluate(station, roster, leave, **kwargs).violations  # type: ignore[arg-type]
    return [v for v in found if v.rule == rule_id]


def where(found: list[Violation]) -> list[tuple[str | None, dt.date | None]]:
    """(officer, day) of each violation, in the checker's order."""
    return [(v.officer_id, v.day) for v in found]


def paid(penalties: Iterable[Penalty], rule_id: str) -> dict[str, int]:
    """Units paid for one soft rule, by key."""
    rule(rule_id)
    return {p.key: p.amount for p in penalties if p.rule == rule_id}


def checker_penalties(
    station: Station,
    roster: Roster,
    rule_id: str,
    leave: Iterable[Leave] | None = None,
    **kwargs: object,
) -> dict[str, int]:
    """Units of one soft rule as the checker recomputes them from the roster, by key."""
    evaluation = evaluate(station, roster, leave, **kwargs)  # type: ignore[arg-type]
    return paid(evaluation.penalties, rule_id)


def unit_cost(station: Station, rule_id: str) -> int:
    """What one unit of a soft rule costs in the objective: its weight times its side's share."""
    found = rule(rule_id)
    share = getattr(station.appraisal, found.side.value)  # type: ignore[union-attr]
    return found.unit_weight(station) * int(share)


def assert_checker_agrees(
    station: Station, result: Result, leave: Iterable[Leave] | None = None, **kwargs: object
) -> None:
    """The checker finds no broken rule in the solver's roster and recomputes its penalties
    term by term, so the objectives agree."""
    assert result.roster is not None
    evaluation = evaluate(station, result.roster, leave, **kwargs)  # type: ignore[arg-type]
    assert evaluation.violations == []

    def terms(penalties: Iterable[Penalty]) -> list[tuple[str, str, int, int]]:
        return sorted((p.rule, p.key, p.amount, p.unit_cost) for p in penalties)

    assert terms(evaluation.penalties) == terms(result.penalties)
    assert evaluation.objective == result.objective == sum(p.cost for p in result.penalties)


def days_in_state(station: Station, group: int, state: DutyState) -> list[dt.date]:
    """Days of the month on which duty group `group` is in `state`."""
    return [day for day in DAYS if station.rotation.state(group, day) is state]


def first_day(station: Station, group: int, state: DutyState, after: int = 0) -> dt.date:
    """The first day after the `after`-th of the month on which `group` is in `state`."""
    return next(day for day in days_in_state(station, group, state) if day.day > after)


def on_leave(officer_id: str, *days: dt.date) -> list[Leave]:
    return [Leave(officer_id=officer_id, start=day, end=day) for day in days]


def day_off_wanted(officer_id: str, *days: dt.date) -> list[Leave]:
    """Soft requests for days off."""
    return [
        Leave(officer_id=officer_id, start=day, end=day, kind=LeaveKind.preferred_day_off)
        for day in days
    ]


def varied(station: Station, **changes: object) -> Station:
    """The station with fields replaced and validated again (cross-references included)."""
    return Station.model_validate(station.model_dump() | changes)


def with_roles(
    station: Station, roles: dict[str, set[Role]], grids: dict[str, str] | None = None
) -> Station:
    """The station with officers' roles (and grids) replaced, validated again."""
    grids = grids or {}
    officers = [
        officer.model_copy(
            update={"roles": frozenset(roles[officer.id]), "grid": grids.get(officer.id)}
        )
        if officer.id in roles
        else officer
        for officer in station.officers
    ]
    return varied(station, officers=officers)


def ab_station(a_role: str = "R1", b_role: str = "R3", **kwargs: Any) -> Station:
    """The tiny station with an A/B pair. By default R1 (squad 1) is A and R3 (squad 3) B: on
    the days group 1 rests group 3 holds deputy duty, and the other way round."""
    station = with_roles(
        tiny_station(**kwargs),
        {a_role: {Role.a_role}, b_role: {Role.b_role}},
    )
    return varied(station, ab_pairs=[ABPair(a_role=a_role, b_role=b_role)])


def grid_station(*grid_officers: str, **kwargs: Any) -> Station:
    """The tiny station whose community has one grid, looked after by `grid_officers`."""
    station = varied(
        tiny_station(**kwargs),
        grids=[Grid(id="g1", name="网格一", community="one")],
    )
    return with_roles(
        station,
        {oid: {Role.grid_officer} for oid in grid_officers},
        {oid: "g1" for oid in grid_officers},
    )


COMMANDING = [Role.deputy_director, Role.director, Role.political_commissar]


def shaped_station(
    cycle: list[DutyState] | None = None,
    *,
    deputies: int | None = None,
    command: dict[str, object] | None = None,
    roles: dict[str, set[Role]] | None = None,
) -> Station:
    """The tiny station with duty groups shaped by `cycle` (one group a day of it): a director,
    a community team of `deputies` deputy directors (DD1, DD2, ... in squads 1, 2, ..., round
    again) and one officer R<k> in each squad k; the community office of main duty admits
    deputy directors, so that a second one in a group has an ordinary post, and team leaders may
    hold the commander's post (where `command.roles` lets them command). `command` is the
    station's `command` setting, `roles` officers' roles replaced."""
    cycle = cycle or [DutyState.main, DutyState.rest, DutyState.deputy]
    groups = len(cycle)
    deputies = groups if deputies is None else deputies
    officers = [
        Officer(id="D", name="所长甲", team="lead", roles=frozenset({Role.director})),
        *(
            Officer(
                id=f"DD{i}",
                name=f"副所长{i}",
                team="c1",
                roles=frozenset({Role.deputy_director}),
                squad=(i - 1) % groups + 1,
            )
            for i in range(1, deputies + 1)
        ),
        *(Officer(id=f"R{k}", name=f"民警{k}", team="c1", squad=k) for k in range(1, groups + 1)),
    ]
    posts = [
        p
        for p in tiny_posts(
            moffice={"eligible": Eligibility(team_kinds=[TeamKind.community])},
            commander={"eligible": Eligibility(roles_any=[*COMMANDING, Role.team_leader])},
        )
        if p.code != "early"
    ]
    roles = roles or {}
    officers = [
        o.model_copy(update={"roles": frozenset(roles[o.id])}) if o.id in roles else o
        for o in officers
    ]
    return varied(
        tiny_station(),
        officers=[officer.model_dump() for officer in officers],
        posts=[post.model_dump() for post in posts],
        rotation={"cycle": [state.value for state in cycle], "anchor": "2026-01-01"},
        command=command or {},
    )
