"""A district at once (`rosterkit.batch`, ``rosterkit batch``): the folder's naming convention,
each station's outcome, skipping what is done, outputs written safely, the district workbook,
and the same rosters whatever the executor (serial, local processes, Ray in local mode).

Stations here are the tests' tiny station and generated ones that solve in well under a second.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import openpyxl
import pytest
import yaml
from conftest import tiny_station
from typer.testing import CliRunner, Result

import rosterkit
from rosterkit import SolveOptions
from rosterkit.batch import (
    BatchProgress,
    JobOutput,
    LocalProcesses,
    Part,
    RayCluster,
    Serial,
    StationJob,
    StationOutcome,
    StationStatus,
    StationSummary,
    district_path,
    run_batch,
    scan_folder,
    workbook_path,
)
from rosterkit.batch.marks import read_marks
from rosterkit.cli import app
from rosterkit.errors import RosterInputError
from rosterkit.excel import read_embedded_station, read_roster, write_templates
from rosterkit.io import load_ledger, station_to_yaml, station_without_officers_to_yaml
from rosterkit.station import Station
from rosterkit.stations import layout

MONTH = "2027-01"
QUICK = SolveOptions(time_limit=20)
"""One deterministic CP-SAT worker (the default) and a short limit: every station here solves
to optimality in under a second."""


def short_station() -> Station:
    """A station too small for its posts: the count shows it short before any search."""
    station = layout(1, community_size=8, command_size=6, case_size=6, patrol_size=4)
    return station.model_copy(update={"name": "人手不足所"})


def leave_of(station: Station) -> str:
    """Five days of annual leave for every sixth rotating officer, spread over January."""
    rotating = [o for o in station.officers if station.rotates(o)]
    first = dt.date(2027, 1, 1)
    items = [
        {
            "officer_id": o.id,
            "start": (first + dt.timedelta(days=(5 * i) % 26)).isoformat(),
            "end": (first + dt.timedelta(days=(5 * i) % 26 + 4)).isoformat(),
            "kind": "sick",
        }
        for i, o in enumerate(rotating[::6])
    ]
    return yaml.safe_dump(items)


def write_district(folder: Path) -> Path:
    """A district of four stations: two that roster, one short of people, one broken file."""
    folder.mkdir(parents=True, exist_ok=True)
    tiny = tiny_station(patrol=3)
    (folder / "tiny.yaml").write_text(station_to_yaml(tiny), encoding="utf-8")
    (folder / "tiny.ledger.yaml").write_text("station_id: tiny\nyear: 2027\n", encoding="utf-8")
    big = layout(1)
    (folder / "qianmen.yaml").write_text(station_to_yaml(big), encoding="utf-8")
    (folder / "qianmen.leave.yaml").write_text(leave_of(big), encoding="utf-8")
    (folder / "short.yaml").write_text(station_to_yaml(short_station()), encoding="utf-8")
    (folder / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def serial_run(tmp_path_factory: pytest.TempPathFactory) -> rosterkit.batch.BatchResult:
    """The district rostered once, one station after another in this process."""
    folder = write_district(tmp_path_factory.mktemp("district") / "stations")
    return run_batch(folder, MONTH, executor=Serial(), options=QUICK)


def by_name(outcomes: tuple[StationOutcome, ...]) -> dict[str, StationOutcome]:
    return {outcome.name: outcome for outcome in outcomes}


# --- the folder -----------------------------------------------------------------------------------


def test_scan_groups_each_stations_files_by_the_naming_convention(tmp_path: Path) -> None:
    for name in (
        "north.yaml",
        "north.officers.xlsx",
        "north.leave.csv",
        "north.ledger.json",
        "north.previous.json",
        "south.toml",
        "README.md",
        ".hidden.yaml",
        "~$north.officers.xlsx",
    ):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "roster-2027-01").mkdir()
    scan = scan_folder(tmp_path)
    assert [station.name for station in scan.stations] == ["north", "south"]
    north, south = scan.stations
    assert {part: path.name for part, path in north.files.items()} == {
        Part.station: "north.yaml",
        Part.officers: "north.officers.xlsx",
        Part.leave: "north.leave.csv",
        Part.ledger: "north.ledger.json",
        Part.previous: "north.previous.json",
    }
    assert north.problems == () and south.problems == ()
    assert south.files == {Part.station: tmp_path / "south.toml"}


@pytest.mark.parametrize(
    ("files", "words"),
    [
        (["east.yaml", "east.leaves.xlsx"], "unknown kind of file 'leaves'"),
        (["east.yaml", "east.officers.yaml"], "the officers file is .xlsx, .csv"),
        (["east.yaml", "east.toml"], "east.toml and east.yaml are both the station file"),
        (["east.leave.xlsx"], "no station file east.yaml"),
        (["east.station.yaml"], "without '.station'"),
    ],
)
def test_a_misnamed_file_is_its_stations_problem(
    tmp_path: Path, files: list[str], words: str
) -> None:
    for name in [*files, "west.yaml"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    stations = {station.name: station for station in scan_folder(tmp_path).stations}
    assert any(words in problem for problem in stations["east"].problems), stations["east"]
    assert stations["west"].problems == ()


def test_a_folder_without_stations_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(RosterInputError, match="holds no station file"):
        scan_folder(tmp_path)
    with pytest.raises(RosterInputError, match="does not exist"):
        scan_folder(tmp_path / "nowhere")


# --- one station's outcome never stops the others -------------------------------------------------


def test_each_station_gets_its_workbook_or_its_reasons(
    serial_run: rosterkit.batch.BatchResult,
) -> None:
    outcomes = by_name(serial_run.outcomes)
    assert {name: o.status for name, o in outcomes.items()} == {
        "broken": StationStatus.bad_input,
        "qianmen": StationStatus.rostered,
        "short": StationStatus.no_roster,
        "tiny": StationStatus.rostered,
    }
    assert not serial_run.ok
    folder = serial_run.folder
    assert str(folder / "broken.yaml") in outcomes["broken"].reasons[0]
    assert "not valid YAML" in outcomes["broken"].reasons[0]
    # The count names what is short, and the last reason is the command that finds fixes.
    assert any("班组与值班组" in reason for reason in outcomes["short"].reasons)
    assert outcomes["short"].reasons[-1].startswith("经求解验证的解决办法见 rosterkit explain")
    for name in ("broken", "short"):
        assert outcomes[name].workbook is None
        assert not workbook_path(serial_run.output, name, MONTH).exists()


def test_a_rostered_stations_workbook_carries_its_roster_and_figures(
    serial_run: rosterkit.batch.BatchResult,
) -> None:
    outcome = by_name(serial_run.outcomes)["qianmen"]
    assert outcome.workbook == workbook_path(serial_run.output, "qianmen", MONTH)
    embedded = read_embedded_station(outcome.workbook)
    assert embedded is not None
    station, leave = embedded
    assert leave  # the sick leave of qianmen.leave.yaml
    assert outcome.roster is not None
    assert read_roster(outcome.workbook, station).cells == outcome.roster.cells
    # The figures come from the result and `rosterkit.figures`, as a solve of its own gives.
    plan = rosterkit.plan_month(station, MONTH, leave, options=QUICK)
    summary = outcome.summary
    assert summary is not None
    assert (summary.objective, summary.solve_status) == (plan.result.objective, "optimal")
    assert summary.violations == 0
    assert summary.call_ins == sum(
        f.call_ins for f in rosterkit.figures.officer_figures(station, outcome.roster).values()
    )
    marks = read_marks(outcome.workbook)
    assert marks is not None and marks.summary == StationSummary(
        **{**summary.__dict__, "solve_seconds": round(summary.solve_seconds, 2)}
    )


def test_a_stations_ledger_is_written_back_with_the_month(
    serial_run: rosterkit.batch.BatchResult,
) -> None:
    outcome = by_name(serial_run.outcomes)["tiny"]
    assert outcome.ledger == serial_run.folder / "tiny.ledger.yaml"
    assert load_ledger(outcome.ledger).through == MONTH


def test_the_district_workbook_has_a_row_per_station(
    serial_run: rosterkit.batch.BatchResult,
) -> None:
    assert serial_run.district == district_path(serial_run.output, MONTH)
    workbook = openpyxl.load_workbook(serial_run.district)
    assert workbook.sheetnames == ["汇总", "原因"]
    rows = list(workbook["汇总"].iter_rows(min_row=3, values_only=True))
    header = rows[0]
    assert header[:4] == ("序号", "派出所", "文件名", "状态")
    stations = {row[2]: dict(zip(header, row, strict=True)) for row in rows[1:-1]}
    assert set(stations) == {"broken", "qianmen", "short", "tiny"}
    qianmen = by_name(serial_run.outcomes)["qianmen"].summary
    assert qianmen is not None
    assert stations["qianmen"]["状态"] == "已排班"
    assert stations["qianmen"]["代价"] == qianmen.objective
    assert stations["qianmen"]["抽调人次"] == qianmen.call_ins
    assert stations["qianmen"]["均衡代价"] == qianmen.fairness_cost
    assert stations["qianmen"]["排班表"] == "roster-qianmen-2027-01.xlsx"
    assert stations["short"]["状态"] == "无法排班" and stations["short"]["代价"] is None
    assert stations["broken"]["状态"] == "输入有误"
    # A failed station is shown by its own name where its station file could be read.
    assert stations["short"]["派出所"] == "人手不足所"
    assert stations["broken"]["派出所"] == "broken"
    assert stations["qianmen"]["派出所"] == "前门派出所"
    total = dict(zip(header, rows[-1], strict=True))
    assert total["派出所"] == "合计"
    assert total["民警人数"] == sum(
        o.summary.officers for o in serial_run.outcomes if o.summary is not None
    )
    reasons = list(workbook["原因"].iter_rows(min_row=3, values_only=True))
    assert {row[0] for row in reasons} >= {"broken", "short"}


def test_a_bug_in_one_station_is_that_stations_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_district(tmp_path / "stations")
    real = rosterkit.plan_month

    def plan_month(station: Station, *args: object, **kwargs: object) -> object:
        if station.id == "tiny":
            raise RuntimeError("boom")
        return real(station, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rosterkit, "plan_month", plan_month)
    outcomes = by_name(run_batch(folder, MONTH, executor=Serial(), options=QUICK).outcomes)
    assert outcomes["tiny"].status is StationStatus.error
    assert "internal error (RuntimeError: boom)" in outcomes["tiny"].reasons[0]
    assert outcomes["tiny"].detail is not None and "RuntimeError" in outcomes["tiny"].detail
    assert outcomes["qianmen"].status is StationStatus.rostered


@pytest.mark.skipif(os.name != "posix", reason="the crash is injected into forked workers")
def test_a_worker_that_dies_costs_only_its_own_station(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_district(tmp_path / "stations")
    real = rosterkit.plan_month

    def plan_month(station: Station, *args: object, **kwargs: object) -> object:
        if station.id == "tiny":
            os._exit(9)  # as a worker killed for memory, or a crash in native code
        return real(station, *args, **kwargs)  # type: ignore[arg-type]

    # Forked workers inherit the replaced function; the default start method would not.
    monkeypatch.setattr(rosterkit, "plan_month", plan_month)
    executor = LocalProcesses(workers=2, start_method="fork")
    outcomes = by_name(run_batch(folder, MONTH, executor=executor, options=QUICK).outcomes)
    assert outcomes["tiny"].status is StationStatus.error
    assert "stopped" in outcomes["tiny"].reasons[0]
    assert outcomes["qianmen"].status is StationStatus.rostered
    assert outcomes["short"].status is StationStatus.no_roster
    assert outcomes["broken"].status is StationStatus.bad_input


def test_a_bad_officer_list_is_named_in_the_districts_folder(tmp_path: Path) -> None:
    folder = tmp_path / "stations"
    folder.mkdir()
    station = tiny_station(patrol=3)
    (folder / "tiny.yaml").write_text(
        station_without_officers_to_yaml(station, "tiny.officers.xlsx"), encoding="utf-8"
    )
    write_templates(tmp_path, station)
    (tmp_path / "officers.xlsx").rename(folder / "tiny.officers.xlsx")
    (folder / "bad.yaml").write_text(station_without_officers_to_yaml(station, "x"), "utf-8")
    (folder / "bad.officers.csv").write_text("id,name,team\nX1,某人,nowhere\n", encoding="utf-8")
    outcomes = by_name(run_batch(folder, MONTH, executor=Serial(), options=QUICK).outcomes)
    assert outcomes["tiny"].status is StationStatus.rostered
    assert outcomes["bad"].status is StationStatus.bad_input
    reason = outcomes["bad"].reasons[0]
    assert str(folder / "bad.officers.csv") in reason and "nowhere" in reason
    assert "rosterkit-batch-" not in reason  # never the worker's temporary folder


# --- re-running: done stations are skipped, other outputs kept ------------------------------------


def test_a_second_run_skips_what_is_done_and_keeps_its_files(tmp_path: Path) -> None:
    folder = write_district(tmp_path / "stations")
    first = run_batch(folder, MONTH, executor=Serial(), options=QUICK)
    done = {o.name: o.workbook for o in first.outcomes if o.status is StationStatus.rostered}
    before = {name: path.read_bytes() for name, path in done.items() if path is not None}
    ledger = (folder / "tiny.ledger.yaml").read_bytes()
    events: list[BatchProgress] = []
    second = run_batch(folder, MONTH, executor=Serial(), options=QUICK, progress=events.append)
    outcomes = by_name(second.outcomes)
    assert {name: outcomes[name].status for name in done} == dict.fromkeys(
        done, StationStatus.skipped
    )
    assert {name: path.read_bytes() for name, path in done.items() if path} == before
    assert (folder / "tiny.ledger.yaml").read_bytes() == ledger
    # Failed stations are tried again; skipped ones keep their figures for the district.
    assert outcomes["short"].status is StationStatus.no_roster
    assert outcomes["qianmen"].summary == read_marks(done["qianmen"]).summary  # type: ignore[arg-type, union-attr]
    assert [(e.done, e.total) for e in events] == [(n, 4) for n in range(5)]
    assert events[0].outcome is None


def test_changed_inputs_keep_the_old_workbook_unless_forced(tmp_path: Path) -> None:
    folder = write_district(tmp_path / "stations")
    run_batch(folder, MONTH, executor=Serial(), options=QUICK)
    target = workbook_path(folder / f"roster-{MONTH}", "qianmen", MONTH)
    old = target.read_bytes()
    (folder / "qianmen.leave.yaml").write_text("[]\n", encoding="utf-8")
    kept = by_name(run_batch(folder, MONTH, executor=Serial(), options=QUICK).outcomes)
    assert kept["qianmen"].status is StationStatus.kept
    assert "made from other inputs" in kept["qianmen"].reasons[0]
    assert target.read_bytes() == old
    # Another seed is another run too.
    reseeded = SolveOptions(time_limit=20, seed=3)
    reseeded_run = run_batch(folder, MONTH, executor=Serial(), options=reseeded)
    assert by_name(reseeded_run.outcomes)["tiny"].status is StationStatus.kept
    forced = run_batch(folder, MONTH, executor=Serial(), options=QUICK, force=True)
    assert by_name(forced.outcomes)["qianmen"].status is StationStatus.rostered
    assert target.read_bytes() != old


def test_a_workbook_not_made_by_a_batch_is_kept(tmp_path: Path) -> None:
    folder = write_district(tmp_path / "stations")
    output = tmp_path / "out"
    output.mkdir()
    foreign = workbook_path(output, "tiny", MONTH)
    foreign.write_bytes(b"someone's own file")
    outcome = by_name(
        run_batch(folder, MONTH, output=output, executor=Serial(), options=QUICK).outcomes
    )["tiny"]
    assert outcome.status is StationStatus.kept
    assert "not written by 'rosterkit batch'" in outcome.reasons[0]
    assert foreign.read_bytes() == b"someone's own file"


def test_a_file_in_the_district_workbooks_place_is_kept(tmp_path: Path) -> None:
    folder = write_district(tmp_path / "stations")
    output = tmp_path / "out"
    output.mkdir()
    district_path(output, MONTH).write_bytes(b"not ours")
    with pytest.raises(RosterInputError, match="not the district workbook"):
        run_batch(folder, MONTH, output=output, executor=Serial(), options=QUICK)
    assert not workbook_path(output, "tiny", MONTH).exists()  # nothing was rostered


# --- the same rosters whatever the executor -------------------------------------------------------


def rosters(result: rosterkit.batch.BatchResult) -> dict[str, object]:
    return {
        o.name: (o.roster.groups, o.roster.cells) for o in result.outcomes if o.roster is not None
    }


def test_local_processes_give_the_serial_rosters(
    serial_run: rosterkit.batch.BatchResult, tmp_path: Path
) -> None:
    folder = write_district(tmp_path / "stations")
    result = run_batch(folder, MONTH, executor=LocalProcesses(workers=2), options=QUICK)
    assert result.executor == "2 processes"
    assert [o.status for o in result.outcomes] == [o.status for o in serial_run.outcomes]
    assert rosters(result) == rosters(serial_run)
    assert set(rosters(result)) == {"qianmen", "tiny"}


@pytest.fixture
def local_ray() -> Iterator[object]:
    """Ray on this machine alone, for one test, shut down after it."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def test_ray_tasks_give_the_serial_rosters(
    serial_run: rosterkit.batch.BatchResult, tmp_path: Path, local_ray: object
) -> None:
    folder = write_district(tmp_path / "stations")
    result = run_batch(folder, MONTH, executor=RayCluster("auto"), options=QUICK)
    assert [o.status for o in result.outcomes] == [o.status for o in serial_run.outcomes]
    assert rosters(result) == rosters(serial_run)
    assert local_ray.is_initialized()  # type: ignore[attr-defined]  # the caller's Ray is left running


