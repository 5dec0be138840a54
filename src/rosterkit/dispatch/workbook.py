"""The month's dispatch as a workbook for the station's leadership, and the result read back.

Five sheets, Chinese labels by default (English with ``lang="en"``):

- 警情处置 / Incidents: each incident with its cars, responders (name and id), level, outcome
  and reason, and the case it opened (team, officer, hand-over);
- 民警负荷 / Officer load: incidents, minutes and cases of each officer who had any;
- 案件移交 / Hand-overs: the cases handed over (移交) from the opening team to the team the
  jurisdiction table names;
- 无警可派 / Unserved: the incidents nobody was free for;
- 社区网格统计 / By community and grid: counts per community (a total row) and per grid.

A very hidden sheet carries the result itself (`DispatchResult` as JSON), so that
`read_result` (and `rosterkit appraise init --dispatch`) reads a workbook as it reads the JSON.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from rosterkit.capacity import slot_name
from rosterkit.dispatch.result import DispatchResult, Level, Outcome, Response, reason_text
from rosterkit.dispatch.rules import DispatchRules
from rosterkit.duties import slot_map
from rosterkit.errors import RosterInputError
from rosterkit.io import write_atomic, write_text_atomic
from rosterkit.station import Station

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

log = logging.getLogger(__name__)

DATA_SHEET = "_rosterkit_dispatch"
CHUNK = 30_000
"""Characters of the hidden JSON per cell (a cell holds at most 32,767)."""
SUFFIXES = (".json", ".xlsx")

WORDS: dict[str, tuple[str, str]] = {
    "incidents": ("警情处置", "Incidents"),
    "loads": ("民警负荷", "Officer load"),
    "handovers": ("案件移交", "Hand-overs"),
    "unserved": ("无警可派", "Unserved"),
    "areas": ("社区网格统计", "By community and grid"),
    "title": ("警情处置与案件流转", "dispatch and case handling"),
    "id": ("警情编号", "Incident"),
    "time": ("时间", "Time"),
    "community": ("社区", "Community"),
    "grid": ("网格", "Grid"),
    "type": ("警情类型", "Type"),
    "needed": ("需警力", "Officers needed"),
    "cars": ("出警车组", "Cars"),
    "officers": ("出警民警", "Responders"),
    "sent": ("出警人数", "Officers sent"),
    "level": ("处置层级", "Level"),
    "outcome": ("结果", "Outcome"),
    "reason": ("原因", "Reason"),
    "case": ("案件类型", "Case type"),
    "opened_by": ("发起队室", "Opened by"),
    "team": ("承办队室", "Handled by"),
    "handler": ("承办民警", "Officer"),
    "handover": ("移交", "Handed over"),
    "officer_id": ("编号", "Id"),
    "name": ("姓名", "Name"),
    "own_team": ("队室", "Team"),
    "count": ("出警次数", "Incidents"),
    "minutes": ("出警分钟", "Minutes"),
    "cases": ("承办案件", "Cases"),
    "total": ("合计", "total"),
    "no_grid": ("未注明网格", "no grid given"),
    "station": ("全所", "Station"),
    "yes": ("是", "yes"),
    "none_free": ("无", "none"),
    "nobody": ("（本队无人在岗，待下次值班）", "(nobody of the team on duty; next duty)"),
    "served_count": ("已处置", "Served"),
    "short_count": ("警力不足", "Short"),
    "unserved_count": ("无警可派", "Unserved"),
    "community_level": ("社区车组", "Community car"),
    "station_level": ("所车组", "Station car"),
    "both_level": ("两级同出", "Both"),
    "handover_count": ("移交", "Handed over"),
    "incident_count": ("警情数", "Incidents"),
}
LEVELS: dict[Level, tuple[str, str]] = {
    Level.community: ("社区二级车组", "community car"),
    Level.station: ("所一级车组", "station car"),
    Level.both: ("两级同出", "both levels"),
    Level.none: ("无", "none"),
}
OUTCOMES: dict[Outcome, tuple[str, str]] = {
    Outcome.served: ("已处置", "served"),
    Outcome.short: ("警力不足", "short of officers"),
    Outcome.unserved: ("无警可派", "nobody free"),
}


def _w(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def _pick(words: tuple[str, str], lang: str) -> str:
    return words[0] if lang == "zh" else words[1]


class _Names:
    """Ids as leadership reads them: officers, teams, communities, grids, types, case types."""

    def __init__(self, station: Station, rules: DispatchRules, lang: str) -> None:
        zh = lang == "zh"
        self.officer = {o.id: o.name for o in station.officers}
        self.team = {t.id: t.name if zh else t.name_en for t in station.teams}
        self.team_of = {o.id: o.team for o in station.officers}
        self.community = {c.id: c.name if zh else c.name_en for c in station.communities}
        self.grid = {g.id: g.name for g in station.grids}
        self.type = {t.code: t.name if zh else t.name_en for t in rules.incident_types}
        self.case = {c.code: c.name if zh else c.name_en for c in rules.case_types}
        # Cars as the count says them: 'Community car (Caochang)' / '社区巡逻车(草厂社区)'.
        self.car = {
            code: slot_name(station, slot, "zh" if zh else "en")
            for code, slot in slot_map(station).items()
        }

    def incident(self, r: Response) -> list[Any]:
        """Id, time, community, grid, type and officers needed, as the sheets show them."""
        grid = self.grid.get(r.grid, r.grid) if r.grid else ""
        kind = self.type.get(r.type, r.type)
        return [
            r.incident_id,
            r.time,
            self.community.get(r.community, r.community),
            grid,
            kind,
            r.needed,
        ]

    def person(self, officer_id: str | None) -> str:
        if officer_id is None:
            return ""
        return f"{self.officer.get(officer_id, officer_id)} ({officer_id})"


def build_dispatch_workbook(
    station: Station, result: DispatchResult, rules: DispatchRules, lang: str = "zh"
) -> Workbook:
    """The workbook of a dispatch result in `lang` ('zh' or 'en')."""
    from openpyxl import Workbook

    from rosterkit.excel.labels import check_lang

    lang = check_lang(lang)
    names = _Names(station, rules, lang)
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = _w("incidents", lang)
    cases = {case.incident_id: case for case in result.cases}
    title = _title(station, result, lang)

    def incident_row(r: Response) -> list[Any]:
        case = cases.get(r.incident_id)
        return [
            *names.incident(r),
            ", ".join(names.car.get(car, car) for car in r.cars),
            ", ".join(names.person(oid) for oid in r.officers),
            len(r.officers),
            _pick(LEVELS[r.level], lang),
            _pick(OUTCOMES[r.outcome], lang),
            reason_text(r.reason, lang),
            names.case.get(case.case_type, case.case_type) if case else "",
            names.team.get(case.team, case.team) if case else "",
            (names.person(case.officer) or _w("nobody", lang)) if case else "",
            _w("yes", lang) if case and case.handover else "",
        ]

    incident_keys = [
        *("id", "time", "community", "grid", "type", "needed", "cars", "officers", "sent"),
        *("level", "outcome", "reason", "case", "team", "handler", "handover"),
    ]
    _table(
        first,
        title,
        [_w(k, lang) for k in incident_keys],
        [incident_row(r) for r in result.responses],
        widths=[10, 16, 10, 12, 12, 8, 22, 36, 8, 12, 10, 40, 14, 16, 16, 6],
        marked=lambda row: row[10] != _pick(OUTCOMES[Outcome.served], lang),
    )
    order = {o.id: number for number, o in enumerate(station.officers)}
    loads = sorted(result.loads.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    _table(
        workbook.create_sheet(_w("loads", lang)),
        title,
        [_w(k, lang) for k in ("officer_id", "name", "own_team", "count", "minutes", "cases")],
        [
            [
                oid,
                names.officer.get(oid, oid),
                names.team.get(names.team_of.get(oid, ""), ""),
                load.incidents,
                load.minutes,
                load.cases,
            ]
            for oid, load in loads
        ],
        widths=[10, 10, 18, 10, 10, 10],
    )
    times = {r.incident_id: r for r in result.responses}
    handover_rows = []
    for case in result.handovers:
        response = times.get(case.incident_id)
        handover_rows.append(
            [
                case.incident_id,
                response.time if response else None,
                names.community.get(response.community, response.community) if response else "",
                names.case.get(case.case_type, case.case_type),
                names.team.get(case.opened_by or "", case.opened_by or ""),
                names.team.get(case.team, case.team),
                names.person(case.officer) or _w("nobody", lang),
            ]
        )
    _table(
        workbook.create_sheet(_w("handovers", lang)),
        title,
        [_w(k, lang) for k in ("id", "time", "community", "case", "opened_by", "team", "handler")],
        handover_rows,
        widths=[10, 16, 10, 16, 18, 18, 18],
    )
    _table(
        workbook.create_sheet(_w("unserved", lang)),
        title,
        [_w(k, lang) for k in ("id", "time", "community", "grid", "type", "needed", "reason")],
        [[*names.incident(r), reason_text(r.reason, lang)] for r in result.unserved],
        widths=[10, 16, 10, 12, 12, 8, 40],
    )
    area_keys = [
        *("community", "grid", "incident_count", "served_count", "short_count", "unserved_count"),
        *("community_level", "station_level", "both_level", "cases", "handover_count"),
    ]
    _table(
        workbook.create_sheet(_w("areas", lang)),
        title,
        [_w(k, lang) for k in area_keys],
        area_rows(station, result, names, lang),
        widths=[12, 14, 10, 10, 10, 10, 10, 10, 10, 10, 10],
        marked=lambda row: row[1] == _w("total", lang) or row[0] == _w("station", lang),
    )
    embed_json(workbook, DATA_SHEET, result.model_dump_json())
    workbook.properties.creator = "rosterkit"
    workbook.properties.title = title
    return workbook


def area_counts(responses: Sequence[Response], handed: set[str], cased: set[str]) -> list[int]:
    """incidents, served, short, unserved, community car, station car, both, cases, hand-overs"""
    outcomes = Counter(r.outcome for r in responses)
    levels = Counter(r.level for r in responses)
    return [
        len(responses),
        outcomes[Outcome.served],
        outcomes[Outcome.short],
        outcomes[Outcome.unserved],
        levels[Level.community],
        levels[Level.station],
        levels[Level.both],
        sum(1 for r in responses if r.incident_id in cased),
        sum(1 for r in responses if r.incident_id in handed),
    ]


def area_rows(
    station: Station, result: DispatchResult, names: _Names, lang: str
) -> list[list[Any]]:
    """A total row per community, then a row per grid of it (and one for incidents with no
    grid, where there are any), and the station's total last."""
    handed = {case.incident_id for case in result.handovers}
    cased = {case.incident_id for case in result.cases}
    rows: list[list[Any]] = []
    for community in station.communities:
        own = [r for r in result.responses if r.community == community.id]
        label = names.community[community.id]
        rows.append([label, _w("total", lang), *area_counts(own, handed, cased)])
        for grid in (g for g in station.grids if g.community == community.id):
            in_grid = [r for r in own if r.grid == grid.id]
            rows.append([label, grid.name, *area_counts(in_grid, handed, cased)])
        loose = [r for r in own if r.grid is None]
        if loose:
            rows.append([label, _w("no_grid", lang), *area_counts(loose, handed, cased)])
    rows.append([_w("station", lang), "", *area_counts(result.responses, handed, cased)])
    return rows


