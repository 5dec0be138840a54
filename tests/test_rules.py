"""Each rule alone on a tiny station: kept and broken, through the model and the checker.

Model side: solve a case that keeps the rule (the roster obeys it) and a case that cannot (the
result is infeasible and names the rule). Checker side: a roster that keeps the rule passes; the
same roster edited to break it is reported under that rule.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FAST, tiny_posts, tiny_station

from rosterkit import Leave, Roster, SolveStatus, check, evaluate, solve
from rosterkit.appraisal import appraisers
from rosterkit.errors import RosterInputError
from rosterkit.holiday_calendar import month_calendar
from rosterkit.station import AppraisalWeights, DutyState, Officer, Role, Station

MONTH = "2026-02"
DAYS = [dt.date(2026, 2, d) for d in range(1, 29)]


def solved(station: Station, leave: list[Leave] | None = None) -> Roster:
    result = solve(station, MONTH, leave or [], FAST)
    assert result.status is SolveStatus.optimal, result.reasons
    assert result.roster is not None
    return result.roster


def edited(roster: Roster, officer_id: str, day: dt.date, value: str) -> Roster:
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    cells[officer_id][day] = value
    return roster.model_copy(update={"cells": cells})


def rules_broken(station: Station, roster: Roster, leave: list[Leave] | None = None) -> set[str]:
    return {v.rule for v in check(station, roster, leave)}


def main_day(station: Station, group: int) -> dt.date:
    return next(d for d in DAYS if station.rotation.state(group, d) is DutyState.main)


# --- rules 1-2: squads and duty groups ---------------------------------------------------------


def test_squads_model_forms_valid_squads_when_none_given() -> None:
    station = tiny_station(patrol=3).without_squads()
    roster = solved(station)
    assert check(station, roster) == []
    assert sorted(roster.groups[f"DD{k}"] for k in (1, 2, 3)) == [1, 2, 3]


def test_squads_model_rejects_two_deputy_directors_in_one_group() -> None:
    station = tiny_station().with_squads({"DD2": 1, "R1": 2})
    result = solve(station, MONTH, [], FAST)
    assert result.status is SolveStatus.infeasible
    assert any("deputy directors" in reason for reason in result.reasons)


def test_squads_checker_flags_a_group_without_commander(qianmen_december) -> None:  # type: ignore[no-untyped-def]
    station = tiny_station()
    roster = solved(station)
    assert "squads" not in rules_broken(station, roster)
    groups = dict(roster.groups) | {"DD2": roster.groups["DD1"]}
    assert "squads" in rules_broken(station, roster.model_copy(update={"groups": groups}))


def test_squads_checker_flags_a_and_b_together(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    roster = qianmen_december.roster
    pair = qianmen_station.ab_pairs[0]
    groups = dict(roster.groups) | {pair.b_role: roster.groups[pair.a_role]}
    violations = check(qianmen_station, roster.model_copy(update={"groups": groups}))
    assert any(v.rule == "squads" and "A role" in v.message for v in violations)


# --- rule 3: rotation ---------------------------------------------------------------------------


def test_rotation_model_puts_each_group_on_posts_of_its_state() -> None:
    station = tiny_station()
    roster = solved(station)
    for oid in ("DD1", "R1", "R2", "R3"):
        for day in DAYS:
            state = roster.state(station, oid, day)
            value = roster.value(oid, day)
            if state is DutyState.main:
                assert value in ("commander", "moffice@one")
            elif state is DutyState.deputy:
                assert value == "doffice@one"
            else:
                assert value == "rest"


def test_rotation_model_rejects_an_officer_with_no_deputy_post() -> None:
    posts = [p for p in tiny_posts() if p.code not in ("doffice", "early")]
    with pytest.raises(RosterInputError, match="deputy-duty post"):
        solve(tiny_station(posts=posts), MONTH, [], FAST)


def test_rotation_model_reports_a_group_member_left_without_post() -> None:
    posts = [p for p in tiny_posts(doffice={"max_staff": 1}) if p.code != "early"]
    station = tiny_station(extra=[Officer(id="R4", name="民警四", team="c1", squad=1)])
    station = station.model_copy(update={"posts": posts})
    result = solve(station, MONTH, [], FAST)
    assert result.status is SolveStatus.infeasible
    assert result.reasons


def test_rotation_checker_flags_main_group_member_resting() -> None:
    station = tiny_station()
    roster = solved(station)
    day = main_day(station, roster.groups["R1"])
    assert "rotation" in rules_broken(station, edited(roster, "R1", day, "rest"))


def test_rotation_checker_flags_resting_officer_called_to_a_no_call_in_post() -> None:
    station = tiny_station(posts=tiny_posts(doffice={"call_in": False})[:3])
    roster = solved(station)
    day = next(d for d in DAYS if roster.state(station, "R1", d) is DutyState.rest)
    assert "rotation" in rules_broken(station, edited(roster, "R1", day, "doffice@one"))


# --- rule 5: duty commander ---------------------------------------------------------------------


def test_commander_model_director_stands_in_for_deputy_director_on_leave() -> None:
    station = tiny_station()
    day = main_day(station, 1)
    leave = [Leave(officer_id="DD1", start=day, end=day)]
    roster = solved(station, leave)
    assert roster.value("D", day) == "commander"
    for other in DAYS:
        if other != day:
            commander = roster.holders(other, "commander")
            assert len(commander) == 1
            group = station.rotation.group_in(DutyState.main, other)
            assert commander == [f"DD{group}"]


def test_commander_model_infeasible_without_stand_in() -> None:
    station = tiny_station()
    station = station.model_copy(update={"officers": station.officers[1:]})
    day = main_day(station, 2)
    result = solve(station, MONTH, [Leave(officer_id="DD2", start=day, end=day)], FAST)
    assert result.status is SolveStatus.infeasible
    assert any("Duty commander" in r and day.isoformat() in r for r in result.reasons)


def test_commander_checker_flags_two_commanders_and_wrong_commander() -> None:
    station = tiny_station()
    roster = solved(station)
    day = main_day(station, 1)
    two = edited(roster, "D", day, "commander")
    messages = [v.message for v in check(station, two) if v.rule == "duty_commander"]
    assert any("2 duty commanders" in m for m in messages)
    assert any("commands although" in m for m in messages)


# --- rules 6-7: post staffing -------------------------------------------------------------------


def test_staffing_model_fills_a_gap_from_the_resting_group() -> None:
    station = tiny_station()
    day = main_day(station, 1)
    result = solve(station, MONTH, [Leave(officer_id="R1", start=day, end=day)], FAST)
    assert result.status is SolveStatus.optimal
    assert result.roster is not None
    assert len(result.roster.holders(day, "moffice@one")) == 1
    call_ins = [p for p in result.penalties if p.rule == "call_in"]
    assert sum(p.amount for p in call_ins) == 1
    assert result.objective == sum(p.cost for p in result.penalties)


def test_staffing_model_infeasible_names_post_day_and_leave() -> None:
    station = tiny_station(posts=tiny_posts(moffice={"call_in": False})[:3])
    day = main_day(station, 1)
    result = solve(station, MONTH, [Leave(officer_id="R1", start=day, end=day)], FAST)
    assert result.status is SolveStatus.infeasible
    reason = " ".join(result.reasons)
    assert "One community office (main)" in reason and day.isoformat() in reason
    assert "on leave" in reason and "R1" in reason


def test_staffing_checker_flags_post_below_minimum(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    roster = qianmen_december.roster
    day = dt.date(2026, 12, 10)
    desk = roster.holders(day, "desk")
    broken = roster
    for oid in desk[:2]:
        broken = edited(broken, oid, day, "rest")
    violations = check(qianmen_station, broken)
    assert any(v.rule == "post_staffing" and "'desk'" in v.message for v in violations)


# --- rule 8: full-time community officers -------------------------------------------------------


def test_full_time_community_model_never_sends_a_role_elsewhere(
    qianmen_station, qianmen_december
) -> None:  # type: ignore[no-untyped-def]
    roster = qianmen_december.roster
    for pair in qianmen_station.ab_pairs:
        for oid in (pair.a_role, pair.b_role):
            community = qianmen_station.officer_community(qianmen_station.officer(oid))
            for value in roster.cells[oid].values():
                assert value in ("rest", "leave") or value.endswith(f"@{community}")


def test_full_time_community_model_infeasible_when_only_a_roles_could_fill_a_car() -> None:
    from rosterkit.station import DutyPost, Eligibility, PostState, TeamKind

    car = DutyPost(
        code="scar",
        name="一级车",
        name_en="Station car",
        short="巡",
        state=PostState.deputy,
        min_staff=1,
        car=True,
        eligible=Eligibility(team_kinds=[TeamKind.community], exclude_roles=[Role.deputy_director]),
    )
    officers = [
        o.model_copy(update={"roles": frozenset({Role.a_role})}) if o.id.startswith("R") else o
        for o in tiny_station().officers
    ]
    station = tiny_station(officers=officers, posts=[*tiny_posts()[:3], car])
    result = solve(station, MONTH, [], FAST)
    assert result.status is SolveStatus.infeasible
    assert any("Station car" in r for r in result.reasons)


def test_full_time_community_checker_flags_a_role_on_station_car(
    qianmen_station, qianmen_december
) -> None:  # type: ignore[no-untyped-def]
    roster = qianmen_december.roster
    a_role = qianmen_station.ab_pairs[0].a_role
    day = next(
        d
        for d, v in roster.cells[a_role].items()
        if v.startswith("doffice") or v.startswith("cwork")
    )
    violations = check(qianmen_station, edited(roster, a_role, day, "scar1"))
    assert any(v.rule == "full_time_community" and v.officer_id == a_role for v in violations)


# --- rule 9: street patrol ----------------------------------------------------------------------


def test_street_patrol_model_keeps_weekly_cap() -> None:
    station = tiny_station(patrol=2, cap=4)
    roster = solved(station)
    for oid in ("S1", "S2"):
        worked = [roster.value(oid, d) == "early" for d in DAYS]
        assert max(sum(worked[i : i + 7]) for i in range(len(DAYS) - 6)) <= 4


def test_street_patrol_model_infeasible_when_cap_too_low() -> None:
    result = solve(tiny_station(patrol=2, cap=3), MONTH, [], FAST)
    assert result.status is SolveStatus.infeasible
    assert any("at most 3 shifts" in r for r in result.reasons)


def test_street_patrol_checker_flags_too_many_shifts() -> None:
    station = tiny_station(patrol=2, cap=5)
    roster = solved(station)
    broken = roster
    for day in DAYS[:7]:
        broken = edited(broken, "S1", day, "early")
    violations = check(station, broken)
    assert any(v.rule == "street_patrol" and v.officer_id == "S1" for v in violations)


# --- rule 10: leave -----------------------------------------------------------------------------


def test_leave_model_gives_no_post_on_leave_days(qianmen_station) -> None:  # type: ignore[no-untyped-def]
    leave = [Leave(officer_id="P020", start=dt.date(2026, 12, 5), end=dt.date(2026, 12, 12))]
    result = solve(qianmen_station, "2026-12", leave, FAST)
    assert result.roster is not None
    for day in (dt.date(2026, 12, d) for d in range(5, 13)):
        assert result.roster.value("P020", day) == "leave"
    assert check(qianmen_station, result.roster, leave) == []


def test_leave_checker_flags_post_on_leave_day_and_leave_without_request() -> None:
    station = tiny_station()
    day = main_day(station, 2)
    leave = [Leave(officer_id="R2", start=day, end=day)]
    roster = solved(station, leave)
    assert rules_broken(station, roster, leave) == set()
    assert "leave" in rules_broken(station, edited(roster, "R2", day, "moffice@one"), leave)
    other = next(d for d in DAYS if roster.value("R3", d) == "rest")
    assert "leave" in rules_broken(station, edited(roster, "R3", other, "leave"), leave)


def test_leave_for_unknown_officer_is_bad_input() -> None:
    with pytest.raises(RosterInputError, match="unknown officer 'X9'"):
        solve(tiny_station(), MONTH, [Leave(officer_id="X9", start=DAYS[0], end=DAYS[1])], FAST)


# --- rule 11: fairness --------------------------------------------------------------------------


def test_fairness_model_spreads_weekend_shifts_within_one() -> None:
    station = tiny_station(patrol=3)
    result = solve(station, MONTH, [], FAST)
    assert result.roster is not None
    assert not [p for p in result.penalties if p.rule == "fairness" and p.key.endswith(" sp")]
    weekends = [
        sum(result.roster.value(o, d) == "early" for d in DAYS if d.weekday() >= 5)
        for o in ("S1", "S2", "S3")
    ]
    assert max(weekends) - min(weekends) <= 1


def test_fairness_model_pays_for_a_forced_spread_and_checker_agrees() -> None:
    from rosterkit.station import Eligibility, TeamKind

    posts = tiny_posts(
        early={
            "eligible": Eligibility(
                team_kinds=[TeamKind.street_patrol], exclude_roles=[Role.sergeant]
            )
        }
    )
    station = tiny_station(
        patrol=2,
        cap=None,
        posts=posts,
        extra=[
            Officer(id="S3", name="巡警三", team="sp", roles=frozenset({Role.sergeant}), squad=1)
        ],
    )
    result = solve(station, MONTH, [], FAST)
    assert result.roster is not None
    fairness = {p.key: p for p in result.penalties if p.rule == "fairness"}
    calendar = month_calendar(station, MONTH)  # February 2026 moves two Saturdays to workdays
    weekend_days = sum(1 for d in DAYS if calendar.is_weekend(d))
    # The sergeant never works; S1 and S2 share the weekend shifts evenly.
    spread = -(-weekend_days // 2)
    assert fairness["weekend_duties sp"].amount == spread - station.fairness_allowance
    assert evaluate(station, result.roster).objective == result.objective


# --- rule 12: appraisal -------------------------------------------------------------------------


def test_appraisal_every_officer_has_two_appraisers(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    lines = appraisers(qianmen_station, qianmen_december.roster.groups)
    leadership = {o.id for o in qianmen_station.officers if o.team == "leadership"}
    for line in lines:
        if line.officer_id in leadership:
            assert line.long_line is None and line.short_line is None
        else:
            assert line.long_line and line.short_line
            assert (line.long_line_weight, line.short_line_weight) == (50, 50)
    flagged = {line.officer_id for line in lines if line.same_person}
    groups = qianmen_december.roster.groups
    deputy_directors = [o for o in qianmen_station.officers if Role.deputy_director in o.roles]
    # A deputy director's squad-mates in his own team, and the deputy directors themselves
    # (the director appraises them on both sides).
    expected = {dd.id for dd in deputy_directors} | {
        o.id
        for dd in deputy_directors
        for o in qianmen_station.officers
        if o.team == dd.team and groups[o.id] == groups[dd.id]
    }
    assert flagged == expected and len(flagged) == 12


def test_appraisal_commander_groups_hold_every_team(qianmen_station, qianmen_december) -> None:  # type: ignore[no-untyped-def]
    groups = qianmen_december.roster.groups
    for k in (1, 2, 3):
        teams = {qianmen_station.officer(oid).team for oid, g in groups.items() if g == k}
        assert teams == {t.id for t in qianmen_station.teams if t.id != "leadership"}


def test_appraisal_weights_must_sum_to_100() -> None:
    with pytest.raises(ValueError, match="sum to 100"):
        AppraisalWeights(long_line=60, short_line=50)