class Recording:
    """An executor that runs the jobs one after another here and notes the order it got them."""

    def __init__(self) -> None:
        self.received: list[str] = []

    @property
    def name(self) -> str:
        return "recording"

    def session(self) -> AbstractContextManager[None]:
        return nullcontext()

    def run(self, jobs: Sequence[StationJob], done: Callable[[JobOutput], None]) -> None:
        self.received += [job.name for job in jobs]
        Serial().run(jobs, done)


def test_the_largest_stations_go_first_and_the_results_stay_in_name_order(
    serial_run: rosterkit.batch.BatchResult, tmp_path: Path
) -> None:
    folder = write_district(tmp_path / "stations")
    # A station whose officers come from its officer list is as large as that list.
    station = tiny_station(patrol=3)
    (folder / "listed.yaml").write_text(
        station_without_officers_to_yaml(station, "listed.officers.xlsx"), encoding="utf-8"
    )
    write_templates(tmp_path, station)
    (tmp_path / "officers.xlsx").rename(folder / "listed.officers.xlsx")
    recording = Recording()
    result = run_batch(folder, MONTH, executor=recording, options=QUICK)
    # qianmen 62 officers, short 42, listed and tiny 10 each (by name), broken unreadable.
    assert recording.received == ["qianmen", "short", "listed", "tiny", "broken"]
    assert [o.name for o in result.outcomes] == ["broken", "listed", "qianmen", "short", "tiny"]
    assert by_name(result.outcomes)["listed"].status is StationStatus.rostered
    assert {k: v for k, v in rosters(result).items() if k != "listed"} == rosters(serial_run)
    workbook = openpyxl.load_workbook(result.district)
    files = [row[2] for row in workbook["汇总"].iter_rows(min_row=4, values_only=True)][:-1]
    assert files == ["broken", "listed", "qianmen", "short", "tiny"]


