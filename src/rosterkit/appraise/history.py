"""Earlier incident and case figures per community and grid, and the month's change against them
(压降警情发案: incidents and cases down against the same month last year or the last three months).

The figures come from a small table (.csv or .xlsx with the columns period, community, grid,
incidents, cases, or 月份, 社区, 网格, 警情, 发案) or a YAML, TOML or JSON list of the same fields
(also under a top-level ``history:`` key). A row without a grid is the community's total; a
community without such a row in a month counts as the sum of its grids when every grid of it has
a row. The month's own figures are the table's rows of the appraised month when it has any,
else the month's dispatch result (incidents by place; a case by its incident's place).

For each community and grid::

    baseline = the figure of the same month last year          (scheme.baseline: last_year)
             | the mean of the three months before             (last_three_months)
    down_pct = (baseline - this_month) / baseline * 100        (None when the baseline is 0 or
                                                                any month of it is missing)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from rosterkit.calendar import Month, MonthError
from rosterkit.dispatch.result import DispatchResult
from rosterkit.errors import RosterInputError
from rosterkit.scoring import Baseline
from rosterkit.station import Station

log = logging.getLogger(__name__)

FIELDS: dict[str, tuple[str, ...]] = {
    "period": ("period", "月份", "期间", "month"),
    "community": ("community", "社区"),
    "grid": ("grid", "网格"),
    "incidents": ("incidents", "警情", "警情数"),
    "cases": ("cases", "发案", "案件", "发案数"),
}
REQUIRED = ("period", "community", "incidents", "cases")
SHEETS = ("history", "往期", "往期数据")
MAX_ROWS = 50_000
_SHOWN = 20


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AreaFigures(_Model):
    """One month's incidents and cases of a community (`grid` None: its total) or of a grid."""

    period: str
    community: str
    grid: str | None = None
    incidents: int
    cases: int


def down_pct(now: float, before: float | None) -> float | None:
    """How far `now` is below `before`, in percent of `before` (negative: above it); None when
    there is no baseline to compare with."""
    if before is None or before <= 0:
        return None
    return (before - now) / before * 100


class AreaChange(_Model):
    """An area's month against its baseline; the `*_down_pct` figures are `down_pct` of them."""

    area: str
    incidents: int
    cases: int
    incidents_before: float | None
    cases_before: float | None

    def figure(self, name: str) -> float | None:
        """A history figure of `rosterkit.scoring.HISTORY_FIGURES` for this area."""
        if name == "incidents_down_pct":
            return down_pct(self.incidents, self.incidents_before)
        if name == "cases_down_pct":
            return down_pct(self.cases, self.cases_before)
        if name == "incidents_cases_down_pct":
            both = (
                None
                if self.incidents_before is None or self.cases_before is None
                else self.incidents_before + self.cases_before
            )
            return down_pct(self.incidents + self.cases, both)
        raise ValueError(f"unknown history figure {name!r}")


