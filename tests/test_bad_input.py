"""Every bad or hostile input path as a table: a clear message, the right exit code, no
traceback, and nothing the user had lost or changed.

The cases live in `tests/bad_input/`, one module per kind of input.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bad_input.case import Case
from rosterkit.cli import app

MODULES = ("outputs", "data_files", "tables", "injection", "month_tools")

CASES: list[Case] = [
    case for name in MODULES for case in importlib.import_module(f"bad_input.{name}").CASES
]

_PLAIN = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}


def _lay_down(case: Case, folder: Path) -> dict[str, tuple[bytes, int]]:
    for name, maker in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(maker, str):
            path.write_text(maker, encoding="utf-8")
        elif isinstance(maker, bytes):
            path.write_bytes(maker)
        else:
            maker(path)
    for name, mode in case.modes.items():
        os.chmod(folder / name, mode)
    return {
        name: ((folder / name).read_bytes(), (folder / name).stat().st_mode) for name in case.kept
    }


@pytest.mark.skipif(os.name != "posix", reason="file modes and symlinks as on POSIX")
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_refused_cleanly_and_loses_nothing(case: Case, tmp_path: Path) -> None:
    before = _lay_down(case, tmp_path)
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in case.args]
    try:
        result = CliRunner().invoke(app, args, env=_PLAIN)
        kept = {
            name: ((tmp_path / name).read_bytes(), (tmp_path / name).stat().st_mode)
            for name in before
        }
    finally:
        for name in case.modes:  # let pytest clean the folder up
            os.chmod(tmp_path / name, 0o755 if (tmp_path / name).is_dir() else 0o644)
    output = result.stdout if case.stdout else result.stderr
    assert result.exit_code == case.code, result.output
    assert "Traceback" not in result.output
    assert case.message in output, result.output
    for name, (content, mode) in before.items():
        assert kept[name][0] == content, f"{name} was changed"
        assert kept[name][1] == mode, f"{name} changed its mode"
    for name in case.absent:
        assert not (tmp_path / name).exists(), f"{name} was written"
    stale = [p.name for p in tmp_path.rglob(".*.tmp")]
    assert stale == [], f"temporary files left behind: {stale}"
