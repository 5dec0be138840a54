"""Why a month cannot be rostered: a small set of conflicting rules and requests, in words.

The model is rebuilt with an enforcement literal on every hard constraint that a station can
trip (post staffing, the commander, squads, weekly caps, 'must hold a post'), these literals are
assumed true, and CP-SAT returns a subset of them that cannot hold together. The subset is then
shrunk by deletion so that every constraint named is needed for the conflict.
"""

from __future__ import annotations

import logging
import re

from ortools.sat.python import cp_model

from rosterkit.duties import STATE_OF_POST, can_hold
from rosterkit.problem import Problem

log = logging.getLogger(__name__)
_MINIMISE_UP_TO = 24


def slot_label(problem: Problem, s: int) -> str:
    slot = problem.slots[s]
    if slot.community is None:
        return slot.post.name_en
    return f"{problem.station.community(slot.community).name_en} {slot.post.name_en.lower()}"


def describe_staffing(problem: Problem, s: int, d: int, *, at_least: bool) -> str:
    """'Dajiang community office (main) on 2026-12-03 needs at least 1 officer; ...'."""
    slot = problem.slots[s]
    post, day = slot.post, problem.days[d]
    head = f"{slot_label(problem, s)} on {day:%Y-%m-%d}"
    if not at_least:
        return f"{head} takes at most {post.max_staff} officers"
    fixed_states = {
        o: problem.station.rotation.state(g + 1, day)
        for o in range(len(problem.officers))
        if (g := problem.fixed_group(o)) is not None
    }
    wanted = STATE_OF_POST.get(slot.state)
    able = [
        o
        for o, officer in enumerate(problem.officers)
        if can_hold(problem.station, officer, slot)
        and (not problem.rotates(o) or wanted is None or fixed_states.get(o) in (wanted, None))
    ]
    away = [o for o in able if problem.on_leave(o, d)]
    minimum = post.minimum(problem.rest_day(d))
    text = f"{head} needs at least {minimum}; {len(able)} officers may hold it that day"
    if wanted is not None and fixed_states:
        text = (
            f"{head} needs at least {minimum} from the {wanted.value} group "
            f"(duty group {problem.station.rotation.group_in(wanted, day)}); "
            f"{len(able)} of its officers may hold it"
        )
    if away:
        names = ", ".join(f"{problem.officers[o].name} ({problem.officers[o].id})" for o in away)
        text += f", {len(away)} of them on leave: {names}"
    return text


_DATE = re.compile(r"\b(\d{4}-)?(\d{2}-\d{2})\b")


def merge_days(reasons: list[str]) -> list[str]:
    """Reasons that differ only in their day, said once with all the days.

    'Street patrol early on 2026-10-22 needs at least 2...' and the same on 10-23 become
    'Street patrol early on 2026-10-22, 10-23 needs at least 2...'.
    """
    groups: dict[str, list[str]] = {}
    for reason in reasons:
        days = [match.group(0) for match in _DATE.finditer(reason)]
        if len(days) != 1:
            groups.setdefault(reason, [])
            continue
        groups.setdefault(_DATE.sub("{day}", reason), []).append(days[0])
    merged = []
    for pattern, days in groups.items():
        if not days:
            merged.append(pattern)
            continue
        ordered = sorted(set(days))
        shown = [ordered[0], *(day[5:] if len(day) == 10 else day for day in ordered[1:])]
        merged.append(pattern.replace("{day}", ", ".join(shown)))
    return merged


def conflicting(
    model: cp_model.CpModel, guards: list[tuple[cp_model.IntVar, str]], time_limit: float
) -> list[str] | None:
    """A minimal set of guard texts that cannot hold together.

    ``[]`` when the model is feasible, None when the search could not decide in `time_limit`.
    The set is shrunk by deletion (while it has at most a couple of dozen members): each
    constraint is dropped in turn and kept only if the rest is then feasible or undecided.
    """
    literals = [literal for literal, _ in guards]
    text_of = {literal.index: text for literal, text in guards}

    def solve_assuming(
        assumed: list[cp_model.IntVar], limit: float
    ) -> tuple[cp_model.CpSolverStatus, list[int]]:
        model.clear_assumptions()
        model.add_assumptions(assumed)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = limit
        status = solver.solve(model)
        core = solver.sufficient_assumptions_for_infeasibility()
        return status, list(core) if status == cp_model.INFEASIBLE else []

    status, core = solve_assuming(literals, time_limit)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        model.clear_assumptions()
        return []
    if status != cp_model.INFEASIBLE:
        model.clear_assumptions()
        return None
    by_index = {literal.index: literal for literal in literals}
    kept = [by_index[i] for i in core if i in by_index]
    if len(kept) <= _MINIMISE_UP_TO:
        for literal in list(kept):
            trial = [lit for lit in kept if lit is not literal]
            if trial and solve_assuming(trial, max(0.5, time_limit / 10))[0] == cp_model.INFEASIBLE:
                kept = trial
    model.clear_assumptions()
    return merge_days([text_of[literal.index] for literal in kept]) or [
        "the station's own rules conflict, whatever the month's requests (for example an "
        "officer whose group is on duty but who may hold none of its posts)"
    ]
