"""The command line through typer's CliRunner: every command, option and exit code.

Solves of the built-in station take about a second each; the rosters that several tests read are
made once per module.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Mapping
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

import rosterkit
import rosterkit.month
from rosterkit import excel
from rosterkit.calendar import Month
from rosterkit.cli import app, files
from rosterkit.cli.display import SearchView, gap
from rosterkit.holiday_calendar import month_calendar
from rosterkit.io import load_leave, station_to_yaml
from rosterkit.leave_policy import decide_leave
from rosterkit.rules import post_staffing
from rosterkit.solver import Progress
from rosterkit.station import Role, Station
from rosterkit.stations import qianmen
from rosterkit.tables import read_roster_table

DATA = Path(__file__).parent / "data" / "cli"
LEAVE_DECEMBER = DATA / "leave-december.yaml"
LEAVE_DAJIANG_AWAY = DATA / "leave-dajiang-away.yaml"
LEAVE_UNKNOWN_OFFICERS = DATA / "leave-unknown-officers.yaml"

WITH_LEAVE = ["--month", "2026-12", "--leave", str(LEAVE_DECEMBER)]
WITH_LEAVE += ["--seed", "5", "--time-limit", "30", "--workers", "1", "--lang", "en"]
"""December 2026 with five officers away, with every solver option given."""

_PLAIN = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None}
"""Variables that would make rich treat the captured streams as a terminal."""


def run(*args: object, env: Mapping[str, str | None] | None = None) -> Result:
    """`rosterkit ARGS` in-process, with output that is not a terminal unless `env` says so."""
    return CliRunner().invoke(app, [str(arg) for arg in args], env={**_PLAIN, **(env or {})})


def assert_clean_failure(result: Result, code: int) -> None:
    """The given exit code, with a message and no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.output.strip()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("outputs")


@pytest.fixture(scope="module")
def december_csv(outputs: Path) -> tuple[Path, Result]:
    """December 2026 of the built-in station with no leave, as a CSV table."""
    path = outputs / "december.csv"
    return path, run("generate", "--month", "2026-12", "-o", path, "--quiet", "--lang", "en")


@pytest.fixture(scope="module")
def december_with_leave_json(outputs: Path) -> tuple[Path, Result]:
    """December 2026 with five officers away, as JSON in a folder under its default name."""
    folder = outputs / "with-leave"
    folder.mkdir()
    result = run("generate", *WITH_LEAVE, "-o", folder, "--format", "json", "-q")
    return folder / "roster-2026-12.json", result


@pytest.fixture(scope="module")
def station_short_of_deputy_directors(outputs: Path) -> Path:
    """The built-in station with one deputy director fewer than it has duty groups."""
    station = qianmen()
    officers = [
        o.model_copy(update={"roles": o.roles - {Role.deputy_director}}) if o.id == "P036" else o
        for o in station.officers
    ]
    path = outputs / "two-deputy-directors.yaml"
    changed = Station.model_validate(station.model_copy(update={"officers": officers}).model_dump())
    path.write_text(station_to_yaml(changed), encoding="utf-8")
    return path


# --- version and help ----------------------------------------------------------------------


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"rosterkit {rosterkit.__version__}"


def test_no_command_shows_the_commands_as_a_usage_error() -> None:
    result = run()
    assert result.exit_code == 2
    assert "generate" in result.output and "Usage" in result.output


def test_main_help_names_the_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout
    for command in ("generate", "check", "explain", "init", "schema"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["generate", "check", "explain", "init", "schema"])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_examples(command: str, flag: str) -> None:
    result = run(command, flag)
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"rosterkit {command}" in result.stdout


# --- generate --------------------------------------------------------------------------------


def test_generate_writes_a_roster_the_checker_accepts(december_csv: tuple[Path, Result]) -> None:
    path, result = december_csv
    assert result.exit_code == 0, result.output
    roster = read_roster_table(path, qianmen())
    assert roster.month == "2026-12"
    assert rosterkit.check(qianmen(), roster, []) == []


