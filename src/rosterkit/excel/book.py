"""What every sheet writer needs: the inputs, the language, and lookups built once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from openpyxl.worksheet.worksheet import Worksheet

from rosterkit.appraisal import AppraisalLine, appraisers
from rosterkit.calendar import Month
from rosterkit.duties import Slot, slots
from rosterkit.excel.labels import WEEKDAYS, CellLabels, Lang, word
from rosterkit.excel.layout import PageStyle, print_setup
from rosterkit.figures import Figures, officer_figures
from rosterkit.holiday_calendar import month_calendar
from rosterkit.leave import Leave
from rosterkit.result import Result
from rosterkit.roster import Roster
from rosterkit.station import Officer, Station, Team, TeamKind


@dataclass
class Book:
    """One workbook in the making: a station, a solved (or hand-made) roster, leave, language."""

    station: Station
    result: Result
    roster: Roster
    leave: list[Leave] | None
    """The leave list the roster answers; None takes its 'leave' cells as the record."""
    lang: Lang
    labels: CellLabels = field(init=False)

    def __post_init__(self) -> None:
        self.labels = CellLabels(self.station, self.lang)
        self.month = Month.parse(self.roster.month)
        self.days = self.month.days
        self.calendar = month_calendar(self.station, self.month)
        self.officers = {officer.id: officer for officer in self.station.officers}
        self.teams = {team.id: team for team in self.station.teams}
        self.slots: list[Slot] = slots(self.station)

    def w(self, key: str) -> str:
        """A sheet word in the workbook's language."""
        return word(key, self.lang)

    @property
    def zh(self) -> bool:
        return self.lang == "zh"

    def title(self, key: str) -> str:
        """'前门派出所 2026年12月 勤务排班表', or in English 'Qianmen Police Station, December
        2026: duty roster'."""
        if self.zh:
            return f"{self.station.name} {self.month.year}年{self.month.month}月 {self.w(key)}"
        month = self.month.first.strftime("%B %Y")
        return f"{self.station.name_en}, {month}: {self.w(key)}"

    def page(self, ws: Worksheet, title_key: str, style: PageStyle) -> None:
        """Print `ws` as `style` says, headed by the title of `title_key` (station, month, sheet)
        and footed with page numbers."""
        print_setup(ws, style, header=self.title(title_key), footer=self.w("page"))

    def name(self, officer_id: str | None) -> str:
        if officer_id is None:
            return ""
        officer = self.officers.get(officer_id)
        return officer.name if officer else officer_id

    def name_and_id(self, officer_id: str | None) -> str:
        """'孙伟(P012)': names repeat in a station, ids do not."""
        if officer_id is None:
            return ""
        return f"{self.name(officer_id)}({officer_id})"

    def team_name(self, team: Team | str) -> str:
        if isinstance(team, str):
            team = self.teams[team]
        return team.name if self.zh else team.name_en

    def community_name(self, community_id: str | None) -> str:
        if community_id is None:
            return ""
        community = self.station.community(community_id)
        return community.name if self.zh else community.name_en

    def slot_name(self, slot: Slot) -> str:
        name = slot.post.name if self.zh else slot.post.name_en
        if slot.community is not None:
            name += " " + self.community_name(slot.community)
        return name

    def weekday(self, day: dt.date) -> str:
        return WEEKDAYS[self.lang][day.weekday()]

    def is_weekend(self, day: dt.date) -> bool:
        return self.calendar.is_weekend(day)

    def is_holiday(self, day: dt.date) -> bool:
        return self.calendar.is_holiday(day)

    def is_rest_day(self, day: dt.date) -> bool:
        return self.calendar.is_rest_day(day)

    @cached_property
    def figures(self) -> dict[str, Figures]:
        return officer_figures(self.station, self.roster)

    @cached_property
    def appraisal(self) -> dict[str, AppraisalLine]:
        return {line.officer_id: line for line in appraisers(self.station, self.roster.groups)}

    def ordered_officers(self) -> list[tuple[Team, list[Officer]]]:
        """Officers by team (station order), inside a team by duty group, then station order."""
        result = []
        for team in self.station.teams:
            members = [o for o in self.station.officers if o.team == team.id]
            if not members:
                continue
            position = {o.id: i for i, o in enumerate(members)}
            members.sort(key=lambda o: (self.group_of(o) or 99, position[o.id]))
            result.append((team, members))
        return result

    def group_of(self, officer: Officer) -> int | None:
        return self.roster.groups.get(officer.id)

    def grouped_teams(self) -> list[Team]:
        """Teams whose officers belong to duty groups (all but the leadership)."""
        return [team for team in self.station.teams if team.kind is not TeamKind.leadership]
