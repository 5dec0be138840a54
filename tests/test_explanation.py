"""Conflicts said by rule, in the registry's words, with the roles of the officers they name."""

from __future__ import annotations

import datetime as dt
import re

from conftest import tiny_posts, tiny_station

from rosterkit import Leave, rules
from rosterkit.explanation import grouped, reason_lines, roles_said
from rosterkit.problem import compile_problem
from rosterkit.result import Conflict
from rosterkit.rules import duty_commander, post_staffing, rotation, squads, street_patrol
from rosterkit.solver import explain_conflicts
from rosterkit.station import Officer, Role, Station


def _ids(station: Station, role: Role) -> list[str]:
    return [officer.id for officer in station.officers if role in officer.roles]


def test_two_deputy_directors_are_said_to_be_both_deputy_directors(
    qianmen_station: Station,
) -> None:
    first, second = _ids(qianmen_station, Role.deputy_director)[:2]
    assert roles_said([first, second], qianmen_station) == [
        f"{first} and {second} are both deputy directors"
    ]
    assert roles_said([first, second], qianmen_station, "zh") == [f"{first}、{second}均为副所长"]


def test_a_role_below_the_leadership_is_said_only_when_shared(qianmen_station: Station) -> None:
    sergeants = _ids(qianmen_station, Role.sergeant)
    assert roles_said(sergeants[:1], qianmen_station) == []
    assert roles_said(sergeants[:3], qianmen_station) == [
        f"{sergeants[0]}, {sergeants[1]} and {sergeants[2]} are all sergeants"
    ]


def test_unknown_ids_are_left_out(qianmen_station: Station) -> None:
    assert roles_said(["nobody", "P999"], qianmen_station) == []


def test_conflicts_are_grouped_by_rule_under_the_registry_words(qianmen_station: Station) -> None:
    first, second = _ids(qianmen_station, Role.deputy_director)[:2]
    conflicts = [
        Conflict(rule="squads", en="duty group 1 must hold 1 of the 3 deputy directors"),
        Conflict(
            rule="duty_commander",
            en="Duty commander on 2026-12-03 takes at most 1 officers",
            zh="2026-12-03 值班副所长最多1人",
            officers=(first, second),
        ),
        Conflict(rule="squads", en="A and B of a community sit in different duty groups"),
    ]
    english = grouped(conflicts, qianmen_station)
    assert [group.name for group in english] == [squads.RULE.en.name, duty_commander.RULE.en.name]
    assert english[0].details == (conflicts[0].en, conflicts[2].en)
    assert english[0].fix == squads.RULE.en.fix
    assert english[1].roles == (f"{first} and {second} are both deputy directors",)
    chinese = grouped(conflicts, qianmen_station, "zh")
    assert chinese[1].name == duty_commander.RULE.zh.name
    assert chinese[1].details == ("2026-12-03 值班副所长最多1人",)
    # A conflict its model part said only in English stays English in a Chinese explanation.
    assert chinese[0].details[0] == conflicts[0].en
    lines = reason_lines(conflicts, qianmen_station)
    assert lines[-1] == (
        f"{duty_commander.RULE.en.name}: Duty commander on 2026-12-03 takes at most 1 officers "
        f"({first} and {second} are both deputy directors)"
    )


def test_the_search_names_the_leaders_missing_from_the_command(qianmen_station: Station) -> None:
    # The director, the political commissar and every deputy director away on one day: nobody
    # can command the main group. The conflict names them with their roles.
    day = dt.date(2026, 12, 3)
    leaders = (
        _ids(qianmen_station, Role.director)
        + _ids(qianmen_station, Role.political_commissar)
        + _ids(qianmen_station, Role.deputy_director)
    )
    leave = [Leave(officer_id=officer, start=day, end=day) for officer in leaders]
    conflicts = explain_conflicts(compile_problem(qianmen_station, "2026-12", leave), time_limit=10)
    assert conflicts
    assert {conflict.rule for conflict in conflicts} == {post_staffing.RULE.id}
    (line,) = reason_lines(conflicts, qianmen_station)
    assert line.startswith(f"{post_staffing.RULE.en.name}: ")
    assert "2026-12-03" in line
    assert f"{leaders[0]} is the director" in line
    assert "is a deputy director" in line
    (said,) = reason_lines(conflicts, qianmen_station, "zh")
    assert "请假" in said
    assert f"{leaders[0]}是所长" in said


def test_a_month_that_can_be_rostered_has_no_conflict(qianmen_station: Station) -> None:
    assert explain_conflicts(compile_problem(qianmen_station, "2026-12"), time_limit=10) == []


def test_a_weekly_cap_conflict_is_said_in_chinese_with_spans_of_days() -> None:
    station = tiny_station(patrol=2, cap=3)
    conflicts = explain_conflicts(compile_problem(station, "2026-02"), time_limit=10)
    assert conflicts
    assert street_patrol.RULE.id in {conflict.rule for conflict in conflicts}
    lines = reason_lines(conflicts, station, "zh")
    capped = [line for line in lines if line.startswith(f"{street_patrol.RULE.zh.name}：")]
    assert capped and all("7天内最多3个班次" in line for line in capped)
    assert all("–" in line for line in capped)


def _chinese_lines(conflicts: list[Conflict], station: Station, rule_id: str) -> list[str]:
    """The Chinese lines of one rule's conflicts, with the rule's Chinese name taken off."""
    head = f"{rules.rule(rule_id).zh.name}："
    lines = reason_lines(conflicts, station, "zh")
    return [line.removeprefix(head) for line in lines if line.startswith(head)]


def test_a_squads_conflict_is_said_in_chinese() -> None:
    # Two deputy directors in one squad: the deputy directors cannot spread evenly.
    station = tiny_station().with_squads({"DD2": 1, "R1": 2})
    conflicts = explain_conflicts(compile_problem(station, "2026-02"), time_limit=10)
    assert squads.RULE.id in {conflict.rule for conflict in conflicts}
    said = _chinese_lines(conflicts, station, squads.RULE.id)
    assert said
    assert any(re.search(r"第\d值班组须有副所长\d+名（共3名）", line) for line in said), said
    assert not [line for line in said if re.search(r"[A-Za-z]{3,}", line)], said
    english = [conflict.en for conflict in conflicts if conflict.rule == squads.RULE.id]
    assert any("deputy directors" in line for line in english)


def test_a_rotation_conflict_is_said_in_chinese_with_the_officers_names() -> None:
    # The deputy-duty office takes one officer and there is no street-patrol shift to call in
    # to: squad 1 (a deputy director and two officers) cannot all hold a deputy post.
    posts = [p for p in tiny_posts(doffice={"max_staff": 1}) if p.code != "early"]
    station = tiny_station(extra=[Officer(id="R4", name="民警四", team="c1", squad=1)])
    station = station.model_copy(update={"posts": posts})
    conflicts = explain_conflicts(compile_problem(station, "2026-02"), time_limit=10)
    assert rotation.RULE.id in {conflict.rule for conflict in conflicts}
    said = _chinese_lines(conflicts, station, rotation.RULE.id)
    names = [f"{officer.name}（{officer.id}）" for officer in station.officers]
    assert said and all(any(line.startswith(name) for name in names) for line in said), said
    assert all("在副班组，须担任副班的一个岗位" in line for line in said), said
    assert not [line for line in said if "must hold" in line]
