"""Model of `squads` (squads and duty groups), and the appraisal groups.

- Every officer outside the leadership sits in exactly one duty group; rotating teams' squads
  are their duty groups, street-patrol officers' groups name their short-line appraiser.
- Every team splits evenly over the groups (12 -> 4+4+4), and so do the appraisal spans
  (group sizes differ by at most one).
- Deputy directors and sergeants are spread evenly over the groups; every group has a
  commander (`Station.command`): its named commander sits in it if he rotates, and a group
  without one holds at least one rotating officer who may command (a deputy director by
  default); a team's leader and sergeant sit in different
  squads; A and B of a pair sit in different groups.
- Grid officers spread evenly over each team's squads; sector specialists over the groups.

Where every squad is given these fold to constants and are checked, not solved.
"""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model

from rosterkit.rules import squads
from rosterkit.rules.spec import ROLE_ZH, roles_zh
from rosterkit.solver.rules.fairness import carried
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Expr, Variables, total
from rosterkit.station import DutyState, Role, TeamKind

MODELS = (squads.RULE,)


def _spread_evenly(
    v: Variables, members: list[int], what: str, what_zh: str, at_least: int = 0
) -> None:
    """Each group holds floor(n/G) or ceil(n/G) of `members` (and at least `at_least`);
    `what` and `what_zh` name the members in English and Chinese."""
    groups = v.problem.groups
    n = len(members)
    if n == 0 and not at_least:
        return
    low, high = max(n // groups, at_least), max(-(-n // groups), at_least)
    for k in range(groups):
        count = total(v.group(o, k) for o in members)
        held = f"{low}" if low == high else f"{low} to {high}"
        held_zh = f"{low}" if low == high else f"{low}至{high}"
        text = (
            f"duty group {k + 1} must hold {held} of the {n} {what}",
            f"第{k + 1}值班组须有{what_zh}{held_zh}名（共{n}名）",
        )
        v.require(count >= low, text)
        v.require(count <= high, text)


def build(v: Variables, *, break_symmetry: bool = True) -> list[Term]:
    """Rule `squads`; `break_symmetry=False` leaves officers who differ in nothing the rules see
    free of any order (re-balancing counts moves, which tell them apart)."""
    p = v.problem
    grouped = [o for o in range(len(p.officers)) if p.grouped(o)]
    for o in grouped:
        if v.has_group_var(o):
            v.model.add_exactly_one(v.group_var(o, k) for k in range(p.groups))
    rotating = [o for o in grouped if p.rotates(o)]

    for team in p.station.teams:
        if team.kind is TeamKind.leadership:
            continue
        members = p.teams[team.id]
        _spread_evenly(
            v,
            members,
            f"officers of {team.name_en} (teams split evenly)",
            f"{team.name}民警（各队平均分到各组）",
        )
        grid_officers = [o for o in members if p.has_role(o, Role.grid_officer)]
        _spread_evenly(
            v,
            grid_officers,
            f"grid officers of {team.name_en}",
            f"{team.name}{ROLE_ZH[Role.grid_officer]}",
        )
        leaders = [
            o
            for o in members
            if p.has_role(o, Role.deputy_director) or p.has_role(o, Role.team_leader)
        ]
        sergeants = [o for o in members if p.has_role(o, Role.sergeant)]
        for a in leaders:
            for b in sergeants:
                _apart(
                    v,
                    a,
                    b,
                    (
                        "a team's leader and its sergeant sit in different squads",
                        f"{team.name}的带队领导与警长须在不同班组",
                    ),
                )

    _spread_evenly(
        v,
        grouped,
        "officers of the station (balanced appraisal spans)",
        "全所民警（考核范围均衡）",
    )
    _spread_role(v, rotating, Role.deputy_director, "deputy directors")
    _commanders(v, rotating)
    _spread_role(v, rotating, Role.sergeant, "sergeants")
    _spread_role(v, rotating, Role.sector_specialist, "sector specialists")
    for pair in p.station.ab_pairs:
        _apart(
            v,
            p.officer_index[pair.a_role],
            p.officer_index[pair.b_role],
            (
                "A and B of a community sit in different duty groups",
                "同一社区的A角与B角须在不同值班组",
            ),
        )
    if break_symmetry:
        _break_symmetry(v, rotating)
    return []


def _spread_role(v: Variables, rotating: list[int], role: Role, what: str) -> None:
    """The rotating officers of `role` spread evenly over the groups."""
    p = v.problem
    _spread_evenly(v, [o for o in rotating if p.has_role(o, role)], what, ROLE_ZH[role])


def _commanders(v: Variables, rotating: list[int]) -> None:
    """Every duty group has a commander: its named commander, who sits in it if he rotates, or
    else at least one rotating officer who may command (`Station.command`)."""
    p = v.problem
    station = p.station
    roles = " or ".join(role.value.replace("_", " ") for role in station.command.roles)
    able = [o for o in rotating if station.may_command(p.officers[o])]
    for k in range(p.groups):
        named = station.named_commander(k + 1)
        if named is None:
            v.require(
                total(v.group(o, k) for o in able) >= 1,
                (
                    f"duty group {k + 1} needs a {roles} to command it, or a named commander",
                    f"第{k + 1}值班组须有一名{roles_zh(station.command.roles)}带班，或指定带班人",
                ),
            )
        elif station.rotates(named):
            v.require(
                v.group(p.officer_index[named.id], k) == 1,
                (
                    f"{named.name} ({named.id}) commands duty group {k + 1} and sits in it",
                    f"{named.name}（{named.id}）带第{k + 1}值班组，须在该组",
                ),
            )


def _apart(v: Variables, a: int, b: int, why: tuple[str, str]) -> None:
    """Officers `a` and `b` sit in different groups; `why` says why in English and Chinese."""
    p = v.problem
    first, second = p.officers[a], p.officers[b]
    for k in range(p.groups):
        v.require(
            total([v.group(a, k), v.group(b, k)]) <= 1,
            (
                f"{why[0]}: {first.id} and {second.id}",
                f"{why[1]}：{first.name}（{first.id}）与{second.name}（{second.id}）",
            ),
        )


def _break_symmetry(v: Variables, rotating: list[int]) -> None:
    """Officers who differ in nothing the rules see get non-decreasing groups.

    'Nothing' includes their leave and requests, last month's group and posts, and the ledger.
    """
    p = v.problem
    partners = {pair.a_role: pair.b_role for pair in p.station.ab_pairs}
    partners |= {b: a for a, b in partners.items()}
    classes: dict[tuple[object, ...], list[int]] = {}
    for o in rotating:
        if not v.has_group_var(o):
            continue
        officer = p.officers[o]
        signature = (
            officer.team,
            officer.roles,
            partners.get(officer.id),
            tuple(sorted(p.leave.get(officer.id, set()))),
            tuple(sorted(p.preferences.get(officer.id, set()))),
            p.carry.groups.get(officer.id) if p.carry is not None else None,
            tuple(p.carry.recent_posts.get(officer.id, [])) if p.carry is not None else (),
            tuple(p.ledger.of(officer.id).model_dump().items()) if p.ledger is not None else (),
        )
        classes.setdefault(signature, []).append(o)
    for members in classes.values():
        for a, b in itertools.pairwise(members):
            v.model.add(_index(v, a) <= _index(v, b))


def _index(v: Variables, o: int) -> Expr:
    return total(k * v.group(o, k) for k in range(v.problem.groups))


def duty_day_spread(v: Variables) -> list[cp_model.LinearExprT]:
    """For forming squads on their own: each team's spread of weekend and holiday duty days.

    An officer's weekend and holiday duty follows from his duty group alone (the days his group
    is on main or deputy duty), plus what the ledger carries from earlier months; forming the
    squads so that these even out inside each team lets holiday duty be fair over the year.
    """
    p, m = v.problem, v.model
    on_duty = (DutyState.main, DutyState.deputy)
    kinds = {"weekend_duties": p.weekend, "holiday_duties": p.holiday}
    spreads: list[cp_model.LinearExprT] = []
    for figure, counts_day in kinds.items():
        per_group = [
            sum(1 for d in range(len(p.days)) if counts_day(d) and p.group_state(k, d) in on_duty)
            for k in range(p.groups)
        ]
        if len(set(per_group)) == 1 and p.ledger is None:
            continue
        for team in p.station.teams:
            members = [o for o in p.teams[team.id] if p.rotates(o) and not p.has_leave(o)]
            if len(members) < 2 or not any(v.has_group_var(o) for o in members):
                continue
            counts = [
                total(
                    [
                        carried(v, figure, o),
                        *(per_group[k] * v.group(o, k) for k in range(p.groups)),
                    ]
                )
                for o in members
            ]
            bound = len(p.days) + max(carried(v, figure, o) for o in members)
            high = m.new_int_var(0, bound, f"squad_max({figure},{team.id})")
            low = m.new_int_var(0, bound, f"squad_min({figure},{team.id})")
            m.add_max_equality(high, counts)
            m.add_min_equality(low, counts)
            spreads.append(high - low)
    return spreads
