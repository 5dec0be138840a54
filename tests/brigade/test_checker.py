"""The checker on a plan's file: a plan kept, a plan broken by hand (each broken rule said in
Chinese and English), and files that are no plan of the brigade refused as input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rosterkit.brigade.checker import check_plan_file
from rosterkit.brigade.data import Brigade
from rosterkit.brigade.plan import BrigadePlan, plan_json
from rosterkit.brigade.rules import RULES
from rosterkit.errors import RosterInputError


def write(path: Path, plan: BrigadePlan, **changes: object) -> Path:
    data = json.loads(plan_json(plan)) | changes
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_solved_plan_passes(tmp_path: Path, tiny: Brigade, tiny_plan: BrigadePlan) -> None:
    evaluation = check_plan_file(tiny, write(tmp_path / "p.json", tiny_plan))
    assert evaluation.ok and evaluation.objective == tiny_plan.objective


def test_a_session_moved_out_of_its_window_is_said_in_both_languages(
    tmp_path: Path, tiny: Brigade, tiny_plan: BrigadePlan
) -> None:
    sessions = json.loads(plan_json(tiny_plan))["sessions"]
    timed = next(i for i, s in enumerate(sessions) if s["slot"] is not None)
    sessions[timed]["start"] = 23 * 60  # R1's window is 08:00-12:00
    evaluation = check_plan_file(tiny, write(tmp_path / "p.json", tiny_plan, sessions=sessions))
    assert not evaluation.ok
    fixed = [v for v in evaluation.violations if v.rule == "fixed_time"]
    assert fixed, evaluation.violations
    window = fixed[0]
    assert window.text("zh").startswith(f"{RULES['fixed_time'].zh}（")
    assert "超出其时间窗" in window.text("zh")
    assert window.text("en").startswith(f"{RULES['fixed_time'].en} (") and "outside" in str(window)


def test_a_plan_of_another_brigade_is_refused(
    tmp_path: Path, tiny: Brigade, qianmen_november: BrigadePlan
) -> None:
    path = write(tmp_path / "p.json", qianmen_november)
    with pytest.raises(RosterInputError, match="a plan of brigade 'qianmen_brigade'") as error:
        check_plan_file(tiny, path)
    assert error.value.source == str(path)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"month": "November"}, "month"),
        ({"sessions": [{"day": "2026-11-01"}]}, "sessions.0"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_malformed_plan_is_an_input_error(
    tmp_path: Path, tiny: Brigade, tiny_plan: BrigadePlan, changes: dict[str, object], says: str
) -> None:
    with pytest.raises(RosterInputError, match=says):
        check_plan_file(tiny, write(tmp_path / "p.json", tiny_plan, **changes))


def test_a_missing_file_is_an_input_error(tmp_path: Path, tiny: Brigade) -> None:
    with pytest.raises(RosterInputError, match="file not found"):
        check_plan_file(tiny, tmp_path / "nothing.json")
    with pytest.raises(RosterInputError, match="is a folder"):
        check_plan_file(tiny, tmp_path)
