"""Importing the package and the command line loads none of the heavy libraries.

Times are measured by benchmarks/startup.py, not here; these tests hold what makes them short:
OR-Tools, pandas, openpyxl, the holiday data and rich's live display load when a name or a
command needs them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import rosterkit

HEAVY = ("ortools", "pandas", "numpy", "openpyxl", "holidays", "chinese_calendar", "rich.live")


def loaded_after(statement: str) -> list[str]:
    """The heavy modules a fresh interpreter holds after running `statement`."""
    code = (
        "import json, sys\n"
        f"{statement}\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


@pytest.mark.parametrize("statement", ["import rosterkit", "import rosterkit.cli"])
def test_import_loads_no_heavy_library(statement: str) -> None:
    assert loaded_after(statement) == []


def test_help_and_version_load_no_heavy_library() -> None:
    statement = (
        "from rosterkit.cli import app\n"
        "for args in (['--version'], ['--help'], ['generate', '--help']):\n"
        "    try:\n"
        "        app(args, prog_name='rosterkit')\n"
        "    except SystemExit:\n"
        "        pass"
    )
    assert loaded_after(statement) == []


def test_a_name_loads_its_module_when_first_used() -> None:
    assert "ortools" in loaded_after("import rosterkit; rosterkit.solve")


def test_every_exported_name_resolves() -> None:
    for name in rosterkit.__all__:
        assert getattr(rosterkit, name) is not None, name
    assert set(rosterkit.__all__) <= set(dir(rosterkit))
    assert rosterkit.__version__
    with pytest.raises(AttributeError, match="no_such_name"):
        rosterkit.no_such_name  # type: ignore[attr-defined]  # noqa: B018