def test_generate_summary_fits_one_screen(december_csv: tuple[Path, Result]) -> None:
    path, result = december_csv
    lines = result.stdout.splitlines()
    assert len(lines) <= 12
    labels = [line.split()[0] for line in lines[1:]]
    assert labels == [
        "status",
        "objective",
        "staffing",
        "fairness",
        "cost",
        "checker",
        "written",
    ]
    assert "optimal" in lines[1]
    assert "gap" in lines[2]
    assert result.stdout.rstrip().endswith(str(path.resolve()))
    assert "no broken rule" in result.stdout


def test_the_default_summary_is_in_chinese_with_no_english_ids(tmp_path: Path) -> None:
    zh = [arg for arg in WITH_LEAVE if arg not in ("--lang", "en")]
    result = run("generate", *zh, "-o", tmp_path / "r.csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    lines = lines[next(i for i, line in enumerate(lines) if line.startswith("前门派出所 · ")) :]
    assert [line.split()[0] for line in lines[1:]] == [
        "状态",
        "总代价",
        "岗位",
        "均衡",
        "分项代价",
        "校验",
        "文件",
    ]
    shown = "\n".join(lines[:-1])  # the last line is the file's path
    for allowed in ("--time-limit", "rosterkit check"):
        shown = shown.replace(allowed, "")
    assert re.findall(r"[a-z]{3,}|[A-Za-z0-9]+_[A-Za-z0-9_]*", shown) == []
    assert "休班抽调" in shown or "无休班抽调" in shown


def test_generate_summary_states_what_the_leave_cost(
    december_with_leave_json: tuple[Path, Result],
) -> None:
    path, result = december_with_leave_json
    assert result.exit_code == 0, result.output
    station, asked = qianmen(), load_leave(LEAVE_DECEMBER)
    decisions = decide_leave(station, "2026-12", asked, month_calendar(station, "2026-12"))
    # P024 asks more days than his 5 of annual leave; the sergeant's sick leave fills squad
    # 3's place, so the A role's annual leave is refused.
    assert [d.request.officer_id for d in decisions.refused] == ["P024", "P026"]
    assert "leave refused: annual leave of P024" in result.stdout
    assert "leave refused: annual leave of P026" in result.stdout
    leave = [*decisions.granted, *decisions.preferences]
    evaluation = rosterkit.evaluate(station, read_roster_table(path, station), leave)
    assert evaluation.ok
    assert evaluation.objective > 0
    assert f"objective  {evaluation.objective} " in result.stdout
    assert "5 leave requests" in result.stdout
    by_rule = {penalty.rule for penalty in evaluation.penalties}
    if "call_in" in by_rule:
        assert "call-ins from the resting group" in result.stdout
    if "duty_coverage" in by_rule:
        assert "below target" in result.stdout


def test_generate_json_is_byte_identical_for_the_same_inputs_and_seed(
    december_with_leave_json: tuple[Path, Result], tmp_path: Path
) -> None:
    first, _ = december_with_leave_json
    again = tmp_path / "again.json"
    result = run("generate", *WITH_LEAVE, "-o", again, "-q")
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == first.read_bytes()


def test_generate_keeps_an_existing_file_unless_forced(
    december_csv: tuple[Path, Result], tmp_path: Path
) -> None:
    first, _ = december_csv
    target = tmp_path / "roster.csv"
    target.write_text("kept\n", encoding="utf-8")

    kept = run("generate", "-m", "2026-12", "-o", target, "-q")
    assert_clean_failure(kept, 2)
    assert "--force" in kept.stderr
    assert target.read_text(encoding="utf-8") == "kept\n"

    forced = run("generate", "-m", "2026-12", "-o", target, "-q", "--force")
    assert forced.exit_code == 0, forced.output
    # the same inputs and seed give the same bytes
    assert target.read_bytes() == first.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_generate_writes_a_workbook_by_default_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("generate", "--month", "2026-12")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "roster-2026-12.xlsx").is_file()
    checked = run("check", "roster-2026-12.xlsx", "--lang", "en")
    assert checked.exit_code == 0, checked.output
    assert "no broken rule" in checked.stdout


