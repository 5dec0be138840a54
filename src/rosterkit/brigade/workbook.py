"""The month's plan as a workbook for the brigade office (巡逻队办公室): summary, the four-fixed
assignment of each squad, the plan per squad and day, units' weekly hours and the checker's
verdict. Labels in Chinese (default) or English."""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from rosterkit.brigade.checker import PlanViolation
from rosterkit.brigade.data import Brigade, clock
from rosterkit.brigade.plan import BrigadePlan
from rosterkit.brigade.rules import RULES
from rosterkit.brigade.sessions import session_shape

_WORDS: dict[str, tuple[str, str]] = {
    "summary": ("总览", "Summary"),
    "fixed": ("四定分工", "Assignments"),
    "daily": ("每日计划", "Daily plan"),
    "units": ("单位工时", "Unit hours"),
    "check": ("检查", "Check"),
    "title": ("{name} {month} 巡逻计划", "{name} patrol plan {month}"),
    "status": ("求解状态", "Status"),
    "objective": ("目标值", "Objective"),
    "bound": ("下界", "Bound"),
    "sessions": ("巡逻班次", "Sessions"),
    "scans": ("预计打卡次数", "Expected check-ins"),
    "km": ("预计里程(公里)", "Expected km"),
    "hours": ("预计工时(小时)", "Expected guard-hours"),
    "verdict": ("检查结果", "Checker"),
    "ok": ("全部规则满足", "every rule kept"),
    "broken": ("{n} 处违反规则", "{n} broken rules"),
    "squad": ("小队", "Squad"),
    "squad_name": ("小队名称", "Squad name"),
    "unit": ("单位", "Unit"),
    "members": ("队员", "Members"),
    "group": ("功能小组", "Group"),
    "task": ("任务", "Task"),
    "grid": ("网格", "Grid"),
    "areas": ("区域", "Areas"),
    "routes": ("线路", "Routes"),
    "slots": ("固定时段", "Fixed slots"),
    "week_per_member": ("人均周工时", "Weekly hours per member"),
    "date": ("日期", "Date"),
    "route": ("线路", "Route"),
    "mode": ("巡逻方式", "Mode"),
    "slot": ("时段", "Slot"),
    "random": ("随机", "random"),
    "start": ("开始", "Start"),
    "end": ("结束", "End"),
    "guards": ("保安人数", "Guards"),
    "capacity": ("每周可出工时", "Hours a week given"),
    "planned": ("计划周工时(最多7天)", "Planned hours, busiest 7 days"),
    "use": ("占用", "Use"),
    "rule": ("规则", "Rule"),
    "key": ("对象", "Item"),
    "problem": ("问题", "Problem"),
    "reasons": ("原因", "Reasons"),
}


