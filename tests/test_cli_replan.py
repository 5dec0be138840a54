"""`rosterkit replan`, `swap` and `calendar` at the command line, on the built-in December."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from rosterkit.cli import app

_PLAIN = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}


def run(*args: object) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args], env=_PLAIN)


@pytest.fixture(scope="module")
def december(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("replan")
    roster = folder / "december.xlsx"
    result = run("generate", "-m", "2026-12", "-q", "-o", roster, "--workers", "1")
    assert result.exit_code == 0, result.output
    return roster


def test_replan_writes_the_next_revision_and_never_replaces_it(
    december: Path, tmp_path: Path
) -> None:
    changes = tmp_path / "changes.yaml"
    changes.write_text(
        "away:\n  - {officer_id: P014, start: 2026-12-12, end: 2026-12-15, kind: sick}\n",
        encoding="utf-8",
    )
    target = tmp_path / "revised.xlsx"
    args = ["replan", december, "--change", changes, "--from", "2026-12-12", "-o", target]
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "proven minimal" in result.output
    assert "P014 12-12:" in result.output
    assert target.is_file()
    checked = run("check", target)
    assert checked.exit_code == 0, checked.output
    before = target.read_bytes()
    again = run(*args)
    assert again.exit_code == 2, again.output
    assert "Traceback" not in again.output
    assert target.read_bytes() == before


def test_replan_refuses_a_change_before_the_fixed_days(december: Path, tmp_path: Path) -> None:
    changes = tmp_path / "changes.yaml"
    changes.write_text(
        "away:\n  - {officer_id: P014, start: 2026-12-02, end: 2026-12-03}\n", encoding="utf-8"
    )
    result = run("replan", december, "--change", changes, "--from", "2026-12-12")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "2026-12-12" in result.output


def test_swap_lists_checked_options(december: Path) -> None:
    result = run("swap", december, "--officer", "P017", "--day", "2026-12-12")
    assert result.exit_code == 0, result.output
    assert "1. " in result.output and "P017" in result.output


def test_calendar_writes_one_file_per_officer(december: Path, tmp_path: Path) -> None:
    folder = tmp_path / "calendars"
    result = run("calendar", december, "-o", folder)
    assert result.exit_code == 0, result.output
    files = sorted(folder.glob("*.ics"))
    assert len(files) == 62
    assert files[0].read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
