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

from rosterkit.appraise import AppraisalSheet, appraisal_sheet, area_changes, read_history
from rosterkit.appraise.workbook import (
    FIRST_ROW,
    layout,
    read_appraisal_workbook,
    score_workbook,
    write_appraisal_workbook,
)
from rosterkit.dispatch import CaseRoute, DispatchResult, Level, Outcome, Response
from rosterkit.errors import RosterInputError
from rosterkit.roster import Roster
from rosterkit.scoring import (
    AppraisalScheme,
    Baseline,
    Indicator,
    IndicatorSource,
    indicator_score,
)
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
    assert r2.total == pytest.approx(57.375)  # (73.5 * 50 + 41.25 * 50) / 100
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


# --- earlier figures: incidents and cases down per community and grid -------------------------


def gridded_station(baseline: str = "last_year", history_indicator: bool = True) -> Station:
    """The tiny station with two grids in its community: R1 keeps g1, R2 keeps g2, R3 none (his
    area is the community); the long line's first indicator scores the incidents' fall in the
    officer's area, 0 % -> 0 and 50 % or more -> 100."""
    data = tiny_station().model_dump()
    data["grids"] = [
        {"id": "g1", "name": "一网格", "community": "one"},
        {"id": "g2", "name": "二网格", "community": "one"},
    ]
    for officer in data["officers"]:
        officer["grid"] = {"R1": "g1", "R2": "g2"}.get(officer["id"])
        if officer["grid"]:
            officer["roles"] = ["grid_officer"]
    scheme = AppraisalScheme(baseline=baseline).model_dump()  # type: ignore[arg-type]
    if history_indicator:
        scheme["long_line"][0].update(
            source="history", figure="incidents_down_pct", floor=0, target=50
        )
    data["appraisal_scheme"] = scheme
    return Station.model_validate(data)


def december_dispatch(station: Station) -> DispatchResult:
    """Six incidents in g1 (three opened cases), two with no grid, none in g2."""
    places = [("g1", True)] * 3 + [("g1", False)] * 3 + [(None, False)] * 2
    responses, cases = [], []
    for number, (grid, case) in enumerate(places, start=1):
        incident_id = f"I{number}"
        responses.append(
            Response(
                incident_id=incident_id,
                time=dt.datetime(2026, 12, 1, 9, number),
                community="one",
                grid=grid,
                type="help",
                needed=2,
                level=Level.none,
                outcome=Outcome.unserved,
                reason="no community car on duty; no station car on duty",
            )
        )
        if case:
            cases.append(
                CaseRoute(
                    incident_id=incident_id,
                    case_type="theft",
                    opened_by=None,
                    team="c1",
                    officer=None,
                    handover=False,
                )
            )
    return DispatchResult(station_id=station.id, month=MONTH, responses=responses, cases=cases)


LAST_DECEMBER = (
    "period,community,grid,incidents,cases\n"
    "2025-12,one,g1,10,4\n"
    "2025-12,one,g2,5,0\n"
    "2025-12,一社区,,20,5\n"  # the community's own total (by its name), not g1 + g2
)


def december_sheet(station: Station, tmp_path: Path) -> AppraisalSheet:
    """The tiny roster's appraisal sheet with December's dispatch and `LAST_DECEMBER`."""
    path = tmp_path / "history.csv"
    path.write_text(LAST_DECEMBER, encoding="utf-8")
    history = read_history(path, station, MONTH)
    return appraisal_sheet(station, tiny_roster(station), december_dispatch(station), history)


