"""What the appraisal workbook holds: one row per officer, with his two appraisers and the values
rosterkit knows (roster figures from `rosterkit.figures`, dispatch figures from a
`rosterkit.dispatch.DispatchResult`, and the change of his area against earlier figures,
`rosterkit.appraise.history`).

The whole of it travels inside the workbook (on a very hidden sheet), so that
`rosterkit appraise score` needs no other file and never trusts the visible cells for anything
but the appraisers' entries.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from rosterkit.appraisal import appraisers
from rosterkit.appraise.history import AreaChange, AreaFigures, area_changes
from rosterkit.dispatch.result import DispatchResult
from rosterkit.errors import RosterInputError
from rosterkit.figures import Figures, officer_figures
from rosterkit.roster import Roster
from rosterkit.scoring import AppraisalScheme, Indicator, IndicatorSource
from rosterkit.station import Station


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SheetRow(_Model):
    """One officer's row. `values` holds every indicator value rosterkit filled in, by indicator
    id; an indicator missing from it is entered in the workbook by the side's appraiser."""

    officer_id: str
    name: str
    team: str
    team_name: str
    team_name_en: str
    group: int | None
    long_line: str | None
    short_line: str | None
    values: dict[str, float]
    area: str | None = None
    area_incidents: int | None = None
    history: AreaChange | None = None
    """His area's month against its baseline, when earlier figures were given."""

    @property
    def same_person(self) -> bool:
        """One person is both of the officer's appraisers."""
        return self.long_line is not None and self.long_line == self.short_line

    def appraiser(self, side: str) -> str | None:
        return self.long_line if side == "long_line" else self.short_line


class AppraisalSheet(_Model):
    """The month's appraisal as rosterkit prepared it."""

    station_id: str
    station_name: str
    station_name_en: str
    month: str
    scheme: AppraisalScheme
    long_share: int
    short_share: int
    with_dispatch: bool
    with_history: bool = False
    """Earlier figures were given: the long line shows each area's change beside the marks."""
    names: dict[str, str]
    """Appraisers' names by id."""
    rows: list[SheetRow]

    def side(self, side: str) -> list[Indicator]:
        return self.scheme.long_line if side == "long_line" else self.scheme.short_line


SIDES = ("long_line", "short_line")


def _roster_value(figures: Figures | None, figure: str) -> float:
    if figures is None:
        return 0.0
    if figure == "duty_days":
        return float(figures.main_days + figures.deputy_days + figures.shift_days)
    return float(getattr(figures, figure))


def appraisal_sheet(
    station: Station,
    roster: Roster,
    dispatch: DispatchResult | None = None,
    history: Sequence[AreaFigures] | None = None,
) -> AppraisalSheet:
    """The appraisal rows of the roster's month: every officer the roster holds, his two
    appraisers (`rosterkit.appraisal.appraisers`), and the values of the station's scheme that
    come from the roster and, when given, from the month's dispatch result and from earlier
    figures (`rosterkit.appraise.history.read_history`), compared as the scheme's `baseline`
    says."""
    if roster.station_id != station.id:
        raise RosterInputError(
            f"the roster is of station '{roster.station_id}', not '{station.id}'", source="roster"
        )
    if dispatch is not None and (dispatch.station_id, dispatch.month) != (station.id, roster.month):
        raise RosterInputError(
            f"the dispatch result is of {dispatch.station_id} {dispatch.month}, not of "
            f"{station.id} {roster.month}; dispatch the month's incidents with this roster",
            source="dispatch result",
        )
    scheme = station.appraisal_scheme
    figures = officer_figures(station, roster)
    lines = {line.officer_id: line for line in appraisers(station, roster.groups)}
    area_counts = dispatch.area_incidents() if dispatch is not None else {}
    changes = (
        area_changes(station, roster.month, history, scheme.baseline, dispatch)
        if history is not None
        else {}
    )
    rows: list[SheetRow] = []
    names: dict[str, str] = {}
    for officer in station.officers:
        if officer.id not in roster.cells:
            continue
        line = lines[officer.id]
        for appraiser in (line.long_line, line.short_line):
            if appraiser is not None:
                names[appraiser] = station.officer(appraiser).name
        load = dispatch.loads.get(officer.id) if dispatch is not None else None
        area = officer.grid or station.officer_community(officer)
        values: dict[str, float] = {}
        for indicator in scheme.indicators():
            if indicator.source is IndicatorSource.roster and indicator.figure is not None:
                values[indicator.id] = _roster_value(figures.get(officer.id), indicator.figure)
            elif indicator.source is IndicatorSource.dispatch and dispatch is not None:
                if indicator.figure == "incidents_handled":
                    values[indicator.id] = float(load.incidents if load else 0)
                elif indicator.figure == "cases_handled":
                    values[indicator.id] = float(load.cases if load else 0)
                else:
                    values[indicator.id] = float(area_counts.get(area, 0) if area else 0)
            elif indicator.source is IndicatorSource.history and indicator.figure is not None:
                change = changes.get(area) if area else None
                figure = change.figure(indicator.figure) if change is not None else None
                if figure is not None:  # else the appraiser enters it, as for a missing source
                    values[indicator.id] = figure
        team = station.team(officer.team)
        rows.append(
            SheetRow(
                officer_id=officer.id,
                name=officer.name,
                team=team.id,
                team_name=team.name,
                team_name_en=team.name_en,
                group=roster.groups.get(officer.id),
                long_line=line.long_line,
                short_line=line.short_line,
                values=values,
                area=area,
                area_incidents=area_counts.get(area, 0) if area and dispatch is not None else None,
                history=changes.get(area) if area else None,
            )
        )
    return AppraisalSheet(
        station_id=station.id,
        station_name=station.name,
        station_name_en=station.name_en,
        month=roster.month,
        scheme=scheme,
        long_share=station.appraisal.long_line,
        short_share=station.appraisal.short_line,
        with_dispatch=dispatch is not None,
        with_history=history is not None,
        names=dict(sorted(names.items())),
        rows=rows,
    )
