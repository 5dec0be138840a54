"""Diagnosis time: from the inputs to the named cause, and to the checked fixes (issue 11).

One impossible month per kind of cause (the months of tests/test_fixes.py). For each, two
times, each the median of ``--runs`` runs in this process (the libraries imported and warmed
by one solve first, as they are once a command has started):

- **cause**: the inputs to the shortfalls that name the cause. Through the month's pipeline
  (`rosterkit.explain_month(..., fixes=False)`: calendar, leave decisions with the count after
  each discretionary request, the count) or, for leave honoured as given, the count alone
  (`rosterkit.capacity.shortfalls`). Where the leave decisions refuse the request that would
  make the month impossible, the cause is the refusal's reason, and the time is
  `rosterkit.decide_month`'s.
- **fixes**: the inputs to the checked fixes (`rosterkit.explain_month`, fixes on, or
  `rosterkit.fixes.find_fixes`), with the default `FixLimits` (at most 5 solves of 1.5 s, 8 s
  in all): every fix shown was solved and its roster accepted by the checker.

The issue's goal is 10 s on the built-in station. The load average is printed before and after:
the machine is shared, and a load near the number of cores slows every figure.

    python benchmarks/diagnosis.py             # every month, median of 3
    python benchmarks/diagnosis.py --runs 1 --cases weekly-cap-sick boundary
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import rosterkit
from rosterkit import Leave, LeaveKind, Roster, SolveOptions, Station
from rosterkit.capacity import Shortfall, shortfalls
from rosterkit.fixes import CheckedFix, find_fixes
from rosterkit.station import (
    DutyPost,
    DutyState,
    Eligibility,
    PostState,
    TeamKind,
)
from rosterkit.stations import layout, qianmen

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import tiny_station

D = dt.date
FEBRUARY = "2026-02"


# --- the months ------------------------------------------------------------------------------


def tiny(*, video: bool = False, patrol: int = 0) -> Station:
    """The tests' tiny station (tests/conftest.py `tiny_station`): a director; a community team
    of three deputy directors and three officers in squads 1-3; `patrol` street-patrol
    officers; with `video` a post only a case team (which the station lacks) may hold."""
    station = tiny_station(patrol=patrol)
    if not video:
        return station
    only_a_case_team = DutyPost(
        code="video",
        name="视频巡控",
        name_en="Video patrol",
        short="视",
        state=PostState.deputy,
        min_staff=1,
        eligible=Eligibility(team_kinds=[TeamKind.case]),
    )
    return Station.model_validate(
        {**station.model_dump(), "posts": [*station.model_dump()["posts"], only_a_case_team]}
    )


def january(station: Station) -> Roster:
    """January's last day as the tiny station held it: group 1 on main duty."""
    last = D(2026, 1, 31)
    cells: dict[str, dict[dt.date, str]] = {}
    for officer in station.officers:
        rotating = officer.squad is not None and station.rotates(officer)
        state = station.rotation.state(officer.squad, last) if rotating else None  # type: ignore[arg-type]
        cells[officer.id] = {
            last: {
                DutyState.main: "commander" if officer.id.startswith("DD") else "moffice@one",
                DutyState.deputy: "doffice@one",
                DutyState.rest: "rest",
                None: "off",
            }[state]
        }
    groups = {o.id: o.squad for o in station.officers if o.squad is not None}
    return Roster(station_id=station.id, month="2026-01", groups=groups, cells=cells)


def lifted(station: Station) -> Station:
    policy = station.leave_policy.model_copy(
        update={"max_per_squad_per_day": None, "max_per_team_per_day": None}
    )
    return station.model_copy(update={"leave_policy": policy})


def small_communities() -> Station:
    posts = [
        p.model_copy(update={"call_in": False}) if p.code in ("ccar", "moffice") else p
        for p in layout(1).posts
    ]
    return layout(1, with_squads=False, community_size=6).model_copy(update={"posts": posts})


def away(officer: str, start: dt.date, end: dt.date, kind: LeaveKind) -> Leave:
    return Leave(officer_id=officer, start=start, end=end, kind=kind)


P058_WEEK = away("P058", D(2026, 1, 11), D(2026, 1, 17), LeaveKind.annual)
CASE_TEAM = [
    away("P050", D(2026, 12, 1), D(2026, 12, 3), LeaveKind.annual),
    away("P053", D(2026, 12, 2), D(2026, 12, 2), LeaveKind.sick),
    away("P049", D(2026, 12, 2), D(2026, 12, 4), LeaveKind.compensatory_rest),
    away("P052", D(2026, 12, 1), D(2026, 12, 5), LeaveKind.training),
    away("P055", D(2026, 12, 2), D(2026, 12, 2), LeaveKind.annual),
]
CAOCHANG_RESTING_SICK = [
    away(o, D(2026, 12, 1), D(2026, 12, 3), LeaveKind.sick)
    for o in ("P039", "P040", "P043", "P046", "P044")
]


