"""The appraisal scores: recomputed by hand on a tiny station, the workbook's formulas against the
library, and the checks of the appraisers' entries."""

from __future__ import annotations

import ast
import datetime as dt
import operator
import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from pydantic import ValidationError

from rosterkit.appraise import appraisal_sheet
from rosterkit.appraise.workbook import (
    FIRST_ROW,
    layout,
    read_appraisal_workbook,
    score_workbook,
    write_appraisal_workbook,
)
from rosterkit.errors import RosterInputError
from rosterkit.roster import Roster
from rosterkit.scoring import AppraisalScheme, Indicator, IndicatorSource, indicator_score
from rosterkit.station import Station
from tests.conftest import tiny_station

MONTH = "2026-12"


def tiny_roster(station: Station) -> Roster:
    """R2 (group 2) holds the main community office on 1 Dec (group 2 on main duty) and is
    called in on 2 Dec (group 2 at rest): 2 duty days, 1 call-in. Everyone else rests."""
    days = [dt.date(2026, 12, d) for d in (1, 2, 3)]
    cells = {o.id: dict.fromkeys(days, "rest") for o in station.officers}
    cells["R2"][days[0]] = cells["R2"][days[1]] = "moffice@one"
    groups = {o.id: o.squad for o in station.officers if o.squad is not None}
    return Roster(station_id=station.id, month=MONTH, groups=groups, cells=cells)


@pytest.fixture
def tiny_book(tmp_path: Path) -> Path:
    station = tiny_station()
    sheet = appraisal_sheet(station, tiny_roster(station))
    return write_appraisal_workbook(tmp_path / "appraisal.xlsx", sheet)


def fill(path: Path, marks: dict[str, dict[str, object]]) -> None:
    """Write `marks` (officer id -> indicator id -> value) into the workbook's entry cells."""
    sheet, _, _, _ = read_appraisal_workbook(path)
    columns = layout(sheet).columns
    workbook = openpyxl.load_workbook(path)
    ws = workbook.worksheets[0]
    rows = {ws.cell(row=r, column=1).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    for officer_id, values in marks.items():
        for indicator_id, value in values.items():
            ws.cell(row=rows[officer_id], column=columns[f"{indicator_id}.value"]).value = value
    workbook.save(path)


LONG = {"incidents_down": 90, "disputes_resolved": 70, "risks_controlled": 60}
SHORT = {"incidents_handled": 5, "commander_marks": 80}


def test_appraisal_scores_by_hand_on_a_tiny_station(tiny_book: Path) -> None:
    fill(tiny_book, {"R2": {**LONG, **SHORT}})
    scores = {s.officer_id: s for s in score_workbook(tiny_book).officers}
    r2 = scores["R2"]
    # long: (90*34 + 70*33 + 60*33) / 100; short: duty days 2 of 20 -> 10, call-ins 1 of 2 ->
    # 50, incidents 5 of 20 -> 25, marks 80: (10 + 50 + 25 + 80) * 25 / 100.
    assert r2.long_line == pytest.approx(73.5)
    assert r2.short_line == pytest.approx(41.25)
    assert r2.total == pytest.approx((73.5 * 50 + 41.25 * 50) / 100)
    assert r2.rank == 1 and r2.team_rank == 1
    assert scores["R3"].total is None and "值班表现 (副所长3)" in scores["R3"].missing
    assert scores["D"].appraised_outside and scores["D"].rank is None


def test_appraisal_notes_one_person_on_both_sides(tiny_book: Path) -> None:
    scores = {s.officer_id: s for s in score_workbook(tiny_book).officers}
    # R1 sits in DD1's squad: DD1 leads the team (long line) and commands group 1 (short line).
    assert scores["R1"].same_person == "DD1"
    assert scores["R2"].same_person is None


def test_appraisal_ranks_and_commends(tiny_book: Path) -> None:
    full = {"incidents_down": 100, "disputes_resolved": 100, "risks_controlled": 100}
    fill(
        tiny_book,
        {
            "R1": {**full, "incidents_handled": 20, "commander_marks": 100},
            "R2": {**LONG, **SHORT},
            "R3": {**full, "incidents_handled": 20, "commander_marks": 100},
        },
    )
    scores = score_workbook(tiny_book)
    ranked = [s.officer_id for s in scores.ranking()]
    assert ranked[-1] == "R2"
    # R1 and R3 have no duty days: their short line lacks 50 of 100 points: 75 in total.
    assert [s.total for s in scores.ranking()][:2] == pytest.approx([75.0, 75.0])
    assert scores.ranking()[0].rank == scores.ranking()[1].rank == 1
    assert scores.commended == []  # 75 is below the 90 needed


# --- the workbook's formulas against the library ------------------------------------------------

_CELL = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")
_OPERATORS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def evaluate(formula: str, cell: Callable[[str], float]) -> float:
    """A tiny evaluator for the formula shapes the workbook writes: numbers, cell references,
    + - * /, parentheses, unary minus, MAX and MIN. Empty cells count 0, as in Excel."""

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name):
            return cell(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [walk(arg) for arg in node.args]
            return {"MAX": max, "MIN": min}[node.func.id](args)
        raise AssertionError(f"formula shape not expected: {ast.dump(node)}")

    assert formula.startswith("=")
    return walk(ast.parse(_CELL.sub(r"\1\2", formula[1:]), mode="eval"))


def formula_totals(path: Path) -> dict[str, float]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[4]]
    total_column = header.index("总分") + 1

    def value(ref: str) -> float:
        raw = ws[ref].value
        if isinstance(raw, str) and raw.startswith("="):
            return evaluate(raw, value)
        return float(raw or 0)

    totals = {}
    for row in range(FIRST_ROW, ws.max_row + 1):
        formula = ws.cell(row=row, column=total_column).value
        if isinstance(formula, str) and formula.startswith("="):
            totals[str(ws.cell(row=row, column=1).value)] = evaluate(formula, value)
    return totals


