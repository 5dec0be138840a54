"""Model of `rest_after_24h` (rest after a 24-hour duty).

Always: a squad change at the month boundary never puts an officer who held a 24-hour post on
the previous month's last day into the main group of the 1st (a 48-hour duty).
With ``Station.rest_after_24h`` an officer who held a 24-hour post on one day holds no post the
next, so nobody is called in the day after main duty; the 1st looks back to the previous
month's roster when it is given.
"""

from __future__ import annotations

from rosterkit.rules import rest_after_24h
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Variables, total
from rosterkit.station import DutyState

MODELS = (rest_after_24h.RULE,)


def build(v: Variables) -> list[Term]:
    p = v.problem
    long_slots = {s for s, slot in enumerate(p.slots) if slot.post.hours >= 24}
    long_codes = {p.slots[s].code for s in long_slots}
    for o, officer in enumerate(p.officers):
        if p.before(o, 1) in long_codes and p.rotates(o) and not p.on_leave(o, 0):
            v.require(
                v.in_state(o, 0, DutyState.main) <= 0,
                (
                    f"{officer.name} ({officer.id}) held a 24-hour post on the last day of the "
                    f"previous month and cannot be in the main group on {p.days[0]:%m-%d}",
                    f"{officer.name}（{officer.id}）上月最后一天值24小时班，"
                    f"{p.days[0]:%m-%d}不能在正班组",
                ),
            )
    if not p.station.rest_after_24h:
        return []
    for o, officer in enumerate(p.officers):
        if not any(s in long_slots for s in p.eligible[o]):
            continue
        if p.before(o, 1) in long_codes:
            v.require(
                v.works(o, 0) <= 0,
                (
                    f"{officer.name} ({officer.id}) held a 24-hour post on the last day of the "
                    f"previous month and rests on {p.days[0]:%m-%d}",
                    f"{officer.name}（{officer.id}）上月最后一天值24小时班，{p.days[0]:%m-%d}休息",
                ),
            )
        for d in range(1, len(p.days)):
            v.require(
                total([v.works(o, d - 1, long_slots), v.works(o, d)]) <= 1,
                (
                    f"{officer.name} ({officer.id}) rests on {p.days[d]:%m-%d} after a 24-hour "
                    "duty",
                    f"{officer.name}（{officer.id}）值24小时班后{p.days[d]:%m-%d}休息",
                ),
            )
    return []
