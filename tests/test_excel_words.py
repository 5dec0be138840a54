"""The Chinese workbook speaks Chinese: no rule ids, status words or post states in English.

The English workbook keeps its English words; both show every rule by its label.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

import rosterkit
from rosterkit import Leave, LeaveKind, Result, SolveOptions, SolveStatus, rules, solve
from rosterkit.checker import RULES, evaluate
from rosterkit.excel import export_workbook, sheet_name
from rosterkit.excel.book import Book
from rosterkit.excel.labels import rule_label, status_label
from rosterkit.excel.report_sheets import penalty_key_text
from rosterkit.io import fingerprint
from rosterkit.result import Penalty, Side
from rosterkit.station import Station
from rosterkit.stations import qianmen

MONTH = "2026-12"
LEAVE_LIST = [
    # three officers away in the first ten days: posts fall below target, so penalties exist
    Leave(officer_id="P025", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 10)),
    Leave(officer_id="P010", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 10)),
    Leave(
        officer_id="P040",
        start=dt.date(2026, 12, 1),
        end=dt.date(2026, 12, 10),
        kind=LeaveKind.training,
    ),
]

SOFT_RULES = (
    "duty_coverage",
    "community_presence",
    "ab_cover",
    "grid_coverage",
    "call_in",
    "preference",
    "fairness",
)
"""The soft rules the solver prices and the checker recomputes (`checker._penalties`)."""

ENGLISH = re.compile(r"[a-z]{3,}|[A-Za-z0-9]+_[A-Za-z0-9_]*")
"""What counts as English in a Chinese workbook: three or more lower-case ASCII letters in a row
(a word: 'feasible', 'main', 'desk'), or an identifier with an underscore ('roster_shape',
'qiandong_team'). Upper-case codes and numbers pass: officer ids (P015), dates (12-01), hours."""


def allowed_data(station: Station, result: Result, leave: list[Leave]) -> list[str]:
    """Text a Chinese workbook may show although it matches `ENGLISH`, because it is data that
    identifies something rather than words: the station's id (as the station file writes it),
    the program's name and version, and the input fingerprint (hexadecimal digits)."""
    assert result.roster is not None
    return [
        fingerprint(station, result.roster.month, leave),
        station.id,
        rosterkit.__version__,
        "rosterkit",
    ]


def readable_texts(workbook: Workbook, path: Path) -> list[tuple[str, str]]:
    """(place, text) of everything a person reads in the workbook: the names and cells of the
    visible sheets, their print headers and footers, and the titles of charts."""
    found: list[tuple[str, str]] = []
    for ws in workbook.worksheets:
        assert isinstance(ws, Worksheet)
        if ws.sheet_state != "visible":
            continue
        found.append((f"sheet name {ws.title}", ws.title))
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found.append((f"{ws.title}!{cell.coordinate}", cell.value))
        for name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter"):
            part = getattr(ws, name)
            for side in ("left", "center", "right"):
                text = getattr(part, side).text
                if text:
                    found.append((f"{ws.title} {name}.{side}", text))
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("xl/charts/chart"):
                xml = archive.read(member).decode("utf-8")
                found += [(member, text) for text in re.findall(r"<a:t>([^<]*)</a:t>", xml)]
    return found


def english_in(text: str, allowed: list[str]) -> list[str]:
    for item in allowed:
        text = text.replace(item, " ")
    return ENGLISH.findall(text)


@pytest.fixture(scope="module")
def station() -> Station:
    return qianmen()


@pytest.fixture(scope="module")
def result(station: Station) -> Result:
    result = solve(station, MONTH, LEAVE_LIST, SolveOptions(workers=1, time_limit=30))
    assert result.status in (SolveStatus.optimal, SolveStatus.feasible), result.reasons
    assert result.penalties, "the test needs a month that pays penalties"
    return result


@pytest.fixture(scope="module")
def zh_path(tmp_path_factory: pytest.TempPathFactory, station: Station, result: Result) -> Path:
    return export_workbook(
        tmp_path_factory.mktemp("zh") / "roster.xlsx", station, result, LEAVE_LIST
    )


def test_the_chinese_workbook_shows_no_english_words_or_ids(
    zh_path: Path, station: Station, result: Result
) -> None:
    workbook = openpyxl.load_workbook(zh_path)
    allowed = allowed_data(station, result, LEAVE_LIST)
    texts = readable_texts(workbook, zh_path)
    assert len(texts) > 1000
    english = {place: words for place, text in texts if (words := english_in(text, allowed))}
    assert english == {}


def test_the_check_sheet_names_status_rules_and_penalties_in_chinese(
    zh_path: Path, station: Station, result: Result
) -> None:
    ws = openpyxl.load_workbook(zh_path)[sheet_name("check")]
    column_a = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    values = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(1, 15)}
    assert values["求解状态"] == {"optimal": "最优", "feasible": "可行"}[result.status.value]
    for rule in RULES:
        assert rule_label(rule, "zh") in column_a
    assert result.roster is not None
    paid = {p.rule for p in evaluate(station, result.roster, LEAVE_LIST).penalties}
    assert paid and all(rule_label(rule, "zh") in column_a for rule in paid)


