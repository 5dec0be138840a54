"""Hard months: the cases of issue 10, each solved at two time limits, with the issue's goals.

Per case and time limit the month is solved in its own process (so that its peak memory, the
``ru_maxrss`` of that process, C++ allocations included, is its own) with `rosterkit.solve`,
2 parallel workers unless ``--workers`` says otherwise, and the roster is judged by the
independent checker. The table gives, per case: objective and bound at the short and the long
limit (10 s and 30 s, or the case's goal limit), the gap, the status at the long limit, the time
to the first roster and to the proof (proven optimal), the share of the time spent before the
search (compiling, building the model, the start roster; the search starts with the first CP-SAT
call that is not the completion of the start roster), how far the slowest run went past its time
limit (the whole `solve` call), peak memory, the checker's verdict, and whether the issue's goal
is met. With ``--repeat N`` every figure is the median of N runs
(seeds 0..N-1). The load average is printed before and after: the machine is shared.

    python benchmarks/hard_months.py                 # every case, 10 s and 30 s
    python benchmarks/hard_months.py --quick         # the small cases at 10 s only
    python benchmarks/hard_months.py --repeat 3      # medians of three runs
    python benchmarks/hard_months.py --cases qianmen-clusters x10-free
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

import rosterkit
from rosterkit import Leave, Progress, SolveOptions, Station, solve
from rosterkit.checker import evaluate
from rosterkit.station import LeaveKind, PostState, Role, TeamKind
from rosterkit.stations import layout, qianmen

MONTH = "2026-12"
FIRST = dt.date(2026, 12, 1)


# --- the months ------------------------------------------------------------------------------
def clustered_leave(station: Station, periods: int) -> list[Leave]:
    """`periods` leave periods in clusters: three officers of one community squad away the same
    week, starting a day apart, 7 days each; every fourth cluster instead two officers of a
    command-room or case-team squad. Clusters walk over the communities and squads and start
    every five days."""
    by_squad: dict[tuple[str, int], list[str]] = {}
    for officer in station.officers:
        leads = Role.deputy_director in officer.roles
        if officer.squad is not None and station.rotates(officer) and not leads:
            by_squad.setdefault((officer.team, officer.squad), []).append(officer.id)
    kinds = {team.id: team.kind for team in station.teams}
    community = [key for key in by_squad if kinds[key[0]] is TeamKind.community]
    others = [key for key in by_squad if kinds[key[0]] in (TeamKind.command_room, TeamKind.case)]
    # squad k of every team in turn, so that clusters fall on different duty groups
    community.sort(key=lambda key: (key[1], key[0]))
    others.sort(key=lambda key: (key[1], key[0]))
    leave: list[Leave] = []
    cluster = small = large = 0
    while len(leave) < periods:
        if cluster % 4 == 3:
            team, squad = others[small % len(others)]
            small += 1
            size = 2
        else:
            team, squad = community[large % len(community)]
            large += 1
            size = 3
        start = FIRST + dt.timedelta(days=(5 * cluster) % 22)
        for i, officer_id in enumerate(by_squad[team, squad][:size]):
            if len(leave) == periods:
                break
            first = start + dt.timedelta(days=i)
            leave.append(
                Leave(officer_id=officer_id, start=first, end=first + dt.timedelta(days=6))
            )
        cluster += 1
    return leave


def every_sixth_away(station: Station) -> list[Leave]:
    """Every sixth rotating officer away for five days, spread over the month (as in
    benchmarks/solve_speed.py)."""
    rotating = [o for o in station.officers if station.rotates(o)]
    return [
        Leave(
            officer_id=o.id,
            start=FIRST + dt.timedelta(days=(5 * i) % 26),
            end=FIRST + dt.timedelta(days=(5 * i) % 26 + 4),
        )
        for i, o in enumerate(rotating[::6])
    ]


def sick_wave(station: Station, team: str) -> list[Leave]:
    """Six officers of one community team (not its deputy director) sick the same four days."""
    members = [
        o.id for o in station.officers if o.team == team and Role.deputy_director not in o.roles
    ]
    start, end = dt.date(2026, 12, 8), dt.date(2026, 12, 11)
    return [Leave(officer_id=oid, start=start, end=end, kind=LeaveKind.sick) for oid in members[:6]]


def small_station() -> Station:
    """About 30 officers and two communities: a small Qianmen-shaped station without its third
    community, whose deputy director joins the command room (each duty group keeps one as its
    commander); the street-patrol shifts need one officer each."""
    big = layout(1, community_size=9, command_size=5, case_size=5, patrol_size=3)
    dropped = big.communities[2].id
    team = f"{dropped}_team"
    officers = []
    for officer in big.officers:
        if officer.team == team:
            if Role.deputy_director in officer.roles:
                officers.append(officer.model_copy(update={"team": "command_room"}))
            continue
        officers.append(officer)
    kept = {o.id for o in officers}
    posts = [
        p.model_copy(update={"min_staff": 1}) if p.state is PostState.shift else p
        for p in big.posts
    ]
    return big.model_copy(
        update={
            "id": "small",
            "communities": big.communities[:2],
            "grids": [g for g in big.grids if g.community != dropped],
            "teams": [t for t in big.teams if t.id != team],
            "officers": officers,
            "ab_pairs": [p for p in big.ab_pairs if p.a_role in kept and p.b_role in kept],
            "posts": posts,
        }
    )


def one_fewer() -> Station:
    """The built-in station with one officer (P023, a Qiandong community officer) removed."""
    station = qianmen()
    return station.model_copy(update={"officers": [o for o in station.officers if o.id != "P023"]})


def overlapping_annual_leave() -> list[Leave]:
    """Four annual leaves that overlap: one in each community team and one in the command
    room."""
    spans = [("P016", 7, 13), ("P029", 9, 15), ("P041", 10, 16), ("P006", 12, 18)]
    return [
        Leave(officer_id=oid, start=dt.date(2026, 12, a), end=dt.date(2026, 12, b))
        for oid, a, b in spans
    ]


@dataclass(frozen=True)
class Case:
    describe: str
    month: Callable[[], tuple[Station, list[Leave]]]
    limits: tuple[float, float]
    goal: str
    met: Callable[[dict[str, Any], dict[str, Any]], bool | None]
    """Whether the goal is met, from the short and the long run's (median) figures."""


