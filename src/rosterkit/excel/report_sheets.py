"""The sheets about the month: Duty groups, Appraisal, Statistics and Check."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

import rosterkit
from rosterkit.appraisal import commanders
from rosterkit.checker import RULES, evaluate
from rosterkit.excel.book import Book
from rosterkit.excel.labels import (
    group_label,
    roles_text,
    rule_label,
    sector_label,
    status_label,
    violation_text,
)
from rosterkit.excel.layout import PageStyle, fit_columns, fit_wrapped_rows
from rosterkit.excel.styles import (
    ABOVE_MAX_COLOUR,
    BELOW_MIN_COLOUR,
    BOLD,
    BOX,
    CENTRE,
    HEADER_COLOUR,
    OK_COLOUR,
    TITLE,
    WRAP,
    CellValue,
    fill,
    put,
)
from rosterkit.figures import (
    FAIRNESS_FIGURES,
    FIGURE_NAMES,
    LONG_LINE_FIGURES,
    SHORT_LINE_FIGURES,
)
from rosterkit.io import fingerprint
from rosterkit.station import Officer, Role, TeamKind

GROUPS_FIRST_ROW = 3
GROUP_COLUMN_WIDTH = 30
"""Width of a duty group's column on the Duty groups sheet; longer lists wrap."""
APPRAISAL_FIRST_ROW = 4
APPRAISAL_COLUMNS: tuple[str, ...] = (
    "h.id",
    "h.name",
    "h.team",
    "h.group",
    "long.appraiser",
    "long.weight",
    *LONG_LINE_FIGURES,
    "short.appraiser",
    "short.weight",
    *SHORT_LINE_FIGURES,
    "h.note",
)
"""Columns of the Appraisal sheet, in order: keys of sheet words or figure names."""


def _header(ws: Worksheet, row: int, column: int, text: CellValue) -> None:
    cell = put(ws, row, column, text)
    cell.font, cell.fill, cell.alignment, cell.border = BOLD, fill(HEADER_COLOUR), CENTRE, BOX


def _names(book: Book, officers: list[Officer], detail: str = "") -> str:
    return "、".join(book.name(o.id) for o in officers) + detail


