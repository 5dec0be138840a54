"""Model of the community rules: `community_presence`, `ab_cover`, `grid_coverage`.

Hard: A- and B-role officers only hold their own community's posts; the model never creates
another post for them (eligibility, `rosterkit.duties.full_time_community_ok`).
Soft, long line (the community team leader's side of the appraisal):
- community presence: each day a community-team officer spends on a post outside his
  community (other than duty commander) costs one unit;
- A/B cover: each community-day on which neither A nor B of a pair works in the community;
- grid coverage: each community-day on which no grid officer of the community works there.
"""

from __future__ import annotations

from rosterkit.rules import ab_cover, community_presence, grid_coverage
from rosterkit.solver.terms import Term, term
from rosterkit.solver.variables import Expr, Variables, total
from rosterkit.station import Role, TeamKind

MODELS = (community_presence.RULE, ab_cover.RULE, grid_coverage.RULE)


def _uncovered(v: Variables, name: str, worked: list[Expr]) -> Expr:
    """An exact 'nobody of `worked` works' indicator."""
    items = [w for w in worked if not isinstance(w, int)]
    if any(isinstance(w, int) and w > 0 for w in worked):
        return 0
    if not items:
        return 1
    covered = v.model.new_bool_var(f"covered({name})")
    v.model.add_max_equality(covered, items)
    return 1 - covered


def build(v: Variables) -> list[Term]:
    p = v.problem
    terms: list[Term] = []
    own_slots = {
        c.id: [s for s, slot in enumerate(p.slots) if slot.community == c.id]
        for c in p.station.communities
    }
    for o, officer in enumerate(p.officers):
        community = p.community(o)
        if community is None or p.team_kind(o) is not TeamKind.community:
            continue
        away = [
            s for s in p.eligible[o] if p.slots[s].community != community and s != p.commander_slot
        ]
        if not away or not community_presence.RULE.unit_weight(p.station):
            continue
        amount = total(v.works(o, d, away) for d in range(len(p.days)))
        terms.append(term(community_presence.RULE, p.station, officer.id, amount))

    for pair in p.station.ab_pairs:
        a, b = p.officer_index[pair.a_role], p.officer_index[pair.b_role]
        community = p.community(a)
        assert community is not None
        for d, day in enumerate(p.days):
            name = f"ab {pair.a_role}/{pair.b_role} {day:%m-%d}"
            gap = _uncovered(v, name, [v.works(o, d, own_slots[community]) for o in (a, b)])
            terms.append(term(ab_cover.RULE, p.station, name, gap))

    for c in p.station.communities:
        grid_officers = [
            o
            for o in range(len(p.officers))
            if p.has_role(o, Role.grid_officer) and p.community(o) == c.id
        ]
        if not grid_officers:
            continue
        for d, day in enumerate(p.days):
            name = f"grid {c.id} {day:%m-%d}"
            gap = _uncovered(v, name, [v.works(o, d, own_slots[c.id]) for o in grid_officers])
            terms.append(term(grid_coverage.RULE, p.station, name, gap))
    return [t for t in terms if t.weight]
