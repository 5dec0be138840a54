"""Duty commander: exactly one a day, the main group's deputy director, or when he
is on leave the director or political commissar."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.duties import (
    COMMANDER_POST,
)
from rosterkit.rules.spec import Rule, Violation, Words
from rosterkit.rules.view import RosterView
from rosterkit.station import DutyState, Role


def check(v: RosterView) -> Iterator[Violation]:
    """one duty commander a day, the main group's deputy director, or when he is on
    leave the director or political commissar."""
    rule = "duty_commander"
    if COMMANDER_POST not in v.slots:
        return
    for day in v.days:
        holders = [o for o in v.officers if v.value(o, day) == COMMANDER_POST]
        if len(holders) != 1:
            yield Violation(rule, f"{len(holders)} duty commanders; exactly one is needed", day=day)
        main_dds = [
            o
            for o in v.officers
            if Role.deputy_director in o.roles and v.state(o, day) is DutyState.main
        ]
        present = [o for o in main_dds if not v.on_leave(o, day)]
        for holder in holders:
            if present and holder not in present:
                yield Violation(
                    rule,
                    f"{holder.id} commands although the main group's deputy "
                    f"director {present[0].id} is on duty",
                    holder.id,
                    day,
                )
            if not present and not holder.roles & {Role.director, Role.political_commissar}:
                yield Violation(
                    rule,
                    "only the director or political commissar stands in for "
                    "the main group's deputy director",
                    holder.id,
                    day,
                )


RULE = Rule(
    id="duty_commander",
    check=check,
    zh=Words(
        name="值班副所长",
        broken="当天值班副所长不是恰好一名，或不是正班组的副所长（其请假时由所长、政委替班）",
        fix="由正班组的副所长担任值班副所长；其请假时由所长或政委替班",
    ),
    en=Words(
        name="duty commander",
        broken=(
            "not exactly one duty commander, or not the main group's deputy director (the "
            "director or political commissar when he is on leave)"
        ),
        fix=(
            "let the main group's deputy director command; the director or political "
            "commissar when he is on leave"
        ),
    ),
)