def _gap(row: dict[str, Any]) -> float:
    gap = row.get("gap")
    return math.inf if gap is None else float(gap)


def _proof(row: dict[str, Any]) -> float:
    proof = row.get("proof")
    return math.inf if proof is None else float(proof)


def _qianmen_clusters() -> tuple[Station, list[Leave]]:
    station = qianmen()
    return station, clustered_leave(station, 15)


def _x10_clusters() -> tuple[Station, list[Leave]]:
    station = layout(10)
    return station, clustered_leave(station, 40)


def _scaled(scale: int, away: bool) -> Callable[[], tuple[Station, list[Leave]]]:
    def month() -> tuple[Station, list[Leave]]:
        station = layout(scale)
        return station, every_sixth_away(station) if away else []

    return month


def _sick(scale: int) -> Callable[[], tuple[Station, list[Leave]]]:
    def month() -> tuple[Station, list[Leave]]:
        station = qianmen() if scale == 1 else layout(scale)
        team = "dajiang_team" if scale == 1 else "c02_team"
        return station, sick_wave(station, team)

    return month


def _uneven() -> tuple[Station, list[Leave]]:
    """Six communities of 18, 15, 12, 12, 10 and 9 officers with 2, 2, 1, 1, 1 and 1 cars,
    each borrowing from its neighbours in the list, and six of the smallest community's team
    sick on four days in a wave (rule `borrowing` at work). The solver forms the squads."""
    station = layout(
        2,
        with_squads=False,
        community_sizes=[18, 15, 12, 12, 10, 9],
        community_cars=[2, 2, 1, 1, 1, 1],
    )
    ids = [community.id for community in station.communities]
    communities = [
        community.model_copy(
            update={"neighbours": [ids[j] for j in (index - 1, index + 1) if 0 <= j < len(ids)]}
        )
        for index, community in enumerate(station.communities)
    ]
    station = Station.model_validate(
        station.model_dump() | {"communities": [c.model_dump() for c in communities]}
    )
    smallest = station.teams[[t.community for t in station.teams].index(ids[-1])].id
    return station, sick_wave(station, smallest)


