"""The command line of the month after the roster: simulate, dispatch, appraise init and score."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from rosterkit.cli import app

runner = CliRunner()


def test_cli_simulate_dispatch_appraise_and_score(
    qianmen_station, qianmen_december, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from rosterkit.excel import export_workbook

    roster = export_workbook(tmp_path / "roster-2026-12.xlsx", qianmen_station, qianmen_december)
    log, result = tmp_path / "incidents.csv", tmp_path / "dispatch.json"
    done = runner.invoke(
        app, ["dispatch", "simulate", "-m", "2026-12", "--seed", "3", "-o", str(log)]
    )
    assert done.exit_code == 0, done.output
    again = runner.invoke(app, ["dispatch", "simulate", "-m", "2026-12", "-o", str(log)])
    assert again.exit_code == 2 and "--force" in again.output
    done = runner.invoke(
        app,
        [
            "dispatch",
            "run",
            "--roster",
            str(roster),
            "--incidents",
            str(log),
            "-o",
            str(result),
            "--lang",
            "en",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "incidents:" in done.output and "handed over" in done.output
    book = tmp_path / "appraisal.xlsx"
    done = runner.invoke(
        app,
        [
            "appraise",
            "init",
            "-m",
            "2026-12",
            "--roster",
            str(roster),
            "--dispatch",
            str(result),
            "-o",
            str(book),
        ],
    )
    assert done.exit_code == 0, done.output
    ws = openpyxl.load_workbook(book).worksheets[0]
    assert any(isinstance(c.value, str) and c.value.startswith("=MAX(") for c in ws[10])
    done = runner.invoke(app, ["appraise", "score", str(book), "--lang", "en"])
    assert done.exit_code == 0, done.output
    assert "commended: —" in done.output and "awaiting" in done.output
    assert (tmp_path / "appraisal-scores.xlsx").exists()
    wrong = runner.invoke(
        app,
        [
            "appraise",
            "init",
            "-m",
            "2026-11",
            "--roster",
            str(roster),
            "-o",
            str(tmp_path / "nov.xlsx"),
        ],
    )
    assert wrong.exit_code == 2 and "the roster is of 2026-12, not 2026-11" in wrong.output
