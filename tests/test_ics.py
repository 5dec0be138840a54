"""Officers' calendars: one event per day with a stable UID, duties timed in Beijing time,
byte-identical for the same inputs, and never written over an existing file unasked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import tiny_station
from icalendar import Calendar
from rules.rule_cases import edited, solved

from rosterkit import Roster
from rosterkit.errors import RosterInputError
from rosterkit.ics import event_uid, officer_calendar, write_calendars
from rosterkit.station import Station


@pytest.fixture(scope="module")
def tiny() -> Station:
    return tiny_station()


@pytest.fixture(scope="module")
def roster(tiny: Station) -> Roster:
    return solved(tiny)


def events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_one_event_a_day_with_post_hours_and_place(tiny: Station, roster: Roster) -> None:
    found = events(officer_calendar(tiny, roster, tiny.officer("R1")))
    assert len(found) == 28
    day = next(d for d, v in sorted(roster.cells["R1"].items()) if v == "moffice@one")
    event = found[event_uid("tiny", "R1", day)]
    start = event["dtstart"].dt  # type: ignore[index]
    assert start.hour == 8 and start.minute == 30 and str(start.tzinfo) == "Asia/Shanghai"
    assert event["dtend"].dt - start == dt.timedelta(hours=24)  # type: ignore[index]
    assert "一社区" in str(event["location"])  # type: ignore[index]
    assert "警务室" in str(event["summary"])  # type: ignore[index]


def test_uids_stay_and_the_changed_day_updates(tiny: Station, roster: Roster) -> None:
    day = next(d for d, v in sorted(roster.cells["R1"].items()) if v == "moffice@one")
    changed = edited(roster, ("R1", day, "leave"))
    before = events(officer_calendar(tiny, roster, tiny.officer("R1"), revision=1))
    after = events(officer_calendar(tiny, changed, tiny.officer("R1"), revision=2))
    assert before.keys() == after.keys()
    uid = event_uid("tiny", "R1", day)
    assert str(after[uid]["summary"]) != str(before[uid]["summary"])  # type: ignore[index]
    assert int(after[uid]["sequence"]) == 2  # type: ignore[index]


def test_same_inputs_give_the_same_bytes(tiny: Station, roster: Roster) -> None:
    officer = tiny.officer("R2")
    assert officer_calendar(tiny, roster, officer) == officer_calendar(tiny, roster, officer)


def test_write_calendars_keeps_existing_files(
    tmp_path: Path, tiny: Station, roster: Roster
) -> None:
    written = write_calendars(tmp_path / "cal", tiny, roster)
    assert sorted(p.name for p in written) == sorted(f"{o}.ics" for o in roster.cells)
    with pytest.raises(RosterInputError, match="exists"):
        write_calendars(tmp_path / "cal", tiny, roster)
    again = write_calendars(tmp_path / "cal", tiny, roster, officers=["R1"], overwrite=True)
    assert [p.name for p in again] == ["R1.ics"]
    with pytest.raises(RosterInputError, match="P999"):
        write_calendars(tmp_path / "cal", tiny, roster, officers=["P999"], overwrite=True)
