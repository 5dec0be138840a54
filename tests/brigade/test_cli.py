"""`rosterkit brigade ...` end to end on the built-in brigade, and bad input as exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rosterkit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["brigade", *args])
    return result.exit_code, result.output


def test_plan_simulate_report_score_qr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("plan", "-m", "2026-11")
    assert code == 0, out
    assert "optimal" in out and "every rule kept" in out
    assert Path("brigade-plan-2026-11.xlsx").exists()
    code, out = run("plan", "-m", "2026-11")
    assert code == 2 and "exists" in out
    code, out = run("simulate", "--plan", "brigade-plan-2026-11.json", "-o", "log.csv")
    assert code == 0, out
    code, out = run(
        "report", "--plan", "brigade-plan-2026-11.json", "--log", "log.csv", "--map", "map.html"
    )
    assert code == 0, out
    assert Path("brigade-report-2026-11.xlsx").exists() and Path("map.html").exists()
    code, out = run("score", "--plan", "brigade-plan-2026-11.json", "--log", "log.csv")
    assert code == 0 and "commended" in out
    code, out = run("qr", "codes", "--plan", "brigade-plan-2026-11.json")
    assert code == 0 and Path("codes/checkpoint-C69.png").exists()


def test_init_writes_templates_that_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("init", "mine")
    assert code == 0, out
    code, out = run("plan", "-m", "2026-02", "--data", "mine/csv", "-o", "p.xlsx")
    assert code == 0, out


def test_bad_log_is_exit_2_with_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("plan", "-m", "2026-11", "-o", "p.xlsx")[0] == 0
    Path("log.csv").write_text(
        "time,squad,checkpoint,guard\n2026-11-02 08:00,S99,C01,x\n", encoding="utf-8"
    )
    code, out = run("report", "--plan", "p.json", "--log", "log.csv")
    assert code == 2
    assert "log.csv, row 2, column B (squad): unknown squad 'S99'" in " ".join(out.split())