# --- last month's workbook as the previous roster -------------------------------------------------


def two_tiny_stations(folder: Path) -> Path:
    """Two tiny stations: 'north' with no previous roster of its own, 'south' with one."""
    folder.mkdir(parents=True, exist_ok=True)
    station = tiny_station(patrol=3)
    for name in ("north", "south"):
        (folder / f"{name}.yaml").write_text(station_to_yaml(station), encoding="utf-8")
    return folder


def test_last_months_workbook_is_the_previous_roster_of_a_station_without_one(
    tmp_path: Path,
) -> None:
    folder = two_tiny_stations(tmp_path / "stations")
    first = run_batch(folder, "2026-12", executor=Serial(), options=QUICK)
    assert first.ok and all(not o.notes for o in first.outcomes)
    december = workbook_path(first.output, "north", "2026-12")
    # south brings its own previous roster: an empty month before, read as it is given.
    shutil.copy(workbook_path(first.output, "south", "2026-12"), folder / "south.previous.xlsx")
    second = run_batch(folder, MONTH, executor=Serial(), options=QUICK)
    north, south = second.outcomes
    assert (north.status, south.status) == (StationStatus.rostered, StationStatus.rostered)
    assert north.notes[0] == f"上月排班取自 {december}（本所没有 north.previous 文件）"
    assert not any("上月排班" in note for note in south.notes)
    station = tiny_station(patrol=3)
    previous = read_roster(december, station)
    plan = rosterkit.plan_month(station, MONTH, [], previous=previous, options=QUICK)
    assert north.roster is not None and plan.roster is not None
    assert north.roster.cells == plan.roster.cells
    assert north.summary is not None and north.summary.objective == plan.result.objective
    # The note is in the district workbook; a run again from the same inputs skips the station.
    reasons = openpyxl.load_workbook(second.district)["原因"]
    assert north.notes[0] in [row[3] for row in reasons.iter_rows(min_row=3, values_only=True)]
    again = run_batch(folder, MONTH, executor=Serial(), options=QUICK)
    assert [o.status for o in again.outcomes] == [StationStatus.skipped] * 2


