"""One workbook per month for the station's leadership.

Sheets, in order (Chinese names by default, English with ``lang="en"``):

1. 总览 Overview: the month as a calendar; each duty group's state per day, the commander.
2. 排班表 Roster: one row per officer, one column per day; the sheet people edit and the one
   `rosterkit.excel.read_roster` reads back (it is authoritative over the Data sheet).
3. 每日岗位 Daily posts: for each day, each post and who holds it.
4. 值班组 Duty groups: members, commander, sergeants, A/B roles, grid officers, specialists.
5. 考核 Appraisal: both appraisers of each officer and the figures each side appraises.
6. 统计 Statistics: fairness per team with a chart; staff per post per day against minimum.
7. 校验 Check: the checker's verdict on every rule, solve figures, version, input fingerprint.
8. 数据 Data: the long table (`rosterkit.tables`) as an Excel table, for machines; hidden, so
   that it is not printed.

Every sheet for people prints one page wide, with repeated header rows and the station, month
and page number in its header and footer. A very hidden sheet ``_station`` carries the station
and the leave list (`rosterkit.excel.embedded`), so that the workbook can be checked alone.

The workbook also carries custom document properties ``rosterkit.station_id``,
``rosterkit.month``, ``rosterkit.lang``, ``rosterkit.fingerprint`` and ``rosterkit.version``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.worksheet.worksheet import Worksheet

import rosterkit
from rosterkit.errors import RosterInputError
from rosterkit.excel.book import Book
from rosterkit.excel.embedded import write_embedded_station
from rosterkit.excel.labels import Lang, check_lang, word
from rosterkit.excel.report_sheets import (
    write_appraisal,
    write_check,
    write_groups,
    write_statistics,
)
from rosterkit.excel.roster_sheets import write_daily, write_data, write_overview, write_roster
from rosterkit.io import fingerprint, write_atomic
from rosterkit.leave import Leave
from rosterkit.result import Result
from rosterkit.station import Station

__all__ = ["SHEETS", "build_workbook", "export_workbook", "sheet_name"]

log = logging.getLogger(__name__)

SHEETS: tuple[str, ...] = (
    "overview",
    "roster",
    "daily",
    "groups",
    "appraisal",
    "statistics",
    "check",
    "data",
)
"""Keys of the sheets, in workbook order; `sheet_name` gives each one's name."""

_WRITERS: dict[str, Callable[[Worksheet, Book], None]] = {
    "overview": write_overview,
    "roster": write_roster,
    "daily": write_daily,
    "groups": write_groups,
    "appraisal": write_appraisal,
    "statistics": write_statistics,
    "check": write_check,
    "data": write_data,
}


def sheet_name(key: str, lang: Lang | str = "zh") -> str:
    """The name of a sheet (a key of `SHEETS`) in a language."""
    return word(f"sheet.{key}", check_lang(lang))


def build_workbook(
    station: Station,
    result: Result,
    leave: Iterable[Leave] | None = (),
    *,
    lang: Lang | str = "zh",
) -> Workbook:
    """The month's workbook in memory (see the module's docstring for its sheets)."""
    language = check_lang(lang)
    if result.roster is None:
        reasons = "; ".join(result.reasons) or "no reason given"
        raise RosterInputError(
            f"the result holds no roster (status {result.status.value}: {reasons}); solve "
            "again with more time or fewer constraints before exporting"
        )
    roster = result.roster
    if roster.station_id != station.id:
        raise RosterInputError(
            f"the roster is for station '{roster.station_id}', not '{station.id}'; export it "
            "with the station it was made for"
        )
    book = Book(
        station=station,
        result=result,
        roster=roster,
        leave=None if leave is None else list(leave),
        lang=language,
    )
    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    for key in SHEETS:
        ws = workbook.create_sheet(sheet_name(key, language))
        _WRITERS[key](ws, book)
    # The long table is for machines: hidden, so that printing the workbook leaves it out.
    workbook[sheet_name("data", language)].sheet_state = "hidden"
    write_embedded_station(workbook, station, book.leave)
    workbook.active = 0
    props = {
        "station_id": station.id,
        "month": roster.month,
        "lang": language,
        "fingerprint": fingerprint(station, roster.month, book.leave or []),
        "version": rosterkit.__version__,
    }
    custom_props = workbook.custom_doc_props  # type: ignore[attr-defined]  # not in the stubs
    for name, value in props.items():
        custom_props.append(StringProperty(name=f"rosterkit.{name}", value=value))
    workbook.properties.creator = "rosterkit"
    workbook.properties.title = book.title("title.roster")
    return workbook


def export_workbook(
    path: str | os.PathLike[str],
    station: Station,
    result: Result,
    leave: Iterable[Leave] | None = (),
    *,
    lang: Lang | str = "zh",
    overwrite: bool = False,
) -> Path:
    """Write the month's workbook to `path` (.xlsx) atomically and return the path.

    An existing file is kept unless `overwrite` (`RosterInputError` otherwise); a result without
    a roster, a roster of another station or an unknown language are `RosterInputError` too.
    `leave` is the leave list the roster was solved with; the Check sheet judges the roster
    against it, as `rosterkit.check` does. With ``leave=None`` (a roster read back without its
    leave list) the roster's own 'leave' cells count as the leave record.
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise RosterInputError(
            f"a workbook is saved as .xlsx, not '{target.suffix or '(no extension)'}'; "
            "name the file ….xlsx",
            source=str(target),
        )
    if target.exists() and not overwrite:
        raise RosterInputError(
            "file exists; choose another name or allow overwriting (--force)", source=str(target)
        )
    workbook = build_workbook(station, result, leave, lang=lang)
    written = write_atomic(target, lambda tmp: workbook.save(tmp), overwrite=overwrite)
    log.info("wrote %s (%d sheets)", written, len(workbook.sheetnames))
    return written
