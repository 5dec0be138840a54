"""Model of `duty_commander`: exactly one a day, the deputy director of the main group; when he
is on leave the director or the political commissar stands in.

Exactly-one comes from the commander post's staffing (1..1) and its eligibility; this module
adds that a present deputy director of the main group must take it.
"""

from __future__ import annotations

from rosterkit.rules import duty_commander
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Variables
from rosterkit.station import DutyState, Role

MODELS = (duty_commander.RULE,)


def build(v: Variables) -> list[Term]:
    p = v.problem
    s = p.commander_slot
    if s is None:
        return []
    for o, officer in enumerate(p.officers):
        if not (p.rotates(o) and p.has_role(o, Role.deputy_director)):
            continue
        for d, day in enumerate(p.days):
            if p.on_leave(o, d):
                continue
            v.require(
                v.assigned(o, d, s) >= v.in_state(o, d, DutyState.main),
                (
                    f"{officer.name} ({officer.id}), deputy director of the main group on "
                    f"{day:%m-%d}, must be that day's duty commander"
                ),
            )
    return []