CASES: dict[str, Case] = {
    "qianmen-clusters": Case(
        "built-in, 15 clustered leave periods",
        _qianmen_clusters,
        (10, 30),
        "optimal or gap <= 1% in 10 s",
        lambda short, long: _gap(short) <= 0.01,
    ),
    "x10-clusters": Case(
        "10x (602), 40 clustered leave periods",
        _x10_clusters,
        (10, 30),
        "gap <= 2% in 30 s, <= 1 GB",
        lambda short, long: _gap(long) <= 0.02 and long["peak_mb"] <= 1024,
    ),
    "x10-free": Case(
        "10x (602), no leave",
        _scaled(10, False),
        (10, 30),
        "proven in <= 3 s",
        lambda short, long: _proof(long) <= 3,
    ),
    "x40-free": Case(
        "40x (2402), no leave",
        _scaled(40, False),
        (10, 30),
        "proven in <= 15 s",
        lambda short, long: _proof(long) <= 15,
    ),
    "x40-leave": Case(
        "40x (2402), every 6th officer 5 days away",
        _scaled(40, True),
        (30, 60),
        "a roster with gap <= 2% in 60 s",
        lambda short, long: _gap(long) <= 0.02,
    ),
    "x5-leave": Case(
        "5x (302), every 6th officer 5 days away",
        _scaled(5, True),
        (10, 30),
        "proven in <= 5 s",
        lambda short, long: _proof(long) <= 5,
    ),
    "small-two": Case(
        "small station, two communities",
        lambda: (small_station(), []),
        (10, 30),
        "proven in <= 10 s",
        lambda short, long: _proof(short) <= 10,
    ),
    "qianmen-minus-one": Case(
        "built-in less one officer, 4 overlapping annual leaves",
        lambda: (one_fewer(), overlapping_annual_leave()),
        (10, 30),
        "proven in <= 10 s",
        lambda short, long: _proof(short) <= 10,
    ),
    "qianmen-sick": Case(
        "built-in, sick wave (6 of Dajiang, 4 days)",
        _sick(1),
        (10, 30),
        "(none given)",
        lambda short, long: None,
    ),
    "x10-sick": Case(
        "10x (602), sick wave (6 of one community, 4 days)",
        _sick(10),
        (10, 30),
        "(none given)",
        lambda short, long: None,
    ),
}
CASES["uneven-borrowing"] = Case(
    "6 communities of 18/15/12/12/10/9, neighbours lend, sick wave in the smallest",
    _uneven,
    (10, 30),
    "(none given)",
    lambda short, long: None,
)
QUICK = ["qianmen-clusters", "small-two", "qianmen-minus-one", "qianmen-sick", "x10-free"]


# --- one run, in its own process -------------------------------------------------------------
def _watch_searches() -> list[float]:
    """Record when each CP-SAT search starts (not counting the completion of the start roster,
    which fixes every hinted variable)."""
    starts: list[float] = []
    solve_method = cp_model.CpSolver.solve

    def watched(self: cp_model.CpSolver, *args: Any, **kwargs: Any) -> Any:
        if not self.parameters.fix_variables_to_their_hinted_value:
            starts.append(time.perf_counter())
        return solve_method(self, *args, **kwargs)

    cp_model.CpSolver.solve = watched  # type: ignore[method-assign]
    return starts


