"""The dispatch result as a workbook for the leadership: its sheets and counts, both languages,
written atomically and never over a file unasked, and read back as the result it holds."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from rosterkit.dispatch import (
    DispatchResult,
    Outcome,
    default_rules,
    dispatch,
    read_result,
    simulate,
    write_result,
)
from rosterkit.dispatch.result import REASONS, reason_text
from rosterkit.errors import RosterInputError
from rosterkit.result import Result
from rosterkit.station import Station

RULES = default_rules()


@pytest.fixture(scope="module")
def busy_month(qianmen_station: Station, qianmen_december: Result) -> DispatchResult:
    """A heavy simulated December: some incidents find nobody free, some cases change hands."""
    assert qianmen_december.roster is not None
    log = simulate(qianmen_station, "2026-12", RULES, seed=5, per_day=60)
    result = dispatch(qianmen_station, qianmen_december.roster, log, RULES)
    assert result.unserved and result.handovers
    return result


def rows(path: Path, sheet: int) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path).worksheets[sheet]
    return list(ws.iter_rows(min_row=3, values_only=True))


def test_dispatch_workbook_sheets_and_counts(
    qianmen_station: Station, busy_month: DispatchResult, tmp_path: Path
) -> None:
    path = write_result(tmp_path / "d.xlsx", busy_month, qianmen_station, RULES)
    book = openpyxl.load_workbook(path)
    shown = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert shown == ["警情处置", "民警负荷", "案件移交", "无警可派", "社区网格统计"]
    incidents = rows(path, 0)
    assert len(incidents) == len(busy_month.responses)
    number, first = next((n, r) for n, r in enumerate(busy_month.responses) if r.officers)
    names = {o.id: o.name for o in qianmen_station.officers}
    assert incidents[number][0] == first.incident_id
    assert incidents[number][7] == ", ".join(f"{names[o]} ({o})" for o in first.officers)
    loads = rows(path, 1)
    assert {row[0]: (row[3], row[4], row[5]) for row in loads} == {
        oid: (load.incidents, load.minutes, load.cases) for oid, load in busy_month.loads.items()
    }
    assert [row[0] for row in rows(path, 2)] == [c.incident_id for c in busy_month.handovers]
    assert [row[0] for row in rows(path, 3)] == [r.incident_id for r in busy_month.unserved]
    areas = rows(path, 4)
    station_row = areas[-1]
    assert station_row[0] == "全所"
    assert station_row[2:6] == (
        len(busy_month.responses),
        sum(r.outcome is Outcome.served for r in busy_month.responses),
        len(busy_month.short),
        len(busy_month.unserved),
    )
    assert station_row[9:] == (len(busy_month.cases), len(busy_month.handovers))
    # Each community's total row holds the sum of its grids (the simulator gives every incident
    # a grid), and the per-area counts agree with the result's own.
    counts = busy_month.area_incidents()
    for community in qianmen_station.communities:
        total = next(r for r in areas if r[0] == community.name and r[1] == "合计")
        grids = [r for r in areas if r[0] == community.name and r[1] != "合计"]
        assert total[2] == counts[community.id] == sum(r[2] for r in grids)


def test_dispatch_workbook_in_english_and_read_back(
    qianmen_station: Station, busy_month: DispatchResult, tmp_path: Path
) -> None:
    path = write_result(tmp_path / "d.xlsx", busy_month, qianmen_station, RULES, lang="en")
    book = openpyxl.load_workbook(path)
    assert book.worksheets[0].title == "Incidents"
    assert book.worksheets[0].cell(row=2, column=8).value == "Responders"
    assert read_result(path) == busy_month
    json_path = write_result(tmp_path / "d.json", busy_month, qianmen_station, RULES)
    assert read_result(json_path) == busy_month


def test_dispatch_workbook_is_never_written_over_unasked(
    qianmen_station: Station, busy_month: DispatchResult, tmp_path: Path
) -> None:
    path = tmp_path / "d.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(RosterInputError):
        write_result(path, busy_month, qianmen_station, RULES)
    assert path.read_bytes() == b"keep me"
    write_result(path, busy_month, qianmen_station, RULES, overwrite=True)
    assert read_result(path) == busy_month
    assert not [p for p in tmp_path.iterdir() if p.name != "d.xlsx"]  # no temporary left
    with pytest.raises(RosterInputError, match=r"\.json or …\.xlsx"):
        write_result(tmp_path / "d.csv", busy_month, qianmen_station, RULES)
    with pytest.raises(RosterInputError, match="not a dispatch"):
        read_result(_not_a_result(tmp_path))


def _not_a_result(tmp_path: Path) -> Path:
    path = tmp_path / "other.json"
    path.write_text('{"station_id": 1}', encoding="utf-8")
    return path


def test_dispatch_reasons_read_in_chinese(busy_month: DispatchResult) -> None:
    reasons = {r.reason for r in busy_month.responses}
    assert len(reasons) >= 3
    for reason in reasons:
        assert not re.search("[A-Za-z]", reason_text(reason, "zh")), reason
        assert reason_text(reason, "en") == reason
    assert set(REASONS) >= {"community car", "no station car free"}
