"""Words on the sheets, in Chinese (the default) and English, and the labels of roster cells.

Every heading and state name the workbook shows comes from here, so that a reader can accept the
same words back. Roster cells show a short label per post slot (`CellLabels`); the labels of one
language are unique, and reading accepts the labels of both languages and the slot codes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rosterkit import rules
from rosterkit.duties import LEAVE, OFF, REST, slots
from rosterkit.errors import RosterInputError
from rosterkit.leave import LeaveKind
from rosterkit.rules import Violation
from rosterkit.rules.spec import ROLE_ZH
from rosterkit.station import Role, Station

Lang = Literal["zh", "en"]


def check_lang(lang: str) -> Lang:
    """`lang` if it is a supported language; otherwise a `RosterInputError` naming the choices."""
    if lang == "zh":
        return "zh"
    if lang == "en":
        return "en"
    raise RosterInputError(f"unknown language '{lang}'; use 'zh' (Chinese) or 'en' (English)")


# --- words -------------------------------------------------------------------------------------

_WORDS: dict[str, tuple[str, str]] = {
    # sheet names
    "sheet.overview": ("总览", "Overview"),
    "sheet.roster": ("排班表", "Roster"),
    "sheet.daily": ("每日岗位", "Daily posts"),
    "sheet.groups": ("值班组", "Duty groups"),
    "sheet.appraisal": ("考核", "Appraisal"),
    "sheet.statistics": ("统计", "Statistics"),
    "sheet.check": ("校验", "Check"),
    "sheet.data": ("数据", "Data"),
    # states and cell kinds
    "state.main": ("正班", "main"),
    "state.deputy": ("副班", "deputy"),
    "state.rest": ("休班", "rest"),
    "state.leave": ("请假", "leave"),
    "state.off": ("不排班", "off"),
    "state.shift": ("街面班次", "street shift"),
    "state.call_in": ("抽调(休班被召回)", "call-in (from the resting group)"),
    "state.substitution": ("代班(所领导代值班副所长)", "stand-in commander (leadership)"),
    "mark.call_in": ("召", "call-in"),
    "mark.substitution": ("代", "stand-in"),
    "day.weekend": ("周末", "weekend"),
    "day.holiday": ("法定节假日", "statutory holiday"),
    "day.holiday_short": ("节", "hol."),
    # titles
    "title.roster": ("勤务排班表", "duty roster"),
    "title.overview": ("值班总览", "duty overview"),
    "title.daily": ("每日岗位", "daily posts"),
    "title.groups": ("值班组构成", "duty groups"),
    "title.appraisal": ("条块结合考核", "two-way appraisal"),
    "title.fairness": ("各队室公平性(最小/平均/最大)", "fairness per team (min / mean / max)"),
    "title.spread": ("各队室差值(最大-最小)", "spread per team (max - min)"),
    "title.staffing": ("每日岗位人数(对照最低人数)", "staff per post per day (against minimum)"),
    "title.statistics": ("统计", "statistics"),
    "title.check": ("校验结果", "check"),
    "title.violations": ("违反的规则", "violations"),
    "title.penalties": ("软约束代价", "soft-rule penalties"),
    "title.members": ("成员名单", "members"),
    "title.moves": (
        "班组调整(人员变动后重新均衡，调动最少)",
        "squad moves (re-balanced after the head count changed, fewest moves)",
    ),
    "title.legend": ("图例", "Legend"),
    # headings
    "h.id": ("编号", "ID"),
    "h.name": ("姓名", "Name"),
    "h.team": ("队室", "Team"),
    "h.group": ("值班组", "Duty group"),
    "h.squad": ("班组", "Squad"),
    "h.roles": ("角色", "Roles"),
    "h.community": ("社区", "Community"),
    "h.grid": ("网格", "Grid"),
    "h.sector": ("专管行业", "Sector"),
    "h.years": ("警龄", "Years of service"),
    "h.date": ("日期", "Date"),
    "h.weekday": ("星期", "Day"),
    "h.commander": ("值班副所长", "Duty commander"),
    "h.sergeant": ("警长", "Sergeant"),
    "h.a_role": ("A角", "A role"),
    "h.b_role": ("B角", "B role"),
    "h.grid_officers": ("网格责任民警", "Grid officers"),
    "h.sector_specialists": ("行业专管民警", "Sector specialists"),
    "h.headcount": ("人数", "Officers"),
    "h.partner": ("搭档", "partner"),
    "h.from_group": ("原值班组", "From group"),
    "h.to_group": ("新值班组", "To group"),
    "h.joined": ("新加入", "joined"),
    "h.long_line": ("长线考核(队室)", "Long line (team)"),
    "h.short_line": ("短线考核(值班)", "Short line (duty)"),
    "h.appraiser": ("考核人", "Appraiser"),
    "h.weight": ("权重", "Weight"),
    "h.note": ("备注", "Note"),
    "h.same_person": ("两线考核人为同一人", "both sides appraised by one person"),
    "h.post": ("岗位", "Post"),
    "h.label": ("代码", "Code"),
    "h.min": ("最低", "Min"),
    "h.max": ("最高", "Max"),
    "h.min_short": ("最小", "min"),
    "h.mean_short": ("平均", "mean"),
    "h.max_short": ("最大", "max"),
    "h.rule": ("规则", "Rule"),
    "h.holds": ("是否满足", "Holds"),
    "h.count": ("数量", "Count"),
    "h.message": ("说明", "Message"),
    "h.item": ("项目", "Item"),
    "h.value": ("值", "Value"),
    "h.side": ("考核线", "Side"),
    "h.key": ("对象", "Key"),
    "h.amount": ("数量", "Amount"),
    "h.unit_cost": ("单价", "Unit cost"),
    "h.cost": ("代价", "Cost"),
    "h.meaning": ("含义", "Meaning"),
    "yes": ("满足", "yes"),
    "no": ("不满足", "no"),
    "none": ("无", "none"),
    "no_group": ("不分组", "no group"),
    # check sheet items
    "c.station": ("派出所", "Station"),
    "c.month": ("月份", "Month"),
    "c.status": ("求解状态", "Solve status"),
    "c.objective": ("目标值", "Objective"),
    "c.bound": ("下界", "Best bound"),
    "c.time": ("求解时间(秒)", "Solve time (s)"),
    "c.checked_objective": ("校验器重算目标值", "Objective recomputed by the checker"),
    "c.violations": ("违规总数", "Violations"),
    "c.version": ("rosterkit 版本", "rosterkit version"),
    "c.fingerprint": ("输入指纹", "Input fingerprint"),
    # figures (appraisal and statistics)
    "f.main_days": ("正班天数", "Main days"),
    "f.deputy_days": ("副班天数", "Deputy days"),
    "f.shift_days": ("街面班次", "Street shifts"),
    "f.rest_days": ("休息天数", "Rest days"),
    "f.leave_days": ("请假天数", "Leave days"),
    "f.hours": ("勤务小时", "Duty hours"),
    "f.community_days": ("社区工作天数", "Community days"),
    "f.car_duties": ("巡逻车勤务", "Car duties"),
    "f.call_ins": ("抽调次数", "Call-ins"),
    "f.borrowed": ("跨社区借调天数", "Days borrowed"),
    "f.weekend_duties": ("周末勤务", "Weekend duties"),
    "f.holiday_duties": ("节假日勤务", "Holiday duties"),
    "f.unmet_preferences": ("未满足的休息意向", "Unmet day-off requests"),
    # solve statuses (`rosterkit.result.SolveStatus`)
    "status.optimal": ("最优", "optimal"),
    "status.feasible": ("可行", "feasible"),
    "status.infeasible": ("不可行", "infeasible"),
    "status.timed_out": ("超时", "timed out"),
    "status.invalid": ("输入无效", "invalid"),
    # penalty keys and the legend
    "key.ab_pair": ("A/B角", "A/B pair"),
    "key.grid": ("网格", "grid"),
    "hours": ("{hours}小时", "{hours}h"),
    "page": ("第 &P 页 / 共 &N 页", "Page &P of &N"),
    "not_applicable": ("—", "—"),
    "h.appraised_outside": ("所外考核,本表不适用", "appraised outside the station (n/a)"),
    "chart.spread_axis": ("最大-最小", "max - min"),
    # side of an appraisal
    "side.long_line": ("长线", "long line"),
    "side.short_line": ("短线", "short line"),
}

WEEKDAYS: dict[Lang, tuple[str, ...]] = {
    "zh": ("一", "二", "三", "四", "五", "六", "日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def word(key: str, lang: Lang) -> str:
    """The sheet word for `key` in `lang`; an unknown key falls back to the key itself."""
    pair = _WORDS.get(key)
    if pair is None:
        return key.split(".", 1)[-1]
    return pair[0] if lang == "zh" else pair[1]


def rule_label(rule: str, lang: Lang) -> str:
    """The name of a rule in `lang`, from the rule registry (`rosterkit.rules`); an id that is
    no rule shows as it is."""
    return rules.name(rule, lang)


def violation_text(violation: Violation, lang: Lang) -> str:
    """What is broken, in the checker's own words in `lang` (`Violation.text`); in Chinese a
    violation made without Chinese words (not by a rule's check part) shows its rule's words
    from the registry, so that no English stands in a Chinese workbook."""
    if lang == "en" or violation.zh:
        return violation.text(lang)
    known = rules.REGISTRY_IDS.get(violation.rule)
    return violation.message if known is None else known.zh.broken


def status_label(status: str, lang: Lang) -> str:
    """A solve status ('optimal', 'timed_out'…) in `lang`: 最优, 可行, 不可行, 超时, 输入无效."""
    return word(f"status.{status}", lang) if f"status.{status}" in _WORDS else status


def words(key: str) -> tuple[str, str]:
    """Both spellings (Chinese, English) of `key`, for readers that accept either."""
    return _WORDS[key]


def group_label(group: int | None, lang: Lang) -> str:
    """'1组' / 'G1' for a duty group; the no-group word for None."""
    if group is None:
        return word("no_group", lang)
    return f"{group}组" if lang == "zh" else f"G{group}"


# --- roles, sectors, leave kinds, field headers --------------------------------------------------

_ROLE_ALIASES: dict[Role, tuple[str, ...]] = {
    Role.political_commissar: ("教导员",),
    Role.team_leader: ("主任", "负责人"),
    Role.grid_officer: ("网格民警", "网格员"),
    Role.sector_specialist: ("专管民警",),
}
ROLE_LABELS: dict[Role, tuple[str, ...]] = {
    role: (ROLE_ZH[role], *_ROLE_ALIASES.get(role, ())) for role in Role
}
"""Each role's Chinese name (`rosterkit.rules.spec.ROLE_ZH`, the one written) and the other names
read back."""
"""Chinese labels of each role; the first is the one written."""

SECTOR_LABELS: dict[str, tuple[str, ...]] = {
    "hotel": ("旅店", "旅馆"),
    "catering": ("餐饮",),
    "hospital": ("医院",),
    "school": ("学校",),
    "government": ("机关",),
}

LEAVE_KIND_LABELS: dict[LeaveKind, tuple[str, ...]] = {
    LeaveKind.annual: ("年休假", "年假"),
    LeaveKind.sick: ("病假",),
    LeaveKind.compensatory_rest: ("补休",),
    LeaveKind.training: ("培训", "学习"),
    LeaveKind.other: ("其他", "事假"),
    LeaveKind.preferred_day_off: ("希望休息", "调休意向"),
}

OFFICER_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("编号", "警号", "工号", "id", "officer_id"),
    "name": ("姓名", "name"),
    "team": ("队室", "团队", "所属队室", "部门", "team"),
    "squad": ("班组", "值班组", "squad", "duty_group"),
    "roles": ("角色", "职务", "roles", "role"),
    "community": ("社区", "community"),
    "grid": ("网格", "警务网格", "grid"),
    "sector": ("专管行业", "行业", "sector"),
    "years_of_service": ("警龄", "years_of_service", "years"),
}
"""Accepted headers of each officer field; the first is the one the template writes."""

LEAVE_HEADERS: dict[str, tuple[str, ...]] = {
    "officer_id": ("编号", "警号", "工号", "officer_id", "id"),
    "name": ("姓名", "name"),
    "start": ("开始", "开始日期", "start", "from"),
    "end": ("结束", "结束日期", "end", "to"),
    "kind": ("类型", "假别", "请假类型", "kind", "type"),
    "note": ("备注", "note"),
}
"""Accepted headers of each leave field; `name` is optional and only checked against the id."""


_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")


def normalise(text: object) -> str:
    """A cell's text as readers compare it: NFKC, trimmed, case-folded, spaces and '*' dropped."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return re.sub(r"[\s*]+", "", value)


def normalise_header(text: object) -> str:
    """A header as readers compare it: like `normalise`, with bracketed notes removed."""
    return normalise(_BRACKETS.sub("", unicodedata.normalize("NFKC", str(text or ""))))


def role_label(role: Role, lang: Lang) -> str:
    return ROLE_LABELS[role][0] if lang == "zh" else role.value


def sector_label(sector: str, lang: Lang) -> str:
    labels = SECTOR_LABELS.get(sector)
    return labels[0] if labels and lang == "zh" else sector


def roles_text(roles: Iterable[Role], lang: Lang) -> str:
    """Roles in a fixed order, joined as the readers accept them."""
    ordered = [role for role in Role if role in set(roles)]
    return ("、" if lang == "zh" else ", ").join(role_label(role, lang) for role in ordered)


# --- roster cell labels --------------------------------------------------------------------------

VALUE_WORDS: dict[str, tuple[str, ...]] = {
    REST: ("休", "休班", "休息", "rest", "r"),
    LEAVE: ("假", "请假", "leave", "l"),
    OFF: ("—", "-", "/", "off", "不排班"),
}
"""Accepted spellings of the three non-post values; the first is the Chinese one written."""

_WRITTEN = {"zh": {REST: "休", LEAVE: "假", OFF: "—"}, "en": {REST: "R", LEAVE: "L", OFF: "—"}}


@dataclass(frozen=True)
class CellLabels:
    """Slot code <-> the label shown in a roster cell, for one station.

    Chinese labels are the post's `short` plus the community's `short` for per-community posts
    ('车东'); English labels are the post code plus the community's initial ('ccar-Q'). Where
    two slots would share a label, both show their slot code instead, so a label never stands for
    two values. Reading accepts, compared after `normalise` and in this order of precedence, the
    labels of `lang`, the slot codes, the words of `VALUE_WORDS` and the other language's labels;
    an empty cell reads as ``off``.
    """

    station: Station
    lang: Lang
    written: dict[str, str] = field(init=False)
    read: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        written = _labels(self.station, self.lang)
        other: Lang = "en" if self.lang == "zh" else "zh"
        # Earlier spellings win: the workbook's own labels, then slot codes, then the words for
        # rest/leave/off, then the other language's labels.
        candidates = [(label, value) for value, label in written.items()]
        candidates += [(s.code, s.code) for s in slots(self.station)]
        for value, spellings in VALUE_WORDS.items():
            candidates += [(spelling, value) for spelling in spellings]
        candidates += [(label, value) for value, label in _labels(self.station, other).items()]
        read: dict[str, str] = {}
        for label, value in candidates:
            read.setdefault(normalise(label), value)
        object.__setattr__(self, "written", written)
        object.__setattr__(self, "read", read)

    def label(self, value: str) -> str:
        """The label written for a cell value (a slot code, rest, leave or off)."""
        return self.written.get(value, value)

    def value(self, text: object) -> str | None:
        """The cell value a label stands for, or None when it stands for none."""
        key = normalise(text)
        if key == "":
            return OFF
        return self.read.get(key)


def _labels(station: Station, lang: Lang) -> dict[str, str]:
    """Value -> label for every slot and non-post value, unique within the language."""
    labels: dict[str, str] = {}
    for slot in slots(station):
        if lang == "zh":
            label = slot.post.short
            if slot.community is not None:
                label += station.community(slot.community).short
        else:
            label = slot.post.code
            if slot.community is not None:
                label += "-" + station.community(slot.community).name_en[:1].upper()
        if slot.number > 1:
            label += str(slot.number)  # a community's second car: 车东2 / ccar-Q2
        labels[slot.code] = label
    labels.update(_WRITTEN[lang])
    seen: dict[str, list[str]] = {}
    for value, label in labels.items():
        seen.setdefault(normalise(label), []).append(value)
    for values in seen.values():
        if len(values) > 1:
            for value in values:
                if value not in _WRITTEN[lang]:
                    labels[value] = value
    final = [normalise(label) for label in labels.values()]
    if len(set(final)) != len(final):
        raise RosterInputError(
            "two post slots or a post and a rest/leave/off word share a roster label; "
            "give the station's posts distinct codes"
        )
    return labels
