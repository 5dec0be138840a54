"""Why a month cannot be rostered: a small set of conflicting rules and requests, in words.

The model is rebuilt with an enforcement literal on every hard constraint that a station can
trip (post staffing, the commander, squads, weekly caps, 'must hold a post'), these literals are
assumed true, and CP-SAT returns a subset of them that cannot hold together. The subset is then
shrunk by deletion so that every constraint named is needed for the conflict.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Collection

from ortools.sat.python import cp_model

from rosterkit.duties import STATE_OF_POST, can_hold
from rosterkit.problem import Problem
from rosterkit.result import Conflict
from rosterkit.rules import rule
from rosterkit.rules.spec import STATE_ZH
from rosterkit.solver.variables import Guard

log = logging.getLogger(__name__)
_MINIMISE_UP_TO = 24


def slot_label(problem: Problem, s: int, lang: str = "en") -> str:
    slot = problem.slots[s]
    if lang == "zh":
        if slot.community is None:
            return slot.post.name
        return f"{problem.station.community(slot.community).name}{slot.post.name}"
    if slot.community is None:
        return slot.post.name_en
    return f"{problem.station.community(slot.community).name_en} {slot.post.name_en.lower()}"


def describe_staffing(problem: Problem, s: int, d: int, *, at_least: bool) -> tuple[str, str]:
    """'Dajiang community office (main) on 2026-12-03 needs at least 1 officer; ...', in
    English and in Chinese."""
    slot = problem.slots[s]
    post, day = slot.post, problem.days[d]
    head = f"{slot_label(problem, s)} on {day:%Y-%m-%d}"
    head_zh = f"{day:%Y-%m-%d} {slot_label(problem, s, 'zh')}"
    if not at_least:
        return (
            f"{head} takes at most {post.max_staff} officers",
            f"{head_zh}最多{post.max_staff}人",
        )
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
    zh = f"{head_zh}至少需要{minimum}人；当天可担任的民警{len(able)}人"
    if wanted is not None and fixed_states:
        # a cycle may hold deputy on several groups a day (e.g. main, deputy, deputy, rest)
        groups = problem.station.rotation.groups_in(wanted, day)
        group = " and ".join(str(k) for k in groups)
        text = (
            f"{head} needs at least {minimum} from the {wanted.value} group "
            f"(duty group{'s' if len(groups) > 1 else ''} {group}); {len(able)} of its "
            "officers may hold it"
        )
        zh = (
            f"{head_zh}至少需要{STATE_ZH[wanted]}组（第{'、'.join(str(k) for k in groups)}"
            f"值班组）{minimum}人；"
            f"该组可担任的民警{len(able)}人"
        )
    if away:
        names = ", ".join(f"{problem.officers[o].name} ({problem.officers[o].id})" for o in away)
        text += f", {len(away)} of them on leave: {names}"
        names_zh = "、".join(
            f"{problem.officers[o].name}（{problem.officers[o].id}）" for o in away
        )
        zh += f"，其中{len(away)}人请假：{names_zh}"
    return text, zh


_DATE = re.compile(r"(?<!\d)(\d{4}-)?(\d{2}-\d{2})(?!\d)")


def _as_date(day: str) -> dt.date:
    """'2026-12-03' or '12-03' (in a leap year, so that 02-29 reads) as a date to order by."""
    return dt.date.fromisoformat(day if len(day) == 10 else f"2000-{day}")


def _days_said(days: list[str]) -> str:
    """Days in order, a run of three or more consecutive days as 'first–last':
    '2026-12-03, 12-04', '2026-12-03–12-09, 12-12'."""
    ordered = sorted(set(days), key=_as_date)
    runs: list[list[str]] = []
    for day in ordered:
        if runs and (_as_date(day) - _as_date(runs[-1][-1])).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    said: list[str] = []
    for run in runs:
        short = [day if not said and i == 0 else day[-5:] for i, day in enumerate(run)]
        said.append(f"{short[0]}–{short[-1]}" if len(run) >= 3 else ", ".join(short))
    return ", ".join(said)


def merge_days(reasons: list[str]) -> list[str]:
    """Reasons that differ only in their day, said once with all the days.

    'Street patrol early on 2026-10-22 needs at least 2...' and the same on 10-23 become
    'Street patrol early on 2026-10-22, 10-23 needs at least 2...'; three or more consecutive
    days are said as a span, '2026-10-22–10-28'.
    """
    groups: dict[str, list[str]] = {}
    for reason in reasons:
        groups.setdefault(_pattern(reason)[0], []).append(reason)
    return [_said_once(same) or same[0] for same in groups.values()]


def _is_day(text: str) -> bool:
    try:
        _as_date(text)
    except ValueError:
        return False
    return True


def _pattern(text: str) -> tuple[str, str | None]:
    """The text with its one day taken out ('{day}'), and that day; a text naming no day or
    several is its own pattern."""
    days = [match.group(0) for match in _DATE.finditer(text) if _is_day(match.group(0))]
    if len(days) != 1:
        return text, None
    return _DATE.sub(lambda m: "{day}" if _is_day(m.group(0)) else m.group(0), text), days[0]


def _said_once(texts: list[str]) -> str | None:
    """Texts of one pattern said once with all their days; None if they differ otherwise."""
    patterns = [_pattern(text) for text in texts]
    if len({pattern for pattern, _ in patterns}) != 1:
        return None
    pattern = patterns[0][0]
    days = [day for _, day in patterns if day is not None]
    return pattern.replace("{day}", _days_said(days)) if days else pattern


def _merged(conflicts: list[Conflict]) -> list[Conflict]:
    """Conflicts of one rule that differ only in their day, said once with all the days (and
    holding the officers, days and subject of them all)."""
    groups: dict[tuple[str, str], list[Conflict]] = {}
    for conflict in conflicts:
        groups.setdefault((conflict.rule, _pattern(conflict.en)[0]), []).append(conflict)
    merged: list[Conflict] = []
    for (rule_id, _), items in groups.items():
        english = _said_once([item.en for item in items])
        assert english is not None
        said = [item.zh for item in items if item.zh]
        chinese = _said_once(said) if len(said) == len(items) else None
        subjects = {item.subject for item in items}
        merged.append(
            Conflict(
                rule=rule_id,
                en=english,
                zh=chinese,
                officers=tuple(dict.fromkeys(o for item in items for o in item.officers)),
                subject=subjects.pop() if len(subjects) == 1 else None,
                days=tuple(sorted({day for item in items for day in item.days})),
            )
        )
    return merged


def _rule_of(guard: Guard) -> str:
    """The guard's rule: the first hard rule of its model part."""
    hard = [rule_id for rule_id in guard.rules if rule(rule_id).hard]
    return (hard or list(guard.rules) or ["rules"])[0]