def write_groups(ws: Worksheet, book: Book) -> None:
    """Members of each duty group by team, with its commander, sergeants, A/B roles, grid
    officers and sector specialists; then the full member list by group, team and squad."""
    station, groups = book.station, book.station.rotation.groups
    put(ws, 1, 1, book.title("title.groups")).font = TITLE
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(groups + 1, 7))
    ws.row_dimensions[1].height = 22
    row = GROUPS_FIRST_ROW
    _header(ws, row, 1, "")
    for group in range(1, groups + 1):
        _header(ws, row, group + 1, group_label(group, book.lang))
        ws.column_dimensions[get_column_letter(group + 1)].width = GROUP_COLUMN_WIDTH
    ws.column_dimensions["A"].width = 18
    members: dict[int, list[Officer]] = {group: [] for group in range(1, groups + 1)}
    for officer in station.officers:
        officer_group = book.group_of(officer)
        if officer_group in members and station.team(officer.team).kind is not TeamKind.leadership:
            members[officer_group].append(officer)
    heads = commanders(station, book.roster.groups)
    ab_partner = {p.a_role: p.b_role for p in station.ab_pairs}
    ab_partner |= {p.b_role: p.a_role for p in station.ab_pairs}

    def with_role(group: int, role: Role) -> list[Officer]:
        return [o for o in members[group] if role in o.roles]

    def pair_text(officer: Officer) -> str:
        partner = ab_partner.get(officer.id)
        if partner is None:
            return book.name(officer.id)
        partner_group = book.roster.groups.get(partner)
        return (
            f"{book.name(officer.id)}({book.w('h.partner')} {book.name(partner)}, "
            f"{group_label(partner_group, book.lang)})"
        )

    lines: list[tuple[str, dict[int, str]]] = [
        (
            book.w("h.commander"),
            {g: book.name(heads[g].id) if g in heads else "—" for g in members},
        ),
        (book.w("h.sergeant"), {g: _names(book, with_role(g, Role.sergeant)) for g in members}),
        (
            book.w("h.a_role"),
            {g: "、".join(pair_text(o) for o in with_role(g, Role.a_role)) for g in members},
        ),
        (
            book.w("h.b_role"),
            {g: "、".join(pair_text(o) for o in with_role(g, Role.b_role)) for g in members},
        ),
        (
            book.w("h.grid_officers"),
            {
                g: "、".join(
                    f"{o.name}({_grid_name(book, o.grid)})" for o in with_role(g, Role.grid_officer)
                )
                for g in members
            },
        ),
        (
            book.w("h.sector_specialists"),
            {
                g: "、".join(
                    f"{o.name}({sector_label(o.sector or '', book.lang)})"
                    for o in with_role(g, Role.sector_specialist)
                )
                for g in members
            },
        ),
    ]
    for team in book.grouped_teams():
        by_group: dict[int, str] = {}
        for group, officers in members.items():
            in_team = [o for o in officers if o.team == team.id]
            by_group[group] = f"{_names(book, in_team)} ({len(in_team)})"
        lines.append((book.team_name(team), by_group))
    lines.append((book.w("h.headcount"), {g: str(len(members[g])) for g in members}))
    for label, by_group in lines:
        row += 1
        _header(ws, row, 1, label)
        for group, text in by_group.items():
            cell = put(ws, row, group + 1, text)
            cell.alignment, cell.border = WRAP, BOX
    summary_rows = range(GROUPS_FIRST_ROW, row + 1)

    row += 2
    put(ws, row, 1, book.w("title.members")).font = BOLD
    row += 1
    members_header = row
    headings = ("h.group", "h.team", "h.id", "h.name", "h.roles", "h.grid", "h.sector")
    for column, key in enumerate(headings, start=1):
        _header(ws, row, column, book.w(key))
    ordered = sorted(
        (o for o in station.officers),
        key=lambda o: (
            book.group_of(o) or 99,
            [t.id for t in station.teams].index(o.team),
            station.officers.index(o),
        ),
    )
    for officer in ordered:
        row += 1
        values: tuple[CellValue, ...] = (
            group_label(book.group_of(officer), book.lang),
            book.team_name(officer.team),
            officer.id,
            officer.name,
            roles_text(officer.roles, book.lang),
            _grid_name(book, officer.grid),
            sector_label(officer.sector, book.lang) if officer.sector else "",
        )
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value).border = BOX
    row = _write_moves(ws, book, row)
    # Widths from the unwrapped text (the member list, the row labels), then the heights of the
    # wrapped rows from the widths: no text runs over its cell.
    fit_columns(ws, range(1, len(headings) + 1), range(GROUPS_FIRST_ROW, row + 1), minimum=6)
    fit_wrapped_rows(ws, summary_rows)
    ws.freeze_panes = f"{get_column_letter(2)}{GROUPS_FIRST_ROW + 1}"
    style = PageStyle("A3", "portrait", f"{members_header}:{members_header}")
    book.page(ws, "title.groups", style)


def _write_moves(ws: Worksheet, book: Book, row: int) -> int:
    """The squads re-balanced before rostering (`Result.squad_moves`), below the member list:
    officer, team, the group he left (or 'joined') and the group he went to. Returns the last
    row written."""
    moves = book.result.squad_moves
    if not moves:
        return row
    row += 2
    put(ws, row, 1, book.w("title.moves")).font = BOLD
    row += 1
    headings = ("h.id", "h.name", "h.team", "h.from_group", "h.to_group")
    for column, key in enumerate(headings, start=1):
        _header(ws, row, column, book.w(key))
    for move in moves:
        officer = book.station.officer(move.officer_id)
        row += 1
        values: tuple[CellValue, ...] = (
            officer.id,
            officer.name,
            book.team_name(officer.team),
            book.w("h.joined") if move.before is None else group_label(move.before, book.lang),
            group_label(move.after, book.lang),
        )
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value).border = BOX
    return row


def _grid_name(book: Book, grid_id: str | None) -> str:
    if grid_id is None:
        return ""
    grid = next((g for g in book.station.grids if g.id == grid_id), None)
    return grid.name if grid is not None and book.zh else grid_id


def appraisal_heading(book: Book, key: str) -> str:
    """The heading of an Appraisal column key."""
    if key in FIGURE_NAMES:
        return book.w(f"f.{key}")
    if key.endswith(".appraiser"):
        return book.w("h.appraiser")
    if key.endswith(".weight"):
        return book.w("h.weight")
    return book.w(key)


