"""Rotation: the main and deputy groups hold posts of their state; the resting
group rests or is called in to a post that takes call-ins; officers outside the rotation are
'off', never 'rest'."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.duties import (
    LEAVE,
    OFF,
    REST,
)
from rosterkit.rules.spec import STATE_ZH, Rule, Violation, Words
from rosterkit.rules.view import STATE_OF_POST, RosterView
from rosterkit.station import DutyState, PostState


def check(v: RosterView) -> Iterator[Violation]:
    """main and deputy groups hold posts of their state; the resting group rests or is
    called in to a post that admits call-ins; officers outside the rotation are never 'rest'."""
    rule = "rotation"
    for officer in v.officers:
        rotates = v.station.rotates(officer)
        for day in v.days:
            value = v.value(officer, day)
            if v.on_leave(officer, day) or value == LEAVE:
                continue
            slot = v.slot(officer, day)
            if not rotates:
                if value == REST:
                    yield Violation(
                        rule,
                        "officers outside the duty groups are 'off', not 'rest'",
                        officer.id,
                        day,
                        zh="不在值班组轮转，应为“不排班”，不是“休班”",
                    )
                continue
            state = v.state(officer, day)
            if state is None:
                continue
            if value == OFF:
                yield Violation(
                    rule,
                    "rotating officers are never 'off'; use 'rest'",
                    officer.id,
                    day,
                    zh="在值班组轮转，不能为“不排班”，应为“休班”",
                )
            if state in (DutyState.main, DutyState.deputy):
                if slot is None or STATE_OF_POST.get(slot.state) is not state:
                    yield Violation(
                        rule,
                        f"the {state.value} group is on duty but he holds "
                        f"'{value}', not a {state.value}-duty post",
                        officer.id,
                        day,
                        zh=f"所在的{STATE_ZH[state]}组当天值班，却为"
                        f"“{v.value_zh(value) or '空'}”，不是{STATE_ZH[state]}岗位",
                    )
            elif slot is not None and not slot.post.call_in:
                yield Violation(
                    rule,
                    f"called in from the resting group to '{slot.code}', which takes no call-ins",
                    officer.id,
                    day,
                    zh=f"从休班组被抽调到“{v.slot_zh(slot)}”，该岗位不收抽调",
                )
            elif slot is not None and slot.state is PostState.shift:
                yield Violation(
                    rule,
                    f"'{slot.code}' is another team's shift",
                    officer.id,
                    day,
                    zh=f"休班时担任“{v.slot_zh(slot)}”，这是其他队的街面班次",
                )


RULE = Rule(
    id="rotation",
    check=check,
    zh=Words(
        name="三班两运转",
        broken="正班或副班民警未在本班岗位，或休班民警被抽调到不收抽调的岗位",
        fix="让正、副班民警在本班岗位上，休班民警休息或只抽调到允许抽调的岗位",
    ),
    en=Words(
        name="rotation",
        broken=(
            "a main or deputy group member is not on a post of his state, or a resting "
            "officer holds a post that takes no call-ins"
        ),
        fix=(
            "put main and deputy group members on posts of their state; call resting officers"
            " in only to posts that take call-ins"
        ),
    ),
)