_TOKEN = re.compile(r"[A-Za-z0-9_.\-]+")


def conflicting(
    model: cp_model.CpModel,
    guards: list[Guard],
    time_limit: float,
    officer_ids: Collection[str] = (),
) -> list[Conflict] | None:
    """A minimal set of hard constraints that cannot hold together, with their rules.

    ``[]`` when the model is feasible, None when the search could not decide in `time_limit`.
    The set is shrunk by deletion (while it has at most a couple of dozen members): each
    constraint is dropped in turn and kept only if the rest is then feasible or undecided.
    Each conflict names the officers of `officer_ids` its words mention.
    """
    literals = [guard.literal for guard in guards]
    guard_of = {guard.literal.index: guard for guard in guards}
    known = frozenset(officer_ids)

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
    found = []
    for literal in kept:
        guard = guard_of[literal.index]
        named = tuple(dict.fromkeys(t for t in _TOKEN.findall(guard.en) if t in known))
        found.append(
            Conflict(
                rule=_rule_of(guard),
                en=guard.en,
                zh=guard.zh,
                officers=named,
                subject=guard.subject,
                days=guard.days,
            )
        )
    return _merged(found) or [
        Conflict(
            rule="rules",
            en=(
                "the station's own rules conflict, whatever the month's requests (for example an "
                "officer whose group is on duty but who may hold none of its posts)"
            ),
            zh="站点自身的规则互相冲突，与本月的请假无关（例如某民警所在组当班，但他不能担任该组任何岗位）",
        )
    ]
