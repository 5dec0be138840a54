"""A conflict set said as a station chief reads it: by rule, in the rule's own words, with the
roles of the officers it names and the rule's fix.

The search (`rosterkit.solver.conflicts`) returns the hard constraints that cannot hold
together, each tagged with its rule. Here they are grouped by rule, headed by the rule's name
from the registry (`rosterkit.rules`), and the officers named are described by the roles they
share ("P003 and P007 are both deputy directors"), since a role is often the real cause: two
deputy directors in one duty group, a sergeant who is also a team's leader.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rosterkit import rules
from rosterkit.result import Conflict
from rosterkit.rules.spec import ROLE_ZH, Lang
from rosterkit.station import Role, Station

_ROLES_SAID = (
    Role.director,
    Role.political_commissar,
    Role.deputy_director,
    Role.team_leader,
    Role.sergeant,
    Role.a_role,
    Role.b_role,
)
"""Roles worth naming in an explanation, in the order they are said."""

_LEADERS = frozenset({Role.director, Role.political_commissar, Role.deputy_director})
"""Roles said even of one officer; the others only when two or more named officers share
them."""

_ROLE_EN = {
    Role.director: ("the director", "directors"),
    Role.political_commissar: ("the political commissar", "political commissars"),
    Role.deputy_director: ("a deputy director", "deputy directors"),
    Role.team_leader: ("a team leader", "team leaders"),
    Role.sergeant: ("a sergeant", "sergeants"),
    Role.a_role: ("an A-role officer", "A-role officers"),
    Role.b_role: ("a B-role officer", "B-role officers"),
}


@dataclass(frozen=True)
class ConflictGroup:
    """The conflicts of one rule: its name, what each demands, the roles of the officers they
    name, and the rule's fix, all in one language."""

    rule: str
    name: str
    details: tuple[str, ...]
    roles: tuple[str, ...]
    fix: str


def _joined(ids: Sequence[str], lang: Lang) -> str:
    if lang == "zh":
        return "、".join(ids)
    if len(ids) <= 2:
        return " and ".join(ids)
    return f"{', '.join(ids[:-1])} and {ids[-1]}"


def roles_said(officer_ids: Iterable[str], station: Station, lang: Lang = "en") -> list[str]:
    """The roles of the named officers that matter to a conflict, one sentence per role:
    'P003 and P007 are both deputy directors', 'P004 is a deputy director'; in Chinese
    'P003、P007均为副所长'. A role below the leadership is said only when two or more named
    officers share it."""
    by_id = {officer.id: officer for officer in station.officers}
    named = [by_id[i] for i in dict.fromkeys(officer_ids) if i in by_id]
    said: list[str] = []
    for role in _ROLES_SAID:
        holders = [officer.id for officer in named if role in officer.roles]
        if not holders or (len(holders) == 1 and role not in _LEADERS):
            continue
        one, many = _ROLE_EN[role]
        if lang == "zh":
            both = "均为" if len(holders) > 1 else "是"
            said.append(f"{_joined(holders, lang)}{both}{ROLE_ZH[role]}")
        elif len(holders) == 1:
            said.append(f"{holders[0]} is {one}")
        else:
            quantifier = "both" if len(holders) == 2 else "all"
            said.append(f"{_joined(holders, lang)} are {quantifier} {many}")
    return said


def grouped(
    conflicts: Sequence[Conflict], station: Station, lang: Lang = "en"
) -> list[ConflictGroup]:
    """`conflicts` by rule, in the order the rules first appear."""
    by_rule: dict[str, list[Conflict]] = {}
    for conflict in conflicts:
        by_rule.setdefault(conflict.rule, []).append(conflict)
    groups = []
    for rule_id, items in by_rule.items():
        spec = rules.REGISTRY_IDS.get(rule_id)
        words = spec.words(lang) if spec is not None else None
        named = [officer for item in items for officer in item.officers]
        groups.append(
            ConflictGroup(
                rule=rule_id,
                name=words.name if words else rule_id,
                details=tuple(item.text(lang) for item in items),
                roles=tuple(roles_said(named, station, lang)),
                fix=words.fix if words else "",
            )
        )
    return groups


def reason_lines(conflicts: Sequence[Conflict], station: Station, lang: Lang = "en") -> list[str]:
    """One line per conflict, led by its rule's name; the roles of the officers a rule's
    conflicts name close its last line:
    'duty commander: Duty commander on 2026-12-03 takes at most 1 officers (P003 and P007 are
    both deputy directors)'."""
    lines: list[str] = []
    colon = "：" if lang == "zh" else ": "
    for group in grouped(conflicts, station, lang):
        said = [f"{group.name}{colon}{detail}" for detail in group.details]
        if group.roles and said:
            roles = ("；" if lang == "zh" else "; ").join(group.roles)
            said[-1] += f"（{roles}）" if lang == "zh" else f" ({roles})"
        lines += said
    return lines
