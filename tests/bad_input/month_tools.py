"""Bad-input cases: the month's tools after the roster (replan and swap, dispatch, appraisal,
the brigade, batch).

Their input files (changes, pins, incident log, earlier figures, brigade tables, check-in log,
station folder) are refused with the file, row and column, and no output lands on an input or
on a file that is there without --force.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from bad_input.case import Case, FileMaker
from bad_input.tables import _december_workbook
from rosterkit.brigade.builtin import build
from rosterkit.brigade.files import TABLE_BY_KEY, brigade_tables, csv_text

_INCIDENTS = "id,time,community,grid,type,case\n"
_INCIDENT = "I0001,2026-12-01 03:58:00,caochang,caochang_g3,help,\n"
_HISTORY = "period,community,grid,incidents,cases\n"
_CHECKINS = "time,squad,checkpoint,guard\n"
_CHANGE = {"change.yaml": "away: []\n"}
_REPLAN = ("replan", "{tmp}/roster.xlsx", "--from", "2026-12-12", "-t", "5")
_REPLAN_CHANGE = (*_REPLAN, "--change", "{tmp}/change.yaml")
_SWAP = ("swap", "{tmp}/roster.xlsx", "--officer", "P015", "--day", "2026-12-12")
_DISPATCH = ("dispatch", "run", "--roster", "{tmp}/roster.xlsx")
_APPRAISE = ("appraise", "init", "-m", "2026-12", "--roster", "{tmp}/roster.xlsx")
_BATCH = ("batch", "{tmp}/stations", "-m", "2026-12", "-q", "-t", "5", "-w", "1")
_BRIGADE_PLAN = ("brigade", "plan", "-m", "2026-11", "-t", "5")
_BRIGADE_REPORT = ("brigade", "report", "--plan", "{tmp}/plan.json", "--log", "{tmp}/log.csv")


def _roster(path: Path) -> None:
    path.write_bytes(_december_workbook())


@cache
def _november_plan() -> bytes:
    """The built-in brigade's November 2026 plan as `rosterkit brigade plan` writes it."""
    from typer.testing import CliRunner

    from rosterkit.cli import app

    with tempfile.TemporaryDirectory() as folder:
        result = CliRunner().invoke(app, [*_BRIGADE_PLAN, "-o", f"{folder}/plan.xlsx"])
        assert result.exit_code == 0, result.output
        return (Path(folder) / "plan.json").read_bytes()


def _plan(path: Path) -> None:
    path.write_bytes(_november_plan())


def _refused(
    id: str,
    args: tuple[str, ...],
    message: str,
    files: Mapping[str, FileMaker],
    out: str | None = None,
) -> Case:
    """`args` on the built-in December roster (roster.xlsx) and `files`: exit 2 with `message`,
    every file kept, and `out` (if given) not written."""
    every: dict[str, FileMaker] = {"roster.xlsx": _roster, **files}
    return Case(
        id=id,
        args=args,
        code=2,
        message=message,
        files=every,
        kept=tuple(every),
        absent=(out,) if out else (),
    )


def _brigade_csv(squads: Callable[[list[str], list[list[Any]]], str]) -> dict[str, FileMaker]:
    """The built-in brigade as a CSV folder `data/`, its squads table written by `squads`
    (given the headers and rows)."""
    files: dict[str, FileMaker] = {}
    for key, (headers, rows) in brigade_tables(build()).items():
        name = "data/" + TABLE_BY_KEY[key].file_name
        files[name] = squads(headers, rows) if key == "squads" else csv_text(headers, rows)
    return files


def _squads_of_unit(unit: str) -> Callable[[list[str], list[list[Any]]], str]:
    def write(headers: list[str], rows: list[list[Any]]) -> str:
        first = list(rows[0])
        first[2] = unit
        return csv_text(headers, [first, *rows[1:]])

    return write


def _squads_first_columns(count: int) -> Callable[[list[str], list[list[Any]]], str]:
    def write(headers: list[str], rows: list[list[Any]]) -> str:
        return csv_text(headers[:count], [row[:count] for row in rows])

    return write


