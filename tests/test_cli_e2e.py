"""End to end: the installed `rosterkit` executable, run as a person would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import rosterkit

EXECUTABLE = Path(sys.executable).parent / "rosterkit"


def rosterkit_command(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXECUTABLE), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def installed() -> Path:
    assert EXECUTABLE.is_file(), f"install the package first: no {EXECUTABLE}"
    return EXECUTABLE


def test_generate_then_check_with_the_installed_executable(installed: Path, tmp_path: Path) -> None:
    generated = rosterkit_command("generate", "--month", "2026-12", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr
    roster = tmp_path / "roster-2026-12.xlsx"
    assert roster.is_file()
    assert str(roster.resolve()) in generated.stdout
    assert generated.stderr == ""  # no terminal, so no live display

    checked = rosterkit_command("check", roster.name, "--lang", "en", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "no broken rule" in checked.stdout


def test_bad_input_exits_2_without_a_traceback(installed: Path, tmp_path: Path) -> None:
    result = rosterkit_command("generate", "--month", "2026-13", cwd=tmp_path)
    assert result.returncode == 2
    assert "between 1 and 12" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert list(tmp_path.iterdir()) == []


def test_version_of_the_executable_and_of_python_m(installed: Path, tmp_path: Path) -> None:
    expected = f"rosterkit {rosterkit.__version__}"
    assert rosterkit_command("--version", cwd=tmp_path).stdout.strip() == expected
    module = subprocess.run(
        [sys.executable, "-m", "rosterkit.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert module.stdout.strip() == expected
