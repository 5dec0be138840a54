"""`rosterkit check --lang`: broken rules said in Chinese by default, in English on request."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import FAST, tiny_station
from typer.testing import CliRunner, Result

import rosterkit
from rosterkit import rules
from rosterkit.cli import app
from rosterkit.io import station_to_yaml
from rosterkit.roster import Roster
from rosterkit.station import DutyState, Station
from rosterkit.tables import write_long_csv

_CJK = re.compile(r"[\u4e00-\u9fff]")


def run(*args: object) -> Result:
    """`rosterkit ARGS` in-process, with output that is not a terminal."""
    plain = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}
    return CliRunner().invoke(app, [str(arg) for arg in args], env=plain)


@pytest.fixture(scope="module")
def tiny_month(tmp_path_factory: pytest.TempPathFactory) -> tuple[Station, Roster, Path]:
    """The tiny station's February 2026 solved, its station file beside it."""
    folder = tmp_path_factory.mktemp("tiny")
    station = tiny_station()
    result = rosterkit.solve(station, "2026-02", [], FAST)
    assert result.roster is not None
    station_file = folder / "station.yaml"
    station_file.write_text(station_to_yaml(station), encoding="utf-8")
    return station, result.roster, station_file


def _broken(station: Station, roster: Roster, folder: Path) -> Path:
    """The roster with R2 on a main-duty post on a day his group holds deputy duty (rule
    rotation), as a CSV table."""
    group = roster.groups["R2"]
    day = next(
        d for d in roster.period.days if station.rotation.state(group, d) is DutyState.deputy
    )
    cells = {oid: dict(row) for oid, row in roster.cells.items()}
    cells["R2"][day] = "moffice@one"
    path = folder / "edited.csv"
    write_long_csv(path, station, roster.model_copy(update={"cells": cells}))
    return path


def test_check_says_broken_rules_in_chinese_by_default(
    tiny_month: tuple[Station, Roster, Path], tmp_path: Path
) -> None:
    station, roster, station_file = tiny_month
    edited = _broken(station, roster, tmp_path)
    found = rosterkit.check(station, rosterkit.tables.read_roster_table(edited, station))
    assert {v.rule for v in found} >= {"rotation"}

    result = run("check", edited, "--station", station_file)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
    assert len(lines) == len(found)
    for violation, line in zip(found, lines, strict=True):
        assert violation.zh in line and violation.message not in line
        assert line.endswith(f"【{rules.name(violation.rule, 'zh')}】")
    r2 = station.officer("R2")
    assert any(f"{r2.name}（R2）：" in line for line in lines)
    assert f"违反规则{len(found)}处" in result.stdout
    assert "broken rules" not in result.stdout

    english = run("check", edited, "--station", station_file, "--lang", "en")
    assert english.exit_code == 1, english.output
    shown = [line for line in english.stdout.splitlines() if line.startswith("  - ")]
    for violation, line in zip(found, shown, strict=True):
        assert violation.message in line and line.endswith(f" [{violation.rule}]")
        assert not _CJK.search(line.split(": ", 1)[-1].replace(r2.name, ""))
    assert f"{len(found)} broken rules" in english.stdout
    assert f"{r2.name} (R2): " in english.stdout


def test_check_of_a_clean_roster_says_its_costs_in_the_language_asked(
    tiny_month: tuple[Station, Roster, Path], tmp_path: Path
) -> None:
    station, roster, station_file = tiny_month
    path = tmp_path / "roster.csv"
    write_long_csv(path, station, roster)
    chinese = run("check", path, "--station", station_file)
    assert chinese.exit_code == 0, chinese.output
    assert "未发现违反规则" in chinese.stdout and "软约束代价" in chinese.stdout
    assert "no broken rule" not in chinese.stdout
    english = run("check", path, "--station", station_file, "--lang", "en")
    assert english.exit_code == 0, english.output
    assert "no broken rule" in english.stdout and "未发现" not in english.stdout


def test_check_refuses_an_unknown_language(
    tiny_month: tuple[Station, Roster, Path], tmp_path: Path
) -> None:
    station, roster, station_file = tiny_month
    path = tmp_path / "roster.csv"
    write_long_csv(path, station, roster)
    result = run("check", path, "--station", station_file, "--lang", "fr")
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "--lang" in result.output


def test_the_leave_policy_refusal_is_said_in_the_language_asked(
    tiny_month: tuple[Station, Roster, Path], tmp_path: Path
) -> None:
    station, roster, station_file = tiny_month
    path = tmp_path / "roster.csv"
    write_long_csv(path, station, roster)
    first = dt.date(2026, 2, 2)
    leave = tmp_path / "leave.yaml"
    # two of one squad on annual leave the same day: the policy grants one a squad a day
    assert station.leave_policy.max_per_squad_per_day == 1
    squad = [oid for oid, group in roster.groups.items() if group == roster.groups["R1"]][:2]
    assert len(squad) == 2
    leave.write_text(
        "".join(
            f"- {{officer_id: {oid}, kind: annual, start: {first}, end: {first}}}\n"
            for oid in squad
        ),
        encoding="utf-8",
    )
    chinese = run("check", path, "--station", station_file, "--leave", leave)
    english = run("check", path, "--station", station_file, "--leave", leave, "--lang", "en")
    refused_zh = [line for line in chinese.stdout.splitlines() if line.startswith("请假未准")]
    refused_en = [line for line in english.stdout.splitlines() if "refused by the leave" in line]
    assert len(refused_zh) == len(refused_en) >= 1
    assert "refused" not in "".join(refused_zh)