@pytest.mark.parametrize("quiet", [False, True])
def test_live_progress_shows_on_a_terminal_unless_quiet(quiet: bool, tmp_path: Path) -> None:
    args = ["generate", "-m", "2026-12", "-o", tmp_path / "r.csv"] + (["--quiet"] if quiet else [])
    result = run(*args, env={"TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0, result.output
    assert ("Solving 2026-12" in result.stderr) is not quiet
    assert "Solving" not in result.stdout
    assert "状态" in result.stdout and "文件" in result.stdout


def test_generate_without_a_terminal_shows_no_progress(december_csv: tuple[Path, Result]) -> None:
    _, result = december_csv
    assert result.stderr == ""


def test_generate_infeasible_month_explains_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    target = tmp_path / "roster.csv"
    args = ["-m", "2026-12", "--leave", LEAVE_DAJIANG_AWAY, "-o", target, "-q", "--lang", "en"]
    result = run("generate", *args)
    assert result.exit_code == 1, result.output
    assert "2026-12 cannot be rostered: too few people" in result.stdout
    assert "Community car (Dajiang)" in result.stdout and "sick leave" in result.stdout
    assert "fix: " in result.stdout
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_generate_station_file_short_of_deputy_directors_is_infeasible(
    station_short_of_deputy_directors: Path, tmp_path: Path
) -> None:
    result = run(
        "generate",
        "-m",
        "2026-12",
        "--station",
        station_short_of_deputy_directors,
        "-o",
        tmp_path / "r.json",
        "--debug",
        "--lang",
        "en",
    )
    assert result.exit_code == 1, result.output
    assert "deputy director" in result.stdout


def test_previous_roster_carries_the_month_on(
    december_csv: tuple[Path, Result], tmp_path: Path
) -> None:
    december, _ = december_csv
    result = run("generate", "-m", "2027-01", "--previous", december, "-o", tmp_path / "j.csv")
    assert result.exit_code == 0, result.output
    assert "no holiday schedule known for 2027" in result.stdout
    assert result.output.count("no holiday schedule known") == 1, "said once per run"
    explained = run("explain", "-m", "2027-01", "--previous", december)
    assert explained.exit_code == 0, explained.output
    wrong = run("generate", "-m", "2027-02", "--previous", december, "-o", tmp_path / "k.csv")
    assert_clean_failure(wrong, 2)
    assert "pass the roster of 2027-01" in wrong.stderr


def test_ledger_is_read_and_written_back(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.yaml"
    first = run("generate", "-m", "2026-11", "-q", "-o", tmp_path / "n.json", "--ledger", ledger)
    assert first.exit_code == 0, first.output
    assert "ledger updated" in first.stdout and "through 2026-11" in first.stdout
    again = run("generate", "-m", "2026-11", "-q", "-o", tmp_path / "m.json", "--ledger", ledger)
    assert_clean_failure(again, 2)
    assert "already includes 2026-11" in again.stderr
    second = run(
        "generate",
        "-m",
        "2026-12",
        "-q",
        "-o",
        tmp_path / "d.json",
        "--ledger",
        ledger,
        "--previous",
        tmp_path / "n.json",
    )
    assert second.exit_code == 0, second.output
    assert "through 2026-12" in second.stdout


def test_refused_leave_is_reported(tmp_path: Path) -> None:
    leave = tmp_path / "leave.yaml"
    leave.write_text(
        "- {officer_id: P013, start: 2026-12-07, end: 2026-12-11}\n"
        "- {officer_id: P014, start: 2026-12-08, end: 2026-12-08}\n",
        encoding="utf-8",
    )
    result = run("generate", "-m", "2026-12", "-q", "--leave", leave, "-o", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    assert "请假未准" in result.stdout


# --- explain ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("command", ["generate", "explain"])
def test_a_month_too_short_of_people_is_said_by_counting_before_any_search(
    command: str, tmp_path: Path
) -> None:
    leave = tmp_path / "leave.yaml"
    leave.write_text(
        "- {officer_id: P058, start: 2027-01-11, end: 2027-01-17, kind: sick}\n", "utf-8"
    )
    out = ["-o", tmp_path / "r.csv", "-q"] if command == "generate" else []
    result = run(command, "-m", "2027-01", "--leave", leave, "--lang", "en", *out)
    assert result.exit_code == 1, result.output
    assert "2027-01 cannot be rostered: too few people" in result.stdout
    assert "28 shifts of Street patrol team needed" in result.stdout
    assert "fix: lower the minimum staff of Street patrol" in result.stdout
    assert "[checked: cost" in result.stdout
    assert "sick leave" not in result.stdout.split("Fixes checked")[1], "sick leave is never moved"
    assert not (tmp_path / "r.csv").exists()
    chinese = run(command, "-m", "2027-01", "--leave", leave, *out)
    assert "2027年1月无法排班" in chinese.stdout


def test_an_annual_leave_that_would_make_the_month_impossible_is_refused_with_the_count(
    tmp_path: Path,
) -> None:
    leave = tmp_path / "leave.yaml"
    leave.write_text("- {officer_id: P058, start: 2027-01-11, end: 2027-01-17}\n", "utf-8")
    args = ["-m", "2027-01", "--leave", leave, "-q"]
    result = run("generate", *args, "-o", tmp_path / "r.csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    refused = "leave refused: annual leave of P058 01-11..01-17: refused, granting it leaves"
    assert f"{refused} 3 shifts short" in result.stdout
    result = run("generate", *args, "-o", tmp_path / "r2.csv")
    assert result.exit_code == 0, result.output
    assert "请假未准：P058年休假（01-11至01-17）：不准，准假后人手不足：" in result.stdout


def test_explain_names_the_conflict_by_rule_with_its_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the count before the search, the solver's conflict set names the cause, under
    # the rule's name from the registry and with the rule's fix.
    monkeypatch.setattr(rosterkit.month, "shortfalls", lambda *args, **kwargs: [])
    result = run("explain", "--month", "2026-12", "--leave", LEAVE_DAJIANG_AWAY, "--lang", "en")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert f"  {post_staffing.RULE.en.name}" in lines
    details = [line for line in lines if line.startswith("    - ")]
    assert any("Dajiang" in line and "2026-12-03" in line for line in details)
    assert f"    Fix: {post_staffing.RULE.en.fix}" in lines


def test_explain_says_the_conflict_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rosterkit.month, "shortfalls", lambda *args, **kwargs: [])
    result = run("explain", "--month", "2026-12", "--leave", LEAVE_DAJIANG_AWAY)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert f"  {post_staffing.RULE.zh.name}" in lines
    assert any("大江" in line and "2026-12-03" in line and "请假" in line for line in lines)
    assert f"    办法：{post_staffing.RULE.zh.fix}" in lines


def test_explain_station_file_short_of_deputy_directors(
    station_short_of_deputy_directors: Path,
) -> None:
    args = ["-m", "2026-12", "--station", station_short_of_deputy_directors, "--lang", "en"]
    result = run("explain", *args)
    assert result.exit_code == 1, result.output
    assert "3 duty groups need a deputy director each" in result.stdout


def test_explain_a_month_that_can_be_rostered_exits_0() -> None:
    result = run("explain", "-m", "2026-12", "--time-limit", "20")
    assert result.exit_code == 0, result.output
    assert "No conflict found" in result.stdout


# --- check -----------------------------------------------------------------------------------


def test_check_accepts_a_generated_roster(december_csv: tuple[Path, Result]) -> None:
    path, _ = december_csv
    result = run("check", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "no broken rule" in result.stdout


def test_check_compares_with_the_leave_requests(
    december_with_leave_json: tuple[Path, Result],
) -> None:
    path, _ = december_with_leave_json
    kept = run("check", path, "--leave", LEAVE_DECEMBER, "--lang", "en")
    assert kept.exit_code == 0
    cost = int(kept.stdout.split("soft rules cost ")[1].split(":")[0].split()[0])
    assert cost > 0, "officers away leave posts below their target"
    costs = re.findall(r"[a-z -]+: \d+ \(cost (\d+)\)", kept.stdout.split("soft rules cost")[1])
    assert sum(int(part) for part in costs) == cost, "each soft rule's cost is listed"
    other = run("check", path, "--leave", LEAVE_DAJIANG_AWAY, "--lang", "en")
    assert other.exit_code == 1
    assert "[leave]" in other.stdout


def test_check_prints_each_broken_rule_of_a_hand_edited_roster(
    december_csv: tuple[Path, Result], tmp_path: Path
) -> None:
    path, _ = december_csv
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    emptied = [r for r in rows if r["date"] == "2026-12-03" and r["post"] == "desk"]
    assert emptied
    for row in emptied:  # the command desk left empty on Dec 3
        row["post"], row["state"] = "", "rest"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    result = run("check", edited, "--lang", "en")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
    station = qianmen()
    violations = rosterkit.check(station, read_roster_table(edited, station))
    assert len(lines) == len(violations)
    assert any("2026-12-03" in line and "[post_staffing]" in line for line in lines)
    for row in emptied:
        name = station.officer(row["officer_id"]).name
        assert any(f"{name} ({row['officer_id']})" in line for line in lines)
    assert f"{len(violations)} broken rules" in result.stdout


@pytest.mark.slow
def test_check_judges_a_custom_stations_workbook_with_no_other_file(tmp_path: Path) -> None:
    custom = qianmen().model_copy(update={"id": "dashilar", "name": "大栅栏派出所"})
    station_file = tmp_path / "station.yaml"
    station_file.write_text(station_to_yaml(custom), encoding="utf-8")
    workbook = tmp_path / "roster.xlsx"
    made = run("generate", *WITH_LEAVE, "--station", station_file, "-o", workbook)
    assert made.exit_code == 0, made.output
    alone = run("check", workbook, "--lang", "en")
    assert alone.exit_code == 0, alone.output
    assert "no broken rule" in alone.stdout
    # a workbook of an older rosterkit carries no station: the message says what to pass
    book = openpyxl.load_workbook(workbook)
    del book["_station"]
    older = tmp_path / "older.xlsx"
    book.save(older)
    refused = run("check", older)
    assert_clean_failure(refused, 2)
    assert "pass its --station and --officers" in refused.stderr
    assert run("check", older, "--station", station_file).exit_code == 0


def test_check_against_another_station_file_fails(
    december_csv: tuple[Path, Result], station_short_of_deputy_directors: Path
) -> None:
    path, _ = december_csv
    result = run("check", path, "--station", station_short_of_deputy_directors, "--lang", "en")
    assert result.exit_code == 1
    assert "broken rules" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("roster.txt", "x", "unknown file type"),
        ("roster.csv", "officer_id,date\nP001,2026-12-01\n", "roster.csv"),
        ("roster.json", "{not json", "roster.json"),
    ],
)
def test_check_unreadable_roster_is_bad_input(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("check", path)
    assert_clean_failure(result, 2)
    assert expected in result.stderr


def test_check_missing_roster_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", tmp_path / "nowhere.xlsx")
    assert_clean_failure(result, 2)
    assert "does not exist" in result.output


# --- init and schema -------------------------------------------------------------------------


def test_init_writes_files_that_generate_and_check_take_back(tmp_path: Path) -> None:
    folder = tmp_path / "station"
    result = run("init", folder, "--month", "2026-12")
    assert result.exit_code == 0, result.output
    station_file = folder / "station.yaml"
    officers, leave = folder / "officers.xlsx", folder / "leave.xlsx"
    assert "officers:" not in station_file.read_text(encoding="utf-8"), "officers.xlsx has them"
    assert files.load_station(station_file, officers) == qianmen()
    assert excel.read_officers(officers, qianmen()) == qianmen().officers
    alone = run("generate", "-m", "2026-12", "--station", station_file, "-o", tmp_path / "x.csv")
    assert_clean_failure(alone, 2)
    assert "lists no officers" in alone.stderr and "--officers" in alone.stderr
    requests = excel.read_leave(leave, qianmen())
    assert requests and all(item.start.strftime("%Y-%m") == "2026-12" for item in requests)

    inputs = ["--station", station_file, "--officers", officers, "--leave", leave]
    roster = tmp_path / "roster.xlsx"
    generated = run("generate", "-m", "2026-12", *inputs, "-o", roster, "--lang", "en", "-q")
    assert generated.exit_code == 0, generated.output
    assert f"{len(requests)} leave requests" in generated.stdout
    checked = run("check", roster, *inputs)
    assert checked.exit_code == 0, checked.output


def test_init_dates_its_example_leave_in_the_coming_month(tmp_path: Path) -> None:
    result = run("init", tmp_path)
    assert result.exit_code == 0, result.output
    coming = Month.coming()
    requests = excel.read_leave(tmp_path / "leave.xlsx", qianmen())
    assert requests and all(item.days_in(coming) for item in requests)
    assert f"rosterkit generate --month {coming} " in result.stdout


def test_leave_outside_the_month_is_reported_as_ignored(tmp_path: Path) -> None:
    leave = tmp_path / "leave.yaml"
    leave.write_text(
        "- {officer_id: P015, start: 2027-01-04, end: 2027-01-08}\n"
        "- {officer_id: P016, start: 2026-12-03, end: 2026-12-04}\n",
        encoding="utf-8",
    )
    result = run(
        "generate",
        "-m",
        "2026-12",
        "--leave",
        leave,
        "-o",
        tmp_path / "r.csv",
        "-q",
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    assert "leave outside 2026-12, ignored: P015 2027-01-04..2027-01-08" in result.stdout
    assert "P016" not in result.stdout.split("ignored")[1].splitlines()[0]


def test_init_keeps_existing_files_unless_forced(tmp_path: Path) -> None:
    assert run("init", tmp_path).exit_code == 0
    station_file = tmp_path / "station.yaml"
    station_file.write_text("edited\n", encoding="utf-8")
    again = run("init", tmp_path)
    assert_clean_failure(again, 2)
    assert "station.yaml" in again.stderr and "--force" in again.stderr
    assert station_file.read_text(encoding="utf-8") == "edited\n"
    assert run("init", tmp_path, "--force").exit_code == 0
    assert files.load_station(station_file, tmp_path / "officers.xlsx") == qianmen()


def test_init_into_a_file_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "a-file"
    path.write_text("", encoding="utf-8")
    assert_clean_failure(run("init", path), 2)


def test_schema_is_the_station_files_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == Station.model_json_schema()


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "expected"),
    [("2026/12", "YYYY-MM"), ("Dec", "YYYY-MM"), ("2026-13", "between 1 and 12")],
)
@pytest.mark.parametrize("command", ["generate", "explain"])
def test_wrong_month_is_a_usage_error(command: str, month: str, expected: str) -> None:
    result = run(command, "--month", month)
    assert_clean_failure(result, 2)
    assert expected in result.stderr


def test_missing_month_is_a_usage_error() -> None:
    assert_clean_failure(run("generate"), 2)


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "pdf"],
        ["--lang", "fr"],
        ["--time-limit", "0"],
        ["--workers", "0"],
        ["--seed", "-1"],
        ["--no-such-option"],
    ],
)
def test_bad_option_values_are_usage_errors(args: list[str]) -> None:
    assert_clean_failure(run("generate", "-m", "2026-12", *args), 2)


