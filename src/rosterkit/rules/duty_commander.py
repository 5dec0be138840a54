"""Duty commander: exactly one a day. The main group's named commander when present, else the
first present officer of the main group who may command (a deputy director by default), else a
stand-in (the director or political commissar by default); see `Station.command`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import partial

from rosterkit.duties import (
    COMMANDER_POST,
)
from rosterkit.rules.spec import Rule, Violation, Words, roles_zh
from rosterkit.rules.view import RosterView, officer_zh
from rosterkit.station import DutyState, Officer


def check(v: RosterView) -> Iterator[Violation]:
    """One duty commander a day: who `Station.commander_due` names for the main group, or a
    stand-in when it names nobody."""
    rule = "duty_commander"
    if COMMANDER_POST not in v.slots:
        return
    station = v.station
    commander = v.slot_zh(v.slots[COMMANDER_POST])

    def group_of(officer: Officer) -> int | None:
        return v.group(officer) if station.rotates(officer) else None

    for day in v.days:
        holders = [o for o in v.officers if v.value(o, day) == COMMANDER_POST]
        if len(holders) != 1:
            yield Violation(
                rule,
                f"{len(holders)} duty commanders; exactly one is needed",
                day=day,
                zh=f"{commander}{len(holders)}人，应有且只有1人",
            )
        group = station.rotation.group_in(DutyState.main, day)
        due = station.commander_due(group, group_of, partial(_present, v, day))
        for holder in holders:
            if due is not None and holder is not due:
                yield Violation(
                    rule,
                    f"{holder.id} commands although {due.id}, who commands duty group "
                    f"{group} (the main group), is on duty",
                    holder.id,
                    day,
                    zh=f"{officer_zh(due)}带第{group}值班组（正班组）且在岗，应由他担任"
                    f"{commander}，却由{officer_zh(holder)}担任",
                )
            if due is None and not station.stands_in(holder):
                stand_ins = " or ".join(
                    role.value.replace("_", " ") for role in station.command.stand_ins
                )
                yield Violation(
                    rule,
                    f"nobody of the main group (duty group {group}) who may command is present; "
                    f"only a stand-in ({stand_ins or 'none allowed'}) may command",
                    holder.id,
                    day,
                    zh=f"正班组（第{group}值班组）无可带班的民警在岗，"
                    + (
                        f"只能由{roles_zh(station.command.stand_ins)}代为带班"
                        if station.command.stand_ins
                        else "且不允许代班"
                    )
                    + "，他不能代班",
                )


def _present(v: RosterView, day: dt.date, officer: Officer) -> bool:
    return not v.on_leave(officer, day)


RULE = Rule(
    id="duty_commander",
    check=check,
    zh=Words(
        name="值班副所长",
        broken="当天值班指挥员不是恰好一名，或不是正班组的指挥员（正班组无人可指挥时由所长、政委等替班）",
        fix="由正班组指定的指挥员（默认为其副所长）担任值班副所长；其请假时由组内其他可指挥者或所长、政委替班",
    ),
    en=Words(
        name="duty commander",
        broken=(
            "not exactly one duty commander, or not the main group's commander (its named "
            "commander or deputy director; a stand-in such as the director or political "
            "commissar when none is present)"
        ),
        fix=(
            "let the main group's commander command (its named commander, else its deputy "
            "director); another officer of the group who may command, or the director or "
            "political commissar, when he is on leave"
        ),
    ),
)
