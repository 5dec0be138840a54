"""The month's report as a workbook with native Excel charts, and as an HTML map of routes and
checkpoint coverage. Labels in Chinese (default) or English."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from rosterkit.brigade.data import Brigade
from rosterkit.brigade.report import MonthReport, Tally
from rosterkit.brigade.scoring import Scores

_W: dict[str, tuple[str, str]] = {
    "summary": ("总览", "Summary"),
    "squads": ("小队", "Squads"),
    "units": ("单位", "Units"),
    "groups": ("功能小组", "Groups"),
    "daily": ("每日", "Daily"),
    "missed": ("漏巡迟到", "Missed and late"),
    "suspicious": ("可疑打卡", "Suspicious scans"),
    "problems": ("问题闭环", "Problems"),
    "scores": ("考核评分", "Scores"),
    "name": ("名称", "Name"),
    "p_scans": ("计划打卡", "Planned check-ins"),
    "d_scans": ("实际打卡", "Check-ins"),
    "p_km": ("计划里程", "Planned km"),
    "d_km": ("实际里程", "km"),
    "p_hours": ("计划工时", "Planned hours"),
    "d_hours": ("实际工时", "Hours"),
    "kept": ("按时段完成", "Sessions kept"),
    "late": ("迟到", "Late"),
    "missed_n": ("漏巡", "Missed"),
    "susp": ("可疑", "Suspicious"),
    "prob": ("发现问题", "Problems"),
    "disp": ("指挥室派单", "Dispatched"),
    "closed": ("办公室办结", "Closed"),
    "date": ("日期", "Date"),
    "squad": ("小队", "Squad"),
    "route": ("线路", "Route"),
    "start": ("计划开始", "Planned start"),
    "outcome": ("情况", "Outcome"),
    "late_by": ("迟到{m}分钟", "late by {m} min"),
    "not_done": ("未巡逻", "not patrolled"),
    "time": ("时间", "Time"),
    "checkpoint": ("打卡点", "Checkpoint"),
    "guard": ("队员", "Guard"),
    "kind": ("类型", "Kind"),
    "detail": ("说明", "Detail"),
    "problem": ("问题", "Problem"),
    "score": ("得分", "Score"),
    "rank": ("组内排名", "Rank in group"),
    "commend": ("表彰", "Commended"),
    "unit_rank": ("单位排名", "Unit rank"),
    "title": ("{name} {month} 月度报告", "{name} report {month}"),
}


def _t(key: str, lang: str) -> str:
    return _W[key][0 if lang == "zh" else 1]


def _tally_row(tally: Tally) -> list[Any]:
    return [
        tally.planned.scans,
        tally.done.scans,
        round(tally.planned.km, 1),
        round(tally.done.km, 1),
        round(tally.planned.hours, 1),
        round(tally.done.hours, 1),
        tally.kept,
        tally.late,
        tally.missed,
        tally.suspicious,
        tally.problems,
        tally.dispatched,
        tally.closed,
    ]


_TALLY_KEYS = ("p_scans", "d_scans", "p_km", "d_km", "p_hours", "d_hours", "kept", "late",
               "missed_n", "susp", "prob", "disp", "closed")  # fmt: skip


def build_report_workbook(
    brigade: Brigade, report: MonthReport, scores: Scores, *, lang: str = "zh"
) -> Any:
    """The report's workbook (openpyxl), with bar, line and pie charts."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, LineChart, PieChart, Reference

    from rosterkit.excel.styles import BOLD, TITLE, fill, put

    def t(key: str) -> str:
        return _t(key, lang)

    def table(ws: Any, names: list[str], rows: list[list[Any]]) -> None:
        for c, name in enumerate(names, start=1):
            cell = put(ws, 1, c, name)
            cell.font = BOLD
            cell.fill = fill("D9E1F2")
            ws.column_dimensions[cell.column_letter].width = max(11, len(name) * 2)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                put(ws, r, c, value)
        ws.freeze_panes = "B2"

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t("summary")
    name = brigade.name if lang == "zh" else brigade.name_en
    put(ws, 1, 1, t("title").format(name=name, month=report.month)).font = TITLE
    for r, (key, value) in enumerate(
        zip(_TALLY_KEYS, _tally_row(report.total), strict=True), start=3
    ):
        put(ws, r, 1, t(key)).font = BOLD
        put(ws, r, 2, value)
    ws.column_dimensions["A"].width = 20

    ws = wb.create_sheet(t("squads"))
    table(
        ws,
        [t("squad"), t("name"), *(t(k) for k in _TALLY_KEYS)],
        [[s.id, s.name, *_tally_row(report.squads[s.id])] for s in brigade.squads],
    )
    count = len(brigade.squads)
    chart = BarChart()
    chart.type = "col"
    chart.title = f"{t('p_scans')} / {t('d_scans')}"
    chart.add_data(
        Reference(ws, min_col=3, max_col=4, min_row=1, max_row=count + 1), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=count + 1))
    chart.width, chart.height = 26, 9
    ws.add_chart(chart, f"A{count + 4}")

    ws = wb.create_sheet(t("units"))
    table(
        ws,
        [t("name"), *(t(k) for k in _TALLY_KEYS)],
        [[u.name, *_tally_row(report.units[u.id])] for u in brigade.units],
    )
    chart = BarChart()
    chart.type = "bar"
    chart.title = t("d_hours")
    chart.add_data(
        Reference(ws, min_col=7, min_row=1, max_row=len(brigade.units) + 1), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(brigade.units) + 1))
    chart.width, chart.height = 20, 12
    ws.add_chart(chart, f"A{len(brigade.units) + 4}")

    ws = wb.create_sheet(t("groups"))
    table(
        ws,
        [t("name"), *(t(k) for k in _TALLY_KEYS)],
        [
            [g.name if lang == "zh" else g.name_en, *_tally_row(report.groups[g.id])]
            for g in brigade.groups
        ],
    )
    pie = PieChart()
    pie.title = t("d_scans")
    pie.add_data(
        Reference(ws, min_col=3, min_row=1, max_row=len(brigade.groups) + 1), titles_from_data=True
    )
    pie.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(brigade.groups) + 1))
    ws.add_chart(pie, f"A{len(brigade.groups) + 4}")

    ws = wb.create_sheet(t("daily"))
    table(
        ws,
        [t("date"), t("p_scans"), t("d_scans")],
        [[d, p, n] for d, (p, n) in report.daily.items()],
    )
    for row in range(2, len(report.daily) + 2):
        ws.cell(row=row, column=1).number_format = "yyyy-mm-dd"
    line = LineChart()
    line.title = t("d_scans")
    line.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=1, max_row=len(report.daily) + 1),
        titles_from_data=True,
    )
    line.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(report.daily) + 1))
    line.width, line.height = 24, 9
    ws.add_chart(line, "E2")

    ws = wb.create_sheet(t("missed"))
    rows = []
    late_limit = brigade.settings.late_minutes
    for o in report.outcomes:
        if o.kept and o.late_minutes <= late_limit:
            continue
        text = t("not_done") if not o.kept else t("late_by").format(m=round(o.late_minutes))
        rows.append(
            [
                o.planned.day,
                o.planned.squad,
                o.planned.route,
                o.planned.begins.strftime("%H:%M"),
                text,
            ]
        )
    table(ws, [t("date"), t("squad"), t("route"), t("start"), t("outcome")], rows)

    ws = wb.create_sheet(t("suspicious"))
    table(
        ws,
        [t("time"), t("squad"), t("checkpoint"), t("guard"), t("kind"), t("detail")],
        [
            [s.scan.time, s.scan.squad, s.scan.checkpoint, s.scan.guard, s.kind, s.detail]
            for s in report.suspicious
        ],
    )

    ws = wb.create_sheet(t("problems"))
    table(
        ws,
        [t("time"), t("squad"), t("checkpoint"), t("problem"), t("disp"), t("closed")],
        [
            [s.time, s.squad, s.checkpoint, s.problem, s.dispatched, s.closed]
            for s in report.problems
        ],
    )

    ws = wb.create_sheet(t("scores"))
    table(
        ws,
        [t("squad"), t("name"), t("score"), t("rank"), t("commend")],
        [
            [
                s.squad,
                brigade.squad(s.squad).name,
                s.score,
                s.rank,
                "★" if s in scores.commended else "",
            ]
            for s in scores.squads
        ],
    )
    start = len(scores.squads) + 3
    put(ws, start, 1, t("units")).font = BOLD
    for r, u in enumerate(scores.units, start=start + 1):
        put(ws, r, 1, brigade.unit(u.unit).name)
        put(ws, r, 3, u.score)
        put(ws, r, 4, u.rank)
    return wb


