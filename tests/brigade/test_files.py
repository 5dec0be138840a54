"""The brigade's files: workbook and CSV folder round trips, and bad input named by place."""

from __future__ import annotations

from pathlib import Path

import pytest

from rosterkit.brigade.data import Brigade
from rosterkit.brigade.files import read_brigade, write_brigade_csv, write_brigade_workbook
from rosterkit.errors import RosterInputError


def test_workbook_round_trip(tmp_path: Path, qianmen: Brigade) -> None:
    path = write_brigade_workbook(tmp_path / "brigade.xlsx", qianmen)
    assert read_brigade(path) == qianmen


def test_csv_round_trip(tmp_path: Path, tiny: Brigade) -> None:
    write_brigade_csv(tmp_path / "csv", tiny)
    assert read_brigade(tmp_path / "csv") == tiny


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8-sig").replace(old, new), encoding="utf-8")


def test_a_checkpoint_on_no_route_names_its_row(tmp_path: Path, tiny: Brigade) -> None:
    folder = tmp_path / "csv"
    write_brigade_csv(folder, tiny)
    with (folder / "checkpoints.csv").open("a", encoding="utf-8") as handle:
        handle.write("C9,孤点,,\r\n")
    with pytest.raises(RosterInputError) as caught:
        read_brigade(folder)
    assert "checkpoints.csv, row 6, column A (编号): is on no route" in str(caught.value)


def test_an_unknown_unit_names_its_cell(tmp_path: Path, tiny: Brigade) -> None:
    folder = tmp_path / "csv"
    write_brigade_csv(folder, tiny)
    edit(folder / "squads.csv", "S2,二队,U2", "S2,二队,U7")
    with pytest.raises(RosterInputError) as caught:
        read_brigade(folder)
    assert "squads.csv, row 3, column C (所属单位): unknown unit 'U7'" in str(caught.value)


def test_a_bad_window_names_its_cell(tmp_path: Path, tiny: Brigade) -> None:
    folder = tmp_path / "csv"
    write_brigade_csv(folder, tiny)
    edit(folder / "modes.csv", "08:00-12:00", "8-12")
    with pytest.raises(RosterInputError, match=r"modes.csv, row 2, column E \(时段\)"):
        read_brigade(folder)


def test_a_missing_table_is_named(tmp_path: Path, tiny: Brigade) -> None:
    folder = tmp_path / "csv"
    write_brigade_csv(folder, tiny)
    (folder / "routes.csv").unlink()
    with pytest.raises(RosterInputError, match=r"no routes\.csv"):
        read_brigade(folder)
