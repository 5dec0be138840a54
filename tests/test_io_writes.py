"""Writing files: atomic, all of a run's outputs or none, read-only files kept, no temporary
file left behind (also after kill -9), and errors that name the file the user gave."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rosterkit.errors import RosterInputError
from rosterkit.io import (
    all_or_none,
    check_writable,
    ledger_text,
    load_ledger,
    write_atomic,
    write_text_atomic,
)
from rosterkit.ledger import Ledger, OfficerLedger


def _temporaries(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob(".*.tmp"))


def test_a_write_killed_midway_leaves_a_temporary_file_the_next_write_removes(
    tmp_path: Path,
) -> None:
    target = tmp_path / "roster.csv"
    target.write_text("old", encoding="utf-8")
    script = (
        "import sys, time\n"
        "from rosterkit.io import write_atomic\n"
        "def slow(tmp):\n"
        "    tmp.write_text('half', encoding='utf-8')\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        f"write_atomic({str(target)!r}, slow, overwrite=True)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert target.read_text(encoding="utf-8") == "old"
    assert len(_temporaries(tmp_path)) == 1
    write_text_atomic(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert _temporaries(tmp_path) == []


def test_a_temporary_file_of_a_running_write_is_left_alone(tmp_path: Path) -> None:
    live = tmp_path / f".roster.csv.rosterkit-{os.getppid()}-abc.tmp"
    live.write_text("busy", encoding="utf-8")
    other = tmp_path / ".notes.txt.rosterkit-1-abc.tmp"  # not this target's
    other.write_text("x", encoding="utf-8")
    write_text_atomic(tmp_path / "roster.csv", "new")
    assert live.exists() and other.exists()


def test_all_or_none_writes_nothing_when_one_output_fails(tmp_path: Path) -> None:
    first, second = tmp_path / "roster.csv", tmp_path / "ledger.yaml"
    first.write_text("old roster", encoding="utf-8")
    with pytest.raises(RuntimeError), all_or_none():
        write_text_atomic(first, "new roster", overwrite=True)
        assert first.read_text(encoding="utf-8") == "old roster"  # not yet renamed
        raise RuntimeError("the ledger could not be made")
    assert first.read_text(encoding="utf-8") == "old roster"
    assert not second.exists()
    assert _temporaries(tmp_path) == []


def test_all_or_none_writes_every_output_at_the_end(tmp_path: Path) -> None:
    first, second = tmp_path / "roster.csv", tmp_path / "ledger.yaml"
    with all_or_none():
        write_text_atomic(first, "roster")
        write_text_atomic(second, "ledger")
        assert not first.exists() and not second.exists()
    assert first.read_text(encoding="utf-8") == "roster"
    assert second.read_text(encoding="utf-8") == "ledger"


def test_a_failed_write_names_the_target_not_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "roster.csv"

    def failing(tmp: Path) -> None:
        raise OSError(28, "No space left on device", str(tmp))

    with pytest.raises(RosterInputError) as caught:
        write_atomic(target, failing)
    assert str(caught.value).startswith(f"{target}: cannot write the file (No space left")
    assert ".tmp" not in str(caught.value)
    assert _temporaries(tmp_path) == []


def test_a_read_only_file_is_kept_even_when_overwriting(tmp_path: Path) -> None:
    target = tmp_path / "ledger.yaml"
    target.write_text("kept", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(RosterInputError, match="read-only"):
        write_text_atomic(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "kept"
    assert target.stat().st_mode & 0o777 == 0o444


@pytest.mark.parametrize(
    ("name", "expected"),
    [("", "is a folder"), ("missing/x.csv", "folder does not exist")],
)
def test_check_writable_refuses_what_cannot_be_written(
    tmp_path: Path, name: str, expected: str
) -> None:
    with pytest.raises(RosterInputError, match=expected):
        check_writable(tmp_path / name)


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_the_ledger_is_written_in_the_format_its_name_says(tmp_path: Path, suffix: str) -> None:
    ledger = Ledger(
        station_id="qianmen",
        year=2026,
        through="2026-11",
        officers={"P001": OfficerLedger(call_ins=3)},
    )
    path = tmp_path / f"ledger{suffix}"
    write_text_atomic(path, ledger_text(ledger, path))
    assert load_ledger(path) == ledger


@pytest.mark.parametrize("suffix", [".toml", ".txt", ""])
def test_a_ledger_name_of_another_format_is_refused(tmp_path: Path, suffix: str) -> None:
    ledger = Ledger(station_id="qianmen", year=2026)
    with pytest.raises(RosterInputError, match="name it"):
        ledger_text(ledger, tmp_path / f"ledger{suffix}")


def test_mode_of_a_new_file_is_the_ordinary_one(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        path = write_text_atomic(tmp_path / "a.csv", "x")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