def test_last_months_workbook_is_found_in_the_runs_own_output_folder(tmp_path: Path) -> None:
    folder = two_tiny_stations(tmp_path / "stations")
    output = tmp_path / "out"
    run_batch(folder, "2026-12", output=output, executor=Serial(), options=QUICK)
    # A file of that name that no batch wrote is no previous roster.
    foreign = workbook_path(output, "south", "2026-12")
    foreign.write_bytes(b"someone's own file")
    result = run_batch(folder, MONTH, output=output, executor=Serial(), options=QUICK, lang="en")
    north, south = result.outcomes
    december = workbook_path(output, "north", "2026-12")
    assert north.notes[0] == (
        f"last month's roster taken from {december} (the station has no north.previous file)"
    )
    assert south.status is StationStatus.rostered
    assert not any("last month's roster" in note for note in south.notes)


def test_a_previous_workbook_that_does_not_fit_is_named_where_it_was_found(
    tmp_path: Path,
) -> None:
    folder = two_tiny_stations(tmp_path / "stations")
    first = run_batch(folder, "2026-12", executor=Serial(), options=QUICK)
    other = tiny_station(patrol=3).model_copy(update={"id": "elsewhere"})
    (folder / "north.yaml").write_text(station_to_yaml(other), encoding="utf-8")
    outcome = run_batch(folder, MONTH, executor=Serial(), options=QUICK).outcomes[0]
    assert outcome.status is StationStatus.bad_input
    december = workbook_path(first.output, "north", "2026-12")
    assert str(december) in outcome.reasons[0] and "not 'elsewhere'" in outcome.reasons[0]
    assert "rosterkit-batch-" not in outcome.reasons[0]
    assert outcome.notes and str(december) in outcome.notes[0]