def test_history_change_against_last_year_by_hand(tmp_path: Path) -> None:
    station = gridded_station()
    path = tmp_path / "history.csv"
    path.write_text(LAST_DECEMBER, encoding="utf-8")
    rows = read_history(path, station, MONTH)
    changes = area_changes(station, MONTH, rows, Baseline.last_year, december_dispatch(station))
    g1, g2, one = changes["g1"], changes["g2"], changes["one"]
    assert (g1.incidents, g1.cases, g1.incidents_before, g1.cases_before) == (6, 3, 10, 4)
    assert g1.figure("incidents_down_pct") == pytest.approx((10 - 6) / 10 * 100)  # 40
    assert g1.figure("cases_down_pct") == pytest.approx((4 - 3) / 4 * 100)  # 25
    assert g1.figure("incidents_cases_down_pct") == pytest.approx((14 - 9) / 14 * 100)
    assert g2.figure("incidents_down_pct") == pytest.approx(100.0)
    assert g2.figure("cases_down_pct") is None  # no case last December: nothing to compare
    # The community counts its incidents with no grid too: 8 against its own row's 20.
    assert (one.incidents, one.cases) == (8, 3)
    assert one.figure("incidents_down_pct") == pytest.approx(60.0)
    assert one.figure("cases_down_pct") == pytest.approx(40.0)


def test_history_change_against_the_last_three_months_by_hand(tmp_path: Path) -> None:
    station = gridded_station("last_three_months")
    path = tmp_path / "history.yaml"
    path.write_text(
        "history:\n"
        "  - {period: 2026-09, community: one, grid: g1, incidents: 9, cases: 1}\n"
        "  - {period: 2026-10, community: one, grid: g1, incidents: 6, cases: 2}\n"
        "  - {period: 2026-11, community: one, grid: g1, incidents: 6, cases: 3}\n"
        "  - {period: 2026-09, community: one, grid: g2, incidents: 4, cases: 0}\n"
        "  - {period: 2026-11, community: one, grid: g2, incidents: 4, cases: 0}\n"
        "  - {period: 2026-12, community: one, grid: g1, incidents: 14, cases: 1}\n"
        "  - {period: 2026-12, community: one, grid: g2, incidents: 1, cases: 0}\n",
        encoding="utf-8",
    )
    rows = read_history(path, station, MONTH)
    # The history has December's own rows: they are the month's figures, not a dispatch result.
    changes = area_changes(station, MONTH, rows, Baseline.last_three_months)
    g1 = changes["g1"]
    assert (g1.incidents_before, g1.cases_before) == (7.0, 2.0)  # (9+6+6)/3, (1+2+3)/3
    assert g1.figure("incidents_down_pct") == pytest.approx((7 - 14) / 7 * 100)  # -100: up
    assert g1.figure("cases_down_pct") == pytest.approx(50.0)
    # g2 has no October row, so no baseline; the community is the sum of its grids only in
    # months where both grids have a row (September and November, not October).
    assert changes["g2"].incidents_before is None
    assert changes["one"].incidents == 15 and changes["one"].incidents_before is None


def test_history_indicator_scores_by_hand_and_formulas_agree(tmp_path: Path) -> None:
    station = gridded_station()
    sheet = december_sheet(station, tmp_path)
    rows = {row.officer_id: row for row in sheet.rows}
    assert rows["R1"].values["incidents_down"] == pytest.approx(40.0)  # g1
    assert rows["R2"].values["incidents_down"] == pytest.approx(100.0)  # g2
    assert rows["R3"].values["incidents_down"] == pytest.approx(60.0)  # no grid: community
    book = write_appraisal_workbook(tmp_path / "appraisal.xlsx", sheet)
    marks = {"disputes_resolved": 70, "risks_controlled": 60, "commander_marks": 80}
    fill(book, {oid: marks for oid in ("R1", "R2", "R3")})
    scores = {s.officer_id: s for s in score_workbook(book).officers}
    # R1: 40 % down of the 50 % target scores 80: (80*34 + 70*33 + 60*33) / 100.
    assert scores["R1"].long_line == pytest.approx((80 * 34 + 70 * 33 + 60 * 33) / 100)
    # R2 and R3 are past the target: capped at 100.
    assert scores["R2"].long_line == pytest.approx((100 * 34 + 70 * 33 + 60 * 33) / 100)
    assert scores["R3"].indicators["incidents_down"] == pytest.approx(100.0)
    live = formula_totals(book)
    library = {s.officer_id: s.total for s in scores.values() if s.total is not None}
    assert {k: live[k] for k in library} == pytest.approx(library, abs=1e-9)