def run_once(name: str, limit: float, workers: int, seed: int) -> dict[str, Any]:
    station, leave = CASES[name].month()
    searches = _watch_searches()
    first: list[float] = []

    def on_progress(progress: Progress) -> None:
        if not first:
            first.append(progress.elapsed)

    options = SolveOptions(time_limit=limit, workers=workers, deterministic=workers == 1, seed=seed)
    started = time.perf_counter()
    result = solve(station, MONTH, leave, options, progress=on_progress)
    wall = time.perf_counter() - started
    check = "-"
    if result.roster is not None:
        evaluation = evaluate(station, result.roster, leave)
        if evaluation.violations:
            check = f"{len(evaluation.violations)} broken"
        elif evaluation.objective != result.objective:
            check = f"cost {evaluation.objective}"
        else:
            check = "ok"
    before = (searches[0] - started) if searches else wall
    return {
        "officers": len(station.officers),
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.best_bound,
        "gap": result.gap,
        "first": first[0] if first else None,
        "proof": wall if result.status.value == "optimal" else None,
        "wall": wall,
        "before": before / wall,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "check": check,
    }


# --- the table ---------------------------------------------------------------------------------
def _median(rows: list[dict[str, Any]], key: str) -> Any:
    values = [r[key] for r in rows if r[key] is not None]
    if len(values) * 2 <= len(rows):  # most runs have no value: no median
        return None
    return statistics.median(values)


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    summary = {
        key: _median(rows, key)
        for key in ("objective", "bound", "gap", "first", "proof", "wall", "before", "peak_mb")
    }
    summary["officers"] = rows[0]["officers"]
    summary["status"] = "/".join(sorted({r["status"] for r in rows}))
    summary["check"] = "/".join(sorted({r["check"] for r in rows}))
    return summary


def _fmt(value: Any, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def _run_child(name: str, limit: float, workers: int, seed: int) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--one",
        name,
        "--limit",
        str(limit),
        "--workers",
        str(workers),
        "--seed",
        str(seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} at {limit:g} s failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", nargs="*", choices=list(CASES), default=None)
    parser.add_argument("--quick", action="store_true", help="small cases, short limit only")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (median)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_once(args.one, args.limit, args.workers, args.seed)))
        return
    names = args.cases or (QUICK if args.quick else list(CASES))
    print(
        f"{MONTH}, {args.workers} worker(s), median of {args.repeat} run(s); rosterkit from "
        f"{os.path.dirname(rosterkit.__file__)}; load average before: {_load()} "
        f"({os.cpu_count()} cores)\n"
    )
    print(
        "| case | officers | limits s | objective | bound | gap | status | first roster s "
        "| proof s | before search | most over limit s | peak MB | checker | goal | met |"
    )
    print("|---|---:|---|---|---|---|---|---:|---:|---:|---:|---:|---|---|---|")
    for name in names:
        case = CASES[name]
        limits = case.limits[:1] if args.quick else case.limits
        rows = {
            limit: [_run_child(name, limit, args.workers, seed) for seed in range(args.repeat)]
            for limit in limits
        }
        runs = {limit: _summary(rows[limit]) for limit in limits}
        over = max(row["wall"] - limit for limit in limits for row in rows[limit])
        short, long = runs[limits[0]], runs[limits[-1]]

        def both(
            key: str, spec: str, runs: dict[float, dict[str, Any]] = runs, limits: Any = limits
        ) -> str:
            return " / ".join(_fmt(runs[limit][key], spec) for limit in limits)

        met = case.met(short, long) if not args.quick or limits[0] == limits[-1] else None
        verdict = "—" if met is None else ("yes" if met else "no")
        print(
            f"| {name} | {long['officers']} | {' / '.join(f'{x:g}' for x in limits)} "
            f"| {both('objective', ',')} | {both('bound', ',')} | {both('gap', '.1%')} "
            f"| {long['status']} | {_fmt(long['first'], '.1f')} | {_fmt(long['proof'], '.1f')} "
            f"| {_fmt(long['before'], '.0%')} | {over:+.2f} | {_fmt(long['peak_mb'], '.0f')} "
            f"| {long['check']} | {case.goal} | {verdict} |",
            flush=True,
        )
    print(f"\nload average after: {_load()}")


if __name__ == "__main__":
    main()