def _shift(month: Month, months: int) -> Month:
    index = month.year * 12 + month.month - 1 + months
    return Month(index // 12, index % 12 + 1)


def baseline_months(month: Month, baseline: Baseline) -> list[Month]:
    """The months the baseline is taken from: the same month last year, or the three before."""
    if baseline is Baseline.last_year:
        return [_shift(month, -12)]
    return [_shift(month, -3), _shift(month, -2), _shift(month, -1)]


def baseline_text(month: Month, baseline: Baseline, lang: str) -> str:
    """'去年同月 2025-12' / 'mean of 2026-09 to 2026-11', for headings."""
    months = baseline_months(month, baseline)
    if baseline is Baseline.last_year:
        return f"去年同月 {months[0]}" if lang == "zh" else f"same month last year, {months[0]}"
    if lang == "zh":
        return f"前三月均值 {months[0]}~{months[-1]}"
    return f"mean of {months[0]} to {months[-1]}"


# --- reading ---------------------------------------------------------------------------------


class _Reader:
    """Turns raw rows into `AreaFigures`, collecting every problem with its place."""

    def __init__(self, station: Station, month: Month) -> None:
        self.month = month
        self.communities: dict[str, str] = {}
        for community in station.communities:
            for key in (community.id, community.name, community.name_en):
                self.communities.setdefault(key.strip().lower(), community.id)
        self.grids: dict[str, tuple[str, str]] = {}
        for grid in station.grids:
            for key in (grid.id, grid.name):
                self.grids.setdefault(key.strip().lower(), (grid.id, grid.community))
        self.problems: list[str] = []
        self.rows: list[AreaFigures] = []
        self.seen: dict[tuple[str, str, str | None], str] = {}

    def add(self, values: Mapping[str, Any], where: Mapping[str, str], row: str) -> None:
        from rosterkit.excel.sources import text, whole_number

        period_text = text(values.get("period"))
        community_text = text(values.get("community"))
        grid_text = text(values.get("grid"))
        problems = len(self.problems)
        period: Month | None = None
        for name in REQUIRED:
            if text(values.get(name)) == "":
                self.problems.append(f"{where[name]}: empty; every row needs its {name}")
        if period_text:
            try:
                period = Month.parse(period_text[:20])
            except MonthError:
                self.problems.append(
                    f"{where['period']}: '{period_text[:20]}' is not a month; write it as 2025-12"
                )
        if period is not None and period > self.month:
            self.problems.append(
                f"{where['period']}: {period} is after the appraised month {self.month}; "
                "remove the row"
            )
        community = self.communities.get(community_text.lower()) if community_text else None
        if community_text and community is None:
            known = ", ".join(sorted(set(self.communities.values())))
            self.problems.append(
                f"{where['community']}: unknown community '{community_text[:40]}' (known: {known})"
            )
        grid: str | None = None
        if grid_text:
            found = self.grids.get(grid_text.lower())
            if found is None:
                self.problems.append(f"{where['grid']}: unknown grid '{grid_text[:40]}'")
            elif community is not None and found[1] != community:
                self.problems.append(
                    f"{where['grid']}: grid '{grid_text[:40]}' is not a grid of community "
                    f"'{community}'"
                )
            else:
                grid = found[0]
        counts: dict[str, int] = {}
        for name in ("incidents", "cases"):
            if text(values.get(name)) == "":
                continue
            try:
                number = whole_number(values.get(name), where[name])
            except RosterInputError as error:
                self.problems.append(f"{where[name]}: {error.detail}")
                continue
            if number is not None and number < 0:
                self.problems.append(f"{where[name]}: {number} is below 0; give 0 or more")
            elif number is not None:
                counts[name] = number
        if len(self.problems) > problems or period is None or community is None:
            return
        key = (str(period), community, grid)
        if key in self.seen:
            self.problems.append(
                f"{row}: a second row for {period} {grid or community} (first at "
                f"{self.seen[key]}); keep one"
            )
            return
        self.seen[key] = row
        self.rows.append(
            AreaFigures(
                period=str(period),
                community=community,
                grid=grid,
                incidents=counts["incidents"],
                cases=counts["cases"],
            )
        )


def read_history(
    path: str | os.PathLike[str], station: Station, month: Month | str
) -> list[AreaFigures]:
    """Earlier figures from a .csv, .xlsx, .yaml, .toml or .json file, checked against the
    station and the appraised month; every bad row is reported at once with its file, row and
    column (or item and field)."""
    source = Path(path)
    reader = _Reader(station, Month.parse(month))
    suffix = source.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        from rosterkit.excel.sources import read_table

        table = read_table(source, FIELDS, REQUIRED, SHEETS)
        if len(table.rows) > MAX_ROWS:
            raise RosterInputError(
                f"more than {MAX_ROWS:,} rows; keep only the months compared", source=str(source)
            )
        for number, values in table.rows:
            reader.add(
                {name: table.value(values, name) for name in FIELDS},
                {name: table.where(number, name) for name in FIELDS},
                table.where(number),
            )
    elif suffix in (".yaml", ".yml", ".toml", ".json"):
        from rosterkit import io

        data = io._read_mapping(source)  # the safe reader of station files: size, depth, aliases
        items = data.get("history") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise RosterInputError(
                "expected a list of rows (period, community, grid, incidents, cases), or one "
                "under 'history:'",
                source=str(source),
            )
        if len(items) > MAX_ROWS:
            raise RosterInputError(
                f"more than {MAX_ROWS:,} rows; keep only the months compared", source=str(source)
            )
        for number, item in enumerate(items, start=1):
            row = f"{source}, item {number}"
            if not isinstance(item, dict):
                reader.problems.append(f"{row}: not a mapping of {', '.join(FIELDS)}")
                continue
            unknown = sorted(str(key) for key in item if key not in FIELDS)
            if unknown:
                reader.problems.append(
                    f"{row}: unknown field(s) {', '.join(unknown)[:80]}; use {', '.join(FIELDS)}"
                )
                continue
            reader.add(item, {name: f"{row}, {name}" for name in FIELDS}, row)
    else:
        raise RosterInputError(
            f"unknown file type '{source.suffix or 'no suffix'}' for earlier figures; use .csv, "
            ".xlsx, .yaml, .toml or .json",
            source=str(source),
        )
    if reader.problems:
        shown = reader.problems[:_SHOWN]
        if len(reader.problems) > _SHOWN:
            shown.append(f"... and {len(reader.problems) - _SHOWN} more")
        listed = "\n".join(f"  {problem}" for problem in shown)
        raise RosterInputError(
            f"earlier figures that cannot be used; fix these:\n{listed}", source=str(source)
        )
    log.info("%s: %d rows of earlier figures", source, len(reader.rows))
    return reader.rows


# --- the change --------------------------------------------------------------------------------

Counts = dict[str, tuple[int, int]]
"""Area id (grid or community) -> (incidents, cases) of one month."""


def _month_counts(rows: Iterable[AreaFigures], station: Station) -> dict[str, Counts]:
    """Per period: each grid's figures as given; each community's own row, else the sum of its
    grids when every grid has a row."""
    by_period: dict[str, Counts] = {}
    given: dict[str, set[str]] = {}
    for row in rows:
        counts = by_period.setdefault(row.period, {})
        counts[row.grid or row.community] = (row.incidents, row.cases)
        if row.grid is None:
            given.setdefault(row.period, set()).add(row.community)
    for period, counts in by_period.items():
        for community in station.communities:
            if community.id in given.get(period, set()):
                continue
            grids = [g.id for g in station.grids if g.community == community.id]
            if grids and all(g in counts for g in grids):
                counts[community.id] = (
                    sum(counts[g][0] for g in grids),
                    sum(counts[g][1] for g in grids),
                )
    return by_period


def dispatch_counts(result: DispatchResult) -> Counts:
    """The month's incidents and cases per community and grid, from a dispatch result (a case
    counts where its incident happened)."""
    places = {r.incident_id: (r.community, r.grid) for r in result.responses}
    incidents = result.area_incidents()
    cases: dict[str, int] = {}
    for case in result.cases:
        community, grid = places.get(case.incident_id, (None, None))
        for area in (community, grid):
            if area is not None:
                cases[area] = cases.get(area, 0) + 1
    return {area: (incidents.get(area, 0), cases.get(area, 0)) for area in incidents | cases}


def area_changes(
    station: Station,
    month: Month | str,
    history: Sequence[AreaFigures],
    baseline: Baseline,
    dispatch: DispatchResult | None = None,
) -> dict[str, AreaChange]:
    """Each community's and grid's month against its baseline (see the module's formulas).

    The month's own figures are the history's rows of `month` when it has any, else `dispatch`'s
    counts (an area with no incident counts 0); with neither, a `RosterInputError`.
    """
    period = Month.parse(month)
    by_period = _month_counts(history, station)
    if str(period) in by_period:
        current = by_period[str(period)]
        own_rows = True
    elif dispatch is not None:
        current = dispatch_counts(dispatch)
        own_rows = False
    else:
        raise RosterInputError(
            f"the earlier figures hold no row of {period} and no dispatch result was given, so "
            f"the month's own incidents and cases are unknown; give the month's dispatch result "
            f"or add rows of {period}",
            source="earlier figures",
        )
    months = [str(m) for m in baseline_months(period, baseline)]
    areas = [c.id for c in station.communities] + [g.id for g in station.grids]
    changes: dict[str, AreaChange] = {}
    for area in areas:
        if own_rows and area not in current:
            continue  # the station's own figures skip this area: nothing to compare
        now = current.get(area, (0, 0))
        before = [by_period.get(m, {}).get(area) for m in months]
        known = [b for b in before if b is not None]
        full = len(known) == len(months)
        changes[area] = AreaChange(
            area=area,
            incidents=now[0],
            cases=now[1],
            incidents_before=sum(b[0] for b in known) / len(months) if full else None,
            cases_before=sum(b[1] for b in known) / len(months) if full else None,
        )
    return changes