# --- the command line -----------------------------------------------------------------------------


def run_cli(*args: object) -> Result:
    env = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}
    return CliRunner().invoke(app, [str(arg) for arg in args], env=env)


def test_the_command_shows_each_station_and_exits_1_when_one_has_no_roster(
    tmp_path: Path,
) -> None:
    folder = write_district(tmp_path / "stations")
    done = run_cli("batch", "--month", MONTH, folder, "--workers", "1", "-t", "20", "--lang", "en")
    assert done.exit_code == 1, done.output
    assert "Traceback" not in done.output
    assert "✓ tiny: rostered (optimal" in done.output
    assert "✗ short: cannot be rostered" in done.output
    assert "✗ broken: bad input" in done.output
    assert f"district workbook: {district_path(folder / f'roster-{MONTH}', MONTH)}" in done.output
    for name in ("broken", "short"):
        shutil.move(folder / f"{name}.yaml", tmp_path / f"{name}.yaml")
    again = run_cli("batch", "-m", MONTH, folder, "-w", "1", "-t", "20", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert "· tiny: done before" in again.output


def test_the_command_refuses_workers_with_a_cluster(tmp_path: Path) -> None:
    folder = write_district(tmp_path / "stations")
    result = run_cli("batch", "-m", MONTH, folder, "--ray", "auto", "--workers", "3")
    assert result.exit_code == 2
    assert "--ray local only" in result.output
    assert not (folder / f"roster-{MONTH}").exists()


def test_a_cluster_out_of_reach_is_said_before_any_station(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    folder = write_district(tmp_path / "stations")
    result = run_cli("batch", "-m", MONTH, folder, "--ray", "nonsense")
    assert result.exit_code == 2, result.output
    assert "--ray nonsense: is not a cluster's address" in result.output
    assert "✗" not in result.output  # the broken station was not reported: nothing ran
    assert not workbook_path(folder / f"roster-{MONTH}", "tiny", MONTH).exists()


def test_batch_help_loads_neither_ray_nor_the_batch() -> None:
    code = (
        "import sys\n"
        "from rosterkit.cli import app\n"
        "try:\n"
        "    app(['batch', '--help'], prog_name='rosterkit')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('ray', 'rosterkit.batch', 'ortools') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "rosterkit batch" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"
