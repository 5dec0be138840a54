"""Model of `rest_between_shifts` (rest between shifts).

An officer never holds a post shorter than 24 hours on day d + k (k = 1 or 2) that starts
less than ``Station.min_rest_hours`` after the end of such a post he held on day d; the 1st and
2nd look back to the previous month's roster when it is given. With a minimum of 0 there is
nothing to build.

For each officer and pair of days the slots of the earlier day are grouped by the set of slots
of the later day they rule out; each group gives one constraint
``sum(assigned(o, d, S)) + sum(assigned(o, d + k, T)) <= 1``. An officer holds at most one
slot a day (rule `rotation`), so this says exactly that no slot of S is followed by one of T.
"""

from __future__ import annotations

from collections.abc import Callable

from rosterkit.rules import rest_between_shifts
from rosterkit.rules.rest_between_shifts import REACH, close_pairs
from rosterkit.solver.terms import Term
from rosterkit.solver.variables import Said, Variables, total

MODELS = (rest_between_shifts.RULE,)


def build(v: Variables) -> list[Term]:
    p = v.problem
    minimum = p.station.min_rest_hours
    if minimum <= 0:
        return []
    close = close_pairs((slot.post for slot in p.slots), minimum)
    if not close:
        return []
    code = [slot.post.code for slot in p.slots]
    pairs = range(1, REACH + 1)
    for o in range(len(p.officers)):
        mine = {code[s] for s in p.eligible[o]}
        inside = any((a, b, k) in close for a in mine for b in mine for k in pairs)
        if not inside and p.carry is None:
            continue
        for d in range(len(p.days)):
            later = v.slots_of(o, d)
            if not later:
                continue
            for k in pairs:
                e = d - k
                if e < 0:
                    _after_previous_month(v, o, d, k, minimum, close)
                    continue
                if not inside:
                    continue
                groups: dict[frozenset[int], list[int]] = {}
                for s in v.slots_of(o, e):
                    ruled_out = frozenset(t for t in later if (code[s], code[t], k) in close)
                    if ruled_out:
                        groups.setdefault(ruled_out, []).append(s)
                for ruled_out, earlier in groups.items():
                    held = [v.assigned(o, e, s) for s in earlier]
                    held += [v.assigned(o, d, t) for t in sorted(ruled_out)]
                    v.require(total(held) <= 1, _describe(v, o, e, d, minimum))
    return []


def _describe(v: Variables, o: int, e: int, d: int, minimum: float) -> Callable[[], Said]:
    """The words of one constraint, made only when a month is explained."""
    p = v.problem

    def words() -> Said:
        officer = p.officers[o]
        return (
            f"{officer.name} ({officer.id}) rests at least {minimum:g} h between his posts of "
            f"{p.days[e]:%m-%d} and {p.days[d]:%m-%d}",
            f"{officer.name}（{officer.id}）{p.days[e]:%m-%d}与{p.days[d]:%m-%d}两个岗位之间"
            f"至少休息{minimum:g}小时",
        )

    return words


def _after_previous_month(
    v: Variables,
    o: int,
    d: int,
    k: int,
    minimum: float,
    close: frozenset[tuple[str, str, int]],
) -> None:
    """No post on day d starting too soon after the post held k - d days before the 1st."""
    p = v.problem
    held = p.before(o, k - d)
    s = p.slot_index.get(held) if held is not None else None
    if s is None:
        return
    first = p.slots[s].post.code
    ruled_out = [t for t in v.slots_of(o, d) if (first, p.slots[t].post.code, k) in close]
    if ruled_out:
        officer = p.officers[o]
        v.require(
            v.works(o, d, ruled_out) <= 0,
            (
                f"{officer.name} ({officer.id}) held '{held}' on the last days of the previous "
                f"month and rests at least {minimum:g} h before a post on {p.days[d]:%m-%d}",
                f"{officer.name}（{officer.id}）上月末担任'{held}'，{p.days[d]:%m-%d}上岗前"
                f"至少休息{minimum:g}小时",
            ),
        )
