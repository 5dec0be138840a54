"""`rosterkit brigade ...` end to end on the built-in brigade, in Chinese (the default) and in
English; `brigade check` on plans kept, broken by hand and of the wrong kind; bad input as exit
code 2 without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brigade.brigade_cases import tiny_data
from rosterkit.brigade.data import Brigade
from rosterkit.brigade.files import write_brigade_csv
from rosterkit.brigade.plan import BrigadePlan, plan_json
from rosterkit.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["brigade", *args])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, " ".join(result.output.split())


def test_plan_simulate_report_score_qr_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("plan", "-m", "2026-11")
    assert code == 0, out
    assert "最优" in out and "独立校验：所有规则均满足" in out and "预计打卡" in out
    assert Path("brigade-plan-2026-11.xlsx").exists()
    code, out = run("plan", "-m", "2026-11")
    assert code == 2 and "exists" in out
    code, out = run("simulate", "--plan", "brigade-plan-2026-11.json", "-o", "log.csv")
    assert code == 0 and "已写入 log.csv：打卡" in out, out
    code, out = run(
        "report", "--plan", "brigade-plan-2026-11.json", "--log", "log.csv", "--map", "map.html"
    )
    assert code == 0 and "漏巡" in out and "已写入" in out, out
    assert Path("brigade-report-2026-11.xlsx").exists() and Path("map.html").exists()
    code, out = run("score", "--plan", "brigade-plan-2026-11.json", "--log", "log.csv")
    assert code == 0 and "表彰：" in out and "单位：" in out and "第一小组" in out, out
    code, out = run("qr", "codes", "--plan", "brigade-plan-2026-11.json")
    assert code == 0 and "已写入 2 个文件到 codes" in out, out
    assert Path("codes/squads.pdf").exists() and Path("codes/checkpoints.pdf").exists()
    code, out = run("check", "brigade-plan-2026-11.json")
    assert code == 0 and "独立校验：所有规则均满足" in out and "负荷均衡" in out, out


def test_every_command_speaks_english_with_lang_en(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qianmen_november: BrigadePlan
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("plan", "-m", "2026-11", "-o", "p.xlsx", "--lang", "en")
    assert code == 0 and "optimal" in out and "checker: every rule kept" in out, out
    assert "wrote p.xlsx and p.json" in out
    code, out = run("simulate", "--plan", "p.json", "-o", "log.csv", "--lang", "en")
    assert code == 0 and "wrote log.csv:" in out and "check-ins" in out, out
    code, out = run("report", "--plan", "p.json", "--log", "log.csv", "--lang", "en")
    assert code == 0 and "sessions missed" in out and "wrote brigade-report" in out, out
    code, out = run("score", "--plan", "p.json", "--log", "log.csv", "--lang", "en")
    assert code == 0 and "commended:" in out and "units:" in out, out
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in out.split("units:")[0].split("(")[0])
    code, out = run("qr", "codes", "--png", "--lang", "en")
    assert code == 0 and "wrote" in out and "PNG" in out, out
    assert Path("codes/png/squad-S01.png").exists()
    code, out = run("check", "p.json", "--lang", "en")
    assert code == 0 and "no broken rule" in out and "Load balance" in out, out
    code, out = run("init", "mine", "--lang", "en")
    assert code == 0 and "Edit them, then:" in out, out


@pytest.fixture
def plan_file(tmp_path: Path, qianmen_november: BrigadePlan) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(plan_json(qianmen_november), encoding="utf-8")
    return path


def test_check_a_hand_edited_plan_names_each_broken_rule(plan_file: Path) -> None:
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    first = data["assignments"][0]
    other = next(a["squad"] for a in data["assignments"] if a["squad"] != first["squad"])
    first["squad"] = other  # the area's sessions stay with the squad it was taken from
    data["sessions"][0]["start"] = (data["sessions"][0]["start"] + 7) % 1440
    plan_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out = run("check", str(plan_file))
    assert code == 1, out
    assert "违反规则" in out and "线路按时段巡逻" in out and "而不是区域" in out
    code, out = run("check", str(plan_file), "--lang", "en")
    assert code == 1 and "broken rules:" in out, out
    assert "Route patrolled in its slots" in out and "not by" in out
    assert "objective (recomputed)" in out


def test_check_refuses_a_plan_of_another_brigade(
    plan_file: Path, tmp_path: Path, tiny: Brigade
) -> None:
    write_brigade_csv(tmp_path / "tiny", tiny)
    code, out = run("check", str(plan_file), "--data", str(tmp_path / "tiny"))
    assert code == 2, out
    assert "a plan of brigade 'qianmen_brigade', not of 'tiny'" in out
    assert "Traceback" not in out


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{not json", "not a brigade plan"),
        ("[]", "not a brigade plan"),
        ('{"brigade": "qianmen_brigade"}', "not a brigade plan (month: Field required)"),
        ("", "not a brigade plan"),
    ],
)
def test_check_a_malformed_file_is_exit_2(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    code, out = run("check", str(path))
    assert code == 2 and says in out and str(path.name) in out, out
    assert "Traceback" not in out


def test_check_a_plan_with_an_unreadable_month_is_exit_2(plan_file: Path) -> None:
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    data["month"] = "2026-13"
    plan_file.write_text(json.dumps(data), encoding="utf-8")
    code, out = run("check", str(plan_file))
    assert code == 2 and "month" in out and "plan.json" in out, out


def test_init_writes_templates_that_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = run("init", "mine")
    assert code == 0 and "已写入" in out and "修改后运行" in out, out
    code, out = run("plan", "-m", "2026-02", "--data", "mine/csv", "-o", "p.xlsx")
    assert code == 0, out


def test_bad_log_is_exit_2_with_its_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("plan", "-m", "2026-11", "-o", "p.xlsx")[0] == 0
    Path("log.csv").write_text(
        "time,squad,checkpoint,guard\n2026-11-02 08:00,S99,C01,x\n", encoding="utf-8"
    )
    code, out = run("report", "--plan", "p.json", "--log", "log.csv")
    assert code == 2
    assert "log.csv, row 2, column B (squad): unknown squad 'S99'" in out


def test_no_plan_is_exit_1_with_its_reasons_in_either_language(tmp_path: Path) -> None:
    data = tiny_data()
    data["units"][1]["hours_per_week"] = 13  # type: ignore[index]  # A2 needs 14 h a week
    write_brigade_csv(tmp_path / "short", Brigade.model_validate(data))
    where = ["--data", str(tmp_path / "short"), "-o", str(tmp_path / "p.xlsx")]
    code, out = run("plan", "-m", "2026-11", *where)
    assert code == 1 and "2026-11 无法制定计划（无解）" in out and "规则无法同时满足" in out, out
    code, out = run("plan", "-m", "2026-11", *where, "--lang", "en")
    assert code == 1 and "no plan for 2026-11 (infeasible)" in out and "cannot all hold" in out
    assert not (tmp_path / "p.xlsx").exists()