def test_history_is_shown_beside_the_long_line_marks(tmp_path: Path) -> None:
    station = gridded_station(history_indicator=False)  # the default scheme: marks only
    sheet = december_sheet(station, tmp_path)
    assert "incidents_down" not in sheet.rows[0].values  # still the team leader's mark
    book = write_appraisal_workbook(tmp_path / "appraisal.xlsx", sheet)
    columns = layout(sheet).columns
    assert columns["long_line.appraiser"] < columns["history.incidents_down"]
    assert columns["history.cases_down"] < columns["incidents_down.value"]
    ws = openpyxl.load_workbook(book).worksheets[0]
    rows = {ws.cell(row=r, column=1).value: r for r in range(FIRST_ROW, ws.max_row + 1)}
    header = ws.cell(row=4, column=columns["history.incidents_before"]).value
    assert header.startswith("基期警情") and "去年同月 2025-12" in header

    def shown(officer: str, part: str) -> object:
        return ws.cell(row=rows[officer], column=columns[f"history.{part}"]).value

    assert [shown("R1", p) for p in ("incidents", "incidents_before", "incidents_down")] == [
        6,
        10,
        pytest.approx(40.0),
    ]
    assert shown("R2", "cases_down") == "—"
    fill(book, {"R1": {**LONG, **SHORT}})  # the shown columns are never read back as entries
    assert score_workbook(book).officers[4].long_line == pytest.approx(73.5)


def test_without_history_the_workbook_is_as_before(tiny_book: Path) -> None:
    sheet, _, _, _ = read_appraisal_workbook(tiny_book)
    assert not sheet.with_history
    assert not any(key.startswith("history.") for key in layout(sheet).columns)
    assert AppraisalScheme().baseline is Baseline.last_year


def test_history_bad_rows_name_file_row_and_column(tmp_path: Path) -> None:
    station = gridded_station()
    path = tmp_path / "history.csv"
    path.write_text(
        "月份,社区,网格,警情,发案\n"
        "2025-13,one,g1,10,4\n"
        "2025-12,two,,5,0\n"
        "2025-12,one,g9,5,x\n"
        "2027-01,one,,5,-3\n"
        "2025-12,one,g1,1,\n"
        "2025-11,one,g2,1,1\n"
        "2025-11,one,二网格,2,2\n",
        encoding="utf-8",
    )
    with pytest.raises(RosterInputError) as caught:
        read_history(path, station, MONTH)
    message = str(caught.value)
    assert "row 2, column A (月份): '2025-13' is not a month" in message
    assert "row 3, column B (社区): unknown community 'two'" in message
    assert "row 4, column C (网格): unknown grid 'g9'" in message
    assert "row 4, column E (发案): 'x' is not a whole number" in message
    assert "row 5, column A (月份): 2027-01 is after the appraised month" in message
    assert "row 6, column E (发案): empty" in message
    assert "row 8: a second row for 2025-11 g2" in message


def test_history_without_the_months_own_figures_is_refused(tmp_path: Path) -> None:
    station = gridded_station()
    path = tmp_path / "history.csv"
    path.write_text(LAST_DECEMBER, encoding="utf-8")
    rows = read_history(path, station, MONTH)
    with pytest.raises(RosterInputError, match="give the month's dispatch result"):
        appraisal_sheet(station, tiny_roster(station), None, rows)


def test_history_indicator_needs_a_history_figure() -> None:
    with pytest.raises(ValidationError, match="history figure 'incidents_handled' unknown"):
        Indicator(
            id="x",
            name="x",
            name_en="x",
            weight=100,
            source=IndicatorSource.history,
            figure="incidents_handled",
        )
