"""Deciding leave requests before rostering: entitlements, balances and caps.

Each request of a month is granted whole or refused with a reason in plain words, in a fixed
order, so that the same input always gives the same decisions:

- Requests are taken by their kind's place in `LeavePolicy.priority`, then by their own
  `Leave.priority` (higher first), then in the order given; kinds the policy does not list come
  last, in the order given.
- Kinds not in `LeavePolicy.refusable` (sick leave and training by default) are always granted,
  and still take places under the caps.
- Annual leave draws on the entitlement of `annual_entitlement` less what the ledger says was used
  this year and what this decision granted before; compensatory rest draws on the ledger's earned
  balance less what was taken (without a ledger that balance is unknown, and it is not
  checked). Only working days are charged: rest days and statutory holidays
  are not (职工带薪年休假条例 §3).
- On each day at most `max_per_squad_per_day` officers of one squad and `max_per_team_per_day`
  of one team may be on leave; a refusable request that would break a cap on any of its days is
  refused whole.
- A caller may test each refusable request further once the policy would grant it (`check`, a
  `LeaveCheck`): `rosterkit.month.decide_month` refuses a discretionary request whose leave
  would leave the month short of people by the capacity count, with the count's words.
- Soft requests (`preferred_day_off`) are not decided here: they pass through untouched for the
  model to honour where the rules allow.

Nothing here imports the solver or the holiday data: a calendar is any object with the two
methods of `DayKinds`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from rosterkit.calendar import Month, MonthError
from rosterkit.errors import RosterInputError
from rosterkit.leave import Leave
from rosterkit.ledger import Ledger, OfficerLedger
from rosterkit.station import LeaveKind, Officer, Station

log = logging.getLogger(__name__)

__all__ = [
    "DayKinds",
    "LeaveCheck",
    "LeaveDecision",
    "LeaveDecisions",
    "annual_entitlement",
    "charged_days",
    "decide_leave",
]

_KIND_WORDS = {
    LeaveKind.annual: "annual leave",
    LeaveKind.sick: "sick leave",
    LeaveKind.compensatory_rest: "compensatory rest",
    LeaveKind.training: "training",
    LeaveKind.other: "other leave",
    LeaveKind.preferred_day_off: "preferred day off",
}
_KIND_ZH = {
    LeaveKind.annual: "年休假",
    LeaveKind.sick: "病假",
    LeaveKind.compensatory_rest: "补休",
    LeaveKind.training: "培训",
    LeaveKind.other: "其他假",
    LeaveKind.preferred_day_off: "希望休息日",
}

Said = tuple[str, str]
"""Words in English and in Chinese."""


class DayKinds(Protocol):
    """What the leave rules need to know of a month's days (see `holiday_calendar.MonthCalendar`).

    `is_rest_day` is true for a weekend day not moved to a workday, a statutory holiday, or another
    day off of a holiday period; `is_holiday` is true for a statutory holiday.
    """

    def is_rest_day(self, day: dt.date) -> bool: ...

    def is_holiday(self, day: dt.date) -> bool: ...


LeaveCheck = Callable[[Leave, list[Leave]], str | Said | None]
"""A further test of a refusable request that the policy would grant.

