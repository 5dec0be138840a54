"""The rules of the brigade's plan, each named once with its words in Chinese and English.

The model (`rosterkit.brigade.solver`) and the checker (`rosterkit.brigade.checker`) build and
check the rules named here; the workbook and the messages read their names from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlanRule:
    """A rule of the plan: its id, whether it is hard, its names and its meaning."""

    id: str
    hard: bool
    zh: str
    en: str
    meaning: str


_RULES = [
    PlanRule("area_assigned", True, "区域定队", "Area held by one squad",
             "Every patrol area is held by exactly one squad all month (定区域)."),
    PlanRule("squad_has_area", True, "小队有区域", "Squad has an area",
             "Every squad holds at least one area."),
    PlanRule("home_community", True, "本社区巡逻", "Home community",
             "A squad's areas lie in the community of its unit."),
    PlanRule("fixed_grid", True, "定网格", "Fixed grid",
             "All areas of a squad lie in one grid (定网格)."),
    PlanRule("task_fit", True, "定任务", "Fixed task",
             "A squad patrols only routes whose mode its functional group does (定任务)."),
    PlanRule("route_sessions", True, "线路按时段巡逻", "Route patrolled in its slots",
             "Every route is patrolled every day in each slot its mode requires, by its "
             "area's squad, each session as long as its route and mode make it."),
    PlanRule("fixed_time", True, "定时段", "Fixed time slot",
             "A timed route's session starts at the same time every day, inside its window "
             "(定时段)."),
    PlanRule("no_overlap", True, "小队时段不重叠", "One session at a time",
             "A squad's sessions never overlap."),
    PlanRule("unit_hours", True, "单位周工时", "Unit weekly hours",
             "In any 7 days a unit's squads work no more guard-hours than the unit gives a week."),
    PlanRule("guard_day_hours", True, "队员日工时", "Guard daily hours",
             "A squad's guard-hours in a day stay within members x 8 h (劳动法 §36)."),
    PlanRule("guard_week_hours", True, "队员周工时", "Guard weekly hours",
             "A squad's guard-hours in any 7 days stay within members x 40 h (劳动法 §36)."),
    PlanRule("random_spread", True, "随机巡逻全时段", "Random patrol over all hours",
             "Random sessions start in every hour of the day over the month, and no random "
             "route starts more than a quarter of its sessions in one hour."),
    PlanRule("load_balance", False, "负荷均衡", "Load balance",
             "Cost: the heaviest weekly guard-minutes per member of any squad, times the "
             "load weight."),
    PlanRule("away_from_home", False, "跨网格巡逻", "Away from home grid",
             "Cost: each area in another grid than its squad's unit, times the away weight."),
]  # fmt: skip

RULES: dict[str, PlanRule] = {rule.id: rule for rule in _RULES}
"""Every rule of the plan by id, in the order the checker reports them."""
