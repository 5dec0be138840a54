"""The long table as CSV and JSON: byte-stable, sorted, and read back into the same roster."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from rosterkit import Leave, Roster, SolveOptions, SolveStatus, check, solve
from rosterkit.errors import RosterInputError
from rosterkit.station import Station
from rosterkit.stations import qianmen
from rosterkit.tables import (
    COLUMNS,
    long_rows,
    read_roster_table,
    write_long_csv,
    write_long_json,
)

LEAVE_LIST = [Leave(officer_id="P030", start=dt.date(2026, 12, 14), end=dt.date(2026, 12, 16))]


@pytest.fixture(scope="module")
def station() -> Station:
    return qianmen()


@pytest.fixture(scope="module")
def roster(station: Station) -> Roster:
    result = solve(station, "2026-12", LEAVE_LIST, SolveOptions(workers=1, time_limit=30))
    assert result.status in (SolveStatus.optimal, SolveStatus.feasible)
    assert result.roster is not None
    return result.roster


@pytest.mark.parametrize("writer", [write_long_csv, write_long_json])
def test_same_roster_gives_the_same_bytes(
    tmp_path: Path, station: Station, roster: Roster, writer: object
) -> None:
    suffix = ".csv" if writer is write_long_csv else ".json"
    first = writer(tmp_path / f"a{suffix}", station, roster)  # type: ignore[operator]
    shuffled = roster.model_copy(
        update={"cells": {oid: roster.cells[oid] for oid in reversed(list(roster.cells))}}
    )
    second = writer(tmp_path / f"b{suffix}", station, shuffled)  # type: ignore[operator]
    assert first.read_bytes() == second.read_bytes()


def test_csv_is_sorted_with_the_documented_columns(
    tmp_path: Path, station: Station, roster: Roster
) -> None:
    path = write_long_csv(tmp_path / "long.csv", station, roster)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    assert tuple(lines[0]) == COLUMNS
    body = lines[1:]
    assert len(body) == len(station.officers) * 31
    assert body == sorted(body, key=lambda line: (line[0], line[1]))
    assert b"\r\n" not in path.read_bytes()
    leave_rows = [line for line in body if line[0] == "P030" and line[3] == "leave"]
    assert [line[1] for line in leave_rows] == ["2026-12-14", "2026-12-15", "2026-12-16"]
    assert all(line[4] == "" for line in leave_rows)


def test_states_and_call_ins_follow_the_roster(station: Station, roster: Roster) -> None:
    for row in long_rows(station, roster):
        value = roster.value(row.officer_id, row.date)
        assert row.post == ("" if value in ("rest", "leave", "off") else value)
        assert row.call_in == roster.is_call_in(station, row.officer_id, row.date)
        group_state = roster.state(station, row.officer_id, row.date)
        if value in ("leave", "off"):
            assert row.state == value
        elif group_state is not None:
            assert row.state == group_state.value
        else:
            assert row.state in ("main", "shift")  # a stand-in commander or a street patrol


def test_json_holds_station_month_columns_and_rows(
    tmp_path: Path, station: Station, roster: Roster
) -> None:
    path = write_long_json(tmp_path / "long.json", station, roster)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["station_id"] == "qianmen" and document["month"] == "2026-12"
    assert document["columns"] == list(COLUMNS)
    assert document["rows"][0] == {
        "officer_id": "P001",
        "date": "2026-12-01",
        "duty_group": None,
        "state": "off",
        "post": "",
        "call_in": False,
    }


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_tables_read_back_into_the_same_roster(
    tmp_path: Path, station: Station, roster: Roster, suffix: str
) -> None:
    writer = write_long_csv if suffix == ".csv" else write_long_json
    path = writer(tmp_path / f"long{suffix}", station, roster)
    back = read_roster_table(path, station)
    assert back == roster
    assert check(station, back, LEAVE_LIST) == []


def test_an_existing_table_is_kept_unless_overwrite(
    tmp_path: Path, station: Station, roster: Roster
) -> None:
    path = tmp_path / "long.csv"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(RosterInputError, match="file exists"):
        write_long_csv(path, station, roster)
    assert path.read_text(encoding="utf-8") == "mine"
    write_long_csv(path, station, roster, overwrite=True)
    assert path.read_text(encoding="utf-8").startswith("officer_id,")


def edited_csv(tmp_path: Path, station: Station, roster: Roster, line: int, text: str) -> Path:
    path = write_long_csv(tmp_path / "long.csv", station, roster)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "text", "message"),
    [
        (2, "P999,2026-12-01,,off,,false", r"row 2: column officer_id: unknown officer 'P999'"),
        (2, "P001,2026-12-32,,off,,false", r"row 2, column date: '2026-12-32' is not a date"),
        (2, "P001,2027-01-01,,off,,false", r"row 2: column date: 2027-01-01 lies outside"),
        (2, "P001,2026-12-01,,off,bridge,false", r"row 2: column post: unknown post 'bridge'"),
        (2, "P001,2026-12-01,,main,,false", r"row 2: column state: 'main' without a post"),
        (3, "P001,2026-12-01,,off,,false", r"row 3: officer 'P001' has a second row"),
        (2, "P001,2026-12-01,x,off,,false", r"row 2, column duty_group: 'x' is not a duty group"),
        (1, "officer_id,date,group,post", r"row 1: missing column\(s\) state"),
    ],
)
def test_bad_table_rows_name_row_and_column(
    tmp_path: Path, station: Station, roster: Roster, line: int, text: str, message: str
) -> None:
    path = edited_csv(tmp_path, station, roster, line, text)
    with pytest.raises(RosterInputError, match=message) as caught:
        read_roster_table(path, station)
    assert "long.csv" in str(caught.value)


def test_a_duty_group_that_changes_between_rows_is_refused(
    tmp_path: Path, station: Station, roster: Roster
) -> None:
    path = write_long_csv(tmp_path / "long.csv", station, roster)
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("P003,2026-12-02"))
    fields = lines[index].split(",")
    fields[2] = "3" if fields[2] != "3" else "2"
    lines[index] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RosterInputError, match="P003' is in duty group"):
        read_roster_table(path, station)


def test_wrong_table_files_are_input_errors(tmp_path: Path, station: Station) -> None:
    with pytest.raises(RosterInputError, match="file not found"):
        read_roster_table(tmp_path / "none.csv", station)
    (tmp_path / "t.xlsx").write_bytes(b"x")
    with pytest.raises(RosterInputError, match=r"unknown file type '\.xlsx'"):
        read_roster_table(tmp_path / "t.xlsx", station)
    (tmp_path / "t.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(RosterInputError, match="not valid JSON"):
        read_roster_table(tmp_path / "t.json", station)
    (tmp_path / "o.json").write_text('{"station_id": "dongsi", "rows": []}', encoding="utf-8")
    with pytest.raises(RosterInputError, match="for station 'dongsi', not 'qianmen'"):
        read_roster_table(tmp_path / "o.json", station)
    (tmp_path / "e.csv").write_text("officer_id,date,duty_group,state,post\n", encoding="utf-8")
    with pytest.raises(RosterInputError, match="holds no rows"):
        read_roster_table(tmp_path / "e.csv", station)
