"""The change file: read from YAML or JSON, unknown fields refused, every reference checked
against the station and the month with a message naming the entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import tiny_station
from rules.rule_cases import solved

from rosterkit import Roster
from rosterkit.changes import (
    Away,
    Changes,
    Joining,
    Leaving,
    MinimumChange,
    Pin,
    apply_changes,
    load_changes,
    minimum_violations,
)
from rosterkit.errors import RosterInputError
from rosterkit.station import LeaveKind, Officer, Station

START = dt.date(2026, 2, 10)


@pytest.fixture(scope="module")
def tiny() -> Station:
    return tiny_station()


@pytest.fixture(scope="module")
def roster(tiny: Station) -> Roster:
    return solved(tiny)


def test_yaml_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "changes.yaml"
    path.write_text(
        "away:\n"
        "  - {officer_id: R1, start: 2026-02-12, end: 2026-02-13, kind: training}\n"
        "leaving:\n  - {officer_id: R2, start: 2026-02-20}\n"
        "minimums:\n  - {post: doffice, start: 2026-02-14, end: 2026-02-14, minimum: 2}\n"
        "pins:\n  - {officer_id: R3, day: 2026-02-15}\n",
        encoding="utf-8",
    )
    changes = load_changes(path)
    assert changes.away[0].kind is LeaveKind.training
    assert changes.leaving[0].start == dt.date(2026, 2, 20)
    assert changes.minimums[0].minimum == 2 and changes.pins[0].officer_id == "R3"


def test_json_file_and_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "changes.json"
    path.write_text('{"pins": [{"officer_id": "R3", "day": "2026-02-15"}]}', encoding="utf-8")
    assert load_changes(path).pins == [Pin(officer_id="R3", day=dt.date(2026, 2, 15))]
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    assert load_changes(empty) == Changes()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "away:\n  - {officer_id: R1, start: 2026-02-12, end: 2026-02-13, colour: red}\n",
            "colour",
        ),
        ("sick: []\n", "sick"),
        ("away:\n  - {officer_id: R1, start: 2026-02-13, end: 2026-02-12}\n", "before"),
        ("- 1\n", "mapping"),
    ],
)
def test_bad_files_name_the_problem(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "changes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterInputError, match=words) as raised:
        load_changes(path)
    assert "changes.yaml" in str(raised.value)


def test_wrong_suffix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "changes.txt"
    path.write_text("", encoding="utf-8")
    with pytest.raises(RosterInputError, match=r"\.yaml or \.json"):
        load_changes(path)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        (
            Changes(away=[Away(officer_id="P999", start=START, end=START)]),
            "away 1: unknown officer",
        ),
        (
            Changes(away=[Away(officer_id="R1", start=dt.date(2026, 2, 3), end=START)]),
            "before --from",
        ),
        (
            Changes(
                away=[Away(officer_id="R1", start=dt.date(2026, 3, 3), end=dt.date(2026, 3, 4))]
            ),
            "not in 2026-02",
        ),
        (
            Changes(minimums=[MinimumChange(post="nope", start=START, end=START, minimum=1)]),
            "unknown post",
        ),
        (
            Changes(minimums=[MinimumChange(post="commander", start=START, end=START, minimum=2)]),
            "most staff",
        ),
        (
            Changes(
                minimums=[
                    MinimumChange(
                        post="doffice", community="two", start=START, end=START, minimum=2
                    )
                ]
            ),
            "not a community",
        ),
        (Changes(pins=[Pin(officer_id="R1", day=dt.date(2026, 3, 1))]), "pins 1"),
        (
            Changes(joining=[Joining(officer=Officer(id="R1", name="新", team="c1"), start=START)]),
            "taken",
        ),
    ],
)
def test_changes_that_do_not_fit_are_refused(
    tiny: Station, roster: Roster, changes: Changes, words: str
) -> None:
    with pytest.raises(RosterInputError, match=words):
        apply_changes(tiny, roster, [], changes, START)


def test_applied_changes(tiny: Station, roster: Roster) -> None:
    changes = Changes(
        away=[Away(officer_id="R1", start=START, end=START + dt.timedelta(days=1))],
        leaving=[Leaving(officer_id="R2", start=dt.date(2026, 2, 20))],
        joining=[Joining(officer=Officer(id="R4", name="新警", team="c1", squad=2), start=START)],
        minimums=[MinimumChange(post="moffice", start=START, end=START, minimum=0)],
    )
    applied = apply_changes(tiny, roster, [], changes, START)
    assert "R4" in {o.id for o in applied.station.officers} and applied.joined == {"R4"}
    kinds = {(x.officer_id, x.kind, x.start, x.end) for x in applied.leave}
    assert ("R1", LeaveKind.sick, START, START + dt.timedelta(days=1)) in kinds
    assert ("R2", LeaveKind.other, dt.date(2026, 2, 20), dt.date(2026, 2, 28)) in kinds
    assert ("R4", LeaveKind.other, dt.date(2026, 2, 1), START - dt.timedelta(days=1)) in kinds
    # lowered on the day, the usual minimum on the others; the station holds the lower one
    assert applied.minimums["moffice@one", START] == 0
    assert applied.minimums["moffice@one", START + dt.timedelta(days=1)] == 1
    assert next(p for p in applied.station.posts if p.code == "moffice").min_staff == 0
    assert applied.why["R1", START].startswith("R1 sick")


def test_minimum_violations_count_the_cells(roster: Roster) -> None:
    day = START
    holders = len(roster.holders(day, "moffice@one"))
    assert minimum_violations(roster, {("moffice@one", day): holders}) == []
    broken = minimum_violations(roster, {("moffice@one", day): holders + 1})
    assert [(b.slot, b.day, b.staff) for b in broken] == [("moffice@one", day, holders)]
