"""The plan model: each rule kept by the solver and broken in a plan the checker catches; the
checker's objective agrees with the solver's."""

from __future__ import annotations

from collections import Counter

import pytest

from brigade.brigade_cases import tiny_data
from rosterkit.brigade.checker import evaluate_plan
from rosterkit.brigade.data import Brigade
from rosterkit.brigade.plan import Assignment, BrigadePlan, PlanStatus, plan_json
from rosterkit.brigade.solver import solve_plan
from rosterkit.options import SolveOptions

FAST = SolveOptions(time_limit=10)


def rules(brigade: Brigade, plan: BrigadePlan) -> set[str]:
    return {v.rule for v in evaluate_plan(brigade, plan).violations}


def test_builtin_plan_is_optimal_and_checked(
    qianmen: Brigade, qianmen_november: BrigadePlan
) -> None:
    plan = qianmen_november
    assert plan.status is PlanStatus.optimal
    evaluation = evaluate_plan(qianmen, plan)
    assert evaluation.violations == []
    assert evaluation.objective == plan.objective
    assert sum(p.cost for p in plan.penalties) == plan.objective


def test_builtin_plan_holds_the_four_fixed(qianmen: Brigade, qianmen_november: BrigadePlan) -> None:
    held = Counter(a.squad for a in qianmen_november.assignments)
    assert set(held) == {s.id for s in qianmen.squads}
    assert len(qianmen_november.assignments) == len(qianmen.areas)


def test_tiny_plan_objective_by_hand(tiny: Brigade, tiny_plan: BrigadePlan) -> None:
    # S1 holds A1: R1 30 min + R3 20 min, teams of 2, 7 days = 700 guard-minutes / 4 members
    # = 175; S2 holds A2: R2 60 min x 2 x 7 = 840 / 4 = 210. The heaviest is 210; no away area.
    assert tiny_plan.status is PlanStatus.optimal
    assert tiny_plan.squad_of_area() == {"A1": "S1", "A2": "S2"}
    assert tiny_plan.objective == 210
    assert evaluate_plan(tiny, tiny_plan).objective == 210
    assert len(tiny_plan.sessions) == 30 * 3


def test_same_seed_same_plan_other_seed_other_random_times(tiny: Brigade) -> None:
    one = solve_plan(tiny, "2026-11", SolveOptions(time_limit=10, seed=3))
    again = solve_plan(tiny, "2026-11", SolveOptions(time_limit=10, seed=3))
    other = solve_plan(tiny, "2026-11", SolveOptions(time_limit=10, seed=4))
    assert plan_json(one) == plan_json(again)
    randoms = [(s.day, s.start) for s in one.sessions if s.slot is None]
    assert randoms != [(s.day, s.start) for s in other.sessions if s.slot is None]


def test_random_patrol_spreads_over_all_hours(qianmen_november: BrigadePlan) -> None:
    hours = {s.start // 60 for s in qianmen_november.sessions if s.slot is None}
    assert hours == set(range(24))


def test_unit_hours_too_few_is_a_status_with_reason() -> None:
    data = tiny_data()
    data["units"][1]["hours_per_week"] = 13  # type: ignore[index]  # A2 needs 14 h a week
    brigade = Brigade.model_validate(data)
    plan = solve_plan(brigade, "2026-11", FAST)
    assert plan.status is PlanStatus.infeasible
    assert plan.reasons


def test_checker_finds_unit_hours_broken(tiny_plan: BrigadePlan) -> None:
    data = tiny_data()
    data["units"][1]["hours_per_week"] = 13  # type: ignore[index]
    assert "unit_hours" in rules(Brigade.model_validate(data), tiny_plan)


def test_guard_day_hours_kept_and_broken(tiny: Brigade, tiny_plan: BrigadePlan) -> None:
    assert "guard_day_hours" not in rules(tiny, tiny_plan)
    data = tiny_data()
    data["modes"][0]["rounds"] = 4  # type: ignore[index]  # R2: 4 h x 2 guards > 1 member x 8 h
    data["squads"][1]["members"] = 1  # type: ignore[index]
    brigade = Brigade.model_validate(data)
    assert solve_plan(brigade, "2026-11", FAST).status is PlanStatus.infeasible


def test_no_area_for_a_squad_is_a_reason() -> None:
    data = tiny_data()
    data["groups"][1]["modes"] = ["rnd"]  # type: ignore[index]
    plan = solve_plan(Brigade.model_validate(data), "2026-11", FAST)
    assert plan.status is PlanStatus.infeasible
    assert any("squad S2: no area" in r for r in plan.reasons)


def test_checker_finds_an_area_without_squad(tiny: Brigade, tiny_plan: BrigadePlan) -> None:
    plan = tiny_plan.model_copy(update={"assignments": tiny_plan.assignments[:1]})
    assert {"area_assigned", "squad_has_area"} <= rules(tiny, plan)


def test_checker_finds_task_and_grid_broken(tiny: Brigade, tiny_plan: BrigadePlan) -> None:
    # S2 (group 2: timed mode only) takes A1, which has a random route, beside its A2 in g2.
    swapped = [Assignment(area="A1", squad="S2"), Assignment(area="A2", squad="S2")]
    found = rules(tiny, tiny_plan.model_copy(update={"assignments": swapped}))
    assert {"task_fit", "fixed_grid", "squad_has_area", "route_sessions"} <= found


def test_checker_finds_a_moved_slot(tiny: Brigade, tiny_plan: BrigadePlan) -> None:
    sessions = list(tiny_plan.sessions)
    index = next(i for i, s in enumerate(sessions) if s.route == "R1")
    sessions[index] = sessions[index].model_copy(
        update={"start": 600 if sessions[index].start != 600 else 615}
    )
    assert "fixed_time" in rules(tiny, tiny_plan.model_copy(update={"sessions": sessions}))


def test_checker_finds_a_missing_session(tiny: Brigade, tiny_plan: BrigadePlan) -> None:
    sessions = [s for s in tiny_plan.sessions if not (s.route == "R2" and s.day.day == 5)]
    assert rules(tiny, tiny_plan.model_copy(update={"sessions": sessions})) == {"route_sessions"}


def test_checker_finds_overlap(tiny: Brigade, tiny_plan: BrigadePlan) -> None:
    fixed = next(s for s in tiny_plan.sessions if s.route == "R1" and s.day.day == 1)
    sessions = [
        s.model_copy(update={"start": fixed.start + 5}) if s.route == "R3" and s.day.day == 1 else s
        for s in tiny_plan.sessions
    ]
    assert "no_overlap" in rules(tiny, tiny_plan.model_copy(update={"sessions": sessions}))


def test_checker_finds_a_learnable_random_pattern(tiny: Brigade, tiny_plan: BrigadePlan) -> None:
    assert "random_spread" not in rules(tiny, tiny_plan)
    sessions = [
        s.model_copy(update={"start": 2 * 60 + s.day.day}) if s.slot is None else s
        for s in tiny_plan.sessions
    ]
    assert "random_spread" in rules(tiny, tiny_plan.model_copy(update={"sessions": sessions}))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_seed_gives_a_checked_plan(tiny: Brigade, seed: int) -> None:
    plan = solve_plan(tiny, "2026-02", SolveOptions(time_limit=10, seed=seed))
    evaluation = evaluate_plan(tiny, plan)
    assert evaluation.ok
    assert evaluation.objective == plan.objective
