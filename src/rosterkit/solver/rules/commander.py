"""Model of `duty_commander`: exactly one a day; the main group's named commander when present,
else the first present officer of the main group who may command, else a stand-in
(`Station.command`, `Station.commander_due`).

Exactly-one comes from the commander post's staffing where it is 1..1 every day (as at Qianmen)
and is added here otherwise. With x_o the officer holding the post on day d, k the main group,
g_c = 1 if officer c sits in group k, and c_1, c_2, ... the present officers who may command
in the station's order:

- a present named commander N of group k: x_N = 1;
- else the first of them in group k commands: x_{c_i} >= g_{c_i} - sum_{j<i} g_{c_j};
- and an officer who may not stand in holds the post only if one of them is in group k:
  x_o <= sum_i g_{c_i} (with exactly one holder, that holder is then the first of them).
"""

from __future__ import annotations

from rosterkit.rules import duty_commander
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Expr, Said, Variables, total
from rosterkit.station import DutyState

MODELS = (duty_commander.RULE,)


def _require(v: Variables, condition: object, describe: Said) -> None:
    """A constraint, left out where it folds to true on constants."""
    if condition is True:
        return
    v.require(condition, describe)


def build(v: Variables) -> list[Term]:
    p = v.problem
    s = p.commander_slot
    if s is None:
        return []
    station = p.station
    post = p.slots[s].post
    # Staffing (rule post_staffing) already holds the post at exactly one where its bounds are
    # 1..1 every day; otherwise this rule says it.
    one_by_staffing = post.max_staff == 1 and post.minimum(False) >= 1 and post.minimum(True) >= 1
    candidates = [o for o, officer in enumerate(p.officers) if station.may_command(officer)]
    for d, day in enumerate(p.days):
        when = f"{day:%Y-%m-%d}"
        if not one_by_staffing:
            _require(
                v,
                v.staff(s, d) == 1,
                (
                    f"Duty commander on {when}: exactly one is needed",
                    f"{when} {post.name}须有且只有1人",
                ),
            )
        k = next(k for k in range(p.groups) if p.group_state(k, d) is DutyState.main)
        named = station.named_commander(k + 1)
        if named is not None and not p.on_leave(p.officer_index[named.id], d):
            n = p.officer_index[named.id]
            _require(
                v,
                v.assigned(n, d, s) >= 1,
                (
                    f"{named.name} ({named.id}) commands duty group {k + 1}, the main group on "
                    f"{when}, and must be that day's duty commander",
                    f"{named.name}（{named.id}）带第{k + 1}值班组，即{when}的正班组，"
                    f"须担任当天的{post.name}",
                ),
            )
            continue
        before: list[Expr] = []
        for c in candidates:
            if p.on_leave(c, d):
                continue
            in_main = v.group(c, k)
            if isinstance(in_main, int) and in_main == 0:
                continue
            officer = p.officers[c]
            _require(
                v,
                total([v.assigned(c, d, s), *before]) >= in_main,
                (
                    f"{officer.name} ({officer.id}) may command and is the first present of duty "
                    f"group {k + 1}, the main group on {when}, so must be that day's duty "
                    "commander",
                    f"{officer.name}（{officer.id}）可以带班，是第{k + 1}值班组（{when}的正班组）"
                    f"在岗的第一人，须担任当天的{post.name}",
                ),
            )
            before.append(in_main)
        anyone = total(before)
        for o in v.holders_of(s, d):
            officer = p.officers[o]
            if station.stands_in(officer):
                continue
            _require(
                v,
                v.assigned(o, d, s) <= anyone,
                (
                    f"{officer.name} ({officer.id}) may not stand in as duty commander on {when}",
                    f"{officer.name}（{officer.id}）{when}不能代班担任{post.name}",
                ),
            )
    return []
