"""Each officer's month as an iCalendar file (RFC 5545), written with the `icalendar` library.

Every day of the month is one event with a stable UID built from the station, the officer and
the day (``qianmen-P015-20261212@rosterkit``): a duty is a timed event (post, hours, place), a
rest, leave or off day an all-day event that does not block time. A re-rostered month writes
the same UIDs with a higher SEQUENCE (the revision), so a calendar that imported or subscribed
to the file updates the changed days in place instead of adding copies. Times are Beijing time
(Asia/Shanghai) with its VTIMEZONE. The same roster and revision give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from rosterkit.duties import LEAVE, OFF, REST, slot_map
from rosterkit.errors import RosterInputError
from rosterkit.roster import Roster
from rosterkit.station import Officer, Station

__all__ = ["TIMEZONE", "event_uid", "officer_calendar", "write_calendars"]

TIMEZONE = "Asia/Shanghai"
_DAY_WORDS = {REST: ("休班", "rest"), LEAVE: ("请假", "leave"), OFF: ("不在班", "off")}


def event_uid(station_id: str, officer_id: str, day: dt.date) -> str:
    """The event's UID: the same for an officer-day in every revision of the month."""
    return f"{station_id}-{officer_id}-{day:%Y%m%d}@rosterkit"


def officer_calendar(
    station: Station,
    roster: Roster,
    officer: Officer,
    *,
    revision: int = 1,
    issued: dt.date | None = None,
) -> bytes:
    """One officer's month as iCalendar bytes (see the module's docstring).

    `revision` becomes each event's SEQUENCE; `issued` (default the month's first day) its
    DTSTAMP, so the file depends on its inputs only."""
    from icalendar import Calendar, Event

    zone = ZoneInfo(TIMEZONE)
    slots = slot_map(station)
    stamp = dt.datetime.combine(issued or roster.period.first, dt.time(0, 0), tzinfo=dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", "-//rosterkit//duty roster//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{station.name} {officer.name}({officer.id}) {roster.month}")
    calendar.add("x-wr-timezone", TIMEZONE)
    for day, value in sorted(roster.cells.get(officer.id, {}).items()):
        event = Event()
        event.add("uid", event_uid(station.id, officer.id, day))
        event.add("dtstamp", stamp)
        event.add("sequence", revision)
        slot = slots.get(value)
        if slot is None:
            zh, en = _DAY_WORDS.get(value, (value, value))
            event.add("summary", f"{zh} {en}")
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            post = slot.post
            start = dt.datetime.combine(day, post.starts, tzinfo=zone)
            place = station.name
            name = post.name
            if slot.community is not None:
                community = station.community(slot.community)
                place = f"{station.name} {community.name}"
                name = f"{post.name} {community.name}"
            event.add("summary", name)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(hours=post.hours))
            event.add("location", place)
            event.add(
                "description",
                f"{post.name_en} ({post.state.value} duty, {post.hours:g} h); "
                f"post code {slot.code}",
            )
            event.add("transp", "OPAQUE")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def write_calendars(
    directory: str | os.PathLike[str],
    station: Station,
    roster: Roster,
    *,
    officers: Iterable[str] | None = None,
    revision: int = 1,
    issued: dt.date | None = None,
    overwrite: bool = False,
) -> list[Path]:
    """One ``<officer id>.ics`` per officer of the roster (or of `officers`) in `directory`
    (created if need be), all written or none; an existing file is kept unless `overwrite`
    (`RosterInputError` naming it, before anything is written)."""
    from rosterkit.io import all_or_none, check_writable, write_atomic

    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise RosterInputError("is a file, not a folder; choose a folder", source=str(folder))
    wanted = list(officers) if officers is not None else list(roster.cells)
    by_id = {officer.id: officer for officer in station.officers}
    unknown = [oid for oid in wanted if oid not in by_id or oid not in roster.cells]
    if unknown:
        raise RosterInputError(f"no officer {', '.join(unknown[:10])} in the roster")
    targets = {oid: folder / f"{oid}.ics" for oid in wanted}
    folder.mkdir(parents=True, exist_ok=True)
    for target in targets.values():
        check_writable(target, overwrite=overwrite)
    written: list[Path] = []
    with all_or_none():
        for oid, target in targets.items():
            data = officer_calendar(station, roster, by_id[oid], revision=revision, issued=issued)
            written.append(write_atomic(target, _writer(data), overwrite=overwrite))
    return written


def _writer(data: bytes) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return write
