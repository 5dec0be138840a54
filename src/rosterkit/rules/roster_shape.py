"""The roster's shape: every officer of the station, a known value on every day of the month, a
duty group where he needs one."""

from __future__ import annotations

from collections.abc import Iterator

from rosterkit.duties import (
    NON_POST_VALUES,
)
from rosterkit.rules.spec import Rule, Violation, Words
from rosterkit.rules.view import RosterView
from rosterkit.station import TeamKind


def check(v: RosterView) -> Iterator[Violation]:
    """Every officer has a known value on every day, and a duty group where he needs one."""
    rule = "roster_shape"
    if v.roster.station_id != v.station.id:
        yield Violation(
            rule,
            f"roster is for station '{v.roster.station_id}', not '{v.station.id}'",
            zh=f"排班表属于“{v.roster.station_id}”，不是{v.station.name}（{v.station.id}）的",
        )
    known = {o.id for o in v.officers}
    for oid in sorted(set(v.roster.cells) - known):
        yield Violation(
            rule,
            "officer is not in the station",
            officer_id=oid,
            zh=f"排班表中的{oid}不是{v.station.name}的民警",
        )
    for officer in v.officers:
        row = v.roster.cells.get(officer.id)
        if row is None:
            yield Violation(
                rule,
                "officer missing from the roster",
                officer_id=officer.id,
                zh="排班表中没有这名民警",
            )
            continue
        grouped = v.station.team(officer.team).kind is not TeamKind.leadership
        group = v.group(officer)
        if grouped and (group is None or not 1 <= group <= v.station.rotation.groups):
            yield Violation(
                rule,
                f"duty group {group} is not one of 1-{v.station.rotation.groups}",
                officer_id=officer.id,
                zh="值班组"
                + ("未填写" if group is None else f"“{group}”")
                + f"，应为1至{v.station.rotation.groups}组之一",
            )
        for day in v.days:
            value = row.get(day)
            if value is None:
                yield Violation(
                    rule,
                    "no value for the day",
                    officer.id,
                    day,
                    zh="当天未排班",
                )
            elif value not in v.slots and value not in NON_POST_VALUES:
                yield Violation(
                    rule,
                    f"unknown post '{value}'",
                    officer.id,
                    day,
                    zh=f"岗位“{value}”不是本所的岗位",
                )
        for day in sorted(set(row) - set(v.days)):
            yield Violation(
                rule,
                "day outside the roster's month",
                officer.id,
                day,
                zh="这一天不在排班表的月份内",
            )


RULE = Rule(
    id="roster_shape",
    check=check,
    zh=Words(
        name="排班表完整",
        broken="排班表缺人、缺天、有未知岗位，或值班组号不对",
        fix="为每名民警每天填写已知岗位或休、假，并给轮值民警填写1至3组",
    ),
    en=Words(
        name="roster complete",
        broken="an officer, a day or a duty group is missing, or a value is unknown",
        fix="give every officer a known value on every day and a duty group where he rotates",
    ),
)
