"""Model of `call_in` (leave itself is kept by the variables).

Hard: an officer on leave holds no post (the model has no variable for him that day).
Soft, short line: every call-in (an officer of the resting group holding a post) costs the
call-in weight, so a gap is filled from the same duty group first; call-ins are spread by the
fairness rule.

`forced_call_ins` counts the call-ins leave forces: a bound known before the search.
"""

from __future__ import annotations

from rosterkit.duties import STATE_OF_POST
from rosterkit.problem import Problem
from rosterkit.rules import call_in
from rosterkit.solver.terms import Term, term
from rosterkit.solver.variables import Variables, total
from rosterkit.station import PostState

MODELS = (call_in.RULE,)


def build(v: Variables) -> list[Term]:
    p = v.problem
    weight = call_in.RULE.unit_weight(p.station)
    terms: list[Term] = []
    for o, officer in enumerate(p.officers):
        if not p.rotates(o) or not weight:
            continue
        amount = total(v.call_in(o, d) for d in range(len(p.days)))
        if not isinstance(amount, int) or amount:
            terms.append(term(call_in.RULE, p.station, officer.id, amount))
    return terms


def forced_call_ins(p: Problem) -> int:
    """Call-ins that leave forces, a lower bound on any roster's call-ins.

    For each team, duty state and day: the posts of that state that only the team's officers
    may hold need their minimum staff, ``demand``; the team's officers of the group on that
    duty who are not on leave and may hold one of them, ``present``, hold one post each, so at
    least ``demand - present`` come from the resting group (officers of the third group may
    hold no post of this state). Teams and days are disjoint, and a called-in officer holds
    one post a day, so the shortfalls add up. Only teams whose squads are all given, so that
    the group on duty is known.

    With CP-SAT's LP at linearization level 2 the search proves this bound by itself; stated as
    redundant constraints it made no measurable difference there (benchmarks/hard_months.py),
    so it only gives the bound known before the search.
    """
    teams_of_slot: list[set[str]] = [set() for _ in p.slots]
    for o, officer in enumerate(p.officers):
        for s in p.eligible[o]:
            teams_of_slot[s].add(officer.team)
    forced = 0
    for team in p.station.teams:
        members = p.teams[team.id]
        if not team.rotates or any(p.fixed_group(o) is None for o in members):
            continue
        for post_state in (PostState.main, PostState.deputy):
            own = {
                s
                for s, slot in enumerate(p.slots)
                if slot.state is post_state and teams_of_slot[s] == {team.id}
            }
            if not own:
                continue
            state = STATE_OF_POST[post_state]
            able = [o for o in members if own & set(p.eligible[o])]
            for d in range(len(p.days)):
                demand = sum(p.slots[s].post.minimum(p.rest_day(d)) for s in own)
                present = sum(
                    1
                    for o in able
                    if (k := p.fixed_group(o)) is not None
                    and p.group_state(k, d) is state
                    and not p.on_leave(o, d)
                )
                forced += max(0, demand - present)
    return forced