@pytest.mark.parametrize("option", ["--station", "--officers", "--leave", "--previous"])
def test_missing_input_file_is_a_usage_error(option: str, tmp_path: Path) -> None:
    result = run("generate", "-m", "2026-12", option, tmp_path / "missing.yaml")
    assert_clean_failure(result, 2)
    assert "missing.yaml" in result.output and "does not exist" in result.output


@pytest.mark.parametrize(
    ("content", "expected"),
    [("name: [\n", "not valid YAML"), ("id: x\nname: 1\n", "at name_en: Field required")],
)
def test_bad_station_file_names_the_file_and_field(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "station.yaml"
    path.write_text(content, encoding="utf-8")
    result = run("explain", "-m", "2026-12", "--station", path)
    assert_clean_failure(result, 2)
    assert str(path) in result.stderr and expected in result.stderr


def test_unknown_officers_in_leave_are_named_with_their_place() -> None:
    result = run("generate", "-m", "2026-12", "--leave", LEAVE_UNKNOWN_OFFICERS)
    assert_clean_failure(result, 2)
    assert str(LEAVE_UNKNOWN_OFFICERS) in result.stderr
    assert "request 2: unknown officer 'P999'" in result.stderr
    assert "request 3: unknown officer 'X1'" in result.stderr


def test_unknown_officer_in_a_leave_table_is_named_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "leave.csv"
    path.write_text(
        "officer_id,start,end\nP015,2026-12-01,2026-12-02\nP999,2026-12-01,2026-12-02\n",
        encoding="utf-8",
    )
    result = run("explain", "-m", "2026-12", "--leave", path)
    assert_clean_failure(result, 2)
    assert "leave.csv" in result.stderr and "row 3" in result.stderr
    assert "P999" in result.stderr


def test_debug_lets_the_error_and_its_traceback_through() -> None:
    logger = logging.getLogger("rosterkit")
    handlers, level = list(logger.handlers), logger.level
    result = run("generate", "-m", "2026-12", "--leave", LEAVE_UNKNOWN_OFFICERS, "--debug")
    assert isinstance(result.exception, rosterkit.RosterInputError)
    # the command leaves the library's logger as it found it
    assert (logger.handlers, logger.level) == (handlers, level)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("leave.txt", "unknown file type '.txt'"), ("officers.txt", "officers.txt")],
)
def test_input_of_an_unknown_type_is_bad_input(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text("x", encoding="utf-8")
    option = "--leave" if name.startswith("leave") else "--officers"
    result = run("generate", "-m", "2026-12", option, path)
    assert_clean_failure(result, 2)
    assert expected in result.stderr


@pytest.mark.parametrize(
    ("output", "extra", "expected"),
    [
        ("no-folder/roster.csv", [], "folder does not exist"),
        ("roster.txt", [], "cannot tell the format"),
        ("roster.csv", ["--format", "json"], "make them agree"),
    ],
)
def test_bad_output_fails_before_solving(
    tmp_path: Path, output: str, extra: list[str], expected: str
) -> None:
    result = run("generate", "-m", "2026-12", "-o", tmp_path / output, *extra)
    assert_clean_failure(result, 2)
    assert expected in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_internal_error_is_reported_as_a_bug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> rosterkit.Result:
        raise RuntimeError("boom")

    monkeypatch.setattr(rosterkit, "solve", broken)
    result = run("generate", "-m", "2026-12", "-o", tmp_path / "unused.csv")
    assert_clean_failure(result, 3)
    assert "internal error" in result.stderr and "--debug" in result.stderr
    debugged = run("generate", "-m", "2026-12", "-o", tmp_path / "unused.csv", "--debug")
    assert isinstance(debugged.exception, RuntimeError)


# --- the live view ---------------------------------------------------------------------------


def test_search_view_shows_elapsed_best_bound_and_gap() -> None:
    view = SearchView("Solving 2026-12", time_limit=60)
    assert "looking for a first roster" in view.line()
    view(Progress(elapsed=1.0, objective=200, bound=150))
    line = view.line()
    assert "best 200" in line and "bound 150" in line and "gap 25.0%" in line
    assert "/60 s" in line
    assert gap(0, 0) == 0.0


def test_ledger_in_a_missing_folder_is_refused_before_solving(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run(
        "generate", "-m", "2026-12", "-q", "-o", out, "--ledger", tmp_path / "no" / "l.yaml"
    )
    assert_clean_failure(result, 2)
    assert "folder does not exist" in result.stderr
    assert not out.exists()