def _title(station: Station, result: DispatchResult, lang: str) -> str:
    from rosterkit.calendar import Month

    month = Month.parse(result.month)
    if lang == "zh":
        return f"{station.name} {month.year}年{month.month}月 {_w('title', lang)}"
    return f"{station.name_en}, {month.first:%B %Y}: {_w('title', lang)}"


def _table(
    ws: Worksheet,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    *,
    widths: list[int],
    marked: Callable[[list[Any]], bool] | None = None,
) -> None:
    """A title, a bold header row (frozen, filtered) and the rows in boxes; rows `marked` says
    are filled in the header colour (short or unserved incidents, totals)."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    from rosterkit.excel.layout import PageStyle, print_setup
    from rosterkit.excel.styles import BOLD, BOX, HEADER_COLOUR, TITLE, fill, put

    put(ws, 1, 1, title).font = TITLE
    for column, text in enumerate(headers, start=1):
        cell = put(ws, 2, column, text)
        cell.font, cell.fill, cell.border = BOLD, fill(HEADER_COLOUR), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = widths[column - 1]
    for number, values in enumerate(rows, start=3):
        highlight = marked is not None and marked(values)
        for column, value in enumerate(values, start=1):
            cell = put(ws, number, column, value)
            cell.border = BOX
            if isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            if highlight:
                cell.fill = fill("FCE4D6")
    ws.freeze_panes = "A3"
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A2:{last}{max(2, len(rows) + 2)}"
    print_setup(ws, PageStyle("A4", "landscape", "2:2"), header=title, footer="&P / &N")


def embed_json(workbook: Workbook, name: str, text: str) -> None:
    """Add a very hidden sheet `name` holding `text` (JSON rosterkit wrote) in cells of
    `CHUNK` characters down column A; `embedded_json` joins it again."""
    from rosterkit.excel.styles import put

    ws = workbook.create_sheet(name)
    ws.sheet_state = "veryHidden"
    for number, start in enumerate(range(0, len(text), CHUNK), start=1):
        put(ws, number, 1, text[start : start + CHUNK])


def embedded_json(rows: Iterable[tuple[int, Sequence[Any]]]) -> str:
    """The text `embed_json` spread over the rows of its sheet."""
    return "".join(str(values[0]) for _, values in rows if values and values[0] is not None)


def write_result(
    path: str | os.PathLike[str],
    result: DispatchResult,
    station: Station,
    rules: DispatchRules,
    *,
    lang: str = "zh",
    overwrite: bool = False,
) -> Path:
    """Write the result atomically as JSON or as the leadership's workbook, by the file's
    suffix (.json or .xlsx); an existing file is kept unless `overwrite`."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".json":
        written = write_text_atomic(
            target, result.model_dump_json(indent=1) + "\n", overwrite=overwrite
        )
    elif suffix == ".xlsx":
        workbook = build_dispatch_workbook(station, result, rules, lang)
        written = write_atomic(target, lambda tmp: workbook.save(tmp), overwrite=overwrite)
    else:
        raise RosterInputError(
            f"unknown file type '{target.suffix or 'no suffix'}' for a dispatch result; name the "
            "file ….json or ….xlsx",
            source=str(target),
        )
    log.info("wrote %s (%d incidents)", written, len(result.responses))
    return written


def read_result(path: str | os.PathLike[str]) -> DispatchResult:
    """A dispatch result from the JSON or the workbook `write_result` wrote."""
    source = Path(path)
    suffix = source.suffix.lower()
    again = "write it again with 'rosterkit dispatch run'"
    if suffix not in SUFFIXES:
        raise RosterInputError(
            f"unknown file type '{source.suffix or 'no suffix'}' for a dispatch result; give the "
            ".json or .xlsx that 'rosterkit dispatch run' wrote",
            source=str(source),
        )
    if suffix == ".json":
        payload = source.read_bytes()
    else:
        from rosterkit.excel.sources import open_workbook, sheet_rows

        with open_workbook(source) as workbook:
            if DATA_SHEET not in workbook.sheetnames:
                raise RosterInputError(
                    f"not a dispatch workbook of rosterkit (it carries no result); {again}",
                    source=str(source),
                )
            rows = sheet_rows(workbook, DATA_SHEET, f"{source}, sheet {DATA_SHEET}")
        payload = embedded_json(rows).encode()
    try:
        return DispatchResult.model_validate_json(payload)
    except ValidationError:
        raise RosterInputError(
            f"not a dispatch result, or one changed; {again}", source=str(source)
        ) from None
