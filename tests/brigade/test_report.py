"""The month's report and scores, recomputed by hand on a small log of the tiny brigade."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rosterkit.brigade.checkins import read_checkins
from rosterkit.brigade.data import Brigade
from rosterkit.brigade.plan import BrigadePlan
from rosterkit.brigade.report import month_report
from rosterkit.brigade.report_book import build_report_workbook, coverage_map_html
from rosterkit.brigade.scoring import score_month


def at(plan: BrigadePlan, route: str, minutes: float) -> str:
    """The time `minutes` after the planned start of `route` on 2 November."""
    session = next(s for s in plan.sessions if s.route == route and s.day == dt.date(2026, 11, 2))
    return (session.begins + dt.timedelta(minutes=minutes)).isoformat(sep=" ")


@pytest.fixture
def small_log(tmp_path: Path, tiny_plan: BrigadePlan) -> Path:
    # R1 on time (C1 after 10 min, C2 after 20 by two guards); R2 20 minutes late (C3 after
    # 40 = 20 late + 20 walk), scanned again a minute later (a repeat), with a problem closed;
    # S1 scans C3, which is on none of its routes.
    rows = sorted(
        [
            (at(tiny_plan, "R1", 10), "S1", "C1", "S1-G01", "", "", ""),
            (at(tiny_plan, "R1", 20), "S1", "C2", "S1-G02", "", "", ""),
            (
                at(tiny_plan, "R2", 40),
                "S2",
                "C3",
                "S2-G01",
                "门前堆物",
                at(tiny_plan, "R2", 50),
                at(tiny_plan, "R2", 160),
            ),
            (at(tiny_plan, "R2", 41), "S2", "C3", "S2-G01", "", "", ""),
            (at(tiny_plan, "R2", 300), "S1", "C3", "S1-G03", "", "", ""),
        ]
    )
    text = "time,squad,checkpoint,guard,problem,dispatched,closed\n"
    text += "".join(",".join(row) + "\n" for row in rows)
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_report_figures_by_hand(tiny: Brigade, tiny_plan: BrigadePlan, small_log: Path) -> None:
    report = month_report(tiny, tiny_plan, read_checkins(small_log, tiny))
    s1, s2 = report.squads["S1"], report.squads["S2"]
    # Planned over 30 days: S1 R1 (2 scans, 1.5 km, 1 h) + R3 (1 scan, 1 km, 40 guard-min);
    # S2 R2 (1 scan, 3 km, 2 h).
    assert (s1.planned.scans, s1.planned.sessions) == (90, 60)
    assert s1.planned.km == pytest.approx(75.0)
    assert s1.planned.hours == pytest.approx(30 * (1 + 40 / 60))
    assert (s2.planned.scans, s2.planned.km, s2.planned.hours) == (30, pytest.approx(90.0), 60)
    # Done: R1 0.5 + 0.5 + 0.5 back = 1.5 km in 30 min x 2 guards = 1 h; the off-route scan
    # counts as a check-in but walks nothing.
    assert (s1.done.scans, s1.done.sessions) == (3, 1)
    assert s1.done.km == pytest.approx(1.5)
    assert s1.done.hours == pytest.approx(1.0)
    # R2: 1.0 to C3, the repeat adds nothing, 2.0 back = 3 km; 20 + 1 + 40 minutes x 2 guards.
    assert (s2.done.scans, s2.done.sessions) == (2, 1)
    assert s2.done.km == pytest.approx(3.0)
    assert s2.done.hours == pytest.approx(61 / 60 * 2)
    assert (s1.kept, s1.late, s1.missed) == (1, 0, 59)
    assert (s2.kept, s2.late, s2.missed) == (1, 1, 29)
    assert sorted(x.kind for x in report.suspicious) == ["off_route", "repeat"]
    assert (s2.problems, s2.dispatched, s2.closed) == (1, 1, 1)
    assert report.total.done.scans == 5
    assert report.daily[dt.date(2026, 11, 2)] == (4, 5)
    unit = report.units["U2"]
    assert unit.done.scans == s2.done.scans


def test_scores_by_hand(tiny: Brigade, tiny_plan: BrigadePlan, small_log: Path) -> None:
    report = month_report(tiny, tiny_plan, read_checkins(small_log, tiny))
    scores = score_month(tiny, report)
    by_squad = {s.squad: s for s in scores.squads}
    # S1, group 1: check-ins 3 of 90, weight 100. S2, group 2: sessions kept 1 of 30 (50%) and
    # on time 0 of 1 (50%).
    assert by_squad["S1"].score == pytest.approx(100 * 3 / 90, abs=0.01)
    assert by_squad["S2"].score == pytest.approx(50 / 30, abs=0.01)
    assert {u.unit: u.rank for u in scores.units} == {"U1": 1, "U2": 2}
    assert scores.commended == []  # nobody reaches 85


def test_report_workbook_has_native_charts(
    tiny: Brigade, tiny_plan: BrigadePlan, small_log: Path
) -> None:
    report = month_report(tiny, tiny_plan, read_checkins(small_log, tiny))
    wb = build_report_workbook(tiny, report, score_month(tiny, report))
    charts = sum(len(ws._charts) for ws in wb.worksheets)
    assert charts >= 4
    assert "考核评分" in wb.sheetnames


def test_map_shows_each_checkpoint_with_coordinates(
    qianmen: Brigade, qianmen_november: BrigadePlan
) -> None:
    report = month_report(qianmen, qianmen_november, [])
    page = coverage_map_html(qianmen, report)
    assert page.count("<circle") == len(qianmen.checkpoints)
    assert page.count("<polyline") == sum(len(r.checkpoints) >= 2 for r in qianmen.routes)
