"""The appraisal scheme (主防 responsibility, 条块结合) and the arithmetic of a score.

An officer's score has two sides: the long line (长线), appraised by his team's leader on his
primary-prevention work, and the short line (短线), appraised by the commander of his duty
group on his duty work. The station's `appraisal` weights share the two sides (50/50 by
default); this module holds what each side is made of, and is plain data that the station file
carries (`Station.appraisal_scheme`), so it imports nothing of the station.

Each side is a list of indicators, each with a weight (its percent of the side), a source (a
roster figure, a figure of the month's dispatch result, a change against the earlier figures of
the officer's grid or community, or a mark the appraiser gives) and a linear scoring rule::

    score = 100 * min(1, max(0, (value - floor) / (target - floor)))

so a value at the floor scores 0 and one at the target 100, capped at both ends; a floor above
the target means "fewer is better". A side's score is ``sum(weight * score) / 100`` and the
total ``(long * long_share + short * short_share) / 100``. The appraisal workbook writes the
same three formulas into its cells, and `rosterkit.appraise` recomputes them without trusting
the workbook.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCORE_DIGITS = 2
"""Scores are shown and ranked rounded to two decimals; they are computed unrounded."""
MAX_INDICATORS = 20
"""Most indicators on one side: a workbook row stays readable."""
LIMIT = 1_000_000.0
"""Largest floor, target or mark, in absolute value."""


class IndicatorSource(StrEnum):
    """Where an indicator's value comes from."""

    roster = "roster"
    """A figure of the month's roster (`rosterkit.figures`), filled in by rosterkit."""
    dispatch = "dispatch"
    """A figure of the month's dispatch result (`rosterkit.dispatch`), filled in by rosterkit."""
    history = "history"
    """A change of the officer's grid or community against earlier months
    (`rosterkit.appraise.history`), filled in by rosterkit when earlier figures are given."""
    marked = "marked"
    """A mark the side's appraiser writes into the workbook."""


class Baseline(StrEnum):
    """What this month's incidents and cases are compared with (压降警情发案)."""

    last_year = "last_year"
    """The same month of last year."""
    last_three_months = "last_three_months"
    """The mean of the three months before."""


ROSTER_FIGURES: tuple[str, ...] = (
    "duty_days",
    "main_days",
    "deputy_days",
    "shift_days",
    "rest_days",
    "leave_days",
    "hours",
    "community_days",
    "car_duties",
    "call_ins",
    "weekend_duties",
    "holiday_duties",
)
"""Roster figures an indicator may use: those of `rosterkit.figures.Figures`, and `duty_days`,
their main, deputy and shift days together."""
DISPATCH_FIGURES: tuple[str, ...] = ("incidents_handled", "cases_handled", "area_incidents")
"""Dispatch figures an indicator may use: incidents the officer responded to, cases he was
given, and incidents in his area (his grid if he has one, else his team's community)."""

HISTORY_FIGURES: tuple[str, ...] = (
    "incidents_down_pct",
    "cases_down_pct",
    "incidents_cases_down_pct",
)
"""History figures an indicator may use: how far, in percent of the baseline, the incidents, the
cases, or both together went down in the officer's area (his grid if he has one, else his
team's community); negative when they went up::

    down_pct = (baseline - this_month) / baseline * 100

No figure (the appraiser enters it) where the baseline is 0 or unknown."""