def test_a_broken_rule_of_an_edited_roster_reads_in_chinese_on_the_check_sheet(
    tmp_path: Path, station: Station, result: Result
) -> None:
    assert result.roster is not None
    roster = result.roster
    first = roster.period.days[0]
    on_leave = LEAVE_LIST[0].officer_id
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    cells[on_leave][first] = "rest"  # on leave, but not marked so: rule `leave` breaks
    edited = roster.model_copy(update={"cells": cells})
    broken = result.model_copy(update={"roster": edited})
    path = export_workbook(tmp_path / "edited.xlsx", station, broken, LEAVE_LIST)
    workbook = openpyxl.load_workbook(path)
    ws = workbook[sheet_name("check")]
    rows = [[cell.value for cell in row] for row in ws.iter_rows()]
    leave_rows = [row for row in rows if row[0] == rule_label("leave", "zh") and row[2] == on_leave]
    found = rosterkit.check(station, edited, LEAVE_LIST)
    (said,) = [v.zh for v in found if v.rule == "leave" and v.officer_id == on_leave]
    assert leave_rows and leave_rows[0][3] == said
    assert said == "当天请假，排班却为“休班”"
    texts = readable_texts(workbook, path)
    english = {
        place: words
        for place, text in texts
        if (words := english_in(text, allowed_data(station, result, LEAVE_LIST)))
    }
    assert english == {}


def test_the_roster_legend_gives_post_states_and_hours_in_chinese(zh_path: Path) -> None:
    ws = openpyxl.load_workbook(zh_path)[sheet_name("roster")]
    texts = {str(cell.value) for row in ws.iter_rows() for cell in row if cell.value}
    assert any("值班副所长" in text and "(正班, 24小时)" in text for text in texts)
    assert any("(副班, 9小时)" in text for text in texts)


@pytest.mark.parametrize("rule", [*RULES, *SOFT_RULES])
def test_every_rule_has_a_chinese_and_an_english_label(rule: str) -> None:
    spec = rules.rule(rule)
    assert (rule_label(rule, "zh"), rule_label(rule, "en")) == (spec.zh.name, spec.en.name)
    chinese, english = rule_label(rule, "zh"), rule_label(rule, "en")
    assert re.search(r"[\u4e00-\u9fff]", chinese) and not ENGLISH.search(chinese)
    assert english and "_" not in english and english.isascii()


@pytest.mark.parametrize("status", list(SolveStatus))
def test_every_status_has_a_chinese_word(status: SolveStatus) -> None:
    assert re.fullmatch(r"[\u4e00-\u9fff]+", status_label(status, "zh"))
    assert status_label(status, "en").replace("_", " ") == status_label(status, "en")


def test_penalty_keys_of_every_soft_rule_read_in_chinese(station: Station, result: Result) -> None:
    assert result.roster is not None
    book = Book(station=station, result=result, roster=result.roster, leave=[], lang="zh")
    keys = [
        ("duty_coverage", "ccar@qiandong 12-01"),
        ("community_presence", "P013"),
        ("ab_cover", "ab P015/P016 12-03"),
        ("grid_coverage", "grid dajiang 12-04"),
        ("call_in", "P020"),
        ("preference", "P021 12-05"),
        ("fairness", "car_duties qiandong_team"),
        ("fairness", "unmet_preferences case_team"),
        ("fairness", "weekend_duties command_room"),
    ]
    officer_ids = {o.id for o in station.officers}
    for rule, key in keys:
        penalty = Penalty(rule=rule, side=Side.long_line, key=key, amount=1, unit_cost=1)
        text = penalty_key_text(book, penalty.key)
        assert not ENGLISH.search(text), (rule, key, text)
        for token in re.findall(r"P\d{3}", key):
            assert token in officer_ids and f"{station.officer(token).name}({token})" in text
    assert penalty_key_text(book, "car_duties qiandong_team") == "巡逻车勤务 前东社区警务队"
    assert penalty_key_text(book, "ccar@qiandong 12-01").endswith(" 12-01")


def test_the_english_workbook_keeps_english_words(
    tmp_path: Path, station: Station, result: Result
) -> None:
    path = export_workbook(tmp_path / "en.xlsx", station, result, LEAVE_LIST, lang="en")
    workbook = openpyxl.load_workbook(path)
    check = workbook[sheet_name("check", "en")]
    values = {
        check.cell(row=r, column=1).value: check.cell(row=r, column=2).value for r in range(1, 15)
    }
    assert values["Solve status"] == result.status.value
    column_a = {check.cell(row=r, column=1).value for r in range(1, check.max_row + 1)}
    assert {rule_label(rule, "en") for rule in RULES} <= column_a
    roster = workbook[sheet_name("roster", "en")]
    texts = {str(cell.value) for row in roster.iter_rows() for cell in row if cell.value}
    assert any("(main, 24h)" in text for text in texts)
