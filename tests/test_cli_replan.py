"""`rosterkit replan`, `swap` and `calendar` at the command line, on the built-in December: in
Chinese by default and in English with --lang en."""

from __future__ import annotations

import re
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
    result = run(*args, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "proven minimal" in result.output and "passes" in result.output
    assert "P014 12-12:" in result.output and "(P014 sick 12-12..12-15)" in result.output
    assert "已证明" not in result.output
    assert target.is_file()
    checked = run("check", target)
    assert checked.exit_code == 0, checked.output
    before = target.read_bytes()
    again = run(*args)
    assert again.exit_code == 2, again.output
    assert "Traceback" not in again.output
    assert target.read_bytes() == before


def test_replan_speaks_chinese_by_default(december: Path, tmp_path: Path) -> None:
    changes = tmp_path / "changes.yaml"
    changes.write_text(
        "away:\n  - {officer_id: P014, start: 2026-12-12, end: 2026-12-15, kind: sick}\n",
        encoding="utf-8",
    )
    target = tmp_path / "revised.xlsx"
    result = run("replan", december, "--change", changes, "--from", "2026-12-12", "-o", target)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "状态" in out and "已证明最少" in out and "独立校验通过" in out
    # each changed cell with the workbook's labels and its reason in Chinese
    assert "P014 12-12：" in out and "（P014 病假 12-12..12-15）" in out and "→ 假" in out
    assert "proven" not in out and "sick" not in out and "->" not in out
    # the workbook's changes sheet gives the reasons in Chinese too
    import openpyxl

    sheet = openpyxl.load_workbook(target, read_only=True)["变更"]
    reasons = [row[5] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert reasons and all("病假" in str(reason) for reason in reasons)


def test_replan_refuses_a_change_before_the_fixed_days(december: Path, tmp_path: Path) -> None:
    changes = tmp_path / "changes.yaml"
    changes.write_text(
        "away:\n  - {officer_id: P014, start: 2026-12-02, end: 2026-12-03}\n", encoding="utf-8"
    )
    result = run("replan", december, "--change", changes, "--from", "2026-12-12")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "2026-12-12" in result.output


def test_a_change_that_cannot_be_met_is_said_in_chinese(december: Path, tmp_path: Path) -> None:
    # every officer of the station away on the 12th: nobody left to roster that day
    from rosterkit.stations import qianmen

    away = "".join(
        f"  - {{officer_id: {o.id}, start: 2026-12-12, end: 2026-12-12}}\n"
        for o in qianmen().officers
    )
    changes = tmp_path / "changes.yaml"
    changes.write_text("away:\n" + away, encoding="utf-8")
    args = ["replan", december, "--change", changes, "--from", "2026-12-12", "-o", tmp_path]
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert "从2026-12-12起无法按这些变更重排（无解）：" in result.output
    reasons = [line for line in result.output.splitlines() if line.startswith("  - ")]
    assert reasons and all(any("\u4e00" <= ch <= "\u9fff" for ch in line) for line in reasons)
    english = run(*args, "--lang", "en")
    assert english.exit_code == 1 and "The changes cannot be met from 2026-12-12" in english.output
    assert not list(tmp_path.glob("*.xlsx"))


def test_swap_lists_checked_options(december: Path) -> None:
    result = run("swap", december, "--officer", "P017", "--day", "2026-12-12", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "1. " in result.output and "P017" in result.output and " takes " in result.output
    chinese = run("swap", december, "--officer", "P017", "--day", "2026-12-12")
    assert chinese.exit_code == 0, chinese.output
    assert "代价" in chinese.output and " takes " not in chinese.output


def _takes(output: str) -> list[tuple[str, str]]:
    """Each (officer, day) an option of `swap --lang en` has take a duty."""
    return re.findall(r"(P\d+) takes \S+ on (\d\d-\d\d)", output)


def test_swap_moves_no_pinned_day(december: Path, tmp_path: Path) -> None:
    args = ["swap", december, "--officer", "P017", "--day", "2026-12-12", "--lang", "en"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    officer, day = next((o, d) for o, d in _takes(result.output) if o != "P017")
    pins = tmp_path / "pins.yaml"
    pins.write_text(f"pins:\n  - {{officer_id: {officer}, day: 2026-{day}}}\n", encoding="utf-8")
    pinned = run(*args, "--pins", pins)
    assert pinned.exit_code in (0, 1), pinned.output
    assert (officer, day) not in _takes(pinned.output)
    asked = tmp_path / "asked.yaml"
    asked.write_text("pins:\n  - {officer_id: P017, day: 2026-12-12}\n", encoding="utf-8")
    refused = run(*args, "--pins", asked)
    assert refused.exit_code == 2 and "is pinned" in refused.output


def test_swap_offers_no_day_before_from(december: Path) -> None:
    # by default --from is the day asked about: no earlier day is offered in return
    result = run("swap", december, "--officer", "P017", "--day", "2026-12-12", "--limit", "100")
    assert result.exit_code == 0, result.output
    days = {int(d) for d in re.findall(r"12-(\d\d) 上", result.output)}
    assert days and min(days) >= 12
    # an earlier --from lets earlier days back in; a later one is refused
    earlier = run(
        "swap",
        december,
        "--officer",
        "P017",
        "--day",
        "2026-12-12",
        "--from",
        "2026-12-01",
        "--limit",
        "100",
    )
    assert earlier.exit_code == 0, earlier.output
    assert min(int(d) for d in re.findall(r"12-(\d\d) 上", earlier.output)) < 12
    later = run(
        "swap", december, "--officer", "P017", "--day", "2026-12-12", "--from", "2026-12-13"
    )
    assert later.exit_code == 2 and "cannot be swapped" in later.output
    assert "Traceback" not in later.output


def test_calendar_writes_one_file_per_officer(december: Path, tmp_path: Path) -> None:
    folder = tmp_path / "calendars"
    result = run("calendar", december, "-o", folder)
    assert result.exit_code == 0, result.output
    assert "已写入62个日历文件" in result.output
    files = sorted(folder.glob("*.ics"))
    assert len(files) == 62
    assert files[0].read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