def write_appraisal(ws: Worksheet, book: Book) -> None:
    """Per officer: both appraisers with their weights, and the figures each side appraises."""
    put(ws, 1, 1, book.title("title.appraisal")).font = TITLE
    long_start = APPRAISAL_COLUMNS.index("long.appraiser") + 1
    short_start = APPRAISAL_COLUMNS.index("short.appraiser") + 1
    for start, end, key in (
        (long_start, short_start - 1, "h.long_line"),
        (short_start, len(APPRAISAL_COLUMNS) - 1, "h.short_line"),
    ):
        _header(ws, 2, start, book.w(key))
        ws.merge_cells(start_row=2, start_column=start, end_row=2, end_column=end)
    for column, key in enumerate(APPRAISAL_COLUMNS, start=1):
        _header(ws, 3, column, appraisal_heading(book, key))
        ws.column_dimensions[get_column_letter(column)].width = 9
    for column in (2, long_start, short_start):
        ws.column_dimensions[get_column_letter(column)].width = 13
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions[get_column_letter(len(APPRAISAL_COLUMNS))].width = 24
    row = APPRAISAL_FIRST_ROW
    for _team, officers in book.ordered_officers():
        for officer in officers:
            line = book.appraisal[officer.id]
            figures = book.figures.get(officer.id)
            # A side without an appraiser (the leadership is appraised outside the station)
            # shows '—' for appraiser and weight: no weight applies to nobody.
            none = book.w("not_applicable")
            note = ""
            if line.same_person:
                note = book.w("h.same_person")
            elif line.long_line is None and line.short_line is None:
                note = book.w("h.appraised_outside")
            values: dict[str, CellValue] = {
                "h.id": officer.id,
                "h.name": officer.name,
                "h.team": book.team_name(officer.team),
                "h.group": book.group_of(officer),
                "long.appraiser": book.name_and_id(line.long_line) or none,
                "long.weight": none if line.long_line is None else line.long_line_weight / 100,
                "short.appraiser": book.name_and_id(line.short_line) or none,
                "short.weight": none if line.short_line is None else line.short_line_weight / 100,
                "h.note": note,
            }
            for name in FIGURE_NAMES:
                values[name] = getattr(figures, name) if figures is not None else None
            for column, key in enumerate(APPRAISAL_COLUMNS, start=1):
                cell = put(ws, row, column, values[key])
                cell.border = BOX
                if key.endswith(".weight"):
                    if isinstance(values[key], str):
                        cell.alignment = CENTRE
                    else:
                        cell.number_format = "0%"
            row += 1
    fit_columns(ws, range(1, len(APPRAISAL_COLUMNS) + 1), range(3, row), maximum=30)
    ws.freeze_panes = f"{get_column_letter(3)}{APPRAISAL_FIRST_ROW}"
    book.page(ws, "title.appraisal", PageStyle("A3", "landscape", "2:3", "A:B"))


def fairness_frame(book: Book) -> pd.DataFrame:
    """Figures of every grouped officer with his team, for the per-team statistics."""
    records = []
    for team in book.grouped_teams():
        for officer in book.station.officers:
            figures = book.figures.get(officer.id)
            if officer.team == team.id and figures is not None:
                records.append(
                    {"team": team.id, **{name: getattr(figures, name) for name in FIGURE_NAMES}}
                )
    return pd.DataFrame.from_records(records, columns=["team", *FIGURE_NAMES])