def export_report_workbook(
    path: str | os.PathLike[str],
    brigade: Brigade,
    report: MonthReport,
    scores: Scores,
    *,
    lang: str = "zh",
    overwrite: bool = False,
) -> Path:
    """Write the report workbook atomically."""
    from rosterkit.io import write_atomic

    wb = build_report_workbook(brigade, report, scores, lang=lang)
    return write_atomic(path, lambda tmp: wb.save(tmp), overwrite=overwrite)


def coverage_map_html(brigade: Brigade, report: MonthReport, *, lang: str = "zh") -> str:
    """A self-contained HTML page (inline SVG, no network): routes as loops through their
    checkpoints, each checkpoint coloured by its coverage (check-ins / planned)."""
    points = [c for c in brigade.checkpoints if c.lon is not None and c.lat is not None]
    title = html.escape(_t("title", lang).format(name=brigade.name, month=report.month))
    if not points:
        return f"<!doctype html><meta charset='utf-8'><title>{title}</title><p>no coordinates</p>"
    lons = [c.lon for c in points if c.lon is not None]
    lats = [c.lat for c in points if c.lat is not None]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    width, height, pad = 900.0, 700.0, 40.0
    scale = min(
        (width - 2 * pad) / max(east - west, 1e-6), (height - 2 * pad) / max(north - south, 1e-6)
    )

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return pad + (lon - west) * scale, height - pad - (lat - south) * scale

    parts = []
    for route in brigade.routes:
        coords = [brigade.checkpoint(c) for c in route.checkpoints]
        placed = [xy(c.lon, c.lat) for c in coords if c.lon is not None and c.lat is not None]
        if len(placed) >= 2:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in [*placed, placed[0]])
            parts.append(
                f"<polyline points='{path}' fill='none' stroke='#7f8c8d' stroke-width='2'>"
                f"<title>{html.escape(route.id)} {html.escape(route.name)}</title></polyline>"
            )
    rows = []
    for c in points:
        assert c.lon is not None and c.lat is not None
        planned = report.checkpoint_planned.get(c.id, 0)
        done = report.checkpoint_scans.get(c.id, 0)
        share = done / planned if planned else 0.0
        colour = "#2e7d32" if share >= 0.95 else "#f9a825" if share >= 0.8 else "#c62828"
        x, y = xy(c.lon, c.lat)
        label = f"{c.id} {c.name}: {done}/{planned} ({share:.0%})"
        parts.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='7' fill='{colour}'>"
            f"<title>{html.escape(label)}</title></circle>"
            f"<text x='{x + 9:.1f}' y='{y + 4:.1f}' font-size='10'>{html.escape(c.id)}</text>"
        )
        rows.append(
            f"<tr><td>{html.escape(c.id)}</td><td>{html.escape(c.name)}</td>"
            f"<td>{done}</td><td>{planned}</td><td>{share:.0%}</td></tr>"
        )
    legend = "≥95% 绿 green · 80–95% 黄 amber · <80% 红 red"
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>body{{font-family:sans-serif}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>"
        f"</head><body><h1>{title}</h1><p>{html.escape(legend)}</p>"
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width:.0f}' height='{height:.0f}' "
        f"style='border:1px solid #ccc'>{''.join(parts)}</svg>"
        "<table><tr><th>ID</th><th>打卡点</th><th>打卡</th><th>计划</th><th>覆盖</th></tr>"
        f"{''.join(rows)}</table></body></html>\n"
    )
