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


def test_cli_dispatch_workbook_and_chinese_console(
    qianmen_station, qianmen_december, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from rosterkit.excel import export_workbook

    roster = export_workbook(tmp_path / "roster-2026-12.xlsx", qianmen_station, qianmen_december)
    log = tmp_path / "incidents.csv"
    done = runner.invoke(app, ["dispatch", "simulate", "-m", "2026-12", "-o", str(log)])
    assert done.exit_code == 0 and "模拟警情" in done.output, done.output
    result = tmp_path / "result.xlsx"
    args = ["dispatch", "run", "--roster", str(roster), "--incidents", str(log), "-o", str(result)]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "警情" in done.output and "文件" in done.output and "incidents:" not in done.output
    assert openpyxl.load_workbook(result).worksheets[0].title == "警情处置"
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.output
    assert runner.invoke(app, [*args, "--force", "--lang", "en"]).exit_code == 0
    assert openpyxl.load_workbook(result).worksheets[0].title == "Incidents"
    wrong = runner.invoke(app, [*args[:-1], str(tmp_path / "result.csv")])
    assert wrong.exit_code == 2 and ".json or .xlsx" in wrong.output
    history = tmp_path / "history.csv"
    history.write_text(
        "period,community,incidents,cases\n"
        + "".join(f"2025-12,{c.id},40,10\n" for c in qianmen_station.communities),
        encoding="utf-8",
    )
    book = tmp_path / "appraisal.xlsx"
    done = runner.invoke(
        app,
        [
            *("appraise", "init", "-m", "2026-12", "--roster", str(roster)),
            *("--dispatch", str(result), "--history", str(history), "-o", str(book)),
        ],
    )
    assert done.exit_code == 0 and "已写入" in done.output, done.output
    header = [c.value for c in openpyxl.load_workbook(book).worksheets[0][4]]
    assert "警情降幅%" in header
    history.write_text("period,community,incidents,cases\n2025-12,nowhere,1,1\n", "utf-8")
    bad = runner.invoke(
        app,
        [
            *("appraise", "init", "-m", "2026-12", "--roster", str(roster)),
            *("--history", str(history), "-o", str(tmp_path / "other.xlsx")),
        ],
    )
    assert bad.exit_code == 2 and "row 2, column B (community)" in bad.output, bad.output
    done = runner.invoke(app, ["appraise", "score", str(book)])
    assert done.exit_code == 0 and "全所排名" in done.output and "待填" in done.output