def write_statistics(ws: Worksheet, book: Book) -> None:
    """Fairness per team (min / mean / max of each figure, the spread with a bar chart) and the
    staff of each post on each day against its minimum."""
    put(ws, 1, 1, book.title("title.fairness")).font = TITLE
    frame = fairness_frame(book)
    grouped = frame.groupby("team", sort=False)
    stats: dict[str, dict[Any, dict[Any, Any]]] = {
        name: grouped[name].agg(["min", "mean", "max"]).to_dict("index") for name in FIGURE_NAMES
    }
    counts = {str(team): int(size) for team, size in grouped.size().items()}
    teams = [team for team in book.grouped_teams() if team.id in counts]
    row = 3
    _header(ws, row, 1, book.w("h.team"))
    _header(ws, row, 2, book.w("h.headcount"))
    ws.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
    ws.merge_cells(start_row=row, start_column=2, end_row=row + 1, end_column=2)
    for index, name in enumerate(FIGURE_NAMES):
        column = 3 + 3 * index
        _header(ws, row, column, book.w(f"f.{name}"))
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + 2)
        for offset, key in enumerate(("h.min_short", "h.mean_short", "h.max_short")):
            _header(ws, row + 1, column + offset, book.w(key))
    ws.column_dimensions["A"].width = 20
    row += 2
    for team in teams:
        put(ws, row, 1, book.team_name(team)).border = BOX
        put(ws, row, 2, counts[team.id]).border = BOX
        for index, name in enumerate(FIGURE_NAMES):
            for offset, statistic in enumerate(("min", "mean", "max")):
                figure = float(stats[name][team.id][statistic])
                cell = put(ws, row, 3 + 3 * index + offset, round(figure, 2))
                cell.border = BOX
                cell.number_format = "0.0" if statistic == "mean" else "0.#"
        row += 1

    row += 1
    put(ws, row, 1, book.title("title.spread")).font = TITLE
    row += 1
    spread_header = row
    _header(ws, row, 1, book.w("h.team"))
    for index, name in enumerate(FAIRNESS_FIGURES, start=2):
        _header(ws, row, index, book.w(f"f.{name}"))
    for team in teams:
        row += 1
        put(ws, row, 1, book.team_name(team)).border = BOX
        for index, name in enumerate(FAIRNESS_FIGURES, start=2):
            spread = float(stats[name][team.id]["max"]) - float(stats[name][team.id]["min"])
            cell = put(ws, row, index, round(spread, 2))
            cell.border = BOX
            allowed = book.station.fairness_allowance
            cell.fill = fill(OK_COLOUR if spread <= allowed else ABOVE_MAX_COLOUR)
    if teams:
        chart = BarChart()
        chart.type = "col"
        chart.title = book.w("title.spread")
        chart.y_axis.title = book.w("chart.spread_axis")
        data = Reference(
            ws, min_col=2, max_col=1 + len(FAIRNESS_FIGURES), min_row=spread_header, max_row=row
        )
        categories = Reference(ws, min_col=1, min_row=spread_header + 1, max_row=row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        chart.width, chart.height = 24, 9
        ws.add_chart(chart, f"A{row + 2}")
        row += 20

    row += 2
    put(ws, row, 1, book.title("title.staffing")).font = TITLE
    row += 1
    staffing_header = row
    _header(ws, row, 1, book.w("h.post"))
    _header(ws, row, 2, book.w("h.min"))
    _header(ws, row, 3, book.w("h.max"))
    for offset, day in enumerate(book.days):
        _header(ws, row, 4 + offset, day)
        ws.cell(row=row, column=4 + offset).number_format = "d"
    staff: dict[tuple[str, dt.date], int] = {}
    for cells in book.roster.cells.values():
        for day, held in cells.items():
            staff[(held, day)] = staff.get((held, day), 0) + 1
    for slot in book.slots:
        row += 1
        put(ws, row, 1, f"{book.labels.label(slot.code)} {book.slot_name(slot)}").border = BOX
        put(ws, row, 2, slot.post.min_staff).border = BOX  # on working days
        put(ws, row, 3, slot.post.max_staff).border = BOX
        for offset, day in enumerate(book.days):
            count = staff.get((slot.code, day), 0)
            cell = put(ws, row, 4 + offset, count)
            cell.border, cell.alignment = BOX, CENTRE
            if count < slot.post.minimum(book.is_rest_day(day)):
                cell.fill = fill(BELOW_MIN_COLOUR)
            elif slot.post.max_staff is not None and count > slot.post.max_staff:
                cell.fill = fill(ABOVE_MAX_COLOUR)
    fit_columns(ws, [1], range(staffing_header, row + 1), minimum=20)
    # The staffing table is the one that may run over a page: its header repeats.
    style = PageStyle("A3", "landscape", f"{staffing_header}:{staffing_header}", "A:A")
    book.page(ws, "title.statistics", style)


def write_check(ws: Worksheet, book: Book) -> None:
    """The checker's verdict on every rule, the solve's figures, the version and the inputs'
    fingerprint; rules, statuses and penalty keys in the workbook's language."""
    evaluation = evaluate(book.station, book.roster, book.leave)
    result = book.result
    put(ws, 1, 1, book.title("title.check")).font = TITLE
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions["D"].width = 70
    row = 3
    _header(ws, row, 1, book.w("h.item"))
    _header(ws, row, 2, book.w("h.value"))
    items: list[tuple[str, CellValue]] = [
        ("c.station", f"{book.station.name} ({book.station.id})"),
        ("c.month", str(book.month)),
        ("c.status", status_label(result.status, book.lang)),
        ("c.objective", result.objective),
        ("c.bound", result.best_bound),
        ("c.time", round(result.wall_time, 2)),
        ("c.checked_objective", evaluation.objective),
        ("c.violations", len(evaluation.violations)),
        ("c.version", rosterkit.__version__),
        ("c.fingerprint", fingerprint(book.station, book.roster.month, book.leave or [])),
    ]
    for key, value in items:
        row += 1
        put(ws, row, 1, book.w(key)).border = BOX
        put(ws, row, 2, value).border = BOX

    row += 2
    for column, key in enumerate(("h.rule", "h.holds", "h.count"), start=1):
        _header(ws, row, column, book.w(key))
    broken: dict[str, int] = {}
    for violation in evaluation.violations:
        broken[violation.rule] = broken.get(violation.rule, 0) + 1
    for rule in RULES:
        row += 1
        count = broken.get(rule, 0)
        put(ws, row, 1, rule_label(rule, book.lang)).border = BOX
        holds = put(ws, row, 2, book.w("yes" if count == 0 else "no"))
        holds.border, holds.alignment = BOX, CENTRE
        holds.fill = fill(OK_COLOUR if count == 0 else BELOW_MIN_COLOUR)
        put(ws, row, 3, count).border = BOX

    row += 2
    put(ws, row, 1, book.w("title.violations")).font = BOLD
    row += 1
    for column, key in enumerate(("h.rule", "h.date", "h.id", "h.message"), start=1):
        _header(ws, row, column, book.w(key))
    if not evaluation.violations:
        row += 1
        put(ws, row, 1, book.w("none"))
    for violation in evaluation.violations:
        row += 1
        put(ws, row, 1, rule_label(violation.rule, book.lang))
        put(ws, row, 2, violation.day.isoformat() if violation.day else "")
        put(ws, row, 3, violation.officer_id or "")
        put(ws, row, 4, violation_text(violation, book.lang))

    row += 2
    put(ws, row, 1, book.w("title.penalties")).font = BOLD
    row += 1
    penalties_header = row
    headings = ("h.rule", "h.side", "h.key", "h.amount", "h.unit_cost", "h.cost")
    for column, key in enumerate(headings, start=1):
        _header(ws, row, column, book.w(key))
    if not evaluation.penalties:
        row += 1
        put(ws, row, 1, book.w("none"))
    for penalty in evaluation.penalties:
        row += 1
        values: tuple[CellValue, ...] = (
            rule_label(penalty.rule, book.lang),
            book.w(f"side.{penalty.side.value}"),
            penalty_key_text(book, penalty.key),
            penalty.amount,
            penalty.unit_cost,
            penalty.cost,
        )
        for column, value in enumerate(values, start=1):
            put(ws, row, column, value)
    fit_columns(ws, [1, 3], range(3, row + 1), maximum=48)
    # The penalties run longest; their header repeats on the pages after it.
    style = PageStyle("A4", "landscape", f"{penalties_header}:{penalties_header}")
    book.page(ws, "title.check", style)


_DATE_KEY = re.compile(r"^\d{2}-\d{2}$")


def penalty_key_text(book: Book, key: str) -> str:
    """What a penalty is about, in the workbook's language: each part of the checker's key
    ('car_duties qiandong_team', 'ab P015/P016 12-03', 'ccar@qiandong 12-01') named in words:
    officers by name and id, posts, communities and teams by name, figures by their heading.
    Days (12-03) stay as they are; a part that names nothing known shows as it is."""
    slots = {slot.code: slot for slot in book.slots}
    communities = {c.id for c in book.station.communities}
    words = {
        "ab": book.w("key.ab_pair"),
        "grid": book.w("key.grid"),
        **{name: book.w(f"f.{name}") for name in (*FIGURE_NAMES, "unmet_preferences")},
    }

    def name(part: str) -> str:
        if part in book.officers:
            return book.name_and_id(part)
        if part in slots:
            return book.slot_name(slots[part])
        if part in communities:
            return book.community_name(part)
        if part in book.teams:
            return book.team_name(part)
        if part in words:
            return words[part]
        return part

    shown = []
    for token in key.split():
        if _DATE_KEY.match(token):
            shown.append(token)
        else:
            shown.append("/".join(name(part) for part in token.split("/")))
    return " ".join(shown)
