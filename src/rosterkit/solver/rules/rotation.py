"""Model of `rotation` and of `roster_shape` (one value per officer-day).

Each day every duty group is in one state of the cycle (main -> rest -> deputy). An officer of
the main or deputy group holds exactly one post of his group's state; an officer of the resting
group rests unless called in to a post that admits call-ins; nobody holds two posts a day.
Officers outside the rotation hold at most one post a day.
"""

from __future__ import annotations

from rosterkit.rules import roster_shape, rotation
from rosterkit.rules.spec import STATE_ZH
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Variables, total
from rosterkit.station import DutyState, PostState

MODELS = (rotation.RULE, roster_shape.RULE)
_WORKING = ((DutyState.main, PostState.main), (DutyState.deputy, PostState.deputy))


def build(v: Variables) -> list[Term]:
    p, m = v.problem, v.model
    for o, officer in enumerate(p.officers):
        given = p.rotates(o) and p.fixed_group(o) is not None and not v.explain
        for d, day in enumerate(p.days):
            if p.on_leave(o, d):
                continue
            mine = v.slots_of(o, d)
            if given:
                _given_group(v, o, d, mine)
                continue
            if len(mine) > 1:
                m.add_at_most_one(v.assigned(o, d, s) for s in mine)  # type: ignore[misc]
            if not p.rotates(o):
                continue
            states = v.possible_states(o, d)
            for state, post_state in _WORKING:
                if state not in states:
                    continue
                in_state = v.in_state(o, d, state)
                v.require(
                    total(v.assigned(o, d, s) for s in mine if p.slots[s].state is post_state)
                    >= in_state,
                    (
                        f"{officer.name} ({officer.id}) is in the {state.value} group on "
                        f"{day:%m-%d} and must hold one of its posts",
                        f"{officer.name}（{officer.id}）{day:%m-%d}在{STATE_ZH[state]}组，"
                        f"须担任{STATE_ZH[state]}的一个岗位",
                    ),
                )
            for s in mine:
                slot = p.slots[s]
                own = DutyState.main if slot.state is PostState.main else DutyState.deputy
                allowed = v.in_state(o, d, own)
                if slot.post.call_in:
                    allowed = total([allowed, v.in_state(o, d, DutyState.rest)])
                if not isinstance(allowed, int):
                    m.add(v.assigned(o, d, s) <= allowed)
    return []


def _given_group(v: Variables, o: int, d: int, mine: list[int]) -> None:
    """The same rules where the officer's squad is given, so that his group's state is known:
    the model holds only posts of that state for him (or call-in posts when it rests), so on
    main and deputy duty he holds exactly one of them, at rest at most one."""
    p, m = v.problem, v.model
    (state,) = v.possible_states(o, d)
    held = [v.assigned_var(o, d, s) for s in mine]
    if state is DutyState.rest:
        if len(held) > 1:
            m.add_at_most_one(held)
    elif held:
        m.add_exactly_one(held)
    else:
        officer = p.officers[o]
        v.require(
            False,
            (
                f"{officer.name} ({officer.id}) is in the {state.value} group on "
                f"{p.days[d]:%m-%d} and must hold one of its posts",
                f"{officer.name}（{officer.id}）{p.days[d]:%m-%d}在{STATE_ZH[state]}组，"
                f"须担任{STATE_ZH[state]}的一个岗位",
            ),
        )
