"""Officer lists, leave lists and edited rosters read from Excel (or CSV) files.

Headers may be field names (``id``, ``team``…) or Chinese labels (编号, 队室…); see
`rosterkit.excel.labels.OFFICER_HEADERS` and `LEAVE_HEADERS`. Every bad value raises
`RosterInputError` naming file, sheet, row and column, with the fix.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from rosterkit.calendar import Month
from rosterkit.errors import RosterInputError, listing
from rosterkit.excel.labels import (
    LEAVE_HEADERS,
    LEAVE_KIND_LABELS,
    OFFICER_HEADERS,
    ROLE_LABELS,
    SECTOR_LABELS,
    CellLabels,
    check_lang,
    normalise,
    normalise_header,
    words,
)
from rosterkit.excel.sources import (
    Row,
    Table,
    date_value,
    find_sheet,
    group_number,
    is_visible,
    locate_header,
    open_workbook,
    read_table,
    sheet_rows,
    text,
    whole_number,
)
from rosterkit.leave import Leave, LeaveKind
from rosterkit.roster import Roster
from rosterkit.station import (
    FULL_TIME_COMMUNITY_ROLES,
    Officer,
    Role,
    Station,
    Team,
    TeamKind,
)
from rosterkit.tables import COLUMNS, roster_from_records

__all__ = [
    "OfficerList",
    "read_leave",
    "read_officers",
    "read_roster",
    "station_with_officers",
]

log = logging.getLogger(__name__)

OFFICER_SHEETS = ("民警", "民警名单", "officers")
LEAVE_SHEETS = ("请假", "请假名单", "leave")
_SEPARATORS = re.compile(r"[,，、;；/|\s]+")


class OfficerList(list[Officer]):
    """Officers read from a file, remembering where each came from.

    `rows[i]` is the row of officer i; `communities[i]` the text of his community column (an
    officer's community follows from his team, so the column is checked, not stored).
    `station_with_officers` uses these to name the row and column of a bad reference.
    """

    def __init__(
        self,
        officers: Iterable[Officer] = (),
        *,
        table: Table | None = None,
        rows: Sequence[int] = (),
        communities: Sequence[str] = (),
    ) -> None:
        super().__init__(officers)
        self.table = table
        self.rows = list(rows)
        self.communities = list(communities)

    def where(self, index: int, name: str | None = None) -> str:
        """Where officer `index` (and his field `name`) came from."""
        if self.table is None or index >= len(self.rows):
            officer = self[index]
            return f"officer '{officer.id}'" + (f", field {name}" if name else "")
        return self.table.where(self.rows[index], name)


def _where(officers: Sequence[Officer], index: int, name: str | None = None) -> str:
    if isinstance(officers, OfficerList):
        return officers.where(index, name)
    return f"officer '{officers[index].id}'" + (f", field {name}" if name else "")


# --- officers --------------------------------------------------------------------------------


def _role(token: str, where: str) -> Role:
    key = normalise(token)
    for role in Role:
        if key in {normalise(role.value), *(normalise(label) for label in ROLE_LABELS[role])}:
            return role
    choices = ", ".join(f"{ROLE_LABELS[r][0]} ({r.value})" for r in Role)
    raise RosterInputError(f"unknown role '{token}'; use {choices}", source=where)


def parse_roles(value: Any, where: str) -> frozenset[Role]:
    """Roles written as Role values or Chinese labels, separated by ',', '、', ';' or spaces."""
    tokens = [token for token in _SEPARATORS.split(text(value)) if token]
    return frozenset(_role(token, where) for token in tokens)


def _sector_id(value: str) -> str:
    key = normalise(value)
    for sector, labels in SECTOR_LABELS.items():
        if key in {normalise(sector), *(normalise(label) for label in labels)}:
            return sector
    return value


def read_officers(path: str | os.PathLike[str], station: Station | None = None) -> OfficerList:
    """Officers from an .xlsx sheet (民警 / officers, or the only sheet) or a .csv file.

    Columns: id, name, team, squad, roles, community, grid, sector, years_of_service, or their
    Chinese labels 编号, 姓名, 队室 (团队), 班组, 角色, 社区, 网格, 专管行业 (行业), 警龄; id,
    name and team are required. Roles are Role values or Chinese labels separated by commas or
    '、'. Teams, grids and sectors may be written as ids or names; they are resolved against a
    station by `station_with_officers`, at once when `station` is given.
    """
    path = Path(path)
    table = read_table(path, OFFICER_HEADERS, ("id", "name", "team"), OFFICER_SHEETS)
    officers: list[Officer] = []
    rows: list[int] = []
    communities: list[str] = []
    first_row: dict[str, int] = {}
    for number, values in table.rows:
        officer_id = text(table.value(values, "id"))
        if not officer_id:
            raise RosterInputError(
                "no officer id; fill in the id or delete the row", source=table.where(number, "id")
            )
        if officer_id in first_row:
            raise RosterInputError(
                f"officer id '{officer_id}' again (first in row {first_row[officer_id]}); "
                "every officer needs his own id",
                source=table.where(number, "id"),
            )
        first_row[officer_id] = number
        officers.append(_officer(table, number, values, officer_id))
        rows.append(number)
        communities.append(text(table.value(values, "community")))
    if not officers:
        raise RosterInputError(
            "no officers under the header row; fill in one officer per row",
            source=f"{table.source}, row {table.header_row}",
        )
    result = OfficerList(officers, table=table, rows=rows, communities=communities)
    log.info("read %d officers from %s", len(result), table.source)
    if station is not None:
        resolved = _resolve(station, result)
        return OfficerList(resolved, table=table, rows=rows, communities=communities)
    return result


def _officer(table: Table, number: int, values: Sequence[Any], officer_id: str) -> Officer:
    def get(name: str) -> str:
        return text(table.value(values, name))

    name = get("name")
    if not name:
        raise RosterInputError(
            "no name; fill in the officer's name", source=table.where(number, "name")
        )
    team = get("team")
    if not team:
        raise RosterInputError(
            "no team; write the team's name or id", source=table.where(number, "team")
        )
    fields: dict[str, Any] = {
        "id": officer_id,
        "name": name,
        "team": team,
        "roles": parse_roles(table.value(values, "roles"), table.where(number, "roles")),
        "grid": get("grid") or None,
        "sector": _sector_id(get("sector")) if get("sector") else None,
        "squad": group_number(table.value(values, "squad"), table.where(number, "squad")),
    }
    years = whole_number(
        table.value(values, "years_of_service"),
        table.where(number, "years_of_service"),
        unit="年",
    )
    if years is not None:
        fields["years_of_service"] = years
    try:
        return Officer.model_validate(fields)
    except ValidationError as error:
        raise _officer_error(error, table, number) from None


def _officer_error(error: ValidationError, table: Table, number: int) -> RosterInputError:
    item = error.errors()[0]
    location = [str(part) for part in item["loc"]]
    name = {"years_of_service": "years_of_service", "squad": "squad", "id": "id", "name": "name"}
    field_name = next((name[part] for part in location if part in name), None)
    message = str(item["msg"]).removeprefix("Value error, ")
    if field_name is None and ("grid" in message or "sector" in message):
        field_name = "roles"
        message += "; fill in the grid (sector) column for a grid officer (sector specialist)"
        message += " and leave it empty for the others"
    elif field_name == "squad":
        message += "; squads are numbered from 1"
    elif field_name == "years_of_service":
        message += "; years of service run from 0 to 60"
    return RosterInputError(message, source=table.where(number, field_name))


def _match_team(station: Station, value: str) -> Team | None:
    key = normalise(value)
    for team in station.teams:
        if key in {normalise(team.id), normalise(team.name), normalise(team.name_en)}:
            return team
    return None


def _resolve(station: Station, officers: Sequence[Officer]) -> list[Officer]:
    """Officers with teams, grids and sectors as the station's ids; bad references raise."""
    grids = {g.id: g for g in station.grids}
    grid_keys = {normalise(key): g.id for g in station.grids for key in (g.id, g.name)}
    communities = {
        normalise(key): c.id
        for c in station.communities
        for key in (c.id, c.name, c.name.removesuffix("社区"), c.name_en, c.short)
    }
    groups = station.rotation.groups
    resolved: list[Officer] = []
    for index, officer in enumerate(officers):
        team = _match_team(station, officer.team)
        if team is None:
            choices = listing(f"{t.name} ({t.id})" for t in station.teams)
            raise RosterInputError(
                f"unknown team '{officer.team}'; use one of {choices}",
                source=_where(officers, index, "team"),
            )
        update: dict[str, Any] = {"team": team.id}
        community_text = (
            officers.communities[index]
            if isinstance(officers, OfficerList) and index < len(officers.communities)
            else ""
        )
        if community_text:
            community = communities.get(normalise(community_text))
            if community is None:
                choices = listing(f"{c.name} ({c.id})" for c in station.communities)
                raise RosterInputError(
                    f"unknown community '{community_text}'; use one of {choices}",
                    source=_where(officers, index, "community"),
                )
            if team.community != community:
                fix = (
                    f"team {team.name} works in {station.community(team.community).name}"
                    if team.community
                    else f"team {team.name} belongs to no community; leave the column empty"
                )
                raise RosterInputError(
                    f"community '{community_text}' does not match the team; {fix}",
                    source=_where(officers, index, "community"),
                )
        if officer.grid is not None:
            grid_id = grid_keys.get(normalise(officer.grid))
            if grid_id is None:
                choices = listing(
                    g.name for g in station.grids if g.community == team.community
                ) or listing(g.name for g in station.grids)
                raise RosterInputError(
                    f"unknown grid '{officer.grid}'; use one of {choices or '(none defined)'}",
                    source=_where(officers, index, "grid"),
                )
            if grids[grid_id].community != team.community:
                raise RosterInputError(
                    f"grid '{officer.grid}' lies outside the community of team {team.name}; "
                    "choose a grid of his own community",
                    source=_where(officers, index, "grid"),
                )
            update["grid"] = grid_id
        if officer.sector is not None and officer.sector not in station.sectors:
            raise RosterInputError(
                f"unknown sector '{officer.sector}'; use one of "
                + listing(f"{SECTOR_LABELS.get(s, (s,))[0]} ({s})" for s in station.sectors),
                source=_where(officers, index, "sector"),
            )
        if officer.squad is not None:
            if team.kind is TeamKind.leadership:
                raise RosterInputError(
                    "the leadership has no squads; leave the squad empty",
                    source=_where(officers, index, "squad"),
                )
            if officer.squad > groups:
                raise RosterInputError(
                    f"squad {officer.squad}, but the station has {groups} duty groups; "
                    f"write 1 to {groups}",
                    source=_where(officers, index, "squad"),
                )
        if officer.roles & FULL_TIME_COMMUNITY_ROLES and team.kind is not TeamKind.community:
            raise RosterInputError(
                "A and B roles belong to community teams; move him to a community team or "
                "remove the role",
                source=_where(officers, index, "roles"),
            )
        resolved.append(officer.model_copy(update=update))
    return resolved


def station_with_officers(station: Station, officers: Sequence[Officer]) -> Station:
    """`station` with its officers replaced by `officers`, every cross-reference checked.

    Teams, grids and sectors may be ids or names (as `read_officers` leaves them). An unknown
    team, grid, community or sector, a squad out of range, or an A/B pair of the station whose
    officers are missing raises `RosterInputError` naming the file, row and column.
    """
    resolved = _resolve(station, officers)
    ids = {officer.id: index for index, officer in enumerate(resolved)}
    for pair in station.ab_pairs:
        for role, officer_id in ((Role.a_role, pair.a_role), (Role.b_role, pair.b_role)):
            index = ids.get(officer_id)
            if index is None:
                raise RosterInputError(
                    f"the station pairs A role {pair.a_role} with B role {pair.b_role}, but "
                    f"officer '{officer_id}' is not in the list; add him, or change the "
                    "station's ab_pairs"
                )
            if role not in resolved[index].roles:
                label = ROLE_LABELS[role][0]
                raise RosterInputError(
                    f"the station pairs {pair.a_role} (A) with {pair.b_role} (B); give "
                    f"'{officer_id}' the role {label} ({role.value}) or change the station's "
                    "ab_pairs",
                    source=_where(officers, index, "roles"),
                )
    data = station.model_dump()
    data["officers"] = [officer.model_dump() for officer in resolved]
    try:
        return Station.model_validate(data)
    except ValidationError as error:
        source = (
            officers.table.source if isinstance(officers, OfficerList) and officers.table else None
        )
        problems = "; ".join(
            str(item["msg"]).removeprefix("Value error, ") for item in error.errors()
        )
        raise RosterInputError(
            f"the officers do not fit the station: {problems}", source=source
        ) from None


# --- leave -----------------------------------------------------------------------------------


def _leave_kind(value: Any, where: str) -> LeaveKind:
    key = normalise(text(value))
    if key == "":
        return LeaveKind.annual
    for kind in LeaveKind:
        if key in {normalise(kind.value), *(normalise(x) for x in LEAVE_KIND_LABELS[kind])}:
            return kind
    choices = ", ".join(f"{LEAVE_KIND_LABELS[k][0]} ({k.value})" for k in LeaveKind)
    raise RosterInputError(f"unknown kind of leave '{text(value)}'; use {choices}", source=where)


def read_leave(path: str | os.PathLike[str], station: Station | None = None) -> list[Leave]:
    """Leave requests from an .xlsx sheet (请假 / leave, or the only sheet) or a .csv file.

    Columns: officer_id, start, end, kind, note, or 编号 (警号), 开始, 结束, 类型, 备注; an
    optional 姓名 (name) column is checked against the station. Dates may be Excel dates or text
    like 2026-12-03; an empty kind is annual leave. With `station`, unknown officer ids are
    errors naming the row and column.
    """
    path = Path(path)
    table = read_table(path, LEAVE_HEADERS, ("officer_id", "start", "end"), LEAVE_SHEETS)
    officers = {o.id: o for o in station.officers} if station is not None else None
    station_id = station.id if station is not None else ""
    result: list[Leave] = []
    for number, values in table.rows:
        officer_id = text(table.value(values, "officer_id"))
        if not officer_id:
            raise RosterInputError(
                "no officer id; fill it in or delete the row",
                source=table.where(number, "officer_id"),
            )
        if officers is not None:
            officer = officers.get(officer_id)
            if officer is None:
                raise RosterInputError(
                    f"unknown officer '{officer_id}'; use an id of station '{station_id}'"
                    " (see its officer list)",
                    source=table.where(number, "officer_id"),
                )
            name = text(table.value(values, "name"))
            if name and normalise(name) != normalise(officer.name):
                raise RosterInputError(
                    f"officer '{officer_id}' is {officer.name}, not {name}; fix the id or the name",
                    source=table.where(number, "name"),
                )
        start = date_value(table.value(values, "start"), table.where(number, "start"))
        end = date_value(table.value(values, "end"), table.where(number, "end"))
        if end < start:
            raise RosterInputError(
                f"leave ends {end} before it starts {start}; swap or fix the dates",
                source=table.where(number, "end"),
            )
        kind = _leave_kind(table.value(values, "kind"), table.where(number, "kind"))
        note = text(table.value(values, "note"))
        try:
            result.append(Leave(officer_id=officer_id, start=start, end=end, kind=kind, note=note))
        except ValidationError as error:
            message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
            raise RosterInputError(message, source=table.where(number, "note")) from None
    log.info("read %d leave requests from %s", len(result), table.source)
    return result


# --- roster ----------------------------------------------------------------------------------

_BAND_COUNT = re.compile(r"\s*[(（]\s*\d+\s*[)）]\s*$")


def read_roster(path: str | os.PathLike[str], station: Station) -> Roster:
    """The roster of a workbook written by `export_workbook`, edited by hand or not.

    The Roster sheet (排班表) is authoritative: officer ids in column A, duty groups in column C,
    one column per day holding a post label (Chinese or English), a slot code, or 休 / 假 / —
    (rest / leave / off); an empty day cell reads as off. The machine-readable Data sheet, hidden
    or not, is only compared with it, and differences are logged. Labels that stand for nothing,
    unknown officers, a changed date header or a workbook of another station raise
    `RosterInputError` naming sheet, row and column.
    """
    path = Path(path)
    with open_workbook(path) as workbook:
        custom = workbook.custom_doc_props  # type: ignore[attr-defined]  # not in the stubs
        props = {p.name: p.value for p in custom.props}
        station_id = props.get("rosterkit.station_id")
        if isinstance(station_id, str) and station_id != station.id:
            raise RosterInputError(
                f"the workbook is for station '{station_id}', not '{station.id}'; read it with "
                "the station it was written for",
                source=str(path),
            )
        lang_prop = props.get("rosterkit.lang")
        lang = check_lang(lang_prop) if lang_prop in ("zh", "en") else "zh"
        sheet = find_sheet(workbook, words("sheet.roster"), str(path))
        if is_visible(workbook, sheet):
            log.info("%s: reading sheet %s", path, sheet)
        else:
            log.warning("%s: reading sheet %s, which is hidden", path, sheet)
        source = f"{path}, sheet {sheet}"
        rows = sheet_rows(workbook, sheet, source)
        data_rows: list[Row] | None = None
        data_source = ""
        for name in words("sheet.data"):
            if name in workbook.sheetnames:
                data_source = f"{path}, sheet {name}"
                data_rows = sheet_rows(workbook, name, data_source)
    roster = _roster_from_rows(rows, source, station, CellLabels(station, lang))
    if data_rows is not None:
        _compare_with_data(roster, data_rows, data_source, station)
    return roster


def _roster_from_rows(rows: list[Row], source: str, station: Station, labels: CellLabels) -> Roster:
    id_headers = {normalise_header(h) for h in words("h.id")}
    header: int | None = None
    for number, values in rows[:20]:
        if values and normalise_header(values[0]) in id_headers:
            header = number
            break
    if header is None:
        raise RosterInputError(
            f"no header row with {' / '.join(words('h.id'))} in column A; restore the header "
            "of the exported workbook",
            source=source,
        )
    header_values = rows[header - 1][1]
    days: dict[int, dt.date] = {}
    for column in range(4, len(header_values) + 1):
        value = header_values[column - 1]
        if isinstance(value, dt.datetime):
            days[column] = value.date()
        elif isinstance(value, dt.date):
            days[column] = value
        elif value not in (None, ""):
            raise RosterInputError(
                f"'{value}' is not a date; the day headers of the exported workbook are dates, "
                "restore them",
                source=f"{source}, row {header}, column {get_column_letter(column)}",
            )
    if not days:
        raise RosterInputError(
            "no day columns (dates from column D); restore the header of the exported workbook",
            source=f"{source}, row {header}",
        )
    first = min(days.values())
    month = Month(first.year, first.month)
    if sorted(days.values()) != month.days:
        raise RosterInputError(
            f"the day headers are not the days of {month}, each once; restore them",
            source=f"{source}, row {header}",
        )
    officers = {o.id for o in station.officers}
    team_names = {
        normalise(key) for team in station.teams for key in (team.id, team.name, team.name_en)
    }
    legend = {normalise(w) for w in words("title.legend")}
    written = "  ".join(dict.fromkeys(labels.written.values()))
    groups: dict[str, int] = {}
    cells: dict[str, dict[dt.date, str]] = {}
    seen: dict[str, int] = {}
    for number, values in rows[header + 1 :]:
        first_cell = text(values[0]) if values else ""
        key = normalise(first_cell)
        if key == "":
            continue
        if key in legend:
            break
        if first_cell not in officers:
            if normalise(_BAND_COUNT.sub("", first_cell)) in team_names:
                continue
            raise RosterInputError(
                f"unknown officer '{first_cell}' in column A; use an id of station "
                f"'{station.id}' or delete the row",
                source=f"{source}, row {number}, column A",
            )
        if first_cell in seen:
            raise RosterInputError(
                f"officer '{first_cell}' has a second row (first in row {seen[first_cell]}); "
                "keep one",
                source=f"{source}, row {number}, column A",
            )
        seen[first_cell] = number
        group = group_number(
            values[2] if len(values) > 2 else None, f"{source}, row {number}, column C"
        )
        if group is not None:
            groups[first_cell] = group
        row: dict[dt.date, str] = {}
        for column, day in days.items():
            raw = values[column - 1] if column <= len(values) else None
            value = labels.value(text(raw))
            if value is None:
                raise RosterInputError(
                    f"'{text(raw)}' on {day} is no post code; write one of {written}",
                    source=f"{source}, row {number}, column {get_column_letter(column)}",
                )
            row[day] = value
        cells[first_cell] = row
    log.info("read %d officers' rows for %s from %s", len(cells), month, source)
    return Roster(station_id=station.id, month=str(month), groups=groups, cells=cells)


def _compare_with_data(roster: Roster, rows: list[Row], source: str, station: Station) -> None:
    """Log how far the Roster sheet, which counts, differs from the Data sheet."""
    try:
        table = locate_header(rows, {c: (c,) for c in COLUMNS}, COLUMNS[:5], source)
        records = [
            (table.where(number), {c: table.value(values, c) for c in COLUMNS})
            for number, values in table.rows
        ]
        data = roster_from_records(records, station, source=source)
    except RosterInputError as error:
        log.info("the Data sheet was not compared: %s", error)
        return
    differences = sum(
        1
        for officer_id, row in roster.cells.items()
        for day, value in row.items()
        if data.cells.get(officer_id, {}).get(day) != value
    )
    if differences:
        log.warning(
            "%s: %d cells differ from the Roster sheet, which counts (edited by hand?)",
            source,
            differences,
        )
