"""The check-in log: read, and bad input named by file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from rosterkit.brigade.checkins import checkins_csv, read_checkins
from rosterkit.brigade.data import Brigade
from rosterkit.errors import RosterInputError

HEADER = "time,squad,checkpoint,guard,problem,dispatched,closed\n"


def log(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_log_round_trips(tmp_path: Path, tiny: Brigade) -> None:
    path = log(
        tmp_path,
        "2026-11-02 08:10:00,S1,C1,g1,,,",
        "2026-11-02 08:20:00,S1,C2,g2,堆物,2026-11-02 08:30:00,",
    )
    scans = read_checkins(path, tiny)
    assert [s.checkpoint for s in scans] == ["C1", "C2"]
    assert scans[1].problem == "堆物" and scans[1].closed is None
    again = tmp_path / "again.csv"
    again.write_text(checkins_csv(scans), encoding="utf-8")
    assert [(s.time, s.squad, s.problem) for s in read_checkins(again, tiny)] == [
        (s.time, s.squad, s.problem) for s in scans
    ]


@pytest.mark.parametrize(
    ("row", "place", "words"),
    [
        ("2026-11-02 08:10,S9,C1,g1,,,", "row 3, column B (squad)", "unknown squad 'S9'"),
        ("2026-11-02 08:10,S1,C9,g1,,,", "row 3, column C (checkpoint)", "unknown checkpoint"),
        ("2026-11-02 07:00,S1,C1,g1,,,", "row 3, column A (time)", "earlier than row 2"),
        ("yesterday,S1,C1,g1,,,", "row 3, column A (time)", "is not a time"),
        (
            "2026-11-02 09:00,S1,C1,g1,x,2026-11-02 10:00,2026-11-02 09:30",
            "row 3, column G (closed)",
            "before",
        ),
        (
            "2026-11-02 09:00,S1,C1,g1,,2026-11-02 10:00,",
            "row 3, column E (problem)",
            "without a problem",
        ),
    ],
)
def test_bad_rows_are_named(
    tmp_path: Path, tiny: Brigade, row: str, place: str, words: str
) -> None:
    path = log(tmp_path, "2026-11-02 08:00,S1,C1,g1,,,", row)
    with pytest.raises(RosterInputError) as caught:
        read_checkins(path, tiny)
    assert place in str(caught.value) and words in str(caught.value)
    assert str(path) in str(caught.value)