@dataclass(frozen=True)
class Case:
    """A month: its station, month and leave; `how` says which pipeline it goes through:
    'month' (leave decided), 'refused' (the decisions refuse the request that would make it
    impossible: no fixes needed), 'honoured' (leave honoured as given)."""

    station: Callable[[], Station]
    month: str
    leave: list[Leave]
    how: str
    previous: Callable[[Station], Roster] | None = None


def _boundary_station() -> Station:
    return tiny(patrol=2).with_squads({"DD1": 2, "R1": 2, "DD2": 1, "R2": 1})


def _too_few_dds() -> Station:
    base = tiny()
    officers = [
        o.model_copy(update={"roles": frozenset()}) if o.id == "DD3" else o for o in base.officers
    ]
    return base.model_copy(update={"officers": officers})


CASES: dict[str, Case] = {
    "weekly-cap-annual": Case(qianmen, "2026-01", [P058_WEEK], "refused"),
    "weekly-cap-honoured": Case(qianmen, "2026-01", [P058_WEEK], "honoured"),
    "weekly-cap-sick": Case(
        qianmen, "2026-01", [P058_WEEK.model_copy(update={"kind": LeaveKind.sick})], "month"
    ),
    "resting-group-sick": Case(qianmen, "2026-12", CAOCHANG_RESTING_SICK, "month"),
    "too-few-deputy-directors": Case(_too_few_dds, FEBRUARY, [], "month"),
    "two-deputy-directors": Case(
        lambda: tiny().with_squads({"DD3": 1, "R1": 3}), FEBRUARY, [], "month"
    ),
    "community-too-small": Case(small_communities, FEBRUARY, [], "month"),
    "ineligible-post": Case(lambda: tiny(video=True), FEBRUARY, [], "month"),
    "leave-cap-lifted": Case(lambda: lifted(qianmen()), "2026-12", CASE_TEAM, "refused"),
    "leave-cap-honoured": Case(qianmen, "2026-12", CASE_TEAM, "honoured"),
    "boundary": Case(
        _boundary_station, FEBRUARY, [], "month", previous=lambda s: january(tiny(patrol=2))
    ),
}


# --- measuring -------------------------------------------------------------------------------


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} cores)"


def timed(run: Callable[[], object], runs: int) -> tuple[float, object]:
    times: list[float] = []
    value: object = None
    for _ in range(runs):
        started = time.perf_counter()
        value = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def cause_of(case: Case, station: Station, previous: Roster | None) -> Callable[[], str]:
    def run() -> str:
        if case.how == "refused":
            _, decisions = rosterkit.decide_month(station, case.month, case.leave)
            return decisions.refused[-1].reason.partition("refused, ")[2]
        if case.how == "honoured":
            found: list[Shortfall] = shortfalls(station, case.month, case.leave, previous=previous)
        else:
            found = rosterkit.explain_month(
                station, case.month, case.leave, previous=previous, fixes=False
            ).shortfalls
        return f"{found[0].rule}: {found[0].en.partition(': ')[2]}"

    return run


def fixes_of(case: Case, station: Station, previous: Roster | None) -> Callable[[], object]:
    def run() -> list[CheckedFix]:
        if case.how == "honoured":
            return find_fixes(station, case.month, case.leave, previous=previous)
        return rosterkit.explain_month(station, case.month, case.leave, previous=previous).fixes

    return run


def short(text: str, width: int) -> str:
    text = text.replace("|", "/")
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    args = parser.parse_args()
    # Warm up: import OR-Tools and the holiday data, as a running command has.
    rosterkit.solve(tiny(), FEBRUARY, options=SolveOptions(time_limit=1))
    print(f"load average before: {load()}")
    print()
    print(
        "| month | station | cause (named) | to cause, s | to checked fixes, s "
        "| checked | advice | cheapest checked fix (cost) |"
    )
    print("|---|---|---|---:|---:|---:|---:|---|")
    for name in args.cases:
        case = CASES[name]
        station = case.station()
        previous = case.previous(station) if case.previous else None
        cause_time, cause = timed(cause_of(case, station, previous), args.runs)
        if case.how == "refused":
            fixes_cell, checked_n, advice_n, cheapest = "—", "—", "—", "none needed: refused"
        else:
            fixes_time, value = timed(fixes_of(case, station, previous), args.runs)
            fixes: list[CheckedFix] = value  # type: ignore[assignment]
            checked = [fix for fix in fixes if fix.checked]
            fixes_cell = f"{fixes_time:.2f}"
            checked_n, advice_n = str(len(checked)), str(len(fixes) - len(checked))
            cheapest = f"{short(checked[0].text(), 70)} ({checked[0].cost})" if checked else "—"
        print(
            f"| {name} | {station.id} ({len(station.officers)}) | {short(str(cause), 90)} "
            f"| {cause_time:.3f} | {fixes_cell} | {checked_n} | {advice_n} | {cheapest} |"
        )
    print()
    print(f"load average after:  {load()}")


if __name__ == "__main__":
    main()