It is given the request and the leave honoured whatever is decided after it: the requests
granted so far, then the requests not yet decided whose kind is always granted. It returns why
the request is refused (the text after "refused, " in the decision's reason), in English or as
(English, Chinese), or None to grant it."""


def annual_entitlement(years_of_service: int) -> int:
    """Days of paid annual leave a year (职工带薪年休假条例 §3).

    Under 1 full year of service: 0; 1 to 9 years: 5; 10 to 19 years: 10; 20 years or more: 15.
    """
    if years_of_service < 1:
        return 0
    if years_of_service < 10:
        return 5
    if years_of_service < 20:
        return 10
    return 15


def is_working_day(day: dt.date, calendar: DayKinds) -> bool:
    """A day leave is charged on: neither a rest day nor a statutory holiday (条例 §3)."""
    return not calendar.is_rest_day(day) and not calendar.is_holiday(day)


def charged_days(leave: Leave, month: Month, calendar: DayKinds) -> int:
    """Days of `leave` inside `month` that count: rest days and statutory holidays do not."""
    return sum(1 for day in leave.days_in(month) if is_working_day(day, calendar))


class LeaveDecision(BaseModel):
    """The decision on one leave request.

    `index` is the request's place in the input. `working_days` counts the working days of the
    month the request adds for its officer (days he already has leave on are not counted again);
    `charged_days` is what a granted annual leave or compensatory rest draws on its balance, 0
    for other kinds and for refused requests. `reason` says the decision in English,
    `reason_zh` in Chinese (`said(lang)` picks one).
    """

    model_config = ConfigDict(frozen=True)

    index: int
    request: Leave
    granted: bool
    working_days: int
    charged_days: int
    reason: str
    reason_zh: str = ""

    def said(self, lang: str = "en") -> str:
        """The reason in `lang` ('zh' or 'en')."""
        return self.reason_zh if lang == "zh" and self.reason_zh else self.reason


class LeaveDecisions(BaseModel):
    """Every decision of a month, in input order, and what follows from them.

    `granted` is the leave the roster must honour and `refused` the decisions that refused,
    each with its reason, both in input order; `preferences` are the soft requests, untouched.
    `annual_charged` and `compensatory_rest_charged` give, per officer id, the days charged this
    month, from which the ledger is updated.
    """

    model_config = ConfigDict(frozen=True)

    month: Month
    decisions: list[LeaveDecision]
    granted: list[Leave]
    refused: list[LeaveDecision]
    preferences: list[Leave]
    annual_charged: dict[str, int]
    compensatory_rest_charged: dict[str, int]


def _short(day: dt.date, month: Month) -> str:
    return f"{day:%m-%d}" if day.year == month.year else day.isoformat()


def _span(leave: Leave, month: Month) -> str:
    if leave.start == leave.end:
        return _short(leave.start, month)
    return f"{_short(leave.start, month)}..{_short(leave.end, month)}"


def _days(count: int) -> str:
    return f"{count} working day" if count == 1 else f"{count} working days"


def _span_zh(leave: Leave, month: Month) -> str:
    return _span(leave, month).replace("..", "至")


def _check_ledger(ledger: Ledger, station: Station, month: Month) -> None:
    """A ledger must belong to the station and hold this year up to, not including, `month`."""
    if ledger.station_id != station.id:
        raise RosterInputError(
            f"ledger of station '{ledger.station_id}' given for station '{station.id}'; "
            "use the ledger kept for this station",
            source="ledger",
        )
    if ledger.year != month.year:
        raise RosterInputError(
            f"ledger of {ledger.year} given for {month}; start a ledger for {month.year} "
            "(annual leave and its balance run by calendar year)",
            source="ledger",
        )
    if ledger.through:
        try:
            through = Month.parse(ledger.through)
        except MonthError as error:
            raise RosterInputError(f"through: {error}", source="ledger") from error
        if through >= month:
            raise RosterInputError(
                f"the ledger already includes {through}, so leave of {month} would be charged "
                f"twice; use the ledger kept through the month before {month}",
                source="ledger",
            )


def _sort_key(index: int, leave: Leave, rank: dict[LeaveKind, int]) -> tuple[int, int, int]:
    """Kind order of the policy, then the request's own priority (higher first), then input
    order; kinds the policy does not list come last in input order."""
    if leave.kind in rank:
        return (rank[leave.kind], -leave.priority, index)
    return (len(rank), 0, index)


class _Places:
    """Who is on granted leave on each day, by officer, by squad and by team."""

    def __init__(self, station: Station) -> None:
        self.max_squad = station.leave_policy.max_per_squad_per_day
        self.max_team = station.leave_policy.max_per_team_per_day
        self.team_name = {team.id: team.name for team in station.teams}
        self.by_officer: dict[str, set[dt.date]] = defaultdict(set)
        self.by_squad: dict[tuple[str, int, dt.date], list[str]] = defaultdict(list)
        self.by_team: dict[tuple[str, dt.date], list[str]] = defaultdict(list)

    def new_days(self, officer: Officer, days: Iterable[dt.date]) -> list[dt.date]:
        """Days the officer is not yet on granted leave."""
        held = self.by_officer[officer.id]
        return [day for day in days if day not in held]

    def first_break(self, officer: Officer, days: Sequence[dt.date], month: Month) -> Said | None:
        """Why taking `days` would break a cap, naming the first such day; None if it would not.

        A squad is one team's officers with the same `Officer.squad`; officers without a squad
        count towards their team's cap only."""
        for day in days:
            if self.max_squad is not None and officer.squad is not None:
                holders = self.by_squad[(officer.team, officer.squad, day)]
                if len(holders) >= self.max_squad:
                    return (
                        f"on {_short(day, month)} squad {officer.squad} of {officer.team} "
                        f"already has {len(holders)} on leave ({', '.join(holders)}), "
                        f"the cap is {self.max_squad} per squad",
                        f"{_short(day, month)} {self.team_name[officer.team]}"
                        f"第{officer.squad}班组已有{len(holders)}人请假（{'、'.join(holders)}），每个班组最多"
                        f"{self.max_squad}人",
                    )
            if self.max_team is not None:
                holders = self.by_team[(officer.team, day)]
                if len(holders) >= self.max_team:
                    return (
                        f"on {_short(day, month)} team {officer.team} already has "
                        f"{len(holders)} on leave ({', '.join(holders)}), "
                        f"the cap is {self.max_team} per team",
                        f"{_short(day, month)} {self.team_name[officer.team]}"
                        f"已有{len(holders)}人请假（{'、'.join(holders)}），每队最多{self.max_team}人",
                    )
        return None

    def take(self, officer: Officer, days: Iterable[dt.date]) -> None:
        for day in days:
            self.by_officer[officer.id].add(day)
            if officer.squad is not None:
                self.by_squad[(officer.team, officer.squad, day)].append(officer.id)
            self.by_team[(officer.team, day)].append(officer.id)


def decide_leave(
    station: Station,
    month: Month | str,
    requests: Sequence[Leave],
    calendar: DayKinds,
    ledger: Ledger | None = None,
    *,
    check: LeaveCheck | None = None,
) -> LeaveDecisions:
    """Grant or refuse each leave request of `month`, with the reason.

    Unknown officer ids and a ledger of another station, another year or one that already holds
    `month` raise `RosterInputError`. Only the days of a request inside `month` are decided and
    charged. See the module's docstring for the rules and their order. `check`, if given, is
    asked about each refusable request the policy would grant, in the order of decision (see
    `LeaveCheck`).
    """
    month = Month.parse(month)
    officers = {officer.id: officer for officer in station.officers}
    example = f" (for example '{station.officers[0].id}')" if station.officers else ""
    for index, leave in enumerate(requests):
        if leave.officer_id not in officers:
            raise RosterInputError(
                f"leave request {index} names unknown officer '{leave.officer_id}'; "
                f"use the id of one of the station's officers{example} or remove the request",
                source="leave",
            )
    if ledger is not None:
        _check_ledger(ledger, station, month)

    policy = station.leave_policy
    rank = {kind: place for place, kind in enumerate(dict.fromkeys(policy.priority))}
    refusable = set(policy.refusable)
    to_decide = [
        (index, leave)
        for index, leave in enumerate(requests)
        if leave.kind is not LeaveKind.preferred_day_off
    ]
    to_decide.sort(key=lambda item: _sort_key(item[0], item[1], rank))

    # Requests of the kinds always granted, in the order they are decided: those not yet
    # decided are honoured whatever is decided before them (what `check` is shown).
    always = [leave for _, leave in to_decide if leave.kind not in refusable]
    always_decided = 0
    granted_so_far: list[Leave] = []

    places = _Places(station)
    annual: dict[str, int] = defaultdict(int)
    compensatory: dict[str, int] = defaultdict(int)
    decisions: list[LeaveDecision] = []
    for index, leave in to_decide:
        officer = officers[leave.officer_id]
        past = ledger.of(officer.id) if ledger is not None else OfficerLedger()
        new_days = places.new_days(officer, leave.days_in(month))
        working = sum(1 for day in new_days if is_working_day(day, calendar))
        head = f"{_KIND_WORDS[leave.kind]} of {officer.id} {_span(leave, month)}"
        head_zh = f"{officer.id}{_KIND_ZH[leave.kind]}（{_span_zh(leave, month)}）"
        if not (leave.start in month and leave.end in month):
            head += f" (days inside {month} only)"
            head_zh += f"（只计{month.year}年{month.month}月内的日子）"
        asked = f"{_days(working)} asked"
        asked_zh = f"申请{working}个工作日"

        problem: Said | None = None
        balance, balance_zh = "", ""
        charged = 0
        if leave.kind is LeaveKind.annual:
            entitled = annual_entitlement(officer.years_of_service)
            used = past.annual_leave_used + annual[officer.id]
            left = entitled - used
            if working > left:
                problem = (
                    f"{asked}, {max(left, 0)} left of {entitled} ({used} used)",
                    f"{asked_zh}，全年{entitled}天只剩{max(left, 0)}天（已休{used}天）",
                )
            balance = f"{left - working} left of {entitled}"
            balance_zh = f"全年{entitled}天剩{left - working}天"
            charged = working
        elif leave.kind is LeaveKind.compensatory_rest and ledger is None:
            # Without a ledger nobody knows what was earned: grant, and say so.
            balance = "balance not checked: no ledger kept"
            balance_zh = "未核对余额：没有台账"
            charged = working
        elif leave.kind is LeaveKind.compensatory_rest:
            earned = past.compensatory_rest_earned
            taken = past.compensatory_rest_taken + compensatory[officer.id]
            left = earned - taken
            if working > left:
                problem = (
                    f"{asked}, {max(left, 0)} left of {earned} earned ({taken} taken)",
                    f"{asked_zh}，累计{earned}天只剩{max(left, 0)}天（已补休{taken}天）",
                )
            balance = f"{left - working} left of {earned} earned"
            balance_zh = f"累计{earned}天剩{left - working}天"
            charged = working
        if problem is None:
            problem = places.first_break(officer, new_days, month)
        if leave.kind not in refusable:
            always_decided += 1
        elif problem is None and check is not None:
            checked = check(leave, [*granted_so_far, *always[always_decided:]])
            problem = (checked, checked) if isinstance(checked, str) else checked

        if leave.kind in refusable and problem is not None:
            granted = False
            charged = 0
            reason = f"{head}: refused, {problem[0]}"
            reason_zh = f"{head_zh}：不准，{problem[1]}"
            log.info("leave refused: %s", reason)
        else:
            granted = True
            granted_so_far.append(leave)
            places.take(officer, new_days)
            if leave.kind is LeaveKind.annual:
                annual[officer.id] += charged
            elif leave.kind is LeaveKind.compensatory_rest:
                compensatory[officer.id] += charged
            details = [f"{_days(working)}" + (" charged" if balance else "")]
            details_zh = [f"{working}个工作日" + ("计入" if balance else "")]
            if balance:
                details.append(balance)
                details_zh.append(balance_zh)
            reason = f"{head}: granted, {', '.join(details)}"
            reason_zh = f"{head_zh}：准假，{'，'.join(details_zh)}"
            if problem is not None:
                reason += f"; {_KIND_WORDS[leave.kind]} is always granted, although {problem[0]}"
                reason_zh += f"；{_KIND_ZH[leave.kind]}一律准假，尽管{problem[1]}"
                log.info("leave granted beyond the rules: %s", reason)
            else:
                log.debug("leave granted: %s", reason)
        decisions.append(
            LeaveDecision(
                index=index,
                request=leave,
                granted=granted,
                working_days=working,
                charged_days=charged,
                reason=reason,
                reason_zh=reason_zh,
            )
        )

    decisions.sort(key=lambda decision: decision.index)
    return LeaveDecisions(
        month=month,
        decisions=decisions,
        granted=[decision.request for decision in decisions if decision.granted],
        refused=[decision for decision in decisions if not decision.granted],
        preferences=[leave for leave in requests if leave.kind is LeaveKind.preferred_day_off],
        annual_charged={k: v for k, v in sorted(annual.items()) if v},
        compensatory_rest_charged={k: v for k, v in sorted(compensatory.items()) if v},
    )