def _word(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def build_plan_workbook(
    brigade: Brigade, plan: BrigadePlan, violations: list[PlanViolation], *, lang: str = "zh"
) -> Any:
    """The plan's workbook (an openpyxl Workbook), not yet saved."""
    from openpyxl import Workbook

    from rosterkit.excel.styles import BOLD, TITLE, fill, put

    def w(key: str) -> str:
        return _word(key, lang)

    def header(ws: Any, row: int, names: list[str]) -> None:
        for col, name in enumerate(names, start=1):
            cell = put(ws, row, col, name)
            cell.font = BOLD
            cell.fill = fill("D9E1F2")
            letter = cell.column_letter
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 12)
        ws.freeze_panes = ws.cell(row=row + 1, column=1)

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = w("summary")
    title = brigade.name if lang == "zh" else brigade.name_en
    put(ws, 1, 1, w("title").format(name=title, month=plan.month)).font = TITLE
    total_minutes = sum(s.guard_minutes for s in plan.sessions)
    rows: list[tuple[str, Any]] = [
        (w("status"), plan.status.value),
        (w("objective"), plan.objective),
        (w("bound"), plan.best_bound),
        (w("sessions"), len(plan.sessions)),
        (w("scans"), sum(s.scans for s in plan.sessions)),
        (w("km"), round(sum(s.km for s in plan.sessions), 1)),
        (w("hours"), round(total_minutes / 60, 1)),
        (
            w("verdict"),
            w("ok") if not violations else w("broken").format(n=len(violations)),
        ),
    ]
    if plan.reasons:
        rows.append((w("reasons"), "\n".join(plan.reasons_in(lang))))
    for r, (label, value) in enumerate(rows, start=3):
        put(ws, r, 1, label).font = BOLD
        put(ws, r, 2, value)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 40

    ws = wb.create_sheet(w("fixed"))
    header(
        ws,
        1,
        [w(k) for k in ("squad", "squad_name", "unit", "members", "group", "task", "grid", "areas",
                        "routes", "slots", "week_per_member")],
    )  # fmt: skip
    held: dict[str, list[str]] = defaultdict(list)
    for a in plan.assignments:
        held[a.squad].append(a.area)
    slots_of: dict[str, list[str]] = defaultdict(list)
    for slot in plan.slots:
        route = brigade.route(slot.route)
        minutes = session_shape(brigade, route).minutes
        slots_of[route.id].append(f"{clock(slot.start)}-{clock(slot.start + minutes)}")
    week_minutes: Counter[str] = Counter()
    for s in plan.sessions:
        week_minutes[s.squad] += s.guard_minutes
    days = len({s.day for s in plan.sessions}) or 1
    for r, squad in enumerate(brigade.squads, start=2):
        group = brigade.group(squad.group)
        areas = held.get(squad.id, [])
        routes = [route for a in areas for route in brigade.routes_of_area(a)]
        slot_text = "; ".join(
            f"{route.id} " + (", ".join(slots_of[route.id]) or w("random")) for route in routes
        )
        grids = sorted({brigade.grid(brigade.area(a).grid).name for a in areas})
        values: list[Any] = [
            squad.id,
            squad.name,
            brigade.unit(squad.unit).name,
            squad.members,
            group.name if lang == "zh" else group.name_en,
            group.task,
            ", ".join(grids),
            ", ".join(f"{a} {brigade.area(a).name}" for a in areas),
            ", ".join(route.id for route in routes),
            slot_text,
            round(week_minutes[squad.id] / days * 7 / 60 / squad.members, 1),
        ]
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value)
    for letter, width in zip(
        "ABCDEFGHIJK", (8, 18, 18, 8, 10, 26, 16, 36, 16, 50, 12), strict=True
    ):
        ws.column_dimensions[letter].width = width

    ws = wb.create_sheet(w("daily"))
    header(
        ws,
        1,
        [w(k) for k in ("date", "squad", "squad_name", "route", "mode", "slot", "start", "end",
                        "scans", "km", "hours")],
    )  # fmt: skip
    for r, s in enumerate(sorted(plan.sessions, key=lambda s: (s.day, s.squad, s.start)), start=2):
        mode = brigade.mode(s.mode)
        values = [
            s.day,
            s.squad,
            brigade.squad(s.squad).name,
            s.route,
            mode.name if lang == "zh" else mode.name_en,
            w("random") if s.slot is None else s.slot + 1,
            clock(s.start),
            clock(s.start + s.minutes),
            s.scans,
            s.km,
            round(s.guard_minutes / 60, 2),
        ]
        for c, value in enumerate(values, start=1):
            cell = put(ws, r, c, value)
            if c == 1:
                cell.number_format = "yyyy-mm-dd"

    ws = wb.create_sheet(w("units"))
    header(ws, 1, [w(k) for k in ("unit", "guards", "capacity", "planned", "use")])
    per_day: Counter[tuple[str, Any]] = Counter()
    for s in plan.sessions:
        per_day[brigade.squad(s.squad).unit, s.day] += s.guard_minutes
    all_days = sorted({s.day for s in plan.sessions})
    for r, unit in enumerate(brigade.units, start=2):
        busiest = max(
            (
                sum(per_day[unit.id, d] for d in all_days[i : i + 7])
                for i in range(max(1, len(all_days) - 6))
            ),
            default=0,
        )
        hours = round(busiest / 60, 1)
        values = [
            unit.name,
            unit.guards,
            unit.hours_per_week,
            hours,
            round(hours / unit.hours_per_week, 3) if unit.hours_per_week else None,
        ]
        for c, value in enumerate(values, start=1):
            cell = put(ws, r, c, value)
            if c == 5:
                cell.number_format = "0.0%"
    ws.column_dimensions["A"].width = 22

    ws = wb.create_sheet(w("check"))
    header(ws, 1, [w("rule"), w("key"), w("problem")])
    if not violations:
        put(ws, 2, 1, w("ok"))
    for r, v in enumerate(violations, start=2):
        rule = RULES[v.rule]
        put(ws, r, 1, rule.zh if lang == "zh" else rule.en)
        put(ws, r, 2, v.key)
        put(ws, r, 3, v.problem(lang))
    ws.column_dimensions["C"].width = 60
    return wb


def export_plan_workbook(
    path: str | os.PathLike[str],
    brigade: Brigade,
    plan: BrigadePlan,
    violations: list[PlanViolation],
    *,
    lang: str = "zh",
    overwrite: bool = False,
) -> Path:
    """Write the plan's workbook atomically (an existing file is kept unless `overwrite`)."""
    from rosterkit.io import write_atomic

    wb = build_plan_workbook(brigade, plan, violations, lang=lang)
    return write_atomic(path, lambda tmp: wb.save(tmp), overwrite=overwrite)