CASES: list[Case] = [
    # replan --change, --pins
    _refused(
        "replan-change-yaml-malformed",
        (*_REPLAN_CHANGE, "-o", "{tmp}/r2.xlsx"),
        "change.yaml: not valid YAML: line 2, column 1",
        {"change.yaml": "away: [\n"},
        "r2.xlsx",
    ),
    _refused(
        "replan-change-unknown-key",
        (*_REPLAN_CHANGE, "-o", "{tmp}/r2.xlsx"),
        "change.yaml: invalid content:\n  at aways: Extra inputs are not permitted",
        {"change.yaml": "aways:\n  - {officer_id: P015, start: 2026-12-12, end: 2026-12-15}\n"},
        "r2.xlsx",
    ),
    _refused(
        "replan-change-unknown-officer",
        (*_REPLAN_CHANGE, "-o", "{tmp}/r2.xlsx"),
        "change.yaml: the changes do not fit the roster:\n  away 1: unknown officer 'P999'; "
        "use the id of an officer of the roster",
        {"change.yaml": "away:\n  - {officer_id: P999, start: 2026-12-12, end: 2026-12-15}\n"},
        "r2.xlsx",
    ),
    _refused(
        "replan-pins-missing-field",
        (*_REPLAN_CHANGE, "--pins", "{tmp}/pins.yaml", "-o", "{tmp}/r2.xlsx"),
        "pins.yaml: invalid content:\n  at pins.0.officer_id: Field required",
        {**_CHANGE, "pins.yaml": "pins:\n  - {officer: P016, day: 2026-12-13}\n"},
        "r2.xlsx",
    ),
    _refused(
        "replan-pins-unknown-officer",
        (*_REPLAN_CHANGE, "--pins", "{tmp}/pins.yaml", "-o", "{tmp}/r2.xlsx"),
        "pins.yaml: pins: unknown officer 'P999'; use the id of an officer of the roster",
        {**_CHANGE, "pins.yaml": "pins:\n  - {officer_id: P999, day: 2026-12-13}\n"},
        "r2.xlsx",
    ),
    _refused(
        "replan-onto-the-roster-with-force",
        (*_REPLAN_CHANGE, "-o", "{tmp}/roster.xlsx", "--force"),
        "-o names the ROSTER input of this run",
        _CHANGE,
    ),
    _refused(
        "replan-onto-the-change-file-with-force",
        (*_REPLAN_CHANGE, "-o", "{tmp}/change.yaml", "--force"),
        "-o names the --change input of this run",
        _CHANGE,
    ),
    _refused(
        "replan-onto-the-pins-file-with-force",
        (*_REPLAN_CHANGE, "--pins", "{tmp}/pins.xlsx", "-o", "{tmp}/pins.xlsx", "--force"),
        "-o names the --pins input of this run",
        {**_CHANGE, "pins.xlsx": "pins: []\n"},
    ),
    _refused(
        "replan-diff-onto-the-change-file-with-force",
        (*_REPLAN_CHANGE, "-o", "{tmp}/r2.xlsx", "--diff", "{tmp}/change.yaml", "--force"),
        "change.yaml: the diff is written as .csv or .json",
        _CHANGE,
        "r2.xlsx",
    ),
    _refused(
        "replan-existing-output-without-force",
        (*_REPLAN_CHANGE, "-o", "{tmp}/r2.xlsx"),
        "r2.xlsx: file exists and is kept; choose another name, or replace it with --force",
        {**_CHANGE, "r2.xlsx": "old"},
    ),
    _refused(
        "swap-pins-malformed",
        (*_SWAP, "--pins", "{tmp}/pins.yaml"),
        "pins.yaml: not valid YAML: line 2, column 1",
        {"pins.yaml": "pins: [\n"},
    ),
    _refused(
        "swap-apply-onto-the-pins-file-with-force",
        (*_SWAP, "--apply", "1", "--pins", "{tmp}/pins.yaml", "-o", "{tmp}/pins.yaml", "--force"),
        "-o names the --pins input of this run",
        {"pins.yaml": "pins: []\n"},
    ),
    # dispatch run --incidents
    _refused(
        "dispatch-incidents-missing-column",
        (*_DISPATCH, "--incidents", "{tmp}/inc.csv", "-o", "{tmp}/d.json"),
        "inc.csv, row 1: missing column(s) type (type); the header row must name",
        {"inc.csv": "id,time,community\nI1,2026-12-03 10:00,dajiang\n"},
        "d.json",
    ),
    _refused(
        "dispatch-incidents-unknown-community",
        (*_DISPATCH, "--incidents", "{tmp}/inc.csv", "-o", "{tmp}/d.json"),
        "incident 1 (I0001): unknown community 'nowhere' (known: caochang, dajiang, qiandong)",
        {"inc.csv": _INCIDENTS + _INCIDENT.replace(",caochang,", ",nowhere,")},
        "d.json",
    ),
    _refused(
        "dispatch-incidents-xlsx-not-a-workbook",
        (*_DISPATCH, "--incidents", "{tmp}/inc.xlsx", "-o", "{tmp}/d.json"),
        "inc.xlsx: cannot open as an Excel workbook",
        {"inc.xlsx": b"PK\x03\x04garbage"},
        "d.json",
    ),
    _refused(
        "dispatch-onto-the-incident-log-with-force",
        (*_DISPATCH, "--incidents", "{tmp}/inc.xlsx", "-o", "{tmp}/inc.xlsx", "--force"),
        "-o names the --incidents input of this run",
        {"inc.xlsx": b"PK\x03\x04garbage"},
    ),
    _refused(
        "dispatch-onto-the-roster-with-force",
        (*_DISPATCH, "--incidents", "{tmp}/inc.csv", "-o", "{tmp}/roster.xlsx", "--force"),
        "-o names the --roster input of this run",
        {"inc.csv": _INCIDENTS + _INCIDENT},
    ),
    _refused(
        "dispatch-existing-result-without-force",
        (*_DISPATCH, "--incidents", "{tmp}/inc.csv", "-o", "{tmp}/d.json"),
        "d.json: file exists and is kept",
        {"inc.csv": _INCIDENTS + _INCIDENT, "d.json": "{}"},
    ),
    # appraise init --history
    _refused(
        "appraise-history-missing-column",
        (*_APPRAISE, "--history", "{tmp}/history.csv", "-o", "{tmp}/a.xlsx"),
        "history.csv, row 1: missing column(s) cases (cases)",
        {"history.csv": "period,community,incidents\n2025-12,dajiang,3\n"},
        "a.xlsx",
    ),
    _refused(
        "appraise-history-unknown-community",
        (*_APPRAISE, "--history", "{tmp}/history.csv", "-o", "{tmp}/a.xlsx"),
        "history.csv, row 2, column B (community): unknown community 'nowhere'",
        {"history.csv": _HISTORY + "2025-12,nowhere,,3,1\n"},
        "a.xlsx",
    ),
    _refused(
        "appraise-history-yaml-malformed",
        (*_APPRAISE, "--history", "{tmp}/history.yaml", "-o", "{tmp}/a.xlsx"),
        "history.yaml: not valid YAML",
        {"history.yaml": "history: [\n"},
        "a.xlsx",
    ),
    _refused(
        "appraise-onto-the-history-with-force",
        (*_APPRAISE, "--history", "{tmp}/history.xlsx", "-o", "{tmp}/history.xlsx", "--force"),
        "-o names the --history input of this run",
        {"history.xlsx": b"PK\x03\x04garbage"},
    ),
    _refused(
        "appraise-existing-workbook-without-force",
        (*_APPRAISE, "--history", "{tmp}/history.csv", "-o", "{tmp}/a.xlsx"),
        "a.xlsx: file exists and is kept",
        {"history.csv": _HISTORY + "2025-12,dajiang,,3,1\n", "a.xlsx": "old"},
    ),
    # brigade plan|check --data, report --log
    _refused(
        "brigade-csv-folder-squad-of-an-unknown-unit",
        (*_BRIGADE_PLAN, "--data", "{tmp}/data", "-o", "{tmp}/p.xlsx"),
        "data/squads.csv, row 2, column C (所属单位): unknown unit 'U99'",
        _brigade_csv(_squads_of_unit("U99")),
        "p.xlsx",
    ),
    _refused(
        "brigade-csv-folder-missing-columns",
        (*_BRIGADE_PLAN, "--data", "{tmp}/data", "-o", "{tmp}/p.xlsx"),
        "data/squads.csv, row 1: missing column(s) members (队员人数), group (功能小组)",
        _brigade_csv(_squads_first_columns(3)),
        "p.xlsx",
    ),
    _refused(
        "brigade-csv-folder-binary-table",
        (*_BRIGADE_PLAN, "--data", "{tmp}/data", "-o", "{tmp}/p.xlsx"),
        "data/squads.csv, line 1: a NUL byte",
        _brigade_csv(lambda headers, rows: "\x00\x01garbage"),
        "p.xlsx",
    ),
    _refused(
        "brigade-workbook-not-a-zip",
        (*_BRIGADE_PLAN, "--data", "{tmp}/brigade.xlsx", "-o", "{tmp}/p.xlsx"),
        "brigade.xlsx: cannot open as an Excel workbook",
        {"brigade.xlsx": b"garbage"},
        "p.xlsx",
    ),
    _refused(
        "brigade-plan-onto-the-workbook-with-force",
        (*_BRIGADE_PLAN, "--data", "{tmp}/brigade.xlsx", "-o", "{tmp}/brigade.xlsx", "--force"),
        "-o names the --data input of this run",
        {"brigade.xlsx": b"garbage"},
    ),
    _refused(
        "brigade-plan-json-beside-exists-without-force",
        (*_BRIGADE_PLAN, "-o", "{tmp}/p.xlsx"),
        "p.json: file exists and is kept",
        {"p.json": "old"},
        "p.xlsx",
    ),
    _refused(
        "brigade-check-plan-json-malformed",
        ("brigade", "check", "{tmp}/plan.json"),
        "plan.json: not a brigade plan",
        {"plan.json": '{"x": ['},
    ),
    _refused(
        "brigade-check-csv-folder-squad-of-an-unknown-unit",
        ("brigade", "check", "{tmp}/plan.json", "--data", "{tmp}/data"),
        "data/squads.csv, row 2, column C (所属单位): unknown unit 'U99'",
        {"plan.json": "{}", **_brigade_csv(_squads_of_unit("U99"))},
    ),
    _refused(
        "brigade-report-log-missing-column",
        (*_BRIGADE_REPORT, "-o", "{tmp}/r.xlsx"),
        "log.csv, row 1: missing column(s) checkpoint (打卡点), guard (队员)",
        {"plan.json": _plan, "log.csv": "time,squad\n2026-11-01 08:00,S01\n"},
        "r.xlsx",
    ),
    _refused(
        "brigade-report-map-onto-the-log-with-force",
        (*_BRIGADE_REPORT, "-o", "{tmp}/r.xlsx", "--map", "{tmp}/log.csv", "--force"),
        "--map names the --log input of this run",
        {"plan.json": _plan, "log.csv": _CHECKINS},
        "r.xlsx",
    ),
    # batch FOLDER
    Case(
        id="batch-folder-without-stations",
        args=_BATCH,
        code=2,
        message="stations: holds no station file; put each station's NAME.yaml",
        files={"stations/readme.txt": "x"},
        kept=("stations/readme.txt",),
        absent=("stations/roster-2026-12",),
    ),
    Case(
        id="batch-output-folder-is-a-station-file",
        args=(*_BATCH, "-o", "{tmp}/stations/a.yaml", "--force"),
        code=2,
        message="stations/a.yaml: is a file, not a folder; choose an output folder",
        files={"stations/a.yaml": "id: [\n"},
        kept=("stations/a.yaml",),
    ),
    Case(
        id="batch-foreign-file-in-the-district-workbook-place",
        args=_BATCH,
        code=2,
        message="district-2026-12.xlsx: exists and is not the district workbook of a batch",
        files={"stations/a.yaml": "id: [\n", "stations/roster-2026-12/district-2026-12.xlsx": "x"},
        kept=("stations/a.yaml", "stations/roster-2026-12/district-2026-12.xlsx"),
    ),
]