def test_appraisal_formulas_give_the_library_totals(tiny_book: Path) -> None:
    fill(
        tiny_book,
        {
            "R1": {
                "incidents_down": 33,
                "disputes_resolved": 100,
                "risks_controlled": 0,
                "incidents_handled": 40,
                "commander_marks": 55.5,
            },
            "R2": {**LONG, **SHORT},
            "R3": {
                "incidents_down": 1,
                "disputes_resolved": 2,
                "risks_controlled": 3,
                "incidents_handled": 0,
                "commander_marks": 99,
            },
            "DD2": {**LONG, "incidents_handled": 7, "commander_marks": 61},
        },
    )
    library = {s.officer_id: s.total for s in score_workbook(tiny_book).officers if s.total}
    assert set(library) == {"R1", "R2", "R3", "DD2"}
    # DD1 and DD3 await marks: their formulas count the empty cells as 0, the library not at all.
    live = formula_totals(tiny_book)
    assert set(live) == {*library, "DD1", "DD3"}
    assert {k: live[k] for k in library} == pytest.approx(library, abs=1e-9)


def test_appraisal_formulas_on_qianmen_match(qianmen_station, qianmen_december, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sheet = appraisal_sheet(qianmen_station, qianmen_december.roster)
    path = write_appraisal_workbook(tmp_path / "q.xlsx", sheet, lang="en")
    marks = {
        row.officer_id: {
            "incidents_down": (i * 7) % 101,
            "disputes_resolved": (i * 13) % 101,
            "risks_controlled": (i * 29) % 101,
            "incidents_handled": i % 25,
            "commander_marks": (i * 31) % 101,
        }
        for i, row in enumerate(sheet.rows)
        if row.long_line and row.short_line
    }
    fill(path, marks)
    scores = score_workbook(path)
    library = {s.officer_id: s.total for s in scores.officers if s.total is not None}
    assert len(library) == 60  # all but the director and the political commissar
    ws = openpyxl.load_workbook(path).worksheets[0]
    ws.cell(row=4, column=[c.value for c in ws[4]].index("Total") + 1).value = "总分"
    patched = tmp_path / "patched.xlsx"
    ws.parent.save(patched)
    assert formula_totals(patched) == pytest.approx(library, abs=1e-9)
    per_team = {s.team for s in scores.ranking()}
    assert all(scores.ranking(team)[0].team_rank == 1 for team in per_team)


# --- entries that cannot be used -------------------------------------------------------------


def test_appraisal_mark_out_of_range_names_the_cell(tiny_book: Path) -> None:
    fill(tiny_book, {"R2": {**LONG, "disputes_resolved": 120}})
    with pytest.raises(RosterInputError, match=r"row \d+, column I \(化解矛盾纠纷\): mark 120"):
        score_workbook(tiny_book)


def test_appraisal_marks_for_an_officer_nobody_appraises_are_refused(tiny_book: Path) -> None:
    fill(tiny_book, {"D": {"commander_marks": 50}})
    with pytest.raises(RosterInputError, match="filled for D, whom nobody appraises"):
        score_workbook(tiny_book)


def test_appraisal_text_mark_and_changed_appraiser_are_refused(tiny_book: Path) -> None:
    fill(tiny_book, {"R2": {"commander_marks": "good"}})
    workbook = openpyxl.load_workbook(tiny_book)
    ws = workbook.worksheets[0]
    for row in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == "R3":
            ws.cell(row=row, column=6).value = "副所长2 (DD2)"
    workbook.save(tiny_book)
    with pytest.raises(RosterInputError) as caught:
        score_workbook(tiny_book)
    assert "'good' is not a number" in str(caught.value)
    assert "the appraisers come from the roster" in str(caught.value)


def test_appraisal_changed_prefilled_figure_is_a_warning(tiny_book: Path) -> None:
    fill(tiny_book, {"R2": {"duty_days": 30}})
    scores = score_workbook(tiny_book)
    assert any("rosterkit's figure is 2" in w for w in scores.warnings)


def test_appraisal_workbook_without_data_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(RosterInputError, match="not an appraisal workbook"):
        score_workbook(path)


# --- the scheme ----------------------------------------------------------------------------------


def test_appraisal_scheme_weights_must_sum_to_100() -> None:
    marked = IndicatorSource.marked
    with pytest.raises(ValidationError, match="weights sum to 90"):
        AppraisalScheme(
            long_line=[Indicator(id="a", name="甲", name_en="A", weight=90, source=marked)]
        )


def test_appraisal_indicator_needs_a_known_figure() -> None:
    with pytest.raises(ValidationError, match="roster figure 'days' unknown"):
        Indicator(id="a", name="甲", name_en="A", weight=100, source="roster", figure="days")


def test_appraisal_scheme_roster_figures_exist() -> None:
    from rosterkit.figures import FIGURE_NAMES
    from rosterkit.scoring import ROSTER_FIGURES

    assert set(ROSTER_FIGURES) - {"duty_days"} <= set(FIGURE_NAMES)


def test_appraisal_indicator_fewer_is_better() -> None:
    fewer = Indicator(
        id="area",
        name="辖区警情",
        name_en="Area incidents",
        weight=100,
        source="dispatch",
        figure="area_incidents",
        floor=60,
        target=20,
    )
    assert [indicator_score(fewer, v) for v in (80, 60, 40, 20, 0)] == [0, 0, 50, 100, 100]


def test_appraisal_scheme_is_in_the_station_schema() -> None:
    schema = Station.model_json_schema()
    assert "appraisal_scheme" in schema["properties"]
    assert tiny_station().appraisal_scheme == AppraisalScheme()