_CODE = r"^[a-z][a-z0-9_]{0,31}$"
Bound = Annotated[float, Field(ge=-LIMIT, le=LIMIT, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    """One measured item of a side, scored linearly between `floor` and `target`.

    For a marked indicator the marks allowed run from the lower to the higher of `floor` and
    `target` (0 to 100 by default).
    """

    id: str = Field(pattern=_CODE, description="Lowercase id, e.g. 'call_ins'.")
    name: str = Field(min_length=1, max_length=40, description="Chinese label for the workbook.")
    name_en: str = Field(min_length=1, max_length=60, description="English label.")
    weight: int = Field(ge=0, le=100, description="Percent of its side (0 to 100).")
    source: IndicatorSource
    figure: str | None = Field(
        default=None,
        description="Roster or dispatch figure the value is (not for marked indicators).",
    )
    floor: Bound = Field(default=0.0, description="Value that scores 0.")
    target: Bound = Field(default=100.0, description="Value that scores 100.")

    @model_validator(mode="after")
    def _figure_fits_source(self) -> Self:
        known = {
            IndicatorSource.roster: ROSTER_FIGURES,
            IndicatorSource.dispatch: DISPATCH_FIGURES,
            IndicatorSource.history: HISTORY_FIGURES,
        }.get(self.source)
        if known is None and self.figure is not None:
            raise ValueError(f"indicator '{self.id}': a marked indicator names no figure")
        if known is not None and self.figure not in known:
            raise ValueError(
                f"indicator '{self.id}': {self.source.value} figure {self.figure!r} unknown; "
                f"use one of {', '.join(known)}"
            )
        if self.floor == self.target:
            raise ValueError(f"indicator '{self.id}': floor and target must differ")
        return self

    @property
    def lowest(self) -> float:
        return min(self.floor, self.target)

    @property
    def highest(self) -> float:
        return max(self.floor, self.target)


def _default_long_line() -> list[Indicator]:
    # domain.md rule 18: the three 主防 items, a third each (34/33/33 in whole percents).
    return [
        Indicator(
            id="incidents_down",
            name="压降警情发案",
            name_en="Incidents and cases down",
            weight=34,
            source=IndicatorSource.marked,
        ),
        Indicator(
            id="disputes_resolved",
            name="化解矛盾纠纷",
            name_en="Disputes resolved",
            weight=33,
            source=IndicatorSource.marked,
        ),
        Indicator(
            id="risks_controlled",
            name="稳控风险隐患",
            name_en="Risks controlled",
            weight=33,
            source=IndicatorSource.marked,
        ),
    ]


def _default_short_line() -> list[Indicator]:
    # domain.md rule 18: duty days, call-ins covered, incidents handled, marks; a quarter each.
    # Targets: a rotating officer holds about 20 duty days in a month of the 3-day cycle; two
    # call-ins are a full share of covering for others; 20 incidents a month is a busy car crew.
    return [
        Indicator(
            id="duty_days",
            name="值班天数",
            name_en="Duty days",
            weight=25,
            source=IndicatorSource.roster,
            figure="duty_days",
            floor=0,
            target=20,
        ),
        Indicator(
            id="call_ins",
            name="替班补位",
            name_en="Call-ins covered",
            weight=25,
            source=IndicatorSource.roster,
            figure="call_ins",
            floor=0,
            target=2,
        ),
        Indicator(
            id="incidents_handled",
            name="接处警情",
            name_en="Incidents handled",
            weight=25,
            source=IndicatorSource.dispatch,
            figure="incidents_handled",
            floor=0,
            target=20,
        ),
        Indicator(
            id="commander_marks",
            name="值班表现",
            name_en="Duty commander's marks",
            weight=25,
            source=IndicatorSource.marked,
        ),
    ]


class AppraisalScheme(_Strict):
    """What each side of the appraisal is made of, and who is commended.

    The shares of the two sides are the station's `appraisal` weights (50/50 by default).
    """

    long_line: list[Indicator] = Field(
        default_factory=_default_long_line,
        max_length=MAX_INDICATORS,
        description="Long line (长线, the team leader's side): indicators whose weights sum to "
        "100.",
    )
    short_line: list[Indicator] = Field(
        default_factory=_default_short_line,
        max_length=MAX_INDICATORS,
        description="Short line (短线, the duty commander's side): indicators whose weights sum "
        "to 100.",
    )
    baseline: Baseline = Field(
        default=Baseline.last_year,
        description="What the month's incidents and cases are compared with, per community and "
        "grid: 'last_year' (the same month last year) or 'last_three_months' (their mean).",
    )
    commend_at: float = Field(
        default=90.0,
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Least total score for the commendation list (0 to 100).",
    )
    commend_places: int = Field(
        default=3,
        ge=0,
        le=1_000,
        description="Most officers on the commendation list, best first (0 to 1,000).",
    )

    @model_validator(mode="after")
    def _sides_add_up(self) -> Self:
        for side, indicators in (("long_line", self.long_line), ("short_line", self.short_line)):
            if not indicators:
                raise ValueError(f"appraisal_scheme.{side} needs at least one indicator")
            total = sum(indicator.weight for indicator in indicators)
            if total != 100:
                raise ValueError(f"appraisal_scheme.{side}: weights sum to {total}, not 100")
        ids = [indicator.id for indicator in [*self.long_line, *self.short_line]]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"appraisal_scheme: indicator id(s) {', '.join(twice)} used twice")
        return self

    def indicators(self) -> list[Indicator]:
        """Both sides' indicators, long line first."""
        return [*self.long_line, *self.short_line]


def indicator_score(indicator: Indicator, value: float) -> float:
    """0 to 100: `value` placed linearly between the indicator's floor and target, capped."""
    fraction = (value - indicator.floor) / (indicator.target - indicator.floor)
    return max(0.0, min(1.0, fraction)) * 100


def side_score(indicators: Sequence[Indicator], values: Mapping[str, float]) -> float:
    """A side's score: its indicators' scores weighted by their percents (0 to 100)."""
    weighted = 0.0
    for indicator in indicators:
        weighted += indicator_score(indicator, values[indicator.id]) * indicator.weight
    return weighted / 100


def total_score(long_line: float, short_line: float, long_share: int, short_share: int) -> float:
    """The weighted total of the two sides: ``(long * long_share + short * short_share) / 100``."""
    return (long_line * long_share + short_line * short_share) / 100


def shown(score: float) -> float:
    """A score as shown and ranked: rounded to `SCORE_DIGITS` decimals."""
    rounded = round(score, SCORE_DIGITS)
    return 0.0 if rounded == 0 or math.isnan(rounded) else rounded
